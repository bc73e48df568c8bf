/* stages.c - in-process stage timings for `make bench`: each stage run many
 * times on one CV, median reported, so the numbers say what a stage adds
 * (not process start-up).
 *
 * usage: stages DATA_DIR CV [RUNS]
 */
#include <stdio.h>
#include <stdlib.h>
#include <time.h>

#include "prepgen/arena.h"
#include "prepgen/bank.h"
#include "prepgen/diag.h"
#include "prepgen/doc.h"
#include "prepgen/extract.h"
#include "prepgen/facts.h"
#include "prepgen/plan.h"
#include "prepgen/read.h"

static double now_ms(void)
{
  struct timespec ts;
  clock_gettime(CLOCK_MONOTONIC, &ts);
  return (double)ts.tv_sec * 1e3 + (double)ts.tv_nsec / 1e6;
}

static int cmp(const void *a, const void *b)
{
  double x = *(const double *)a, y = *(const double *)b;
  return (x > y) - (x < y);
}

static double median(double *v, int n)
{
  qsort(v, (size_t)n, sizeof *v, cmp);
  return v[n / 2];
}

static void die(const char *what, struct prep_diag *d)
{
  fprintf(stderr, "stages: %s failed", what);
  if (d->count)
    fprintf(stderr, ": %s", d->items[0].msg);
  fprintf(stderr, "\n");
  exit(1);
}

int main(int argc, char **argv)
{
  if (argc < 3) {
    fprintf(stderr, "usage: stages DATA_DIR CV [RUNS]\n");
    return 2;
  }
  const char *data = argv[1], *cv = argv[2];
  int runs = argc > 3 ? atoi(argv[3]) : 200;
  double *t = calloc((size_t)runs, sizeof *t);
  struct prep_diag d;
  prep_diag_init(&d);
  prep_read_init();

  /* STAGES_SKIP_LOADS=1: only the per-CV stages (for profiling) */
  int skip = getenv("STAGES_SKIP_LOADS") != NULL;
  for (int i = 0; i < (skip ? 0 : runs); i++) {
    struct prep_bankset *bs;
    double t0 = now_ms();
    if (prep_bankset_load_dir(data, &bs, &d) != PREP_OK)
      die("bank load", &d);
    t[i] = now_ms() - t0;
    prep_bankset_free(bs);
  }
  if (!skip)
    printf("load all banks              %8.3f ms\n", median(t, runs));

  for (int i = 0; i < (skip ? 0 : runs / 4 + 1); i++) {
    struct prep_taxonomy *tax;
    double t0 = now_ms();
    if (prep_taxonomy_load(data, &tax, &d) != PREP_OK)
      die("taxonomy load", &d);
    t[i] = now_ms() - t0;
    prep_taxonomy_free(tax);
  }
  if (!skip)
    printf("load taxonomy + patterns    %8.3f ms\n", median(t, runs / 4 + 1));

  struct prep_taxonomy *tax;
  struct prep_bankset *bs;
  if (prep_taxonomy_load(data, &tax, &d) != PREP_OK ||
      prep_bankset_load_dir(data, &bs, &d) != PREP_OK)
    die("load", &d);
  double *tr = calloc((size_t)runs, sizeof *tr);
  double *te = calloc((size_t)runs, sizeof *te);
  double *tp = calloc((size_t)runs, sizeof *tp);
  for (int i = 0; i < runs; i++) {
    struct prep_arena *a = prep_arena_new();
    struct prep_doc *doc;
    struct prep_facts *f;
    struct prep_plan *p;
    double t0 = now_ms();
    if (prep_read_file(cv, cv, a, &doc, &d) != PREP_OK)
      die("read", &d);
    double t1 = now_ms();
    struct prep_extract_opts eo = {.as_of = "2026-10", .path = cv, .name = cv};
    if (prep_extract(doc, tax, &eo, a, &f, &d) != PREP_OK)
      die("extract", &d);
    double t2 = now_ms();
    struct prep_plan_opts po = {0};
    if (prep_rank(doc, f, bs, tax, &po, a, &p, &d) != PREP_OK)
      die("rank", &d);
    double t3 = now_ms();
    tr[i] = t1 - t0;
    te[i] = t2 - t1;
    tp[i] = t3 - t2;
    prep_arena_free(a);
    prep_diag_clear(&d);
  }
  printf("read (in process)           %8.3f ms\n", median(tr, runs));
  printf("extract facts               %8.3f ms\n", median(te, runs));
  printf("rank + scaffold             %8.3f ms\n", median(tp, runs));
  prep_taxonomy_free(tax);
  prep_bankset_free(bs);
  prep_diag_free(&d);
  free(t);
  free(tr);
  free(te);
  free(tp);
  return 0;
}
