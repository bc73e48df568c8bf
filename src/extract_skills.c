/* extract_skills.c - skill mentions, theme phrases and quantified results.
 *
 * Owner: extraction stage (issue 3).  Skills are found by a tokenizer and
 * hash lookups (not one regex per skill): a token keeps '+', '#', '.',
 * '/' and '-' inside it, so "C++", "C#", ".NET", "Node.js" and "CI/CD" are
 * whole names, and "go-to-market" is one token that is not "Go".  Multi-word
 * aliases ("Spring Boot") are tried longest first across plain spaces only.
 *
 * Ambiguous aliases (data/skills.tsv marks them; one- and two-letter names
 * always are) count only when corroborated: the text is a skills list, or
 * the mention has the alias's exact case and sits next to another
 * technology ("Go and PostgreSQL"), after "in/using/with" ("written in
 * Go"), or before a title word ("Go Developer").  So "excel at", "react
 * calmly", "R&D" and "Java" coffee in an interests line are not skills.
 *
 * Results come from one PCRE2 pattern with a group per kind; GPAs and
 * versions are masked first, and every pattern needs a unit, so years,
 * phone numbers and dates never match.
 */
#include <stdlib.h>
#include <string.h>
#include <utf8proc.h>

#include "extract_int.h"
#include "prepgen/text.h"

/* ===================================================================== */
/* tokens                                                                 */
/* ===================================================================== */

struct tok {
  size_t s, e;      /* byte span after trimming */
  int space_before; /* only spaces between this and the previous token */
  char sep_before;  /* last non-space separator before it (',' '|' ...) or 0 */
};

static int is_word_cp(unsigned cp)
{
  if (cp < 0x80)
    return (cp >= 'a' && cp <= 'z') || (cp >= 'A' && cp <= 'Z') ||
           (cp >= '0' && cp <= '9');
  utf8proc_category_t c = utf8proc_category((utf8proc_int32_t)cp);
  return (c >= UTF8PROC_CATEGORY_LU && c <= UTF8PROC_CATEGORY_LO) ||
         (c >= UTF8PROC_CATEGORY_MN && c <= UTF8PROC_CATEGORY_ME) ||
         (c >= UTF8PROC_CATEGORY_ND && c <= UTF8PROC_CATEGORY_NO);
}

static int is_inner(unsigned cp)
{
  return cp == '+' || cp == '#' || cp == '.' || cp == '-' || cp == '/' ||
         cp == '_' || cp == '&' || cp == '\'' || cp == 0x2019;
}

/* Tokenizes s[0..n) into at most max tokens. */
static size_t tokenize(const char *s, size_t n, struct tok *t, size_t max)
{
  size_t nt = 0, i = 0;
  int space = 1;
  char sep = 0;
  while (i < n && nt < max) {
    unsigned cp;
    int k = prep_utf8_decode(s + i, n - i, &cp);
    if (!is_word_cp(cp) && !(cp == '.' && i + 1 < n && ((s[i + 1] >= 'A' &&
                                                         s[i + 1] <= 'Z') ||
                                                        (s[i + 1] >= 'a' &&
                                                         s[i + 1] <= 'z')))) {
      if (cp != ' ' && cp != '\t')
        space = 0;
      if (cp != ' ')
        sep = cp < 0x80 ? (char)cp : '-';
      if (cp == '\t')
        sep = '\t';
      i += (size_t)k;
      continue;
    }
    size_t st = i;
    while (i < n) {
      k = prep_utf8_decode(s + i, n - i, &cp);
      if (!is_word_cp(cp) && !is_inner(cp))
        break;
      i += (size_t)k;
    }
    size_t e = i;
    /* Trim trailing punctuation, but keep C++ / C# / F#. */
    while (e > st) {
      char c = s[e - 1];
      if (c == '.' || c == '-' || c == '/' || c == '_' || c == '&' ||
          c == '\'')
        e--;
      else if ((unsigned char)c == 0x99 && e - st >= 3 &&
               (unsigned char)s[e - 2] == 0x80 && (unsigned char)s[e - 3] == 0xE2)
        e -= 3; /* U+2019 */
      else
        break;
    }
    /* Leading punctuation, except the dot of ".NET". */
    while (st < e && (s[st] == '-' || s[st] == '/' || s[st] == '&' ||
                      s[st] == '\'' || s[st] == '_' ||
                      (s[st] == '.' && !(st + 1 < e && s[st + 1] != '.'))))
      st++;
    if (e > st) {
      t[nt].s = st;
      t[nt].e = e;
      t[nt].space_before = space;
      t[nt].sep_before = sep;
      nt++;
    }
    space = 1;
    sep = 0;
  }
  return nt;
}

size_t xlower(const char *s, size_t n, char *buf, size_t cap)
{
  size_t o = 0, i = 0;
  while (i < n && o + 4 < cap) {
    unsigned char c = (unsigned char)s[i];
    if (c < 0x80) {
      buf[o++] = (char)(c >= 'A' && c <= 'Z' ? c + 32 : c);
      i++;
      continue;
    }
    unsigned cp;
    int k = prep_utf8_decode(s + i, n - i, &cp);
    cp = (unsigned)utf8proc_tolower((utf8proc_int32_t)cp);
    o += (size_t)utf8proc_encode_char((utf8proc_int32_t)cp,
                                      (utf8proc_uint8_t *)buf + o);
    i += (size_t)k;
  }
  buf[o] = '\0';
  return o;
}

size_t xskill_key(const char *s, size_t n, char *buf, size_t cap,
                  size_t *ntok)
{
  struct tok t[16];
  size_t nt = tokenize(s, n, t, 16);
  size_t o = 0;
  *ntok = 0;
  for (size_t i = 0; i < nt; i++) {
    if (o + 2 >= cap)
      return 0;
    if (i)
      buf[o++] = ' ';
    o += xlower(s + t[i].s, t[i].e - t[i].s, buf + o, cap - o);
  }
  buf[o < cap ? o : cap - 1] = '\0';
  *ntok = nt;
  return o;
}

/* Word tokens: letters and digits only. */
static size_t words(const char *s, size_t n, struct tok *t, size_t max)
{
  size_t nt = 0, i = 0;
  while (i < n && nt < max) {
    unsigned cp;
    int k = prep_utf8_decode(s + i, n - i, &cp);
    if (!is_word_cp(cp)) {
      i += (size_t)k;
      continue;
    }
    size_t st = i;
    while (i < n) {
      k = prep_utf8_decode(s + i, n - i, &cp);
      if (!is_word_cp(cp))
        break;
      i += (size_t)k;
    }
    t[nt].s = st;
    t[nt].e = i;
    t[nt].space_before = 1;
    t[nt].sep_before = 0;
    nt++;
  }
  return nt;
}

size_t xphrase_key(const char *s, size_t n, char *buf, size_t cap,
                   size_t *ntok)
{
  struct tok t[32];
  size_t nt = words(s, n, t, 32);
  size_t o = 0;
  for (size_t i = 0; i < nt; i++) {
    if (o + 2 >= cap)
      return 0;
    if (i)
      buf[o++] = ' ';
    o += xlower(s + t[i].s, t[i].e - t[i].s, buf + o, cap - o);
  }
  buf[o < cap ? o : cap - 1] = '\0';
  *ntok = nt;
  return o;
}

int xis_lower_at(const char *s, size_t n)
{
  unsigned cp;
  if (!n || prep_utf8_decode(s, n, &cp) <= 0)
    return 0;
  return utf8proc_category((utf8proc_int32_t)cp) == UTF8PROC_CATEGORY_LL;
}

int xis_letter_or_mark(unsigned cp)
{
  utf8proc_category_t c = utf8proc_category((utf8proc_int32_t)cp);
  return (c >= UTF8PROC_CATEGORY_LU && c <= UTF8PROC_CATEGORY_LO) ||
         (c >= UTF8PROC_CATEGORY_MN && c <= UTF8PROC_CATEGORY_ME);
}

size_t xskip_symbols(const char *s, size_t n)
{
  size_t i = 0;
  while (i < n) {
    unsigned cp;
    int k = prep_utf8_decode(s + i, n - i, &cp);
    utf8proc_category_t c = utf8proc_category((utf8proc_int32_t)cp);
    /* symbols (So, Sk, Sm but not currency), variation selectors, joiners,
     * regional indicators and the spaces between them */
    int skip = cp == ' ' || cp == '\t' || cp == 0xFE0F || cp == 0x200D ||
               (cp >= 0x1F1E6 && cp <= 0x1F1FF) ||
               (cp >= 0x80 && (c == UTF8PROC_CATEGORY_SO ||
                               c == UTF8PROC_CATEGORY_SK ||
                               c == UTF8PROC_CATEGORY_SM ||
                               c == UTF8PROC_CATEGORY_MN ||
                               c == UTF8PROC_CATEGORY_ME ||
                               c == UTF8PROC_CATEGORY_CO));
    if (!skip || k <= 0)
      break;
    i += (size_t)k;
  }
  return i;
}

size_t xcount_words(const char *s, size_t n)
{
  struct tok t[1];
  size_t c = 0, i = 0;
  /* Count without storing: reuse words() one token at a time. */
  while (i < n) {
    size_t k = words(s + i, n - i, t, 1);
    if (!k)
      break;
    c++;
    i += t[0].e;
  }
  return c;
}

/* ===================================================================== */
/* skills                                                                 */
/* ===================================================================== */

#define MAX_TOK 1024

static int lookup(const struct prep_taxonomy *tax, const char *s, size_t n)
{
  char key[256];
  if (n >= 200)
    return -1;
  size_t kl = xlower(s, n, key, sizeof key);
  return xmap_getn(&tax->alias_map, key, kl);
}

/* Words that join items of a list, or introduce a tool. */
static int is_joiner(const char *s, size_t n)
{
  static const char *const w[] = {"and", "or", "with", "plus", "und", "et",
                                  "y", "e", "oder", "ou", "as", "incl",
                                  "including", "via"};
  for (size_t i = 0; i < sizeof w / sizeof w[0]; i++)
    if (strlen(w[i]) == n && strncasecmp(w[i], s, n) == 0)
      return 1;
  return 0;
}

static int is_intro(const char *s, size_t n)
{
  static const char *const w[] = {"in", "using", "with", "on", "via",
                                  "mit", "en", "avec", "con", "from", "to"};
  for (size_t i = 0; i < sizeof w / sizeof w[0]; i++)
    if (strlen(w[i]) == n && strncasecmp(w[i], s, n) == 0)
      return 1;
  return 0;
}

static int is_title_noun(const char *s, size_t n)
{
  static const char *const w[] = {"developer", "developers", "engineer",
                                  "engineers", "programmer", "programming",
                                  "dev", "code", "services", "service",
                                  "backend", "backends", "microservices",
                                  "api", "apis", "stack", "ecosystem",
                                  "applications", "application", "apps",
                                  "app", "codebase", "sdk", "library",
                                  "libraries", "framework", "modules",
                                  "components", "hooks", "scripts",
                                  "workbooks", "macros", "models", "packages",
                                  "consumers", "producers", "topics",
                                  "streams", "cluster", "clusters"};
  for (size_t i = 0; i < sizeof w / sizeof w[0]; i++)
    if (strlen(w[i]) == n && strncasecmp(w[i], s, n) == 0)
      return 1;
  return 0;
}

static int is_year_tok(const char *s, size_t n)
{
  return n == 4 && (s[0] == '1' || s[0] == '2') && s[1] >= '0' &&
         s[1] <= '9' && s[2] >= '0' && s[2] <= '9' && s[3] >= '0' &&
         s[3] <= '9';
}

/* Hyphenated compounds that still name the tool: "React-based". */
static int tool_suffix(const char *s, size_t n)
{
  static const char *const w[] = {"based", "driven", "powered", "backed",
                                  "native", "first", "heavy", "centric",
                                  "enabled", "only", "compatible", "specific"};
  for (size_t i = 0; i < sizeof w / sizeof w[0]; i++)
    if (strlen(w[i]) == n && strncasecmp(w[i], s, n) == 0)
      return 1;
  return 0;
}

/* Matches a single token; returns the alias index and the span used. */
static int match_one(const struct prep_taxonomy *tax, const char *s,
                     const struct tok *t, size_t *ms, size_t *me)
{
  size_t n = t->e - t->s;
  const char *p = s + t->s;
  *ms = t->s;
  *me = t->e;
  int a = lookup(tax, p, n);
  if (a >= 0)
    return a;
  /* Possessive: "Kafka's". */
  if (n > 2 && p[n - 2] == '\'' && (p[n - 1] == 's' || p[n - 1] == 'S')) {
    a = lookup(tax, p, n - 2);
    if (a >= 0) {
      *me = t->e - 2;
      return a;
    }
  }
  /* Versions: "Python3", "C++17", "HTML5", "Vue.js3". */
  size_t v = n;
  while (v > 0 && ((p[v - 1] >= '0' && p[v - 1] <= '9') || p[v - 1] == '.'))
    v--;
  if (v < n && v > 0 && (p[v - 1] == 'v' || p[v - 1] == 'V') && v > 2)
    v--;
  if (v < n && (v >= 2 || (v >= 1 && (p[v - 1] == '+' || p[v - 1] == '#')))) {
    a = lookup(tax, p, v);
    if (a >= 0 && strncmp(p, "ES", 2) != 0) {
      *me = t->s + v;
      return a;
    }
  }
  /* "React-based": the head names the tool when the rest is a suffix. */
  const char *h = memchr(p, '-', n);
  if (h && h > p) {
    size_t hl = (size_t)(h - p);
    if (tool_suffix(h + 1, n - hl - 1)) {
      a = lookup(tax, p, hl);
      if (a >= 0) {
        *me = t->s + hl;
        return a;
      }
    }
  }
  return -1;
}

size_t xskills_scan(const struct prep_taxonomy *tax, const char *s, size_t n,
                    int listed, struct xskill_hit *out, size_t max)
{
  struct tok *t = malloc(MAX_TOK * sizeof *t);
  if (!t)
    return 0;
  if (n > XR_WINDOW)
    n = XR_WINDOW;
  size_t nt = tokenize(s, n, t, MAX_TOK);
  size_t nh = 0;
  size_t *tok_of = malloc((max + 1) * 2 * sizeof *tok_of); /* first,last */
  size_t i = 0;
  while (i < nt && nh < max) {
    int found = -1;
    size_t used = 1, ms = t[i].s, me = t[i].e;
    /* Longest multi-word alias first, across plain spaces only. */
    size_t kmax = tax->max_alias_tokens;
    if (kmax > nt - i)
      kmax = nt - i;
    for (size_t k = kmax; k >= 2 && found < 0; k--) {
      int ok = 1;
      for (size_t j = i + 1; j < i + k; j++)
        if (!t[j].space_before)
          ok = 0;
      if (!ok)
        continue;
      char key[256];
      size_t kl = 0;
      for (size_t j = i; j < i + k && kl + 64 < sizeof key; j++) {
        if (j > i)
          key[kl++] = ' ';
        kl += xlower(s + t[j].s, t[j].e - t[j].s, key + kl, sizeof key - kl);
      }
      int a = xmap_getn(&tax->alias_map, key, kl);
      if (a >= 0) {
        found = a;
        used = k;
        ms = t[i].s;
        me = t[i + k - 1].e;
      }
    }
    /* Web addresses and emails are not skill mentions ("github.com/x"). */
    {
      const char *tp = s + t[i].s;
      size_t tl = t[i].e - t[i].s;
      int urlish = (tl > 4 && (memmem(tp, tl, ".com", 4) || memmem(tp, tl, "www.", 4) ||
                               memmem(tp, tl, ".io/", 4) || memmem(tp, tl, ".org", 4))) ||
                   (t[i].e < n && (s[t[i].e] == '@' || s[t[i].e] == ':')) ||
                   (t[i].s > 0 && (s[t[i].s - 1] == '@'));
      if (found < 0 && urlish) {
        i++;
        continue;
      }
    }
    if (found < 0)
      found = match_one(tax, s, &t[i], &ms, &me);
    if (found < 0 && memchr(s + t[i].s, '/', t[i].e - t[i].s)) {
      /* "Python/Django": each part on its own. */
      size_t p = t[i].s;
      while (p < t[i].e && nh < max) {
        const char *sl = memchr(s + p, '/', t[i].e - p);
        size_t e = sl ? (size_t)(sl - s) : t[i].e;
        struct tok part = {p, e, 1, 0};
        size_t ps, pe;
        int a = e > p ? match_one(tax, s, &part, &ps, &pe) : -1;
        if (a >= 0) {
          const struct alias *al = &tax->aliases[a];
          out[nh].skill = al->skill;
          out[nh].off = ps;
          out[nh].len = pe - ps;
          out[nh].ambiguous = al->ambiguous;
          /* Slash lists are lists of technologies. */
          out[nh].corroborated = 0;
          tok_of[2 * nh] = tok_of[2 * nh + 1] = i;
          nh++;
        }
        p = e + 1;
      }
      i++;
      continue;
    }
    if (found >= 0) {
      const struct alias *al = &tax->aliases[found];
      out[nh].skill = al->skill;
      out[nh].off = ms;
      out[nh].len = me - ms;
      out[nh].ambiguous = al->ambiguous;
      out[nh].corroborated = 0;
      if (al->case_exact && !(strlen(al->exact) == me - ms &&
                              strncmp(al->exact, s + ms, me - ms) == 0)) {
        /* "case" names match only as written: "go" is not Go */
        i += used;
        continue;
      }
      if (al->ambiguous) {
        /* Weak aliases are lowercase in the data: case only counts for
         * names flagged "case" (checked above). */
        int exact = 1;
        size_t last = i + used - 1;
        /* "Spring 2021" is a season; "Go 2019" nothing we trust. */
        int year_next = last + 1 < nt &&
                        is_year_tok(s + t[last + 1].s, t[last + 1].e - t[last + 1].s);
        if (year_next)
          exact = 0;
        if (listed && !year_next) {
          out[nh].corroborated = 1;
        } else if (exact) {
          /* "with React" vouches; "trained to react quickly" does not: a
           * name the data capitalises, written all in lower case after an
           * intro word, reads as an ordinary word. */
          int lower_only = 1, data_upper = 0;
          for (size_t c = ms; c < me; c++)
            if (s[c] >= 'A' && s[c] <= 'Z')
              lower_only = 0;
          for (const char *c = al->exact; c && *c; c++)
            if (*c >= 'A' && *c <= 'Z')
              data_upper = 1;
          if (i > 0 && t[i].space_before && !(lower_only && data_upper) &&
              is_intro(s + t[i - 1].s, t[i - 1].e - t[i - 1].s))
            out[nh].corroborated = 1;
          if (last + 1 < nt && t[last + 1].space_before &&
              is_title_noun(s + t[last + 1].s, t[last + 1].e - t[last + 1].s))
            out[nh].corroborated = 1;
        }
        if (!exact && !listed)
          out[nh].ambiguous = 2; /* wrong case: only a list can save it */
      }
      tok_of[2 * nh] = i;
      tok_of[2 * nh + 1] = i + used - 1;
      nh++;
      i += used;
      continue;
    }
    i++;
  }
  /* Neighbours: an ambiguous exact-case mention next to another technology
   * (only separators or joiners between) is corroborated.  Two passes let a
   * corroborated one vouch for the next ("Go, Rust and PostgreSQL"). */
  for (int pass = 0; pass < 2; pass++) {
    for (size_t h = 0; h < nh; h++) {
      if (out[h].ambiguous != 1 || out[h].corroborated)
        continue;
      for (int dir = -1; dir <= 1; dir += 2) {
        if ((dir < 0 && h == 0) || (dir > 0 && h + 1 >= nh))
          continue;
        size_t o = dir < 0 ? h - 1 : h + 1;
        if (out[o].ambiguous == 2 || (out[o].ambiguous && !out[o].corroborated))
          continue;
        size_t a = dir < 0 ? tok_of[2 * o + 1] : tok_of[2 * h + 1];
        size_t b = dir < 0 ? tok_of[2 * h] : tok_of[2 * o];
        if (b <= a) { /* same slash token */
          out[h].corroborated = 1;
          break;
        }
        int ok = b - a <= 3;
        for (size_t j = a + 1; ok && j < b; j++)
          if (!is_joiner(s + t[j].s, t[j].e - t[j].s))
            ok = 0;
        /* Without a joiner word the gap must hold a list separator. */
        if (ok && b == a + 1 && t[b].space_before)
          ok = 0;
        if (ok) {
          out[h].corroborated = 1;
          break;
        }
      }
    }
  }
  free(tok_of);
  free(t);
  return nh;
}

size_t prep_taxonomy_match_skills(const struct prep_taxonomy *t,
                                  const char *text, size_t len, int listed,
                                  prep_skill_cb cb, void *ctx)
{
  struct xskill_hit hits[256];
  size_t total = 0;
  size_t off = 0;
  while (off < len) {
    /* Windows end at a line break or at XR_WINDOW. */
    size_t end = off;
    while (end < len && text[end] != '\n' && end - off < XR_WINDOW)
      end++;
    if (end - off == XR_WINDOW) {
      size_t back = end;
      while (back > off && text[back - 1] != ' ')
        back--;
      if (back > off)
        end = back;
      while (end > off && ((unsigned char)text[end] & 0xC0) == 0x80)
        end--;
    }
    size_t nh = xskills_scan(t, text + off, end - off, listed, hits, 256);
    for (size_t i = 0; i < nh; i++) {
      if (hits[i].ambiguous && !hits[i].corroborated)
        continue;
      if (cb)
        cb(ctx, &t->skills[hits[i].skill], off + hits[i].off, hits[i].len);
      total++;
    }
    off = end < len && text[end] == '\n' ? end + 1 : (end > off ? end : off + 1);
  }
  return total;
}

/* ===================================================================== */
/* theme phrases                                                          */
/* ===================================================================== */

size_t prep_taxonomy_match_themes(const struct prep_taxonomy *tax,
                                  const char *text, size_t len,
                                  prep_tag_cb cb, void *ctx)
{
  size_t total = 0;
  if (len > XR_WINDOW * 16)
    len = XR_WINDOW * 16;
  struct xrun run;
  xrun_init(&run, tax);
  size_t ov[2];
  size_t off = 0;
  while (off < len) {
    size_t end = off + XR_WINDOW < len ? off + XR_WINDOW : len;
    while (end < len && end > off && ((unsigned char)text[end] & 0xC0) == 0x80)
      end--;
    /* A lowercase copy for the literal prefilter (ASCII only: the stems
     * are ASCII). */
    char low[XR_WINDOW];
    size_t wl = end - off;
    for (size_t i = 0; i < wl; i++) {
      unsigned char c = (unsigned char)text[off + i];
      low[i] = (char)(c >= 'A' && c <= 'Z' ? c + 32 : c);
    }
    /* Which rows have a stem in this window: one pass over the window,
     * each position looks up the stems starting with its two bytes. */
    unsigned char cand[4096];
    size_t nrows = tax->nthemes < sizeof cand ? tax->nthemes : sizeof cand;
    memset(cand, 0, nrows);
    for (size_t i = 0; i + 1 < wl; i++) {
      unsigned b = (((unsigned)(unsigned char)low[i] * 31u) +
                    (unsigned)(unsigned char)low[i + 1]) & 1023u;
      for (uint32_t k = tax->stem_head[b]; k < tax->stem_head[b + 1]; k++) {
        const struct stem_ref *ref = &tax->stem_refs[k];
        if (ref->row < nrows && !cand[ref->row] && ref->len <= wl - i &&
            memcmp(low + i, ref->stem, ref->len) == 0)
          cand[ref->row] = 1;
      }
    }
    /* Each row once per window: a tag is evidence, not a count. */
    for (size_t r = 0; r < tax->nthemes; r++) {
      const struct theme_phrase *ph = &tax->themes[r];
      if (ph->nstems && r < nrows && !cand[r])
        continue;
      if (!xrx_find(&run, &tax->themes[r].rx, text + off, end - off, 0, ov, 1))
        continue;
      if (cb)
        cb(ctx, tax->themes[r].tag, tax->themes[r].kind, off + ov[0],
           ov[1] - ov[0]);
      total++;
    }
    off = end > off ? end : len;
  }
  return total;
}

size_t prep_taxonomy_match_tags(const struct prep_taxonomy *tax,
                                const char *text, size_t len, prep_tag_cb cb,
                                void *ctx)
{
  size_t total = prep_taxonomy_match_themes(tax, text, len, cb, ctx);
  if (len > XR_WINDOW * 16)
    len = XR_WINDOW * 16;
  size_t off = 0;
  while (off < len) {
    size_t end = off + XR_WINDOW < len ? off + XR_WINDOW : len;
    while (end < len && end > off && ((unsigned char)text[end] & 0xC0) == 0x80)
      end--;
    /* Topics: from the skills this window mentions. */
    struct xskill_hit hits[256];
    size_t nh = xskills_scan(tax, text + off, end - off, 0, hits, 256);
    for (size_t i = 0; i < nh; i++) {
      if (hits[i].ambiguous && !hits[i].corroborated)
        continue;
      const struct prep_skill_def *sd = &tax->skills[hits[i].skill];
      for (size_t k2 = 0; k2 < sd->ntopics; k2++) {
        if (cb)
          cb(ctx, sd->topics[k2], "topic", off + hits[i].off, hits[i].len);
        total++;
      }
    }
    off = end > off ? end : len;
  }
  return total;
}

/* ===================================================================== */
/* quantified results                                                     */
/* ===================================================================== */

static int is_digit(char c) { return c >= '0' && c <= '9'; }

static int is_alpha_at(const char *s, size_t n, size_t i)
{
  unsigned cp;
  prep_utf8_decode(s + i, n - i, &cp);
  return is_word_cp(cp) && !(cp >= '0' && cp <= '9');
}

/* Start of the code point that ends before byte i. */
static size_t prev_cp(const char *s, size_t i)
{
  size_t k = i;
  while (k > 0) {
    k--;
    if (((unsigned char)s[k] & 0xC0) != 0x80)
      break;
  }
  return k;
}

static double parse_number(const char *s, size_t n)
{
  char buf[64];
  size_t o = 0, i = 0;
  while (i < n && !is_digit(s[i]))
    i++;
  for (; i < n && o + 1 < sizeof buf; i++) {
    char c = s[i];
    if (is_digit(c))
      buf[o++] = c;
    else if (c == '.' || c == ',' || c == ' ') {
      /* a group of exactly three digits is a thousands group */
      size_t d = 0;
      while (i + 1 + d < n && is_digit(s[i + 1 + d]))
        d++;
      if (d == 3 && !(i + 4 < n && is_digit(s[i + 4])) && c != ' ')
        continue;
      if (d == 3 && c == ' ')
        continue;
      if (c == ' ' || d == 0)
        break;
      buf[o++] = '.';
    } else {
      break;
    }
  }
  buf[o] = '\0';
  double v = strtod(buf, NULL);
  while (i < n && (s[i] == ' ' || s[i] == '+'))
    i++;
  if (i < n) {
    char c = s[i], c2 = i + 1 < n ? s[i + 1] : 0;
    if (c == 'k' || c == 'K')
      v *= 1e3;
    else if ((c == 'M' && c2 != 'A') || (c == 'm' && c2 == 'i' && i + 2 < n &&
                                          s[i + 2] == 'l') ||
             (c == 'M' && c2 == 'i'))
      v *= 1e6;
    else if ((c == 'b' && c2 == 'n') || (c == 'b' && c2 == 'i') || c == 'B')
      v *= 1e9;
  }
  return v;
}

/* Lowercase word at s[i..) (letters only) into w; returns its byte length. */
static size_t word_at(const char *s, size_t n, size_t i, char *w, size_t cap)
{
  size_t e = i;
  while (e < n && is_alpha_at(s, n, e)) {
    unsigned cp;
    e += (size_t)prep_utf8_decode(s + e, n - e, &cp);
  }
  xlower(s + i, e - i, w, cap);
  return e - i;
}

static int in_list(const char *w, const char *const *list, size_t n)
{
  for (size_t i = 0; i < n; i++)
    if (!strcmp(w, list[i]))
      return 1;
  return 0;
}

static const char *const stop_words[] = {
    "that", "which", "who", "and", "or", "to", "by", "in", "on", "for", "with",
    "from", "at", "into", "across", "over", "under", "while", "using", "via",
    "than", "the", "was", "were", "is", "are", "after", "before", "within",
    "when", "so", "but", "um", "von", "auf", "de", "à", "al", "del", "y", "et",
    "und", "le", "la", "les", "el", "los", "las", "mit", "bei", "für", "pour",
    "para", "en", "con", "avec", "zu", "im", "dans", "sur", "through",
    "without", "saving", "cutting", "reducing", "making", "giving", "as",
    "it", "its", "their", "our", "my", "up", "down", "out", "off", "per", "of",
  "des", "der", "die", "das", "den", "dem", "du", "sans", "ohne", "sin"};

static const char *const time_words[] = {
    "second", "seconds", "minute", "minutes", "hour", "hours", "day", "days",
    "week", "weeks", "month", "month", "year", "sprint", "release", "quarter",
    "tag", "woche", "monat", "jahr", "stunde", "jour", "semaine", "mois", "an",
    "año", "mes", "día", "semana", "sec", "s", "min", "h"};

static const char *const rate_words[] = {"a", "an", "per", "pro", "par",
                                         "each", "every", "por", "al", "am"};

static const char *const long_units[] = {"years", "year", "yrs", "yr",
                                         "months", "mos", "jahre", "jahren",
                                         "ans", "años", "meses", "monate",
                                         "monaten", "anni", "mois"};

static const char *const from_words[] = {"from", "von", "de", "del", "desde",
                                         "van", "da"};
static const char *const to_words[] = {"to", "auf", "à", "a", "al", "hasta",
                                       "bis", "zu", "into", "naar"};

/* Parses a number at s[i] (a digit); returns its end. */
static size_t number_end(const char *s, size_t n, size_t i, int *groups,
                         int *decimal)
{
  size_t j = i;
  *groups = *decimal = 0;
  while (j < n && is_digit(s[j]))
    j++;
  for (;;) {
    /* thousands: ",ddd" ".ddd" " ddd" (not followed by another digit) */
    if (j + 3 < n && (s[j] == ',' || s[j] == '.' || s[j] == ' ') &&
        is_digit(s[j + 1]) && is_digit(s[j + 2]) && is_digit(s[j + 3]) &&
        !(j + 4 < n && is_digit(s[j + 4]))) {
      j += 4;
      (*groups)++;
      continue;
    }
    break;
  }
  if (j + 1 < n && (s[j] == '.' || s[j] == ',') && is_digit(s[j + 1]) &&
      !*groups) {
    size_t k = j + 1;
    while (k < n && is_digit(s[k]) && k - j <= 3)
      k++;
    if (!(k < n && is_digit(s[k]))) {
      j = k;
      *decimal = 1;
    }
  }
  return j;
}

/* Unit right after a number (optional space): returns the bytes it spans
 * (including the space) and sets *kind, or 0. */
static size_t unit_after(const char *s, size_t n, size_t j, int *kind,
                         int *mag)
{
  size_t k = j, sp = 0;
  *mag = 0;
  if (k < n && s[k] == ' ') {
    k++;
    sp = 1;
  }
  if (k >= n)
    return 0;
  if (s[k] == '%') {
    *kind = PREP_RES_PERCENT;
    return k + 1 - j;
  }
  if (s[k] == '+' && !sp) {
    size_t u = unit_after(s, n, k + 1, kind, mag);
    if (!u)
      *kind = PREP_RES_COUNT;
    return k + 1 - j + u;
  }
  char w[32];
  size_t wl = word_at(s, n, k, w, sizeof w);
  if (!wl) {
    /* currency symbols after the number: "40 000 €" */
    if (!strncmp(s + k, "\xE2\x82\xAC", 3) || !strncmp(s + k, "\xC2\xA3", 2)) {
      *kind = PREP_RES_CURRENCY;
      return k + ((unsigned char)s[k] == 0xE2 ? 3 : 2) - j;
    }
    return 0;
  }
  static const char *const mags[] = {"k", "m", "bn", "b", "mm", "million",
                                     "billion", "thousand", "mn", "mio",
                                     "mrd", "millionen", "millones", "millions",
                                     "milliards", "mil", "tn", "trillion"};
  if (in_list(w, mags, sizeof mags / sizeof mags[0]) &&
      !(wl == 1 && w[0] == 'm' && sp) /* "5 m" metres */) {
    *mag = 1;
    size_t e = k + wl;
    if (e < n && s[e] == '.')
      e++; /* "Mio." */
    *kind = PREP_RES_COUNT;
    size_t more = unit_after(s, n, e, kind, mag);
    *mag = 1;
    return e - j + more;
  }
  if (!sp && (w[0] == 'x' && wl == 1)) {
    *kind = PREP_RES_MULTIPLIER;
    return k + 1 - j;
  }
  if (!strcmp(w, "percent") || !strcmp(w, "pp") || !strcmp(w, "prozent") ||
      !strcmp(w, "pour") || !strcmp(w, "por")) {
    if (!strcmp(w, "pour") || !strcmp(w, "por")) {
      /* "pour cent", "por ciento" */
      char w2[16];
      size_t l2 = k + wl + 1 < n ? word_at(s, n, k + wl + 1, w2, sizeof w2) : 0;
      if (!l2 || (strcmp(w2, "cent") && strcmp(w2, "ciento")))
        return 0;
      *kind = PREP_RES_PERCENT;
      return k + wl + 1 + l2 - j;
    }
    *kind = PREP_RES_PERCENT;
    return k + wl - j;
  }
  if (!strcmp(w, "ms") || !strcmp(w, "µs") || !strcmp(w, "us") ||
      !strcmp(w, "milliseconds") || !strcmp(w, "millisecond")) {
    *kind = PREP_RES_LATENCY;
    return k + wl - j;
  }
  if (!strcmp(w, "rps") || !strcmp(w, "qps") || !strcmp(w, "tps")) {
    *kind = PREP_RES_THROUGHPUT;
    return k + wl - j;
  }
  if (!strcmp(w, "usd") || !strcmp(w, "eur") || !strcmp(w, "gbp") ||
      !strcmp(w, "dollars") || !strcmp(w, "euros") || !strcmp(w, "pounds")) {
    *kind = PREP_RES_CURRENCY;
    return k + wl - j;
  }
  if (in_list(w, time_words, sizeof time_words / sizeof time_words[0]) &&
      (sp || wl <= 3)) {
    *kind = (!strcmp(w, "s") || !strcmp(w, "sec") || !strcmp(w, "second") ||
             !strcmp(w, "seconds"))
                ? PREP_RES_LATENCY
                : PREP_RES_DURATION;
    return k + wl - j;
  }
  return 0;
}

static int currency_before(const char *s, size_t i, size_t *start)
{
  size_t k = i;
  if (k > 0 && s[k - 1] == ' ')
    k--;
  if (k >= 1 && (s[k - 1] == '$')) {
    *start = k - 1;
    return 1;
  }
  if (k >= 2 && (unsigned char)s[k - 2] == 0xC2 &&
      ((unsigned char)s[k - 1] == 0xA3 || (unsigned char)s[k - 1] == 0xA5)) {
    *start = k - 2;
    return 1;
  }
  if (k >= 3 && (unsigned char)s[k - 3] == 0xE2 &&
      (unsigned char)s[k - 2] == 0x82 &&
      ((unsigned char)s[k - 1] == 0xAC || (unsigned char)s[k - 1] == 0xB9)) {
    *start = k - 3;
    return 1;
  }
  if (k >= 4 && (!strncmp(s + k - 4, "USD ", 4) || !strncmp(s + k - 4, "EUR ", 4) ||
                 !strncmp(s + k - 4, "GBP ", 4))) {
    *start = k - 4;
    return 1;
  }
  return 0;
}

/* The word that ends right before byte i (skipping one space). */
static size_t word_before(const char *s, size_t i, char *w, size_t cap,
                          size_t *ws)
{
  size_t e = i;
  if (e > 0 && s[e - 1] == ' ')
    e--;
  size_t b = e;
  while (b > 0 && s[b - 1] != ' ' && s[b - 1] != '(' && s[b - 1] != ',' &&
         s[b - 1] != '\t')
    b--;
  *ws = b;
  if (e - b >= cap)
    return 0;
  memcpy(w, s + b, e - b);
  w[e - b] = '\0';
  return e - b;
}

static int version_host(const struct prep_taxonomy *tax, const char *w,
                        size_t wl)
{
  if (wl < 2)
    return 0;
  char key[128];
  size_t nt;
  size_t kl = xskill_key(w, wl, key, sizeof key, &nt);
  if (kl && xmap_getn(&tax->alias_map, key, kl) >= 0)
    return 1;
  /* "WCAG", "OAuth", "HTTP", "iOS": capitals after the first letter */
  for (size_t i = 1; i < wl; i++)
    if (w[i] >= 'A' && w[i] <= 'Z')
      return 1;
  return 0;
}

size_t xresults_scan(struct xrun *r, const char *s, size_t n,
                     struct xresult_hit *out, size_t max)
{
  const struct prep_taxonomy *tax = r->tax;
  if (n > XR_WINDOW)
    n = XR_WINDOW;
  /* Masks: spans of GPAs and versions never hold a result. */
  size_t mask[16][2];
  size_t nmask = 0, pos = 0;
  size_t ov[2];
  const struct xrx *masks[] = {&tax->rx_gpa, &tax->rx_version};
  for (size_t m = 0; m < 2; m++) {
    pos = 0;
    while (nmask < 16 && xrx_find(r, masks[m], s, n, pos, ov, 1)) {
      mask[nmask][0] = ov[0];
      mask[nmask][1] = ov[1];
      nmask++;
      pos = ov[1] > ov[0] ? ov[1] : ov[0] + 1;
    }
  }
  size_t count = 0, i = 0;
  while (i < n && count < max) {
    if (!is_digit(s[i])) {
      i++;
      continue;
    }
    size_t ns = i;
    int groups, decimal;
    size_t ne = number_end(s, n, i, &groups, &decimal);
    i = ne;
    /* glued to a word or another number: "COVID-19", "S3", "v2", "3.11" */
    if (ns > 0) {
      size_t p = prev_cp(s, ns);
      char pc = s[p];
      if (is_alpha_at(s, n, p) || pc == '_' || pc == '/' || pc == '\'' ||
          pc == '.' || pc == ':' || pc == '#')
        continue;
      if (pc == '-' && p > 0 && (is_alpha_at(s, n, prev_cp(s, p)) ||
                                 is_digit(s[p - 1])))
        continue;
      if ((pc == ',' || pc == '.') && p > 0 && is_digit(s[p - 1]))
        continue;
    }
    int masked = 0;
    for (size_t m = 0; m < nmask; m++)
      if (ns < mask[m][1] && ne > mask[m][0])
        masked = 1;
    if (masked)
      continue;
    int kind = PREP_RES_COUNT, mag = 0;
    size_t ul = unit_after(s, n, ne, &kind, &mag);
    size_t end = ne + ul;
    /* followed directly by letters that are no unit: "1080p", "3D", "2FA" */
    if (!ul && ne < n && (is_alpha_at(s, n, ne) || s[ne] == '/'))
      continue;
    if (!ul && ne < n && s[ne] == '-' && ne + 1 < n && is_digit(s[ne + 1]))
      continue; /* "9-5", a range of plain numbers */
    size_t start = ns;
    int cur = currency_before(s, ns, &start);
    if (cur)
      kind = PREP_RES_CURRENCY;
    else if (ns > 0 && (s[ns - 1] == '~' || s[ns - 1] == '+' ||
                        s[ns - 1] == '<' || s[ns - 1] == '>'))
      start = ns - 1;
    /* years: 1950..2099 standing alone */
    if (!cur && !ul && !groups && !decimal && ne - ns == 4) {
      int y = atoi(s + ns);
      if (y >= 1950 && y <= 2099)
        continue;
    }
    /* experience durations: "15 years", "2 yrs 3 mos" */
    char w[48];
    size_t k = end;
    if (k < n && s[k] == ' ')
      k++;
    size_t wl = k < n ? word_at(s, n, k, w, sizeof w) : 0;
    if (!ul && wl && in_list(w, long_units, sizeof long_units / sizeof long_units[0]))
      continue;
    /* versions: "Java 17", "OAuth 2.0", ".NET 8" */
    char pw[64];
    size_t pws;
    size_t pwl = word_before(s, start, pw, sizeof pw, &pws);
    if (!ul && !cur && (decimal || ne - ns <= 2) && pwl &&
        version_host(tax, pw, pwl))
      continue;
    if (pwl && (!strcasecmp(pw, "page") || !strcasecmp(pw, "seite") ||
                !strcasecmp(pw, "p.") || !strcasecmp(pw, "no.") ||
                !strcasecmp(pw, "step") || !strcasecmp(pw, "level") ||
                !strcasecmp(pw, "grade") || !strcasecmp(pw, "gpa")))
      continue;
    /* "from X to Y" */
    int ranged = 0;
    {
      char fw[16];
      size_t fws;
      size_t fl = word_before(s, start, fw, sizeof fw, &fws);
      char flow[16];
      xlower(fw, fl, flow, sizeof flow);
      if (fl && in_list(flow, from_words, sizeof from_words / sizeof from_words[0])) {
        size_t t = end;
        if (t < n && s[t] == ' ')
          t++;
        char tw[16];
        size_t tl = t < n ? word_at(s, n, t, tw, sizeof tw) : 0;
        if (tl && in_list(tw, to_words, sizeof to_words / sizeof to_words[0])) {
          size_t y = t + tl;
          if (y < n && s[y] == ' ')
            y++;
          char qw[16];
          size_t ql = y < n ? word_at(s, n, y, qw, sizeof qw) : 0;
          if (ql && (!strcmp(qw, "under") || !strcmp(qw, "below") ||
                     !strcmp(qw, "about") || !strcmp(qw, "nearly") ||
                     !strcmp(qw, "over") || !strcmp(qw, "just"))) {
            y += ql;
            if (y < n && s[y] == ' ')
              y++;
          }
          size_t ys = y, dummy;
          if (y < n && !is_digit(s[y]) && currency_before(s, y + 1, &dummy))
            while (y < n && !is_digit(s[y]))
              y++;
          if (y < n && is_digit(s[y]) && y - ys <= 4) {
            int g2, d2, k2 = kind, m2;
            size_t ye = number_end(s, n, y, &g2, &d2);
            ye += unit_after(s, n, ye, &k2, &m2);
            start = fws;
            end = ye;
            ranged = 1;
            if (kind == PREP_RES_COUNT)
              kind = k2;
          }
        }
      }
    }
    if (!ranged && kind != PREP_RES_PERCENT) {
      /* a few following words: "120 store managers", "2 days sooner",
       * "2M requests per day", "£2.4M a year" */
      size_t e = end, nw = 0;
      while (e < n && nw < 3) {
        size_t q = e;
        if (q < n && s[q] == ' ')
          q++;
        else if (nw > 0 || ul)
          if (!(q < n && s[q] == ' '))
            break;
        char ww[48];
        size_t l = q < n ? word_at(s, n, q, ww, sizeof ww) : 0;
        if (!l)
          break;
        if (in_list(ww, rate_words, sizeof rate_words / sizeof rate_words[0])) {
          size_t q2 = q + l;
          if (q2 < n && s[q2] == ' ')
            q2++;
          char w2[48];
          size_t l2 = q2 < n ? word_at(s, n, q2, w2, sizeof w2) : 0;
          if (l2 && in_list(w2, time_words, sizeof time_words / sizeof time_words[0])) {
            e = q2 + l2;
            break;
          }
          break;
        }
        if (in_list(ww, stop_words, sizeof stop_words / sizeof stop_words[0]))
          break;
        /* hyphenated words ("Airflow-DAGs") stay whole */
        size_t we = q + l;
        while (we + 1 < n && s[we] == '-' && is_alpha_at(s, n, we + 1)) {
          char tmp[48];
          we += 1 + word_at(s, n, we + 1, tmp, sizeof tmp);
        }
        e = we;
        nw++;
        if (kind == PREP_RES_CURRENCY && nw >= 1)
          break;
      }
      end = e;
    }
    /* classify by the words */
    {
      char low[160];
      size_t ll = xlower(s + start, end - start < 150 ? end - start : 150, low,
                         sizeof low);
      (void)ll;
      if (kind == PREP_RES_COUNT || kind == PREP_RES_DURATION) {
        if (strstr(low, "user") || strstr(low, "customer") ||
            strstr(low, "client") || strstr(low, "player") ||
            strstr(low, "subscriber") || strstr(low, "student") ||
            strstr(low, "buyer") || strstr(low, "member") ||
            strstr(low, "usuario") || strstr(low, "utilisateur") ||
            strstr(low, "nutzer") || strstr(low, "policyholder"))
          kind = PREP_RES_USERS;
        else if (strstr(low, "engineer") || strstr(low, "developer") ||
                 strstr(low, "team") || strstr(low, "people") ||
                 strstr(low, "report") || strstr(low, "desarrollador") ||
                 strstr(low, "développeur") || strstr(low, "scientist") ||
                 strstr(low, "analyst"))
          kind = PREP_RES_TEAM;
        else if (strstr(low, "per second") || strstr(low, "a day") ||
                 strstr(low, "per day") || strstr(low, "rps") ||
                 strstr(low, "qps") || strstr(low, "pro stunde") ||
                 strstr(low, "a month") || strstr(low, "per hour"))
          kind = kind == PREP_RES_DURATION ? kind : PREP_RES_THROUGHPUT;
      }
    }
    /* "a team of 6": the number is the result even with no noun */
    int team_of = 0;
    {
      char w1[32], w2[32];
      size_t s1, s2;
      size_t l1 = word_before(s, start, w1, sizeof w1, &s1);
      size_t l2 = l1 ? word_before(s, s1, w2, sizeof w2, &s2) : 0;
      if (l1 && l2 && (!strcasecmp(w1, "of") || !strcasecmp(w1, "de") ||
                       !strcasecmp(w1, "von")) &&
          (!strncasecmp(w2, "team", 4) || !strncasecmp(w2, "group", 5) ||
           !strncasecmp(w2, "équipe", 6) || !strncasecmp(w2, "equipo", 6) ||
           !strncasecmp(w2, "squad", 5))) {
        team_of = 1;
        start = s2;
        kind = PREP_RES_TEAM;
      }
    }
    /* a bare small number with nothing after it is not a result */
    if (!ul && !cur && !ranged && end == ne && !team_of)
      continue;
    /* a plain decimal with no unit is a version or a score, not a result
     * ("3.11 today"); "from 3.9 to 4.7" is ranged and stays */
    if (decimal && !ul && !cur && !ranged)
      continue;
    out[count].kind = (enum prep_result_kind)kind;
    out[count].off = start;
    out[count].len = end - start;
    out[count].value = parse_number(s + ns, end - ns);
    count++;
    i = end > i ? end : i;
  }
  return count;
}
