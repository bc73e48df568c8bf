/* dump_plan.c - the plan as stable text (--dump=plan, golden tests).
 *
 * Format (v1): header lines "# key: value", then per question
 *   Q<rank> ID CATEGORY TIER L=0.00 E=0.00 P=0.00 GRADE FLAGS
 * followed by indented evidence, story and scaffold lines; then stories,
 * the evidence map, claim risks and the job comparison.  Numbers have two
 * decimals so the dump is stable across platforms.
 */
#include <stdio.h>

#include "prepgen/doc.h"
#include "prepgen/plan.h"

#define NONE ((size_t)-1)

static const char *flags_str(unsigned f, char *buf)
{
  buf[0] = f & PREP_IF_PRIORITY ? 'P' : '-';
  buf[1] = f & PREP_IF_GAP ? 'G' : '-';
  buf[2] = f & PREP_IF_CLAIM_RISK ? 'C' : '-';
  buf[3] = f & PREP_IF_JOB ? 'J' : '-';
  buf[4] = '\0';
  return buf;
}

void prep_dump_plan(FILE *out, const struct prep_doc *doc,
                    const struct prep_plan *p)
{
  char fl[8], where[64];
  fprintf(out, "# prepgen plan v1\n");
  fprintf(out, "# role: %s (%s)\n", p->role->id, p->role_why);
  fprintf(out, "# level: %s (%s)\n", prep_level_name(p->level), p->level_why);
  if (p->general)
    fprintf(out, "# general: the CV gave no evidence (too little text)\n");
  fprintf(out, "# questions: %zu (%zu primary)\n", p->nitems, p->nprimary);
  fprintf(out, "# priorities:");
  for (size_t i = 0; i < p->npriorities; i++)
    fprintf(out, " %s", p->items[p->priorities[i]].q->id);
  fprintf(out, "\n");
  for (size_t i = 0; i < p->nitems; i++) {
    const struct prep_plan_item *it = &p->items[i];
    fprintf(out, "Q%zu %s %s %s L=%.2f E=%.2f P=%.2f %s %s\n", i + 1,
            it->q->id, prep_q_category_name(it->q->category),
            i < p->nprimary ? "primary" : "practice", it->likelihood,
            it->evidence, it->priority, prep_grade_name(it->grade),
            flags_str(it->flags, fl));
    for (size_t k = 0; k < it->nquotes; k++)
      fprintf(out, "  evidence %s [%s] %s\n",
              prep_doc_where(doc, it->quotes[k].block, where, sizeof where),
              prep_grade_name(it->quotes[k].grade), it->quotes[k].text);
    for (size_t k = 0; k < it->nclaim_skills; k++)
      fprintf(out, "  claim-risk %s\n", it->claim_skills[k]);
    const struct prep_scaffold *sc = &it->scaffold;
    if (it->story != NONE)
      fprintf(out, "  story %s\n", p->stories[it->story].id);
    if (sc->empty) {
      fprintf(out, "  scaffold empty (prompts only)\n");
      continue;
    }
    fprintf(out, "  S: %s\n  T: %s\n", sc->situation ? sc->situation : "",
            sc->task ? sc->task : "");
    for (size_t k = 0; k < sc->naction; k++)
      fprintf(out, "  A: %s | %s\n",
              prep_doc_where(doc, sc->action[k].block, where, sizeof where),
              sc->action[k].text);
    for (size_t k = 0; k < sc->nresult; k++)
      fprintf(out, "  R: %s\n", sc->result[k]);
  }
  for (size_t i = 0; i < p->nstories; i++) {
    const struct prep_story *s = &p->stories[i];
    fprintf(out, "story %s %s%s | bullets %zu results %zu questions %zu |",
            s->id, s->title, s->pre_tech ? " (pre-tech)" : "", s->nbullets,
            s->nresults, s->nquestions);
    for (size_t t = 0; t < s->ntags; t++)
      fprintf(out, " %s", s->tags[t]);
    fprintf(out, "\n");
  }
  for (size_t i = 0; i < p->ntopics; i++)
    fprintf(out, "map %s %s %s (%zu questions)\n",
            p->topics[i].is_theme ? "theme" : "topic", p->topics[i].tag,
            prep_grade_name(p->topics[i].grade), p->topics[i].nquestions);
  for (size_t i = 0; i < p->nclaims; i++)
    fprintf(out, "claim %s %s%s\n", p->claims[i].skill,
            prep_doc_where(doc, p->claims[i].block, where, sizeof where),
            p->claims[i].expert ? " (called expert)" : "");
  if (p->has_job) {
    fprintf(out, "job have:");
    for (size_t i = 0; i < p->njob_have; i++)
      fprintf(out, " %s;", p->job_have[i]);
    fprintf(out, "\njob lack:");
    for (size_t i = 0; i < p->njob_lack; i++)
      fprintf(out, " %s;", p->job_lack[i]);
    fprintf(out, "\n");
  }
}
