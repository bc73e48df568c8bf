/* test_bank.c - question banks: bundled banks, schema errors, composition.
 *
 * Data comes from $PREPGEN_DATA (default "data"), fixtures from
 * $PREPGEN_TESTS (default "tests"): tests/fixtures/banks/bad-*.xml each
 * hold one kind of mistake; custom-*.xml and good-*.xml are coach banks.
 */
#include <check.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "prepgen/arena.h"
#include "prepgen/bank.h"
#include "prepgen/diag.h"
#include "prepgen/tags.h"

Suite *bank_suite(void);

static const char *data_dir(void)
{
  const char *s = getenv("PREPGEN_DATA");
  return s && *s ? s : "data";
}

static const char *fixture(const char *name)
{
  static char buf[4][1024];
  static int k;
  const char *t = getenv("PREPGEN_TESTS");
  char *b = buf[k++ % 4];
  snprintf(b, sizeof buf[0], "%s/fixtures/banks/%s", t && *t ? t : "tests",
           name);
  return b;
}

static struct prep_bankset *load_ok(struct prep_diag *d)
{
  struct prep_bankset *bs = NULL;
  enum prep_status st = prep_bankset_load_dir(data_dir(), &bs, d);
  ck_assert_msg(st == PREP_OK, "bundled banks fail to load: %s:%s: %s",
                d->count ? d->items[0].file : "?",
                d->count && d->items[0].where ? d->items[0].where : "",
                d->count ? d->items[0].msg : "?");
  ck_assert_ptr_nonnull(bs);
  return bs;
}

/* Every question of the set: the core, then each role's own. */
static size_t all_questions(const struct prep_bankset *bs,
                            const struct prep_question **out, size_t cap)
{
  size_t n = 0, nroles;
  const struct prep_role *core = prep_bankset_core(bs);
  for (size_t i = 0; i < core->nquestions && n < cap; i++)
    out[n++] = core->questions[i];
  const struct prep_role *const *roles = prep_bankset_roles(bs, &nroles);
  for (size_t r = 0; r < nroles; r++)
    for (size_t i = 0; i < roles[r]->own_count && n < cap; i++)
      out[n++] = roles[r]->questions[i];
  return n;
}

static int has_theme(const struct prep_question *q, const char *t)
{
  for (size_t i = 0; i < q->themes.n; i++)
    if (strcmp(q->themes.v[i], t) == 0)
      return 1;
  return 0;
}

static const struct prep_question *in_role(const struct prep_role *r,
                                           const char *id, size_t *pos)
{
  for (size_t i = 0; i < r->nquestions; i++) {
    if (strcmp(r->questions[i]->id, id) == 0) {
      if (pos)
        *pos = i;
      return r->questions[i];
    }
  }
  return NULL;
}

/* ------------------------------------------------------------------ */

START_TEST(bundled_banks_validate)
{
  struct prep_diag d;
  prep_diag_init(&d);
  struct prep_bankset *bs = load_ok(&d);
  ck_assert_uint_eq(d.errors, 0);
  const struct prep_role *core = prep_bankset_core(bs);
  ck_assert_str_eq(core->id, "core");
  ck_assert_uint_ge(core->nquestions, 25);
  const struct prep_role *be = prep_bankset_find_role(bs, "backend");
  ck_assert_ptr_nonnull(be);
  ck_assert_uint_ge(be->own_count, 60);
  ck_assert_uint_eq(be->nquestions, be->own_count + core->nquestions);
  ck_assert_uint_ge(be->nstages, 1);
  ck_assert_uint_ge(be->aliases.n, 1);
  ck_assert_ptr_eq(prep_bankset_find_role(bs, "core"), core);
  ck_assert_ptr_null(prep_bankset_find_role(bs, "no-such-role"));
  prep_bankset_free(bs);
  prep_diag_free(&d);
}
END_TEST

START_TEST(ids_unique_and_prefixed)
{
  struct prep_diag d;
  prep_diag_init(&d);
  struct prep_bankset *bs = load_ok(&d);
  static const struct prep_question *qs[4096];
  size_t n = all_questions(bs, qs, 4096);
  ck_assert_uint_gt(n, 0);
  for (size_t i = 0; i < n; i++) {
    for (size_t j = i + 1; j < n; j++)
      ck_assert_msg(strcmp(qs[i]->id, qs[j]->id) != 0, "duplicate id %s",
                    qs[i]->id);
    ck_assert_ptr_eq(prep_bankset_find_question(bs, qs[i]->id), qs[i]);
  }
  const struct prep_role *core = prep_bankset_core(bs);
  for (size_t i = 0; i < core->nquestions; i++)
    ck_assert_msg(strncmp(core->questions[i]->id, "core-", 5) == 0,
                  "core id without core- prefix: %s", core->questions[i]->id);
  prep_bankset_free(bs);
  prep_diag_free(&d);
}
END_TEST

START_TEST(every_tag_resolves)
{
  struct prep_diag d;
  prep_diag_init(&d);
  struct prep_bankset *bs = load_ok(&d);
  const struct prep_tags *tags = prep_bankset_tags(bs);
  ck_assert_ptr_nonnull(tags);
  static const struct prep_question *qs[4096];
  size_t n = all_questions(bs, qs, 4096);
  for (size_t i = 0; i < n; i++) {
    const struct prep_question *q = qs[i];
    ck_assert_uint_gt(q->topics.n + q->themes.n, 0);
    for (size_t k = 0; k < q->topics.n; k++) {
      const struct prep_tag *t = prep_tags_find(tags, q->topics.v[k]);
      ck_assert_msg(t && t->kind == PREP_TAG_TOPIC, "%s: topic %s", q->id,
                    q->topics.v[k]);
    }
    for (size_t k = 0; k < q->themes.n; k++) {
      const struct prep_tag *t = prep_tags_find(tags, q->themes.v[k]);
      ck_assert_msg(t && t->kind == PREP_TAG_THEME, "%s: theme %s", q->id,
                    q->themes.v[k]);
    }
  }
  prep_bankset_free(bs);
  prep_diag_free(&d);
}
END_TEST

/* The model holds what the format promises (counts, STAR, evidence). */
START_TEST(questions_complete)
{
  struct prep_diag d;
  prep_diag_init(&d);
  struct prep_bankset *bs = load_ok(&d);
  static const struct prep_question *qs[4096];
  size_t n = all_questions(bs, qs, 4096);
  for (size_t i = 0; i < n; i++) {
    const struct prep_question *q = qs[i];
    ck_assert_msg(q->text && *q->text && q->why && *q->why, "%s", q->id);
    ck_assert_msg(q->pointers.n >= 3 && q->pointers.n <= 5, "%s", q->id);
    ck_assert_msg(q->follow_ups.n >= 2 && q->follow_ups.n <= 4, "%s", q->id);
    ck_assert_msg(q->stages != 0, "%s has no stages", q->id);
    ck_assert_msg(q->source && q->line > 0, "%s has no position", q->id);
    double sum = 0;
    for (int l = 0; l < PREP_LEVEL_COUNT; l++) {
      ck_assert(q->levels[l] >= 0 && q->levels[l] <= 1);
      sum += q->levels[l];
    }
    ck_assert_msg(sum > 0, "%s is never asked", q->id);
    if (q->category == PREP_QCAT_BEHAVIOURAL ||
        q->category == PREP_QCAT_SITUATIONAL)
      for (int k = 0; k < 4; k++)
        ck_assert_msg(q->star[k] && *q->star[k], "%s lacks STAR", q->id);
    if (q->category == PREP_QCAT_TECHNICAL)
      ck_assert_msg(q->evidence_skills.n + q->evidence_bullets.n > 0,
                    "%s lacks evidence", q->id);
  }
  prep_bankset_free(bs);
  prep_diag_free(&d);
}
END_TEST

/* The core covers the themes the issue lists, flags failure and conflict
 * stories as structural gaps, and has questions to ask back. */
START_TEST(core_coverage)
{
  static const char *const themes[] = {
      "ownership",      "conflict",      "failure",        "incident",
      "influence",      "learning",      "prioritisation", "mentoring",
      "communication",  "culture",       "collaboration",  "ambiguity",
      "customer-focus", "feedback",      "pressure",       "decision-making",
      "initiative",     "career-change", "teamwork"};
  struct prep_diag d;
  prep_diag_init(&d);
  struct prep_bankset *bs = load_ok(&d);
  const struct prep_role *core = prep_bankset_core(bs);
  for (size_t t = 0; t < sizeof themes / sizeof themes[0]; t++) {
    int found = 0;
    for (size_t i = 0; i < core->nquestions; i++)
      found += has_theme(core->questions[i], themes[t]);
    ck_assert_msg(found > 0, "no core question for theme %s", themes[t]);
  }
  for (size_t i = 0; i < core->nquestions; i++) {
    const struct prep_question *q = core->questions[i];
    if (has_theme(q, "failure") || has_theme(q, "conflict"))
      ck_assert_msg(q->gap, "%s should be flagged <gap/>", q->id);
  }
  size_t ng;
  const struct prep_ask_group *g = prep_bankset_ask_groups(bs, &ng);
  int per[PREP_IV_COUNT] = {0};
  for (size_t i = 0; i < ng; i++)
    per[g[i].interviewer] += (int)g[i].questions.n;
  for (int iv = PREP_IV_RECRUITER; iv <= PREP_IV_EXECUTIVE; iv++)
    ck_assert_msg(per[iv] >= 5, "only %d questions for %s", per[iv],
                  prep_interviewer_name((enum prep_interviewer)iv));
  for (size_t i = 1; i < ng; i++)
    ck_assert(g[i - 1].interviewer < g[i].interviewer);
  prep_bankset_free(bs);
  prep_diag_free(&d);
}
END_TEST

/* One row per kind of mistake: FILE + line + the words a coach needs. */
struct bad_case {
  const char *file;
  unsigned line; /* 0: no line (whole-file problems) */
  const char *words[3];
};

static const struct bad_case bad_cases[] = {
    {"bad-category.xml",
     5,
     {"unknown category 'behavioral'", "expected one of", "behavioural"}},
    {"bad-missing-why.xml",
     10,
     {"question 'core-fixture-one'", "no <why> element", NULL}},
    {"bad-pointers-count.xml",
     11,
     {"<pointers>", "needs 3 to 5 <p> items, found 2", NULL}},
    {"bad-followups-count.xml",
     16,
     {"<follow-ups>", "needs 2 to 4 <q> items, found 5", NULL}},
    {"bad-duplicate-id.xml",
     27,
     {"duplicate question id 'core-fixture-one'", "first defined at line 5",
      NULL}},
    {"bad-unknown-tag.xml",
     30,
     {"unknown tag 'dbs' in topics", "tags.tsv", NULL}},
    {"bad-tag-kind.xml",
     30,
     {"'ownership' is a theme, not a topic", NULL, NULL}},
    {"bad-level.xml", 9, {"mid=\"1.5\"", "from 0 to 1", NULL}},
    {"bad-stage.xml",
     7,
     {"unknown stage kind 'onsite'", "recruiter-screen", NULL}},
    {"bad-unknown-element.xml",
     20,
     {"unknown element <starr>", "allowed here", NULL}},
    {"bad-order.xml",
     7,
     {"<tags> is out of order", "<stages> must come before it", NULL}},
    {"bad-no-star.xml",
     5,
     {"behavioural question 'core-fixture-one'", "<star>", NULL}},
    {"bad-no-evidence.xml",
     27,
     {"technical question 'core-fixture-two'", "<evidence>", NULL}},
    {"bad-empty-text.xml",
     28,
     {"<text> of question 'core-fixture-two' is empty", NULL, NULL}},
    {"bad-attribute.xml",
     27,
     {"unknown attribute 'weight' on <question>", NULL, NULL}},
    {"bad-version.xml", 3, {"unsupported bank version", NULL, NULL}},
    {"bad-not-wellformed.xml", 32, {"closing tag </whyy>", "<why>", NULL}},
    {"bad-doctype.xml", 2, {"DOCTYPE", NULL, NULL}},
    {"bad-unknown-role.xml",
     3,
     {"role 'astronaut' is not defined", NULL, NULL}},
    {"bad-no-tags.xml", 30, {"has no tags", NULL, NULL}},
    {"bad-markup-in-text.xml", 34, {"must contain plain text", "<b>", NULL}},
    {"bad-role-mismatch.xml",
     4,
     {"<role id=\"helpdesk\">", "role=\"support\"", NULL}},
    {"bad-depth.xml", 4, {"nested more than", NULL, NULL}},
};

START_TEST(bad_bank_reports_file_line)
{
  const struct bad_case *bc = &bad_cases[_i];
  const char *path = fixture(bc->file);
  struct prep_diag d;
  prep_diag_init(&d);
  enum prep_status st = prep_bank_check_file(data_dir(), path, &d);
  ck_assert_msg(st == PREP_EDATA, "%s: status %d", bc->file, (int)st);
  ck_assert_msg(d.count == 1 && d.errors == 1, "%s: %zu messages", bc->file,
                d.count);
  const struct prep_diag_entry *e = &d.items[0];
  ck_assert_str_eq(e->file, path);
  if (bc->line) {
    char where[32];
    snprintf(where, sizeof where, "line %u", bc->line);
    ck_assert_msg(e->where && strcmp(e->where, where) == 0,
                  "%s: at %s, expected %s (%s)", bc->file,
                  e->where ? e->where : "(none)", where, e->msg);
  }
  for (int k = 0; k < 3 && bc->words[k]; k++)
    ck_assert_msg(strstr(e->msg, bc->words[k]) != NULL,
                  "%s: message \"%s\" lacks \"%s\"", bc->file, e->msg,
                  bc->words[k]);
  ck_assert_msg(strchr(e->msg, '\n') == NULL, "one line only");
  prep_diag_free(&d);
}
END_TEST

START_TEST(good_bank_checks)
{
  static const char *const good[] = {"good-core-extension.xml",
                                     "custom-override.xml", "custom-role.xml"};
  for (size_t i = 0; i < 3; i++) {
    struct prep_diag d;
    prep_diag_init(&d);
    enum prep_status st =
        prep_bank_check_file(data_dir(), fixture(good[i]), &d);
    ck_assert_msg(st == PREP_OK, "%s: %s", good[i],
                  d.count ? d.items[0].msg : "?");
    ck_assert_uint_eq(d.count, 0);
    prep_diag_free(&d);
  }
}
END_TEST

/* --bank extending a role: a known id replaces (for that role only), a new
 * id is added to the role's own questions. */
START_TEST(custom_bank_overrides_by_id)
{
  struct prep_diag d;
  prep_diag_init(&d);
  struct prep_bankset *bs = load_ok(&d);
  const struct prep_role *be = prep_bankset_find_role(bs, "backend");
  size_t own = be->own_count, total = be->nquestions, pos_before = 0;
  const struct prep_question *orig = in_role(be, "core-why-here", &pos_before);
  ck_assert_ptr_nonnull(orig);
  ck_assert_ptr_null(in_role(be, "be-coach-extra", NULL));

  ck_assert_int_eq(
      prep_bankset_add_file(bs, fixture("custom-override.xml"), &d), PREP_OK);
  be = prep_bankset_find_role(bs, "backend"); /* arrays were rebuilt */
  ck_assert_uint_eq(be->own_count, own + 1);
  ck_assert_uint_eq(be->nquestions, total + 1);
  size_t pos = 0;
  const struct prep_question *repl = in_role(be, "core-why-here", &pos);
  ck_assert_ptr_nonnull(repl);
  ck_assert_ptr_ne(repl, orig);
  ck_assert_ptr_nonnull(strstr(repl->text, "backend team"));
  ck_assert_uint_eq(pos, pos_before + 1); /* same slot, after one new own */
  size_t xpos = 0;
  ck_assert_ptr_nonnull(in_role(be, "be-coach-extra", &xpos));
  ck_assert_uint_lt(xpos, be->own_count);
  /* the core itself (and other roles) keep the bundled question */
  ck_assert_ptr_eq(in_role(prep_bankset_core(bs), "core-why-here", NULL), orig);
  prep_bankset_free(bs);
  prep_diag_free(&d);
}
END_TEST

START_TEST(custom_core_extension_reaches_every_role)
{
  struct prep_diag d;
  prep_diag_init(&d);
  struct prep_bankset *bs = load_ok(&d);
  size_t n0 = prep_bankset_core(bs)->nquestions;
  ck_assert_int_eq(
      prep_bankset_add_file(bs, fixture("good-core-extension.xml"), &d),
      PREP_OK);
  ck_assert_uint_eq(prep_bankset_core(bs)->nquestions, n0 + 2);
  size_t nroles;
  const struct prep_role *const *roles = prep_bankset_roles(bs, &nroles);
  for (size_t r = 0; r < nroles; r++)
    ck_assert_ptr_nonnull(in_role(roles[r], "core-fixture-two", NULL));
  prep_bankset_free(bs);
  prep_diag_free(&d);
}
END_TEST

START_TEST(custom_role_added_and_ids_guarded)
{
  struct prep_diag d;
  prep_diag_init(&d);
  struct prep_bankset *bs = load_ok(&d);
  size_t n0;
  prep_bankset_roles(bs, &n0);
  ck_assert_int_eq(prep_bankset_add_file(bs, fixture("custom-role.xml"), &d),
                   PREP_OK);
  size_t n1;
  const struct prep_role *const *roles = prep_bankset_roles(bs, &n1);
  ck_assert_uint_eq(n1, n0 + 1);
  for (size_t i = 1; i < n1; i++)
    ck_assert_int_lt(strcmp(roles[i - 1]->id, roles[i]->id), 0);
  const struct prep_role *se = prep_bankset_find_role(bs, "support-engineer");
  ck_assert_ptr_nonnull(se);
  ck_assert_str_eq(se->title, "Technical Support Engineer");
  ck_assert_uint_eq(se->own_count, 1);
  ck_assert_uint_eq(se->nquestions, 1 + prep_bankset_core(bs)->nquestions);
  ck_assert_int_eq(se->level_default, PREP_LEVEL_JUNIOR);
  ck_assert_uint_eq(se->aliases.n, 2);

  /* another role's id cannot be taken over; the set stays as it was */
  const struct prep_role *be = prep_bankset_find_role(bs, "backend");
  size_t before = be->nquestions;
  ck_assert_int_eq(
      prep_bankset_add_file(bs, fixture("custom-steals-id.xml"), &d),
      PREP_EDATA);
  ck_assert_ptr_nonnull(strstr(d.items[d.count - 1].msg,
                               "already belongs to role 'support-engineer'"));
  ck_assert_uint_eq(prep_bankset_find_role(bs, "backend")->nquestions, before);
  prep_bankset_free(bs);
  prep_diag_free(&d);
}
END_TEST

START_TEST(failed_add_leaves_set_unchanged)
{
  struct prep_diag d;
  prep_diag_init(&d);
  struct prep_bankset *bs = load_ok(&d);
  size_t n0 = prep_bankset_core(bs)->nquestions;
  ck_assert_int_eq(
      prep_bankset_add_file(bs, fixture("bad-duplicate-id.xml"), &d),
      PREP_EDATA);
  ck_assert_uint_eq(prep_bankset_core(bs)->nquestions, n0);
  ck_assert_ptr_null(prep_bankset_find_question(bs, "core-fixture-one"));
  prep_bankset_free(bs);
  prep_diag_free(&d);
}
END_TEST

START_TEST(order_is_deterministic)
{
  struct prep_diag d;
  prep_diag_init(&d);
  struct prep_bankset *a = load_ok(&d);
  struct prep_bankset *b = load_ok(&d);
  size_t na, nb;
  const struct prep_role *const *ra = prep_bankset_roles(a, &na);
  const struct prep_role *const *rb = prep_bankset_roles(b, &nb);
  ck_assert_uint_eq(na, nb);
  for (size_t r = 0; r < na; r++) {
    ck_assert_str_eq(ra[r]->id, rb[r]->id);
    ck_assert_uint_eq(ra[r]->nquestions, rb[r]->nquestions);
    for (size_t i = 0; i < ra[r]->nquestions; i++)
      ck_assert_str_eq(ra[r]->questions[i]->id, rb[r]->questions[i]->id);
    /* own questions come first, in file order */
    for (size_t i = 1; i < ra[r]->own_count; i++)
      ck_assert_uint_lt(ra[r]->questions[i - 1]->line,
                        ra[r]->questions[i]->line);
  }
  prep_bankset_free(a);
  prep_bankset_free(b);
  prep_diag_free(&d);
}
END_TEST

/* Bundled banks must not reuse ids across files. */
static void copy_file(const char *from, const char *to)
{
  FILE *in = fopen(from, "rb"), *out = fopen(to, "wb");
  ck_assert_ptr_nonnull(in);
  ck_assert_ptr_nonnull(out);
  char buf[8192];
  size_t n;
  while ((n = fread(buf, 1, sizeof buf, in)) > 0)
    ck_assert_uint_eq(fwrite(buf, 1, n, out), n);
  fclose(in);
  ck_assert_int_eq(fclose(out), 0);
}

START_TEST(bundled_duplicate_across_files)
{
  char dir[] = "/tmp/prepgen-bank-XXXXXX", p[1200], q[1200];
  ck_assert_ptr_nonnull(mkdtemp(dir));
  snprintf(p, sizeof p, "%s/banks", dir);
  ck_assert_int_eq(mkdir(p, 0700), 0);
  static const char *const files[] = {"tags.tsv", "bank.rng", "banks/core.xml"};
  for (int i = 0; i < 3; i++) {
    snprintf(p, sizeof p, "%s/%s", data_dir(), files[i]);
    snprintf(q, sizeof q, "%s/%s", dir, files[i]);
    copy_file(p, q);
  }
  snprintf(q, sizeof q, "%s/banks/zz-extra.xml", dir);
  copy_file(fixture("good-core-extension.xml"), q);
  snprintf(q, sizeof q, "%s/banks/zz-twice.xml", dir);
  copy_file(fixture("good-core-extension.xml"), q);

  struct prep_diag d;
  prep_diag_init(&d);
  struct prep_bankset *bs = NULL;
  ck_assert_int_eq(prep_bankset_load_dir(dir, &bs, &d), PREP_EDATA);
  ck_assert_ptr_null(bs);
  ck_assert_uint_eq(d.count, 1);
  ck_assert_ptr_nonnull(strstr(d.items[0].file, "zz-twice.xml"));
  ck_assert_ptr_nonnull(
      strstr(d.items[0].msg, "duplicate question id 'core-fixture-one'"));
  ck_assert_ptr_nonnull(strstr(d.items[0].msg, "zz-extra.xml:5"));
  prep_diag_free(&d);

  for (int i = 0; i < 3; i++) {
    snprintf(q, sizeof q, "%s/%s", dir, files[i]);
    unlink(q);
  }
  snprintf(q, sizeof q, "%s/banks/zz-extra.xml", dir);
  unlink(q);
  snprintf(q, sizeof q, "%s/banks/zz-twice.xml", dir);
  unlink(q);
  snprintf(q, sizeof q, "%s/banks", dir);
  rmdir(q);
  rmdir(dir);
}
END_TEST

/* The RELAX NG pass runs after the walk and its messages are translated:
 * with a schema that no longer knows <gap>, the core fails at its first
 * <gap/> with words, not a libxml2 dump.  Bundled banks meet RELAX NG only
 * when asked (PREP_BANK_VALIDATE_BUNDLED, --check-bank); a coach's file
 * always does. */
START_TEST(schema_backstop_translates)
{
  char dir[] = "/tmp/prepgen-rng-XXXXXX", p[1200], q[1200];
  ck_assert_ptr_nonnull(mkdtemp(dir));
  snprintf(p, sizeof p, "%s/banks", dir);
  ck_assert_int_eq(mkdir(p, 0700), 0);
  snprintf(p, sizeof p, "%s/tags.tsv", data_dir());
  snprintf(q, sizeof q, "%s/tags.tsv", dir);
  copy_file(p, q);
  snprintf(p, sizeof p, "%s/banks/core.xml", data_dir());
  snprintf(q, sizeof q, "%s/banks/core.xml", dir);
  copy_file(p, q);

  static char rng[256 * 1024];
  snprintf(p, sizeof p, "%s/bank.rng", data_dir());
  FILE *f = fopen(p, "rb");
  ck_assert_ptr_nonnull(f);
  size_t n = fread(rng, 1, sizeof rng - 1, f);
  fclose(f);
  rng[n] = '\0';
  char *g = strstr(rng, "<element name=\"gap\">");
  ck_assert_ptr_nonnull(g);
  snprintf(q, sizeof q, "%s/bank.rng", dir);
  f = fopen(q, "wb");
  ck_assert_ptr_nonnull(f);
  fwrite(rng, 1, (size_t)(g - rng), f);
  fputs("<element name=\"gap-renamed\">", f);
  fputs(g + strlen("<element name=\"gap\">"), f);
  ck_assert_int_eq(fclose(f), 0);

  /* bundled banks validated on request */
  struct prep_diag d;
  prep_diag_init(&d);
  struct prep_bankset *bs = NULL;
  ck_assert_int_eq(
      prep_bankset_load_dir_ex(dir, PREP_BANK_VALIDATE_BUNDLED, &bs, &d),
      PREP_EDATA);
  ck_assert_ptr_null(bs);
  ck_assert_uint_eq(d.count, 1);
  ck_assert_ptr_nonnull(strstr(d.items[0].file, "core.xml"));
  ck_assert_ptr_nonnull(d.items[0].where);
  ck_assert_int_eq(strncmp(d.items[0].where, "line ", 5), 0);
  ck_assert_msg(strstr(d.items[0].msg, "element <gap> is not allowed here"),
                "%s", d.items[0].msg);
  char where[64];
  snprintf(where, sizeof where, "%s", d.items[0].where);
  prep_diag_free(&d);

  /* a plain load trusts the walk for bundled banks ... */
  prep_diag_init(&d);
  ck_assert_int_eq(prep_bankset_load_dir(dir, &bs, &d), PREP_OK);
  ck_assert_uint_eq(d.count, 0);
  /* ... but a coach's bank still meets the schema: the same core given
   * with --bank (it may replace core questions) fails the same way */
  snprintf(q, sizeof q, "%s/banks/core.xml", dir);
  ck_assert_int_eq(prep_bankset_add_file(bs, q, &d), PREP_EDATA);
  ck_assert_uint_eq(d.count, 1);
  ck_assert_str_eq(d.items[0].where, where);
  ck_assert_msg(strstr(d.items[0].msg, "element <gap> is not allowed here"),
                "%s", d.items[0].msg);
  prep_bankset_free(bs);
  prep_diag_free(&d);

  static const char *const files[] = {"tags.tsv", "bank.rng", "banks/core.xml",
                                      "banks", ""};
  for (int i = 0; i < 5; i++) {
    snprintf(q, sizeof q, "%s/%s", dir, files[i]);
    if (remove(q) != 0)
      rmdir(q);
  }
}
END_TEST

/* The bundled banks pass RELAX NG (the run-time load skips it for them;
 * see bank.c, "Validation policy"). */
START_TEST(bundled_banks_pass_schema)
{
  struct prep_diag d;
  prep_diag_init(&d);
  struct prep_bankset *bs = NULL;
  enum prep_status st =
      prep_bankset_load_dir_ex(data_dir(), PREP_BANK_VALIDATE_BUNDLED, &bs, &d);
  ck_assert_msg(st == PREP_OK, "%s:%s: %s", d.count ? d.items[0].file : "?",
                d.count && d.items[0].where ? d.items[0].where : "",
                d.count ? d.items[0].msg : "?");
  ck_assert_uint_eq(d.count, 0);
  prep_bankset_free(bs);
  prep_diag_free(&d);
}
END_TEST

/* Two loads (and a validated one) give the same model, field by field. */
static void same_strv(struct prep_strv a, struct prep_strv b, const char *what,
                      const char *id)
{
  ck_assert_msg(a.n == b.n, "%s of %s: %zu vs %zu", what, id, a.n, b.n);
  for (size_t i = 0; i < a.n; i++)
    ck_assert_msg(strcmp(a.v[i], b.v[i]) == 0, "%s of %s: '%s' vs '%s'", what,
                  id, a.v[i], b.v[i]);
}

static void same_str(const char *a, const char *b, const char *what,
                     const char *id)
{
  ck_assert_msg((a == NULL) == (b == NULL), "%s of %s: NULL differs", what,
                id);
  if (a)
    ck_assert_msg(strcmp(a, b) == 0, "%s of %s: '%s' vs '%s'", what, id, a, b);
}

static void same_question(const struct prep_question *a,
                          const struct prep_question *b)
{
  ck_assert_ptr_ne(a, b);
  same_str(a->id, b->id, "id", a->id);
  same_str(a->text, b->text, "text", a->id);
  ck_assert_int_eq(a->category, b->category);
  ck_assert_int_eq(a->tier, b->tier);
  ck_assert_uint_eq(a->stages, b->stages);
  same_strv(a->topics, b->topics, "topics", a->id);
  same_strv(a->themes, b->themes, "themes", a->id);
  for (int l = 0; l < PREP_LEVEL_COUNT; l++)
    ck_assert(a->levels[l] == b->levels[l]);
  same_str(a->why, b->why, "why", a->id);
  same_strv(a->pointers, b->pointers, "pointers", a->id);
  same_strv(a->follow_ups, b->follow_ups, "follow-ups", a->id);
  for (int k = 0; k < 4; k++)
    same_str(a->star[k], b->star[k], "star", a->id);
  same_strv(a->evidence_skills, b->evidence_skills, "skills", a->id);
  same_strv(a->evidence_bullets, b->evidence_bullets, "bullets", a->id);
  ck_assert_int_eq(a->gap, b->gap);
  same_str(a->bank_role, b->bank_role, "bank role", a->id);
  same_str(a->source, b->source, "source", a->id);
  ck_assert_uint_eq(a->line, b->line);
}

static void same_role(const struct prep_role *a, const struct prep_role *b)
{
  same_str(a->id, b->id, "id", a->id);
  same_str(a->family, b->family, "family", a->id);
  ck_assert_int_eq(a->level_default, b->level_default);
  same_str(a->title, b->title, "title", a->id);
  same_strv(a->aliases, b->aliases, "aliases", a->id);
  same_str(a->summary, b->summary, "summary", a->id);
  ck_assert_uint_eq(a->nstages, b->nstages);
  for (size_t i = 0; i < a->nstages; i++) {
    ck_assert_int_eq(a->stages[i].kind, b->stages[i].kind);
    same_str(a->stages[i].name, b->stages[i].name, "stage name", a->id);
    same_str(a->stages[i].tests, b->stages[i].tests, "stage tests", a->id);
  }
  same_strv(a->formats, b->formats, "formats", a->id);
  same_strv(a->screens_for, b->screens_for, "screens-for", a->id);
  same_strv(a->red_flags, b->red_flags, "red-flags", a->id);
  same_strv(a->stumbles, b->stumbles, "stumbles", a->id);
  ck_assert_uint_eq(a->nquestions, b->nquestions);
  ck_assert_uint_eq(a->own_count, b->own_count);
  for (size_t i = 0; i < a->nquestions; i++)
    same_question(a->questions[i], b->questions[i]);
  same_str(a->source, b->source, "source", a->id);
  ck_assert_uint_eq(a->line, b->line);
}

static void same_set(const struct prep_bankset *a,
                     const struct prep_bankset *b)
{
  same_role(prep_bankset_core(a), prep_bankset_core(b));
  size_t na, nb;
  const struct prep_role *const *ra = prep_bankset_roles(a, &na);
  const struct prep_role *const *rb = prep_bankset_roles(b, &nb);
  ck_assert_uint_eq(na, nb);
  for (size_t r = 0; r < na; r++)
    same_role(ra[r], rb[r]);
  size_t ga, gb;
  const struct prep_ask_group *xa = prep_bankset_ask_groups(a, &ga);
  const struct prep_ask_group *xb = prep_bankset_ask_groups(b, &gb);
  ck_assert_uint_eq(ga, gb);
  for (size_t i = 0; i < ga; i++) {
    ck_assert_int_eq(xa[i].interviewer, xb[i].interviewer);
    same_strv(xa[i].questions, xb[i].questions, "ask", "group");
  }
}

START_TEST(load_twice_identical)
{
  struct prep_diag d;
  prep_diag_init(&d);
  struct prep_bankset *a = load_ok(&d);
  struct prep_bankset *b = load_ok(&d);
  same_set(a, b);
  prep_bankset_free(b);
  b = NULL;
  ck_assert_int_eq(
      prep_bankset_load_dir_ex(data_dir(), PREP_BANK_VALIDATE_BUNDLED, &b, &d),
      PREP_OK);
  same_set(a, b);
  prep_bankset_free(a);
  prep_bankset_free(b);
  ck_assert_uint_eq(d.count, 0);
  prep_diag_free(&d);
}
END_TEST

/* The walk alone (a bundled bank at run time) rejects what bank.rng
 * rejects: one mutation of a small valid bank per construct of the schema.
 * The folder has no skills.tsv, so skill ids meet only the pattern. */
struct walk_case {
  const char *from, *to; /* first occurrence replaced */
  const char *words;     /* expected in the message */
};

static const struct walk_case walk_cases[] = {
    {"<bank role=\"core\" version=\"1\">", "<bank role=\"core\">",
     "no 'version'"},
    {"version=\"1\"", "version=\"1\" xml:lang=\"en\"", "unknown attribute"},
    {"<bank ", "<bank xmlns=\"urn:x\" ", "without a namespace"},
    {"<questions>", "<questions xmlns=\"urn:x\">", "unknown element"},
    {"<questions>", "<questions>junk", "text outside any element"},
    {"<question id", "<question kind=\"x\" id", "unknown attribute"},
    {"tier=\"practice\"", "tier=\"extra\"", "unknown tier"},
    {"id=\"core-fixture-one\"", "id=\"Core_One\"", "lowercase"},
    {"<text>Tell", "<text a=\"1\">Tell", "takes no attributes"},
    {"<text>Tell", "<text><b>x</b>Tell", "must contain plain text"},
    {"<stages>hiring-manager", "<stages>lunch", "unknown stage kind"},
    {"<tags themes=\"ownership\"/>", "<tags themes=\"ownership\">x</tags>",
     "must be empty"},
    {"<tags themes", "<tags colour=\"red\" themes", "unknown attribute"},
    {" junior=\"0.5\" mid", " mid", "no 'junior'"},
    {"junior=\"0.5\"", "junior=\"0.5\" expert=\"1\"", "unknown attribute"},
    {"junior=\"0.5\"", "junior=\"-0.5\"", "from 0 to 1"},
    {"junior=\"0.5\"", "junior=\"0.5e0\"", "from 0 to 1"},
    {"junior=\"0.5\"", "junior=\"0.00000000000000000000000001\"",
     "from 0 to 1"},
    {"staff=\"0.5\"/>", "staff=\"0.5\">x</levels>", "must be empty"},
    {"<why>Checks", "<whyy>x</whyy><why>Checks", "unknown element <whyy>"},
    {"<p>Name", "<p lang=\"en\">Name", "takes no attributes"},
    {"<pointers>", "<pointers>loose text", "text outside any element"},
    {"<p>Name what was left untidy.</p>", "<q>Name what was left untidy.</q>",
     "unknown element <q>"},
    {"<follow-ups>", "<follow-ups><star/>", "unknown element <star>"},
    {"<situation>", "<situation kind=\"x\">", "takes no attributes"},
    {"<task>What you chose to clean up.</task>", "", "no <task>"},
    {"<result>What improved.</result>",
     "<result>What improved.</result><result>Again.</result>",
     "more than one <result>"},
    {"<bullet>Cut", "<skill>C++</skill><bullet>Cut", "skill id 'C++'"},
    {"<bullet>Cut", "<skill>node js</skill><bullet>Cut", "skill id 'node js'"},
    {"<bullet>Cut", "<skill>a--b</skill><bullet>Cut", "skill id 'a--b'"},
    {"</evidence>", "<skill>sql</skill></evidence>", "out of order"},
    {"<evidence>", "<evidence>text", "text outside any element"},
    {"</follow-ups>\n      <evidence>", "</follow-ups>\n      <gap>x</gap><evidence>",
     "out of order"},
    {"</star>", "</star><gap a=\"1\"/>", "takes no attributes"},
    {"</questions>", "</questions><ask-interviewer/>", "has no <group>"},
    {"</questions>",
     "</questions><ask-interviewer><group interviewer=\"cat\"><q>x</q>"
     "</group></ask-interviewer>",
     "unknown interviewer type"},
    {"</questions>",
     "</questions><ask-interviewer><group interviewer=\"peer\"></group>"
     "</ask-interviewer>",
     "has no <q>"},
};

static char *read_all(const char *path)
{
  FILE *f = fopen(path, "rb");
  ck_assert_ptr_nonnull(f);
  static char buf[64 * 1024];
  size_t n = fread(buf, 1, sizeof buf - 1, f);
  fclose(f);
  buf[n] = '\0';
  return buf;
}

START_TEST(walk_rejects_what_schema_rejects)
{
  const struct walk_case *wc = &walk_cases[_i];
  char dir[] = "/tmp/prepgen-walk-XXXXXX", p[1200], q[1200];
  ck_assert_ptr_nonnull(mkdtemp(dir));
  snprintf(p, sizeof p, "%s/banks", dir);
  ck_assert_int_eq(mkdir(p, 0700), 0);
  static const char *const files[] = {"tags.tsv", "bank.rng"};
  for (int i = 0; i < 2; i++) {
    snprintf(p, sizeof p, "%s/%s", data_dir(), files[i]);
    snprintf(q, sizeof q, "%s/%s", dir, files[i]);
    copy_file(p, q);
  }
  static char text[80 * 1024];
  const char *base = read_all(fixture("good-core-extension.xml"));
  const char *at = strstr(base, wc->from);
  ck_assert_msg(at != NULL, "case %d: '%s' not in the fixture", _i, wc->from);
  snprintf(text, sizeof text, "%.*s%s%s", (int)(at - base), base, wc->to,
           at + strlen(wc->from));
  snprintf(q, sizeof q, "%s/banks/x.xml", dir);
  FILE *f = fopen(q, "wb");
  ck_assert_ptr_nonnull(f);
  fputs(text, f);
  ck_assert_int_eq(fclose(f), 0);

  struct prep_diag d;
  prep_diag_init(&d);
  struct prep_bankset *bs = NULL;
  enum prep_status st = prep_bankset_load_dir(dir, &bs, &d);
  ck_assert_msg(st == PREP_EDATA, "case %d (%s): the walk accepted it", _i,
                wc->to);
  ck_assert_uint_eq(d.count, 1);
  ck_assert_msg(d.items[0].where && strncmp(d.items[0].where, "line ", 5) == 0,
                "case %d: no line", _i);
  ck_assert_msg(strstr(d.items[0].msg, wc->words), "case %d: \"%s\" lacks \"%s\"",
                _i, d.items[0].msg, wc->words);
  prep_diag_free(&d);

  static const char *const rm[] = {"tags.tsv", "bank.rng", "banks/x.xml",
                                   "banks", ""};
  for (int i = 0; i < 5; i++) {
    snprintf(q, sizeof q, "%s/%s", dir, rm[i]);
    if (remove(q) != 0)
      rmdir(q);
  }
}
END_TEST

/* A bank saved as UTF-16 is named as such, not as a nesting problem. */
START_TEST(utf16_bank_named)
{
  char path[] = "/tmp/prepgen-utf16-XXXXXX";
  int fd = mkstemp(path);
  ck_assert_int_ge(fd, 0);
  static const char text[] = "\xFF\xFE<\0b\0a\0n\0k\0/\0>\0";
  ck_assert_int_eq(write(fd, text, sizeof text - 1), (int)(sizeof text - 1));
  close(fd);
  struct prep_diag d;
  prep_diag_init(&d);
  ck_assert_int_eq(prep_bank_check_file(data_dir(), path, &d), PREP_EDATA);
  ck_assert_uint_eq(d.count, 1);
  ck_assert_msg(strstr(d.items[0].msg, "UTF-16") &&
                    strstr(d.items[0].msg, "save it as UTF-8"),
                "%s", d.items[0].msg);
  prep_diag_free(&d);
  unlink(path);
}
END_TEST

START_TEST(tags_loader_reports_line)
{
  char path[] = "/tmp/prepgen-tags-XXXXXX";
  int fd = mkstemp(path);
  ck_assert_int_ge(fd, 0);
  static const char text[] = "# comment\n"
                             "databases\ttopic\tdb work\n"
                             "\n"
                             "ownership\ttheme\towning\n"
                             "caching\tthing\toops\n";
  ck_assert_int_eq(write(fd, text, sizeof text - 1), (int)(sizeof text - 1));
  close(fd);
  struct prep_arena *a = prep_arena_new();
  struct prep_diag d;
  prep_diag_init(&d);
  const struct prep_tags *t = NULL;
  ck_assert_int_eq(prep_tags_load(path, a, &t, &d), PREP_EDATA);
  ck_assert_uint_eq(d.count, 1);
  ck_assert_str_eq(d.items[0].where, "line 5");
  ck_assert_ptr_nonnull(strstr(d.items[0].msg, "'topic' or 'theme'"));
  prep_diag_free(&d);
  unlink(path);
  prep_arena_free(a);
}
END_TEST

START_TEST(tags_lookup)
{
  struct prep_arena *a = prep_arena_new();
  struct prep_diag d;
  prep_diag_init(&d);
  char path[1200];
  snprintf(path, sizeof path, "%s/tags.tsv", data_dir());
  const struct prep_tags *t = NULL;
  ck_assert_int_eq(prep_tags_load(path, a, &t, &d), PREP_OK);
  ck_assert_uint_gt(t->count, 50);
  for (size_t i = 1; i < t->count; i++)
    ck_assert_int_lt(strcmp(t->items[i - 1].name, t->items[i].name), 0);
  const struct prep_tag *g = prep_tags_find(t, "databases");
  ck_assert_ptr_nonnull(g);
  ck_assert_int_eq(g->kind, PREP_TAG_TOPIC);
  ck_assert_int_eq(prep_tags_find(t, "ownership")->kind, PREP_TAG_THEME);
  ck_assert_ptr_null(prep_tags_find(t, "dbs"));
  ck_assert_ptr_nonnull(prep_tags_findn(t, "sqlxyz", 3));
  ck_assert_ptr_null(prep_tags_findn(t, "databasesx", 10));
  prep_diag_free(&d);
  prep_arena_free(a);
}
END_TEST

START_TEST(list_roles_table)
{
  struct prep_diag d;
  prep_diag_init(&d);
  struct prep_bankset *bs = load_ok(&d);
  char buf[8192] = "";
  FILE *f = tmpfile();
  ck_assert_ptr_nonnull(f);
  ck_assert_int_eq(prep_bankset_print_roles(bs, f), 0);
  rewind(f);
  size_t n = fread(buf, 1, sizeof buf - 1, f);
  buf[n] = '\0';
  fclose(f);
  ck_assert_ptr_nonnull(strstr(buf, "ROLE"));
  ck_assert_ptr_nonnull(strstr(buf, "\ncore "));
  ck_assert_ptr_nonnull(strstr(buf, "\nbackend "));
  ck_assert_ptr_nonnull(strstr(buf, "Backend Software Engineer"));
  prep_bankset_free(bs);
  prep_diag_free(&d);
}
END_TEST

START_TEST(missing_data_dir)
{
  struct prep_diag d;
  prep_diag_init(&d);
  struct prep_bankset *bs = NULL;
  ck_assert_int_eq(prep_bankset_load_dir("/nonexistent-prepgen", &bs, &d),
                   PREP_EDATA);
  ck_assert_ptr_null(bs);
  ck_assert_uint_eq(d.errors, 1);
  ck_assert_ptr_nonnull(strstr(d.items[0].file, "tags.tsv"));
  prep_diag_free(&d);
}
END_TEST

Suite *bank_suite(void)
{
  Suite *s = suite_create("bank");
  TCase *tc = tcase_create("bundled");
  tcase_set_timeout(tc, 30);
  tcase_add_test(tc, bundled_banks_validate);
  tcase_add_test(tc, ids_unique_and_prefixed);
  tcase_add_test(tc, every_tag_resolves);
  tcase_add_test(tc, questions_complete);
  tcase_add_test(tc, core_coverage);
  tcase_add_test(tc, order_is_deterministic);
  tcase_add_test(tc, load_twice_identical);
  tcase_add_test(tc, bundled_banks_pass_schema);
  tcase_add_test(tc, list_roles_table);
  suite_add_tcase(s, tc);

  tc = tcase_create("errors");
  tcase_set_timeout(tc, 30);
  tcase_add_loop_test(tc, bad_bank_reports_file_line, 0,
                      (int)(sizeof bad_cases / sizeof bad_cases[0]));
  tcase_add_test(tc, good_bank_checks);
  tcase_add_test(tc, bundled_duplicate_across_files);
  tcase_add_test(tc, schema_backstop_translates);
  tcase_add_loop_test(tc, walk_rejects_what_schema_rejects, 0,
                      (int)(sizeof walk_cases / sizeof walk_cases[0]));
  tcase_add_test(tc, missing_data_dir);
  tcase_add_test(tc, utf16_bank_named);
  suite_add_tcase(s, tc);

  tc = tcase_create("compose");
  tcase_set_timeout(tc, 30);
  tcase_add_test(tc, custom_bank_overrides_by_id);
  tcase_add_test(tc, custom_core_extension_reaches_every_role);
  tcase_add_test(tc, custom_role_added_and_ids_guarded);
  tcase_add_test(tc, failed_add_leaves_set_unchanged);
  suite_add_tcase(s, tc);

  tc = tcase_create("tags");
  tcase_add_test(tc, tags_loader_reports_line);
  tcase_add_test(tc, tags_lookup);
  suite_add_tcase(s, tc);
  return s;
}
