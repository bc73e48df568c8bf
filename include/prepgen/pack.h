/* pack.h - composes the printable prep pack (owner: pack, issue 6).
 *
 * plan + facts + doc + bank set -> typesetting calls -> layout.  No libharu
 * here: text is measured through the metrics the PDF writer provides (or a
 * fake font in tests), and the layout goes to prep_pdf_write_file() or to
 * prep_dump_layout().
 *
 * Nothing is invented: CV text reaches the pack only as verbatim quotes
 * taken from the plan and the facts (with their position in the CV);
 * everything else is bank text or fixed words of this module.  The pack
 * date is the facts' as-of date, never the clock, so the same inputs give
 * the same layout.
 */
#ifndef PREPGEN_PACK_H
#define PREPGEN_PACK_H

#include <stddef.h>
#include <stdio.h>

#include "prepgen/diag.h"
#include "prepgen/typeset.h"

struct prep_arena;
struct prep_bankset;
struct prep_doc;
struct prep_facts;
struct prep_layout;
struct prep_plan;

struct prep_pack_opts {
  enum prep_paper paper;
  int days; /* --days N: days left before the interview (0 = 7) */
};

/* Sections, in order: cover, contents, at a glance, role briefing,
 * evidence map, plan by days, question pages (one page per primary
 * question, half a page per practice question still to prepare, a list of
 * the rest), story bank, questions to ask, day-of checklist, debrief.
 * Returns the layout, allocated in `a`. */
struct prep_layout *prep_pack_layout(const struct prep_doc *doc,
                                     const struct prep_facts *facts,
                                     const struct prep_plan *plan,
                                     const struct prep_bankset *banks,
                                     const struct prep_pack_opts *opts,
                                     const struct prep_metrics *m,
                                     struct prep_arena *a);

/* Composes the pack with the fonts of `fonts_dir` and either writes it as
 * a PDF to `out_path` (safely: see prep_pdf_write_file; "-" = stdout) or,
 * when `dump` is not NULL, prints the layout there (--dump=layout) and
 * writes nothing.  `inputs` are the files the output must never replace. */
enum prep_status prep_pack_write(const struct prep_doc *doc,
                                 const struct prep_facts *facts,
                                 const struct prep_plan *plan,
                                 const struct prep_bankset *banks,
                                 const struct prep_pack_opts *opts,
                                 const char *fonts_dir, const char *out_path,
                                 const char *const *inputs, size_t ninputs,
                                 FILE *dump, struct prep_arena *a,
                                 struct prep_diag *diag);

/* --format md|txt: the same sections as the PDF, as Markdown (`markdown`
 * 1) or plain text (0), written to `out_path` the same safe way ("-" =
 * stdout, allowed on a terminal).  pack_text.c. */
enum prep_status prep_pack_write_text(const struct prep_doc *doc,
                                      const struct prep_facts *facts,
                                      const struct prep_plan *plan,
                                      const struct prep_bankset *banks,
                                      const struct prep_pack_opts *opts,
                                      int markdown, const char *out_path,
                                      const char *const *inputs,
                                      size_t ninputs, struct prep_arena *a,
                                      struct prep_diag *diag);

#endif
