/* test_readers_more.c - the ODT, HTML and Markdown readers (read_odt.c,
 * read_html.c, read_md.c) and their sniffers.
 *
 * ODT fixtures are folders of XML parts under $PREPGEN_TESTS/fixtures/odt
 * (default tests/fixtures/odt), zipped in memory here with libzip, each
 * with an `expected` block dump.  HTML and Markdown features are small
 * inline cases with the exact blocks expected; tests/fixtures/html and
 * tests/fixtures/md hold whole CVs with `.expected` dumps.  Hostile inputs
 * (bombs, entities, depth, attribute floods, bad encodings) are built here
 * in memory.  Nothing here reads ../shared.
 */
#include <check.h>
#include <dirent.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <zip.h>

#include "prepgen/arena.h"
#include "prepgen/buf.h"
#include "prepgen/diag.h"
#include "prepgen/doc.h"
#include "prepgen/dump.h"
#include "prepgen/limits.h"
#include "prepgen/read.h"
#include "prepgen/read_more.h"

Suite *readers_more_suite(void);

/* ---- running a reader ------------------------------------------------------- */

typedef enum prep_status (*reader_fn)(const unsigned char *, size_t,
                                      const char *, struct prep_arena *,
                                      struct prep_doc **, struct prep_diag *);

struct run {
  struct prep_arena *a;
  struct prep_diag diag;
  struct prep_doc *doc;
  enum prep_status st;
  struct prep_buf dump;
};

/* KIND L<level> FLAGS PART p<pos> [t.r.c] | TEXT, links, and properties. */
static void dump_doc(struct prep_buf *out, const struct prep_doc *d,
                     char posch)
{
  char fl[11];
  if (d->title)
    prep_buf_printf(out, "# title: %s\n", d->title);
  if (d->author)
    prep_buf_printf(out, "# author: %s\n", d->author);
  if (d->modified)
    prep_buf_printf(out, "# modified: %s\n", d->modified);
  for (size_t i = 0; i < d->nblocks; i++) {
    const struct prep_block *b = &d->blocks[i];
    prep_buf_printf(out, "%s L%u %s %s %c%u", prep_block_kind_name(b->kind),
                    b->level, prep_dump_flags(b->flags, fl),
                    prep_part_name(b->part), posch, b->pos);
    if (b->kind == PREP_BLOCK_TABLE_CELL || b->table_depth)
      prep_buf_printf(out, " t%u.r%u.c%u", b->table_depth, b->row, b->col);
    prep_buf_printf(out, " | %s\n", b->text);
    for (size_t j = 0; j < b->nlinks; j++)
      prep_buf_printf(out, "  link: %s -> %s\n", b->links[j].text,
                      b->links[j].target);
  }
}

static void run_mem(struct run *r, reader_fn fn, const void *p, size_t n,
                    const char *name, char posch)
{
  r->a = prep_arena_new();
  prep_diag_init(&r->diag);
  prep_buf_init(&r->dump, 0);
  r->doc = NULL;
  r->st = fn(p, n, name, r->a, &r->doc, &r->diag);
  if (r->st == PREP_OK) {
    ck_assert_ptr_nonnull(r->doc);
    ck_assert_msg(prep_doc_check(r->doc) == NULL, "doc check: %s",
                  prep_doc_check(r->doc));
    dump_doc(&r->dump, r->doc, posch);
  } else {
    ck_assert_ptr_null(r->doc);
    ck_assert_msg(r->diag.errors > 0, "failure without an error message");
  }
  if (!r->dump.data)
    prep_buf_puts(&r->dump, "");
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

static void expect_error(const struct run *r, enum prep_status st,
                         const char *words)
{
  ck_assert_msg(r->st == st, "status %d, wanted %d", r->st, st);
  ck_assert_msg(diag_has(r, PREP_SEV_ERROR, words),
                "no error saying \"%s\" (first: %s)", words,
                r->diag.count ? r->diag.items[0].msg : "none");
}

static const char *tests_dir(void)
{
  const char *t = getenv("PREPGEN_TESTS");
  return t && *t ? t : "tests";
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
  if (!b.data) {
    prep_buf_putc(&b, 0);
    b.len = 0;
  }
  return (unsigned char *)prep_buf_detach(&b, len);
}

static double now(void)
{
  struct timespec ts;
  clock_gettime(CLOCK_MONOTONIC, &ts);
  return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

/* ---- building ODT packages ----------------------------------------------- */

struct ent {
  char *name;
  unsigned char *data;
  size_t len;
  int stored;
};

struct pkg {
  struct ent v[32];
  size_t n;
};

static void pkg_add(struct pkg *p, const char *name, const void *data,
                    size_t len, int stored)
{
  ck_assert_uint_lt(p->n, 32);
  p->v[p->n].name = strdup(name);
  p->v[p->n].data = prep_xmalloc(len + 1);
  memcpy(p->v[p->n].data, data, len);
  p->v[p->n].len = len;
  p->v[p->n].stored = stored;
  p->n++;
}

static void pkg_adds(struct pkg *p, const char *name, const char *text)
{
  pkg_add(p, name, text, strlen(text), 0);
}

static void pkg_free(struct pkg *p)
{
  for (size_t i = 0; i < p->n; i++) {
    free(p->v[i].name);
    free(p->v[i].data);
  }
  memset(p, 0, sizeof *p);
}

static const char odt_mime[] = "application/vnd.oasis.opendocument.text";

/* A package with the mimetype entry first (stored), as ODF requires. */
static void pkg_odt(struct pkg *p, const char *mime)
{
  memset(p, 0, sizeof *p);
  if (mime)
    pkg_add(p, "mimetype", mime, strlen(mime), 1);
}

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
    zip_set_file_compression(za, (zip_uint64_t)idx,
                             p->v[i].stored ? ZIP_CM_STORE : ZIP_CM_DEFLATE,
                             1);
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

static void run_pkg(struct run *r, const struct pkg *p)
{
  size_t n;
  unsigned char *z = pkg_zip(p, &n);
  run_mem(r, prep_read_odt, z, n, "cv.odt", 'p');
  free(z);
}

/* A package whose content.xml holds `body` inside office:text. */
static const char odt_head[] =
    "<?xml version=\"1.0\" encoding=\"UTF-8\"?>"
    "<office:document-content "
    "xmlns:office=\"urn:oasis:names:tc:opendocument:xmlns:office:1.0\" "
    "xmlns:text=\"urn:oasis:names:tc:opendocument:xmlns:text:1.0\">"
    "<office:body><office:text>";
static const char odt_tail[] = "</office:text></office:body>"
                               "</office:document-content>";

static void run_odt_body(struct run *r, const char *body)
{
  struct pkg p;
  pkg_odt(&p, odt_mime);
  struct prep_buf b;
  prep_buf_init(&b, 0);
  prep_buf_printf(&b, "%s%s%s", odt_head, body, odt_tail);
  pkg_adds(&p, "content.xml", b.data);
  prep_buf_free(&b);
  run_pkg(r, &p);
  pkg_free(&p);
}

/* ---- ODT: one fixture per feature ------------------------------------------- */

static const char *const odt_features[] = {
    "headings", "lists", "tables", "runs",    "links",   "frames",
    "hf",       "notes", "tracked", "meta",   "prefixes"};

START_TEST(odt_feature)
{
  const char *feat = odt_features[_i];
  char dir[4096], path[4200];
  snprintf(dir, sizeof dir, "%s/fixtures/odt/%s", tests_dir(), feat);
  struct pkg p;
  pkg_odt(&p, odt_mime);
  static const char *const parts[] = {"content.xml", "styles.xml",
                                      "meta.xml"};
  for (size_t i = 0; i < 3; i++) {
    snprintf(path, sizeof path, "%s/%s", dir, parts[i]);
    FILE *f = fopen(path, "rb");
    if (!f)
      continue;
    fclose(f);
    size_t n;
    unsigned char *d = slurp(path, &n);
    pkg_add(&p, parts[i], d, n, 0);
    free(d);
  }
  struct run r;
  run_pkg(&r, &p);
  pkg_free(&p);
  ck_assert_msg(r.st == PREP_OK, "%s: status %d (%s)", feat, r.st,
                r.diag.count ? r.diag.items[0].msg : "");
  snprintf(path, sizeof path, "%s/expected", dir);
  size_t n;
  char *want = (char *)slurp(path, &n);
  ck_assert_msg(strcmp(r.dump.data, want) == 0, "%s:\n--- got\n%s--- want\n%s",
                feat, r.dump.data, want);
  free(want);
  run_free(&r);
}
END_TEST

START_TEST(odt_wellformed_minimal)
{
  struct run r;
  run_odt_body(&r, "<text:p>Only line</text:p>");
  ck_assert_str_eq(r.dump.data, "para L0 ---------- body p1 | Only line\n");
  ck_assert_int_eq(r.doc->format, PREP_FORMAT_ODT);
  run_free(&r);
}
END_TEST

/* ---- ODT: not an ODT, damaged, hostile ------------------------------------- */

START_TEST(odt_other_packages)
{
  struct run r;
  struct pkg p;
  pkg_odt(&p, "application/vnd.oasis.opendocument.spreadsheet");
  pkg_adds(&p, "content.xml", "<x/>");
  run_pkg(&r, &p);
  expect_error(&r, PREP_EINPUT, "not a text document");
  run_free(&r);
  pkg_free(&p);

  pkg_odt(&p, "application/epub+zip");
  pkg_adds(&p, "content.xml", "<x/>");
  run_pkg(&r, &p);
  expect_error(&r, PREP_EINPUT, "not an OpenDocument text");
  run_free(&r);
  pkg_free(&p);

  pkg_odt(&p, odt_mime);
  pkg_adds(&p, "styles.xml", "<x/>");
  run_pkg(&r, &p);
  expect_error(&r, PREP_EINPUT, "no content.xml");
  run_free(&r);
  pkg_free(&p);

  pkg_odt(&p, odt_mime);
  pkg_adds(&p, "content.xml",
           "<office:document-content xmlns:office=\"urn:oasis:names:tc:"
           "opendocument:xmlns:office:1.0\"><office:body><office:spreadsheet/>"
           "</office:body></office:document-content>");
  run_pkg(&r, &p);
  expect_error(&r, PREP_EINPUT, "no office:text");
  run_free(&r);
  pkg_free(&p);

  /* ODF encryption is declared in the manifest */
  pkg_odt(&p, odt_mime);
  pkg_adds(&p, "content.xml", "garbage");
  pkg_adds(&p, "META-INF/manifest.xml",
           "<manifest:manifest xmlns:manifest=\"urn:oasis:names:tc:"
           "opendocument:xmlns:manifest:1.0\"><manifest:file-entry "
           "manifest:full-path=\"content.xml\"><manifest:encryption-data/>"
           "</manifest:file-entry></manifest:manifest>");
  run_pkg(&r, &p);
  expect_error(&r, PREP_EINPUT, "password-protected");
  run_free(&r);
  pkg_free(&p);

  /* not a zip at all, and a truncated one */
  run_mem(&r, prep_read_odt, "hello", 5, "cv.odt", 'p');
  ck_assert_int_eq(r.st, PREP_EINPUT);
  run_free(&r);
  pkg_odt(&p, odt_mime);
  pkg_adds(&p, "content.xml", "<x/>");
  size_t n;
  unsigned char *z = pkg_zip(&p, &n);
  run_mem(&r, prep_read_odt, z, n / 2, "cv.odt", 'p');
  expect_error(&r, PREP_EINPUT, "damaged");
  run_free(&r);
  free(z);
  pkg_free(&p);
}
END_TEST

START_TEST(odt_hostile_xml)
{
  struct run r;
  struct pkg p;
  /* XXE and billion laughs: a DTD is refused before parsing */
  static const char *const dtds[] = {
      "<?xml version=\"1.0\"?><!DOCTYPE x [<!ENTITY e SYSTEM "
      "\"file:///etc/passwd\">]><x>&e;</x>",
      "<?xml version=\"1.0\"?><!DOCTYPE x [<!ENTITY a \"aaaaaaaaaa\">"
      "<!ENTITY b \"&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;\">"
      "<!ENTITY c \"&b;&b;&b;&b;&b;&b;&b;&b;&b;&b;\">]><x>&c;</x>"};
  for (size_t i = 0; i < 2; i++) {
    pkg_odt(&p, odt_mime);
    pkg_adds(&p, "content.xml", dtds[i]);
    run_pkg(&r, &p);
    expect_error(&r, PREP_EINPUT, "DTD");
    ck_assert(!diag_has(&r, PREP_SEV_ERROR, "DOCX"));
    run_free(&r);
    pkg_free(&p);
  }
  /* an undeclared entity */
  run_odt_body(&r, "<text:p>&secret;</text:p>");
  ck_assert_int_eq(r.st, PREP_EINPUT);
  run_free(&r);
  /* deep nesting */
  struct prep_buf b;
  prep_buf_init(&b, 0);
  for (int i = 0; i < 300; i++)
    prep_buf_puts(&b, "<text:span>");
  prep_buf_puts(&b, "deep");
  for (int i = 0; i < 300; i++)
    prep_buf_puts(&b, "</text:span>");
  run_odt_body(&r, b.data);
  expect_error(&r, PREP_ELIMIT, "deeper than");
  run_free(&r);
  /* attribute flood */
  prep_buf_clear(&b);
  prep_buf_puts(&b, "<text:p");
  for (int i = 0; i < 5000; i++)
    prep_buf_printf(&b, " a%d=\"x\"", i);
  prep_buf_puts(&b, ">flood</text:p>");
  run_odt_body(&r, b.data);
  expect_error(&r, PREP_ELIMIT, "attributes");
  run_free(&r);
  /* invalid UTF-8 and UTF-16 parts */
  run_odt_body(&r, "<text:p>bad \xC3\x28 byte</text:p>");
  expect_error(&r, PREP_EINPUT, "UTF-8");
  run_free(&r);
  pkg_odt(&p, odt_mime);
  pkg_add(&p, "content.xml", "\xFF\xFE<\0x\0/\0>\0", 10, 0);
  run_pkg(&r, &p);
  expect_error(&r, PREP_EINPUT, "not UTF-8");
  run_free(&r);
  pkg_free(&p);
  /* XInclude is never processed; control and bidi characters go */
  run_odt_body(&r, "<text:p xmlns:xi=\"http://www.w3.org/2001/XInclude\">"
                   "Name <xi:include href=\"file:///etc/passwd\" "
                   "parse=\"text\"/>[2J\xE2\x80\xAE" "evil"
                   "\xE2\x80\xAC\xC2\x9B</text:p>");
  ck_assert_int_eq(r.st, PREP_OK);
  ck_assert_str_eq(r.dump.data, "para L0 ---------- body p1 | Name [2Jevil\n");
  run_free(&r);
  run_odt_body(&r, "<text:p>escape &#x1B; char</text:p>"); /* XML forbids it */
  ck_assert_int_eq(r.st, PREP_EINPUT);
  run_free(&r);
  run_odt_body(&r, "<text:p>nul &#0; char</text:p>");
  ck_assert_int_eq(r.st, PREP_EINPUT);
  run_free(&r);
  /* a text run past libxml2's 10 MB node guard is a limit, not a lack of
   * memory (the guard reports XML_ERR_NO_MEMORY) */
  prep_buf_clear(&b);
  prep_buf_puts(&b, "<text:p>");
  for (int i = 0; i < 11 * 1024; i++)
    prep_buf_printf(&b, "%01024d", 0);
  prep_buf_puts(&b, "</text:p>");
  run_odt_body(&r, b.data);
  expect_error(&r, PREP_ELIMIT, "10 MB text limit");
  run_free(&r);
  /* a namespace error in a skipped subtree fails the part there */
  prep_buf_clear(&b);
  prep_buf_puts(&b, "<text:tracked-changes><x:y/></text:tracked-changes>");
  for (unsigned i = 0; i < PREP_MAX_BLOCKS + 10; i++)
    prep_buf_puts(&b, "<text:p>x</text:p>");
  run_odt_body(&r, b.data);
  expect_error(&r, PREP_EINPUT, "not well-formed");
  run_free(&r);
  /* not well-formed, empty */
  run_odt_body(&r, "<text:p>open");
  expect_error(&r, PREP_EINPUT, "not well-formed");
  run_free(&r);
  pkg_odt(&p, odt_mime);
  pkg_adds(&p, "content.xml", "");
  run_pkg(&r, &p);
  expect_error(&r, PREP_EINPUT, "empty");
  run_free(&r);
  pkg_free(&p);
  prep_buf_free(&b);
}
END_TEST

START_TEST(odt_zip_bomb)
{
  /* content.xml inflating past the main-part cap */
  size_t big = PREP_MAX_MAIN_PART + 4096;
  char *body = prep_xmalloc(big + 1);
  memset(body, ' ', big);
  memcpy(body, odt_head, sizeof odt_head - 1);
  body[big] = '\0';
  struct pkg p;
  pkg_odt(&p, odt_mime);
  pkg_add(&p, "content.xml", body, big, 0);
  free(body);
  double t0 = now();
  struct run r;
  run_pkg(&r, &p);
  expect_error(&r, PREP_ELIMIT, "limit");
  ck_assert(!diag_has(&r, PREP_SEV_ERROR, "DOCX"));
  ck_assert_msg(now() - t0 < 10.0, "bomb took too long");
  run_free(&r);
  pkg_free(&p);
  /* styles.xml and meta.xml are capped too */
  big = PREP_MAX_AUX_PART + 4096;
  body = prep_xcalloc(big, 1);
  memset(body, ' ', big);
  pkg_odt(&p, odt_mime);
  pkg_add(&p, "meta.xml", body, PREP_MAX_SMALL_PART + 10, 0);
  pkg_adds(&p, "content.xml", "<x/>");
  run_pkg(&r, &p);
  expect_error(&r, PREP_ELIMIT, "limit");
  run_free(&r);
  pkg_free(&p);
  pkg_odt(&p, odt_mime);
  pkg_add(&p, "styles.xml", body, big, 0);
  pkg_adds(&p, "content.xml", "<x/>");
  run_pkg(&r, &p);
  expect_error(&r, PREP_ELIMIT, "limit");
  run_free(&r);
  pkg_free(&p);
  free(body);
}
END_TEST

START_TEST(odt_many_blocks)
{
  struct prep_buf b;
  prep_buf_init(&b, 0);
  /* one paragraph over the block cap is kept, cut at the cap */
  prep_buf_puts(&b, "<text:p>");
  while (b.len < 3 * PREP_MAX_BLOCK_TEXT)
    prep_buf_puts(&b, "lorem \xC3\xA9 ");
  prep_buf_puts(&b, "</text:p>");
  struct run r0;
  run_odt_body(&r0, b.data);
  ck_assert_int_eq(r0.st, PREP_OK);
  ck_assert_uint_eq(r0.doc->nblocks, 1);
  ck_assert_uint_gt(r0.doc->blocks[0].len, PREP_MAX_BLOCK_TEXT / 2);
  run_free(&r0);
  prep_buf_clear(&b);
  for (unsigned i = 0; i < PREP_MAX_BLOCKS + 10; i++)
    prep_buf_puts(&b, "<text:p>x</text:p>");
  struct run r;
  run_odt_body(&r, b.data);
  expect_error(&r, PREP_ELIMIT, "blocks");
  run_free(&r);
  prep_buf_free(&b);
}
END_TEST

START_TEST(odt_sniff)
{
  struct pkg p;
  pkg_odt(&p, odt_mime);
  pkg_adds(&p, "content.xml", "<x/>");
  size_t n;
  unsigned char *z = pkg_zip(&p, &n);
  ck_assert_int_eq(prep_sniff_odt(z, n), 1);
  free(z);
  pkg_free(&p);
  /* no mimetype first, but content.xml and no [Content_Types].xml */
  pkg_odt(&p, NULL);
  pkg_adds(&p, "styles.xml", "<x/>");
  pkg_adds(&p, "content.xml", "<x/>");
  z = pkg_zip(&p, &n);
  ck_assert_int_eq(prep_sniff_odt(z, n), 1);
  free(z);
  pkg_free(&p);
  pkg_odt(&p, NULL);
  pkg_adds(&p, "[Content_Types].xml", "<x/>");
  pkg_adds(&p, "word/document.xml", "<x/>");
  z = pkg_zip(&p, &n);
  ck_assert_int_eq(prep_sniff_odt(z, n), 0);
  free(z);
  pkg_free(&p);
  ck_assert_int_eq(prep_sniff_odt((const unsigned char *)"PK\3\4", 4), 0);
}
END_TEST

/* ---- HTML ---------------------------------------------------------------- */

struct html_case {
  const char *what, *in, *want;
};

static const struct html_case html_cases[] = {
    {"headings, paragraphs, title and author",
     "<!DOCTYPE html><html><head><title>CV - Avery</title>"
     "<meta name=\"author\" content=\"Avery Quill\"></head><body>\n"
     "<h1>Avery Quill</h1>\n<p>Platform engineer</p>\n<h2>Experience</h2>\n"
     "<h6>Six</h6></body></html>",
     "# title: CV - Avery\n# author: Avery Quill\n"
     "heading L1 B--------- body l2 | Avery Quill\n"
     "para L0 ---------- body l3 | Platform engineer\n"
     "heading L2 B--------- body l4 | Experience\n"
     "heading L6 B--------- body l5 | Six\n"},
    {"scripts, styles, noscript, template, head text and hidden elements "
     "are skipped",
     "<html><head><script>var x='<p>no</p>';</script><style>p{}</style>"
     "</head><body><p>Seen</p><script>document.write('no')</script>"
     "<noscript>Enable JS</noscript><template><p>tpl</p></template>"
     "<div hidden>secret</div><p style=\"display:none\">gone</p>"
     "<p>Also <span style=\"display: none\">not</span>seen</p>"
     "<svg><text>vector</text></svg><select><option>opt</option></select>"
     "</body></html>",
     "para L0 ---------- body l1 | Seen\n"
     "para L0 ---------- body l1 | Also seen\n"},
    {"ul bullets, ol numbers, nesting",
     "<ul><li>One</li><li>Two<ul><li>Two.a</li></ul></li></ul>"
     "<ol><li>First<li>Second</ol><li>stray</li>",
     "item L0 ------L--- body l1 | One\n"
     "item L0 ------L--- body l1 | Two\n"
     "item L1 ------L--- body l1 | Two.a\n"
     "item L0 -----N---- body l1 | First\n"
     "item L0 -----N---- body l1 | Second\n"
     "item L0 ------L--- body l1 | stray\n"},
    {"table cells with rows, columns, colspan, th and nesting",
     "<table><tr><th>Role</th><th>Years</th></tr>"
     "<tr><td colspan=2>Wide</td><td>Third</td></tr>"
     "<tr><td>Outer<table><tr><td>Inner</td></tr></table></td>"
     "<td><ul><li>Item in cell</li></ul></td></tr></table><p>After</p>",
     "cell L0 B--------- body l1 t1.r1.c1 | Role\n"
     "cell L0 B--------- body l1 t1.r1.c2 | Years\n"
     "cell L0 ---------- body l1 t1.r2.c1 | Wide\n"
     "cell L0 ---------- body l1 t1.r2.c3 | Third\n"
     "cell L0 ---------- body l1 t1.r3.c1 | Outer\n"
     "cell L0 ---------- body l1 t2.r1.c1 | Inner\n"
     "item L0 ------L--- body l1 t1.r3.c2 | Item in cell\n"
     "para L0 ---------- body l1 | After\n"},
    {"a table inside an unclosed li is a table, not list items",
     "<ul><li>Point<table><tr><td>Cell</td></tr></table></ul>",
     "item L0 ------L--- body l1 | Point\n"
     "cell L0 ---------- body l1 t1.r1.c1 | Cell\n"},
    {"links: http and mailto kept, javascript:, data: and # dropped",
     "<p><a href=\"https://example.org/a\">site</a> and "
     "<a href=\"mailto:a@example.com\">mail</a> "
     "<a href=\" JavaScript:alert(1)\">js</a> <a href=\"#top\">top</a> "
     "<a href=\"data:text/html,x\">data</a></p>",
     "para L0 ---------- body l1 | site and mail js top data\n"
     "  link: site -> https://example.org/a\n"
     "  link: mail -> mailto:a@example.com\n"},
    {"br is a space; whitespace collapses; a tab inside a line is a field "
     "separator, a tab after a line break is not",
     "<p>Avery<br>Quill</p><p>  lots \n\n of   space </p>"
     "<p>Engineer\tAcme\t2020</p><p>wrapped\n\tline</p>",
     "para L0 ---------- body l1 | Avery Quill\n"
     "para L0 ---------- body l1 | lots of space\n"
     "para L0 ---------- body l3 | Engineer\tAcme\t2020\n"
     "para L0 ---------- body l3 | wrapped line\n"},
    {"bold, italic, underline when the whole block has it",
     "<p><b>All bold</b></p><p><strong>Half</strong> bold</p>"
     "<p><em>All italic</em></p><p><u>Under</u></p>"
     "<p style=\"font-weight:700\">Styled</p>"
     "<p><span style=\"font-weight: bold\">Span</span> "
     "<span style=\"font-weight:bold\">bold</span></p>"
     "<p style=\"text-align:center\">Centred</p><center>Old centre</center>"
     "<p style=\"text-transform:uppercase\">shouted</p>"
     "<p style=\"font-variant:small-caps\">Small</p>",
     "para L0 B--------- body l1 | All bold\n"
     "para L0 ---------- body l1 | Half bold\n"
     "para L0 -I-------- body l1 | All italic\n"
     "para L0 -------U-- body l1 | Under\n"
     "para L0 B--------- body l1 | Styled\n"
     "para L0 B--------- body l1 | Span bold\n"
     "para L0 ----M----- body l1 | Centred\n"
     "para L0 ----M----- body l1 | Old centre\n"
     "para L0 --C------- body l1 | shouted\n"
     "para L0 ---S------ body l1 | Small\n"},
    {"Google Docs: class rules from <style>, class=title is the title",
     "<html><head><style type=\"text/css\">.c1{font-weight:700}"
     ".c2{font-style:italic;color:#000}.c3,.c4{text-align:center}"
     "@media print{.c1{font-weight:400}}p.c9{font-weight:700}"
     ".title{font-size:26pt}</style></head><body>"
     "<p class=\"c3 title\"><span class=\"c1\">Avery Quill</span></p>"
     "<p class=\"c4\"><span class=\"c2\">Engineer</span></p>"
     "<p class=\"c9\">Not bold: only single-class rules count</p>"
     "</body></html>",
     "heading L0 B---M----- body l1 | Avery Quill\n"
     "para L0 -I--M----- body l1 | Engineer\n"
     "para L0 ---------- body l1 | Not bold: only single-class rules "
     "count\n"},
    {"pre: one block per line; dl, blockquote, div are blocks",
     "<pre>line one\nline  two\n</pre><dl><dt>Term</dt><dd>Meaning</dd>"
     "</dl><blockquote>Quoted</blockquote><div>Div text<div>inner</div>"
     "tail</div>",
     "para L0 ---------- body l1 | line one\n"
     "para L0 ---------- body l2 | line two\n"
     "para L0 ---------- body l3 | Term\n"
     "para L0 ---------- body l3 | Meaning\n"
     "para L0 ---------- body l3 | Quoted\n"
     "para L0 ---------- body l3 | Div text\n"
     "para L0 ---------- body l3 | inner\n"
     "para L0 ---------- body l3 | tail\n"},
    {"entities: HTML's own are decoded, nothing is loaded",
     "<!DOCTYPE html [<!ENTITY x SYSTEM \"file:///etc/passwd\">]>"
     /* the HTML parser knows no internal subset: its tail is text */
     "<p>Caf&eacute; &amp; bar&nbsp;&#x41;&#66; &x; &unknown;</p>",
     "para L0 ---------- body l1 | ]>\n"
     "para L0 ---------- body l1 | Café & bar AB &x; &unknown;\n"},
    {"bullet glyphs typed by hand become list items; invisible characters "
     "go",
     "<p>\xE2\x80\xA2 Typed bullet</p><p>zero\xE2\x80\x8Bwidth</p>",
     "item L0 ------L--- body l1 | Typed bullet\n"
     "para L0 ---------- body l1 | zerowidth\n"},
    {"LibreOffice: header and footer divs, page fields dropped",
     "<body><div title=\"header\"><p>Avery Quill</p></div><p>Body</p>"
     "<div title=\"footer\"><p>Page <sdfield type=PAGE>3</sdfield></p>"
     "</div></body>",
     "para L0 ---------- header l1 | Avery Quill\n"
     "para L0 ---------- body l1 | Body\n"
     "para L0 ---------- footer l1 | Page\n"},
    {"a <del> deletion is not shown",
     "<p>Senior <del>Junior </del>engineer</p>",
     "para L0 ---------- body l1 | Senior engineer\n"},
};

START_TEST(html_case)
{
  const struct html_case *c = &html_cases[_i];
  struct run r;
  run_mem(&r, prep_read_html, c->in, strlen(c->in), "cv.html", 'l');
  ck_assert_msg(r.st == PREP_OK, "%s: status %d", c->what, r.st);
  ck_assert_msg(strcmp(r.dump.data, c->want) == 0,
                "%s:\n--- got\n%s--- want\n%s", c->what, r.dump.data, c->want);
  run_free(&r);
}
END_TEST

START_TEST(html_encodings)
{
  struct run r;
  /* Windows-1252 (not UTF-8): decoded, with a warning */
  static const char cp[] = "<p>Caf\xE9 \x93quoted\x94</p>";
  run_mem(&r, prep_read_html, cp, sizeof cp - 1, "cv.html", 'l');
  ck_assert_int_eq(r.st, PREP_OK);
  ck_assert_str_eq(r.dump.data,
                   "para L0 ---------- body l1 | Café \xE2\x80\x9Cquoted\xE2\x80\x9D\n");
  ck_assert(diag_has(&r, PREP_SEV_WARNING, "Windows-1252"));
  run_free(&r);
  /* a declared charset never switches the decoder */
  static const char decl[] =
      "<meta charset=\"iso-8859-1\"><p>Zo\xC3\xAB</p>";
  run_mem(&r, prep_read_html, decl, sizeof decl - 1, "cv.html", 'l');
  ck_assert_str_eq(r.dump.data, "para L0 ---------- body l1 | Zoë\n");
  run_free(&r);
  /* UTF-16 with a BOM; UTF-8 BOM */
  static const char u16[] = "\xFF\xFE<\0p\0>\0H\0i\0";
  run_mem(&r, prep_read_html, u16, sizeof u16 - 1, "cv.html", 'l');
  ck_assert_str_eq(r.dump.data, "para L0 ---------- body l1 | Hi\n");
  run_free(&r);
  static const char bom[] = "\xEF\xBB\xBF<p>Hi</p>";
  run_mem(&r, prep_read_html, bom, sizeof bom - 1, "cv.html", 'l');
  ck_assert_str_eq(r.dump.data, "para L0 ---------- body l1 | Hi\n");
  run_free(&r);
  /* NUL bytes without a BOM */
  run_mem(&r, prep_read_html, "<\0p\0>\0", 6, "cv.html", 'l');
  expect_error(&r, PREP_EINPUT, "NUL");
  run_free(&r);
  run_mem(&r, prep_read_html, "", 0, "cv.html", 'l');
  expect_error(&r, PREP_EINPUT, "empty");
  run_free(&r);
}
END_TEST

START_TEST(html_hostile)
{
  struct run r;
  struct prep_buf b;
  prep_buf_init(&b, 0);
  /* 100,000 nested divs */
  for (int i = 0; i < 100000; i++)
    prep_buf_puts(&b, "<div>");
  prep_buf_puts(&b, "deep");
  double t0 = now();
  run_mem(&r, prep_read_html, b.data, b.len, "cv.html", 'l');
  expect_error(&r, PREP_ELIMIT, "deeper than");
  run_free(&r);
  /* attribute flood, one huge tag */
  prep_buf_clear(&b);
  prep_buf_puts(&b, "<p");
  for (int i = 0; i < 20000; i++)
    prep_buf_printf(&b, " a%d", i);
  prep_buf_puts(&b, ">x</p>");
  run_mem(&r, prep_read_html, b.data, b.len, "cv.html", 'l');
  expect_error(&r, PREP_ELIMIT, "attributes");
  run_free(&r);
  prep_buf_clear(&b);
  prep_buf_puts(&b, "<p title=\"");
  for (int i = 0; i < 70000; i++)
    prep_buf_putc(&b, 'x');
  prep_buf_puts(&b, "\">x</p>");
  run_mem(&r, prep_read_html, b.data, b.len, "cv.html", 'l');
  expect_error(&r, PREP_ELIMIT, "longer than");
  run_free(&r);
  /* a big inline script full of '<' is not mistaken for tags */
  prep_buf_clear(&b);
  prep_buf_puts(&b, "<script>");
  for (int i = 0; i < 20000; i++)
    prep_buf_puts(&b, "if (a<b && c = d) x = y; ");
  prep_buf_puts(&b, "</script><p>After script</p>");
  run_mem(&r, prep_read_html, b.data, b.len, "cv.html", 'l');
  ck_assert_int_eq(r.st, PREP_OK);
  ck_assert_str_eq(r.dump.data, "para L0 ---------- body l1 | After script\n");
  run_free(&r);
  /* many class words and CSS rules stay fast */
  prep_buf_clear(&b);
  prep_buf_puts(&b, "<style>");
  for (int i = 0; i < 6000; i++)
    prep_buf_printf(&b, ".k%d{font-weight:700}", i);
  prep_buf_puts(&b, "</style>");
  for (int i = 0; i < 20000; i++)
    prep_buf_puts(&b, "<span class=\"a b c d e f g h k1 k2\">w</span>");
  run_mem(&r, prep_read_html, b.data, b.len, "cv.html", 'l');
  ck_assert_int_eq(r.st, PREP_OK);
  run_free(&r);
  /* too many blocks */
  prep_buf_clear(&b);
  for (unsigned i = 0; i < PREP_MAX_BLOCKS + 10; i++)
    prep_buf_puts(&b, "<p>x</p>");
  run_mem(&r, prep_read_html, b.data, b.len, "cv.html", 'l');
  expect_error(&r, PREP_ELIMIT, "blocks");
  run_free(&r);
  /* one huge paragraph is cut at the block cap */
  prep_buf_clear(&b);
  prep_buf_puts(&b, "<p>");
  while (b.len < 3 * PREP_MAX_BLOCK_TEXT)
    prep_buf_puts(&b, "lorem ipsum ");
  run_mem(&r, prep_read_html, b.data, b.len, "cv.html", 'l');
  ck_assert_int_eq(r.st, PREP_OK);
  ck_assert_uint_le(r.doc->blocks[0].len, PREP_MAX_BLOCK_TEXT);
  run_free(&r);
  /* control, bidi and terminal characters go */
  run_mem(&r, prep_read_html, "<p>a&#1;b\x1B[2J\xE2\x80\xAE" "c&#x9B;</p>", 25,
          "cv.html", 'l');
  ck_assert_str_eq(r.dump.data, "para L0 ---------- body l1 | ab[2Jc\n");
  run_free(&r);
  /* over the size cap */
  prep_buf_clear(&b);
  for (size_t i = 0; i <= PREP_MAX_HTML_INPUT; i += 8)
    prep_buf_puts(&b, "<p>x</p>");
  run_mem(&r, prep_read_html, b.data, b.len, "cv.html", 'l');
  expect_error(&r, PREP_ELIMIT, "MiB");
  run_free(&r);
  /* invalid UTF-8 mixed in: read as Windows-1252, valid output */
  run_mem(&r, prep_read_html, "<p>\xC3\x28\xFF\xFE</p>", 10, "cv.html", 'l');
  ck_assert_int_eq(r.st, PREP_OK);
  run_free(&r);
  ck_assert_msg(now() - t0 < 20.0, "hostile HTML took %.1f s", now() - t0);
  prep_buf_free(&b);
}
END_TEST

START_TEST(html_sniff)
{
  static const char *const yes[] = {
      "<!DOCTYPE html><html>", "\xEF\xBB\xBF  <html lang=en>",
      "\n<!-- saved --><!doctype HTML>", "<?xml version=\"1.0\"?>\n<html>",
      "<body>", "<HEAD><title>x</title>", "<meta charset=utf-8>"};
  static const char *const no[] = {"# Heading\n- item", "Jane Doe\n<html>",
                                   "<htmlx>", "<p>para</p>", ""};
  for (size_t i = 0; i < sizeof yes / sizeof yes[0]; i++)
    ck_assert_msg(prep_sniff_html((const unsigned char *)yes[i],
                                  strlen(yes[i])),
                  "should be HTML: %s", yes[i]);
  for (size_t i = 0; i < sizeof no / sizeof no[0]; i++)
    ck_assert_msg(!prep_sniff_html((const unsigned char *)no[i],
                                   strlen(no[i])),
                  "should not be HTML: %s", no[i]);
}
END_TEST

/* ---- Markdown ------------------------------------------------------------ */

static const struct html_case md_cases[] = {
    {"ATX and setext headings; paragraphs join their lines",
     "# Avery Quill\n\nPlatform engineer\nin Leeds  \nand remote\\\n"
     "still the same paragraph\n\n## Experience ##\n### \n"
     "Skills\n======\nTools\n---\n####### seven is text\n#no space\n",
     "heading L1 B--------- body l1 | Avery Quill\n"
     "para L0 ---------- body l3 | Platform engineer in Leeds and remote "
     "still the same paragraph\n"
     "heading L2 B--------- body l8 | Experience\n"
     "heading L1 B--------- body l10 | Skills\n"
     "heading L2 B--------- body l12 | Tools\n"
     "para L0 ---------- body l14 | ####### seven is text #no space\n"},
    {"lists: markers, numbers, nesting by indent, task boxes, lazy lines",
     "- One\n* Two\n  continued\n  - Two.a\n    1. Deep\n+ Three\n"
     "1. First\n2) Second\n- [ ] todo\n- [x] done\n\nAfter\n",
     "item L0 ------L--- body l1 | One\n"
     "item L0 ------L--- body l2 | Two continued\n"
     "item L1 ------L--- body l4 | Two.a\n"
     "item L2 -----N---- body l5 | Deep\n"
     "item L0 ------L--- body l6 | Three\n"
     "item L0 -----N---- body l7 | First\n"
     "item L0 -----N---- body l8 | Second\n"
     "item L0 ------L--- body l9 | todo\n"
     "item L0 ------L--- body l10 | done\n"
     "para L0 ---------- body l12 | After\n"},
    {"inline markers stripped; whole-block bold and italic become flags",
     "**Senior Engineer**\n\n*Acme Ltd*\n\n__Both__ and _snake_case_name_\n\n"
     "Use `a*b` and ``x ` y`` and ~~old~~ new\n\n***all***\n\n"
     "2 * 3 * 4 and a_b_c\n\n\\*not italic\\*\n",
     "para L0 B--------- body l1 | Senior Engineer\n"
     "para L0 -I-------- body l3 | Acme Ltd\n"
     "para L0 ---------- body l5 | Both and snake_case_name\n"
     "para L0 ---------- body l7 | Use a*b and x ` y and old new\n"
     "para L0 BI-------- body l9 | all\n"
     "para L0 ---------- body l11 | 2 * 3 * 4 and a_b_c\n"
     "para L0 ---------- body l13 | *not italic*\n"},
    {"links and autolinks; images and javascript: dropped",
     "See [my site](https://example.org/a \"title\") and "
     "<https://example.org/b> or <avery@example.com>.\n"
     "![photo](me.png) [ref][1] [js](javascript:alert(1)) [bare]\n\n"
     "[1]: https://example.org/ref\n",
     "para L0 ---------- body l1 | See my site and https://example.org/b or "
     "avery@example.com. ref js [bare]\n"
     "  link: my site -> https://example.org/a\n"
     "  link: https://example.org/b -> https://example.org/b\n"
     "  link: avery@example.com -> mailto:avery@example.com\n"
     "para L0 ---------- body l4 | [1]: https://example.org/ref\n"},
    {"GFM tables: cells with row and column; escaped pipes",
     "| Role | Years |\n|:-----|------:|\n| Dev \\| Ops | 2019 |\n"
     "| **Lead** | | \n\nText after\n",
     "cell L0 ---------- body l1 t1.r1.c1 | Role\n"
     "cell L0 ---------- body l1 t1.r1.c2 | Years\n"
     "cell L0 ---------- body l3 t1.r2.c1 | Dev | Ops\n"
     "cell L0 ---------- body l3 t1.r2.c2 | 2019\n"
     "cell L0 B--------- body l4 t1.r3.c1 | Lead\n"
     "para L0 ---------- body l6 | Text after\n"},
    {"front matter skipped, title and author kept; comments dropped",
     "---\ntitle: \"CV of Avery\"\nauthor: Avery Quill\n---\n"
     "Visible <!-- hidden --> text\n<!-- a\nmulti-line\ncomment -->\n"
     "After comment\n",
     "# title: CV of Avery\n# author: Avery Quill\n"
     "para L0 ---------- body l5 | Visible text\n"
     "para L0 ---------- body l9 | After comment\n"},
    {"code fences kept literally, one paragraph per line (a leading '- ' "
     "is still a bullet, as in every reader); quotes and rules",
     "```bash\nmake **all**\n- not a list\n```\n> Quoted *words*\n"
     "> more\n\n***\n- - -\nEnd\n",
     "para L0 ---------- body l2 | make **all**\n"
     "item L0 ------L--- body l3 | not a list\n"
     "para L0 ---------- body l5 | Quoted words more\n"
     "para L0 ---------- body l10 | End\n"},
    {"raw HTML blocks (pandoc's complex tables) go through the HTML reader",
     "Intro\n\n<table>\n<tr><td><h2>CONTACT</h2>\n<p>Leeds</p></td>\n"
     "<td><ul><li>Go</li></ul></td></tr>\n</table>\n\nOutro <b>bold</b>"
     "<br>line\n",
     "para L0 ---------- body l1 | Intro\n"
     "heading L2 B-C------- body l4 t1.r1.c1 | CONTACT\n"
     "cell L0 ---------- body l5 t1.r1.c1 | Leeds\n"
     "item L0 ------L--- body l6 t1.r1.c2 | Go\n"
     "para L0 ---------- body l9 | Outro bold line\n"},
    {"character references and invisible characters",
     "Caf&eacute; &amp; bar&nbsp;&#65;&#x42; &bogus;\xE2\x80\x8B!\n",
     "para L0 ---------- body l1 | Caf&eacute; & bar AB &bogus;!\n"},
};

START_TEST(md_case)
{
  const struct html_case *c = &md_cases[_i];
  struct run r;
  run_mem(&r, prep_read_md, c->in, strlen(c->in), "cv.md", 'l');
  ck_assert_msg(r.st == PREP_OK, "%s: status %d", c->what, r.st);
  ck_assert_msg(strcmp(r.dump.data, c->want) == 0,
                "%s:\n--- got\n%s--- want\n%s", c->what, r.dump.data, c->want);
  run_free(&r);
}
END_TEST

START_TEST(md_encodings_and_hostile)
{
  struct run r;
  /* not UTF-8: the text reader decodes it, with a warning */
  static const char cp[] = "# Caf\xE9\n- item\n";
  run_mem(&r, prep_read_md, cp, sizeof cp - 1, "cv.md", 'l');
  ck_assert_int_eq(r.st, PREP_OK);
  ck_assert(diag_has(&r, PREP_SEV_WARNING, "not UTF-8"));
  ck_assert_ptr_nonnull(strstr(r.dump.data, "Café"));
  run_free(&r);
  static const char bom[] = "\xEF\xBB\xBF# Title\r\nText\r\n";
  run_mem(&r, prep_read_md, bom, sizeof bom - 1, "cv.md", 'l');
  ck_assert_str_eq(r.dump.data, "heading L1 B--------- body l1 | Title\n"
                                "para L0 ---------- body l2 | Text\n");
  run_free(&r);
  run_mem(&r, prep_read_md, "", 0, "cv.md", 'l');
  expect_error(&r, PREP_EINPUT, "empty");
  run_free(&r);

  /* pathological inline runs stay linear */
  struct prep_buf b;
  prep_buf_init(&b, 0);
  static const char *const runs[] = {"[", "*", "_a", "`", "![a](", "[a](",
                                     "<a", "&#", "~~", "``` "};
  double t0 = now();
  for (size_t k = 0; k < sizeof runs / sizeof runs[0]; k++) {
    prep_buf_clear(&b);
    while (b.len < 200000)
      prep_buf_puts(&b, runs[k]);
    run_mem(&r, prep_read_md, b.data, b.len, "cv.md", 'l');
    ck_assert_int_eq(r.st, PREP_OK);
    run_free(&r);
  }
  /* deep list nesting and many lines */
  prep_buf_clear(&b);
  for (int i = 0; i < 3000; i++) {
    for (int j = 0; j < i % 200; j++)
      prep_buf_putc(&b, ' ');
    prep_buf_puts(&b, "- x\n");
  }
  run_mem(&r, prep_read_md, b.data, b.len, "cv.md", 'l');
  ck_assert_int_eq(r.st, PREP_OK);
  run_free(&r);
  ck_assert_msg(now() - t0 < 20.0, "pathological Markdown took %.1f s",
                now() - t0);
  /* one huge line is kept, cut at the block cap */
  prep_buf_clear(&b);
  while (b.len < 3 * PREP_MAX_BLOCK_TEXT)
    prep_buf_puts(&b, "word ");
  run_mem(&r, prep_read_md, b.data, b.len, "cv.md", 'l');
  ck_assert_int_eq(r.st, PREP_OK);
  ck_assert_uint_eq(r.doc->nblocks, 1);
  ck_assert_uint_gt(r.doc->blocks[0].len, PREP_MAX_BLOCK_TEXT / 2);
  run_free(&r);
  /* too many blocks; too big */
  prep_buf_clear(&b);
  for (unsigned i = 0; i < PREP_MAX_BLOCKS + 10; i++)
    prep_buf_puts(&b, "x\n\n");
  run_mem(&r, prep_read_md, b.data, b.len, "cv.md", 'l');
  expect_error(&r, PREP_ELIMIT, "blocks");
  run_free(&r);
  prep_buf_clear(&b);
  while (b.len <= PREP_MAX_MD_INPUT)
    prep_buf_puts(&b, "some text\n");
  run_mem(&r, prep_read_md, b.data, b.len, "cv.md", 'l');
  expect_error(&r, PREP_ELIMIT, "MiB");
  run_free(&r);
  /* a raw HTML block inherits the HTML reader's limits */
  prep_buf_clear(&b);
  prep_buf_puts(&b, "Intro\n\n");
  for (int i = 0; i < 1000; i++)
    prep_buf_puts(&b, "<div>");
  run_mem(&r, prep_read_md, b.data, b.len, "cv.md", 'l');
  expect_error(&r, PREP_ELIMIT, "deeper than");
  run_free(&r);
  prep_buf_free(&b);
}
END_TEST

START_TEST(md_sniff)
{
  static const char *const yes[] = {
      "# Avery Quill\n\n- Go\n- Rust\n", "## A\ntext\n## B\n",
      "\xEF\xBB\xBF# Name\nSee [site](https://example.org)\n"};
  static const char *const no[] = {"Avery Quill\nEngineer\n- Go\n",
                                   "#hashtag\n- item\n", "# only one\n"};
  for (size_t i = 0; i < sizeof yes / sizeof yes[0]; i++)
    ck_assert_msg(prep_sniff_markdown((const unsigned char *)yes[i],
                                      strlen(yes[i])),
                  "should be Markdown: %s", yes[i]);
  for (size_t i = 0; i < sizeof no / sizeof no[0]; i++)
    ck_assert_msg(!prep_sniff_markdown((const unsigned char *)no[i],
                                       strlen(no[i])),
                  "should not be Markdown: %s", no[i]);
}
END_TEST

/* ---- whole CVs: tests/fixtures/{html,md}/NAME.{html,md} + .expected ------- */

static void check_files(const char *sub, const char *ext, reader_fn fn)
{
  char dir[4096], path[4400];
  snprintf(dir, sizeof dir, "%s/fixtures/%s", tests_dir(), sub);
  DIR *d = opendir(dir);
  ck_assert_msg(d != NULL, "cannot open %s", dir);
  struct dirent *e;
  int seen = 0;
  while ((e = readdir(d)) != NULL) {
    size_t nl = strlen(e->d_name), el = strlen(ext);
    if (nl <= el || strcmp(e->d_name + nl - el, ext) != 0)
      continue;
    snprintf(path, sizeof path, "%s/%s", dir, e->d_name);
    size_t n;
    unsigned char *in = slurp(path, &n);
    struct run r;
    run_mem(&r, fn, in, n, e->d_name, 'l');
    free(in);
    ck_assert_msg(r.st == PREP_OK, "%s: status %d", path, r.st);
    snprintf(path, sizeof path, "%s/%.*s.expected", dir, (int)(nl - el),
             e->d_name);
    char *want = (char *)slurp(path, &n);
    ck_assert_msg(strcmp(r.dump.data, want) == 0,
                  "%s:\n--- got\n%s--- want\n%s", e->d_name, r.dump.data,
                  want);
    free(want);
    run_free(&r);
    seen++;
  }
  closedir(d);
  ck_assert_msg(seen > 0, "no %s fixtures in %s", ext, dir);
}

START_TEST(html_fixtures) { check_files("html", ".html", prep_read_html); }
END_TEST

START_TEST(md_fixtures) { check_files("md", ".md", prep_read_md); }
END_TEST

Suite *readers_more_suite(void)
{
  Suite *s = suite_create("readers_more");
  TCase *tc = tcase_create("odt");
  tcase_set_timeout(tc, 120);
  tcase_add_loop_test(tc, odt_feature, 0,
                      (int)(sizeof odt_features / sizeof odt_features[0]));
  tcase_add_test(tc, odt_wellformed_minimal);
  tcase_add_test(tc, odt_other_packages);
  tcase_add_test(tc, odt_hostile_xml);
  tcase_add_test(tc, odt_zip_bomb);
  tcase_add_test(tc, odt_many_blocks);
  tcase_add_test(tc, odt_sniff);
  suite_add_tcase(s, tc);
  tc = tcase_create("html");
  tcase_set_timeout(tc, 120);
  tcase_add_loop_test(tc, html_case, 0,
                      (int)(sizeof html_cases / sizeof html_cases[0]));
  tcase_add_test(tc, html_encodings);
  tcase_add_test(tc, html_hostile);
  tcase_add_test(tc, html_sniff);
  tcase_add_test(tc, html_fixtures);
  suite_add_tcase(s, tc);
  tc = tcase_create("md");
  tcase_set_timeout(tc, 120);
  tcase_add_loop_test(tc, md_case, 0,
                      (int)(sizeof md_cases / sizeof md_cases[0]));
  tcase_add_test(tc, md_encodings_and_hostile);
  tcase_add_test(tc, md_sniff);
  tcase_add_test(tc, md_fixtures);
  suite_add_tcase(s, tc);
  return s;
}
