/* buf.h - growable byte buffer with an explicit size cap.
 *
 * The buffer owns its bytes (malloc'd) until prep_buf_free() or
 * prep_buf_detach().  Appends past `max` fail and leave the buffer as it was,
 * so a reader can turn the failure into a "limit exceeded" message.
 */
#ifndef PREPGEN_BUF_H
#define PREPGEN_BUF_H

#include <stdarg.h>
#include <stddef.h>

struct prep_buf {
  char *data;  /* always NUL-terminated when non-NULL */
  size_t len;  /* bytes used, not counting the NUL */
  size_t cap;  /* bytes allocated */
  size_t max;  /* cap on len; 0 means no cap */
};

void prep_buf_init(struct prep_buf *b, size_t max);
void prep_buf_free(struct prep_buf *b);
void prep_buf_clear(struct prep_buf *b);

/* 0 on success, -1 when the cap would be exceeded (nothing appended). */
int prep_buf_append(struct prep_buf *b, const void *p, size_t n);
int prep_buf_puts(struct prep_buf *b, const char *s);
int prep_buf_putc(struct prep_buf *b, int c);
int prep_buf_printf(struct prep_buf *b, const char *fmt, ...)
    __attribute__((format(printf, 2, 3)));
int prep_buf_vprintf(struct prep_buf *b, const char *fmt, va_list ap);
/* Appends code point cp as UTF-8. */
int prep_buf_put_utf8(struct prep_buf *b, unsigned cp);

/* Hands the bytes to the caller (free() them); the buffer is reset. */
char *prep_buf_detach(struct prep_buf *b, size_t *len);

#endif
