/* tests/pdf/sample.c - a sample prep-pack-like document built with the
 * typesetting API (owner: typeset).  Included by tests/unit/test_pdf.c and
 * tests/pdf/demo.c; not part of the prepgen binary.  The wording is made up
 * for the test. */
#include <stdio.h>
#include <string.h>

#include "prepgen/arena.h"
#include "prepgen/layout.h"
#include "prepgen/typeset.h"

/* Names that must come back from pdftotext exactly. */
static const char *const SAMPLE_NAMES[] = {
    "Zoë Ørsted-Łukasiewicz", "Nguyễn Thị Minh Khai", "Ελένη Παπαδοπούλου",
    "Анна Сергеевна Иванова", "Ёлка Пётр",           "王小明",
    "山田太郎",               "김민준",
};
#define SAMPLE_NNAMES (sizeof SAMPLE_NAMES / sizeof SAMPLE_NAMES[0])

/* Set by the demo to measure a Latin-only pack (fewer faces). */
static int sample_latin_only;

static const char *const STAR[4] = {"Situation", "Task", "Action", "Result"};

/* A question page: badges, why, evidence, STAR boxes sized to the page. */
static void sample_question(struct prep_ts *ts, int i, int primary)
{
  char id[32], title[160];
  snprintf(id, sizeof id, "Q-BE-%03d", i + 1);
  snprintf(title, sizeof title,
           "%s  Tell me about a time you improved the reliability of a "
           "service under load",
           id);
  if (primary) {
    prep_ts_page_break(ts);
    prep_ts_set_header(ts, "Question pages", id);
  } else if (prep_ts_remaining(ts) < prep_ts_body_height(ts) / 2 - 1) {
    prep_ts_page_break(ts);
    prep_ts_set_header(ts, "Practice questions", id);
  }
  struct prep_heading h;
  memset(&h, 0, sizeof h);
  h.level = primary ? 2 : 3;
  h.text = title;
  h.outline_title = id;
  h.toc = primary ? 1 : -1;
  prep_ts_heading_ex(ts, &h);
  struct prep_span badges[] = {
      {PREP_ST_SMALL, "Behavioural · Onsite · likelihood high · evidence ",
       PREP_MARK_NONE, 0},
      {PREP_ST_SMALL, NULL, i % 3 == 0   ? PREP_MARK_FULL
                            : i % 3 == 1 ? PREP_MARK_HALF
                                         : PREP_MARK_EMPTY,
       0},
      {PREP_ST_SMALL, i % 3 == 0 ? " strong" : i % 3 == 1 ? " partial" : " none",
       PREP_MARK_NONE, 0},
  };
  prep_ts_para_spans(ts, badges, 3, NULL);
  if (!primary) {
    struct prep_box b = {"Your answer in three lines", NULL, 0, 3, 0};
    prep_ts_box(ts, &b);
    return;
  }
  struct prep_span why[] = {
      {PREP_ST_BOLD, "Why it comes up: ", PREP_MARK_NONE, 0},
      {PREP_ST_BODY,
       "on-call work and incident handling are central to backend roles; "
       "interviewers look for ownership, a measured result and what you "
       "changed afterwards (runbooks, alerts, load-shedding/back-pressure).",
       PREP_MARK_NONE, 0},
  };
  prep_ts_para_spans(ts, why, 2, NULL);
  struct prep_span ev[] = {
      {PREP_ST_ITALIC,
       "“Cut p99 latency of the payments API from 900 ms to 180 ms by adding "
       "a read-through cache.”",
       PREP_MARK_NONE, 0},
      {PREP_ST_SMALL, "  CV paragraph 14", PREP_MARK_NONE, 0},
  };
  struct prep_para_fmt f;
  memset(&f, 0, sizeof f);
  f.indent = 12;
  prep_ts_para_spans(ts, ev, 2, &f);
  /* STAR boxes share what is left; Action gets the most */
  static const double share[4] = {0.18, 0.14, 0.42, 0.26};
  double room = prep_ts_remaining(ts) - 70;
  for (int k = 0; k < 4; k++) {
    struct prep_span hint = {PREP_ST_HINT,
                             k == 2 ? "what you did yourself: the cache, the "
                                      "rollout plan, the alert you added"
                                    : "trigger words",
                             PREP_MARK_NONE, 0};
    struct prep_box b = {STAR[k], &hint, 1, 1, 0};
    double base = prep_ts_box_height(ts, &b) - 22.68;
    double gap = 22.68; /* 8 mm */
    int lines = (int)((room * share[k] - base) / gap);
    b.lines = lines < 2 ? 2 : (unsigned)lines;
    prep_ts_box(ts, &b);
  }
  prep_ts_check_item(ts, PREP_ST_SMALL, "Said aloud three times", 0);
  prep_ts_check_item(ts, PREP_ST_SMALL, "Under two minutes, with a number in it", 0);
}

/* Builds the sample; `questions` primary question pages. */
static struct prep_layout *sample_build(struct prep_arena *a,
                                        const struct prep_metrics *m,
                                        enum prep_paper paper, int questions)
{
  struct prep_ts *ts = prep_ts_new(a, m, paper);
  struct prep_doc_info info = {"Interview prep pack: Zoë Ørsted-Łukasiewicz",
                               "Zoë Ørsted-Łukasiewicz",
                               "Backend Software Engineer",
                               "interview, prep, backend",
                               "prepgen",
                               2024,
                               5,
                               1};
  prep_ts_set_info(ts, &info);
  /* cover */
  prep_ts_plain_page(ts);
  prep_ts_space(ts, 160);
  prep_ts_para(ts, PREP_ST_SUBTITLE, "Interview prep pack");
  prep_ts_para(ts, PREP_ST_TITLE, SAMPLE_NAMES[0]);
  prep_ts_para(ts, PREP_ST_SUBTITLE, "Backend Software Engineer · senior");
  prep_ts_rule(ts);
  prep_ts_para(ts, PREP_ST_SMALL,
               "As of 2024-05-01. Generated on your computer; contains "
               "personal data.");
  prep_ts_toc(ts, "Contents");
  /* at a glance */
  prep_ts_set_header(ts, SAMPLE_NAMES[0], "At a glance");
  prep_ts_heading(ts, 1, "At a glance");
  prep_ts_heading(ts, 2, "Top priorities");
  prep_ts_bullet(ts, PREP_ST_BODY, "Rehearse the incident story with numbers.");
  prep_ts_bullet(ts, PREP_ST_BODY,
                 "Prepare a system-design walkthrough of the payments "
                 "pipeline, end to end, including the failure modes.");
  prep_ts_heading(ts, 2, "Names seen in the team list");
  for (size_t i = 0; i < (sample_latin_only ? 2 : SAMPLE_NNAMES); i++)
    prep_ts_bullet(ts, PREP_ST_BODY, SAMPLE_NAMES[i]);
  prep_ts_para(ts, PREP_ST_BODY,
               "A very long identifier that cannot be broken anywhere: "
               "averyveryverylongidentifierwithoutanybreakopportunityatall"
               "whichmustbecutratherthanoverflowthemarginofthepage.");
  /* evidence chart */
  prep_ts_page_break(ts);
  prep_ts_set_header(ts, SAMPLE_NAMES[0], "Evidence map");
  prep_ts_heading(ts, 1, "Evidence map");
  static const double w[] = {3, 1, 1, 1};
  static const char *const topics[] = {"Distributed systems", "Databases",
                                       "Observability", "Security",
                                       "Leadership", "Testing"};
  struct prep_cell cells[7 * 4];
  memset(cells, 0, sizeof cells);
  const char *hdr[] = {"Topic", "CV evidence", "Stories", "Risk"};
  for (int c = 0; c < 4; c++)
    cells[c] = (struct prep_cell){hdr[c], PREP_ST_LABEL, PREP_MARK_NONE,
                                  c ? PREP_ALIGN_CENTER : PREP_ALIGN_LEFT};
  for (int r = 1; r < 7; r++) {
    enum prep_mark mk = r % 3 == 1   ? PREP_MARK_FULL
                        : r % 3 == 2 ? PREP_MARK_HALF
                                     : PREP_MARK_EMPTY;
    cells[r * 4] = (struct prep_cell){topics[r - 1], PREP_ST_BODY,
                                      PREP_MARK_NONE, PREP_ALIGN_LEFT};
    cells[r * 4 + 1] = (struct prep_cell){r % 3 == 1   ? "A"
                                          : r % 3 == 2 ? "B"
                                                       : "C",
                                          PREP_ST_BODY, mk, PREP_ALIGN_CENTER};
    cells[r * 4 + 2] = (struct prep_cell){r % 2 ? "2" : "1", PREP_ST_BODY,
                                          PREP_MARK_NONE, PREP_ALIGN_CENTER};
    cells[r * 4 + 3] = (struct prep_cell){NULL, PREP_ST_BODY,
                                          r == 4 ? PREP_MARK_TICKED
                                                 : PREP_MARK_BOX,
                                          PREP_ALIGN_CENTER};
  }
  struct prep_table t = {4, w, cells, 7, 1, 1};
  prep_ts_table(ts, &t);
  if (!sample_latin_only)
    prep_ts_para(ts, PREP_ST_SMALL,
                 "● strong evidence (A) · ◐ partial (B) · ○ none yet (C)");
  /* plan */
  prep_ts_heading(ts, 1, "Plan: 7 days left");
  for (int d = 1; d <= 5; d++) {
    char line[120];
    snprintf(line, sizeof line,
             "Day %d: rehearse two stories aloud and time them", d);
    prep_ts_check_item(ts, PREP_ST_BODY, line, d == 1);
  }
  /* questions */
  prep_ts_heading_ex(ts, &(struct prep_heading){
                             .level = 1, .text = "Questions", .new_page = 1});
  for (int i = 0; i < questions; i++)
    sample_question(ts, i, 1);
  prep_ts_page_break(ts);
  prep_ts_set_header(ts, "Practice questions", NULL);
  prep_ts_heading(ts, 1, "Practice questions");
  for (int i = 0; i < 4; i++)
    sample_question(ts, questions + i, 0);
  /* debrief */
  prep_ts_page_break(ts);
  prep_ts_set_header(ts, SAMPLE_NAMES[0], "Debrief");
  prep_ts_heading(ts, 1, "Debrief");
  prep_ts_para(ts, PREP_ST_BODY, "Questions you were asked:");
  prep_ts_lines(ts, 6, 0);
  prep_ts_para(ts, PREP_ST_BODY, "What to fix next time:");
  prep_ts_lines(ts, 6, 0);
  return prep_ts_finish(ts);
}
