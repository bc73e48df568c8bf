/* fuzz_read.h - shared body of the reader fuzz targets: read bytes into a
 * document and abort() when an invariant of the model breaks (valid UTF-8,
 * no control characters, sizes within the caps), not only on crashes. */
#ifndef PREPGEN_FUZZ_READ_H
#define PREPGEN_FUZZ_READ_H

#include <stdio.h>
#include <stdlib.h>

#include "prepgen/arena.h"
#include "prepgen/diag.h"
#include "prepgen/doc.h"
#include "prepgen/read.h"

typedef enum prep_status (*reader_fn)(const unsigned char *, size_t,
                                      const char *, struct prep_arena *,
                                      struct prep_doc **, struct prep_diag *);

static inline void fuzz_one(reader_fn fn, const unsigned char *p, size_t n)
{
  static int inited;
  if (!inited) {
    prep_read_init();
    inited = 1;
  }
  struct prep_arena *a = prep_arena_new();
  struct prep_diag d;
  prep_diag_init(&d);
  struct prep_doc *doc = NULL;
  enum prep_status st = fn(p, n, "fuzz-input", a, &doc, &d);
  if (st == PREP_OK) {
    const char *why = doc ? prep_doc_check(doc) : "no document on success";
    if (why) {
      fprintf(stderr, "invariant broken: %s\n", why);
      abort();
    }
  } else if (d.errors == 0) {
    fprintf(stderr, "failure without an error message\n");
    abort();
  }
  for (size_t i = 0; i < d.count; i++)
    if (!d.items[i].msg || !d.items[i].msg[0])
      abort();
  prep_diag_free(&d);
  prep_arena_free(a);
}

#endif
