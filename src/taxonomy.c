/* taxonomy.c - loads the extraction data files and compiles the patterns.
 *
 * Owner: extraction stage (issue 3).  Consumes data/skills.tsv,
 * sections.tsv, months.tsv, themes.tsv, titles.tsv (formats in
 * data/FORMATS-extract.md) and data/tags.tsv (to check tag names).
 * Produces a read-only struct prep_taxonomy: hash tables for aliases,
 * section names, month words and title words, plus every PCRE2 pattern
 * compiled and JIT-compiled once per process.  Loading stops at the first
 * bad row and reports FILE + "line N" + the problem.
 *
 * The month alternation inside the date patterns is built from months.tsv,
 * so a new language needs a data row, not code.
 */
#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "extract_int.h"
#include "prepgen/arena.h"
#include "prepgen/buf.h"
#include "prepgen/tags.h"
#include "prepgen/text.h"

/* Data files are small; 4 MiB stops a wrong path early. */
#define DATA_MAX_BYTES (4u * 1024u * 1024u)
/* Fields per row we look at. */
#define MAX_FIELDS 12

/* ===================================================================== */
/* string -> int hash                                                     */
/* ===================================================================== */

static size_t hash_bytes(const char *s, size_t n)
{
  size_t h = 1469598103934665603ull & (size_t)-1;
  for (size_t i = 0; i < n; i++) {
    h ^= (unsigned char)s[i];
    h *= (size_t)1099511628211ull;
  }
  return h;
}

void xmap_init(struct xmap *m) { memset(m, 0, sizeof *m); }

void xmap_free(struct xmap *m)
{
  free(m->keys);
  free(m->vals);
  memset(m, 0, sizeof *m);
}

static void xmap_grow(struct xmap *m)
{
  size_t ncap = m->cap ? m->cap * 2 : 256;
  const char **nk = prep_xcalloc(ncap, sizeof *nk);
  int *nv = prep_xcalloc(ncap, sizeof *nv);
  for (size_t i = 0; i < m->cap; i++) {
    if (!m->keys[i])
      continue;
    size_t h = hash_bytes(m->keys[i], strlen(m->keys[i])) & (ncap - 1);
    while (nk[h])
      h = (h + 1) & (ncap - 1);
    nk[h] = m->keys[i];
    nv[h] = m->vals[i];
  }
  free(m->keys);
  free(m->vals);
  m->keys = nk;
  m->vals = nv;
  m->cap = ncap;
}

int xmap_put(struct xmap *m, const char *key, int val)
{
  if ((m->count + 1) * 2 > m->cap)
    xmap_grow(m);
  size_t n = strlen(key);
  size_t h = hash_bytes(key, n) & (m->cap - 1);
  while (m->keys[h]) {
    if (strcmp(m->keys[h], key) == 0)
      return 0;
    h = (h + 1) & (m->cap - 1);
  }
  m->keys[h] = key;
  m->vals[h] = val;
  m->count++;
  return 1;
}

void xmap_set(struct xmap *m, const char *key, int val)
{
  if (xmap_put(m, key, val))
    return;
  size_t h = hash_bytes(key, strlen(key)) & (m->cap - 1);
  while (strcmp(m->keys[h], key) != 0)
    h = (h + 1) & (m->cap - 1);
  m->vals[h] = val;
}

int xmap_getn(const struct xmap *m, const char *key, size_t n)
{
  if (!m->cap)
    return -1;
  size_t h = hash_bytes(key, n) & (m->cap - 1);
  while (m->keys[h]) {
    if (strncmp(m->keys[h], key, n) == 0 && m->keys[h][n] == '\0')
      return m->vals[h];
    h = (h + 1) & (m->cap - 1);
  }
  return -1;
}

/* ===================================================================== */
/* regex helper                                                           */
/* ===================================================================== */

long long xnow_ns(void)
{
  struct timespec ts;
  clock_gettime(CLOCK_MONOTONIC, &ts);
  return (long long)ts.tv_sec * 1000000000LL + ts.tv_nsec;
}

void xrun_init(struct xrun *r, const struct prep_taxonomy *tax)
{
  memset(r, 0, sizeof *r);
  r->tax = tax;
  r->t0 = xnow_ns();
}

int xrx_find(struct xrun *r, const struct xrx *rx, const char *s, size_t n,
             size_t start, size_t *ov, int nov)
{
  if (!rx->code || r->out_of_time)
    return 0;
  if (n > XR_WINDOW)
    n = XR_WINDOW;
  if (start > n)
    return 0;
  /* Checking the clock on every call would cost more than most matches. */
  if ((++r->calls & 63u) == 0 && xnow_ns() - r->t0 > XR_BUDGET_NS) {
    r->out_of_time = 1;
    return 0;
  }
  /* Text is valid UTF-8 (the doc model guarantees it) but a window cut may
   * split a character: back up to a character boundary. */
  while (n > 0 && n < XR_WINDOW + 1 && ((unsigned char)s[n - 1] & 0xC0) == 0x80 &&
         n == XR_WINDOW)
    n--;
  int rc = pcre2_match(rx->code, (PCRE2_SPTR)s, n, start, 0, rx->md,
                       r->tax->mctx);
  if (rc < 0) {
    if (rc != PCRE2_ERROR_NOMATCH)
      r->limit_hits++; /* a limit or bad UTF: no fact in this window */
    return 0;
  }
  PCRE2_SIZE *o = pcre2_get_ovector_pointer(rx->md);
  uint32_t pairs = pcre2_get_ovector_count(rx->md);
  int k = rc == 0 ? (int)pairs : rc;
  if (k > nov)
    k = nov;
  for (int i = 0; i < nov; i++) {
    if (i < k) {
      ov[2 * i] = o[2 * i];
      ov[2 * i + 1] = o[2 * i + 1];
    } else {
      ov[2 * i] = ov[2 * i + 1] = PCRE2_UNSET;
    }
  }
  return k > 0 ? k : 1;
}

/* ===================================================================== */
/* loading                                                                */
/* ===================================================================== */

struct loader {
  struct prep_taxonomy *t;
  struct prep_diag *diag;
  const struct prep_tags *tags; /* NULL when tags.tsv is absent */
  char path[4096];
  unsigned line;
};

static enum prep_status bad(struct loader *L, const char *fmt, ...)
    __attribute__((format(printf, 2, 3)));

static enum prep_status bad(struct loader *L, const char *fmt, ...)
{
  char msg[512], where[32];
  va_list ap;
  va_start(ap, fmt);
  vsnprintf(msg, sizeof msg, fmt, ap);
  va_end(ap);
  if (L->line) {
    snprintf(where, sizeof where, "line %u", L->line);
    prep_diag_add(L->diag, PREP_SEV_ERROR, L->path, where, "%s", msg);
  } else {
    prep_diag_add(L->diag, PREP_SEV_ERROR, L->path, NULL, "%s", msg);
  }
  return PREP_EDATA;
}

static char *slurp(const char *path, size_t *len, int *err)
{
  FILE *f = fopen(path, "rb");
  *err = 0;
  if (!f) {
    *err = errno;
    return NULL;
  }
  char *buf = prep_xmalloc(DATA_MAX_BYTES + 2);
  size_t n = fread(buf, 1, DATA_MAX_BYTES + 1, f);
  int ferr = ferror(f);
  fclose(f);
  if (ferr || n > DATA_MAX_BYTES) {
    *err = ferr ? EIO : EFBIG;
    free(buf);
    return NULL;
  }
  buf[n] = '\0';
  *len = n;
  return buf;
}

/* Splits a line (modified in place) on TAB; trims spaces of each field. */
static size_t split_tabs(char *s, char **f, size_t max)
{
  size_t n = 0;
  for (;;) {
    char *tab = strchr(s, '\t');
    if (tab)
      *tab = '\0';
    while (*s == ' ')
      s++;
    size_t l = strlen(s);
    while (l > 0 && s[l - 1] == ' ')
      s[--l] = '\0';
    if (n < max)
      f[n++] = s;
    if (!tab)
      break;
    s = tab + 1;
  }
  return n;
}

typedef enum prep_status (*row_fn)(struct loader *L, char **f, size_t nf);

/* Runs fn on every non-comment row of data_dir/name. */
static enum prep_status load_rows(struct loader *L, const char *dir,
                                  const char *name, row_fn fn, int optional)
{
  snprintf(L->path, sizeof L->path, "%s/%s", dir, name);
  L->line = 0;
  size_t len;
  int err;
  char *buf = slurp(L->path, &len, &err);
  if (!buf) {
    if (optional && err == ENOENT)
      return PREP_OK;
    return bad(L, "cannot read this data file: %s",
               err == EFBIG ? "larger than 4 MiB" : strerror(err));
  }
  if (!prep_utf8_valid(buf, len)) {
    free(buf);
    return bad(L, "not valid UTF-8");
  }
  enum prep_status st = PREP_OK;
  char *p = buf;
  while (*p && st == PREP_OK) {
    char *eol = strchr(p, '\n');
    char *next = eol ? eol + 1 : p + strlen(p);
    if (eol)
      *eol = '\0';
    size_t n = strlen(p);
    if (n > 0 && p[n - 1] == '\r')
      p[--n] = '\0';
    L->line++;
    char *q = p;
    while (*q == ' ')
      q++;
    if (*q && *q != '#') {
      char *f[MAX_FIELDS];
      size_t nf = split_tabs(p, f, MAX_FIELDS);
      st = fn(L, f, nf);
    }
    p = next;
  }
  free(buf);
  return st;
}

/* ---- skills.tsv --------------------------------------------------------- */

static const char *const category_names[PREP_SKCAT_COUNT] = {
    "language", "framework", "datastore", "cloud", "tool", "practice"};

const char *prep_skill_category_name(enum prep_skill_category c)
{
  return (unsigned)c < PREP_SKCAT_COUNT ? category_names[c] : "tool";
}

static int category_from(const char *s)
{
  for (int i = 0; i < PREP_SKCAT_COUNT; i++)
    if (strcmp(s, category_names[i]) == 0)
      return i;
  /* Friendly synonyms a curator may write. */
  if (!strcmp(s, "library"))
    return PREP_SKCAT_FRAMEWORK;
  if (!strcmp(s, "platform"))
    return PREP_SKCAT_TOOL;
  if (!strcmp(s, "certification"))
    return PREP_SKCAT_PRACTICE;
  if (!strcmp(s, "database") || !strcmp(s, "db"))
    return PREP_SKCAT_DATASTORE;
  if (!strcmp(s, "methodology") || !strcmp(s, "concept"))
    return PREP_SKCAT_PRACTICE;
  return -1;
}

static int is_id_slug(const char *s)
{
  if (!*s)
    return 0;
  for (; *s; s++)
    if (!((*s >= 'a' && *s <= 'z') || (*s >= '0' && *s <= '9') || *s == '-' ||
          *s == '.' || *s == '_'))
      return 0;
  return 1;
}

/* Splits a list field on '|' or ',' (whichever the field uses; '|' wins so
 * an alias may hold a comma) or, for space lists, on spaces.  Calls fn on
 * each trimmed, non-empty item. */
static size_t split_list(char *s, int spaces, char **items, size_t max)
{
  char sep = strchr(s, '|') ? '|' : strchr(s, ',') ? ',' : spaces ? ' ' : '|';
  size_t n = 0;
  while (s && *s) {
    char *e = strchr(s, sep);
    if (e)
      *e = '\0';
    while (*s == ' ')
      s++;
    size_t l = strlen(s);
    while (l > 0 && s[l - 1] == ' ')
      s[--l] = '\0';
    if (*s && strcmp(s, "-") != 0 && n < max)
      items[n++] = s;
    s = e ? e + 1 : NULL;
  }
  return n;
}

static enum prep_status add_alias(struct loader *L, int skill, const char *raw,
                                  int ambiguous, int case_exact, int strong)
{
  struct prep_taxonomy *t = L->t;
  char key[256];
  size_t ntok = 0;
  size_t kl = xskill_key(raw, strlen(raw), key, sizeof key, &ntok);
  if (kl == 0 || ntok == 0)
    return bad(L, "alias '%s' has no letters or digits", raw);
  /* Very short names ("C", "R", "Go") collide with words and initials: they
   * always need corroboration, whatever the data says. */
  if (kl <= 2 && !strong)
    ambiguous = 1;
  int existing = xmap_getn(&t->alias_map, key, kl);
  if (existing >= 0) {
    if (t->aliases[existing].skill != skill)
      return bad(L, "alias '%s' already names skill '%s'", raw,
                 t->skills[t->aliases[existing].skill].id);
    if (ambiguous)
      t->aliases[existing].ambiguous = 1;
    if (case_exact)
      t->aliases[existing].case_exact = 1;
    return PREP_OK;
  }
  if (t->naliases == t->capaliases) {
    t->capaliases = t->capaliases ? t->capaliases * 2 : 1024;
    t->aliases = prep_xrealloc(t->aliases, t->capaliases * sizeof *t->aliases);
  }
  struct alias *a = &t->aliases[t->naliases];
  a->skill = skill;
  a->ambiguous = ambiguous;
  a->case_exact = case_exact;
  a->exact = prep_arena_strdup(t->arena, raw);
  xmap_put(&t->alias_map, prep_arena_strndup(t->arena, key, kl),
           (int)t->naliases);
  t->naliases++;
  if (ntok > t->max_alias_tokens)
    t->max_alias_tokens = ntok;
  if (ambiguous)
    t->skills[skill].ambiguous = 1;
  return PREP_OK;
}

/* id <TAB> name <TAB> category <TAB> aliases <TAB> flags <TAB> topics
 * (data/FORMATS-extract.md).  flags: '-' or a comma list of "ambiguous"
 * (the name and its aliases need corroboration), "case" (the name must
 * appear in its exact case), "strong" (never needs corroboration). */
static enum prep_status skill_row(struct loader *L, char **f, size_t nf)
{
  struct prep_taxonomy *t = L->t;
  if (nf < 3)
    return bad(L, "expected 'id<TAB>name<TAB>category<TAB>aliases<TAB>flags"
                  "<TAB>topics'");
  if (!is_id_slug(f[0]))
    return bad(L, "skill id '%s' is not a lowercase slug", f[0]);
  if (!*f[1])
    return bad(L, "skill '%s' has no name", f[0]);
  int cat = category_from(f[2]);
  if (cat < 0)
    return bad(L, "unknown category '%s' (expected language, framework, "
                  "datastore, cloud, tool or practice)", f[2]);
  if (xmap_getn(&t->skill_ids, f[0], strlen(f[0])) >= 0)
    return bad(L, "skill id '%s' is listed twice", f[0]);
  int ambiguous = 0, case_exact = 0, strong = 0;
  if (nf >= 5 && *f[4] && strcmp(f[4], "-") != 0) {
    char *items[8];
    size_t n = split_list(f[4], 0, items, 8);
    for (size_t i = 0; i < n; i++) {
      if (!strcmp(items[i], "ambiguous"))
        ambiguous = 1;
      else if (!strcmp(items[i], "case"))
        case_exact = 1;
      else if (!strcmp(items[i], "strong"))
        strong = 1;
      else
        return bad(L, "unknown flag '%s' (expected ambiguous, case or strong)",
                   items[i]);
    }
  }
  if (t->nskills == t->capskills) {
    t->capskills = t->capskills ? t->capskills * 2 : 1024;
    t->skills = prep_xrealloc(t->skills, t->capskills * sizeof *t->skills);
  }
  int idx = (int)t->nskills++;
  struct prep_skill_def *s = &t->skills[idx];
  memset(s, 0, sizeof *s);
  s->id = prep_arena_strdup(t->arena, f[0]);
  s->name = prep_arena_strdup(t->arena, f[1]);
  s->category = (enum prep_skill_category)cat;
  xmap_put(&t->skill_ids, s->id, idx);

  enum prep_status st = add_alias(L, idx, f[1], ambiguous, case_exact, strong);
  if (st != PREP_OK)
    return st;
  if (nf >= 4 && *f[3] && strcmp(f[3], "-") != 0) {
    char *items[128];
    size_t n = split_list(f[3], 0, items, 128);
    for (size_t i = 0; i < n && st == PREP_OK; i++) {
      const char *al = items[i];
      int amb = 0; /* the flags qualify the name; '~' marks weak aliases */
      if (*al == '~' || *al == '?') {
        amb = 1;
        al++;
      }
      st = add_alias(L, idx, al, amb, 0, strong && !amb);
    }
    if (st != PREP_OK)
      return st;
  }
  if (nf >= 6 && *f[5] && strcmp(f[5], "-") != 0) {
    char *items[64];
    size_t n = split_list(f[5], 1, items, 64);
    const char **topics = prep_arena_alloc(t->arena, (n + 1) * sizeof *topics);
    for (size_t i = 0; i < n; i++) {
      if (L->tags) {
        const struct prep_tag *tg = prep_tags_find(L->tags, items[i]);
        if (!tg)
          return bad(L, "topic '%s' of skill '%s' is not in tags.tsv",
                     items[i], f[0]);
        topics[i] = tg->name;
      } else {
        topics[i] = prep_arena_strdup(t->arena, items[i]);
      }
    }
    s->topics = topics;
    s->ntopics = n;
  }
  return PREP_OK;
}

/* ---- sections.tsv --------------------------------------------------------- */

/* section <TAB> alias (data/FORMATS-extract.md). */
static enum prep_status section_row(struct loader *L, char **f, size_t nf)
{
  if (nf < 2)
    return bad(L, "expected 'section<TAB>alias'");
  int sec = prep_section_from_name(f[0]);
  if (sec < 0)
    return bad(L, "unknown section '%s'", f[0]);
  char key[256];
  size_t kl = xheading_key(f[1], strlen(f[1]), key, sizeof key);
  if (kl == 0)
    return bad(L, "heading '%s' has no letters", f[1]);
  int old = xmap_getn(&L->t->sections, key, kl);
  if (old >= 0 && old != sec)
    return bad(L, "heading '%s' is already listed as '%s'", f[1],
               prep_section_name((enum prep_section)old));
  xmap_put(&L->t->sections, prep_arena_strndup(L->t->arena, key, kl), sec);
  return PREP_OK;
}

/* ---- months.tsv ------------------------------------------------------------ */

/* kind <TAB> value <TAB> word: kind "month" (value 1..12), "present"
 * (value 0) or "season" (value = the month it stands for). */
static enum prep_status month_row(struct loader *L, char **f, size_t nf)
{
  if (nf < 3)
    return bad(L, "expected 'kind<TAB>value<TAB>word'");
  char key[128];
  size_t kl = xlower(f[2], strlen(f[2]), key, sizeof key);
  while (kl > 0 && key[kl - 1] == '.')
    key[--kl] = '\0';
  if (kl == 0)
    return bad(L, "empty word");
  char *end;
  long m = strtol(f[1], &end, 10);
  if (end == f[1] || *end != '\0')
    return bad(L, "value '%s' is not a number", f[1]);
  int v;
  if (!strcmp(f[0], "month") && m >= 1 && m <= 12)
    v = (MK_MONTH << 8) | (int)m;
  else if (!strcmp(f[0], "present"))
    v = MK_PRESENT << 8;
  else if (!strcmp(f[0], "season") && m >= 1 && m <= 12)
    v = (MK_SEASON << 8) | (int)m;
  else if (!strcmp(f[0], "since"))
    v = MK_SINCE << 8;
  else
    return bad(L, "kind '%s' with value '%s' is not a month 1..12, present or "
                  "season", f[0], f[1]);
  int old = xmap_getn(&L->t->months, key, kl);
  if (old >= 0 && old != v)
    return bad(L, "'%s' is listed twice with different values", f[2]);
  xmap_put(&L->t->months, prep_arena_strndup(L->t->arena, key, kl), v);
  return PREP_OK;
}

/* ---- themes.tsv ------------------------------------------------------------ */

/* tag <TAB> pattern: a PCRE2 pattern (checked here, compiled together
 * with the others into one alternation after loading). */
static enum prep_status theme_row(struct loader *L, char **f, size_t nf)
{
  struct prep_taxonomy *t = L->t;
  if (nf < 2)
    return bad(L, "expected 'tag<TAB>pattern'");
  const char *tag = f[0], *kind = "theme";
  if (L->tags) {
    const struct prep_tag *tg = prep_tags_find(L->tags, tag);
    if (!tg)
      return bad(L, "tag '%s' is not in tags.tsv", tag);
    tag = tg->name;
    kind = prep_tag_kind_name(tg->kind);
  } else {
    tag = prep_arena_strdup(t->arena, tag);
  }
  if (strlen(f[1]) > 300)
    return bad(L, "pattern longer than 300 characters");
  int err;
  PCRE2_SIZE off;
  pcre2_code *c = pcre2_compile((PCRE2_SPTR)f[1], PCRE2_ZERO_TERMINATED,
                                PCRE2_UTF | PCRE2_CASELESS | PCRE2_UCP, &err,
                                &off, NULL);
  if (!c) {
    PCRE2_UCHAR msg[256];
    pcre2_get_error_message(err, msg, sizeof msg);
    return bad(L, "pattern does not compile at offset %zu: %s", (size_t)off,
               (const char *)msg);
  }
  uint32_t caps = 0;
  pcre2_pattern_info(c, PCRE2_INFO_CAPTURECOUNT, &caps);
  if (t->nthemes == t->capthemes) {
    t->capthemes = t->capthemes ? t->capthemes * 2 : 256;
    t->themes = prep_xrealloc(t->themes, t->capthemes * sizeof *t->themes);
  }
  struct theme_phrase *ph = &t->themes[t->nthemes++];
  memset(ph, 0, sizeof *ph);
  ph->phrase = prep_arena_strdup(t->arena, f[1]);
  ph->tag = tag;
  ph->kind = kind;
  ph->ncaps = caps;
  /* the row keeps the pattern compiled here (checked and compiled once;
   * interpreted: JIT for 200 small patterns costs more than it saves) */
  ph->rx.code = c;
  ph->rx.md = pcre2_match_data_create_from_pattern(c, NULL);
  ph->rx.what = "theme";
  return PREP_OK;
}

/* ---- titles.tsv ------------------------------------------------------------ */

static const char *const seniority_names[] = {"unknown", "junior", "mid",
                                              "senior", "staff"};

const char *prep_seniority_name(enum prep_seniority s)
{
  return (unsigned)s <= PREP_SEN_STAFF ? seniority_names[s] : "unknown";
}

/* kind <TAB> value <TAB> phrase: kind "family" (a role family),
 * "seniority" (intern junior mid senior staff principal lead manager) or
 * "title-noun" (tech, other or either).  A phrase may appear under
 * several kinds;
 * its attributes are merged. */
static enum prep_status title_row(struct loader *L, char **f, size_t nf)
{
  struct prep_taxonomy *t = L->t;
  if (nf < 3)
    return bad(L, "expected 'kind<TAB>value<TAB>phrase'");
  char key[256];
  size_t ntok = 0;
  size_t kl = xphrase_key(f[2], strlen(f[2]), key, sizeof key, &ntok);
  if (kl == 0)
    return bad(L, "title phrase '%s' has no words", f[2]);
  int idx = xmap_getn(&t->title_map, key, kl);
  if (idx < 0) {
    if (t->ntitles == t->captitles) {
      t->captitles = t->captitles ? t->captitles * 2 : 256;
      t->titles = prep_xrealloc(t->titles, t->captitles * sizeof *t->titles);
    }
    idx = (int)t->ntitles++;
    memset(&t->titles[idx], 0, sizeof t->titles[idx]);
    t->titles[idx].phrase = prep_arena_strndup(t->arena, key, kl);
    xmap_put(&t->title_map, t->titles[idx].phrase, idx);
    if (ntok > t->max_title_tokens)
      t->max_title_tokens = ntok;
  }
  struct title_word *w = &t->titles[idx];
  if (!strcmp(f[0], "family")) {
    static const char *const fam[] = {
        "backend", "frontend", "fullstack", "data-engineering",
        "data-science", "data-analysis", "devops-sre", "mobile", "qa", "ml",
        "security", "management", "generalist"};
    const char *v = NULL;
    for (size_t i = 0; i < sizeof fam / sizeof fam[0]; i++)
      if (!strcmp(f[1], fam[i]))
        v = fam[i];
    if (!v)
      return bad(L, "unknown role family '%s'", f[1]);
    w->family = v;
    w->is_title = 1;
    /* every family is a tech family: "site reliability engineer" names a
     * tech job although no title-noun row spells it out; a title-noun row
     * for the same phrase (any order) has the last word */
    if (!w->noun_set)
      w->kind = 1;
  } else if (!strcmp(f[0], "seniority")) {
    /* Levels map onto the four the banks use; "lead" and "manager" are
     * senior-level signals, "principal" is staff. */
    static const struct { const char *w; int s; } lv[] = {
        {"intern", PREP_SEN_JUNIOR}, {"junior", PREP_SEN_JUNIOR},
        {"mid", PREP_SEN_MID},       {"senior", PREP_SEN_SENIOR},
        {"lead", PREP_SEN_SENIOR},   {"manager", PREP_SEN_SENIOR},
        {"staff", PREP_SEN_STAFF},   {"principal", PREP_SEN_STAFF}};
    int sen = 0;
    for (size_t i = 0; i < sizeof lv / sizeof lv[0]; i++)
      if (!strcmp(f[1], lv[i].w))
        sen = lv[i].s;
    if (!sen)
      return bad(L, "unknown seniority '%s'", f[1]);
    /* "manager" level: a phrase naming the manager ("engineering
     * manager") is senior; one above it ("director", "vp", "head of",
     * "cto") is staff-level. */
    if (!strcmp(f[1], "manager") && !strstr(w->phrase, "manager"))
      sen = PREP_SEN_STAFF;
    w->seniority = sen;
    w->intern = !strcmp(f[1], "intern");
  } else if (!strcmp(f[0], "title-noun")) {
    if (strcmp(f[1], "tech") && strcmp(f[1], "other") &&
        strcmp(f[1], "either"))
      return bad(L, "title-noun value '%s' is not tech, other or either",
                 f[1]);
    w->is_title = 1;
    w->noun_set = 1;
    w->kind = !strcmp(f[1], "tech") ? 1 : !strcmp(f[1], "other") ? 0 : -1;
  } else {
    return bad(L, "unknown kind '%s' (family, seniority or title-noun)", f[0]);
  }
  return PREP_OK;
}

/* ===================================================================== */
/* patterns                                                               */
/* ===================================================================== */

/* Appends the words of `months` whose kind is `kind` as a regex
 * alternation, longest first so "sept" wins over "sep". */
static void add_words(struct prep_buf *b, const struct xmap *m, int kind)
{
  size_t n = 0;
  const char **w = prep_xmalloc((m->count + 1) * sizeof *w);
  for (size_t i = 0; i < m->cap; i++)
    if (m->keys[i] && (m->vals[i] >> 8) == kind)
      w[n++] = m->keys[i];
  /* Sort by length (descending), then bytes: deterministic. */
  for (size_t i = 1; i < n; i++) {
    const char *x = w[i];
    size_t j = i;
    while (j > 0 && (strlen(w[j - 1]) < strlen(x) ||
                     (strlen(w[j - 1]) == strlen(x) && strcmp(w[j - 1], x) > 0))) {
      w[j] = w[j - 1];
      j--;
    }
    w[j] = x;
  }
  prep_buf_puts(b, "(?:");
  if (n == 0)
    prep_buf_puts(b, "(?!)"); /* never matches */
  for (size_t i = 0; i < n; i++) {
    if (i)
      prep_buf_putc(b, '|');
    for (const char *p = w[i]; *p; p++) {
      if (strchr("\\^$.|?*+()[]{}/-#", *p))
        prep_buf_putc(b, '\\');
      if (*p == ' ')
        prep_buf_puts(b, "\\s+");
      else
        prep_buf_putc(b, *p);
    }
  }
  prep_buf_putc(b, ')');
  free(w);
}

static enum prep_status compile_ex(struct loader *L, struct xrx *rx,
                                   const char *what, const char *pat, int jit);

static enum prep_status compile(struct loader *L, struct xrx *rx,
                                const char *what, const char *pat)
{
  return compile_ex(L, rx, what, pat, 1);
}

static enum prep_status compile_ex(struct loader *L, struct xrx *rx,
                                   const char *what, const char *pat, int jit)
{
  int err;
  PCRE2_SIZE off;
  rx->what = what;
  rx->code = pcre2_compile((PCRE2_SPTR)pat, PCRE2_ZERO_TERMINATED,
                           PCRE2_UTF | PCRE2_CASELESS | PCRE2_UCP, &err, &off,
                           NULL);
  if (!rx->code) {
    PCRE2_UCHAR msg[256];
    pcre2_get_error_message(err, msg, sizeof msg);
    L->line = 0;
    return bad(L, "the %s pattern does not compile at offset %zu: %s", what,
               (size_t)off, (const char *)msg);
  }
  /* JIT is an optimisation: when it is unavailable the interpreter runs
   * with the same limits. */
  if (jit)
    (void)pcre2_jit_compile(rx->code, PCRE2_JIT_COMPLETE);
  rx->md = pcre2_match_data_create_from_pattern(rx->code, NULL);
  return PREP_OK;
}

/* A date: month-name + year, numeric month/year either order, dd.mm.yyyy,
 * season + year, quarter + year, a bare year, or 'YY. */
static void date_alt(struct prep_buf *b, const struct xmap *m)
{
  prep_buf_puts(b, "(?:");
  add_words(b, m, MK_MONTH);
  prep_buf_puts(b, "\\.?(?:\\s+de)?[\\s,]*(?:(?:19|20)[0-9]{2}|['\\x{2019}][0-9]{2})(?![0-9])"
                   "|(?<![0-9])(?:0?[1-9]|[12][0-9]|3[01])[./](?:0?[1-9]|1[0-2])[./](?:19|20)[0-9]{2}(?![0-9])"
                   "|(?<![0-9.])(?:0?[1-9]|1[0-2])\\s?[/.]\\s?(?:19|20)[0-9]{2}(?![0-9])"
                   "|(?<![0-9])(?:19|20)[0-9]{2}[-/.](?:0[1-9]|1[0-2])(?![0-9./])"
                   "|");
  add_words(b, m, MK_SEASON);
  prep_buf_puts(b, "\\s+(?:of\\s+)?(?:19|20)[0-9]{2}(?![0-9])"
                   "|\\bQ[1-4]\\s*(?:19|20)[0-9]{2}(?![0-9])"
                   "|(?<![0-9])(?:19|20)[0-9]{2}(?![0-9])"
                   "|(?<![\\p{L}\\p{N}])['\\x{2019}][0-9]{2}(?![0-9]))");
}

static enum prep_status compile_patterns(struct loader *L)
{
  struct prep_taxonomy *t = L->t;
  struct prep_buf b;
  enum prep_status st;
  prep_buf_init(&b, 0);

  /* Range: DATE (or a bare month: "Jan - Mar 2019") SEP (DATE | present |
   * two-digit year "2019-21"); or SINCE DATE. */
  prep_buf_puts(&b, "(?<![\\p{L}\\p{N}])(?:(");
  date_alt(&b, &t->months);
  prep_buf_puts(&b, "|");
  add_words(&b, &t->months, MK_MONTH);
  /* Separators: dashes, arrows ("Feb 2024 -> present", "→"); range
   * words: English, German, French, Spanish (the date words themselves
   * come from months.tsv). */
  prep_buf_puts(&b, "\\.?(?![\\p{L}]))(?:\\s*(?:->|=>|[\\x{2192}\\x{21D2}\\x{27F6}]|"
                    "[-\\x{2010}-\\x{2015}\\x{2212}~]+|to|until|till|through|thru|"
                    "bis|au|\\x{00E0}|a|al|hasta|jusqu'(?:\\x{00E0}|au)|tot|fino a)\\s*(");
  date_alt(&b, &t->months);
  prep_buf_puts(&b, "|");
  add_words(&b, &t->months, MK_PRESENT);
  /* "Q3 2021 to date": a present phrase that holds its own "to" */
  prep_buf_puts(&b, "(?![\\p{L}])|(?<![0-9])[0-9]{2}(?![0-9]))|\\s+(");
  add_words(&b, &t->months, MK_PRESENT);
  prep_buf_puts(&b, "(?![\\p{L}])))|(?:since|seit|depuis|desde|dal|sinds|");
  add_words(&b, &t->months, MK_SINCE);
  prep_buf_puts(&b, ")");
  prep_buf_puts(&b, "\\s+(");
  date_alt(&b, &t->months);
  prep_buf_puts(&b, "))");
  /* groups: 1 start, 2 end (after a separator), 3 present (no separator),
   * 4 since-date */
  st = compile(L, &t->rx_range, "date range", b.data);
  prep_buf_clear(&b);
  if (st != PREP_OK)
    goto out;

  date_alt(&b, &t->months);
  st = compile(L, &t->rx_date, "date", b.data);
  if (st != PREP_OK)
    goto out;

  /* Emails are matched inside one token (<= XR_TOKEN bytes). */
  st = compile(L, &t->rx_email, "email",
               "[a-z0-9._%+'-]{1,64}+@[a-z0-9](?:[a-z0-9-]{0,62}+\\.){1,6}+[a-z]{2,24}+(?![a-z0-9-])");
  if (st != PREP_OK)
    goto out;
  /* "name [at] host [dot] com", "name (at) host.com". */
  st = compile(L, &t->rx_email_obf, "obfuscated email",
               "([a-z0-9._%+-]{1,64}+)\\s{0,3}+[\\[({<]\\s{0,2}+(?:at|@)\\s{0,2}+[\\])}>]\\s{0,3}+"
               "([a-z0-9-]{1,63}+(?:\\s{0,3}+(?:\\.|[\\[({<]\\s{0,2}+(?:dot|\\.)\\s{0,2}+[\\])}>])\\s{0,3}+[a-z0-9-]{1,63}+){1,4}+)");
  if (st != PREP_OK)
    goto out;
  /* URLs inside one token. */
  st = compile(L, &t->rx_url, "URL",
               "(?:https?://|www\\.)[^\\s<>\"]{3,250}+"
               "|(?<![@\\p{L}\\p{N}.])(?:[a-z0-9-]{1,63}+\\.){1,4}+(?:com|org|net|io|dev|me|co|uk|de|fr|es|it|nl|app|"
               "info|ai|tech|site|page|eu|ca|au|in|ch|at|be|se|no|dk|pl|pt|ie|us|cz|br|mx|jp|cn|kr|ru|blog|cloud|"
               "pro|online|website|vn|sg|nz|fi|gr|hu|ro|ua|tr|il|za|xyz|ly|to|gg|so|sh)(?![\\p{L}\\p{N}])(?:/[^\\s<>\"]{0,200}+)?");
  if (st != PREP_OK)
    goto out;
  /* Phone candidates: validated in C (digit count, not a date range). */
  st = compile(L, &t->rx_phone, "phone",
               "(?<![\\p{L}\\p{N}+/.,-])(\\+?\\(?[0-9][0-9 ().\\-/\\x{2010}\\x{2011}]{5,24}+)"
               "(?:\\s{0,2}+(?:x|ext\\.?|extension|#|poste|durchwahl)\\s{0,2}+[0-9]{1,5}+)?");
  if (st != PREP_OK)
    goto out;
  /* GPA and grades: never results. */
  st = compile(L, &t->rx_gpa, "GPA",
               "\\b(?:GPA|CGPA|grade|note|nota|moyenne)\\b[^0-9]{0,12}+[0-9](?:[.,][0-9]{1,2})?(?:\\s?/\\s?[0-9]{1,3}(?:[.,][0-9]{1,2})?)?"
               "|\\b[0-4][.,][0-9]{1,2}\\s?/\\s?(?:4|5|10)(?:[.,]0{1,2})?\\b");
  if (st != PREP_OK)
    goto out;
  /* Versions: "v2.3", "Python 3.11", "ES2015", "Java 17". */
  st = compile(L, &t->rx_version, "version",
               "\\bv[0-9]+(?:\\.[0-9]+)++\\b|(?<![0-9])[0-9]+\\.[0-9]+\\.[0-9]+\\b");
out:
  prep_buf_free(&b);
  return st;
}

/* Each theme row keeps its own pattern: one alternation of 200 rows
 * defeats PCRE2's start-of-match optimisations (first code unit, minimum
 * length) and made tagging a CV cost ~12 ms; separate patterns let most
 * rows reject a line at memchr speed.  They run interpreted: JIT-compiling
 * 200 small patterns would cost more at start-up than it saves. */
/* The literal each top-level alternative of a theme pattern starts with
 * ("\\bpost-?mortems?\\b" -> "post"), so a line that holds none of them is
 * skipped without running PCRE2.  Conservative: any alternative that does
 * not start with at least two plain ASCII characters disables the filter
 * for its row, so the filter can never lose a match. */
static void theme_stems(struct prep_taxonomy *t, struct theme_phrase *ph)
{
  const char *p = ph->phrase;
  const char *stems[32];
  size_t n = 0;
  int ok = 1;
  while (ok) {
    /* one alternative: [p, end) at depth 0 */
    const char *q = p;
    int depth = 0, in_class = 0;
    while (*q && !(depth == 0 && !in_class && *q == '|')) {
      if (*q == '\\' && q[1])
        q++;
      else if (in_class && *q == ']')
        in_class = 0;
      else if (!in_class && *q == '[')
        in_class = 1;
      else if (!in_class && *q == '(')
        depth++;
      else if (!in_class && *q == ')')
        depth--;
      q++;
    }
    const char *a = p;
    if (a[0] == '\\' && a[1] == 'b')
      a += 2;
    /* "(?:took|take|taking) ..." : every literal of the group is a stem,
     * unless the group is optional. */
    if (strncmp(a, "(?:", 3) == 0) {
      const char *g = a + 3, *e = g;
      int plain_group = 1;
      while (e < q && *e != ')') {
        unsigned char c = (unsigned char)*e;
        if (!((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') ||
              (c >= '0' && c <= '9') || c == ' ' || c == '|'))
          plain_group = 0;
        e++;
      }
      if (!plain_group || e >= q || e[1] == '?' || e[1] == '*' ||
          e[1] == '{') {
        ok = 0;
        break;
      }
      for (const char *w = g; w < e && ok;) {
        const char *we = w;
        while (we < e && *we != '|')
          we++;
        size_t len = (size_t)(we - w);
        if (len < 2 || n == 32) {
          ok = 0;
          break;
        }
        char *st = prep_arena_strndup(t->arena, w, len);
        for (size_t i = 0; i < len; i++)
          if (st[i] >= 'A' && st[i] <= 'Z')
            st[i] = (char)(st[i] + 32);
        stems[n++] = st;
        w = we < e ? we + 1 : e;
      }
      if (!ok || !*q)
        break;
      p = q + 1;
      continue;
    }
    char buf[64];
    size_t k = 0;
    while (a < q && k < sizeof buf - 1) {
      unsigned char c = (unsigned char)*a;
      int plain = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') ||
                  (c >= '0' && c <= '9') || c == ' ' || c == '\'';
      if (!plain)
        break;
      buf[k++] = (char)(c >= 'A' && c <= 'Z' ? c + 32 : c);
      a++;
    }
    /* a quantifier after the run makes its last character optional */
    if (a < q && (*a == '?' || *a == '*' || *a == '{') && k > 0)
      k--;
    if (k < 2 || n == 32) {
      ok = 0;
      break;
    }
    stems[n++] = prep_arena_strndup(t->arena, buf, k);
    if (!*q)
      break;
    p = q + 1;
  }
  if (!ok || n == 0)
    return;
  ph->stems = prep_arena_alloc(t->arena, n * sizeof *ph->stems);
  memcpy(ph->stems, stems, n * sizeof *ph->stems);
  ph->nstems = n;
}

static unsigned stem_bucket(unsigned char a, unsigned char b)
{
  return ((unsigned)a * 31u + (unsigned)b) & 1023u;
}

/* Buckets every stem by its first two bytes (counting sort). */
static void index_stems(struct prep_taxonomy *t)
{
  size_t total = 0;
  uint32_t count[1024] = {0};
  for (size_t r = 0; r < t->nthemes; r++)
    for (size_t k = 0; k < t->themes[r].nstems; k++) {
      const char *st = t->themes[r].stems[k];
      count[stem_bucket((unsigned char)st[0], (unsigned char)st[1])]++;
      total++;
    }
  t->stem_refs = prep_arena_alloc(t->arena, (total ? total : 1) *
                                                sizeof *t->stem_refs);
  uint32_t pos = 0;
  for (unsigned b = 0; b < 1024; b++) {
    t->stem_head[b] = pos;
    pos += count[b];
  }
  t->stem_head[1024] = pos;
  uint32_t fill[1024];
  memcpy(fill, t->stem_head, sizeof fill);
  for (size_t r = 0; r < t->nthemes; r++)
    for (size_t k = 0; k < t->themes[r].nstems; k++) {
      const char *st = t->themes[r].stems[k];
      unsigned b = stem_bucket((unsigned char)st[0], (unsigned char)st[1]);
      struct stem_ref *ref = &t->stem_refs[fill[b]++];
      ref->stem = st;
      ref->len = strlen(st);
      ref->row = (uint32_t)r;
    }
}

static enum prep_status compile_themes(struct loader *L)
{
  struct prep_taxonomy *t = L->t;
  L->line = 0;
  for (size_t i = 0; i < t->nthemes; i++)
    theme_stems(t, &t->themes[i]);
  index_stems(t);
  return PREP_OK;
}

/* ===================================================================== */
/* public                                                                 */
/* ===================================================================== */

void prep_taxonomy_free(struct prep_taxonomy *t)
{
  if (!t)
    return;
  struct xrx *all[] = {&t->rx_range, &t->rx_date, &t->rx_email,
                       &t->rx_email_obf, &t->rx_url, &t->rx_phone,
                       &t->rx_gpa, &t->rx_version};
  for (size_t i = 0; i < sizeof all / sizeof all[0]; i++) {
    pcre2_match_data_free(all[i]->md);
    pcre2_code_free(all[i]->code);
  }
  for (size_t i = 0; i < t->nthemes; i++) {
    pcre2_match_data_free(t->themes[i].rx.md);
    pcre2_code_free(t->themes[i].rx.code);
  }
  if (t->jit)
    pcre2_jit_stack_free(t->jit);
  pcre2_match_context_free(t->mctx);
  xmap_free(&t->skill_ids);
  xmap_free(&t->alias_map);
  xmap_free(&t->sections);
  xmap_free(&t->months);
  xmap_free(&t->title_map);
  free(t->skills);
  free(t->aliases);
  free(t->themes);
  free(t->titles);
  free(t->dir);
  prep_arena_free(t->arena);
  free(t);
}

enum prep_status prep_taxonomy_load(const char *data_dir,
                                    struct prep_taxonomy **out,
                                    struct prep_diag *diag)
{
  *out = NULL;
  struct prep_taxonomy *t = prep_xcalloc(1, sizeof *t);
  t->arena = prep_arena_new();
  t->dir = strdup(data_dir);
  xmap_init(&t->skill_ids);
  xmap_init(&t->alias_map);
  xmap_init(&t->sections);
  xmap_init(&t->months);
  xmap_init(&t->title_map);
  struct loader L = {.t = t, .diag = diag};
  enum prep_status st = PREP_OK;

  /* tags.tsv is the bank module's file; when present every topic and theme
   * we load must be one of its tags. */
  char path[4096];
  snprintf(path, sizeof path, "%s/tags.tsv", data_dir);
  FILE *probe = fopen(path, "rb");
  if (probe) {
    fclose(probe);
    st = prep_tags_load(path, t->arena, &L.tags, diag);
    if (st != PREP_OK)
      goto fail;
  }
  if ((st = load_rows(&L, data_dir, "months.tsv", month_row, 0)) != PREP_OK ||
      (st = load_rows(&L, data_dir, "sections.tsv", section_row, 0)) != PREP_OK ||
      (st = load_rows(&L, data_dir, "skills.tsv", skill_row, 0)) != PREP_OK ||
      (st = load_rows(&L, data_dir, "themes.tsv", theme_row, 0)) != PREP_OK ||
      (st = load_rows(&L, data_dir, "titles.tsv", title_row, 0)) != PREP_OK)
    goto fail;
  snprintf(L.path, sizeof L.path, "%s/skills.tsv", data_dir);
  L.line = 0;
  if (t->nskills == 0) {
    st = bad(&L, "no skills listed");
    goto fail;
  }
  t->mctx = pcre2_match_context_create(NULL);
  pcre2_set_match_limit(t->mctx, XR_MATCH_LIMIT);
  pcre2_set_depth_limit(t->mctx, XR_DEPTH_LIMIT);
  pcre2_set_heap_limit(t->mctx, XR_HEAP_LIMIT_KIB);
  t->jit = pcre2_jit_stack_create(32 * 1024, 512 * 1024, NULL);
  if (t->jit)
    pcre2_jit_stack_assign(t->mctx, NULL, t->jit);
  snprintf(L.path, sizeof L.path, "%s/months.tsv", data_dir);
  if ((st = compile_patterns(&L)) != PREP_OK)
    goto fail;
  snprintf(L.path, sizeof L.path, "%s/themes.tsv", data_dir);
  if ((st = compile_themes(&L)) != PREP_OK)
    goto fail;
  *out = t;
  return PREP_OK;
fail:
  prep_taxonomy_free(t);
  return st;
}

size_t prep_taxonomy_nskills(const struct prep_taxonomy *t)
{
  return t->nskills;
}

const struct prep_skill_def *prep_taxonomy_skill(const struct prep_taxonomy *t,
                                                 size_t i)
{
  return i < t->nskills ? &t->skills[i] : NULL;
}

const struct prep_skill_def *prep_taxonomy_find_skill(
    const struct prep_taxonomy *t, const char *id)
{
  int i = xmap_getn(&t->skill_ids, id, strlen(id));
  return i >= 0 ? &t->skills[i] : NULL;
}
