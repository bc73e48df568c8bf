/* test_typeset.c - the typesetting engine with a fake fixed-width font:
 * line breaking, keep rules, boxes, page numbers, anchors and the TOC. */
#include <check.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "prepgen/arena.h"
#include "prepgen/layout.h"
#include "prepgen/typeset.h"

Suite *typeset_suite(void);

/* Every character is 500/1000 em wide (5.25 pt at 10.5 pt body text).
 * Primary faces cover U+0000-1FFF, symbols U+2000-2FFF, CJK U+3000-9FFF
 * and U+FF00-FFEF, Hangul U+AC00-D7AF. */
static double fake_width(void *ctx, enum prep_font f, const char *s, size_t n)
{
  (void)ctx;
  (void)f;
  double w = 0;
  for (size_t i = 0; i < n; i++)
    if (((unsigned char)s[i] & 0xC0) != 0x80)
      w += 500;
  return w;
}

static int fake_has(void *ctx, enum prep_font f, unsigned cp)
{
  (void)ctx;
  switch (f) {
  case PREP_FONT_SYMBOLS: return cp >= 0x2000 && cp <= 0x2FFF;
  case PREP_FONT_CJK:
    return (cp >= 0x3000 && cp <= 0x9FFF) || (cp >= 0xFF00 && cp <= 0xFFEF);
  case PREP_FONT_HANGUL: return cp >= 0xAC00 && cp <= 0xD7AF;
  default: return cp < 0x2000;
  }
}

static const struct prep_metrics FAKE = {NULL, fake_width, fake_has};
#define CH 5.25 /* one character of body text, pt */

struct brk_case {
  const char *text;
  double chars;          /* line width in characters */
  const char *expect[8]; /* lines, NULL-terminated */
};

static const struct brk_case BRK[] = {
    {"aaa bbb ccc", 7, {"aaa bbb", "ccc", NULL}},
    {"aaa bbb", 7, {"aaa bbb", NULL}},                 /* exact fit */
    {"aaa   bbb", 7, {"aaa   bbb", NULL}}, /* spaces collapse (the byte range
                                             still spans them) */
    {"  aaa bbb  ", 3, {"aaa", "bbb", NULL}},          /* trimmed */
    {"abcdefghij", 4, {"abcd", "efgh", "ij", NULL}},   /* long word cut */
    {"xx abcdefghij", 4, {"xx", "abcd", "efgh", "ij", NULL}},
    {"well-known fact", 8, {"well-", "known", "fact", NULL}},
    {"client/server app", 8, {"client/", "server", "app", NULL}},
    {"-5 degrees", 4, {"-5", "degr", "ees", NULL}},    /* no break after a lone - */
    {"王小明山田太郎", 3, {"王小明", "山田太", "郎", NULL}},
    {"Name: 王小明", 8, {"Name: 王小", "明", NULL}},
    {"김민준 이서연", 4, {"김민준", "이서연", NULL}},
    {"a\nb", 10, {"a", "b", NULL}},                    /* forced break */
    {"a\tb\x01" "c\xC2\xAD" "d", 10, {"a bcd", NULL}}, /* sanitised */
    {"x\xF0\x9F\x98\x80y", 10, {"x\xEF\xBF\xBDy", NULL}}, /* non-BMP */
    {"caf\xE9 ok", 10, {"caf\xEF\xBF\xBD ok", NULL}},   /* invalid UTF-8 */
    {"", 5, {NULL}},
    {"   ", 5, {NULL}},
};

START_TEST(line_breaking)
{
  const struct brk_case *c = &BRK[_i];
  struct prep_arena *a = prep_arena_new();
  struct prep_ts *ts = prep_ts_new(a, &FAKE, PREP_PAPER_A4);
  struct prep_ts_line lines[16];
  const char *clean = NULL;
  size_t n = prep_ts_break(ts, PREP_ST_BODY, c->text, c->chars * CH, lines,
                           16, &clean);
  size_t want = 0;
  while (c->expect[want])
    want++;
  ck_assert_msg(n == want, "case %d: %zu lines, expected %zu", _i, n, want);
  for (size_t i = 0; i < n; i++) {
    char got[128];
    snprintf(got, sizeof got, "%.*s", (int)lines[i].len, clean + lines[i].start);
    ck_assert_msg(strcmp(got, c->expect[i]) == 0,
                  "case %d line %zu: '%s', expected '%s'", _i, i, got,
                  c->expect[i]);
    ck_assert(lines[i].width <= c->chars * CH + 1e-6);
  }
  prep_arena_free(a);
}
END_TEST

/* Page index and first run containing `needle`; -1 when absent. */
static long find_run(const struct prep_layout *l, const char *needle,
                     const struct prep_run **out)
{
  for (size_t p = 0; p < l->npages; p++)
    for (size_t i = 0; i < l->pages[p].nruns; i++) {
      const struct prep_run *r = &l->pages[p].runs[i];
      char buf[256];
      snprintf(buf, sizeof buf, "%.*s", (int)r->len, r->text);
      if (strstr(buf, needle)) {
        if (out)
          *out = r;
        return (long)p;
      }
    }
  return -1;
}

/* Fills the page with one-line paragraphs until less than `left` pt remain. */
static void fill_until(struct prep_ts *ts, double left)
{
  size_t page = prep_ts_page_index(ts);
  while (prep_ts_remaining(ts) > left && prep_ts_page_index(ts) == page)
    prep_ts_para(ts, PREP_ST_BODY, "filler");
  ck_assert_uint_eq(prep_ts_page_index(ts), page);
}

START_TEST(heading_kept_with_next)
{
  struct prep_arena *a = prep_arena_new();
  struct prep_ts *ts = prep_ts_new(a, &FAKE, PREP_PAPER_A4);
  fill_until(ts, 45); /* room for a heading, not for it and two lines */
  prep_ts_heading(ts, 2, "Orphan heading");
  prep_ts_para(ts, PREP_ST_BODY,
               "first line of text that is long enough to wrap onto several "
               "lines of the page, so the heading must move with it to the "
               "next page rather than stay alone at the foot");
  struct prep_layout *l = prep_ts_finish(ts);
  ck_assert_ptr_null(prep_layout_check(l));
  long ph = find_run(l, "Orphan heading", NULL);
  long pp = find_run(l, "first line", NULL);
  ck_assert_int_eq(ph, 1);
  ck_assert_int_eq(pp, 1);
  prep_arena_free(a);
}
END_TEST

START_TEST(heading_fits_stays)
{
  struct prep_arena *a = prep_arena_new();
  struct prep_ts *ts = prep_ts_new(a, &FAKE, PREP_PAPER_A4);
  fill_until(ts, 120);
  prep_ts_heading(ts, 2, "Fitting heading");
  prep_ts_para(ts, PREP_ST_BODY, "body");
  struct prep_layout *l = prep_ts_finish(ts);
  ck_assert_int_eq(find_run(l, "Fitting heading", NULL), 0);
  ck_assert_int_eq(find_run(l, "body", NULL), 0);
  prep_arena_free(a);
}
END_TEST

START_TEST(box_label_with_lines)
{
  struct prep_arena *a = prep_arena_new();
  struct prep_ts *ts = prep_ts_new(a, &FAKE, PREP_PAPER_A4);
  fill_until(ts, 50);
  struct prep_span hint = {PREP_ST_HINT, "trigger words", PREP_MARK_NONE, 0};
  struct prep_box b = {"Action", &hint, 1, 6, 0};
  double h = prep_ts_box_height(ts, &b);
  ck_assert(h > 6 * 22);
  prep_ts_box(ts, &b);
  struct prep_layout *l = prep_ts_finish(ts);
  const struct prep_run *label, *hr;
  ck_assert_int_eq(find_run(l, "Action", &label), 1);
  ck_assert_int_eq(find_run(l, "trigger", &hr), 1);
  ck_assert(label->y > hr->y);
  /* the ruled lines are on page 2, below the hint */
  size_t lines = 0;
  for (size_t i = 0; i < l->pages[1].ngops; i++) {
    const struct prep_gop *g = &l->pages[1].gops[i];
    if (g->kind == PREP_GOP_LINE && g->y0 < hr->y)
      lines++;
  }
  ck_assert_uint_ge(lines, 6);
  prep_arena_free(a);
}
END_TEST

START_TEST(tall_box_splits_after_core)
{
  struct prep_arena *a = prep_arena_new();
  struct prep_ts *ts = prep_ts_new(a, &FAKE, PREP_PAPER_A4);
  fill_until(ts, 200);
  struct prep_box b = {"Huge", NULL, 0, 60, 0}; /* taller than a page */
  prep_ts_box(ts, &b);
  struct prep_layout *l = prep_ts_finish(ts);
  ck_assert_int_eq(find_run(l, "Huge", NULL), 0); /* starts here */
  ck_assert_uint_ge(l->npages, 2);
  /* no graphics outside the text block's vertical extent */
  for (size_t p = 0; p < l->npages; p++)
    for (size_t i = 0; i < l->pages[p].ngops; i++)
      ck_assert(l->pages[p].gops[i].y0 > 20 * 72 / 25.4 - 1);
  prep_arena_free(a);
}
END_TEST

START_TEST(nothing_past_the_margins)
{
  struct prep_arena *a = prep_arena_new();
  struct prep_ts *ts = prep_ts_new(a, &FAKE, PREP_PAPER_LETTER);
  for (int i = 0; i < 40; i++) {
    prep_ts_heading(ts, 2, "A heading that is quite long and will wrap over "
                           "two lines of the text block width for sure");
    prep_ts_para(ts, PREP_ST_BODY,
                 "supercalifragilisticexpialidociousandthensomemoretextwithout"
                 "anyspacesatallsoithastobecut and then a normal ending.");
    prep_ts_check_item(ts, PREP_ST_BODY, "tick me", i % 2);
  }
  struct prep_layout *l = prep_ts_finish(ts);
  ck_assert_ptr_null(prep_layout_check(l));
  ck_assert_str_eq(l->paper, "letter");
  double mm = 72 / 25.4;
  for (size_t p = 0; p < l->npages; p++) {
    double left = (p % 2 == 0 ? 24 : 18) * mm;
    double right = l->width - (p % 2 == 0 ? 18 : 24) * mm;
    for (size_t i = 0; i < l->pages[p].nruns; i++) {
      const struct prep_run *r = &l->pages[p].runs[i];
      ck_assert_msg(r->x >= left - 0.01 && r->x + r->width <= right + 0.01,
                    "page %zu run at %.2f+%.2f outside [%.2f, %.2f]", p,
                    r->x, r->width, left, right);
      ck_assert(r->y >= 11 * mm && r->y <= l->height - 12 * mm);
    }
  }
  prep_arena_free(a);
}
END_TEST

START_TEST(page_numbers_and_plain_cover)
{
  struct prep_arena *a = prep_arena_new();
  struct prep_ts *ts = prep_ts_new(a, &FAKE, PREP_PAPER_A4);
  prep_ts_plain_page(ts);
  prep_ts_para(ts, PREP_ST_TITLE, "Cover");
  for (int i = 0; i < 3; i++) {
    prep_ts_page_break(ts);
    prep_ts_set_header(ts, "left", "Q-1");
    prep_ts_para(ts, PREP_ST_BODY, "page body");
  }
  prep_ts_page_break(ts); /* a trailing empty page is dropped */
  struct prep_layout *l = prep_ts_finish(ts);
  ck_assert_uint_eq(l->npages, 4);
  ck_assert_int_eq(find_run(l, "1 / 4", NULL), -1); /* the cover is plain */
  ck_assert_int_eq(find_run(l, "2 / 4", NULL), 1);
  ck_assert_int_eq(find_run(l, "4 / 4", NULL), 3);
  ck_assert_int_eq(find_run(l, "Q-1", NULL), 1);
  prep_arena_free(a);
}
END_TEST

START_TEST(toc_anchors_outline)
{
  struct prep_arena *a = prep_arena_new();
  struct prep_ts *ts = prep_ts_new(a, &FAKE, PREP_PAPER_A4);
  prep_ts_plain_page(ts);
  prep_ts_para(ts, PREP_ST_TITLE, "Cover");
  unsigned fwd = prep_ts_anchor_new(ts);
  struct prep_span link[] = {{PREP_ST_BODY, "see the story", PREP_MARK_NONE,
                              fwd}};
  prep_ts_para_spans(ts, link, 1, NULL);
  prep_ts_toc(ts, "Contents");
  unsigned s1 = prep_ts_heading(ts, 1, "Section one");
  prep_ts_heading(ts, 2, "Sub one");
  prep_ts_para(ts, PREP_ST_BODY, "text");
  prep_ts_page_break(ts);
  prep_ts_heading(ts, 1, "Section two");
  prep_ts_anchor_place(ts, fwd);
  prep_ts_para(ts, PREP_ST_BODY, "the story");
  struct prep_layout *l = prep_ts_finish(ts);
  ck_assert_ptr_null(prep_layout_check(l));
  /* cover, contents, section one, section two */
  ck_assert_uint_eq(l->npages, 4);
  ck_assert_int_eq(find_run(l, "Contents", NULL), 1);
  ck_assert_int_eq(find_run(l, "Section one", NULL), 1); /* TOC entry first */
  ck_assert_uint_eq(l->dests[s1 - 1].page, 2);
  ck_assert_uint_eq(l->dests[fwd - 1].page, 3);
  /* TOC page numbers and links */
  const struct prep_page *toc = &l->pages[1];
  int saw3 = 0, saw4 = 0;
  for (size_t i = 0; i < toc->nruns; i++) {
    if (toc->runs[i].len == 1 && toc->runs[i].text[0] == '3')
      saw3 = 1;
    if (toc->runs[i].len == 1 && toc->runs[i].text[0] == '4')
      saw4 = 1;
  }
  ck_assert(saw3 && saw4);
  ck_assert_uint_ge(toc->nlinks, 3);
  ck_assert_uint_ge(l->pages[0].nlinks, 1);
  ck_assert_uint_eq(l->pages[0].links[0].dest, fwd);
  /* outline: Contents, Section one > Sub one, Section two */
  ck_assert_uint_eq(l->noutline, 4);
  ck_assert_str_eq(l->outline[0].title, "Contents");
  ck_assert_str_eq(l->outline[2].title, "Sub one");
  ck_assert_uint_eq(l->outline[2].level, 1);
  ck_assert_uint_eq(l->outline[3].level, 0);
  prep_arena_free(a);
}
END_TEST

START_TEST(fallback_runs)
{
  struct prep_arena *a = prep_arena_new();
  struct prep_ts *ts = prep_ts_new(a, &FAKE, PREP_PAPER_A4);
  prep_ts_para(ts, PREP_ST_BODY, "Name 王小明 김민준 ● ok");
  struct prep_layout *l = prep_ts_finish(ts);
  const struct prep_run *r;
  ck_assert_int_ge(find_run(l, "王小明", &r), 0);
  ck_assert_int_eq(r->font, PREP_FONT_CJK);
  ck_assert_int_ge(find_run(l, "김민준", &r), 0);
  ck_assert_int_eq(r->font, PREP_FONT_HANGUL);
  ck_assert_int_ge(find_run(l, "●", &r), 0);
  ck_assert_int_eq(r->font, PREP_FONT_SYMBOLS);
  ck_assert_int_ge(find_run(l, "Name", &r), 0);
  ck_assert_int_eq(r->font, PREP_FONT_SERIF);
  ck_assert_uint_eq(l->fonts_used & (1u << PREP_FONT_SERIF_BOLD), 0);
  prep_arena_free(a);
}
END_TEST

START_TEST(table_header_repeats)
{
  struct prep_arena *a = prep_arena_new();
  struct prep_ts *ts = prep_ts_new(a, &FAKE, PREP_PAPER_A4);
  enum { ROWS = 80 };
  static struct prep_cell cells[ROWS * 2];
  for (int r = 0; r < ROWS; r++) {
    cells[2 * r] = (struct prep_cell){r ? "topic" : "HEADER", PREP_ST_BODY,
                                      PREP_MARK_NONE, PREP_ALIGN_LEFT};
    cells[2 * r + 1] = (struct prep_cell){"x", PREP_ST_BODY, PREP_MARK_HALF,
                                          PREP_ALIGN_CENTER};
  }
  static const double w[] = {2, 1};
  struct prep_table t = {2, w, cells, ROWS, 1, 1};
  prep_ts_table(ts, &t);
  struct prep_layout *l = prep_ts_finish(ts);
  ck_assert_uint_ge(l->npages, 2);
  for (size_t p = 0; p < l->npages; p++) {
    int hdr = 0;
    for (size_t i = 0; i < l->pages[p].nruns; i++)
      if (l->pages[p].runs[i].len == 6 &&
          memcmp(l->pages[p].runs[i].text, "HEADER", 6) == 0)
        hdr++;
    ck_assert_int_eq(hdr, 1);
  }
  prep_arena_free(a);
}
END_TEST

START_TEST(dump_is_stable)
{
  struct prep_arena *a = prep_arena_new();
  struct prep_ts *ts = prep_ts_new(a, &FAKE, PREP_PAPER_A4);
  prep_ts_heading(ts, 1, "Title");
  prep_ts_para(ts, PREP_ST_BODY, "hello world");
  struct prep_layout *l = prep_ts_finish(ts);
  char *buf = NULL;
  size_t n = 0;
  FILE *f = open_memstream(&buf, &n);
  prep_dump_layout(f, l);
  fclose(f);
  ck_assert(strstr(buf, "# prepgen layout v1\n# paper: a4 595.28 x 841.89\n"));
  ck_assert(strstr(buf, "sans-bold 18.00 w 45.00 grey 0.00 | Title\n"));
  ck_assert(strstr(buf, "serif 10.50 w 57.75 grey 0.00 | hello world\n"));
  ck_assert(strstr(buf, "outline 0 -> 1 | Title\n"));
  free(buf);
  prep_arena_free(a);
}
END_TEST

/* Content set after a mark and rewound leaves no trace: the document is
 * the same as one built without the detour (pages, anchors, bookmarks,
 * contents entries, headers). */
static void rewind_common(struct prep_ts *ts)
{
  prep_ts_set_header(ts, "left", "right");
  prep_ts_heading(ts, 1, "Section one");
  prep_ts_para(ts, PREP_ST_BODY, "before the mark");
}

START_TEST(mark_and_rewind)
{
  struct prep_arena *a = prep_arena_new();
  struct prep_ts *ts = prep_ts_new(a, &FAKE, PREP_PAPER_A4);
  rewind_common(ts);
  struct prep_ts_mark m;
  prep_ts_mark(ts, &m);
  size_t page = prep_ts_page_index(ts);
  double left = prep_ts_remaining(ts);
  /* a detour: three pages, a heading with a bookmark, another header */
  prep_ts_set_header(ts, "detour", NULL);
  prep_ts_heading(ts, 2, "Detour heading");
  for (int i = 0; i < 150; i++)
    prep_ts_para(ts, PREP_ST_BODY, "detour text");
  ck_assert_uint_gt(prep_ts_page_index(ts), page + 1);
  prep_ts_rewind(ts, &m);
  ck_assert_uint_eq(prep_ts_page_index(ts), page);
  ck_assert(prep_ts_remaining(ts) == left);
  prep_ts_heading(ts, 2, "Kept heading");
  prep_ts_para(ts, PREP_ST_BODY, "after the rewind");
  struct prep_layout *l1 = prep_ts_finish(ts);
  ck_assert_ptr_null(prep_layout_check(l1));
  ck_assert_int_lt(find_run(l1, "detour", NULL), 0);
  ck_assert_int_eq(find_run(l1, "after the rewind", NULL), 0);

  /* the same without the detour: the same dump */
  struct prep_ts *t2 = prep_ts_new(a, &FAKE, PREP_PAPER_A4);
  rewind_common(t2);
  prep_ts_heading(t2, 2, "Kept heading");
  prep_ts_para(t2, PREP_ST_BODY, "after the rewind");
  struct prep_layout *l2 = prep_ts_finish(t2);
  char *d1 = NULL, *d2 = NULL;
  size_t n1 = 0, n2 = 0;
  FILE *f1 = open_memstream(&d1, &n1), *f2 = open_memstream(&d2, &n2);
  prep_dump_layout(f1, l1);
  prep_dump_layout(f2, l2);
  fclose(f1);
  fclose(f2);
  ck_assert_str_eq(d1, d2);
  free(d1);
  free(d2);
  prep_arena_free(a);
}
END_TEST

/* Tight mode sets the same paragraphs in less height, and only while on. */
START_TEST(tight_mode)
{
  struct prep_arena *a = prep_arena_new();
  struct prep_ts *ts = prep_ts_new(a, &FAKE, PREP_PAPER_A4);
  struct prep_span sp = {PREP_ST_BODY, "a paragraph", PREP_MARK_NONE, 0};
  double normal = prep_ts_para_height(ts, &sp, 1, NULL);
  prep_ts_set_tight(ts, 1);
  double tight = prep_ts_para_height(ts, &sp, 1, NULL);
  prep_ts_set_tight(ts, 0);
  ck_assert(tight < normal);
  ck_assert(prep_ts_para_height(ts, &sp, 1, NULL) == normal);
  /* a list of paragraphs that needs two pages normally needs fewer tight */
  size_t n = 0;
  double top = prep_ts_remaining(ts);
  while (prep_ts_page_index(ts) == 0) {
    prep_ts_para(ts, PREP_ST_BODY, "item");
    n++;
  }
  struct prep_ts *t2 = prep_ts_new(a, &FAKE, PREP_PAPER_A4);
  prep_ts_set_tight(t2, 1);
  for (size_t i = 0; i < n; i++)
    prep_ts_para(t2, PREP_ST_BODY, "item");
  ck_assert_uint_eq(prep_ts_page_index(t2), 0);
  ck_assert(prep_ts_remaining(t2) > 0 && prep_ts_remaining(t2) < top);
  prep_arena_free(a);
}
END_TEST

Suite *typeset_suite(void)
{
  Suite *s = suite_create("typeset");
  TCase *tc = tcase_create("typeset");
  tcase_add_loop_test(tc, line_breaking, 0,
                      (int)(sizeof BRK / sizeof BRK[0]));
  tcase_add_test(tc, heading_kept_with_next);
  tcase_add_test(tc, heading_fits_stays);
  tcase_add_test(tc, box_label_with_lines);
  tcase_add_test(tc, tall_box_splits_after_core);
  tcase_add_test(tc, nothing_past_the_margins);
  tcase_add_test(tc, page_numbers_and_plain_cover);
  tcase_add_test(tc, toc_anchors_outline);
  tcase_add_test(tc, fallback_runs);
  tcase_add_test(tc, table_header_repeats);
  tcase_add_test(tc, dump_is_stable);
  tcase_add_test(tc, mark_and_rewind);
  tcase_add_test(tc, tight_mode);
  suite_add_tcase(s, tc);
  return s;
}
