/* pack.c - composes the printable prep pack from the plan (see pack.h).
 *
 * Owner: pack (issue 6).  Decides what goes on the pages; typeset.c decides
 * where it goes; pdf.c writes it.  CV text appears only as verbatim quotes
 * from the plan and the facts, each with its place in the CV ("paragraph
 * 9", "line 12"); every other word is bank text or one of the fixed
 * strings below.  Where a fact is missing the pack prints a bracketed
 * prompt ("[your current title]") instead of guessing.
 *
 * Faces: three of the five primary faces - serif regular (body and small
 * print), serif italic (CV quotes, prompts) and sans bold (headings,
 * labels, run-in emphasis) - so a Latin CV costs three font set-ups; CJK
 * and Hangul fallbacks load only for the characters that need them.  No
 * symbol characters are typed: grades, bullets and tick boxes are vector
 * marks.
 */
#include "prepgen/pack.h"

#include <stdio.h>
#include <string.h>

#include "prepgen/arena.h"
#include "prepgen/bank.h"
#include "prepgen/doc.h"
#include "prepgen/facts.h"
#include "prepgen/layout.h"
#include "prepgen/pdf.h"
#include "prepgen/plan.h"
#include "prepgen/typeset.h"

#include "pack_int.h"

#define NONE ((size_t)-1)
#define MM (72.0 / 25.4)
#define LINE_GAP (8 * MM)

struct pk {
  const struct prep_doc *doc;
  const struct prep_facts *f;
  const struct prep_plan *p;
  const struct prep_bankset *bs;
  struct prep_ts *ts;
  struct prep_arena *a;
  const char *name;      /* the candidate's name as in the CV, or NULL */
  const char *who;       /* name or a neutral word, for headers */
  unsigned *q_anchor;    /* per plan item */
  int *q_page;           /* 1: own page/half page; 0: listed */
  unsigned *s_anchor;    /* per story */
  unsigned glance, brief, map, plan_a, questions, practice, stories, ask,
      dayof, debrief;
  int days;
  int prac_slot;         /* see practice_half */
  int compact;           /* set by fitted(): the section's compact form */
};

/* ---- small helpers ------------------------------------------------------ */

static const char *where(struct pk *k, size_t block)
{
  return prep_pack_where(k->a, k->doc, block);
}

static const char *cap_first(struct pk *k, const char *s)
{
  char *c = prep_arena_strdup(k->a, s ? s : "");
  if (c[0] >= 'a' && c[0] <= 'z')
    c[0] = (char)(c[0] - 'a' + 'A');
  return c;
}

static const char *tag_words(struct pk *k, const char *tag)
{
  return prep_pack_tag_words(k->a, tag);
}

/* "a, b, c" (with `sep` between) in the arena. */
static const char *join(struct prep_arena *a, const char *const *v, size_t n,
                        const char *sep)
{
  size_t len = 1;
  for (size_t i = 0; i < n; i++)
    len += strlen(v[i]) + strlen(sep);
  char *b = prep_arena_alloc(a, len);
  b[0] = '\0';
  for (size_t i = 0; i < n; i++) {
    if (i)
      strcat(b, sep);
    strcat(b, v[i]);
  }
  return b;
}

static enum prep_mark grade_mark(enum prep_grade g)
{
  switch (g) {
  case PREP_GRADE_STRONG: return PREP_MARK_FULL;
  case PREP_GRADE_MEDIUM: return PREP_MARK_HALF;
  default: return PREP_MARK_EMPTY;
  }
}

/* ---- content shared with pack_text.c (see pack_int.h) ----------------- */

const char *prep_pack_month_name(int m)
{
  static const char *const n[] = {
      "January", "February", "March",     "April",   "May",      "June",
      "July",    "August",   "September", "October", "November", "December"};
  return m >= 1 && m <= 12 ? n[m - 1] : NULL;
}

const char *prep_pack_where(struct prep_arena *a, const struct prep_doc *doc,
                            size_t block)
{
  char buf[64];
  if (block >= doc->nblocks)
    return "";
  return prep_arena_strdup(a, prep_doc_where(doc, block, buf, sizeof buf));
}

const char *prep_pack_tag_words(struct prep_arena *a, const char *tag)
{
  char *c = prep_arena_strdup(a, tag ? tag : "");
  for (char *p = c; *p; p++)
    if (*p == '-')
      *p = ' ';
  return c;
}

const char *prep_pack_grade_letter(enum prep_grade g)
{
  static const char *const l[] = {"-", "W", "M", "S"};
  return (unsigned)g < 4 ? l[g] : "-";
}

const char *prep_pack_likely_word(double l)
{
  return l >= 0.8 ? "high" : l >= 0.5 ? "medium" : "low";
}

const char *prep_pack_interviewer_words(enum prep_interviewer iv)
{
  switch (iv) {
  case PREP_IV_RECRUITER: return "For the recruiter";
  case PREP_IV_HIRING_MANAGER: return "For the hiring manager";
  case PREP_IV_ENGINEER: return "For an engineer on the team";
  case PREP_IV_PEER: return "For a future peer";
  case PREP_IV_EXECUTIVE: return "For a senior leader";
  default: return "For anyone you meet";
  }
}

const char *prep_pack_stages_text(struct prep_arena *a,
                                  const struct prep_role *role,
                                  const struct prep_question *q)
{
  char buf[512];
  size_t n = 0;
  buf[0] = '\0';
  for (int s = 0; s < PREP_STAGE_COUNT; s++) {
    if (!(q->stages & (1u << s)))
      continue;
    const char *nm = NULL;
    for (size_t r = 0; r < role->nstages; r++)
      if ((int)role->stages[r].kind == s)
        nm = role->stages[r].name;
    if (!nm)
      nm =
          prep_pack_tag_words(a, prep_stage_kind_name((enum prep_stage_kind)s));
    int w = snprintf(buf + n, sizeof buf - n, "%s%s", n ? ", " : "", nm);
    if (w < 0 || (size_t)w >= sizeof buf - n)
      break;
    n += (size_t)w;
  }
  return n ? prep_arena_strdup(a, buf) : "any stage";
}

const char *prep_pack_priority_why(const struct prep_plan_item *it)
{
  return it->story == NONE                ? "no story yet"
         : it->flags & PREP_IF_GAP        ? "CVs rarely show this"
         : it->flags & PREP_IF_CLAIM_RISK ? "a listed skill no bullet backs"
                                          : "thin evidence";
}

const char *prep_pack_date_line(struct prep_arena *a, const struct prep_date *d)
{
  if (d->year > 0 && prep_pack_month_name(d->month))
    return prep_arena_printf(a, "Pack date: %s %d",
                             prep_pack_month_name(d->month), d->year);
  if (d->year > 0)
    return prep_arena_printf(a, "Pack date: %d", d->year);
  return NULL;
}

const char *prep_pack_bullet_skills(struct prep_arena *a,
                                    const struct prep_facts *f)
{
  char buf[400];
  size_t bn = 0, nsk = 0;
  buf[0] = '\0';
  for (size_t i = 0; i < f->nskills && nsk < 5; i++) {
    if (!f->skills[i].in_bullet)
      continue;
    int w = snprintf(buf + bn, sizeof buf - bn, "%s%s", nsk ? ", " : "",
                     f->skills[i].name);
    if (w < 0 || (size_t)w >= sizeof buf - bn)
      break;
    bn += (size_t)w;
    nsk++;
  }
  return nsk ? prep_arena_strdup(a, buf) : NULL;
}

const char *prep_pack_education_words(struct prep_arena *a,
                                      const struct prep_education *e)
{
  return prep_arena_printf(
      a, "%s%s%s%s%s", e->study_type ? e->study_type : "",
      e->study_type && e->area ? " " : "", e->area ? e->area : "",
      (e->study_type || e->area) && e->institution ? ", " : "",
      e->institution ? e->institution : "");
}

/* v[0..n) joined by ", " while the text is shorter than `cap` bytes (the
 * last item may pass it; the whole is cut at 511), keeping a story's line
 * short; NULL when that gives no text. */
static const char *capped_list(struct prep_arena *a, const char *const *v,
                               size_t n, size_t cap)
{
  char buf[512];
  size_t len = 0;
  buf[0] = '\0';
  if (cap >= sizeof buf)
    cap = sizeof buf - 1;
  for (size_t i = 0; i < n && len < cap; i++)
    len += (size_t)snprintf(buf + len, sizeof buf - len, "%s%s", i ? ", " : "",
                            v[i]);
  return len ? prep_arena_strdup(a, buf) : NULL;
}

const char *prep_pack_story_questions(struct prep_arena *a,
                                      const struct prep_story *s)
{
  const char **v = prep_arena_alloc(a, (s->nquestions + 1) * sizeof *v);
  for (size_t q = 0; q < s->nquestions; q++)
    v[q] = prep_arena_printf(a, "Q%zu", s->questions[q] + 1);
  const char *list = capped_list(a, v, s->nquestions, 120);
  return list ? list : "spare";
}

const char *prep_pack_story_tags(struct prep_arena *a,
                                 const struct prep_story *s)
{
  const char **v = prep_arena_alloc(a, (s->ntags + 1) * sizeof *v);
  for (size_t t = 0; t < s->ntags; t++)
    v[t] = prep_pack_tag_words(a, s->tags[t]);
  const char *list = capped_list(a, v, s->ntags, 400);
  return list ? prep_arena_printf(a, "shows: %s", list) : "no tags";
}

const char *prep_pack_story_numbers(struct prep_arena *a,
                                    const struct prep_facts *f,
                                    const struct prep_story *s)
{
  if (!s->nresults)
    return NULL;
  const char **v = prep_arena_alloc(a, s->nresults * sizeof *v);
  for (size_t r = 0; r < s->nresults; r++)
    v[r] = f->results[s->results[r]].text;
  return prep_arena_printf(a, "Numbers: %s",
                           join(a, v, s->nresults, " \xC2\xB7 "));
}

const char *prep_pack_star_fallback(int part)
{
  static const char *const fallback[4] = {
      "Where were you, when, and what was at stake?",
      "What was yours to deliver, and what made it hard?",
      "The steps you took yourself, in order; name two decisions.",
      "What changed, in a number if you can."};
  return part >= 0 && part < 4 ? fallback[part] : NULL;
}

const char *const *prep_pack_self_check(size_t *n)
{
  static const char *const items[] = {
      "said aloud 3\xC3\x97", "under 2 minutes", "a number in it",
      "\xE2\x80\x9CI\xE2\x80\x9D, not \xE2\x80\x9Cwe\xE2\x80\x9D",
      "a lesson stated"};
  *n = sizeof items / sizeof items[0];
  return items;
}

const char *const *prep_pack_day_of(size_t *n)
{
  static const char *const items[] = {
      "Time, place and the names of the people you will meet, written down.",
      "Route or video link tested; leave with a margin of thirty minutes.",
      "Charged phone and laptop; a charger; for video, a quiet room and a "
      "plain background.",
      "Two printed copies of your CV, and this pack's At a glance page.",
      "A pen and paper for notes and design sketches.",
      "Water and something to eat before you start.",
      "Your opening: \xE2\x80\x9Ctell me about yourself\xE2\x80\x9D, said "
      "aloud once that morning.",
      "Three selling points and three stories you want to tell, whatever "
      "the questions.",
      "Questions to ask, chosen per interviewer.",
      "After each round: two minutes of notes on the debrief page.",
  };
  *n = sizeof items / sizeof items[0];
  return items;
}

/* Room for one more element in the arena array v of n elements (capacity
 * *cap, `first` when it is new); returns the array, moved when it grew. */
static void *grow(struct pk *k, void *v, size_t n, size_t *cap, size_t size,
                  size_t first)
{
  if (n < *cap)
    return v;
  size_t c = *cap ? *cap * 2 : first;
  void *nv = prep_arena_alloc(k->a, c * size);
  if (n)
    memcpy(nv, v, n * size);
  *cap = c;
  return nv;
}

/* Growable list of spans in the arena. */
struct spans {
  struct prep_span *v;
  size_t n, cap;
};

static void sp_add(struct pk *k, struct spans *s, enum prep_style st,
                   const char *text, enum prep_mark mk, unsigned link)
{
  s->v = grow(k, s->v, s->n, &s->cap, sizeof *s->v, 16);
  struct prep_span *x = &s->v[s->n++];
  x->style = st;
  x->text = text;
  x->mark = mk;
  x->link = link;
}

static void para(struct pk *k, struct spans *s, double indent)
{
  struct prep_para_fmt f;
  memset(&f, 0, sizeof f);
  f.indent = indent;
  prep_ts_para_spans(k->ts, s->v, s->n, &f);
}

/* A label line in small caps-like sans bold. */
static void label(struct pk *k, const char *text)
{
  struct prep_span sp = {PREP_ST_LABEL, text, PREP_MARK_NONE, 0};
  struct prep_para_fmt f;
  memset(&f, 0, sizeof f);
  f.space_before = 4;
  prep_ts_para_spans(k->ts, &sp, 1, &f);
}

/* Spans after a tick box, hanging `hang` points. */
static void box_para(struct pk *k, const struct prep_span *v, size_t n,
                     double hang, double space_after)
{
  struct prep_para_fmt f;
  memset(&f, 0, sizeof f);
  f.hang = hang;
  f.marker = PREP_MARK_BOX;
  f.space_after = space_after;
  prep_ts_para_spans(k->ts, v, n, &f);
}

/* A level-1 heading, the target of `anchor`; `outline` (or NULL) is its
 * shorter name in the PDF outline. */
static void heading1(struct pk *k, const char *title, const char *outline,
                     unsigned anchor)
{
  struct prep_heading h;
  memset(&h, 0, sizeof h);
  h.level = 1;
  h.text = title;
  h.outline_title = outline;
  h.anchor = anchor;
  prep_ts_heading_ex(k->ts, &h);
}

/* A section's opening on a new page: `name` in the running header, then
 * the heading `title` (NULL: the name; a longer title keeps the name in
 * the outline), the target of `anchor`. */
static void section_start(struct pk *k, const char *name, const char *title,
                          unsigned anchor)
{
  prep_ts_page_break(k->ts);
  prep_ts_set_header(k->ts, k->who, name);
  heading1(k, title ? title : name, title ? name : NULL, anchor);
}

/* A quoted CV line: mark, the text verbatim in italics, its place. */
static void quote(struct pk *k, size_t block, enum prep_mark mk, double indent)
{
  if (block >= k->doc->nblocks)
    return;
  struct spans s = {0};
  struct prep_para_fmt f;
  memset(&f, 0, sizeof f);
  f.indent = indent;
  if (mk != PREP_MARK_NONE) {
    f.hang = 14;
    f.marker = mk;
  }
  sp_add(k, &s, PREP_ST_ITALIC,
         prep_arena_printf(k->a, "\xE2\x80\x9C%s\xE2\x80\x9D",
                           k->doc->blocks[block].text),
         PREP_MARK_NONE, 0);
  sp_add(k, &s, PREP_ST_SMALL,
         prep_arena_printf(k->a, "  CV %s", where(k, block)), PREP_MARK_NONE,
         0);
  f.space_after = -3;
  prep_ts_para_spans(k->ts, s.v, s.n, &f);
}

static const char *qref(size_t i)
{
  static char b[8][24];
  static unsigned n;
  char *o = b[n++ % 8];
  snprintf(o, 24, "Q%zu", i + 1);
  return o;
}

/* Is block b a result-bearing line? */
static int has_result(const struct prep_facts *f, size_t b)
{
  for (size_t r = 0; r < f->nresults; r++)
    if (f->results[r].block == b)
      return 1;
  return 0;
}

/* ---- cover ---------------------------------------------------------------- */

const char *prep_pack_general_notice(struct prep_arena *a,
                                     const struct prep_plan *p,
                                     const struct prep_facts *f)
{
  if (!p->general)
    return NULL;
  return prep_arena_printf(
      a,
      "Your CV file gave prepgen almost no text (%zu words: a template, or "
      "a scanned image saved as a document?), so this is the general "
      "preparation for %s: every question with its guidance and room to "
      "write, nothing filled in from your experience. For a pack built on "
      "your CV, run prepgen on a DOCX, ODT or text file with real text "
      "(it does not read images).",
      f->near_empty_words,
      p->role && p->role->title ? p->role->title : "the role");
}

const char *prep_pack_before_tech_note(const struct prep_plan *p)
{
  for (size_t i = 0; i < p->nstories; i++)
    if (p->stories[i].pre_tech)
      return "Stories marked \xE2\x80\x9C" PREP_PACK_BEFORE_TECH
             "\xE2\x80\x9D come from your work before tech. They are strong "
             "answers to behavioural questions (pressure, conflict, "
             "customers, leading people): tell them as they happened, then "
             "say in one sentence what you still do the same way as an "
             "engineer.";
  return NULL;
}

static void cover(struct pk *k)
{
  struct prep_ts *ts = k->ts;
  const struct prep_plan *p = k->p;
  prep_ts_plain_page(ts);
  prep_ts_space(ts, prep_ts_body_height(ts) * 0.22);
  prep_ts_para(ts, PREP_ST_SUBTITLE, "Interview prep pack");
  /* the name exactly as in the CV, on one line when at all possible */
  const char *nm = k->name ? k->name : "[your name]";
  struct prep_ts_line ln[4];
  size_t nl = prep_ts_break(ts, PREP_ST_TITLE, nm, prep_ts_text_width(ts), ln,
                            4, NULL);
  prep_ts_para(ts, nl > 1 ? PREP_ST_H1 : PREP_ST_TITLE, nm);
  const char *role = p->role && p->role->title ? p->role->title : "";
  if (p->company && p->company[0])
    prep_ts_para(ts, PREP_ST_SUBTITLE,
                 prep_arena_printf(k->a, "%s \xC2\xB7 %s", role, p->company));
  else
    prep_ts_para(ts, PREP_ST_SUBTITLE, role);
  prep_ts_para(ts, PREP_ST_BODY,
               prep_arena_printf(k->a, "Level: %s",
                                 prep_level_name(p->level)));
  const char *dated = prep_pack_date_line(k->a, &k->f->as_of);
  if (dated)
    prep_ts_para(ts, PREP_ST_BODY, dated);
  prep_ts_space(ts, 18);
  prep_ts_rule(ts);
  prep_ts_para(ts, PREP_ST_SMALL,
               prep_arena_printf(
                   k->a,
                   "%zu questions ranked for this %s (%zu with a page of "
                   "their own), %zu stories from your experience, %zu prep "
                   "priorities.",
                   p->nitems, p->general ? "role" : "CV", p->nprimary,
                   p->nstories, p->npriorities));
  const char *general = prep_pack_general_notice(k->a, p, k->f);
  if (general) {
    prep_ts_space(ts, 6);
    prep_ts_para(ts, PREP_ST_BOLD, general);
    prep_ts_space(ts, 6);
  }
  prep_ts_para(ts, PREP_ST_SMALL,
               "Generated on your computer. Contains personal data: keep it "
               "private and shred it when you are done.");
}

/* ---- at a glance ------------------------------------------------------------ */

const struct prep_job *prep_pack_latest_job(const struct prep_facts *f,
                                            size_t *idx)
{
  const struct prep_job *best = NULL;
  long bestv = -1;
  for (size_t j = 0; j < f->njobs; j++) {
    const struct prep_job *jb = &f->jobs[j];
    long v = jb->end.present ? 999999L
             : jb->end.year ? jb->end.year * 12L + jb->end.month
             : jb->start.year ? jb->start.year * 12L + jb->start.month
                              : 0;
    if (v > bestv) {
      bestv = v;
      best = jb;
      *idx = j;
    }
  }
  return best;
}

const char *prep_pack_job_words(struct prep_arena *a,
                                const struct prep_job *j)
{
  const char *t = j->title ? j->title : "[your title]";
  const char *c = j->company ? j->company : "[the company]";
  if (j->date_text)
    return prep_arena_printf(a, "%s at %s (%s)", t, c, j->date_text);
  return prep_arena_printf(a, "%s at %s", t, c);
}

size_t prep_pack_selling_points(const struct prep_plan *p,
                                const struct prep_facts *f, size_t out[3])
{
  size_t order[64], n = 0;
  for (size_t i = 0; i < p->nstories && n < 64; i++)
    order[n++] = i;
  for (size_t i = 1; i < n; i++) /* strongest story first, stable */
    for (size_t j = i; j > 0 && p->stories[order[j]].strength >
                                    p->stories[order[j - 1]].strength;
         j--) {
      size_t t = order[j];
      order[j] = order[j - 1];
      order[j - 1] = t;
    }
  size_t *chosen = out, nc = 0;
  for (int pass = 0; pass < 3 && nc < 3; pass++)
    for (size_t o = 0; o < n && nc < 3; o++) {
      const struct prep_story *s = &p->stories[order[o]];
      size_t taken_here = 0;
      for (size_t c = 0; c < nc; c++)
        for (size_t b = 0; b < s->nbullets; b++)
          taken_here += chosen[c] == s->bullets[b];
      if (pass == 0 && taken_here)
        continue;
      for (size_t b = 0; b < s->nbullets; b++) {
        size_t bl = s->bullets[b];
        int dup = 0;
        for (size_t c = 0; c < nc; c++)
          dup |= chosen[c] == bl;
        if (dup || (pass < 2 && !has_result(f, bl)))
          continue;
        chosen[nc++] = bl;
        break;
      }
    }
  return nc;
}

static void selling_points(struct pk *k)
{
  size_t chosen[3];
  size_t nc = prep_pack_selling_points(k->p, k->f, chosen);
  if (nc == 0) {
    prep_ts_para(k->ts, PREP_ST_HINT,
                 "[No line of your CV shows a measured result yet: add one "
                 "number to your strongest bullet and say it aloud.]");
    return;
  }
  for (size_t c = 0; c < nc; c++)
    quote(k, chosen[c], PREP_MARK_BULLET, 0);
}

static void tell_me(struct pk *k)
{
  const struct prep_facts *f = k->f;
  struct prep_ts *ts = k->ts;
  size_t li = NONE;
  const struct prep_job *now = prep_pack_latest_job(f, &li);
  struct prep_para_fmt fm;
  memset(&fm, 0, sizeof fm);
  fm.hang = 46;
  fm.space_after = -2;
  struct spans s = {0};
  /* present */
  fm.marker_text = "Present";
  sp_add(k, &s, PREP_ST_BODY,
         now ? prep_pack_job_words(k->a, now)
             : "[what you do now: your role, where, and the work you own]",
         PREP_MARK_NONE, 0);
  const char *skills = prep_pack_bullet_skills(k->a, f);
  sp_add(k, &s, PREP_ST_SMALL,
         skills ? prep_arena_printf(
                      k->a, "   skills you use in your bullets: %s", skills)
                : "   [two or three skills you use every day]",
         PREP_MARK_NONE, 0);
  {
    struct prep_span *v = s.v;
    struct prep_para_fmt f1 = fm;
    prep_ts_para_spans(ts, v, s.n, &f1);
  }
  /* past */
  s.n = 0;
  fm.marker_text = "Past";
  size_t np = 0;
  for (size_t j = 0; j < f->njobs && np < 3; j++) {
    if (j == li)
      continue;
    sp_add(k, &s, PREP_ST_BODY,
           prep_arena_printf(k->a, "%s%s", np ? "; " : "",
                             prep_pack_job_words(k->a, &f->jobs[j])),
           PREP_MARK_NONE, 0);
    np++;
  }
  if (np == 0 && f->neducation) {
    sp_add(k, &s, PREP_ST_BODY,
           prep_pack_education_words(k->a, &f->education[0]), PREP_MARK_NONE,
           0);
    np++;
  }
  if (np == 0)
    sp_add(k, &s, PREP_ST_BODY,
           "[an earlier role, project or course that led you here]",
           PREP_MARK_NONE, 0);
  sp_add(k, &s, PREP_ST_SMALL, "   [one turning point and what it taught you]",
         PREP_MARK_NONE, 0);
  prep_ts_para_spans(ts, s.v, s.n, &fm);
  /* future */
  s.n = 0;
  fm.marker_text = "Future";
  const char *role = k->p->role->title ? k->p->role->title : "this role";
  if (k->p->company && k->p->company[0])
    sp_add(k, &s, PREP_ST_BODY,
           prep_arena_printf(k->a, "%s at %s", role, k->p->company),
           PREP_MARK_NONE, 0);
  else
    sp_add(k, &s, PREP_ST_BODY, role, PREP_MARK_NONE, 0);
  sp_add(k, &s, PREP_ST_SMALL,
         "   [why this is your next step, in one sentence of your own]",
         PREP_MARK_NONE, 0);
  prep_ts_para_spans(ts, s.v, s.n, &fm);
  prep_ts_para(ts, PREP_ST_SMALL,
               "Aim for 60 to 90 seconds: about a third on the present, half "
               "on the past, the rest on why this role.");
}

static void at_a_glance(struct pk *k)
{
  struct prep_ts *ts = k->ts;
  const struct prep_plan *p = k->p;
  section_start(k, "At a glance", NULL, k->glance);

  prep_ts_heading_ex(ts, &(struct prep_heading){.level = 3,
                                                 .text = "Top prep priorities",
                                                 .no_outline = 1,
                                                 .toc = -1});
  size_t shown = 0;
  for (size_t m = 0; m < p->npriorities && shown < 5; m++, shown++) {
    size_t i = p->priorities[m];
    const struct prep_plan_item *it = &p->items[i];
    struct spans s = {0};
    struct prep_para_fmt f;
    memset(&f, 0, sizeof f);
    f.space_after = -3;
    sp_add(k, &s, PREP_ST_LABEL, prep_arena_printf(k->a, "%s  ", qref(i)),
           PREP_MARK_NONE, k->q_anchor[i]);
    sp_add(k, &s, PREP_ST_BODY, it->q->text, PREP_MARK_NONE, k->q_anchor[i]);
    sp_add(k, &s, PREP_ST_SMALL,
           prep_arena_printf(k->a, "  %s, likelihood %s",
                             prep_pack_priority_why(it),
                             prep_pack_likely_word(it->likelihood)),
           PREP_MARK_NONE, 0);
    prep_ts_para_spans(ts, s.v, s.n, &f);
  }
  if (shown == 0)
    prep_ts_para(ts, PREP_ST_BODY,
                 "Your CV backs every likely question: rehearse the stories "
                 "aloud and time them.");

  prep_ts_heading_ex(ts, &(struct prep_heading){
                             .level = 3,
                             .text = "Three selling points, in your CV's words",
                             .no_outline = 1,
                             .toc = -1});
  selling_points(k);

  prep_ts_heading_ex(ts, &(struct prep_heading){
                             .level = 3,
                             .text = "\xE2\x80\x9CTell me about yourself\xE2\x80"
                                     "\x9D: present, past, future",
                             .no_outline = 1,
                             .toc = -1});
  tell_me(k);

  prep_ts_heading_ex(ts, &(struct prep_heading){.level = 3,
                                                 .text = "Story index",
                                                 .no_outline = 1,
                                                 .toc = -1});
  if (p->nstories == 0) {
    prep_ts_para(ts, PREP_ST_HINT,
                 "[No job or project with bullets was found: write down three "
                 "experiences you can tell in two minutes each.]");
    return;
  }
  size_t nr = p->nstories + 1;
  struct prep_cell *c = prep_arena_alloc(k->a, nr * 3 * sizeof *c);
  memset(c, 0, nr * 3 * sizeof *c);
  c[0] = (struct prep_cell){"Story", PREP_ST_LABEL, PREP_MARK_NONE,
                            PREP_ALIGN_LEFT};
  c[1] = (struct prep_cell){"From your CV", PREP_ST_LABEL, PREP_MARK_NONE,
                            PREP_ALIGN_LEFT};
  c[2] = (struct prep_cell){"Questions it serves", PREP_ST_LABEL,
                            PREP_MARK_NONE, PREP_ALIGN_LEFT};
  for (size_t i = 0; i < p->nstories; i++) {
    const struct prep_story *s = &p->stories[i];
    struct prep_cell *r = &c[(i + 1) * 3];
    r[0] = (struct prep_cell){s->id, PREP_ST_LABEL, PREP_MARK_NONE,
                              PREP_ALIGN_LEFT};
    const char *from =
        s->dates ? prep_arena_printf(k->a, "%s (%s)", s->title, s->dates)
                 : s->title;
    if (s->pre_tech)
      from = prep_arena_printf(k->a, "%s \xC2\xB7 " PREP_PACK_BEFORE_TECH,
                               from);
    r[1] = (struct prep_cell){from, PREP_ST_SMALL, PREP_MARK_NONE,
                              PREP_ALIGN_LEFT};
    r[2] = (struct prep_cell){prep_pack_story_questions(k->a, s), PREP_ST_SMALL,
                              PREP_MARK_NONE, PREP_ALIGN_LEFT};
  }
  static const double w[] = {1, 7, 3};
  struct prep_table t = {3, w, c, nr, 1, 1};
  prep_ts_table(ts, &t);
}

/* ---- role briefing -------------------------------------------------------- */

static void bullets(struct pk *k, const char *title, const struct prep_strv *v)
{
  if (!v->n)
    return;
  prep_ts_heading_ex(k->ts, &(struct prep_heading){
                                .level = 3, .text = title, .toc = -1});
  for (size_t i = 0; i < v->n; i++)
    prep_ts_bullet(k->ts, PREP_ST_BODY, v->v[i]);
}

static void briefing(struct pk *k)
{
  struct prep_ts *ts = k->ts;
  const struct prep_role *r = k->p->role;
  section_start(
      k, "Role briefing",
      prep_arena_printf(k->a, "Role briefing: %s", r->title ? r->title : r->id),
      k->brief);
  if (r->summary)
    prep_ts_para(ts, PREP_ST_BODY, r->summary);
  if (r->nstages) {
    prep_ts_heading_ex(ts, &(struct prep_heading){
                               .level = 3, .text = "Stages and what each tests",
                               .toc = -1});
    size_t nr = r->nstages + 1;
    struct prep_cell *c = prep_arena_alloc(k->a, nr * 3 * sizeof *c);
    memset(c, 0, nr * 3 * sizeof *c);
    c[0] = (struct prep_cell){"Stage", PREP_ST_LABEL, PREP_MARK_NONE,
                              PREP_ALIGN_LEFT};
    c[1] = (struct prep_cell){"What it tests", PREP_ST_LABEL, PREP_MARK_NONE,
                              PREP_ALIGN_LEFT};
    c[2] = (struct prep_cell){"Yours", PREP_ST_LABEL, PREP_MARK_NONE,
                              PREP_ALIGN_CENTER};
    for (size_t i = 0; i < r->nstages; i++) {
      struct prep_cell *row = &c[(i + 1) * 3];
      row[0] = (struct prep_cell){r->stages[i].name, PREP_ST_BOLD,
                                  PREP_MARK_NONE, PREP_ALIGN_LEFT};
      row[1] = (struct prep_cell){r->stages[i].tests, PREP_ST_BODY,
                                  PREP_MARK_NONE, PREP_ALIGN_LEFT};
      row[2] = (struct prep_cell){NULL, PREP_ST_BODY, PREP_MARK_BOX,
                                  PREP_ALIGN_CENTER};
    }
    static const double w[] = {3, 8, 1};
    struct prep_table t = {3, w, c, nr, 1, 1};
    prep_ts_table(ts, &t);
    prep_ts_para(ts, PREP_ST_SMALL,
                 "Tick the stages your invitation mentions; the question "
                 "pages say which stage each question belongs to.");
  }
  bullets(k, "Formats", &r->formats);
  bullets(k, "What interviewers screen for", &r->screens_for);
  bullets(k, "Red flags", &r->red_flags);
  bullets(k, "Where candidates stumble", &r->stumbles);
}

/* ---- evidence map ---------------------------------------------------------- */

static void chart(struct pk *k, int themes)
{
  const struct prep_plan *p = k->p;
  size_t n = 0, maxq = 1;
  for (size_t i = 0; i < p->ntopics; i++)
    if (p->topics[i].is_theme == themes) {
      n++;
      if (p->topics[i].nquestions > maxq)
        maxq = p->topics[i].nquestions;
    }
  if (!n)
    return;
  struct prep_chart_row *rows = prep_arena_alloc(k->a, n * sizeof *rows);
  size_t j = 0;
  for (size_t i = 0; i < p->ntopics; i++) {
    const struct prep_topic_row *t = &p->topics[i];
    if (t->is_theme != themes)
      continue;
    rows[j].label = tag_words(k, t->tag);
    rows[j].mark = grade_mark(t->grade);
    rows[j].letter = prep_pack_grade_letter(t->grade);
    rows[j].value = (double)t->nquestions / (double)maxq;
    rows[j].value_text = prep_arena_printf(k->a, "%zu", t->nquestions);
    rows[j].link = 0;
    j++;
  }
  struct prep_chart c = {rows, n, 2};
  prep_ts_chart(k->ts, &c);
}

static void legend(struct pk *k)
{
  struct spans s = {0};
  sp_add(k, &s, PREP_ST_SMALL, NULL, PREP_MARK_FULL, 0);
  sp_add(k, &s, PREP_ST_SMALL, " S strong: a bullet with a result    ",
         PREP_MARK_NONE, 0);
  sp_add(k, &s, PREP_ST_SMALL, NULL, PREP_MARK_HALF, 0);
  sp_add(k, &s, PREP_ST_SMALL, " M medium: a bullet, no number    ",
         PREP_MARK_NONE, 0);
  sp_add(k, &s, PREP_ST_SMALL, NULL, PREP_MARK_EMPTY, 0);
  sp_add(k, &s, PREP_ST_SMALL,
         " W weak: only listed    - none.   Bar: how many questions use it.",
         PREP_MARK_NONE, 0);
  para(k, &s, 0);
}

static void story_grid(struct pk *k)
{
  const struct prep_plan *p = k->p;
  size_t ns = p->nstories > 12 ? 12 : p->nstories;
  size_t nth = 0;
  for (size_t i = 0; i < p->ntopics; i++)
    nth += p->topics[i].is_theme;
  if (!ns || !nth)
    return;
  prep_ts_heading_ex(k->ts, &(struct prep_heading){
                                .level = 2, .text = "Stories \xC3\x97 themes",
                                .toc = -1});
  size_t nc = ns + 2, nr = nth + 1;
  struct prep_cell *c = prep_arena_alloc(k->a, nr * nc * sizeof *c);
  memset(c, 0, nr * nc * sizeof *c);
  c[0] = (struct prep_cell){"Theme", PREP_ST_LABEL, PREP_MARK_NONE,
                            PREP_ALIGN_LEFT};
  for (size_t s = 0; s < ns; s++)
    c[1 + s] = (struct prep_cell){p->stories[s].id, PREP_ST_LABEL,
                                  PREP_MARK_NONE, PREP_ALIGN_CENTER};
  c[nc - 1] = (struct prep_cell){"Covered", PREP_ST_LABEL, PREP_MARK_NONE,
                                 PREP_ALIGN_CENTER};
  size_t r = 1;
  for (size_t i = 0; i < p->ntopics; i++) {
    const struct prep_topic_row *t = &p->topics[i];
    if (!t->is_theme)
      continue;
    struct prep_cell *row = &c[r * nc];
    row[0] = (struct prep_cell){tag_words(k, t->tag), PREP_ST_SMALL,
                                PREP_MARK_NONE, PREP_ALIGN_LEFT};
    size_t cov = 0;
    for (size_t s = 0; s < ns; s++) {
      const struct prep_story *st = &p->stories[s];
      int has = 0;
      for (size_t g = 0; g < st->ntags; g++)
        has |= strcmp(st->tags[g], t->tag) == 0;
      cov += (size_t)has;
      row[1 + s] = (struct prep_cell){NULL, PREP_ST_SMALL,
                                      has ? PREP_MARK_FULL : PREP_MARK_NONE,
                                      PREP_ALIGN_CENTER};
    }
    row[nc - 1] = (struct prep_cell){cov ? "yes" : "prompt", PREP_ST_SMALL,
                                     PREP_MARK_NONE, PREP_ALIGN_CENTER};
    r++;
  }
  double *w = prep_arena_alloc(k->a, nc * sizeof *w);
  w[0] = 5;
  for (size_t s = 0; s < ns; s++)
    w[1 + s] = 1.15;
  w[nc - 1] = 2;
  struct prep_table t = {nc, w, c, nr, 1, 1};
  prep_ts_table(k->ts, &t);
  prep_ts_para(k->ts, PREP_ST_SMALL,
               "A filled circle: the story's lines show the theme. "
               "\xE2\x80\x9Cprompt\xE2\x80\x9D: no story shows it yet; the "
               "question pages prompt you for one.");
}

static void evidence_map(struct pk *k)
{
  struct prep_ts *ts = k->ts;
  const struct prep_plan *p = k->p;
  section_start(k, "Evidence map", NULL, k->map);
  prep_ts_para(ts, PREP_ST_BODY,
               k->compact ? "Prepare where the circle is empty and the bar "
                            "is long."
                          : "How well your CV backs each topic and theme the "
                            "role's questions use. Prepare where the circle "
                            "is empty and the bar is long.");
  legend(k);
  prep_ts_heading_ex(ts, &(struct prep_heading){.level = 2,
                                                 .text = "Technical topics",
                                                 .toc = -1});
  chart(k, 0);
  prep_ts_heading_ex(ts, &(struct prep_heading){.level = 2,
                                                 .text = "Behavioural themes",
                                                 .toc = -1});
  chart(k, 1);
  story_grid(k);

  prep_ts_heading_ex(ts, &(struct prep_heading){.level = 2,
                                                 .text = "Flags",
                                                 .toc = -1});
  prep_ts_heading_ex(ts, &(struct prep_heading){
                             .level = 3,
                             .text = "Claim risk: listed, never shown in use",
                             .toc = -1});
  if (!p->nclaims)
    prep_ts_para(ts, PREP_ST_BODY,
                 "None: every skill you list appears in a bullet.");
  if (k->compact && p->nclaims) {
    /* one flowing paragraph: box, skill, place; then the advice once */
    struct spans s = {0};
    for (size_t i = 0; i < p->nclaims; i++) {
      const struct prep_claim_risk *c = &p->claims[i];
      /* no-break spaces keep a box with its skill and its place */
      char *at = prep_arena_printf(k->a, "\xC2\xA0" "CV %s%s",
                                   where(k, c->block),
                                   c->expert ? ", called expert" : "");
      size_t n = strlen(at);
      char *w = prep_arena_alloc(k->a, n * 2 + 8);
      size_t j = 0;
      for (size_t q = 0; q < n; q++) {
        if (at[q] == ' ') {
          w[j++] = '\xC2';
          w[j++] = '\xA0';
        } else {
          w[j++] = at[q];
        }
      }
      if (i + 1 < p->nclaims) { /* a wider gap (spaces would collapse) */
        memcpy(w + j, "\xC2\xA0\xC2\xA0 ", 5);
        j += 5;
      }
      w[j] = '\0';
      sp_add(k, &s, PREP_ST_BODY, NULL, PREP_MARK_BOX, 0);
      sp_add(k, &s, PREP_ST_BOLD,
             prep_arena_printf(k->a, "\xC2\xA0%s", c->skill), PREP_MARK_NONE,
             0);
      sp_add(k, &s, PREP_ST_SMALL, w, PREP_MARK_NONE, 0);
    }
    para(k, &s, 0);
    prep_ts_para(ts, PREP_ST_SMALL,
                 "Have one concrete example ready for each.");
  }
  for (size_t i = 0; i < (k->compact ? 0 : p->nclaims); i++) {
    const struct prep_claim_risk *c = &p->claims[i];
    struct spans s = {0};
    sp_add(k, &s, PREP_ST_BOLD, c->skill, PREP_MARK_NONE, 0);
    sp_add(k, &s, PREP_ST_SMALL,
           prep_arena_printf(k->a, "  listed at CV %s%s; have one concrete "
                                   "example ready",
                             where(k, c->block),
                             c->expert ? ", called expert" : ""),
           PREP_MARK_NONE, 0);
    box_para(k, s.v, s.n, 14, -3);
  }
  prep_ts_heading_ex(ts, &(struct prep_heading){
                             .level = 3,
                             .text = "Structural gaps: always prepare a story",
                             .toc = -1});
  size_t ng = 0;
  for (size_t i = 0; i < p->nitems; i++) {
    const struct prep_plan_item *it = &p->items[i];
    if (!(it->flags & PREP_IF_GAP))
      continue;
    /* a reference list (the question has its own page): small print */
    struct spans s = {0};
    sp_add(k, &s, PREP_ST_LABEL, prep_arena_printf(k->a, "%s  ", qref(i)),
           PREP_MARK_NONE, k->q_anchor[i]);
    sp_add(k, &s, PREP_ST_SMALL, it->q->text, PREP_MARK_NONE, k->q_anchor[i]);
    box_para(k, s.v, s.n, 14, -1);
    ng++;
  }
  if (!ng)
    prep_ts_para(ts, PREP_ST_BODY, "None flagged for this role.");
  if (p->has_job) {
    prep_ts_heading_ex(ts, &(struct prep_heading){
                               .level = 2, .text = "The job posting",
                               .toc = -1});
    static const char *const ttl[2] = {"Skills it asks for that you have",
                                       "Skills it asks for that you lack"};
    for (int side = 0; side < 2; side++) {
      const char *const *v = side ? p->job_lack : p->job_have;
      size_t n = side ? p->njob_lack : p->njob_have;
      label(k, ttl[side]);
      if (!n) {
        prep_ts_para(ts, PREP_ST_BODY, "None.");
        continue;
      }
      prep_ts_para(ts, PREP_ST_BODY, join(k->a, v, n, ", "));
    }
    prep_ts_para(ts, PREP_ST_SMALL,
                 "For each skill you lack: say honestly what you know, what "
                 "is closest in your experience, and how you would learn it.");
  }
}

/* ---- plan by days ------------------------------------------------------- */

struct task {
  const char *text;
  unsigned link;
};

struct tasks {
  struct task *v;
  size_t n, cap;
};

static void task_add(struct pk *k, struct tasks *t, const char *text,
                     unsigned link)
{
  t->v = grow(k, t->v, t->n, &t->cap, sizeof *t->v, 32);
  t->v[t->n].text = text;
  t->v[t->n].link = link;
  t->n++;
}

static void task_item(struct pk *k, const struct task *t)
{
  struct prep_span sp = {PREP_ST_BODY, t->text, PREP_MARK_NONE, t->link};
  box_para(k, &sp, 1, 10.5 * 1.6, -3);
}

static void plan_days(struct pk *k)
{
  struct prep_ts *ts = k->ts;
  const struct prep_plan *p = k->p;
  int n = k->days;
  section_start(k, "Plan",
                n == 1 ? "Plan: one day left"
                       : prep_arena_printf(k->a, "Plan: %d days left", n),
                k->plan_a);

  /* work items, most important first */
  struct tasks w = {0};
  task_add(k, &w, "Read the role briefing and tick the stages you will face.",
           k->brief);
  for (size_t m = 0; m < p->npriorities; m++) {
    size_t i = p->priorities[m];
    const struct prep_plan_item *it = &p->items[i];
    if (it->story == NONE || (it->flags & PREP_IF_GAP))
      task_add(k, &w,
               prep_arena_printf(k->a,
                                 "Draft a story for %s (%s): pick the "
                                 "experience, fill the STAR boxes.",
                                 qref(i), it->q->id),
               k->q_anchor[i]);
  }
  for (size_t m = 0; m < p->npriorities; m++) {
    size_t i = p->priorities[m];
    const struct prep_plan_item *it = &p->items[i];
    if (!(it->story == NONE || (it->flags & PREP_IF_GAP)))
      task_add(k, &w,
               prep_arena_printf(k->a,
                                 "Fill the STAR boxes of %s (%s) and say the "
                                 "answer aloud.",
                                 qref(i), it->q->id),
               k->q_anchor[i]);
  }
  if (p->nclaims)
    task_add(k, &w,
             "Claim risk: find one concrete example for each skill you list "
             "but never show (evidence map).",
             k->map);
  task_add(k, &w,
           "Say \xE2\x80\x9Ctell me about yourself\xE2\x80\x9D aloud and time "
           "it: 60 to 90 seconds.",
           k->glance);
  for (size_t s = 0; s < p->nstories && s < 4; s++)
    task_add(k, &w,
             prep_arena_printf(k->a,
                               "Rehearse story %s aloud in under two "
                               "minutes, with its number.",
                               p->stories[s].id),
             k->s_anchor[s]);
  size_t first_q = 0;
  while (first_q < p->nprimary &&
         (p->items[first_q].flags & PREP_IF_PRIORITY))
    first_q++;
  for (size_t i = first_q; i < p->nprimary; i += 6) {
    size_t e = i + 6 < p->nprimary ? i + 6 : p->nprimary;
    task_add(k, &w,
             prep_arena_printf(k->a,
                               "Question pages %s to %s: fill the boxes, tick "
                               "the self-checks.",
                               qref(i), qref(e - 1)),
             k->q_anchor[i]);
  }
  if (p->nitems > p->nprimary)
    task_add(k, &w, "Practice questions: three lines each, aloud once.",
             k->practice);
  task_add(k, &w, "Pick three questions to ask each interviewer.", k->ask);
  task_add(k, &w,
           "Mock interview: have someone choose five question pages at random "
           "and ask them.",
           0);

  static const char *const last[] = {
      "Work through the day-of checklist.",
      "Re-read At a glance and your story index; no new material today.",
      "Say your opening and your three selling points aloud once.",
  };
  if (n <= 1) {
    prep_ts_heading_ex(ts, &(struct prep_heading){
                               .level = 3, .text = "Today", .toc = -1});
    size_t lim = w.n < 6 ? w.n : 6;
    for (size_t i = 1; i < lim; i++)
      task_item(k, &w.v[i]);
    for (size_t i = 0; i < 3; i++) {
      struct task t = {last[i], i == 0 ? k->dayof : k->glance};
      task_item(k, &t);
    }
    return;
  }
  /* days 1..n-1 share the work items in order; the last day is fixed */
  size_t days = (size_t)n - 1, at = 0;
  for (size_t d = 0; d < days; d++) {
    size_t end = w.n * (d + 1) / days;
    int left = n - (int)d;
    prep_ts_heading_ex(
        ts, &(struct prep_heading){
                .level = 3,
                .text = prep_arena_printf(k->a, "Day %zu \xC2\xB7 %d days left",
                                          d + 1, left),
                .toc = -1,
                .no_outline = 1});
    if (at >= end) {
      /* more days than work: spaced repetition of the priorities */
      size_t m = p->npriorities ? d % p->npriorities : 0;
      struct task t = {
          p->npriorities
              ? prep_arena_printf(k->a,
                                  "Review: say your answer to %s aloud again "
                                  "and time it.",
                                  qref(p->priorities[m]))
              : "Review: say two stories aloud again and time them.",
          p->npriorities ? k->q_anchor[p->priorities[m]] : k->stories};
      task_item(k, &t);
    }
    for (; at < end; at++)
      task_item(k, &w.v[at]);
  }
  prep_ts_heading_ex(ts, &(struct prep_heading){
                             .level = 3,
                             .text = prep_arena_printf(
                                 k->a, "Day %d \xC2\xB7 the last day", n),
                             .toc = -1,
                             .no_outline = 1});
  for (size_t i = 0; i < 3; i++) {
    struct task t = {last[i], i == 0 ? k->dayof : k->glance};
    task_item(k, &t);
  }
}

/* ---- question pages ------------------------------------------------------ */

static void badges(struct pk *k, size_t i)
{
  const struct prep_plan_item *it = &k->p->items[i];
  struct spans s = {0};
  sp_add(k, &s, PREP_ST_LABEL, prep_arena_printf(k->a, "%s  ", it->q->id),
         PREP_MARK_NONE, 0);
  sp_add(k, &s, PREP_ST_SMALL,
         prep_arena_printf(k->a,
                           "%s \xC2\xB7 %s \xC2\xB7 likelihood %s "
                           "(%.2f) \xC2\xB7 evidence ",
                           cap_first(k, prep_q_category_name(it->q->category)),
                           prep_pack_stages_text(k->a, k->p->role, it->q),
                           prep_pack_likely_word(it->likelihood),
                           it->likelihood),
         PREP_MARK_NONE, 0);
  sp_add(k, &s, PREP_ST_SMALL, NULL, grade_mark(it->grade), 0);
  sp_add(k, &s, PREP_ST_LABEL,
         prep_arena_printf(k->a, " %s", prep_pack_grade_letter(it->grade)),
         PREP_MARK_NONE, 0);
  sp_add(k, &s, PREP_ST_SMALL,
         prep_arena_printf(k->a, " %s", prep_grade_name(it->grade)),
         PREP_MARK_NONE, 0);
  char fl[160];
  fl[0] = '\0';
  if (it->flags & PREP_IF_PRIORITY)
    strcat(fl, " \xC2\xB7 PRIORITY");
  if (it->flags & PREP_IF_GAP)
    strcat(fl, " \xC2\xB7 structural gap");
  if (it->flags & PREP_IF_CLAIM_RISK)
    strcat(fl, " \xC2\xB7 claim risk");
  if (it->flags & PREP_IF_JOB)
    strcat(fl, " \xC2\xB7 in the posting");
  if (fl[0])
    sp_add(k, &s, PREP_ST_LABEL, prep_arena_strdup(k->a, fl), PREP_MARK_NONE,
           0);
  para(k, &s, 0);
}

/* A question's heading ("Q3  its text"; "Q3 its-id" in the outline),
 * the target of its anchor, then its badges. */
static void question_head(struct pk *k, size_t i, unsigned level, int toc)
{
  const struct prep_question *q = k->p->items[i].q;
  struct prep_heading h;
  memset(&h, 0, sizeof h);
  h.level = level;
  h.text = prep_arena_printf(k->a, "%s  %s", qref(i), q->text);
  h.outline_title = prep_arena_printf(k->a, "%s %s", qref(i), q->id);
  h.anchor = k->q_anchor[i];
  h.toc = toc;
  prep_ts_heading_ex(k->ts, &h);
  badges(k, i);
}

/* Is block b quoted in the item's Action box? */
static int in_action(const struct prep_plan_item *it, size_t b)
{
  if (it->scaffold.empty)
    return 0;
  for (size_t a = 0; a < it->scaffold.naction; a++)
    if (it->scaffold.action[a].block == b)
      return 1;
  return 0;
}

/* The item's evidence quotes (at most `max`); with `skip_action`, lines
 * already quoted in the Action box are named by place instead. */
static void evidence_lines(struct pk *k, const struct prep_plan_item *it,
                           size_t max, int skip_action)
{
  size_t shown = 0, named = 0, more = 0;
  char places[256], others[256];
  size_t pn = 0, on = 0;
  places[0] = others[0] = '\0';
  for (size_t q = 0; q < it->nquotes; q++) {
    const struct prep_quote *qt = &it->quotes[q];
    int act = skip_action && in_action(it, qt->block);
    if (!act && qt->grade == PREP_GRADE_WEAK && (shown || named || more))
      continue; /* a skills line only when nothing better */
    if (act || shown >= max) {
      char *b = act ? places : others;
      size_t *n = act ? &pn : &on;
      if (*n < 180)
        *n += (size_t)snprintf(b + *n, 256 - *n, "%s%s (%s)", *n ? ", " : "",
                               where(k, qt->block),
                               prep_grade_name(qt->grade));
      if (act)
        named++;
      else
        more++;
      continue;
    }
    quote(k, qt->block, grade_mark(qt->grade), 0);
    shown++;
  }
  if (named)
    prep_ts_para(k->ts, PREP_ST_SMALL,
                 prep_arena_printf(k->a, "Quoted under Action below: CV %s.",
                                   places));
  if (more)
    prep_ts_para(k->ts, PREP_ST_SMALL,
                 prep_arena_printf(k->a, "Also backs it: CV %s.", others));
  if (!shown && !named && !more)
    prep_ts_para(k->ts, PREP_ST_HINT,
                 "[No line of your CV backs this yet: choose an experience "
                 "and draft it below. This is a prep priority.]");
  if (it->nclaim_skills)
    prep_ts_para(k->ts, PREP_ST_SMALL,
                 prep_arena_printf(
                     k->a,
                     "Claim risk: you list %s but no bullet "
                     "shows it in use; expect to be probed.",
                     join(k->a, it->claim_skills, it->nclaim_skills, ", ")));
}

static const char *const STAR_LABEL[4] = {
    "SITUATION", "TASK", "ACTION  (the largest part: what you did)",
    "RESULT"};

/* The STAR box bodies of an item. */
static void star_bodies(struct pk *k, const struct prep_plan_item *it,
                        struct spans body[4], int terse)
{
  const struct prep_scaffold *sc = &it->scaffold;
  for (int b = 0; b < 4; b++)
    memset(&body[b], 0, sizeof body[b]);
  /* Situation / Task: from the story's facts, else the bank's prompt */
  const char *st[2] = {sc->situation, sc->task};
  for (int b = 0; b < 2; b++) {
    if (!sc->empty && st[b])
      sp_add(k, &body[b], b == 0 ? PREP_ST_BODY : PREP_ST_HINT, st[b],
             PREP_MARK_NONE, 0);
    else
      sp_add(k, &body[b], PREP_ST_HINT,
             prep_arena_printf(k->a, "[%s]",
                               sc->prompt[b] ? sc->prompt[b]
                                             : prep_pack_star_fallback(b)),
             PREP_MARK_NONE, 0);
  }
  if (!sc->empty && sc->prompt[0] && !terse)
    sp_add(k, &body[0], PREP_ST_HINT,
           prep_arena_printf(k->a, "\n%s", sc->prompt[0]), PREP_MARK_NONE, 0);
  /* Action: the bullets verbatim, then the prompts */
  for (size_t a = 0; a < sc->naction; a++) {
    sp_add(k, &body[2], PREP_ST_HINT,
           prep_arena_printf(k->a, "%s\xE2\x80\x9C%s\xE2\x80\x9D",
                             a ? "\n" : "", sc->action[a].text),
           PREP_MARK_NONE, 0);
    sp_add(k, &body[2], PREP_ST_SMALL,
           prep_arena_printf(k->a, "  CV %s", where(k, sc->action[a].block)),
           PREP_MARK_NONE, 0);
  }
  if (sc->empty)
    sp_add(k, &body[2], PREP_ST_HINT,
           prep_arena_printf(k->a, "[%s]",
                             sc->prompt[2] ? sc->prompt[2]
                                           : prep_pack_star_fallback(2)),
           PREP_MARK_NONE, 0);
  for (size_t a = 0; a < (terse ? 0 : sc->naction_prompts); a++)
    sp_add(k, &body[2], PREP_ST_SMALL,
           prep_arena_printf(k->a, "%s%s", body[2].n ? "\n" : "",
                             sc->action_prompts[a]),
           PREP_MARK_NONE, 0);
  /* Result: the numbers verbatim, or the placeholder */
  if (!sc->empty && !sc->result_missing && sc->nresult) {
    sp_add(k, &body[3], PREP_ST_BODY,
           join(k->a, sc->result, sc->nresult, " \xC2\xB7 "), PREP_MARK_NONE,
           0);
    if (sc->prompt[3] && !terse)
      sp_add(k, &body[3], PREP_ST_HINT,
             prep_arena_printf(k->a, "\n%s", sc->prompt[3]), PREP_MARK_NONE,
             0);
  } else {
    for (size_t r = 0; r < sc->nresult; r++)
      sp_add(k, &body[3], PREP_ST_HINT,
             prep_arena_printf(k->a, "%s%s", r ? "\n" : "", sc->result[r]),
             PREP_MARK_NONE, 0);
    if (!sc->nresult)
      sp_add(k, &body[3], PREP_ST_HINT,
             "[add a number: time saved, users served, errors avoided or "
             "money]",
             PREP_MARK_NONE, 0);
  }
}

/* "• a\n• b" for a table cell ("" for none). */
static const char *bullet_list(struct pk *k, const char *const *v, size_t n)
{
  if (!n)
    return "";
  return prep_arena_printf(k->a, "\xE2\x80\xA2 %s",
                           join(k->a, v, n, "\n\xE2\x80\xA2 "));
}

static void self_check(struct pk *k)
{
  size_t n;
  const char *const *items = prep_pack_self_check(&n);
  struct spans s = {0};
  sp_add(k, &s, PREP_ST_LABEL, "SELF-CHECK   ", PREP_MARK_NONE, 0);
  for (size_t i = 0; i < n; i++) {
    sp_add(k, &s, PREP_ST_SMALL, NULL, PREP_MARK_BOX, 0);
    sp_add(k, &s, PREP_ST_SMALL,
           prep_arena_printf(k->a, " %s%s", items[i], i + 1 < n ? "    " : ""),
           PREP_MARK_NONE, 0);
  }
  para(k, &s, 0);
}

/* One primary question on one page, at a level of compaction: 0 sets
 * everything; 1 keeps three pointers and three follow-ups and names the
 * evidence lines quoted under Action instead of quoting them twice; 2 also
 * keeps two of each, drops the repeated prompts and sets the page tight;
 * 3 keeps one pointer and sets "why it comes up" small.  Returns 0
 * when the page holds it with room to write (at level 3, always). */
static int primary_page_at(struct pk *k, size_t i, int level)
{
  struct prep_ts *ts = k->ts;
  const struct prep_plan_item *it = &k->p->items[i];
  const struct prep_question *q = it->q;
  size_t page0 = prep_ts_page_index(ts);
  prep_ts_set_tight(ts, level >= 2);
  prep_ts_set_header(ts, prep_arena_printf(k->a, "Question pages \xC2\xB7 %s",
                                           k->who),
                     prep_arena_printf(k->a, "%s \xC2\xB7 %s", qref(i), q->id));
  question_head(k, i, 2, 1);
  if (q->why) {
    struct spans s = {0};
    sp_add(k, &s, level >= 3 ? PREP_ST_LABEL : PREP_ST_BOLD,
           "Why it comes up. ", PREP_MARK_NONE, 0);
    sp_add(k, &s, level >= 3 ? PREP_ST_SMALL : PREP_ST_BODY, q->why,
           PREP_MARK_NONE, 0);
    para(k, &s, 0);
  }
  static const size_t max_pointers[4] = {(size_t)-1, 3, 2, 1};
  static const size_t max_follow[4] = {(size_t)-1, 3, 2, 2};
  size_t npt = q->pointers.n;
  if (npt > max_pointers[level])
    npt = max_pointers[level];
  for (size_t j = 0; j < npt; j++)
    prep_ts_bullet(ts, PREP_ST_SMALL, q->pointers.v[j]);
  label(k, "YOUR EVIDENCE IN THE CV");
  evidence_lines(k, it, it->scaffold.naction ? (level ? 0 : 1) : 2, 1);

  /* the tail: follow-ups and "defend the decision", then the self-check */
  const struct prep_scaffold *sc = &it->scaffold;
  struct prep_cell cells[4];
  cells[0] = (struct prep_cell){"LIKELY FOLLOW-UPS", PREP_ST_LABEL,
                                PREP_MARK_NONE, PREP_ALIGN_LEFT};
  cells[1] = (struct prep_cell){"DEFEND THE DECISION", PREP_ST_LABEL,
                                PREP_MARK_NONE, PREP_ALIGN_LEFT};
  size_t nfu = q->follow_ups.n < max_follow[level] ? q->follow_ups.n
                                                    : max_follow[level];
  size_t ndf = level >= 2 && sc->ndefend > 2 ? 2 : sc->ndefend;
  cells[2] = (struct prep_cell){bullet_list(k, q->follow_ups.v, nfu),
                                PREP_ST_SMALL, PREP_MARK_NONE, PREP_ALIGN_LEFT};
  cells[3] = (struct prep_cell){bullet_list(k, sc->defend, ndf), PREP_ST_SMALL,
                                PREP_MARK_NONE, PREP_ALIGN_LEFT};
  static const double tw[] = {1, 1};
  struct prep_table tail = {2, tw, cells, 2, 1, 0};
  struct spans chk = {0};
  sp_add(k, &chk, PREP_ST_LABEL, "SELF-CHECK", PREP_MARK_NONE, 0);
  double tail_h = prep_ts_table_height(ts, &tail) +
                  prep_ts_para_height(ts, chk.v, chk.n, NULL) + 4;

  /* STAR boxes share what is left; Action gets the most lines */
  struct spans body[4];
  struct prep_box b[4];
  double base = 0, room = 0;
  for (int terse = level >= 2; terse < 2; terse++) {
    /* a crowded page drops the repeated prompts, never the CV quotes */
    star_bodies(k, it, body, terse);
    base = 0;
    for (int s = 0; s < 4; s++) {
      b[s] = (struct prep_box){STAR_LABEL[s], body[s].v, body[s].n, 0, 0};
      base += prep_ts_box_height(ts, &b[s]);
    }
    room = prep_ts_remaining(ts) - tail_h - base - 2;
    if (room >= 4 * 6 * MM)
      break;
  }
  /* writing room for at least five lines 6 mm apart (Action two), and
   * nothing pushed off the page; else the caller tries a tighter level */
  if (level < 3 &&
      (prep_ts_page_index(ts) != page0 || room < 5 * 6 * MM)) {
    prep_ts_set_tight(ts, 0);
    return -1;
  }
  /* ruled lines 8 mm apart; closer (down to 6 mm) on a crowded page */
  double gap = LINE_GAP;
  if (room < 5 * gap)
    gap = room / 5 > 6 * MM ? room / 5 : 6 * MM;
  if (room < 4 * gap)
    gap = room / 4 > 5 * MM ? room / 4 : 5 * MM;
  int free_lines = (int)(room / gap);
  static const unsigned minl[4] = {1, 1, 1, 1};
  static const double share[4] = {0.17, 0.13, 0.45, 0.25};
  int mins = 4;
  int extra = free_lines - mins;
  unsigned given = 0;
  for (int s = 0; s < 4; s++) {
    int add = extra > 0 ? (int)(extra * share[s]) : 0;
    b[s].lines = minl[s] + (unsigned)add;
    given += b[s].lines;
  }
  if (extra > 0 && (int)given < free_lines)
    b[2].lines += (unsigned)(free_lines - (int)given); /* rounding to Action */
  for (int s = 0; s < 4; s++) {
    b[s].line_gap = gap;
    prep_ts_box(ts, &b[s]);
  }
  prep_ts_table(ts, &tail);
  self_check(k);
  prep_ts_set_tight(ts, 0);
  return 0;
}

/* A primary question's page: the fullest version that fits.  A Letter
 * page (shorter) starts one level down. */
static void primary_page(struct pk *k, size_t i)
{
  struct prep_ts *ts = k->ts;
  prep_ts_page_break(ts);
  struct prep_ts_mark m;
  prep_ts_mark(ts, &m);
  for (int level = prep_ts_body_height(ts) < 700 ? 1 : 0;; level++) {
    if (primary_page_at(k, i, level) == 0)
      break;
    prep_ts_rewind(ts, &m);
  }
}

/* Practice questions that get half a page: the ones still to prepare,
 * most urgent first, at most MAX_PRACTICE_HALF (every page must earn its
 * place); the others are listed with the story to use. */
#define MAX_PRACTICE_HALF 16

static double practice_urgency(const struct prep_plan_item *it)
{
  double u = it->priority;
  if (it->flags & (PREP_IF_GAP | PREP_IF_CLAIM_RISK | PREP_IF_PRIORITY))
    u += 1;
  if (it->flags & PREP_IF_JOB)
    u += 0.5;
  return it->priority > 0.05 || u >= 1 ? u : 0;
}

static void pick_practice(struct pk *k)
{
  const struct prep_plan *p = k->p;
  for (int taken = 0; taken < MAX_PRACTICE_HALF; taken++) {
    size_t best = NONE;
    double bu = 0;
    for (size_t i = p->nprimary; i < p->nitems; i++) {
      double u = practice_urgency(&p->items[i]);
      if (!k->q_page[i] && u > bu + 1e-9) {
        bu = u;
        best = i;
      }
    }
    if (best == NONE)
      break;
    k->q_page[best] = 1;
  }
}

/* Practice question i in the top or bottom half of a page: exactly two
 * a page, the halves of every page aligned (on the section's first page
 * they share what its title leaves).  The answer box fills the half. */
static void practice_half(struct pk *k, size_t i)
{
  /* k->prac_slot: 0 = a new page, 1 = the bottom half of this one, 2 = the
   * top half of this one (under the section title) */
  struct prep_ts *ts = k->ts;
  const struct prep_plan_item *it = &k->p->items[i];
  const struct prep_question *q = it->q;
  /* the bottom half needs room for a heading, badges and a box */
  if (k->prac_slot == 1 && prep_ts_remaining(ts) < 150)
    k->prac_slot = 0;
  if (k->prac_slot != 1) {
    if (k->prac_slot == 0)
      prep_ts_page_break(ts);
    /* the header names both questions of the page */
    size_t next = i + 1;
    while (next < k->p->nitems && !k->q_page[next])
      next++;
    prep_ts_set_header(
        ts, prep_arena_printf(k->a, "Practice \xC2\xB7 %s", k->who),
        next < k->p->nitems
            ? prep_arena_printf(k->a, "%s  |  %s", qref(i), qref(next))
            : qref(i));
  }
  int top = k->prac_slot != 1;
  /* what must remain below this question: the other half, or nothing */
  double end = top ? prep_ts_remaining(ts) / 2 : 0;
  k->prac_slot = top ? 1 : 0;
  question_head(k, i, 3, -1);
  if (q->why)
    prep_ts_para(ts, PREP_ST_SMALL, q->why);
  evidence_lines(k, it, 1, 0);
  struct spans body = {0};
  if (it->story != NONE) {
    const struct prep_story *s = &k->p->stories[it->story];
    sp_add(k, &body, PREP_ST_HINT,
           prep_arena_printf(k->a, "Story to use: %s, %s", s->id, s->title),
           PREP_MARK_NONE, k->s_anchor[it->story]);
  } else {
    sp_add(k, &body, PREP_ST_HINT,
           "[No story from your CV fits yet: pick one experience and note it "
           "here.]",
           PREP_MARK_NONE, 0);
  }
  struct prep_box b = {"YOUR ANSWER: SITUATION, TASK, ACTION, RESULT", body.v,
                       body.n, 0, 0};
  double bh = prep_ts_box_height(ts, &b);
  double room = prep_ts_remaining(ts) - end - bh - 2;
  int lines = (int)(room / LINE_GAP);
  b.lines = lines < 2 ? 2 : (unsigned)lines;
  prep_ts_box(ts, &b);
  /* the bottom question starts exactly half way */
  double pad = prep_ts_remaining(ts) - end;
  if (top && pad > 0 && pad < LINE_GAP * 2)
    prep_ts_space(ts, pad);
}

/* Sets a section with `build`; when it spills onto a last page that it
 * fills less than a third of, sets it again tight (closer spacing), and if
 * that is not enough, tight and compact (k->compact: fewer writing lines,
 * smaller list text), which usually saves that page. */
static void fitted(struct pk *k, void (*build)(struct pk *))
{
  struct prep_ts *ts = k->ts;
  prep_ts_page_break(ts);
  struct prep_ts_mark m;
  prep_ts_mark(ts, &m);
  size_t p0 = prep_ts_page_index(ts);
  for (int pass = 0; pass < 3; pass++) {
    if (pass) {
      prep_ts_rewind(ts, &m);
      prep_ts_set_tight(ts, 1);
      k->compact = pass == 2;
    }
    build(k);
    if (prep_ts_page_index(ts) == p0 ||
        prep_ts_remaining(ts) < prep_ts_body_height(ts) * 2 / 3)
      break;
  }
  prep_ts_set_tight(ts, 0);
  k->compact = 0;
}

/* The practice questions the CV already answers: a dense list, each with
 * a tick box, its evidence grade and the story to use. */
static void practice_list(struct pk *k)
{
  struct prep_ts *ts = k->ts;
  const struct prep_plan *p = k->p;
  prep_ts_set_header(ts, prep_arena_printf(k->a, "Practice \xC2\xB7 %s",
                                           k->who),
                     "Questions your CV already answers");
  prep_ts_heading_ex(ts, &(struct prep_heading){
                             .level = 2,
                             .text = "Practice questions your CV already "
                                     "answers",
                             .toc = -1});
  prep_ts_para(ts, PREP_ST_SMALL,
               "Say each answer aloud once with the story named; tick the "
               "box when it is under two minutes.");
  for (size_t i = p->nprimary; i < p->nitems; i++) {
    if (k->q_page[i])
      continue;
    const struct prep_plan_item *it = &p->items[i];
    prep_ts_anchor_place(ts, k->q_anchor[i]);
    prep_ts_outline(ts, 2, prep_arena_printf(k->a, "%s %s", qref(i), it->q->id),
                    k->q_anchor[i]);
    struct spans s = {0};
    sp_add(k, &s, PREP_ST_LABEL, prep_arena_printf(k->a, "%s  ", qref(i)),
           PREP_MARK_NONE, 0);
    sp_add(k, &s, PREP_ST_BODY, it->q->text, PREP_MARK_NONE, 0);
    sp_add(k, &s, PREP_ST_SMALL,
           prep_arena_printf(k->a, "  %s \xC2\xB7 evidence ", it->q->id),
           PREP_MARK_NONE, 0);
    sp_add(k, &s, PREP_ST_SMALL, NULL, grade_mark(it->grade), 0);
    sp_add(k, &s, PREP_ST_LABEL,
           prep_arena_printf(k->a, " %s", prep_pack_grade_letter(it->grade)),
           PREP_MARK_NONE, 0);
    if (it->story != NONE)
      sp_add(k, &s, PREP_ST_SMALL,
             prep_arena_printf(k->a, " \xC2\xB7 story %s",
                               p->stories[it->story].id),
             PREP_MARK_NONE, k->s_anchor[it->story]);
    box_para(k, s.v, s.n, 16, -2);
  }
}

static void questions(struct pk *k)
{
  struct prep_ts *ts = k->ts;
  const struct prep_plan *p = k->p;
  prep_ts_page_break(ts);
  heading1(k, "Question pages", NULL, k->questions);
  for (size_t i = 0; i < p->nprimary; i++)
    primary_page(k, i);
  if (p->nitems <= p->nprimary)
    return;
  prep_ts_page_break(ts);
  prep_ts_set_header(ts, prep_arena_printf(k->a, "Practice \xC2\xB7 %s",
                                           k->who),
                     NULL);
  heading1(k, "Practice questions", NULL, k->practice);
  prep_ts_para(ts, PREP_ST_SMALL,
               "Asked less often. Those you still need to prepare get half a "
               "page; the ones your CV already answers are listed after them "
               "with the story to use.");
  k->prac_slot = 2;
  for (size_t i = p->nprimary; i < p->nitems; i++)
    if (k->q_page[i])
      practice_half(k, i);
  size_t nlist = 0;
  for (size_t i = p->nprimary; i < p->nitems; i++)
    nlist += !k->q_page[i];
  if (nlist)
    fitted(k, practice_list);
}

/* ---- story bank, questions to ask, day-of, debrief ------------------------- */

/* One story of the story bank: title, what it shows and serves, its CV
 * lines, its numbers and a box for notes. */
static void story(struct pk *k, size_t si)
{
  struct prep_ts *ts = k->ts;
  const struct prep_plan *p = k->p;
  struct prep_heading h;
  const struct prep_story *s = &p->stories[si];
  memset(&h, 0, sizeof h);
  h.level = 3;
  h.text = prep_arena_printf(k->a, "%s  %s", s->id, s->title);
  h.outline_title = h.text;
  h.anchor = k->s_anchor[si];
  h.toc = -1;
  prep_ts_heading_ex(ts, &h);
  struct spans m = {0};
  if (s->pre_tech)
    sp_add(k, &m, PREP_ST_LABEL, PREP_PACK_BEFORE_TECH " \xC2\xB7 ",
           PREP_MARK_NONE, 0);
  if (s->dates)
    sp_add(k, &m, PREP_ST_SMALL,
           prep_arena_printf(k->a, "%s \xC2\xB7 ", s->dates),
           PREP_MARK_NONE, 0);
  sp_add(k, &m, PREP_ST_SMALL, prep_pack_story_tags(k->a, s), PREP_MARK_NONE,
         0);
  if (s->nquestions) {
    sp_add(k, &m, PREP_ST_SMALL, " \xC2\xB7 serves ", PREP_MARK_NONE, 0);
    for (size_t q = 0; q < s->nquestions; q++)
      sp_add(k, &m, PREP_ST_LABEL,
             prep_arena_printf(k->a, "%s%s", q ? ", " : "",
                               qref(s->questions[q])),
             PREP_MARK_NONE, k->q_anchor[s->questions[q]]);
  }
  const char *nums = prep_pack_story_numbers(k->a, k->f, s);
  static const char no_number[] =
      "[No number in this story yet: what changed, and by how much?]";
  if (k->compact) /* the numbers join the line above: one line less */
    sp_add(k, &m, nums ? PREP_ST_SMALL : PREP_ST_HINT,
           prep_arena_printf(k->a, " \xC2\xB7 %s", nums ? nums : no_number),
           PREP_MARK_NONE, 0);
  para(k, &m, 0);
  for (size_t b = 0; b < s->nbullets; b++)
    quote(k, s->bullets[b], PREP_MARK_BULLET, 0);
  if (!k->compact)
    prep_ts_para(ts, nums ? PREP_ST_SMALL : PREP_ST_HINT,
                 nums ? nums : no_number);
  struct prep_box bx = {"THE TWO-MINUTE VERSION (YOUR NOTES)", NULL, 0,
                        k->compact ? 2 : 3, 7 * MM};
  prep_ts_box(ts, &bx);
}

static void story_bank(struct pk *k)
{
  struct prep_ts *ts = k->ts;
  const struct prep_plan *p = k->p;
  section_start(k, "Story bank", NULL, k->stories);
  if (!p->nstories) {
    prep_ts_para(ts, PREP_ST_HINT,
                 "[Your CV has no job or project with bullets. Write three "
                 "experiences here: where, what you did, what changed.]");
    prep_ts_lines(ts, 12, 0);
    return;
  }
  prep_ts_para(ts, PREP_ST_SMALL,
               "Each story is built from one job or project of your CV. Tell "
               "each in under two minutes; no story should carry more than "
               "three questions.");
  const char *before = prep_pack_before_tech_note(p);
  if (before)
    prep_ts_para(ts, PREP_ST_SMALL, before);
  for (size_t si = 0; si < p->nstories; si++) {
    /* a story stays on one page with its notes box: one that would be
     * split moves to the next page whole */
    struct prep_ts_mark m;
    prep_ts_mark(ts, &m);
    size_t p0 = prep_ts_page_index(ts);
    int at_top = prep_ts_remaining(ts) >= prep_ts_body_height(ts) - 1;
    story(k, si);
    if (prep_ts_page_index(ts) != p0 && !at_top) {
      prep_ts_rewind(ts, &m);
      prep_ts_page_break(ts);
      story(k, si);
    }
  }
}

static void ask_back(struct pk *k)
{
  struct prep_ts *ts = k->ts;
  size_t ng = 0;
  const struct prep_ask_group *g = prep_bankset_ask_groups(k->bs, &ng);
  section_start(k, "Questions to ask", "Questions to ask the interviewer",
                k->ask);
  prep_ts_para(ts, PREP_ST_BODY,
               "Tick two or three per interviewer; ask the ones the "
               "conversation has not already answered.");
  for (size_t i = 0; i < ng; i++) {
    if (!g[i].questions.n)
      continue;
    prep_ts_heading_ex(
        ts, &(struct prep_heading){
                .level = 3,
                .text = prep_pack_interviewer_words(g[i].interviewer),
                .toc = -1});
    for (size_t q = 0; q < g[i].questions.n; q++)
      prep_ts_check_item(ts, k->compact ? PREP_ST_SMALL : PREP_ST_BODY,
                         g[i].questions.v[q], 0);
  }
  if (!ng) {
    prep_ts_para(ts, PREP_ST_HINT, "[Write three questions of your own.]");
    prep_ts_lines(ts, 3, 0);
  }
}

static void day_of(struct pk *k)
{
  struct prep_ts *ts = k->ts;
  size_t n;
  const char *const *items = prep_pack_day_of(&n);
  section_start(k, "Day-of checklist", NULL, k->dayof);
  for (size_t i = 0; i < n; i++)
    prep_ts_check_item(ts, PREP_ST_BODY, items[i], 0);
  prep_ts_space(ts, 10);
  struct prep_box b = {"NOTES FOR THE DAY", NULL, 0, 5, 0};
  prep_ts_box(ts, &b);
}

static void debrief(struct pk *k)
{
  struct prep_ts *ts = k->ts;
  static const struct {
    const char *label;
    unsigned lines;
  } boxes[] = {
      {"DATE, COMPANY, ROUND AND INTERVIEWERS", 1},
      {"QUESTIONS YOU WERE ASKED", 7},
      {"WHAT LANDED", 4},
      {"WHAT TO FIX NEXT TIME", 4},
      {"FOLLOW-UP TO SEND", 2},
  };
  for (int d = 0; d < 2; d++) {
    prep_ts_page_break(ts);
    prep_ts_set_header(ts, k->who, "Debrief");
    struct prep_heading h;
    memset(&h, 0, sizeof h);
    h.level = d == 0 ? 1 : 2;
    h.text = d == 0 ? "Debrief" : "Debrief: another round";
    h.anchor = d == 0 ? k->debrief : 0;
    h.no_outline = d != 0;
    h.toc = d == 0 ? 0 : -1;
    prep_ts_heading_ex(ts, &h);
    prep_ts_para(ts, PREP_ST_SMALL,
                 "Write this within a few hours of the interview, while you "
                 "still remember the wording of the questions.");
    for (size_t i = 0; i < sizeof boxes / sizeof boxes[0]; i++) {
      struct prep_box b = {boxes[i].label, NULL, 0, boxes[i].lines, 0};
      prep_ts_box(ts, &b);
    }
  }
}

/* ---- the pack --------------------------------------------------------------- */

struct prep_layout *prep_pack_layout(const struct prep_doc *doc,
                                     const struct prep_facts *facts,
                                     const struct prep_plan *plan,
                                     const struct prep_bankset *banks,
                                     const struct prep_pack_opts *opts,
                                     const struct prep_metrics *m,
                                     struct prep_arena *a)
{
  struct pk k;
  memset(&k, 0, sizeof k);
  k.doc = doc;
  k.f = facts;
  k.p = plan;
  k.bs = banks;
  k.a = a;
  k.days = opts && opts->days > 0 ? opts->days : 7;
  k.ts = prep_ts_new(a, m, opts ? opts->paper : PREP_PAPER_A4);
  /* three faces: serif body (also small print), serif italic (quotes and
   * prompts), sans bold (headings, labels, run-in emphasis) */
  prep_ts_set_style_face(k.ts, PREP_ST_SMALL, PREP_FONT_SERIF);
  prep_ts_set_style_face(k.ts, PREP_ST_SUBTITLE, PREP_FONT_SERIF);
  prep_ts_set_style_face(k.ts, PREP_ST_BOLD, PREP_FONT_SANS_BOLD);
  const char *nm = facts->contact.name.text;
  k.name = nm && nm[0] ? nm : NULL;
  k.who = k.name ? k.name : "Interview prep pack";
  const char *role = plan->role && plan->role->title ? plan->role->title : "";

  struct prep_doc_info info;
  memset(&info, 0, sizeof info);
  info.title = k.name ? prep_arena_printf(a, "Interview prep pack \xE2\x80\x94 %s",
                                          k.name)
                      : "Interview prep pack";
  info.author = k.name;
  info.subject = plan->company && plan->company[0]
                     ? prep_arena_printf(a, "%s \xC2\xB7 %s", role,
                                         plan->company)
                     : role;
  info.keywords = prep_arena_printf(
      a, "interview preparation, %s, %s, STAR", role,
      prep_level_name(plan->level));
  info.creator = "prepgen";
  if (facts->as_of.year >= 1900) {
    info.year = facts->as_of.year;
    info.month = facts->as_of.month >= 1 ? facts->as_of.month : 1;
    info.day = 1;
  }
  prep_ts_set_info(k.ts, &info);

  size_t ni = plan->nitems ? plan->nitems : 1;
  k.q_anchor = prep_arena_alloc(a, ni * sizeof *k.q_anchor);
  k.q_page = prep_arena_alloc(a, ni * sizeof *k.q_page);
  for (size_t i = 0; i < plan->nitems; i++) {
    k.q_anchor[i] = prep_ts_anchor_new(k.ts);
    k.q_page[i] = i < plan->nprimary;
  }
  pick_practice(&k);
  k.s_anchor = prep_arena_alloc(a, (plan->nstories ? plan->nstories : 1) *
                                       sizeof *k.s_anchor);
  for (size_t s = 0; s < plan->nstories; s++)
    k.s_anchor[s] = prep_ts_anchor_new(k.ts);
  unsigned *secs[] = {&k.glance, &k.brief,   &k.map,  &k.plan_a,
                      &k.questions, &k.practice, &k.stories, &k.ask,
                      &k.dayof,  &k.debrief};
  for (size_t i = 0; i < sizeof secs / sizeof secs[0]; i++)
    *secs[i] = prep_ts_anchor_new(k.ts);

  cover(&k);
  prep_ts_toc(k.ts, "Contents");
  at_a_glance(&k);
  fitted(&k, briefing);
  fitted(&k, evidence_map);
  fitted(&k, plan_days);
  questions(&k);
  fitted(&k, story_bank);
  fitted(&k, ask_back);
  day_of(&k);
  debrief(&k);
  return prep_ts_finish(k.ts);
}

enum prep_status prep_pack_write(const struct prep_doc *doc,
                                 const struct prep_facts *facts,
                                 const struct prep_plan *plan,
                                 const struct prep_bankset *banks,
                                 const struct prep_pack_opts *opts,
                                 const char *fonts_dir, const char *out_path,
                                 const char *const *inputs, size_t ninputs,
                                 FILE *dump, struct prep_arena *a,
                                 struct prep_diag *diag)
{
  struct prep_pdf *pdf = NULL;
  enum prep_status st = prep_pdf_new(fonts_dir, diag, &pdf);
  if (st != PREP_OK)
    return st;
  struct prep_metrics m;
  prep_pdf_metrics(pdf, &m);
  size_t errors = diag->errors;
  struct prep_layout *l =
      prep_pack_layout(doc, facts, plan, banks, opts, &m, a);
  if (diag->errors > errors) {
    st = PREP_EDATA; /* a font could not be read (reported) */
  } else if (dump) {
    const char *why = prep_layout_check(l);
    if (why) {
      prep_diag_add(diag, PREP_SEV_ERROR, NULL, NULL, "internal: %s", why);
      st = PREP_EINTERNAL;
    } else {
      prep_dump_layout(dump, l);
    }
  } else {
    st = prep_pdf_write_file(pdf, l, out_path, inputs, ninputs, diag);
  }
  prep_pdf_free(pdf);
  return st;
}
