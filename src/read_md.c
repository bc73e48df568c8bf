/* read_md.c - a Markdown CV to the document model.
 *
 * Owner: more-inputs readers (issue 10).  A small line-based reader for the
 * Markdown people keep CVs in (CommonMark/GFM as pandoc and editors write
 * it), not a full CommonMark implementation:
 *  - ATX headings (# .. ######) and setext headings (=== level 1, --- 2);
 *  - consecutive text lines form one paragraph (as Markdown renders them);
 *    hard breaks (two trailing spaces, a backslash) become spaces;
 *  - list items "- ", "* ", "+ ", "1. ", "1) ", nested by indentation, with
 *    GFM task boxes removed; lazy continuation lines join the item;
 *  - GFM tables "| a | b |": each cell a table-cell block (depth 1, row,
 *    column); the delimiter row is dropped;
 *  - block quotes lose their '>' markers; thematic breaks are dropped;
 *  - fenced code (``` or ~~~): each line a paragraph, taken literally;
 *  - inline: **bold** / __bold__ / *italic* / _italic_ / ~~strike~~
 *    markers and `code` backticks are removed (bold/italic become flags
 *    when the whole block has them); [text](url) and <url> give the text
 *    and a link; images and inline HTML tags are dropped (<br> is a space);
 *    HTML comments, also across lines, are dropped; backslash escapes and
 *    the common character references are decoded;
 *  - a leading YAML front matter block (--- ... ---) is skipped; its
 *    title: and author: become document properties.
 * Positions are the line number where a block starts.
 */
#include "prepgen/read_more.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "prepgen/arena.h"
#include "prepgen/buf.h"
#include "prepgen/doc.h"
#include "prepgen/limits.h"
#include "prepgen/read.h"
#include "prepgen/text.h"

/* List nesting remembered; deeper items count as the deepest level. */
#define MD_MAXLIST 16
/* Links kept per block (prep_doc_add_link keeps 64). */
#define MD_MAXLINKS 64
/* Front matter is looked for in this many lines. */
#define MD_FRONT_LINES 200u
/* Longest link destination plus title looked at after "](". */
#define MD_MAX_DEST 2048u
/* Code spans: backtick runs longer than this are literal text. */
#define MD_TICKS 16u
/* An inline HTML tag longer than this is text, not a tag. */
#define MD_MAX_TAG 256u

struct mlink {
  size_t start, end;
  const char *href;
};

struct li {
  unsigned marker, content; /* columns */
  int numbered;
};

struct md {
  enum prep_status st;      /* a raw HTML block failed (error recorded) */
  struct prep_doc *doc;
  struct prep_arena *a;
  const char *name;
  struct prep_diag *diag;
  int limit_hit;
  /* the open paragraph (raw Markdown, inline syntax still in it) */
  struct prep_buf raw;
  unsigned raw_line;
  enum prep_block_kind kind;
  unsigned level, flags;
  int open;
  /* lists */
  struct li list[MD_MAXLIST];
  unsigned nlist;
  int after_blank;
  /* tables */
  unsigned row;
  int in_table;
  /* inline rendering */
  struct prep_buf out;
  struct mlink links[MD_MAXLINKS];
  size_t nlinks;
  size_t nonspace, nb, ni;
};

/* ---- shared with the other readers --------------------------------------- */

struct prep_block *prep_read_more_add(struct prep_doc *d,
                                      const struct prep_block *tmpl,
                                      const char *text, size_t len,
                                      int *limit_hit)
{
  size_t cap = PREP_MAX_BLOCK_TEXT;
  for (;;) {
    size_t n = len;
    if (n > cap) {
      n = cap;
      while (n > 0 && ((unsigned char)text[n] & 0xC0) == 0x80)
        n--; /* cut before a continuation byte */
    }
    struct prep_block *b = prep_doc_add(d, tmpl, text, n, limit_hit);
    /* Normalisation may still overflow the cap (decomposition grows a few
     * scripts): then try again with half as much. */
    if (b || (limit_hit && *limit_hit) || n == len || cap < 1024)
      return b;
    cap /= 2;
  }
}

/* ---- inline ----------------------------------------------------------- */

static int is_punct(unsigned char c)
{
  return (c >= '!' && c <= '/') || (c >= ':' && c <= '@') ||
         (c >= '[' && c <= '`') || (c >= '{' && c <= '~');
}

static int is_alnum(unsigned char c)
{
  return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') ||
         (c >= '0' && c <= '9') || c >= 0x80;
}

static void emit(struct md *m, const char *s, size_t n, int bold, int ital)
{
  for (size_t i = 0; i < n; i++) {
    unsigned char c = (unsigned char)s[i];
    if (prep_buf_putc(&m->out, c) < 0)
      return;
    if (c == ' ' || c == '\t' || (c & 0xC0) == 0x80)
      continue;
    m->nonspace++;
    if (bold)
      m->nb++;
    if (ital)
      m->ni++;
  }
}

/* Decodes a character reference at s (s[0] == '&'); returns its length
 * and writes UTF-8 into u (at least 8 bytes), or returns 0. */
static size_t char_ref(const char *s, size_t n, char *u)
{
  static const struct {
    const char *name;
    unsigned cp;
  } named[] = {{"amp", '&'},   {"lt", '<'},      {"gt", '>'},
               {"quot", '"'},  {"apos", '\''},   {"nbsp", 0xA0},
               {"ndash", 0x2013}, {"mdash", 0x2014}, {"middot", 0xB7},
               {"bull", 0x2022}, {"copy", 0xA9}, {"hellip", 0x2026}};
  size_t e = 1;
  while (e < n && e < 12 && s[e] != ';')
    e++;
  if (e >= n || s[e] != ';' || e < 2)
    return 0;
  unsigned cp = 0;
  if (s[1] == '#') {
    int hex = e > 2 && (s[2] == 'x' || s[2] == 'X');
    size_t i = hex ? 3 : 2;
    if (i >= e)
      return 0;
    for (; i < e; i++) {
      char c = s[i];
      unsigned d;
      if (c >= '0' && c <= '9') d = (unsigned)(c - '0');
      else if (hex && c >= 'a' && c <= 'f') d = (unsigned)(c - 'a' + 10);
      else if (hex && c >= 'A' && c <= 'F') d = (unsigned)(c - 'A' + 10);
      else return 0;
      cp = cp * (hex ? 16u : 10u) + d;
      if (cp > 0x10FFFF)
        return 0;
    }
    if (cp == 0 || (cp >= 0xD800 && cp <= 0xDFFF))
      cp = 0xFFFD;
  } else {
    size_t k = 0, nn = sizeof named / sizeof named[0];
    for (; k < nn; k++)
      if (strlen(named[k].name) == e - 1 &&
          memcmp(named[k].name, s + 1, e - 1) == 0)
        break;
    if (k == nn)
      return 0;
    cp = named[k].cp;
  }
  struct prep_buf b;
  prep_buf_init(&b, 8);
  prep_buf_put_utf8(&b, cp);
  memcpy(u, b.data, b.len);
  u[b.len] = '\0';
  prep_buf_free(&b);
  return e + 1;
}

/* Positions found once per inline run, so that no delimiter search is
 * repeated (a paragraph of 100,000 '[' or '*' stays linear). */
struct ix {
  size_t *match;        /* match[i]: the ']' closing the '[' at i, or 0 */
  size_t closer[3][2];  /* 1 + last valid closing run of * _ ~ (k = 1, 2) */
  size_t tick[MD_TICKS + 1]; /* 1 + start of the last run of exactly r '`' */
};

static int delim_slot(char c)
{
  return c == '*' ? 0 : c == '_' ? 1 : 2;
}

static void ix_build(struct ix *x, const char *s, size_t n)
{
  memset(x, 0, sizeof *x);
  x->match = prep_xcalloc(n + 1, sizeof *x->match);
  size_t *stack = prep_xmalloc((n + 1) * sizeof *stack);
  size_t sp = 0;
  for (size_t j = 0; j < n; j++) {
    char c = s[j];
    if (c == '\\') {
      j++;
      continue;
    }
    if (c == '[') {
      stack[sp++] = j;
    } else if (c == ']' && sp) {
      x->match[stack[--sp]] = j;
    } else if (c == '*' || c == '_' || c == '~' || c == '`') {
      size_t r = 0;
      while (j + r < n && s[j + r] == c)
        r++;
      if (c == '`') {
        if (r <= MD_TICKS)
          x->tick[r] = j + 1;
      } else if (j > 0 && s[j - 1] != ' ' &&
                 (c != '_' || j + r >= n || !is_alnum((unsigned char)s[j + r]))) {
        x->closer[delim_slot(c)][0] = j + 1;
        if (r >= 2)
          x->closer[delim_slot(c)][1] = j + 1;
      }
      j += r - 1;
    }
  }
  free(stack);
}

static void ix_free(struct ix *x)
{
  free(x->match);
  x->match = NULL;
}

/* Is there a valid closing run of `c` (at least k long) at or after i? */
static int has_closer(const struct ix *x, size_t i, char c, size_t k)
{
  size_t last = x->closer[delim_slot(c)][k >= 2];
  return last && last - 1 >= i;
}

/* Given '(' at s[i], finds the link destination and the ')' closing it.
 * Returns the index of ')' or 0; the URL is (*u, *un). */
static size_t link_dest(const char *s, size_t n, size_t i, const char **u,
                        size_t *un)
{
  size_t k = i + 1;
  if (n > i + MD_MAX_DEST)
    n = i + MD_MAX_DEST; /* a destination and title are short */
  while (k < n && s[k] == ' ')
    k++;
  if (k < n && s[k] == '<') {
    size_t b = k + 1, e = b;
    while (e < n && s[e] != '>' && s[e] != '\n')
      e++;
    if (e >= n || s[e] != '>')
      return 0;
    *u = s + b;
    *un = e - b;
    k = e + 1;
  } else {
    size_t b = k;
    int par = 0;
    while (k < n && s[k] != ' ') {
      if (s[k] == '(')
        par++;
      else if (s[k] == ')' && par-- == 0)
        break;
      k++;
    }
    *u = s + b;
    *un = k - b;
  }
  /* optional title: skip to the ')' */
  while (k < n && s[k] != ')')
    k++;
  return k < n ? k : 0;
}

static int unsafe_url(const char *u, size_t n)
{
  return n == 0 || u[0] == '#' || (n >= 11 && strncasecmp(u, "javascript:", 11) == 0) ||
         (n >= 9 && strncasecmp(u, "vbscript:", 9) == 0) ||
         (n >= 5 && strncasecmp(u, "data:", 5) == 0);
}

static void add_link(struct md *m, size_t start, const char *u, size_t un)
{
  if (m->nlinks >= MD_MAXLINKS || unsafe_url(u, un))
    return;
  m->links[m->nlinks].start = start;
  m->links[m->nlinks].end = (size_t)-1;
  m->links[m->nlinks].href = prep_arena_strndup(m->a, u, un > 4096 ? 4096 : un);
  m->nlinks++;
}

/* Renders Markdown inline syntax in s[0..n) into m->out (appending), with
 * counts for the bold/italic flags and links. */
static void inline_md(struct md *m, const char *s, size_t n)
{
  struct ix x;
  ix_build(&x, s, n);
  int bold = 0, ital = 0, strike = 0;
  size_t link_close = 0; /* index of the ']' ending the open link text */
  size_t link_after = 0; /* where to continue after it */
  size_t link_idx = (size_t)-1;
  for (size_t i = 0; i < n;) {
    unsigned char c = (unsigned char)s[i];
    if (link_close && i == link_close) {
      if (link_idx != (size_t)-1)
        m->links[link_idx].end = m->out.len;
      i = link_after;
      link_close = 0;
      link_idx = (size_t)-1;
      continue;
    }
    if (c == '\\' && i + 1 < n && is_punct((unsigned char)s[i + 1])) {
      emit(m, s + i + 1, 1, bold, ital);
      i += 2;
      continue;
    }
    if (c == '`') {
      size_t r = 0;
      while (i + r < n && s[i + r] == '`')
        r++;
      /* find the closing run of the same length */
      size_t j = i + r, e = 0;
      if (r > MD_TICKS || x.tick[r] < j + 1)
        j = n; /* no closing run of that length: literal backticks */
      while (j < n) {
        if (s[j] == '`') {
          size_t q = 0;
          while (j + q < n && s[j + q] == '`')
            q++;
          if (q == r) {
            e = j;
            break;
          }
          j += q;
        } else {
          j++;
        }
      }
      if (e) {
        size_t b = i + r, ee = e;
        if (ee - b >= 2 && s[b] == ' ' && s[ee - 1] == ' ') {
          b++;
          ee--;
        }
        emit(m, s + b, ee - b, bold, ital);
        i = e + r;
      } else {
        emit(m, s + i, r, bold, ital);
        i += r;
      }
      continue;
    }
    if (c == '*' || c == '_' || c == '~') {
      size_t r = 0;
      while (i + r < n && s[i + r] == (char)c)
        r++;
      int prev_sp = i == 0 || s[i - 1] == ' ';
      int next_sp = i + r >= n || s[i + r] == ' ';
      int prev_an = i > 0 && is_alnum((unsigned char)s[i - 1]);
      int next_an = i + r < n && is_alnum((unsigned char)s[i + r]);
      if (c == '_' && prev_an && next_an) { /* snake_case */
        emit(m, s + i, r, bold, ital);
        i += r;
        continue;
      }
      size_t left = r;
      if (c == '~') {
        if (r == 2 && (strike ? !prev_sp : (!next_sp && has_closer(&x, i + 2, '~', 2))))
          strike = !strike;
        else
          emit(m, s + i, r, bold, ital);
        i += r;
        continue;
      }
      /* closers first (so "**a**" closes), then openers */
      if (!prev_sp) {
        if (left >= 2 && bold) { bold = 0; left -= 2; }
        if (left >= 1 && ital) { ital = 0; left -= 1; }
      }
      if (left && !next_sp) {
        if (left >= 2 && !bold && has_closer(&x, i + r, (char)c, 2)) {
          bold = 1;
          left -= 2;
        }
        if (left >= 1 && !ital && has_closer(&x, i + r, (char)c, 1)) {
          ital = 1;
          left -= 1;
        }
      }
      if (left)
        emit(m, s + i, left, bold, ital);
      i += r;
      continue;
    }
    if (c == '!' && i + 1 < n && s[i + 1] == '[') {
      size_t cb = x.match[i + 1];
      const char *u;
      size_t un;
      size_t cp = cb && cb + 1 < n && s[cb + 1] == '('
                      ? link_dest(s, n, cb + 1, &u, &un)
                      : 0;
      if (cp) { /* an image: dropped */
        i = cp + 1;
        continue;
      }
    }
    if (c == '[' && !link_close) {
      size_t cb = x.match[i];
      if (cb) {
        const char *u = NULL;
        size_t un = 0, after = 0;
        if (cb + 1 < n && s[cb + 1] == '(') {
          size_t cp = link_dest(s, n, cb + 1, &u, &un);
          if (cp)
            after = cp + 1;
        } else if (cb + 1 < n && s[cb + 1] == '[') {
          size_t cr = x.match[cb + 1];
          if (cr)
            after = cr + 1; /* reference link: text only */
        }
        if (after) {
          link_idx = (size_t)-1;
          if (u) {
            size_t before = m->nlinks;
            add_link(m, m->out.len, u, un);
            if (m->nlinks > before)
              link_idx = before;
          }
          link_close = cb;
          link_after = after;
          i++;
          continue;
        }
      }
    }
    if (c == '<') {
      /* autolink <scheme:...> or <a@b>, or an inline HTML tag */
      size_t e = i + 1;
      while (e < n && e - i < MD_MAX_TAG && s[e] != '>' && s[e] != '<')
        e++;
      if (e < n && s[e] == '>') {
        const char *in = s + i + 1;
        size_t inn = e - i - 1;
        int space = memchr(in, ' ', inn) != NULL;
        const char *colon = memchr(in, ':', inn);
        if (!space && inn && (colon || memchr(in, '@', inn)) &&
            ((in[0] >= 'a' && in[0] <= 'z') || (in[0] >= 'A' && in[0] <= 'Z'))) {
          size_t start = m->out.len;
          if (colon) {
            add_link(m, start, in, inn);
          } else {
            char *mail = prep_arena_printf(m->a, "mailto:%.*s", (int)inn, in);
            add_link(m, start, mail, strlen(mail));
          }
          emit(m, in, inn, bold, ital);
          if (m->nlinks && m->links[m->nlinks - 1].start == start)
            m->links[m->nlinks - 1].end = m->out.len;
          i = e + 1;
          continue;
        }
        int tag = inn && (((in[0] | 0x20) >= 'a' && (in[0] | 0x20) <= 'z') ||
                          (in[0] == '/' && inn > 1 &&
                           (in[1] | 0x20) >= 'a' && (in[1] | 0x20) <= 'z') ||
                          (in[0] == '!'));
        if (tag) {
          if (inn >= 2 && strncasecmp(in, "br", 2) == 0)
            emit(m, " ", 1, 0, 0);
          i = e + 1;
          continue;
        }
      }
    }
    if (c == '&') {
      char u[8];
      size_t k = char_ref(s + i, n - i, u);
      if (k) {
        emit(m, u, strlen(u), bold, ital);
        i += k;
        continue;
      }
    }
    emit(m, s + i, 1, bold, ital);
    i++;
  }
  if (link_idx != (size_t)-1 && link_idx < m->nlinks &&
      m->links[link_idx].end == (size_t)-1)
    m->links[link_idx].end = m->out.len;
  ix_free(&x);
}

/* ---- blocks ------------------------------------------------------------ */

/* Renders raw Markdown and adds one block. */
static void add_block(struct md *m, enum prep_block_kind kind, unsigned level,
                      unsigned flags, unsigned line, unsigned row,
                      unsigned col, const char *s, size_t n, int literal)
{
  if (m->limit_hit)
    return;
  prep_buf_clear(&m->out);
  m->nlinks = 0;
  m->nonspace = m->nb = m->ni = 0;
  if (literal)
    emit(m, s, n, 0, 0);
  else
    inline_md(m, s, n);
  if (!m->out.data || m->out.len == 0)
    return;
  struct prep_block t;
  memset(&t, 0, sizeof t);
  t.kind = kind;
  t.level = level;
  t.flags = flags;
  t.part = PREP_PART_BODY;
  t.pos = line;
  if (kind == PREP_BLOCK_TABLE_CELL) {
    t.table_depth = 1;
    t.row = row;
    t.col = col;
  }
  if (m->nonspace) {
    if (m->nb == m->nonspace) t.flags |= PREP_BF_BOLD;
    if (m->ni == m->nonspace) t.flags |= PREP_BF_ITALIC;
  }
  int hit = 0;
  /* Literal text keeps a leading "- " as text, not a bullet: the caller
   * decided the kind. */
  struct prep_block *b =
      prep_read_more_add(m->doc, &t, m->out.data, m->out.len, &hit);
  if (hit) {
    m->limit_hit = 1;
    return;
  }
  if (b)
    for (size_t i = 0; i < m->nlinks; i++) {
      const struct mlink *l = &m->links[i];
      size_t e = l->end > m->out.len ? m->out.len : l->end;
      char *txt = prep_arena_strndup(m->a, m->out.data + l->start,
                                     e > l->start ? e - l->start : 0);
      prep_doc_add_link(m->doc, b, txt, l->href);
    }
}

static void flush(struct md *m)
{
  if (!m->open)
    return;
  m->open = 0;
  if (m->raw.len)
    add_block(m, m->kind, m->level, m->flags, m->raw_line, 0, 0, m->raw.data,
              m->raw.len, 0);
  prep_buf_clear(&m->raw);
}

static void begin(struct md *m, enum prep_block_kind kind, unsigned level,
                  unsigned flags, unsigned line)
{
  flush(m);
  m->open = 1;
  m->kind = kind;
  m->level = level;
  m->flags = flags;
  m->raw_line = line;
  prep_buf_clear(&m->raw);
}

static void append(struct md *m, const char *s, size_t n)
{
  /* a hard break ("  " or "\" at the end) is a space like any line end */
  while (n && (s[n - 1] == ' ' || s[n - 1] == '\t'))
    n--;
  if (n && s[n - 1] == '\\' && (n < 2 || s[n - 2] != '\\'))
    n--;
  if (m->raw.len)
    prep_buf_putc(&m->raw, ' ');
  prep_buf_append(&m->raw, s, n); /* past the cap: the rest is dropped */
}

/* ---- line classification --------------------------------------------------- */

static size_t indent_of(const char *s, size_t n, unsigned *cols)
{
  size_t i = 0;
  unsigned c = 0;
  while (i < n && (s[i] == ' ' || s[i] == '\t')) {
    c = s[i] == '\t' ? (c / 4 + 1) * 4 : c + 1;
    i++;
  }
  *cols = c;
  return i;
}

static int blank(const char *s, size_t n)
{
  for (size_t i = 0; i < n; i++)
    if (s[i] != ' ' && s[i] != '\t')
      return 0;
  return 1;
}

/* A run of one character (with optional spaces) and nothing else. */
static size_t rule_of(const char *s, size_t n, char c)
{
  size_t count = 0;
  for (size_t i = 0; i < n; i++) {
    if (s[i] == c)
      count++;
    else if (s[i] != ' ' && s[i] != '\t')
      return 0;
  }
  return count;
}

/* GFM table delimiter row: |? :?-+:? (| :?-+:?)* |? */
static int delim_row(const char *s, size_t n)
{
  size_t dashes = 0, pipes = 0;
  for (size_t i = 0; i < n; i++) {
    char c = s[i];
    if (c == '-')
      dashes++;
    else if (c == '|')
      pipes++;
    else if (c != ':' && c != ' ' && c != '\t')
      return 0;
  }
  return dashes >= 1 && (pipes >= 1 || dashes >= 3) && pipes >= 1;
}

/* Length of a list marker at s (after the indent) plus the space after it;
 * 0 when none. */
static size_t list_marker(const char *s, size_t n, int *numbered)
{
  if (n >= 1 && (s[0] == '-' || s[0] == '*' || s[0] == '+') &&
      (n == 1 || s[1] == ' ' || s[1] == '\t')) {
    *numbered = 0;
    return n == 1 ? 1 : 2;
  }
  size_t i = 0;
  while (i < n && i < 9 && s[i] >= '0' && s[i] <= '9')
    i++;
  if (i > 0 && i < n && (s[i] == '.' || s[i] == ')') &&
      (i + 1 == n || s[i + 1] == ' ' || s[i + 1] == '\t')) {
    *numbered = 1;
    return i + 1 == n ? i + 1 : i + 2;
  }
  return 0;
}

/* Splits a table row into cells and adds them. */
static void table_row(struct md *m, const char *s, size_t n, unsigned line)
{
  flush(m);
  m->row++;
  size_t i = 0;
  while (i < n && (s[i] == ' ' || s[i] == '\t'))
    i++;
  if (i < n && s[i] == '|')
    i++;
  while (n > i && (s[n - 1] == ' ' || s[n - 1] == '\t'))
    n--;
  if (n > i && s[n - 1] == '|' && (n < 2 || s[n - 2] != '\\'))
    n--;
  unsigned col = 0;
  size_t start = i;
  int code = 0;
  for (; i <= n; i++) {
    if (i < n && s[i] == '\\') {
      i++;
      continue;
    }
    if (i < n && s[i] == '`')
      code = !code;
    if (i == n || (s[i] == '|' && !code)) {
      col++;
      if (col > 1000)
        return;
      add_block(m, PREP_BLOCK_TABLE_CELL, 0, 0, line, m->row, col, s + start,
                i - start, 0);
      start = i + 1;
    }
  }
}

static int yaml_value(const char *s, size_t n, const char *key, struct md *m,
                      const char **dst)
{
  size_t k = strlen(key);
  if (n <= k || strncmp(s, key, k) != 0 || s[k] != ':')
    return 0;
  const char *v = s + k + 1;
  size_t vn = n - k - 1;
  while (vn && (*v == ' ' || *v == '\t')) {
    v++;
    vn--;
  }
  while (vn && (v[vn - 1] == ' ' || v[vn - 1] == '\t'))
    vn--;
  if (vn >= 2 && (v[0] == '"' || v[0] == '\'') && v[vn - 1] == v[0]) {
    v++;
    vn -= 2;
  }
  struct prep_buf b;
  prep_buf_init(&b, 1024);
  prep_text_normalize(&b, v, vn);
  if (b.len && !*dst)
    *dst = prep_arena_strndup(m->a, b.data, b.len);
  prep_buf_free(&b);
  return 1;
}

/* CommonMark HTML block start (kinds 6 and 1, simplified): a line that
 * opens or closes one of these block tags.  Such a block runs to the next
 * blank line and is read by the HTML reader. */
static int html_block_start(const char *x, size_t xn)
{
  static const char *const tags[] = {
      "table", "div", "p", "ul", "ol", "li", "dl", "dt", "dd", "h1", "h2",
      "h3", "h4", "h5", "h6", "blockquote", "section", "article", "header",
      "footer", "details", "summary", "figure", "pre", "center", "address",
      "tbody", "thead", "tr", "td", "th", "main", "nav", "aside", "hr",
      "colgroup", "script", "style", NULL};
  if (xn < 3 || x[0] != '<')
    return 0;
  size_t i = x[1] == '/' ? 2 : 1;
  for (size_t k = 0; tags[k]; k++) {
    size_t l = strlen(tags[k]);
    if (xn >= i + l && strncasecmp(x + i, tags[k], l) == 0 &&
        (xn == i + l || x[i + l] == ' ' || x[i + l] == '>' ||
         x[i + l] == '/' || x[i + l] == '\t'))
      return 1;
  }
  return 0;
}

/* Next line of s[*off..n): returns 0 at the end. */
static int next_line(const char *s, size_t n, size_t *off, const char **ls,
                     size_t *ln)
{
  if (*off >= n)
    return 0;
  const char *p = s + *off;
  const char *e = memchr(p, '\n', n - *off);
  size_t len = e ? (size_t)(e - p) : n - *off;
  *off += len + (e ? 1 : 0);
  if (len && p[len - 1] == '\r')
    len--;
  *ls = p;
  *ln = len;
  return 1;
}

/* Removes HTML comments from a line (state carried across lines) into
 * out; returns 1 when something is left. */
static void strip_comments(const char *s, size_t n, int *in_comment,
                           struct prep_buf *out)
{
  prep_buf_clear(out);
  size_t i = 0;
  while (i < n) {
    if (*in_comment) {
      const char *e = NULL;
      for (size_t k = i; k + 2 < n + 0 && !e; k++)
        if (s[k] == '-' && s[k + 1] == '-' && s[k + 2] == '>')
          e = s + k;
      if (!e)
        return;
      i = (size_t)(e - s) + 3;
      *in_comment = 0;
      continue;
    }
    const char *b = NULL;
    for (size_t k = i; k + 3 < n && !b; k++)
      if (s[k] == '<' && s[k + 1] == '!' && s[k + 2] == '-' && s[k + 3] == '-')
        b = s + k;
    if (!b) {
      prep_buf_append(out, s + i, n - i);
      return;
    }
    prep_buf_append(out, s + i, (size_t)(b - s) - i);
    i = (size_t)(b - s) + 4;
    *in_comment = 1;
  }
}

static enum prep_status read_lines(struct md *m, const char *s, size_t n)
{
  size_t off = 0;
  const char *ls;
  size_t ln;
  unsigned line = 0;
  int in_comment = 0;
  char fence = 0;
  size_t fence_len = 0;
  struct prep_buf clean;
  prep_buf_init(&clean, 0);

  /* YAML front matter */
  {
    size_t o = 0;
    const char *l1;
    size_t n1;
    if (next_line(s, n, &o, &l1, &n1) && n1 == 3 && memcmp(l1, "---", 3) == 0) {
      unsigned k = 1;
      const char *l;
      size_t nl;
      size_t end = 0;
      while (k < MD_FRONT_LINES && next_line(s, n, &o, &l, &nl)) {
        k++;
        if ((nl == 3 && (memcmp(l, "---", 3) == 0 || memcmp(l, "...", 3) == 0))) {
          end = o;
          break;
        }
      }
      if (end) {
        size_t o2 = 0;
        next_line(s, n, &o2, &l, &nl);
        while (o2 < end && next_line(s, n, &o2, &l, &nl)) {
          yaml_value(l, nl, "title", m, &m->doc->title);
          yaml_value(l, nl, "author", m, &m->doc->author);
        }
        off = end;
        line = k;
      }
    }
  }

  while (!m->limit_hit && m->st == PREP_OK &&
         next_line(s, n, &off, &ls, &ln)) {
    line++;
    if (fence) {
      unsigned cols;
      size_t ind = indent_of(ls, ln, &cols);
      size_t r = 0;
      while (ind + r < ln && ls[ind + r] == fence)
        r++;
      if (cols <= 3 && r >= fence_len && blank(ls + ind + r, ln - ind - r)) {
        fence = 0;
        continue;
      }
      if (!blank(ls, ln))
        add_block(m, PREP_BLOCK_PARAGRAPH, 0, 0, line, 0, 0, ls, ln, 1);
      continue;
    }
    strip_comments(ls, ln, &in_comment, &clean);
    const char *t = clean.data ? clean.data : "";
    size_t tn = clean.len;
    if (blank(t, tn)) {
      flush(m);
      m->in_table = 0;
      if (m->nlist)
        m->after_blank = 1;
      continue;
    }
    unsigned cols;
    size_t ind = indent_of(t, tn, &cols);
    const char *x = t + ind;
    size_t xn = tn - ind;
    /* block quotes: drop the markers */
    while (xn && x[0] == '>') {
      x++;
      xn--;
      if (xn && x[0] == ' ') {
        x++;
        xn--;
      }
      size_t k = indent_of(x, xn, &cols);
      x += k;
      xn -= k;
    }
    if (xn == 0) {
      flush(m);
      continue;
    }
    /* fences */
    if (cols <= 3 && xn >= 3 && (x[0] == '`' || x[0] == '~')) {
      size_t r = 0;
      while (r < xn && x[r] == x[0])
        r++;
      if (r >= 3) {
        flush(m);
        fence = x[0];
        fence_len = r;
        continue;
      }
    }
    /* raw HTML block (pandoc writes complex tables so) */
    if (cols <= 3 && !in_comment && html_block_start(x, xn)) {
      flush(m);
      m->nlist = 0;
      m->in_table = 0;
      size_t bstart = (size_t)(ls - s), bend = off;
      unsigned bline = line;
      const char *l2;
      size_t n2;
      size_t o2 = off;
      while (next_line(s, n, &o2, &l2, &n2) && !blank(l2, n2)) {
        bend = o2;
        line++;
      }
      off = bend;
      enum prep_status hs = prep_read_html_into(m->doc, s + bstart,
                                                bend - bstart, bline, m->name,
                                                m->diag);
      if (hs != PREP_OK) {
        m->st = hs;
        break;
      }
      continue;
    }
    /* ATX heading */
    if (cols <= 3 && x[0] == '#') {
      size_t h = 0;
      while (h < xn && x[h] == '#')
        h++;
      if (h <= 6 && (h == xn || x[h] == ' ' || x[h] == '\t')) {
        const char *b = x + h;
        size_t bn = xn - h;
        while (bn && (b[bn - 1] == ' ' || b[bn - 1] == '\t'))
          bn--;
        size_t c = bn;
        while (c && b[c - 1] == '#')
          c--;
        if (c < bn && (c == 0 || b[c - 1] == ' ' || b[c - 1] == '\t'))
          bn = c;
        flush(m);
        m->nlist = 0;
        m->in_table = 0;
        add_block(m, PREP_BLOCK_HEADING, (unsigned)h, PREP_BF_BOLD, line, 0, 0,
                  b, bn, 0);
        continue;
      }
    }
    /* setext underline or thematic break */
    if (cols <= 3) {
      size_t eq = rule_of(x, xn, '='), da = rule_of(x, xn, '-');
      if ((eq || da) && m->open && m->kind == PREP_BLOCK_PARAGRAPH &&
          !m->after_blank) {
        m->kind = PREP_BLOCK_HEADING;
        m->level = eq ? 1 : 2;
        m->flags |= PREP_BF_BOLD; /* headings render bold */
        flush(m);
        continue;
      }
      if (da >= 3 || rule_of(x, xn, '*') >= 3 || rule_of(x, xn, '_') >= 3) {
        flush(m);
        m->nlist = 0;
        continue;
      }
    }
    /* tables */
    if (m->in_table && delim_row(x, xn))
      continue;
    if (memchr(x, '|', xn)) {
      int row = m->in_table || (x[0] == '|' && memchr(x + 1, '|', xn - 1));
      if (!row) {
        size_t o2 = off;
        const char *nl2;
        size_t nn2;
        if (next_line(s, n, &o2, &nl2, &nn2) && delim_row(nl2, nn2))
          row = 1;
      }
      if (row) {
        m->in_table = 1;
        m->nlist = 0;
        table_row(m, x, xn, line);
        continue;
      }
    }
    if (m->in_table) {
      m->in_table = 0;
      m->row = 0;
    }
    /* list items */
    int numbered = 0;
    size_t mk = list_marker(x, xn, &numbered);
    if (mk) {
      unsigned marker_col = cols;
      while (m->nlist > 0 && marker_col < m->list[m->nlist - 1].content) {
        if (marker_col >= m->list[m->nlist - 1].marker) {
          m->nlist--;
          break;
        }
        m->nlist--;
      }
      if (m->nlist < MD_MAXLIST) {
        struct li *it = &m->list[m->nlist++];
        it->marker = marker_col;
        it->content = marker_col + (unsigned)mk;
        it->numbered = numbered;
      }
      m->after_blank = 0;
      const char *b = x + mk;
      size_t bn = xn - mk;
      size_t k = indent_of(b, bn, &cols);
      b += k;
      bn -= k;
      if (bn >= 3 && b[0] == '[' && (b[1] == ' ' || b[1] == 'x' || b[1] == 'X') &&
          b[2] == ']') {
        b += 3;
        bn -= 3;
        k = indent_of(b, bn, &cols);
        b += k;
        bn -= k;
      }
      begin(m, PREP_BLOCK_LIST_ITEM, m->nlist - 1,
            numbered ? PREP_BF_NUMBERED : PREP_BF_BULLET, line);
      append(m, b, bn);
      continue;
    }
    /* text */
    if (m->open && !m->after_blank) {
      append(m, x, xn); /* continuation (lazy or not) */
      continue;
    }
    if (m->nlist && m->after_blank && cols < m->list[m->nlist - 1].content)
      m->nlist = 0; /* the list ended */
    m->after_blank = 0;
    begin(m, PREP_BLOCK_PARAGRAPH, 0, 0, line);
    append(m, x, xn);
  }
  flush(m);
  prep_buf_free(&clean);
  return m->st;
}

enum prep_status prep_read_md(const unsigned char *p, size_t n,
                              const char *name, struct prep_arena *a,
                              struct prep_doc **out, struct prep_diag *diag)
{
  *out = NULL;
  if (n == 0) {
    prep_diag_add(diag, PREP_SEV_ERROR, name, NULL, "the file is empty");
    return PREP_EINPUT;
  }
  if (n > PREP_MAX_MD_INPUT) {
    prep_diag_add(diag, PREP_SEV_ERROR, name, NULL,
                  "Markdown file is larger than the %u MiB limit for text "
                  "CVs", PREP_MAX_MD_INPUT / PREP_MiB);
    return PREP_ELIMIT;
  }
  const char *s = (const char *)p;
  size_t len = n;
  if (len >= 3 && p[0] == 0xEF && p[1] == 0xBB && p[2] == 0xBF) {
    s += 3;
    len -= 3;
  }
  if (memchr(s, 0, len) || !prep_utf8_valid(s, len)) {
    /* UTF-16, Windows-1252, ...: the text reader knows every encoding we
     * accept, and reads '#' headings and '-' lists as well. */
    prep_diag_add(diag, PREP_SEV_WARNING, name, NULL,
                  "the Markdown file is not UTF-8; reading it as plain text");
    return prep_read_text(p, n, name, a, out, diag);
  }
  struct md *m = prep_xcalloc(1, sizeof *m);
  m->doc = prep_doc_new(a, PREP_FORMAT_MARKDOWN);
  m->a = a;
  m->name = name;
  m->diag = diag;
  prep_buf_init(&m->raw, PREP_MAX_BLOCK_TEXT * 4);
  prep_buf_init(&m->out, PREP_MAX_BLOCK_TEXT * 4);
  enum prep_status st = read_lines(m, s, len);
  if (m->limit_hit) {
    prep_diag_add(diag, PREP_SEV_ERROR, name, NULL,
                  "the document has more than %u blocks or %u MiB of text; "
                  "refusing it", PREP_MAX_BLOCKS, PREP_MAX_DOC_TEXT / PREP_MiB);
    st = PREP_ELIMIT;
  }
  if (st == PREP_OK)
    *out = m->doc;
  prep_buf_free(&m->raw);
  prep_buf_free(&m->out);
  free(m);
  return st;
}

/* ---- sniffing -------------------------------------------------------------- */

int prep_sniff_markdown(const unsigned char *p, size_t n)
{
  const char *s = (const char *)p;
  if (n > 65536)
    n = 65536;
  if (n >= 3 && p[0] == 0xEF && p[1] == 0xBB && p[2] == 0xBF) {
    s += 3;
    n -= 3;
  }
  size_t off = 0;
  const char *l;
  size_t ln;
  unsigned headings = 0, lists = 0, links = 0;
  while (next_line(s, n, &off, &l, &ln)) {
    unsigned cols;
    size_t k = indent_of(l, ln, &cols);
    const char *x = l + k;
    size_t xn = ln - k;
    if (cols <= 3 && xn >= 2 && x[0] == '#') {
      size_t h = 0;
      while (h < xn && x[h] == '#')
        h++;
      if (h <= 6 && h < xn && x[h] == ' ')
        headings++;
    }
    int num;
    if (list_marker(x, xn, &num) && xn > 2)
      lists++;
    for (size_t i = 0; i + 2 < xn; i++)
      if (x[i] == ']' && x[i + 1] == '(')
        links++;
  }
  return headings >= 1 && (lists >= 1 || headings >= 2 || links >= 1);
}
