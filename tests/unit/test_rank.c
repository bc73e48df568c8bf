/* test_rank.c - ranking, grading, stories and scaffolds (issue 5).
 *
 * Runs the real pipeline (text reader, extraction with data/, the bundled
 * banks) on small CVs written here, then checks the plan's behaviour:
 * the priority formula, grades for what the CV shows, claim risks and
 * structural gaps, story limits, the job posting, determinism, and that no
 * CV text in a plan is anything but a verbatim quote.
 */
#include <check.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "prepgen/arena.h"
#include "prepgen/bank.h"
#include "prepgen/diag.h"
#include "prepgen/doc.h"
#include "prepgen/extract.h"
#include "prepgen/facts.h"
#include "prepgen/plan.h"
#include "prepgen/read.h"

Suite *rank_suite(void);

#define NONE ((size_t)-1)

static const char senior_cv[] =
    "Marta Kowalczyk\n"
    "Senior Backend Engineer\n"
    "marta.k@example.com | +48 22 555 01 23\n"
    "\n"
    "EXPERIENCE\n"
    "\n"
    "Senior Backend Engineer | Vistula Payments | Jan 2020 - Present\n"
    "- Built a Kafka event pipeline for card settlements, cutting settlement "
    "delay from 6 hours to 3 minutes.\n"
    "- Tuned PostgreSQL indexes and partitioning, reducing p99 query latency "
    "from 900ms to 90ms.\n"
    "- Led the on-call rotation for 12 services and cut pages per week by "
    "60%.\n"
    "- Wrote postmortems for every major incident and reduced repeat "
    "incidents by 40%.\n"
    "\n"
    "Backend Engineer | Oder Logistics | Mar 2016 - Dec 2019\n"
    "- Designed a REST API for parcel tracking serving 1,200 requests per "
    "second.\n"
    "- Migrated 40 cron jobs to RabbitMQ consumers with zero downtime.\n"
    "\n"
    "SKILLS\n"
    "Java, Kotlin, PostgreSQL, Kafka, RabbitMQ, Redis, Docker, Kubernetes, "
    "AWS\n";

static const char bootcamp_cv[] =
    "Sam Rivera\n"
    "Junior Full-Stack Developer\n"
    "sam.rivera@example.org\n"
    "\n"
    "EXPERIENCE\n"
    "\n"
    "Junior Full-Stack Developer | Pinecone Tickets | Oct 2024 - Present\n"
    "- Built React components for the checkout page used by 5,000 buyers a "
    "month.\n"
    "- Wrote Jest tests for the cart, raising coverage from 30% to 70%.\n"
    "\n"
    "Shift Supervisor | Corner Cafe | 2019 - 2024\n"
    "- Calmed upset customers during the lunch rush and resolved complaints.\n"
    "- Trained 6 new baristas on opening and closing routines.\n"
    "\n"
    "EDUCATION\n"
    "Full-Stack Web Development Bootcamp, Northside Code School, 2024\n"
    "\n"
    "SKILLS\n"
    "JavaScript, TypeScript, React, Node.js, Express, PostgreSQL, MongoDB, "
    "Redis, Docker\n";

static const char posting[] =
    "Backend Engineer\n"
    "\n"
    "Requirements:\n"
    "- 3+ years with Go or Java\n"
    "- PostgreSQL and Kafka in production\n"
    "- Kubernetes and Terraform\n";

static struct prep_taxonomy *tax;
static struct prep_bankset *banks;

static const char *data_dir(void)
{
  const char *d = getenv("PREPGEN_DATA");
  return d && *d ? d : "data";
}

static void setup(void)
{
  struct prep_diag d;
  prep_diag_init(&d);
  prep_read_init();
  ck_assert_int_eq(prep_taxonomy_load(data_dir(), &tax, &d), PREP_OK);
  ck_assert_int_eq(prep_bankset_load_dir(data_dir(), &banks, &d), PREP_OK);
  prep_diag_free(&d);
}

static void teardown(void)
{
  prep_taxonomy_free(tax);
  prep_bankset_free(banks);
  tax = NULL;
  banks = NULL;
}

struct run {
  struct prep_arena *a;
  struct prep_doc *doc;
  struct prep_facts *facts;
  struct prep_plan *plan;
};

static void plan_for(struct run *r, const char *cv,
                     const struct prep_plan_opts *po)
{
  struct prep_diag d;
  prep_diag_init(&d);
  r->a = prep_arena_new();
  ck_assert_int_eq(prep_read_text((const unsigned char *)cv, strlen(cv),
                                  "cv.txt", r->a, &r->doc, &d),
                   PREP_OK);
  struct prep_extract_opts eo = {.as_of = "2026-10", .name = "cv.txt"};
  ck_assert_int_eq(prep_extract(r->doc, tax, &eo, r->a, &r->facts, &d),
                   PREP_OK);
  struct prep_plan_opts none = {0};
  ck_assert_int_eq(prep_rank(r->doc, r->facts, banks, tax, po ? po : &none,
                             r->a, &r->plan, &d),
                   PREP_OK);
  prep_diag_free(&d);
}

/* The best grade among the plan's questions that carry tag `tag`. */
static enum prep_grade topic_grade(const struct prep_plan *p, const char *tag)
{
  for (size_t i = 0; i < p->ntopics; i++)
    if (strcmp(p->topics[i].tag, tag) == 0)
      return p->topics[i].grade;
  return PREP_GRADE_NONE;
}

static int in_priorities(const struct prep_plan *p, const char *tag,
                         size_t within)
{
  for (size_t k = 0; k < p->npriorities && k < within; k++) {
    const struct prep_question *q = p->items[p->priorities[k]].q;
    for (size_t t = 0; t < q->topics.n; t++)
      if (strcmp(q->topics.v[t], tag) == 0)
        return 1;
    for (size_t t = 0; t < q->themes.n; t++)
      if (strcmp(q->themes.v[t], tag) == 0)
        return 1;
  }
  return 0;
}

START_TEST(priority_formula_and_grades)
{
  struct run r;
  plan_for(&r, senior_cv, NULL);
  for (size_t i = 0; i < r.plan->nitems; i++) {
    const struct prep_plan_item *it = &r.plan->items[i];
    ck_assert(it->likelihood > 0 && it->likelihood <= 1.0);
    ck_assert(it->evidence >= 0 && it->evidence <= 1.0);
    double w = it->q->category == PREP_QCAT_CULTURE_FIT ? 0.5 : 1.0;
    ck_assert(fabs(it->priority - w * it->likelihood * (1 - it->evidence)) <
              1e-9);
    /* the grade names the evidence band */
    enum prep_grade want = it->evidence >= 0.75   ? PREP_GRADE_STRONG
                           : it->evidence >= 0.45 ? PREP_GRADE_MEDIUM
                           : it->evidence >= 0.15 ? PREP_GRADE_WEAK
                                                  : PREP_GRADE_NONE;
    ck_assert_int_eq(want, it->grade);
    /* no question is graded above its best quoted line */
    enum prep_grade best = PREP_GRADE_NONE;
    for (size_t k = 0; k < it->nquotes; k++)
      if (it->quotes[k].grade > best)
        best = it->quotes[k].grade;
    ck_assert_int_le(it->grade, best);
  }
  /* priorities are sorted, highest first */
  for (size_t k = 1; k < r.plan->npriorities; k++)
    ck_assert(r.plan->items[r.plan->priorities[k - 1]].priority >=
              r.plan->items[r.plan->priorities[k]].priority);
  /* primary questions come first, then practice ones */
  for (size_t i = 0; i < r.plan->nitems; i++)
    if (i >= r.plan->nprimary)
      ck_assert(r.plan->items[i].likelihood <= 1.0);
  prep_arena_free(r.a);
}
END_TEST

START_TEST(senior_backend_shows_strong_evidence)
{
  struct run r;
  plan_for(&r, senior_cv, NULL);
  ck_assert_str_eq(r.plan->role->id, "backend");
  ck_assert_int_eq(r.plan->level, PREP_LEVEL_SENIOR);
  ck_assert_int_eq(topic_grade(r.plan, "messaging"), PREP_GRADE_STRONG);
  ck_assert_int_eq(topic_grade(r.plan, "databases"), PREP_GRADE_STRONG);
  ck_assert_int_eq(topic_grade(r.plan, "incident"), PREP_GRADE_STRONG);
  /* failure and conflict stories are structural gaps: always prompted */
  ck_assert(in_priorities(r.plan, "failure", r.plan->npriorities));
  ck_assert(in_priorities(r.plan, "conflict", r.plan->npriorities));
  prep_arena_free(r.a);
}
END_TEST

START_TEST(bootcamp_grad_needs_databases_and_claims)
{
  struct run r;
  plan_for(&r, bootcamp_cv, NULL);
  ck_assert_int_eq(r.plan->level, PREP_LEVEL_JUNIOR);
  /* listed-but-unbacked skills are claim risks */
  int pg = 0, mongo = 0, react = 0;
  for (size_t i = 0; i < r.plan->nclaims; i++) {
    pg |= strcmp(r.plan->claims[i].id, "postgresql") == 0;
    mongo |= strcmp(r.plan->claims[i].id, "mongodb") == 0;
    react |= strcmp(r.plan->claims[i].id, "react") == 0;
  }
  ck_assert(pg && mongo);
  ck_assert(!react); /* React is backed by a bullet */
  ck_assert_int_le(topic_grade(r.plan, "databases"), PREP_GRADE_WEAK);
  /* database or scaling questions are among the top priorities */
  ck_assert(in_priorities(r.plan, "databases", 8) ||
            in_priorities(r.plan, "sql", 8) ||
            in_priorities(r.plan, "scalability", 8));
  /* the pre-tech jobs are kept as stories for the behavioural themes; the
   * developer job is not one of them */
  int pre = 0, dev = 0;
  for (size_t i = 0; i < r.plan->nstories; i++) {
    const struct prep_story *s = &r.plan->stories[i];
    if (s->role && strcmp(s->role, "Shift Supervisor") == 0) {
      ck_assert(s->pre_tech);
      pre = 1;
    }
    if (s->role && strcmp(s->role, "Junior Full-Stack Developer") == 0) {
      ck_assert_msg(!s->pre_tech, "the developer job is marked pre-tech");
      dev = 1;
    }
  }
  ck_assert(pre && dev);
  prep_arena_free(r.a);
}
END_TEST

START_TEST(stories_within_limits)
{
  struct run r;
  plan_for(&r, senior_cv, NULL);
  ck_assert_uint_ge(r.plan->nstories, 2);
  ck_assert_uint_le(r.plan->nstories, 12);
  for (size_t s = 0; s < r.plan->nstories; s++) {
    const struct prep_story *st = &r.plan->stories[s];
    ck_assert_uint_le(st->nquestions, 3);
    for (size_t k = 0; k < st->nquestions; k++)
      ck_assert_uint_eq(r.plan->items[st->questions[k]].story, s);
  }
  size_t assigned = 0;
  for (size_t i = 0; i < r.plan->nitems; i++)
    if (r.plan->items[i].story != NONE) {
      assigned++;
      ck_assert(!r.plan->items[i].scaffold.empty);
    } else {
      ck_assert(r.plan->items[i].scaffold.empty);
    }
  ck_assert_uint_gt(assigned, 0);
  prep_arena_free(r.a);
}
END_TEST

/* Is s a verbatim substring of some block of the document? */
static int from_cv(const struct prep_doc *doc, const char *s)
{
  for (size_t i = 0; i < doc->nblocks; i++)
    if (strstr(doc->blocks[i].text, s))
      return 1;
  return 0;
}

static void check_no_fabrication(const struct run *r)
{
  const struct prep_plan *p = r->plan;
  for (size_t i = 0; i < p->nitems; i++) {
    const struct prep_plan_item *it = &p->items[i];
    for (size_t k = 0; k < it->nquotes; k++) {
      ck_assert_uint_lt(it->quotes[k].block, r->doc->nblocks);
      ck_assert_str_eq(it->quotes[k].text,
                       r->doc->blocks[it->quotes[k].block].text);
    }
    const struct prep_scaffold *sc = &it->scaffold;
    for (size_t k = 0; k < sc->naction; k++)
      ck_assert_str_eq(sc->action[k].text,
                       r->doc->blocks[sc->action[k].block].text);
    for (size_t k = 0; k < sc->nresult; k++)
      ck_assert_msg(from_cv(r->doc, sc->result[k]) ||
                        strncmp(sc->result[k], "[add a number: ", 15) == 0,
                    "result not from the CV: %s", sc->result[k]);
    if (it->story != NONE) {
      const struct prep_story *st = &p->stories[it->story];
      if (st->role)
        ck_assert(from_cv(r->doc, st->role));
      if (st->org)
        ck_assert(from_cv(r->doc, st->org));
      if (st->dates)
        ck_assert(from_cv(r->doc, st->dates));
    }
  }
  for (size_t s = 0; s < p->nstories; s++)
    for (size_t k = 0; k < p->stories[s].nbullets; k++)
      ck_assert_uint_lt(p->stories[s].bullets[k], r->doc->nblocks);
}

START_TEST(no_fabrication)
{
  struct run r;
  plan_for(&r, senior_cv, NULL);
  check_no_fabrication(&r);
  prep_arena_free(r.a);
  plan_for(&r, bootcamp_cv, NULL);
  check_no_fabrication(&r);
  prep_arena_free(r.a);
}
END_TEST

static char *dump(const struct run *r)
{
  char *buf = NULL;
  size_t n = 0;
  FILE *f = open_memstream(&buf, &n);
  prep_dump_plan(f, r->doc, r->plan);
  prep_plan_write_json(f, r->doc, r->plan, 1);
  fclose(f);
  return buf;
}

START_TEST(deterministic)
{
  struct run r1, r2;
  plan_for(&r1, senior_cv, NULL);
  plan_for(&r2, senior_cv, NULL);
  char *a = dump(&r1), *b = dump(&r2);
  ck_assert_str_eq(a, b);
  free(a);
  free(b);
  prep_arena_free(r1.a);
  prep_arena_free(r2.a);
}
END_TEST

START_TEST(job_posting_weights_and_gaps)
{
  char path[] = "/tmp/prepgen-job-XXXXXX";
  int fd = mkstemp(path);
  ck_assert_int_ge(fd, 0);
  ck_assert_int_eq(write(fd, posting, strlen(posting)), (ssize_t)strlen(posting));
  close(fd);
  struct prep_plan_opts po = {.job_path = path};
  struct run r;
  plan_for(&r, senior_cv, &po);
  unlink(path);
  ck_assert(r.plan->has_job);
  int lack_tf = 0, have_kafka = 0, lack_kafka = 0;
  for (size_t i = 0; i < r.plan->njob_lack; i++) {
    lack_tf |= strcmp(r.plan->job_lack[i], "Terraform") == 0;
    lack_kafka |= strcmp(r.plan->job_lack[i], "Apache Kafka") == 0 ||
                  strcmp(r.plan->job_lack[i], "Kafka") == 0;
  }
  for (size_t i = 0; i < r.plan->njob_have; i++)
    have_kafka |= strstr(r.plan->job_have[i], "Kafka") != NULL;
  ck_assert(lack_tf);
  ck_assert(have_kafka && !lack_kafka);
  size_t flagged = 0;
  for (size_t i = 0; i < r.plan->nitems; i++)
    flagged += (r.plan->items[i].flags & PREP_IF_JOB) != 0;
  ck_assert_uint_gt(flagged, 0);
  prep_arena_free(r.a);
}
END_TEST

START_TEST(role_and_level_options)
{
  struct prep_plan_opts po = {.role = "Data Analyst", .level = "staff",
                              .top = 5};
  struct run r;
  plan_for(&r, senior_cv, &po);
  ck_assert_str_eq(r.plan->role->family, "data-analysis");
  ck_assert_int_eq(r.plan->level, PREP_LEVEL_STAFF);
  ck_assert_uint_eq(r.plan->nprimary, 5);
  prep_arena_free(r.a);

  struct prep_diag d;
  prep_diag_init(&d);
  struct prep_arena *a = prep_arena_new();
  struct prep_doc *doc;
  struct prep_facts *f;
  struct prep_plan *p;
  ck_assert_int_eq(prep_read_text((const unsigned char *)senior_cv,
                                  strlen(senior_cv), "cv.txt", a, &doc, &d),
                   PREP_OK);
  struct prep_extract_opts eo = {.as_of = "2026-10", .name = "cv.txt"};
  ck_assert_int_eq(prep_extract(doc, tax, &eo, a, &f, &d), PREP_OK);
  struct prep_plan_opts bad = {.role = "astronaut"};
  ck_assert_int_eq(prep_rank(doc, f, banks, tax, &bad, a, &p, &d),
                   PREP_EINPUT);
  ck_assert_uint_eq(d.errors, 1);
  ck_assert_ptr_nonnull(strstr(d.items[0].msg, "astronaut"));
  prep_diag_free(&d);
  prep_arena_free(a);
}
END_TEST

Suite *rank_suite(void)
{
  Suite *s = suite_create("rank");
  TCase *tc = tcase_create("rank");
  tcase_set_timeout(tc, 60);
  tcase_add_unchecked_fixture(tc, setup, teardown);
  tcase_add_test(tc, priority_formula_and_grades);
  tcase_add_test(tc, senior_backend_shows_strong_evidence);
  tcase_add_test(tc, bootcamp_grad_needs_databases_and_claims);
  tcase_add_test(tc, stories_within_limits);
  tcase_add_test(tc, no_fabrication);
  tcase_add_test(tc, deterministic);
  tcase_add_test(tc, job_posting_weights_and_gaps);
  tcase_add_test(tc, role_and_level_options);
  suite_add_tcase(s, tc);
  return s;
}
