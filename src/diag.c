/* diag.c - the diagnostics sink and status words (see diag.h). */
#include "prepgen/diag.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "prepgen/arena.h"

static char *xstrdup(const char *s)
{
  if (!s)
    return NULL;
  size_t n = strlen(s);
  char *p = prep_xmalloc(n + 1);
  memcpy(p, s, n + 1);
  return p;
}

void prep_diag_init(struct prep_diag *d)
{
  memset(d, 0, sizeof *d);
}

void prep_diag_clear(struct prep_diag *d)
{
  for (size_t i = 0; i < d->count; i++) {
    free(d->items[i].file);
    free(d->items[i].where);
    free(d->items[i].msg);
  }
  d->count = d->errors = d->warnings = 0;
}

void prep_diag_free(struct prep_diag *d)
{
  prep_diag_clear(d);
  free(d->items);
  memset(d, 0, sizeof *d);
}

/* Diagnostics are bounded: a hostile file could otherwise produce one
 * warning per line. */
#define MAX_DIAG 200

void prep_diag_add(struct prep_diag *d, enum prep_severity sev,
                   const char *file, const char *where, const char *fmt, ...)
{
  if (sev == PREP_SEV_ERROR)
    d->errors++;
  else if (sev == PREP_SEV_WARNING)
    d->warnings++;
  if (d->count >= MAX_DIAG && sev != PREP_SEV_ERROR)
    return;
  if (d->count == d->cap) {
    d->cap = d->cap ? d->cap * 2 : 8;
    d->items = prep_xrealloc(d->items, d->cap * sizeof *d->items);
  }
  char msg[512];
  va_list ap;
  va_start(ap, fmt);
  vsnprintf(msg, sizeof msg, fmt, ap);
  va_end(ap);
  struct prep_diag_entry *e = &d->items[d->count++];
  e->sev = sev;
  e->file = xstrdup(file);
  e->where = xstrdup(where);
  e->msg = xstrdup(msg);
}

const char *prep_status_str(enum prep_status st)
{
  switch (st) {
  case PREP_OK: return "ok";
  case PREP_EINPUT: return "cannot read this input";
  case PREP_ELIMIT: return "input exceeds a safety limit";
  case PREP_EDATA: return "bad or missing data file";
  case PREP_EIO: return "cannot write output";
  case PREP_EINTERNAL: return "internal error";
  }
  return "unknown status";
}

enum prep_exit prep_status_exit(enum prep_status st)
{
  switch (st) {
  case PREP_OK: return PREP_EXIT_OK;
  case PREP_EINPUT:
  case PREP_ELIMIT:
  case PREP_EINTERNAL: return PREP_EXIT_INPUT;
  case PREP_EDATA:
  case PREP_EIO: return PREP_EXIT_DATA;
  }
  return PREP_EXIT_INPUT;
}
