/* read_json.c - a JSON Resume (resume.json) to a document and exact facts.
 *
 * Owner: interop (issue 10).  People who keep their CV as JSON Resume
 * (https://jsonresume.org, v1.x) already say which text is a name, a job
 * title or a date: those facts are taken as given (struct prep_facts, with
 * prep_extract() deriving only sections, skills, results, experience, role
 * family and seniority; see prep_extract_opts.given).  Later stages still
 * quote CV lines, so the JSON is also rendered as a small document: one
 * block per field or highlight, under the usual section headings, with
 * positions counting those blocks (1-based).  `--dump doc` shows it.
 *
 * prepgen's own --facts output is JSON Resume plus "x-prepgen": feeding it
 * back gives the same facts.  Of "x-prepgen" only two hints are read: the
 * as-of date and the skill order (skills are listed in that order); the
 * standard fields always win.
 *
 * Hostile input: at most PREP_MAX_JSON_INPUT bytes and PREP_MAX_JSON_DEPTH
 * levels of nesting (checked by a scan before jansson parses anything);
 * jansson rejects invalid UTF-8 and NUL characters; values of the wrong
 * type are ignored; text goes through prep_doc_add() like any reader's.
 * Messages never quote the input (jansson's own error text does, so only
 * its line and column are reported).  "references" (other people's names
 * and words) are not read.
 */
#include "prepgen/read_more.h"

#include <jansson.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "prepgen/arena.h"
#include "prepgen/doc.h"
#include "prepgen/facts.h"
#include "prepgen/limits.h"

/* Keywords per rendered skills line: keeps lines well under the regex
 * window (4 KiB) so every keyword is seen. */
#define JR_KEYWORDS_PER_LINE 12u
/* Skill-order hints remembered from x-prepgen.skills. */
#define JR_MAX_HINTS 4096u

struct jr {
  struct prep_doc *doc;
  struct prep_arena *a;
  struct prep_facts *f;
  const char *name;
  struct prep_diag *diag;
  unsigned line;   /* position of the next block */
  int limit;       /* a document limit was hit */
  /* x-prepgen.skills: lowercase names and ids in order */
  const char **hint;
  size_t nhint;
};

static const char *const month_abbr[12] = {"Jan", "Feb", "Mar", "Apr",
                                           "May", "Jun", "Jul", "Aug",
                                           "Sep", "Oct", "Nov", "Dec"};

/* ---- sniffing and the pre-parse scan ------------------------------------ */

static size_t skip_ws(const unsigned char *p, size_t n, size_t i)
{
  while (i < n && (p[i] == ' ' || p[i] == '\t' || p[i] == '\r' ||
                   p[i] == '\n'))
    i++;
  return i;
}

static size_t skip_bom(const unsigned char *p, size_t n)
{
  return n >= 3 && p[0] == 0xEF && p[1] == 0xBB && p[2] == 0xBF ? 3 : 0;
}

static int has_mem(const unsigned char *p, size_t n, const char *s)
{
  size_t m = strlen(s);
  return n >= m && memmem(p, n, s, m) != NULL;
}

int prep_sniff_json_resume(const unsigned char *p, size_t n)
{
  size_t i = skip_ws(p, n, skip_bom(p, n));
  if (i >= n || p[i] != '{')
    return 0;
  size_t w = n - i < 64u * 1024u ? n - i : 64u * 1024u;
  return has_mem(p + i, w, "\"basics\"") || has_mem(p + i, w, "\"work\"");
}

/* Deepest nesting of [ and { outside strings, stopping past `cap`. */
static unsigned json_depth(const unsigned char *p, size_t n, unsigned cap)
{
  unsigned depth = 0, deepest = 0;
  int in_str = 0;
  for (size_t i = 0; i < n; i++) {
    unsigned char c = p[i];
    if (in_str) {
      if (c == '\\')
        i++;
      else if (c == '"')
        in_str = 0;
    } else if (c == '"') {
      in_str = 1;
    } else if (c == '[' || c == '{') {
      if (++depth > deepest)
        deepest = depth;
      if (deepest > cap)
        return deepest;
    } else if ((c == ']' || c == '}') && depth > 0) {
      depth--;
    }
  }
  return deepest;
}

/* ---- small JSON helpers (wrong types read as absent) --------------------- */

static const char *jstr(const json_t *o, const char *key)
{
  const json_t *v = json_is_object(o) ? json_object_get(o, key) : NULL;
  const char *s = json_is_string(v) ? json_string_value(v) : NULL;
  return s && *s ? s : NULL;
}

static const json_t *jarr(const json_t *o, const char *key)
{
  const json_t *v = json_is_object(o) ? json_object_get(o, key) : NULL;
  return json_is_array(v) ? v : NULL;
}

static const json_t *jobj(const json_t *o, const char *key)
{
  const json_t *v = json_is_object(o) ? json_object_get(o, key) : NULL;
  return json_is_object(v) ? v : NULL;
}

/* "YYYY", "YYYY-MM" or "YYYY-MM-DD[...]" with a plausible year; anything
 * else leaves *d unset (year 0). */
static void parse_date(const char *s, struct prep_date *d)
{
  memset(d, 0, sizeof *d);
  if (!s)
    return;
  for (int i = 0; i < 4; i++)
    if (s[i] < '0' || s[i] > '9')
      return;
  int y = (s[0] - '0') * 1000 + (s[1] - '0') * 100 + (s[2] - '0') * 10 +
          (s[3] - '0');
  if (y < 1900 || y > 2199)
    return;
  d->year = y;
  d->precision = PREP_DATE_YEAR;
  if (s[4] == '-' && s[5] >= '0' && s[5] <= '9' && s[6] >= '0' &&
      s[6] <= '9' && (s[7] == '\0' || s[7] == '-' || s[7] == 'T')) {
    int m = (s[5] - '0') * 10 + (s[6] - '0');
    if (m >= 1 && m <= 12) {
      d->month = m;
      d->precision = PREP_DATE_MONTH;
    }
  }
}

/* "Jan 2021", "2021" or "" into buf. */
static void fmt_date(const struct prep_date *d, char *buf, size_t n)
{
  if (!d->year)
    snprintf(buf, n, "%s", "");
  else if (d->month)
    snprintf(buf, n, "%s %04d", month_abbr[d->month - 1], d->year);
  else
    snprintf(buf, n, "%04d", d->year);
}

/* ---- blocks -------------------------------------------------------------- */

/* Appends a block; returns its index or PREP_NO_BLOCK (empty text or a
 * limit, which is remembered). */
static size_t add(struct jr *r, enum prep_block_kind kind, unsigned level,
                  unsigned flags, const char *text)
{
  if (!text || r->limit)
    return PREP_NO_BLOCK;
  struct prep_block t;
  memset(&t, 0, sizeof t);
  t.kind = kind;
  t.level = level;
  t.flags = flags;
  t.part = PREP_PART_BODY;
  t.pos = r->line + 1;
  int hit = 0;
  struct prep_block *b =
      prep_read_more_add(r->doc, &t, text, strlen(text), &hit);
  if (hit)
    r->limit = 1;
  if (!b)
    return PREP_NO_BLOCK;
  r->line++;
  return (size_t)(b - r->doc->blocks);
}

static const char *btext(const struct jr *r, size_t b)
{
  return b == PREP_NO_BLOCK ? NULL : r->doc->blocks[b].text;
}

static size_t para(struct jr *r, const char *text)
{
  return add(r, PREP_BLOCK_PARAGRAPH, 0, 0, text);
}

static size_t bullet(struct jr *r, const char *text)
{
  return add(r, PREP_BLOCK_LIST_ITEM, 0, PREP_BF_BULLET, text);
}

static size_t bold(struct jr *r, const char *text)
{
  return add(r, PREP_BLOCK_PARAGRAPH, 0, PREP_BF_BOLD, text);
}

static void heading(struct jr *r, const char *text)
{
  add(r, PREP_BLOCK_HEADING, 1, 0, text);
}

/* The entries of the array `key`, after a heading `title`; NULL, and no
 * heading, when there are none. */
static const json_t *section(struct jr *r, const json_t *root, const char *key,
                             const char *title)
{
  const json_t *arr = jarr(root, key);
  if (!json_array_size(arr))
    return NULL;
  heading(r, title);
  return arr;
}

/* Multi-line prose (a summary): one paragraph per line; returns the first
 * block. */
static size_t prose(struct jr *r, const char *s)
{
  size_t first = PREP_NO_BLOCK;
  while (s && *s) {
    size_t l = strcspn(s, "\n");
    char *line = prep_arena_strndup(r->a, s, l);
    size_t b = para(r, line);
    if (first == PREP_NO_BLOCK)
      first = b;
    s += l;
    if (*s == '\n')
      s++;
  }
  return first;
}

static void *grow(struct prep_arena *a, void *arr, size_t n, size_t size)
{
  void *p = prep_arena_alloc(a, (n + 1) * size);
  if (n)
    memcpy(p, arr, n * size);
  return p;
}

static struct prep_text_fact fact(const struct jr *r, size_t b)
{
  struct prep_text_fact t = {btext(r, b), b, 1.0};
  if (!t.text)
    t.block = PREP_NO_BLOCK;
  return t;
}

/* The last block added so far (for spans). */
static size_t last_block(const struct jr *r)
{
  return r->doc->nblocks ? r->doc->nblocks - 1 : PREP_NO_BLOCK;
}

/* Highlights of an entry: bullets; returns their indexes in the arena. */
static size_t *highlights(struct jr *r, const json_t *arr, size_t *count)
{
  size_t n = json_array_size(arr);
  size_t *hl = prep_arena_alloc(r->a, (n + 1) * sizeof *hl);
  size_t k = 0;
  for (size_t i = 0; i < n; i++) {
    const json_t *v = json_array_get(arr, i);
    if (!json_is_string(v))
      continue;
    size_t b = bullet(r, json_string_value(v));
    if (b != PREP_NO_BLOCK)
      hl[k++] = b;
  }
  *count = k;
  return hl;
}

/* ---- basics -------------------------------------------------------------- */

static enum prep_url_kind network_kind(const char *network, const char *url)
{
  static const struct { const char *word; enum prep_url_kind k; } known[] = {
      {"linkedin", PREP_URL_LINKEDIN}, {"github", PREP_URL_GITHUB},
      {"gitlab", PREP_URL_GITLAB}, {"stackoverflow", PREP_URL_STACKOVERFLOW},
      {"stack overflow", PREP_URL_STACKOVERFLOW},
      {"twitter", PREP_URL_TWITTER}};
  for (size_t i = 0; i < sizeof known / sizeof known[0]; i++)
    if ((network && strcasestr(network, known[i].word)) ||
        (url && strcasestr(url, known[i].word)))
      return known[i].k;
  if (network && !strcasecmp(network, "x"))
    return PREP_URL_TWITTER;
  return PREP_URL_SITE;
}

static void add_url(struct jr *r, const char *url, const char *user,
                    enum prep_url_kind kind)
{
  struct prep_contact *c = &r->f->contact;
  if (c->nurls >= 16)
    return;
  size_t b = para(r, url);
  if (b == PREP_NO_BLOCK)
    return;
  prep_doc_add_link(r->doc, &r->doc->blocks[b], btext(r, b), url);
  c->urls = grow(r->a, c->urls, c->nurls, sizeof *c->urls);
  struct prep_url *u = &c->urls[c->nurls++];
  u->url = btext(r, b);
  u->username = user ? prep_arena_strdup(r->a, user) : NULL;
  u->kind = kind;
  u->block = b;
}

static void basics(struct jr *r, const json_t *root)
{
  const json_t *bs = jobj(root, "basics");
  struct prep_contact *c = &r->f->contact;
  c->name = fact(r, add(r, PREP_BLOCK_HEADING, 0, PREP_BF_BOLD,
                        jstr(bs, "name")));
  c->label = fact(r, para(r, jstr(bs, "label")));
  const json_t *loc = jobj(bs, "location");
  const char *where = jstr(loc, "address");
  if (!where) {
    /* "City, Region, CC" from the parts that are there */
    char buf[512];
    size_t k = 0;
    const char *parts[3] = {jstr(loc, "city"), jstr(loc, "region"),
                            jstr(loc, "countryCode")};
    buf[0] = '\0';
    for (int i = 0; i < 3; i++)
      if (parts[i] && k < sizeof buf) {
        int w = snprintf(buf + k, sizeof buf - k, "%s%s", k ? ", " : "",
                         parts[i]);
        k += w > 0 ? (size_t)w : 0;
      }
    where = k ? prep_arena_strdup(r->a, buf) : NULL;
  }
  c->location = fact(r, para(r, where));
  size_t b = para(r, jstr(bs, "email"));
  if (b != PREP_NO_BLOCK) {
    c->emails = prep_arena_alloc(r->a, sizeof *c->emails);
    c->emails[0] = fact(r, b);
    c->nemails = 1;
  }
  b = para(r, jstr(bs, "phone"));
  if (b != PREP_NO_BLOCK) {
    c->phones = prep_arena_alloc(r->a, sizeof *c->phones);
    c->phones[0] = fact(r, b);
    c->nphones = 1;
  }
  const char *site = jstr(bs, "url");
  if (site)
    add_url(r, site, NULL, PREP_URL_SITE);
  const json_t *pr = jarr(bs, "profiles");
  for (size_t i = 0; i < json_array_size(pr); i++) {
    const json_t *p = json_array_get(pr, i);
    const char *url = jstr(p, "url"), *net = jstr(p, "network");
    if (url)
      add_url(r, url, jstr(p, "username"), network_kind(net, url));
  }
  const char *summary = jstr(bs, "summary");
  if (summary) {
    heading(r, "Summary");
    r->f->summary = fact(r, prose(r, summary));
  }
}

/* ---- work ---------------------------------------------------------------- */

/* "current" from x-prepgen.sources.work[i] (-1 when not said). */
static int hint_current(const json_t *root, size_t i)
{
  const json_t *w = jarr(jobj(jobj(root, "x-prepgen"), "sources"), "work");
  const json_t *o = json_array_get(w, i);
  const json_t *c = json_is_object(o) ? json_object_get(o, "current") : NULL;
  return json_is_boolean(c) ? json_is_true(c) : -1;
}

/* An entry's dates as a paragraph: "Jan 2020 - Present" (an en dash) or
 * one date; returns its block, PREP_NO_BLOCK when there is no date. */
static size_t date_para(struct jr *r, const struct prep_date *s,
                        const struct prep_date *e)
{
  char a[32], b[32], line[96];
  fmt_date(s, a, sizeof a);
  if (e->present)
    snprintf(b, sizeof b, "%s", "Present");
  else
    fmt_date(e, b, sizeof b);
  if (*a && *b && strcmp(a, b) != 0)
    snprintf(line, sizeof line, "%s \xE2\x80\x93 %s", a, b);
  else
    snprintf(line, sizeof line, "%s", *a ? a : b);
  return *line ? para(r, line) : PREP_NO_BLOCK;
}

static void work(struct jr *r, const json_t *root)
{
  const json_t *arr = section(r, root, "work", "Experience");
  struct prep_facts *f = r->f;
  size_t n = json_array_size(arr);
  if (!n)
    return;
  f->jobs = prep_arena_alloc(r->a, (n + 1) * sizeof *f->jobs);
  for (size_t i = 0; i < n && !r->limit; i++) {
    const json_t *w = json_array_get(arr, i);
    if (!json_is_object(w))
      continue;
    struct prep_job jb;
    memset(&jb, 0, sizeof jb);
    size_t first = r->doc->nblocks;
    const char *company = jstr(w, "name");
    if (!company)
      company = jstr(w, "company"); /* JSON Resume before v1.0 */
    jb.title_block = bold(r, jstr(w, "position"));
    jb.company_block = para(r, company);
    size_t loc = para(r, jstr(w, "location"));
    jb.title = btext(r, jb.title_block);
    jb.company = btext(r, jb.company_block);
    jb.location = btext(r, loc);
    parse_date(jstr(w, "startDate"), &jb.start);
    const char *end = jstr(w, "endDate");
    if (end && (!strcasecmp(end, "present") || !strcasecmp(end, "now"))) {
      jb.end.present = 1;
    } else if (end) {
      parse_date(end, &jb.end);
    } else if (jb.start.year && hint_current(root, i) != 0) {
      jb.end.present = 1; /* JSON Resume: no end date = current */
    }
    if (jb.end.present)
      jb.end.precision = PREP_DATE_MONTH;
    size_t db = date_para(r, &jb.start, &jb.end);
    jb.date_text = btext(r, db);
    jb.block = db != PREP_NO_BLOCK ? db : last_block(r);
    if (r->doc->nblocks == first)
      jb.block = PREP_NO_BLOCK;
    /* the entry's own summary, then its bullets */
    const char *sum = jstr(w, "summary");
    size_t nsum0 = r->doc->nblocks;
    prose(r, sum);
    size_t nsum = r->doc->nblocks - nsum0, nh = 0;
    size_t *hl = highlights(r, jarr(w, "highlights"), &nh);
    if (r->doc->nblocks == first)
      continue; /* nothing to show */
    if (jb.block == PREP_NO_BLOCK)
      jb.block = first;
    /* summary lines count as highlights (prose the pack may quote) */
    jb.highlights = prep_arena_alloc(r->a, (nsum + nh + 1) * sizeof *hl);
    for (size_t k = 0; k < nsum; k++)
      jb.highlights[k] = nsum0 + k;
    memcpy(jb.highlights + nsum, hl, nh * sizeof *hl);
    jb.nhighlights = nsum + nh;
    jb.first = first;
    jb.last = last_block(r);
    jb.confidence = (jb.title ? 0.4 : 0) + (jb.company ? 0.3 : 0) +
                    (jb.start.year ? 0.3 : 0);
    f->jobs[f->njobs++] = jb;
  }
}

/* volunteer[]: shown (a CV's content), but not jobs. */
static void volunteer(struct jr *r, const json_t *root)
{
  const json_t *arr = section(r, root, "volunteer", "Volunteering");
  for (size_t i = 0; i < json_array_size(arr) && !r->limit; i++) {
    const json_t *v = json_array_get(arr, i);
    if (!json_is_object(v))
      continue;
    struct prep_date s, e;
    bold(r, jstr(v, "position"));
    para(r, jstr(v, "organization"));
    parse_date(jstr(v, "startDate"), &s);
    parse_date(jstr(v, "endDate"), &e);
    date_para(r, &s, &e);
    prose(r, jstr(v, "summary"));
    size_t nh;
    highlights(r, jarr(v, "highlights"), &nh);
  }
}

/* ---- education, skills, projects, the rest -------------------------------- */

static void education(struct jr *r, const json_t *root)
{
  const json_t *arr = section(r, root, "education", "Education");
  struct prep_facts *f = r->f;
  size_t n = json_array_size(arr);
  if (!n)
    return;
  f->education = prep_arena_alloc(r->a, (n + 1) * sizeof *f->education);
  for (size_t i = 0; i < n && !r->limit; i++) {
    const json_t *e = json_array_get(arr, i);
    if (!json_is_object(e))
      continue;
    struct prep_education ed;
    memset(&ed, 0, sizeof ed);
    size_t first = r->doc->nblocks;
    size_t ib = bold(r, jstr(e, "institution"));
    size_t tb = para(r, jstr(e, "studyType"));
    size_t ab = para(r, jstr(e, "area"));
    ed.institution = btext(r, ib);
    ed.study_type = btext(r, tb);
    ed.area = btext(r, ab);
    parse_date(jstr(e, "startDate"), &ed.start);
    parse_date(jstr(e, "endDate"), &ed.end);
    size_t db = date_para(r, &ed.start, &ed.end);
    ed.score = btext(r, para(r, jstr(e, "score")));
    size_t nh;
    highlights(r, jarr(e, "courses"), &nh);
    if (r->doc->nblocks == first)
      continue;
    ed.block = ib != PREP_NO_BLOCK ? ib : db != PREP_NO_BLOCK ? db : first;
    ed.first = first;
    ed.last = last_block(r);
    f->education[f->neducation++] = ed;
  }
}

/* Rank of a keyword in the x-prepgen skill order, or `fallback`. */
static size_t hint_rank(const struct jr *r, const char *kw, size_t fallback)
{
  for (size_t i = 0; i < r->nhint; i++)
    if (!strcasecmp(r->hint[i], kw))
      return i / 2;
  return fallback;
}

struct kw {
  const char *text;
  size_t rank, seq;
};

static int kw_cmp(const void *a, const void *b)
{
  const struct kw *x = a, *y = b;
  if (x->rank != y->rank)
    return x->rank < y->rank ? -1 : 1;
  return x->seq < y->seq ? -1 : x->seq > y->seq;
}

/* The non-empty strings of a keywords array in their order; *m gets how
 * many.  The caller frees. */
static struct kw *string_keywords(const json_t *kws, size_t *m)
{
  size_t nk = json_array_size(kws), n = 0;
  struct kw *k = prep_xmalloc((nk + 1) * sizeof *k);
  for (size_t j = 0; j < nk; j++) {
    const json_t *v = json_array_get(kws, j);
    if (json_is_string(v) && *json_string_value(v)) {
      k[n].text = json_string_value(v);
      k[n].seq = k[n].rank = n;
      n++;
    }
  }
  *m = n;
  return k;
}

/* Appends "kw, kw, ..." lines (prefix "Label: " when given). */
static void keyword_lines(struct jr *r, const char *label,
                          const struct kw *k, size_t n)
{
  for (size_t i = 0; i < n && !r->limit; i += JR_KEYWORDS_PER_LINE) {
    size_t cap = 64 + (label ? strlen(label) : 0), len = 0;
    for (size_t j = i; j < n && j < i + JR_KEYWORDS_PER_LINE; j++)
      cap += strlen(k[j].text) + 2;
    char *s = prep_xmalloc(cap);
    if (label && i == 0)
      len += (size_t)snprintf(s, cap, "%s: ", label);
    for (size_t j = i; j < n && j < i + JR_KEYWORDS_PER_LINE; j++)
      len += (size_t)snprintf(s + len, cap - len, "%s%s",
                              j > i ? ", " : "", k[j].text);
    para(r, s);
    free(s);
  }
}

static void skills(struct jr *r, const json_t *root)
{
  const json_t *arr = jarr(root, "skills");
  size_t total = 0;
  for (size_t i = 0; i < json_array_size(arr); i++) {
    const json_t *g = json_array_get(arr, i);
    total += 1 + json_array_size(jarr(g, "keywords"));
  }
  struct kw *k = prep_xmalloc((total + 1) * sizeof *k);
  size_t *group = prep_xmalloc((total + 1) * sizeof *group);
  const char **label = prep_xmalloc((total + 1) * sizeof *label);
  size_t n = 0;
  for (size_t i = 0; i < json_array_size(arr); i++) {
    const json_t *g = json_array_get(arr, i);
    const char *gname = jstr(g, "name");
    const json_t *kws = jarr(g, "keywords");
    size_t g0 = n;
    for (size_t j = 0; j < json_array_size(kws); j++) {
      const json_t *v = json_array_get(kws, j);
      if (json_is_string(v) && *json_string_value(v)) {
        k[n].text = json_string_value(v);
        group[n] = i;
        label[n] = gname;
        n++;
      }
    }
    if (n == g0 && gname) { /* a group without keywords: its name is one */
      k[n].text = gname;
      group[n] = i;
      label[n] = NULL;
      n++;
    }
  }
  if (n)
    heading(r, "Skills");
  if (r->nhint) {
    /* every keyword in prepgen's order (the x-prepgen hint), unknown
     * ones after in JSON order */
    for (size_t i = 0; i < n; i++) {
      k[i].seq = i;
      k[i].rank = hint_rank(r, k[i].text, (size_t)-1);
    }
    qsort(k, n, sizeof *k, kw_cmp);
    keyword_lines(r, NULL, k, n);
  } else {
    /* one line per group, labelled by the group's name */
    for (size_t i = 0; i < n;) {
      size_t e = i + 1;
      while (e < n && group[e] == group[i])
        e++;
      keyword_lines(r, label[i], k + i, e - i);
      i = e;
    }
  }
  free(k);
  free(group);
  free(label);
}

static void projects(struct jr *r, const json_t *root)
{
  const json_t *arr = section(r, root, "projects", "Projects");
  struct prep_facts *f = r->f;
  size_t n = json_array_size(arr);
  if (!n)
    return;
  f->projects = prep_arena_alloc(r->a, (n + 1) * sizeof *f->projects);
  for (size_t i = 0; i < n && !r->limit; i++) {
    const json_t *p = json_array_get(arr, i);
    if (!json_is_object(p))
      continue;
    struct prep_project pr;
    memset(&pr, 0, sizeof pr);
    size_t nb = bold(r, jstr(p, "name"));
    pr.name = btext(r, nb);
    pr.description = btext(r, prose(r, jstr(p, "description")));
    const char *url = jstr(p, "url");
    size_t ub = para(r, url);
    pr.url = btext(r, ub);
    if (ub != PREP_NO_BLOCK)
      prep_doc_add_link(r->doc, &r->doc->blocks[ub], pr.url, url);
    size_t m;
    struct kw *k = string_keywords(jarr(p, "keywords"), &m);
    keyword_lines(r, NULL, k, m);
    free(k);
    pr.highlights = highlights(r, jarr(p, "highlights"), &pr.nhighlights);
    if (nb == PREP_NO_BLOCK)
      continue; /* a project needs a name */
    pr.block = nb;
    f->projects[f->nprojects++] = pr;
  }
}

static void certificates(struct jr *r, const json_t *root)
{
  const json_t *arr = section(r, root, "certificates", "Certifications");
  struct prep_facts *f = r->f;
  size_t n = json_array_size(arr);
  if (!n)
    return;
  f->certificates = prep_arena_alloc(r->a, (n + 1) * sizeof *f->certificates);
  for (size_t i = 0; i < n && !r->limit; i++) {
    const json_t *c = json_array_get(arr, i);
    const char *name = jstr(c, "name");
    if (!name)
      continue;
    struct prep_certificate ce;
    memset(&ce, 0, sizeof ce);
    parse_date(jstr(c, "date"), &ce.date);
    size_t b = para(r, name);
    if (b == PREP_NO_BLOCK)
      continue;
    ce.name = btext(r, b);
    ce.issuer = btext(r, para(r, jstr(c, "issuer")));
    char dl[32];
    fmt_date(&ce.date, dl, sizeof dl);
    if (*dl)
      para(r, dl);
    ce.block = b;
    f->certificates[f->ncertificates++] = ce;
  }
}

static void languages(struct jr *r, const json_t *root)
{
  const json_t *arr = section(r, root, "languages", "Languages");
  struct prep_facts *f = r->f;
  size_t n = json_array_size(arr);
  if (!n)
    return;
  f->languages = prep_arena_alloc(r->a, (n + 1) * sizeof *f->languages);
  for (size_t i = 0; i < n && !r->limit; i++) {
    const json_t *l = json_array_get(arr, i);
    const char *lang = jstr(l, "language"), *fl = jstr(l, "fluency");
    if (!lang)
      continue;
    /* "English (Native speaker)": both verbatim in one line */
    char *line = fl ? prep_arena_printf(r->a, "%s (%s)", lang, fl)
                    : prep_arena_strdup(r->a, lang);
    size_t b = para(r, line);
    if (b == PREP_NO_BLOCK)
      continue;
    struct prep_language *pl = &f->languages[f->nlanguages++];
    pl->language = prep_arena_strdup(r->a, lang);
    pl->fluency = fl ? prep_arena_strdup(r->a, fl) : NULL;
    pl->block = b;
  }
}

/* awards, publications, interests: text for the doc, no facts. */
static void the_rest(struct jr *r, const json_t *root)
{
  /* a title, who gave or published it, and a summary */
  static const struct {
    const char *key, *heading, *title, *by;
  } listed[] = {{"awards", "Awards", "title", "awarder"},
                {"publications", "Publications", "name", "publisher"}};
  for (size_t t = 0; t < sizeof listed / sizeof listed[0]; t++) {
    const json_t *arr = section(r, root, listed[t].key, listed[t].heading);
    for (size_t i = 0; i < json_array_size(arr) && !r->limit; i++) {
      const json_t *o = json_array_get(arr, i);
      para(r, jstr(o, listed[t].title));
      para(r, jstr(o, listed[t].by));
      prose(r, jstr(o, "summary"));
    }
  }
  const json_t *arr = section(r, root, "interests", "Interests");
  for (size_t i = 0; i < json_array_size(arr) && !r->limit; i++) {
    const json_t *o = json_array_get(arr, i);
    const char *name = jstr(o, "name");
    size_t m;
    struct kw *k = string_keywords(jarr(o, "keywords"), &m);
    if (m)
      keyword_lines(r, name, k, m);
    else
      para(r, name);
    free(k);
  }
}

/* x-prepgen: the as-of date (as the document's date) and the skill order. */
static void hints(struct jr *r, const json_t *root)
{
  const json_t *x = jobj(root, "x-prepgen");
  struct prep_date d;
  parse_date(jstr(x, "asOf"), &d);
  if (!d.month)
    parse_date(jstr(jobj(root, "meta"), "lastModified"), &d);
  if (d.month)
    r->doc->modified = prep_arena_printf(r->a, "%04d-%02d-01", d.year,
                                         d.month);
  const json_t *sk = jarr(x, "skills");
  size_t n = json_array_size(sk);
  if (n > JR_MAX_HINTS)
    n = JR_MAX_HINTS;
  r->hint = prep_arena_alloc(r->a, (2 * n + 1) * sizeof *r->hint);
  for (size_t i = 0; i < n; i++) {
    const json_t *s = json_array_get(sk, i);
    const char *nm = jstr(s, "name"), *id = jstr(s, "id");
    r->hint[2 * i] = nm ? nm : "";
    r->hint[2 * i + 1] = id ? id : "";
  }
  r->nhint = 2 * n;
}

/* ---- entry point ------------------------------------------------------------ */

enum prep_status prep_read_json(const unsigned char *p, size_t n,
                                const char *name, struct prep_arena *a,
                                struct prep_doc **out,
                                struct prep_facts **given,
                                struct prep_diag *diag)
{
  *out = NULL;
  if (given)
    *given = NULL;
  if (n > PREP_MAX_JSON_INPUT) {
    prep_diag_add(diag, PREP_SEV_ERROR, name, NULL,
                  "JSON Resume file is larger than the %u MiB limit",
                  PREP_MAX_JSON_INPUT / PREP_MiB);
    return PREP_ELIMIT;
  }
  size_t off = skip_bom(p, n);
  if (json_depth(p + off, n - off, PREP_MAX_JSON_DEPTH) >
      PREP_MAX_JSON_DEPTH) {
    prep_diag_add(diag, PREP_SEV_ERROR, name, NULL,
                  "JSON nested deeper than %u levels", PREP_MAX_JSON_DEPTH);
    return PREP_ELIMIT;
  }
  json_error_t err;
  json_t *root = json_loadb((const char *)p + off, n - off, 0, &err);
  if (!root) {
    char where[48];
    snprintf(where, sizeof where, "line %d", err.line > 0 ? err.line : 1);
    prep_diag_add(diag, PREP_SEV_ERROR, name, where,
                  "not valid JSON (column %d); a JSON Resume file must be "
                  "one UTF-8 JSON object", err.column > 0 ? err.column : 1);
    return PREP_EINPUT;
  }
  if (!json_is_object(root)) {
    json_decref(root);
    prep_diag_add(diag, PREP_SEV_ERROR, name, NULL,
                  "the JSON is not an object, so not a JSON Resume");
    return PREP_EINPUT;
  }
  struct jr r;
  memset(&r, 0, sizeof r);
  r.a = a;
  r.name = name;
  r.diag = diag;
  r.doc = prep_doc_new(a, PREP_FORMAT_TEXT);
  r.doc->encoding = "UTF-8";
  r.f = prep_arena_alloc(a, sizeof *r.f);
  memset(r.f, 0, sizeof *r.f);
  hints(&r, root);
  basics(&r, root);
  work(&r, root);
  volunteer(&r, root);
  education(&r, root);
  skills(&r, root);
  projects(&r, root);
  certificates(&r, root);
  languages(&r, root);
  the_rest(&r, root);
  json_decref(root);
  if (r.limit) {
    prep_diag_add(diag, PREP_SEV_ERROR, name, NULL,
                  "the JSON Resume holds more text than the document limits "
                  "allow");
    return PREP_ELIMIT;
  }
  size_t text_blocks = 0;
  for (size_t i = 0; i < r.doc->nblocks; i++)
    if (r.doc->blocks[i].kind != PREP_BLOCK_HEADING ||
        r.doc->blocks[i].level == 0)
      text_blocks++;
  if (text_blocks == 0) {
    prep_diag_add(diag, PREP_SEV_ERROR, name, NULL,
                  "the JSON holds no JSON Resume fields with text");
    return PREP_EINPUT;
  }
  *out = r.doc;
  if (given)
    *given = r.f;
  return PREP_OK;
}
