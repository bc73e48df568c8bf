/* batch_int.h - shared between batch.c (runner) and batch_report.c
 * (CSV, report, cohort aggregate) and batch_inputs.c (inputs, names).
 * Not a public header.
 */
#ifndef PREPGEN_BATCH_INT_H
#define PREPGEN_BATCH_INT_H

#include <stddef.h>
#include <stdint.h>

#include "prepgen/batch.h"

struct prep_arena;

/* ---- a string -> unsigned map (open addressing, keys in an arena) ---- */

struct prep_batch_map {
  const char **keys;
  unsigned *vals;
  size_t cap, count; /* cap is a power of two */
  int icase;         /* ASCII case-insensitive keys */
  struct prep_arena *a;
};

void prep_batch_map_init(struct prep_batch_map *m, struct prep_arena *a,
                         int icase);
void prep_batch_map_free(struct prep_batch_map *m);
/* The value slot for key (inserted with value 0 when absent; *added = 1
 * then).  The pointer is valid until the next insertion. */
unsigned *prep_batch_map_get(struct prep_batch_map *m, const char *key,
                             int *added);
/* The slot or NULL, without inserting. */
unsigned *prep_batch_map_find(const struct prep_batch_map *m,
                              const char *key);

/* ---- text helpers (batch_inputs.c) ------------------------------------ */

/* 1 for code points that must not reach a file name or the terminal:
 * controls, bidi and format characters, zero-width, private use. */
int prep_batch_bad_cp(unsigned cp);
/* Decodes one UTF-8 sequence at s; its length, or 0 when invalid. */
size_t prep_batch_utf8_dec(const unsigned char *s, unsigned *cp);
/* 1 for the ASCII bytes kept as they are in output names. */
int prep_batch_ascii_ok(unsigned char c);

/* ---- the cohort accumulator ------------------------------------------ */

struct prep_batch_acc;

struct prep_batch_acc *prep_batch_acc_new(struct prep_arena *a,
                                          int per_student);
void prep_batch_acc_free(struct prep_batch_acc *acc);
/* Adds one CV's record; returns its per-student row or (size_t)-1. */
size_t prep_batch_acc_add(struct prep_batch_acc *acc,
                          const struct prep_batch_result *r);
/* The aggregate (sorted), in the accumulator's arena. */
const struct prep_batch_cohort *
prep_batch_acc_finish(struct prep_batch_acc *acc,
                      const struct prep_batch_job *jobs, size_t n);

/* Writes `path` atomically (a temp file in tmpdir, then rename).  0 or -1
 * with errno. */
int prep_batch_write_report(const char *path, const char *tmpdir,
                            const struct prep_batch_job *jobs, size_t n);
int prep_batch_write_cohort(const char *path, const char *tmpdir,
                            const struct prep_batch_cohort *c);
int prep_batch_write_students(const char *path, const char *tmpdir,
                              const struct prep_batch_acc *acc,
                              const struct prep_batch_job *jobs, size_t n);

#endif
