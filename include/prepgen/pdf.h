/* pdf.h - writes a layout (layout.h) as a PDF with libharu (owner: pdf).
 *
 * libharu is confined to pdf.c; none of its types appear here.  One
 * `struct prep_pdf` is one PDF document: open it, typeset through its
 * metrics (the faces a layout needs are loaded lazily, so only the faces
 * actually measured or drawn cost anything), write it once, free it.
 *
 *   struct prep_pdf *pdf;
 *   if (prep_pdf_new(fonts_dir, diag, &pdf) != PREP_OK) ...
 *   struct prep_metrics m;
 *   prep_pdf_metrics(pdf, &m);
 *   struct prep_ts *ts = prep_ts_new(arena, &m, PREP_PAPER_A4);
 *   ... content ...
 *   st = prep_pdf_write_file(pdf, prep_ts_finish(ts), "pack.pdf",
 *                            inputs, ninputs, diag);
 *   prep_pdf_free(pdf);
 *
 * Output is reproducible: no wall-clock date (the layout's info date is
 * used), a /ID hashed from the content, compression on.  Any libharu error
 * fails the write with a status and a diagnostic; no partial file is left.
 * Not thread-safe per object; separate objects may live in separate threads.
 */
#ifndef PREPGEN_PDF_H
#define PREPGEN_PDF_H

#include <stddef.h>

#include "prepgen/diag.h"
#include "prepgen/layout.h"
#include "prepgen/typeset.h"

struct prep_pdf;

/* A new document whose fonts come from `fonts_dir` (see prep_font_file).
 * Fonts are checked for readability lazily; a missing face fails the write
 * with PREP_EDATA.  `diag` is kept (borrowed) for messages from the metrics
 * callbacks until prep_pdf_free. */
enum prep_status prep_pdf_new(const char *fonts_dir, struct prep_diag *diag,
                              struct prep_pdf **out);

/* The metrics of this document's fonts (libharu widths, glyph coverage).
 * Valid until prep_pdf_free. */
void prep_pdf_metrics(struct prep_pdf *p, struct prep_metrics *m);

/* Renders `l` and writes it to `path` safely: refuses a directory or a
 * file that is one of `inputs` (same device and inode); writes a temporary
 * ".NAME.XXXXXX" (mode 0600) in the target folder, fsyncs it and renames it
 * into place only when complete, unlinking it on any failure.  `path` "-"
 * writes to standard output, refused when that is a terminal.  Call once. */
enum prep_status prep_pdf_write_file(struct prep_pdf *p,
                                     const struct prep_layout *l,
                                     const char *path,
                                     const char *const *inputs,
                                     size_t ninputs, struct prep_diag *diag);

void prep_pdf_free(struct prep_pdf *p);

/* "<data_dir>/../fonts" into buf (n bytes); 0, or -1 when it does not fit. */
int prep_pdf_fonts_dir(const char *data_dir, char *buf, size_t n);

/* Milliseconds spent in libharu font set-up so far (load + GetFont), and
 * the number of faces set up for drawing: for benchmarks. */
double prep_pdf_font_ms(const struct prep_pdf *p);
unsigned prep_pdf_faces_used(const struct prep_pdf *p);

#endif
