/* typeset.h - the typesetting engine: builds a layout (layout.h) from
 * headings, paragraphs, boxes, tables and checklists (owner: typeset).
 *
 * Content-agnostic: pack.c decides what goes on the pages; this module
 * decides where it goes.  Text is measured through a metrics interface, so
 * tests use a fake fixed-width font and the PDF writer supplies libharu's
 * widths (pdf.h, prep_pdf_metrics).
 *
 * Flow: ts = prep_ts_new(...); add content top to bottom; layout =
 * prep_ts_finish(ts).  The builder, the layout and every string in them
 * live in the arena given to prep_ts_new; text passed in is copied (after
 * sanitising: invalid UTF-8 and non-BMP characters become U+FFFD, tabs
 * become spaces, other control characters and soft hyphens are dropped,
 * '\n' is a forced line break).
 *
 * Page geometry: A4 or Letter, 20 mm top and bottom, a 24 mm binding edge and
 * an 18 mm outer edge that alternate for duplex (odd pages are bound on the
 * left).  Every page has the same text width, so content never reflows when
 * pages are inserted (the table of contents is inserted at finish).
 */
#ifndef PREPGEN_TYPESET_H
#define PREPGEN_TYPESET_H

#include <stddef.h>

#include "prepgen/layout.h"

struct prep_arena;

/* How text is measured.  `width` returns the advance of s[0..n) (valid UTF-8,
 * all of it drawable by `font`) in 1/1000 em; `has_glyph` says whether
 * `font` has a glyph for code point cp (BMP).  Both may be called often. */
struct prep_metrics {
  void *ctx;
  double (*width)(void *ctx, enum prep_font font, const char *s, size_t n);
  int (*has_glyph)(void *ctx, enum prep_font font, unsigned cp);
};

enum prep_paper { PREP_PAPER_A4, PREP_PAPER_LETTER };

/* Text styles: a primary font, a size, a leading, a grey level and spacing
 * around paragraphs.  Body text is serif 10.5 pt; headings are sans. */
enum prep_style {
  PREP_ST_BODY,        /* serif 10.5 / 14.5 */
  PREP_ST_BOLD,        /* serif bold 10.5 */
  PREP_ST_ITALIC,      /* serif italic 10.5 (quotes from the CV) */
  PREP_ST_SMALL,       /* sans 8.5, dark grey (captions, source lines) */
  PREP_ST_LABEL,       /* sans bold 8.5 (box labels, table headers) */
  PREP_ST_HINT,        /* serif italic 9.5, grey (pre-filled trigger words) */
  PREP_ST_H1,          /* sans bold 18 (section titles) */
  PREP_ST_H2,          /* sans bold 13 */
  PREP_ST_H3,          /* sans bold 11 */
  PREP_ST_TITLE,       /* sans bold 28 (cover) */
  PREP_ST_SUBTITLE,    /* sans 14 (cover) */
  PREP_ST_COUNT
};

/* Vector marks, drawn at text size: grades, bullets and tick boxes. */
enum prep_mark {
  PREP_MARK_NONE,
  PREP_MARK_FULL,      /* ● strong evidence */
  PREP_MARK_HALF,      /* ◐ partial */
  PREP_MARK_EMPTY,     /* ○ none */
  PREP_MARK_BOX,       /* empty tick box */
  PREP_MARK_TICKED,    /* ticked box */
  PREP_MARK_BULLET     /* small filled dot */
};

enum prep_align { PREP_ALIGN_LEFT, PREP_ALIGN_CENTER, PREP_ALIGN_RIGHT };

/* A piece of a paragraph: text in a style, or (text NULL) a vector mark.
 * `link` is an anchor id (prep_ts_anchor_new) or 0 for none. */
struct prep_span {
  enum prep_style style;
  const char *text;
  enum prep_mark mark;
  unsigned link;
};

/* Paragraph format.  Zero-initialised means: left aligned, no indent, the
 * style's spacing. */
struct prep_para_fmt {
  double indent;       /* left indent of every line, pt */
  double hang;         /* width of a marker column on the left, pt */
  enum prep_mark marker;     /* drawn in the marker column, first line */
  const char *marker_text;   /* or text there ("1.", "S"); in the style */
  enum prep_align align;
  double space_before, space_after; /* added to the style's spacing */
  int keep_together;   /* move the whole paragraph rather than split it */
};

/* Heading options; see prep_ts_heading_ex. */
struct prep_heading {
  unsigned level;      /* 1..3: style H1..H3 */
  const char *text;
  const char *outline_title; /* bookmark text; NULL = text */
  int no_outline;      /* no bookmark */
  int toc;             /* 1 = listed in the table of contents, -1 = never;
                          0 = levels 1-2 with a bookmark are listed */
  int new_page;        /* start a new page first (unless the page is empty) */
  unsigned anchor;     /* place this pre-made anchor here (0 = make one) */
};

struct prep_cell {
  const char *text;    /* may be NULL */
  enum prep_style style;
  enum prep_mark mark; /* drawn before the text */
  enum prep_align align;
};

struct prep_table {
  size_t ncols;
  const double *widths;  /* relative column widths (any unit), ncols of them */
  const struct prep_cell *cells; /* row-major, nrows * ncols */
  size_t nrows;
  size_t header_rows;    /* repeated at the top of each page the table spans */
  int shade_header;      /* light grey behind the header rows */
};

/* A framed box: a label, optional pre-filled text, then ruled writing lines.
 * The label is never separated from the first lines: a box that does not
 * fit moves to the next page; a box taller than a page is split after at
 * least its label, text and two lines. */
struct prep_box {
  const char *label;          /* LABEL style, may be NULL */
  const struct prep_span *body; /* pre-filled text (HINT style is typical) */
  size_t nbody;
  unsigned lines;             /* ruled writing lines */
  double line_gap;            /* pt between ruled lines; 0 = 8 mm */
};

struct prep_ts;

/* A builder for a document on `paper`.  Nothing is allocated outside `a`. */
struct prep_ts *prep_ts_new(struct prep_arena *a, const struct prep_metrics *m,
                            enum prep_paper paper);

/* Sets the primary face of a style for this document, before any text is
 * added (e.g. small print in the body face, so fewer faces are embedded:
 * every face drawn costs set-up time and bytes in the PDF). */
void prep_ts_set_style_face(struct prep_ts *ts, enum prep_style st,
                            enum prep_font f);

/* Document info (strings copied) and creation date (year 0 = none). */
void prep_ts_set_info(struct prep_ts *ts, const struct prep_doc_info *info);

/* Running header (left and right text, small sans) for the current page and
 * the pages after it; NULL clears a side.  Call it right after a page break.
 * Too-long header text is cut.  The footer shows "n / N" at the outer edge
 * of every page that is not plain. */
void prep_ts_set_header(struct prep_ts *ts, const char *left,
                        const char *right);
/* No header or footer on the current page (the cover). */
void prep_ts_plain_page(struct prep_ts *ts);

/* Starts a new page unless the current one is still empty. */
void prep_ts_page_break(struct prep_ts *ts);
/* Starts a new page when less than `h` pt remain. */
void prep_ts_ensure(struct prep_ts *ts, double h);
/* Height left on the current page / height of a page's text block, pt. */
double prep_ts_remaining(const struct prep_ts *ts);
double prep_ts_body_height(const struct prep_ts *ts);
double prep_ts_text_width(const struct prep_ts *ts);
/* 0-based index of the current page. */
size_t prep_ts_page_index(const struct prep_ts *ts);
/* Vertical space, kept even at the top of a page (style spacing before a
 * paragraph or heading is dropped there). */
void prep_ts_space(struct prep_ts *ts, double pt);

/* A heading in style H<level>, kept with what follows (never left alone at
 * the foot of a page), with a bookmark and, for levels 1-2, a table of
 * contents entry.  Returns its anchor id. */
unsigned prep_ts_heading(struct prep_ts *ts, unsigned level, const char *text);
unsigned prep_ts_heading_ex(struct prep_ts *ts, const struct prep_heading *h);

/* Anchors: make one now, place it later (forward links), or both at once. */
unsigned prep_ts_anchor_new(struct prep_ts *ts);
void prep_ts_anchor_place(struct prep_ts *ts, unsigned id);
/* A bookmark without visible text, pointing at anchor `id`. */
void prep_ts_outline(struct prep_ts *ts, unsigned level, const char *title,
                     unsigned id);

/* Paragraphs: wrapped on measured widths, ragged right. */
void prep_ts_para(struct prep_ts *ts, enum prep_style st, const char *text);
void prep_ts_para_spans(struct prep_ts *ts, const struct prep_span *spans,
                        size_t n, const struct prep_para_fmt *fmt);
/* A bulleted item and a tick-box item (hanging indent). */
void prep_ts_bullet(struct prep_ts *ts, enum prep_style st, const char *text);
void prep_ts_check_item(struct prep_ts *ts, enum prep_style st,
                        const char *text, int ticked);

/* A hairline rule across the text block. */
void prep_ts_rule(struct prep_ts *ts);
/* `n` ruled writing lines `gap` pt apart (0 = 8 mm), split across pages. */
void prep_ts_lines(struct prep_ts *ts, unsigned n, double gap);
/* Box: see struct prep_box.  The height a box will take (to size boxes to
 * fill a page) is given by prep_ts_box_height. */
void prep_ts_box(struct prep_ts *ts, const struct prep_box *b);
double prep_ts_box_height(struct prep_ts *ts, const struct prep_box *b);
/* Table / chart: rows are never split; header rows repeat. */
void prep_ts_table(struct prep_ts *ts, const struct prep_table *t);
/* Heights a table / a paragraph would take (nothing is placed), pt. */
double prep_ts_table_height(struct prep_ts *ts, const struct prep_table *t);
double prep_ts_para_height(struct prep_ts *ts, const struct prep_span *spans,
                           size_t n, const struct prep_para_fmt *fmt);

/* A chart row: a grade mark with its letter (so the grade never depends on
 * shading alone), a label and a horizontal bar of length `value` (0..1). */
struct prep_chart_row {
  const char *label;       /* cut to one line */
  enum prep_mark mark;     /* FULL, HALF, EMPTY or NONE */
  const char *letter;      /* e.g. "S", "M", "W", "-" (LABEL style) or NULL */
  double value;            /* bar fill, 0..1 of the bar width */
  const char *value_text;  /* small text after the bar, or NULL */
  unsigned link;           /* anchor the label links to, or 0 */
};

struct prep_chart {
  const struct prep_chart_row *rows;
  size_t nrows;
  unsigned columns;        /* 1..4; entries run down each column */
};

/* A compact vector chart: one line per entry, hairlines between lines,
 * kept on one page when it fits. */
void prep_ts_chart(struct prep_ts *ts, const struct prep_chart *c);

/* Tight mode: paragraph and heading spacing and table padding roughly
 * halved, chart rows closer; for a section that would otherwise spill a
 * few lines onto a page of its own. */
void prep_ts_set_tight(struct prep_ts *ts, int on);

/* A point to come back to: prep_ts_rewind undoes everything added after
 * prep_ts_mark (pages, runs, anchors placed or made, bookmarks, contents
 * entries, header changes), so content can be set again another way, e.g.
 * tighter when it does not fit.  prep_ts_mark first places any pending
 * rows (a heading waiting for what follows), so take it at a section or
 * page boundary.  Fields are private. */
struct prep_ts_mark {
  size_t npages, nruns, ngops, nlinks, ndests, noutline, ntoc, nframes,
      ntables, nundo;
  const char *hleft, *hright, *phleft, *phright;
  double y;
  int empty, plain;
};
void prep_ts_mark(struct prep_ts *ts, struct prep_ts_mark *m);
void prep_ts_rewind(struct prep_ts *ts, const struct prep_ts_mark *m);

/* Marks where the table of contents goes (a page break is made first if
 * needed); its pages are built at finish with links and page numbers. */
void prep_ts_toc(struct prep_ts *ts, const char *title);

/* Finishes the document: places pending headings, builds the table of
 * contents, applies the duplex margins, adds headers and "n / N" footers,
 * resolves anchors.  Returns the layout (in the arena).  The builder must
 * not be used afterwards. */
struct prep_layout *prep_ts_finish(struct prep_ts *ts);

/* ---- exposed for tests ---------------------------------------------- */

/* One wrapped line of plain text: byte range [start, start+len) of the
 * sanitised input and its width in pt. */
struct prep_ts_line {
  size_t start, len;
  double width;
};

/* Breaks UTF-8 `text` in style `st` into lines of at most `width` pt with
 * the same rules as paragraphs.  Writes up to `max` lines and returns how
 * many there are.  The sanitised text is returned in *clean (arena). */
size_t prep_ts_break(struct prep_ts *ts, enum prep_style st, const char *text,
                     double width, struct prep_ts_line *lines, size_t max,
                     const char **clean);

#endif
