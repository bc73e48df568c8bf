/* buf.c - growable byte buffer with a size cap (see buf.h). */
#include "prepgen/buf.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "prepgen/arena.h"

void prep_buf_init(struct prep_buf *b, size_t max)
{
  b->data = NULL;
  b->len = b->cap = 0;
  b->max = max;
}

void prep_buf_free(struct prep_buf *b)
{
  free(b->data);
  b->data = NULL;
  b->len = b->cap = 0;
}

void prep_buf_clear(struct prep_buf *b)
{
  b->len = 0;
  if (b->data)
    b->data[0] = '\0';
}

static int grow(struct prep_buf *b, size_t extra)
{
  if (b->max && (extra > b->max || b->len > b->max - extra))
    return -1;
  size_t need = b->len + extra + 1;
  if (need <= b->cap)
    return 0;
  size_t cap = b->cap ? b->cap : 64;
  while (cap < need)
    cap *= 2;
  b->data = prep_xrealloc(b->data, cap);
  b->cap = cap;
  return 0;
}

int prep_buf_append(struct prep_buf *b, const void *p, size_t n)
{
  if (grow(b, n) < 0)
    return -1;
  if (n)
    memcpy(b->data + b->len, p, n);
  b->len += n;
  b->data[b->len] = '\0';
  return 0;
}

int prep_buf_puts(struct prep_buf *b, const char *s)
{
  return prep_buf_append(b, s, strlen(s));
}

int prep_buf_putc(struct prep_buf *b, int c)
{
  char ch = (char)c;
  return prep_buf_append(b, &ch, 1);
}

int prep_buf_vprintf(struct prep_buf *b, const char *fmt, va_list ap)
{
  va_list ap2;
  va_copy(ap2, ap);
  int n = vsnprintf(NULL, 0, fmt, ap2);
  va_end(ap2);
  if (n < 0)
    return -1;
  if (grow(b, (size_t)n) < 0)
    return -1;
  vsnprintf(b->data + b->len, (size_t)n + 1, fmt, ap);
  b->len += (size_t)n;
  return 0;
}

int prep_buf_printf(struct prep_buf *b, const char *fmt, ...)
{
  va_list ap;
  va_start(ap, fmt);
  int r = prep_buf_vprintf(b, fmt, ap);
  va_end(ap);
  return r;
}

int prep_buf_put_utf8(struct prep_buf *b, unsigned cp)
{
  unsigned char s[4];
  size_t n;
  if (cp < 0x80) {
    s[0] = (unsigned char)cp;
    n = 1;
  } else if (cp < 0x800) {
    s[0] = (unsigned char)(0xC0 | (cp >> 6));
    s[1] = (unsigned char)(0x80 | (cp & 0x3F));
    n = 2;
  } else if (cp < 0x10000) {
    s[0] = (unsigned char)(0xE0 | (cp >> 12));
    s[1] = (unsigned char)(0x80 | ((cp >> 6) & 0x3F));
    s[2] = (unsigned char)(0x80 | (cp & 0x3F));
    n = 3;
  } else if (cp < 0x110000) {
    s[0] = (unsigned char)(0xF0 | (cp >> 18));
    s[1] = (unsigned char)(0x80 | ((cp >> 12) & 0x3F));
    s[2] = (unsigned char)(0x80 | ((cp >> 6) & 0x3F));
    s[3] = (unsigned char)(0x80 | (cp & 0x3F));
    n = 4;
  } else {
    return prep_buf_put_utf8(b, 0xFFFD);
  }
  return prep_buf_append(b, s, n);
}

char *prep_buf_detach(struct prep_buf *b, size_t *len)
{
  char *p = b->data;
  if (len)
    *len = b->len;
  if (!p) {
    p = prep_xmalloc(1);
    p[0] = '\0';
  }
  b->data = NULL;
  b->len = b->cap = 0;
  return p;
}
