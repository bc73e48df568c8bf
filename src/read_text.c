/* read_text.c - placeholder until the text reader lands. */
#include "prepgen/read.h"

#include <string.h>

#include "prepgen/doc.h"

enum prep_status prep_read_text(const unsigned char *p, size_t n,
                                const char *name, struct prep_arena *a,
                                struct prep_doc **out, struct prep_diag *diag)
{
  (void)name; (void)diag;
  struct prep_doc *d = prep_doc_new(a, PREP_FORMAT_TEXT);
  const char *s = (const char *)p;
  unsigned line = 0;
  size_t i = 0;
  while (i < n) {
    const char *nl = memchr(s + i, '\n', n - i);
    size_t e = nl ? (size_t)(nl - s) : n;
    struct prep_block t = {.kind = PREP_BLOCK_PARAGRAPH, .pos = ++line};
    prep_doc_add(d, &t, s + i, e - i, NULL);
    i = e + 1;
  }
  *out = d;
  return PREP_OK;
}
