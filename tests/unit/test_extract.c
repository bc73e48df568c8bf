/* test_extract.c - the fact extraction stage (issue 3).
 *
 * Small synthetic documents are built here, line by line: "## " makes a
 * heading block, "* " a bullet (the doc model turns it into a list item),
 * anything else a paragraph.  Data comes from $PREPGEN_DATA (default
 * "data"); the taxonomy is loaded once per test case.
 */
#include <check.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "../../src/extract_int.h"
#include "prepgen/arena.h"
#include "prepgen/diag.h"
#include "prepgen/doc.h"
#include "prepgen/extract.h"
#include "prepgen/facts.h"
#include "prepgen/read.h"

Suite *extract_suite(void);

static const char *data_dir(void)
{
  const char *s = getenv("PREPGEN_DATA");
  return s && *s ? s : "data";
}

static struct prep_taxonomy *tax;
static struct prep_arena *arena;

static void setup(void)
{
  struct prep_diag d;
  prep_diag_init(&d);
  enum prep_status st = prep_taxonomy_load(data_dir(), &tax, &d);
  ck_assert_msg(st == PREP_OK, "taxonomy: %s:%s: %s",
                d.count ? d.items[0].file : "?",
                d.count && d.items[0].where ? d.items[0].where : "",
                d.count ? d.items[0].msg : "?");
  prep_diag_free(&d);
  arena = prep_arena_new();
}

static void teardown(void)
{
  prep_taxonomy_free(tax);
  tax = NULL;
  prep_arena_free(arena);
  arena = NULL;
}

/* A text doc from NULL-terminated lines. */
static struct prep_doc *make_doc(const char *const *lines)
{
  struct prep_doc *d = prep_doc_new(arena, PREP_FORMAT_TEXT);
  for (unsigned i = 0; lines[i]; i++) {
    struct prep_block t = {.kind = PREP_BLOCK_PARAGRAPH, .pos = i + 1};
    const char *s = lines[i];
    if (!strncmp(s, "## ", 3)) {
      t.kind = PREP_BLOCK_HEADING;
      t.level = 1;
      s += 3;
    }
    prep_doc_add(d, &t, s, strlen(s), NULL);
  }
  return d;
}

static struct prep_facts *extract(const char *const *lines)
{
  struct prep_diag d;
  prep_diag_init(&d);
  struct prep_facts *f = NULL;
  struct prep_extract_opts o = {.as_of = "2026-10", .name = "test"};
  enum prep_status st = prep_extract(make_doc(lines), tax, &o, arena, &f, &d);
  ck_assert_msg(st == PREP_OK, "extract failed: %s",
                d.count ? d.items[0].msg : "?");
  prep_diag_free(&d);
  return f;
}

static const struct prep_skill *skill(const struct prep_facts *f,
                                      const char *id)
{
  for (size_t i = 0; i < f->nskills; i++)
    if (!strcmp(f->skills[i].id, id))
      return &f->skills[i];
  return NULL;
}

/* ---- data files ------------------------------------------------------ */

START_TEST(loads_every_data_file)
{
  ck_assert_uint_ge(prep_taxonomy_nskills(tax), 600);
  const char *ids[] = {"postgresql", "cpp", "csharp", "fsharp", "dotnet",
                       "nodejs", "ci-cd", "go", "java", "python"};
  for (size_t i = 0; i < sizeof ids / sizeof ids[0]; i++)
    ck_assert_msg(prep_taxonomy_find_skill(tax, ids[i]), "no skill %s",
                  ids[i]);
  const struct prep_skill_def *pg = prep_taxonomy_find_skill(tax, "postgresql");
  ck_assert_uint_ge(pg->ntopics, 1);
  ck_assert_ptr_nonnull(tax->rx_range.code);
  ck_assert_uint_gt(tax->nthemes, 50);
  size_t stemmed = 0;
  for (size_t i = 0; i < tax->nthemes; i++) {
    ck_assert_ptr_nonnull(tax->themes[i].rx.code);
    stemmed += tax->themes[i].nstems > 0;
  }
  /* most rows get a literal prefilter */
  ck_assert_uint_gt(stemmed, tax->nthemes / 2);
  ck_assert_uint_gt(tax->ntitles, 50);
  ck_assert_int_ge(xmap_getn(&tax->sections, "experience", 10), 0);
}
END_TEST

/* A copy of data/ with one bad row appended to one file. */
static enum prep_status load_with_bad_row(const char *file, const char *row,
                                          struct prep_diag *d)
{
  char dir[] = "/tmp/prepgen-extract-XXXXXX";
  ck_assert_ptr_nonnull(mkdtemp(dir));
  const char *files[] = {"skills.tsv", "themes.tsv", "sections.tsv",
                         "months.tsv", "titles.tsv", "tags.tsv"};
  char cmd[8192];
  for (size_t i = 0; i < sizeof files / sizeof files[0]; i++) {
    snprintf(cmd, sizeof cmd, "cp '%s/%s' '%s/'", data_dir(), files[i], dir);
    ck_assert_int_eq(system(cmd), 0);
  }
  snprintf(cmd, sizeof cmd, "%s/%s", dir, file);
  FILE *fp = fopen(cmd, "a");
  ck_assert_ptr_nonnull(fp);
  fprintf(fp, "%s\n", row);
  fclose(fp);
  struct prep_taxonomy *t = NULL;
  enum prep_status st = prep_taxonomy_load(dir, &t, d);
  prep_taxonomy_free(t);
  snprintf(cmd, sizeof cmd, "rm -rf '%s'", dir);
  ck_assert_int_eq(system(cmd), 0);
  return st;
}

START_TEST(bad_rows_are_reported)
{
  static const struct { const char *file, *row, *msg; } cases[] = {
      {"skills.tsv", "zzz-new\tZzz\tnot-a-category\t-\t-\tdatabases",
       "unknown category"},
      {"skills.tsv", "postgresql\tPostgres again\tdatastore\t-\t-\tdatabases",
       "listed twice"},
      {"skills.tsv", "zzz-new\tZzz\ttool\t-\t-\tno-such-topic", "not in tags.tsv"},
      {"months.tsv", "month\t13\tsmarch", "not a month"},
      {"sections.tsv", "no-such-section\tfoo bar", "unknown section"},
      {"themes.tsv", "ownership\t(unclosed", "does not compile"},
      {"titles.tsv", "family\tastronaut\tspace cadet", "unknown role family"},
  };
  for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
    struct prep_diag d;
    prep_diag_init(&d);
    enum prep_status st = load_with_bad_row(cases[i].file, cases[i].row, &d);
    ck_assert_int_eq(st, PREP_EDATA);
    ck_assert_uint_ge(d.count, 1);
    ck_assert_msg(strstr(d.items[0].file, cases[i].file), "file %s",
                  d.items[0].file);
    ck_assert_msg(d.items[0].where && !strncmp(d.items[0].where, "line ", 5),
                  "no line for %s", cases[i].file);
    ck_assert_msg(strstr(d.items[0].msg, cases[i].msg), "%s: got '%s'",
                  cases[i].row, d.items[0].msg);
    prep_diag_free(&d);
  }
}
END_TEST

/* ---- dates ----------------------------------------------------------- */

START_TEST(date_shapes)
{
  static const struct {
    const char *text;
    int sy, sm, ey, em, present, is_range;
  } cases[] = {
      {"Jan 2019 – Present", 2019, 1, 2026, 10, 1, 1},
      {"2019-03 to 2021-11", 2019, 3, 2021, 11, 0, 1},
      {"03/2018 - 06/2020", 2018, 3, 2020, 6, 0, 1},
      {"Summer 2021", 2021, 0, 2021, 0, 0, 0},
      {"2017–2019", 2017, 0, 2019, 0, 0, 1},
      {"'19 – '22", 2019, 0, 2022, 0, 0, 1},
      {"March 2020 – now", 2020, 3, 2026, 10, 1, 1},
      {"März 2019 – heute", 2019, 3, 2026, 10, 1, 1},
      {"janv. 2019 – actuel", 2019, 1, 2026, 10, 1, 1},
      {"enero 2020 – actualidad", 2020, 1, 2026, 10, 1, 1},
      {"Sept. 2016 – Apr 2020", 2016, 9, 2020, 4, 0, 1},
      {"Okt. 2016 – Feb. 2019", 2016, 10, 2019, 2, 0, 1},
      {"2019–21", 2019, 0, 2021, 0, 0, 1},
      {"Q3 2021 to date", 2021, 7, 2026, 10, 1, 1},
      {"since 2018", 2018, 0, 2026, 10, 1, 1},
      {"seit 2018", 2018, 0, 2026, 10, 1, 1},
      {"01.03.2019 - 28.02.2020", 2019, 3, 2020, 2, 0, 1},
      {"sept. 2016 – déc. 2018", 2016, 9, 2018, 12, 0, 1},
      {"Jan – Mar 2019", 2019, 1, 2019, 3, 0, 1},
      {"2012 - 2014", 2012, 0, 2014, 0, 0, 1},
  };
  struct prep_date as_of = {2026, 10, PREP_DATE_MONTH, 0};
  for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
    struct xrun r;
    xrun_init(&r, tax);
    struct xdate_range dr[2];
    const char *s = cases[i].text;
    size_t n = xdate_find(&r, s, strlen(s), &as_of, dr, 2);
    ck_assert_msg(n >= 1, "no date in '%s'", s);
    ck_assert_msg(dr[0].is_range == cases[i].is_range, "range? '%s'", s);
    ck_assert_msg(dr[0].start.year == cases[i].sy &&
                      dr[0].start.month == cases[i].sm,
                  "'%s': start %d-%d", s, dr[0].start.year, dr[0].start.month);
    ck_assert_msg(dr[0].end.year == cases[i].ey && dr[0].end.month == cases[i].em &&
                      dr[0].end.present == cases[i].present,
                  "'%s': end %d-%d present %d", s, dr[0].end.year,
                  dr[0].end.month, dr[0].end.present);
    /* precision kept: no month written, none invented */
    if (!cases[i].sm)
      ck_assert_int_eq(dr[0].start.precision, PREP_DATE_YEAR);
  }
}
END_TEST

START_TEST(not_dates)
{
  const char *texts[] = {"Python 3.11", "+44 20 7946 0958", "99.95%",
                         "grew to 120 people", "v2.3.1"};
  struct prep_date as_of = {2026, 10, PREP_DATE_MONTH, 0};
  for (size_t i = 0; i < sizeof texts / sizeof texts[0]; i++) {
    struct xrun r;
    xrun_init(&r, tax);
    struct xdate_range dr[2];
    size_t n = xdate_find(&r, texts[i], strlen(texts[i]), &as_of, dr, 2);
    for (size_t k = 0; k < n; k++)
      ck_assert_msg(!dr[k].is_range, "range found in '%s'", texts[i]);
  }
}
END_TEST

/* ---- contact ----------------------------------------------------------- */

START_TEST(phones)
{
  static const struct { const char *line, *want; } cases[] = {
      {"jane@example.com · +44 20 7946 0958", "+44 20 7946 0958"},
      {"Phone: (206) 555-0147", "(206) 555-0147"},
      {"+1 512-555-0110 x 23 · Austin, TX", "+1 512-555-0110 x 23"},
      {"312.555.0163 | jane@example.com", "312.555.0163"},
      {"Tel.: +49 (0)30 901820 17", "+49 (0)30 901820 17"},
      {"+1 (212) 555-0148 ext. 214", "+1 (212) 555-0148 ext. 214"},
      {"0161 496 0742", "0161 496 0742"},
  };
  for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
    const char *lines[] = {"Jane Example", cases[i].line,
                           "Engineer at Example Ltd, 2019 - 2021",
                           "Built things in Python with Docker and AWS", NULL};
    struct prep_facts *f = extract(lines);
    ck_assert_msg(f->contact.nphones >= 1, "no phone in '%s'", cases[i].line);
    ck_assert_str_eq(f->contact.phones[0].text, cases[i].want);
  }
  /* date ranges are never phones */
  const char *lines[] = {"Jane Example", "jane@example.com",
                         "Engineer | Acme Ltd | 2012 - 2014",
                         "Analyst | Beta Corp | 2014–2019",
                         "Worked on 2019 2020 2021 releases", NULL};
  struct prep_facts *f = extract(lines);
  ck_assert_uint_eq(f->contact.nphones, 0);
}
END_TEST

START_TEST(emails_and_urls)
{
  const char *lines[] = {"Jane Example",
                         "jane [at] example [dot] com | linkedin.com/in/jane-ex | "
                         "https://github.com/janeex",
                         "Developer at Acme Ltd, 2019 - 2021",
                         "Built Node.js and ASP.NET services", NULL};
  struct prep_facts *f = extract(lines);
  ck_assert_uint_ge(f->contact.nemails, 1);
  ck_assert_str_eq(f->contact.emails[0].text, "jane@example.com");
  ck_assert_uint_eq(f->contact.nurls, 2);
  ck_assert_int_eq(f->contact.urls[0].kind, PREP_URL_LINKEDIN);
  ck_assert_str_eq(f->contact.urls[0].username, "jane-ex");
  ck_assert_int_eq(f->contact.urls[1].kind, PREP_URL_GITHUB);
}
END_TEST

START_TEST(name_scoring)
{
  static const struct { const char *first, *second, *want; } cases[] = {
      {"Jane Doe, PhD", "Data Scientist", "Jane Doe"},
      {"Curriculum Vitae", "Pieter van der Berg", "Pieter van der Berg"},
      {"MARGARET O'CONNELL", "Senior QA Engineer", "MARGARET O'CONNELL"},
      {"王小明", "Machine Learning Engineer", "王小明"},
      {"Senior Backend Engineer", "Łukasz Wiśniewski", "Łukasz Wiśniewski"},
      {"Hélène Lefèvre-Duchâteau", "Développeuse front-end", "Hélène Lefèvre-Duchâteau"},
  };
  for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
    const char *lines[] = {cases[i].first, cases[i].second,
                           "someone@example.com", "## Experience",
                           "Engineer | Acme Ltd | 2019 - 2021", NULL};
    struct prep_facts *f = extract(lines);
    ck_assert_msg(f->contact.name.text, "no name for '%s'", cases[i].want);
    ck_assert_str_eq(f->contact.name.text, cases[i].want);
  }
}
END_TEST

/* ---- jobs -------------------------------------------------------------- */

START_TEST(job_layouts)
{
  const char *lines[] = {
      "Jane Example", "jane@example.com", "## Experience",
      "Senior Engineer | Acme Ltd | Jan 2021 – Present",
      "* Cut costs by 30%.",
      "Beta Corp — Platform Engineer — 2018 – 2020",
      "* Ran 40 services.",
      "Gamma GmbH, Berlin",
      "Data Engineer\tMärz 2016 – Dez. 2017",
      "* Built pipelines.",
      "Junior Data Engineer\t2015 – 2016",
      "* Wrote SQL.",
      "Developer at Delta Inc.",
      "2013 – 2015",
      "* Fixed bugs.",
      NULL};
  struct prep_facts *f = extract(lines);
  ck_assert_uint_eq(f->njobs, 5);
  static const struct { const char *title, *company; int sy; } want[] = {
      {"Senior Engineer", "Acme Ltd", 2021},
      {"Platform Engineer", "Beta Corp", 2018},
      {"Data Engineer", "Gamma GmbH", 2016},
      {"Junior Data Engineer", "Gamma GmbH", 2015}, /* promotion: same company */
      {"Developer", "Delta Inc.", 2013},
  };
  for (size_t j = 0; j < 5; j++) {
    ck_assert_msg(f->jobs[j].title && !strcmp(f->jobs[j].title, want[j].title),
                  "job %zu title %s", j, f->jobs[j].title);
    ck_assert_msg(f->jobs[j].company &&
                      !strcmp(f->jobs[j].company, want[j].company),
                  "job %zu company %s", j, f->jobs[j].company);
    ck_assert_int_eq(f->jobs[j].start.year, want[j].sy);
    ck_assert_uint_eq(f->jobs[j].nhighlights, 1);
  }
  ck_assert(f->jobs[0].end.present);
  /* highlights are verbatim block text */
  ck_assert_uint_eq(f->jobs[0].highlights[0], 4);
}
END_TEST

START_TEST(overlap_merging)
{
  const char *lines[] = {
      "Jane Example", "jane@example.com", "## Experience",
      "Engineer | Acme Ltd | Jan 2019 – Dec 2020",
      "Consultant | Side Gig Ltd | Jun 2020 – Dec 2021",
      "Engineer | Beta Corp | Jan 2023 – Present", NULL};
  struct prep_facts *f = extract(lines);
  ck_assert_uint_eq(f->njobs, 3);
  /* 2019-01..2021-12 = 36 months, then 2023-01..2026-10 = 46 months */
  ck_assert_int_eq(f->experience_months, 36 + 46);
  ck_assert_int_eq(f->tech_experience_months, 36 + 46);
}
END_TEST

/* A career changer: years as a nurse are experience, not years in tech;
 * seniority counts the tech years only.  The title decides even when the
 * nurse's bullets name a tool; a research post counts when its bullets
 * name a skill. */
START_TEST(career_change_years)
{
  const char *lines[] = {
      "Sam Changer", "sam@example.com", "## Experience",
      "QA Analyst | Acme Ltd | Jan 2025 – Present",
      "* Wrote Selenium tests for the checkout.",
      "Research Assistant | City University | Jan 2024 – Dec 2024",
      "* Cleaned survey data in Python and R.",
      "Registered Nurse | General Hospital | Jan 2010 – Dec 2023",
      "* Kept the ward rota in Excel for 40 staff.",
      "Research Assistant | Hospital Trust | Jan 2009 – Dec 2009",
      "* Interviewed patients for a ward study.", NULL};
  struct prep_facts *f = extract(lines);
  ck_assert_uint_eq(f->njobs, 4);
  ck_assert_int_eq(f->jobs[0].tech, 1); /* a tech title */
  ck_assert_int_eq(f->jobs[1].tech, 1); /* research, with skills */
  ck_assert_int_eq(f->jobs[2].tech, 0); /* a non-tech title wins over Excel */
  ck_assert_int_eq(f->jobs[3].tech, 0); /* research, no skill named */
  /* 2009-01..2026-10 in all; tech: 2024-01..2026-10 = 34 months */
  ck_assert_int_eq(f->experience_months, 12 * 17 + 10);
  ck_assert_int_eq(f->tech_experience_months, 34);
  ck_assert_int_eq(f->seniority, PREP_SEN_MID);
  ck_assert_ptr_nonnull(strstr(f->seniority_why, "2 years in tech roles"));
}
END_TEST

/* ---- skills ------------------------------------------------------------ */

/* Titles in other languages name their family, in the feminine too:
 * the masculine is tried word by word inside longer phrases. */
START_TEST(titles_in_other_languages)
{
  static const struct { const char *title, *family; } cases[] = {
      {"Développeuse front-end senior", "frontend"},
      {"Senior Backend-Entwicklerin", "backend"},
      {"Desarrolladora full stack", "fullstack"},
      {"Desarrollador Android", "mobile"},
      {"Full-Stack Developer", "fullstack"},
      /* a technology between the side of the stack and the noun */
      {"Full Stack .NET Developer", "fullstack"},
      {"Senior Front-end React Engineer", "frontend"},
      {"Backend Python Developer", "backend"},
  };
  for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
    char job[200];
    snprintf(job, sizeof job, "%s | Acme SA | Jan 2020 – Present",
             cases[i].title);
    const char *lines[] = {"Alex Example", "alex@example.com",
                           "## Experience", job,
                           "* Shipped the thing for 40 users.", NULL};
    struct prep_facts *f = extract(lines);
    ck_assert_msg(f->role_family && !strcmp(f->role_family, cases[i].family),
                  "%s: family %s", cases[i].title, f->role_family);
    ck_assert_ptr_nonnull(strstr(f->role_family_why, "title score"));
    ck_assert_msg(!strstr(f->role_family_why, "title score 0.0"),
                  "%s: the title gave no score", cases[i].title);
  }
}
END_TEST

/* Project lists as people write them: one-liners (bulleted or not),
 * each a project; a project line with labelled details ("Client :",
 * "Environment :") and bullets under it; a "Live: URL" line is a link. */
START_TEST(project_shapes)
{
  const char *lines[] = {
      "Sam Builder", "sam@example.com", "## Projects",
      "* CampusEats \xE2\x80\x94 React and Flask app for ordering from dining halls.",
      "* Raft-lite \xE2\x80\x94 Raft consensus in Go with fault-injection tests.",
      "Shelfie - React app for tracking pantry stock offline with IndexedDB and service workers.",
      "Live: shelfie.example.com",
      "StoreHours - accessible store-locator widget in vanilla JavaScript for small shops.",
      "Project #3 : Customer 360 Data Lake",
      "Client : A leading private-sector bank",
      "Environment : PostgreSQL, Kubernetes, Terraform",
      "* Built Spark pipelines ingesting 2 TB a day from 40 source systems.",
      "* Cut the nightly runtime from 6 hours to 40 minutes.", NULL};
  struct prep_facts *f = extract(lines);
  static const char *const want[] = {"CampusEats", "Raft-lite", "Shelfie",
                                     "StoreHours", "Customer 360 Data Lake"};
  ck_assert_uint_eq(f->nprojects, 5);
  for (size_t i = 0; i < 5; i++)
    ck_assert_msg(f->projects[i].name &&
                      !strcmp(f->projects[i].name, want[i]),
                  "project %zu: %s", i, f->projects[i].name);
  ck_assert_ptr_nonnull(f->projects[2].url);
  ck_assert_ptr_nonnull(strstr(f->projects[2].url, "shelfie.example.com"));
  ck_assert_uint_eq(f->projects[2].nhighlights, 1);
  ck_assert_uint_eq(f->projects[4].nhighlights, 2); /* the two bullets */
  int pg = 0;
  for (size_t k = 0; k < f->projects[4].ntechnologies; k++)
    pg |= !strcmp(f->projects[4].technologies[k], "postgresql");
  ck_assert_msg(pg, "the Environment line's skills belong to the project");
}
END_TEST

/* Decorated and labelled CVs: emoji before headings, names and titles,
 * arrows between dates, and a contractor's "Client: / Role: / Dates:"
 * blocks, where the agency "(via ...)" is neither employer nor skill. */
START_TEST(emoji_arrows_and_labels)
{
  const char *lines[] = {
      "\xF0\x9F\x91\x8B Achieng Example", "achieng@example.org",
      "## \xF0\x9F\x92\xBC Experience",
      "\xF0\x9F\x94\x90 Security Analyst \xE2\x80\x94 Savanna Pay",
      "\xF0\x9F\x93\x85 Feb 2024 \xE2\x86\x92 present",
      "- Triaged 310 reports a year.",
      "## CONTRACT HISTORY",
      "Client:   Halberd Insurance Group (via Apex Recruitment)",
      "Role:     Senior .NET Developer (contract, outside IR35)",
      "Dates:    Jun 2022 -> Jan 2024",
      "- Cut quote times from 9 seconds to 1.2 seconds.",
      "## \xF0\x9F\x8E\x93 Education", "BSc Computing, Example University, 2015 - 2019",
      NULL};
  struct prep_facts *f = extract(lines);
  ck_assert_str_eq(f->contact.name.text, "Achieng Example");
  ck_assert_uint_eq(f->njobs, 2);
  ck_assert_str_eq(f->jobs[0].title, "Security Analyst");
  ck_assert_str_eq(f->jobs[0].company, "Savanna Pay");
  ck_assert(f->jobs[0].end.present);
  ck_assert_int_eq(f->jobs[0].start.year, 2024);
  ck_assert_str_eq(f->jobs[1].title, "Senior .NET Developer");
  ck_assert_str_eq(f->jobs[1].company, "Halberd Insurance Group");
  ck_assert_int_eq(f->jobs[1].start.year, 2022);
  ck_assert_int_eq(f->jobs[1].end.year, 2024);
  for (size_t k = 0; k < f->nskills; k++)
    ck_assert_msg(strcmp(f->skills[k].id, "apex") != 0,
                  "the agency's name became a skill");
  ck_assert_uint_ge(f->neducation, 1);
}
END_TEST

/* The jobs of `lines` are exactly want[0..n) (title, company). */
struct want_job {
  const char *title, *company;
};

static void expect_jobs(const char *const *lines, const struct want_job *want,
                        size_t n)
{
  struct prep_facts *f = extract(lines);
  ck_assert_uint_eq(f->njobs, n);
  for (size_t j = 0; j < n; j++) {
    ck_assert_str_eq(f->jobs[j].title, want[j].title);
    ck_assert_str_eq(f->jobs[j].company, want[j].company);
  }
}

/* " en " joins a title to its employer in Spanish ("Desarrolladora en
 * Acme") but to a field in French ("Ingénieure en apprentissage
 * automatique"): lower case after it is a field. */
START_TEST(en_is_at_or_in)
{
  const char *lines[] = {
      "Alex Example", "alex@example.com", "## Experience",
      "Ingénieure en apprentissage automatique | Boréal IA inc. | mai 2022 – à ce jour",
      "- Built fraud models.",
      "Desarrolladora en Acme SA | marzo de 2019 – abril de 2022",
      "- Built the web shop.", NULL};
  static const struct want_job want[] = {
      {"Ingénieure en apprentissage automatique", "Boréal IA inc."},
      {"Desarrolladora", "Acme SA"}};
  expect_jobs(lines, want, 2);
}
END_TEST

/* "Senior Data Analyst, Population Health" then the employer on the next
 * line: the comma tail is a department, part of the title. */
START_TEST(department_then_employer)
{
  const char *lines[] = {
      "Alex Example", "alex@example.com", "## Experience",
      "Senior Data Analyst, Population Health\tJan 2023 - current",
      "Lakes Valley Health Network \xC2\xB7 Minneapolis",
      "- Built dashboards for 9 hospitals.", NULL};
  static const struct want_job want[] = {
      {"Senior Data Analyst, Population Health", "Lakes Valley Health Network"}};
  expect_jobs(lines, want, 1);
}
END_TEST

START_TEST(trap_words)
{
  const char *lines[] = {
      "Sam Trapper", "sam@example.com", "## Experience",
      "Sales Lead | Shop Ltd | 2019 – 2022",
      "* Owned the go-to-market plan and cut R&D spend by 10%.",
      "* I excel at negotiation and react calmly under pressure.",
      "* Tried Swift and Rust for fun? No: gave a Swift response to outages.",
      "## Interests", "Kafka, Java coffee, hiking", NULL};
  struct prep_facts *f = extract(lines);
  const char *traps[] = {"go", "r", "excel", "react", "kafka", "java"};
  for (size_t i = 0; i < sizeof traps / sizeof traps[0]; i++)
    ck_assert_msg(!skill(f, traps[i]), "trap '%s' reported", traps[i]);
}
END_TEST

START_TEST(corroborated_and_whole_names)
{
  const char *lines[] = {
      "Sam Coder", "sam@example.com", "## Experience",
      "Engineer | Shop Ltd | 2019 – 2022",
      "* Rewrote the billing service in Go and PostgreSQL.",
      "## Skills",
      "C++17, C#, F#, .NET 8, Node.js, CI/CD, Python 3.11, Kafka, R", NULL};
  struct prep_facts *f = extract(lines);
  const char *want[] = {"cpp", "csharp", "fsharp", "dotnet", "nodejs",
                        "ci-cd", "python", "kafka", "r", "go", "postgresql"};
  for (size_t i = 0; i < sizeof want / sizeof want[0]; i++)
    ck_assert_msg(skill(f, want[i]), "skill '%s' missing", want[i]);
  ck_assert_msg(!skill(f, "c"), "C found inside C++/C#");
  const struct prep_skill *pg = skill(f, "postgresql");
  ck_assert_uint_ge(pg->in_bullet, 1);
  ck_assert_int_gt(pg->months_used, 0);
  ck_assert_uint_eq(skill(f, "python")->in_skills_list, 1);
}
END_TEST

START_TEST(job_posting_matcher)
{
  /* the --job posting (issue 5) uses the same matcher */
  const char *text = "We use Go, Kafka and PostgreSQL.\nYou excel at go-to-market?";
  size_t n = prep_taxonomy_match_skills(tax, text, strlen(text), 0, NULL, NULL);
  ck_assert_uint_ge(n, 2);
  const char *bullet = "Led the on-call rotation and mentored two junior engineers";
  size_t tags = prep_taxonomy_match_tags(tax, bullet, strlen(bullet), NULL,
                                         NULL);
  ck_assert_uint_ge(tags, 1);
}
END_TEST

/* ---- results ----------------------------------------------------------- */

START_TEST(results)
{
  const char *lines[] = {
      "Res Ults", "res@example.com", "+44 20 7946 0000", "## Experience",
      "Engineer | Acme Ltd | 2019 – 2022",
      "* Cut p99 latency from 800ms to 120ms in Python 3.11.",
      "* Grew revenue by 40% and saved £1.3M a year.",
      "* Made the build 3x faster for a team of 6.",
      "* Served 2M requests per day for 250k monthly users.",
      "* Shipped in 2018 with OAuth 2.0.",
      "## Education", "BSc Physics, Example University, 2015 – 2019, GPA 3.8/4.0",
      NULL};
  struct prep_facts *f = extract(lines);
  const char *want[] = {"from 800ms to 120ms", "40%", "£1.3M", "3x",
                        "team of 6", "2M requests per day", "250k monthly users"};
  for (size_t i = 0; i < sizeof want / sizeof want[0]; i++) {
    int found = 0;
    for (size_t r = 0; r < f->nresults; r++)
      if (strstr(f->results[r].text, want[i]))
        found = 1;
    ck_assert_msg(found, "result '%s' missing", want[i]);
  }
  for (size_t r = 0; r < f->nresults; r++) {
    const char *t = f->results[r].text;
    ck_assert_msg(!strstr(t, "3.11") && !strstr(t, "2018") && !strstr(t, "2.0") &&
                      !strstr(t, "3.8") && !strstr(t, "7946"),
                  "not a result: '%s'", t);
  }
}
END_TEST

/* ---- failure policy ---------------------------------------------------- */

START_TEST(near_empty_is_an_error)
{
  const char *lines[] = {"Hello there", NULL};
  struct prep_diag d;
  prep_diag_init(&d);
  struct prep_facts *f = NULL;
  struct prep_extract_opts o = {.as_of = "2026-10", .name = "tiny.txt"};
  enum prep_status st = prep_extract(make_doc(lines), tax, &o, arena, &f, &d);
  ck_assert_int_eq(st, PREP_EINPUT);
  ck_assert_ptr_null(f);
  ck_assert_uint_eq(d.errors, 1);
  ck_assert_ptr_nonnull(strstr(d.items[0].msg, "too little text"));
  prep_diag_free(&d);
}
END_TEST

/* The literal prefilter of theme rows must never lose a match: on every
 * block of every sample CV, the tags found with it equal the tags found by
 * running every row's pattern. */
struct tagset {
  const char *tags[512];
  size_t n;
};

static void collect_tag(void *ctx, const char *tag, const char *kind,
                        size_t off, size_t len)
{
  (void)kind;
  (void)off;
  (void)len;
  struct tagset *ts = ctx;
  for (size_t i = 0; i < ts->n; i++)
    if (ts->tags[i] == tag)
      return;
  if (ts->n < 512)
    ts->tags[ts->n++] = tag;
}

START_TEST(theme_prefilter_loses_nothing)
{
  static const char *samples[] = {
      "samples/01-backend-senior-libreoffice.docx",
      "samples/05-fullstack-bootcamp-pandoc.docx",
      "samples/11-management-docxjs.docx",
      "samples/12-dataanalysis-utf8.txt",
      "samples/03-devops-sre-libreoffice.docx"};
  pcre2_match_data *md = pcre2_match_data_create(32, NULL);
  size_t blocks = 0;
  for (size_t f = 0; f < sizeof samples / sizeof samples[0]; f++) {
    struct prep_arena *a = prep_arena_new();
    struct prep_diag d;
    prep_diag_init(&d);
    struct prep_doc *doc;
    char path[512];
    const char *top = getenv("PREPGEN_TESTS");
    snprintf(path, sizeof path, "%s/../%s", top ? top : "tests", samples[f]);
    ck_assert_int_eq(prep_read_file(path, path, a, &doc, &d), PREP_OK);
    for (size_t i = 0; i < doc->nblocks; i++) {
      const struct prep_block *b = &doc->blocks[i];
      struct tagset fast = {.n = 0}, slow = {.n = 0};
      prep_taxonomy_match_themes(tax, b->text, b->len, collect_tag, &fast);
      for (size_t r = 0; r < tax->nthemes; r++)
        if (pcre2_match(tax->themes[r].rx.code, (PCRE2_SPTR)b->text, b->len,
                        0, 0, md, NULL) >= 0)
          collect_tag(&slow, tax->themes[r].tag, NULL, 0, 0);
      ck_assert_uint_eq(fast.n, slow.n);
      for (size_t k = 0; k < slow.n; k++) {
        int found = 0;
        for (size_t j = 0; j < fast.n; j++)
          found |= fast.tags[j] == slow.tags[k];
        ck_assert_msg(found, "prefilter lost tag %s", slow.tags[k]);
      }
      blocks++;
    }
    prep_diag_free(&d);
    prep_arena_free(a);
  }
  ck_assert_uint_gt(blocks, 50);
  pcre2_match_data_free(md);
}
END_TEST

Suite *extract_suite(void)
{
  Suite *s = suite_create("extract");
  TCase *tc = tcase_create("extract");
  tcase_add_checked_fixture(tc, setup, teardown);
  tcase_set_timeout(tc, 30);
  tcase_add_test(tc, loads_every_data_file);
  tcase_add_test(tc, theme_prefilter_loses_nothing);
  tcase_add_test(tc, bad_rows_are_reported);
  tcase_add_test(tc, date_shapes);
  tcase_add_test(tc, not_dates);
  tcase_add_test(tc, phones);
  tcase_add_test(tc, emails_and_urls);
  tcase_add_test(tc, name_scoring);
  tcase_add_test(tc, job_layouts);
  tcase_add_test(tc, overlap_merging);
  tcase_add_test(tc, career_change_years);
  tcase_add_test(tc, titles_in_other_languages);
  tcase_add_test(tc, project_shapes);
  tcase_add_test(tc, emoji_arrows_and_labels);
  tcase_add_test(tc, en_is_at_or_in);
  tcase_add_test(tc, department_then_employer);
  tcase_add_test(tc, trap_words);
  tcase_add_test(tc, corroborated_and_whole_names);
  tcase_add_test(tc, job_posting_matcher);
  tcase_add_test(tc, results);
  tcase_add_test(tc, near_empty_is_an_error);
  suite_add_tcase(s, tc);
  return s;
}
