/* test_text.c - the plain-text reader (read_text.c) and the normalisation
 * every reader shares (text.c, prep_doc_add in doc.c).
 *
 * Each layout rule has one case with the exact blocks expected, written as
 * "KIND L<level> FLAGS l<line> | TEXT" lines (the --dump=doc format without
 * the part).  Encodings are built from byte arrays here, so the tests need
 * nothing outside the repository; tests/fixtures/text/ holds one whole CV.
 */
#include <check.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "prepgen/arena.h"
#include "prepgen/buf.h"
#include "prepgen/diag.h"
#include "prepgen/doc.h"
#include "prepgen/dump.h"
#include "prepgen/limits.h"
#include "prepgen/read.h"
#include "prepgen/text.h"

Suite *text_suite(void);

/* ---- helpers ---------------------------------------------------------- */

struct run {
  struct prep_arena *a;
  struct prep_diag diag;
  struct prep_doc *doc;
  enum prep_status st;
  struct prep_buf dump; /* block lines */
};

static void dump_blocks(struct prep_buf *out, const struct prep_doc *d)
{
  char fl[11];
  for (size_t i = 0; i < d->nblocks; i++) {
    const struct prep_block *b = &d->blocks[i];
    prep_buf_printf(out, "%s L%u %s l%u | %s\n",
                    prep_block_kind_name(b->kind), b->level,
                    prep_dump_flags(b->flags, fl), b->pos, b->text);
  }
}

static void run_bytes(struct run *r, const void *p, size_t n)
{
  r->a = prep_arena_new();
  prep_diag_init(&r->diag);
  prep_buf_init(&r->dump, 0);
  r->doc = NULL;
  r->st = prep_read_text(p, n, "cv.txt", r->a, &r->doc, &r->diag);
  if (r->st == PREP_OK) {
    ck_assert_ptr_nonnull(r->doc);
    ck_assert_msg(prep_doc_check(r->doc) == NULL, "doc check: %s",
                  prep_doc_check(r->doc));
    dump_blocks(&r->dump, r->doc);
  } else {
    ck_assert_ptr_null(r->doc);
  }
  if (!r->dump.data)
    prep_buf_puts(&r->dump, "");
}

static void run_str(struct run *r, const char *s)
{
  run_bytes(r, s, strlen(s));
}

static void run_free(struct run *r)
{
  prep_buf_free(&r->dump);
  prep_diag_free(&r->diag);
  prep_arena_free(r->a);
}

/* 1 when some diagnostic of severity sev contains words. */
static int diag_has(const struct run *r, enum prep_severity sev,
                    const char *words)
{
  for (size_t i = 0; i < r->diag.count; i++)
    if (r->diag.items[i].sev == sev && strstr(r->diag.items[i].msg, words))
      return 1;
  return 0;
}

#define EXPECT_DUMP(r, want) ck_assert_str_eq((r)->dump.data, (want))

/* ---- layout rules ------------------------------------------------------ */

struct layout_case {
  const char *what, *in, *want;
};

static const struct layout_case layout_cases[] = {
    {"one block per line, blank lines separate",
     "Jane Doe\nEngineer\n\n\nLikes tea\n",
     "para L0 ---------- l1 | Jane Doe\n"
     "para L0 ---------- l2 | Engineer\n"
     "para L0 ---------- l5 | Likes tea\n"},
    {"wrapped prose lines are not joined",
     "Jane Doe\nI build services that\nmove money safely.\n",
     "para L0 ---------- l1 | Jane Doe\n"
     "para L0 ---------- l2 | I build services that\n"
     "para L0 ---------- l3 | move money safely.\n"},
    {"short ALL-CAPS line is a heading",
     "Jane Doe\n\nWORK HISTORY\nAcme Corp\nSKILLS & TOOLS\n",
     "para L0 ---------- l1 | Jane Doe\n"
     "heading L1 --C------- l3 | WORK HISTORY\n"
     "para L0 ---------- l4 | Acme Corp\n"
     "heading L1 --C------- l5 | SKILLS & TOOLS\n"},
    {"ALL-CAPS lines that are not headings",
     "Jane Doe\nAWS, GCP, SQL\nSQL\nTHE QUICK BROWN FOX JUMPS OVER THE LAZY "
     "DOG\n2019 2020 2021 ABC\nJANE@EXAMPLE.COM\nSHIPPED IT ON TIME.\n",
     "para L0 ---------- l1 | Jane Doe\n"
     "para L0 --C------- l2 | AWS, GCP, SQL\n"
     "para L0 --C------- l3 | SQL\n"
     "para L0 --C------- l4 | THE QUICK BROWN FOX JUMPS OVER THE LAZY DOG\n"
     "para L0 --C------- l5 | 2019 2020 2021 ABC\n"
     "para L0 --C------- l6 | JANE@EXAMPLE.COM\n"
     "para L0 --C------- l7 | SHIPPED IT ON TIME.\n"},
    {"an inferred heading opening the file is the title (level 0)",
     "JANE DOE\nEngineer\nEXPERIENCE\n",
     "heading L0 --C------- l1 | JANE DOE\n"
     "para L0 ---------- l2 | Engineer\n"
     "heading L1 --C------- l3 | EXPERIENCE\n"},
    {"=== underline is level 1, --- level 2; the rule gives no block",
     "Jane Doe\n\nExperience\n==========\nAcme\n\nSkills\n------\nGo\n",
     "para L0 ---------- l1 | Jane Doe\n"
     "heading L1 -------U-- l3 | Experience\n"
     "para L0 ---------- l5 | Acme\n"
     "heading L2 -------U-- l7 | Skills\n"
     "para L0 ---------- l9 | Go\n"},
    {"underline must be of similar length and directly below",
     "Jane Doe\nA fairly long line of text here\n---\nTitle\n\n=====\n"
     "Short\n--------------------------------------------\n",
     "para L0 ---------- l1 | Jane Doe\n"
     "para L0 ---------- l2 | A fairly long line of text here\n"
     "para L0 ---------- l4 | Title\n"
     "para L0 ---------- l7 | Short\n"},
    {"setext title on the first line",
     "Jane Doe\n========\nEngineer\n",
     "heading L0 -------U-- l1 | Jane Doe\n"
     "para L0 ---------- l3 | Engineer\n"},
    {"a short line ending in a colon is a heading; the colon goes",
     "Jane Doe\nTechnical Skills:\nGo, C\nAddress: 1 Main St\nThis is a "
     "longer sentence that also ends:\nSKILLS:\nWork history :\n",
     "para L0 ---------- l1 | Jane Doe\n"
     "heading L2 ---------: l2 | Technical Skills\n"
     "para L0 ---------- l3 | Go, C\n"
     "para L0 ---------- l4 | Address: 1 Main St\n"
     "para L0 ---------- l5 | This is a longer sentence that also ends:\n"
     "heading L1 --C------: l6 | SKILLS\n"
     "heading L2 ---------: l7 | Work history\n"},
    {"letter-spaced headings are closed up",
     "Jane Doe\n\nE X P E R I E N C E\nW O R K   H I S T O R Y\n"
     "S K I L L S  &  T O O L S\n",
     "para L0 ---------- l1 | Jane Doe\n"
     "heading L1 --C-----W- l3 | EXPERIENCE\n"
     "heading L1 --C-----W- l4 | WORK HISTORY\n"
     "heading L1 --C-----W- l5 | SKILLS & TOOLS\n"},
    {"markdown headings keep their level",
     "# Jane Doe\n## Skills\n### Berufserfahrung ###\n#hashtag\n"
     "\t#### Indented\n",
     "heading L1 ---------- l1 | Jane Doe\n"
     "heading L2 ---------- l2 | Skills\n"
     "heading L3 ---------- l3 | Berufserfahrung\n"
     "para L0 ---------- l4 | #hashtag\n"
     "heading L4 ---------- l5 | Indented\n"},
    {"headings between rules",
     "Jane Doe\n==== EXPERIENCE ====\n--- Skills ---\nEducation -------\n"
     "=== Projects\n",
     "para L0 ---------- l1 | Jane Doe\n"
     "heading L1 --C------- l2 | EXPERIENCE\n"
     "heading L2 ---------- l3 | Skills\n"
     "heading L2 ---------- l4 | Education\n"
     "heading L1 ---------- l5 | Projects\n"},
    {"bullet glyphs",
     "Jane Doe\n\xE2\x80\xA2 One\n- Two\n* Three\n\xE2\x97\xA6 Four\n"
     "\xE2\x96\xAA Five\n\xE2\x96\xBA Six\n\xE2\x9C\x93 Seven\no Eight\n"
     "\xE2\x80\xA2Nine\n+ Ten\n",
     "para L0 ---------- l1 | Jane Doe\n"
     "item L0 ------L--- l2 | One\n"
     "item L0 ------L--- l3 | Two\n"
     "item L0 ------L--- l4 | Three\n"
     "item L0 ------L--- l5 | Four\n"
     "item L0 ------L--- l6 | Five\n"
     "item L0 ------L--- l7 | Six\n"
     "item L0 ------L--- l8 | Seven\n"
     "item L0 ------L--- l9 | Eight\n"
     "item L0 ------L--- l10 | Nine\n"
     "item L0 ------L--- l11 | Ten\n"},
    {"glyph-like starts that are not bullets",
     "Jane Doe\n-5% churn\n*args and **kwargs\nopen source\n",
     "para L0 ---------- l1 | Jane Doe\n"
     "para L0 ---------- l2 | -5% churn\n"
     "para L0 ---------- l3 | *args and **kwargs\n"
     "para L0 ---------- l4 | open source\n"},
    {"Symbol-font bullet from Word (private use area)",
     "Jane Doe\n\xEF\x82\xB7 Item\n\xEF\x82\xA7\tOther\n",
     "para L0 ---------- l1 | Jane Doe\n"
     "item L0 ------L--- l2 | Item\n"
     "item L0 ------L--- l3 | Other\n"},
    {"number markers are stripped and flagged",
     "Jane Doe\n1. First\n2) Second\na) Third\n(b) Fourth\ni. Fifth\n"
     "(iv) Sixth\nIV. Seventh\n10. Eighth\n1.2. Ninth\nB) Tenth\n",
     "para L0 ---------- l1 | Jane Doe\n"
     "item L0 -----N---- l2 | First\n"
     "item L0 -----N---- l3 | Second\n"
     "item L0 -----N---- l4 | Third\n"
     "item L0 -----N---- l5 | Fourth\n"
     "item L0 -----N---- l6 | Fifth\n"
     "item L0 -----N---- l7 | Sixth\n"
     "item L0 -----N---- l8 | Seventh\n"
     "item L0 -----N---- l9 | Eighth\n"
     "item L0 -----N---- l10 | Ninth\n"
     "item L0 -----N---- l11 | Tenth\n"},
    {"numbers that are not list markers",
     "Jane Doe\n2019 - 2021 Acme\n3.5 GPA\n1. Jan 2019 start\n"
     "3. M\xC3\xA4rz 2020 Umzug\n1.5 years\nA. Smith\n2. 2019 award\n"
     "12345. Too long\n",
     "para L0 ---------- l1 | Jane Doe\n"
     "para L0 ---------- l2 | 2019 - 2021 Acme\n"
     "para L0 --C------- l3 | 3.5 GPA\n"
     "para L0 ---------- l4 | 1. Jan 2019 start\n"
     "para L0 ---------- l5 | 3. M\xC3\xA4rz 2020 Umzug\n"
     "para L0 ---------- l6 | 1.5 years\n"
     "para L0 ---------- l7 | A. Smith\n"
     "para L0 ---------- l8 | 2. 2019 award\n"
     "para L0 ---------- l9 | 12345. Too long\n"},
    {"CJK numbering",
     "\xE5\xB7\xA5\xE4\xBD\x9C\n1\xE3\x80\x81\xE8\xB4\x9F\xE8\xB4\xA3\n"
     "2.\xE8\xB4\x9F\xE8\xB4\xA3\n",
     "para L0 ---------- l1 | \xE5\xB7\xA5\xE4\xBD\x9C\n"
     "item L0 -----N---- l2 | \xE8\xB4\x9F\xE8\xB4\xA3\n"
     "item L0 -----N---- l3 | \xE8\xB4\x9F\xE8\xB4\xA3\n"},
    {"a numbered ALL-CAPS line is a heading",
     "Jane Doe\n1. EDUCATION\nMSc\n",
     "para L0 ---------- l1 | Jane Doe\n"
     "heading L1 --C------- l2 | EDUCATION\n"
     "para L0 ---------- l3 | MSc\n"},
    {"list levels follow the indentation",
     "Jane Doe\n- a\n  - b\n    - c\n  - d\n- e\n\t- f\n",
     "para L0 ---------- l1 | Jane Doe\n"
     "item L0 ------L--- l2 | a\n"
     "item L1 ------L--- l3 | b\n"
     "item L2 ------L--- l4 | c\n"
     "item L1 ------L--- l5 | d\n"
     "item L0 ------L--- l6 | e\n"
     "item L1 ------L--- l7 | f\n"},
    {"levels are relative to the first item of a list",
     "Jane Doe\n    - a\n    - b\n        - c\nText\n  - d\n",
     "para L0 ---------- l1 | Jane Doe\n"
     "item L0 ------L--- l2 | a\n"
     "item L0 ------L--- l3 | b\n"
     "item L1 ------L--- l4 | c\n"
     "para L0 ---------- l5 | Text\n"
     "item L0 ------L--- l6 | d\n"},
    {"an indented line under an item continues it",
     "Jane Doe\n- Built a thing that\n  wraps here\n- Next\nNot continued\n",
     "para L0 ---------- l1 | Jane Doe\n"
     "item L0 ------L--- l2 | Built a thing that wraps here\n"
     "item L0 ------L--- l4 | Next\n"
     "para L0 ---------- l5 | Not continued\n"},
    {"a blank line ends an item",
     "Jane Doe\n- Item\n\n  more\n",
     "para L0 ---------- l1 | Jane Doe\n"
     "item L0 ------L--- l2 | Item\n"
     "para L0 ---------- l4 | more\n"},
    {"a flush-left lower-case wrap continues a long item; a capital does not",
     "Jane Doe\n\xE2\x80\xA2 A long bullet line that goes on and on past forty "
     "characters\nand wraps here.\n\xE2\x80\xA2 Another long bullet line that "
     "goes on past forty chars\nAcme Corp\n",
     "para L0 ---------- l1 | Jane Doe\n"
     "item L0 ------L--- l2 | A long bullet line that goes on and on past forty "
     "characters and wraps here.\n"
     "item L0 ------L--- l4 | Another long bullet line that goes on past forty "
     "chars\n"
     "para L0 ---------- l5 | Acme Corp\n"},
    {"a hyphen at a wrap is kept without a space",
     "Jane Doe\n- Designed the rule-\n  based engine\n",
     "para L0 ---------- l1 | Jane Doe\n"
     "item L0 ------L--- l2 | Designed the rule-based engine\n"},
    {"a bullet alone on its line marks the next line",
     "Jane Doe\n\xE2\x80\xA2\nDid things\n\xE2\x80\xA2\n\nNot an item\n",
     "para L0 ---------- l1 | Jane Doe\n"
     "item L0 ------L--- l2 | Did things\n"
     "para L0 ---------- l6 | Not an item\n"},
    {"centred lines at the top",
     "                    Jane Doe\n                jane@example.com\n\n"
     "Summary text here\n                    Not centred any more\n",
     "para L0 ----M----- l1 | Jane Doe\n"
     "para L0 ----M----- l2 | jane@example.com\n"
     "para L0 ---------- l4 | Summary text here\n"
     "para L0 ---------- l5 | Not centred any more\n"},
    {"an even left margin is not centring",
     "    Jane Doe\n    Engineer\n",
     "para L0 ---------- l1 | Jane Doe\n"
     "para L0 ---------- l2 | Engineer\n"},
    {"column gaps become one TAB",
     "Jane Doe\nSenior Dev\t\tAcme\t2019\nSalsify ------------ Boston, MA\n"
     "Title     Company\nEmail:\tx@example.com\nDeveloper.....2019\n"
     "Skills ---- Go\nPhone: 555   |   Email: a@b.c\n",
     "para L0 ---------- l1 | Jane Doe\n"
     "para L0 ---------- l2 | Senior Dev\tAcme\t2019\n"
     "para L0 ---------- l3 | Salsify\tBoston, MA\n"
     "para L0 ---------- l4 | Title\tCompany\n"
     "para L0 ---------- l5 | Email:\tx@example.com\n"
     "para L0 ---------- l6 | Developer\t2019\n"
     "para L0 ---------- l7 | Skills\tGo\n"
     "para L0 ---------- l8 | Phone: 555\tEmail: a@b.c\n"},
    {"justified prose keeps its words together",
     "Jane Doe\ncreate  functional,  well-tested,  web software.   enjoy  "
     "building\n",
     "para L0 ---------- l1 | Jane Doe\n"
     "para L0 ---------- l2 | create functional, well-tested, web software. "
     "enjoy building\n"},
    {"form feed and Unicode separators split lines, not line numbers",
     "Jane\fDoe\nX\xE2\x80\xA8Y\nZ\n",
     "para L0 ---------- l1 | Jane\n"
     "para L0 ---------- l1 | Doe\n"
     "para L0 ---------- l2 | X\n"
     "para L0 ---------- l2 | Y\n"
     "para L0 ---------- l3 | Z\n"},
    {"terminal escape sequences are removed",
     "Jane\x1b[31m Doe\x1b]0;pwned\x07\x1b[0m\nx\x1b[8mhidden\x1b(B\n",
     "para L0 ---------- l1 | Jane Doe\n"
     "para L0 ---------- l2 | xhidden\n"},
    {"a glyph left in front after column gaps close up is a bullet",
     "Jane Doe\n=======\xE2\x80\xA2======= 2019\n- \xE2\x80\xA2\tx\n"
     "- o ring seals\n",
     "para L0 ---------- l1 | Jane Doe\n"
     "item L0 ------L--- l2 | 2019\n"
     "item L0 ------L--- l3 | x\n"
     "item L0 ------L--- l4 | o ring seals\n"},
    {"invisible-only lines count as blank",
     "Jane Doe\n\xE2\x80\x8B\xE2\x80\xAE\n- item\n \xC2\xA0\t\n",
     "para L0 ---------- l1 | Jane Doe\n"
     "item L0 ------L--- l3 | item\n"},
};

START_TEST(layout_rule)
{
  const struct layout_case *c = &layout_cases[_i];
  struct run r;
  run_str(&r, c->in);
  ck_assert_msg(r.st == PREP_OK, "%s: status %d", c->what, (int)r.st);
  ck_assert_msg(strcmp(r.dump.data, c->want) == 0,
                "%s:\n--- got\n%s--- want\n%s", c->what, r.dump.data,
                c->want);
  run_free(&r);
}
END_TEST

/* ---- encodings ---------------------------------------------------------- */

/* Appends s (ASCII or BMP via \u-free UTF-8 input) as UTF-16 or UTF-32. */
static void put_wide(struct prep_buf *b, const char *s, int bytes, int be)
{
  size_t i = 0, n = strlen(s);
  while (i < n) {
    unsigned cp;
    i += (size_t)prep_utf8_decode(s + i, n - i, &cp);
    unsigned units[2] = {cp, 0};
    int nu = 1;
    if (bytes == 2 && cp >= 0x10000) {
      units[0] = 0xD800 + ((cp - 0x10000) >> 10);
      units[1] = 0xDC00 + ((cp - 0x10000) & 0x3FF);
      nu = 2;
    }
    for (int u = 0; u < nu; u++) {
      unsigned char o[4];
      for (int k = 0; k < bytes; k++) {
        unsigned shift = (unsigned)(be ? (bytes - 1 - k) : k) * 8;
        o[k] = (unsigned char)(units[u] >> shift);
      }
      prep_buf_append(b, o, (size_t)bytes);
    }
  }
}

static const char wide_text[] =
    "Jos\xC3\xA9 M\xC3\xBCller\r\nSKILLS\r\n\xE2\x80\xA2 C\xE2\x82\xAC "
    "\xF0\x9F\x98\x80\r\n";
static const char wide_want[] =
    "para L0 ---------- l1 | Jos\xC3\xA9 M\xC3\xBCller\n"
    "heading L1 --C------- l2 | SKILLS\n"
    "item L0 ------L--- l3 | C\xE2\x82\xAC \xF0\x9F\x98\x80\n";

struct wide_case {
  int bytes, be, bom;
  const char *enc;
};

static const struct wide_case wide_cases[] = {
    {2, 0, 1, "UTF-16LE"}, {2, 1, 1, "UTF-16BE"}, {2, 0, 0, "UTF-16LE"},
    {2, 1, 0, "UTF-16BE"}, {4, 0, 1, "UTF-32LE"}, {4, 1, 1, "UTF-32BE"},
    {4, 0, 0, "UTF-32LE"}, {4, 1, 0, "UTF-32BE"},
};

START_TEST(wide_encodings)
{
  const struct wide_case *c = &wide_cases[_i];
  struct prep_buf b;
  prep_buf_init(&b, 0);
  if (c->bom)
    put_wide(&b, "\xEF\xBB\xBF", c->bytes, c->be); /* U+FEFF */
  put_wide(&b, wide_text, c->bytes, c->be);
  struct run r;
  run_bytes(&r, b.data, b.len);
  ck_assert_int_eq(r.st, PREP_OK);
  ck_assert_str_eq(r.doc->encoding, c->enc);
  EXPECT_DUMP(&r, wide_want);
  ck_assert_uint_eq(r.diag.errors, 0);
  run_free(&r);
  prep_buf_free(&b);
}
END_TEST

START_TEST(utf16_unpaired_surrogates)
{
  /* FF FE, "A", lone high surrogate, "B", lone low surrogate, "\n" */
  static const unsigned char le[] = {0xFF, 0xFE, 'A', 0, 0x00, 0xD8, 'B', 0,
                                     0x00, 0xDC, '\n', 0};
  struct run r;
  run_bytes(&r, le, sizeof le);
  ck_assert_int_eq(r.st, PREP_OK);
  EXPECT_DUMP(&r, "para L0 --C------- l1 | A\xEF\xBF\xBD" "B\xEF\xBF\xBD\n");
  run_free(&r);
  /* surrogate at the very end, odd trailing byte */
  static const unsigned char be[] = {0xFE, 0xFF, 0, 'Z', 0xD8, 0x00, 0x41};
  run_bytes(&r, be, sizeof be);
  ck_assert_int_eq(r.st, PREP_OK);
  EXPECT_DUMP(&r, "para L0 ---------- l1 | Z\xEF\xBF\xBD\n");
  run_free(&r);
  /* UTF-32 code point past U+10FFFF */
  static const unsigned char w[] = {0xFF, 0xFE, 0, 0, 'Q', 0, 0, 0,
                                    0, 0, 0x11, 0};
  run_bytes(&r, w, sizeof w);
  ck_assert_int_eq(r.st, PREP_OK);
  EXPECT_DUMP(&r, "para L0 ---------- l1 | Q\xEF\xBF\xBD\n");
  run_free(&r);
}
END_TEST

START_TEST(utf8_bom)
{
  struct run r;
  run_str(&r, "\xEF\xBB\xBFJane Doe\n");
  ck_assert_int_eq(r.st, PREP_OK);
  ck_assert_str_eq(r.doc->encoding, "UTF-8 BOM");
  EXPECT_DUMP(&r, "para L0 ---------- l1 | Jane Doe\n");
  ck_assert_uint_eq(r.diag.count, 0);
  run_free(&r);
  run_str(&r, "Jane \xC3\xA9\n");
  ck_assert_str_eq(r.doc->encoding, "UTF-8");
  ck_assert_uint_eq(r.diag.count, 0);
  run_free(&r);
}
END_TEST

START_TEST(windows_1252)
{
  struct run r;
  /* é, €, curly quotes, ï, and the undefined byte 0x81 */
  run_str(&r, "Caf\xE9 \x80 5\n\x93quoted\x94 na\xEFve \x81 \x85\n");
  ck_assert_int_eq(r.st, PREP_OK);
  ck_assert_str_eq(r.doc->encoding, "windows-1252");
  EXPECT_DUMP(&r, "para L0 ---------- l1 | Caf\xC3\xA9 \xE2\x82\xAC 5\n"
                  "para L0 ---------- l2 | \xE2\x80\x9Cquoted\xE2\x80\x9D "
                  "na\xC3\xAFve \xEF\xBF\xBD \xE2\x80\xA6\n");
  ck_assert(diag_has(&r, PREP_SEV_WARNING,
                     "not valid UTF-8; read as Windows-1252"));
  ck_assert_str_eq(r.diag.items[0].file, "cv.txt");
  ck_assert_str_eq(r.diag.items[0].where, "line 1");
  run_free(&r);
}
END_TEST

START_TEST(mostly_utf8_with_stray_bytes)
{
  struct run r;
  /* four good UTF-8 characters; one Latin-1 byte, one overlong, one
   * surrogate */
  run_str(&r, "Ren\xC3\xA9" "e \xE2\x82\xAC\xE2\x82\xAC\nRen\xC3\xA9"
              "e Z\xFCrich\nx \xC0\xAF \xED\xA0\x80\n");
  ck_assert_int_eq(r.st, PREP_OK);
  ck_assert_str_eq(r.doc->encoding, "UTF-8");
  EXPECT_DUMP(&r, "para L0 ---------- l1 | Ren\xC3\xA9" "e \xE2\x82\xAC\xE2\x82\xAC\n"
                  "para L0 ---------- l2 | Ren\xC3\xA9" "e Z\xC3\xBCrich\n"
                  "para L0 ---------- l3 | x \xEF\xBF\xBD \xEF\xBF\xBD\n");
  ck_assert(diag_has(&r, PREP_SEV_WARNING, "not valid UTF-8 in places"));
  ck_assert_str_eq(r.diag.items[0].where, "line 2");
  run_free(&r);
}
END_TEST

START_TEST(line_ends)
{
  struct run r;
  run_str(&r, "a\r\nb\rc\n\rd\r\n\r\ne");
  ck_assert_int_eq(r.st, PREP_OK);
  EXPECT_DUMP(&r, "para L0 ---------- l1 | a\n"
                  "para L0 ---------- l2 | b\n"
                  "para L0 ---------- l3 | c\n"
                  "para L0 ---------- l5 | d\n"
                  "para L0 ---------- l7 | e\n");
  run_free(&r);
}
END_TEST

START_TEST(nul_bytes_dropped)
{
  static const char in[] = "\0\0CV\0\nJa\0ne Doe\nSkills:\0 C, Go\n";
  struct run r;
  run_bytes(&r, in, sizeof in - 1);
  ck_assert_int_eq(r.st, PREP_OK);
  EXPECT_DUMP(&r, "para L0 --C------- l1 | CV\n"
                  "para L0 ---------- l2 | Jane Doe\n"
                  "para L0 ---------- l3 | Skills: C, Go\n");
  ck_assert(diag_has(&r, PREP_SEV_WARNING, "removed 5 NUL bytes"));
  run_free(&r);
}
END_TEST

START_TEST(binary_is_refused)
{
  unsigned char p[4096];
  unsigned x = 12345;
  for (size_t i = 0; i < sizeof p; i++) {
    x = x * 1103515245u + 12345u;
    p[i] = (unsigned char)(x >> 16);
  }
  struct run r;
  run_bytes(&r, p, sizeof p);
  ck_assert_int_eq(r.st, PREP_EINPUT);
  ck_assert(diag_has(&r, PREP_SEV_ERROR,
                     "this looks like a binary file, not text"));
  ck_assert_str_eq(r.diag.items[0].file, "cv.txt");
  run_free(&r);
  /* mostly NUL, no UTF-16 pattern */
  unsigned char z[64] = {'a', 'b', 'c'};
  run_bytes(&r, z, sizeof z);
  ck_assert_int_eq(r.st, PREP_EINPUT);
  run_free(&r);
}
END_TEST

START_TEST(empty_and_blank)
{
  struct run r;
  run_bytes(&r, "", 0);
  ck_assert_int_eq(r.st, PREP_EINPUT);
  ck_assert(diag_has(&r, PREP_SEV_ERROR, "empty"));
  run_free(&r);
  run_str(&r, "  \n\t\r\n\xE2\x80\x8B\n\f\n");
  ck_assert_int_eq(r.st, PREP_EINPUT);
  ck_assert(diag_has(&r, PREP_SEV_ERROR, "no text"));
  run_free(&r);
}
END_TEST

/* ---- limits ------------------------------------------------------------- */

START_TEST(long_line_is_split)
{
  struct prep_buf b;
  prep_buf_init(&b, 0);
  for (int i = 0; i < 5000; i++)
    prep_buf_puts(&b, "word ");
  prep_buf_puts(&b, "\nnext\n");
  struct run r;
  run_bytes(&r, b.data, b.len);
  ck_assert_int_eq(r.st, PREP_OK);
  size_t words = 0;
  for (size_t i = 0; i + 1 < r.doc->nblocks; i++) {
    const struct prep_block *k = &r.doc->blocks[i];
    ck_assert_uint_le(k->len, PREP_MAX_LINE);
    ck_assert_uint_eq(k->pos, 1);
    for (const char *s = k->text; (s = strstr(s, "word")); s += 4)
      words++;
    ck_assert(k->text[k->len - 1] == 'd'); /* cut between words */
  }
  ck_assert_uint_eq(words, 5000);
  ck_assert_str_eq(r.doc->blocks[r.doc->nblocks - 1].text, "next");
  ck_assert_uint_eq(r.doc->blocks[r.doc->nblocks - 1].pos, 2);
  run_free(&r);
  /* no spaces at all: cut on a character boundary */
  prep_buf_clear(&b);
  for (int i = 0; i < 3000; i++)
    prep_buf_puts(&b, "\xC3\xA9");
  run_bytes(&r, b.data, b.len);
  ck_assert_int_eq(r.st, PREP_OK);
  ck_assert_uint_eq(r.doc->nblocks, 2);
  ck_assert_uint_eq(r.doc->blocks[0].len + r.doc->blocks[1].len, 6000);
  run_free(&r);
  prep_buf_free(&b);
}
END_TEST

START_TEST(block_limit_stops_with_warning)
{
  struct prep_buf b;
  prep_buf_init(&b, 0);
  for (unsigned i = 0; i < PREP_MAX_BLOCKS + 500; i++)
    prep_buf_printf(&b, "person%u@example.com\n", i);
  struct run r;
  run_bytes(&r, b.data, b.len);
  ck_assert_int_eq(r.st, PREP_OK);
  ck_assert_uint_eq(r.doc->nblocks, PREP_MAX_BLOCKS);
  ck_assert(diag_has(&r, PREP_SEV_WARNING, "stopped after 20000 blocks"));
  run_free(&r);
  prep_buf_free(&b);
}
END_TEST

START_TEST(hostile_shapes_are_linear)
{
  /* 1.5 MB of spaces, of tabs with one NUL, of '-', of newlines: each must
   * finish (the test's timeout guards against quadratic paths). */
  static const char fill[] = {' ', '\t', '-', '\n', '.', 'a'};
  size_t n = 1500000;
  char *p = malloc(n + 2);
  ck_assert_ptr_nonnull(p);
  for (size_t f = 0; f < sizeof fill; f++) {
    memset(p, fill[f], n);
    p[n] = 'x';
    p[n + 1] = '\n';
    struct run r;
    run_bytes(&r, p, n + 2);
    ck_assert_int_eq(r.st, PREP_OK);
    ck_assert_uint_ge(r.doc->nblocks, 1);
    run_free(&r);
  }
  free(p);
}
END_TEST

/* ---- the same CV under variations --------------------------------------- */

static char *read_fixture(const char *name, size_t *n)
{
  const char *dir = getenv("PREPGEN_TESTS");
  char path[512];
  snprintf(path, sizeof path, "%s/fixtures/text/%s", dir ? dir : "tests",
           name);
  FILE *f = fopen(path, "rb");
  ck_assert_msg(f != NULL, "cannot open %s", path);
  struct prep_buf b;
  prep_buf_init(&b, 0);
  char chunk[4096];
  size_t k;
  while ((k = fread(chunk, 1, sizeof chunk, f)) > 0)
    prep_buf_append(&b, chunk, k);
  fclose(f);
  return prep_buf_detach(&b, n);
}

START_TEST(fixture_cv_blocks)
{
  size_t n, wn;
  char *cv = read_fixture("cv-plain.txt", &n);
  char *want = read_fixture("cv-plain.expected", &wn);
  struct run r;
  run_bytes(&r, cv, n);
  ck_assert_int_eq(r.st, PREP_OK);
  ck_assert_str_eq(r.dump.data, want);
  run_free(&r);
  free(cv);
  free(want);
}
END_TEST

enum variant { V_LF, V_CRLF, V_CR, V_BOM, V_TRAILING, V_UTF16, V_NO_FINAL_NL,
               V_COUNT };

static void make_variant(struct prep_buf *out, const char *s, size_t n,
                         enum variant v)
{
  prep_buf_clear(out);
  struct prep_buf tmp;
  prep_buf_init(&tmp, 0);
  if (v == V_BOM)
    prep_buf_puts(out, "\xEF\xBB\xBF");
  for (size_t i = 0; i < n; i++) {
    if (s[i] != '\n') {
      prep_buf_putc(&tmp, s[i]);
      continue;
    }
    if (v == V_TRAILING)
      prep_buf_puts(&tmp, "  \t ");
    if (v == V_NO_FINAL_NL && i + 1 == n)
      break;
    prep_buf_puts(&tmp, v == V_CRLF || v == V_UTF16 ? "\r\n"
                        : v == V_CR                 ? "\r"
                                                    : "\n");
  }
  if (v == V_UTF16) {
    prep_buf_puts(out, "\xFF\xFE");
    put_wide(out, tmp.data, 2, 0);
  } else {
    prep_buf_append(out, tmp.data, tmp.len);
  }
  prep_buf_free(&tmp);
}

START_TEST(variants_give_the_same_doc)
{
  size_t n;
  char *cv = read_fixture("cv-plain.txt", &n);
  struct run base;
  run_bytes(&base, cv, n);
  ck_assert_int_eq(base.st, PREP_OK);
  struct prep_buf v;
  prep_buf_init(&v, 0);
  make_variant(&v, cv, n, (enum variant)_i);
  struct run r;
  run_bytes(&r, v.data, v.len);
  ck_assert_int_eq(r.st, PREP_OK);
  ck_assert_msg(strcmp(r.dump.data, base.dump.data) == 0,
                "variant %d differs:\n%s", _i, r.dump.data);
  run_free(&r);
  run_free(&base);
  prep_buf_free(&v);
  free(cv);
}
END_TEST

START_TEST(two_page_cv_is_fast)
{
  /* Not a benchmark: a generous bound that catches an accidental
   * quadratic path on an ordinary CV (x20 the fixture, ~25 KB). */
  size_t n;
  char *cv = read_fixture("cv-plain.txt", &n);
  struct prep_buf b;
  prep_buf_init(&b, 0);
  for (int i = 0; i < 20; i++)
    prep_buf_append(&b, cv, n);
  struct run r;
  run_bytes(&r, b.data, b.len);
  ck_assert_int_eq(r.st, PREP_OK);
  ck_assert_uint_gt(r.doc->nblocks, 400);
  run_free(&r);
  prep_buf_free(&b);
  free(cv);
}
END_TEST

/* ---- prep_read_mem routes text and warns about Word names ---------------- */

START_TEST(text_named_docx_is_read_with_warning)
{
  struct prep_arena *a = prep_arena_new();
  struct prep_diag d;
  prep_diag_init(&d);
  struct prep_doc *doc = NULL;
  static const char cv[] = "Jane Doe\nSKILLS\n- Go\n";
  enum prep_status st = prep_read_mem((const unsigned char *)cv,
                                      sizeof cv - 1, "cv.docx", a, &doc, &d);
  ck_assert_int_eq(st, PREP_OK);
  ck_assert_uint_eq(doc->nblocks, 3);
  ck_assert_uint_eq(d.warnings, 1);
  ck_assert_ptr_nonnull(strstr(d.items[0].msg, "plain text"));
  prep_diag_free(&d);
  prep_arena_free(a);
}
END_TEST

/* ---- text.c: normalisation ---------------------------------------------- */

struct norm_case {
  const char *what, *in, *want;
};

static const struct norm_case norm_cases[] = {
    {"NBSP and other spaces", "a\xC2\xA0" "b\xE2\x80\x83" "c\xE3\x80\x80" "d",
     "a b c d"},
    {"ligatures split", "\xEF\xAC\x81nance \xEF\xAC\x84" "ow \xEF\xAC\x80",
     "finance fflow ff"},
    {"zero-width dropped", "a\xE2\x80\x8B" "b\xE2\x80\x8C" "c\xE2\x80\x8D"
     "d\xEF\xBB\xBF" "e\xE2\x81\xA0" "f", "abcdef"},
    {"bidi controls dropped", "\xE2\x80\xAE" "abc\xE2\x80\xAC \xE2\x81\xA6"
     "x\xE2\x81\xA9 \xE2\x80\x8F" "y\xE2\x80\x8E", "abc x y"},
    {"soft hyphen removed", "co\xC2\xAD" "operate", "cooperate"},
    {"C0 and C1 controls dropped", "a\x01" "b\x1B" "c\x7F" "d\xC2\x85"
     "e\xC2\x9B" "f", "abcdef"},
    {"line breaks are spaces, runs collapse, ends trimmed",
     " \t a  \n b\r\n c \t", "a b c"},
    {"a white-space run holding a TAB is one TAB (field separator)",
     "a \t\t b\tc", "a\tb\tc"},
    {"NFC composition", "e\xCC\x81" "t\xC3\xA9", "\xC3\xA9t\xC3\xA9"},
    {"invalid UTF-8 becomes U+FFFD", "a\xFF" "b\xC3", "a\xEF\xBF\xBD"
     "b\xEF\xBF\xBD"},
    {"private-use symbol glyphs dropped", "\xEF\x82\xB7 item", "item"},
    {"bullets are kept by normalisation", "\xE2\x80\xA2 x",
     "\xE2\x80\xA2 x"},
    {"only invisible", "\xE2\x80\x8B\xC2\xAD\x01", ""},
};

START_TEST(normalize_rule)
{
  const struct norm_case *c = &norm_cases[_i];
  struct prep_buf b;
  prep_buf_init(&b, 0);
  ck_assert_int_eq(prep_text_normalize(&b, c->in, strlen(c->in)), 0);
  ck_assert_msg(strcmp(b.data ? b.data : "", c->want) == 0,
                "%s: got [%s] want [%s]", c->what, b.data ? b.data : "",
                c->want);
  prep_buf_free(&b);
}
END_TEST

START_TEST(normalize_respects_cap)
{
  struct prep_buf b;
  prep_buf_init(&b, 8);
  ck_assert_int_eq(prep_text_normalize(&b, "abcdefghijkl", 12), -1);
  ck_assert_uint_le(b.len, 8);
  prep_buf_free(&b);
}
END_TEST

START_TEST(utf8_helpers)
{
  ck_assert(prep_utf8_valid("a\xC3\xA9\xE2\x82\xAC\xF0\x9F\x98\x80", 10));
  ck_assert(prep_utf8_valid("\xEF\xBF\xBD", 3)); /* a real U+FFFD */
  ck_assert(!prep_utf8_valid("\xC0\xAF", 2));     /* overlong */
  ck_assert(!prep_utf8_valid("\xED\xA0\x80", 3)); /* surrogate */
  ck_assert(!prep_utf8_valid("\xE2\x82", 2));     /* truncated */
  ck_assert(!prep_utf8_valid("\xF4\x90\x80\x80", 4)); /* > U+10FFFF */
  unsigned cp;
  ck_assert_int_eq(prep_utf8_decode("\xE2\x82\xAC", 3, &cp), 3);
  ck_assert_uint_eq(cp, 0x20AC);
  ck_assert_int_eq(prep_utf8_decode("\x80", 1, &cp), 1);
  ck_assert_uint_eq(cp, 0xFFFD);
  ck_assert(prep_is_bullet_cp(0x2022));
  ck_assert(prep_is_bullet_cp(0x25E6));
  ck_assert(!prep_is_bullet_cp('a'));
}
END_TEST

/* ---- doc.c: prep_doc_add ------------------------------------------------ */

static struct prep_block *add(struct prep_doc *d, enum prep_block_kind k,
                              const char *s)
{
  struct prep_block t = {.kind = k, .pos = 1};
  int hit = 0;
  struct prep_block *b = prep_doc_add(d, &t, s, strlen(s), &hit);
  ck_assert_int_eq(hit, 0);
  return b;
}

START_TEST(doc_add_bullets_and_caps)
{
  struct prep_arena *a = prep_arena_new();
  struct prep_doc *d = prep_doc_new(a, PREP_FORMAT_TEXT);
  struct prep_block *b = add(d, PREP_BLOCK_PARAGRAPH, "\xE2\x80\xA2  Led a team");
  ck_assert_int_eq(b->kind, PREP_BLOCK_LIST_ITEM);
  ck_assert_uint_eq(b->flags & PREP_BF_BULLET, PREP_BF_BULLET);
  ck_assert_str_eq(b->text, "Led a team");
  b = add(d, PREP_BLOCK_PARAGRAPH, "- dash item");
  ck_assert_int_eq(b->kind, PREP_BLOCK_LIST_ITEM);
  ck_assert_str_eq(b->text, "dash item");
  b = add(d, PREP_BLOCK_PARAGRAPH, "-5% cost");
  ck_assert_int_eq(b->kind, PREP_BLOCK_PARAGRAPH);
  ck_assert_str_eq(b->text, "-5% cost");
  b = add(d, PREP_BLOCK_HEADING, "\xE2\x80\xA2 Kept");
  ck_assert_int_eq(b->kind, PREP_BLOCK_HEADING);
  ck_assert_str_eq(b->text, "\xE2\x80\xA2 Kept");
  b = add(d, PREP_BLOCK_PARAGRAPH, "WORK HISTORY");
  ck_assert_uint_eq(b->flags & PREP_BF_CAPS, PREP_BF_CAPS);
  b = add(d, PREP_BLOCK_PARAGRAPH, "\xC3\x9C" "BER UNS"); /* ÜBER UNS */
  ck_assert_uint_eq(b->flags & PREP_BF_CAPS, PREP_BF_CAPS);
  b = add(d, PREP_BLOCK_PARAGRAPH, "Work History");
  ck_assert_uint_eq(b->flags & PREP_BF_CAPS, 0);
  b = add(d, PREP_BLOCK_PARAGRAPH, "A1");
  ck_assert_uint_eq(b->flags & PREP_BF_CAPS, 0);
  /* a numbered item keeps its flag and gains no bullet */
  struct prep_block t = {.kind = PREP_BLOCK_LIST_ITEM,
                         .flags = PREP_BF_NUMBERED, .pos = 3};
  b = prep_doc_add(d, &t, "- x", 3, NULL);
  ck_assert_uint_eq(b->flags & (PREP_BF_NUMBERED | PREP_BF_BULLET),
                    PREP_BF_NUMBERED);
  ck_assert_uint_eq(b->pos, 3);
  /* empty after normalisation: dropped, not a limit */
  int hit = 1;
  ck_assert_ptr_null(prep_doc_add(d, &t, "\xE2\x80\x8B \t", 5, &hit));
  ck_assert_int_eq(hit, 0);
  ck_assert_ptr_null(prep_doc_check(d));
  prep_arena_free(a);
}
END_TEST

START_TEST(doc_add_block_limit)
{
  struct prep_arena *a = prep_arena_new();
  struct prep_doc *d = prep_doc_new(a, PREP_FORMAT_TEXT);
  struct prep_block t = {.kind = PREP_BLOCK_PARAGRAPH, .pos = 1};
  int hit = 0;
  for (unsigned i = 0; i < PREP_MAX_BLOCKS; i++)
    ck_assert_ptr_nonnull(prep_doc_add(d, &t, "x", 1, &hit));
  ck_assert_ptr_null(prep_doc_add(d, &t, "x", 1, &hit));
  ck_assert_int_eq(hit, 1);
  ck_assert_uint_eq(d->nblocks, PREP_MAX_BLOCKS);
  prep_arena_free(a);
}
END_TEST

Suite *text_suite(void)
{
  Suite *s = suite_create("text");
  TCase *tc = tcase_create("text");
  tcase_set_timeout(tc, 60);
  tcase_add_loop_test(tc, layout_rule, 0,
                      (int)(sizeof layout_cases / sizeof layout_cases[0]));
  tcase_add_loop_test(tc, wide_encodings, 0,
                      (int)(sizeof wide_cases / sizeof wide_cases[0]));
  tcase_add_test(tc, utf16_unpaired_surrogates);
  tcase_add_test(tc, utf8_bom);
  tcase_add_test(tc, windows_1252);
  tcase_add_test(tc, mostly_utf8_with_stray_bytes);
  tcase_add_test(tc, line_ends);
  tcase_add_test(tc, nul_bytes_dropped);
  tcase_add_test(tc, binary_is_refused);
  tcase_add_test(tc, empty_and_blank);
  tcase_add_test(tc, long_line_is_split);
  tcase_add_test(tc, block_limit_stops_with_warning);
  tcase_add_test(tc, hostile_shapes_are_linear);
  tcase_add_test(tc, fixture_cv_blocks);
  tcase_add_loop_test(tc, variants_give_the_same_doc, 0, V_COUNT);
  tcase_add_test(tc, two_page_cv_is_fast);
  tcase_add_test(tc, text_named_docx_is_read_with_warning);
  tcase_add_loop_test(tc, normalize_rule, 0,
                      (int)(sizeof norm_cases / sizeof norm_cases[0]));
  tcase_add_test(tc, normalize_respects_cap);
  tcase_add_test(tc, utf8_helpers);
  tcase_add_test(tc, doc_add_bullets_and_caps);
  tcase_add_test(tc, doc_add_block_limit);
  suite_add_tcase(s, tc);
  return s;
}
