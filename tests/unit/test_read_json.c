/* test_read_json.c - the JSON Resume reader (read_json.c), the facts it
 * states (prep_extract_opts.given), the input-format names and the JSON
 * sniffer in read.c.  Inputs are small inline JSON; hostile ones (depth,
 * size, NUL, bad UTF-8, wrong types, block floods) are built here.
 */
#include <check.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "prepgen/arena.h"
#include "prepgen/diag.h"
#include "prepgen/doc.h"
#include "prepgen/extract.h"
#include "prepgen/facts.h"
#include "prepgen/limits.h"
#include "prepgen/read.h"
#include "prepgen/read_more.h"

Suite *read_json_suite(void);

static const char *data_dir(void)
{
  const char *s = getenv("PREPGEN_DATA");
  return s && *s ? s : "data";
}

struct jrun {
  struct prep_arena *a;
  struct prep_diag diag;
  struct prep_doc *doc;
  struct prep_facts *given;
  enum prep_status st;
};

static void jread(struct jrun *r, const char *json)
{
  r->a = prep_arena_new();
  prep_diag_init(&r->diag);
  r->st = prep_read_json((const unsigned char *)json, strlen(json),
                         "t.json", r->a, &r->doc, &r->given, &r->diag);
}

static void jfree(struct jrun *r)
{
  prep_diag_free(&r->diag);
  prep_arena_free(r->a);
}

static int diag_has(const struct prep_diag *d, const char *needle)
{
  for (size_t i = 0; i < d->count; i++)
    if (strstr(d->items[i].msg, needle))
      return 1;
  return 0;
}

static const char cv[] =
    "{\"basics\": {\"name\": \"Ada Quill\", \"label\": \"Backend Engineer\","
    " \"email\": \"ada@example.com\", \"phone\": \"+44 20 7946 0000\","
    " \"url\": \"https://ada.example.org\","
    " \"location\": {\"city\": \"Leeds\", \"countryCode\": \"GB\"},"
    " \"profiles\": [{\"network\": \"GitHub\", \"username\": \"adaq\","
    "   \"url\": \"https://github.com/adaq\"}],"
    " \"summary\": \"Backend engineer who likes queues.\\nAnd tests.\"},"
    " \"work\": [{\"name\": \"Acme Ltd\", \"position\": \"Senior Backend "
    "Engineer\", \"startDate\": \"2021-03\", \"highlights\": [\"Built a "
    "PostgreSQL ledger serving 2M requests per day.\", \"Moved jobs to "
    "Kafka.\"]},"
    "  {\"company\": \"Old Co\", \"position\": \"Developer\", \"location\": "
    "\"York\", \"startDate\": \"2017-01-15\", \"endDate\": \"2020\","
    "   \"summary\": \"Wrote Python services for billing.\"},"
    "  {\"highlights\": [5, null]}, 7],"
    " \"education\": [{\"institution\": \"Thornbury University\", \"area\": "
    "\"Computer Science\", \"studyType\": \"BSc\", \"startDate\": \"2013\", "
    "\"endDate\": \"2016\", \"score\": \"First\"}],"
    " \"skills\": [{\"name\": \"Languages\", \"keywords\": [\"Java\", "
    "\"Python\"]}, {\"name\": \"Docker\"}],"
    " \"projects\": [{\"name\": \"Outbox\", \"description\": \"A small "
    "library.\", \"keywords\": [\"Java\"], \"highlights\": [\"Used by 9 "
    "teams.\"]}],"
    " \"certificates\": [{\"name\": \"AWS Solutions Architect\", \"issuer\": "
    "\"Amazon\", \"date\": \"2022-06-01\"}],"
    " \"languages\": [{\"language\": \"English\", \"fluency\": \"Native\"}],"
    " \"references\": [{\"name\": \"Bob Secret\", \"reference\": \"Great.\"}],"
    " \"meta\": {\"lastModified\": \"2024-05-02T10:00:00\"}}";

static int doc_has(const struct prep_doc *d, const char *text)
{
  for (size_t i = 0; i < d->nblocks; i++)
    if (strcmp(d->blocks[i].text, text) == 0)
      return 1;
  return 0;
}

START_TEST(json_reads_fields)
{
  struct jrun r;
  jread(&r, cv);
  ck_assert_int_eq(r.st, PREP_OK);
  ck_assert_ptr_nonnull(r.doc);
  ck_assert_ptr_nonnull(r.given);
  ck_assert_ptr_null(prep_doc_check(r.doc));
  const struct prep_facts *g = r.given;
  ck_assert_str_eq(g->contact.name.text, "Ada Quill");
  ck_assert_str_eq(g->contact.label.text, "Backend Engineer");
  ck_assert_str_eq(g->contact.location.text, "Leeds, GB");
  ck_assert_uint_eq(g->contact.nemails, 1);
  ck_assert_str_eq(g->contact.emails[0].text, "ada@example.com");
  ck_assert_uint_eq(g->contact.nphones, 1);
  ck_assert_uint_eq(g->contact.nurls, 2);
  ck_assert_int_eq(g->contact.urls[0].kind, PREP_URL_SITE);
  ck_assert_int_eq(g->contact.urls[1].kind, PREP_URL_GITHUB);
  ck_assert_str_eq(g->contact.urls[1].username, "adaq");
  ck_assert_str_eq(g->summary.text, "Backend engineer who likes queues.");
  /* two real jobs: the entry of wrong-typed highlights and the number
   * are skipped */
  ck_assert_uint_eq(g->njobs, 2);
  const struct prep_job *j = &g->jobs[0];
  ck_assert_str_eq(j->title, "Senior Backend Engineer");
  ck_assert_str_eq(j->company, "Acme Ltd");
  ck_assert_int_eq(j->start.year, 2021);
  ck_assert_int_eq(j->start.month, 3);
  ck_assert_int_eq(j->end.present, 1);
  ck_assert_uint_eq(j->nhighlights, 2);
  ck_assert_str_eq(r.doc->blocks[j->highlights[0]].text,
                   "Built a PostgreSQL ledger serving 2M requests per day.");
  ck_assert(r.doc->blocks[j->highlights[0]].kind == PREP_BLOCK_LIST_ITEM);
  ck_assert_str_eq(r.doc->blocks[j->block].text, "Mar 2021 \xE2\x80\x93 Present");
  ck_assert_uint_le(j->first, j->block);
  ck_assert_uint_le(j->block, j->last);
  j = &g->jobs[1];
  ck_assert_str_eq(j->company, "Old Co"); /* pre-1.0 "company" */
  ck_assert_str_eq(j->location, "York");
  ck_assert_int_eq(j->start.month, 1);
  ck_assert_int_eq(j->end.year, 2020);
  ck_assert_int_eq(j->end.month, 0);
  ck_assert_int_eq(j->end.present, 0);
  ck_assert_uint_eq(j->nhighlights, 1); /* its summary */
  ck_assert_uint_eq(g->neducation, 1);
  ck_assert_str_eq(g->education[0].institution, "Thornbury University");
  ck_assert_str_eq(g->education[0].study_type, "BSc");
  ck_assert_str_eq(g->education[0].area, "Computer Science");
  ck_assert_str_eq(g->education[0].score, "First");
  ck_assert_int_eq(g->education[0].end.year, 2016);
  ck_assert_uint_eq(g->nprojects, 1);
  ck_assert_str_eq(g->projects[0].name, "Outbox");
  ck_assert_uint_eq(g->projects[0].nhighlights, 1);
  ck_assert_uint_eq(g->ncertificates, 1);
  ck_assert_str_eq(g->certificates[0].issuer, "Amazon");
  ck_assert_int_eq(g->certificates[0].date.month, 6);
  ck_assert_uint_eq(g->nlanguages, 1);
  ck_assert_str_eq(g->languages[0].fluency, "Native");
  /* the rendered document: headings, skills lines, no references */
  ck_assert(doc_has(r.doc, "Experience"));
  ck_assert(doc_has(r.doc, "Skills"));
  ck_assert(doc_has(r.doc, "Languages: Java, Python"));
  ck_assert(doc_has(r.doc, "Docker"));
  ck_assert(doc_has(r.doc, "English (Native)"));
  ck_assert(!doc_has(r.doc, "Bob Secret"));
  ck_assert_str_eq(r.doc->modified, "2024-05-01");
  for (size_t i = 0; i < r.doc->nblocks; i++)
    ck_assert_uint_eq(r.doc->blocks[i].pos, i + 1);
  jfree(&r);
}
END_TEST

/* prep_extract takes the stated facts and derives the rest. */
START_TEST(json_given_to_extract)
{
  struct prep_diag d;
  prep_diag_init(&d);
  struct prep_taxonomy *tax = NULL;
  ck_assert_int_eq(prep_taxonomy_load(data_dir(), &tax, &d), PREP_OK);
  struct jrun r;
  jread(&r, cv);
  ck_assert_int_eq(r.st, PREP_OK);
  struct prep_extract_opts eo = {.as_of = "2024-06", .name = "t.json",
                                 .given = r.given};
  struct prep_facts *f = NULL;
  ck_assert_int_eq(prep_extract(r.doc, tax, &eo, r.a, &f, &d), PREP_OK);
  ck_assert_str_eq(f->contact.name.text, "Ada Quill");
  ck_assert_uint_eq(f->njobs, 2);
  ck_assert_str_eq(f->jobs[0].title, "Senior Backend Engineer");
  /* present ends take the as-of date */
  ck_assert_int_eq(f->jobs[0].end.year, 2024);
  ck_assert_int_eq(f->jobs[0].end.month, 6);
  /* Mar 2021..Jun 2024 (40) + Jan 2017..2020 (counted to Jan 2020: 37) */
  ck_assert_int_eq(f->experience_months, 40 + 37);
  ck_assert_str_eq(f->role_family, "backend");
  ck_assert_int_eq(f->seniority, PREP_SEN_SENIOR);
  /* job blocks belong to their job; results inside them know it */
  ck_assert_uint_eq(f->block_job[f->jobs[0].highlights[0]], 0);
  ck_assert_uint_ge(f->nresults, 1);
  ck_assert_uint_eq(f->results[0].job, 0);
  /* skills: listed ones and ones only mentioned in bullets */
  int java = 0, pg = 0, kafka = 0;
  for (size_t i = 0; i < f->nskills; i++) {
    java |= !strcmp(f->skills[i].id, "java");
    pg |= !strcmp(f->skills[i].id, "postgresql");
    kafka |= !strcmp(f->skills[i].id, "kafka");
  }
  ck_assert(java && pg && kafka);
  ck_assert_uint_eq(f->neducation, 1);
  ck_assert_uint_eq(f->nprojects, 1);
  ck_assert_uint_ge(f->projects[0].ntechnologies, 0);
  jfree(&r);
  prep_taxonomy_free(tax);
  prep_diag_free(&d);
}
END_TEST

START_TEST(json_dates)
{
  struct jrun r;
  jread(&r, "{\"work\": [{\"position\": \"A Engineer\", \"startDate\": "
            "\"20x0-01\", \"endDate\": \"2019-13\"},"
            "{\"position\": \"B Engineer\", \"startDate\": \"1850\"},"
            "{\"position\": \"C Engineer\", \"startDate\": \"2018\","
            " \"endDate\": \"Present\"}]}");
  ck_assert_int_eq(r.st, PREP_OK);
  ck_assert_uint_eq(r.given->njobs, 3);
  ck_assert_int_eq(r.given->jobs[0].start.year, 0);
  ck_assert_int_eq(r.given->jobs[0].end.year, 2019); /* month 13: year only */
  ck_assert_int_eq(r.given->jobs[0].end.month, 0);
  ck_assert_int_eq(r.given->jobs[1].start.year, 0);
  ck_assert_int_eq(r.given->jobs[1].end.present, 0); /* no start: not current */
  ck_assert_int_eq(r.given->jobs[2].end.present, 1);
  jfree(&r);
}
END_TEST

START_TEST(json_hostile)
{
  struct jrun r;
  /* depth: checked before jansson sees it */
  size_t depth = 100000;
  char *deep = malloc(2 * depth + 32);
  size_t k = (size_t)sprintf(deep, "{\"basics\":");
  memset(deep + k, '[', depth);
  memset(deep + k + depth, ']', depth);
  strcpy(deep + k + 2 * depth, "}");
  jread(&r, deep);
  ck_assert_int_eq(r.st, PREP_ELIMIT);
  ck_assert(diag_has(&r.diag, "nested deeper"));
  ck_assert_ptr_null(r.doc);
  jfree(&r);
  /* 64 levels pass the scan; brackets inside strings do not count */
  k = 0;
  for (int i = 0; i < 63; i++)
    deep[k++] = '[';
  k += (size_t)sprintf(deep + k, "\"[[[[\"");
  for (int i = 0; i < 63; i++)
    deep[k++] = ']';
  deep[k] = '\0';
  char *wrapped = malloc(k + 64);
  sprintf(wrapped, "{\"work\": %s}", deep);
  jread(&r, wrapped);
  ck_assert(!diag_has(&r.diag, "nested deeper"));
  jfree(&r);
  free(wrapped);
  free(deep);
  /* not JSON; the message quotes nothing */
  jread(&r, "{\"basics\": {\"name\": \"SECRET");
  ck_assert_int_eq(r.st, PREP_EINPUT);
  ck_assert(diag_has(&r.diag, "not valid JSON"));
  ck_assert(!strstr(r.diag.items[0].msg, "SECRET"));
  jfree(&r);
  /* NUL in a string, invalid UTF-8, not an object, wrong types */
  const char *bad[] = {
      "{\"basics\": {\"name\": \"a\\u0000b\"}}",
      "{\"basics\": {\"name\": \"\xff\xfe\"}}",
      "[{\"basics\": {}}]",
      "{\"basics\": {\"name\": 5, \"profiles\": \"x\"}, \"work\": {\"a\": 1},"
      " \"skills\": [1, null, {\"keywords\": 7}], \"education\": [[]]}",
  };
  for (size_t i = 0; i < sizeof bad / sizeof *bad; i++) {
    jread(&r, bad[i]);
    ck_assert_int_eq(r.st, PREP_EINPUT);
    ck_assert_ptr_null(r.doc);
    ck_assert_uint_eq(r.diag.errors, 1);
    jfree(&r);
  }
  /* over the size cap */
  size_t big = PREP_MAX_JSON_INPUT + 16;
  char *s = malloc(big + 1);
  memset(s, ' ', big);
  s[0] = '{';
  s[big - 1] = '}';
  s[big] = '\0';
  jread(&r, s);
  ck_assert_int_eq(r.st, PREP_ELIMIT);
  jfree(&r);
  free(s);
  /* more blocks than the document allows */
  size_t n = PREP_MAX_BLOCKS + 10;
  s = malloc(n * 8 + 64);
  k = (size_t)sprintf(s, "{\"work\": [{\"highlights\": [");
  for (size_t i = 0; i < n; i++)
    k += (size_t)sprintf(s + k, "%s\"x%zu\"", i ? "," : "", i % 1000);
  strcpy(s + k, "]}]}");
  jread(&r, s);
  ck_assert_int_eq(r.st, PREP_ELIMIT);
  ck_assert(diag_has(&r.diag, "limits"));
  jfree(&r);
  free(s);
}
END_TEST

START_TEST(json_sniff_and_names)
{
  const char *yes[] = {"{\"basics\": {}}", "\xEF\xBB\xBF  \n{\"work\": []}",
                       "{\"meta\": 1, \"work\": []}"};
  const char *no[] = {"", "basics work", "[{\"basics\": 1}]",
                      "{\"name\": \"x\"}", "# {\"work\"}"};
  for (size_t i = 0; i < sizeof yes / sizeof *yes; i++)
    ck_assert(prep_sniff_json_resume((const unsigned char *)yes[i],
                                     strlen(yes[i])));
  for (size_t i = 0; i < sizeof no / sizeof *no; i++)
    ck_assert(!prep_sniff_json_resume((const unsigned char *)no[i],
                                      strlen(no[i])));
  ck_assert_int_eq(prep_input_format_from_name("json"), PREP_IN_JSON);
  ck_assert_int_eq(prep_input_format_from_name("md"), PREP_IN_MD);
  ck_assert_int_eq(prep_input_format_from_name("markdown"), PREP_IN_MD);
  ck_assert_int_eq(prep_input_format_from_name("txt"), PREP_IN_TEXT);
  ck_assert_int_eq(prep_input_format_from_name("docx"), PREP_IN_DOCX);
  ck_assert_int_eq(prep_input_format_from_name("pdf"), -1);
  ck_assert_int_eq(prep_input_format_from_name(""), -1);
  /* prep_read_mem reads a JSON Resume as a document (facts not kept) */
  struct prep_arena *a = prep_arena_new();
  struct prep_diag d;
  prep_diag_init(&d);
  struct prep_doc *doc = NULL;
  ck_assert_int_eq(prep_read_mem((const unsigned char *)cv, strlen(cv),
                                 "cv", a, &doc, &d),
                   PREP_OK);
  ck_assert(doc_has(doc, "Ada Quill"));
  /* a .json name settles an object without JSON Resume keys */
  const char *other = "{\"x\": \"y\"}";
  ck_assert_int_ne(prep_read_mem((const unsigned char *)other, strlen(other),
                                 "o.json", a, &doc, &d),
                   PREP_OK);
  ck_assert(diag_has(&d, "no JSON Resume fields"));
  prep_diag_free(&d);
  prep_arena_free(a);
}
END_TEST

Suite *read_json_suite(void)
{
  Suite *s = suite_create("read_json");
  TCase *tc = tcase_create("json");
  tcase_set_timeout(tc, 60);
  tcase_add_test(tc, json_reads_fields);
  tcase_add_test(tc, json_given_to_extract);
  tcase_add_test(tc, json_dates);
  tcase_add_test(tc, json_hostile);
  tcase_add_test(tc, json_sniff_and_names);
  suite_add_tcase(s, tc);
  return s;
}
