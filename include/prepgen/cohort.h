/* cohort.h - the coach report: OUTDIR/cohort.pdf drawn from a batch's
 * cohort aggregate (owner: batch, issue 7).
 *
 * The report is built only from struct prep_batch_cohort (batch.h): counts
 * and ids from the data files (role families, levels, tags, question ids,
 * skill ids), plus - with --per-student - pack file names.  Question text
 * comes from the bank, skill names from the taxonomy, role titles from the
 * bank, every other word from fixed strings in cohort_pdf.c.  It never sees
 * a CV, so it cannot print a name or a line of one.
 *
 * Pages (A4 or Letter): an overview with the headline counts and findings;
 * who is in the cohort (bar charts per role family and per level); heat
 * maps of themes and of topics against evidence grade; the most common prep
 * priorities and claim risks; what to do about it (fixed coaching
 * suggestions tied to the weakest themes); with --per-student, a table of
 * packs with role family, level and counts.  Charts are vector graphics in
 * greys, with every number printed, so they read on a mono printer.
 *
 * Typesetting goes through typeset.h like the pack; the charts are drawn
 * into space reserved in the flow and placed on the finished layout.
 */
#ifndef PREPGEN_COHORT_H
#define PREPGEN_COHORT_H

#include <stddef.h>

#include "prepgen/batch.h"
#include "prepgen/diag.h"
#include "prepgen/layout.h"
#include "prepgen/typeset.h"

struct prep_arena;
struct prep_bankset;
struct prep_taxonomy;

struct prep_cohort_opts {
  enum prep_paper paper;
  const struct prep_bankset *banks; /* question text, role titles; or NULL */
  const struct prep_taxonomy *tax;  /* skill display names; or NULL */
  const char *fonts_dir;            /* for prep_cohort_write */
  int per_student;                  /* add the per-student table */
};

/* The report as a layout (in `a`), measured with `m`.  For tests and for
 * prep_cohort_write. */
struct prep_layout *prep_cohort_layout(const struct prep_batch_cohort *c,
                                       const struct prep_cohort_opts *o,
                                       const struct prep_metrics *m,
                                       struct prep_arena *a);

/* A prep_batch_cohort_fn: `ctx` is a const struct prep_cohort_opts *.
 * Writes the report to `path` atomically (pdf.h).  PREP_OK, or a status
 * with a diagnostic in `d`. */
enum prep_status prep_cohort_write(void *ctx,
                                   const struct prep_batch_cohort *c,
                                   const char *path, struct prep_diag *d);

#endif
