/* test_pdf.c - the PDF writer with real fonts, checked with real tools:
 * qpdf --check, pdffonts (all embedded), pdftotext (names exact, STAR labels
 * in page order), pdfinfo (A4 and Letter), poppler silent on stderr,
 * byte-identical output on two runs, and the output-safety rules. */
#include <check.h>
#include <dirent.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "prepgen/arena.h"
#include "prepgen/diag.h"
#include "prepgen/pdf.h"

#include "../pdf/sample.c"

Suite *pdf_suite(void);

static char tmpdir[256];
static char fonts[1024];

static void setup(void)
{
  snprintf(tmpdir, sizeof tmpdir, "/tmp/prepgen-test-pdf.XXXXXX");
  ck_assert_ptr_nonnull(mkdtemp(tmpdir));
  const char *data = getenv("PREPGEN_DATA");
  if (data)
    ck_assert_int_eq(prep_pdf_fonts_dir(data, fonts, sizeof fonts), 0);
  else
    snprintf(fonts, sizeof fonts, "fonts");
}

static void teardown(void)
{
  char cmd[512];
  snprintf(cmd, sizeof cmd, "rm -rf '%s'", tmpdir);
  ck_assert_int_eq(system(cmd), 0);
}

/* Builds the sample and writes it to path. */
static enum prep_status build(const char *path, enum prep_paper paper,
                              const char *const *inputs, size_t ninputs)
{
  struct prep_arena *a = prep_arena_new();
  struct prep_diag d;
  prep_diag_init(&d);
  struct prep_pdf *pdf;
  enum prep_status st = prep_pdf_new(fonts, &d, &pdf);
  ck_assert_int_eq(st, PREP_OK);
  struct prep_metrics m;
  prep_pdf_metrics(pdf, &m);
  struct prep_layout *l = sample_build(a, &m, paper, 3);
  ck_assert_ptr_null(prep_layout_check(l));
  st = prep_pdf_write_file(pdf, l, path, inputs, ninputs, &d);
  prep_pdf_free(pdf);
  prep_diag_free(&d);
  prep_arena_free(a);
  return st;
}

/* Runs a shell command; returns its exit status, stdout in *out (malloc'd)
 * and the size of its stderr. */
static int run(const char *cmd, char **out, long *errsize)
{
  char full[2048], o[512], e[512];
  snprintf(o, sizeof o, "%s/cmd.out", tmpdir);
  snprintf(e, sizeof e, "%s/cmd.err", tmpdir);
  snprintf(full, sizeof full, "%s >'%s' 2>'%s'", cmd, o, e);
  int rc = system(full);
  struct stat sb;
  *errsize = stat(e, &sb) == 0 ? (long)sb.st_size : -1;
  if (out) {
    FILE *f = fopen(o, "rb");
    ck_assert_ptr_nonnull(f);
    size_t cap = 1 << 20, n;
    *out = calloc(1, cap + 1);
    n = fread(*out, 1, cap, f);
    (*out)[n] = '\0';
    fclose(f);
  }
  return WIFEXITED(rc) ? WEXITSTATUS(rc) : -1;
}

static char *slurp(const char *path, size_t *n)
{
  FILE *f = fopen(path, "rb");
  ck_assert_ptr_nonnull(f);
  fseek(f, 0, SEEK_END);
  long k = ftell(f);
  fseek(f, 0, SEEK_SET);
  char *b = malloc((size_t)k + 1);
  *n = fread(b, 1, (size_t)k, f);
  fclose(f);
  return b;
}

START_TEST(pdf_valid_and_reproducible)
{
  char p1[512], p2[512], cmd[1024];
  snprintf(p1, sizeof p1, "%s/a4.pdf", tmpdir);
  snprintf(p2, sizeof p2, "%s/again.pdf", tmpdir);
  ck_assert_int_eq(build(p1, PREP_PAPER_A4, NULL, 0), PREP_OK);
  ck_assert_int_eq(build(p2, PREP_PAPER_A4, NULL, 0), PREP_OK);
  size_t n1, n2;
  char *b1 = slurp(p1, &n1), *b2 = slurp(p2, &n2);
  ck_assert_uint_eq(n1, n2);
  ck_assert(memcmp(b1, b2, n1) == 0);
  ck_assert_uint_le(n1, 400 * 1024);
  ck_assert(memmem(b1, n1, "/ID [", 5) != NULL);
  ck_assert(memmem(b1, n1, "/CreationDate (D:20240501", 25) != NULL);
  free(b1);
  free(b2);
  struct stat sb;
  ck_assert_int_eq(stat(p1, &sb), 0);
  ck_assert_uint_eq(sb.st_mode & 0777, 0600);

  char *out;
  long err;
  snprintf(cmd, sizeof cmd, "qpdf --check '%s'", p1);
  ck_assert_int_eq(run(cmd, NULL, &err), 0);
  ck_assert_int_eq(err, 0);

  snprintf(cmd, sizeof cmd, "pdffonts '%s'", p1);
  ck_assert_int_eq(run(cmd, &out, &err), 0);
  ck_assert_int_eq(err, 0);
  int fontlines = 0;
  for (char *line = strtok(out, "\n"); line; line = strtok(NULL, "\n")) {
    if (strncmp(line, "HPDF", 4) != 0)
      continue;
    fontlines++;
    ck_assert_msg(strstr(line, "yes yes yes") != NULL, "not embedded: %s",
                  line);
  }
  ck_assert_int_ge(fontlines, 5);
  free(out);

  snprintf(cmd, sizeof cmd, "pdfinfo '%s'", p1);
  ck_assert_int_eq(run(cmd, &out, &err), 0);
  ck_assert_int_eq(err, 0);
  ck_assert(strstr(out, "595.276 x 841.89 pts (A4)") != NULL);
  ck_assert(strstr(out, "Author:          Zoë Ørsted-Łukasiewicz") != NULL);
  free(out);

  snprintf(cmd, sizeof cmd, "pdftotext '%s' -", p1);
  ck_assert_int_eq(run(cmd, &out, &err), 0);
  ck_assert_int_eq(err, 0);
  for (size_t i = 0; i < SAMPLE_NNAMES; i++)
    ck_assert_msg(strstr(out, SAMPLE_NAMES[i]) != NULL, "name %zu missing",
                  i);
  /* every question's STAR labels in page order */
  const char *at = out;
  for (int q = 0; q < 3; q++) {
    char id[32];
    snprintf(id, sizeof id, "Q-BE-%03d Tell", q + 1);
    at = strstr(at, id);
    ck_assert_ptr_nonnull(at);
    for (int k = 0; k < 4; k++) {
      at = strstr(at, STAR[k]);
      ck_assert_msg(at != NULL, "question %d: %s out of order", q, STAR[k]);
    }
  }
  free(out);

  snprintf(cmd, sizeof cmd, "pdftoppm -r 15 -png '%s' '%s/pg'", p1, tmpdir);
  ck_assert_int_eq(run(cmd, NULL, &err), 0);
  ck_assert_int_eq(err, 0);
}
END_TEST

START_TEST(pdf_letter)
{
  char p[512], cmd[1024];
  snprintf(p, sizeof p, "%s/letter.pdf", tmpdir);
  ck_assert_int_eq(build(p, PREP_PAPER_LETTER, NULL, 0), PREP_OK);
  char *out;
  long err;
  snprintf(cmd, sizeof cmd, "pdfinfo '%s'", p);
  ck_assert_int_eq(run(cmd, &out, &err), 0);
  ck_assert_int_eq(err, 0);
  ck_assert(strstr(out, "612 x 792 pts (letter)") != NULL);
  free(out);
  snprintf(cmd, sizeof cmd, "qpdf --check '%s'", p);
  ck_assert_int_eq(run(cmd, NULL, &err), 0);
}
END_TEST

static int leftovers(void)
{
  DIR *d = opendir(tmpdir);
  ck_assert_ptr_nonnull(d);
  int n = 0;
  struct dirent *e;
  while ((e = readdir(d)))
    if (e->d_name[0] == '.' && strcmp(e->d_name, ".") != 0 &&
        strcmp(e->d_name, "..") != 0)
      n++;
  closedir(d);
  return n;
}

START_TEST(output_safety)
{
  char in[512], sub[512];
  snprintf(in, sizeof in, "%s/cv.txt", tmpdir);
  FILE *f = fopen(in, "w");
  ck_assert_ptr_nonnull(f);
  fputs("a CV\n", f);
  fclose(f);
  const char *inputs[] = {in};
  /* the output is the input: refused, the input untouched */
  ck_assert_int_eq(build(in, PREP_PAPER_A4, inputs, 1), PREP_EIO);
  size_t n;
  char *b = slurp(in, &n);
  ck_assert_uint_eq(n, 5);
  free(b);
  /* a symlink to the input is the input too */
  char link[512];
  snprintf(link, sizeof link, "%s/link.pdf", tmpdir);
  ck_assert_int_eq(symlink(in, link), 0);
  ck_assert_int_eq(build(link, PREP_PAPER_A4, inputs, 1), PREP_EIO);
  /* a directory */
  snprintf(sub, sizeof sub, "%s/dir.pdf", tmpdir);
  ck_assert_int_eq(mkdir(sub, 0700), 0);
  ck_assert_int_eq(build(sub, PREP_PAPER_A4, inputs, 1), PREP_EIO);
  /* a folder that does not exist */
  snprintf(sub, sizeof sub, "%s/missing/out.pdf", tmpdir);
  ck_assert_int_eq(build(sub, PREP_PAPER_A4, inputs, 1), PREP_EIO);
  ck_assert_int_eq(leftovers(), 0);
}
END_TEST

START_TEST(missing_fonts_fail_cleanly)
{
  struct prep_arena *a = prep_arena_new();
  struct prep_diag d;
  prep_diag_init(&d);
  struct prep_pdf *pdf;
  ck_assert_int_eq(prep_pdf_new("/nonexistent/fonts", &d, &pdf), PREP_OK);
  struct prep_metrics m;
  prep_pdf_metrics(pdf, &m);
  struct prep_layout *l = sample_build(a, &m, PREP_PAPER_A4, 1);
  char p[512];
  snprintf(p, sizeof p, "%s/x.pdf", tmpdir);
  ck_assert_int_eq(prep_pdf_write_file(pdf, l, p, NULL, 0, &d), PREP_EDATA);
  ck_assert_uint_ge(d.errors, 1);
  ck_assert_int_ne(access(p, F_OK), 0);
  prep_pdf_free(pdf);
  prep_diag_free(&d);
  prep_arena_free(a);
}
END_TEST

/* A face is set up with only the characters drawn in it; the highest of
 * them (a corner case of libharu's CID loops) must still be drawn: one
 * large glyph alone in its face leaves ink, and its text comes back. */
START_TEST(highest_drawn_char_renders)
{
  static const struct {
    enum prep_font f;
    const char *t;
  } cases[] = {{PREP_FONT_SERIF, "\xC3\xAB"},         /* e diaeresis */
               {PREP_FONT_SANS_BOLD, "\xD0\x96"},     /* Cyrillic Zhe */
               {PREP_FONT_SERIF_ITALIC, "W"},         /* ASCII */
               {PREP_FONT_CJK, "\xE9\xBE\x8D"}};      /* a CJK ideograph */
  for (size_t c = 0; c < sizeof cases / sizeof cases[0]; c++) {
    struct prep_diag d;
    prep_diag_init(&d);
    struct prep_pdf *pdf;
    ck_assert_int_eq(prep_pdf_new(fonts, &d, &pdf), PREP_OK);
    struct prep_metrics m;
    prep_pdf_metrics(pdf, &m);
    size_t len = strlen(cases[c].t);
    struct prep_run r;
    memset(&r, 0, sizeof r);
    r.x = 100;
    r.y = 300;
    r.size = 200;
    r.width = m.width(m.ctx, cases[c].f, cases[c].t, len) * 0.2;
    r.font = cases[c].f;
    r.text = cases[c].t;
    r.len = len;
    struct prep_page pg;
    memset(&pg, 0, sizeof pg);
    pg.runs = &r;
    pg.nruns = 1;
    struct prep_layout l;
    memset(&l, 0, sizeof l);
    l.width = 595.276;
    l.height = 841.89;
    l.paper = "a4";
    l.pages = &pg;
    l.npages = 1;
    char p[512], cmd[1024];
    snprintf(p, sizeof p, "%s/one%zu.pdf", tmpdir, c);
    ck_assert_int_eq(prep_pdf_write_file(pdf, &l, p, NULL, 0, &d), PREP_OK);
    prep_pdf_free(pdf);
    prep_diag_free(&d);
    /* rendered in grey at 10 dpi: some pixels are dark */
    snprintf(cmd, sizeof cmd,
             "pdftoppm -r 10 -gray -singlefile '%s' '%s/one'", p, tmpdir);
    long err;
    ck_assert_int_eq(run(cmd, NULL, &err), 0);
    ck_assert_int_eq(err, 0);
    char pgm[600];
    snprintf(pgm, sizeof pgm, "%s/one.pgm", tmpdir);
    size_t n, i = 0, dark = 0;
    char *b = slurp(pgm, &n);
    for (int nl = 0; i < n && nl < 3; i++) /* "P5\n<w> <h>\n255\n" */
      nl += b[i] == '\n';
    for (; i < n; i++)
      dark += (unsigned char)b[i] < 128;
    free(b);
    ck_assert_msg(dark > 0, "case %zu: the glyph was not drawn", c);
    char *out;
    snprintf(cmd, sizeof cmd, "pdftotext '%s' -", p);
    ck_assert_int_eq(run(cmd, &out, &err), 0);
    ck_assert_int_eq(err, 0);
    ck_assert_msg(strstr(out, cases[c].t) != NULL, "case %zu: text lost", c);
    free(out);
  }
}
END_TEST

Suite *pdf_suite(void)
{
  Suite *s = suite_create("pdf");
  TCase *tc = tcase_create("pdf");
  tcase_set_timeout(tc, 60);
  tcase_add_checked_fixture(tc, setup, teardown);
  tcase_add_test(tc, pdf_valid_and_reproducible);
  tcase_add_test(tc, pdf_letter);
  tcase_add_test(tc, output_safety);
  tcase_add_test(tc, missing_fonts_fail_cleanly);
  tcase_add_test(tc, highest_drawn_char_renders);
  suite_add_tcase(s, tc);
  return s;
}
