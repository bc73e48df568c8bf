/* pack_int.h - content choices shared by the PDF pack (pack.c) and its
 * Markdown/text twin (pack_text.c), so both print the same pack.
 * Defined in pack.c.  Strings live in the arena given. */
#ifndef PREPGEN_PACK_INT_H
#define PREPGEN_PACK_INT_H

#include <stddef.h>

#include "prepgen/bank.h"
#include "prepgen/plan.h"

struct prep_arena;
struct prep_date;
struct prep_doc;
struct prep_education;
struct prep_facts;
struct prep_job;

/* "January".."December", or NULL for 0 or out of range. */
const char *prep_pack_month_name(int m);

/* The place of CV block `block` ("line 12", "paragraph 9"); "" when the
 * document has no such block. */
const char *prep_pack_where(struct prep_arena *a, const struct prep_doc *doc,
                            size_t block);

/* A tag id in words: "data-modelling" -> "data modelling". */
const char *prep_pack_tag_words(struct prep_arena *a, const char *tag);

/* "-", "W", "M" or "S" for an evidence grade. */
const char *prep_pack_grade_letter(enum prep_grade g);

/* "high", "medium" or "low" for a likelihood in 0..1. */
const char *prep_pack_likely_word(double likelihood);

/* "For the recruiter" and the like: the heading of an ask-back group. */
const char *prep_pack_interviewer_words(enum prep_interviewer iv);

/* The stages a question is asked at, by the role's names for them
 * ("Phone screen, Onsite"), or "any stage". */
const char *prep_pack_stages_text(struct prep_arena *a,
                                  const struct prep_role *role,
                                  const struct prep_question *q);

/* Why a priority needs work: "no story yet", "thin evidence", ... */
const char *prep_pack_priority_why(const struct prep_plan_item *it);

/* "Pack date: March 2024" (or just the year); NULL without a year. */
const char *prep_pack_date_line(struct prep_arena *a,
                                const struct prep_date *d);

/* Up to five skills the CV's bullets use, "a, b, c"; NULL for none. */
const char *prep_pack_bullet_skills(struct prep_arena *a,
                                    const struct prep_facts *f);

/* "BSc Computer Science, Some University", from what the entry has. */
const char *prep_pack_education_words(struct prep_arena *a,
                                      const struct prep_education *e);

/* The questions a story serves, "Q1, Q4", or "spare". */
const char *prep_pack_story_questions(struct prep_arena *a,
                                      const struct prep_story *s);

/* "shows: ownership, data modelling" from a story's tags, or "no tags". */
const char *prep_pack_story_tags(struct prep_arena *a,
                                 const struct prep_story *s);

/* "Numbers: " and a story's results verbatim; NULL when it has none. */
const char *prep_pack_story_numbers(struct prep_arena *a,
                                    const struct prep_facts *f,
                                    const struct prep_story *s);

/* The first page's warning when the CV gave nothing to go on (the plan
 * is general: a template, a scanned image); NULL otherwise. */
const char *prep_pack_general_notice(struct prep_arena *a,
                                     const struct prep_plan *p,
                                     const struct prep_facts *f);

/* The story bank's sentence for career changers, when any story comes
 * from a job outside tech (story.pre_tech); NULL otherwise.  Each such
 * story is marked with PREP_PACK_BEFORE_TECH. */
const char *prep_pack_before_tech_note(const struct prep_plan *p);
#define PREP_PACK_BEFORE_TECH "before tech"

/* The prompt for STAR part 0..3 (situation, task, action, result) when
 * the bank gives none. */
const char *prep_pack_star_fallback(int part);

/* The self-check under an answer and the day-of checklist, in order;
 * *n gets how many.  Static strings. */
const char *const *prep_pack_self_check(size_t *n);
const char *const *prep_pack_day_of(size_t *n);

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
