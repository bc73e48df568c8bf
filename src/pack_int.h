/* pack_int.h - content choices shared by the PDF pack (pack.c) and its
 * Markdown/text twin (pack_text.c), so both print the same pack.
 * Defined in pack.c.  Strings live in the arena given. */
#ifndef PREPGEN_PACK_INT_H
#define PREPGEN_PACK_INT_H

#include <stddef.h>

struct prep_arena;
struct prep_facts;
struct prep_job;
struct prep_plan;

/* "January".."December", or NULL for 0 or out of range. */
const char *prep_pack_month_name(int m);

/* The job that ends last ("Present" first); *idx gets its index.  NULL
 * when the CV lists no job. */
const struct prep_job *prep_pack_latest_job(const struct prep_facts *f,
                                            size_t *idx);

/* "Title at Company (dates)" from the facts, bracketed prompts for what
 * is missing. */
const char *prep_pack_job_words(struct prep_arena *a,
                                const struct prep_job *j);

/* Up to three CV lines to quote as selling points: from the strongest
 * stories first, lines with a measured result first, one per story while
 * possible.  Block indexes into out; returns how many. */
size_t prep_pack_selling_points(const struct prep_plan *p,
                                const struct prep_facts *f, size_t out[3]);

#endif
