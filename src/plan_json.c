/* plan_json.c - the plan as one JSON object (--plan), with jansson.
 *
 * Keys are written in a fixed order and numbers rounded to two decimals, so
 * the same inputs give the same bytes.  Every CV quote carries its source
 * position ("line 12", "paragraph 4") and block index.
 */
#include <jansson.h>
#include <math.h>

#include "prepgen/doc.h"
#include "prepgen/plan.h"

#define NONE ((size_t)-1)

static json_t *num(double x)
{
  return json_real(round(x * 100.0) / 100.0);
}

static json_t *str_or_null(const char *s)
{
  return s ? json_string(s) : json_null();
}

static json_t *strv(const char *const *v, size_t n)
{
  json_t *a = json_array();
  for (size_t i = 0; i < n; i++)
    json_array_append_new(a, json_string(v[i]));
  return a;
}

static json_t *quote(const struct prep_doc *doc, const struct prep_quote *q)
{
  char where[64];
  json_t *o = json_object();
  json_object_set_new(o, "text", json_string(q->text));
  json_object_set_new(o, "where",
                      json_string(prep_doc_where(doc, q->block, where,
                                                 sizeof where)));
  json_object_set_new(o, "block", json_integer((json_int_t)q->block));
  json_object_set_new(o, "grade", json_string(prep_grade_name(q->grade)));
  if (q->why)
    json_object_set_new(o, "why", json_string(q->why));
  return o;
}

static json_t *scaffold(const struct prep_doc *doc,
                        const struct prep_plan_item *it)
{
  const struct prep_scaffold *sc = &it->scaffold;
  json_t *o = json_object();
  json_object_set_new(o, "empty", json_boolean(sc->empty));
  json_object_set_new(o, "situation", str_or_null(sc->situation));
  json_object_set_new(o, "task", str_or_null(sc->task));
  json_t *act = json_array();
  for (size_t i = 0; i < sc->naction; i++)
    json_array_append_new(act, quote(doc, &sc->action[i]));
  json_object_set_new(o, "action", act);
  json_object_set_new(o, "actionPrompts",
                      strv(sc->action_prompts, sc->naction_prompts));
  json_object_set_new(o, "result", strv(sc->result, sc->nresult));
  json_object_set_new(o, "resultMissing", json_boolean(sc->result_missing));
  json_t *pr = json_object();
  for (int k = 0; k < 4; k++)
    if (sc->prompt[k])
      json_object_set_new(pr, prep_star_part_name((enum prep_star_part)k),
                          json_string(sc->prompt[k]));
  json_object_set_new(o, "prompts", pr);
  json_object_set_new(o, "followUps",
                      strv(it->q->follow_ups.v, it->q->follow_ups.n));
  json_object_set_new(o, "defend", strv(sc->defend, sc->ndefend));
  return o;
}

static json_t *item(const struct prep_doc *doc, const struct prep_plan *p,
                    size_t i, int explain)
{
  const struct prep_plan_item *it = &p->items[i];
  const struct prep_question *q = it->q;
  json_t *o = json_object();
  json_object_set_new(o, "rank", json_integer((json_int_t)i + 1));
  json_object_set_new(o, "id", json_string(q->id));
  json_object_set_new(o, "text", json_string(q->text));
  json_object_set_new(o, "category",
                      json_string(prep_q_category_name(q->category)));
  json_object_set_new(o, "tier",
                      json_string(i < p->nprimary ? "primary" : "practice"));
  json_t *stages = json_array();
  for (int k = 0; k < PREP_STAGE_COUNT; k++)
    if (q->stages & (1u << k))
      json_array_append_new(
          stages, json_string(prep_stage_kind_name((enum prep_stage_kind)k)));
  json_object_set_new(o, "stages", stages);
  json_object_set_new(o, "topics", strv(q->topics.v, q->topics.n));
  json_object_set_new(o, "themes", strv(q->themes.v, q->themes.n));
  json_object_set_new(o, "likelihood", num(it->likelihood));
  json_object_set_new(o, "evidenceScore", num(it->evidence));
  json_object_set_new(o, "priority", num(it->priority));
  json_object_set_new(o, "grade", json_string(prep_grade_name(it->grade)));
  json_t *fl = json_object();
  json_object_set_new(fl, "prepPriority",
                      json_boolean(it->flags & PREP_IF_PRIORITY));
  json_object_set_new(fl, "structuralGap",
                      json_boolean(it->flags & PREP_IF_GAP));
  json_object_set_new(fl, "claimRisk",
                      json_boolean(it->flags & PREP_IF_CLAIM_RISK));
  json_object_set_new(fl, "jobPosting", json_boolean(it->flags & PREP_IF_JOB));
  json_object_set_new(o, "flags", fl);
  json_object_set_new(o, "claimSkills",
                      strv(it->claim_skills, it->nclaim_skills));
  json_t *ev = json_array();
  for (size_t k = 0; k < it->nquotes; k++)
    json_array_append_new(ev, quote(doc, &it->quotes[k]));
  json_object_set_new(o, "evidence", ev);
  json_object_set_new(o, "story",
                      it->story == NONE ? json_null()
                                        : json_string(p->stories[it->story].id));
  json_object_set_new(o, "why", json_string(q->why));
  json_object_set_new(o, "pointers", strv(q->pointers.v, q->pointers.n));
  json_object_set_new(o, "scaffold", scaffold(doc, it));
  if (explain && it->why_score)
    json_object_set_new(o, "explain", json_string(it->why_score));
  return o;
}

int prep_plan_write_json(FILE *out, const struct prep_doc *doc,
                         const struct prep_plan *p, int explain)
{
  char where[64];
  json_t *root = json_object();
  json_t *role = json_object();
  json_object_set_new(role, "id", json_string(p->role->id));
  json_object_set_new(role, "title", json_string(p->role->title));
  json_object_set_new(role, "why", json_string(p->role_why));
  json_object_set_new(root, "role", role);
  json_t *lv = json_object();
  json_object_set_new(lv, "name", json_string(prep_level_name(p->level)));
  json_object_set_new(lv, "why", json_string(p->level_why));
  json_object_set_new(root, "level", lv);
  json_object_set_new(root, "company", str_or_null(p->company));
  json_object_set_new(root, "general", json_boolean(p->general));
  json_t *pri = json_array();
  for (size_t i = 0; i < p->npriorities; i++)
    json_array_append_new(pri, json_string(p->items[p->priorities[i]].q->id));
  json_object_set_new(root, "priorities", pri);
  json_t *qs = json_array();
  for (size_t i = 0; i < p->nitems; i++)
    json_array_append_new(qs, item(doc, p, i, explain));
  json_object_set_new(root, "questions", qs);
  json_t *stories = json_array();
  for (size_t i = 0; i < p->nstories; i++) {
    const struct prep_story *s = &p->stories[i];
    json_t *o = json_object();
    json_object_set_new(o, "id", json_string(s->id));
    json_object_set_new(o, "title", json_string(s->title));
    json_object_set_new(o, "role", str_or_null(s->role));
    json_object_set_new(o, "organisation", str_or_null(s->org));
    json_object_set_new(o, "dates", str_or_null(s->dates));
    json_object_set_new(o, "preTech", json_boolean(s->pre_tech));
    json_t *b = json_array();
    for (size_t k = 0; k < s->nbullets; k++) {
      struct prep_quote qt = {.block = s->bullets[k],
                              .text = doc->blocks[s->bullets[k]].text,
                              .grade = PREP_GRADE_MEDIUM};
      json_t *qo = quote(doc, &qt);
      json_object_del(qo, "grade");
      json_array_append_new(b, qo);
    }
    json_object_set_new(o, "bullets", b);
    json_object_set_new(o, "tags", strv(s->tags, s->ntags));
    json_t *sq = json_array();
    for (size_t k = 0; k < s->nquestions; k++)
      json_array_append_new(sq, json_string(p->items[s->questions[k]].q->id));
    json_object_set_new(o, "questions", sq);
    json_array_append_new(stories, o);
  }
  json_object_set_new(root, "stories", stories);
  json_t *map = json_array();
  for (size_t i = 0; i < p->ntopics; i++) {
    json_t *o = json_object();
    json_object_set_new(o, "tag", json_string(p->topics[i].tag));
    json_object_set_new(o, "kind",
                        json_string(p->topics[i].is_theme ? "theme" : "topic"));
    json_object_set_new(o, "grade",
                        json_string(prep_grade_name(p->topics[i].grade)));
    json_object_set_new(o, "questions",
                        json_integer((json_int_t)p->topics[i].nquestions));
    json_array_append_new(map, o);
  }
  json_object_set_new(root, "evidenceMap", map);
  json_t *cl = json_array();
  for (size_t i = 0; i < p->nclaims; i++) {
    json_t *o = json_object();
    json_object_set_new(o, "skill", json_string(p->claims[i].skill));
    json_object_set_new(o, "id", json_string(p->claims[i].id));
    json_object_set_new(o, "where",
                        json_string(prep_doc_where(doc, p->claims[i].block,
                                                   where, sizeof where)));
    json_object_set_new(o, "calledExpert", json_boolean(p->claims[i].expert));
    json_array_append_new(cl, o);
  }
  json_object_set_new(root, "claimRisks", cl);
  if (p->has_job) {
    json_t *j = json_object();
    json_object_set_new(j, "have", strv(p->job_have, p->njob_have));
    json_object_set_new(j, "lack", strv(p->job_lack, p->njob_lack));
    json_object_set_new(root, "job", j);
  }
  int rc = json_dumpf(root, out,
                      JSON_INDENT(2) | JSON_PRESERVE_ORDER |
                          JSON_REAL_PRECISION(4) | JSON_ENSURE_ASCII * 0);
  json_decref(root);
  if (rc == 0 && fputc('\n', out) == EOF)
    rc = -1;
  return rc;
}
