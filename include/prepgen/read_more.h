/* read_more.h - the ODT, HTML and Markdown readers (issue 10, "More inputs").
 *
 * Owner: more-inputs readers (src/read_odt.c, src/read_html.c,
 * src/read_md.c).  Each reader works on memory, builds the same document
 * model as the DOCX and text readers (doc.h) through prep_doc_add(), obeys
 * the limits in limits.h plus the two below, and reports problems through
 * the diagnostics sink in words, never with CV text.  On success *out is a
 * document in arena `a`; on failure *out is NULL and an error is recorded.
 */
#ifndef PREPGEN_READ_MORE_H
#define PREPGEN_READ_MORE_H

#include <stddef.h>

#include "prepgen/diag.h"
#include "prepgen/doc.h"

struct prep_arena;


#ifndef PREPGEN_FUZZ
/* HTML carries markup, inline CSS and sometimes inline images around the
 * text: a Google Docs export of a 2-page CV is ~100 KB; 8 MiB is ample. */
#define PREP_MAX_HTML_INPUT (8u * PREP_MiB)
#else
#define PREP_MAX_HTML_INPUT (256u * 1024u)
#endif
/* Markdown is plain text: the same cap as a text CV. */
#define PREP_MAX_MD_INPUT PREP_MAX_TEXT_INPUT
/* HTML element nesting: real pages stay under 40; the parser's own stack
 * and our walk must stay bounded on 100,000 nested <div>s. */
#define PREP_MAX_HTML_DEPTH 128u
/* CSS class rules remembered from <style> (Google Docs writes ~50). */
#define PREP_MAX_CSS_CLASSES 4096u

/* ODT (OpenDocument text, a ZIP package): content.xml, styles.xml (master
 * page headers/footers, styles, list styles), meta.xml (properties).
 * Block positions are paragraph indexes within their part, as for DOCX. */
enum prep_status prep_read_odt(const unsigned char *p, size_t n,
                               const char *name, struct prep_arena *a,
                               struct prep_doc **out, struct prep_diag *diag);

/* HTML (a saved web page, a Google Docs export), through libxml2's HTML
 * parser in SAX mode: no tree, no network, no entity loading.  Scripts,
 * styles and the head are skipped (the title and <meta name=author> are
 * kept as properties).  Block positions are source line numbers. */
enum prep_status prep_read_html(const unsigned char *p, size_t n,
                                const char *name, struct prep_arena *a,
                                struct prep_doc **out, struct prep_diag *diag);

/* Markdown (CommonMark/GFM subset a CV uses), UTF-8 with or without BOM.
 * Input that is not UTF-8 is handed to prep_read_text() (which decodes
 * every encoding it knows) with a warning.  Positions are line numbers. */
enum prep_status prep_read_md(const unsigned char *p, size_t n,
                              const char *name, struct prep_arena *a,
                              struct prep_doc **out, struct prep_diag *diag);

/* For the Markdown reader: parses a raw HTML block s[0..n) (UTF-8) that
 * starts at source line first_line and appends its blocks to doc, under
 * the same limits and rules as prep_read_html(). */
enum prep_status prep_read_html_into(struct prep_doc *doc, const char *s,
                                     size_t n, unsigned first_line,
                                     const char *name, struct prep_diag *diag);

/* prep_doc_add() for these readers: raw text longer than the block cap is
 * cut (on a character boundary) before normalisation, so an over-long
 * paragraph is kept, shortened, rather than dropped whole. */
struct prep_block *prep_read_more_add(struct prep_doc *d,
                                      const struct prep_block *tmpl,
                                      const char *text, size_t len,
                                      int *limit_hit);

/* Sniffers for read.c.  Each looks only at the bytes and is cheap. */

/* 1 when a ZIP (p[0..n)) is an OpenDocument text package: its first entry
 * is the stored "mimetype" naming application/vnd.oasis.opendocument.text
 * (or -template), as ODF requires, or the central directory holds
 * content.xml and no [Content_Types].xml. */
int prep_sniff_odt(const unsigned char *p, size_t n);

/* 1 when text starts (after a BOM, white space, comments and an XML
 * declaration) with <!doctype html, <html, <head, <body, <meta or <title. */
int prep_sniff_html(const unsigned char *p, size_t n);

/* 1 when UTF-8 text looks like Markdown: an ATX heading line ("# X") and
 * either a list line ("- x", "* x", "1. x") or a second heading, within
 * the first 64 KiB.  Names ending .md/.markdown are the caller's business. */
int prep_sniff_markdown(const unsigned char *p, size_t n);

/* ---- JSON Resume and the input front door (owner: interop, issue 10;
 * src/read_json.c and src/read.c) ------------------------------------- */

struct prep_facts;

/* resume.json is small: a long CV is ~30 KB.  The depth cap is checked by
 * a scan before parsing (JSON Resume nests 4 levels). */
#ifndef PREPGEN_FUZZ
#define PREP_MAX_JSON_INPUT (2u * PREP_MiB)
#else
#define PREP_MAX_JSON_INPUT (256u * 1024u)
#endif
#define PREP_MAX_JSON_DEPTH 64u

/* --input-format: which reader to use; AUTO sniffs the bytes. */
enum prep_input_format {
  PREP_IN_AUTO, PREP_IN_DOCX, PREP_IN_ODT, PREP_IN_HTML, PREP_IN_MD,
  PREP_IN_TEXT, PREP_IN_JSON
};

/* "docx", "odt", "html", "md" (or "markdown"), "text" (or "txt"), "json";
 * -1 for anything else. */
int prep_input_format_from_name(const char *s);

/* 1 when text is a JSON object naming "basics" or "work" in its first
 * 64 KiB (a JSON Resume).  A .json name is the caller's business. */
int prep_sniff_json_resume(const unsigned char *p, size_t n);

/* JSON Resume (read_json.c): a document rendered from the JSON (one block
 * per field or highlight, positions count blocks) and, when given is not
 * NULL, the facts it states exactly (contact, summary, work, education,
 * certificates, projects, languages; block indexes into *out) for
 * prep_extract_opts.given.  Both live in arena `a`. */
enum prep_status prep_read_json(const unsigned char *p, size_t n,
                                const char *name, struct prep_arena *a,
                                struct prep_doc **out,
                                struct prep_facts **given,
                                struct prep_diag *diag);

/* Reads one CV for the command line (read.c): path "-" is standard input
 * (named "<stdin>" in messages, same size cap as a file); fmt forces a
 * reader (AUTO sniffs, and a .json name or a JSON Resume shape selects the
 * JSON reader).  *given is set for JSON Resume input, else NULL (given may
 * be NULL). */
enum prep_status prep_read_input(const char *path,
                                 enum prep_input_format fmt,
                                 struct prep_arena *a, struct prep_doc **out,
                                 struct prep_facts **given,
                                 struct prep_diag *diag);

#endif
