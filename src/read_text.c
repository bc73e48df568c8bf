/* read_text.c - the plain-text reader: a text CV in any common encoding
 * becomes the document model.
 *
 * Owner: text reader (issue 2, "Plain-text reader").  Two linear passes:
 *
 * 1. Decoding.  The encoding comes from the bytes: UTF-32 and UTF-16 BOMs,
 *    the UTF-8 BOM, UTF-16/32 without a BOM when the zero bytes sit in the
 *    right columns, strict UTF-8, else Windows-1252 (with a warning).  A file
 *    full of control bytes is refused as binary.  The result is UTF-8 with
 *    '\n' line ends (CRLF and lone CR too) and '\f' for page breaks and the
 *    Unicode line separators, which split a line without advancing the line
 *    number.  NULs and terminal escape sequences are removed here; other
 *    invisible characters are left to prep_text_normalize().
 *
 * 2. Layout.  Each non-blank line is one block, positioned at its physical
 *    line number.  Only a wrapped list item is joined (see continues()).
 *    Headings come from layout (ALL CAPS, ===/--- underlines, a short line
 *    ending in a colon, letter spacing, markdown '#', "== X =="); list items
 *    from bullet glyphs and "1." / "a)" / "(iv)" numbers, nested by indent.
 *    Inside a line, a tab, a run of three or more spaces (unless the line is
 *    justified prose) or a dash/dot leader is a column gap: it becomes one
 *    TAB, the field separator prep_text_normalize() keeps ("Engineer<TAB>
 *    Acme<TAB>2019 - 2021"), as the DOCX reader does for w:tab.
 */
#include "prepgen/read.h"

#include <stdio.h>
#include <string.h>
#include <utf8proc.h>

#include "prepgen/buf.h"
#include "prepgen/doc.h"
#include "prepgen/limits.h"
#include "prepgen/text.h"

/* ------------------------------------------------------------------ */
/* Stage 1: decoding                                                   */
/* ------------------------------------------------------------------ */

/* Longest terminal control string (OSC, DCS, ...) swallowed. */
#define MAX_ESC_STRING 512u

enum esc_state { ESC_NONE, ESC_START, ESC_INTER, ESC_CSI, ESC_STR, ESC_STR_ESC };

struct decoder {
  struct prep_buf out; /* UTF-8, '\n' line ends */
  int pending_cr;      /* last code point was CR: a following LF is eaten */
  enum esc_state esc;
  unsigned esc_len;
  size_t nuls;         /* NUL code points dropped */
};

/* Windows-1252 0x80..0x9F; 0 marks the five undefined bytes. */
static const unsigned short cp1252_c1[32] = {
    0x20AC, 0,      0x201A, 0x0192, 0x201E, 0x2026, 0x2020, 0x2021,
    0x02C6, 0x2030, 0x0160, 0x2039, 0x0152, 0,      0x017D, 0,
    0,      0x2018, 0x2019, 0x201C, 0x201D, 0x2022, 0x2013, 0x2014,
    0x02DC, 0x2122, 0x0161, 0x203A, 0x0153, 0,      0x017E, 0x0178};

static unsigned cp1252(unsigned char c)
{
  if (c < 0x80 || c >= 0xA0)
    return c;
  unsigned cp = cp1252_c1[c - 0x80];
  return cp ? cp : 0xFFFD;
}

static void put_plain(struct decoder *d, unsigned cp)
{
  if (cp == '\r') {
    prep_buf_putc(&d->out, '\n');
    d->pending_cr = 1;
    return;
  }
  if (cp == '\n') {
    if (!d->pending_cr)
      prep_buf_putc(&d->out, '\n');
    d->pending_cr = 0;
    return;
  }
  d->pending_cr = 0;
  if (cp == 0) {
    d->nuls++;
    return;
  }
  if (cp == '\f' || cp == '\v' || cp == 0x85 || cp == 0x2028 ||
      cp == 0x2029) {
    prep_buf_putc(&d->out, '\f');
    return;
  }
  if (cp < 0x80)
    prep_buf_putc(&d->out, (int)cp);
  else
    prep_buf_put_utf8(&d->out, cp);
}

/* Feeds one code point through a small state machine that drops ANSI/VT
 * escape sequences (CSI, OSC and other control strings), so neither
 * "\x1b[2J" nor the title in "\x1b]0;title\a" reaches the text. */
static void put_cp(struct decoder *d, unsigned cp)
{
  switch (d->esc) {
  case ESC_NONE:
    break;
  case ESC_START:
    d->esc = ESC_NONE;
    d->esc_len = 0;
    if (cp == '[') {
      d->esc = ESC_CSI;
      return;
    }
    if (cp == ']' || cp == 'P' || cp == 'X' || cp == '^' || cp == '_') {
      d->esc = ESC_STR;
      return;
    }
    if (cp >= 0x20 && cp <= 0x2F) {
      d->esc = ESC_INTER; /* "ESC ( B": intermediates, then a final */
      return;
    }
    if (cp >= 0x30 && cp <= 0x7E)
      return; /* a two-character escape */
    break;
  case ESC_INTER:
    if (cp >= 0x20 && cp <= 0x2F && ++d->esc_len < MAX_ESC_STRING)
      return;
    d->esc = ESC_NONE;
    if (cp >= 0x30 && cp <= 0x7E)
      return;
    break;
  case ESC_CSI:
    if (cp >= 0x20 && cp <= 0x3F && ++d->esc_len < MAX_ESC_STRING)
      return; /* parameters and intermediates */
    d->esc = ESC_NONE;
    if (cp >= 0x40 && cp <= 0x7E)
      return; /* final byte */
    break;
  case ESC_STR:
    if (cp == 0x07 || cp == 0x9C) {
      d->esc = ESC_NONE;
      return;
    }
    if (cp == 0x1B) {
      d->esc = ESC_STR_ESC;
      return;
    }
    if (cp != '\n' && cp != '\r' && ++d->esc_len < MAX_ESC_STRING)
      return;
    d->esc = ESC_NONE;
    break;
  case ESC_STR_ESC:
    d->esc = ESC_NONE;
    if (cp == '\\')
      return; /* string terminator */
    break;
  }
  if (cp == 0x1B) {
    d->esc = ESC_START;
    return;
  }
  if (cp == 0x9B || cp == 0x9D || cp == 0x90) { /* C1 CSI, OSC, DCS */
    d->esc = cp == 0x9B ? ESC_CSI : ESC_STR;
    d->esc_len = 0;
    return;
  }
  put_plain(d, cp);
}

static void decode_utf32(struct decoder *d, const unsigned char *p, size_t n,
                         int be)
{
  for (size_t i = 0; i + 4 <= n; i += 4) {
    unsigned cp = be ? (unsigned)p[i] << 24 | (unsigned)p[i + 1] << 16 |
                           (unsigned)p[i + 2] << 8 | p[i + 3]
                     : (unsigned)p[i + 3] << 24 | (unsigned)p[i + 2] << 16 |
                           (unsigned)p[i + 1] << 8 | p[i];
    if (cp > 0x10FFFF || (cp >= 0xD800 && cp <= 0xDFFF))
      cp = 0xFFFD;
    put_cp(d, cp);
  }
}

static unsigned unit16(const unsigned char *p, int be)
{
  return be ? (unsigned)p[0] << 8 | p[1] : (unsigned)p[1] << 8 | p[0];
}

static void decode_utf16(struct decoder *d, const unsigned char *p, size_t n,
                         int be)
{
  for (size_t i = 0; i + 2 <= n; i += 2) {
    unsigned u = unit16(p + i, be);
    if (u >= 0xD800 && u <= 0xDBFF) {
      if (i + 4 <= n) {
        unsigned v = unit16(p + i + 2, be);
        if (v >= 0xDC00 && v <= 0xDFFF) {
          put_cp(d, 0x10000 + ((u - 0xD800) << 10) + (v - 0xDC00));
          i += 2;
          continue;
        }
      }
      u = 0xFFFD; /* unpaired high surrogate */
    } else if (u >= 0xDC00 && u <= 0xDFFF) {
      u = 0xFFFD; /* unpaired low surrogate */
    }
    put_cp(d, u);
  }
}

/* Bytes of a broken UTF-8 sequence starting at p: a lead byte with the
 * continuation bytes that follow it (then it is one U+FFFD), or 1. */
static size_t bad_seq_len(const unsigned char *p, size_t n)
{
  size_t want = p[0] >= 0xF0 && p[0] <= 0xF7   ? 4
                : p[0] >= 0xE0 && p[0] <= 0xEF ? 3
                : p[0] >= 0xC0 && p[0] <= 0xDF ? 2
                                                : 1;
  size_t k = 1;
  while (k < want && k < n && (p[k] & 0xC0) == 0x80)
    k++;
  return k;
}

/* 1 when the decoder's U+FFFD at p is a real U+FFFD in the input. */
static int literal_fffd(const unsigned char *p, size_t n)
{
  return n >= 3 && p[0] == 0xEF && p[1] == 0xBF && p[2] == 0xBD;
}

enum u8_mode {
  U8_MIXED,  /* UTF-8; a stray byte is Windows-1252, a broken sequence U+FFFD */
  U8_CP1252  /* every byte is Windows-1252 */
};

static void decode_8bit(struct decoder *d, const unsigned char *p, size_t n,
                        enum u8_mode mode)
{
  size_t i = 0;
  while (i < n) {
    unsigned char c = p[i];
    if (c < 0x80 || mode == U8_CP1252) {
      put_cp(d, cp1252(c));
      i++;
      continue;
    }
    unsigned cp;
    int k = prep_utf8_decode((const char *)p + i, n - i, &cp);
    if (cp != 0xFFFD || literal_fffd(p + i, n - i)) {
      put_cp(d, cp);
      i += (size_t)k;
      continue;
    }
    size_t bad = bad_seq_len(p + i, n - i);
    put_cp(d, bad > 1 ? 0xFFFD : cp1252(c));
    i += bad;
  }
}

/* Counts valid multi-byte UTF-8 sequences and broken spots. */
static void utf8_stats(const unsigned char *p, size_t n, size_t *multi,
                       size_t *bad, size_t *first_bad)
{
  *multi = *bad = 0;
  *first_bad = n;
  size_t i = 0;
  while (i < n) {
    if (p[i] < 0x80) {
      i++;
      continue;
    }
    unsigned cp;
    int k = prep_utf8_decode((const char *)p + i, n - i, &cp);
    if (cp != 0xFFFD || literal_fffd(p + i, n - i)) {
      (*multi)++;
      i += (size_t)k;
      continue;
    }
    if (*bad == 0)
      *first_bad = i;
    (*bad)++;
    i += bad_seq_len(p + i, n - i);
  }
}

/* Physical line (1-based) of byte offset off in 8-bit text. */
static unsigned line_of(const unsigned char *p, size_t off)
{
  unsigned line = 1;
  for (size_t i = 0; i < off; i++)
    if (p[i] == '\n' || (p[i] == '\r' && (i + 1 >= off || p[i + 1] != '\n')))
      line++;
  return line;
}

/* What the zero and control bytes of an 8-bit file say. */
struct byte_stats {
  size_t nul, nul_even, nul_odd;
  size_t ctrl; /* C0 controls other than NUL, BS, TAB, LF, VT, FF, CR, ESC; DEL */
};

static void byte_stats(const unsigned char *p, size_t n, struct byte_stats *s)
{
  memset(s, 0, sizeof *s);
  for (size_t i = 0; i < n; i++) {
    unsigned char c = p[i];
    if (c >= 0x20 && c != 0x7F)
      continue;
    if (c == 0) {
      s->nul++;
      if (i & 1)
        s->nul_odd++;
      else
        s->nul_even++;
    } else if (c == 0x7F || !(c == '\b' || c == '\t' || c == '\n' ||
                               c == '\v' || c == '\f' || c == '\r' ||
                               c == 0x1B)) {
      s->ctrl++;
    }
  }
}

/* UTF-16 without BOM: at least 40 % of the code units carry a zero byte,
 * and nearly all zero bytes sit on the same side.  Returns 1 for LE, 2 for
 * BE, 0 otherwise. */
static int utf16_by_nuls(const struct byte_stats *s, size_t n)
{
  size_t units = n / 2;
  if (units < 2 || s->nul < 2)
    return 0;
  if (s->nul_odd * 5 >= units * 2 && s->nul_even * 20 <= s->nul_odd)
    return 1;
  if (s->nul_even * 5 >= units * 2 && s->nul_odd * 20 <= s->nul_even)
    return 2;
  return 0;
}

/* UTF-32 without BOM: every unit is a code point and most have two zero
 * bytes at the top.  Returns 1 for LE, 2 for BE, 0 otherwise. */
static int utf32_by_nuls(const unsigned char *p, size_t n)
{
  if (n < 8 || n % 4)
    return 0;
  size_t units = n / 4, le = 0, be = 0, le_small = 0, be_small = 0;
  for (size_t i = 0; i < n; i += 4) {
    if (p[i + 3] == 0 && p[i + 2] <= 0x10) {
      le++;
      le_small += p[i + 2] == 0 && p[i + 1] == 0;
    }
    if (p[i] == 0 && p[i + 1] <= 0x10) {
      be++;
      be_small += p[i + 1] == 0 && p[i + 2] == 0;
    }
  }
  if (le == units && le_small * 2 >= units)
    return 1;
  if (be == units && be_small * 2 >= units)
    return 2;
  return 0;
}

/* Decodes p[0..n) into d->out and sets *enc.  Returns PREP_OK or records
 * an error. */
static enum prep_status decode(struct decoder *d, const unsigned char *p,
                               size_t n, const char *name, const char **enc,
                               struct prep_diag *diag)
{
  if (n >= 4 && memcmp(p, "\xFF\xFE\0\0", 4) == 0) {
    *enc = "UTF-32LE";
    decode_utf32(d, p + 4, n - 4, 0);
    return PREP_OK;
  }
  if (n >= 4 && memcmp(p, "\0\0\xFE\xFF", 4) == 0) {
    *enc = "UTF-32BE";
    decode_utf32(d, p + 4, n - 4, 1);
    return PREP_OK;
  }
  *enc = "UTF-8";
  if (n >= 3 && memcmp(p, "\xEF\xBB\xBF", 3) == 0) {
    *enc = "UTF-8 BOM";
    p += 3;
    n -= 3;
  } else if (n >= 2 && (memcmp(p, "\xFF\xFE", 2) == 0 ||
                        memcmp(p, "\xFE\xFF", 2) == 0)) {
    int be = p[0] == 0xFE;
    *enc = be ? "UTF-16BE" : "UTF-16LE";
    decode_utf16(d, p + 2, n - 2, be);
    return PREP_OK;
  }
  int wide = utf32_by_nuls(p, n);
  if (wide) {
    *enc = wide == 1 ? "UTF-32LE" : "UTF-32BE";
    prep_diag_add(diag, PREP_SEV_NOTE, name, NULL,
                  "no byte-order mark; read as %s because of where the zero "
                  "bytes are", *enc);
    decode_utf32(d, p, n, wide == 2);
    return PREP_OK;
  }
  struct byte_stats st;
  byte_stats(p, n, &st);
  wide = st.nul ? utf16_by_nuls(&st, n) : 0;
  if (wide) {
    *enc = wide == 1 ? "UTF-16LE" : "UTF-16BE";
    prep_diag_add(diag, PREP_SEV_NOTE, name, NULL,
                  "no byte-order mark; read as %s because of where the zero "
                  "bytes are", *enc);
    decode_utf16(d, p, n, wide == 2);
    return PREP_OK;
  }
  /* Text has almost no control bytes; programs, images and random data
   * have one in ten.  A few stray NULs in text are dropped (below). */
  if ((st.ctrl >= 4 && st.ctrl * 50 > n) || st.nul * 5 > n) {
    prep_diag_add(diag, PREP_SEV_ERROR, name, NULL,
                  "this looks like a binary file, not text");
    return PREP_EINPUT;
  }
  size_t multi, bad, first_bad;
  utf8_stats(p, n, &multi, &bad, &first_bad);
  char where[32];
  if (bad)
    snprintf(where, sizeof where, "line %u", line_of(p, first_bad));
  if (bad && multi <= bad) {
    *enc = "windows-1252";
    prep_diag_add(diag, PREP_SEV_WARNING, name, where,
                  "not valid UTF-8; read as Windows-1252");
    decode_8bit(d, p, n, U8_CP1252);
  } else {
    if (bad)
      prep_diag_add(diag, PREP_SEV_WARNING, name, where,
                    "not valid UTF-8 in places; %zu stray byte%s read as "
                    "Windows-1252 or replaced", bad, bad == 1 ? "" : "s");
    decode_8bit(d, p, n, U8_MIXED);
  }
  if (st.nul)
    prep_diag_add(diag, PREP_SEV_WARNING, name, NULL,
                  "removed %zu NUL byte%s (a text file should have none)",
                  st.nul, st.nul == 1 ? "" : "s");
  return PREP_OK;
}

/* ------------------------------------------------------------------ */
/* Stage 2: lines                                                      */
/* ------------------------------------------------------------------ */

struct liner {
  const char *p;
  size_t n, i;
  unsigned no; /* physical line number of the next line */
};

/* Next line of decoded text (without its terminator).  '\f' ends a line
 * but not a physical line; a line longer than PREP_MAX_LINE comes out in
 * pieces cut at a space when possible, all with the same number.  Never
 * scans further than PREP_MAX_LINE ahead, so a 2 MB line costs O(n). */
static int next_line(struct liner *l, const char **s, size_t *n,
                     unsigned *no)
{
  if (l->i >= l->n)
    return 0;
  size_t start = l->i, lim = l->n - start > PREP_MAX_LINE + 1
                                 ? start + PREP_MAX_LINE + 1
                                 : l->n;
  size_t e = start;
  while (e < lim && l->p[e] != '\n' && l->p[e] != '\f')
    e++;
  *s = l->p + start;
  *no = l->no;
  if (e < lim || e == l->n) {
    *n = e - start;
    l->i = e + 1;
    if (e < l->n && l->p[e] == '\n')
      l->no++;
    return 1;
  }
  /* over-long: cut at the last space in the second half, or at a
   * character boundary */
  size_t cut = start + PREP_MAX_LINE;
  while (cut > start && ((unsigned char)l->p[cut] & 0xC0) == 0x80)
    cut--;
  for (size_t j = cut; j > start + PREP_MAX_LINE / 2; j--)
    if (l->p[j - 1] == ' ') {
      cut = j;
      break;
    }
  *n = cut - start;
  l->i = cut;
  return 1;
}

static int is_ws(char c)
{
  return c == ' ' || c == '\t';
}

/* Leading white space: returns its bytes and sets *cols (tab stops of 4;
 * NBSP counts 1, IDEOGRAPHIC SPACE 2, BOM and ZWSP 0). */
static size_t leading_ws(const char *s, size_t n, unsigned *cols)
{
  size_t i = 0;
  unsigned c = 0;
  for (;;) {
    if (i < n && s[i] == ' ') {
      c++;
      i++;
    } else if (i < n && s[i] == '\t') {
      c = (c / 4 + 1) * 4;
      i++;
    } else if (n - i >= 2 && memcmp(s + i, "\xC2\xA0", 2) == 0) {
      c++;
      i += 2;
    } else if (n - i >= 3 && memcmp(s + i, "\xE3\x80\x80", 3) == 0) {
      c += 2;
      i += 3;
    } else if (n - i >= 3 && (memcmp(s + i, "\xEF\xBB\xBF", 3) == 0 ||
                              memcmp(s + i, "\xE2\x80\x8B", 3) == 0)) {
      i += 3;
    } else {
      break;
    }
    if (c > 100000)
      c = 100000; /* 50k spaces: keep the arithmetic small */
  }
  *cols = c;
  return i;
}

static size_t trim_end(const char *s, size_t n)
{
  for (;;) {
    if (n >= 1 && (is_ws(s[n - 1]) || s[n - 1] == '\r'))
      n--;
    else if (n >= 2 && memcmp(s + n - 2, "\xC2\xA0", 2) == 0)
      n -= 2;
    else if (n >= 3 && memcmp(s + n - 3, "\xE3\x80\x80", 3) == 0)
      n -= 3;
    else
      return n;
  }
}

/* Code points in valid UTF-8. */
static unsigned width(const char *s, size_t n)
{
  unsigned w = 0;
  for (size_t i = 0; i < n; i++)
    w += ((unsigned char)s[i] & 0xC0) != 0x80;
  return w;
}

static unsigned cp_at(const char *s, size_t n, size_t i, int *k)
{
  unsigned cp;
  *k = prep_utf8_decode(s + i, n - i, &cp);
  return cp;
}

static unsigned last_cp(const char *s, size_t n, size_t *start)
{
  size_t i = n;
  while (i > 0 && ((unsigned char)s[i - 1] & 0xC0) == 0x80)
    i--;
  if (i > 0)
    i--;
  *start = i;
  int k;
  return n ? cp_at(s, n, i, &k) : 0;
}

static int is_letter(unsigned cp)
{
  switch (utf8proc_category((utf8proc_int32_t)cp)) {
  case UTF8PROC_CATEGORY_LU: case UTF8PROC_CATEGORY_LL:
  case UTF8PROC_CATEGORY_LT: case UTF8PROC_CATEGORY_LM:
  case UTF8PROC_CATEGORY_LO:
    return 1;
  default:
    return 0;
  }
}

/* Characters a rule line (and the runs around a heading) is made of. */
static int rule_cp(unsigned cp)
{
  switch (cp) {
  case '=': case '-': case '~': case '_': case '*': case '#': case '.':
  case 0x2013: case 0x2014: case 0x2015: case 0x2500: case 0x2501:
  case 0x2550: case 0x00B7: case 0x2022: case 0x25AC: case 0x2581:
    return 1;
  }
  return 0;
}

/* Leaders between columns ("Salsify ------ Boston"). */
static int leader_cp(unsigned cp)
{
  switch (cp) {
  case '-': case '.': case '_': case '=': case '~': case 0x00B7:
  case 0x2026: case 0x2013: case 0x2014: case 0x2015: case 0x2500:
  case 0x2550:
    return 1;
  }
  return 0;
}

/* A line that is only one rule character repeated (spaces allowed):
 * sets *rc and *count. */
static int is_rule(const char *s, size_t n, unsigned *rc, unsigned *count)
{
  unsigned first = 0, cnt = 0;
  size_t i = 0;
  while (i < n) {
    if (is_ws(s[i])) {
      i++;
      continue;
    }
    int k;
    unsigned cp = cp_at(s, n, i, &k);
    if (!rule_cp(cp) || (first && cp != first))
      return 0;
    first = cp;
    cnt++;
    i += (size_t)k;
  }
  *rc = first;
  *count = cnt;
  return cnt >= 3;
}

/* Runs of one leader character starting at i: returns the end index when
 * the run is at least min long, else i. */
static size_t leader_run(const char *s, size_t n, size_t i, unsigned min)
{
  int k;
  if (i >= n)
    return i;
  unsigned cp = cp_at(s, n, i, &k);
  if (!leader_cp(cp))
    return i;
  size_t j = i;
  unsigned cnt = 0;
  while (j < n) {
    int k2;
    unsigned c2 = cp_at(s, n, j, &k2);
    if (c2 != cp)
      break;
    cnt++;
    j += (size_t)k2;
  }
  return cnt >= min ? j : i;
}

/* Justified prose spreads spaces over many gaps ("deep  expertise  and");
 * a column layout has few, wide gaps. */
static int justified(const char *s, size_t n)
{
  unsigned multi = 0, maxgap = 0;
  size_t i = 0;
  while (i < n) {
    if (s[i] != ' ') {
      i++;
      continue;
    }
    unsigned g = 0;
    while (i < n && s[i] == ' ') {
      g++;
      i++;
    }
    if (g >= 2)
      multi++;
    if (g > maxgap)
      maxgap = g;
  }
  return multi >= 3 && maxgap <= 3;
}

/* Copies a line's text to out with each column gap turned into one TAB,
 * the field separator of the document model (text.h).  Leading and
 * trailing gaps vanish, consecutive ones collapse. */
static void build_pre(struct prep_buf *out, const char *s, size_t n)
{
  prep_buf_clear(out);
  int just = justified(s, n), sep = 0, space = 0, any = 0;
  size_t i = 0;
  while (i < n) {
    if (is_ws(s[i])) {
      size_t j = i;
      unsigned spaces = 0;
      int tab = 0;
      while (j < n && is_ws(s[j])) {
        tab |= s[j] == '\t';
        spaces++;
        j++;
      }
      size_t le = leader_run(s, n, j, 3);
      if (le > j && (le == n || is_ws(s[le]))) {
        while (le < n && is_ws(s[le]))
          le++;
        sep = 1;
        i = le;
        continue;
      }
      i = j;
      if (tab || (spaces >= 3 && !just)) {
        sep = 1;
        /* "214   |   Email": a lone divider between gaps is part of it */
        int k;
        unsigned cp = j < n ? cp_at(s, n, j, &k) : 0;
        if ((cp == '|' || cp == 0x2502 || cp == 0x00A6 || cp == 0x00B7 ||
             cp == 0x2022) &&
            (j + (size_t)k == n || is_ws(s[j + (size_t)k])))
          i = j + (size_t)k;
      } else {
        space = 1;
      }
      continue;
    }
    if ((unsigned char)s[i] < 0x80 && leader_run(s, n, i, 5) > i) {
      /* "Developer.....2019" */
      size_t le = leader_run(s, n, i, 5);
      while (le < n && is_ws(s[le]))
        le++;
      sep = 1;
      i = le;
      continue;
    }
    if (sep && any)
      prep_buf_putc(out, '\t');
    else if (space && any)
      prep_buf_putc(out, ' ');
    sep = space = 0;
    size_t k = 1;
    while (i + k < n && ((unsigned char)s[i + k] & 0xC0) == 0x80)
      k++;
    prep_buf_append(out, s + i, k);
    any = 1;
    i += k;
  }
}

/* ------------------------------------------------------------------ */
/* Stage 2: layout rules                                               */
/* ------------------------------------------------------------------ */

static unsigned count_words(const char *s, size_t n)
{
  unsigned w = 0;
  int in = 0;
  for (size_t i = 0; i < n; i++) {
    if (s[i] == ' ' || s[i] == '\t') {
      in = 0;
    } else if (!in) {
      in = 1;
      w++;
    }
  }
  return w;
}

/* A short ALL-CAPS line: at least 4 capitals, no lower-case or uncased
 * letters, few digits, only heading punctuation ("SKILLS & TOOLS",
 * "MY 3 DAY-TO-DAY ACTIVITIES").  s is normalised text. */
static int caps_heading(const char *s, size_t n)
{
  if (n == 0 || count_words(s, n) > 6 || width(s, n) > 50 ||
      s[n - 1] == '.')
    return 0; /* a sentence in capitals ends with a full stop */
  unsigned up = 0, dig = 0;
  size_t i = 0;
  while (i < n) {
    int k;
    unsigned cp = cp_at(s, n, i, &k);
    i += (size_t)k;
    if (cp < 0x80 && strchr(" &/-'.()+", (int)cp)) /* cp != 0 here */
      continue;
    if (cp == ':' && i == n)
      continue;
    if (cp == 0x2019 || cp == 0x2013)
      continue;
    switch (utf8proc_category((utf8proc_int32_t)cp)) {
    case UTF8PROC_CATEGORY_LU: case UTF8PROC_CATEGORY_LT:
      up++;
      break;
    case UTF8PROC_CATEGORY_MN: case UTF8PROC_CATEGORY_MC:
      break;
    case UTF8PROC_CATEGORY_ND:
      dig++;
      break;
    default:
      return 0;
    }
  }
  return up >= 4 && dig * 3 <= up;
}

/* Length of text without a trailing colon (ASCII or full-width) and the
 * spaces before it; returns n when there is none. */
static size_t strip_colon(const char *s, size_t n)
{
  size_t m = n;
  if (m >= 1 && s[m - 1] == ':')
    m--;
  else if (m >= 3 && memcmp(s + m - 3, "\xEF\xBC\x9A", 3) == 0)
    m -= 3;
  else
    return n;
  while (m > 0 && s[m - 1] == ' ')
    m--;
  return m;
}

/* "Technical Skills:" - a short label ending in a colon, nothing after. */
static int colon_heading(const char *s, size_t n)
{
  size_t m = strip_colon(s, n);
  if (m == n || m == 0 || count_words(s, m) > 5 || width(s, m) > 50)
    return 0;
  int letter = 0;
  size_t i = 0;
  while (i < m) {
    int k;
    unsigned cp = cp_at(s, m, i, &k);
    i += (size_t)k;
    if (cp == ':' || cp == 0xFF1A || cp == '|' || cp == '@' || cp == '\t')
      return 0;
    letter |= is_letter(cp);
  }
  return letter;
}

/* "## Skills" / "### Studium ###": sets the heading text and level. */
static int markdown_heading(const char *s, size_t n, unsigned *level,
                            size_t *ts, size_t *tn)
{
  size_t h = 0;
  while (h < n && s[h] == '#')
    h++;
  if (h == 0 || h > 6 || h >= n || !is_ws(s[h]))
    return 0;
  size_t a = h, b = n;
  while (a < b && is_ws(s[a]))
    a++;
  size_t c = b;
  while (c > a && s[c - 1] == '#')
    c--;
  if (c < b && (c == a || is_ws(s[c - 1])))
    b = c; /* closing hashes */
  while (b > a && is_ws(s[b - 1]))
    b--;
  if (b == a)
    return 0;
  *level = (unsigned)h;
  *ts = a;
  *tn = b - a;
  return 1;
}

/* "==== EXPERIENCE ====", "--- Skills ---", "Skills ------", "=== Skills":
 * sets the text span and the rule character. */
static int ruled_heading(const char *s, size_t n, unsigned *rc, size_t *ts,
                         size_t *tn)
{
  int k;
  unsigned c1 = cp_at(s, n, 0, &k), k1 = 0;
  size_t a = 0;
  if (rule_cp(c1))
    while (a < n) {
      int k2;
      if (cp_at(s, n, a, &k2) != c1)
        break;
      k1++;
      a += (size_t)k2;
    }
  if (k1 && (a >= n || !is_ws(s[a])))
    return 0; /* "--text" */
  size_t st;
  unsigned c2 = last_cp(s, n, &st), k2 = 0;
  size_t b = n;
  if (rule_cp(c2))
    while (b > a) {
      size_t p;
      if (last_cp(s, b, &p) != c2)
        break;
      k2++;
      b = p;
    }
  if (k2 && (b == 0 || !is_ws(s[b - 1])))
    return 0; /* "text--" */
  int ok = (k1 >= 2 && k2 >= 2) ||
           (k1 >= 3 && k2 == 0 && c1 != '.' && c1 != '#') ||
           (k1 == 0 && k2 >= 3);
  if (!ok)
    return 0;
  while (a < b && is_ws(s[a]))
    a++;
  while (b > a && is_ws(s[b - 1]))
    b--;
  if (b == a || count_words(s + a, b - a) > 6 || width(s + a, b - a) > 50)
    return 0;
  int letter = 0;
  for (size_t i = a; i < b;) {
    unsigned cp = cp_at(s, b, i, &k);
    letter |= is_letter(cp);
    if (is_ws(s[i]) && leader_run(s, b, i + 1, 3) > i + 1)
      return 0; /* a leader inside: a column line, not a heading */
    i += (size_t)k;
  }
  if (!letter)
    return 0;
  *rc = k1 ? c1 : c2;
  *ts = a;
  *tn = b - a;
  return 1;
}

/* "E X P E R I E N C E", "W O R K   H I S T O R Y": single characters
 * separated by single spaces, words by wider gaps.  Writes the closed-up
 * text ("WORK HISTORY") to out. */
static int spaced_heading(const char *s, size_t n, struct prep_buf *out,
                          int *colon)
{
  prep_buf_clear(out);
  *colon = 0;
  unsigned letters = 0, tokens = 0, group = 0, maxgroup = 0;
  int single_gap = 0;
  size_t i = 0;
  while (i < n) {
    int k;
    unsigned cp = cp_at(s, n, i, &k);
    size_t e = i + (size_t)k;
    if (e < n && !is_ws(s[e]))
      return 0; /* a token longer than one character */
    if (cp == ':' && e == n) {
      *colon = 1;
    } else if (is_letter(cp)) {
      letters++;
    } else if (!(cp < 0x80 && strchr("&/-+'", (int)cp) && cp)) {
      return 0;
    }
    if (!*colon)
      prep_buf_append(out, s + i, (size_t)k);
    tokens++;
    group++;
    if (tokens > 80)
      return 0;
    i = e;
    if (i >= n)
      break;
    unsigned g = 0;
    int tab = 0;
    while (i < n && is_ws(s[i])) {
      tab |= s[i] == '\t';
      g++;
      i++;
    }
    if (g == 1 && !tab) {
      single_gap = 1;
    } else {
      if (group > maxgroup)
        maxgroup = group;
      group = 0;
      prep_buf_putc(out, ' ');
    }
  }
  if (group > maxgroup)
    maxgroup = group;
  return single_gap && letters >= 4 && maxgroup >= 3;
}

/* Month words that may follow "1." in a date ("1. Jan 2019", "3. März"). */
static int month_word(const char *s, size_t n)
{
  static const char *const months[] = {
      "jan", "january", "januar", "janvier", "janv", "enero", "ene",
      "gennaio", "gen", "feb", "february", "februar", "febr", "fevrier",
      "f\xC3\xA9vrier", "f\xC3\xA9v", "fev", "febrero", "febbraio", "mar",
      "march", "m\xC3\xA4rz", "maerz", "mars", "marzo", "apr", "april",
      "avril", "avr", "abril", "aprile", "may", "mai", "mayo", "maggio",
      "mag", "jun", "june", "juni", "juin", "junio", "giugno", "giu", "jul",
      "july", "juli", "juillet", "juil", "julio", "luglio", "lug", "aug",
      "august", "ao\xC3\xBBt", "aout", "agosto", "ago", "sep", "sept",
      "september", "septembre", "septiembre", "settembre", "set", "oct",
      "october", "oktober", "okt", "octobre", "octubre", "ottobre", "ott",
      "nov", "november", "novembre", "noviembre", "dec", "december",
      "dezember", "dez", "d\xC3\xA9" "cembre", "decembre", "d\xC3\xA9" "c",
      "diciembre", "dic", "dicembre"};
  char w[16];
  if (n == 0 || n >= sizeof w)
    return 0;
  for (size_t i = 0; i < n; i++) {
    char c = s[i];
    w[i] = (c >= 'A' && c <= 'Z') ? (char)(c - 'A' + 'a') : c;
  }
  w[n] = '\0';
  if (n >= 2 && memcmp(w + n - 2, "\xC3\x84", 2) == 0)
    return 0; /* keep it simple: lower-case umlauts only */
  for (size_t i = 0; i < sizeof months / sizeof months[0]; i++)
    if (strcmp(w, months[i]) == 0)
      return 1;
  return 0;
}

/* "1. Jan 2019": a day, a month word, then a digit. */
static int looks_like_date(const char *s, size_t n, size_t i)
{
  size_t a = i;
  while (i < n && !is_ws(s[i]) && s[i] != '.' && s[i] != ',')
    i++;
  if (!month_word(s + a, i - a))
    return 0;
  while (i < n && (s[i] == '.' || s[i] == ',' || is_ws(s[i])))
    i++;
  return i < n && s[i] >= '0' && s[i] <= '9';
}

static int roman(const char *s, size_t n, int upper)
{
  if (n == 0 || n > 5)
    return 0;
  for (size_t i = 0; i < n; i++)
    if (!strchr(upper ? "IVX" : "ivx", s[i]) || !s[i])
      return 0;
  return 1;
}

/* A number marker: "1." "2)" "1.2." "a)" "(a)" "(iv)" "ii." "IV." "1、".
 * Returns the marker's bytes with the spaces after it, or 0. */
static size_t number_marker(const char *s, size_t n)
{
  size_t i = 0;
  int paren = s[0] == '(';
  if (paren)
    i++;
  size_t a = i;
  int digits = 0;
  if (i < n && s[i] >= '0' && s[i] <= '9') {
    digits = 1;
    for (;;) {
      size_t d = i;
      while (i < n && s[i] >= '0' && s[i] <= '9')
        i++;
      if (i - d == 0 || i - d > 3)
        return 0;
      /* "1.2." nesting: a dot followed by more digits */
      if (i + 1 < n && s[i] == '.' && s[i + 1] >= '0' && s[i + 1] <= '9') {
        i++;
        continue;
      }
      break;
    }
  } else {
    while (i < n && ((s[i] >= 'a' && s[i] <= 'z') ||
                     (s[i] >= 'A' && s[i] <= 'Z')))
      i++;
  }
  size_t tl = i - a;
  if (tl == 0 || i >= n)
    return 0;
  const char *t = s + a;
  unsigned delim = (unsigned char)s[i];
  size_t dl = 1;
  if (n - i >= 3 && (memcmp(s + i, "\xE3\x80\x81", 3) == 0 ||
                     memcmp(s + i, "\xEF\xBC\x8E", 3) == 0)) {
    delim = 0x3001; /* ideographic comma or full-width stop */
    dl = 3;
  }
  if (paren ? delim != ')' : (delim != '.' && delim != ')' && delim != 0x3001))
    return 0;
  if (!digits) {
    int lower = tl == 1 && t[0] >= 'a' && t[0] <= 'z';
    int upper_paren = tl == 1 && t[0] >= 'A' && t[0] <= 'Z' && delim == ')';
    int rom = roman(t, tl, 0) || (tl >= 2 && roman(t, tl, 1));
    if (delim == 0x3001 || !(lower || upper_paren || rom))
      return 0;
  }
  i += dl;
  size_t sp = i;
  while (i < n && is_ws(s[i]))
    i++;
  if (i >= n)
    return 0;
  int k;
  unsigned cp = cp_at(s, n, i, &k);
  if (delim == 0x3001)
    return i;
  if (i == sp) {
    /* "1.负责": only an ideographic letter may follow without a space */
    if (delim != '.' ||
        utf8proc_category((utf8proc_int32_t)cp) != UTF8PROC_CATEGORY_LO)
      return 0;
    return i;
  }
  if (!is_letter(cp))
    return 0;
  if (digits && delim == '.' && looks_like_date(s, n, i))
    return 0;
  return i;
}

/* A list marker at the start of s (bullet glyph, "o", a number): returns
 * its bytes including the spaces after it (== n for a lone glyph), or 0.
 * glyph_only: just the glyphs prep_doc_add() itself would strip. */
static size_t list_marker(const char *s, size_t n, int *numbered,
                          int glyph_only)
{
  *numbered = 0;
  int k;
  unsigned cp = cp_at(s, n, 0, &k);
  if (glyph_only && (cp == 'o' || (cp >= 0xE000 && cp <= 0xF8FF)))
    return 0;
  int needs_space = cp == '-' || cp == '*' || cp == '+' || cp == '>' ||
                    cp == 'o' || cp == 0x2013 || cp == 0x2014 ||
                    cp == 0x00B7;
  /* private-use glyphs: Symbol/Wingdings bullets pasted from Word */
  int glyph = prep_is_bullet_cp(cp) || (cp >= 0xE000 && cp <= 0xF8FF);
  size_t i = (size_t)k;
  if (needs_space) {
    if (i >= n || !is_ws(s[i]))
      goto number;
  } else if (!glyph) {
    goto number;
  }
  while (i < n && is_ws(s[i]))
    i++;
  return i;
number:
  if (glyph_only)
    return 0;
  i = number_marker(s, n);
  *numbered = i > 0;
  return i;
}

/* ------------------------------------------------------------------ */
/* Stage 2: building blocks                                            */
/* ------------------------------------------------------------------ */

#define MAX_LIST_DEPTH 9u

struct reader {
  struct prep_doc *doc;
  const char *name;
  struct prep_diag *diag;
  int stopped;          /* a document limit was hit */
  unsigned base;        /* smallest indent of a non-blank line */
  /* the block being built; emitted when a line cannot extend it */
  int has;
  struct prep_block tmpl;
  struct prep_buf text;
  unsigned marker_indent; /* list item: column of its marker */
  unsigned last_width;    /* width of its last line */
  int underlinable;       /* a ===/--- line below may make it a heading */
  int explicit_level;     /* markdown: keep the level as written */
  /* layout state */
  int prev_blank;         /* the previous line was blank or a rule */
  unsigned stack[MAX_LIST_DEPTH], depth; /* indents of open list levels */
  int lone_bullet;        /* a line held only a bullet glyph */
  unsigned lone_indent, lone_no;
  int top;                /* still in the centred lines at the top */
  struct prep_buf pre, norm, tmp; /* scratch */
};

static void stop(struct reader *r, unsigned line)
{
  char where[32];
  snprintf(where, sizeof where, "line %u", line);
  r->stopped = 1;
  if (r->doc->nblocks >= PREP_MAX_BLOCKS)
    prep_diag_add(r->diag, PREP_SEV_WARNING, r->name, where,
                  "stopped after %u blocks, the most read from one CV; the "
                  "rest of the file was ignored", PREP_MAX_BLOCKS);
  else
    prep_diag_add(r->diag, PREP_SEV_WARNING, r->name, where,
                  "stopped at the %u MiB limit on text read from one CV; "
                  "the rest of the file was ignored",
                  PREP_MAX_DOC_TEXT / PREP_MiB);
}

/* Where to cut over-long block text: after a space in the second half of
 * the window, else on a character boundary. */
static size_t split_point(const char *s, size_t max)
{
  size_t cut = max;
  while (cut > 0 && ((unsigned char)s[cut] & 0xC0) == 0x80)
    cut--;
  for (size_t j = cut; j > max / 2; j--)
    if (s[j - 1] == ' ' || s[j - 1] == '\t')
      return j;
  return cut ? cut : max;
}

static void flush(struct reader *r)
{
  if (!r->has)
    return;
  r->has = 0;
  if (r->stopped)
    return;
  struct prep_block t = r->tmpl;
  if (t.kind == PREP_BLOCK_HEADING && !r->explicit_level &&
      r->doc->nblocks == 0)
    t.level = 0; /* an inferred heading opening the CV is its title */
  const char *s = r->text.data;
  size_t n = r->text.len;
  while (n > 0) {
    size_t cut = n > PREP_MAX_LINE ? split_point(s, PREP_MAX_LINE) : n;
    int hit = 0;
    prep_doc_add(r->doc, &t, s, cut, &hit);
    if (hit) {
      stop(r, t.pos);
      return;
    }
    s += cut;
    n -= cut;
    t.kind = PREP_BLOCK_PARAGRAPH; /* the rest of an over-long line */
    t.level = 0;
    t.flags &= PREP_BF_CENTERED;
  }
}

static int centred(const struct reader *r, unsigned indent, unsigned w)
{
  unsigned rel = indent > r->base ? indent - r->base : 0;
  return rel >= 4 && w <= 60 && 2 * rel + w >= 40 && 2 * rel + w <= 130;
}

/* Emits the previous block and starts a new one with text s[0..n). */
static void begin(struct reader *r, enum prep_block_kind kind, unsigned level,
                  unsigned flags, unsigned no, unsigned indent, unsigned w,
                  const char *s, size_t n)
{
  flush(r);
  if (r->top) {
    if (centred(r, indent, w))
      flags |= PREP_BF_CENTERED;
    else
      r->top = 0;
  }
  if (kind != PREP_BLOCK_LIST_ITEM)
    r->depth = 0; /* a list run ends at any other block */
  memset(&r->tmpl, 0, sizeof r->tmpl);
  r->tmpl.kind = kind;
  r->tmpl.level = level;
  r->tmpl.flags = flags;
  r->tmpl.part = PREP_PART_BODY;
  r->tmpl.pos = no;
  prep_buf_clear(&r->text);
  prep_buf_append(&r->text, s, n);
  r->has = 1;
  r->last_width = w;
  r->underlinable = 0;
  r->explicit_level = 0;
  r->prev_blank = 0;
  r->lone_bullet = 0;
}

static void begin_heading(struct reader *r, unsigned level, unsigned flags,
                          unsigned no, unsigned indent, unsigned w,
                          const char *s, size_t n)
{
  size_t m = strip_colon(s, n);
  if (m < n && m > 0) {
    flags |= PREP_BF_COLON;
    n = m;
  }
  begin(r, PREP_BLOCK_HEADING, level, flags, no, indent, w, s, n);
}

/* Nesting level of a list item whose marker is at column indent. */
static unsigned list_level(struct reader *r, unsigned indent)
{
  if (r->depth == 0) {
    r->stack[0] = indent;
    r->depth = 1;
    return 0;
  }
  if (indent > r->stack[r->depth - 1] + 1) {
    if (r->depth < MAX_LIST_DEPTH)
      r->stack[r->depth++] = indent;
    return r->depth - 1;
  }
  while (r->depth > 1 && indent + 1 < r->stack[r->depth - 1])
    r->depth--;
  if (r->depth == 1 && indent < r->stack[0])
    r->stack[0] = indent;
  return r->depth - 1;
}

static void blank(struct reader *r)
{
  flush(r);
  r->prev_blank = 1;
  r->lone_bullet = 0;
}

static void rule_line(struct reader *r, unsigned rc, unsigned count)
{
  unsigned w = r->last_width;
  if (r->has && !r->prev_blank && r->underlinable && w <= 80 &&
      count * 2 >= w && count * 2 <= w * 3 + 6) {
    r->tmpl.kind = PREP_BLOCK_HEADING;
    r->tmpl.level = rc == '=' || rc == 0x2550 ? 1 : 2;
    r->tmpl.flags |= PREP_BF_UNDERLINED;
    size_t m = strip_colon(r->text.data, r->text.len);
    if (m < r->text.len && m > 0) {
      r->tmpl.flags |= PREP_BF_COLON;
      r->text.len = m;
      r->text.data[m] = '\0';
    }
  }
  blank(r); /* a rule also separates what is around it */
  r->depth = 0;
}

/* Does a line without a marker continue the list item being built?  Yes
 * when it directly follows the item and is indented past the marker, or
 * (a wrap from a PDF-to-text tool) starts flush left in lower case after
 * a long line that did not end a sentence. */
static int continues(const struct reader *r, unsigned indent, const char *s,
                     size_t n)
{
  if (!r->has || r->prev_blank || r->tmpl.kind != PREP_BLOCK_LIST_ITEM ||
      r->text.len + n + 1 > PREP_MAX_LINE)
    return 0;
  if (indent > r->marker_indent)
    return 1;
  int k;
  unsigned first = cp_at(s, n, 0, &k);
  size_t st;
  unsigned last = last_cp(r->text.data, r->text.len, &st);
  return utf8proc_category((utf8proc_int32_t)first) ==
             UTF8PROC_CATEGORY_LL &&
         r->last_width >= 40 && !(last < 0x80 && strchr(".!?:;", (int)last));
}

static void append(struct reader *r, const char *s, size_t n, unsigned w)
{
  size_t st;
  unsigned last = last_cp(r->text.data, r->text.len, &st);
  int k;
  unsigned first = cp_at(s, n, 0, &k);
  /* "rule-" + "based": keep the hyphen, drop the break */
  int hyphen = last == '-' && st > 0 &&
               is_letter((unsigned char)r->text.data[st - 1]) &&
               utf8proc_category((utf8proc_int32_t)first) ==
                   UTF8PROC_CATEGORY_LL;
  if (!hyphen)
    prep_buf_putc(&r->text, ' ');
  prep_buf_append(&r->text, s, n);
  r->last_width = w;
}

/* Lines are at most PREP_MAX_LINE bytes (x2 for tabs), far below out's
 * cap, so normalisation never stops early here. */
static void normalise(struct prep_buf *out, const char *s, size_t n)
{
  prep_buf_clear(out);
  (void)prep_text_normalize(out, s, n);
}

static void handle_line(struct reader *r, const char *line, size_t len,
                        unsigned no)
{
  if (r->stopped)
    return;
  len = trim_end(line, len);
  unsigned indent;
  size_t lead = leading_ws(line, len, &indent);
  const char *s = line + lead;
  size_t n = len - lead;
  if (n == 0) {
    blank(r);
    return;
  }
  unsigned w = width(s, n), rc, count, level;
  size_t ts, tn;
  if (is_rule(s, n, &rc, &count)) {
    rule_line(r, rc, count);
    return;
  }
  if (markdown_heading(s, n, &level, &ts, &tn)) {
    normalise(&r->norm, s + ts, tn);
    if (r->norm.len) {
      begin_heading(r, level, 0, no, indent, w, r->norm.data, r->norm.len);
      r->explicit_level = 1;
      return;
    }
  }
  if (ruled_heading(s, n, &rc, &ts, &tn)) {
    normalise(&r->norm, s + ts, tn);
    if (r->norm.len) {
      level = rc == '=' || rc == 0x2550 || caps_heading(r->norm.data,
                                                        r->norm.len) ? 1 : 2;
      begin_heading(r, level, 0, no, indent, w, r->norm.data, r->norm.len);
      return;
    }
  }
  int colon;
  if (spaced_heading(s, n, &r->tmp, &colon)) {
    normalise(&r->norm, r->tmp.data, r->tmp.len);
    if (r->norm.len) {
      begin_heading(r, 1, PREP_BF_SPACED | (colon ? PREP_BF_COLON : 0), no,
                    indent, w, r->norm.data, r->norm.len);
      r->underlinable = 1;
      return;
    }
  }
  int numbered;
  size_t mk = list_marker(s, n, &numbered, 0);
  build_pre(&r->pre, s + mk, n - mk);
  normalise(&r->norm, r->pre.data ? r->pre.data : "", r->pre.len);
  const char *t = r->norm.data;
  size_t tlen = r->norm.len;
  /* A glyph can still lead the text ("- \u2022<TAB>x", or a leader closed
   * up before it): take it here, with the tab after it, rather than leave
   * it to prep_doc_add(). */
  for (;;) {
    int nb;
    size_t m2 = tlen ? list_marker(t, tlen, &nb, 1) : 0;
    if (m2 == 0 || m2 >= tlen)
      break;
    t += m2;
    tlen -= m2;
    if (mk == 0)
      mk = m2;
  }
  if (tlen == 0) {
    if (mk > 0 && !numbered) { /* a bullet alone: the text follows */
      flush(r);
      r->lone_bullet = 1;
      r->lone_indent = indent;
      r->lone_no = no;
      r->prev_blank = 0;
    } else {
      blank(r);
    }
    return;
  }
  if (mk == 0 && continues(r, indent, t, tlen)) {
    append(r, t, tlen, w);
    return;
  }
  if (mk == 0 && r->lone_bullet) {
    mk = 1;
    indent = r->lone_indent;
    no = r->lone_no;
  }
  if (mk > 0) {
    if (numbered && caps_heading(t, tlen)) { /* "1. EDUCATION" */
      begin_heading(r, 1, 0, no, indent, w, t, tlen);
      r->underlinable = 1;
      return;
    }
    flush(r);
    unsigned lv = list_level(r, indent);
    begin(r, PREP_BLOCK_LIST_ITEM, lv,
          numbered ? PREP_BF_NUMBERED : PREP_BF_BULLET, no, indent, w, t,
          tlen);
    r->marker_indent = indent;
    return;
  }
  if (caps_heading(t, tlen)) {
    begin_heading(r, 1, 0, no, indent, w, t, tlen);
  } else if (colon_heading(t, tlen)) {
    begin_heading(r, caps_heading(t, strip_colon(t, tlen)) ? 1 : 2, 0, no,
                  indent, w, t, tlen);
  } else {
    begin(r, PREP_BLOCK_PARAGRAPH, 0, 0, no, indent, w, t, tlen);
  }
  r->underlinable = 1;
}

/* Smallest indent of a non-blank line: the left margin centring is
 * measured from. */
static unsigned base_indent(const char *p, size_t n)
{
  struct liner l = {p, n, 0, 1};
  const char *s;
  size_t len;
  unsigned no, base = ~0u;
  while (next_line(&l, &s, &len, &no)) {
    len = trim_end(s, len);
    unsigned ind;
    size_t lead = leading_ws(s, len, &ind);
    if (lead < len && ind < base)
      base = ind;
  }
  return base == ~0u ? 0 : base;
}

enum prep_status prep_read_text(const unsigned char *p, size_t n,
                                const char *name, struct prep_arena *a,
                                struct prep_doc **out, struct prep_diag *diag)
{
  *out = NULL;
  if (n == 0) {
    prep_diag_add(diag, PREP_SEV_ERROR, name, NULL, "the file is empty");
    return PREP_EINPUT;
  }
  if (n > PREP_MAX_TEXT_INPUT) {
    prep_diag_add(diag, PREP_SEV_ERROR, name, NULL,
                  "plain-text file is larger than the %u MiB limit for text "
                  "CVs", PREP_MAX_TEXT_INPUT / PREP_MiB);
    return PREP_ELIMIT;
  }
  struct decoder d;
  memset(&d, 0, sizeof d);
  prep_buf_init(&d.out, 0);
  const char *enc = "UTF-8";
  enum prep_status st = decode(&d, p, n, name, &enc, diag);
  if (st != PREP_OK) {
    prep_buf_free(&d.out);
    return st;
  }
  struct prep_doc *doc = prep_doc_new(a, PREP_FORMAT_TEXT);
  doc->encoding = enc;

  struct reader r;
  memset(&r, 0, sizeof r);
  r.doc = doc;
  r.name = name;
  r.diag = diag;
  r.top = 1;
  prep_buf_init(&r.text, 0);
  prep_buf_init(&r.pre, 0);
  prep_buf_init(&r.norm, PREP_MAX_BLOCK_TEXT);
  prep_buf_init(&r.tmp, 0);
  const char *text = d.out.data ? d.out.data : "";
  r.base = base_indent(text, d.out.len);
  struct liner l = {text, d.out.len, 0, 1};
  const char *s;
  size_t len;
  unsigned no;
  while (!r.stopped && next_line(&l, &s, &len, &no))
    handle_line(&r, s, len, no);
  flush(&r);
  prep_buf_free(&r.text);
  prep_buf_free(&r.pre);
  prep_buf_free(&r.norm);
  prep_buf_free(&r.tmp);
  prep_buf_free(&d.out);

  if (doc->nblocks == 0) {
    prep_diag_add(diag, PREP_SEV_ERROR, name, NULL,
                  "the file holds no text (only blank lines, spaces or "
                  "invisible characters)");
    return PREP_EINPUT;
  }
  *out = doc;
  return PREP_OK;
}
