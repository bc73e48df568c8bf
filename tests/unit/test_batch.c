/* test_batch.c - the batch runner: output names, shards, freshness, the
 * CSV writer, the sandbox, and whole batches with a fake callback that
 * succeeds, fails, crashes, loops, sleeps or floods the disk; the cohort
 * aggregate handed to the cohort.pdf hook, and the coach report's layout
 * (cohort_pdf.c) with a fake fixed-width font. */
#include <check.h>
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "prepgen/arena.h"
#include "prepgen/bank.h"
#include "prepgen/batch.h"
#include "prepgen/cohort.h"
#include "prepgen/diag.h"
#include "prepgen/extract.h"
#include "prepgen/layout.h"
#include "prepgen/sandbox.h"

Suite *batch_suite(void);

/* ---- helpers --------------------------------------------------------- */

static char *mkdtemp_s(void)
{
  char *t = strdup("/tmp/prepgen-batch-XXXXXX");
  ck_assert_ptr_nonnull(mkdtemp(t));
  return t;
}

static void write_file(const char *path, const char *text)
{
  FILE *f = fopen(path, "w");
  ck_assert_ptr_nonnull(f);
  fputs(text, f);
  ck_assert_int_eq(fclose(f), 0);
}

/* The whole file, NUL-terminated (malloc'd), or NULL. */
static char *slurp(const char *path)
{
  FILE *f = fopen(path, "rb");
  if (!f)
    return NULL;
  size_t cap = 4096, n = 0;
  char *p = malloc(cap);
  size_t got;
  while ((got = fread(p + n, 1, cap - n - 1, f)) > 0) {
    n += got;
    if (n + 1 == cap)
      p = realloc(p, cap *= 2);
  }
  fclose(f);
  p[n] = '\0';
  return p;
}

static void rm_rf(const char *path)
{
  char cmd[4200];
  snprintf(cmd, sizeof cmd, "rm -rf '%s'", path);
  ck_assert_int_eq(system(cmd), 0);
}

/* Number of entries of `dir` whose name starts with '.' (temp files). */
static int hidden_entries(const char *dir)
{
  DIR *d = opendir(dir);
  ck_assert_ptr_nonnull(d);
  struct dirent *e;
  int n = 0;
  while ((e = readdir(d)) != NULL)
    if (e->d_name[0] == '.' && strcmp(e->d_name, ".") &&
        strcmp(e->d_name, ".."))
      n++;
  closedir(d);
  return n;
}

/* The report row of `input` (up to the newline), in a static buffer. */
static const char *row_of(const char *report, const char *input)
{
  static char row[1024];
  const char *p = strstr(report, input);
  if (!p)
    return "";
  const char *e = strchr(p, '\n');
  size_t n = e ? (size_t)(e - p) : strlen(p);
  if (n >= sizeof row)
    n = sizeof row - 1;
  memcpy(row, p, n);
  row[n] = '\0';
  return row;
}

/* ---- names ------------------------------------------------------------ */

START_TEST(safe_stems)
{
  static const struct {
    const char *in, *out;
  } cases[] = {
      {"cv.docx", "cv"},
      {"Jane Doe CV.docx", "Jane_Doe_CV"},
      {"../../etc/passwd", "etc_passwd"},
      {".hidden.docx", "hidden"},
      {"-rf.txt", "rf"},
      {"--help", "help"},
      {"a\x1b[31mred.txt", "a_31mred"},
      {"Jos\xc3\xa9 Garc\xc3\xad" "a.docx", "Jos\xc3\xa9_Garc\xc3\xad" "a"},
      {"cv\xe2\x80\xae" "fdp.exe.txt", "cv_fdp.exe"},
      {"zero\xe2\x80\x8bwidth.txt", "zero_width"},
      {"\xff\xfe.txt", "cv"},
      {"", "cv"},
      {"...", "cv"},
      {"CON.txt", "CON_"},
      {"lpt1.docx", "lpt1_"},
      {"Jane.Doe Smith", "Jane.Doe_Smith"},
      {"report.final.docx", "report.final"},
      {"group a/cv.docx", "group_a_cv"},
      {"trailing dot..docx", "trailing_dot"},
      {"\xe5\xb1\xa5\xe6\xad\xb4\xe6\x9b\xb8.docx",
       "\xe5\xb1\xa5\xe6\xad\xb4\xe6\x9b\xb8"},
  };
  char out[128];
  for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
    prep_batch_safe_stem(cases[i].in, out, sizeof out);
    ck_assert_msg(strcmp(out, cases[i].out) == 0, "case %zu: '%s' -> '%s'",
                  i, cases[i].in, out);
  }
  /* long names are cut at a character boundary, within 80 bytes */
  char longname[400];
  memset(longname, 0, sizeof longname);
  for (int i = 0; i < 120; i++)
    strcat(longname, "\xc3\xa9");
  strcat(longname, ".docx");
  prep_batch_safe_stem(longname, out, sizeof out);
  ck_assert_uint_le(strlen(out), 80);
  ck_assert_uint_eq(strlen(out) % 2, 0);
  /* whatever the input, the stem is safe */
  srand(7);
  for (int t = 0; t < 2000; t++) {
    char in[64];
    size_t n = (size_t)(rand() % 63);
    for (size_t k = 0; k < n; k++)
      in[k] = (char)(1 + rand() % 255);
    in[n] = '\0';
    prep_batch_safe_stem(in, out, sizeof out);
    ck_assert(out[0] != '\0' && out[0] != '.' && out[0] != '-');
    for (const unsigned char *p = (const unsigned char *)out; *p; p++)
      ck_assert(*p != '/' && *p >= 0x20 && *p != 0x7F);
  }
}
END_TEST

START_TEST(unique_names)
{
  struct prep_arena *a = prep_arena_new();
  const char *stems[] = {"cv", "CV", "cv", "cv-2", "cohort", NULL, "x"};
  const char *reserved[] = {"cohort.pdf", NULL};
  const char *out[7];
  prep_batch_unique_names(stems, 7, ".pdf", reserved, a, out);
  ck_assert_str_eq(out[0], "cv.pdf");
  ck_assert_str_eq(out[1], "CV-2.pdf");
  ck_assert_str_eq(out[2], "cv-3.pdf");
  ck_assert_str_eq(out[3], "cv-2-2.pdf");
  ck_assert_str_eq(out[4], "cohort-2.pdf");
  ck_assert_ptr_null(out[5]);
  ck_assert_str_eq(out[6], "x.pdf");
  /* deterministic */
  const char *again[7];
  prep_batch_unique_names(stems, 7, ".pdf", reserved, a, again);
  for (int i = 0; i < 7; i++)
    if (out[i])
      ck_assert_str_eq(out[i], again[i]);
  /* 20,000 CVs all called cv.docx: unique, and fast (O(n)) */
  enum { N = 20000 };
  const char **many = malloc(N * sizeof *many);
  const char **names = malloc(N * sizeof *names);
  for (int i = 0; i < N; i++)
    many[i] = "cv";
  clock_t t0 = clock();
  prep_batch_unique_names(many, N, ".pdf", NULL, a, names);
  double secs = (double)(clock() - t0) / CLOCKS_PER_SEC;
  ck_assert_msg(secs < 1.0, "naming took %.2f s", secs);
  ck_assert_str_eq(names[N - 1], "cv-20000.pdf");
  const char **sorted = malloc(N * sizeof *sorted);
  memcpy(sorted, names, N * sizeof *sorted);
  qsort(sorted, N, sizeof *sorted,
        (int (*)(const void *, const void *))strcmp);
  free(sorted);
  free(many);
  free(names);
  prep_arena_free(a);
}
END_TEST

/* ---- shards ----------------------------------------------------------- */

START_TEST(shards_partition)
{
  /* FNV-1a 64 reference values */
  ck_assert_uint_eq(prep_batch_hash(""), 0xcbf29ce484222325ULL);
  ck_assert_uint_eq(prep_batch_hash("a"), 0xaf63dc4c8601ec8cULL);
  ck_assert_uint_eq(prep_batch_hash("foobar"), 0x85944171f73967e8ULL);
  char path[64];
  for (unsigned n = 1; n <= 9; n++) {
    unsigned count[10] = {0};
    for (int i = 0; i < 3000; i++) {
      snprintf(path, sizeof path, "cohort/student-%04d.docx", i);
      int in = 0;
      for (unsigned k = 1; k <= n; k++)
        if (prep_batch_in_shard(path, k, n)) {
          in++;
          count[k]++;
        }
      ck_assert_int_eq(in, 1); /* exactly one shard */
    }
    for (unsigned k = 1; k <= n; k++) /* roughly 1/n each */
      ck_assert_msg(count[k] > 3000 / n / 2, "shard %u/%u has %u", k, n,
                    count[k]);
  }
  unsigned k, n;
  ck_assert_int_eq(prep_batch_parse_shard("3/10", &k, &n), 0);
  ck_assert_uint_eq(k, 3);
  ck_assert_uint_eq(n, 10);
  ck_assert_int_eq(prep_batch_parse_shard("1/1", &k, &n), 0);
  const char *bad[] = {"0/3", "4/3", "3", "/3", "1/", "1/0", "a/b",
                       "1/3x", "-1/3", "1/-3", "1/200000", ""};
  for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++)
    ck_assert_msg(prep_batch_parse_shard(bad[i], &k, &n) == -1, "'%s'",
                  bad[i]);
}
END_TEST

/* ---- freshness --------------------------------------------------------- */

static void set_mtime(const char *path, time_t t)
{
  struct timespec ts[2] = {{t, 0}, {t, 0}};
  ck_assert_int_eq(utimensat(AT_FDCWD, path, ts, 0), 0);
}

START_TEST(skip_existing)
{
  char *dir = mkdtemp_s();
  char in[256], out[256], data[256], bank[256];
  snprintf(in, sizeof in, "%s/cv.txt", dir);
  snprintf(out, sizeof out, "%s/cv.pdf", dir);
  snprintf(data, sizeof data, "%s/data", dir);
  snprintf(bank, sizeof bank, "%s/data/bank.xml", dir);
  write_file(in, "x");
  ck_assert_int_eq(mkdir(data, 0700), 0);
  write_file(bank, "x");
  set_mtime(in, 1000);
  set_mtime(bank, 1500);
  set_mtime(data, 1500);
  const char *deps[] = {data};
  int64_t dn = prep_batch_newest_mtime(deps, 1);
  ck_assert(dn == (int64_t)1500 * 1000000000);
  ck_assert_int_eq(prep_batch_is_fresh(in, out, dn), 0); /* no output */
  write_file(out, "pdf");
  set_mtime(out, 2000);
  ck_assert_int_eq(prep_batch_is_fresh(in, out, dn), 1);
  set_mtime(in, 2500); /* the CV changed */
  ck_assert_int_eq(prep_batch_is_fresh(in, out, dn), 0);
  set_mtime(in, 1000);
  set_mtime(bank, 3000); /* the data changed */
  dn = prep_batch_newest_mtime(deps, 1);
  ck_assert_int_eq(prep_batch_is_fresh(in, out, dn), 0);
  ck_assert_int_eq(prep_batch_is_fresh(in, out, 0), 1);
  rm_rf(dir);
  free(dir);
}
END_TEST

/* ---- CSV ----------------------------------------------------------------- */

START_TEST(csv_quoting)
{
  static const struct {
    const char *in, *out;
  } cases[] = {
      {"plain", "plain"},
      {"", ""},
      {"a,b", "\"a,b\""},
      {"say \"hi\"", "\"say \"\"hi\"\"\""},
      {"two\nlines", "\"two\\x0alines\""},
      {" edge ", "\" edge \""},
      {"=HYPERLINK(\"x\")", "\"'=HYPERLINK(\"\"x\"\")\""},
      {"+1", "'+1"},
      {"-rf", "'-rf"},
      {"@SUM(A1)", "'@SUM(A1)"},
      {"tab\there", "tab\\x09here"},
      {"bad\xff" "byte", "bad\\xffbyte"},
      {"Jos\xc3\xa9", "Jos\xc3\xa9"},
  };
  for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
    char *buf = NULL;
    size_t len = 0;
    FILE *f = open_memstream(&buf, &len);
    ck_assert_int_eq(prep_batch_csv_field(f, cases[i].in), 0);
    fclose(f);
    ck_assert_msg(strcmp(buf, cases[i].out) == 0, "case %zu: [%s]", i, buf);
    free(buf);
  }
}
END_TEST

/* ---- whole batches with a fake callback ---------------------------------- */

/* The fake pipeline: the first word of the input file says what to do. */
static enum prep_status fake(void *ctx, const char *input,
                             const char *tmp_output,
                             struct prep_batch_result *res,
                             struct prep_diag *d)
{
  (void)ctx;
  char word[32] = "";
  FILE *f = fopen(input, "r");
  if (!f) {
    prep_diag_add(d, PREP_SEV_ERROR, input, NULL, "cannot open: %s",
                  strerror(errno));
    return PREP_EINPUT;
  }
  if (fscanf(f, "%31s", word) != 1)
    word[0] = '\0';
  fclose(f);
  if (strcmp(word, "abort") == 0)
    abort();
  if (strcmp(word, "segv") == 0)
    raise(SIGSEGV);
  if (strcmp(word, "spin") == 0)
    for (volatile unsigned long i = 0;; i++)
      ;
  if (strcmp(word, "sleep") == 0)
    for (;;)
      pause();
  if (strcmp(word, "exit") == 0)
    _exit(3);
  if (strcmp(word, "nooutput") == 0)
    return PREP_OK;
  if (strcmp(word, "fail") == 0) {
    prep_diag_add(d, PREP_SEV_WARNING, input, "line 2", "a warning");
    prep_diag_add(d, PREP_SEV_ERROR, input, "line 3", "not a CV we can read");
    return PREP_EINPUT;
  }
  FILE *o = fopen(tmp_output, "w");
  if (!o) {
    prep_diag_add(d, PREP_SEV_ERROR, tmp_output, NULL, "cannot create: %s",
                  strerror(errno));
    return PREP_EIO;
  }
  if (strcmp(word, "flood") == 0) { /* past RLIMIT_FSIZE */
    static char block[1 << 16];
    for (;;)
      if (fwrite(block, 1, sizeof block, o) != sizeof block)
        break;
  }
  if (strcmp(word, "net") == 0) {
    /* the sandbox must refuse both, with EPERM */
    errno = 0;
    int s = socket(AF_INET, SOCK_STREAM, 0);
    fprintf(o, "socket=%s\n", s < 0 && errno == EPERM ? "blocked" : "open");
    /* a missing program: ENOENT when exec is allowed, EPERM when not */
    char *const argv[] = {(char *)"/nonexistent/prepgen-test", NULL};
    errno = 0;
    execv(argv[0], argv);
    fprintf(o, "exec=%s\n", errno == EPERM ? "blocked" : "open");
  } else {
    fprintf(o, "pack for %s\n", word);
  }
  fclose(o);
  prep_diag_add(d, PREP_SEV_WARNING, input, NULL, "something odd");
  prep_batch_id_copy(res->role, "backend");
  prep_batch_id_copy(res->family, word[0] == 'd' ? "data" : "backend");
  res->level = word[0] == 'd' ? 0 : 2;
  res->npriorities = 2;
  prep_batch_id_copy(res->priorities[0], "be-own-system");
  prep_batch_id_copy(res->priorities[1], "core-conflict");
  res->nclaim_skills = 1;
  prep_batch_id_copy(res->claim_skills[0], "kubernetes");
  res->ntopics = 2;
  prep_batch_id_copy(res->topics[0].tag, "databases");
  res->topics[0].grade = word[0] == 'd' ? 3 : 1;
  prep_batch_id_copy(res->topics[1].tag, "ownership");
  res->topics[1].is_theme = 1;
  res->topics[1].grade = 0;
  res->nclaims = 1;
  res->as_of_year = 2025;
  res->as_of_month = word[0] == 'd' ? 3 : 1;
  return PREP_OK;
}

static void make_cv(const char *dir, const char *name, const char *word,
                    char *path, size_t n)
{
  snprintf(path, n, "%s/%s", dir, name);
  char text[256];
  snprintf(text, sizeof text, "%s\nSECRET-CV-TEXT %s Jane Roe\n", word,
           name);
  write_file(path, text);
}

/* What the cohort.pdf hook was given (the runner calls it in the parent). */
static struct {
  int calls;
  char path[700];
  unsigned ok, failed, skipped, with_warnings;
  size_t nfamilies, nstudents;
  char student0[64];
  unsigned themes0, thin0, claims0;
  int year, month;
} hook;

static enum prep_status fake_cohort_pdf(void *ctx,
                                        const struct prep_batch_cohort *c,
                                        const char *path, struct prep_diag *d)
{
  (void)ctx;
  (void)d;
  hook.calls++;
  snprintf(hook.path, sizeof hook.path, "%s", path);
  hook.ok = c->ok;
  hook.failed = c->failed;
  hook.skipped = c->skipped;
  hook.with_warnings = c->with_warnings;
  hook.nfamilies = c->nfamilies;
  hook.nstudents = c->nstudents;
  if (c->nstudents) {
    snprintf(hook.student0, sizeof hook.student0, "%s", c->students[0].output);
    hook.themes0 = c->students[0].nthemes;
    hook.thin0 = c->students[0].nthemes_thin;
    hook.claims0 = c->students[0].nclaims;
  }
  hook.year = c->as_of_year;
  hook.month = c->as_of_month;
  FILE *f = fopen(path, "w");
  if (!f)
    return PREP_EIO;
  fputs("report\n", f);
  fclose(f);
  return PREP_OK;
}

START_TEST(batch_mixed)
{
  char *dir = mkdtemp_s();
  char in[24][512], out[512];
  /* every kind of failure but the two timing ones (batch_limits), so the
   * limits here can be generous: a loaded machine must not turn a CV
   * meant to succeed into a "time limit" failure */
  static const char *const words[] = {"ok", "abort", "segv", "exit", "fail",
                                      "nooutput", "flood", "data"};
  const char *inputs[16];
  size_t n = 0;
  for (size_t i = 0; i < sizeof words / sizeof words[0]; i++) {
    char name[64];
    snprintf(name, sizeof name, "%s.txt", words[i]);
    make_cv(dir, name, words[i], in[n], sizeof in[n]);
    inputs[n] = in[n];
    n++;
  }
  snprintf(in[n], sizeof in[n], "%s/missing.txt", dir);
  inputs[n] = in[n];
  n++;
  inputs[n++] = in[0]; /* listed twice */
  snprintf(out, sizeof out, "%s/out/", dir);
  char logpath[600];
  snprintf(logpath, sizeof logpath, "%s/log", dir);
  FILE *log = fopen(logpath, "w+");
  struct prep_batch_opts o = {.inputs = inputs, .ninputs = n,
                              .outdir = out, .jobs = 2, .progress = 0,
                              .cohort_report = 1, .per_student = 1,
                              .cohort_pdf = fake_cohort_pdf, .log = log};
  o.limits.cpu_seconds = 30;
  o.limits.wall_seconds = 60;
  o.limits.fsize_bytes = 1u << 20;
  struct prep_diag d;
  prep_diag_init(&d);
  memset(&hook, 0, sizeof hook);
  int rc = prep_batch_run(&o, fake, NULL, &d);
  fclose(log);
  ck_assert_int_eq(rc, 1);
  char path[700];
  snprintf(path, sizeof path, "%s/prepgen-report.csv", out);
  char *rep = slurp(path);
  ck_assert_ptr_nonnull(rep);
  ck_assert(strncmp(rep, "input,output,status,reason,seconds\n", 35) == 0);
  static const struct {
    const char *name, *expect;
  } rows[] = {
      {"/ok.txt,ok.pdf,ok,", NULL},
      {"/data.txt,data.pdf,ok,", NULL},
      {"/abort.txt,abort.pdf,failed,", "signal 6"},
      {"/segv.txt,segv.pdf,failed,", "signal 11 (a bug in prepgen"},
      {"/exit.txt,exit.pdf,failed,", "without a result"},
      {"/fail.txt,fail.pdf,failed,", "line 3: not a CV we can read"},
      {"/nooutput.txt,nooutput.pdf,failed,", "wrote no output"},
      {"/flood.txt,flood.pdf,failed,", "1 MiB file size limit"},
      {"/missing.txt,missing.pdf,failed,", "cannot open"},
  };
  for (size_t i = 0; i < sizeof rows / sizeof rows[0]; i++) {
    const char *r = row_of(rep, rows[i].name);
    ck_assert_msg(r[0], "no row %s in\n%s", rows[i].name, rep);
    if (rows[i].expect)
      ck_assert_msg(strstr(r, rows[i].expect), "row %s", r);
  }
  ck_assert_msg(strstr(rep, ",skipped,listed more than once,"), "%s", rep);
  ck_assert_ptr_null(strstr(rep, "SECRET")); /* no CV text */
  free(rep);
  /* outputs for the good ones only; no temp files anywhere */
  snprintf(path, sizeof path, "%s/ok.pdf", out);
  char *pack = slurp(path);
  ck_assert_ptr_nonnull(pack);
  ck_assert_str_eq(pack, "pack for ok\n");
  free(pack);
  snprintf(path, sizeof path, "%s/abort.pdf", out);
  ck_assert_int_eq(access(path, F_OK), -1);
  snprintf(path, sizeof path, "%s/flood.pdf", out);
  ck_assert_int_eq(access(path, F_OK), -1);
  ck_assert_int_eq(hidden_entries(out), 0);
  /* the log: one line per file, no CV text, a summary */
  char *lg = slurp(logpath);
  ck_assert_ptr_null(strstr(lg, "SECRET"));
  ck_assert_msg(strstr(lg, "prepgen: 2 packs written, 1 skipped, 7 failed "
                           "(see "), "%s", lg);
  ck_assert(strstr(lg, "/segv.txt: failed: worker killed by signal 11"));
  free(lg);
  /* the cohort: aggregate only */
  snprintf(path, sizeof path, "%s/cohort.csv", out);
  char *co = slurp(path);
  ck_assert_ptr_nonnull(co);
  ck_assert_msg(strstr(co, "family,backend,1,2,0.500"), "%s", co);
  ck_assert_msg(strstr(co, "level,junior,1,2,0.500"), "%s", co);
  ck_assert_msg(strstr(co, "theme_weak_or_none,ownership,2,2,1.000,0,2"),
                "%s", co);
  ck_assert_msg(strstr(co, "topic_weak_or_none,databases,1,2,0.500,1,0"),
                "%s", co);
  ck_assert_msg(strstr(co, "prep_priority,be-own-system,2,2,1.000"), "%s",
                co);
  ck_assert_msg(strstr(co, "claim_risk,kubernetes,2,2,1.000"), "%s", co);
  ck_assert_msg(strstr(co, "parse_warnings,cvs_with_warnings,2,2"), "%s", co);
  ck_assert_ptr_null(strstr(co, "SECRET"));
  ck_assert_ptr_null(strstr(co, ".txt"));
  free(co);
  snprintf(path, sizeof path, "%s/cohort-students.csv", out);
  char *st = slurp(path);
  ck_assert_ptr_nonnull(st);
  ck_assert_msg(strstr(st, "output,family,level,databases,ownership\n"), "%s",
                st);
  ck_assert_msg(strstr(st, "data.pdf,data,junior,strong,none\n"), "%s", st);
  ck_assert_msg(strstr(st, "ok.pdf,backend,senior,weak,none\n"), "%s", st);
  free(st);
  /* the cohort.pdf hook: once, with the aggregate and the per-student
   * rows (pack names in input order), the newest as-of month */
  ck_assert_int_eq(hook.calls, 1);
  snprintf(path, sizeof path, "%s/cohort.pdf", out);
  ck_assert_msg(strstr(hook.path, "/cohort.pdf") != NULL, "%s", hook.path);
  ck_assert_int_eq(access(path, F_OK), 0);
  ck_assert_uint_eq(hook.ok, 2);
  ck_assert_uint_eq(hook.failed, 7);
  ck_assert_uint_eq(hook.skipped, 1);
  ck_assert_uint_eq(hook.with_warnings, 2);
  ck_assert_uint_eq(hook.nfamilies, 2);
  ck_assert_uint_eq(hook.nstudents, 2);
  ck_assert_str_eq(hook.student0, "ok.pdf");
  ck_assert_uint_eq(hook.themes0, 1);
  ck_assert_uint_eq(hook.thin0, 1);
  ck_assert_uint_eq(hook.claims0, 1);
  ck_assert_int_eq(hook.year, 2025);
  ck_assert_int_eq(hook.month, 3);
  prep_diag_free(&d);
  rm_rf(dir);
  free(dir);
}
END_TEST

/* The CPU and the wall-clock limit, each in a batch of its own with the
 * other limit far away: a loop must hit the CPU limit (1 s) however loaded
 * the machine is, and a sleeper, using no CPU, the wall limit (2 s). */
static void limit_case(const char *word, unsigned cpu, unsigned wall,
                       const char *expect)
{
  char *dir = mkdtemp_s();
  char in[512], out[512], path[700], name[64], row[80];
  snprintf(name, sizeof name, "%s.txt", word);
  make_cv(dir, name, word, in, sizeof in);
  const char *inputs[] = {in};
  snprintf(out, sizeof out, "%s/out", dir);
  FILE *log = tmpfile();
  struct prep_batch_opts o = {.inputs = inputs, .ninputs = 1, .outdir = out,
                              .jobs = 1, .progress = 0, .log = log};
  o.limits.cpu_seconds = cpu;
  o.limits.wall_seconds = wall;
  struct prep_diag d;
  prep_diag_init(&d);
  ck_assert_int_eq(prep_batch_run(&o, fake, NULL, &d), 1);
  fclose(log);
  snprintf(path, sizeof path, "%s/prepgen-report.csv", out);
  char *rep = slurp(path);
  ck_assert_ptr_nonnull(rep);
  snprintf(row, sizeof row, "/%s.txt,%s.pdf,failed,", word, word);
  const char *r = row_of(rep, row);
  ck_assert_msg(r[0] && strstr(r, expect), "%s", rep);
  free(rep);
  ck_assert_int_eq(hidden_entries(out), 0);
  prep_diag_free(&d);
  rm_rf(dir);
  free(dir);
}

START_TEST(batch_limits)
{
  limit_case("spin", 1, 50, "1 s CPU limit");
  limit_case("sleep", 50, 2, "2 s time limit");
}
END_TEST

START_TEST(batch_sandbox)
{
  if (!prep_sandbox_available()) {
#ifdef HAVE_SECCOMP
#if HAVE_SECCOMP
    ck_abort_msg("HAVE_SECCOMP is set but the sandbox is unavailable");
#endif
#endif
    return; /* built without libseccomp: nothing to check */
  }
  char *dir = mkdtemp_s();
  char in[512], out[512], path[700];
  make_cv(dir, "net.txt", "net", in, sizeof in);
  snprintf(out, sizeof out, "%s/out", dir);
  const char *inputs[] = {in};
  struct prep_batch_opts o = {.inputs = inputs, .ninputs = 1, .outdir = out,
                              .jobs = 1, .progress = 2};
  FILE *log = tmpfile();
  o.log = log;
  struct prep_diag d;
  prep_diag_init(&d);
  ck_assert_int_eq(prep_batch_run(&o, fake, NULL, &d), 0);
  snprintf(path, sizeof path, "%s/net.pdf", out);
  char *got = slurp(path);
  ck_assert_ptr_nonnull(got);
  ck_assert_str_eq(got, "socket=blocked\nexec=blocked\n");
  free(got);
  /* and without it (tests only), the same calls work: the check above
   * really measures the filter */
  o.no_sandbox = 1;
  ck_assert_int_eq(prep_batch_run(&o, fake, NULL, &d), 0);
  got = slurp(path);
  ck_assert_ptr_nonnull(strstr(got, "socket=open"));
  ck_assert_ptr_nonnull(strstr(got, "exec=open"));
  free(got);
  fclose(log);
  prep_diag_free(&d);
  rm_rf(dir);
  free(dir);
}
END_TEST

START_TEST(batch_interrupt)
{
  char *dir = mkdtemp_s();
  char in[8][512], out[512];
  const char *inputs[8];
  static const char *const words[] = {"ok", "ok", "sleep", "sleep",
                                      "ok", "ok", "ok", "ok"};
  for (int i = 0; i < 8; i++) {
    char name[32];
    snprintf(name, sizeof name, "cv%d.txt", i);
    make_cv(dir, name, words[i], in[i], sizeof in[i]);
    inputs[i] = in[i];
  }
  snprintf(out, sizeof out, "%s/out", dir);
  pid_t me = getpid();
  pid_t killer = fork();
  if (killer == 0) {
    struct timespec ts = {0, 700 * 1000000L};
    nanosleep(&ts, NULL);
    kill(me, SIGINT);
    _exit(0);
  }
  struct prep_batch_opts o = {.inputs = inputs, .ninputs = 8, .outdir = out,
                              .jobs = 2, .progress = 2};
  o.limits.wall_seconds = 20;
  struct prep_diag d;
  prep_diag_init(&d);
  FILE *log = tmpfile();
  o.log = log;
  int rc = prep_batch_run(&o, fake, NULL, &d);
  waitpid(killer, NULL, 0);
  fclose(log);
  ck_assert_int_eq(rc, 130);
  char path[700];
  snprintf(path, sizeof path, "%s/cv0.pdf", out);
  ck_assert_int_eq(access(path, F_OK), 0); /* finished packs stay */
  snprintf(path, sizeof path, "%s/cv2.pdf", out);
  ck_assert_int_eq(access(path, F_OK), -1);
  ck_assert_int_eq(hidden_entries(out), 0);
  snprintf(path, sizeof path, "%s/prepgen-report.csv", out);
  char *rep = slurp(path);
  ck_assert_ptr_nonnull(rep);
  ck_assert_msg(strstr(rep, "stopped (interrupted)"), "%s", rep);
  ck_assert_msg(strstr(rep, "not started (interrupted)"), "%s", rep);
  free(rep);
  prep_diag_free(&d);
  rm_rf(dir);
  free(dir);
}
END_TEST

START_TEST(batch_folders_and_lists)
{
  char *dir = mkdtemp_s();
  char p[700], cvs[600], sub[650], out[600], list[600];
  snprintf(cvs, sizeof cvs, "%s/cvs", dir);
  snprintf(sub, sizeof sub, "%s/cvs/group b", dir);
  ck_assert_int_eq(mkdir(cvs, 0700), 0);
  ck_assert_int_eq(mkdir(sub, 0700), 0);
  make_cv(cvs, "b.txt", "ok", p, sizeof p);
  make_cv(cvs, "A.DOCX", "ok", p, sizeof p);
  make_cv(cvs, "notes.md", "ok", p, sizeof p);
  make_cv(cvs, ".hidden.txt", "ok", p, sizeof p);
  make_cv(cvs, "~$lock.docx", "ok", p, sizeof p);
  make_cv(sub, "b.txt", "ok", p, sizeof p);
  make_cv(dir, "outside.txt", "ok", p, sizeof p);
  snprintf(p, sizeof p, "%s/cvs/link.txt", dir);
  ck_assert_int_eq(symlink("../outside.txt", p), 0);
  snprintf(p, sizeof p, "%s/cvs/zero.txt", dir);
  ck_assert_int_eq(symlink("/dev/zero", p), 0);
  snprintf(out, sizeof out, "%s/out", dir);
  /* the list names the folder (with a trailing slash) and one file twice,
   * CRLF line ends and a blank line */
  snprintf(list, sizeof list, "%s/list", dir);
  FILE *f = fopen(list, "w");
  fprintf(f, "%s/\r\n\r\n%s/outside.txt\n%s/outside.txt\n", cvs, dir, dir);
  fclose(f);
  struct prep_batch_opts o = {.from = list, .outdir = out, .jobs = 2,
                              .progress = 2};
  struct prep_arena *a = prep_arena_new();
  struct prep_batch_job *jobs;
  size_t n;
  struct prep_diag d;
  prep_diag_init(&d);
  ck_assert_int_eq(prep_batch_plan(&o, a, &jobs, &n, &d), PREP_OK);
  ck_assert_uint_eq(n, 5);
  char want[700];
  snprintf(want, sizeof want, "%s/A.DOCX", cvs);
  ck_assert_str_eq(jobs[0].input, want);
  ck_assert_str_eq(jobs[0].output, "A.pdf");
  ck_assert_str_eq(jobs[1].output, "b.pdf");
  snprintf(want, sizeof want, "%s/group b/b.txt", cvs);
  ck_assert_str_eq(jobs[2].input, want);
  ck_assert_str_eq(jobs[2].output, "group_b_b.pdf");
  ck_assert_str_eq(jobs[3].output, "outside.pdf");
  ck_assert_int_eq(jobs[4].state, PREP_BATCH_SKIPPED);
  /* the symlinks were skipped, with one warning */
  ck_assert_uint_eq(d.warnings, 1);
  ck_assert_ptr_nonnull(strstr(d.items[0].msg, "2 symbolic links"));
  /* sharding keeps the names of the whole list */
  size_t total = 0;
  for (unsigned k = 1; k <= 3; k++) {
    struct prep_batch_job *sj;
    size_t sn;
    o.shard_k = k;
    o.shard_n = 3;
    ck_assert_int_eq(prep_batch_plan(&o, a, &sj, &sn, &d), PREP_OK);
    for (size_t i = 0; i < sn; i++) {
      size_t m = 0;
      while (m < n && strcmp(jobs[m].input, sj[i].input) != 0)
        m++;
      ck_assert_uint_lt(m, n);
      if (sj[i].output)
        ck_assert_str_eq(sj[i].output, jobs[m].output);
    }
    total += sn;
  }
  ck_assert_uint_eq(total, n);
  o.shard_k = o.shard_n = 0;
  /* a full run over it */
  FILE *log = tmpfile();
  o.log = log;
  ck_assert_int_eq(prep_batch_run(&o, fake, NULL, &d), 0);
  snprintf(p, sizeof p, "%s/group_b_b.pdf", out);
  ck_assert_int_eq(access(p, F_OK), 0);
  /* --skip-existing: everything is up to date now */
  o.skip_existing = 1;
  o.progress = 0;
  ck_assert_int_eq(prep_batch_run(&o, fake, NULL, &d), 0);
  snprintf(p, sizeof p, "%s/prepgen-report.csv", out);
  char *rep = slurp(p);
  ck_assert_msg(strstr(rep, "A.pdf,skipped,up to date,"), "%s", rep);
  free(rep);
  /* a missing --from list is an input error */
  snprintf(list, sizeof list, "%s/no-such-list", dir);
  o.from = list;
  ck_assert_int_eq(prep_batch_run(&o, fake, NULL, &d), 1);
  fclose(log);
  prep_diag_free(&d);
  prep_arena_free(a);
  rm_rf(dir);
  free(dir);
}
END_TEST

/* ---- the coach report (cohort_pdf.c) ------------------------------------ */

static double fake_width(void *ctx, enum prep_font f, const char *s, size_t n)
{
  (void)ctx;
  (void)f;
  (void)s;
  return 500.0 * (double)n;
}

static int fake_has(void *ctx, enum prep_font f, unsigned cp)
{
  (void)ctx;
  (void)f;
  return cp < 0x2000 || cp == 0x201C || cp == 0x201D;
}

static const struct prep_metrics FAKE_METRICS = {NULL, fake_width, fake_has};

/* All the text of a layout, runs joined by newlines (malloc'd). */
static char *layout_text(const struct prep_layout *l)
{
  char *buf = NULL;
  size_t len = 0;
  FILE *f = open_memstream(&buf, &len);
  for (size_t p = 0; p < l->npages; p++)
    for (size_t i = 0; i < l->pages[p].nruns; i++) {
      fwrite(l->pages[p].runs[i].text, 1, l->pages[p].runs[i].len, f);
      fputc('\n', f);
    }
  fclose(f);
  return buf;
}

START_TEST(cohort_report_layout)
{
  const char *dd = getenv("PREPGEN_DATA");
  struct prep_diag d;
  prep_diag_init(&d);
  struct prep_bankset *bs = NULL;
  struct prep_taxonomy *tax = NULL;
  ck_assert_int_eq(prep_bankset_load_dir(dd && *dd ? dd : "data", &bs, &d),
                   PREP_OK);
  ck_assert_int_eq(prep_taxonomy_load(dd && *dd ? dd : "data", &tax, &d),
                   PREP_OK);
  struct prep_batch_count fam[] = {{"backend", 3}, {"data-analysis", 1}};
  struct prep_batch_count pri[] = {{"core-failure", 4}, {"no-such-q", 2}};
  struct prep_batch_count cla[] = {{"kubernetes", 2}};
  struct prep_batch_topic_stat top[] = {
      {"failure", 1, 4, 3, 1, 0, 0, 1.0},
      {"ownership", 1, 4, 1, 0, 2, 1, 0.25},
      {"databases", 0, 3, 0, 1, 1, 1, 1.0 / 3},
      {"rare-topic", 0, 1, 1, 0, 0, 0, 1.0},
  };
  struct prep_batch_student stu[] = {
      {"ok.pdf", "backend", 2, 10, 1, 2, 1},
      {"data.pdf", "data-analysis", 0, 4, 0, 2, 2},
  };
  struct prep_batch_cohort c;
  memset(&c, 0, sizeof c);
  c.cvs = 6;
  c.ok = c.with_results = 4;
  c.failed = 1;
  c.skipped = 1;
  c.with_warnings = 1;
  c.warnings = 3;
  c.families = fam;
  c.nfamilies = 2;
  c.levels[0] = 1;
  c.levels[2] = 3;
  c.topics = top;
  c.ntopics = 4;
  c.priorities = pri;
  c.npriorities = 2;
  c.claims = cla;
  c.nclaims = 1;
  c.as_of_year = 2025;
  c.as_of_month = 3;
  c.students = stu;
  c.nstudents = 2;
  for (int per = 0; per <= 1; per++) {
    struct prep_cohort_opts o = {.paper = per ? PREP_PAPER_LETTER
                                              : PREP_PAPER_A4,
                                 .banks = bs, .tax = tax,
                                 .per_student = per};
    struct prep_arena *a = prep_arena_new();
    struct prep_layout *l = prep_cohort_layout(&c, &o, &FAKE_METRICS, a);
    ck_assert_ptr_nonnull(l);
    const char *why = prep_layout_check(l);
    ck_assert_msg(why == NULL, "%s", why ? why : "");
    ck_assert_uint_ge(l->npages, 5);
    ck_assert(per ? l->width > 600 : l->width < 600); /* Letter, A4 */
    /* every chart element lies inside the page */
    for (size_t p = 0; p < l->npages; p++)
      for (size_t i = 0; i < l->pages[p].ngops; i++) {
        const struct prep_gop *g = &l->pages[p].gops[i];
        ck_assert(g->x0 >= 0 && g->x0 <= l->width);
        ck_assert(g->y0 >= 0 && g->y0 <= l->height);
      }
    char *t = layout_text(l);
    static const char *const want[] = {
        "Cohort report", "CVs as of March 2025", "Backend Software Engineer",
        "Data Analyst", "Story themes", "failure", "75%", "Technical topics",
        "databases", "Kubernetes", "What to do about it",
        "Run a mock round on failure stories", "(not in the loaded banks)",
        "\xE2\x80\x9CTell me about", NULL};
    for (int i = 0; want[i]; i++)
      ck_assert_msg(strstr(t, want[i]), "no \"%s\" in the report", want[i]);
    /* a topic only one CV is tested on stays out of the map */
    ck_assert_ptr_null(strstr(t, "rare topic"));
    if (per) {
      ck_assert_ptr_nonnull(strstr(t, "Packs by student"));
      ck_assert_ptr_nonnull(strstr(t, "data.pdf"));
      ck_assert_ptr_nonnull(strstr(t, "2 of 2"));
    } else {
      ck_assert_ptr_null(strstr(t, "Packs by student"));
      ck_assert_ptr_null(strstr(t, ".pdf"));
    }
    free(t);
    prep_arena_free(a);
  }
  /* nothing analysed: one page that says so */
  struct prep_batch_cohort e;
  memset(&e, 0, sizeof e);
  e.cvs = e.failed = 2;
  struct prep_cohort_opts o = {.paper = PREP_PAPER_A4};
  struct prep_arena *a = prep_arena_new();
  struct prep_layout *l = prep_cohort_layout(&e, &o, &FAKE_METRICS, a);
  ck_assert_ptr_null(prep_layout_check(l));
  ck_assert_uint_eq(l->npages, 1);
  char *t = layout_text(l);
  ck_assert_ptr_nonnull(strstr(t, "nothing"));
  free(t);
  prep_arena_free(a);
  prep_bankset_free(bs);
  prep_taxonomy_free(tax);
  prep_diag_free(&d);
}
END_TEST

Suite *batch_suite(void)
{
  Suite *s = suite_create("batch");
  TCase *tc = tcase_create("names");
  tcase_add_test(tc, safe_stems);
  tcase_add_test(tc, unique_names);
  tcase_add_test(tc, shards_partition);
  tcase_add_test(tc, skip_existing);
  tcase_add_test(tc, csv_quoting);
  tcase_add_test(tc, cohort_report_layout);
  suite_add_tcase(s, tc);
  tc = tcase_create("run");
  tcase_set_timeout(tc, 60);
  tcase_add_test(tc, batch_mixed);
  tcase_add_test(tc, batch_limits);
  tcase_add_test(tc, batch_sandbox);
  tcase_add_test(tc, batch_interrupt);
  tcase_add_test(tc, batch_folders_and_lists);
  suite_add_tcase(s, tc);
  return s;
}
