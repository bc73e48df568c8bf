/* typeset.c - the typesetting engine (see typeset.h).
 *
 * Content goes through two steps.  A block (heading, paragraph, box, table)
 * is first laid out into "rows": horizontal strips of known height holding
 * items (runs, graphics, links, anchors) positioned relative to the strip's
 * top-left corner.  Rows wait in a buffer; headings stay there until the
 * next block arrives, which is how a heading is kept with what follows.
 * Then the buffer is flushed: rows are placed top to bottom on pages,
 * honouring keep chains (a row flagged `keep` must share a page with the
 * next one; a `glue` row prefers to), drawing box frames per page segment
 * and repeating table headers after a page break.
 *
 * During building x is relative to the text block's left edge; the duplex
 * margin is added at finish, once the table of contents has been inserted
 * and every page's parity is known.
 */
#include "prepgen/typeset.h"

#include <stdio.h>
#include <string.h>

#include "prepgen/arena.h"
#include "prepgen/text.h"

#define MM (72.0 / 25.4)

/* ---- styles ------------------------------------------------------------ */

struct style_def {
  enum prep_font font;
  double size, leading;
  float grey;
  double before, after; /* paragraph spacing, pt */
};

static const struct style_def STYLES[PREP_ST_COUNT] = {
    [PREP_ST_BODY] = {PREP_FONT_SERIF, 10.5, 14.5, 0.0f, 0, 6},
    [PREP_ST_BOLD] = {PREP_FONT_SERIF_BOLD, 10.5, 14.5, 0.0f, 0, 6},
    [PREP_ST_ITALIC] = {PREP_FONT_SERIF_ITALIC, 10.5, 14.5, 0.0f, 0, 6},
    [PREP_ST_SMALL] = {PREP_FONT_SANS, 8.5, 11.5, 0.25f, 0, 3},
    [PREP_ST_LABEL] = {PREP_FONT_SANS_BOLD, 8.5, 11.5, 0.0f, 0, 2},
    [PREP_ST_HINT] = {PREP_FONT_SERIF_ITALIC, 9.5, 12.5, 0.3f, 0, 2},
    [PREP_ST_H1] = {PREP_FONT_SANS_BOLD, 18, 23, 0.0f, 18, 10},
    [PREP_ST_H2] = {PREP_FONT_SANS_BOLD, 13, 17, 0.0f, 12, 5},
    [PREP_ST_H3] = {PREP_FONT_SANS_BOLD, 11, 14.5, 0.0f, 8, 3},
    [PREP_ST_TITLE] = {PREP_FONT_SANS_BOLD, 28, 34, 0.0f, 0, 10},
    [PREP_ST_SUBTITLE] = {PREP_FONT_SANS, 14, 19, 0.2f, 0, 6},
};

/* Spacing v, scaled by f in tight mode (prep_ts_set_tight). */
#define tight(ts, v, f) ((ts)->tight && (v) > 0 ? (v) * (f) : (v))

static const enum prep_font FALLBACKS[] = {PREP_FONT_SYMBOLS, PREP_FONT_CJK,
                                           PREP_FONT_HANGUL};

/* ---- growable arrays in the arena ------------------------------------- */

static void *grow(struct prep_arena *a, void *p, size_t *cap, size_t n,
                  size_t elem)
{
  if (n < *cap)
    return p;
  size_t nc = *cap ? *cap * 2 : 16;
  void *q = prep_arena_alloc(a, nc * elem);
  if (p && n)
    memcpy(q, p, n * elem);
  *cap = nc;
  return q;
}
#define PUSH(a, arr, n, cap)                                                   \
  (arr = grow((a), (arr), &(cap), (n), sizeof *(arr)), &(arr)[(n)++])

/* ---- builder state ---------------------------------------------------- */

enum item_kind { IT_RUN, IT_GOP, IT_LINK, IT_ANCHOR };

/* An item inside a row: y values are downward offsets from the row top. */
struct item {
  enum item_kind kind;
  struct prep_run run;       /* y = baseline offset */
  struct prep_gop gop;       /* see to_page() for how each kind converts */
  struct prep_link_area link;/* x0,x1 and y0 (top offset), y1 (height) */
  unsigned anchor;
};

struct row {
  double h, gap;    /* height; space before (dropped at a page top) */
  size_t first, n;  /* items */
  int keep;         /* must share a page with the next row */
  int glue;         /* should share a page with the next row */
  size_t frame;     /* 1-based box frame index, 0 = none */
  size_t table;     /* 1-based table index, 0 = none */
  int header;       /* a table header row */
};

struct frame {
  double x, w;
};

struct table_info {
  size_t first_header, nheader; /* rows in the buffer */
};

struct pagebuf {
  struct prep_run *runs;
  size_t nruns, rcap;
  struct prep_gop *gops;
  size_t ngops, gcap;
  struct prep_link_area *links;
  size_t nlinks, lcap;
  const char *hleft, *hright;
  int plain;
};

struct toc_entry {
  unsigned level, dest;
  const char *title;
};

struct prep_ts {
  struct prep_arena *a;
  struct prep_metrics m;
  enum prep_paper paper;
  double pw, ph;             /* page size */
  double tw, th;             /* text block */
  double top;                /* distance from the page top to the text block */

  struct pagebuf *pages;
  size_t npages, pcap;
  double y;                  /* used height on the current page */
  int empty;                 /* nothing placed on the current page yet */
  const char *hleft, *hright;

  struct row *rows;
  size_t nrows, rowcap;
  struct item *items;
  size_t nitems, itemcap;
  struct frame *frames;
  size_t nframes, fcap;
  struct table_info *tables;
  size_t ntables, tcap;

  struct prep_dest *dests;
  size_t ndests, dcap;
  struct prep_outline_entry *outline;
  size_t noutline, ocap;
  struct toc_entry *toc;
  size_t ntoc, toccap;
  int has_toc;
  size_t toc_at;             /* page index where the TOC goes */
  const char *toc_title;

  struct prep_doc_info info;
  double space_w[PREP_FONT_COUNT]; /* width of U+0020 per font, 1/1000 em */
  enum prep_font face[PREP_ST_COUNT]; /* primary face per style */
  unsigned char *gcache[PREP_FONT_COUNT]; /* has_glyph memo, cp < GCACHE */
  unsigned char ascii[PREP_FONT_COUNT]; /* 1: has all printable ASCII */
  const char *last_clean;    /* the last sanitised span text (tests) */

  struct fragv *ffree;       /* fragment and line arrays to reuse */
  size_t nffree;
  struct linev *lfree;
  size_t nlfree;
  struct anchor_undo *undo;  /* anchor placements, for prep_ts_rewind */
  size_t nundo, undocap;
  int tight;                 /* prep_ts_set_tight */
};

struct anchor_undo {
  unsigned id;
  struct prep_dest old;
};

/* ---- text helpers ----------------------------------------------------- */

static size_t put_utf8(char *o, unsigned cp)
{
  if (cp < 0x80) {
    o[0] = (char)cp;
    return 1;
  }
  if (cp < 0x800) {
    o[0] = (char)(0xC0 | (cp >> 6));
    o[1] = (char)(0x80 | (cp & 0x3F));
    return 2;
  }
  o[0] = (char)(0xE0 | (cp >> 12));
  o[1] = (char)(0x80 | ((cp >> 6) & 0x3F));
  o[2] = (char)(0x80 | (cp & 0x3F));
  return 3;
}

/* The sanitised copy of s (see typeset.h). */
static char *sanitize(struct prep_arena *a, const char *s)
{
  if (!s)
    s = "";
  size_t n = strlen(s);
  /* valid UTF-8 never grows (only invalid bytes become 3-byte U+FFFD) */
  char *o = prep_arena_alloc(a, prep_utf8_valid(s, n) ? n + 1 : n * 3 + 1);
  size_t j = 0;
  for (size_t i = 0; i < n;) {
    unsigned cp = (unsigned char)s[i];
    if (cp >= 0x20 && cp < 0x7F) { /* printable ASCII: as is */
      o[j++] = (char)cp;
      i++;
      continue;
    }
    i += (size_t)prep_utf8_decode(s + i, n - i, &cp);
    if (cp == '\t')
      cp = ' ';
    if (cp == '\n') {
      o[j++] = '\n';
      continue;
    }
    if (cp < 0x20 || (cp >= 0x7F && cp <= 0x9F) || cp == 0xAD ||
        (cp >= 0x200B && cp <= 0x200F) || cp == 0xFEFF ||
        (cp >= 0x202A && cp <= 0x202E) || (cp >= 0x2060 && cp <= 0x2064))
      continue;
    if (cp > 0xFFFF || (cp >= 0xFDD0 && cp <= 0xFDEF) || cp == 0xFFFE)
      cp = 0xFFFD;
    if (cp == 0xA0 || cp == 0x2007 || cp == 0x202F)
      cp = 0xA0; /* kept: a no-break space */
    j += put_utf8(o + j, cp);
  }
  o[j] = '\0';
  return o;
}

static int is_cjk(unsigned cp)
{
  return (cp >= 0x1100 && cp <= 0x11FF) || (cp >= 0x2E80 && cp <= 0x9FFF) ||
         (cp >= 0xAC00 && cp <= 0xD7AF) || (cp >= 0xF900 && cp <= 0xFAFF) ||
         (cp >= 0xFF00 && cp <= 0xFFEF);
}

/* CJK punctuation that must not start a line / end a line. */
static int no_break_before(unsigned cp)
{
  switch (cp) {
  case 0x3001: case 0x3002: case 0x3009: case 0x300B: case 0x300D:
  case 0x300F: case 0x3011: case 0x30FC: case 0xFF01: case 0xFF09:
  case 0xFF0C: case 0xFF0E: case 0xFF1A: case 0xFF1B: case 0xFF1F:
  case ')': case ']': case ',': case '.': case ':': case ';': case '!':
  case '?':
    return 1;
  default:
    return 0;
  }
}

static int no_break_after(unsigned cp)
{
  return cp == 0x3008 || cp == 0x300A || cp == 0x300C || cp == 0x300E ||
         cp == 0x3010 || cp == 0xFF08 || cp == '(' || cp == '[';
}

/* has_glyph, remembered for the common code points (1 yes, 2 no). */
#define GCACHE 0x2200
static int has_glyph(struct prep_ts *ts, enum prep_font f, unsigned cp)
{
  if (cp >= GCACHE)
    return ts->m.has_glyph(ts->m.ctx, f, cp);
  if (!ts->gcache[f]) {
    ts->gcache[f] = prep_arena_alloc(ts->a, GCACHE);
    memset(ts->gcache[f], 0, GCACHE);
  }
  unsigned char *c = &ts->gcache[f][cp];
  if (!*c)
    *c = ts->m.has_glyph(ts->m.ctx, f, cp) ? 1 : 2;
  return *c == 1;
}

static enum prep_font pick_font(struct prep_ts *ts, enum prep_font primary,
                                unsigned cp)
{
  if (cp < 0x7F && cp >= 0x20) { /* printable ASCII: checked once a face */
    if (ts->ascii[primary] == 0) {
      int all = 1;
      for (unsigned c = 0x20; c < 0x7F && all; c++)
        all = has_glyph(ts, primary, c);
      ts->ascii[primary] = all ? 1 : 2;
    }
    if (ts->ascii[primary] == 1)
      return primary;
  }
  if (has_glyph(ts, primary, cp))
    return primary;
  for (size_t k = 0; k < sizeof FALLBACKS / sizeof FALLBACKS[0]; k++)
    if (FALLBACKS[k] != primary && has_glyph(ts, FALLBACKS[k], cp))
      return FALLBACKS[k];
  return primary; /* drawn as the .notdef box: visible, never silent */
}

static double space_width(struct prep_ts *ts, enum prep_font f)
{
  if (ts->space_w[f] < 0)
    ts->space_w[f] = ts->m.width(ts->m.ctx, f, " ", 1);
  return ts->space_w[f];
}

/* ---- fragments and line breaking -------------------------------------- */

enum frag_kind { FR_TEXT, FR_SPACE, FR_MARK, FR_NEWLINE };

struct frag {
  enum frag_kind kind;
  enum prep_font font;
  enum prep_style style;
  const char *s;
  size_t n;
  double w;       /* pt */
  unsigned link;
  enum prep_mark mark;
  int brk;        /* a line may break after this fragment */
};

struct fragv {
  struct frag *v;
  size_t n, cap;
};

static double mark_advance(enum prep_mark mk, double size)
{
  return mk == PREP_MARK_BULLET ? size * 0.7 : size * 1.05;
}

static double measure(struct prep_ts *ts, enum prep_font f, double size,
                      const char *s, size_t n)
{
  return ts->m.width(ts->m.ctx, f, s, n) * size / 1000.0;
}

/* Splits the spans into fragments: text runs of one font between break
 * opportunities, single spaces, marks and forced line breaks. */
static void fragment(struct prep_ts *ts, const struct prep_span *sp, size_t nsp,
                     struct fragv *fv)
{
  struct prep_arena *a = ts->a;
  for (size_t k = 0; k < nsp; k++) {
    const struct style_def *sd = &STYLES[sp[k].style];
    if (!sp[k].text) {
      if (sp[k].mark == PREP_MARK_NONE)
        continue;
      struct frag *f = PUSH(a, fv->v, fv->n, fv->cap);
      memset(f, 0, sizeof *f);
      f->kind = FR_MARK;
      f->style = sp[k].style;
      f->font = ts->face[sp[k].style];
      f->mark = sp[k].mark;
      f->link = sp[k].link;
      f->w = mark_advance(sp[k].mark, sd->size);
      continue;
    }
    const char *s = sanitize(a, sp[k].text);
    ts->last_clean = s;
    size_t n = strlen(s);
    struct frag *cur = NULL; /* open text fragment */
    enum prep_font last_font = ts->face[sp[k].style];
    unsigned prev_cp = 0;
    for (size_t i = 0; i < n;) {
      unsigned cp = (unsigned char)s[i];
      size_t len = 1;
      if (cp >= 0x80)
        len = (size_t)prep_utf8_decode(s + i, n - i, &cp);
      if (cp == '\n' || cp == ' ') {
        cur = NULL;
        int is_space = cp == ' ';
        if (is_space && (fv->n == 0 || fv->v[fv->n - 1].kind == FR_SPACE ||
                         fv->v[fv->n - 1].kind == FR_NEWLINE)) {
          i += len;
          continue; /* collapse spaces; none at a line start */
        }
        struct frag *f = PUSH(a, fv->v, fv->n, fv->cap);
        memset(f, 0, sizeof *f);
        f->kind = is_space ? FR_SPACE : FR_NEWLINE;
        f->style = sp[k].style;
        f->font = last_font;
        f->s = s + i;
        f->n = 1;
        f->link = sp[k].link;
        f->w = is_space ? space_width(ts, last_font) * sd->size / 1000.0 : 0;
        f->brk = 1;
        i += len;
        prev_cp = cp;
        continue;
      }
      enum prep_font font = pick_font(ts, ts->face[sp[k].style], cp);
      int cjk = is_cjk(cp);
      /* a break before this character? */
      if (cur && (cjk || is_cjk(prev_cp)) && !no_break_before(cp) &&
          !no_break_after(prev_cp)) {
        cur->brk = 1;
        cur = NULL;
      } else if (fv->n && !cur && fv->v[fv->n - 1].kind == FR_TEXT && cjk &&
                 !no_break_before(cp) && !no_break_after(prev_cp) &&
                 prev_cp != 0) {
        fv->v[fv->n - 1].brk = 1;
      }
      if (!cur || cur->font != font || cur->brk) {
        cur = PUSH(a, fv->v, fv->n, fv->cap);
        memset(cur, 0, sizeof *cur);
        cur->kind = FR_TEXT;
        cur->style = sp[k].style;
        cur->font = font;
        cur->s = s + i;
        cur->link = sp[k].link;
      }
      cur->n += len;
      last_font = font;
      i += len;
      /* break after a hyphen or slash inside a word */
      if ((cp == '-' || cp == '/' || cp == 0x2010 || cp == 0x2013) &&
          cur->n > len && i < n && s[i] != ' ') {
        cur->brk = 1;
        cur = NULL;
      }
      prev_cp = cp;
    }
  }
  for (size_t i = 0; i < fv->n; i++) {
    struct frag *f = &fv->v[i];
    if (f->kind == FR_TEXT)
      f->w = measure(ts, f->font, STYLES[f->style].size, f->s, f->n);
  }
}

/* A line: fragments [first, first+n) of a (possibly split) fragment list. */
struct line {
  size_t first, n;
  double w;
};

struct linev {
  struct line *v;
  size_t n, cap;
};

/* Scratch arrays come from a small free list, so a paragraph reuses the
 * fragment and line arrays of the last one instead of growing new ones in
 * the arena (a pack sets thousands of paragraphs). */
#define POOL 8
static struct fragv fv_take(struct prep_ts *ts)
{
  struct fragv v = {0};
  if (ts->nffree)
    v = ts->ffree[--ts->nffree];
  v.n = 0;
  return v;
}

static void fv_give(struct prep_ts *ts, const struct fragv *v)
{
  if (!ts->ffree)
    ts->ffree = prep_arena_alloc(ts->a, POOL * sizeof *ts->ffree);
  if (v->v && ts->nffree < POOL)
    ts->ffree[ts->nffree++] = *v;
}

static struct linev lv_take(struct prep_ts *ts)
{
  struct linev v = {0};
  if (ts->nlfree)
    v = ts->lfree[--ts->nlfree];
  v.n = 0;
  return v;
}

static void lv_give(struct prep_ts *ts, const struct linev *v)
{
  if (!ts->lfree)
    ts->lfree = prep_arena_alloc(ts->a, POOL * sizeof *ts->lfree);
  if (v->v && ts->nlfree < POOL)
    ts->lfree[ts->nlfree++] = *v;
}

/* Splits fragment fv->v[i] so its first part is as wide as possible but at
 * most `room` pt (at least one character).  The rest becomes fragment i+1. */
static void split_frag(struct prep_ts *ts, struct fragv *fv, size_t i,
                       double room, int at_least_one)
{
  struct frag f = fv->v[i];
  double size = STYLES[f.style].size;
  size_t cut = 0;
  double w = 0;
  while (cut < f.n) {
    unsigned cp;
    size_t len = (size_t)prep_utf8_decode(f.s + cut, f.n - cut, &cp);
    double cw = measure(ts, f.font, size, f.s + cut, len);
    if ((cut > 0 || !at_least_one) && w + cw > room + 1e-6)
      break;
    w += cw;
    cut += len;
  }
  if (cut == 0 || cut >= f.n)
    return;
  (void)PUSH(ts->a, fv->v, fv->n, fv->cap);
  memmove(&fv->v[i + 2], &fv->v[i + 1], (fv->n - i - 2) * sizeof f);
  fv->v[i].n = cut;
  fv->v[i].w = w;
  fv->v[i].brk = 1;
  fv->v[i + 1] = f;
  fv->v[i + 1].s = f.s + cut;
  fv->v[i + 1].n = f.n - cut;
  fv->v[i + 1].w = measure(ts, f.font, size, f.s + cut, f.n - cut);
}

/* Greedy line breaking.  A "word" is a maximal fragment sequence without a
 * break opportunity inside; spaces between words vanish at line ends. */
static void break_lines(struct prep_ts *ts, struct fragv *fv, double width,
                        struct linev *lv)
{
  size_t i = 0;
  while (i < fv->n) {
    /* skip spaces at the line start */
    while (i < fv->n && fv->v[i].kind == FR_SPACE)
      i++;
    if (i >= fv->n)
      break;
    size_t start = i, end = i; /* end: one past the last fragment kept */
    double w = 0, wend = 0;
    int forced = 0;
    while (i < fv->n) {
      if (fv->v[i].kind == FR_NEWLINE) {
        i++;
        forced = 1;
        break;
      }
      double lead = 0; /* pending spaces before the word */
      size_t j = i;
      while (j < fv->n && fv->v[j].kind == FR_SPACE)
        lead += fv->v[j++].w;
      if (j >= fv->n || fv->v[j].kind == FR_NEWLINE) {
        i = j;
        continue;
      }
      /* the word: j .. k */
      size_t k = j;
      double ww = 0;
      for (;;) {
        ww += fv->v[k].w;
        if (fv->v[k].brk || k + 1 >= fv->n ||
            (fv->v[k + 1].kind != FR_TEXT && fv->v[k + 1].kind != FR_MARK))
          break;
        k++;
      }
      if (end == start && w == 0) {
        lead = 0; /* first word of the line */
      }
      if (w + lead + ww <= width + 1e-6) {
        w += lead + ww;
        wend = w;
        end = k + 1;
        i = k + 1;
        continue;
      }
      if (end > start)
        break; /* the word goes to the next line */
      /* a word wider than the line: cut it */
      double acc = 0;
      size_t m = j;
      while (m <= k && acc + fv->v[m].w <= width + 1e-6)
        acc += fv->v[m++].w;
      if (m <= k && fv->v[m].kind == FR_TEXT) {
        size_t before = fv->n;
        split_frag(ts, fv, m, width - acc, acc == 0);
        if (fv->n > before || acc == 0) {
          acc += fv->v[m].w; /* the piece that fits (or one glyph) */
          m++;
        }
      } else if (m == j) {
        acc += fv->v[m].w; /* a mark wider than the line: place it anyway */
        m++;
      }
      if (m > j) /* the pieces cut so far end the line */
        fv->v[m - 1].brk = 1;
      w = acc;
      wend = w;
      end = m;
      i = m;
      break;
    }
    struct line *l = PUSH(ts->a, lv->v, lv->n, lv->cap);
    l->first = start;
    l->n = end - start;
    l->w = wend;
    (void)forced;
  }
}

/* ---- rows and items --------------------------------------------------- */

static struct row *new_row(struct prep_ts *ts, double h, double gap)
{
  struct row *r = PUSH(ts->a, ts->rows, ts->nrows, ts->rowcap);
  memset(r, 0, sizeof *r);
  r->h = h;
  r->gap = gap;
  r->first = ts->nitems;
  return r;
}

static struct item *new_item(struct prep_ts *ts, enum item_kind k)
{
  struct item *it = PUSH(ts->a, ts->items, ts->nitems, ts->itemcap);
  memset(it, 0, sizeof *it);
  it->kind = k;
  ts->rows[ts->nrows - 1].n++;
  return it;
}

static void add_gop(struct prep_ts *ts, enum prep_gop_kind k, double x0,
                    double y0, double x1, double y1, double lw, float stroke,
                    float fill)
{
  struct item *it = new_item(ts, IT_GOP);
  it->gop.kind = k;
  it->gop.x0 = x0;
  it->gop.y0 = y0;
  it->gop.x1 = x1;
  it->gop.y1 = y1;
  it->gop.line_width = lw;
  it->gop.stroke = stroke;
  it->gop.fill = fill;
}

/* A vector mark whose left edge is x on a baseline `base` (row offsets). */
static void add_mark(struct prep_ts *ts, enum prep_mark mk, double x,
                     double base, double size)
{
  double r = size * 0.34, cy = base - size * 0.33, cx = x + size * 0.1 + r;
  switch (mk) {
  case PREP_MARK_FULL:
    add_gop(ts, PREP_GOP_CIRCLE, cx, cy, r, 0, 0.6, 0.0f, 0.0f);
    break;
  case PREP_MARK_HALF:
    add_gop(ts, PREP_GOP_HALF, cx, cy, r, 0, 0.6, 0.0f, 0.0f);
    break;
  case PREP_MARK_EMPTY:
    add_gop(ts, PREP_GOP_CIRCLE, cx, cy, r, 0, 0.6, 0.0f, -1.0f);
    break;
  case PREP_MARK_BOX:
  case PREP_MARK_TICKED: {
    double side = size * 0.72;
    add_gop(ts, PREP_GOP_CHECKBOX, x + size * 0.1, base - side + size * 0.04,
            side, mk == PREP_MARK_TICKED, 0.6, 0.0f, -1.0f);
    break;
  }
  case PREP_MARK_BULLET:
    add_gop(ts, PREP_GOP_CIRCLE, x + size * 0.25, cy, size * 0.13, 0, 0,
            -1.0f, 0.0f);
    break;
  case PREP_MARK_NONE:
    break;
  }
}

static double baseline_in(double size, double leading)
{
  return (leading - size) / 2 + size * 0.8;
}

/* Emits one line's items into the current row at x offset `x0`. */
static void emit_line(struct prep_ts *ts, struct fragv *fv,
                      const struct line *l, double x0, double base)
{
  double x = x0;
  size_t i = l->first, end = l->first + l->n;
  /* trailing spaces are not drawn */
  while (end > i && fv->v[end - 1].kind == FR_SPACE)
    end--;
  struct item *run = NULL;
  char *buf = NULL;
  size_t blen = 0;
  unsigned link = 0;
  double link_x = 0, link_h = 0;
  for (; i < end; i++) {
    struct frag *f = &fv->v[i];
    const struct style_def *sd = &STYLES[f->style];
    if (f->link != link) {
      if (link) {
        struct item *it = new_item(ts, IT_LINK);
        it->link.x0 = link_x;
        it->link.x1 = x;
        it->link.y0 = base - link_h * 0.8;
        it->link.y1 = link_h;
        it->link.dest = link;
      }
      link = f->link;
      link_x = x;
      link_h = 0;
    }
    if (link && sd->leading > link_h)
      link_h = sd->leading;
    if (f->kind == FR_MARK) {
      add_mark(ts, f->mark, x, base, sd->size);
      run = NULL;
      x += f->w;
      continue;
    }
    if (run && run->run.font == f->font && run->run.size == sd->size &&
        run->run.grey == sd->grey) {
      memcpy(buf + blen, f->s, f->n);
      blen += f->n;
      buf[blen] = '\0';
      run->run.len = blen;
      run->run.width += f->w;
    } else if (f->kind == FR_TEXT || run) {
      /* a space starting a run is kept only when it sits between runs */
      size_t cap = 0;
      for (size_t j = i; j < end; j++)
        cap += fv->v[j].n;
      buf = prep_arena_alloc(ts->a, cap + 1);
      memcpy(buf, f->s, f->n);
      blen = f->n;
      run = new_item(ts, IT_RUN);
      run->run.x = x;
      run->run.y = base;
      run->run.size = sd->size;
      run->run.width = f->w;
      run->run.grey = sd->grey;
      run->run.font = f->font;
      run->run.text = buf;
      run->run.len = blen;
    }
    x += f->w;
  }
  if (link) {
    struct item *it = new_item(ts, IT_LINK);
    it->link.x0 = link_x;
    it->link.x1 = x;
    it->link.y0 = base - link_h * 0.8;
    it->link.y1 = link_h;
    it->link.dest = link;
  }
}

static double line_leading(struct fragv *fv, const struct line *l,
                           double *size)
{
  double lead = 0, sz = 0;
  for (size_t i = l->first; i < l->first + l->n; i++) {
    const struct style_def *sd = &STYLES[fv->v[i].style];
    if (sd->leading > lead)
      lead = sd->leading;
    if (sd->size > sz)
      sz = sd->size;
  }
  *size = sz;
  return lead;
}

/* Lays spans out as rows (one per line) at [x, x+width).  Returns the number
 * of rows added; the first gets `gap`.  Paragraph rows keep orphans and
 * widows: the first two and the last two lines stay together. */
static size_t text_rows(struct prep_ts *ts, const struct prep_span *sp,
                        size_t nsp, double x, double width,
                        enum prep_align align, double gap,
                        enum prep_mark marker, const char *marker_text,
                        double hang, size_t frame)
{
  struct fragv fv = fv_take(ts);
  struct linev lv = lv_take(ts);
  fragment(ts, sp, nsp, &fv);
  break_lines(ts, &fv, width - hang, &lv);
  enum prep_style st0 = nsp ? sp[0].style : PREP_ST_BODY;
  if (lv.n == 0) {
    /* an empty paragraph still takes one line (and shows its marker) */
    struct line *l = PUSH(ts->a, lv.v, lv.n, lv.cap);
    memset(l, 0, sizeof *l);
  }
  size_t first_row = ts->nrows;
  for (size_t li = 0; li < lv.n; li++) {
    double size;
    double lead = line_leading(&fv, &lv.v[li], &size);
    if (lead == 0) {
      lead = STYLES[st0].leading;
      size = STYLES[st0].size;
    }
    struct row *r = new_row(ts, lead, li == 0 ? gap : 0);
    r->frame = frame;
    double base = baseline_in(size, lead);
    double lx = x + hang;
    if (align == PREP_ALIGN_CENTER)
      lx += (width - hang - lv.v[li].w) / 2;
    else if (align == PREP_ALIGN_RIGHT)
      lx += width - hang - lv.v[li].w;
    if (li == 0 && marker != PREP_MARK_NONE)
      add_mark(ts, marker, x, base, STYLES[st0].size);
    if (li == 0 && marker_text) {
      struct prep_span ms = {st0, marker_text, PREP_MARK_NONE, 0};
      struct fragv mf = fv_take(ts);
      fragment(ts, &ms, 1, &mf);
      struct line ml = {0, mf.n, 0};
      emit_line(ts, &mf, &ml, x, base);
      fv_give(ts, &mf);
    }
    emit_line(ts, &fv, &lv.v[li], lx, base);
  }
  fv_give(ts, &fv);
  lv_give(ts, &lv);
  size_t n = ts->nrows - first_row;
  if (n >= 2)
    ts->rows[first_row].keep = 1;
  if (n >= 3)
    ts->rows[ts->nrows - 2].keep = 1;
  return n;
}

/* ---- pages and placement ---------------------------------------------- */

static void start_page(struct prep_ts *ts)
{
  struct pagebuf *p = PUSH(ts->a, ts->pages, ts->npages, ts->pcap);
  memset(p, 0, sizeof *p);
  p->hleft = ts->hleft;
  p->hright = ts->hright;
  ts->y = 0;
  ts->empty = 1;
}

static struct pagebuf *cur_page(struct prep_ts *ts)
{
  return &ts->pages[ts->npages - 1];
}

static void page_gop(struct prep_ts *ts, const struct prep_gop *g)
{
  struct pagebuf *p = cur_page(ts);
  *PUSH(ts->a, p->gops, p->ngops, p->gcap) = *g;
}

/* Places row r with its top at ts->y on the current page. */
static void place_row(struct prep_ts *ts, const struct row *r, int keep_gap)
{
  if (!ts->empty || keep_gap)
    ts->y += r->gap;
  double top = ts->ph - ts->top - ts->y; /* PDF y of the row top */
  struct pagebuf *p = cur_page(ts);
  for (size_t i = r->first; i < r->first + r->n; i++) {
    const struct item *it = &ts->items[i];
    switch (it->kind) {
    case IT_RUN: {
      struct prep_run *run = PUSH(ts->a, p->runs, p->nruns, p->rcap);
      *run = it->run;
      run->y = top - it->run.y;
      break;
    }
    case IT_GOP: {
      struct prep_gop g = it->gop;
      switch (g.kind) {
      case PREP_GOP_LINE:
        g.y0 = top - g.y0;
        g.y1 = top - g.y1;
        break;
      case PREP_GOP_RECT: /* stored as top-left + size */
        g.y0 = top - g.y0 - g.y1;
        break;
      case PREP_GOP_CIRCLE:
      case PREP_GOP_HALF:
        g.y0 = top - g.y0;
        break;
      case PREP_GOP_CHECKBOX: /* stored as top-left */
        g.y0 = top - g.y0 - g.x1;
        break;
      }
      page_gop(ts, &g);
      break;
    }
    case IT_LINK: {
      struct prep_link_area *l = PUSH(ts->a, p->links, p->nlinks, p->lcap);
      *l = it->link;
      l->y1 = top - it->link.y0;
      l->y0 = l->y1 - it->link.y1;
      break;
    }
    case IT_ANCHOR: {
      struct anchor_undo *u = PUSH(ts->a, ts->undo, ts->nundo, ts->undocap);
      u->id = it->anchor;
      u->old = ts->dests[it->anchor - 1];
      struct prep_dest *d = &ts->dests[it->anchor - 1];
      d->page = (unsigned)(ts->npages - 1);
      d->y = top + 6 > ts->ph ? ts->ph : top + 6;
      break;
    }
    }
  }
  ts->y += r->h;
  ts->empty = 0;
}

/* Heights of the keep chain (hard) and glue chain (soft) starting at row i. */
static void chains(const struct prep_ts *ts, size_t i, double *hard,
                   double *soft)
{
  double h = 0;
  size_t j = i;
  for (; j < ts->nrows; j++) {
    h += ts->rows[j].h + (j > i ? ts->rows[j].gap : 0);
    if (!ts->rows[j].keep)
      break;
  }
  *hard = h;
  h = 0;
  for (j = i; j < ts->nrows; j++) {
    h += ts->rows[j].h + (j > i ? ts->rows[j].gap : 0);
    if (!ts->rows[j].keep && !ts->rows[j].glue)
      break;
  }
  *soft = h;
}

struct seg {
  size_t frame;     /* open frame, 0 = none */
  double top;       /* ts->y where it began */
};

static void close_seg(struct prep_ts *ts, struct seg *s)
{
  if (!s->frame)
    return;
  const struct frame *f = &ts->frames[s->frame - 1];
  struct prep_gop g = {PREP_GOP_RECT, f->x, 0, f->w, ts->y - s->top, 0.7,
                       0.35f, -1.0f};
  g.y0 = ts->ph - ts->top - ts->y;
  page_gop(ts, &g);
  s->frame = 0;
}

/* Places every buffered row, breaking pages as the keep rules say. */
static void flush(struct prep_ts *ts)
{
  struct seg seg = {0, 0};
  size_t cur_table = 0;
  int header_done = 0;
  for (size_t i = 0; i < ts->nrows; i++) {
    const struct row *r = &ts->rows[i];
    double room = ts->th - ts->y - (ts->empty ? 0 : r->gap);
    double hard, soft;
    chains(ts, i, &hard, &soft);
    int brk = 0;
    if (!ts->empty) {
      if (soft <= room + 1e-6)
        brk = 0;
      else if (soft <= ts->th + 1e-6)
        brk = 1; /* the whole group fits on a fresh page */
      else if (hard <= ts->th + 1e-6 && hard > room + 1e-6)
        brk = 1; /* the inseparable part fits on a fresh page */
      else if (r->h > room + 1e-6)
        brk = 1;
    }
    if (r->table != cur_table) {
      cur_table = r->table;
      header_done = 0;
    }
    if (brk) {
      close_seg(ts, &seg);
      start_page(ts);
      /* repeat the table header on the new page */
      if (r->table && !r->header && header_done) {
        const struct table_info *t = &ts->tables[r->table - 1];
        for (size_t k = 0; k < t->nheader; k++)
          place_row(ts, &ts->rows[t->first_header + k], 0);
      }
    }
    if (r->frame != seg.frame) {
      close_seg(ts, &seg);
      if (r->frame) {
        if (!ts->empty)
          ts->y += r->gap;
        struct row tmp = *r;
        tmp.gap = 0;
        seg.frame = r->frame;
        seg.top = ts->y;
        place_row(ts, &tmp, 0);
        if (r->header)
          header_done = 1;
        continue;
      }
    } else if (r->frame && brk) {
      seg.frame = r->frame;
      seg.top = ts->y;
    }
    place_row(ts, r, 0);
    if (r->header)
      header_done = 1;
  }
  close_seg(ts, &seg);
  ts->nrows = 0;
  ts->nitems = 0;
}

/* Flushes buffered rows only if there are no pending headings to keep. */
static int has_pending(const struct prep_ts *ts)
{
  return ts->nrows > 0;
}

/* ---- public API ------------------------------------------------------- */

struct prep_ts *prep_ts_new(struct prep_arena *a, const struct prep_metrics *m,
                            enum prep_paper paper)
{
  struct prep_ts *ts = prep_arena_alloc(a, sizeof *ts);
  ts->a = a;
  ts->m = *m;
  ts->paper = paper;
  if (paper == PREP_PAPER_LETTER) {
    ts->pw = 612;
    ts->ph = 792;
  } else {
    ts->pw = 595.276;
    ts->ph = 841.89;
  }
  ts->top = 20 * MM;
  ts->tw = ts->pw - (24 + 18) * MM;
  ts->th = ts->ph - (20 + 20) * MM;
  for (int f = 0; f < PREP_FONT_COUNT; f++)
    ts->space_w[f] = -1;
  for (int st = 0; st < PREP_ST_COUNT; st++)
    ts->face[st] = STYLES[st].font;
  start_page(ts);
  return ts;
}

static const char *dup_or_null(struct prep_arena *a, const char *s)
{
  return s ? sanitize(a, s) : NULL;
}

void prep_ts_set_info(struct prep_ts *ts, const struct prep_doc_info *info)
{
  ts->info = *info;
  ts->info.title = dup_or_null(ts->a, info->title);
  ts->info.author = dup_or_null(ts->a, info->author);
  ts->info.subject = dup_or_null(ts->a, info->subject);
  ts->info.keywords = dup_or_null(ts->a, info->keywords);
  ts->info.creator = dup_or_null(ts->a, info->creator);
}

void prep_ts_set_header(struct prep_ts *ts, const char *left,
                        const char *right)
{
  ts->hleft = dup_or_null(ts->a, left);
  ts->hright = dup_or_null(ts->a, right);
  cur_page(ts)->hleft = ts->hleft;
  cur_page(ts)->hright = ts->hright;
}

void prep_ts_set_style_face(struct prep_ts *ts, enum prep_style st,
                            enum prep_font f)
{
  if ((unsigned)st < PREP_ST_COUNT && (unsigned)f < PREP_FONT_COUNT)
    ts->face[st] = f;
}

void prep_ts_plain_page(struct prep_ts *ts)
{
  cur_page(ts)->plain = 1;
}

void prep_ts_page_break(struct prep_ts *ts)
{
  if (!ts->empty)
    start_page(ts);
  if (has_pending(ts))
    flush(ts);
}

void prep_ts_ensure(struct prep_ts *ts, double h)
{
  if (has_pending(ts))
    return; /* the pending heading moves with what follows anyway */
  if (!ts->empty && ts->th - ts->y < h)
    start_page(ts);
}

double prep_ts_remaining(const struct prep_ts *ts)
{
  double used = 0;
  for (size_t i = 0; i < ts->nrows; i++)
    used += ts->rows[i].h + ts->rows[i].gap;
  return ts->th - ts->y - used;
}

double prep_ts_body_height(const struct prep_ts *ts)
{
  return ts->th;
}

double prep_ts_text_width(const struct prep_ts *ts)
{
  return ts->tw;
}

size_t prep_ts_page_index(const struct prep_ts *ts)
{
  return ts->npages - 1;
}

void prep_ts_space(struct prep_ts *ts, double pt)
{
  if (has_pending(ts)) {
    ts->rows[ts->nrows - 1].h += pt;
    return;
  }
  ts->y += pt; /* asked for explicitly: kept even at a page top */
  if (ts->y > ts->th)
    start_page(ts);
}

unsigned prep_ts_anchor_new(struct prep_ts *ts)
{
  struct prep_dest *d = PUSH(ts->a, ts->dests, ts->ndests, ts->dcap);
  d->page = 0;
  d->y = ts->ph;
  return (unsigned)ts->ndests;
}

void prep_ts_anchor_place(struct prep_ts *ts, unsigned id)
{
  if (id == 0 || id > ts->ndests)
    return;
  /* placed with whatever comes next, so it never points at a page foot */
  new_row(ts, 0, 0)->keep = 1;
  new_item(ts, IT_ANCHOR)->anchor = id;
}

void prep_ts_outline(struct prep_ts *ts, unsigned level, const char *title,
                     unsigned id)
{
  if (id == 0 || id > ts->ndests)
    return;
  /* keep the outline well nested: a child is at most one level deeper */
  unsigned max = ts->noutline ? ts->outline[ts->noutline - 1].level + 1 : 0;
  struct prep_outline_entry *o =
      PUSH(ts->a, ts->outline, ts->noutline, ts->ocap);
  o->title = sanitize(ts->a, title);
  o->level = level > max ? max : level;
  o->dest = id;
}

unsigned prep_ts_heading_ex(struct prep_ts *ts, const struct prep_heading *h)
{
  unsigned level = h->level < 1 ? 1 : h->level > 3 ? 3 : h->level;
  enum prep_style st = level == 1 ? PREP_ST_H1
                       : level == 2 ? PREP_ST_H2
                                    : PREP_ST_H3;
  if (h->new_page && !ts->empty && !has_pending(ts))
    start_page(ts);
  unsigned id = h->anchor ? h->anchor : prep_ts_anchor_new(ts);
  const struct style_def *sd = &STYLES[st];
  /* the anchor row, then the heading lines, all kept with what follows */
  new_row(ts, 0, tight(ts, sd->before, 0.6))->keep = 1;
  new_item(ts, IT_ANCHOR)->anchor = id;
  struct prep_span sp = {st, h->text, PREP_MARK_NONE, 0};
  size_t first = ts->nrows;
  text_rows(ts, &sp, 1, 0, ts->tw, PREP_ALIGN_LEFT, 0, PREP_MARK_NONE, NULL,
            0, 0);
  for (size_t i = first; i < ts->nrows; i++)
    ts->rows[i].keep = 1;
  ts->rows[ts->nrows - 1].h += sd->after;
  if (level == 1) { /* a rule under section titles */
    struct row *r = &ts->rows[ts->nrows - 1];
    add_gop(ts, PREP_GOP_LINE, 0, r->h - sd->after / 2, ts->tw,
            r->h - sd->after / 2, 0.8, 0.0f, -1.0f);
  }
  const char *title = h->outline_title ? h->outline_title : h->text;
  if (!h->no_outline)
    prep_ts_outline(ts, level - 1, title, id);
  if (h->toc > 0 || (h->toc == 0 && level <= 2 && !h->no_outline)) {
    struct toc_entry *e = PUSH(ts->a, ts->toc, ts->ntoc, ts->toccap);
    e->level = level;
    e->dest = id;
    e->title = sanitize(ts->a, title);
  }
  return id;
}

unsigned prep_ts_heading(struct prep_ts *ts, unsigned level, const char *text)
{
  struct prep_heading h;
  memset(&h, 0, sizeof h);
  h.level = level;
  h.text = text;
  return prep_ts_heading_ex(ts, &h);
}

void prep_ts_para_spans(struct prep_ts *ts, const struct prep_span *spans,
                        size_t n, const struct prep_para_fmt *fmt)
{
  struct prep_para_fmt zero;
  if (!fmt) {
    memset(&zero, 0, sizeof zero);
    fmt = &zero;
  }
  enum prep_style st = n ? spans[0].style : PREP_ST_BODY;
  const struct style_def *sd = &STYLES[st];
  size_t first = ts->nrows;
  size_t k = text_rows(ts, spans, n, fmt->indent, ts->tw - fmt->indent,
                       fmt->align,
                       tight(ts, sd->before + fmt->space_before, 0.5),
                       fmt->marker, fmt->marker_text, fmt->hang, 0);
  ts->rows[first + k - 1].h += tight(ts, sd->after + fmt->space_after, 0.5);
  if (fmt->keep_together)
    for (size_t i = first; i + 1 < ts->nrows; i++)
      ts->rows[i].glue = 1;
  flush(ts);
}

void prep_ts_para(struct prep_ts *ts, enum prep_style st, const char *text)
{
  struct prep_span sp = {st, text, PREP_MARK_NONE, 0};
  prep_ts_para_spans(ts, &sp, 1, NULL);
}

void prep_ts_bullet(struct prep_ts *ts, enum prep_style st, const char *text)
{
  struct prep_span sp = {st, text, PREP_MARK_NONE, 0};
  struct prep_para_fmt f;
  memset(&f, 0, sizeof f);
  f.hang = STYLES[st].size * 1.2;
  f.marker = PREP_MARK_BULLET;
  f.space_after = -STYLES[st].after / 2;
  prep_ts_para_spans(ts, &sp, 1, &f);
}

void prep_ts_check_item(struct prep_ts *ts, enum prep_style st,
                        const char *text, int ticked)
{
  struct prep_span sp = {st, text, PREP_MARK_NONE, 0};
  struct prep_para_fmt f;
  memset(&f, 0, sizeof f);
  f.hang = STYLES[st].size * 1.6;
  f.marker = ticked ? PREP_MARK_TICKED : PREP_MARK_BOX;
  f.space_after = -STYLES[st].after / 2;
  prep_ts_para_spans(ts, &sp, 1, &f);
}

void prep_ts_rule(struct prep_ts *ts)
{
  new_row(ts, 8, 0);
  add_gop(ts, PREP_GOP_LINE, 0, 4, ts->tw, 4, 0.5, 0.5f, -1.0f);
  flush(ts);
}

static double gap_or_default(double gap)
{
  return gap > 0 ? gap : 8 * MM;
}

void prep_ts_lines(struct prep_ts *ts, unsigned n, double gap)
{
  gap = gap_or_default(gap);
  for (unsigned i = 0; i < n; i++) {
    new_row(ts, gap, 0);
    add_gop(ts, PREP_GOP_LINE, 0, gap, ts->tw, gap, 0.4, 0.6f, -1.0f);
  }
  flush(ts);
}

/* Appends a box's rows to the buffer (not flushed). */
static void box_rows(struct prep_ts *ts, const struct prep_box *b)
{
  const double pad = 6, gap = gap_or_default(b->line_gap);
  struct frame *fr = PUSH(ts->a, ts->frames, ts->nframes, ts->fcap);
  fr->x = 0;
  fr->w = ts->tw;
  size_t fid = ts->nframes, first = ts->nrows;
  double inner = ts->tw - 2 * pad;
  if (b->label) {
    const struct style_def *sd = &STYLES[PREP_ST_LABEL];
    struct row *r = new_row(ts, sd->leading + 4, 8);
    r->frame = fid;
    add_gop(ts, PREP_GOP_RECT, 0, 0, ts->tw, sd->leading + 4, 0, -1.0f,
            0.88f);
    struct prep_span sp = {PREP_ST_LABEL, b->label, PREP_MARK_NONE, 0};
    struct fragv fv = fv_take(ts);
    struct linev lv = lv_take(ts);
    fragment(ts, &sp, 1, &fv);
    break_lines(ts, &fv, inner, &lv);
    if (lv.n) {
      struct line one = lv.v[0]; /* a label is one line: cut the rest */
      emit_line(ts, &fv, &one, pad, 2 + baseline_in(sd->size, sd->leading));
    }
    fv_give(ts, &fv);
    lv_give(ts, &lv);
  } else {
    new_row(ts, 4, 8)->frame = fid;
  }
  if (b->nbody) {
    new_row(ts, 3, 0)->frame = fid;
    text_rows(ts, b->body, b->nbody, pad, inner, PREP_ALIGN_LEFT, 0,
              PREP_MARK_NONE, NULL, 0, fid);
  }
  for (unsigned i = 0; i < b->lines; i++) {
    struct row *r = new_row(ts, gap, 0);
    r->frame = fid;
    add_gop(ts, PREP_GOP_LINE, pad, gap - 0.5, ts->tw - pad, gap - 0.5, 0.4,
            0.62f, -1.0f);
  }
  new_row(ts, 7, 0)->frame = fid;
  /* label, text and the first two lines are inseparable; the rest of the
   * box prefers to stay with them */
  size_t last = ts->nrows - 1;
  size_t e = b->lines ? last - b->lines + (b->lines >= 2 ? 2 : 1) - 1
                      : last - 1; /* the second ruled line */
  for (size_t i = first; i < last; i++) {
    if (i < e)
      ts->rows[i].keep = 1;
    else
      ts->rows[i].glue = 1;
  }
  /* the bottom padding row travels with the last line */
  if (last > first)
    ts->rows[last - 1].keep = 1;
}

void prep_ts_box(struct prep_ts *ts, const struct prep_box *b)
{
  box_rows(ts, b);
  flush(ts);
}

double prep_ts_box_height(struct prep_ts *ts, const struct prep_box *b)
{
  size_t nr = ts->nrows, ni = ts->nitems, nf = ts->nframes;
  box_rows(ts, b);
  double h = 0;
  for (size_t i = nr; i < ts->nrows; i++)
    h += ts->rows[i].h + ts->rows[i].gap;
  ts->nrows = nr;
  ts->nitems = ni;
  ts->nframes = nf;
  return h;
}

/* Appends a table's rows to the buffer (not flushed). */
static void table_rows(struct prep_ts *ts, const struct prep_table *t)
{
  const double padx = 4, pady = ts->tight ? 1.5 : 3;
  double sum = 0;
  for (size_t c = 0; c < t->ncols; c++)
    sum += t->widths && t->widths[c] > 0 ? t->widths[c] : 1;
  double *cw = prep_arena_alloc(ts->a, t->ncols * sizeof *cw);
  for (size_t c = 0; c < t->ncols; c++)
    cw[c] = ts->tw * (t->widths && t->widths[c] > 0 ? t->widths[c] : 1) / sum;
  struct table_info *ti = PUSH(ts->a, ts->tables, ts->ntables, ts->tcap);
  size_t tid = ts->ntables;
  ti->first_header = ts->nrows;
  ti->nheader = t->header_rows < t->nrows ? t->header_rows : 0;
  for (size_t r = 0; r < t->nrows; r++) {
    int hdr = r < ti->nheader;
    /* lay out each cell as rows, then merge them into one table row */
    size_t save_rows = ts->nrows;
    struct row *tr = new_row(ts, 0, r == 0 ? 6 : 0);
    tr->table = tid;
    tr->header = hdr;
    tr->keep = hdr || (r == ti->nheader && t->nrows > r + 1 && 0);
    size_t row_idx = ts->nrows - 1;
    double x = 0, rh = 0;
    /* cells write their items into temporary rows; collect them */
    size_t cell_start_item = ts->nitems;
    for (size_t c = 0; c < t->ncols; c++) {
      const struct prep_cell *cell = &t->cells[r * t->ncols + c];
      struct prep_span sp[2];
      size_t nsp = 0;
      enum prep_style st = cell->style;
      if (cell->mark != PREP_MARK_NONE) {
        sp[nsp].style = st;
        sp[nsp].text = NULL;
        sp[nsp].mark = cell->mark;
        sp[nsp].link = 0;
        nsp++;
      }
      if (cell->text && cell->text[0]) {
        sp[nsp].style = st;
        sp[nsp].text = cell->text;
        sp[nsp].mark = PREP_MARK_NONE;
        sp[nsp].link = 0;
        nsp++;
      }
      size_t r0 = ts->nrows;
      double y = pady;
      if (nsp) {
        text_rows(ts, sp, nsp, x + padx, cw[c] - 2 * padx, cell->align, 0,
                  PREP_MARK_NONE, NULL, 0, 0);
        /* shift the cell's lines down into one stacked column */
        for (size_t k = r0; k < ts->nrows; k++) {
          for (size_t i = ts->rows[k].first;
               i < ts->rows[k].first + ts->rows[k].n; i++) {
            struct item *it = &ts->items[i];
            if (it->kind == IT_RUN)
              it->run.y += y;
            else if (it->kind == IT_GOP) {
              it->gop.y0 += y;
              if (it->gop.kind == PREP_GOP_LINE)
                it->gop.y1 += y;
            }
            else if (it->kind == IT_LINK)
              it->link.y0 += y;
          }
          y += ts->rows[k].h;
        }
      }
      y += pady;
      if (y > rh)
        rh = y;
      ts->nrows = r0; /* the items stay; the temporary rows go */
      x += cw[c];
    }
    ts->nrows = row_idx + 1;
    tr = &ts->rows[row_idx];
    tr->first = cell_start_item;
    tr->n = ts->nitems - cell_start_item;
    tr->h = rh;
    /* shading and rules go first so text draws over them */
    size_t before = ts->nitems;
    if (hdr && t->shade_header)
      add_gop(ts, PREP_GOP_RECT, 0, 0, ts->tw, rh, 0, -1.0f, 0.9f);
    if (r == 0)
      add_gop(ts, PREP_GOP_LINE, 0, 0, ts->tw, 0, 0.8, 0.2f, -1.0f);
    int last_hdr = hdr && r + 1 == ti->nheader;
    add_gop(ts, PREP_GOP_LINE, 0, rh, ts->tw, rh,
            last_hdr || r + 1 == t->nrows ? 0.8 : 0.4,
            last_hdr || r + 1 == t->nrows ? 0.2f : 0.7f, -1.0f);
    size_t ng = ts->nitems - before;
    tr = &ts->rows[row_idx]; /* add_gop counted the graphics in tr->n */
    /* rotate the graphics to the front of the row's items */
    struct item *tmp = prep_arena_alloc(ts->a, ng * sizeof *tmp);
    memcpy(tmp, &ts->items[before], ng * sizeof *tmp);
    memmove(&ts->items[tr->first + ng], &ts->items[tr->first],
            (before - tr->first) * sizeof *tmp);
    memcpy(&ts->items[tr->first], tmp, ng * sizeof *tmp);
    (void)save_rows;
  }
  /* the header keeps with the first body row */
  if (ti->nheader && ti->nheader < t->nrows)
    ts->rows[ti->first_header + ti->nheader - 1].keep = 1;
  ts->rows[ts->nrows - 1].h += tight(ts, 6, 0.5);
}

void prep_ts_table(struct prep_ts *ts, const struct prep_table *t)
{
  if (t->ncols == 0 || t->nrows == 0)
    return;
  table_rows(ts, t);
  flush(ts);
}

double prep_ts_table_height(struct prep_ts *ts, const struct prep_table *t)
{
  if (t->ncols == 0 || t->nrows == 0)
    return 0;
  size_t nr = ts->nrows, ni = ts->nitems, nt = ts->ntables;
  table_rows(ts, t);
  double h = 0;
  for (size_t i = nr; i < ts->nrows; i++)
    h += ts->rows[i].h + ts->rows[i].gap;
  ts->nrows = nr;
  ts->nitems = ni;
  ts->ntables = nt;
  return h;
}

double prep_ts_para_height(struct prep_ts *ts, const struct prep_span *spans,
                           size_t n, const struct prep_para_fmt *fmt)
{
  struct prep_para_fmt zero;
  if (!fmt) {
    memset(&zero, 0, sizeof zero);
    fmt = &zero;
  }
  enum prep_style st = n ? spans[0].style : PREP_ST_BODY;
  const struct style_def *sd = &STYLES[st];
  size_t nr = ts->nrows, ni = ts->nitems;
  text_rows(ts, spans, n, fmt->indent, ts->tw - fmt->indent, fmt->align,
            tight(ts, sd->before + fmt->space_before, 0.5), fmt->marker,
            fmt->marker_text, fmt->hang, 0);
  double h = tight(ts, sd->after + fmt->space_after, 0.5);
  for (size_t i = nr; i < ts->nrows; i++)
    h += ts->rows[i].h + ts->rows[i].gap;
  ts->nrows = nr;
  ts->nitems = ni;
  return h;
}

/* One line of text at (x, base) in the current row, cut to `maxw`; right
 * aligned at x + maxw when asked.  Returns the width drawn. */
static double one_line(struct prep_ts *ts, enum prep_style st,
                       const char *text, double x, double base, double maxw,
                       enum prep_align al, unsigned link)
{
  if (!text || !text[0])
    return 0;
  struct prep_span sp = {st, text, PREP_MARK_NONE, link};
  struct fragv fv = fv_take(ts);
  struct linev lv = lv_take(ts);
  fragment(ts, &sp, 1, &fv);
  break_lines(ts, &fv, maxw, &lv);
  double w = 0;
  if (lv.n) {
    struct line one = lv.v[0];
    double lx = x;
    if (al == PREP_ALIGN_RIGHT)
      lx = x + maxw - one.w;
    else if (al == PREP_ALIGN_CENTER)
      lx = x + (maxw - one.w) / 2;
    emit_line(ts, &fv, &one, lx, base);
    w = one.w;
  }
  fv_give(ts, &fv);
  lv_give(ts, &lv);
  return w;
}

void prep_ts_chart(struct prep_ts *ts, const struct prep_chart *c)
{
  if (!c || c->nrows == 0)
    return;
  unsigned cols = c->columns < 1 ? 1 : c->columns > 4 ? 4 : c->columns;
  const double gutter = 16, rh = ts->tight ? 13 : 14.5, msize = 9.5;
  double cw = (ts->tw - gutter * (cols - 1)) / cols;
  size_t per = (c->nrows + cols - 1) / cols;
  const struct style_def *ss = &STYLES[PREP_ST_SMALL];
  double markw = msize * 1.25, letw = 10, valw = 16, barw = cw * 0.26;
  double labw = cw - markw - letw - barw - valw - 8;
  double base = baseline_in(ss->size, rh);
  for (size_t r = 0; r < per; r++) {
    struct row *row = new_row(ts, rh, r == 0 ? 4 : 0);
    row->glue = r + 1 < per;
    for (unsigned k = 0; k < cols; k++) {
      size_t i = (size_t)k * per + r;
      if (i >= c->nrows)
        continue;
      const struct prep_chart_row *e = &c->rows[i];
      double x = k * (cw + gutter);
      add_gop(ts, PREP_GOP_LINE, x, rh - 0.2, x + cw, rh - 0.2, 0.3, 0.8f,
              -1.0f);
      double bx = x + cw - valw - barw, bh = 5.5, by = base - 6.2;
      double v = e->value < 0 ? 0 : e->value > 1 ? 1 : e->value;
      if (v > 0)
        add_gop(ts, PREP_GOP_RECT, bx, by, barw * v, bh, 0, -1.0f, 0.55f);
      add_gop(ts, PREP_GOP_RECT, bx, by, barw, bh, 0.4, 0.45f, -1.0f);
      if (e->mark != PREP_MARK_NONE)
        add_mark(ts, e->mark, x, base, msize);
      if (e->letter)
        one_line(ts, PREP_ST_LABEL, e->letter, x + markw, base, letw,
                 PREP_ALIGN_LEFT, 0);
      one_line(ts, PREP_ST_SMALL, e->label, x + markw + letw, base, labw,
               PREP_ALIGN_LEFT, e->link);
      if (e->value_text)
        one_line(ts, PREP_ST_SMALL, e->value_text, x + cw - valw, base, valw,
                 PREP_ALIGN_RIGHT, 0);
    }
  }
  ts->rows[ts->nrows - 1].h += 6;
  flush(ts);
}

void prep_ts_toc(struct prep_ts *ts, const char *title)
{
  if (has_pending(ts))
    flush(ts);
  if (!ts->empty)
    start_page(ts);
  ts->has_toc = 1;
  ts->toc_title = sanitize(ts->a, title ? title : "");
  /* the TOC pages are built at finish and inserted before this page */
  ts->toc_at = ts->npages - 1;
}

/* ---- marks ------------------------------------------------------------- */

void prep_ts_set_tight(struct prep_ts *ts, int on)
{
  ts->tight = on != 0;
}

void prep_ts_mark(struct prep_ts *ts, struct prep_ts_mark *m)
{
  if (has_pending(ts))
    flush(ts);
  const struct pagebuf *p = cur_page(ts);
  m->npages = ts->npages;
  m->nruns = p->nruns;
  m->ngops = p->ngops;
  m->nlinks = p->nlinks;
  m->phleft = p->hleft;
  m->phright = p->hright;
  m->plain = p->plain;
  m->hleft = ts->hleft;
  m->hright = ts->hright;
  m->y = ts->y;
  m->empty = ts->empty;
  m->ndests = ts->ndests;
  m->noutline = ts->noutline;
  m->ntoc = ts->ntoc;
  m->nframes = ts->nframes;
  m->ntables = ts->ntables;
  m->nundo = ts->nundo;
}

void prep_ts_rewind(struct prep_ts *ts, const struct prep_ts_mark *m)
{
  ts->nrows = 0;
  ts->nitems = 0;
  ts->npages = m->npages;
  struct pagebuf *p = cur_page(ts);
  p->nruns = m->nruns;
  p->ngops = m->ngops;
  p->nlinks = m->nlinks;
  p->hleft = m->phleft;
  p->hright = m->phright;
  p->plain = m->plain;
  ts->hleft = m->hleft;
  ts->hright = m->hright;
  ts->y = m->y;
  ts->empty = m->empty;
  while (ts->nundo > m->nundo) {
    const struct anchor_undo *u = &ts->undo[--ts->nundo];
    if (u->id >= 1 && u->id <= ts->ndests)
      ts->dests[u->id - 1] = u->old;
  }
  ts->ndests = m->ndests;
  ts->noutline = m->noutline;
  ts->ntoc = m->ntoc;
  ts->nframes = m->nframes;
  ts->ntables = m->ntables;
}

/* ---- finish ------------------------------------------------------------ */

static void add_run(struct prep_ts *ts, struct pagebuf *p, enum prep_style st,
                    double x, double y, const char *text, enum prep_align al,
                    double maxw)
{
  struct prep_span sp = {st, text, PREP_MARK_NONE, 0};
  struct fragv fv = fv_take(ts);
  fragment(ts, &sp, 1, &fv);
  double w = 0;
  for (size_t i = 0; i < fv.n; i++) {
    if (w + fv.v[i].w > maxw) { /* too long for the header: cut */
      fv.n = i;
      break;
    }
    w += fv.v[i].w;
  }
  if (al == PREP_ALIGN_RIGHT)
    x -= w;
  else if (al == PREP_ALIGN_CENTER)
    x -= w / 2;
  struct prep_run *r = NULL;
  for (size_t i = 0; i < fv.n; i++) {
    const struct frag *f = &fv.v[i];
    if (f->kind != FR_TEXT && f->kind != FR_SPACE)
      continue;
    if (r && r->font == f->font && r->text + r->len == f->s) {
      r->len += f->n; /* the same font, adjacent bytes: one run */
      r->width += f->w;
    } else {
      r = PUSH(ts->a, p->runs, p->nruns, p->rcap);
      r->x = x;
      r->y = y;
      r->size = STYLES[st].size;
      r->width = f->w;
      r->grey = STYLES[st].grey;
      r->font = f->font;
      r->text = f->s;
      r->len = f->n;
    }
    x += f->w;
  }
  fv_give(ts, &fv);
  /* runs point into the sanitised copy: give each its own terminated copy */
  for (size_t i = 0; r && i < p->nruns; i++)
    if (p->runs[i].text[p->runs[i].len] != '\0')
      p->runs[i].text = prep_arena_strndup(ts->a, p->runs[i].text,
                                           p->runs[i].len);
}

/* The TOC: built at the end of the page list, then rotated into place. */
static void build_toc(struct prep_ts *ts)
{
  if (has_pending(ts))
    flush(ts);
  size_t old_n = ts->npages;
  ts->hleft = NULL;
  ts->hright = NULL;
  start_page(ts);
  size_t first_toc_page = ts->npages - 1;
  unsigned tid = prep_ts_anchor_new(ts);
  struct prep_heading h;
  memset(&h, 0, sizeof h);
  h.level = 1;
  h.text = ts->toc_title;
  h.anchor = tid;
  h.toc = -1;
  h.no_outline = 1;
  prep_ts_heading_ex(ts, &h);
  /* outline entry for the TOC itself goes first */
  const double numw = 28;
  struct numref {
    size_t page, run;
    unsigned dest;
  } *refs = prep_arena_alloc(ts->a, (ts->ntoc + 1) * sizeof *refs);
  size_t nrefs = 0;
  for (size_t e = 0; e < ts->ntoc; e++) {
    const struct toc_entry *te = &ts->toc[e];
    if (te->dest == tid)
      continue;
    enum prep_style st = te->level <= 1 ? PREP_ST_BOLD : PREP_ST_BODY;
    double indent = te->level <= 1 ? 0 : 14;
    struct prep_span sp = {st, te->title, PREP_MARK_NONE, te->dest};
    size_t first = ts->nrows;
    text_rows(ts, &sp, 1, indent, ts->tw - indent - numw, PREP_ALIGN_LEFT,
              te->level <= 1 ? 5 : 0, PREP_MARK_NONE, NULL, 0, 0);
    /* the page number: a placeholder run on the last line, fixed later */
    struct row *last = &ts->rows[ts->nrows - 1];
    (void)first;
    struct item *it = new_item(ts, IT_RUN);
    it->run.x = ts->tw;
    it->run.y = baseline_in(STYLES[st].size, STYLES[st].leading);
    it->run.size = STYLES[st].size;
    it->run.font = ts->face[st];
    it->run.grey = 0;
    it->run.text = "0";
    it->run.len = 1;
    it->run.width = 0;
    struct item *lk = new_item(ts, IT_LINK);
    lk->link.x0 = ts->tw - numw;
    lk->link.x1 = ts->tw;
    lk->link.y0 = 0;
    lk->link.y1 = last->h;
    lk->link.dest = te->dest;
    (void)last;
    flush(ts);
    struct pagebuf *p = cur_page(ts);
    refs[nrefs].page = ts->npages - 1;
    refs[nrefs].run = p->nruns - 1;
    refs[nrefs].dest = te->dest;
    nrefs++;
  }
  if (has_pending(ts))
    flush(ts);
  size_t k = ts->npages - old_n;
  (void)first_toc_page;
  /* rotate pages [toc_at, old_n) and [old_n, npages) */
  size_t at = ts->toc_at;
  struct pagebuf *tmp = prep_arena_alloc(ts->a, ts->npages * sizeof *tmp);
  memcpy(tmp, ts->pages, ts->npages * sizeof *tmp);
  size_t o = at;
  for (size_t i = old_n; i < ts->npages; i++)
    ts->pages[o++] = tmp[i];
  for (size_t i = at; i < old_n; i++)
    ts->pages[o++] = tmp[i];
  for (size_t d = 0; d < ts->ndests; d++) {
    size_t p = ts->dests[d].page;
    if (p >= old_n)
      p = p - old_n + at;
    else if (p >= at)
      p += k;
    ts->dests[d].page = (unsigned)p;
  }
  /* fill in the page numbers, right-aligned */
  for (size_t i = 0; i < nrefs; i++) {
    size_t p = refs[i].page - old_n + at;
    struct prep_run *r = &ts->pages[p].runs[refs[i].run];
    char num[24];
    snprintf(num, sizeof num, "%u", ts->dests[refs[i].dest - 1].page + 1);
    r->text = prep_arena_strdup(ts->a, num);
    r->len = strlen(num);
    r->width = measure(ts, r->font, r->size, r->text, r->len);
    r->x -= r->width;
  }
  /* the TOC's own bookmark goes first */
  struct prep_outline_entry *o2 =
      PUSH(ts->a, ts->outline, ts->noutline, ts->ocap);
  (void)o2;
  memmove(&ts->outline[1], &ts->outline[0],
          (ts->noutline - 1) * sizeof *ts->outline);
  ts->outline[0].title = ts->toc_title;
  ts->outline[0].level = 0;
  ts->outline[0].dest = tid;
}

struct prep_layout *prep_ts_finish(struct prep_ts *ts)
{
  if (has_pending(ts))
    flush(ts);
  /* a trailing empty page (after a final page break) is dropped */
  if (ts->npages > 1 && ts->empty && !(ts->has_toc && ts->toc_at ==
                                                          ts->npages - 1)) {
    int used = 0;
    for (size_t d = 0; d < ts->ndests; d++)
      if (ts->dests[d].page == ts->npages - 1)
        used = 1;
    if (!used)
      ts->npages--;
  }
  if (ts->has_toc)
    build_toc(ts);
  struct prep_layout *l = prep_arena_alloc(ts->a, sizeof *l);
  l->width = ts->pw;
  l->height = ts->ph;
  l->paper = ts->paper == PREP_PAPER_LETTER ? "letter" : "a4";
  l->npages = ts->npages;
  l->pages = prep_arena_alloc(ts->a, (ts->npages ? ts->npages : 1) *
                                         sizeof *l->pages);
  for (size_t i = 0; i < ts->npages; i++) {
    struct pagebuf *p = &ts->pages[i];
    double left = (i % 2 == 0 ? 24 : 18) * MM;
    for (size_t k = 0; k < p->nruns; k++)
      p->runs[k].x += left;
    for (size_t k = 0; k < p->ngops; k++)
      p->gops[k].x0 += left;
    for (size_t k = 0; k < p->ngops; k++)
      if (p->gops[k].kind == PREP_GOP_LINE)
        p->gops[k].x1 += left;
    for (size_t k = 0; k < p->nlinks; k++) {
      p->links[k].x0 += left;
      p->links[k].x1 += left;
    }
    if (!p->plain) {
      char num[48];
      snprintf(num, sizeof num, "%zu / %zu", i + 1, ts->npages);
      double ytop = ts->ph - 13 * MM, ybot = 12 * MM;
      int recto = i % 2 == 0;
      if (p->hleft)
        add_run(ts, p, PREP_ST_SMALL, left, ytop, p->hleft, PREP_ALIGN_LEFT,
                p->hright ? ts->tw * 0.6 : ts->tw);
      if (p->hright)
        add_run(ts, p, PREP_ST_SMALL, left + ts->tw, ytop, p->hright,
                PREP_ALIGN_RIGHT, p->hleft ? ts->tw * 0.38 : ts->tw);
      if (p->hleft || p->hright) {
        struct prep_gop g = {PREP_GOP_LINE, left, ytop - 5, left + ts->tw,
                             ytop - 5, 0.4, 0.6f, -1.0f};
        *PUSH(ts->a, p->gops, p->ngops, p->gcap) = g;
      }
      add_run(ts, p, PREP_ST_SMALL, recto ? left + ts->tw : left, ybot, num,
              recto ? PREP_ALIGN_RIGHT : PREP_ALIGN_LEFT, ts->tw);
    }
    l->pages[i].runs = p->runs;
    l->pages[i].nruns = p->nruns;
    l->pages[i].gops = p->gops;
    l->pages[i].ngops = p->ngops;
    l->pages[i].links = p->links;
    l->pages[i].nlinks = p->nlinks;
    for (size_t k = 0; k < p->nruns; k++)
      l->fonts_used |= 1u << p->runs[k].font;
  }
  l->dests = ts->dests;
  l->ndests = ts->ndests;
  for (size_t d = 0; d < l->ndests; d++)
    if (l->dests[d].page >= l->npages)
      l->dests[d].page = l->npages ? (unsigned)l->npages - 1 : 0;
  l->outline = ts->outline;
  l->noutline = ts->noutline;
  l->info = ts->info;
  return l;
}

size_t prep_ts_break(struct prep_ts *ts, enum prep_style st, const char *text,
                     double width, struct prep_ts_line *lines, size_t max,
                     const char **clean)
{
  struct prep_span sp = {st, text, PREP_MARK_NONE, 0};
  struct fragv fv = fv_take(ts);
  struct linev lv = lv_take(ts);
  fragment(ts, &sp, 1, &fv);
  break_lines(ts, &fv, width, &lv);
  const char *base = ts->last_clean ? ts->last_clean : "";
  if (clean)
    *clean = base;
  for (size_t i = 0; i < lv.n && i < max; i++) {
    const struct line *l = &lv.v[i];
    size_t end = l->first + l->n;
    while (end > l->first && fv.v[end - 1].kind == FR_SPACE)
      end--;
    if (end == l->first) {
      lines[i].start = 0;
      lines[i].len = 0;
    } else {
      lines[i].start = (size_t)(fv.v[l->first].s - base);
      lines[i].len = (size_t)(fv.v[end - 1].s + fv.v[end - 1].n -
                              fv.v[l->first].s);
    }
    lines[i].width = l->w;
  }
  fv_give(ts, &fv);
  lv_give(ts, &lv);
  return lv.n;
}
