/* docx_text.c - small text helpers of the DOCX reader that need no
 * parser state: symbol-font glyphs, super/subscript digits, HYPERLINK
 * field instructions, and the text of an HTML altChunk.
 */
#include <stdio.h>
#include <string.h>
#include <strings.h>

#include "docx.h"
#include "prepgen/arena.h"
#include "prepgen/buf.h"
#include "prepgen/limits.h"

/* Symbol-font code points (0xF000 + byte, or the bare byte) to Unicode. */
unsigned prep_docx_symbol(unsigned code, int font)
{
  unsigned c = code & 0xFF;
  if (font == 1) { /* Symbol */
    switch (c) {
    case 0xB7: return 0x2022;
    case 0xAE: return 0x2192;
    case 0xA8: return 0x2666;
    case 0xD7: return 0x22C5;
    case 0xE0: return 0x25CA;
    }
    return 0;
  }
  switch (c) { /* Wingdings, and the default for unknown fonts */
  case 0xB7: return 0x2022;
  case 0xA7: return 0x25AA;
  case 0x76: return 0x2756;
  case 0xD8: return 0x27A2;
  case 0xFC: return 0x2714;
  case 0xFB: return 0x2717;
  case 0x6C: return 0x25CF;
  case 0x6E: return 0x25A0;
  case 0x6F: return 0x25A1;
  case 0x71: return 0x25A1;
  case 0x77: return 0x25C6;
  case 0x9F: return 0x2022;
  case 0xA1: return 0x25CB;
  case 0xA8: return 0x25A1;
  case 0xE0: return 0x2192;
  case 0xE8: return 0x2794;
  case 0xF0: return 0x21D2;
  case 0x28: return 0x260E;
  case 0x2A: return 0x2709;
  case 0x3A: return 0x2328;
  }
  return 0;
}

/* Superscript/subscript form of c, or 0 (as pandoc writes x² and H₂O). */
unsigned prep_docx_script_cp(char c, int sup)
{
  static const unsigned supd[10] = {0x2070, 0xB9, 0xB2, 0xB3, 0x2074,
                                    0x2075, 0x2076, 0x2077, 0x2078, 0x2079};
  if (c >= '0' && c <= '9')
    return sup ? supd[c - '0'] : 0x2080u + (unsigned)(c - '0');
  switch (c) {
  case '+': return sup ? 0x207A : 0x208A;
  case '-': return sup ? 0x207B : 0x208B;
  case '=': return sup ? 0x207C : 0x208C;
  case '(': return sup ? 0x207D : 0x208D;
  case ')': return sup ? 0x207E : 0x208E;
  case 'n': return sup ? 0x207F : 0;
  case 'i': return sup ? 0x2071 : 0;
  }
  return 0;
}

/* Target of a HYPERLINK field instruction, or NULL (internal \l links). */
const char *prep_docx_hyperlink_target(struct prep_arena *a, const char *ins)
{
  while (*ins == ' ' || *ins == '\t')
    ins++;
  if (strncasecmp(ins, "HYPERLINK", 9) != 0)
    return NULL;
  const char *p = ins + 9;
  for (;;) {
    while (*p == ' ' || *p == '\t')
      p++;
    if (!*p)
      return NULL;
    if (*p == '\\') {
      char sw = p[1];
      p += 2;
      while (*p == ' ')
        p++;
      /* a switch argument: skip it (\l is an anchor: no external link) */
      if (sw == 'l' || sw == 'L')
        return NULL;
      if (*p == '"') {
        const char *q = strchr(p + 1, '"');
        p = q ? q + 1 : p + strlen(p);
      } else {
        while (*p && *p != ' ')
          p++;
      }
      continue;
    }
    const char *start, *end;
    if (*p == '"') {
      start = p + 1;
      end = strchr(start, '"');
      if (!end)
        end = start + strlen(start);
    } else {
      start = p;
      end = p;
      while (*end && *end != ' ' && *end != '\t')
        end++;
    }
    if (end == start)
      return NULL;
    return prep_arena_strndup(a, start, (size_t)(end - start));
  }
}

static int hexdig(char c)
{
  return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'f') ||
         (c >= 'A' && c <= 'F');
}

static int hexval2(char c)
{
  return c <= '9' ? c - '0' : (c | 0x20) - 'a' + 10;
}

/* HTML: tags stripped, block tags end paragraphs, head/script/style
 * dropped, the common entities decoded.  Enough for the text of a CV. */
void prep_docx_html_text(const char *t, size_t n,
                        void (*emit)(void *ctx, const char *s, size_t n),
                        void *ctx)
{
  struct prep_buf b;
  prep_buf_init(&b, PREP_MAX_BLOCK_TEXT * 4);
  size_t i = 0;
  while (i < n) {
    char ch = t[i];
    if (ch == '<') {
      size_t j = i + 1;
      int close = j < n && t[j] == '/';
      if (close)
        j++;
      size_t k = j;
      while (k < n && ((t[k] >= 'a' && t[k] <= 'z') || (t[k] >= 'A' && t[k] <= 'Z') ||
                       (t[k] >= '0' && t[k] <= '9')))
        k++;
      char tag[12];
      size_t tl = k - j < sizeof tag - 1 ? k - j : sizeof tag - 1;
      for (size_t q = 0; q < tl; q++)
        tag[q] = (char)((t[j + q] >= 'A' && t[j + q] <= 'Z') ? t[j + q] + 32 : t[j + q]);
      tag[tl] = '\0';
      if (i + 3 < n && t[i + 1] == '!' && t[i + 2] == '-' && t[i + 3] == '-') {
        const char *e = NULL;
        for (size_t q = i + 4; q + 2 < n; q++)
          if (t[q] == '-' && t[q + 1] == '-' && t[q + 2] == '>') { e = t + q + 3; break; }
        i = e ? (size_t)(e - t) : n;
        continue;
      }
      const char *gt = memchr(t + k, '>', n - k);
      i = gt ? (size_t)(gt - t) + 1 : n;
      if (!close && (strcmp(tag, "script") == 0 || strcmp(tag, "style") == 0 ||
                     strcmp(tag, "head") == 0)) {
        /* skip to the matching close tag */
        char endtag[16];
        size_t el = (size_t)snprintf(endtag, sizeof endtag, "</%s", tag);
        size_t q = i;
        while (q + el <= n && strncasecmp(t + q, endtag, el) != 0)
          q++;
        i = q + el <= n ? q : n;
        continue;
      }
      static const char *const blocks[] = {"p", "div", "br", "li", "h1", "h2", "h3",
                                           "h4", "h5", "h6", "tr", "td", "th",
                                           "table", "ul", "ol", "body", "title",
                                           "section", "blockquote", "pre", "dt", "dd"};
      for (size_t q = 0; q < sizeof blocks / sizeof blocks[0]; q++)
        if (strcmp(tag, blocks[q]) == 0) {
          if (b.len)
            emit(ctx, b.data, b.len);
          prep_buf_clear(&b);
          break;
        }
      continue;
    }
    if (ch == '&') {
      static const struct { const char *e; unsigned cp; } ents[] = {
          {"&amp;", '&'}, {"&lt;", '<'}, {"&gt;", '>'}, {"&quot;", '"'},
          {"&apos;", '\''}, {"&nbsp;", 0xA0}, {"&ndash;", 0x2013},
          {"&mdash;", 0x2014}, {"&bull;", 0x2022}};
      int done = 0;
      for (size_t q = 0; q < sizeof ents / sizeof ents[0]; q++) {
        size_t el = strlen(ents[q].e);
        if (i + el <= n && strncasecmp(t + i, ents[q].e, el) == 0) {
          prep_buf_put_utf8(&b, ents[q].cp);
          i += el;
          done = 1;
          break;
        }
      }
      if (!done && i + 2 < n && t[i + 1] == '#') {
        size_t q = i + 2;
        int hex = q < n && (t[q] == 'x' || t[q] == 'X');
        if (hex)
          q++;
        unsigned long v = 0;
        size_t d0 = q;
        while (q < n && q - d0 < 8 && (hex ? hexdig(t[q]) : (t[q] >= '0' && t[q] <= '9'))) {
          v = v * (hex ? 16 : 10) + (unsigned long)(hex ? hexval2(t[q]) : t[q] - '0');
          q++;
        }
        if (q > d0 && q < n && t[q] == ';' && v > 0 && v <= 0x10FFFF &&
            !(v >= 0xD800 && v <= 0xDFFF)) {
          prep_buf_put_utf8(&b, (unsigned)v);
          i = q + 1;
          done = 1;
        }
      }
      if (done)
        continue;
    }
    prep_buf_putc(&b, ch == '\n' || ch == '\r' ? ' ' : ch);
    i++;
  }
  if (b.len)
    emit(ctx, b.data, b.len);
  prep_buf_free(&b);
}

