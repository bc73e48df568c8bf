/* diag.h - status codes and the diagnostics sink.
 *
 * Stage code never prints and never exits: it returns a status and records
 * details here.  main.c (and batch.c) decide what reaches stderr.  Messages
 * never contain CV text: only a file name, a position and a reason.
 */
#ifndef PREPGEN_DIAG_H
#define PREPGEN_DIAG_H

#include <stddef.h>

enum prep_status {
  PREP_OK = 0,
  PREP_EINPUT,    /* the input is not something we can read */
  PREP_ELIMIT,    /* the input exceeds a safety limit */
  PREP_EDATA,     /* a data file (bank, taxonomy, font) is missing or bad */
  PREP_EIO,       /* cannot write the output */
  PREP_EINTERNAL  /* a bug or a library failure */
};

/* Process exit codes (documented in --help, README and prepgen.1). */
enum prep_exit {
  PREP_EXIT_OK = 0,
  PREP_EXIT_INPUT = 1, /* a CV could not be processed */
  PREP_EXIT_USAGE = 2, /* bad command line */
  PREP_EXIT_DATA = 3   /* bad data file or unwritable output */
};

enum prep_severity { PREP_SEV_NOTE, PREP_SEV_WARNING, PREP_SEV_ERROR };

struct prep_diag_entry {
  enum prep_severity sev;
  char *file;     /* file name as given by the user (malloc'd) */
  char *where;    /* "line 12", "paragraph 4", "word/document.xml" or NULL */
  char *msg;      /* words, never CV text (malloc'd) */
};

struct prep_diag {
  struct prep_diag_entry *items;
  size_t count, cap;
  size_t errors, warnings;
};

void prep_diag_init(struct prep_diag *d);
void prep_diag_free(struct prep_diag *d);
void prep_diag_clear(struct prep_diag *d);

/* Records one message.  `file` and `where` may be NULL. */
void prep_diag_add(struct prep_diag *d, enum prep_severity sev,
                   const char *file, const char *where, const char *fmt, ...)
    __attribute__((format(printf, 5, 6)));

/* Short words for a status ("bad input", "limit exceeded", ...). */
const char *prep_status_str(enum prep_status st);

/* The exit code a status maps to. */
enum prep_exit prep_status_exit(enum prep_status st);

#endif
