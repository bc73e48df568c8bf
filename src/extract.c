/* extract.c - the fact extraction stage: doc -> facts (see extract.h).
 *
 * Owner: extraction stage (issue 3).  Consumes the document model (blocks
 * with style hints) and the taxonomy; produces struct prep_facts in the run
 * arena.  Steps, in order:
 *   1. sections: which blocks are section headings (data/sections.tsv via
 *      heading kind, bold-only short lines, ALL CAPS, letter spacing,
 *      trailing colons), and so which section every block is in;
 *   2. dates per block (extract_dates.c);
 *   3. contact: emails, phones, URLs from tokens and link targets; the name
 *      by OpenResume-style feature scoring (signed weights, best wins);
 *   4. jobs: every dated header line in the experience section, with its
 *      neighbouring title/company lines and the bullets that follow;
 *   5. education, certificates, projects, spoken languages, summary;
 *   6. skills with corroboration, mentions, months used, last used;
 *   7. quantified results (extract_skills.c);
 *   8. years of experience (merged spans), role family and seniority.
 * It ignores page furniture and anything it cannot place; it never invents
 * text: every string is block text or a verbatim slice of it.
 */
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>

#include "extract_int.h"
#include "prepgen/arena.h"
#include "prepgen/doc.h"
#include "prepgen/text.h"

/* ===================================================================== */
/* names                                                                  */
/* ===================================================================== */

static const char *const kind_names[] = {
#define FACT_KIND(e, name, json) name,
#include "fact_kinds.def"
#undef FACT_KIND
};

const char *prep_fact_kind_name(enum prep_fact_kind k)
{
  return (unsigned)k < PREP_FACT_COUNT ? kind_names[k] : "?";
}

static const char *const section_names[PREP_SEC_COUNT] = {
    "none",      "summary",   "experience",     "education",
    "skills",    "projects",  "certifications", "languages",
    "interests", "volunteering", "awards",      "publications",
    "references", "contact",  "other"};

const char *prep_section_name(enum prep_section s)
{
  return (unsigned)s < PREP_SEC_COUNT ? section_names[s] : "?";
}

int prep_section_from_name(const char *name)
{
  for (int i = 0; i < PREP_SEC_COUNT; i++)
    if (strcmp(name, section_names[i]) == 0)
      return i;
  /* Synonyms a data curator may use. */
  if (!strcmp(name, "work") || !strcmp(name, "employment"))
    return PREP_SEC_EXPERIENCE;
  if (!strcmp(name, "certificates"))
    return PREP_SEC_CERTIFICATIONS;
  if (!strcmp(name, "profile") || !strcmp(name, "about"))
    return PREP_SEC_SUMMARY;
  if (!strcmp(name, "volunteer"))
    return PREP_SEC_VOLUNTEERING;
  return -1;
}

static const char *const result_names[PREP_RES_KIND_COUNT] = {
    "percent", "currency", "count", "multiplier", "latency",
    "throughput", "users", "team", "duration"};

const char *prep_result_kind_name(enum prep_result_kind k)
{
  return (unsigned)k < PREP_RES_KIND_COUNT ? result_names[k] : "?";
}

int prep_extract_valid_as_of(const char *s)
{
  if (!s || strlen(s) != 7 || s[4] != '-')
    return 0;
  for (int i = 0; i < 7; i++)
    if (i != 4 && (s[i] < '0' || s[i] > '9'))
      return 0;
  int y = atoi(s), m = atoi(s + 5);
  return y >= 1900 && y <= 2199 && m >= 1 && m <= 12;
}

/* ===================================================================== */
/* run state                                                              */
/* ===================================================================== */

#define MAX_DATES 4

struct binfo {
  int heading;          /* section this block opens, or -1 */
  int listed;           /* a skills list (section or "Skills:" label) */
  int label_len;        /* bytes of an inline "Label:" prefix, or 0 */
  struct xdate_range dates[MAX_DATES];
  size_t ndates;
  size_t words;
  int job_header;       /* part of a job's header lines */
  int phone_off, phone_len; /* one phone span to mask from results */
};

struct ex {
  const struct prep_doc *doc;
  const struct prep_taxonomy *tax;
  struct prep_arena *a;
  struct prep_facts *f;
  struct xrun run;
  struct binfo *bi;
  size_t n;
  struct prep_date as_of;
  /* growable candidate/warning arrays (malloc'd, copied at the end) */
  struct prep_candidate *cand;
  size_t ncand, capcand;
};

static void add_candidate(struct ex *x, enum prep_fact_kind k, size_t block,
                          const char *text, size_t len, int score,
                          const char *why)
{
  if (x->ncand == x->capcand) {
    x->capcand = x->capcand ? x->capcand * 2 : 64;
    x->cand = prep_xrealloc(x->cand, x->capcand * sizeof *x->cand);
  }
  struct prep_candidate *c = &x->cand[x->ncand++];
  c->kind = k;
  c->block = block;
  c->text = prep_arena_strndup(x->a, text, len);
  c->score = score;
  c->why = why ? prep_arena_strdup(x->a, why) : "";
}

static void warn(struct ex *x, size_t block, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));

static void warn(struct ex *x, size_t block, const char *fmt, ...)
{
  char msg[256];
  va_list ap;
  va_start(ap, fmt);
  vsnprintf(msg, sizeof msg, fmt, ap);
  va_end(ap);
  struct prep_facts *f = x->f;
  struct prep_warning *nw =
      prep_arena_alloc(x->a, (f->nwarnings + 1) * sizeof *nw);
  if (f->nwarnings)
    memcpy(nw, f->warnings, f->nwarnings * sizeof *nw);
  nw[f->nwarnings].msg = prep_arena_strdup(x->a, msg);
  nw[f->nwarnings].block = block;
  f->warnings = nw;
  f->nwarnings++;
}

/* Appends one element to an arena array (copying; fine for short lists). */
static void *grow(struct prep_arena *a, void *arr, size_t n, size_t size)
{
  void *na = prep_arena_alloc(a, (n + 1) * size);
  if (n)
    memcpy(na, arr, n * size);
  return na;
}

static const struct prep_block *B(const struct ex *x, size_t i)
{
  return &x->doc->blocks[i];
}

static int is_bullet(const struct prep_block *b)
{
  return b->kind == PREP_BLOCK_LIST_ITEM ||
         (b->flags & (PREP_BF_BULLET | PREP_BF_NUMBERED));
}

/* Trims spaces, tabs and separator punctuation at both ends. */
static void trim_span(const char *s, size_t *a, size_t *b)
{
  for (;;) {
    if (*a >= *b)
      return;
    unsigned char c = (unsigned char)s[*a];
    if (c == ' ' || c == '\t' || c == ',' || c == '|' || c == ';' ||
        c == ':' || c == '-' || c == '(' || c == ')' || c == '/' || c == '@' ||
        c == '*') {
      (*a)++;
      continue;
    }
    /* en/em dash, middle dot, bullet (3-byte or 2-byte UTF-8) */
    if (c == 0xE2 && *a + 2 < *b && (unsigned char)s[*a + 1] == 0x80 &&
        ((unsigned char)s[*a + 2] == 0x93 || (unsigned char)s[*a + 2] == 0x94 ||
         (unsigned char)s[*a + 2] == 0xA2)) {
      *a += 3;
      continue;
    }
    if (c == 0xC2 && *a + 1 < *b && (unsigned char)s[*a + 1] == 0xB7) {
      *a += 2;
      continue;
    }
    /* an emoji or other symbol that decorates the start */
    size_t sk = c >= 0x80 ? xskip_symbols(s + *a, *b - *a) : 0;
    if (sk) {
      *a += sk;
      continue;
    }
    break;
  }
  for (;;) {
    if (*b <= *a)
      return;
    unsigned char c = (unsigned char)s[*b - 1];
    if (c == ' ' || c == '\t' || c == ',' || c == '|' || c == ';' ||
        c == ':' || c == '-' || c == '(' || c == '/' || c == '@' || c == '*' ||
        (c == ')' && !memchr(s + *a, '(', *b - *a))) {
      (*b)--;
      continue;
    }
    if (*b >= *a + 3 && (unsigned char)s[*b - 3] == 0xE2 &&
        (unsigned char)s[*b - 2] == 0x80 &&
        (c == 0x93 || c == 0x94 || c == 0xA2)) {
      *b -= 3;
      continue;
    }
    if (*b >= *a + 2 && (unsigned char)s[*b - 2] == 0xC2 && c == 0xB7) {
      *b -= 2;
      continue;
    }
    break;
  }
}

static const char *slice(struct ex *x, const char *s, size_t a, size_t b)
{
  trim_span(s, &a, &b);
  if (b <= a)
    return NULL;
  return prep_arena_strndup(x->a, s + a, b - a);
}

/* ===================================================================== */
/* 1. sections                                                            */
/* ===================================================================== */

size_t xheading_key(const char *s, size_t n, char *buf, size_t cap)
{
  /* Lowercase words of letters; digits and punctuation dropped so that
   * "1. Experience:" and "EXPERIENCE" agree.  Single letters that make up
   * the whole heading are joined: "S U M M A R Y" -> "summary". */
  char low[512];
  size_t ll = xlower(s, n < 400 ? n : 400, low, sizeof low);
  size_t o = 0, i = 0, singles = 0, wordsn = 0;
  int space = 0;
  while (i < ll && o + 5 < cap) {
    unsigned cp;
    int k = prep_utf8_decode(low + i, ll - i, &cp);
    /* letters of any script (and their combining marks); emoji, arrows
     * and dingbats are not: "💼 Experience" is the Experience heading */
    int letter = (cp >= 'a' && cp <= 'z') ||
                 (cp >= 0xC0 && xis_letter_or_mark(cp));
    if (letter) {
      if (space && o > 0)
        buf[o++] = ' ';
      space = 0;
      memcpy(buf + o, low + i, (size_t)k);
      o += (size_t)k;
    } else {
      space = 1;
    }
    i += (size_t)k;
  }
  buf[o] = '\0';
  /* letter spacing */
  for (size_t j = 0; j < o;) {
    size_t e = j;
    while (e < o && buf[e] != ' ')
      e++;
    wordsn++;
    unsigned cp;
    if ((size_t)prep_utf8_decode(buf + j, e - j, &cp) == e - j)
      singles++;
    j = e + 1;
  }
  if (wordsn >= 3 && singles * 10 >= wordsn * 8) {
    size_t w = 0;
    for (size_t j = 0; j < o; j++)
      if (buf[j] != ' ')
        buf[w++] = buf[j];
    buf[w] = '\0';
    o = w;
  }
  return o;
}

static int lookup_section(const struct prep_taxonomy *tax, const char *key,
                          size_t kl)
{
  int v = xmap_getn(&tax->sections, key, kl);
  if (v >= 0)
    return v;
  /* Letter-spaced words run together ("workexperience"): try every split
   * point into two known words. */
  if (!memchr(key, ' ', kl) && kl >= 8 && kl < 64) {
    char tmp[80];
    for (size_t cut = 3; cut + 3 <= kl; cut++) {
      memcpy(tmp, key, cut);
      tmp[cut] = ' ';
      memcpy(tmp + cut + 1, key + cut, kl - cut);
      v = xmap_getn(&tax->sections, tmp, kl + 1);
      if (v >= 0)
        return v;
    }
  }
  return -1;
}

/* Compound headings: "Skills & Tools", "Education and Training",
 * "Berufserfahrung / Praktika": split the raw text on & / + , and the words
 * and/und/et/y/e/en; the first part that is a known heading decides
 * (data/FORMATS-extract.md).  Whole parts only: "Quaystone Software,
 * Austin" is not a skills heading because of "software". */
static int compound_section(const struct prep_taxonomy *tax, const char *s,
                            size_t n)
{
  size_t st = 0, k = 0;
  int parts = 0;
  while (k <= n) {
    size_t sep = 0;
    if (k == n)
      sep = 1;
    else if (s[k] == '&' || s[k] == '/' || s[k] == '+' || s[k] == ',' ||
             s[k] == '|')
      sep = 1;
    else if (s[k] == ' ') {
      static const char *const w[] = {" and ", " und ", " et ", " y ",
                                      " e ", " en ", " & "};
      for (size_t i = 0; i < sizeof w / sizeof w[0]; i++) {
        size_t l = strlen(w[i]);
        if (k + l <= n && strncasecmp(s + k, w[i], l) == 0) {
          sep = l - 1;
          break;
        }
      }
    }
    if (sep) {
      char key[256];
      size_t kl = xheading_key(s + st, k - st, key, sizeof key);
      parts++;
      if (kl) {
        int v = lookup_section(tax, key, kl);
        if (v >= 0 && (parts > 1 || k < n))
          return v;
      }
      k += sep;
      st = k;
    } else {
      k++;
    }
  }
  return -1;
}

static void find_sections(struct ex *x)
{
  int cur = PREP_SEC_NONE;
  for (size_t i = 0; i < x->n; i++) {
    const struct prep_block *b = B(x, i);
    struct binfo *bi = &x->bi[i];
    bi->heading = -1;
    bi->words = xcount_words(b->text, b->len);
    char key[256];
    size_t kl = 0;
    int styled = b->kind == PREP_BLOCK_HEADING ||
                 (b->flags & (PREP_BF_BOLD | PREP_BF_CAPS | PREP_BF_SPACED |
                              PREP_BF_COLON | PREP_BF_UNDERLINED |
                              PREP_BF_SMALLCAPS));
    if (bi->words <= 6 && b->len < 80 && !is_bullet(b)) {
      kl = xheading_key(b->text, b->len, key, sizeof key);
      int v = kl ? lookup_section(x->tax, key, kl) : -1;
      if (v < 0 && styled && kl)
        v = compound_section(x->tax, b->text, b->len);
      if (v >= 0) {
        bi->heading = v;
        cur = v;
        x->f->sections_found |= 1u << v;
      }
    }
    /* Inline label: "Skills: Python, Go" or "Tech stack: ...". */
    if (bi->heading < 0) {
      const char *colon = memchr(b->text, ':', b->len < 40 ? b->len : 40);
      if (colon && colon > b->text) {
        kl = xheading_key(b->text, (size_t)(colon - b->text), key, sizeof key);
        int v = kl ? lookup_section(x->tax, key, kl) : -1;
        if (v < 0 && kl)
          v = compound_section(x->tax, b->text, (size_t)(colon - b->text));
        if (v >= 0) {
          bi->label_len = (int)(colon - b->text + 1);
          if (v == PREP_SEC_SKILLS)
            bi->listed = 1;
        }
      }
    }
    x->f->block_section[i] = (unsigned char)cur;
    if (cur == PREP_SEC_SKILLS && bi->heading < 0)
      bi->listed = 1;
  }
}

/* ===================================================================== */
/* 2. dates                                                               */
/* ===================================================================== */

static void find_dates(struct ex *x)
{
  for (size_t i = 0; i < x->n; i++) {
    const struct prep_block *b = B(x, i);
    struct binfo *bi = &x->bi[i];
    if (bi->heading >= 0)
      continue;
    /* A digit or a present word is needed; skip the regex otherwise. */
    int digit = 0;
    for (size_t k = 0; k < b->len && !digit; k++)
      if ((b->text[k] >= '0' && b->text[k] <= '9') || b->text[k] == '\'')
        digit = 1;
    if (!digit)
      continue;
    bi->ndates = xdate_find(&x->run, b->text, b->len, &x->as_of, bi->dates,
                            MAX_DATES);
  }
}

static int has_range(const struct binfo *bi)
{
  for (size_t k = 0; k < bi->ndates; k++)
    if (bi->dates[k].is_range)
      return 1;
  return 0;
}

static const struct xdate_range *first_range(const struct binfo *bi)
{
  for (size_t k = 0; k < bi->ndates; k++)
    if (bi->dates[k].is_range)
      return &bi->dates[k];
  return bi->ndates ? &bi->dates[0] : NULL;
}

/* ===================================================================== */
/* title words (data/titles.tsv)                                          */
/* ===================================================================== */

struct title_info {
  int found;            /* a job-title word is present */
  const char *family;   /* of the longest title phrase, or NULL */
  int seniority;        /* strongest level word, 0 when none */
  size_t best_len;      /* token length of the phrase that gave the family */
  size_t title_len;     /* token length of the longest title noun phrase */
  int title_kind;       /* ...and its kind (struct title_word) */
};

/* Feminine forms of title nouns that the data lists in the masculine:
 * développeuse/développeur, intégratrice/intégrateur, desarrolladora/
 * desarrollador, Entwicklerin/Entwickler, Werkstudentin/Werkstudent,
 * ingénieure/ingénieur.  p[0..n) is a phrase key whose words start at
 * ws[] and end at we[] (offsets into p); each word in turn is tried in
 * the masculine, so "développeuse front-end" finds "développeur
 * front-end" and "backend-entwicklerin" finds "backend-entwickler". */
static int feminine_title(const struct prep_taxonomy *tax, const char *p,
                          size_t n, const size_t *ws, const size_t *we,
                          size_t nw)
{
  static const struct { const char *fem, *masc; } suf[] = {
      {"euse", "eur"}, {"rice", "eur"}, {"ora", "or"}, {"in", ""},
      {"ure", "ur"}, {"iste", "iste"}, {"ière", "ier"}, {"ienne", "ien"}};
  char buf[256];
  for (size_t k = 0; k < nw; k++) {
    size_t wl = we[k] - ws[k];
    for (size_t i = 0; i < sizeof suf / sizeof suf[0]; i++) {
      size_t fl = strlen(suf[i].fem), ml = strlen(suf[i].masc);
      if (wl <= fl + 3 || n - fl + ml >= sizeof buf ||
          strncmp(p + we[k] - fl, suf[i].fem, fl) != 0)
        continue;
      size_t head = we[k] - fl;
      memcpy(buf, p, head);
      memcpy(buf + head, suf[i].masc, ml);
      memcpy(buf + head + ml, p + we[k], n - we[k]);
      int v = xmap_getn(&tax->title_map, buf, n - fl + ml);
      if (v >= 0)
        return v;
    }
  }
  return -1;
}

/* Scans word n-grams of s[0..n) against titles.tsv. */
static void title_scan(const struct prep_taxonomy *tax, const char *s,
                       size_t n, struct title_info *ti)
{
  memset(ti, 0, sizeof *ti);
  char key[512];
  size_t ntok;
  size_t kl = xphrase_key(s, n < 300 ? n : 300, key, sizeof key, &ntok);
  if (!kl)
    return;
  size_t st[64], en[64], nw = 0;
  for (size_t j = 0; j < kl && nw < 64;) {
    size_t e = j;
    while (e < kl && key[e] != ' ')
      e++;
    st[nw] = j;
    en[nw] = e;
    nw++;
    j = e + 1;
  }
  size_t maxk = tax->max_title_tokens ? tax->max_title_tokens : 1;
  for (size_t w = 0; w < nw; w++)
    for (size_t k = maxk; k >= 1; k--) {
      if (w + k > nw)
        continue;
      const char *ph = key + st[w];
      size_t pl = en[w + k - 1] - st[w];
      int v = xmap_getn(&tax->title_map, ph, pl);
      if (v < 0) {
        size_t ws[64], we[64];
        for (size_t i = 0; i < k; i++) {
          ws[i] = st[w + i] - st[w];
          we[i] = en[w + i] - st[w];
        }
        v = feminine_title(tax, ph, pl, ws, we, k);
      }
      if (v < 0)
        continue;
      const struct title_word *tw = &tax->titles[v];
      if (tw->is_title) {
        ti->found = 1;
        /* the longest title phrase decides: "store manager" (not tech)
         * over the "manager" inside it */
        if (k > ti->title_len) {
          ti->title_len = k;
          ti->title_kind = tw->kind;
        } else if (k == ti->title_len && tw->kind > ti->title_kind) {
          ti->title_kind = tw->kind; /* a tie: tech wins */
        }
      }
      /* The longest phrase wins, but a specific family beats
       * "generalist" ("développeur front-end": front-end decides). */
      if (tw->family) {
        int gen_new = !strcmp(tw->family, "generalist");
        int gen_old = ti->family && !strcmp(ti->family, "generalist");
        if (!ti->family || (gen_old && !gen_new) ||
            (k > ti->best_len && gen_new == gen_old)) {
          ti->family = tw->family;
          ti->best_len = k;
        }
      }
      if (tw->seniority > ti->seniority ||
          (tw->seniority == PREP_SEN_JUNIOR && !ti->seniority))
        ti->seniority = tw->seniority;
      /* keep looking at shorter phrases here: "director of engineering"
       * names the family, "director" the level */
    }
}

int prep_taxonomy_title_kind(const struct prep_taxonomy *tax,
                             const char *title)
{
  if (!title)
    return -1;
  struct title_info ti;
  title_scan(tax, title, strlen(title), &ti);
  if (ti.title_len)
    return ti.title_kind;
  return ti.family && strcmp(ti.family, "generalist") != 0 ? 1 : -1;
}

static int has_title(const struct ex *x, const char *s, size_t n)
{
  struct title_info ti;
  title_scan(x->tax, s, n, &ti);
  return ti.found;
}

/* 1 when s[0..n) is exactly a skill alias ("Node.js", "ASP.NET"). */
static int lookup_skill_token(const struct prep_taxonomy *tax, const char *s,
                              size_t n)
{
  char key[256];
  size_t ntok;
  size_t kl = xskill_key(s, n, key, sizeof key, &ntok);
  return kl && xmap_getn(&tax->alias_map, key, kl) >= 0;
}

/* ===================================================================== */
/* 3. contact                                                             */
/* ===================================================================== */

/* Blocks where contact details may live: before the first section, the
 * contact section, page headers/footers and text boxes. */
static int contact_zone(const struct ex *x, size_t i)
{
  const struct prep_block *b = B(x, i);
  int sec = x->f->block_section[i];
  return sec == PREP_SEC_NONE || sec == PREP_SEC_CONTACT ||
         b->part == PREP_PART_HEADER || b->part == PREP_PART_FOOTER ||
         b->part == PREP_PART_TEXTBOX || i < 8;
}

static int seen_text(const struct prep_text_fact *arr, size_t n,
                     const char *s, size_t len)
{
  for (size_t i = 0; i < n; i++)
    if (strlen(arr[i].text) == len && strncasecmp(arr[i].text, s, len) == 0)
      return 1;
  return 0;
}

static void add_email(struct ex *x, size_t block, const char *s, size_t len)
{
  struct prep_contact *c = &x->f->contact;
  if (c->nemails >= 16 || seen_text(c->emails, c->nemails, s, len))
    return;
  c->emails = grow(x->a, c->emails, c->nemails, sizeof *c->emails);
  c->emails[c->nemails].text = prep_arena_strndup(x->a, s, len);
  c->emails[c->nemails].block = block;
  c->emails[c->nemails].confidence = 1.0;
  c->nemails++;
  add_candidate(x, PREP_FACT_EMAIL, block, s, len, 4, "email shape");
}

static enum prep_url_kind url_kind(const char *u, const char **user,
                                   size_t *ulen)
{
  static const struct { const char *host; enum prep_url_kind k; } hosts[] = {
      {"linkedin.com/in/", PREP_URL_LINKEDIN},
      {"linkedin.com/pub/", PREP_URL_LINKEDIN},
      {"linkedin.com/", PREP_URL_LINKEDIN},
      {"github.com/", PREP_URL_GITHUB},
      {"gitlab.com/", PREP_URL_GITLAB},
      {"stackoverflow.com/users/", PREP_URL_STACKOVERFLOW},
      {"twitter.com/", PREP_URL_TWITTER},
      {"x.com/", PREP_URL_TWITTER}};
  *user = NULL;
  *ulen = 0;
  for (size_t i = 0; i < sizeof hosts / sizeof hosts[0]; i++) {
    const char *p = strcasestr(u, hosts[i].host);
    if (!p)
      continue;
    if (p > u && p[-1] != '.' && p[-1] != '/')
      continue;
    const char *h = p + strlen(hosts[i].host);
    size_t l = strcspn(h, "/?#");
    if (l > 0 && l < 100) {
      *user = h;
      *ulen = l;
    }
    return hosts[i].k;
  }
  return PREP_URL_SITE;
}

static void add_url(struct ex *x, size_t block, const char *s, size_t len)
{
  struct prep_contact *c = &x->f->contact;
  while (len > 0 && (s[len - 1] == '.' || s[len - 1] == ',' ||
                     s[len - 1] == ')' || s[len - 1] == ';'))
    len--;
  if (len < 4 || c->nurls >= 16)
    return;
  char *u = prep_arena_strndup(x->a, s, len);
  /* Same profile twice (text and link target): keep the first. */
  const char *bare = u;
  for (const char *pre = "https://"; *pre; pre = "") {
    if (!strncasecmp(bare, "https://", 8))
      bare += 8;
    else if (!strncasecmp(bare, "http://", 7))
      bare += 7;
    break;
  }
  if (!strncasecmp(bare, "www.", 4))
    bare += 4;
  size_t bl = strlen(bare);
  while (bl > 0 && bare[bl - 1] == '/')
    bl--;
  for (size_t i = 0; i < c->nurls; i++) {
    const char *o = c->urls[i].url;
    if (!strncasecmp(o, "https://", 8))
      o += 8;
    else if (!strncasecmp(o, "http://", 7))
      o += 7;
    if (!strncasecmp(o, "www.", 4))
      o += 4;
    size_t ol = strlen(o);
    while (ol > 0 && o[ol - 1] == '/')
      ol--;
    if (ol == bl && strncasecmp(o, bare, bl) == 0)
      return;
  }
  if (strncasecmp(u, "mailto:", 7) == 0 || strncasecmp(u, "tel:", 4) == 0)
    return;
  c->urls = grow(x->a, c->urls, c->nurls, sizeof *c->urls);
  struct prep_url *pu = &c->urls[c->nurls++];
  const char *user;
  size_t ulen;
  pu->url = u;
  pu->kind = url_kind(u, &user, &ulen);
  pu->username = user ? prep_arena_strndup(x->a, user, ulen) : NULL;
  pu->block = block;
  add_candidate(x, PREP_FACT_URL, block, s, len, 3, "URL shape");
}

/* Digits in s[0..n). */
static size_t count_digits(const char *s, size_t n)
{
  size_t d = 0;
  for (size_t i = 0; i < n; i++)
    if (s[i] >= '0' && s[i] <= '9')
      d++;
  return d;
}

/* A phone candidate is real when it has 7..15 digits (plus an extension),
 * is not a date or date range, and is not a bare run of year-like groups. */
static int phone_ok(struct ex *x, const char *s, size_t n, int labelled)
{
  size_t ext = n;
  for (size_t i = 0; i + 1 < n; i++)
    if ((s[i] == 'x' || s[i] == 'e' || s[i] == '#' || s[i] == 'p' ||
         s[i] == 'd') && i > 0) {
      ext = i;
      break;
    }
  size_t d = count_digits(s, ext);
  if (d < 7 || d > 15)
    return 0;
  struct xdate_range dr[2];
  size_t nd = xdate_find(&x->run, s, ext, &x->as_of, dr, 2);
  for (size_t k = 0; k < nd; k++)
    if (dr[k].is_range || dr[k].len + 2 >= ext)
      return 0;
  /* "2019 2020 2021": only year-like groups. */
  int groups = 0, yearish = 0;
  for (size_t i = 0; i < ext;) {
    while (i < ext && !(s[i] >= '0' && s[i] <= '9'))
      i++;
    size_t st = i;
    while (i < ext && s[i] >= '0' && s[i] <= '9')
      i++;
    if (i > st) {
      groups++;
      if (i - st == 4 && (s[st] == '1' || s[st] == '2'))
        yearish++;
    }
  }
  if (groups > 1 && yearish == groups)
    return 0;
  /* A single unbroken run of 7-8 digits with no '+' is too often an id. */
  if (groups == 1 && d <= 8 && s[0] != '+' && !labelled)
    return 0;
  return 1;
}

static void find_phones(struct ex *x, size_t i)
{
  const struct prep_block *b = B(x, i);
  struct prep_contact *c = &x->f->contact;
  size_t pos = 0, ov[4];
  /* "Tel", "Phone", "Mobile", "Telefon", "Tél", "Teléfono", "☎" nearby. */
  int labelled = strcasestr(b->text, "tel") || strcasestr(b->text, "phone") ||
                 strcasestr(b->text, "mobil") || strcasestr(b->text, "cell") ||
                 strstr(b->text, "\xE2\x98\x8E") || strstr(b->text, "\xF0\x9F\x93\x9E");
  while (c->nphones < 8 &&
         xrx_find(&x->run, &x->tax->rx_phone, b->text, b->len, pos, ov, 2)) {
    size_t a = ov[0], e = ov[1];
    pos = e > a ? e : a + 1;
    /* Trim trailing separators the class allowed. */
    while (e > a && strchr(" .-/(", b->text[e - 1]))
      e--;
    if (e > a && b->text[e - 1] == ')' && !memchr(b->text + a, '(', e - a))
      e--;
    if (!phone_ok(x, b->text + a, e - a, labelled))
      continue;
    if (seen_text(c->phones, c->nphones, b->text + a, e - a))
      continue;
    c->phones = grow(x->a, c->phones, c->nphones, sizeof *c->phones);
    c->phones[c->nphones].text = prep_arena_strndup(x->a, b->text + a, e - a);
    c->phones[c->nphones].block = i;
    c->phones[c->nphones].confidence = labelled ? 1.0 : 0.8;
    c->nphones++;
    x->bi[i].phone_off = (int)a;
    x->bi[i].phone_len = (int)(e - a);
    add_candidate(x, PREP_FACT_PHONE, i, b->text + a, e - a, labelled ? 5 : 4,
                  labelled ? "7-15 digits, labelled" : "7-15 digits");
  }
}

static void find_contact_tokens(struct ex *x, size_t i)
{
  const struct prep_block *b = B(x, i);
  const char *s = b->text;
  size_t n = b->len, pos = 0, ov[4];
  /* Tokens: whitespace- and bar-separated, capped (SECURITY.md 6). */
  while (pos < n) {
    while (pos < n && (s[pos] == ' ' || s[pos] == '\t' || s[pos] == '|'))
      pos++;
    size_t st = pos;
    while (pos < n && s[pos] != ' ' && s[pos] != '\t' && s[pos] != '|')
      pos++;
    size_t len = pos - st;
    if (len < 4 || len > XR_TOKEN)
      continue;
    const char *t = s + st;
    if (memchr(t, '@', len)) {
      if (xrx_find(&x->run, &x->tax->rx_email, t, len, 0, ov, 1))
        add_email(x, i, t + ov[0], ov[1] - ov[0]);
      continue;
    }
    if (memchr(t, '.', len) &&
        xrx_find(&x->run, &x->tax->rx_url, t, len, 0, ov, 1)) {
      /* "Node.js" and "ASP.NET" are skills, not web sites. */
      if (lookup_skill_token(x->tax, t + ov[0], ov[1] - ov[0]))
        continue;
      add_url(x, i, t + ov[0], ov[1] - ov[0]);
    }
  }
  /* "jane [at] example [dot] com" */
  size_t ov3[6];
  if (strcasestr(s, "at") && (memchr(s, '[', n) || memchr(s, '(', n)) &&
      xrx_find(&x->run, &x->tax->rx_email_obf, s, n, 0, ov3, 3) &&
      ov3[2] != PCRE2_UNSET && ov3[4] != PCRE2_UNSET) {
    /* The address is rebuilt from its verbatim parts: user, '@', host
     * words joined by dots. */
    char buf[300];
    size_t o = 0;
    for (size_t k = ov3[2]; k < ov3[3] && o < 128; k++)
      buf[o++] = s[k];
    buf[o++] = '@';
    size_t k = ov3[4], words_out = 0;
    while (k < ov3[5] && o < 290) {
      size_t st = k;
      while (k < ov3[5] && ((s[k] >= 'a' && s[k] <= 'z') ||
                            (s[k] >= 'A' && s[k] <= 'Z') ||
                            (s[k] >= '0' && s[k] <= '9') || s[k] == '-'))
        k++;
      size_t l = k - st;
      if (l && !(l == 3 && !strncasecmp(s + st, "dot", 3)) && o + l < 290) {
        if (words_out++)
          buf[o++] = '.';
        memcpy(buf + o, s + st, l);
        o += l;
      }
      if (k == st)
        k++;
    }
    add_email(x, i, buf, o);
  }
  for (size_t k = 0; k < b->nlinks; k++) {
    const char *tg = b->links[k].target;
    if (!strncasecmp(tg, "mailto:", 7)) {
      size_t l = strcspn(tg + 7, "?");
      if (l > 3 && l < XR_TOKEN && memchr(tg + 7, '@', l))
        add_email(x, i, tg + 7, l);
    } else if (!strncasecmp(tg, "http", 4) && strlen(tg) < XR_TOKEN) {
      add_url(x, i, tg, strlen(tg));
    }
  }
}

/* ---- the name: feature scoring ---------------------------------------- */

static int is_particle(const char *w, size_t n)
{
  static const char *const p[] = {"van", "der", "den", "de", "von", "da",
                                  "di", "du", "del", "della", "le", "la",
                                  "bin", "binti", "al", "el", "y", "ten",
                                  "ter", "zu", "dos", "das", "do", "ní",
                                  "nic", "mac", "st", "mc", "ben", "ibn",
                                  "af", "av"};
  for (size_t i = 0; i < sizeof p / sizeof p[0]; i++)
    if (strlen(p[i]) == n && strncasecmp(p[i], w, n) == 0)
      return 1;
  return 0;
}

/* Credentials after a name ("Jane Doe, PhD") or a title before it ("Dr."):
 * returns the span of the bare name inside [a, b). */
static void strip_credentials(const char *s, size_t *a, size_t *b)
{
  static const char *const tail[] = {"phd", "ph.d", "ph.d.", "msc", "m.sc",
                                     "mba", "md", "cpa", "pmp", "cfa", "pe",
                                     "p.eng", "bsc", "ma", "ba", "meng",
                                     "dphil", "mph", "jr", "jr.", "sr",
                                     "sr.", "ii", "iii", "cissp", "oscp",
                                     "rn", "bsn", "msn", "lpn", "aprn",
                                     "ceng", "esq", "esq.", "pgce"};
  static const char *const head[] = {"dr.", "dr", "prof.", "prof", "mr.",
                                     "mrs.", "ms.", "mr", "mrs", "ms",
                                     "dipl.-ing.", "ing."};
  for (int again = 1; again;) {
    again = 0;
    trim_span(s, a, b);
    size_t e = *b;
    while (e > *a && s[e - 1] != ' ' && s[e - 1] != ',')
      e--;
    if (e > *a) {
      size_t wl = *b - e;
      for (size_t i = 0; i < sizeof tail / sizeof tail[0]; i++)
        if (strlen(tail[i]) == wl && strncasecmp(tail[i], s + e, wl) == 0) {
          *b = e;
          again = 1;
          break;
        }
    }
    size_t f = *a;
    while (f < *b && s[f] != ' ')
      f++;
    if (f < *b) {
      size_t wl = f - *a;
      for (size_t i = 0; i < sizeof head / sizeof head[0]; i++)
        if (strlen(head[i]) == wl && strncasecmp(head[i], s + *a, wl) == 0) {
          *a = f + 1;
          again = 1;
          break;
        }
    }
  }
}

static int is_cjk(unsigned cp)
{
  return (cp >= 0x3040 && cp <= 0x30FF) || (cp >= 0x3400 && cp <= 0x9FFF) ||
         (cp >= 0xAC00 && cp <= 0xD7AF) || (cp >= 0xF900 && cp <= 0xFAFF);
}

/* Scores s[a..b) of block i as the candidate's name. */
static int score_name(struct ex *x, size_t i, const char *s, size_t a,
                      size_t b, char *why, size_t whycap)
{
  const struct prep_block *blk = B(x, i);
  int score = 0;
  size_t w = 0;
  why[0] = '\0';
#define WHY(str, pts)                                                        \
  do {                                                                       \
    score += (pts);                                                          \
    size_t l_ = strlen(why);                                                 \
    snprintf(why + l_, whycap - l_, "%s%s %+d", l_ ? ", " : "", str, pts);   \
  } while (0)
  int letters_only = 1, bad_char = 0, cjk = 0, upper_start = 1, nletters = 0;
  size_t k = a;
  int word_start = 1;
  size_t wstart = a;
  int all_particles_ok = 1;
  while (k < b) {
    unsigned cp;
    int l = prep_utf8_decode(s + k, b - k, &cp);
    if (cp == ' ') {
      if (!word_start) {
        w++;
        if (!is_particle(s + wstart, k - wstart) && !upper_start)
          all_particles_ok = 0;
      }
      word_start = 1;
      k += (size_t)l;
      continue;
    }
    if (word_start) {
      wstart = k;
      upper_start = (cp >= 'A' && cp <= 'Z') ||
                    (cp >= 0xC0 && cp < 0x250 && cp != 0xD7 && cp != 0xF7 &&
                     (cp < 0xDF)) ||
                    (cp >= 0x391 && cp <= 0x3A9) || (cp >= 0x410 && cp <= 0x42F) ||
                    cp >= 0x3040 || (cp >= 0x0100 && cp < 0x0250 && !(cp & 1));
      word_start = 0;
    }
    if (is_cjk(cp))
      cjk++;
    if ((cp >= '0' && cp <= '9') || cp == '@' || cp == '/' || cp == ':' ||
        cp == '+' || cp == '(' || cp == '#' || cp == '|')
      bad_char = 1;
    else if (cp < 0x80 && !((cp >= 'a' && cp <= 'z') || (cp >= 'A' && cp <= 'Z') ||
                            cp == '.' || cp == '-' || cp == '\'' || cp == ','))
      letters_only = 0;
    else
      nletters++;
    k += (size_t)l;
  }
  if (!word_start) {
    w++;
    if (!is_particle(s + wstart, b - wstart) && !upper_start)
      all_particles_ok = 0;
  }
  if (bad_char)
    WHY("digits or symbols", -6);
  else if (letters_only)
    WHY("letters only", 3);
  if (cjk && w == 1 && cjk >= 2 && cjk <= 5)
    WHY("2-5 CJK characters", 2);
  else if (w >= 2 && w <= 4)
    WHY("2-4 words", 2);
  else if (w == 5)
    WHY("5 words", 0);
  else if (w == 1)
    WHY("one word", -2);
  else
    WHY("too many words", -4);
  if (all_particles_ok && !cjk && w >= 2)
    WHY("capitalised words", 1);
  if (blk->kind == PREP_BLOCK_HEADING && blk->level == 0)
    WHY("title style", 3);
  else if (blk->kind == PREP_BLOCK_HEADING)
    WHY("heading style", 1);
  if (blk->flags & PREP_BF_BOLD)
    WHY("bold", 1);
  if (i == 0)
    WHY("first block", 3);
  else if (i < 3)
    WHY("near the top", 1);
  else if (i > 12)
    WHY("far from the top", -2);
  if (blk->part == PREP_PART_HEADER)
    WHY("page header", 1);
  if (is_bullet(blk))
    WHY("bullet", -4);
  if (nletters > 60)
    WHY("long", -3);
  char key[256];
  size_t kl = xheading_key(s + a, b - a, key, sizeof key);
  if (kl && (lookup_section(x->tax, key, kl) >= 0))
    WHY("section word", -6);
  else if (kl && xheading_key(s + a, b - a, key, sizeof key) &&
           strchr(key, ' ')) {
    /* "Top Skills", "Key Achievements": a section word among others */
    const char *sp = strrchr(key, ' ');
    if (lookup_section(x->tax, sp + 1, strlen(sp + 1)) >= 0 ||
        lookup_section(x->tax, key, (size_t)(strchr(key, ' ') - key)) >= 0)
      WHY("holds a section word", -4);
  }
  if (i + 1 < x->n && !is_bullet(B(x, i + 1)) &&
      has_title(x, B(x, i + 1)->text, B(x, i + 1)->len) &&
      x->bi[i + 1].words <= 12)
    WHY("a job title follows", 2);
  if (strcasestr(key, "curriculum") || strcasestr(key, "resume") ||
      strcasestr(key, "lebenslauf") || !strcmp(key, "cv") ||
      strcasestr(key, "résumé"))
    WHY("document title", -6);
  if (has_title(x, s + a, b - a))
    WHY("job title word", -4);
  struct xskill_hit hits[8];
  size_t nh = xskills_scan(x->tax, s + a, b - a, 0, hits, 8);
  for (size_t h = 0; h < nh; h++)
    if (!hits[h].ambiguous) {
      WHY("skill name", -3);
      break;
    }
  if (x->bi[i].ndates)
    WHY("date", -4);
  if (x->f->block_section[i] == PREP_SEC_SKILLS && x->bi[i].heading < 0 &&
      !(i + 1 < x->n && has_title(x, B(x, i + 1)->text, B(x, i + 1)->len)))
    WHY("in a skills list", -4); /* LinkedIn's "Top Skills" before the name */
  if (x->doc->author && strlen(x->doc->author) == b - a &&
      strncmp(x->doc->author, s + a, b - a) == 0)
    WHY("document author", 2);
#undef WHY
  return score;
}

/* Splits block text into segments on strong separators (TAB, |, bullets,
 * spaced dashes) and calls fn on each trimmed segment. */
typedef void (*seg_fn)(struct ex *x, size_t i, size_t a, size_t b, void *ctx);

static void segments(struct ex *x, size_t i, seg_fn fn, void *ctx)
{
  const char *s = B(x, i)->text;
  size_t n = B(x, i)->len, st = 0, k = 0;
  while (k <= n) {
    size_t sep = 0;
    if (k == n)
      sep = 1;
    else if (s[k] == '\t' || s[k] == '|' || s[k] == ';')
      sep = 1;
    else if ((unsigned char)s[k] == 0xE2 && k + 2 < n &&
             (unsigned char)s[k + 1] == 0x80 &&
             ((unsigned char)s[k + 2] == 0xA2 ||
              (((unsigned char)s[k + 2] == 0x93 || (unsigned char)s[k + 2] == 0x94) &&
               k > 0 && s[k - 1] == ' ')))
      sep = 3;
    else if ((unsigned char)s[k] == 0xC2 && k + 1 < n &&
             (unsigned char)s[k + 1] == 0xB7)
      sep = 2;
    else if (s[k] == '-' && k > 0 && s[k - 1] == ' ' && k + 1 < n &&
             s[k + 1] == ' ')
      sep = 1;
    if (sep) {
      size_t a = st, b = k;
      trim_span(s, &a, &b);
      if (b > a)
        fn(x, i, a, b, ctx);
      k += sep;
      st = k;
    } else {
      k++;
    }
  }
}

struct name_best {
  int score;
  size_t block, a, b;
};

static void name_seg(struct ex *x, size_t i, size_t a, size_t b, void *ctx)
{
  struct name_best *nb = ctx;
  const char *s = B(x, i)->text;
  if (b - a > 120)
    return;
  strip_credentials(s, &a, &b);
  if (b <= a)
    return;
  char why[256];
  int sc = score_name(x, i, s, a, b, why, sizeof why);
  add_candidate(x, PREP_FACT_NAME, i, s + a, b - a, sc, why);
  if (sc > nb->score) {
    nb->score = sc;
    nb->block = i;
    nb->a = a;
    nb->b = b;
  }
}

/* Location: "City, Country" or "Remote" near the top, not a title. */
static int looks_location(struct ex *x, const char *s, size_t n)
{
  if (n < 3 || n > 60 || count_digits(s, n) > 0 || memchr(s, '@', n))
    return 0;
  if (n < 30) {
    /* bounded: the span is not NUL-terminated */
    for (size_t k = 0; k + 6 <= n; k++)
      if (strncasecmp(s + k, "remote", 6) == 0)
        return 1;
  }
  const char *comma = memchr(s, ',', n);
  if (!comma)
    return 0;
  if (xcount_words(s, n) > 6 || has_title(x, s, n))
    return 0;
  /* Both sides start with a capital letter. */
  size_t r = (size_t)(comma - s) + 1;
  while (r < n && s[r] == ' ')
    r++;
  unsigned c0, c1;
  prep_utf8_decode(s, n, &c0);
  prep_utf8_decode(s + r, n - r, &c1);
  int up0 = (c0 >= 'A' && c0 <= 'Z') || (c0 >= 0xC0 && c0 < 0xDF) || c0 > 0x370;
  int up1 = (c1 >= 'A' && c1 <= 'Z') || (c1 >= 0xC0 && c1 < 0xDF) || c1 > 0x370;
  return up0 && up1 && r < n;
}

struct label_ctx {
  int found_label, found_loc;
};

static void label_seg(struct ex *x, size_t i, size_t a, size_t b, void *ctx)
{
  struct label_ctx *lc = ctx;
  const char *s = B(x, i)->text;
  struct prep_contact *c = &x->f->contact;
  if (!lc->found_loc && looks_location(x, s + a, b - a)) {
    c->location.text = prep_arena_strndup(x->a, s + a, b - a);
    c->location.block = i;
    c->location.confidence = 0.7;
    lc->found_loc = 1;
    add_candidate(x, PREP_FACT_LOCATION, i, s + a, b - a, 3, "City, Region");
    return;
  }
  if (!lc->found_label && b - a < 80 && count_digits(s + a, b - a) == 0 &&
      !memchr(s + a, '@', b - a) && has_title(x, s + a, b - a) &&
      x->bi[i].ndates == 0) {
    c->label.text = prep_arena_strndup(x->a, s + a, b - a);
    c->label.block = i;
    c->label.confidence = 0.8;
    lc->found_label = 1;
    add_candidate(x, PREP_FACT_LABEL, i, s + a, b - a, 3,
                  "job title near the name");
  }
}

static void find_contact(struct ex *x)
{
  struct prep_contact *c = &x->f->contact;
  for (size_t i = 0; i < x->n; i++) {
    if (x->bi[i].heading >= 0)
      continue;
    find_contact_tokens(x, i);
    if (contact_zone(x, i))
      find_phones(x, i);
  }
  /* Name: blocks near the top and in the page header. */
  struct name_best nb = {0, PREP_NO_BLOCK, 0, 0};
  size_t first_sec = x->n;
  for (size_t i = 0; i < x->n; i++)
    if (x->bi[i].heading >= 0) {
      first_sec = i;
      break;
    }
  for (size_t i = 0; i < x->n && i < 40; i++) {
    const struct prep_block *b = B(x, i);
    int top = i < first_sec && i < 15;
    /* LinkedIn exports put the name after sidebar lists (Contact, Top
     * Skills, Languages, Certifications), right above the headline. */
    int sec = x->f->block_section[i];
    int sidebar = i < 30 && i + 1 < x->n && sec != PREP_SEC_EXPERIENCE &&
                  sec != PREP_SEC_EDUCATION && sec != PREP_SEC_PROJECTS &&
                  sec != PREP_SEC_SUMMARY && !is_bullet(b) &&
                  !is_bullet(B(x, i + 1)) && x->bi[i + 1].words <= 12 &&
                  has_title(x, B(x, i + 1)->text, B(x, i + 1)->len);
    if (!(top || sidebar || b->part == PREP_PART_HEADER ||
          (b->kind == PREP_BLOCK_HEADING && b->level == 0) ||
          (x->f->block_section[i] == PREP_SEC_CONTACT)))
      continue;
    if (x->bi[i].heading >= 0)
      continue;
    segments(x, i, name_seg, &nb);
  }
  if (nb.block != PREP_NO_BLOCK && nb.score > 2) {
    const char *s = B(x, nb.block)->text;
    c->name.text = prep_arena_strndup(x->a, s + nb.a, nb.b - nb.a);
    c->name.block = nb.block;
    c->name.confidence = nb.score >= 9 ? 0.95 : nb.score >= 6 ? 0.8 : 0.5;
  } else {
    c->name.block = PREP_NO_BLOCK;
  }
  /* Label and location: the few blocks around the name. */
  struct label_ctx lc = {0, 0};
  size_t from = nb.block != PREP_NO_BLOCK ? nb.block : 0;
  c->label.block = c->location.block = PREP_NO_BLOCK;
  /* the name may follow sidebar sections (LinkedIn): stop at the first
   * section heading after it */
  size_t sec_after = first_sec;
  if (from >= first_sec) {
    sec_after = x->n;
    for (size_t i = from + 1; i < x->n; i++)
      if (x->bi[i].heading >= 0) {
        sec_after = i;
        break;
      }
  }
  for (size_t i = from; i < x->n && i < from + 6 && i < sec_after; i++)
    segments(x, i, label_seg, &lc);
  if (!lc.found_loc)
    for (size_t i = 0; i < x->n && i < 40; i++)
      if (contact_zone(x, i) && x->bi[i].heading < 0 && !lc.found_loc)
        segments(x, i, label_seg, &lc);
}

/* ===================================================================== */
/* 4. jobs                                                                */
/* ===================================================================== */

/* A field of a header line: a span of block `block`. */
struct field {
  size_t block, a, b;
  int title;    /* has a title word */
  int company;  /* looks like a company (suffix, after "at") */
  int loc;      /* looks like a location */
  int tail_of;  /* 1 + index of the title field this comma tail followed */
};

#define MAX_FIELDS_JOB 12

struct fields {
  struct field f[MAX_FIELDS_JOB];
  size_t n;
};

static int company_suffix(const char *s, size_t n)
{
  static const char *const suf[] = {
      "inc", "inc.", "ltd", "ltd.", "llc", "gmbh", "ag", "plc", "corp",
      "corp.", "co.", "co", "s.a.", "sa", "sas", "s.l.", "sl", "bv", "b.v.",
      "ab", "as", "oy", "srl", "s.r.l.", "spa", "s.p.a.", "pty", "limited",
      "group", "labs", "technologies", "software", "systems", "solutions",
      "studio", "agency", "bank", "university", "universität", "université",
      "universidad", "d.o.o.", "kg", "se", "lp", "llp", "sarl", "pte"};
  size_t e = n;
  while (e > 0 && s[e - 1] == ' ')
    e--;
  size_t st = e;
  while (st > 0 && s[st - 1] != ' ')
    st--;
  for (size_t i = 0; i < sizeof suf / sizeof suf[0]; i++)
    if (strlen(suf[i]) == e - st && strncasecmp(suf[i], s + st, e - st) == 0)
      return 1;
  return 0;
}

static int org_letter(unsigned char c)
{
  return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || c >= 0x80;
}

/* Does [s, s+n) name an organisation by a word such as "University" or
 * "Hospital" (whole words, any case)? */
static int org_word(const char *s, size_t n)
{
  static const char *const w[] = {
      "university", "universität", "université", "universidad", "università",
      "institute", "institut", "college", "hospital", "council", "ministry",
      "foundation", "laboratory", "laboratories", "school", "academy"};
  for (size_t i = 0; i < sizeof w / sizeof w[0]; i++) {
    size_t l = strlen(w[i]);
    for (size_t k = 0; k + l <= n; k++)
      if (strncasecmp(s + k, w[i], l) == 0 &&
          (k == 0 || !org_letter((unsigned char)s[k - 1])) &&
          (k + l == n || !org_letter((unsigned char)s[k + l])))
        return 1;
  }
  return 0;
}

static void add_field(struct ex *x, struct fields *fs, size_t block, size_t a,
                      size_t b, int after_at)
{
  const char *s = B(x, block)->text;
  trim_span(s, &a, &b);
  if (b <= a || fs->n >= MAX_FIELDS_JOB)
    return;
  /* Drop pure durations and noise: "2 yrs 3 mos", "Full-time". */
  size_t w = xcount_words(s + a, b - a);
  if (w == 0)
    return;
  struct field *f = &fs->f[fs->n++];
  f->block = block;
  f->a = a;
  f->b = b;
  f->tail_of = 0;
  f->title = has_title(x, s + a, b - a);
  f->company = after_at || company_suffix(s + a, b - a);
  f->loc = !f->title && !f->company && looks_location(x, s + a, b - a);
}

/* 1 when s starts with a French or Spanish article and a space. */
static int article_at(const char *s, size_t n)
{
  static const char *const art[] = {"un ", "una ", "une ", "el ", "la ",
                                    "le ", "los ", "las ", "les "};
  for (size_t i = 0; i < sizeof art / sizeof art[0]; i++) {
    size_t l = strlen(art[i]);
    if (n > l && strncmp(s, art[i], l) == 0)
      return 1;
  }
  return 0;
}

/* Splits [a, b) of a header block into fields: strong separators first,
 * then " at " / " @ ", then a comma when a part is a title. */
static void split_fields(struct ex *x, struct fields *fs, size_t block,
                         size_t a, size_t b)
{
  const char *s = B(x, block)->text;
  size_t st = a, k = a;
  while (k <= b) {
    size_t sep = 0;
    int at = 0;
    if (k == b)
      sep = 1;
    else if (s[k] == '\t' || s[k] == '|')
      sep = 1;
    else if ((unsigned char)s[k] == 0xE2 && k + 2 < b &&
             (unsigned char)s[k + 1] == 0x80 &&
             ((unsigned char)s[k + 2] == 0x94 || (unsigned char)s[k + 2] == 0x93 ||
              (unsigned char)s[k + 2] == 0xA2) &&
             (k == a || s[k - 1] == ' ' || (unsigned char)s[k + 2] == 0x94))
      sep = 3;
    else if ((unsigned char)s[k] == 0xC2 && k + 1 < b &&
             (unsigned char)s[k + 1] == 0xB7)
      sep = 2;
    else if (s[k] == '-' && k > a && s[k - 1] == ' ' && k + 1 < b &&
             s[k + 1] == ' ')
      sep = 1;
    else if (s[k] == ' ' && k + 4 <= b && !strncasecmp(s + k, " at ", 4)) {
      sep = 4;
      at = 1;
    } else if (s[k] == ' ' && k + 3 <= b && !strncmp(s + k, " @ ", 3)) {
      sep = 3;
      at = 1;
    } else if (s[k] == ' ' && k + 4 <= b &&
               (!strncmp(s + k, " bei ", 5) || !strncmp(s + k, " chez ", 6) ||
                (!strncmp(s + k, " en ", 4) && k + 4 < b &&
                 (!xis_lower_at(s + k + 4, b - k - 4) ||
                  article_at(s + k + 4, b - k - 4))))) {
      /* "Desarrolladora en Acme" and "Mentora en un programa" name where;
       * "Ingénieure en apprentissage automatique" (lower case after "en",
       * no article) names a field */
      sep = s[k + 1] == 'c' ? 6 : s[k + 1] == 'b' ? 5 : 4;
      at = 2;
    }
    if (sep) {
      size_t fa = st, fb = k;
      trim_span(s, &fa, &fb);
      if (fb > fa) {
        /* "Senior Engineer, Acme Corp, Berlin": split on commas when the
         * first part is a title and the field holds more. */
        const char *comma = memchr(s + fa, ',', fb - fa);
        if (comma && has_title(x, s + fa, (size_t)(comma - s) - fa) &&
            !has_title(x, comma + 1, fb - (size_t)(comma - s) - 1)) {
          add_field(x, fs, block, fa, (size_t)(comma - s), 0);
          size_t head = fs->n;
          size_t r = (size_t)(comma - s) + 1;
          const char *c2 = memchr(s + r, ',', fb - r);
          /* "Acme Corp, Berlin, Germany", "Tulpwerk B.V., Utrecht":
           * company then location -- unless the tail is the company's
           * own suffix ("Acme, Inc."). */
          if (c2 && !company_suffix(c2 + 1, fb - (size_t)(c2 - s) - 1)) {
            add_field(x, fs, block, r, (size_t)(c2 - s), 0);
            if (fs->n > head)
              fs->f[fs->n - 1].tail_of = (int)head;
            size_t before = fs->n;
            add_field(x, fs, block, (size_t)(c2 - s) + 1, fb, 0);
            /* the tail is where the job was -- or the employer of the
             * unit before it ("Centre for Spatial Data, University of
             * Eastport") */
            if (fs->n > before) {
              struct field *tl = &fs->f[fs->n - 1];
              if (org_word(s + tl->a, tl->b - tl->a))
                tl->company = 1;
              else
                tl->loc = 1;
            }
          } else {
            add_field(x, fs, block, r, fb, 0);
            if (fs->n > head)
              fs->f[fs->n - 1].tail_of = (int)head;
          }
        } else if (comma && !has_title(x, s + fa, fb - fa)) {
          /* "Northwind Ledger Ltd, London", "Elbwerk Energie GmbH,
           * Hamburg": company, then where. */
          size_t c = (size_t)(comma - s);
          size_t r = c + 1;
          while (r < fb && s[r] == ' ')
            r++;
          size_t rw = xcount_words(s + r, fb - r);
          unsigned cp = 0;
          if (r < fb)
            prep_utf8_decode(s + r, fb - r, &cp);
          int cap = (cp >= 'A' && cp <= 'Z') || (cp >= 0xC0 && cp < 0xDF) ||
                    cp > 0x370;
          if (rw >= 1 && rw <= 4 && cap && count_digits(s + r, fb - r) == 0 &&
              !company_suffix(s + r, fb - r)) {
            add_field(x, fs, block, fa, c, 0);
            add_field(x, fs, block, r, fb, 0);
            if (fs->n > 0)
              fs->f[fs->n - 1].loc = 1;
          } else {
            add_field(x, fs, block, fa, fb, 0);
          }
        } else {
          add_field(x, fs, block, fa, fb, 0);
        }
        if (at == 1 && fs->n > 0)
          fs->f[fs->n - 1].title = 1; /* "Title at Company" */
      }
      if (at && fs->n < MAX_FIELDS_JOB) {
        /* the next field is the company */
        size_t na = k + sep, nb = na;
        while (nb < b && s[nb] != '\t' && s[nb] != '|' &&
               !((unsigned char)s[nb] == 0xE2 && nb + 2 < b &&
                 (unsigned char)s[nb + 1] == 0x80) &&
               !(s[nb] == ',' ))
          nb++;
        add_field(x, fs, block, na, nb, 1);
        k = nb;
        st = nb;
        continue;
      }
      k += sep;
      st = k;
    } else {
      k++;
    }
  }
}

/* "Working as Senior Data Engineer in Deccan Analytics Pvt. Ltd.,
 * Hyderabad from Aug 2021 to Till date." (a common Indian CV layout):
 * the length of the "working as " lead-in, or 0. */
static size_t as_sentence_lead(const char *s, size_t n)
{
  static const char *const lead[] = {
      "currently working as ", "presently working as ", "working as ",
      "worked as ", "work as ", "served as ", "serving as ", "employed as "};
  for (size_t i = 0; i < sizeof lead / sizeof lead[0]; i++) {
    size_t l = strlen(lead[i]);
    if (n > l && strncasecmp(s, lead[i], l) == 0)
      return l;
  }
  return 0;
}

/* Fields of an "as" sentence: title, company, [location]; 1 when done. */
static int as_sentence_fields(struct ex *x, struct fields *fs, size_t i)
{
  const struct prep_block *b = B(x, i);
  const struct binfo *bi = &x->bi[i];
  const char *s = b->text;
  size_t lead = as_sentence_lead(s, b->len);
  if (!lead || !bi->ndates)
    return 0;
  size_t end = bi->dates[0].off;
  static const char *const preps[] = {" in ", " at ", " with ", " for ", " @ "};
  size_t p = 0, pl = 0;
  for (size_t k = lead; k < end && !p; k++)
    for (size_t w = 0; w < sizeof preps / sizeof preps[0]; w++) {
      size_t l = strlen(preps[w]);
      if (k + l <= end && strncasecmp(s + k, preps[w], l) == 0) {
        p = k;
        pl = l;
        break;
      }
    }
  if (!p)
    return 0;
  /* drop "from" / "since" / "during" and commas before the date */
  size_t ce = end;
  while (ce > p + pl && (s[ce - 1] == ' ' || s[ce - 1] == ','))
    ce--;
  static const char *const tails[] = {" from", " since", " during", " between"};
  for (size_t w = 0; w < sizeof tails / sizeof tails[0]; w++) {
    size_t l = strlen(tails[w]);
    if (ce >= p + pl + l && strncasecmp(s + ce - l, tails[w], l) == 0) {
      ce -= l;
      break;
    }
  }
  while (ce > p + pl && (s[ce - 1] == ' ' || s[ce - 1] == ','))
    ce--;
  size_t n0 = fs->n;
  add_field(x, fs, i, lead, p, 0);
  if (fs->n > n0)
    fs->f[fs->n - 1].title = 1;
  size_t ca = p + pl;
  const char *comma = memchr(s + ca, ',', ce > ca ? ce - ca : 0);
  size_t n1 = fs->n;
  add_field(x, fs, i, ca, comma ? (size_t)(comma - s) : ce, 1);
  if (fs->n > n1)
    fs->f[fs->n - 1].loc = 0;
  if (comma) {
    size_t n2 = fs->n;
    add_field(x, fs, i, (size_t)(comma - s) + 1, ce, 0);
    if (fs->n > n2)
      fs->f[fs->n - 1].loc = 1;
  }
  return 1;
}

/* Adds the fields of block i except its date span. */
/* A labelled header line, as contractors and some countries write them:
 * "Client: Halberd Insurance (via an agency)", "Role: .NET Developer
 * (contract, outside IR35)", "Dates: Jun 2026 - present".  Returns the
 * kind of the label (0 none) and sets *v to the value's offset. */
enum { JL_NONE, JL_COMPANY, JL_TITLE, JL_DATES, JL_LOCATION };

static int job_label(const char *s, size_t n, size_t *v)
{
  static const struct { const char *w; int kind; } labels[] = {
      {"client", JL_COMPANY},       {"company", JL_COMPANY},
      {"employer", JL_COMPANY},     {"organisation", JL_COMPANY},
      {"organization", JL_COMPANY}, {"customer", JL_COMPANY},
      {"role", JL_TITLE},           {"position", JL_TITLE},
      {"title", JL_TITLE},          {"job title", JL_TITLE},
      {"designation", JL_TITLE},    {"job role", JL_TITLE},
      {"dates", JL_DATES},          {"date", JL_DATES},
      {"period", JL_DATES},         {"duration", JL_DATES},
      {"tenure", JL_DATES},         {"location", JL_LOCATION},
      {"based in", JL_LOCATION}};
  const char *colon = memchr(s, ':', n < 24 ? n : 24);
  if (!colon)
    return JL_NONE;
  size_t ll = (size_t)(colon - s);
  while (ll > 0 && (s[ll - 1] == ' ' || s[ll - 1] == '\t'))
    ll--;
  for (size_t i = 0; i < sizeof labels / sizeof labels[0]; i++)
    if (strlen(labels[i].w) == ll && strncasecmp(s, labels[i].w, ll) == 0) {
      *v = (size_t)(colon - s) + 1;
      return labels[i].kind;
    }
  return JL_NONE;
}

static void header_fields(struct ex *x, struct fields *fs, size_t i)
{
  size_t v = 0;
  const struct prep_block *lb = B(x, i);
  int kind = job_label(lb->text, lb->len, &v);
  if (kind == JL_COMPANY || kind == JL_TITLE || kind == JL_LOCATION) {
    /* the value is one field, whatever commas it holds; an agency in
     * parentheses is not the employer */
    size_t e = lb->len;
    const char *via = strstr(lb->text + v, "(via ");
    if (kind == JL_COMPANY && via)
      e = (size_t)(via - lb->text);
    size_t before = fs->n;
    add_field(x, fs, i, v, e, kind == JL_COMPANY);
    if (fs->n > before) {
      struct field *f = &fs->f[fs->n - 1];
      f->title = kind == JL_TITLE;
      f->company = kind == JL_COMPANY;
      f->loc = kind == JL_LOCATION;
    }
    return;
  }
  if (kind == JL_DATES) {
    /* "Dates: Jun 2026 - present": the dates, and no field */
    const struct binfo *bi = &x->bi[i];
    size_t cur = v;
    for (size_t k = 0; k < bi->ndates; k++) {
      const struct xdate_range *d = &bi->dates[k];
      if (d->off > cur)
        split_fields(x, fs, i, cur, d->off);
      cur = d->off + d->len;
    }
    if (cur < lb->len)
      split_fields(x, fs, i, cur, lb->len);
    return;
  }
  if (as_sentence_fields(x, fs, i))
    return;
  const struct binfo *bi = &x->bi[i];
  size_t n = B(x, i)->len;
  size_t cur = 0;
  for (size_t k = 0; k < bi->ndates; k++) {
    const struct xdate_range *d = &bi->dates[k];
    if (d->off > cur)
      split_fields(x, fs, i, cur, d->off);
    cur = d->off + d->len;
  }
  if (cur < n)
    split_fields(x, fs, i, cur, n);
}

/* LinkedIn adds "· 2 yrs 3 mos" and employment types: not company names. */
static int noise_field(struct ex *x, const struct field *f)
{
  const char *s = B(x, f->block)->text + f->a;
  size_t n = f->b - f->a;
  static const char *const words[] = {"full-time", "part-time", "full time",
                                      "part time", "contract", "freelance",
                                      "internship", "self-employed",
                                      "permanent", "temporary", "present",
                                      "current", "heute", "actuel",
                                      "actualidad", "now"};
  for (size_t i = 0; i < sizeof words / sizeof words[0]; i++)
    if (strlen(words[i]) == n && strncasecmp(words[i], s, n) == 0)
      return 1;
  /* durations: only numbers and yr/mo words, as whole tokens ("2 yrs 3
   * mos", "1 an 6 mois"); "Security Analyst (SOC Tier 2)" is no duration. */
  if (count_digits(s, n) > 0) {
    static const char *const units[] = {
        "yr", "yrs", "year", "years", "mo", "mos", "month", "months", "m",
        "y", "jahr", "jahre", "monat", "monate", "an", "ans", "mois", "año",
        "años", "mes", "meses", "and", "und", "et", "y", "e"};
    size_t k = 0, tokens = 0, unit = 0;
    while (k < n) {
      while (k < n && (s[k] == ' ' || s[k] == ',' || s[k] == '(' ||
                       s[k] == ')' || s[k] == '.'))
        k++;
      size_t st = k;
      while (k < n && s[k] != ' ' && s[k] != ',' && s[k] != '(' &&
             s[k] != ')' && s[k] != '.')
        k++;
      if (k == st)
        continue;
      tokens++;
      if (count_digits(s + st, k - st) == k - st)
        continue;
      while (st < k && s[st] >= '0' && s[st] <= '9')
        st++; /* "2yrs" */
      int ok = 0;
      for (size_t u = 0; u < sizeof units / sizeof units[0] && !ok; u++)
        ok = strlen(units[u]) == k - st && strncasecmp(units[u], s + st, k - st) == 0;
      if (!ok)
        return 0;
      unit++;
    }
    return unit > 0 && tokens <= 6;
  }
  return 0;
}

static const char *field_text(struct ex *x, const struct field *f)
{
  return slice(x, B(x, f->block)->text, f->a, f->b);
}

/* The title of a labelled contract entry ("Role: Senior .NET Developer
 * (contract, outside IR35)") without its closing parenthesis about the
 * terms of the engagement; "Security Analyst (SOC Tier 2)" keeps its
 * parenthesis, and so does any title written on a line of its own
 * ("Sales Assistant (part-time)"), where the writer made it part of it. */
static const char *title_text(struct ex *x, const struct field *f)
{
  const char *s = B(x, f->block)->text;
  size_t a = f->a, b = f->b, v = 0;
  trim_span(s, &a, &b);
  if (b > a + 2 && s[b - 1] == ')' &&
      job_label(s, B(x, f->block)->len, &v) == JL_TITLE) {
    const char *open = NULL;
    for (size_t k = b - 1; k > a; k--)
      if (s[k - 1] == '(') {
        open = s + k - 1;
        break;
      }
    static const char *const terms[] = {
        "contract", "part-time", "part time", "full-time", "full time",
        "freelance", "temporary", "permanent", "remote", "hybrid", "cleared",
        "ir35", "days a week", "fixed-price", "fixed price", "fixed-term",
        "fixed term", "maternity", "interim", "evenings", "weekends",
        "secondment", "extended", "initial"};
    if (open && open > s + a) {
      size_t pn = (size_t)(s + b - open);
      char buf[160];
      if (pn < sizeof buf) {
        xlower(open, pn, buf, sizeof buf);
        for (size_t t = 0; t < sizeof terms / sizeof terms[0]; t++)
          if (strstr(buf, terms[t]))
            return slice(x, s, a, (size_t)(open - s));
      }
    }
  }
  return field_text(x, f);
}

/* Is block i a short non-bullet line that can be part of a job header? */
static int header_line(const struct ex *x, size_t i)
{
  const struct prep_block *b = B(x, i);
  const struct binfo *bi = &x->bi[i];
  if (bi->heading >= 0 || is_bullet(b) || bi->words > 14 || bi->words == 0)
    return 0;
  /* prose ends with a full stop (a company suffix such as "S.p.A." or
   * "Pvt. Ltd." is no full stop) */
  if (b->len > 2 && b->text[b->len - 1] == '.' && bi->words > 6 &&
      !company_suffix(b->text, b->len))
    return 0;
  return 1;
}

static int job_section(int sec)
{
  return sec == PREP_SEC_EXPERIENCE || sec == PREP_SEC_VOLUNTEERING;
}

static void find_jobs(struct ex *x)
{
  struct prep_facts *f = x->f;
  int have_exp = (f->sections_found >> PREP_SEC_EXPERIENCE) & 1;
  /* Anchors: header lines holding a date range (or a lone date when the
   * experience section is explicit). */
  size_t *anchor = prep_xmalloc((x->n + 1) * sizeof *anchor);
  size_t na = 0;
  for (size_t i = 0; i < x->n; i++) {
    int sec = f->block_section[i];
    const struct binfo *bi = &x->bi[i];
    if (!bi->ndates || bi->heading >= 0)
      continue;
    if (have_exp ? !job_section(sec)
                 : (sec == PREP_SEC_EDUCATION || sec == PREP_SEC_SKILLS ||
                    sec == PREP_SEC_CERTIFICATIONS || sec == PREP_SEC_LANGUAGES ||
                    sec == PREP_SEC_INTERESTS || sec == PREP_SEC_REFERENCES ||
                    sec == PREP_SEC_PUBLICATIONS || sec == PREP_SEC_AWARDS ||
                    sec == PREP_SEC_PROJECTS))
      continue;
    if (is_bullet(B(x, i)) && bi->words > 12 &&
        !(bi->words <= 25 && as_sentence_lead(B(x, i)->text, B(x, i)->len)))
      continue;
    if (!has_range(bi) && !(have_exp && bi->words <= 10))
      continue;
    if (bi->words > 25)
      continue;
    anchor[na++] = i;
  }
  /* A header group may hold two dated lines (rare); keep the first. */
  size_t prev_end = 0; /* first block after the previous job's header */
  int order_votes = 0;  /* > 0: titles come before companies in this CV */
  const char *group_company = NULL;
  size_t group_company_block = PREP_NO_BLOCK;
  for (size_t j = 0; j < na; j++) {
    size_t d = anchor[j];
    size_t next = j + 1 < na ? anchor[j + 1] : x->n;
    struct fields fs;
    fs.n = 0;
    /* Lines before the date line: up to 2 header lines, not claimed by the
     * previous job (its bullets end at the first non-bullet after them). */
    size_t lo = d;
    while (lo > prev_end && d - lo < 3 && header_line(x, lo - 1) &&
           !x->bi[lo - 1].ndates && f->block_section[lo - 1] == f->block_section[d])
      lo--;
    /* Three lines back only when one of them is noise ("4 years 2
     * months" in LinkedIn exports); otherwise two. */
    if (d - lo == 3) {
      int noise = 0;
      for (size_t i = lo; i < d; i++) {
        struct fields tmp;
        tmp.n = 0;
        header_fields(x, &tmp, i);
        if (tmp.n == 1 && noise_field(x, &tmp.f[0]))
          noise = 1;
      }
      if (!noise)
        lo++;
    }
    for (size_t i = lo; i < d; i++)
      header_fields(x, &fs, i);
    header_fields(x, &fs, d);
    size_t hi = d + 1;
    /* Lines after: up to 2 header lines before the bullets when the job
     * still lacks a title or a company ("2019 - 2021" then "Engineer,
     * Acme").  A line followed directly by the next anchor belongs to it. */
    int need = 1, employer = 0, tail = 0;
    for (size_t k = 0; k < fs.n; k++) {
      if (fs.f[k].title)
        need = 0;
      /* a title's comma tail ("Senior Data Analyst, Population Health")
       * may be a department: the employer can still be on the next line */
      else if (fs.f[k].tail_of)
        tail = 1;
      else if (!fs.f[k].loc && !noise_field(x, &fs.f[k]))
        employer = 1;
    }
    while (hi < next && hi - d <= 2 && header_line(x, hi) &&
           !x->bi[hi].ndates && (need || fs.n < 2 || (tail && !employer))) {
      if (hi + 1 == next || (hi + 2 == next && header_line(x, hi + 1)))
        break;
      header_fields(x, &fs, hi);
      hi++;
      need = 0;
    }
    /* "*Apr 2022 – present · Milan*", "2016 – 2019 · Vellano": a short
     * field after the date on the date line is where the job was, when
     * the header names the company elsewhere. */
    {
      const struct xdate_range *r0 = first_range(&x->bi[d]);
      size_t after = r0 ? r0->off + r0->len : 0;
      for (size_t k = 0; k < fs.n; k++) {
        struct field *fk = &fs.f[k];
        if (fk->block != d || fk->a < after || fk->title || fk->company ||
            fk->loc || xcount_words(B(x, d)->text + fk->a, fk->b - fk->a) > 3 ||
            count_digits(B(x, d)->text + fk->a, fk->b - fk->a) ||
            noise_field(x, fk))
          continue;
        for (size_t o = 0; o < fs.n; o++)
          if (o != k && !fs.f[o].loc && !noise_field(x, &fs.f[o]) &&
              (fs.f[o].block != d || fs.f[o].a < fk->a) &&
              (!fs.f[o].title || fs.f[o].tail_of)) {
            fk->loc = 1;
            break;
          }
      }
    }
    /* Choose the title and the company. */
    int ti = -1, ci = -1, li = -1;
    for (size_t k = 0; k < fs.n; k++)
      if (fs.f[k].title && !fs.f[k].company && !noise_field(x, &fs.f[k])) {
        ti = (int)k;
        break;
      }
    for (size_t k = 0; k < fs.n; k++) {
      if ((int)k == ti || noise_field(x, &fs.f[k]))
        continue;
      if (fs.f[k].loc) {
        if (li < 0)
          li = (int)k;
        continue;
      }
      if (ci < 0 || (fs.f[k].company && !fs.f[ci].company))
        ci = (int)k;
    }
    /* "Teaching Assistant, Data Structures" at "Bayview University": a
     * comma tail is part of the title when another field is the company. */
    if (ti >= 0 && ci >= 0 && fs.f[ci].tail_of == ti + 1) {
      int other = -1;
      for (size_t k = 0; k < fs.n; k++)
        if ((int)k != ti && (int)k != ci && !fs.f[k].loc &&
            !noise_field(x, &fs.f[k]) && !fs.f[k].title) {
          other = (int)k;
          break;
        }
      if (other >= 0) {
        fs.f[ti].b = fs.f[ci].b;
        ci = other;
      }
    }
    if (ti >= 0)
      for (size_t k = 0; k < fs.n; k++)
        if (fs.f[k].tail_of == ti + 1 && (int)k != ci && !fs.f[k].loc &&
            fs.f[k].block == fs.f[ti].block && fs.f[k].b > fs.f[ti].b)
          fs.f[ti].b = fs.f[k].b;
    if (ti < 0 && ci >= 0) {
      /* No title word anywhere: of two fields, the one in the position
       * titles held in this CV's other entries is the title (layouts are
       * consistent within a CV); with no evidence, the first. */
      for (size_t k = 0; k < fs.n; k++)
        if ((int)k != ci && !fs.f[k].loc && !noise_field(x, &fs.f[k])) {
          ti = (int)k;
          break;
        }
      int title_first = order_votes >= 0;
      if (ti >= 0 && !fs.f[ci].company &&
          (((size_t)ti > (size_t)ci) == title_first)) {
        int t = ti;
        ti = ci;
        ci = t;
      }
    } else if (ti >= 0 && ci >= 0) {
      int tf = fs.f[ti].block < fs.f[ci].block ||
               (fs.f[ti].block == fs.f[ci].block && fs.f[ti].a < fs.f[ci].a);
      order_votes += tf ? 1 : -1;
    }
    /* "Allegheny Health Data, Pittsburgh, PA <tab> Aug 2017 – May 2021"
     * followed at once by dated role lines: a company heading for the
     * roles below it, not a job of its own. */
    if (ti < 0 && ci >= 0 && j + 1 < na && hi >= next &&
        has_title(x, B(x, next)->text, B(x, next)->len)) {
      group_company = field_text(x, &fs.f[ci]);
      group_company_block = fs.f[ci].block;
      for (size_t i = lo; i < hi; i++)
        x->bi[i].job_header = 1;
      prev_end = hi;
      continue;
    }
    struct prep_job job;
    memset(&job, 0, sizeof job);
    const struct xdate_range *dr = first_range(&x->bi[d]);
    job.start = dr->start;
    job.end = dr->is_range ? dr->end : dr->start;
    /* A single date ("Summer 2021") is both ends of a short job. */
    job.date_text = prep_arena_strndup(x->a, B(x, d)->text + dr->off, dr->len);
    job.block = d;
    job.title_block = job.company_block = PREP_NO_BLOCK;
    if (ti >= 0) {
      job.title = title_text(x, &fs.f[ti]);
      job.title_block = fs.f[ti].block;
    }
    if (ci >= 0) {
      /* "Politecnico di Vellano (IT Services)": a trailing parenthesis
       * names a department or a site, not the employer. */
      struct field cf = fs.f[ci];
      const char *cs = B(x, cf.block)->text;
      if (cf.b - cf.a > 4 && cs[cf.b - 1] == ')') {
        size_t o = cf.b - 1;
        while (o > cf.a && cs[o] != '(')
          o--;
        if (o > cf.a + 1 && cs[o - 1] == ' ' && xcount_words(cs + cf.a, o - cf.a) >= 1)
          cf.b = o;
        trim_span(cs, &cf.a, &cf.b);
      }
      job.company = field_text(x, &cf);
      job.company_block = fs.f[ci].block;
    } else {
      /* "Front-End Developer, Self-employed": with no other employer the
       * self-employment word is the company (JSON Resume has no better
       * place for it). */
      for (size_t k = 0; k < fs.n; k++) {
        const char *ks = B(x, fs.f[k].block)->text + fs.f[k].a;
        size_t kn = fs.f[k].b - fs.f[k].a;
        if ((int)k != ti && ((kn == 13 && !strncasecmp(ks, "self-employed", 13)) ||
                             (kn == 9 && !strncasecmp(ks, "freelance", 9)) ||
                             (kn == 10 && !strncasecmp(ks, "freelancer", 10)))) {
          job.company = field_text(x, &fs.f[k]);
          job.company_block = fs.f[k].block;
          if (ti >= 0 && job.title && fs.f[ti].block == fs.f[k].block &&
              fs.f[ti].b >= fs.f[k].b) {
            /* undo the comma-tail merge into the title */
            struct field tf = fs.f[ti];
            tf.b = fs.f[k].a;
            while (tf.b > tf.a && (B(x, tf.block)->text[tf.b - 1] == ' ' ||
                                   B(x, tf.block)->text[tf.b - 1] == ','))
              tf.b--;
            job.title = title_text(x, &tf);
          }
          break;
        }
      }
    }
    if (li >= 0)
      job.location = field_text(x, &fs.f[li]);
    /* Several roles under one company: a company-only line heads a group;
     * a later role with no company of its own inherits it. */
    if (job.company && job.title && lo < d && job.company_block < d &&
        job.company_block != job.title_block) {
      group_company = job.company;
      group_company_block = job.company_block;
    } else if (!job.company && group_company) {
      job.company = group_company;
      job.company_block = group_company_block;
    } else if (job.company && job.company_block == d && lo == d) {
      group_company = NULL;
    }
    if (!job.company && f->njobs > 0 && lo == d && ti >= 0 && fs.n == 1) {
      /* promotion listed right after the previous role's bullets */
      job.company = f->jobs[f->njobs - 1].company;
      job.company_block = f->jobs[f->njobs - 1].company_block;
    }
    job.first = lo;
    /* Highlights: bullets (and prose lines) up to the next job's header. */
    size_t stop = next;
    if (j + 1 < na) {
      size_t nlo = next;
      while (nlo > hi && next - nlo < 2 && header_line(x, nlo - 1) &&
             !x->bi[nlo - 1].ndates)
        nlo--;
      stop = nlo;
    }
    size_t *hl = prep_arena_alloc(x->a, (stop > hi ? stop - hi : 1) * sizeof *hl);
    size_t nh = 0;
    size_t last = d > hi ? d : hi - 1;
    for (size_t i = hi; i < stop; i++) {
      if (x->bi[i].heading >= 0 || !job_section(f->block_section[i]) ||
          (have_exp == 0 && f->block_section[i] != f->block_section[d]))
        break;
      const struct prep_block *b = B(x, i);
      if (is_bullet(b) || x->bi[i].words >= 6)
        hl[nh++] = i;
      last = i;
    }
    job.highlights = hl;
    job.nhighlights = nh;
    job.last = last;
    for (size_t i = lo; i < hi; i++)
      x->bi[i].job_header = 1;
    job.confidence = (job.title ? 0.4 : 0) + (job.company ? 0.3 : 0) +
                     (job.start.year ? 0.3 : 0);
    f->jobs = grow(x->a, f->jobs, f->njobs, sizeof *f->jobs);
    f->jobs[f->njobs] = job;
    for (size_t i = lo; i <= last && i < x->n; i++)
      f->block_job[i] = f->njobs;
    f->njobs++;
    char why[128];
    snprintf(why, sizeof why, "date range%s%s", job.title ? ", title word" : "",
             job.company ? ", company" : "");
    add_candidate(x, PREP_FACT_JOB, d, B(x, d)->text, B(x, d)->len,
                  (int)(job.confidence * 10), why);
    prev_end = last + 1;
  }
  free(anchor);
}

/* ===================================================================== */
/* 5. education, certificates, projects, languages, summary               */
/* ===================================================================== */

static int has_word_ci(const char *s, size_t n, const char *const *words,
                       size_t nw, size_t *at, size_t *len)
{
  char key[512];
  size_t ntok;
  size_t kl = xphrase_key(s, n < 400 ? n : 400, key, sizeof key, &ntok);
  for (size_t j = 0; j < kl;) {
    size_t e = j;
    while (e < kl && key[e] != ' ')
      e++;
    for (size_t w = 0; w < nw; w++) {
      size_t l = strlen(words[w]);
      if (l <= e - j && strncmp(key + j, words[w], l) == 0 &&
          (l == e - j || words[w][l - 1] == '*')) {
        (void)at;
        (void)len;
        return 1;
      }
    }
    j = e + 1;
  }
  return 0;
}

static const char *const school_words[] = {
    "university", "universit*", "college", "school", "institute", "institut*",
    "academy", "akademie", "hochschule", "fachhochschule", "école", "ecole",
    "universidad", "universitat", "politecnico", "polytechnic", "bootcamp",
    "gymnasium", "lycée", "escuela", "instituto", "campus", "iit", "mit",
    "eth", "epfl", "tu", "kth", "ucl", "uni", "faculty", "facultad",
    "université", "universität", "università", "sorbonne"};

/* Degree tokens are matched on the raw words (case matters: "MA" not "ma"). */
static size_t degree_token(const char *s, size_t n)
{
  static const char *const deg[] = {
      "BSc", "B.Sc.", "B.Sc", "MSc", "M.Sc.", "M.Sc", "BA", "B.A.", "MA",
      "M.A.", "BEng", "B.Eng.", "MEng", "M.Eng.", "PhD", "Ph.D.", "DPhil",
      "MBA", "BS", "B.S.", "MS", "M.S.", "BBA", "BCom", "MPhil", "LLB", "LLM",
      "Bachelor", "Bachelor's", "Bachelors", "Master", "Master's", "Masters",
      "Doctorate", "Diploma", "Diplom", "Dipl.-Ing.", "Abitur", "Licence",
      "Licenciatura", "Grado", "Máster", "Master of Science", "Associate",
      "A.S.", "Certificate", "HND", "Matura", "Baccalauréat", "BTS", "DUT",
      "Ingeniero", "Ingénieur", "B.Tech", "M.Tech", "BTech", "MTech", "BCA",
      "MCA", "BE", "ME", "Postgraduate", "PGCE", "GCSE", "A-levels",
      "A-Levels", "Doktor", "Dr.", "Magister", "Grado en", "Máster en"};
  size_t best = 0;
  for (size_t i = 0; i < sizeof deg / sizeof deg[0]; i++) {
    size_t l = strlen(deg[i]);
    if (l <= n && strncmp(s, deg[i], l) == 0 &&
        (l == n || s[l] == ' ' || s[l] == ',' || s[l] == '(') && l > best)
      best = l;
  }
  return best;
}

static void find_education(struct ex *x)
{
  struct prep_facts *f = x->f;
  struct prep_education *cur = NULL;
  for (size_t i = 0; i < x->n; i++) {
    if (f->block_section[i] != PREP_SEC_EDUCATION || x->bi[i].heading >= 0)
      continue;
    const struct prep_block *b = B(x, i);
    if (is_bullet(b) && cur) {
      cur->last = i;
      continue;
    }
    struct fields fs;
    fs.n = 0;
    header_fields(x, &fs, i);
    const char *inst = NULL, *deg = NULL, *area = NULL;
    for (size_t k = 0; k < fs.n; k++) {
      const char *s = b->text + fs.f[k].a;
      size_t n = fs.f[k].b - fs.f[k].a;
      size_t dl = degree_token(s, n);
      if (!deg && dl) {
        deg = prep_arena_strndup(x->a, s, dl);
        /* "BSc Economics", "MSc in Computer Science" */
        size_t r = dl;
        while (r < n && (s[r] == ' ' || s[r] == ','))
          r++;
        if (r + 3 < n && (!strncmp(s + r, "in ", 3) || !strncmp(s + r, "of ", 3)))
          r += 3;
        if (r + 3 < n && !strncmp(s + r, "en ", 3))
          r += 3;
        if (r < n)
          area = slice(x, s, r, n);
      } else if (!inst && has_word_ci(s, n, school_words,
                                      sizeof school_words / sizeof school_words[0],
                                      NULL, NULL)) {
        inst = slice(x, s, 0, n);
      } else if (!area && deg && !fs.f[k].loc) {
        area = slice(x, s, 0, n);
      }
    }
    const struct xdate_range *dr = first_range(&x->bi[i]);
    int starts_new = !cur || (inst && cur->institution) ||
                     (deg && cur->study_type) ||
                     (dr && cur->end.year && !inst && !deg);
    if (!inst && !deg && !dr) {
      if (cur)
        cur->last = i;
      continue;
    }
    if (starts_new) {
      f->education = grow(x->a, f->education, f->neducation,
                          sizeof *f->education);
      cur = &f->education[f->neducation++];
      memset(cur, 0, sizeof *cur);
      cur->block = cur->first = i;
    }
    cur->last = i;
    if (inst && !cur->institution)
      cur->institution = inst;
    if (deg && !cur->study_type)
      cur->study_type = deg;
    if (area && !cur->area)
      cur->area = area;
    if (dr && !cur->end.year) {
      cur->start = dr->start;
      cur->end = dr->is_range ? dr->end : dr->start;
      if (!dr->is_range)
        memset(&cur->start, 0, sizeof cur->start);
    }
    if (!cur->institution && !deg && !inst && fs.n > 0 && !dr) {
      cur->institution = field_text(x, &fs.f[0]);
    }
  }
  /* An entry with no institution takes the first plain field of its line. */
  for (size_t e = 0; e < f->neducation; e++) {
    struct prep_education *ed = &f->education[e];
    if (ed->institution)
      continue;
    for (size_t i = ed->first; i <= ed->last && !ed->institution; i++) {
      struct fields fs;
      fs.n = 0;
      header_fields(x, &fs, i);
      for (size_t k = 0; k < fs.n; k++) {
        const char *t = field_text(x, &fs.f[k]);
        if (t && (!ed->study_type || !strstr(t, ed->study_type)) &&
            (!ed->area || strcmp(t, ed->area) != 0) && !fs.f[k].loc) {
          ed->institution = t;
          break;
        }
      }
    }
  }
}

static void find_certificates(struct ex *x)
{
  struct prep_facts *f = x->f;
  for (size_t i = 0; i < x->n; i++) {
    if (f->block_section[i] != PREP_SEC_CERTIFICATIONS || x->bi[i].heading >= 0)
      continue;
    struct fields fs;
    fs.n = 0;
    header_fields(x, &fs, i);
    if (!fs.n)
      continue;
    struct prep_certificate c;
    memset(&c, 0, sizeof c);
    c.name = field_text(x, &fs.f[0]);
    if (fs.n > 1)
      c.issuer = field_text(x, &fs.f[1]);
    if (x->bi[i].ndates)
      c.date = x->bi[i].dates[0].start;
    c.block = i;
    if (!c.name)
      continue;
    f->certificates = grow(x->a, f->certificates, f->ncertificates,
                           sizeof *f->certificates);
    f->certificates[f->ncertificates++] = c;
  }
}

/* A line that only points somewhere: a URL, perhaps after a short label
 * ("Live: shelfie.example.com", "GitHub: github.com/x/y").  Returns the
 * URL (verbatim, in the arena) or NULL. */
static const char *link_line(struct ex *x, size_t i)
{
  const struct prep_block *b = B(x, i);
  if (x->bi[i].words > 4 || b->len < 4)
    return NULL;
  size_t e = b->len;
  while (e > 0 && (b->text[e - 1] == ' ' || b->text[e - 1] == '\t'))
    e--;
  size_t st = e;
  while (st > 0 && b->text[st - 1] != ' ' && b->text[st - 1] != '\t')
    st--;
  /* what comes before the URL is at most a label: "Live:", "Demo -" */
  for (size_t k = 0; k < st; k++)
    if (b->text[k] != ' ' && b->text[k] != '\t' && k > 0 &&
        (b->text[k - 1] == ' ' || b->text[k - 1] == '\t') &&
        b->text[k] != '-' && b->text[k] != ':')
      return NULL; /* a second word before the URL */
  size_t ov[2];
  const char *t = b->text + st;
  size_t len = e - st;
  if (len < 4 || len > XR_TOKEN || !memchr(t, '.', len) ||
      !xrx_find(&x->run, &x->tax->rx_url, t, len, 0, ov, 1) || ov[0] != 0 ||
      ov[1] < len - 1 || lookup_skill_token(x->tax, t, len))
    return NULL;
  return slice(x, t, 0, ov[1]);
}

/* "Tech: React, Node.js" or "Client : A bank" under a project is a
 * detail of it, not a project called "Tech". */
static int detail_label(const char *s, size_t n)
{
  static const char *const labels[] = {
      "tech", "technologies", "technology", "stack", "tech stack", "tools",
      "built with", "languages", "role", "team", "link", "links", "demo",
      "live", "repo", "code", "source", "github", "url", "website", "result",
      "results", "impact", "outcome", "status", "award", "awards", "date",
      "dates", "client", "skills", "keywords", "description", "summary",
      "technologies used", "tools used", "my role", "team size", "duration",
      "environment", "technical environment", "client", "domain",
      "platform", "database", "databases", "period", "location",
      "responsibilities", "key responsibilities", "roles & responsibilities",
      "roles and responsibilities", "contribution", "contributions"};
  while (n > 0 && (s[n - 1] == ' ' || s[n - 1] == ':'))
    n--;
  for (size_t i = 0; i < sizeof labels / sizeof labels[0]; i++)
    if (strlen(labels[i]) == n && strncasecmp(s, labels[i], n) == 0)
      return 1;
  return 0;
}

/* "Project", "Project #2", "Project 3": a label whose value is the name. */
static int project_label(const char *s)
{
  if (strncasecmp(s, "project", 7) != 0)
    return 0;
  s += 7;
  while (*s == ' ' || *s == '#' || *s == '.' || *s == ':' ||
         (*s >= '0' && *s <= '9'))
    s++;
  return *s == '\0';
}

/* Where "Name - what it does" splits: the first " - ", " – " or " — ",
 * else the first ": ".  *len gets the separator's length in bytes. */
static const char *name_separator(const char *s, size_t *len)
{
  static const char *const dashes[] = {" - ", " \xE2\x80\x93 ",
                                       " \xE2\x80\x94 "};
  const char *best = NULL;
  for (size_t i = 0; i < 3; i++) {
    const char *p = strstr(s, dashes[i]);
    if (p && (!best || p < best)) {
      best = p;
      *len = strlen(dashes[i]);
    }
  }
  if (!best && (best = strstr(s, ": ")) != NULL)
    *len = 2;
  return best;
}

static struct prep_project *new_project(struct ex *x, size_t i)
{
  struct prep_facts *f = x->f;
  f->projects = grow(x->a, f->projects, f->nprojects, sizeof *f->projects);
  struct prep_project *p = &f->projects[f->nprojects++];
  memset(p, 0, sizeof *p);
  p->block = i;
  return p;
}

static void add_project_line(struct ex *x, struct prep_project *p, size_t i)
{
  size_t *nh = prep_arena_alloc(x->a, (p->nhighlights + 1) * sizeof *nh);
  if (p->nhighlights)
    memcpy(nh, p->highlights, p->nhighlights * sizeof *nh);
  nh[p->nhighlights++] = i;
  p->highlights = nh;
}

/* Projects come as a project line ("Shelfie | React | 2024", "Project #1
 * : Customer 360") with details and bullets under it, or as one-liners
 * ("Shelfie - a pantry tracker in React"), bulleted or not, each its own
 * project.  Under a project, "Live: URL" is its link and "Client : ..."
 * or "Tech: ..." a detail (its skills still count: technologies come
 * from the project's whole span). */
static void find_projects(struct ex *x)
{
  struct prep_facts *f = x->f;
  struct prep_project *cur = NULL;
  int cur_is_item = 0; /* cur began with a bullet, not a project line */
  for (size_t i = 0; i < x->n; i++) {
    if (f->block_section[i] != PREP_SEC_PROJECTS || x->bi[i].heading >= 0)
      continue;
    const struct prep_block *b = B(x, i);
    int bullet = is_bullet(b);
    const char *link = cur && !bullet ? link_line(x, i) : NULL;
    if (link) {
      if (!cur->url)
        cur->url = link;
      continue;
    }
    /* "Label : value" lines: "Project #2 : Name" names a project,
     * "Client : ..." is a detail of the current one */
    const char *colon = bullet ? NULL : memchr(b->text, ':', b->len);
    if (colon && colon - b->text <= 40) {
      size_t ll = (size_t)(colon - b->text);
      char label[48];
      memcpy(label, b->text, ll);
      label[ll] = '\0';
      while (ll > 0 && (label[ll - 1] == ' ' || label[ll - 1] == '\t'))
        label[--ll] = '\0';
      if (cur && detail_label(label, ll))
        continue;
      size_t v = (size_t)(colon - b->text) + 1;
      while (v < b->len && (b->text[v] == ' ' || b->text[v] == '\t'))
        v++;
      if (project_label(label) && v < b->len) {
        cur = new_project(x, i);
        cur_is_item = 0;
        cur->name = slice(x, b->text, v, b->len);
        continue;
      }
    }
    if (!bullet && x->bi[i].words <= 12) {
      struct fields fs;
      fs.n = 0;
      header_fields(x, &fs, i);
      if (!fs.n)
        continue;
      const char *first = field_text(x, &fs.f[0]);
      if (cur && first && detail_label(first, strlen(first)))
        continue;
      cur = new_project(x, i);
      cur_is_item = 0;
      size_t k0 = fs.n > 1 && first && project_label(first) ? 1 : 0;
      cur->name = field_text(x, &fs.f[k0]);
      if (fs.n > k0 + 1) {
        cur->description = field_text(x, &fs.f[k0 + 1]);
        add_project_line(x, cur, i); /* a one-liner: its line is the story */
      }
      continue;
    }
    size_t seplen = 0;
    const char *dash = bullet && cur && !cur_is_item
                           ? NULL
                           : name_separator(b->text, &seplen);
    int named = dash && dash - b->text < 60;
    int one_liner =
        named && xcount_words(b->text, (size_t)(dash - b->text)) <= 8 &&
        !detail_label(b->text, (size_t)(dash - b->text));
    if (!cur || one_liner) {
      cur = new_project(x, i);
      cur_is_item = bullet;
      if (named) {
        cur->name = slice(x, b->text, 0, (size_t)(dash - b->text));
        cur->description =
            slice(x, b->text, (size_t)(dash - b->text) + seplen, b->len);
      } else {
        cur->description = b->text;
      }
      if (!cur->name)
        cur->name = cur->description;
    } else if (!cur->description && !bullet) {
      cur->description = b->text;
    }
    add_project_line(x, cur, i);
  }
}

static void find_languages(struct ex *x)
{
  struct prep_facts *f = x->f;
  for (size_t i = 0; i < x->n; i++) {
    if (f->block_section[i] != PREP_SEC_LANGUAGES || x->bi[i].heading >= 0)
      continue;
    const char *s = B(x, i)->text;
    size_t n = B(x, i)->len, st = 0;
    for (size_t k = 0; k <= n; k++) {
      int sep = k == n || s[k] == ',' || s[k] == ';' || s[k] == '|' ||
                s[k] == '\t' || ((unsigned char)s[k] == 0xC2 && k + 1 < n &&
                                 (unsigned char)s[k + 1] == 0xB7) ||
                ((unsigned char)s[k] == 0xE2 && k + 2 < n &&
                 (unsigned char)s[k + 2] == 0xA2);
      if (!sep)
        continue;
      /* a comma inside parentheses is part of the fluency */
      size_t a = st, b = k;
      st = k + ((unsigned char)s[k] == 0xC2 ? 2 : (unsigned char)s[k] == 0xE2 ? 3 : 1);
      trim_span(s, &a, &b);
      if (b <= a || b - a > 80)
        continue;
      size_t w = a;
      while (w < b && s[w] != '(' && s[w] != ':' && s[w] != '-' &&
             !((unsigned char)s[w] == 0xE2 && w + 2 < b) && s[w] != '/')
        w++;
      const char *lang = slice(x, s, a, w);
      const char *flu = w < b ? slice(x, s, w, b) : NULL;
      if (!lang || xcount_words(lang, strlen(lang)) > 3)
        continue;
      f->languages = grow(x->a, f->languages, f->nlanguages, sizeof *f->languages);
      f->languages[f->nlanguages].language = lang;
      f->languages[f->nlanguages].fluency = flu;
      f->languages[f->nlanguages].block = i;
      f->nlanguages++;
      if (f->nlanguages >= 32)
        return;
    }
  }
}

static void find_summary(struct ex *x)
{
  struct prep_facts *f = x->f;
  f->summary.block = PREP_NO_BLOCK;
  for (size_t i = 0; i < x->n; i++)
    if (f->block_section[i] == PREP_SEC_SUMMARY && x->bi[i].heading < 0 &&
        x->bi[i].words >= 5) {
      f->summary.text = B(x, i)->text;
      f->summary.block = i;
      f->summary.confidence = 0.9;
      return;
    }
  /* No summary heading: a prose paragraph in the top part. */
  for (size_t i = 0; i < x->n && i < 15; i++) {
    if (f->block_section[i] != PREP_SEC_NONE)
      break;
    if (x->bi[i].words >= 15 && !is_bullet(B(x, i)) &&
        i != f->contact.name.block) {
      f->summary.text = B(x, i)->text;
      f->summary.block = i;
      f->summary.confidence = 0.6;
      return;
    }
  }
}

/* ===================================================================== */
/* 6. skills                                                              */
/* ===================================================================== */

struct skacc {
  int state;            /* 0 unseen, 1 weak only, 2 accepted */
  size_t order;         /* first listed position, then first mention */
  size_t first_list, first_any;
  size_t *mentions;
  size_t nmentions, capm;
  unsigned found_in, in_bullet, in_list;
  size_t weak_first;
};

static void mention(struct skacc *s, size_t block)
{
  if (s->nmentions && s->mentions[s->nmentions - 1] == block)
    return;
  if (s->nmentions == s->capm) {
    s->capm = s->capm ? s->capm * 2 : 4;
    s->mentions = prep_xrealloc(s->mentions, s->capm * sizeof *s->mentions);
  }
  s->mentions[s->nmentions++] = block;
}

/* Does block i hold an e-mail address, a phone number or a profile URL? */
static int contact_line(const struct prep_facts *f, size_t i)
{
  const struct prep_contact *c = &f->contact;
  for (size_t k = 0; k < c->nemails; k++)
    if (c->emails[k].block == i)
      return 1;
  for (size_t k = 0; k < c->nphones; k++)
    if (c->phones[k].block == i)
      return 1;
  for (size_t k = 0; k < c->nurls; k++)
    if (c->urls[k].block == i)
      return 1;
  return 0;
}

/* 1 when [a, a+n) of block i names an employer, not a skill: it lies in
 * the company of a job whose header is this block ("Oracle", "Snowflake
 * Inc.") or in an agency's "(via Apex Recruitment)". */
static int in_employer(const struct ex *x, size_t i, size_t a, size_t n)
{
  const struct prep_block *b = B(x, i);
  const struct prep_facts *f = x->f;
  for (size_t j = 0; j < f->njobs; j++) {
    const struct prep_job *jb = &f->jobs[j];
    if (jb->company_block != i || !jb->company)
      continue;
    const char *c = strstr(b->text, jb->company);
    if (c && (size_t)(c - b->text) <= a &&
        a + n <= (size_t)(c - b->text) + strlen(jb->company))
      return 1;
  }
  const char *via = strstr(b->text, "(via ");
  if (via && (size_t)(via - b->text) < a) {
    const char *close = memchr(via, ')', b->len - (size_t)(via - b->text));
    if (!close || a + n <= (size_t)(close - b->text))
      return 1;
  }
  return 0;
}

static void find_skills(struct ex *x)
{
  struct prep_facts *f = x->f;
  size_t ns = x->tax->nskills;
  struct skacc *acc = prep_xcalloc(ns, sizeof *acc);
  struct xskill_hit hits[256];
  size_t seq = 0;
  for (size_t i = 0; i < x->n; i++) {
    int sec = f->block_section[i];
    if (x->bi[i].heading >= 0 || sec == PREP_SEC_INTERESTS ||
        sec == PREP_SEC_REFERENCES || sec == PREP_SEC_LANGUAGES)
      continue;
    /* Contact lines name sites, not skills: "GitHub", "Google Play" as
     * link labels beside an e-mail address or a profile URL. */
    if ((sec == PREP_SEC_NONE || sec == PREP_SEC_CONTACT) &&
        contact_line(f, i))
      continue;
    const struct prep_block *b = B(x, i);
    size_t off = (size_t)x->bi[i].label_len;
    size_t nh = xskills_scan(x->tax, b->text + off, b->len - off,
                             x->bi[i].listed, hits, 256);
    for (size_t h = 0; h < nh; h++) {
      struct skacc *s = &acc[hits[h].skill];
      if (in_employer(x, i, off + hits[h].off, hits[h].len))
        continue;
      int ok = !hits[h].ambiguous || hits[h].corroborated;
      if (!ok && hits[h].ambiguous == 2)
        continue; /* wrong case and not a list: "excel at", "react calmly" */
      if (!ok) {
        /* exact case but alone: counts only if established elsewhere */
        if (s->state == 0) {
          s->state = 1;
          s->weak_first = i;
        }
        if (s->state == 1) {
          mention(s, i);
          continue;
        }
      }
      if (s->state < 2) {
        /* Drop weak mentions gathered before acceptance?  No: an exact-case
         * mention of an established skill is a real mention. */
        s->state = 2;
        s->first_any = seq;
      }
      if (x->bi[i].listed && !s->in_list)
        s->first_list = seq;
      seq++;
      mention(s, i);
      s->found_in |= 1u << sec;
      if (is_bullet(b) || f->block_job[i] != PREP_NO_BLOCK)
        s->in_bullet += is_bullet(b) ? 1 : 0;
      if (x->bi[i].listed)
        s->in_list++;
    }
  }
  /* Weak mentions of accepted skills also mark sections. */
  size_t count = 0;
  for (size_t k = 0; k < ns; k++)
    if (acc[k].state == 2)
      count++;
  f->skills = prep_arena_alloc(x->a, (count + 1) * sizeof *f->skills);
  size_t *order = prep_xmalloc((count + 1) * sizeof *order);
  size_t *idx = prep_xmalloc((count + 1) * sizeof *idx);
  size_t m = 0;
  for (size_t k = 0; k < ns; k++) {
    if (acc[k].state != 2)
      continue;
    idx[m] = k;
    /* listed skills keep list order; others follow by first mention */
    order[m] = acc[k].in_list ? acc[k].first_list : ((size_t)1 << 30) + acc[k].first_any;
    m++;
  }
  /* insertion sort by order (a CV has a few dozen skills) */
  for (size_t a = 1; a < m; a++) {
    size_t o = order[a], id = idx[a], b = a;
    while (b > 0 && order[b - 1] > o) {
      order[b] = order[b - 1];
      idx[b] = idx[b - 1];
      b--;
    }
    order[b] = o;
    idx[b] = id;
  }
  for (size_t j = 0; j < m; j++) {
    struct skacc *s = &acc[idx[j]];
    const struct prep_skill_def *d = &x->tax->skills[idx[j]];
    struct prep_skill *o = &f->skills[j];
    memset(o, 0, sizeof *o);
    o->id = d->id;
    o->name = d->name;
    o->category = d->category;
    o->topics = d->topics;
    o->ntopics = d->ntopics;
    /* mentions sorted ascending, unique */
    for (size_t a = 1; a < s->nmentions; a++) {
      size_t v = s->mentions[a], b = a;
      while (b > 0 && s->mentions[b - 1] > v) {
        s->mentions[b] = s->mentions[b - 1];
        b--;
      }
      s->mentions[b] = v;
    }
    size_t u = 0;
    for (size_t a = 0; a < s->nmentions; a++)
      if (u == 0 || s->mentions[u - 1] != s->mentions[a])
        s->mentions[u++] = s->mentions[a];
    o->mentions = prep_arena_alloc(x->a, (u + 1) * sizeof *o->mentions);
    memcpy(o->mentions, s->mentions, u * sizeof *o->mentions);
    o->nmentions = u;
    for (size_t a = 0; a < u; a++)
      o->found_in |= 1u << f->block_section[o->mentions[a]];
    o->in_bullet = s->in_bullet;
    o->in_skills_list = s->in_list;
    /* months used / last used: the merged spans of jobs mentioning it */
    int lo[64], hi[64];
    size_t nsp = 0;
    for (size_t a = 0; a < u && nsp < 64; a++) {
      size_t jb = f->block_job[o->mentions[a]];
      if (jb == PREP_NO_BLOCK)
        continue;
      const struct prep_job *jj = &f->jobs[jb];
      if (!jj->start.year)
        continue;
      int s0 = xdate_index(&jj->start, 0);
      int e0 = jj->end.year ? xdate_index(&jj->end, 1) : s0;
      int cap = xdate_index(&x->as_of, 1);
      if (x->as_of.year && e0 > cap)
        e0 = cap;
      if (e0 < s0)
        continue;
      lo[nsp] = s0;
      hi[nsp] = e0;
      nsp++;
      const struct prep_date *end = jj->end.year ? &jj->end : &jj->start;
      if (xdate_index(end, 1) > xdate_index(&o->last_used, 1) ||
          !o->last_used.year)
        o->last_used = *end;
    }
    o->months_used = 0;
    for (size_t a = 0; a < nsp; a++) {
      /* merge: count each month once */
      int l = lo[a], h = hi[a];
      for (size_t b = 0; b < a; b++) {
        if (lo[b] <= l && hi[b] >= l)
          l = hi[b] + 1;
        if (l > h)
          break;
      }
      int covered = 0;
      for (size_t b = 0; b < a; b++)
        if (lo[b] <= l && hi[b] >= h)
          covered = 1;
      if (l <= h && !covered)
        o->months_used += h - l + 1;
    }
    double conf = 0.5;
    if (s->in_list)
      conf += 0.2;
    if (s->in_bullet || o->months_used)
      conf += 0.25;
    if (d->ambiguous)
      conf -= 0.1;
    o->confidence = conf > 1 ? 1 : conf;
    add_candidate(x, PREP_FACT_SKILL, o->mentions[0], d->name, strlen(d->name),
                  (int)(conf * 10), s->in_list ? "in a skills list" : "mentioned");
  }
  f->nskills = m;
  for (size_t k = 0; k < ns; k++)
    free(acc[k].mentions);
  free(acc);
  free(order);
  free(idx);
}

/* ===================================================================== */
/* 7. results                                                             */
/* ===================================================================== */

static void find_results(struct ex *x)
{
  struct prep_facts *f = x->f;
  struct xresult_hit hits[32];
  for (size_t i = 0; i < x->n; i++) {
    int sec = f->block_section[i];
    const struct prep_block *b = B(x, i);
    if (x->bi[i].heading >= 0 || x->bi[i].job_header)
      continue;
    if (sec == PREP_SEC_NONE || sec == PREP_SEC_CONTACT ||
        sec == PREP_SEC_SKILLS || sec == PREP_SEC_LANGUAGES ||
        sec == PREP_SEC_REFERENCES || sec == PREP_SEC_INTERESTS ||
        sec == PREP_SEC_CERTIFICATIONS)
      continue;
    if (sec == PREP_SEC_EDUCATION && !is_bullet(b))
      continue;
    if (b->part == PREP_PART_HEADER || b->part == PREP_PART_FOOTER)
      continue;
    size_t nh = xresults_scan(&x->run, b->text, b->len, hits, 32);
    for (size_t h = 0; h < nh; h++) {
      /* Not inside a date or a phone number. */
      int skip = 0;
      for (size_t d = 0; d < x->bi[i].ndates; d++) {
        const struct xdate_range *dr = &x->bi[i].dates[d];
        if (hits[h].off < dr->off + dr->len && hits[h].off + hits[h].len > dr->off)
          skip = 1;
      }
      if (x->bi[i].phone_len && (int)hits[h].off < x->bi[i].phone_off + x->bi[i].phone_len &&
          (int)(hits[h].off + hits[h].len) > x->bi[i].phone_off)
        skip = 1;
      if (skip)
        continue;
      f->results = grow(x->a, f->results, f->nresults, sizeof *f->results);
      struct prep_result *r = &f->results[f->nresults++];
      r->text = prep_arena_strndup(x->a, b->text + hits[h].off, hits[h].len);
      r->kind = hits[h].kind;
      r->value = hits[h].value;
      r->block = i;
      r->offset = hits[h].off;
      r->len = hits[h].len;
      r->job = f->block_job[i];
    }
  }
}

/* ===================================================================== */
/* 8. experience, role family, seniority                                  */
/* ===================================================================== */

/* Months covered by the experience-section jobs (overlaps merged, capped
 * at as_of); with tech_only, only tech jobs (prep_job.tech)
 * (a nurse's or a store manager's years are experience, not years in
 * tech: seniority counts these). */
static int merged_months(struct ex *x, int tech_only)
{
  struct prep_facts *f = x->f;
  int lo[256], hi[256];
  size_t n = 0;
  int cap = x->as_of.year ? xdate_index(&x->as_of, 1) : 0;
  for (size_t j = 0; j < f->njobs && n < 256; j++) {
    const struct prep_job *jb = &f->jobs[j];
    if (!jb->start.year || f->block_section[jb->block] != PREP_SEC_EXPERIENCE)
      continue;
    if (tech_only && !jb->tech)
      continue;
    int s = xdate_index(&jb->start, 0);
    int e = jb->end.year ? xdate_index(&jb->end, 1) : s;
    /* a year-only end means "some time that year": count to its start,
     * so "2017 - 2019" is two years, not three */
    if (jb->end.year && jb->end.precision == PREP_DATE_YEAR && !jb->end.present)
      e = jb->end.year * 12;
    if (cap && e > cap)
      e = cap;
    if (e < s)
      continue;
    lo[n] = s;
    hi[n] = e;
    n++;
  }
  /* sort by start, then merge overlaps */
  for (size_t a = 1; a < n; a++) {
    int l = lo[a], h = hi[a];
    size_t b = a;
    while (b > 0 && lo[b - 1] > l) {
      lo[b] = lo[b - 1];
      hi[b] = hi[b - 1];
      b--;
    }
    lo[b] = l;
    hi[b] = h;
  }
  int total = 0, cs = -1, ce = -1;
  for (size_t a = 0; a < n; a++) {
    if (cs < 0) {
      cs = lo[a];
      ce = hi[a];
    } else if (lo[a] <= ce + 1) {
      if (hi[a] > ce)
        ce = hi[a];
    } else {
      total += ce - cs + 1;
      cs = lo[a];
      ce = hi[a];
    }
  }
  if (cs >= 0)
    total += ce - cs + 1;
  return total;
}

/* 1 for a tech job: its title says so, or (a title that does not say,
 * like "Research Assistant") a skill is named in its bullets.  A teacher
 * who kept grades in Google Sheets is still a teacher: a non-tech title
 * decides whatever tool the bullets mention. */
static int job_is_tech(const struct ex *x, const struct prep_job *jb)
{
  int kind = prep_taxonomy_title_kind(x->tax, jb->title);
  if (kind >= 0)
    return kind;
  if (jb->nhighlights == 0)
    return 1; /* nothing to go on: as before, it counts */
  const struct prep_facts *f = x->f;
  for (size_t h = 0; h < jb->nhighlights; h++)
    for (size_t s = 0; s < f->nskills; s++)
      for (size_t m = 0; m < f->skills[s].nmentions; m++)
        if (f->skills[s].mentions[m] == jb->highlights[h])
          return 1;
  return 0;
}

static void experience(struct ex *x)
{
  for (size_t j = 0; j < x->f->njobs; j++)
    x->f->jobs[j].tech = job_is_tech(x, &x->f->jobs[j]);
  x->f->experience_months = merged_months(x, 0);
  x->f->tech_experience_months = merged_months(x, 1);
}

/* Topic tags that point to a role family.  The tags are data (tags.tsv);
 * this table says which families they are evidence for. */
static const struct { const char *topic, *family; } topic_family[] = {
    {"frontend", "frontend"}, {"javascript", "frontend"},
    {"ui-frameworks", "frontend"}, {"css", "frontend"},
    {"accessibility", "frontend"}, {"web-performance", "frontend"},
    {"state-management", "frontend"},
    {"api-design", "backend"}, {"databases", "backend"}, {"rest", "backend"},
    {"grpc", "backend"}, {"microservices", "backend"}, {"messaging", "backend"},
    {"distributed-systems", "backend"}, {"caching", "backend"},
    {"concurrency", "backend"}, {"transactions", "backend"},
    {"kubernetes", "devops-sre"}, {"containers", "devops-sre"},
    {"infrastructure-as-code", "devops-sre"}, {"ci-cd", "devops-sre"},
    {"observability", "devops-sre"}, {"reliability", "devops-sre"},
    {"deployment", "devops-sre"}, {"networking", "devops-sre"},
    {"linux", "devops-sre"},
    {"data-pipelines", "data-engineering"}, {"data-warehousing", "data-engineering"},
    {"big-data", "data-engineering"}, {"streaming", "data-engineering"},
    {"data-quality", "data-engineering"},
    {"statistics", "data-science"}, {"experimentation", "data-science"},
    {"machine-learning", "data-science"},
    {"deep-learning", "ml"}, {"mlops", "ml"}, {"nlp", "ml"},
    {"data-analysis", "data-analysis"}, {"visualisation", "data-analysis"},
    {"spreadsheets", "data-analysis"},
    {"mobile", "mobile"}, {"ios", "mobile"}, {"android", "mobile"},
    {"cross-platform", "mobile"},
    {"testing", "qa"}, {"test-automation", "qa"},
    {"security", "security"}, {"web-security", "security"},
    {"security-operations", "security"},
    {"vulnerability-management", "security"},
    {"threat-modelling", "security"}, {"compliance", "security"},
    {"people-management", "management"}};

/* JavaScript and TypeScript run servers too (Node.js): half a frontend
 * signal.  Every other topic counts in full. */
static double topic_weight(const char *topic)
{
  return strcmp(topic, "javascript") == 0 ? 0.5 : 1.0;
}

static const char *const families[] = {
    "backend", "frontend", "fullstack", "data-engineering", "data-science",
    "data-analysis", "devops-sre", "mobile", "qa", "ml", "security",
    "management", "generalist"};
#define NFAM (sizeof families / sizeof families[0])

static int family_index(const char *s)
{
  for (size_t i = 0; i < NFAM; i++)
    if (s && strcmp(s, families[i]) == 0)
      return (int)i;
  return -1;
}

/* At most `max` bytes of UTF-8 string s, not cutting a character: a long
 * title quoted in `why` must leave room for the rest and stay valid UTF-8
 * (found by fuzz_facts, issue 8). */
static int utf8_prefix(const char *s, size_t max)
{
  size_t n = strlen(s);
  if (n > max) {
    n = max;
    while (n > 0 && ((unsigned char)s[n] & 0xC0) == 0x80)
      n--;
  }
  return (int)n;
}

static void role_family(struct ex *x)
{
  struct prep_facts *f = x->f;
  double title_sc[NFAM] = {0}, skill_sc[NFAM] = {0};
  int sen = 0;
  /* Titles: the most recent jobs weigh most (the CV's order is usually
   * newest first; we use the dates when there are any). */
  size_t order[64];
  size_t nj = f->njobs < 64 ? f->njobs : 64;
  for (size_t j = 0; j < nj; j++)
    order[j] = j;
  for (size_t a = 1; a < nj; a++) {
    size_t v = order[a], b = a;
    int kv = f->jobs[v].end.year ? xdate_index(&f->jobs[v].end, 1)
                                 : xdate_index(&f->jobs[v].start, 1);
    while (b > 0) {
      const struct prep_job *p = &f->jobs[order[b - 1]];
      int kp = p->end.year ? xdate_index(&p->end, 1) : xdate_index(&p->start, 1);
      if (kp >= kv)
        break;
      order[b] = order[b - 1];
      b--;
    }
    order[b] = v;
  }
  char why[256] = "";
  for (size_t r = 0; r < nj; r++) {
    const struct prep_job *jb = &f->jobs[order[r]];
    if (!jb->title)
      continue;
    struct title_info ti;
    title_scan(x->tax, jb->title, strlen(jb->title), &ti);
    double w = r == 0 ? 3 : r == 1 ? 1.5 : 0.75;
    int fi = family_index(ti.family);
    /* "Software Engineer" names no specialty: the skills decide. */
    if (fi >= 0)
      title_sc[fi] += fi == family_index("generalist") ? w * 0.1 : w;
    if (r == 0) {
      sen = ti.seniority;
      snprintf(why, sizeof why, "latest title '%.*s'",
               utf8_prefix(jb->title, 160), jb->title);
    }
  }
  if (f->contact.label.text) {
    struct title_info ti;
    title_scan(x->tax, f->contact.label.text, strlen(f->contact.label.text), &ti);
    int fi = family_index(ti.family);
    if (fi >= 0)
      title_sc[fi] += fi == family_index("generalist") ? 0.2 : 2;
    if (!sen)
      sen = ti.seniority;
  }
  for (size_t k = 0; k < f->nskills; k++) {
    const struct prep_skill *s = &f->skills[k];
    double w = 0.2 + (s->in_bullet ? 0.2 : 0) + (s->months_used ? 0.1 : 0);
    for (size_t t = 0; t < s->ntopics; t++)
      for (size_t m = 0; m < sizeof topic_family / sizeof topic_family[0]; m++)
        if (!strcmp(s->topics[t], topic_family[m].topic))
          skill_sc[family_index(topic_family[m].family)] +=
              w * topic_weight(topic_family[m].topic) / (double)s->ntopics;
  }
  /* A full-stack title is backed by skills on both sides (no topic is
   * full-stack on its own): "Full-Stack Developer" with Vue and Django is
   * not outvoted by the frontend skills alone. */
  int fs = family_index("fullstack");
  int fe = family_index("frontend"), be = family_index("backend");
  if (title_sc[fs] > 0)
    skill_sc[fs] = skill_sc[fe] + skill_sc[be];
  double best = 0;
  int bi = -1;
  double tot[NFAM];
  for (size_t i = 0; i < NFAM; i++) {
    tot[i] = title_sc[i] * 2 + skill_sc[i];
    if (tot[i] > best) {
      best = tot[i];
      bi = (int)i;
    }
  }
  /* Full-stack: both sides strong in the skills and no clearer title. */
  if (bi == be || bi == fe) {
    if (title_sc[fs] == 0 && title_sc[bi] == 0 &&
        skill_sc[fe] > 0.6 * skill_sc[be] && skill_sc[be] > 0.6 * skill_sc[fe]) {
      bi = fs;
      /* bounded: a long title can fill `why` (a stack overflow found by
       * fuzz_facts, issue 8) */
      size_t k = strlen(why);
      snprintf(why + k, sizeof why - k, "%sfrontend and backend skills",
               k ? "; " : "");
    }
  }
  if (bi < 0) {
    f->role_family = "generalist";
    f->role_family_why = "no title or skill pointed to a family";
    f->role_family_confidence = 0.2;
  } else {
    f->role_family = families[bi];
    char w2[400];
    snprintf(w2, sizeof w2, "%s%stitle score %.1f, skill score %.2f",
             why, why[0] ? "; " : "", title_sc[bi], skill_sc[bi]);
    f->role_family_why = prep_arena_strdup(x->a, w2);
    double sum = 0;
    for (size_t i = 0; i < NFAM; i++)
      sum += tot[i];
    f->role_family_confidence = sum > 0 ? tot[bi] / sum : 0;
  }
  /* Seniority: the latest title's level word, else years in tech roles
   * (a career changer's earlier years do not make them senior). */
  int years = f->tech_experience_months / 12;
  int all_years = f->experience_months / 12;
  char sw[160], also[64] = "";
  if (all_years > years)
    snprintf(also, sizeof also, " (%d in all jobs)", all_years);
  if (sen) {
    f->seniority = (enum prep_seniority)sen;
    snprintf(sw, sizeof sw, "level word in the latest title; %d years in tech%s",
             years, also);
  } else {
    /* Without a level word, years alone rarely make someone senior:
     * titles say "senior" when they mean it. */
    f->seniority = years < 2 ? PREP_SEN_JUNIOR
                   : years < 10 ? PREP_SEN_MID
                                : PREP_SEN_SENIOR;
    snprintf(sw, sizeof sw,
             "%d years in tech roles%s, no level word in the title", years,
             also);
  }
  f->seniority_why = prep_arena_strdup(x->a, sw);
}

/* ===================================================================== */
/* driver                                                                 */
/* ===================================================================== */

/* "Now": --as-of, else the DOCX last-modified date, else the file's mtime;
 * never the wall clock, so the same file gives the same facts. */
static void resolve_as_of(struct ex *x, const struct prep_extract_opts *o)
{
  struct prep_date *d = &x->as_of;
  memset(d, 0, sizeof *d);
  d->precision = PREP_DATE_MONTH;
  if (o && o->as_of && prep_extract_valid_as_of(o->as_of)) {
    d->year = atoi(o->as_of);
    d->month = atoi(o->as_of + 5);
    return;
  }
  const char *m = x->doc->modified;
  if (m && strlen(m) >= 7 && m[4] == '-') {
    int y = atoi(m), mo = atoi(m + 5);
    if (y >= 1980 && y <= 2199 && mo >= 1 && mo <= 12) {
      d->year = y;
      d->month = mo;
      return;
    }
  }
  struct stat st;
  if (o && o->path && stat(o->path, &st) == 0) {
    struct tm tm;
    time_t t = st.st_mtime;
    if (gmtime_r(&t, &tm)) {
      d->year = tm.tm_year + 1900;
      d->month = tm.tm_mon + 1;
      return;
    }
  }
  d->precision = PREP_DATE_NONE;
}

/* Present ends take the as-of date (dates were parsed before it was
 * final only in tests; this keeps them consistent). */
static void fix_present(struct ex *x)
{
  for (size_t j = 0; j < x->f->njobs; j++) {
    struct prep_job *jb = &x->f->jobs[j];
    if (jb->end.present) {
      jb->end.year = x->as_of.year;
      jb->end.month = x->as_of.month;
    }
  }
}

/* Facts a reader states exactly (JSON Resume: prep_extract_opts.given).
 * Copied as given; job spans are marked like found ones, so skills,
 * results and experience count them the same way.  Indexes outside the
 * doc are ignored. */
static void take_given(struct ex *x, const struct prep_facts *g)
{
  struct prep_facts *f = x->f;
  f->contact = g->contact;
  f->summary = g->summary;
  f->jobs = prep_arena_alloc(x->a, (g->njobs + 1) * sizeof *f->jobs);
  for (size_t j = 0; j < g->njobs; j++) {
    const struct prep_job *jb = &g->jobs[j];
    if (jb->block >= x->n || jb->first > jb->block || jb->last >= x->n)
      continue;
    f->jobs[f->njobs] = *jb;
    for (size_t i = jb->first; i <= jb->last; i++)
      f->block_job[i] = f->njobs;
    for (size_t i = jb->first; i <= jb->block; i++)
      x->bi[i].job_header = 1;
    add_candidate(x, PREP_FACT_JOB, jb->block, B(x, jb->block)->text,
                  B(x, jb->block)->len, (int)(jb->confidence * 10),
                  "a work entry of the JSON Resume");
    f->njobs++;
  }
  f->education = g->education;
  f->neducation = g->neducation;
  f->certificates = g->certificates;
  f->ncertificates = g->ncertificates;
  f->projects = g->projects;
  f->nprojects = g->nprojects;
  f->languages = g->languages;
  f->nlanguages = g->nlanguages;
}

enum prep_status prep_extract(const struct prep_doc *doc,
                              const struct prep_taxonomy *tax,
                              const struct prep_extract_opts *opts,
                              struct prep_arena *a, struct prep_facts **out,
                              struct prep_diag *diag)
{
  struct ex x;
  memset(&x, 0, sizeof x);
  x.doc = doc;
  x.tax = tax;
  x.a = a;
  x.n = doc->nblocks;
  x.f = prep_arena_alloc(a, sizeof *x.f);
  xrun_init(&x.run, tax);
  resolve_as_of(&x, opts);
  struct prep_facts *f = x.f;
  f->as_of = x.as_of;
  f->nblocks = x.n;
  f->block_section = prep_arena_alloc(a, x.n + 1);
  f->block_job = prep_arena_alloc(a, (x.n + 1) * sizeof *f->block_job);
  for (size_t i = 0; i < x.n; i++)
    f->block_job[i] = PREP_NO_BLOCK;
  x.bi = prep_xcalloc(x.n + 1, sizeof *x.bi);

  find_sections(&x);
  find_dates(&x);
  if (opts && opts->given) {
    take_given(&x, opts->given);
    fix_present(&x);
  } else {
    find_contact(&x);
    find_jobs(&x);
    fix_present(&x);
    find_education(&x);
    find_certificates(&x);
    find_projects(&x);
    find_languages(&x);
    find_summary(&x);
  }
  find_skills(&x);
  find_results(&x);
  experience(&x);
  role_family(&x);

  /* Project technologies: skills mentioned in the project's blocks. */
  for (size_t p = 0; p < f->nprojects; p++) {
    struct prep_project *pr = &f->projects[p];
    size_t lo = pr->block, hi = lo;
    for (size_t k = 0; k < pr->nhighlights; k++)
      if (pr->highlights[k] > hi)
        hi = pr->highlights[k];
    const char **tech = prep_arena_alloc(a, (f->nskills + 1) * sizeof *tech);
    size_t nt = 0;
    for (size_t s = 0; s < f->nskills; s++)
      for (size_t m = 0; m < f->skills[s].nmentions; m++)
        if (f->skills[s].mentions[m] >= lo && f->skills[s].mentions[m] <= hi) {
          tech[nt++] = f->skills[s].id;
          break;
        }
    pr->technologies = tech;
    pr->ntechnologies = nt;
  }

  /* Self-consistency warnings (OfflineCV's defect classes). */
  if (!f->contact.name.text)
    warn(&x, PREP_NO_BLOCK, "no name found");
  if (!f->contact.nemails)
    warn(&x, PREP_NO_BLOCK, "no email address found");
  if (f->njobs == 0 && (f->sections_found >> PREP_SEC_EXPERIENCE & 1))
    warn(&x, PREP_NO_BLOCK, "an experience section but no dated job in it");
  for (size_t j = 0; j < f->njobs; j++) {
    if (!f->jobs[j].title)
      warn(&x, f->jobs[j].block, "job without a recognisable title");
    if (!f->jobs[j].company)
      warn(&x, f->jobs[j].block, "job without a company");
  }
  if (!x.as_of.year)
    warn(&x, PREP_NO_BLOCK, "no as-of date: current jobs are not counted");
  if (x.run.limit_hits)
    warn(&x, PREP_NO_BLOCK, "%u text windows hit a pattern limit and were skipped",
         x.run.limit_hits);
  if (x.run.out_of_time)
    warn(&x, PREP_NO_BLOCK, "pattern matching stopped at its time budget; facts "
                            "may be incomplete");
  f->regex_limit_hits = x.run.limit_hits;

  f->candidates = prep_arena_alloc(a, (x.ncand + 1) * sizeof *f->candidates);
  if (x.ncand)
    memcpy(f->candidates, x.cand, x.ncand * sizeof *x.cand);
  f->ncandidates = x.ncand;
  free(x.cand);

  /* Near-empty text is an error, never a made-up profile. */
  size_t words = 0;
  for (size_t i = 0; i < x.n; i++)
    words += x.bi[i].words;
  free(x.bi);
  int signal = f->contact.nemails || f->contact.nphones || f->njobs ||
               f->nskills >= 3;
  if ((words < 3 || (words < 15 && !signal)) &&
      !(opts && opts->near_empty_ok)) {
    prep_diag_add(diag, PREP_SEV_ERROR, opts && opts->name ? opts->name : NULL,
                  NULL, "this file has too little text to be a CV (%zu words)",
                  words);
    *out = NULL;
    return PREP_EINPUT;
  }
  if (words < 3 || (words < 15 && !signal)) {
    /* Reported as what is there (nothing) instead of failing: --facts
     * gives one JSON object, and a plan or a pack is the role's general
     * preparation, saying on its cover that the CV gave no evidence. */
    warn(&x, PREP_NO_BLOCK, "this file has too little text to be a CV");
    /* whatever a few words looked like, it is not a profile */
    memset(&f->contact, 0, sizeof f->contact);
    memset(&f->summary, 0, sizeof f->summary);
    f->njobs = f->neducation = f->ncertificates = f->nprojects = 0;
    f->nlanguages = f->nskills = f->nresults = 0;
    f->experience_months = f->tech_experience_months = 0;
    f->role_family = "generalist";
    f->role_family_why = "too little text to tell";
    f->role_family_confidence = 0;
    f->seniority = PREP_SEN_UNKNOWN;
    f->seniority_why = "too little text to tell";
    f->near_empty = 1;
    f->near_empty_words = words;
    prep_diag_add(diag, PREP_SEV_WARNING,
                  opts && opts->name ? opts->name : NULL, NULL,
                  "this file has too little text to be a CV (%zu words); "
                  "%s", words,
                  opts && opts->near_empty_note ? opts->near_empty_note
                                                : "the facts are empty");
  }
  *out = f;
  return PREP_OK;
}

size_t prep_extract_block_tags(const struct prep_taxonomy *tax,
                               const struct prep_doc *doc, size_t i,
                               prep_tag_cb cb, void *ctx)
{
  if (i >= doc->nblocks)
    return 0;
  return prep_taxonomy_match_tags(tax, doc->blocks[i].text,
                                  doc->blocks[i].len, cb, ctx);
}
