/* layout.h - the layout model: what the PDF writer sees (owner: typeset).
 *
 * A layout is an array of pages.  Each page holds positioned text runs (one
 * font, one size, one grey level, valid UTF-8 without control characters),
 * vector graphics operations and link rectangles.  The document carries the
 * named destinations links and outline entries point to, and its info.
 *
 * Coordinates are PDF points (1/72 in) from the page's bottom-left corner; a
 * run's y is its baseline.  Grey levels are 0 (black) .. 1 (white).
 * Everything lives in the run arena given to the typesetter.
 */
#ifndef PREPGEN_LAYOUT_H
#define PREPGEN_LAYOUT_H

#include <stddef.h>
#include <stdio.h>

/* The faces of fonts/ (see fonts/README.md).  The first five are primary
 * faces; the rest are fallbacks, tried in this order when a primary face
 * lacks a character. */
enum prep_font {
  PREP_FONT_SERIF,
  PREP_FONT_SERIF_BOLD,
  PREP_FONT_SERIF_ITALIC,
  PREP_FONT_SANS,
  PREP_FONT_SANS_BOLD,
  PREP_FONT_SYMBOLS,
  PREP_FONT_CJK,
  PREP_FONT_HANGUL,
  PREP_FONT_COUNT
};

/* File name of a face inside the fonts directory ("PrepgenSerif-Regular.ttf"). */
const char *prep_font_file(enum prep_font f);
/* Short stable name for dumps ("serif", "sans-bold", ...). */
const char *prep_font_name(enum prep_font f);

struct prep_run {
  double x, y;        /* start of the baseline */
  double size;        /* pt */
  double width;       /* advance width as measured by the typesetter */
  float grey;         /* fill grey of the glyphs */
  enum prep_font font;
  const char *text;   /* UTF-8, BMP only, no control characters */
  size_t len;
};

enum prep_gop_kind {
  PREP_GOP_LINE,      /* (x0,y0) -> (x1,y1) */
  PREP_GOP_RECT,      /* corner (x0,y0), size (x1,y1) = (w,h) */
  PREP_GOP_CIRCLE,    /* centre (x0,y0), radius x1 */
  PREP_GOP_HALF,      /* circle whose left half is filled (a "partial" grade) */
  PREP_GOP_CHECKBOX   /* square: corner (x0,y0), side x1; ticked when y1 != 0 */
};

struct prep_gop {
  enum prep_gop_kind kind;
  double x0, y0, x1, y1;
  double line_width;  /* stroke width in pt */
  float stroke;       /* stroke grey, or < 0 for no stroke */
  float fill;         /* fill grey, or < 0 for no fill */
};

/* A clickable area leading to destination `dest`. */
struct prep_link_area {
  double x0, y0, x1, y1;
  unsigned dest;
};

struct prep_page {
  struct prep_run *runs;
  size_t nruns;
  struct prep_gop *gops;
  size_t ngops;
  struct prep_link_area *links;
  size_t nlinks;
};

/* A place in the document: a page index (0-based) and the y of its top. */
struct prep_dest {
  unsigned page;
  double y;
};

struct prep_outline_entry {
  const char *title;  /* UTF-8 */
  unsigned level;     /* 0 = top level; a child is exactly one deeper */
  unsigned dest;
};

struct prep_doc_info {
  const char *title, *author, *subject, *keywords, *creator; /* or NULL */
  int year, month, day; /* creation date (the CV's as-of date); year 0 = none */
};

struct prep_layout {
  double width, height;         /* page size in pt */
  const char *paper;            /* "a4" or "letter" */
  struct prep_page *pages;
  size_t npages;
  struct prep_dest *dests;
  size_t ndests;
  struct prep_outline_entry *outline;
  size_t noutline;
  struct prep_doc_info info;
  unsigned fonts_used;          /* bit (1 << font) for every font in a run */
};

/* Stable text dump for --dump=layout and golden files: a version line, the
 * page size, info, then per page its runs, graphics and links, then the
 * destinations and outline.  Numbers have 2 decimals. */
void prep_dump_layout(FILE *out, const struct prep_layout *l);

/* Cheap consistency check: valid UTF-8 runs without control characters,
 * destinations and links in range, outline levels well nested.  Returns
 * NULL when fine, else a static description of the first problem. */
const char *prep_layout_check(const struct prep_layout *l);

#endif
