/* cli.c - the option table, --help, --version and message printing.
 *
 * Options are rows in one table; --help is generated from it so the two
 * cannot drift (a test checks the man page against --help too).
 */
#include "prepgen/cli.h"

#include <getopt.h>
#include <limits.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <sys/stat.h>

#include "prepgen/arena.h"
#include "prepgen/batch.h"
#include "prepgen/diag.h"
#include "prepgen/read_more.h"

#ifndef PREPGEN_VERSION
#define PREPGEN_VERSION "0.1.0"
#endif
#ifndef PREPGEN_DATADIR
#define PREPGEN_DATADIR "/usr/local/share/prepgen/data"
#endif

enum {
  OPT_DUMP = 256, OPT_FACTS, OPT_DATA_DIR, OPT_AS_OF, OPT_EXPLAIN,
  OPT_LIST_ROLES, OPT_CHECK_BANK, OPT_BANK, OPT_ROLE, OPT_LEVEL, OPT_PLAN,
  OPT_JOB, OPT_TOP, OPT_COMPANY, OPT_PAPER, OPT_DAYS,
  OPT_FROM, OPT_SHARD, OPT_SKIP_EXISTING, OPT_COHORT_REPORT, OPT_PER_STUDENT,
  OPT_INPUT_FORMAT, OPT_FORMAT
};

struct opt_row {
  const char *name;
  int has_arg;
  int val;
  const char *arg;  /* shown in help */
  const char *help;
};

static const struct opt_row rows[] = {
  {"output", required_argument, 'o', "OUT",
   "write the pack to OUT (a .pdf file; '-' is stdout when not a terminal)"},
  {"format", required_argument, OPT_FORMAT, "FMT",
   "write the pack as pdf, md or txt (default: from OUT's extension, pdf)"},
  {"facts", no_argument, OPT_FACTS, NULL,
   "print what was understood from the CV as JSON Resume and stop"},
  {"plan", no_argument, OPT_PLAN, NULL,
   "print the ranked questions, evidence and STAR scaffolds as JSON"},
  {"dump", required_argument, OPT_DUMP, "STAGE",
   "print a model as stable text and stop: doc, facts, plan or layout"},
  {"explain", no_argument, OPT_EXPLAIN, NULL,
   "with --facts or --plan: also show the candidate lines and scores"},
  {"input-format", required_argument, OPT_INPUT_FORMAT, "FMT",
   "read CVs as docx, odt, html, md, text or json (default: sniffed)"},
  {"as-of", required_argument, OPT_AS_OF, "YYYY-MM",
   "treat YYYY-MM as \"now\" (default: the CV's last-modified date)"},
  {"role", required_argument, OPT_ROLE, "ROLE",
   "prepare for ROLE (an id or job title from --list-roles)"},
  {"level", required_argument, OPT_LEVEL, "LEVEL",
   "junior, mid, senior or staff (default: read from the CV)"},
  {"job", required_argument, OPT_JOB, "FILE",
   "a job posting (text or DOCX): its skills raise those topics"},
  {"company", required_argument, OPT_COMPANY, "NAME",
   "the company you are interviewing with (shown on the cover)"},
  {"paper", required_argument, OPT_PAPER, "SIZE",
   "a4 or letter (default: from LC_PAPER, else a4)"},
  {"days", required_argument, OPT_DAYS, "N",
   "days left before the interview, for the plan page (default 7)"},
  {"top", required_argument, OPT_TOP, "N",
   "keep only the N most likely primary questions"},
  {"bank", required_argument, OPT_BANK, "FILE",
   "add a question bank (repeatable); same ids replace bundled ones"},
  {"list-roles", no_argument, OPT_LIST_ROLES, NULL,
   "list the installed roles with their question counts"},
  {"check-bank", no_argument, OPT_CHECK_BANK, NULL,
   "validate the question bank files given instead of CVs"},
  {"data-dir", required_argument, OPT_DATA_DIR, "DIR",
   "read banks and taxonomy from DIR (also $PREPGEN_DATA)"},
  {"jobs", required_argument, 'j', "N",
   "batch: process N CVs at a time (default: the number of CPUs)"},
  {"from", required_argument, OPT_FROM, "LIST",
   "batch: also read CV paths from LIST, one a line ('-' = stdin)"},
  {"shard", required_argument, OPT_SHARD, "K/N",
   "batch: process only shard K of N (a stable split by path)"},
  {"skip-existing", no_argument, OPT_SKIP_EXISTING, NULL,
   "batch: skip CVs whose pack is newer than the CV and the data"},
  {"cohort-report", no_argument, OPT_COHORT_REPORT, NULL,
   "batch: also write OUTDIR/cohort.pdf and cohort.csv (aggregate only)"},
  {"per-student", no_argument, OPT_PER_STUDENT, NULL,
   "with --cohort-report: add cohort-students.csv (names and grades)"},
  {"quiet", no_argument, 'q', NULL, "print errors only, no warnings"},
  {"help", no_argument, 'h', NULL, "show this help and exit"},
  {"version", no_argument, 'V', NULL, "show the version and exit"},
};

#define NROWS (sizeof rows / sizeof rows[0])

static void print_help(FILE *f)
{
  fprintf(f,
          "Usage: prepgen [OPTIONS] CV... [-o OUT]\n"
          "Turn a CV (DOCX, ODT, HTML, Markdown, plain text or JSON Resume; "
          "'-' reads\nstandard input) into a printable interview prep "
          "pack, offline.\n\n"
          "Options:\n");
  for (size_t i = 0; i < NROWS; i++) {
    char left[64];
    const struct opt_row *r = &rows[i];
    if (r->val < 256)
      snprintf(left, sizeof left, "-%c, --%s%s%s", r->val, r->name,
               r->arg ? " " : "", r->arg ? r->arg : "");
    else
      snprintf(left, sizeof left, "    --%s%s%s", r->name,
               r->arg ? "=" : "", r->arg ? r->arg : "");
    fprintf(f, "  %-26s %s\n", left, r->help);
  }
  fprintf(f,
          "\nBatch: prepgen [OPTIONS] CV|FOLDER... -o DIR/ writes one pack per CV\n"
          "(folders: every .docx, .odt and .txt inside, symlinks not followed)\n"
          "and "
          "DIR/prepgen-report.csv.  Ctrl-C keeps finished packs and exits 130.\n"
          "\nExit status:\n"
          "  0  success\n"
          "  1  a CV could not be processed (in a batch: at least one)\n"
          "  2  usage error\n"
          "  3  missing or bad data file, or unwritable output\n"
          "\nExamples:\n"
          "  prepgen --facts cv.docx            what it understood, as JSON\n"
          "  prepgen --plan --job post.txt cv.docx\n"
          "  prepgen --list-roles\n"
          "  prepgen --check-bank my-bank.xml\n");
}

static void usage_error(const char *fmt, ...)
{
  va_list ap;
  fprintf(stderr, "prepgen: ");
  va_start(ap, fmt);
  vfprintf(stderr, fmt, ap);
  va_end(ap);
  fprintf(stderr, "\nTry 'prepgen --help' for more information.\n");
}

static void set_action(struct prep_opts *o, enum prep_action a)
{
  if (o->action != PREP_ACT_PACK && o->action != a &&
      o->action != PREP_ACT_HELP && o->action != PREP_ACT_VERSION)
    o->conflict = 1;
  if (o->action != PREP_ACT_HELP && o->action != PREP_ACT_VERSION)
    o->action = a;
}

/* "YYYY-MM" with a plausible year and a real month. */
static int valid_as_of(const char *s)
{
  if (strlen(s) != 7 || s[4] != '-')
    return 0;
  for (int i = 0; i < 7; i++)
    if (i != 4 && (s[i] < '0' || s[i] > '9'))
      return 0;
  int y = atoi(s), m = atoi(s + 5);
  return y >= 1900 && y <= 2199 && m >= 1 && m <= 12;
}

int prep_cli_parse(int argc, char **argv, struct prep_opts *o)
{
  memset(o, 0, sizeof *o);
  o->action = PREP_ACT_PACK;
  struct option longopts[NROWS + 1];
  char shortopts[64];
  size_t ns = 0;
  for (size_t i = 0; i < NROWS; i++) {
    longopts[i].name = rows[i].name;
    longopts[i].has_arg = rows[i].has_arg;
    longopts[i].flag = NULL;
    longopts[i].val = rows[i].val;
    if (rows[i].val < 256) {
      shortopts[ns++] = (char)rows[i].val;
      if (rows[i].has_arg == required_argument)
        shortopts[ns++] = ':';
    }
  }
  memset(&longopts[NROWS], 0, sizeof longopts[NROWS]);
  shortopts[ns] = '\0';
  opterr = 0;
  int c;
  while ((c = getopt_long(argc, argv, shortopts, longopts, NULL)) != -1) {
    switch (c) {
    case 'o': o->output = optarg; break;
    case 'q': o->quiet = 1; break;
    case 'j': {
      char *end;
      long v = strtol(optarg, &end, 10);
      if (*end || v < 1 || v > 256) {
        usage_error("-j needs a number from 1 to 256, not '%s'", optarg);
        return PREP_EXIT_USAGE;
      }
      o->jobs = (int)v;
      break;
    }
    case OPT_FROM: o->from = optarg; break;
    case OPT_SHARD:
      if (prep_batch_parse_shard(optarg, &o->shard_k, &o->shard_n) != 0) {
        usage_error("--shard needs K/N with 1 <= K <= N, not '%s'", optarg);
        return PREP_EXIT_USAGE;
      }
      break;
    case OPT_SKIP_EXISTING: o->skip_existing = 1; break;
    case OPT_COHORT_REPORT: o->cohort_report = 1; break;
    case OPT_PER_STUDENT: o->per_student = 1; break;
    case OPT_FORMAT:
      if (strcmp(optarg, "pdf") && strcmp(optarg, "md") &&
          strcmp(optarg, "txt")) {
        usage_error("--format must be pdf, md or txt, not '%s'", optarg);
        return PREP_EXIT_USAGE;
      }
      o->format = optarg;
      break;
    case OPT_INPUT_FORMAT: {
      int f = prep_input_format_from_name(optarg);
      if (f < 0) {
        usage_error("--input-format must be docx, odt, html, md, text or "
                    "json, not '%s'", optarg);
        return PREP_EXIT_USAGE;
      }
      o->input_format = f;
      break;
    }
    case 'h': o->action = PREP_ACT_HELP; break;
    case 'V': if (o->action != PREP_ACT_HELP) o->action = PREP_ACT_VERSION;
      break;
    case OPT_DATA_DIR: o->data_dir = optarg; break;
    case OPT_FACTS: set_action(o, PREP_ACT_FACTS); break;
    case OPT_PLAN: set_action(o, PREP_ACT_PLAN); break;
    case OPT_LIST_ROLES: set_action(o, PREP_ACT_LIST_ROLES); break;
    case OPT_CHECK_BANK: set_action(o, PREP_ACT_CHECK_BANK); break;
    case OPT_EXPLAIN: o->explain = 1; break;
    case OPT_ROLE: o->role = optarg; break;
    case OPT_LEVEL:
      if (strcmp(optarg, "junior") && strcmp(optarg, "mid") &&
          strcmp(optarg, "senior") && strcmp(optarg, "staff")) {
        usage_error("--level must be junior, mid, senior or staff, not '%s'",
                    optarg);
        return PREP_EXIT_USAGE;
      }
      o->level = optarg;
      break;
    case OPT_JOB: o->job = optarg; break;
    case OPT_COMPANY: o->company = optarg; break;
    case OPT_PAPER:
      if (strcmp(optarg, "a4") && strcmp(optarg, "letter")) {
        usage_error("--paper must be a4 or letter, not '%s'", optarg);
        return PREP_EXIT_USAGE;
      }
      o->paper = optarg;
      break;
    case OPT_DAYS: {
      char *end;
      long v = strtol(optarg, &end, 10);
      if (*end || v < 1 || v > 60) {
        usage_error("--days needs a number from 1 to 60, not '%s'", optarg);
        return PREP_EXIT_USAGE;
      }
      o->days = (int)v;
      break;
    }
    case OPT_TOP: {
      char *end;
      long v = strtol(optarg, &end, 10);
      if (*end || v < 1 || v > 1000) {
        usage_error("--top needs a number from 1 to 1000, not '%s'", optarg);
        return PREP_EXIT_USAGE;
      }
      o->top = (int)v;
      break;
    }
    case OPT_AS_OF:
      if (!valid_as_of(optarg)) {
        usage_error("--as-of needs YYYY-MM (for example 2026-10), not '%s'",
                    optarg);
        return PREP_EXIT_USAGE;
      }
      o->as_of = optarg;
      break;
    case OPT_BANK:
      o->banks = prep_xrealloc(o->banks, (o->nbanks + 1) * sizeof *o->banks);
      o->banks[o->nbanks++] = optarg;
      break;
    case OPT_DUMP:
      set_action(o, PREP_ACT_DUMP);
      if (strcmp(optarg, "doc") == 0)
        o->dump = PREP_DUMP_DOC;
      else if (strcmp(optarg, "facts") == 0)
        o->dump = PREP_DUMP_FACTS;
      else if (strcmp(optarg, "plan") == 0)
        o->dump = PREP_DUMP_PLAN;
      else if (strcmp(optarg, "layout") == 0)
        o->dump = PREP_DUMP_LAYOUT;
      else {
        usage_error("unknown --dump stage '%s' (expected: doc, facts, plan "
                    "or layout)",
                    optarg);
        return PREP_EXIT_USAGE;
      }
      break;
    case ':':
      usage_error("option '%s' needs a value", argv[optind - 1]);
      return PREP_EXIT_USAGE;
    default:
      if (optopt && optopt < 256)
        usage_error("unknown option '-%c'", optopt);
      else
        usage_error("unknown option '%s'", argv[optind - 1]);
      return PREP_EXIT_USAGE;
    }
    if (o->conflict) {
      usage_error("choose one of --facts, --plan, --dump, --list-roles and "
                  "--check-bank");
      return PREP_EXIT_USAGE;
    }
  }
  if (o->action == PREP_ACT_HELP) {
    print_help(stdout);
    return PREP_EXIT_OK;
  }
  if (o->action == PREP_ACT_VERSION) {
    printf("prepgen %s\n", PREPGEN_VERSION);
    return PREP_EXIT_OK;
  }
  o->inputs = argv + optind;
  o->ninputs = (size_t)(argc - optind);
  if (o->action == PREP_ACT_LIST_ROLES) {
    if (o->ninputs) {
      usage_error("--list-roles takes no files");
      return PREP_EXIT_USAGE;
    }
    return -1;
  }
  /* Cohort mode: several CVs, a folder, a list, or -o naming a folder. */
  if (o->action == PREP_ACT_PACK) {
    struct stat st;
    size_t ol = o->output ? strlen(o->output) : 0;
    o->batch = o->ninputs > 1 || o->from || o->shard_n ||
               (ol && o->output[ol - 1] == '/') ||
               (o->output && stat(o->output, &st) == 0 &&
                S_ISDIR(st.st_mode));
    for (size_t i = 0; !o->batch && i < o->ninputs; i++)
      o->batch = stat(o->inputs[i], &st) == 0 && S_ISDIR(st.st_mode);
  }
  size_t nstdin = 0;
  for (size_t i = 0; i < o->ninputs; i++)
    nstdin += strcmp(o->inputs[i], "-") == 0;
  if (nstdin && (o->batch || nstdin > 1)) {
    usage_error("'-' (standard input) is one CV, not part of a batch");
    return PREP_EXIT_USAGE;
  }
  if (o->batch && !o->output) {
    usage_error("a batch needs an output folder: add -o DIR/");
    return PREP_EXIT_USAGE;
  }
  if (!o->batch && (o->from || o->shard_n || o->skip_existing ||
                    o->cohort_report || o->per_student)) {
    usage_error("--from, --shard, --skip-existing and --cohort-report are "
                "for packs of several CVs (-o DIR/)");
    return PREP_EXIT_USAGE;
  }
  if (o->per_student && !o->cohort_report) {
    usage_error("--per-student goes with --cohort-report");
    return PREP_EXIT_USAGE;
  }
  if (o->ninputs == 0 && !o->from) {
    usage_error(o->action == PREP_ACT_CHECK_BANK ? "no bank file given"
                                                 : "no CV given");
    return PREP_EXIT_USAGE;
  }
  if (o->action == PREP_ACT_PACK && !o->output) {
    usage_error("no output file: add -o OUT.pdf (or -o - for a pipe)");
    return PREP_EXIT_USAGE;
  }

  return -1;
}

void prep_cli_free(struct prep_opts *o)
{
  free(o->banks);
  o->banks = NULL;
}

/* File names come from users and directories: escape control characters so
 * a crafted name cannot drive the terminal. */
static void put_safe(FILE *f, const char *s)
{
  for (const unsigned char *p = (const unsigned char *)s; *p; p++) {
    if (*p < 0x20 || *p == 0x7F)
      fprintf(f, "\\x%02x", *p);
    else
      fputc(*p, f);
  }
}

void prep_msg_diag(const struct prep_diag *d, int quiet)
{
  for (size_t i = 0; i < d->count; i++) {
    const struct prep_diag_entry *e = &d->items[i];
    if (quiet && e->sev != PREP_SEV_ERROR)
      continue;
    fputs("prepgen: ", stderr);
    if (e->file) {
      put_safe(stderr, e->file);
      if (e->where) {
        /* "line 12" prints as FILE:12, the shape editors understand */
        const char *w = e->where;
        if (strncmp(w, "line ", 5) == 0)
          w += 5;
        fputc(':', stderr);
        put_safe(stderr, w);
      }
      fputs(": ", stderr);
    }
    if (e->sev == PREP_SEV_WARNING)
      fputs("warning: ", stderr);
    else if (e->sev == PREP_SEV_NOTE)
      fputs("note: ", stderr);
    put_safe(stderr, e->msg);
    fputc('\n', stderr);
  }
}

void prep_msg_error(const char *fmt, ...)
{
  va_list ap;
  fprintf(stderr, "prepgen: ");
  va_start(ap, fmt);
  vfprintf(stderr, fmt, ap);
  va_end(ap);
  fputc('\n', stderr);
}

const char *prep_cli_data_dir(const struct prep_opts *o)
{
  static char found[PATH_MAX + 64];
  if (o->data_dir)
    return o->data_dir;
  const char *env = getenv("PREPGEN_DATA");
  if (env && *env)
    return env;
  /* Uninstalled: the binary sits at the top of the source tree. */
  char exe[PATH_MAX - 32];
  ssize_t n = readlink("/proc/self/exe", exe, sizeof exe - 1);
  if (n > 0) {
    exe[n] = '\0';
    char *slash = strrchr(exe, '/');
    if (slash) {
      *slash = '\0';
      snprintf(found, sizeof found, "%s/data/tags.tsv", exe);
      if (access(found, R_OK) == 0) {
        snprintf(found, sizeof found, "%s/data", exe);
        return found;
      }
      /* Installed: <prefix>/bin/prepgen and <prefix>/share/prepgen/data,
       * wherever the prefix was copied to (DESTDIR, a relocated tree). */
      snprintf(found, sizeof found, "%s/../share/prepgen/data/tags.tsv", exe);
      if (access(found, R_OK) == 0) {
        snprintf(found, sizeof found, "%s/../share/prepgen/data", exe);
        return found;
      }
    }
  }
  return PREPGEN_DATADIR;
}
