/* cli.h - command-line options (cli.c) and message printing (msgs).
 *
 * cli.c owns the option table, --help and --version; main.c runs the
 * pipeline.  All printing to stderr goes through prep_msg_* so that the
 * message shape and --quiet behave the same everywhere.
 */
#ifndef PREPGEN_CLI_H
#define PREPGEN_CLI_H

#include <stddef.h>

struct prep_diag;

enum prep_action {
  PREP_ACT_PACK,      /* default: CV -> PDF pack */
  PREP_ACT_DUMP,      /* --dump=STAGE */
  PREP_ACT_FACTS,     /* --facts: JSON Resume */
  PREP_ACT_PLAN,      /* --plan: plan JSON */
  PREP_ACT_LIST_ROLES,
  PREP_ACT_CHECK_BANK,
  PREP_ACT_HELP,
  PREP_ACT_VERSION
};

enum prep_dump_stage { PREP_DUMP_DOC, PREP_DUMP_FACTS, PREP_DUMP_PLAN,
                       PREP_DUMP_LAYOUT };

struct prep_opts {
  enum prep_action action;
  enum prep_dump_stage dump;
  const char *output;      /* -o */
  const char *format;      /* --format pdf|md|txt or NULL (from -o) */
  const char *data_dir;    /* --data-dir, PREPGEN_DATA or found */
  const char *as_of;       /* --as-of YYYY-MM */
  const char *role;        /* --role */
  const char *level;       /* --level */
  const char *job;         /* --job FILE */
  const char *company;     /* --company */
  const char *paper;       /* --paper a4|letter */
  const char **banks;      /* --bank FILE (repeatable) */
  size_t nbanks;
  int explain;             /* --explain */
  int quiet;               /* --quiet */
  int top;                 /* --top N (0 = default) */
  int days;                /* --days N */
  int jobs;                /* -j N (0 = number of CPUs) */
  const char *from;        /* --from LIST ("-" = stdin) */
  unsigned shard_k, shard_n; /* --shard K/N (0/0 = all) */
  int skip_existing;       /* --skip-existing */
  int cohort_report;       /* --cohort-report */
  int per_student;         /* --per-student */
  int input_format;        /* --input-format (enum prep_input_format;
                              0 = sniff the bytes) */
  int batch;               /* set by prep_cli_parse: cohort mode */
  int conflict;            /* two actions were asked for */
  char **inputs;           /* CV files (or the bank for --check-bank) */
  size_t ninputs;
};

/* Parses argv into *o.  Returns -1 to go on, or an exit code to stop with
 * (after printing help, version or a usage error). */
int prep_cli_parse(int argc, char **argv, struct prep_opts *o);

/* Releases what prep_cli_parse allocated. */
void prep_cli_free(struct prep_opts *o);

/* Prints every diagnostic as "prepgen: FILE[:WHERE]: [warning: ]MSG". */
void prep_msg_diag(const struct prep_diag *d, int quiet);

/* "prepgen: MSG" on stderr. */
void prep_msg_error(const char *fmt, ...) __attribute__((format(printf, 1, 2)));

/* The data directory: --data-dir, $PREPGEN_DATA, the source tree next to the
 * binary (<bin>/data), the install tree relative to the binary
 * (<bin>/../share/prepgen/data), or the compiled-in
 * $(PREFIX)/share/prepgen/data.  Returns a static or argv string. */
const char *prep_cli_data_dir(const struct prep_opts *o);

#endif
