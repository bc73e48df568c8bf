/* fuzz_check.h - invariants of the facts, the plan and the diagnostics,
 * shared by fuzz_facts.c and fuzz_pipeline.c (owner: hardening, issue 8).
 *
 * Each check abort()s with a one-line reason when an invariant breaks, so
 * libFuzzer saves the input: "no crash" is not enough.  What is checked is
 * what the headers promise:
 *  - every fact and quote points at a block that exists, and its text is
 *    the block's text or a verbatim piece of it (facts.h, plan.h: nothing
 *    is made up);
 *  - dates are calendar dates in the accepted range, spans run forwards;
 *  - indexes between facts, plan items, stories and results stay in range;
 *  - scores are finite and within 0..1;
 *  - messages (diag entries, fact warnings) are non-empty words and quote
 *    no CV line (diag.h: "never CV text");
 *  - the JSON writers produce valid UTF-8 that parses as one JSON value.
 * Used only by the fuzz targets (static inline functions in a header:
 * each target is one translation unit).
 */
#ifndef PREPGEN_FUZZ_CHECK_H
#define PREPGEN_FUZZ_CHECK_H

#include <jansson.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "prepgen/diag.h"
#include "prepgen/doc.h"
#include "prepgen/extract.h"
#include "prepgen/facts.h"
#include "prepgen/plan.h"
#include "prepgen/text.h"

__attribute__((noreturn)) static inline void fz_fail(const char *what)
{
  fprintf(stderr, "invariant broken: %s\n", what);
  abort();
}

#define FZ_ASSERT(cond, what)                                                  \
  do {                                                                         \
    if (!(cond))                                                               \
      fz_fail(what);                                                           \
  } while (0)

/* Lines shorter than this are too common ("Python", "2019 - 2021") to
 * count as CV text when they appear in a message. */
#define FZ_CV_LINE_MIN 12

static inline int fz_block_ok(const struct prep_doc *doc, size_t b)
{
  return b < doc->nblocks;
}

static inline int fz_block_or_none(const struct prep_doc *doc, size_t b)
{
  return b == PREP_NO_BLOCK || b < doc->nblocks;
}

/* s is NULL, or a verbatim piece of block b's text or of one of its link
 * targets (a URL fact may be a link target). */
static inline int fz_in_block(const struct prep_doc *doc, size_t b,
                              const char *s)
{
  if (!s)
    return 1;
  if (b >= doc->nblocks)
    return 0;
  const struct prep_block *bl = &doc->blocks[b];
  if (strstr(bl->text, s))
    return 1;
  for (size_t i = 0; i < bl->nlinks; i++)
    if (bl->links[i].target && strstr(bl->links[i].target, s))
      return 1;
  return 0;
}

/* s is NULL or a verbatim piece of some block in [lo, hi]. */
static inline int fz_in_span(const struct prep_doc *doc, size_t lo, size_t hi,
                             const char *s)
{
  if (!s)
    return 1;
  if (hi >= doc->nblocks)
    hi = doc->nblocks ? doc->nblocks - 1 : 0;
  for (size_t b = lo; b <= hi && b < doc->nblocks; b++)
    if (fz_in_block(doc, b, s))
      return 1;
  return 0;
}

static inline int fz_in_doc(const struct prep_doc *doc, const char *s)
{
  return !s || fz_in_span(doc, 0, doc->nblocks, s);
}

static inline int fz_unit(double v)
{
  return isfinite(v) && v >= 0.0 && v <= 1.0;
}

static inline void fz_check_date(const struct prep_date *d)
{
  FZ_ASSERT(d->year == 0 || (d->year >= 1900 && d->year <= 2199),
            "date year out of range");
  FZ_ASSERT(d->month >= 0 && d->month <= 12, "date month out of range");
  FZ_ASSERT(d->precision != PREP_DATE_MONTH || (d->month >= 1 && d->year),
            "month-precision date without a month");
  FZ_ASSERT(d->precision != PREP_DATE_YEAR || d->year,
            "year-precision date without a year");
}

/* Words, non-empty, valid UTF-8, no control characters, and no line of
 * the CV (a line of >= FZ_CV_LINE_MIN bytes quoted inside the message). */
static inline void fz_check_words(const struct prep_doc *doc, const char *msg,
                                  const char *what)
{
  FZ_ASSERT(msg && msg[0], what);
  size_t n = strlen(msg);
  FZ_ASSERT(prep_utf8_valid(msg, n), what);
  if (!doc)
    return;
  for (size_t i = 0; i < doc->nblocks; i++) {
    const struct prep_block *b = &doc->blocks[i];
    if (b->len >= FZ_CV_LINE_MIN && b->len <= n && strstr(msg, b->text)) {
      fprintf(stderr, "message quotes block %zu: %s\n", i, msg);
      fz_fail(what);
    }
  }
}

static inline void fz_check_diag(const struct prep_diag *d,
                                 const struct prep_doc *doc)
{
  size_t errors = 0, warnings = 0;
  for (size_t i = 0; i < d->count; i++) {
    fz_check_words(doc, d->items[i].msg, "diag message empty or CV text");
    if (d->items[i].where)
      fz_check_words(doc, d->items[i].where, "diag position holds CV text");
    errors += d->items[i].sev == PREP_SEV_ERROR;
    warnings += d->items[i].sev == PREP_SEV_WARNING;
  }
  FZ_ASSERT(errors == d->errors && warnings == d->warnings,
            "diag counters disagree with the entries");
}

/* The bytes of a JSON writer: valid UTF-8, one JSON value, ends with a
 * newline. */
static inline void fz_check_json(const char *buf, size_t n, const char *what)
{
  FZ_ASSERT(n > 0 && buf[n - 1] == '\n', what);
  FZ_ASSERT(prep_utf8_valid(buf, n), what);
  json_error_t err;
  json_t *j = json_loadb(buf, n, JSON_REJECT_DUPLICATES, &err);
  if (!j) {
    fprintf(stderr, "json: %s (line %d)\n", err.text, err.line);
    fz_fail(what);
  }
  json_decref(j);
}

static inline void fz_check_text_fact(const struct prep_doc *doc,
                                      const struct prep_text_fact *t,
                                      const char *what)
{
  if (!t->text)
    return;
  FZ_ASSERT(t->text[0], what);
  FZ_ASSERT(fz_in_block(doc, t->block, t->text), what);
  FZ_ASSERT(fz_unit(t->confidence), what);
}

/* An email is verbatim, or de-obfuscated ("ann [at] example.org" becomes
 * "ann@example.org"): then its local part and its domain are verbatim. */
static inline void fz_check_email(const struct prep_doc *doc,
                                  const struct prep_text_fact *t)
{
  FZ_ASSERT(t->text && t->text[0], "empty email");
  if (fz_in_block(doc, t->block, t->text))
    return;
  const char *at = strchr(t->text, '@');
  FZ_ASSERT(at && at > t->text && at[1], "email without an @");
  size_t n = (size_t)(at - t->text);
  char local[256];
  FZ_ASSERT(n < sizeof local, "email local part too long");
  memcpy(local, t->text, n);
  local[n] = '\0';
  FZ_ASSERT(fz_in_block(doc, t->block, local) &&
                fz_in_block(doc, t->block, at + 1),
            "email not verbatim (nor de-obfuscated)");
}

static inline void fz_check_facts(const struct prep_doc *doc,
                                  const struct prep_facts *f,
                                  const struct prep_taxonomy *tax)
{
  const struct prep_contact *c = &f->contact;
  fz_check_text_fact(doc, &c->name, "contact name not verbatim");
  fz_check_text_fact(doc, &c->label, "contact label not verbatim");
  fz_check_text_fact(doc, &c->location, "contact location not verbatim");
  for (size_t i = 0; i < c->nemails; i++)
    fz_check_email(doc, &c->emails[i]);
  for (size_t i = 0; i < c->nphones; i++)
    fz_check_text_fact(doc, &c->phones[i], "phone not verbatim");
  for (size_t i = 0; i < c->nurls; i++) {
    FZ_ASSERT(c->urls[i].url && c->urls[i].url[0], "empty url");
    FZ_ASSERT(fz_in_block(doc, c->urls[i].block, c->urls[i].url),
              "url not verbatim");
  }
  fz_check_text_fact(doc, &f->summary, "summary not verbatim");

  FZ_ASSERT(f->nblocks == doc->nblocks, "facts->nblocks != doc->nblocks");
  for (size_t i = 0; i < f->nblocks; i++) {
    FZ_ASSERT(f->block_section[i] < PREP_SEC_COUNT, "bad block section");
    FZ_ASSERT(f->block_job[i] == PREP_NO_BLOCK || f->block_job[i] < f->njobs,
              "block_job out of range");
  }

  for (size_t i = 0; i < f->njobs; i++) {
    const struct prep_job *j = &f->jobs[i];
    FZ_ASSERT(fz_block_ok(doc, j->block), "job block out of range");
    FZ_ASSERT(fz_block_or_none(doc, j->title_block) &&
                  fz_block_or_none(doc, j->company_block),
              "job title/company block out of range");
    FZ_ASSERT(j->first <= j->last && j->last < doc->nblocks,
              "job span out of range");
    FZ_ASSERT(j->title == NULL || fz_in_block(doc, j->title_block, j->title),
              "job title not verbatim");
    FZ_ASSERT(j->company == NULL ||
                  fz_in_block(doc, j->company_block, j->company),
              "job company not verbatim");
    FZ_ASSERT(fz_in_span(doc, j->first, j->last, j->location),
              "job location not verbatim");
    FZ_ASSERT(fz_in_block(doc, j->block, j->date_text),
              "job date text not verbatim");
    for (size_t k = 0; k < j->nhighlights; k++)
      FZ_ASSERT(fz_block_ok(doc, j->highlights[k]),
                "job highlight out of range");
    fz_check_date(&j->start);
    fz_check_date(&j->end);
    FZ_ASSERT(!j->start.year || !j->end.year || j->start.year <= j->end.year,
              "job ends before it starts");
    FZ_ASSERT(fz_unit(j->confidence), "job confidence");
  }
  for (size_t i = 0; i < f->neducation; i++) {
    const struct prep_education *e = &f->education[i];
    FZ_ASSERT(fz_block_ok(doc, e->block), "education block out of range");
    FZ_ASSERT(e->first <= e->last && e->last < doc->nblocks,
              "education span out of range");
    FZ_ASSERT(fz_in_span(doc, e->first, e->last, e->institution),
              "institution not verbatim");
    FZ_ASSERT(fz_in_span(doc, e->first, e->last, e->area),
              "education area not verbatim");
    FZ_ASSERT(fz_in_span(doc, e->first, e->last, e->score),
              "education score not verbatim");
    fz_check_date(&e->start);
    fz_check_date(&e->end);
  }
  for (size_t i = 0; i < f->ncertificates; i++) {
    const struct prep_certificate *ce = &f->certificates[i];
    FZ_ASSERT(fz_block_ok(doc, ce->block), "certificate block");
    FZ_ASSERT(fz_in_doc(doc, ce->name) && fz_in_doc(doc, ce->issuer),
              "certificate not verbatim");
    fz_check_date(&ce->date);
  }
  for (size_t i = 0; i < f->nprojects; i++) {
    const struct prep_project *p = &f->projects[i];
    FZ_ASSERT(fz_block_ok(doc, p->block), "project block");
    FZ_ASSERT(fz_in_doc(doc, p->name) && fz_in_doc(doc, p->description) &&
                  fz_in_doc(doc, p->url),
              "project not verbatim");
    for (size_t k = 0; k < p->nhighlights; k++)
      FZ_ASSERT(fz_block_ok(doc, p->highlights[k]), "project highlight");
    for (size_t k = 0; k < p->ntechnologies; k++)
      FZ_ASSERT(prep_taxonomy_find_skill(tax, p->technologies[k]),
                "project technology not in the taxonomy");
  }
  for (size_t i = 0; i < f->nlanguages; i++) {
    const struct prep_language *l = &f->languages[i];
    FZ_ASSERT(fz_block_ok(doc, l->block), "language block");
    FZ_ASSERT(fz_in_block(doc, l->block, l->language), "language not verbatim");
  }
  for (size_t i = 0; i < f->nskills; i++) {
    const struct prep_skill *s = &f->skills[i];
    FZ_ASSERT(s->id && prep_taxonomy_find_skill(tax, s->id),
              "skill not in the taxonomy");
    FZ_ASSERT(s->category < PREP_SKCAT_COUNT, "skill category");
    for (size_t k = 0; k < s->nmentions; k++) {
      FZ_ASSERT(fz_block_ok(doc, s->mentions[k]), "skill mention block");
      FZ_ASSERT(k == 0 || s->mentions[k - 1] < s->mentions[k],
                "skill mentions not ascending and unique");
    }
    FZ_ASSERT(s->months_used >= 0, "negative skill months");
    fz_check_date(&s->last_used);
    FZ_ASSERT(fz_unit(s->confidence), "skill confidence");
  }
  for (size_t i = 0; i < f->nresults; i++) {
    const struct prep_result *r = &f->results[i];
    FZ_ASSERT(fz_block_ok(doc, r->block), "result block");
    const struct prep_block *b = &doc->blocks[r->block];
    FZ_ASSERT(r->len > 0 && r->offset + r->len <= b->len, "result span");
    FZ_ASSERT(r->text && strlen(r->text) == r->len &&
                  memcmp(r->text, b->text + r->offset, r->len) == 0,
              "result text is not its span");
    FZ_ASSERT(r->kind < PREP_RES_KIND_COUNT, "result kind");
    FZ_ASSERT(isfinite(r->value), "result value");
    FZ_ASSERT(r->job == PREP_NO_BLOCK || r->job < f->njobs, "result job");
    FZ_ASSERT(i == 0 || f->results[i - 1].block <= r->block,
              "results not in block order");
  }
  for (size_t i = 0; i < f->ncandidates; i++)
    FZ_ASSERT(fz_block_ok(doc, f->candidates[i].block), "candidate block");
  for (size_t i = 0; i < f->nwarnings; i++) {
    fz_check_words(doc, f->warnings[i].msg, "fact warning empty or CV text");
    FZ_ASSERT(fz_block_or_none(doc, f->warnings[i].block), "warning block");
  }
  FZ_ASSERT(f->role_family && f->role_family[0], "no role family");
  FZ_ASSERT(fz_unit(f->role_family_confidence), "role family confidence");
  FZ_ASSERT(f->experience_months >= 0 &&
                f->experience_months <= (2199 - 1900 + 1) * 12,
            "experience months out of range");
  fz_check_date(&f->as_of);
}

static inline void fz_check_quote(const struct prep_doc *doc,
                                  const struct prep_quote *q)
{
  FZ_ASSERT(fz_block_ok(doc, q->block), "quote block out of range");
  FZ_ASSERT(q->text && strcmp(q->text, doc->blocks[q->block].text) == 0,
            "quote is not its block's text");
  FZ_ASSERT(q->grade <= PREP_GRADE_STRONG, "quote grade");
}

static inline void fz_check_plan(const struct prep_doc *doc,
                                 const struct prep_facts *f,
                                 const struct prep_plan *p)
{
  FZ_ASSERT(p->role && p->role->id, "plan without a role");
  FZ_ASSERT(p->level < PREP_LEVEL_COUNT, "plan level");
  FZ_ASSERT(p->nprimary <= p->nitems, "more primary items than items");
  for (size_t i = 0; i < p->nitems; i++) {
    const struct prep_plan_item *it = &p->items[i];
    FZ_ASSERT(it->q && it->q->id && it->q->text, "item without a question");
    FZ_ASSERT(fz_unit(it->likelihood) && fz_unit(it->evidence) &&
                  fz_unit(it->priority),
              "item score outside 0..1");
    FZ_ASSERT(it->grade <= PREP_GRADE_STRONG, "item grade");
    FZ_ASSERT(it->nquotes <= 4, "more than 4 quotes");
    for (size_t k = 0; k < it->nquotes; k++)
      fz_check_quote(doc, &it->quotes[k]);
    FZ_ASSERT(it->story == (size_t)-1 || it->story < p->nstories,
              "item story out of range");
    const struct prep_scaffold *s = &it->scaffold;
    for (size_t k = 0; k < s->naction; k++)
      fz_check_quote(doc, &s->action[k]);
    for (size_t k = 0; k < s->nresult; k++)
      FZ_ASSERT(s->result[k] && s->result[k][0], "empty scaffold result");
  }
  FZ_ASSERT(p->npriorities <= p->nitems, "more priorities than items");
  for (size_t i = 0; i < p->npriorities; i++)
    FZ_ASSERT(p->priorities[i] < p->nitems, "priority out of range");
  for (size_t i = 0; i < p->nstories; i++) {
    const struct prep_story *s = &p->stories[i];
    FZ_ASSERT(s->id && s->title, "story without id or title");
    FZ_ASSERT(fz_in_doc(doc, s->role) && fz_in_doc(doc, s->org) &&
                  fz_in_doc(doc, s->dates),
              "story role/org/dates not verbatim");
    FZ_ASSERT(s->job == (size_t)-1 || s->job < f->njobs, "story job");
    FZ_ASSERT(s->project == (size_t)-1 || s->project < f->nprojects,
              "story project");
    for (size_t k = 0; k < s->nbullets; k++)
      FZ_ASSERT(fz_block_ok(doc, s->bullets[k]), "story bullet");
    for (size_t k = 0; k < s->nresults; k++)
      FZ_ASSERT(s->results[k] < f->nresults, "story result");
    FZ_ASSERT(s->nquestions <= 3, "story serves more than 3 questions");
    for (size_t k = 0; k < s->nquestions; k++)
      FZ_ASSERT(s->questions[k] < p->nitems, "story question");
    FZ_ASSERT(isfinite(s->strength), "story strength");
  }
  for (size_t i = 0; i < p->nclaims; i++)
    FZ_ASSERT(fz_block_ok(doc, p->claims[i].block), "claim block");
}

#endif
