/* scaffold.c - a STAR answer scaffold per question, from the candidate's
 * own experience.
 *
 * Consumes a ranked plan whose questions already have stories assigned;
 * fills each item's scaffold.  Situation and Task are assembled from facts
 * (job title, company, dates: verbatim pieces), Action quotes the story's
 * bullets verbatim, Result quotes the story's measured results verbatim or
 * leaves a bracketed placeholder.  The only other words are the fixed
 * prompts below and the bank's own prompts, so a scaffold never names an
 * employer, a number or a skill that is not in the CV or the bank.
 */
#include <string.h>
#include <strings.h>

#include "prepgen/arena.h"
#include "prepgen/doc.h"
#include "prepgen/facts.h"
#include "prepgen/plan.h"

#define NONE ((size_t)-1)
#define MAX_ACTION 3
#define MAX_RESULT 3

/* Prompts that make an answer defensible: interviewers ask them next. */
static const char *const defend_prompts[] = {
    "What else did you consider, and why did you not choose it?",
    "What did it cost, and who disagreed?",
    "What would you do differently today?",
};

/* What kind of number fits a question, from its topics and themes. */
static const char *number_hint(const struct prep_question *q)
{
  static const struct {
    const char *tag, *hint;
  } hints[] = {
      {"performance", "latency or throughput, before and after"},
      {"caching", "latency or load on the origin, before and after"},
      {"scalability", "traffic, data volume or cost at the new scale"},
      {"reliability", "incidents, uptime or time to recover"},
      {"incident", "time to detect and to recover, users affected"},
      {"observability", "alerts, time to detect or time to recover"},
      {"databases", "query time, rows or storage, before and after"},
      {"testing", "escaped defects, flaky tests or release time"},
      {"ci-cd", "deploys per week or lead time"},
      {"security", "findings closed or exposure removed"},
      {"customer-focus", "users, tickets or satisfaction"},
      {"mentoring", "people helped and what they went on to do"},
      {"leadership", "team size and what it delivered"},
      {"impact", "revenue, cost, users or time saved"},
  };
  for (size_t i = 0; i < sizeof hints / sizeof hints[0]; i++) {
    for (size_t t = 0; t < q->topics.n; t++)
      if (strcmp(q->topics.v[t], hints[i].tag) == 0)
        return hints[i].hint;
    for (size_t t = 0; t < q->themes.n; t++)
      if (strcmp(q->themes.v[t], hints[i].tag) == 0)
        return hints[i].hint;
  }
  return "time saved, users served, errors avoided or money";
}

static int says_we(const char *s)
{
  static const char *const words[] = {"we", "our", "us", NULL};
  for (const char *p = s; *p;) {
    while (*p && !((*p >= 'a' && *p <= 'z') || (*p >= 'A' && *p <= 'Z')))
      p++;
    const char *q = p;
    while ((*q >= 'a' && *q <= 'z') || (*q >= 'A' && *q <= 'Z'))
      q++;
    for (size_t i = 0; words[i]; i++)
      if ((size_t)(q - p) == strlen(words[i]) &&
          strncasecmp(p, words[i], (size_t)(q - p)) == 0)
        return 1;
    p = q;
  }
  return 0;
}

/* Is block b one of the item's quoted evidence lines? */
static const struct prep_quote *quoted(const struct prep_plan_item *it,
                                       size_t b)
{
  for (size_t i = 0; i < it->nquotes; i++)
    if (it->quotes[i].block == b)
      return &it->quotes[i];
  return NULL;
}

static void fill_one(const struct prep_doc *doc, const struct prep_facts *f,
                     struct prep_plan *p, struct prep_plan_item *it,
                     struct prep_arena *a)
{
  struct prep_scaffold *sc = &it->scaffold;
  const struct prep_question *q = it->q;
  for (int k = 0; k < 4; k++)
    sc->prompt[k] = q->star[k];
  sc->defend = (const char **)defend_prompts;
  sc->ndefend = sizeof defend_prompts / sizeof defend_prompts[0];
  if (it->story == NONE) {
    sc->empty = 1;
    sc->result_missing = 1;
    return;
  }
  const struct prep_story *s = &p->stories[it->story];

  /* Situation and Task: facts only, in fixed words. */
  if (s->role && s->org && s->dates)
    sc->situation = prep_arena_printf(a, "%s at %s (%s)", s->role, s->org,
                                      s->dates);
  else if (s->role && s->org)
    sc->situation = prep_arena_printf(a, "%s at %s", s->role, s->org);
  else if (s->project != NONE && s->org)
    sc->situation = prep_arena_printf(a, "Project: %s", s->org);
  else
    sc->situation = s->role ? s->role : s->org;
  if (s->role)
    sc->task = prep_arena_printf(a, "What was yours to deliver as %s, "
                                    "and what made it hard?", s->role);
  else
    sc->task = "What was yours to deliver, and what made it hard?";

  /* Action: the story's bullets that are evidence for this question first,
   * then its strongest others; verbatim. */
  struct prep_quote *act = prep_arena_alloc(a, MAX_ACTION * sizeof *act);
  size_t n = 0;
  for (int pass = 0; pass < 2; pass++)
    for (size_t i = 0; i < s->nbullets && n < MAX_ACTION; i++) {
      const struct prep_quote *qt = quoted(it, s->bullets[i]);
      if ((pass == 0) != (qt != NULL))
        continue;
      act[n].block = s->bullets[i];
      act[n].text = doc->blocks[s->bullets[i]].text;
      act[n].grade = qt ? qt->grade : PREP_GRADE_MEDIUM;
      act[n].why = qt ? qt->why : "from the same story";
      n++;
    }
  sc->action = act;
  sc->naction = n;

  const char **ap = prep_arena_alloc(a, 3 * sizeof *ap);
  size_t np = 0;
  int we = 0;
  for (size_t i = 0; i < n; i++)
    we |= says_we(act[i].text);
  if (we)
    ap[np++] = "This line says \"we\": say what you did yourself (\"I ...\").";
  ap[np++] = "Name two decisions you made and the options you turned down.";
  if (q->category == PREP_QCAT_TECHNICAL)
    ap[np++] = "Explain one trade-off in plain words, as you would to a peer.";
  else
    ap[np++] = "Keep \"I\", not \"we\", in every step you describe.";
  sc->action_prompts = ap;
  sc->naction_prompts = np;

  /* Result: numbers from the quoted bullets first, then the story's. */
  const char **res = prep_arena_alloc(a, (MAX_RESULT + 1) * sizeof *res);
  size_t nr = 0;
  for (int pass = 0; pass < 2; pass++)
    for (size_t r = 0; r < s->nresults && nr < MAX_RESULT; r++) {
      const struct prep_result *pr = &f->results[s->results[r]];
      int in_action = 0;
      for (size_t i = 0; i < n; i++)
        in_action |= act[i].block == pr->block;
      if ((pass == 0) != in_action)
        continue;
      int dup = 0;
      for (size_t k = 0; k < nr; k++)
        dup |= strcmp(res[k], pr->text) == 0;
      if (!dup)
        res[nr++] = pr->text;
    }
  if (nr == 0) {
    res[nr++] = prep_arena_printf(a, "[add a number: %s]", number_hint(q));
    sc->result_missing = 1;
  }
  sc->result = res;
  sc->nresult = nr;
}

void prep_scaffold_fill(const struct prep_doc *doc,
                        const struct prep_facts *facts,
                        struct prep_plan *plan, struct prep_arena *a)
{
  for (size_t i = 0; i < plan->nitems; i++)
    fill_one(doc, facts, plan, &plan->items[i], a);
}
