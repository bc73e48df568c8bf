/* batch_inputs.c - what a batch works on: the inputs (files, folders walked
 * without following symlinks, --from lists), their safe and unique output
 * names, the --shard split and the --skip-existing test (see batch.h).
 *
 * Consumes paths and file names only; never opens a CV for reading.
 */
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <sched.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/stat.h>
#include <sys/types.h>
#include <unistd.h>

#include "batch_int.h"
#include "prepgen/arena.h"
#include "prepgen/batch.h"

/* Output stems longer than this are cut: file systems allow 255 bytes and
 * "-NNN" and the suffix must still fit. */
#define STEM_MAX 80
/* Folder recursion depth: cohort folders are a few levels deep. */
#define MAX_DEPTH 16

/* ==== names and shards ================================================= */

/* Code points that must not reach a file name: C1 controls, format and
 * bidi controls, zero-width and invisible characters, private use and
 * non-characters (Trojan Source style tricks, CVE-2021-42574). */
int prep_batch_bad_cp(unsigned cp)
{
  return cp < 0xA0 || cp == 0xAD || cp == 0x34F || cp == 0x61C ||
         (cp >= 0x115F && cp <= 0x1160) || (cp >= 0x17B4 && cp <= 0x17B5) ||
         (cp >= 0x180B && cp <= 0x180F) || (cp >= 0x200B && cp <= 0x200F) ||
         (cp >= 0x2028 && cp <= 0x202F) || (cp >= 0x205F && cp <= 0x206F) ||
         cp == 0x3000 || cp == 0x3164 || (cp >= 0xD800 && cp <= 0xF8FF) ||
         (cp >= 0xFE00 && cp <= 0xFE0F) || cp == 0xFEFF || cp == 0xFFA0 ||
         (cp >= 0xFFF0 && cp <= 0xFFFF) || (cp & 0xFFFE) == 0xFFFE ||
         (cp >= 0xE0000) || (cp >= 0xFDD0 && cp <= 0xFDEF);
}

/* Decodes one UTF-8 sequence; returns its length or 0 when invalid. */
size_t prep_batch_utf8_dec(const unsigned char *s, unsigned *cp)
{
  unsigned c = s[0];
  size_t n;
  if (c < 0x80) {
    *cp = c;
    return 1;
  }
  if (c >= 0xC2 && c <= 0xDF)
    n = 2, *cp = c & 0x1F;
  else if (c >= 0xE0 && c <= 0xEF)
    n = 3, *cp = c & 0x0F;
  else if (c >= 0xF0 && c <= 0xF4)
    n = 4, *cp = c & 0x07;
  else
    return 0;
  for (size_t i = 1; i < n; i++) {
    if ((s[i] & 0xC0) != 0x80)
      return 0;
    *cp = (*cp << 6) | (s[i] & 0x3Fu);
  }
  if ((n == 3 && (*cp < 0x800 || (*cp >= 0xD800 && *cp <= 0xDFFF))) ||
      (n == 4 && (*cp < 0x10000 || *cp > 0x10FFFF)))
    return 0;
  return n;
}

int prep_batch_ascii_ok(unsigned char c)
{
  return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') ||
         (c >= '0' && c <= '9') || c == '.' || c == '-' || c == '_' ||
         c == '+';
}

/* Device names Windows refuses (packs end up on USB sticks and shares). */
static int windows_reserved(const char *s)
{
  static const char *const names[] = {"con", "prn", "aux", "nul", NULL};
  size_t n = strlen(s);
  for (int i = 0; names[i]; i++)
    if (n == 3 && strncasecmp(s, names[i], 3) == 0)
      return 1;
  return n == 4 && (strncasecmp(s, "com", 3) == 0 ||
                    strncasecmp(s, "lpt", 3) == 0) &&
         s[3] >= '1' && s[3] <= '9';
}

void prep_batch_safe_stem(const char *name, char *out, size_t outsz)
{
  size_t cap = outsz - 1 < STEM_MAX ? outsz - 1 : STEM_MAX;
  size_t len = strlen(name);
  /* drop one short extension (".docx", ".txt"), not "Jane.Doe Smith" */
  const char *dot = strrchr(name, '.'), *slash = strrchr(name, '/');
  if (dot && dot > name && (!slash || dot > slash + 1) &&
      len - (size_t)(dot - name) <= 6) {
    size_t k = 1;
    while (dot[k] && ((dot[k] >= 'a' && dot[k] <= 'z') ||
                      (dot[k] >= 'A' && dot[k] <= 'Z') ||
                      (dot[k] >= '0' && dot[k] <= '9')))
      k++;
    if (!dot[k] && k > 1)
      len = (size_t)(dot - name);
  }
  size_t o = 0;
  const unsigned char *p = (const unsigned char *)name;
  const unsigned char *end = p + len;
  while (p < end) {
    unsigned cp;
    size_t n = prep_batch_utf8_dec(p, &cp);
    if (n == 0 || p + n > end)
      n = 1, cp = 0xFFFD + 0x10000; /* invalid: becomes '_' */
    if (n == 1 && cp < 0x80 && prep_batch_ascii_ok((unsigned char)cp)) {
      if (o + 1 > cap)
        break;
      out[o++] = (char)cp;
    } else if (n > 1 && !prep_batch_bad_cp(cp)) {
      if (o + n > cap)
        break;
      memcpy(out + o, p, n);
      o += n;
    } else if (o > 0 && out[o - 1] != '_') { /* one '_' per bad run */
      if (o + 1 > cap)
        break;
      out[o++] = '_';
    }
    p += n;
  }
  out[o] = '\0';
  /* no leading '.', '-' or '_' (hidden files, options), no trailing '.',
   * '_' or '-' (Windows drops trailing dots) */
  size_t s = 0;
  while (out[s] == '.' || out[s] == '-' || out[s] == '_')
    s++;
  memmove(out, out + s, o - s + 1);
  o -= s;
  while (o > 0 && (out[o - 1] == '.' || out[o - 1] == '_' ||
                   out[o - 1] == '-'))
    out[--o] = '\0';
  if (o == 0)
    snprintf(out, outsz, "cv");
  else if (windows_reserved(out) && o + 1 <= cap) {
    out[o++] = '_';
    out[o] = '\0';
  }
}

void prep_batch_unique_names(const char *const *stems, size_t n,
                             const char *suffix,
                             const char *const *reserved,
                             struct prep_arena *a, const char **out)
{
  /* taken: names in use (case-insensitive: macOS, Windows and exFAT
   * sticks fold case).  next: per stem, the next number to try, so that
   * 1,000 CVs all called cv.docx cost O(n), not O(n^2). */
  struct prep_batch_map taken, next;
  prep_batch_map_init(&taken, a, 1);
  prep_batch_map_init(&next, a, 1);
  if (!suffix)
    suffix = "";
  for (size_t i = 0; reserved && reserved[i]; i++)
    *prep_batch_map_get(&taken, reserved[i], NULL) = 1;
  char buf[STEM_MAX + 64];
  for (size_t i = 0; i < n; i++) {
    if (!stems[i]) {
      out[i] = NULL;
      continue;
    }
    snprintf(buf, sizeof buf, "%s%s", stems[i], suffix);
    int added;
    unsigned *t = prep_batch_map_get(&taken, buf, &added);
    if (added) {
      *t = 1;
      out[i] = prep_arena_strdup(a, buf);
      continue;
    }
    unsigned *k = prep_batch_map_get(&next, stems[i], NULL);
    unsigned num = *k < 2 ? 2 : *k;
    for (;; num++) {
      snprintf(buf, sizeof buf, "%s-%u%s", stems[i], num, suffix);
      t = prep_batch_map_get(&taken, buf, &added);
      if (added) {
        *t = 1;
        break;
      }
    }
    /* the map may have grown: look the stem up again */
    *prep_batch_map_get(&next, stems[i], NULL) = num + 1;
    out[i] = prep_arena_strdup(a, buf);
  }
  prep_batch_map_free(&taken);
  prep_batch_map_free(&next);
}

uint64_t prep_batch_hash(const char *s)
{
  uint64_t h = 0xcbf29ce484222325ULL;
  for (const unsigned char *p = (const unsigned char *)s; *p; p++)
    h = (h ^ *p) * 0x100000001b3ULL;
  return h;
}

int prep_batch_in_shard(const char *path, unsigned k, unsigned n)
{
  if (n == 0)
    return 1;
  return prep_batch_hash(path) % n == (uint64_t)(k - 1);
}

int prep_batch_parse_shard(const char *s, unsigned *k, unsigned *n)
{
  char *end;
  if (!s || *s < '0' || *s > '9')
    return -1;
  unsigned long kk = strtoul(s, &end, 10);
  if (*end != '/' || end[1] < '0' || end[1] > '9')
    return -1;
  unsigned long nn = strtoul(end + 1, &end, 10);
  if (*end || nn < 1 || nn > 100000 || kk < 1 || kk > nn)
    return -1;
  *k = (unsigned)kk;
  *n = (unsigned)nn;
  return 0;
}

int prep_batch_cpus(void)
{
  cpu_set_t set;
  if (sched_getaffinity(0, sizeof set, &set) == 0) {
    int c = CPU_COUNT(&set);
    if (c > 0)
      return c;
  }
  long c = sysconf(_SC_NPROCESSORS_ONLN);
  return c > 0 ? (int)c : 1;
}

/* ==== collecting inputs ================================================ */

struct collect {
  struct prep_arena *a;
  struct prep_batch_job *jobs;
  const char **stems_src; /* what the output name derives from */
  size_t n, cap;
  struct prep_diag *d;
};

static void add_input(struct collect *c, const char *input, const char *src)
{
  if (c->n == c->cap) {
    c->cap = c->cap ? c->cap * 2 : 256;
    c->jobs = prep_xrealloc(c->jobs, c->cap * sizeof *c->jobs);
    c->stems_src = prep_xrealloc(c->stems_src, c->cap * sizeof *c->stems_src);
  }
  struct prep_batch_job *j = &c->jobs[c->n];
  memset(j, 0, sizeof *j);
  j->input = input;
  j->result = (size_t)-1;
  c->stems_src[c->n++] = src;
}

static int wanted_ext(const char *name)
{
  /* .md, .html and .json are left out: a folder of CVs often holds a
   * README.md or notes; name such CVs on the command line or in --from. */
  static const char *const exts[] = {".docx", ".odt", ".txt"};
  const char *dot = strrchr(name, '.');
  for (size_t i = 0; dot && dot != name && i < sizeof exts / sizeof *exts; i++)
    if (strcasecmp(dot, exts[i]) == 0)
      return 1;
  return 0;
}

static int cmp_names(const void *x, const void *y)
{
  return strcmp(*(const char *const *)x, *(const char *const *)y);
}

/* Walks folder `dfd` (owned; closed here).  `given` is how its entries are
 * named in messages and the report, `rel` their path inside the top
 * folder.  Symlinks are never followed: a folder entry pointing out of
 * the folder (or at /dev/zero) is skipped, not read. */
static void walk(struct collect *c, int dfd, const char *given,
                 const char *rel, int depth, unsigned *symlinks)
{
  DIR *dir = fdopendir(dfd);
  if (!dir) {
    close(dfd);
    return;
  }
  char **names = NULL;
  size_t n = 0, cap = 0;
  struct dirent *e;
  while ((e = readdir(dir)) != NULL) {
    /* hidden files and folders (our own temp folder among them) and
     * Word's "~$name.docx" lock files are not CVs */
    if (e->d_name[0] == '.' || (e->d_name[0] == '~' && e->d_name[1] == '$'))
      continue;
    if (n == cap) {
      cap = cap ? cap * 2 : 64;
      names = prep_xrealloc(names, cap * sizeof *names);
    }
    names[n++] = prep_arena_strdup(c->a, e->d_name);
  }
  if (n > 1) /* qsort(NULL, 0, ...) is undefined (glibc: nonnull) */
    qsort(names, n, sizeof *names, cmp_names);
  for (size_t i = 0; i < n; i++) {
    struct stat st;
    if (fstatat(dfd, names[i], &st, AT_SYMLINK_NOFOLLOW) != 0)
      continue;
    const char *sep = given[0] && given[strlen(given) - 1] == '/' ? "" : "/";
    if (S_ISLNK(st.st_mode)) {
      (*symlinks)++;
    } else if (S_ISDIR(st.st_mode) && depth < MAX_DEPTH) {
      int sub = openat(dfd, names[i],
                       O_RDONLY | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC);
      if (sub >= 0)
        walk(c, sub, prep_arena_printf(c->a, "%s%s%s", given, sep, names[i]),
             rel[0] ? prep_arena_printf(c->a, "%s/%s", rel, names[i])
                    : names[i],
             depth + 1, symlinks);
    } else if (S_ISREG(st.st_mode) && wanted_ext(names[i])) {
      add_input(c, prep_arena_printf(c->a, "%s%s%s", given, sep, names[i]),
                rel[0] ? prep_arena_printf(c->a, "%s/%s", rel, names[i])
                       : names[i]);
    }
  }
  free(names);
  closedir(dir);
}

/* One input as given: a folder is walked, anything else is a CV (a
 * missing file fails in its worker, with the reader's message). */
static void collect_one(struct collect *c, const char *path)
{
  struct stat st;
  if (stat(path, &st) == 0 && S_ISDIR(st.st_mode)) {
    int dfd = open(path, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
    if (dfd < 0) {
      prep_diag_add(c->d, PREP_SEV_ERROR, path, NULL,
                    "cannot open folder: %s", strerror(errno));
      add_input(c, path, NULL);
      c->jobs[c->n - 1].state = PREP_BATCH_FAILED;
      c->jobs[c->n - 1].reason = prep_arena_printf(
          c->a, "cannot open folder: %s", strerror(errno));
      return;
    }
    unsigned links = 0;
    size_t before = c->n;
    walk(c, dfd, path, "", 0, &links);
    if (links)
      prep_diag_add(c->d, PREP_SEV_WARNING, path, NULL,
                    "skipped %u symbolic link%s (links are not followed)",
                    links, links == 1 ? "" : "s");
    if (c->n == before)
      prep_diag_add(c->d, PREP_SEV_WARNING, path, NULL,
                    "no .docx, .odt or .txt files in this folder");
    return;
  }
  const char *base = strrchr(path, '/');
  add_input(c, path, base && base[1] ? base + 1 : path);
}

static enum prep_status read_list(struct collect *c, const char *from)
{
  FILE *f = strcmp(from, "-") == 0 ? stdin : fopen(from, "r");
  const char *name = strcmp(from, "-") == 0 ? "standard input" : from;
  if (!f) {
    prep_diag_add(c->d, PREP_SEV_ERROR, name, NULL, "cannot open: %s",
                  strerror(errno));
    return PREP_EINPUT;
  }
  char *line = NULL;
  size_t cap = 0;
  ssize_t len;
  unsigned lineno = 0;
  while ((len = getline(&line, &cap, f)) >= 0) {
    lineno++;
    while (len > 0 && (line[len - 1] == '\n' || line[len - 1] == '\r'))
      line[--len] = '\0';
    if (len == 0)
      continue;
    if ((size_t)len != strlen(line)) {
      char where[32];
      snprintf(where, sizeof where, "line %u", lineno);
      prep_diag_add(c->d, PREP_SEV_WARNING, name, where,
                    "a NUL byte in a path; line ignored");
      continue;
    }
    collect_one(c, prep_arena_strndup(c->a, line, (size_t)len));
  }
  int err = ferror(f);
  free(line);
  if (f != stdin)
    fclose(f);
  if (err) {
    prep_diag_add(c->d, PREP_SEV_ERROR, name, NULL, "read error");
    return PREP_EINPUT;
  }
  return PREP_OK;
}

enum prep_status prep_batch_plan(const struct prep_batch_opts *o,
                                 struct prep_arena *a,
                                 struct prep_batch_job **jobs, size_t *n,
                                 struct prep_diag *d)
{
  struct collect c = {.a = a, .d = d};
  for (size_t i = 0; i < o->ninputs; i++)
    collect_one(&c, o->inputs[i]);
  enum prep_status st = PREP_OK;
  if (o->from)
    st = read_list(&c, o->from);
  /* repeated paths run once; the repeats are reported as skipped */
  struct prep_batch_map seen;
  prep_batch_map_init(&seen, a, 0);
  const char **stems = prep_xcalloc(c.n + 1, sizeof *stems);
  for (size_t i = 0; i < c.n; i++) {
    int added;
    prep_batch_map_get(&seen, c.jobs[i].input, &added);
    if (!added && c.jobs[i].state == PREP_BATCH_TODO) {
      c.jobs[i].state = PREP_BATCH_SKIPPED;
      c.jobs[i].reason = "listed more than once";
    }
    if (c.jobs[i].state != PREP_BATCH_TODO || !c.stems_src[i])
      continue;
    char buf[STEM_MAX + 8];
    prep_batch_safe_stem(c.stems_src[i], buf, sizeof buf);
    stems[i] = prep_arena_strdup(a, buf);
  }
  prep_batch_map_free(&seen);
  /* names over the whole list, before sharding, so every shard agrees */
  static const char *const reserved[] = {
      "cohort.pdf", "cohort.csv", "cohort-students.csv", "prepgen-report.csv",
      NULL};
  const char **names = prep_xcalloc(c.n + 1, sizeof *names);
  prep_batch_unique_names(stems, c.n, o->suffix ? o->suffix : ".pdf",
                          reserved, a, names);
  size_t k = 0;
  for (size_t i = 0; i < c.n; i++) {
    if (!prep_batch_in_shard(c.jobs[i].input, o->shard_k, o->shard_n))
      continue;
    c.jobs[k] = c.jobs[i];
    c.jobs[k++].output = names[i];
  }
  struct prep_batch_job *out = prep_arena_alloc(a, (k + 1) * sizeof *out);
  if (k)
    memcpy(out, c.jobs, k * sizeof *out);
  free(c.jobs);
  free(c.stems_src);
  free(stems);
  free(names);
  *jobs = out;
  *n = k;
  return st;
}

/* ==== freshness (--skip-existing) ====================================== */

static int64_t mtime_ns(const struct stat *st)
{
  return (int64_t)st->st_mtim.tv_sec * 1000000000 + st->st_mtim.tv_nsec;
}

int prep_batch_is_fresh(const char *input, const char *output,
                        int64_t deps_mtime_ns)
{
  struct stat si, so;
  if (stat(output, &so) != 0 || !S_ISREG(so.st_mode) ||
      stat(input, &si) != 0)
    return 0;
  return mtime_ns(&so) > mtime_ns(&si) && mtime_ns(&so) > deps_mtime_ns;
}

static int64_t newest_in(const char *path, int depth)
{
  struct stat st;
  if (stat(path, &st) != 0)
    return 0;
  int64_t best = mtime_ns(&st);
  if (!S_ISDIR(st.st_mode) || depth > 4)
    return best;
  DIR *dir = opendir(path);
  if (!dir)
    return best;
  struct dirent *e;
  char sub[PATH_MAX];
  while ((e = readdir(dir)) != NULL) {
    if (strcmp(e->d_name, ".") == 0 || strcmp(e->d_name, "..") == 0)
      continue;
    if ((size_t)snprintf(sub, sizeof sub, "%s/%s", path, e->d_name) >=
        sizeof sub)
      continue;
    int64_t t = newest_in(sub, depth + 1);
    if (t > best)
      best = t;
  }
  closedir(dir);
  return best;
}

int64_t prep_batch_newest_mtime(const char *const *paths, size_t n)
{
  int64_t best = 0;
  for (size_t i = 0; i < n; i++) {
    int64_t t = paths[i] ? newest_in(paths[i], 0) : 0;
    if (t > best)
      best = t;
  }
  return best;
}

