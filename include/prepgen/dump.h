/* dump.h - stable text dumps of the models (--dump=STAGE, golden tests).
 *
 * The formats are line-oriented and versioned by their first line; a change
 * to a format is a reviewed change to the golden files.
 */
#ifndef PREPGEN_DUMP_H
#define PREPGEN_DUMP_H

#include <stdio.h>

struct prep_doc;

/* One block per line:
 *   KIND L<level> FLAGS PART POS [t<depth>.r<row>.c<col>] [[LABEL]] | TEXT
 * then one "  link: TEXT -> TARGET" line per link.  FLAGS is a fixed
 * 10-character field, one letter per flag or '-':
 *   B bold, I italic, C caps, S small caps, M centred, N numbered,
 *   L bullet, U underlined, W letter-spaced, : trailing colon.
 * POS is pN (DOCX paragraph in its part) or lN (text line).  LABEL, in
 * square brackets, is a numbered list item's number as the source shows
 * it ("[ii.]", "[(a)]", "[2.1]"); it is absent for bullets and other
 * blocks and is never part of TEXT. */
void prep_dump_doc(FILE *out, const struct prep_doc *d);

/* The flags field as above; buf must hold 11 bytes. */
const char *prep_dump_flags(unsigned flags, char *buf);

#endif
