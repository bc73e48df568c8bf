/* batch_report.c - what a batch writes besides the outputs: the result
 * record a worker fills from its plan, the CSV writer, the per-input report
 * (prepgen-report.csv) and the cohort aggregate (cohort.csv, and with
 * --per-student cohort-students.csv).
 *
 * Consumes only result records (ids from the data files and counts) and
 * the job list (input names as given, output names, reasons in words).
 * It never sees CV text, so nothing here can leak it.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "batch_int.h"
#include "prepgen/arena.h"
#include "prepgen/bank.h"
#include "prepgen/batch.h"
#include "prepgen/plan.h"

/* How many priorities and claim risks cohort.csv lists. */
#define TOP_ROWS 25

/* ==== ids and the result record ======================================= */

void prep_batch_id_copy(char *dst, const char *src)
{
  size_t i = 0;
  if (src)
    for (; i < PREP_BATCH_ID_MAX - 1 && src[i]; i++) {
      unsigned char c = (unsigned char)src[i];
      dst[i] = (c > 0x20 && c < 0x7F && c != ',' && c != '"' && c != ';')
                   ? (char)c : '_';
    }
  dst[i] = '\0';
}

void prep_batch_result_from_plan(struct prep_batch_result *res,
                                 const struct prep_plan *plan)
{
  memset(res, 0, sizeof *res);
  res->level = -1;
  if (!plan)
    return;
  if (plan->role) {
    prep_batch_id_copy(res->role, plan->role->id);
    prep_batch_id_copy(res->family, plan->role->family);
  }
  res->level = (int)plan->level;
  res->general = plan->general;
  res->nquestions = (unsigned)plan->nitems;
  res->nprimary = (unsigned)plan->nprimary;
  res->nstories = (unsigned)plan->nstories;
  res->nclaims = (unsigned)plan->nclaims;
  for (size_t i = 0; i < plan->npriorities &&
                     res->npriorities < PREP_BATCH_MAX_PRIORITIES; i++) {
    size_t k = plan->priorities[i];
    if (k < plan->nitems && plan->items[k].q)
      prep_batch_id_copy(res->priorities[res->npriorities++],
                         plan->items[k].q->id);
  }
  for (size_t i = 0; i < plan->nclaims &&
                     res->nclaim_skills < PREP_BATCH_MAX_CLAIMS; i++)
    prep_batch_id_copy(res->claim_skills[res->nclaim_skills++],
                       plan->claims[i].id);
  for (size_t i = 0; i < plan->ntopics &&
                     res->ntopics < PREP_BATCH_MAX_TOPICS; i++) {
    struct prep_batch_topic *t = &res->topics[res->ntopics++];
    prep_batch_id_copy(t->tag, plan->topics[i].tag);
    t->grade = (unsigned char)plan->topics[i].grade;
    t->is_theme = (unsigned char)(plan->topics[i].is_theme != 0);
  }
}

/* ==== string map ======================================================= */

static uint64_t key_hash(const char *s, int icase)
{
  uint64_t h = 0xcbf29ce484222325ULL;
  for (; *s; s++) {
    unsigned char c = (unsigned char)*s;
    if (icase && c >= 'A' && c <= 'Z')
      c = (unsigned char)(c - 'A' + 'a');
    h = (h ^ c) * 0x100000001b3ULL;
  }
  return h;
}

static int key_eq(const char *x, const char *y, int icase)
{
  if (!icase)
    return strcmp(x, y) == 0;
  for (;; x++, y++) {
    unsigned char a = (unsigned char)*x, b = (unsigned char)*y;
    if (a >= 'A' && a <= 'Z')
      a = (unsigned char)(a - 'A' + 'a');
    if (b >= 'A' && b <= 'Z')
      b = (unsigned char)(b - 'A' + 'a');
    if (a != b)
      return 0;
    if (!a)
      return 1;
  }
}

void prep_batch_map_init(struct prep_batch_map *m, struct prep_arena *a,
                         int icase)
{
  memset(m, 0, sizeof *m);
  m->a = a;
  m->icase = icase;
}

void prep_batch_map_free(struct prep_batch_map *m)
{
  free(m->keys);
  free(m->vals);
  memset(m, 0, sizeof *m);
}

static size_t slot_of(const struct prep_batch_map *m, const char *key)
{
  size_t mask = m->cap - 1, i = (size_t)key_hash(key, m->icase) & mask;
  while (m->keys[i] && !key_eq(m->keys[i], key, m->icase))
    i = (i + 1) & mask;
  return i;
}

static void map_grow(struct prep_batch_map *m)
{
  struct prep_batch_map old = *m;
  m->cap = old.cap ? old.cap * 2 : 64;
  m->keys = prep_xcalloc(m->cap, sizeof *m->keys);
  m->vals = prep_xcalloc(m->cap, sizeof *m->vals);
  for (size_t i = 0; i < old.cap; i++)
    if (old.keys[i]) {
      size_t j = slot_of(m, old.keys[i]);
      m->keys[j] = old.keys[i];
      m->vals[j] = old.vals[i];
    }
  free(old.keys);
  free(old.vals);
}

unsigned *prep_batch_map_get(struct prep_batch_map *m, const char *key,
                             int *added)
{
  if (added)
    *added = 0;
  if ((m->count + 1) * 2 > m->cap) /* load factor <= 1/2 */
    map_grow(m);
  size_t i = slot_of(m, key);
  if (!m->keys[i]) {
    m->keys[i] = prep_arena_strdup(m->a, key);
    m->vals[i] = 0;
    m->count++;
    if (added)
      *added = 1;
  }
  return &m->vals[i];
}

unsigned *prep_batch_map_find(const struct prep_batch_map *m,
                              const char *key)
{
  if (!m->cap)
    return NULL;
  size_t i = slot_of(m, key);
  return m->keys[i] ? &m->vals[i] : NULL;
}

/* ==== CSV =============================================================== */

/* Length of a valid UTF-8 sequence at s, or 0. */
static size_t utf8_len(const unsigned char *s)
{
  unsigned c = s[0];
  size_t n;
  unsigned cp;
  if (c < 0x80)
    return 1;
  if (c >= 0xC2 && c <= 0xDF)
    n = 2, cp = c & 0x1F;
  else if (c >= 0xE0 && c <= 0xEF)
    n = 3, cp = c & 0x0F;
  else if (c >= 0xF0 && c <= 0xF4)
    n = 4, cp = c & 0x07;
  else
    return 0;
  for (size_t i = 1; i < n; i++) {
    if ((s[i] & 0xC0) != 0x80)
      return 0;
    cp = (cp << 6) | (s[i] & 0x3Fu);
  }
  if ((n == 3 && (cp < 0x800 || (cp >= 0xD800 && cp <= 0xDFFF))) ||
      (n == 4 && (cp < 0x10000 || cp > 0x10FFFF)))
    return 0;
  return n;
}

int prep_batch_csv_field(FILE *f, const char *s)
{
  if (!s)
    s = "";
  size_t len = strlen(s);
  int quote = len && (s[0] == ' ' || s[len - 1] == ' ');
  for (const char *p = s; *p && !quote; p++)
    quote = (*p == ',' || *p == '"' || *p == '\n' || *p == '\r');
  if (quote)
    putc('"', f);
  /* Spreadsheets run a cell starting with = + - @ (or tab/CR) as a
   * formula: an input file named "=HYPERLINK(...).docx" must stay text. */
  if (strchr("=+-@\t\r", s[0]) && s[0])
    putc('\'', f);
  for (const unsigned char *p = (const unsigned char *)s; *p;) {
    size_t n = utf8_len(p);
    if (n == 0 || *p < 0x20 || *p == 0x7F) {
      fprintf(f, "\\x%02x", *p);
      p++;
      continue;
    }
    if (*p == '"')
      putc('"', f);
    fwrite(p, 1, n, f);
    p += n;
  }
  if (quote)
    putc('"', f);
  return ferror(f) ? -1 : 0;
}

/* Opens a temp file in tmpdir for an atomic write. */
static FILE *open_tmp(const char *tmpdir, char *tmp, size_t tmpsz)
{
  snprintf(tmp, tmpsz, "%s/.prepgen-csv.XXXXXX", tmpdir);
  int fd = mkstemp(tmp); /* 0600: rows name the students' files */
  if (fd < 0)
    return NULL;
  FILE *f = fdopen(fd, "w");
  if (!f) {
    close(fd);
    unlink(tmp);
  }
  return f;
}

static int close_tmp(FILE *f, const char *tmp, const char *path)
{
  int bad = fflush(f) != 0 || ferror(f) || fsync(fileno(f)) != 0;
  int err = errno;
  if (fclose(f) != 0 && !bad) {
    bad = 1;
    err = errno;
  }
  if (!bad && rename(tmp, path) != 0) {
    bad = 1;
    err = errno;
  }
  if (bad) {
    unlink(tmp);
    errno = err;
    return -1;
  }
  return 0;
}

static const char *state_name(enum prep_batch_state s)
{
  switch (s) {
  case PREP_BATCH_OK: return "ok";
  case PREP_BATCH_FAILED: return "failed";
  case PREP_BATCH_SKIPPED: return "skipped";
  case PREP_BATCH_TODO: break;
  }
  return "skipped";
}

int prep_batch_write_report(const char *path, const char *tmpdir,
                            const struct prep_batch_job *jobs, size_t n)
{
  char tmp[4096];
  FILE *f = open_tmp(tmpdir, tmp, sizeof tmp);
  if (!f)
    return -1;
  fputs("input,output,status,reason,seconds\n", f);
  for (size_t i = 0; i < n; i++) {
    const struct prep_batch_job *j = &jobs[i];
    prep_batch_csv_field(f, j->input);
    putc(',', f);
    prep_batch_csv_field(f, j->output ? j->output : "");
    putc(',', f);
    prep_batch_csv_field(f, state_name(j->state));
    putc(',', f);
    prep_batch_csv_field(f, j->state == PREP_BATCH_TODO
                                ? "not started (interrupted)"
                                : (j->reason ? j->reason : ""));
    if (j->state == PREP_BATCH_OK || j->state == PREP_BATCH_FAILED)
      fprintf(f, ",%.3f\n", j->seconds);
    else
      fputs(",\n", f);
  }
  return close_tmp(f, tmp, path);
}

/* ==== the cohort aggregate ============================================= */

struct student {
  const char *family;
  int level;
  unsigned npriorities, nclaims;
  unsigned ntopics;
  unsigned *tags;        /* indexes into acc->stats */
  unsigned char *grades;
};

struct prep_batch_acc {
  struct prep_arena *a;
  int per_student;
  struct prep_batch_map families, priorities, claims, tags;
  struct prep_batch_topic_stat *stats; /* indexed by the tags map value */
  size_t nstats, capstats;
  unsigned levels[5];
  unsigned with_results, with_warnings, warnings, general;
  int as_of; /* newest as-of month seen, year * 12 + month - 1; 0 = none */
  struct student *students;
  size_t nstudents, capstudents;
  struct prep_batch_cohort out;
};

struct prep_batch_acc *prep_batch_acc_new(struct prep_arena *a,
                                          int per_student)
{
  struct prep_batch_acc *acc = prep_xcalloc(1, sizeof *acc);
  acc->a = a;
  acc->per_student = per_student;
  prep_batch_map_init(&acc->families, a, 0);
  prep_batch_map_init(&acc->priorities, a, 0);
  prep_batch_map_init(&acc->claims, a, 0);
  prep_batch_map_init(&acc->tags, a, 0);
  return acc;
}

void prep_batch_acc_free(struct prep_batch_acc *acc)
{
  if (!acc)
    return;
  prep_batch_map_free(&acc->families);
  prep_batch_map_free(&acc->priorities);
  prep_batch_map_free(&acc->claims);
  prep_batch_map_free(&acc->tags);
  free(acc->stats);
  free(acc->students);
  free(acc);
}

/* Index of tag in acc->stats, added on first sight. */
static unsigned tag_index(struct prep_batch_acc *acc, const char *tag,
                          int is_theme)
{
  int added;
  unsigned *v = prep_batch_map_get(&acc->tags, tag, &added);
  if (added) {
    if (acc->nstats == acc->capstats) {
      acc->capstats = acc->capstats ? acc->capstats * 2 : 64;
      acc->stats = prep_xrealloc(acc->stats,
                                 acc->capstats * sizeof *acc->stats);
    }
    struct prep_batch_topic_stat *s = &acc->stats[acc->nstats];
    memset(s, 0, sizeof *s);
    s->tag = prep_arena_strdup(acc->a, tag);
    s->is_theme = is_theme;
    *v = (unsigned)acc->nstats++;
  }
  return *v;
}

size_t prep_batch_acc_add(struct prep_batch_acc *acc,
                          const struct prep_batch_result *r)
{
  acc->warnings += r->nwarnings;
  if (r->nwarnings)
    acc->with_warnings++;
  /* a CV with too little text says nothing about the cohort: counted,
   * kept out of the families, levels, heat maps and priorities */
  if (r->general) {
    acc->general++;
    return (size_t)-1;
  }
  acc->with_results++;
  (*prep_batch_map_get(&acc->families, r->family[0] ? r->family : "unknown",
                       NULL))++;
  acc->levels[r->level >= 0 && r->level < 4 ? r->level : 4]++;
  if (r->as_of_year >= 1900 && r->as_of_year <= 2200 &&
      r->as_of_month >= 1 && r->as_of_month <= 12 &&
      r->as_of_year * 12 + r->as_of_month - 1 > acc->as_of)
    acc->as_of = r->as_of_year * 12 + r->as_of_month - 1;
  unsigned np = r->npriorities < PREP_BATCH_MAX_PRIORITIES
                    ? r->npriorities : PREP_BATCH_MAX_PRIORITIES;
  for (unsigned i = 0; i < np; i++)
    if (r->priorities[i][0])
      (*prep_batch_map_get(&acc->priorities, r->priorities[i], NULL))++;
  unsigned nc = r->nclaim_skills < PREP_BATCH_MAX_CLAIMS
                    ? r->nclaim_skills : PREP_BATCH_MAX_CLAIMS;
  for (unsigned i = 0; i < nc; i++)
    if (r->claim_skills[i][0])
      (*prep_batch_map_get(&acc->claims, r->claim_skills[i], NULL))++;
  unsigned nt = r->ntopics < PREP_BATCH_MAX_TOPICS ? r->ntopics
                                                   : PREP_BATCH_MAX_TOPICS;
  struct student *st = NULL;
  if (acc->per_student) {
    if (acc->nstudents == acc->capstudents) {
      acc->capstudents = acc->capstudents ? acc->capstudents * 2 : 64;
      acc->students = prep_xrealloc(acc->students,
                                    acc->capstudents * sizeof *acc->students);
    }
    st = &acc->students[acc->nstudents];
    st->family = prep_arena_strdup(acc->a, r->family[0] ? r->family
                                                        : "unknown");
    st->level = r->level >= 0 && r->level < 4 ? r->level : -1;
    st->npriorities = r->npriorities;
    st->nclaims = r->nclaims;
    st->ntopics = 0;
    st->tags = prep_arena_alloc(acc->a, (nt + 1) * sizeof *st->tags);
    st->grades = prep_arena_alloc(acc->a, nt + 1);
  }
  for (unsigned i = 0; i < nt; i++) {
    const struct prep_batch_topic *t = &r->topics[i];
    if (!t->tag[0])
      continue;
    unsigned k = tag_index(acc, t->tag, t->is_theme);
    struct prep_batch_topic_stat *s = &acc->stats[k];
    s->graded++;
    switch (t->grade) {
    case PREP_GRADE_NONE: s->none++; break;
    case PREP_GRADE_WEAK: s->weak++; break;
    case PREP_GRADE_MEDIUM: s->medium++; break;
    default: s->strong++; break;
    }
    if (st) {
      st->tags[st->ntopics] = k;
      st->grades[st->ntopics++] = t->grade > 3 ? 3 : t->grade;
    }
  }
  return st ? acc->nstudents++ : (size_t)-1;
}

static int count_cmp(const void *x, const void *y)
{
  const struct prep_batch_count *a = x, *b = y;
  if (a->n != b->n)
    return a->n > b->n ? -1 : 1;
  return strcmp(a->key, b->key);
}

static int topic_cmp(const void *x, const void *y)
{
  const struct prep_batch_topic_stat *a = x, *b = y;
  if (a->share_weak_or_none != b->share_weak_or_none)
    return a->share_weak_or_none > b->share_weak_or_none ? -1 : 1;
  return strcmp(a->tag, b->tag);
}

static struct prep_batch_count *counts_of(struct prep_arena *a,
                                          const struct prep_batch_map *m,
                                          size_t *n)
{
  struct prep_batch_count *v = prep_arena_alloc(a, (m->count + 1) * sizeof *v);
  size_t k = 0;
  for (size_t i = 0; i < m->cap; i++)
    if (m->keys[i]) {
      v[k].key = m->keys[i];
      v[k++].n = m->vals[i];
    }
  qsort(v, k, sizeof *v, count_cmp);
  *n = k;
  return v;
}

const struct prep_batch_cohort *
prep_batch_acc_finish(struct prep_batch_acc *acc,
                      const struct prep_batch_job *jobs, size_t n)
{
  struct prep_batch_cohort *c = &acc->out;
  memset(c, 0, sizeof *c);
  c->cvs = (unsigned)n;
  for (size_t i = 0; i < n; i++) {
    if (jobs[i].state == PREP_BATCH_OK)
      c->ok++;
    else if (jobs[i].state == PREP_BATCH_FAILED)
      c->failed++;
    else
      c->skipped++;
  }
  c->with_results = acc->with_results;
  c->general = acc->general;
  c->with_warnings = acc->with_warnings;
  c->warnings = acc->warnings;
  memcpy(c->levels, acc->levels, sizeof c->levels);
  c->families = counts_of(acc->a, &acc->families, &c->nfamilies);
  c->priorities = counts_of(acc->a, &acc->priorities, &c->npriorities);
  c->claims = counts_of(acc->a, &acc->claims, &c->nclaims);
  c->topics = prep_arena_alloc(acc->a, (acc->nstats + 1) * sizeof *c->topics);
  for (size_t i = 0; i < acc->nstats; i++) {
    c->topics[i] = acc->stats[i];
    struct prep_batch_topic_stat *s = &c->topics[i];
    s->share_weak_or_none =
        s->graded ? (double)(s->none + s->weak) / s->graded : 0.0;
  }
  c->ntopics = acc->nstats;
  qsort(c->topics, c->ntopics, sizeof *c->topics, topic_cmp);
  if (acc->as_of) {
    c->as_of_year = acc->as_of / 12;
    c->as_of_month = acc->as_of % 12 + 1;
  }
  if (acc->per_student) {
    c->students = prep_arena_alloc(acc->a, (acc->nstudents + 1) *
                                               sizeof *c->students);
    for (size_t i = 0; i < n; i++) {
      const struct prep_batch_job *j = &jobs[i];
      if (j->result == (size_t)-1 || j->result >= acc->nstudents ||
          !j->output)
        continue;
      const struct student *st = &acc->students[j->result];
      struct prep_batch_student *o = &c->students[c->nstudents++];
      o->output = j->output;
      o->family = st->family;
      o->level = st->level;
      o->npriorities = st->npriorities;
      o->nclaims = st->nclaims;
      for (unsigned t = 0; t < st->ntopics; t++)
        if (st->tags[t] < acc->nstats && acc->stats[st->tags[t]].is_theme) {
          o->nthemes++;
          o->nthemes_thin += st->grades[t] <= PREP_GRADE_WEAK;
        }
    }
  }
  return c;
}

/* One row of cohort.csv: section,key,count,total,share,weak,none. */
static void cohort_row(FILE *f, const char *section, const char *key,
                       unsigned count, unsigned total, int with_grades,
                       unsigned weak, unsigned none)
{
  prep_batch_csv_field(f, section);
  putc(',', f);
  prep_batch_csv_field(f, key);
  fprintf(f, ",%u,%u,", count, total);
  if (total)
    fprintf(f, "%.3f", (double)count / total);
  if (with_grades)
    fprintf(f, ",%u,%u\n", weak, none);
  else
    fputs(",,\n", f);
}

static const char *level_key(int i)
{
  return i < 4 ? prep_level_name((enum prep_level)i) : "unknown";
}

int prep_batch_write_cohort(const char *path, const char *tmpdir,
                            const struct prep_batch_cohort *c)
{
  char tmp[4096];
  FILE *f = open_tmp(tmpdir, tmp, sizeof tmp);
  if (!f)
    return -1;
  fputs("section,key,count,total,share,weak,none\n", f);
  cohort_row(f, "cvs", "inputs", c->cvs, 0, 0, 0, 0);
  cohort_row(f, "cvs", "ok", c->ok, c->cvs, 0, 0, 0);
  cohort_row(f, "cvs", "failed", c->failed, c->cvs, 0, 0, 0);
  cohort_row(f, "cvs", "skipped", c->skipped, c->cvs, 0, 0, 0);
  cohort_row(f, "cvs", "analysed", c->with_results, c->cvs, 0, 0, 0);
  cohort_row(f, "cvs", "too_little_text", c->general, c->cvs, 0, 0, 0);
  unsigned tot = c->with_results;
  for (size_t i = 0; i < c->nfamilies; i++)
    cohort_row(f, "family", c->families[i].key, c->families[i].n, tot, 0, 0,
               0);
  for (int i = 0; i < 5; i++)
    cohort_row(f, "level", level_key(i), c->levels[i], tot, 0, 0, 0);
  for (size_t i = 0; i < c->ntopics; i++) {
    const struct prep_batch_topic_stat *s = &c->topics[i];
    cohort_row(f, s->is_theme ? "theme_weak_or_none" : "topic_weak_or_none",
               s->tag, s->weak + s->none, s->graded, 1, s->weak, s->none);
  }
  for (size_t i = 0; i < c->npriorities && i < TOP_ROWS; i++)
    cohort_row(f, "prep_priority", c->priorities[i].key, c->priorities[i].n,
               tot, 0, 0, 0);
  for (size_t i = 0; i < c->nclaims && i < TOP_ROWS; i++)
    cohort_row(f, "claim_risk", c->claims[i].key, c->claims[i].n, tot, 0, 0,
               0);
  cohort_row(f, "parse_warnings", "cvs_with_warnings", c->with_warnings, tot,
             0, 0, 0);
  cohort_row(f, "parse_warnings", "warnings", c->warnings, 0, 0, 0, 0);
  return close_tmp(f, tmp, path);
}

/* Sorts tag indexes by tag name: an insertion sort (no qsort_r in C11;
 * the cohort has a few hundred tags at most). */
static void sort_idx(unsigned *v, size_t n,
                     const struct prep_batch_topic_stat *s)
{
  for (size_t i = 1; i < n; i++) {
    unsigned x = v[i];
    size_t j = i;
    while (j > 0 && strcmp(s[v[j - 1]].tag, s[x].tag) > 0) {
      v[j] = v[j - 1];
      j--;
    }
    v[j] = x;
  }
}

int prep_batch_write_students(const char *path, const char *tmpdir,
                              const struct prep_batch_acc *acc,
                              const struct prep_batch_job *jobs, size_t n)
{
  char tmp[4096];
  FILE *f = open_tmp(tmpdir, tmp, sizeof tmp);
  if (!f)
    return -1;
  /* columns: every tag seen, by name; col[k] = column of stats[k] */
  size_t nt = acc->nstats;
  unsigned *order = prep_xcalloc(nt + 1, sizeof *order);
  unsigned *col = prep_xcalloc(nt + 1, sizeof *col);
  for (size_t k = 0; k < nt; k++)
    order[k] = (unsigned)k;
  sort_idx(order, nt, acc->stats);
  for (size_t k = 0; k < nt; k++)
    col[order[k]] = (unsigned)k;
  fputs("output,family,level", f);
  for (size_t k = 0; k < nt; k++) {
    putc(',', f);
    prep_batch_csv_field(f, acc->stats[order[k]].tag);
  }
  putc('\n', f);
  const char **cells = prep_xcalloc(nt + 1, sizeof *cells);
  for (size_t i = 0; i < n; i++) {
    const struct prep_batch_job *j = &jobs[i];
    if (j->result == (size_t)-1 || j->result >= acc->nstudents)
      continue;
    const struct student *s = &acc->students[j->result];
    prep_batch_csv_field(f, j->output);
    putc(',', f);
    prep_batch_csv_field(f, s->family);
    putc(',', f);
    prep_batch_csv_field(f, level_key(s->level >= 0 && s->level < 4
                                          ? s->level : 4));
    for (size_t k = 0; k < nt; k++)
      cells[k] = "";
    for (unsigned t = 0; t < s->ntopics; t++)
      cells[col[s->tags[t]]] = prep_grade_name((enum prep_grade)s->grades[t]);
    for (size_t k = 0; k < nt; k++) {
      putc(',', f);
      prep_batch_csv_field(f, cells[k]);
    }
    putc('\n', f);
  }
  free(cells);
  free(order);
  free(col);
  return close_tmp(f, tmp, path);
}
