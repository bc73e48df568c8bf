/* fuzz_json.c - libFuzzer target: JSON Resume bytes -> document model and
 * the facts it states.  Beyond crashes, abort()s when the document breaks
 * an invariant or a stated fact points outside the document. */
#include <stdio.h>
#include <stdlib.h>

#include "prepgen/arena.h"
#include "prepgen/diag.h"
#include "prepgen/doc.h"
#include "prepgen/facts.h"
#include "prepgen/read_more.h"

int LLVMFuzzerTestOneInput(const unsigned char *p, size_t n);

static void in_doc(const struct prep_doc *doc, size_t b, int may_be_none)
{
  if ((b == PREP_NO_BLOCK && may_be_none) || b < doc->nblocks)
    return;
  fprintf(stderr, "fact block %zu outside the document (%zu blocks)\n", b,
          doc->nblocks);
  abort();
}

int LLVMFuzzerTestOneInput(const unsigned char *p, size_t n)
{
  struct prep_arena *a = prep_arena_new();
  struct prep_diag d;
  prep_diag_init(&d);
  struct prep_doc *doc = NULL;
  struct prep_facts *f = NULL;
  enum prep_status st = prep_read_json(p, n, "fuzz-input", a, &doc, &f, &d);
  if (st == PREP_OK) {
    const char *why = doc && f ? prep_doc_check(doc) : "nothing on success";
    if (why) {
      fprintf(stderr, "invariant broken: %s\n", why);
      abort();
    }
    in_doc(doc, f->contact.name.block, 1);
    in_doc(doc, f->summary.block, 1);
    for (size_t i = 0; i < f->contact.nurls; i++)
      in_doc(doc, f->contact.urls[i].block, 0);
    for (size_t j = 0; j < f->njobs; j++) {
      const struct prep_job *jb = &f->jobs[j];
      in_doc(doc, jb->last, 0);
      if (jb->first > jb->block || jb->block > jb->last)
        abort();
      for (size_t k = 0; k < jb->nhighlights; k++)
        in_doc(doc, jb->highlights[k], 0);
    }
    for (size_t i = 0; i < f->neducation; i++)
      in_doc(doc, f->education[i].last, 0);
    for (size_t i = 0; i < f->nprojects; i++)
      for (size_t k = 0; k < f->projects[i].nhighlights; k++)
        in_doc(doc, f->projects[i].highlights[k], 0);
  } else if (d.errors == 0) {
    fprintf(stderr, "failure without an error message\n");
    abort();
  }
  prep_diag_free(&d);
  prep_arena_free(a);
  return 0;
}
