/* text.c - UTF-8 decoding and the normalisation every reader applies.
 *
 * Input: bytes that should be UTF-8 (invalid sequences become U+FFFD).
 * Output: one line of clean text: spaces collapsed, invisible and control
 * characters dropped, ligatures split, NFC (utf8proc).  Nothing here knows
 * about CVs; it only decides which characters may reach later stages.
 */
#include "prepgen/text.h"

#include <stdlib.h>
#include <string.h>
#include <utf8proc.h>

#include "prepgen/buf.h"

int prep_utf8_decode(const char *str, size_t n, unsigned *cp)
{
  const unsigned char *s = (const unsigned char *)str;
  if (n == 0) {
    *cp = 0xFFFD;
    return 1;
  }
  unsigned c = s[0];
  if (c < 0x80) {
    *cp = c;
    return 1;
  }
  size_t len;
  unsigned min;
  if (c >= 0xC2 && c <= 0xDF) {
    len = 2;
    min = 0x80;
    c &= 0x1F;
  } else if (c >= 0xE0 && c <= 0xEF) {
    len = 3;
    min = 0x800;
    c &= 0x0F;
  } else if (c >= 0xF0 && c <= 0xF4) {
    len = 4;
    min = 0x10000;
    c &= 0x07;
  } else {
    *cp = 0xFFFD;
    return 1;
  }
  if (n < len) {
    *cp = 0xFFFD;
    return 1;
  }
  for (size_t i = 1; i < len; i++) {
    if ((s[i] & 0xC0) != 0x80) {
      *cp = 0xFFFD;
      return 1;
    }
    c = (c << 6) | (s[i] & 0x3F);
  }
  if (c < min || c > 0x10FFFF || (c >= 0xD800 && c <= 0xDFFF)) {
    *cp = 0xFFFD;
    return 1;
  }
  *cp = c;
  return (int)len;
}

int prep_utf8_valid(const char *s, size_t n)
{
  size_t i = 0;
  while (i < n) {
    if ((unsigned char)s[i] < 0x80) {
      i++;
      continue;
    }
    unsigned cp;
    int k = prep_utf8_decode(s + i, n - i, &cp);
    if (cp == 0xFFFD && !(k == 3 && (unsigned char)s[i] == 0xEF &&
                          (unsigned char)s[i + 1] == 0xBF &&
                          (unsigned char)s[i + 2] == 0xBD))
      return 0;
    i += (size_t)k;
  }
  return 1;
}

int prep_is_bullet_cp(unsigned cp)
{
  switch (cp) {
  case 0x2022: case 0x25E6: case 0x25AA: case 0x25AB: case 0x25CF:
  case 0x25CB: case 0x25A0: case 0x25A1: case 0x2023: case 0x2043:
  case 0x2219: case 0x00B7: case 0x27A2: case 0x27A4: case 0x25BA:
  case 0x25B6: case 0x2713: case 0x2714: case 0x2756: case 0x25C6:
  case 0x25C7: case 0x2217: case 0x2605: case 0x25B8: case 0x25B9:
  case 0x2192: case 0x21D2: case 0x2794: case 0x279C: case 0x25C9:
  case 0x29BF: case 0x2666: case 0x25D8:
    return 1;
  }
  return 0;
}

/* What to do with one code point. */
enum cp_action { CP_KEEP, CP_DROP, CP_SPACE, CP_TAB };

static enum cp_action classify(unsigned cp)
{
  if (cp < 0x20)
    return cp == '\t' ? CP_TAB
           : (cp == '\n' || cp == '\r' || cp == '\f' || cp == '\v') ? CP_SPACE
                                                                     : CP_DROP;
  if (cp < 0x7F)
    return CP_KEEP;
  if (cp <= 0x9F)
    return CP_DROP; /* DEL and C1 controls */
  if (cp == 0xA0)
    return CP_SPACE;
  if (cp >= 0xE000 && cp <= 0xF8FF)
    return CP_DROP; /* private use: symbol-font glyphs that would print as tofu */
  if ((cp >= 0xFDD0 && cp <= 0xFDEF) || (cp & 0xFFFE) == 0xFFFE)
    return CP_DROP; /* non-characters */
  utf8proc_category_t cat = utf8proc_category((utf8proc_int32_t)cp);
  switch (cat) {
  case UTF8PROC_CATEGORY_ZS:
  case UTF8PROC_CATEGORY_ZL:
  case UTF8PROC_CATEGORY_ZP:
    return CP_SPACE;
  case UTF8PROC_CATEGORY_CF: /* soft hyphen, zero-width, bidi controls, BOM */
  case UTF8PROC_CATEGORY_CC:
  case UTF8PROC_CATEGORY_CS:
  case UTF8PROC_CATEGORY_CN: /* unassigned */
    return CP_DROP;
  default:
    return CP_KEEP;
  }
}

static const char *ligature(unsigned cp)
{
  switch (cp) {
  case 0xFB00: return "ff";
  case 0xFB01: return "fi";
  case 0xFB02: return "fl";
  case 0xFB03: return "ffi";
  case 0xFB04: return "ffl";
  case 0xFB05: return "st"; /* long s + t */
  case 0xFB06: return "st";
  case 0x0132: return "IJ";
  case 0x0133: return "ij";
  }
  return NULL;
}

int prep_text_normalize(struct prep_buf *out, const char *s, size_t n)
{
  struct prep_buf tmp;
  prep_buf_init(&tmp, out->max ? out->max : 0);
  /* pending: 0 none, 1 a space, 2 a tab (a tab wins over spaces) */
  int need_nfc = 0, pending_space = 0, rc = 0;
  size_t i = 0;
  while (i < n) {
    unsigned cp;
    unsigned char c = (unsigned char)s[i];
    if (c >= 0x20 && c < 0x7F) { /* fast path: printable ASCII */
      cp = c;
      i++;
    } else {
      i += (size_t)prep_utf8_decode(s + i, n - i, &cp);
    }
    enum cp_action act = cp < 0x7F && cp >= 0x20 ? CP_KEEP : classify(cp);
    if (act == CP_DROP)
      continue;
    if (act == CP_TAB) {
      pending_space = tmp.len > 0 ? 2 : 0;
      continue;
    }
    if (act == CP_SPACE || cp == ' ') {
      if (tmp.len > 0 && pending_space == 0)
        pending_space = 1;
      continue;
    }
    if (pending_space) {
      if (prep_buf_putc(&tmp, pending_space == 2 ? '\t' : ' ') < 0)
        goto full;
      pending_space = 0;
    }
    const char *lig = ligature(cp);
    if (lig) {
      if (prep_buf_puts(&tmp, lig) < 0)
        goto full;
      continue;
    }
    if (cp >= 0x300)
      need_nfc = 1;
    if (cp < 0x80 ? prep_buf_putc(&tmp, (int)cp) : prep_buf_put_utf8(&tmp, cp))
      goto full;
  }
  if (tmp.len == 0)
    goto done;
  if (need_nfc) {
    utf8proc_uint8_t *nfc = NULL;
    utf8proc_ssize_t m = utf8proc_map((const utf8proc_uint8_t *)tmp.data,
                                      (utf8proc_ssize_t)tmp.len, &nfc,
                                      UTF8PROC_STABLE | UTF8PROC_COMPOSE);
    if (m >= 0) {
      rc = prep_buf_append(out, nfc, (size_t)m);
      free(nfc);
      goto done;
    }
    free(nfc);
  }
  rc = prep_buf_append(out, tmp.data, tmp.len);
  goto done;
full:
  /* Over the cap: keep what fits, cut on a character boundary, so that a
   * caller can still use the start of an over-long paragraph. */
  {
    size_t room = out->max ? out->max - out->len : tmp.len;
    size_t keep = tmp.len < room ? tmp.len : room;
    while (keep > 0 && keep < tmp.len &&
           ((unsigned char)tmp.data[keep] & 0xC0) == 0x80)
      keep--;
    if (keep)
      prep_buf_append(out, tmp.data, keep);
  }
  rc = -1;
done:
  prep_buf_free(&tmp);
  return rc;
}

void prep_utf16_append(struct prep_buf *out, const unsigned char *p, size_t n,
                       int be, int drop_nul)
{
  for (size_t i = 0; i + 1 < n; i += 2) {
    unsigned u = be ? (unsigned)(p[i] << 8 | p[i + 1])
                    : (unsigned)(p[i] | p[i + 1] << 8);
    if (u >= 0xD800 && u <= 0xDBFF && i + 3 < n) {
      unsigned l = be ? (unsigned)(p[i + 2] << 8 | p[i + 3])
                      : (unsigned)(p[i + 2] | p[i + 3] << 8);
      if (l >= 0xDC00 && l <= 0xDFFF) {
        u = 0x10000 + ((u - 0xD800) << 10) + (l - 0xDC00);
        i += 2;
      } else {
        u = 0xFFFD;
      }
    } else if (u >= 0xD800 && u <= 0xDFFF) {
      u = 0xFFFD;
    }
    if (u == 0 && drop_nul)
      continue;
    if (u < 0x80)
      prep_buf_putc(out, (int)u);
    else
      prep_buf_put_utf8(out, u);
  }
}
