/* tests/pdf/demo.c - builds the sample document (sample.c) with the real
 * libharu metrics and writes it: for looking at the design and for timing
 * (owner: typeset).  Not part of prepgen.
 *
 *   demo FONTS_DIR OUT.pdf [a4|letter] [QUESTIONS] [REPEAT] [--dump]
 *
 * With REPEAT > 1 it prints the median wall time of build + write.  --dump
 * prints the --dump=layout text of the document on stdout; --latin leaves
 * out the CJK/Hangul names and the symbol legend (fewer faces). */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "prepgen/arena.h"
#include "prepgen/diag.h"
#include "prepgen/pdf.h"

#include "sample.c"

static double now_ms(void)
{
  struct timespec t;
  clock_gettime(CLOCK_MONOTONIC, &t);
  return (double)t.tv_sec * 1e3 + (double)t.tv_nsec / 1e6;
}

static int cmp(const void *a, const void *b)
{
  double x = *(const double *)a, y = *(const double *)b;
  return (x > y) - (x < y);
}

int main(int argc, char **argv)
{
  if (argc < 3) {
    fprintf(stderr, "usage: demo FONTS_DIR OUT.pdf [a4|letter] [QUESTIONS] "
                    "[REPEAT] [--dump|--latin]\n");
    return 2;
  }
  enum prep_paper paper = argc > 3 && strcmp(argv[3], "letter") == 0
                              ? PREP_PAPER_LETTER
                              : PREP_PAPER_A4;
  int questions = argc > 4 ? atoi(argv[4]) : 8;
  int repeat = argc > 5 ? atoi(argv[5]) : 1;
  int dump = argc > 6 && strcmp(argv[6], "--dump") == 0;
  sample_latin_only = argc > 6 && strcmp(argv[6], "--latin") == 0;
  if (repeat < 1)
    repeat = 1;
  double *t = calloc((size_t)repeat, sizeof *t), font_ms = 0;
  int rc = 0;
  size_t pages = 0;
  unsigned faces = 0;
  for (int r = 0; r < repeat && rc == 0; r++) {
    double t0 = now_ms();
    struct prep_arena *a = prep_arena_new();
    struct prep_diag d;
    prep_diag_init(&d);
    struct prep_pdf *pdf;
    if (prep_pdf_new(argv[1], &d, &pdf) != PREP_OK) {
      rc = 1;
    } else {
      struct prep_metrics m;
      prep_pdf_metrics(pdf, &m);
      struct prep_layout *l = sample_build(a, &m, paper, questions);
      pages = l->npages;
      if (dump && r == 0)
        prep_dump_layout(stdout, l);
      const char *in[] = {argv[0]};
      if (prep_pdf_write_file(pdf, l, argv[2], in, 1, &d) != PREP_OK)
        rc = 1;
      font_ms = prep_pdf_font_ms(pdf);
      faces = prep_pdf_faces_used(pdf);
      prep_pdf_free(pdf);
    }
    for (size_t i = 0; i < d.count; i++)
      fprintf(stderr, "demo: %s: %s\n", d.items[i].file ? d.items[i].file : "",
              d.items[i].msg);
    prep_diag_free(&d);
    prep_arena_free(a);
    t[r] = now_ms() - t0;
  }
  if (repeat > 1 && rc == 0) {
    qsort(t, (size_t)repeat, sizeof *t, cmp);
    fprintf(stderr,
            "demo: %zu pages, %u faces drawn: median %.2f ms (min %.2f, max "
            "%.2f) over %d runs; font set-up %.2f ms\n",
            pages, faces, t[repeat / 2], t[0], t[repeat - 1], repeat, font_ms);
  }
  free(t);
  return rc;
}
