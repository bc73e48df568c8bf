/* pdf.c - the PDF writer: the only file that talks to libharu (see pdf.h).
 *
 * Works around libharu 2.3.0's traps (../shared/notes/libharu.md):
 *   - UTF-8 TrueType fonts with a rewritten ToUnicode CMap (recipe B), so
 *     poppler prints no warning;
 *   - widths from the font definition (what HPDF_Font_TextWidth sums, recipe
 *     C), remembered per code point, so a face only measured costs no
 *     HPDF_GetFont; faces are loaded on first use and set up for drawing
 *     only when a run uses them;
 *   - all path drawing outside BT/ET; link borders switched off; outline and
 *     info strings through the UTF-8 encoder; no wall-clock dates and a /ID
 *     hashed from the content (recipe F); the first error is recorded and
 *     fails the document (recipe G).
 *
 * Speed (issue 6 wants the whole process at ~40 ms):
 *   - page contents are written by this file, not through libharu's page
 *     operators: numbers with two decimals, text as UTF-16BE literal
 *     strings, colour and line width only when they change.  libharu still
 *     owns the page objects, resources, links, outline and the file;
 *   - a face is set up for drawing (HPDF_GetFont) with only the characters
 *     the document draws in it.  libharu 2.3.0 otherwise looks up all 65,536
 *     BMP code points for the UTF-8 encoder (~1.7 ms per face) and writes a
 *     128 KB CIDToGIDMap and a W array for every glyph of the font.  The
 *     encoder's CID map is filled with the drawn code points for the call
 *     (so CIDFontType2_New takes its CMap-encoder branch) and emptied again.
 *
 * It uses a few libharu internals (font definitions, the encoder's maps,
 * the page's content stream, the ToUnicode stream, the trailer, MD5), all
 * exported by Debian's libhpdf 2.3.0.
 */
#include "prepgen/pdf.h"

#include <errno.h>
#include <fcntl.h>
#include <hpdf.h>
#include <hpdf_doc.h>
#include <hpdf_encoder.h>
#include <hpdf_encrypt.h>
#include <hpdf_font.h>
#include <hpdf_fontdef.h>
#include <hpdf_objects.h>
#include <hpdf_pages.h>
#include <hpdf_streams.h>
#include <libgen.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "prepgen/arena.h"
#include "prepgen/text.h"

#include <zlib.h>

/* ---- compression level -------------------------------------------------
 * libharu 2.3.0 deflates every stream at zlib's default level (6) and has
 * no call to choose another.  Measured on a 60-page pack: level 6 spends
 * ~10 ms of ~56 ms compressing for a 304 KB file; level 2 gives 341 KB in
 * ~46 ms.  libharu reaches zlib through the dynamic symbol deflateInit_, so
 * this definition (exported because libhpdf refers to it) is the one it
 * calls: same stream format, a faster level.  Deterministic, like any fixed
 * zlib level.  Only libharu compresses in prepgen (libzip only inflates). */
#define PREP_PDF_DEFLATE_LEVEL 2

int deflateInit_(z_streamp strm, int level, const char *version,
                 int stream_size);

int deflateInit_(z_streamp strm, int level, const char *version,
                 int stream_size)
{
  (void)level;
  return deflateInit2_(strm, PREP_PDF_DEFLATE_LEVEL, Z_DEFLATED, MAX_WBITS, 8,
                       Z_DEFAULT_STRATEGY, version, stream_size);
}

/* Per code point of a face, in blocks of 256 made on demand: */
#define CP_KNOWN 0x80000000u   /* glyph presence looked up */
#define CP_HAS 0x40000000u     /* the face has a glyph */
#define CP_MARKED 0x20000000u  /* width known and the glyph marked used */
#define CP_DRAWN 0x10000000u   /* drawn in the document */
#define CP_WIDTH 0x0000FFFFu   /* advance, 1/1000 em (when CP_MARKED) */

struct face {
  const char *name; /* PostScript name from libharu, NULL until loaded */
  HPDF_FontDef def;
  HPDF_Font font;   /* set up for drawing on first use */
  int failed;
  uint32_t *cp[256];  /* code point table blocks (see CP_*) */
  unsigned max_drawn; /* highest code point drawn */
  int drawn;          /* anything drawn at all */
};

struct prep_pdf {
  HPDF_Doc doc;
  HPDF_STATUS err, detail; /* the first libharu error */
  char *fonts_dir;
  struct prep_diag *diag;
  struct face f[PREP_FONT_COUNT];
  double font_ms;
  unsigned faces_used;
  int written;
  int extra_glyph; /* embed one more glyph per face (see build()) */
};

static void on_error(HPDF_STATUS err, HPDF_STATUS detail, void *ctx)
{
  struct prep_pdf *p = ctx;
  if (p->err == 0) {
    p->err = err;
    p->detail = detail;
  }
}

static double now_ms(void)
{
  struct timespec ts;
  clock_gettime(CLOCK_MONOTONIC, &ts);
  return (double)ts.tv_sec * 1e3 + (double)ts.tv_nsec / 1e6;
}

/* ---- fonts -------------------------------------------------------------- */

/* Recipe B (from tests/fonts/check-fonts.c): replaces libharu's malformed
 * ToUnicode stream of a UTF-8 font by an identity bfrange CMap (the font's
 * codes are UTF-16 code units), one range per block of 256 code points the
 * document draws in the face. */
static HPDF_STATUS fix_tounicode(HPDF_Font font, const struct face *f)
{
  static const char head[] =
      "/CIDInit /ProcSet findresource begin\n"
      "12 dict begin\n"
      "begincmap\n"
      "/CIDSystemInfo << /Registry (Adobe) /Ordering (UCS) /Supplement 0 >> "
      "def\n"
      "/CMapName /Adobe-Identity-UCS def\n"
      "/CMapType 2 def\n"
      "1 begincodespacerange\n"
      "<0000> <FFFF>\n"
      "endcodespacerange\n";
  static const char tail[] = "endcmap\n"
                             "CMapName currentdict /CMap defineresource pop\n"
                             "end\n"
                             "end\n";
  char line[40];
  unsigned blocks[256], nb = 0;
  HPDF_STATUS st;
  if (!font)
    return HPDF_INVALID_FONT;
  for (unsigned hi = 0; hi < 256; hi++) {
    if (hi >= 0xD8 && hi <= 0xDF)
      continue;
    int used = 0;
    for (unsigned lo = 0; f->cp[hi] && lo < 256 && !used; lo++)
      used = (f->cp[hi][lo] & CP_DRAWN) != 0;
    if (used)
      blocks[nb++] = hi;
  }
  HPDF_Dict tu =
      (HPDF_Dict)HPDF_Dict_GetItem((HPDF_Dict)font, "ToUnicode",
                                   HPDF_OCLASS_DICT);
  if (!tu || !tu->stream)
    return HPDF_INVALID_OBJECT;
  HPDF_Stream s = tu->stream;
  HPDF_MemStream_FreeData(s);
  if ((st = HPDF_Stream_WriteStr(s, head)) != HPDF_OK)
    return st;
  for (unsigned k = 0; k < nb; k += 100) {
    unsigned n = nb - k < 100 ? nb - k : 100;
    snprintf(line, sizeof line, "%u beginbfrange\n", n);
    if ((st = HPDF_Stream_WriteStr(s, line)) != HPDF_OK)
      return st;
    for (unsigned j = k; j < k + n; j++) {
      snprintf(line, sizeof line, "<%02X00> <%02XFF> <%02X00>\n", blocks[j],
               blocks[j], blocks[j]);
      if ((st = HPDF_Stream_WriteStr(s, line)) != HPDF_OK)
        return st;
    }
    if ((st = HPDF_Stream_WriteStr(s, "endbfrange\n")) != HPDF_OK)
      return st;
  }
  return HPDF_Stream_WriteStr(s, tail);
}

/* Loads the definition of face i (cheap: ~0.1 ms; the CJK face ~1.4 ms). */
static struct face *face_def(struct prep_pdf *p, enum prep_font i)
{
  struct face *f = &p->f[i];
  if (f->def || f->failed)
    return f->def ? f : NULL;
  char path[4096];
  int n = snprintf(path, sizeof path, "%s/%s", p->fonts_dir, prep_font_file(i));
  if (n < 0 || (size_t)n >= sizeof path || access(path, R_OK) != 0) {
    f->failed = 1;
    if (p->diag)
      prep_diag_add(p->diag, PREP_SEV_ERROR, path, NULL,
                    "cannot read this font file");
    return NULL;
  }
  double t0 = now_ms();
  if (p->err == 0)
    f->name = HPDF_LoadTTFontFromFile(p->doc, path, HPDF_TRUE);
  if (f->name)
    f->def = HPDF_GetFontDef(p->doc, f->name);
  p->font_ms += now_ms() - t0;
  if (!f->def) {
    f->failed = 1;
    if (p->diag)
      prep_diag_add(p->diag, PREP_SEV_ERROR, path, NULL,
                    "libharu cannot load this font (error 0x%04X)",
                    (unsigned)p->err);
    return NULL;
  }
  return f;
}

/* The table entry of code point cp (BMP) of a loaded face. */
static uint32_t *cp_entry(struct face *f, unsigned cp)
{
  uint32_t **b = &f->cp[(cp >> 8) & 0xFF];
  if (!*b)
    *b = prep_xcalloc(256, sizeof **b);
  return &(*b)[cp & 0xFF];
}

/* The advance of cp in 1/1000 em; marks its glyph used (so the subset
 * embeds it), once. */
static unsigned cp_width(struct face *f, unsigned cp)
{
  uint32_t *e = cp_entry(f, cp);
  if (!(*e & CP_MARKED)) {
    HPDF_INT16 w = HPDF_TTFontDef_GetCharWidth(f->def, (HPDF_UINT16)cp);
    *e = (*e & ~CP_WIDTH) | CP_MARKED | ((uint32_t)(uint16_t)w & CP_WIDTH);
  }
  return *e & CP_WIDTH;
}

/* The face set up for drawing with the code points marked CP_DRAWN. */
static HPDF_Font face_font(struct prep_pdf *p, enum prep_font i)
{
  struct face *f = face_def(p, i);
  if (!f)
    return NULL;
  if (f->font || p->err)
    return f->font;
  double t0 = now_ms();
  HPDF_Encoder enc = HPDF_GetEncoder(p->doc, "UTF-8");
  if (!enc)
    return NULL;
  HPDF_CMapEncoderAttr ea = (HPDF_CMapEncoderAttr)enc->attr;
  HPDF_Encoder_ToUnicode_Func saved = enc->to_unicode_fn;
  /* the drawn code points, and one more past the highest: libharu writes
   * widths and the CIDToGIDMap for CIDs below its maximum only.  Code
   * points below 0x20 are never drawn, so cid_map[0][0..9] (where the
   * UTF-8 encoder keeps its parse state) is not touched. */
  unsigned top = f->drawn ? f->max_drawn + 1 : 0x21;
  if (top > 0xFFFF)
    top = 0xFFFF;
  for (unsigned hi = 0; hi < 256; hi++)
    for (unsigned lo = 0; f->cp[hi] && lo < 256; lo++)
      if (f->cp[hi][lo] & CP_DRAWN) {
        ea->cid_map[hi][lo] = (HPDF_UINT16)(hi << 8 | lo);
        ea->unicode_map[hi][lo] = (HPDF_UNICODE)(hi << 8 | lo);
      }
  ea->cid_map[top >> 8][top & 0xFF] = (HPDF_UINT16)top;
  ea->unicode_map[top >> 8][top & 0xFF] = (HPDF_UNICODE)top;
  if (p->extra_glyph) {
    /* one more glyph in the subset changes its size (see build()) */
    for (unsigned c = 0x21; c < 0x2FF; c++) {
      uint32_t *e = cp_entry(f, c);
      if (!(*e & (CP_DRAWN | CP_MARKED)) &&
          HPDF_TTFontDef_GetGlyphid(f->def, (HPDF_UINT16)c) != 0) {
        (void)HPDF_TTFontDef_GetCharWidth(f->def, (HPDF_UINT16)c);
        break;
      }
    }
  }
  enc->to_unicode_fn = HPDF_CMapEncoder_ToUnicode;
  f->font = HPDF_GetFont(p->doc, f->name, "UTF-8");
  enc->to_unicode_fn = saved;
  for (unsigned hi = 0; hi < 256; hi++)
    for (unsigned lo = 0; f->cp[hi] && lo < 256; lo++)
      if (f->cp[hi][lo] & CP_DRAWN) {
        ea->cid_map[hi][lo] = 0;
        ea->unicode_map[hi][lo] = 0;
      }
  ea->cid_map[top >> 8][top & 0xFF] = 0;
  ea->unicode_map[top >> 8][top & 0xFF] = 0;
  if (f->font && fix_tounicode(f->font, f) != HPDF_OK && p->err == 0)
    p->err = HPDF_INVALID_OBJECT;
  p->font_ms += now_ms() - t0;
  p->faces_used++;
  return f->font;
}

static int m_has_glyph(void *ctx, enum prep_font font, unsigned cp)
{
  struct face *f = face_def(ctx, font);
  if (!f || cp > 0xFFFF)
    return 0;
  uint32_t *e = cp_entry(f, cp);
  if (!(*e & CP_KNOWN))
    *e |= CP_KNOWN |
          (HPDF_TTFontDef_GetGlyphid(f->def, (HPDF_UINT16)cp) ? CP_HAS : 0);
  return (*e & CP_HAS) != 0;
}

/* The sum of the per-character widths in 1/1000 em: exactly what
 * HPDF_Font_TextWidth computes for a UTF-8 CID font, without needing the
 * HPDF_GetFont set-up.  Marks the glyphs as used, which is what we want. */
static double m_width(void *ctx, enum prep_font font, const char *s, size_t n)
{
  struct face *f = face_def(ctx, font);
  if (!f)
    return 0;
  unsigned w = 0;
  for (size_t i = 0; i < n;) {
    unsigned cp = (unsigned char)s[i];
    if (cp < 0x80) {
      i++;
    } else {
      i += (size_t)prep_utf8_decode(s + i, n - i, &cp);
      if (cp > 0xFFFF)
        cp = 0xFFFD;
    }
    uint32_t *b = f->cp[cp >> 8];
    uint32_t e = b ? b[cp & 0xFF] : 0;
    w += e & CP_MARKED ? e & CP_WIDTH : cp_width(f, cp);
  }
  return (double)w;
}

/* ---- public: lifetime --------------------------------------------------- */

/* A fresh libharu document with our settings; 0 on success. */
static int new_doc(struct prep_pdf *p)
{
  p->err = p->detail = 0;
  p->doc = HPDF_New(on_error, p);
  if (!p->doc)
    return -1;
  HPDF_SetCompressionMode(p->doc, HPDF_COMP_ALL);
  HPDF_UseUTFEncodings(p->doc);
  HPDF_SetCurrentEncoder(p->doc, "UTF-8");
  return p->err ? -1 : 0;
}

enum prep_status prep_pdf_new(const char *fonts_dir, struct prep_diag *diag,
                              struct prep_pdf **out)
{
  *out = NULL;
  struct prep_pdf *p = prep_xcalloc(1, sizeof *p);
  size_t n = strlen(fonts_dir);
  p->fonts_dir = prep_xmalloc(n + 1);
  memcpy(p->fonts_dir, fonts_dir, n + 1);
  p->diag = diag;
  if (new_doc(p) != 0 && !p->doc) {
    prep_diag_add(diag, PREP_SEV_ERROR, NULL, NULL,
                  "libharu cannot create a document");
    free(p->fonts_dir);
    free(p);
    return PREP_EINTERNAL;
  }
  if (p->err) {
    prep_diag_add(diag, PREP_SEV_ERROR, NULL, NULL,
                  "libharu set-up failed (error 0x%04X)", (unsigned)p->err);
    prep_pdf_free(p);
    return PREP_EINTERNAL;
  }
  *out = p;
  return PREP_OK;
}

void prep_pdf_metrics(struct prep_pdf *p, struct prep_metrics *m)
{
  m->ctx = p;
  m->width = m_width;
  m->has_glyph = m_has_glyph;
}

void prep_pdf_free(struct prep_pdf *p)
{
  if (!p)
    return;
  if (p->doc)
    HPDF_Free(p->doc);
  for (int i = 0; i < PREP_FONT_COUNT; i++)
    for (int b = 0; b < 256; b++)
      free(p->f[i].cp[b]);
  free(p->fonts_dir);
  free(p);
}

int prep_pdf_fonts_dir(const char *data_dir, char *buf, size_t n)
{
  int k = snprintf(buf, n, "%s/../fonts", data_dir);
  return k < 0 || (size_t)k >= n ? -1 : 0;
}

double prep_pdf_font_ms(const struct prep_pdf *p)
{
  return p->font_ms;
}

unsigned prep_pdf_faces_used(const struct prep_pdf *p)
{
  return p->faces_used;
}

/* ---- page contents ------------------------------------------------------ */

/* A growable byte buffer. */
struct obuf {
  char *b;
  size_t n, cap;
};

static char *ob_room(struct obuf *o, size_t k)
{
  if (o->n + k > o->cap) {
    size_t nc = o->cap ? o->cap * 2 : 1 << 16;
    while (nc < o->n + k)
      nc *= 2;
    o->b = prep_xrealloc(o->b, nc);
    o->cap = nc;
  }
  return o->b + o->n;
}

static void ob_str(struct obuf *o, const char *s)
{
  size_t k = strlen(s);
  memcpy(ob_room(o, k), s, k);
  o->n += k;
}

/* A number in hundredths of a point, as PDF text ("-12.5", "3", "0.07"). */
static void ob_hund(struct obuf *o, long v)
{
  char t[32], *e = t + sizeof t, *q = e;
  int neg = v < 0;
  unsigned long u = neg ? (unsigned long)-v : (unsigned long)v;
  unsigned frac = (unsigned)(u % 100);
  u /= 100;
  if (frac) {
    if (frac % 10) {
      *--q = (char)('0' + frac % 10);
      *--q = (char)('0' + frac / 10);
    } else {
      *--q = (char)('0' + frac / 10);
    }
    *--q = '.';
  }
  do {
    *--q = (char)('0' + u % 10);
    u /= 10;
  } while (u);
  if (neg && (frac || q[0] != '0' || q + 1 != e))
    *--q = '-';
  size_t k = (size_t)(e - q);
  memcpy(ob_room(o, k + 1), q, k);
  o->n += k;
  o->b[o->n++] = ' ';
}

static long hund(double v)
{
  return (long)(v >= 0 ? v * 100 + 0.5 : v * 100 - 0.5);
}

static void ob_num(struct obuf *o, double v)
{
  ob_hund(o, hund(v));
}

/* The graphics state of a page while its contents are written. */
struct gst {
  long fill, stroke, lw; /* grey levels and line width, hundredths */
};

static void set_stroke(struct obuf *o, struct gst *s, float grey, double lw)
{
  long g = hund(grey), w = hund(lw);
  if (g != s->stroke) {
    ob_hund(o, g);
    ob_str(o, "G\n");
    s->stroke = g;
  }
  if (w != s->lw) {
    ob_hund(o, w);
    ob_str(o, "w\n");
    s->lw = w;
  }
}

static void set_fill(struct obuf *o, struct gst *s, float grey)
{
  long g = hund(grey);
  if (g != s->fill) {
    ob_hund(o, g);
    ob_str(o, "g\n");
    s->fill = g;
  }
}

static void op_xy(struct obuf *o, double x, double y, const char *op)
{
  ob_num(o, x);
  ob_num(o, y);
  ob_str(o, op);
}

static void op_curve(struct obuf *o, double x1, double y1, double x2,
                     double y2, double x3, double y3)
{
  ob_num(o, x1);
  ob_num(o, y1);
  ob_num(o, x2);
  ob_num(o, y2);
  op_xy(o, x3, y3, "c\n");
}

/* A circle as four Bézier quarters, starting at its leftmost point. */
static void circle_path(struct obuf *o, double x, double y, double r)
{
  const double k = 0.5523 * r;
  op_xy(o, x - r, y, "m\n");
  op_curve(o, x - r, y + k, x - k, y + r, x, y + r);
  op_curve(o, x + k, y + r, x + r, y + k, x + r, y);
  op_curve(o, x + r, y - k, x + k, y - r, x, y - r);
  op_curve(o, x - k, y - r, x - r, y - k, x - r, y);
}

static const char *paint_op(const struct prep_gop *g)
{
  if (g->fill >= 0 && g->stroke >= 0)
    return "B\n";
  return g->fill >= 0 ? "f\n" : "S\n";
}

static void set_paint(struct obuf *o, struct gst *s, const struct prep_gop *g)
{
  if (g->stroke >= 0)
    set_stroke(o, s, g->stroke, g->line_width);
  if (g->fill >= 0)
    set_fill(o, s, g->fill);
}

static void draw_gop(struct obuf *o, struct gst *s, const struct prep_gop *g)
{
  double x0 = g->x0, y0 = g->y0, x1 = g->x1, y1 = g->y1;
  switch (g->kind) {
  case PREP_GOP_LINE:
    if (g->stroke < 0)
      return;
    set_paint(o, s, g);
    op_xy(o, x0, y0, "m ");
    op_xy(o, x1, y1, "l S\n");
    return;
  case PREP_GOP_RECT:
    if (g->stroke < 0 && g->fill < 0)
      return;
    set_paint(o, s, g);
    ob_num(o, x0);
    ob_num(o, y0);
    ob_num(o, x1);
    ob_num(o, y1);
    ob_str(o, "re ");
    ob_str(o, paint_op(g));
    return;
  case PREP_GOP_CIRCLE:
    if (g->stroke < 0 && g->fill < 0)
      return;
    set_paint(o, s, g);
    circle_path(o, x0, y0, x1);
    ob_str(o, paint_op(g));
    return;
  case PREP_GOP_HALF: {
    /* the left half filled (two Bézier quarters), then the outline */
    double r = x1, c = 0.5523 * x1;
    set_fill(o, s, g->fill >= 0 ? g->fill : 0);
    op_xy(o, x0, y0 + r, "m\n");
    op_curve(o, x0 - c, y0 + r, x0 - r, y0 + c, x0 - r, y0);
    op_curve(o, x0 - r, y0 - c, x0 - c, y0 - r, x0, y0 - r);
    ob_str(o, "h f\n");
    set_stroke(o, s, g->stroke >= 0 ? g->stroke : 0, g->line_width);
    circle_path(o, x0, y0, r);
    ob_str(o, "S\n");
    return;
  }
  case PREP_GOP_CHECKBOX:
    set_stroke(o, s, g->stroke >= 0 ? g->stroke : 0, g->line_width);
    ob_num(o, x0);
    ob_num(o, y0);
    ob_num(o, x1);
    ob_num(o, x1);
    ob_str(o, "re S\n");
    if (y1 != 0) {
      set_stroke(o, s, g->stroke >= 0 ? g->stroke : 0, g->line_width * 1.8);
      op_xy(o, x0 + x1 * 0.2, y0 + x1 * 0.52, "m ");
      op_xy(o, x0 + x1 * 0.42, y0 + x1 * 0.22, "l ");
      op_xy(o, x0 + x1 * 0.85, y0 + x1 * 0.85, "l S\n");
    }
    return;
  }
}

/* Valid UTF-8 of a run as code points the PDF can show: control
 * characters dropped (tabs and line ends become spaces), characters outside
 * the BMP and the noncharacters U+FFFE/U+FFFF become U+FFFD. */
static unsigned next_cp(const char *s, size_t n, size_t *i)
{
  while (*i < n) {
    unsigned cp = (unsigned char)s[*i];
    if (cp < 0x80)
      (*i)++;
    else
      *i += (size_t)prep_utf8_decode(s + *i, n - *i, &cp);
    if (cp == '\t' || cp == '\n' || cp == '\r')
      return ' ';
    if (cp < 0x20 || (cp >= 0x7F && cp <= 0x9F))
      continue;
    return cp > 0xFFFD ? 0xFFFD : cp;
  }
  return 0;
}

/* One code unit of a literal string: UTF-16BE, escaped as PDF needs. */
static void ob_unit(struct obuf *o, unsigned cp)
{
  char *q = ob_room(o, 4);
  unsigned char b[2] = {(unsigned char)(cp >> 8), (unsigned char)cp};
  size_t k = 0;
  for (int j = 0; j < 2; j++) {
    unsigned char c = b[j];
    if (c == '(' || c == ')' || c == '\\') {
      q[k++] = '\\';
      q[k++] = (char)c;
    } else if (c == '\r') {
      q[k++] = '\\';
      q[k++] = 'r';
    } else if (c == '\n') {
      q[k++] = '\\';
      q[k++] = 'n';
    } else {
      q[k++] = (char)c;
    }
  }
  o->n += k;
}

/* What a page's contents need from the document: the faces its runs use,
 * in order of first use (libharu names them F1, F2, ... in that order). */
struct page_out {
  size_t off, len;         /* its bytes in the contents buffer */
  unsigned char faces[PREP_FONT_COUNT];
  unsigned nfaces;
};

/* Writes page lp's contents: graphics first, then one text object.  Marks
 * every drawn code point in its face (CP_DRAWN), with its glyph used. */
static int page_contents(struct prep_pdf *p, const struct prep_page *lp,
                         struct obuf *o, struct page_out *po)
{
  struct gst s = {0, 0, 100};
  po->off = o->n;
  po->nfaces = 0;
  for (size_t k = 0; k < lp->ngops; k++)
    draw_gop(o, &s, &lp->gops[k]);
  if (lp->nruns) {
    ob_str(o, "BT\n");
    int cur_face = -1;
    long cur_size = -1, tx = 0, ty = 0;
    for (size_t i = 0; i < lp->nruns; i++) {
      const struct prep_run *r = &lp->runs[i];
      if ((unsigned)r->font >= PREP_FONT_COUNT)
        return -1;
      struct face *f = face_def(p, r->font);
      if (!f)
        return -1;
      unsigned slot = 0;
      while (slot < po->nfaces && po->faces[slot] != (unsigned char)r->font)
        slot++;
      if (slot == po->nfaces)
        po->faces[po->nfaces++] = (unsigned char)r->font;
      long sz = hund(r->size);
      if ((int)r->font != cur_face || sz != cur_size) {
        char nm[16];
        snprintf(nm, sizeof nm, "/F%u ", slot + 1);
        ob_str(o, nm);
        ob_hund(o, sz);
        ob_str(o, "Tf\n");
        cur_face = (int)r->font;
        cur_size = sz;
      }
      set_fill(o, &s, r->grey);
      long x = hund(r->x), y = hund(r->y);
      ob_hund(o, x - tx);
      ob_hund(o, y - ty);
      ob_str(o, "Td\n(");
      tx = x;
      ty = y;
      size_t at = 0;
      unsigned cp;
      while ((cp = next_cp(r->text, r->len, &at)) != 0) {
        uint32_t *e = cp_entry(f, cp);
        if (!(*e & CP_DRAWN)) {
          (void)cp_width(f, cp);
          *e |= CP_DRAWN;
          f->drawn = 1;
          if (cp > f->max_drawn)
            f->max_drawn = cp;
        }
        ob_unit(o, cp);
      }
      ob_str(o, ") Tj\n");
    }
    ob_str(o, "ET\n");
  }
  po->len = o->n - po->off;
  return 0;
}

/* Text as UTF-8 that libharu takes as is for the document info and the
 * outline: tabs and line ends as spaces, control characters dropped,
 * nothing above U+FFFD (next_cp's rules, as for page text); malloc'd. */
static char *clean_text(const char *s)
{
  struct obuf o = {0};
  size_t i = 0, n = strlen(s);
  unsigned cp;
  while ((cp = next_cp(s, n, &i)) != 0) {
    char *q = ob_room(&o, 3);
    if (cp < 0x80) {
      q[0] = (char)cp;
      o.n += 1;
    } else if (cp < 0x800) {
      q[0] = (char)(0xC0 | (cp >> 6));
      q[1] = (char)(0x80 | (cp & 0x3F));
      o.n += 2;
    } else {
      q[0] = (char)(0xE0 | (cp >> 12));
      q[1] = (char)(0x80 | ((cp >> 6) & 0x3F));
      q[2] = (char)(0x80 | (cp & 0x3F));
      o.n += 3;
    }
  }
  *ob_room(&o, 1) = '\0';
  return o.b;
}

static void set_info(struct prep_pdf *p, HPDF_InfoType t, const char *v)
{
  if (!v || !v[0])
    return;
  char *s = clean_text(v);
  HPDF_SetInfoAttr(p->doc, t, s);
  free(s);
}

/* A quick 128-bit digest of the page contents (MD5 over ~0.5 MB would cost
 * about a millisecond); bytes are read little-endian, so every machine
 * gives the same value. */
static void quick_digest(const unsigned char *b, size_t n, uint64_t h[2])
{
  uint64_t x = 0x9E3779B97F4A7C15u ^ n, y = 0xC2B2AE3D27D4EB4Fu;
  size_t i = 0;
  for (; i + 8 <= n; i += 8) {
    uint64_t w = (uint64_t)b[i] | (uint64_t)b[i + 1] << 8 |
                 (uint64_t)b[i + 2] << 16 | (uint64_t)b[i + 3] << 24 |
                 (uint64_t)b[i + 4] << 32 | (uint64_t)b[i + 5] << 40 |
                 (uint64_t)b[i + 6] << 48 | (uint64_t)b[i + 7] << 56;
    x = (x ^ w) * 0x100000001B3u;
    x ^= x >> 29;
    y = (y + w) * 0x9E3779B97F4A7C15u;
    y ^= y >> 31;
  }
  for (; i < n; i++) {
    x = (x ^ b[i]) * 0x100000001B3u;
    y = (y + b[i]) * 0x9E3779B97F4A7C15u;
  }
  h[0] = x;
  h[1] = y;
}

/* MD5 over everything that makes up the document: its /ID.  The page
 * contents (as a quick digest) stand for the runs and graphics they were
 * written from. */
static void content_hash(const struct prep_layout *l, const struct obuf *c,
                         HPDF_BYTE out[16])
{
  HPDF_MD5_CTX m;
  HPDF_MD5Init(&m);
#define HASH_STR(s)                                                            \
  HPDF_MD5Update(&m, (const HPDF_BYTE *)(s), (HPDF_UINT32)strlen(s) + 1)
  long v[6] = {hund(l->width), hund(l->height), (long)l->npages,
               l->info.year, l->info.month, l->info.day};
  HPDF_MD5Update(&m, (const HPDF_BYTE *)v, sizeof v);
  const char *info[] = {l->info.title, l->info.author, l->info.subject,
                        l->info.keywords, l->info.creator};
  for (size_t i = 0; i < sizeof info / sizeof info[0]; i++)
    HASH_STR(info[i] ? info[i] : "");
  uint64_t dg[2];
  quick_digest((const unsigned char *)c->b, c->n, dg);
  HPDF_BYTE db[16];
  for (int k = 0; k < 16; k++)
    db[k] = (HPDF_BYTE)(dg[k / 8] >> (8 * (k % 8)));
  HPDF_MD5Update(&m, db, sizeof db);
  for (size_t i = 0; i < l->npages; i++) {
    const struct prep_page *pg = &l->pages[i];
    for (size_t k = 0; k < pg->nlinks; k++) {
      long a[4] = {hund(pg->links[k].x0), hund(pg->links[k].y0), (long)i,
                   (long)pg->links[k].dest};
      HPDF_MD5Update(&m, (const HPDF_BYTE *)a, sizeof a);
    }
  }
  for (size_t o = 0; o < l->noutline; o++) {
    long a[2] = {(long)l->outline[o].level, (long)l->outline[o].dest};
    HPDF_MD5Update(&m, (const HPDF_BYTE *)a, sizeof a);
    HASH_STR(l->outline[o].title);
  }
#undef HASH_STR
  HPDF_MD5Final(out, &m);
}

/* Builds the whole document in libharu.  0 on success. */
static int render(struct prep_pdf *p, const struct prep_layout *l)
{
  HPDF_Doc d = p->doc;
  if (l->npages == 0)
    return -1;
  /* every page's contents first: they tell which characters each face
   * draws, which its set-up needs */
  struct obuf c = {0};
  struct page_out *po = prep_xcalloc(l->npages, sizeof *po);
  int rc = 0;
  for (size_t i = 0; i < l->npages && rc == 0; i++)
    rc = page_contents(p, &l->pages[i], &c, &po[i]);
  HPDF_Page *pages = prep_xcalloc(l->npages, sizeof *pages);
  for (size_t i = 0; rc == 0 && i < l->npages && p->err == 0; i++) {
    HPDF_Page pg = HPDF_AddPage(d);
    if (!pg)
      break;
    pages[i] = pg;
    HPDF_Page_SetWidth(pg, (HPDF_REAL)l->width);
    HPDF_Page_SetHeight(pg, (HPDF_REAL)l->height);
    /* the page's font resources, named F1, F2, ... in first-use order */
    for (unsigned k = 0; k < po[i].nfaces && p->err == 0; k++) {
      HPDF_Font f = face_font(p, (enum prep_font)po[i].faces[k]);
      char want[16];
      snprintf(want, sizeof want, "F%u", k + 1);
      const char *nm = f ? HPDF_Page_GetLocalFontName(pg, f) : NULL;
      if (!nm || strcmp(nm, want) != 0)
        rc = -1;
    }
    HPDF_PageAttr pa = (HPDF_PageAttr)pg->attr;
    if (rc == 0 && po[i].len &&
        HPDF_Stream_Write(pa->stream, (const HPDF_BYTE *)c.b + po[i].off,
                          (HPDF_UINT)po[i].len) != HPDF_OK)
      rc = -1;
  }
  /* destinations (/FitH at the anchor), then links and bookmarks */
  HPDF_Destination *dst = NULL;
  if (rc == 0 && p->err == 0 && l->ndests) {
    dst = prep_xcalloc(l->ndests, sizeof *dst);
    for (size_t k = 0; k < l->ndests && p->err == 0; k++) {
      unsigned pi = l->dests[k].page < l->npages ? l->dests[k].page : 0;
      dst[k] = HPDF_Page_CreateDestination(pages[pi]);
      if (dst[k])
        HPDF_Destination_SetFitH(dst[k], (HPDF_REAL)l->dests[k].y);
    }
  }
  for (size_t i = 0; rc == 0 && i < l->npages && p->err == 0; i++) {
    const struct prep_page *lp = &l->pages[i];
    for (size_t k = 0; k < lp->nlinks && p->err == 0; k++) {
      const struct prep_link_area *a = &lp->links[k];
      if (a->dest == 0 || a->dest > l->ndests)
        continue;
      HPDF_Rect r = {(HPDF_REAL)a->x0, (HPDF_REAL)a->y0, (HPDF_REAL)a->x1,
                     (HPDF_REAL)a->y1};
      HPDF_Annotation an =
          HPDF_Page_CreateLinkAnnot(pages[i], r, dst[a->dest - 1]);
      if (an)
        HPDF_LinkAnnot_SetBorderStyle(an, 0, 0, 0);
    }
  }
  if (rc == 0 && p->err == 0 && l->noutline) {
    HPDF_Encoder enc = HPDF_GetEncoder(d, "UTF-8");
    HPDF_Outline stack[16] = {0};
    for (size_t o = 0; o < l->noutline && p->err == 0; o++) {
      const struct prep_outline_entry *e = &l->outline[o];
      unsigned lv = e->level < 16 ? e->level : 15;
      HPDF_Outline parent = NULL;
      while (lv > 0 && !stack[lv - 1])
        lv--;
      if (lv > 0)
        parent = stack[lv - 1];
      char *t = clean_text(e->title);
      HPDF_Outline ol = HPDF_CreateOutline(d, parent, t, enc);
      free(t);
      if (!ol)
        break;
      if (e->dest && e->dest <= l->ndests)
        HPDF_Outline_SetDestination(ol, dst[e->dest - 1]);
      stack[lv] = ol;
      for (unsigned k = lv + 1; k < 16; k++)
        stack[k] = NULL;
    }
    HPDF_SetPageMode(d, HPDF_PAGE_MODE_USE_OUTLINE);
  }
  free(dst);
  free(pages);
  if (rc != 0 || p->err) {
    if (p->err == 0)
      p->err = HPDF_INVALID_OBJECT;
    free(c.b);
    free(po);
    return -1;
  }
  /* info: through the UTF-8 current encoder; dates from the layout only */
  set_info(p, HPDF_INFO_TITLE, l->info.title);
  set_info(p, HPDF_INFO_AUTHOR, l->info.author);
  set_info(p, HPDF_INFO_SUBJECT, l->info.subject);
  set_info(p, HPDF_INFO_KEYWORDS, l->info.keywords);
  set_info(p, HPDF_INFO_CREATOR, l->info.creator);
  set_info(p, HPDF_INFO_PRODUCER, "prepgen (libharu 2.3.0)");
  if (l->info.year >= 1900 && l->info.month >= 1 && l->info.month <= 12 &&
      l->info.day >= 1 && l->info.day <= 31) {
    HPDF_Date dt = {l->info.year, l->info.month, l->info.day, 0, 0, 0, 'Z',
                    0, 0};
    HPDF_SetInfoDateAttr(d, HPDF_INFO_CREATION_DATE, dt);
    HPDF_SetInfoDateAttr(d, HPDF_INFO_MOD_DATE, dt);
  }
  /* a deterministic /ID */
  HPDF_BYTE h[16];
  content_hash(l, &c, h);
  free(c.b);
  free(po);
  HPDF_Array id = HPDF_Array_New(d->mmgr);
  if (id) {
    HPDF_Array_Add(id, HPDF_Binary_New(d->mmgr, h, 16));
    HPDF_Array_Add(id, HPDF_Binary_New(d->mmgr, h, 16));
    HPDF_Dict_Add(d->trailer, "ID", id);
  }
  return p->err ? -1 : 0;
}

/* ---- output safety ------------------------------------------------------ */

static int write_all(int fd, const HPDF_BYTE *b, size_t n)
{
  while (n > 0) {
    ssize_t k = write(fd, b, n);
    if (k < 0) {
      if (errno == EINTR)
        continue;
      return -1;
    }
    b += k;
    n -= (size_t)k;
  }
  return 0;
}

/* libharu 2.3.0's memory stream cannot seek to its very end when its size
 * is an exact multiple of its 4096-byte buffer (HPDF_MemStream_SeekFunc),
 * and the subset of a face is written through such a stream: for about one
 * face in a thousand, saving fails with HPDF_INVALID_OBJECT (found by
 * fuzz_pipeline; tests/fuzz/regress/fuzz_pipeline).  One more glyph in the
 * subset changes its size, so on that failure the document is built again
 * from the same layout with an extra glyph per face.  Same input, same
 * bytes: the retry is deterministic. */
static int build(struct prep_pdf *p, const struct prep_layout *l)
{
  for (;;) {
    if (render(p, l) == 0 && HPDF_SaveToStream(p->doc) == HPDF_OK && !p->err)
      return 0;
    if (p->err != HPDF_INVALID_OBJECT || p->extra_glyph)
      return -1;
    HPDF_Free(p->doc);
    p->doc = NULL;
    for (int i = 0; i < PREP_FONT_COUNT; i++) {
      struct face *f = &p->f[i];
      f->name = NULL;
      f->def = NULL;
      f->font = NULL;
      f->drawn = 0;
      f->max_drawn = 0;
      for (int b = 0; b < 256; b++)
        for (int k = 0; f->cp[b] && k < 256; k++)
          f->cp[b][k] &= ~(CP_MARKED | CP_DRAWN);
    }
    p->faces_used = 0;
    p->extra_glyph = 1;
    if (new_doc(p) != 0)
      return -1;
  }
}

/* Copies libharu's saved stream to fd. */
static int save_to_fd(struct prep_pdf *p, int fd)
{
  HPDF_BYTE buf[65536];
  for (;;) {
    HPDF_UINT32 n = sizeof buf;
    HPDF_STATUS st = HPDF_ReadFromStream(p->doc, buf, &n);
    if (n > 0 && write_all(fd, buf, n) != 0)
      return -2;
    if (st == HPDF_STREAM_EOF)
      break;
    if (st != HPDF_OK)
      return -1;
    if (n == 0)
      break;
  }
  return 0;
}

static void libharu_error(struct prep_pdf *p, const char *path,
                          struct prep_diag *diag)
{
  prep_diag_add(diag, PREP_SEV_ERROR, path, NULL,
                "cannot build the PDF (libharu error 0x%04X, detail %u)",
                (unsigned)p->err, (unsigned)p->detail);
}

enum prep_status prep_pdf_write_file(struct prep_pdf *p,
                                     const struct prep_layout *l,
                                     const char *path,
                                     const char *const *inputs,
                                     size_t ninputs, struct prep_diag *diag)
{
  if (p->written) {
    prep_diag_add(diag, PREP_SEV_ERROR, path, NULL,
                  "internal: a PDF object is written only once");
    return PREP_EINTERNAL;
  }
  p->written = 1;
  for (int i = 0; i < PREP_FONT_COUNT; i++)
    if (p->f[i].failed)
      return PREP_EDATA; /* already reported by face_def */
  int to_stdout = strcmp(path, "-") == 0;
  if (to_stdout) {
    if (isatty(STDOUT_FILENO)) {
      prep_diag_add(diag, PREP_SEV_ERROR, NULL, NULL,
                    "refusing to write a PDF to a terminal; redirect "
                    "standard output or use -o FILE");
      return PREP_EIO;
    }
  } else {
    struct stat so;
    if (stat(path, &so) == 0) {
      if (S_ISDIR(so.st_mode)) {
        prep_diag_add(diag, PREP_SEV_ERROR, path, NULL,
                      "the output is a directory");
        return PREP_EIO;
      }
      for (size_t i = 0; i < ninputs; i++) {
        struct stat si;
        if (inputs[i] && stat(inputs[i], &si) == 0 &&
            si.st_dev == so.st_dev && si.st_ino == so.st_ino) {
          prep_diag_add(diag, PREP_SEV_ERROR, path, NULL,
                        "the output would overwrite an input file");
          return PREP_EIO;
        }
      }
    }
  }
  const char *why = prep_layout_check(l);
  if (why) {
    prep_diag_add(diag, PREP_SEV_ERROR, path, NULL, "internal: %s", why);
    return PREP_EINTERNAL;
  }
  if (build(p, l) != 0) {
    libharu_error(p, path, diag);
    return PREP_EINTERNAL;
  }
  if (to_stdout) {
    int rc = save_to_fd(p, STDOUT_FILENO);
    if (rc == -1) {
      libharu_error(p, "-", diag);
      return PREP_EINTERNAL;
    }
    if (rc != 0) {
      prep_diag_add(diag, PREP_SEV_ERROR, NULL, NULL,
                    "cannot write to standard output: %s", strerror(errno));
      return PREP_EIO;
    }
    return PREP_OK;
  }
  /* a temporary file next to the target, renamed into place when complete */
  size_t n = strlen(path);
  char *dcopy = prep_xmalloc(n + 1), *bcopy = prep_xmalloc(n + 1);
  memcpy(dcopy, path, n + 1);
  memcpy(bcopy, path, n + 1);
  const char *dir = dirname(dcopy), *base = basename(bcopy);
  size_t tn = strlen(dir) + strlen(base) + 16;
  char *tmp = prep_xmalloc(tn);
  snprintf(tmp, tn, "%s/.%s.XXXXXX", dir, base);
  enum prep_status st = PREP_OK;
  int fd = mkstemp(tmp); /* mode 0600: a pack holds personal data */
  if (fd < 0) {
    prep_diag_add(diag, PREP_SEV_ERROR, path, NULL,
                  "cannot create a temporary file in the output folder: %s",
                  strerror(errno));
    st = PREP_EIO;
    goto done;
  }
  int rc = save_to_fd(p, fd);
  if (rc == -1) {
    libharu_error(p, path, diag);
    st = PREP_EINTERNAL;
  } else if (rc != 0 || fsync(fd) != 0) {
    prep_diag_add(diag, PREP_SEV_ERROR, path, NULL, "cannot write: %s",
                  strerror(errno));
    st = PREP_EIO;
  }
  if (close(fd) != 0 && st == PREP_OK) {
    prep_diag_add(diag, PREP_SEV_ERROR, path, NULL, "cannot write: %s",
                  strerror(errno));
    st = PREP_EIO;
  }
  if (st == PREP_OK && rename(tmp, path) != 0) {
    prep_diag_add(diag, PREP_SEV_ERROR, path, NULL, "cannot rename into "
                  "place: %s", strerror(errno));
    st = PREP_EIO;
  }
  if (st != PREP_OK) {
    unlink(tmp);
  } else {
    int dfd = open(dir, O_RDONLY | O_DIRECTORY);
    if (dfd >= 0) {
      (void)fsync(dfd); /* best effort: some file systems refuse */
      close(dfd);
    }
  }
done:
  free(tmp);
  free(dcopy);
  free(bcopy);
  return st;
}
