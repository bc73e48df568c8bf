/* pack_text.c - the prep pack as Markdown or plain text (--format md|txt).
 *
 * Owner: pack (issue 10, "More outputs").  Same sections, in the same order
 * and from the same sources as the PDF (pack.c): the plan, the facts, the
 * document and the bank set.  CV text appears only as verbatim quotes with
 * their place in the CV; every other word is bank text or a fixed string
 * here.  No clock: the same inputs give the same bytes.  The text is built
 * in memory and written like the PDF: a temporary file in the target folder
 * renamed into place, never onto an input; "-" writes to standard output.
 */
#include "prepgen/pack.h"

#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "prepgen/arena.h"
#include "prepgen/bank.h"
#include "prepgen/doc.h"
#include "prepgen/facts.h"
#include "prepgen/plan.h"

#include "pack_int.h"

#define NONE ((size_t)-1)

struct tw {
  FILE *o;
  int md;
  const struct prep_doc *doc;
  const struct prep_facts *f;
  const struct prep_plan *p;
  const struct prep_bankset *bs;
  struct prep_arena *a;
  int days;
};

/* ---- primitives ------------------------------------------------------- */

/* Markdown: escapes the characters that would start markup. */
static void put(struct tw *t, const char *s)
{
  if (!s)
    return;
  if (!t->md) {
    fputs(s, t->o);
    return;
  }
  for (const char *c = s; *c; c++) {
    if (strchr("\\`*_[]<>|#", *c))
      fputc('\\', t->o);
    fputc(*c, t->o);
  }
}

static size_t u8len(const char *s)
{
  size_t n = 0;
  for (; *s; s++)
    n += ((unsigned char)*s & 0xC0) != 0x80;
  return n;
}

static void heading(struct tw *t, int level, const char *text)
{
  if (t->md) {
    fprintf(t->o, "%.*s ", level, "###");
    put(t, text);
    fputs("\n\n", t->o);
    return;
  }
  fputs(text, t->o);
  fputc('\n', t->o);
  if (level < 3) {
    size_t n = u8len(text);
    for (size_t i = 0; i < n; i++)
      fputc(level == 1 ? '=' : '-', t->o);
    fputc('\n', t->o);
  }
  fputc('\n', t->o);
}

static void para(struct tw *t, const char *text)
{
  put(t, text);
  fputs("\n\n", t->o);
}

static void item(struct tw *t, const char *text)
{
  fputs(t->md ? "- " : "  * ", t->o);
  put(t, text);
  fputc('\n', t->o);
}

static void check(struct tw *t, const char *text)
{
  fputs(t->md ? "- [ ] " : "  [ ] ", t->o);
  put(t, text);
  fputc('\n', t->o);
}

static void endlist(struct tw *t) { fputc('\n', t->o); }

/* n lines to write in. */
static void blanks(struct tw *t, unsigned n)
{
  for (unsigned i = 0; i < n; i++)
    fputs(t->md ? "- \n"
                : "  ____________________________________________________"
                  "________________\n",
          t->o);
  fputc('\n', t->o);
}

static const char *where(struct tw *t, size_t block)
{
  return prep_pack_where(t->a, t->doc, block);
}

/* A CV line quoted verbatim with its place. */
static void quote(struct tw *t, size_t block)
{
  if (block >= t->doc->nblocks)
    return;
  fputs(t->md ? "> \xE2\x80\x9C" : "    \xE2\x80\x9C", t->o);
  put(t, t->doc->blocks[block].text);
  fprintf(t->o, "\xE2\x80\x9D (CV %s)\n", where(t, block));
  if (t->md)
    fputc('\n', t->o);
}

static const char *qref(struct tw *t, size_t i)
{
  return prep_arena_printf(t->a, "Q%zu", i + 1);
}

/* ---- cover and at a glance --------------------------------------------- */

static void cover(struct tw *t)
{
  const struct prep_plan *p = t->p;
  const char *nm = t->f->contact.name.text;
  nm = nm && nm[0] ? nm : "[your name]";
  heading(t, 1, prep_arena_printf(t->a, "Interview prep pack: %s", nm));
  const char *role = p->role && p->role->title ? p->role->title : "";
  if (p->company && p->company[0])
    item(t, prep_arena_printf(t->a, "Role: %s \xC2\xB7 %s", role, p->company));
  else
    item(t, prep_arena_printf(t->a, "Role: %s", role));
  item(t, prep_arena_printf(t->a, "Level: %s", prep_level_name(p->level)));
  const char *dated = prep_pack_date_line(t->a, &t->f->as_of);
  if (dated)
    item(t, dated);
  endlist(t);
  para(t, prep_arena_printf(
              t->a,
              "%zu questions ranked for this %s (%zu primary), %zu stories "
              "from your experience, %zu prep priorities.",
              p->nitems, p->general ? "role" : "CV", p->nprimary,
              p->nstories, p->npriorities));
  const char *general = prep_pack_general_notice(t->a, p, t->f);
  if (general)
    para(t, t->md ? prep_arena_printf(t->a, "**%s**", general) : general);
  para(t, "Generated on your computer. Contains personal data: keep it "
          "private and delete it when you are done.");
}

/* Up to three CV lines with a result, chosen as the PDF chooses them. */
static void selling_points(struct tw *t)
{
  size_t chosen[3];
  size_t nc = prep_pack_selling_points(t->p, t->f, chosen);
  if (nc == 0) {
    para(t, "[No line of your CV shows a measured result yet: add one number "
            "to your strongest bullet and say it aloud.]");
    return;
  }
  for (size_t c = 0; c < nc; c++)
    quote(t, chosen[c]);
  if (!t->md)
    fputc('\n', t->o);
}

static void tell_me(struct tw *t)
{
  const struct prep_facts *f = t->f;
  size_t li = NONE;
  const struct prep_job *now = prep_pack_latest_job(f, &li);
  item(t, prep_arena_printf(
              t->a, "Present: %s",
              now ? prep_pack_job_words(t->a, now)
                  : "[what you do now: your role, where, and the work you "
                    "own]"));
  const char *skills = prep_pack_bullet_skills(t->a, f);
  item(t, skills ? prep_arena_printf(
                       t->a, "  skills you use in your bullets: %s", skills)
                 : "  [two or three skills you use every day]");
  size_t np = 0;
  for (size_t j = 0; j < f->njobs && np < 3; j++) {
    if (j == li)
      continue;
    item(t, prep_arena_printf(t->a, "Past: %s",
                              prep_pack_job_words(t->a, &f->jobs[j])));
    np++;
  }
  if (np == 0 && f->neducation) {
    item(t,
         prep_arena_printf(t->a, "Past: %s",
                           prep_pack_education_words(t->a, &f->education[0])));
    np++;
  }
  if (np == 0)
    item(t, "Past: [an earlier role, project or course that led you here]");
  item(t, "  [one turning point and what it taught you]");
  const char *role = t->p->role->title ? t->p->role->title : "this role";
  if (t->p->company && t->p->company[0])
    item(t, prep_arena_printf(t->a, "Future: %s at %s", role,
                              t->p->company));
  else
    item(t, prep_arena_printf(t->a, "Future: %s", role));
  item(t, "  [why this is your next step, in one sentence of your own]");
  endlist(t);
  para(t, "Aim for 60 to 90 seconds: about a third on the present, half on "
          "the past, the rest on why this role.");
}

static void at_a_glance(struct tw *t)
{
  const struct prep_plan *p = t->p;
  heading(t, 2, "At a glance");
  heading(t, 3, "Top prep priorities");
  size_t shown = 0;
  for (size_t m = 0; m < p->npriorities && shown < 5; m++, shown++) {
    size_t i = p->priorities[m];
    const struct prep_plan_item *it = &p->items[i];
    item(t, prep_arena_printf(t->a, "%s %s (%s, likelihood %s)", qref(t, i),
                              it->q->text, prep_pack_priority_why(it),
                              prep_pack_likely_word(it->likelihood)));
  }
  if (shown == 0)
    para(t, "Your CV backs every likely question: rehearse the stories aloud "
            "and time them.");
  else
    endlist(t);
  heading(t, 3, "Three selling points, in your CV's words");
  selling_points(t);
  heading(t, 3, "\xE2\x80\x9CTell me about yourself\xE2\x80\x9D: present, "
                "past, future");
  tell_me(t);
  heading(t, 3, "Story index");
  if (p->nstories == 0) {
    para(t, "[No job or project with bullets was found: write down three "
            "experiences you can tell in two minutes each.]");
    return;
  }
  if (t->md)
    fputs("| Story | From your CV | Questions it serves |\n|---|---|---|\n",
          t->o);
  for (size_t i = 0; i < p->nstories; i++) {
    const struct prep_story *s = &p->stories[i];
    const char *from = s->dates ? prep_arena_printf(t->a, "%s (%s)", s->title,
                                                    s->dates)
                                : s->title;
    if (t->md) {
      fprintf(t->o, "| %s | ", s->id);
      put(t, from);
      fprintf(t->o, " | %s |\n", prep_pack_story_questions(t->a, s));
    } else {
      fprintf(t->o, "  %-4s %s  [serves: %s]\n", s->id, from,
              prep_pack_story_questions(t->a, s));
    }
  }
  fputc('\n', t->o);
}

/* ---- role briefing, evidence map, plan by days -------------------------- */

static void strv_list(struct tw *t, const char *title,
                      const struct prep_strv *v)
{
  if (!v->n)
    return;
  heading(t, 3, title);
  for (size_t i = 0; i < v->n; i++)
    item(t, v->v[i]);
  endlist(t);
}

static void briefing(struct tw *t)
{
  const struct prep_role *r = t->p->role;
  heading(t, 2, prep_arena_printf(t->a, "Role briefing: %s",
                                  r->title ? r->title : r->id));
  if (r->summary)
    para(t, r->summary);
  if (r->nstages) {
    heading(t, 3, "Stages and what each tests");
    for (size_t i = 0; i < r->nstages; i++)
      check(t, prep_arena_printf(t->a, "%s: %s", r->stages[i].name,
                                 r->stages[i].tests ? r->stages[i].tests
                                                    : ""));
    endlist(t);
    para(t, "Tick the stages your invitation mentions; each question says "
            "which stage it belongs to.");
  }
  strv_list(t, "Formats", &r->formats);
  strv_list(t, "What interviewers screen for", &r->screens_for);
  strv_list(t, "Red flags", &r->red_flags);
  strv_list(t, "Where candidates stumble", &r->stumbles);
}

static void evidence_map(struct tw *t)
{
  const struct prep_plan *p = t->p;
  heading(t, 2, "Evidence map");
  para(t, "Grades: S strong (a first-person bullet with a measured result), "
          "M medium (a bullet, no number), W weak (only in a skills list), "
          "- absent.");
  if (t->md)
    fputs("| Topic or theme | Kind | Grade | Questions |\n|---|---|---|---|\n",
          t->o);
  for (size_t i = 0; i < p->ntopics; i++) {
    const struct prep_topic_row *r = &p->topics[i];
    const char *tag = prep_pack_tag_words(t->a, r->tag);
    const char *kind = r->is_theme ? "theme" : "topic";
    const char *grade = prep_pack_grade_letter(r->grade);
    if (t->md)
      fprintf(t->o, "| %s | %s | %s | %zu |\n", tag, kind, grade,
              r->nquestions);
    else
      fprintf(t->o, "  %-32s %-6s %s  %zu\n", tag, kind, grade, r->nquestions);
  }
  fputc('\n', t->o);
  if (p->nclaims) {
    heading(t, 3, "Listed skills no bullet backs up");
    for (size_t i = 0; i < p->nclaims; i++)
      item(t, prep_arena_printf(t->a, "%s%s (CV %s)", p->claims[i].skill,
                                p->claims[i].expert ? ", called expert" : "",
                                where(t, p->claims[i].block)));
    endlist(t);
  }
  if (p->has_job) {
    heading(t, 3, "The job posting");
    for (size_t i = 0; i < p->njob_have; i++)
      item(t, prep_arena_printf(t->a, "you have: %s", p->job_have[i]));
    for (size_t i = 0; i < p->njob_lack; i++)
      item(t, prep_arena_printf(t->a, "not on your CV: %s", p->job_lack[i]));
    endlist(t);
  }
}

static void plan_days(struct tw *t)
{
  const struct prep_plan *p = t->p;
  int days = t->days > 0 ? t->days : 7;
  heading(t, 2, prep_arena_printf(t->a, "Plan for the next %d day%s", days,
                                  days == 1 ? "" : "s"));
  for (int d = 1; d <= days; d++) {
    heading(t, 3, prep_arena_printf(t->a, "Day %d", d));
    if (d == 1) {
      check(t, "Read At a glance; say the three selling points aloud.");
      check(t, "Write the two-minute version of your strongest story.");
    }
    /* the priorities first, then the other primary questions, spread over
     * the days before the last */
    int work = days > 1 ? days - 1 : 1;
    size_t k = 0;
    for (size_t m = 0; m < p->npriorities; m++, k++)
      if ((int)(k % (size_t)work) + 1 == d && (d < days || days == 1))
        check(t, prep_arena_printf(t->a, "Prepare %s: %s",
                                   qref(t, p->priorities[m]),
                                   p->items[p->priorities[m]].q->text));
    for (size_t i = 0; i < p->nprimary; i++) {
      int prio = 0;
      for (size_t m = 0; m < p->npriorities; m++)
        prio |= p->priorities[m] == i;
      if (prio)
        continue;
      if ((int)(k % (size_t)work) + 1 == d && (d < days || days == 1))
        check(t, prep_arena_printf(t->a, "Rehearse %s: %s", qref(t, i),
                                   p->items[i].q->text));
      k++;
    }
    if (d == days) {
      check(t, "A timed mock interview: five questions, out loud.");
      check(t, "Choose your questions to ask; go through the day-of "
               "checklist.");
    }
    endlist(t);
  }
}

/* ---- questions ------------------------------------------------------------ */

static void badges(struct tw *t, size_t i)
{
  const struct prep_plan_item *it = &t->p->items[i];
  para(t,
       prep_arena_printf(
           t->a,
           "%s \xC2\xB7 %s \xC2\xB7 likelihood %s \xC2\xB7 evidence %s%s%s%s",
           prep_q_category_name(it->q->category),
           prep_pack_stages_text(t->a, t->p->role, it->q),
           prep_pack_likely_word(it->likelihood),
           prep_pack_grade_letter(it->grade),
           it->flags & PREP_IF_GAP ? " \xC2\xB7 CVs rarely show this" : "",
           it->flags & PREP_IF_CLAIM_RISK ? " \xC2\xB7 claim risk" : "",
           it->flags & PREP_IF_JOB ? " \xC2\xB7 in the job posting" : ""));
  /* the bank id, verbatim (code in Markdown), to find it in --plan */
  fprintf(t->o, t->md ? "Question id: `%s`\n\n" : "Question id: %s\n\n",
          it->q->id);
}

static void star(struct tw *t, const struct prep_plan_item *it)
{
  const struct prep_scaffold *sc = &it->scaffold;
  static const char *const name[4] = {"Situation", "Task", "Action", "Result"};
  for (int b = 0; b < 4; b++) {
    heading(t, 3, b == 2 ? "Action (the largest part: what you did)"
                         : name[b]);
    if (b < 2) {
      const char *v = b == 0 ? sc->situation : sc->task;
      if (!sc->empty && v)
        para(t, v);
      else
        para(t, prep_arena_printf(t->a, "[%s]",
                                  sc->prompt[b] ? sc->prompt[b]
                                                : prep_pack_star_fallback(b)));
      if (b == 0 && !sc->empty && sc->prompt[0])
        para(t, sc->prompt[0]);
      blanks(t, 2);
    } else if (b == 2) {
      for (size_t a = 0; a < sc->naction; a++)
        quote(t, sc->action[a].block);
      if (sc->naction && !t->md)
        fputc('\n', t->o);
      if (sc->empty)
        para(t, prep_arena_printf(t->a, "[%s]",
                                  sc->prompt[2] ? sc->prompt[2]
                                                : prep_pack_star_fallback(2)));
      for (size_t a = 0; a < sc->naction_prompts; a++)
        item(t, sc->action_prompts[a]);
      if (sc->naction_prompts)
        endlist(t);
      blanks(t, 4);
    } else {
      if (!sc->empty && !sc->result_missing && sc->nresult) {
        for (size_t r = 0; r < sc->nresult; r++)
          item(t, sc->result[r]);
        endlist(t);
        if (sc->prompt[3])
          para(t, sc->prompt[3]);
      } else {
        for (size_t r = 0; r < sc->nresult; r++)
          item(t, sc->result[r]);
        if (!sc->nresult)
          item(t, "[add a number: time saved, users served, errors avoided "
                  "or money]");
        endlist(t);
      }
      blanks(t, 2);
    }
  }
}

static void self_check(struct tw *t)
{
  size_t n;
  const char *const *items = prep_pack_self_check(&n);
  heading(t, 3, "Self-check");
  for (size_t i = 0; i < n; i++)
    check(t, items[i]);
  endlist(t);
}

static void evidence(struct tw *t, const struct prep_plan_item *it)
{
  heading(t, 3, "Your evidence");
  for (size_t e = 0; e < it->nquotes; e++)
    quote(t, it->quotes[e].block);
  if (!it->nquotes)
    para(t, "[Nothing in your CV shows this yet: pick an experience and "
            "write it into the scaffold below.]");
  else if (!t->md)
    fputc('\n', t->o);
  for (size_t c = 0; c < it->nclaim_skills; c++)
    item(t, prep_arena_printf(t->a, "Listed but not backed by a bullet: %s",
                              it->claim_skills[c]));
  if (it->nclaim_skills)
    endlist(t);
}

static void primary(struct tw *t, size_t i)
{
  const struct prep_plan_item *it = &t->p->items[i];
  const struct prep_question *q = it->q;
  heading(t, 2, prep_arena_printf(t->a, "%s %s", qref(t, i), q->text));
  badges(t, i);
  if (it->story != NONE && it->story < t->p->nstories)
    para(t, prep_arena_printf(t->a, "Story: %s %s",
                              t->p->stories[it->story].id,
                              t->p->stories[it->story].title));
  if (q->why) {
    heading(t, 3, "Why they ask");
    para(t, q->why);
  }
  strv_list(t, "What a good answer covers", &q->pointers);
  evidence(t, it);
  star(t, it);
  strv_list(t, "Follow-ups", &q->follow_ups);
  if (it->scaffold.ndefend) {
    heading(t, 3, "Defend the decision");
    for (size_t d = 0; d < it->scaffold.ndefend; d++)
      item(t, it->scaffold.defend[d]);
    endlist(t);
  }
  self_check(t);
}

static void practice(struct tw *t, size_t i)
{
  const struct prep_plan_item *it = &t->p->items[i];
  heading(t, 3, prep_arena_printf(t->a, "%s %s", qref(t, i), it->q->text));
  badges(t, i);
  if (it->q->why)
    para(t, it->q->why);
  for (size_t e = 0; e < it->nquotes && e < 2; e++)
    quote(t, it->quotes[e].block);
  if (it->nquotes && !t->md)
    fputc('\n', t->o);
  if (it->story != NONE && it->story < t->p->nstories)
    para(t, prep_arena_printf(t->a, "Story: %s",
                              t->p->stories[it->story].id));
  else
    blanks(t, 2);
}

static void questions(struct tw *t)
{
  const struct prep_plan *p = t->p;
  heading(t, 1, "Questions");
  for (size_t i = 0; i < p->nprimary && i < p->nitems; i++)
    primary(t, i);
  if (p->nitems > p->nprimary) {
    heading(t, 2, "Practice questions");
    for (size_t i = p->nprimary; i < p->nitems; i++)
      practice(t, i);
  }
}

/* ---- story bank, questions to ask, day-of, debrief ---------------------- */

static void story_bank(struct tw *t)
{
  const struct prep_plan *p = t->p;
  heading(t, 1, "Story bank");
  if (!p->nstories) {
    para(t, "[Your CV has no job or project with bullets. Write three "
            "experiences here: where, what you did, what changed.]");
    blanks(t, 12);
    return;
  }
  para(t, "Each story is built from one job or project of your CV. Tell each "
          "in under two minutes; no story should carry more than three "
          "questions.");
  const char *before = prep_pack_before_tech_note(p);
  if (before)
    para(t, before);
  for (size_t si = 0; si < p->nstories; si++) {
    const struct prep_story *s = &p->stories[si];
    heading(t, 2, prep_arena_printf(t->a, "%s %s", s->id, s->title));
    para(t, prep_arena_printf(
                t->a, "%s%s%s%s \xC2\xB7 serves %s",
                s->pre_tech ? PREP_PACK_BEFORE_TECH " \xC2\xB7 " : "",
                s->dates ? s->dates : "",
                s->dates ? " \xC2\xB7 " : "", prep_pack_story_tags(t->a, s),
                prep_pack_story_questions(t->a, s)));
    for (size_t b = 0; b < s->nbullets; b++)
      quote(t, s->bullets[b]);
    if (s->nbullets && !t->md)
      fputc('\n', t->o);
    const char *nums = prep_pack_story_numbers(t->a, t->f, s);
    para(t, nums ? nums
                 : "[No number in this story yet: what changed, and by how "
                   "much?]");
    heading(t, 3, "The two-minute version (your notes)");
    blanks(t, 3);
  }
}

static void ask_back(struct tw *t)
{
  size_t ng = 0;
  const struct prep_ask_group *g = prep_bankset_ask_groups(t->bs, &ng);
  heading(t, 1, "Questions to ask the interviewer");
  para(t, "Tick two or three per interviewer; ask the ones the conversation "
          "has not already answered.");
  for (size_t i = 0; i < ng; i++) {
    if (!g[i].questions.n)
      continue;
    heading(t, 3, prep_pack_interviewer_words(g[i].interviewer));
    for (size_t q = 0; q < g[i].questions.n; q++)
      check(t, g[i].questions.v[q]);
    endlist(t);
  }
  if (!ng) {
    para(t, "[Write three questions of your own.]");
    blanks(t, 3);
  }
}

static void day_of(struct tw *t)
{
  size_t n;
  const char *const *items = prep_pack_day_of(&n);
  heading(t, 1, "Day-of checklist");
  for (size_t i = 0; i < n; i++)
    check(t, items[i]);
  endlist(t);
  heading(t, 3, "Notes for the day");
  blanks(t, 5);
}

static void debrief(struct tw *t)
{
  static const struct {
    const char *label;
    unsigned lines;
  } boxes[] = {
      {"Date, company, round and interviewers", 1},
      {"Questions you were asked", 7},
      {"What landed", 4},
      {"What to fix next time", 4},
      {"Follow-up to send", 2},
  };
  heading(t, 1, "Debrief");
  para(t, "Write this within a few hours of the interview, while you still "
          "remember the wording of the questions.");
  for (size_t i = 0; i < sizeof boxes / sizeof boxes[0]; i++) {
    heading(t, 3, boxes[i].label);
    blanks(t, boxes[i].lines);
  }
}

/* ---- output -------------------------------------------------------------- */

static enum prep_status io_fail(struct prep_diag *d, const char *path,
                                const char *what)
{
  prep_diag_add(d, PREP_SEV_ERROR, path, NULL, "cannot write the pack: %s%s%s",
                what, errno ? ": " : "", errno ? strerror(errno) : "");
  return PREP_EIO;
}

static enum prep_status write_safely(const char *buf, size_t len,
                                     const char *path,
                                     const char *const *inputs,
                                     size_t ninputs, struct prep_diag *d)
{
  errno = 0;
  if (strcmp(path, "-") == 0) {
    if (fwrite(buf, 1, len, stdout) != len || fflush(stdout) != 0)
      return io_fail(d, "<stdout>", "write error");
    return PREP_OK;
  }
  struct stat st, si;
  if (stat(path, &st) == 0) {
    if (S_ISDIR(st.st_mode)) {
      errno = 0;
      return io_fail(d, path, "it is a folder");
    }
    for (size_t i = 0; i < ninputs; i++)
      if (inputs[i] && stat(inputs[i], &si) == 0 && si.st_dev == st.st_dev &&
          si.st_ino == st.st_ino) {
        errno = 0;
        return io_fail(d, path, "it is one of the input files");
      }
  }
  const char *slash = strrchr(path, '/');
  size_t dl = slash ? (size_t)(slash - path) + 1 : 0;
  const char *base = slash ? slash + 1 : path;
  size_t tl = dl + strlen(base) + 16;
  char *tmp = malloc(tl);
  if (!tmp)
    return io_fail(d, path, "out of memory");
  snprintf(tmp, tl, "%.*s.%s.XXXXXX", (int)dl, path, base);
  int fd = mkstemp(tmp);
  if (fd < 0) {
    enum prep_status s = io_fail(d, path, "cannot create a temporary file");
    free(tmp);
    return s;
  }
  size_t off = 0;
  int ok = 1;
  while (ok && off < len) {
    ssize_t w = write(fd, buf + off, len - off);
    if (w < 0 && errno == EINTR)
      continue;
    ok = w > 0;
    if (ok)
      off += (size_t)w;
  }
  ok = ok && fsync(fd) == 0;
  ok = close(fd) == 0 && ok;
  if (!ok || rename(tmp, path) != 0) {
    enum prep_status s = io_fail(d, path, "write error");
    unlink(tmp);
    free(tmp);
    return s;
  }
  free(tmp);
  return PREP_OK;
}

enum prep_status prep_pack_write_text(const struct prep_doc *doc,
                                      const struct prep_facts *facts,
                                      const struct prep_plan *plan,
                                      const struct prep_bankset *banks,
                                      const struct prep_pack_opts *opts,
                                      int markdown, const char *out_path,
                                      const char *const *inputs,
                                      size_t ninputs, struct prep_arena *a,
                                      struct prep_diag *diag)
{
  char *buf = NULL;
  size_t len = 0;
  FILE *o = open_memstream(&buf, &len);
  if (!o) {
    prep_diag_add(diag, PREP_SEV_ERROR, out_path, NULL, "out of memory");
    return PREP_EINTERNAL;
  }
  struct tw t = {.o = o, .md = markdown, .doc = doc, .f = facts, .p = plan,
                 .bs = banks, .a = a, .days = opts ? opts->days : 0};
  cover(&t);
  at_a_glance(&t);
  briefing(&t);
  evidence_map(&t);
  plan_days(&t);
  questions(&t);
  story_bank(&t);
  ask_back(&t);
  day_of(&t);
  debrief(&t);
  if (fclose(o) != 0 || !buf) {
    free(buf);
    prep_diag_add(diag, PREP_SEV_ERROR, out_path, NULL, "out of memory");
    return PREP_EINTERNAL;
  }
  enum prep_status st = write_safely(buf, len, out_path ? out_path : "-",
                                     inputs, ninputs, diag);
  free(buf);
  return st;
}
