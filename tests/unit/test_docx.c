/* test_docx.c - the DOCX reader: one fixture per feature, every error.
 *
 * Fixtures are folders of XML sources under $PREPGEN_TESTS/fixtures/docx
 * (default tests/fixtures/docx); each is zipped in memory here with libzip.
 * Hostile packages are built in memory too, by zipping small parts and then
 * patching header bytes (sizes, flags, methods, CRCs, names).  Nothing here
 * reads ../shared.
 */
#include <check.h>
#include <dirent.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <zip.h>

#include "prepgen/arena.h"
#include "prepgen/buf.h"
#include "prepgen/diag.h"
#include "prepgen/doc.h"
#include "prepgen/limits.h"
#include "prepgen/read.h"

/* ---- building packages ---------------------------------------------------- */

struct ent {
  char *name;
  unsigned char *data;
  size_t len;
};

struct pkg {
  struct ent *v;
  size_t n, cap;
};

static void pkg_add(struct pkg *p, const char *name, const void *data,
                    size_t len)
{
  if (p->n == p->cap) {
    p->cap = p->cap ? p->cap * 2 : 16;
    p->v = prep_xrealloc(p->v, p->cap * sizeof *p->v);
  }
  p->v[p->n].name = strdup(name);
  p->v[p->n].data = prep_xmalloc(len + 1);
  memcpy(p->v[p->n].data, data, len);
  p->v[p->n].len = len;
  p->n++;
}

static void pkg_adds(struct pkg *p, const char *name, const char *text)
{
  pkg_add(p, name, text, strlen(text));
}

static void pkg_free(struct pkg *p)
{
  for (size_t i = 0; i < p->n; i++) {
    free(p->v[i].name);
    free(p->v[i].data);
  }
  free(p->v);
  memset(p, 0, sizeof *p);
}

static int pkg_has(const struct pkg *p, const char *name)
{
  for (size_t i = 0; i < p->n; i++)
    if (strcmp(p->v[i].name, name) == 0)
      return 1;
  return 0;
}

/* Zips the entries (deflated) into a malloc'd buffer. */
static unsigned char *pkg_zip(const struct pkg *p, size_t *outlen)
{
  zip_error_t ze;
  zip_error_init(&ze);
  zip_source_t *src = zip_source_buffer_create(NULL, 0, 0, &ze);
  ck_assert_ptr_nonnull(src);
  zip_source_keep(src);
  zip_t *za = zip_open_from_source(src, ZIP_TRUNCATE, &ze);
  ck_assert_ptr_nonnull(za);
  for (size_t i = 0; i < p->n; i++) {
    zip_source_t *fs = zip_source_buffer(za, p->v[i].data, p->v[i].len, 0);
    zip_int64_t idx = zip_file_add(za, p->v[i].name, fs, ZIP_FL_ENC_UTF_8);
    ck_assert_int_ge(idx, 0);
    zip_set_file_compression(za, (zip_uint64_t)idx, ZIP_CM_DEFLATE, 1);
    zip_file_set_mtime(za, (zip_uint64_t)idx, 1700000000, 0);
  }
  ck_assert_int_eq(zip_close(za), 0);
  zip_stat_t st;
  zip_stat_init(&st);
  ck_assert_int_eq(zip_source_stat(src, &st), 0);
  ck_assert_int_eq(zip_source_open(src), 0);
  unsigned char *buf = prep_xmalloc(st.size + 1);
  zip_int64_t r = zip_source_read(src, buf, st.size);
  ck_assert_int_eq(r, (zip_int64_t)st.size);
  zip_source_close(src);
  zip_source_free(src);
  zip_error_fini(&ze);
  *outlen = (size_t)st.size;
  return buf;
}

static const char *fixtures_dir(void)
{
  const char *t = getenv("PREPGEN_TESTS");
  static char buf[4096];
  snprintf(buf, sizeof buf, "%s/fixtures/docx", t && *t ? t : "tests");
  return buf;
}

static unsigned char *slurp(const char *path, size_t *len)
{
  FILE *f = fopen(path, "rb");
  ck_assert_msg(f != NULL, "cannot open %s", path);
  struct prep_buf b;
  prep_buf_init(&b, 0);
  char tmp[8192];
  size_t r;
  while ((r = fread(tmp, 1, sizeof tmp, f)) > 0)
    prep_buf_append(&b, tmp, r);
  fclose(f);
  if (!b.data)
    prep_buf_putc(&b, 0), b.len = 0;
  return (unsigned char *)prep_buf_detach(&b, len);
}

static void add_defaults(struct pkg *p);

/* Adds the files under dir/rel to p ("x.docx.d" folders become zips). */
static void pkg_add_dir(struct pkg *p, const char *dir, const char *rel)
{
  char path[4096];
  snprintf(path, sizeof path, "%s%s%s", dir, *rel ? "/" : "", rel);
  DIR *d = opendir(path);
  ck_assert_msg(d != NULL, "cannot open fixture folder %s", path);
  struct dirent *e;
  while ((e = readdir(d)) != NULL) {
    if (strcmp(e->d_name, ".") == 0 || strcmp(e->d_name, "..") == 0)
      continue;
    char sub[4096], full[8192];
    snprintf(sub, sizeof sub, "%s%s%s", rel, *rel ? "/" : "", e->d_name);
    snprintf(full, sizeof full, "%s/%s", dir, sub);
    struct stat st;
    ck_assert_int_eq(stat(full, &st), 0);
    size_t nl = strlen(e->d_name);
    if (S_ISDIR(st.st_mode) && nl > 7 &&
        strcmp(e->d_name + nl - 7, ".docx.d") == 0) {
      struct pkg inner = {0};
      pkg_add_dir(&inner, full, "");
      add_defaults(&inner);
      size_t zl;
      unsigned char *z = pkg_zip(&inner, &zl);
      sub[strlen(sub) - 2] = '\0';
      pkg_add(p, sub, z, zl);
      free(z);
      pkg_free(&inner);
    } else if (S_ISDIR(st.st_mode)) {
      pkg_add_dir(p, dir, sub);
    } else {
      size_t len;
      unsigned char *data = slurp(full, &len);
      pkg_add(p, sub, data, len);
      free(data);
    }
  }
  closedir(d);
}

static const char ct_default[] =
    "<?xml version=\"1.0\" encoding=\"UTF-8\"?><Types xmlns=\"http://schemas."
    "openxmlformats.org/package/2006/content-types\"><Default Extension=\"rels"
    "\" ContentType=\"application/vnd.openxmlformats-package.relationships+xml"
    "\"/><Default Extension=\"xml\" ContentType=\"application/xml\"/></Types>";
static const char rels_default[] =
    "<?xml version=\"1.0\" encoding=\"UTF-8\"?><Relationships xmlns=\"http://"
    "schemas.openxmlformats.org/package/2006/relationships\"><Relationship "
    "Id=\"rId1\" Type=\"http://schemas.openxmlformats.org/officeDocument/2006/"
    "relationships/officeDocument\" Target=\"word/document.xml\"/>"
    "</Relationships>";

static void add_defaults(struct pkg *p)
{
  if (!pkg_has(p, "[Content_Types].xml"))
    pkg_adds(p, "[Content_Types].xml", ct_default);
  if (!pkg_has(p, "_rels/.rels"))
    pkg_adds(p, "_rels/.rels", rels_default);
}

/* A DOCX holding just this body XML (wrapped in w:document). */
#define W_NS "xmlns:w=\"http://schemas.openxmlformats.org/wordprocessingml/2006/main\" " \
             "xmlns:r=\"http://schemas.openxmlformats.org/officeDocument/2006/relationships\""

static void pkg_simple(struct pkg *p, const char *body)
{
  struct prep_buf b;
  prep_buf_init(&b, 0);
  prep_buf_printf(&b, "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<w:document "
                      W_NS "><w:body>%s</w:body></w:document>", body);
  pkg_add(p, "word/document.xml", b.data, b.len);
  prep_buf_free(&b);
  add_defaults(p);
}

/* ---- patching headers -------------------------------------------------------- */

static unsigned long rd32(const unsigned char *p)
{
  return (unsigned long)p[0] | (unsigned long)p[1] << 8 |
         (unsigned long)p[2] << 16 | (unsigned long)p[3] << 24;
}

static void wr32(unsigned char *p, unsigned long v)
{
  p[0] = (unsigned char)v; p[1] = (unsigned char)(v >> 8);
  p[2] = (unsigned char)(v >> 16); p[3] = (unsigned char)(v >> 24);
}

enum patch_field { PF_USIZE, PF_FLAGS, PF_METHOD, PF_CRC };

/* Changes one field of entry `name` in both its local and central header.
 * Returns how many headers were patched. */
static int zpatch(unsigned char *z, size_t n, const char *name,
                  enum patch_field f, unsigned long v)
{
  size_t nl = strlen(name);
  int done = 0;
  for (size_t i = 0; i + 46 < n; i++) {
    int local = memcmp(z + i, "PK\3\4", 4) == 0;
    int central = memcmp(z + i, "PK\1\2", 4) == 0;
    if (!local && !central)
      continue;
    size_t off = central ? 46 : 30;
    unsigned nlen = (unsigned)(z[i + (central ? 28 : 26)] |
                               z[i + (central ? 29 : 27)] << 8);
    if (nlen != nl || i + off + nl > n || memcmp(z + i + off, name, nl) != 0)
      continue;
    size_t base = central ? i + 2 : i; /* central has 2 more bytes first */
    switch (f) {
    case PF_USIZE: wr32(z + base + 22, v); break;
    case PF_CRC: wr32(z + base + 14, rd32(z + base + 14) ^ v); break;
    case PF_FLAGS: z[base + 6] = (unsigned char)(z[base + 6] | v); break;
    case PF_METHOD: z[base + 8] = (unsigned char)v; z[base + 9] = (unsigned char)(v >> 8); break;
    }
    done++;
  }
  return done;
}

/* Replaces the byte `from` with `to` inside entry names equal to `name`. */
static int zpatch_name(unsigned char *z, size_t n, const char *name, char from,
                       char to)
{
  size_t nl = strlen(name);
  int done = 0;
  for (size_t i = 0; i + nl < n; i++)
    if (memcmp(z + i, name, nl) == 0) {
      char *c = memchr(z + i, from, nl);
      if (c) {
        *c = to;
        done++;
      }
    }
  return done;
}

/* ---- reading and checking ------------------------------------------------------ */

struct run {
  struct prep_arena *a;
  struct prep_diag diag;
  struct prep_doc *doc;
  enum prep_status st;
};

static void run_bytes(struct run *r, const unsigned char *z, size_t n)
{
  r->a = prep_arena_new();
  prep_diag_init(&r->diag);
  prep_read_init();
  r->st = prep_read_mem(z, n, "cv.docx", r->a, &r->doc, &r->diag);
  if (r->st == PREP_OK) {
    const char *bad = prep_doc_check(r->doc);
    ck_assert_msg(bad == NULL, "doc check: %s", bad);
  }
}

static void run_pkg(struct run *r, struct pkg *p)
{
  size_t n;
  unsigned char *z = pkg_zip(p, &n);
  run_bytes(r, z, n);
  free(z);
}

/* A DOCX holding just this body XML, read. */
static void run_body(struct run *r, const char *body)
{
  struct pkg p = {0};
  pkg_simple(&p, body);
  run_pkg(r, &p);
  pkg_free(&p);
}

static void run_fixture(struct run *r, const char *name)
{
  struct pkg p = {0};
  char dir[8192];
  snprintf(dir, sizeof dir, "%s/%s", fixtures_dir(), name);
  pkg_add_dir(&p, dir, "");
  add_defaults(&p);
  run_pkg(r, &p);
  pkg_free(&p);
  ck_assert_msg(r->st == PREP_OK, "%s: %s", name,
                r->diag.count ? r->diag.items[0].msg : "?");
}

static void run_free(struct run *r)
{
  prep_diag_free(&r->diag);
  prep_arena_free(r->a);
}

/* 1 when a message of severity sev contains s. */
static int has_msg(const struct run *r, enum prep_severity sev, const char *s)
{
  for (size_t i = 0; i < r->diag.count; i++)
    if (r->diag.items[i].sev == sev && strstr(r->diag.items[i].msg, s))
      return 1;
  return 0;
}

static void expect_error(struct run *r, enum prep_status st, const char *s)
{
  ck_assert_msg(r->st == st, "status %d, expected %d (%s)", r->st, st,
                r->diag.count ? r->diag.items[0].msg : "no message");
  ck_assert_msg(has_msg(r, PREP_SEV_ERROR, s), "no error containing '%s' (got '%s')",
                s, r->diag.count ? r->diag.items[0].msg : "none");
  ck_assert_int_eq(r->diag.errors, 1);
  for (size_t i = 0; i < r->diag.count; i++)
    ck_assert_str_eq(r->diag.items[i].file, "cv.docx");
}

#define K_H PREP_BLOCK_HEADING
#define K_P PREP_BLOCK_PARAGRAPH
#define K_L PREP_BLOCK_LIST_ITEM
#define K_C PREP_BLOCK_TABLE_CELL

struct exp {
  enum prep_block_kind kind;
  unsigned level, flags;
  enum prep_part part;
  const char *text;
  unsigned depth, row, col;
};

static void expect_blocks(const struct run *r, const struct exp *e, size_t n)
{
  const struct prep_doc *d = r->doc;
  for (size_t i = 0; i < n && i < d->nblocks; i++) {
    const struct prep_block *b = &d->blocks[i];
    ck_assert_msg(strcmp(b->text, e[i].text) == 0, "block %zu: '%s' != '%s'",
                  i, b->text, e[i].text);
    ck_assert_msg(b->kind == e[i].kind, "block %zu (%s): kind %d != %d", i,
                  b->text, b->kind, e[i].kind);
    ck_assert_msg(b->level == e[i].level, "block %zu (%s): level %u != %u", i,
                  b->text, b->level, e[i].level);
    ck_assert_msg(b->flags == e[i].flags, "block %zu (%s): flags %#x != %#x",
                  i, b->text, b->flags, e[i].flags);
    ck_assert_msg(b->part == e[i].part, "block %zu (%s): part %d != %d", i,
                  b->text, b->part, e[i].part);
    if (e[i].depth || b->table_depth)
      ck_assert_msg(b->table_depth == e[i].depth && b->row == e[i].row &&
                        b->col == e[i].col,
                    "block %zu (%s): t%u.r%u.c%u != t%u.r%u.c%u", i, b->text,
                    b->table_depth, b->row, b->col, e[i].depth, e[i].row,
                    e[i].col);
  }
  ck_assert_msg(d->nblocks == n, "%zu blocks, expected %zu", d->nblocks, n);
}

#define EXPECT(r, ...)                                                  \
  do {                                                                  \
    static const struct exp e_[] = {__VA_ARGS__};                       \
    expect_blocks((r), e_, sizeof e_ / sizeof e_[0]);                   \
  } while (0)

#define BODY PREP_PART_BODY
#define F_B PREP_BF_BOLD
#define F_I PREP_BF_ITALIC
#define F_C PREP_BF_CAPS
#define F_S PREP_BF_SMALLCAPS
#define F_M PREP_BF_CENTERED
#define F_N PREP_BF_NUMBERED
#define F_L PREP_BF_BULLET
#define F_U PREP_BF_UNDERLINED

/* ---- features ---------------------------------------------------------------------- */

START_TEST(runs_joined)
{
  struct run r;
  run_fixture(&r, "runs");
  EXPECT(&r, {K_P, 0, 0, BODY, "Joined word", 0, 0, 0},
         {K_P, 0, 0, BODY, "Engineer\t2019-2021", 0, 0, 0},
         {K_P, 0, 0, BODY, "line break again", 0, 0, 0},
         {K_P, 0, 0, BODY, "softhyphen", 0, 0, 0},
         {K_L, 0, F_L, BODY, "Bullet by symbol", 0, 0, 0},
         {K_L, 0, F_L, BODY, "Private use bullet", 0, 0, 0},
         {K_P, 0, 0, BODY, "x\xc2\xb2", 0, 0, 0},
         {K_P, 0, 0, BODY, "tab stops are not text", 0, 0, 0});
  ck_assert_uint_eq(r.doc->blocks[8 - 1].pos, 9); /* empty p7 counted */
  ck_assert_uint_eq(r.doc->blocks[0].pos, 1);
  run_free(&r);
}
END_TEST

START_TEST(strict_renamed_prefix)
{
  struct run r;
  run_fixture(&r, "strict");
  EXPECT(&r, {K_H, 2, 0, BODY, "Strict and renamed", 0, 0, 0});
  run_free(&r);
}
END_TEST

/* Prefixes declared on each paragraph, alternating between the real
 * WordprocessingML URI and a fake one of the same length: the reader frees
 * each declaration with its paragraph and malloc hands the address to the
 * next, so a namespace cache keyed on that address answered wrongly. */
START_TEST(attr_ns_redeclared)
{
  static const char w[] =
      "http://schemas.openxmlformats.org/wordprocessingml/2006/main";
  static const char fake[] =
      "http://schemas.openxmlformats.org/wordprocessingml/2006/XXXX";
  ck_assert_uint_eq(sizeof w, sizeof fake);
  struct prep_buf b;
  prep_buf_init(&b, 0);
  for (int i = 0; i < 64; i++)
    prep_buf_printf(&b, "<w:p xmlns:q=\"%s\"><w:pPr><w:jc q:val=\"center\"/>"
                        "</w:pPr><w:r><w:rPr><w:b q:val=\"0\"/></w:rPr>"
                        "<w:t>p%d</w:t></w:r></w:p>", i % 2 ? w : fake, i);
  struct run r;
  run_body(&r, b.data);
  prep_buf_free(&b);
  ck_assert_int_eq(r.st, PREP_OK);
  ck_assert_uint_eq(r.doc->nblocks, 64);
  for (size_t i = 0; i < 64; i++)
    ck_assert_msg(r.doc->blocks[i].flags == (i % 2 ? F_M : F_B),
                  "p%zu: flags %#x", i, r.doc->blocks[i].flags);
  run_free(&r);
}
END_TEST

START_TEST(styles_inherited)
{
  struct run r;
  run_fixture(&r, "styles");
  EXPECT(&r, {K_H, 0, F_B | F_C | F_M, BODY, "Jane Doe", 0, 0, 0},
         {K_H, 1, F_B, BODY, "Experience", 0, 0, 0},
         {K_H, 1, F_B | F_S, BODY, "Skills", 0, 0, 0},
         {K_H, 3, 0, BODY, "Outline three", 0, 0, 0},
         {K_H, 1, 0, BODY, "Direct outline", 0, 0, 0},
         {K_P, 0, 0, BODY, "Loop is harmless", 0, 0, 0},
         {K_P, 0, F_B, BODY, "All bold", 0, 0, 0},
         {K_P, 0, 0, BODY, "Partly bold", 0, 0, 0},
         {K_P, 0, F_I | F_U, BODY, "italic underlined", 0, 0, 0},
         {K_P, 0, F_M, BODY, "centred not bold", 0, 0, 0},
         {K_H, 0, F_C, BODY, "Title left", 0, 0, 0});
  run_free(&r);
}
END_TEST

START_TEST(lists_numbering)
{
  struct run r;
  run_fixture(&r, "lists");
  EXPECT(&r, {K_L, 0, F_L, BODY, "Bullet one", 0, 0, 0},
         {K_L, 1, F_L, BODY, "Bullet nested", 0, 0, 0},
         {K_L, 0, F_N, BODY, "Number one", 0, 0, 0},
         {K_P, 0, 0, BODY, "Format none", 0, 0, 0},
         {K_L, 0, F_L, BODY, "Override bullet", 0, 0, 0},
         {K_L, 0, F_L, BODY, "From style", 0, 0, 0},
         {K_L, 1, F_L, BODY, "From style level two", 0, 0, 0},
         {K_P, 0, 0, BODY, "Numbering removed", 0, 0, 0},
         {K_P, 0, 0, BODY, "Unknown list", 0, 0, 0});
  run_free(&r);
}
END_TEST

/* Labels of numbered items: counters shared per abstractNum, restarts,
 * overrides, formats; bullets have none; the text never holds the label. */
START_TEST(list_labels)
{
  struct run r;
  run_fixture(&r, "labels");
  static const char *const want[] = {
      "1.", "1.a)", "1.b)", NULL, "2.", "2.a)", "7.", "8.", "(II)", "i.",
      "(III)", "ii.", "4."};
  ck_assert_uint_eq(r.doc->nblocks, sizeof want / sizeof want[0]);
  for (size_t i = 0; i < r.doc->nblocks; i++) {
    const struct prep_block *b = &r.doc->blocks[i];
    if (!want[i])
      ck_assert_msg(b->label == NULL, "block %zu has label %s", i, b->label);
    else
      ck_assert_msg(b->label && strcmp(b->label, want[i]) == 0,
                    "block %zu: label %s, expected %s", i,
                    b->label ? b->label : "(none)", want[i]);
  }
  ck_assert_str_eq(r.doc->blocks[0].text, "Led the payments team");
  ck_assert_uint_eq(r.doc->blocks[3].flags, F_L);
  ck_assert_str_eq(r.doc->blocks[12].text, "Empty item still counted");
  run_free(&r);
}
END_TEST

/* Office math: simple formulas in Unicode, the rest in TeX; display maths
 * is a block of its own; tracked deletions inside maths are dropped. */
START_TEST(office_math)
{
  struct run r;
  run_fixture(&r, "math");
  EXPECT(&r, {K_P, 0, 0, BODY, "Area A = \xcf\x80r\xc2\xb2 of a disc", 0, 0, 0},
         {K_P, 0, 0, BODY, "Ratio N_(s)\xc2\xb9", 0, 0, 0},
         {K_P, 0, 0, BODY, "Before", 0, 0, 0},
         {K_P, 0, 0, BODY, "\\frac{1}{n} \\leq \\sum_{i = 1}^{\\infty}x_{i}", 0, 0, 0},
         {K_P, 0, 0, BODY, "after", 0, 0, 0},
         {K_P, 0, 0, BODY, "\\cos(\\theta) \\times \\sqrt{2}\\ldots", 0, 0, 0},
         {K_P, 0, 0, BODY,
          "\\begin{bmatrix} a & b \\\\ c & d \\\\ \\end{bmatrix}\\tilde{y} + z",
          0, 0, 0});
  ck_assert_uint_eq(r.doc->blocks[3].pos, 3);
  ck_assert_uint_eq(r.doc->blocks[4].pos, 3);
  ck_assert_ptr_null(r.doc->blocks[0].label);
  run_free(&r);
}
END_TEST

START_TEST(tables_cells)
{
  struct run r;
  run_fixture(&r, "tables");
  EXPECT(&r, {K_C, 0, 0, BODY, "Sidebar", 1, 1, 1},
         {K_C, 0, 0, BODY, "Skills", 1, 1, 1},
         {K_C, 0, 0, BODY, "Wide cell", 1, 1, 2},
         {K_C, 0, 0, BODY, "Row two", 1, 2, 2},
         {K_C, 0, 0, BODY, "Inner", 2, 1, 1},
         {K_C, 0, 0, BODY, "Inner right", 2, 1, 2},
         {K_C, 0, 0, BODY, "Last", 1, 2, 3},
         {K_C, 0, 0, BODY, "After grid", 1, 3, 2},
         {K_P, 0, 0, BODY, "Layout table", 0, 0, 0},
         {K_P, 0, 0, BODY, "After table", 0, 0, 0});
  run_free(&r);
}
END_TEST

START_TEST(headers_footers)
{
  struct run r;
  run_fixture(&r, "hf");
  EXPECT(&r, {K_P, 0, 0, PREP_PART_HEADER, "Jane Doe", 0, 0, 0},
         {K_P, 0, 0, PREP_PART_HEADER, "jane@example.com", 0, 0, 0},
         {K_P, 0, 0, PREP_PART_HEADER, "Second header", 0, 0, 0},
         {K_P, 0, 0, PREP_PART_HEADER, "Tenth header", 0, 0, 0},
         {K_P, 0, 0, BODY, "Body text", 0, 0, 0},
         {K_P, 0, 0, PREP_PART_FOOTER, "Page footer", 0, 0, 0});
  ck_assert_uint_eq(r.doc->blocks[1].nlinks, 1);
  ck_assert_str_eq(r.doc->blocks[1].links[0].target, "mailto:jane@example.com");
  run_free(&r);
}
END_TEST

START_TEST(text_boxes)
{
  struct run r;
  run_fixture(&r, "textbox");
  EXPECT(&r, {K_P, 0, 0, PREP_PART_TEXTBOX, "Inside the box", 0, 0, 0},
         {K_P, 0, 0, BODY, "Before box", 0, 0, 0},
         {K_P, 0, 0, PREP_PART_TEXTBOX, "Only in fallback", 0, 0, 0},
         {K_P, 0, 0, PREP_PART_TEXTBOX, "Plain VML box", 0, 0, 0},
         {K_P, 0, 0, BODY, "Photo of the candidate", 0, 0, 0});
  run_free(&r);
}
END_TEST

START_TEST(content_controls)
{
  struct run r;
  run_fixture(&r, "sdt");
  EXPECT(&r, {K_P, 0, 0, BODY, "Control block", 0, 0, 0},
         {K_P, 0, 0, BODY, "Call inline control in Paris", 0, 0, 0},
         {K_P, 0, 0, BODY, "Custom XML text", 0, 0, 0});
  run_free(&r);
}
END_TEST

START_TEST(alt_chunks)
{
  struct run r;
  run_fixture(&r, "altchunk");
  EXPECT(&r, {K_P, 0, 0, BODY, "Main before", 0, 0, 0},
         {K_P, 0, 0, BODY, "Html & chunk", 0, 0, 0},
         {K_P, 0, 0, BODY, "First item", 0, 0, 0},
         {K_P, 0, 0, BODY, "Second item", 0, 0, 0},
         {K_P, 0, 0, BODY, "Text chunk line one", 0, 0, 0},
         {K_P, 0, 0, BODY, "line two", 0, 0, 0},
         {K_P, 0, 0, BODY, "Nested document text", 0, 0, 0},
         {K_P, 0, 0, BODY, "Main after", 0, 0, 0});
  ck_assert(has_msg(&r, PREP_SEV_WARNING, "word/chunk.rtf"));
  run_free(&r);
}
END_TEST

START_TEST(notes_not_comments)
{
  struct run r;
  run_fixture(&r, "notes");
  EXPECT(&r, {K_P, 0, 0, BODY, "Noted", 0, 0, 0},
         {K_P, 0, 0, PREP_PART_FOOTNOTE, "A footnote", 0, 0, 0},
         {K_P, 0, 0, PREP_PART_ENDNOTE, "An endnote", 0, 0, 0});
  run_free(&r);
}
END_TEST

START_TEST(hyperlinks)
{
  struct run r;
  run_fixture(&r, "links");
  EXPECT(&r, {K_P, 0, 0, BODY, "Site: my page", 0, 0, 0},
         {K_P, 0, 0, BODY, "Internal anchor not external", 0, 0, 0},
         {K_P, 0, 0, BODY, "Mail jane at example", 0, 0, 0},
         {K_P, 0, 0, BODY, "GitHub", 0, 0, 0},
         {K_P, 0, 0, BODY, "Jump", 0, 0, 0},
         {K_P, 0, 0, BODY, "7 pages", 0, 0, 0});
  const struct prep_block *b = r.doc->blocks;
  ck_assert_uint_eq(b[0].nlinks, 1);
  ck_assert_str_eq(b[0].links[0].text, "my page");
  ck_assert_str_eq(b[0].links[0].target, "https://example.com/jane");
  ck_assert_uint_eq(b[1].nlinks, 0);
  ck_assert_uint_eq(b[2].nlinks, 1);
  ck_assert_str_eq(b[2].links[0].text, "jane at example");
  ck_assert_str_eq(b[2].links[0].target, "mailto:jane@example.com");
  ck_assert_uint_eq(b[3].nlinks, 1);
  ck_assert_str_eq(b[3].links[0].target, "https://github.com/jane");
  ck_assert_uint_eq(b[4].nlinks, 0);
  ck_assert_uint_eq(b[5].nlinks, 0);
  run_free(&r);
}
END_TEST

START_TEST(tracked_changes)
{
  struct run r;
  run_fixture(&r, "tracked");
  EXPECT(&r, {K_P, 0, 0, BODY, "Kept inserted", 0, 0, 0},
         {K_P, 0, 0, BODY, "Moved here", 0, 0, 0},
         {K_P, 0, 0, BODY, "Visible shown", 0, 0, 0},
         {K_P, 0, 0, BODY, "Old heading format ignored", 0, 0, 0});
  run_free(&r);
}
END_TEST

START_TEST(core_properties)
{
  struct run r;
  run_fixture(&r, "core");
  ck_assert_str_eq(r.doc->title, "Curriculum Vitae");
  ck_assert_str_eq(r.doc->author, "Jane Doe");
  ck_assert_str_eq(r.doc->modified, "2024-03-15");
  ck_assert_int_eq(r.doc->format, PREP_FORMAT_DOCX);
  run_free(&r);
}
END_TEST

START_TEST(utf16_part)
{
  static const char xml[] = "<?xml version=\"1.0\" encoding=\"UTF-16\"?><w:document " W_NS
                            "><w:body><w:p><w:r><w:t>Ren\xc3\xa9 \xf0\x9f\x98\x80</w:t>"
                            "</w:r></w:p></w:body></w:document>";
  /* UTF-8 to UTF-16LE with a BOM */
  struct prep_buf b;
  prep_buf_init(&b, 0);
  prep_buf_append(&b, "\xff\xfe", 2);
  for (size_t i = 0; i < sizeof xml - 1;) {
    unsigned cp;
    unsigned char c = (unsigned char)xml[i];
    int k = c < 0x80 ? 1 : c < 0xE0 ? 2 : c < 0xF0 ? 3 : 4;
    cp = k == 1 ? c : k == 2 ? c & 0x1F : k == 3 ? c & 0x0F : c & 0x07;
    for (int j = 1; j < k; j++)
      cp = cp << 6 | ((unsigned char)xml[i + (size_t)j] & 0x3F);
    i += (size_t)k;
    unsigned u[2], nu = 1;
    if (cp >= 0x10000) {
      u[0] = 0xD800 + ((cp - 0x10000) >> 10);
      u[1] = 0xDC00 + ((cp - 0x10000) & 0x3FF);
      nu = 2;
    } else {
      u[0] = cp;
    }
    for (unsigned j = 0; j < nu; j++) {
      prep_buf_putc(&b, (int)(u[j] & 0xFF));
      prep_buf_putc(&b, (int)(u[j] >> 8));
    }
  }
  struct pkg p = {0};
  pkg_add(&p, "word/document.xml", b.data, b.len);
  prep_buf_free(&b);
  add_defaults(&p);
  struct run r;
  run_pkg(&r, &p);
  pkg_free(&p);
  ck_assert_int_eq(r.st, PREP_OK);
  EXPECT(&r, {K_P, 0, 0, BODY, "Ren\xc3\xa9 \xf0\x9f\x98\x80", 0, 0, 0});
  run_free(&r);
}
END_TEST

START_TEST(damaged_styles_warn)
{
  struct pkg p = {0};
  pkg_adds(&p, "word/_rels/document.xml.rels",
           "<Relationships xmlns=\"http://schemas.openxmlformats.org/package/2006/"
           "relationships\"><Relationship Id=\"a\" Type=\"http://schemas."
           "openxmlformats.org/officeDocument/2006/relationships/styles\" "
           "Target=\"styles.xml\"/><Relationship Id=\"b\" Type=\"http://schemas."
           "openxmlformats.org/officeDocument/2006/relationships/header\" "
           "Target=\"header1.xml\"/></Relationships>");
  pkg_adds(&p, "word/styles.xml", "<w:styles " W_NS "><w:style>");
  pkg_adds(&p, "word/header1.xml", "<!DOCTYPE x [<!ENTITY a \"b\">]><w:hdr " W_NS
                                   "><w:p><w:r><w:t>&a;</w:t></w:r></w:p></w:hdr>");
  pkg_simple(&p, "<w:p><w:r><w:t>Still read</w:t></w:r></w:p>");
  struct run r;
  run_pkg(&r, &p);
  pkg_free(&p);
  ck_assert_int_eq(r.st, PREP_OK);
  EXPECT(&r, {K_P, 0, 0, BODY, "Still read", 0, 0, 0});
  ck_assert(has_msg(&r, PREP_SEV_WARNING, "word/styles.xml is not well-formed"));
  ck_assert(has_msg(&r, PREP_SEV_WARNING, "word/header1.xml contains a DTD"));
  ck_assert_int_eq(r.diag.errors, 0);
  run_free(&r);
}
END_TEST

/* ---- bad input ---------------------------------------------------------------------- */

static unsigned char *simple_zip(const char *body, size_t *n)
{
  struct pkg p = {0};
  pkg_simple(&p, body);
  unsigned char *z = pkg_zip(&p, n);
  pkg_free(&p);
  return z;
}

START_TEST(err_truncated)
{
  size_t n;
  unsigned char *z = simple_zip("<w:p/>", &n);
  struct run r;
  run_bytes(&r, z, n / 2);
  expect_error(&r, PREP_EINPUT, "the ZIP structure is damaged (truncated or corrupt)");
  run_free(&r);
  free(z);
}
END_TEST

START_TEST(err_no_word)
{
  struct pkg p = {0};
  pkg_adds(&p, "notes.txt", "hello");
  struct run r;
  run_pkg(&r, &p);
  pkg_free(&p);
  expect_error(&r, PREP_EINPUT,
               "this ZIP file holds no Word document (no officeDocument "
               "relationship or word/document.xml)");
  run_free(&r);
}
END_TEST

static void expect_body_error(const char *xml, enum prep_status st, const char *msg)
{
  struct pkg p = {0};
  pkg_adds(&p, "word/document.xml", xml);
  add_defaults(&p);
  struct run r;
  run_pkg(&r, &p);
  pkg_free(&p);
  expect_error(&r, st, msg);
  run_free(&r);
}

START_TEST(err_doctype)
{
  expect_body_error("<?xml version=\"1.0\"?>\n<!DOCTYPE w:document [<!ENTITY x SYSTEM "
                    "\"file:///etc/passwd\">]><w:document " W_NS "><w:body><w:p><w:r>"
                    "<w:t>&x;</w:t></w:r></w:p></w:body></w:document>",
                    PREP_EINPUT,
                    "word/document.xml contains a DTD, which DOCX never uses; refusing it");
}
END_TEST

START_TEST(err_malformed)
{
  expect_body_error("<?xml version=\"1.0\"?>\n<w:document " W_NS ">\n<w:body><w:p>\n"
                    "</w:body></w:document>",
                    PREP_EINPUT, "word/document.xml is not well-formed XML (line 4)");
}
END_TEST

START_TEST(err_entity_ref)
{
  expect_body_error("<w:document " W_NS "><w:body><w:p><w:r><w:t>&lol;</w:t></w:r>"
                    "</w:p></w:body></w:document>",
                    PREP_EINPUT, "word/document.xml");
}
END_TEST

START_TEST(err_deep)
{
  struct prep_buf b;
  prep_buf_init(&b, 0);
  prep_buf_puts(&b, "<w:document " W_NS "><w:body>");
  for (int i = 0; i < 200; i++)
    prep_buf_puts(&b, "<w:sdt><w:sdtContent>");
  prep_buf_puts(&b, "</w:body></w:document>");
  expect_body_error(b.data, PREP_ELIMIT,
                    "word/document.xml nests elements deeper than 128 levels");
  prep_buf_free(&b);
}
END_TEST

START_TEST(err_attrs)
{
  struct prep_buf b;
  prep_buf_init(&b, 0);
  prep_buf_puts(&b, "<w:document " W_NS "><w:body><w:p");
  for (int i = 0; i < 300; i++)
    prep_buf_printf(&b, " a%d=\"1\"", i);
  prep_buf_puts(&b, "/></w:body></w:document>");
  expect_body_error(b.data, PREP_ELIMIT,
                    "word/document.xml has an element with more than 256 attributes");
  prep_buf_free(&b);
}
END_TEST

START_TEST(err_encoding)
{
  expect_body_error("<?xml version=\"1.0\" encoding=\"ISO-8859-1\"?><w:document " W_NS
                    "/>", PREP_EINPUT,
                    "word/document.xml declares a character encoding other than UTF-8");
}
END_TEST

START_TEST(err_bad_utf8)
{
  expect_body_error("<w:document " W_NS "><w:body><w:p><w:r><w:t>Jos\xe9</w:t></w:r>"
                    "</w:p></w:body></w:document>",
                    PREP_EINPUT, "word/document.xml is not valid UTF-8");
}
END_TEST

/* A document.xml of `size` bytes (mostly empty paragraphs). */
static unsigned char *big_zip(size_t size, size_t *n)
{
  static const char head[] = "<w:document " W_NS "><w:body>";
  static const char tail[] = "<w:p><w:r><w:t>x</w:t></w:r></w:p></w:body></w:document>";
  char *x = prep_xmalloc(size);
  for (size_t i = 0; i + 6 <= size; i += 6)
    memcpy(x + i, "<w:p/>", 6);
  memset(x + size - size % 6, ' ', size % 6);
  memcpy(x, head, sizeof head - 1);
  memcpy(x + size - (sizeof tail - 1), tail, sizeof tail - 1);
  struct pkg p = {0};
  pkg_add(&p, "word/document.xml", x, size);
  free(x);
  add_defaults(&p);
  unsigned char *z = pkg_zip(&p, n);
  pkg_free(&p);
  return z;
}

START_TEST(err_bomb_declared)
{
  size_t n;
  unsigned char *z = big_zip(PREP_MAX_MAIN_PART + 1024, &n);
  struct run r;
  run_bytes(&r, z, n);
  expect_error(&r, PREP_ELIMIT, "word/document.xml declares");
  ck_assert(has_msg(&r, PREP_SEV_ERROR, "past the 32 MiB limit"));
  run_free(&r);
  free(z);
}
END_TEST

START_TEST(err_bomb_lies_at_cap)
{
  size_t n;
  unsigned char *z = big_zip(PREP_MAX_MAIN_PART + 1024, &n);
  ck_assert_int_eq(zpatch(z, n, "word/document.xml", PF_USIZE, PREP_MAX_MAIN_PART), 2);
  struct run r;
  run_bytes(&r, z, n);
  expect_error(&r, PREP_ELIMIT,
               "word/document.xml inflates past the 32 MiB limit");
  run_free(&r);
  free(z);
}
END_TEST

START_TEST(err_size_lie)
{
  size_t n;
  unsigned char *z = big_zip(200000, &n);
  ck_assert_int_eq(zpatch(z, n, "word/document.xml", PF_USIZE, 2048), 2);
  struct run r;
  run_bytes(&r, z, n);
  expect_error(&r, PREP_ELIMIT,
               "word/document.xml inflates past its declared size");
  run_free(&r);
  free(z);
}
END_TEST

START_TEST(err_short)
{
  size_t n;
  unsigned char *z = big_zip(2000, &n);
  ck_assert_int_eq(zpatch(z, n, "word/document.xml", PF_USIZE, 3000), 2);
  struct run r;
  run_bytes(&r, z, n);
  expect_error(&r, PREP_EINPUT, "word/document.xml is shorter than its declared size");
  run_free(&r);
  free(z);
}
END_TEST

START_TEST(err_encrypted)
{
  size_t n;
  unsigned char *z = simple_zip("<w:p/>", &n);
  ck_assert_int_eq(zpatch(z, n, "word/document.xml", PF_FLAGS, 1), 2);
  struct run r;
  run_bytes(&r, z, n);
  expect_error(&r, PREP_EINPUT, "encrypted");
  run_free(&r);
  free(z);
}
END_TEST

START_TEST(err_method)
{
  size_t n;
  unsigned char *z = simple_zip("<w:p/>", &n);
  ck_assert_int_eq(zpatch(z, n, "word/document.xml", PF_METHOD, 77), 2);
  struct run r;
  run_bytes(&r, z, n);
  expect_error(&r, PREP_EINPUT, "word/document.xml uses an unsupported ZIP compression method");
  run_free(&r);
  free(z);
}
END_TEST

START_TEST(err_crc)
{
  size_t n;
  unsigned char *z = simple_zip("<w:p><w:r><w:t>crc</w:t></w:r></w:p>", &n);
  ck_assert_int_eq(zpatch(z, n, "word/document.xml", PF_CRC, 0xDEADBEEFul), 2);
  struct run r;
  run_bytes(&r, z, n);
  expect_error(&r, PREP_EINPUT, "word/document.xml fails its CRC check");
  run_free(&r);
  free(z);
}
END_TEST

START_TEST(err_dup_case)
{
  struct pkg p = {0};
  pkg_simple(&p, "<w:p/>");
  pkg_adds(&p, "WORD/Document.XML", "<x/>");
  struct run r;
  run_pkg(&r, &p);
  pkg_free(&p);
  expect_error(&r, PREP_EINPUT, "two entries named");
  run_free(&r);
}
END_TEST

START_TEST(err_nul_name)
{
  struct pkg p = {0};
  pkg_adds(&p, "[Content_Types].xml", ct_default);
  pkg_adds(&p, "_rels/.rels", rels_default);
  pkg_adds(&p, "word/document.xmlX.png", "<w:document " W_NS "/>");
  size_t n;
  unsigned char *z = pkg_zip(&p, &n);
  pkg_free(&p);
  ck_assert_int_eq(zpatch_name(z, n, "word/document.xmlX.png", 'X', '\0'), 2);
  struct run r;
  run_bytes(&r, z, n);
  expect_error(&r, PREP_EINPUT, "word/document.xml is missing");
  run_free(&r);
  free(z);
}
END_TEST

static void rels_case(const char *rel, const char *msg)
{
  struct pkg p = {0};
  pkg_adds(&p, "_rels/.rels", rel);
  pkg_simple(&p, "<w:p/>");
  struct run r;
  run_pkg(&r, &p);
  pkg_free(&p);
  expect_error(&r, PREP_EINPUT, msg);
  run_free(&r);
}

START_TEST(err_rels_external)
{
  rels_case("<Relationships xmlns=\"http://schemas.openxmlformats.org/package/2006/"
            "relationships\"><Relationship Id=\"r\" Type=\"http://schemas."
            "openxmlformats.org/officeDocument/2006/relationships/officeDocument\" "
            "Target=\"file:///etc/passwd\" TargetMode=\"External\"/></Relationships>",
            "points outside the package");
  rels_case("<Relationships xmlns=\"http://schemas.openxmlformats.org/package/2006/"
            "relationships\"><Relationship Id=\"r\" Type=\"http://schemas."
            "openxmlformats.org/officeDocument/2006/relationships/officeDocument\" "
            "Target=\"../../../../etc/passwd\"/></Relationships>",
            "escapes the package");
}
END_TEST

START_TEST(err_symlink)
{
  struct pkg p = {0};
  pkg_simple(&p, "<w:p/>");
  /* rebuild with the main part marked as a Unix symlink */
  zip_error_t ze;
  zip_error_init(&ze);
  zip_source_t *src = zip_source_buffer_create(NULL, 0, 0, &ze);
  zip_source_keep(src);
  zip_t *za = zip_open_from_source(src, ZIP_TRUNCATE, &ze);
  for (size_t i = 0; i < p.n; i++) {
    zip_source_t *fs = zip_source_buffer(za, p.v[i].data, p.v[i].len, 0);
    zip_int64_t idx = zip_file_add(za, p.v[i].name, fs, 0);
    if (strcmp(p.v[i].name, "word/document.xml") == 0)
      zip_file_set_external_attributes(za, (zip_uint64_t)idx, 0, ZIP_OPSYS_UNIX,
                                       (zip_uint32_t)0120777 << 16);
  }
  ck_assert_int_eq(zip_close(za), 0);
  zip_stat_t st;
  zip_stat_init(&st);
  zip_source_stat(src, &st);
  zip_source_open(src);
  unsigned char *z = prep_xmalloc(st.size);
  zip_source_read(src, z, st.size);
  zip_source_close(src);
  zip_source_free(src);
  zip_error_fini(&ze);
  pkg_free(&p);
  struct run r;
  run_bytes(&r, z, (size_t)st.size);
  expect_error(&r, PREP_EINPUT, "symbolic link");
  run_free(&r);
  free(z);
}
END_TEST

START_TEST(err_too_many_entries)
{
  struct pkg p = {0};
  pkg_simple(&p, "<w:p/>");
  char name[32];
  for (unsigned i = 0; i < PREP_MAX_ZIP_ENTRIES + 1; i++) {
    snprintf(name, sizeof name, "pad/%u", i);
    pkg_add(&p, name, "", 0);
  }
  struct run r;
  run_pkg(&r, &p);
  pkg_free(&p);
  expect_error(&r, PREP_ELIMIT, "more than 10000 entries");
  run_free(&r);
}
END_TEST

START_TEST(err_too_many_blocks)
{
  struct prep_buf b;
  prep_buf_init(&b, 0);
  for (unsigned i = 0; i < PREP_MAX_BLOCKS + 1; i++)
    prep_buf_puts(&b, "<w:p><w:r><w:t>x</w:t></w:r></w:p>");
  struct run r;
  run_body(&r, b.data);
  prep_buf_free(&b);
  expect_error(&r, PREP_ELIMIT, "more than 20000 paragraphs");
  run_free(&r);
}
END_TEST

START_TEST(sniffed_not_docx)
{
  struct run r;
  run_bytes(&r, (const unsigned char *)"\xD0\xCF\x11\xE0\xA1\xB1\x1A\xE1rest", 12);
  expect_error(&r, PREP_EINPUT, "legacy Word .doc");
  run_free(&r);
  run_bytes(&r, (const unsigned char *)"%PDF-1.4\n", 9);
  expect_error(&r, PREP_EINPUT, "PDF");
  run_free(&r);
}
END_TEST

Suite *docx_suite(void);

Suite *docx_suite(void)
{
  Suite *s = suite_create("docx");
  TCase *f = tcase_create("features");
  tcase_add_test(f, runs_joined);
  tcase_add_test(f, strict_renamed_prefix);
  tcase_add_test(f, attr_ns_redeclared);
  tcase_add_test(f, styles_inherited);
  tcase_add_test(f, lists_numbering);
  tcase_add_test(f, list_labels);
  tcase_add_test(f, office_math);
  tcase_add_test(f, tables_cells);
  tcase_add_test(f, headers_footers);
  tcase_add_test(f, text_boxes);
  tcase_add_test(f, content_controls);
  tcase_add_test(f, alt_chunks);
  tcase_add_test(f, notes_not_comments);
  tcase_add_test(f, hyperlinks);
  tcase_add_test(f, tracked_changes);
  tcase_add_test(f, core_properties);
  tcase_add_test(f, utf16_part);
  tcase_add_test(f, damaged_styles_warn);
  suite_add_tcase(s, f);
  TCase *e = tcase_create("bad input");
  tcase_set_timeout(e, 60);
  tcase_add_test(e, err_truncated);
  tcase_add_test(e, err_no_word);
  tcase_add_test(e, err_doctype);
  tcase_add_test(e, err_malformed);
  tcase_add_test(e, err_entity_ref);
  tcase_add_test(e, err_deep);
  tcase_add_test(e, err_attrs);
  tcase_add_test(e, err_encoding);
  tcase_add_test(e, err_bad_utf8);
  tcase_add_test(e, err_bomb_declared);
  tcase_add_test(e, err_bomb_lies_at_cap);
  tcase_add_test(e, err_size_lie);
  tcase_add_test(e, err_short);
  tcase_add_test(e, err_encrypted);
  tcase_add_test(e, err_method);
  tcase_add_test(e, err_crc);
  tcase_add_test(e, err_dup_case);
  tcase_add_test(e, err_nul_name);
  tcase_add_test(e, err_rels_external);
  tcase_add_test(e, err_symlink);
  tcase_add_test(e, err_too_many_entries);
  tcase_add_test(e, err_too_many_blocks);
  tcase_add_test(e, sniffed_not_docx);
  suite_add_tcase(s, e);
  return s;
}
