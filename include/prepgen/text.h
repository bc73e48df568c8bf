/* text.h - Unicode helpers shared by the readers and later stages.
 *
 * Normalisation (utf8proc) and UTF-8 validation live here so that both
 * readers produce text by the same rules.
 */
#ifndef PREPGEN_TEXT_H
#define PREPGEN_TEXT_H

#include <stddef.h>

struct prep_buf;

/* Normalises UTF-8 text for the document model and appends it to out:
 *   - invalid UTF-8 sequences become U+FFFD;
 *   - NBSP and other Unicode spaces become a space; runs of spaces collapse
 *     to one; a run of white space holding a TAB becomes one TAB (a field
 *     separator: "Engineer<TAB>2019 - 2021"); leading and trailing white
 *     space is trimmed;
 *   - ligatures (U+FB00..FB06) are split; NFC composition;
 *   - zero-width characters, bidi controls, soft hyphens, C0/C1 controls
 *     and non-characters are dropped; line breaks become spaces.
 * Returns 0, or -1 when out's cap is hit. */
int prep_text_normalize(struct prep_buf *out, const char *s, size_t n);

/* 1 when s[0..n) is valid UTF-8 (no overlongs, no surrogates). */
int prep_utf8_valid(const char *s, size_t n);

/* Decodes one code point at s (n bytes available); returns its length
 * (1..4) and sets *cp, or returns 1 and sets *cp = 0xFFFD when invalid. */
int prep_utf8_decode(const char *s, size_t n, unsigned *cp);

/* Appends UTF-16 bytes p[0..n) (big-endian when be) to out as UTF-8;
 * lone surrogates become U+FFFD, U+0000 is dropped when drop_nul. */
void prep_utf16_append(struct prep_buf *out, const unsigned char *p, size_t n,
                       int be, int drop_nul);

/* Bullet glyphs that mark a list item at the start of a line. */
int prep_is_bullet_cp(unsigned cp);

#endif
