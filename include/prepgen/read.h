/* read.h - turn a CV file into the document model.
 *
 * The format is sniffed from the bytes, never from the name.  Readers work
 * on memory (so fuzz targets need no disk) and report problems through the
 * diagnostics sink with the file name as given and a reason in words.
 */
#ifndef PREPGEN_READ_H
#define PREPGEN_READ_H

#include <stddef.h>

#include "prepgen/diag.h"

struct prep_arena;
struct prep_doc;

/* What the first bytes say a file is. */
enum prep_sniff {
  PREP_SNIFF_EMPTY,
  PREP_SNIFF_ZIP,
  PREP_SNIFF_CFB,   /* OLE2 compound file: legacy .doc or encrypted OOXML */
  PREP_SNIFF_PDF,
  PREP_SNIFF_RTF,
  PREP_SNIFF_IMAGE, /* PNG, JPEG, GIF, TIFF, BMP, WebP */
  PREP_SNIFF_OTHER_BINARY, /* gzip, 7z, rar, ELF, ... */
  PREP_SNIFF_TEXT   /* anything else: the text reader decides */
};

enum prep_sniff prep_sniff(const unsigned char *p, size_t n);

/* Reads the file at `path` (regular files only, size-capped) and builds a
 * document in arena `a`.  `name` is how messages name the file (usually
 * path).  On failure returns a status and records an error in `diag`;
 * warnings may be recorded on success too. */
enum prep_status prep_read_file(const char *path, const char *name,
                                struct prep_arena *a, struct prep_doc **out,
                                struct prep_diag *diag);

/* Same, from memory: sniffs and dispatches. */
enum prep_status prep_read_mem(const unsigned char *p, size_t n,
                               const char *name, struct prep_arena *a,
                               struct prep_doc **out, struct prep_diag *diag);

/* The DOCX reader (read_docx.c).  p/n is a ZIP package. */
enum prep_status prep_read_docx(const unsigned char *p, size_t n,
                                const char *name, struct prep_arena *a,
                                struct prep_doc **out, struct prep_diag *diag);

/* The plain-text reader (read_text.c): any common encoding. */
enum prep_status prep_read_text(const unsigned char *p, size_t n,
                                const char *name, struct prep_arena *a,
                                struct prep_doc **out, struct prep_diag *diag);

/* Process-wide setup for the XML parser (no network, no entity loader).
 * Idempotent; call once before forking workers. */
void prep_read_init(void);

#endif
