/* pdf.c - the PDF writer: the only file that talks to libharu (see pdf.h).
 *
 * Works around libharu 2.3.0's traps (../shared/notes/libharu.md):
 *   - UTF-8 TrueType fonts with a rewritten ToUnicode CMap (recipe B), so
 *     poppler prints no warning;
 *   - widths from the font definition (what HPDF_Font_TextWidth sums, recipe
 *     C) so a face only measured costs no HPDF_GetFont; faces are loaded on
 *     first use and set up for drawing only when a run uses them;
 *   - all path drawing outside BT/ET; link borders switched off; outline and
 *     info strings through the UTF-8 encoder; no wall-clock dates and a /ID
 *     hashed from the content (recipe F); the first error is recorded and
 *     fails the document (recipe G).
 * It uses a few libharu internals (font definitions, the ToUnicode stream,
 * the trailer, MD5), all exported by Debian's libhpdf 2.3.0.
 */
#include "prepgen/pdf.h"

#include <errno.h>
#include <fcntl.h>
#include <hpdf.h>
#include <hpdf_doc.h>
#include <hpdf_encrypt.h>
#include <hpdf_font.h>
#include <hpdf_fontdef.h>
#include <hpdf_objects.h>
#include <hpdf_streams.h>
#include <libgen.h>
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

struct face {
  const char *name; /* PostScript name from libharu, NULL until loaded */
  HPDF_FontDef def;
  HPDF_Font font;   /* set up for drawing on first use */
  int failed;
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
 * ToUnicode stream of a UTF-8 font by an identity bfrange CMap over the BMP
 * minus the surrogates (the font's codes are UTF-16 code units). */
static HPDF_STATUS fix_tounicode(HPDF_Font font)
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
  unsigned in_block = 0, left = 256 - 8;
  HPDF_STATUS st;
  if (!font)
    return HPDF_INVALID_FONT;
  HPDF_Dict tu =
      (HPDF_Dict)HPDF_Dict_GetItem((HPDF_Dict)font, "ToUnicode",
                                   HPDF_OCLASS_DICT);
  if (!tu || !tu->stream)
    return HPDF_INVALID_OBJECT;
  HPDF_Stream s = tu->stream;
  HPDF_MemStream_FreeData(s);
  if ((st = HPDF_Stream_WriteStr(s, head)) != HPDF_OK)
    return st;
  for (unsigned hi = 0; hi < 256; hi++) {
    if (hi >= 0xD8 && hi <= 0xDF)
      continue;
    if (in_block == 0) {
      unsigned n = left < 100 ? left : 100;
      snprintf(line, sizeof line, "%u beginbfrange\n", n);
      if ((st = HPDF_Stream_WriteStr(s, line)) != HPDF_OK)
        return st;
      in_block = n;
    }
    snprintf(line, sizeof line, "<%02X00> <%02XFF> <%02X00>\n", hi, hi, hi);
    if ((st = HPDF_Stream_WriteStr(s, line)) != HPDF_OK)
      return st;
    left--;
    if (--in_block == 0 &&
        (st = HPDF_Stream_WriteStr(s, "endbfrange\n")) != HPDF_OK)
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

/* The face set up for drawing (~1.7 ms of HPDF_GetFont per face). */
static HPDF_Font face_font(struct prep_pdf *p, enum prep_font i)
{
  struct face *f = face_def(p, i);
  if (!f)
    return NULL;
  if (!f->font && p->err == 0) {
    double t0 = now_ms();
    f->font = HPDF_GetFont(p->doc, f->name, "UTF-8");
    if (f->font && fix_tounicode(f->font) != HPDF_OK && p->err == 0)
      p->err = HPDF_INVALID_OBJECT;
    p->font_ms += now_ms() - t0;
    p->faces_used++;
  }
  return f->font;
}

static int m_has_glyph(void *ctx, enum prep_font font, unsigned cp)
{
  struct face *f = face_def(ctx, font);
  if (!f || cp > 0xFFFF)
    return 0;
  return HPDF_TTFontDef_GetGlyphid(f->def, (HPDF_UINT16)cp) != 0;
}

/* The sum of the per-character widths in 1/1000 em: exactly what
 * HPDF_Font_TextWidth computes for a UTF-8 CID font, without needing the
 * HPDF_GetFont set-up.  Marks the glyphs as used, which is what we want. */
static double m_width(void *ctx, enum prep_font font, const char *s, size_t n)
{
  struct face *f = face_def(ctx, font);
  if (!f)
    return 0;
  double w = 0;
  for (size_t i = 0; i < n;) {
    unsigned cp;
    i += (size_t)prep_utf8_decode(s + i, n - i, &cp);
    if (cp > 0xFFFF)
      cp = 0xFFFD;
    w += HPDF_TTFontDef_GetCharWidth(f->def, (HPDF_UINT16)cp);
  }
  return w;
}

/* ---- public: lifetime --------------------------------------------------- */

enum prep_status prep_pdf_new(const char *fonts_dir, struct prep_diag *diag,
                              struct prep_pdf **out)
{
  *out = NULL;
  struct prep_pdf *p = prep_xcalloc(1, sizeof *p);
  size_t n = strlen(fonts_dir);
  p->fonts_dir = prep_xmalloc(n + 1);
  memcpy(p->fonts_dir, fonts_dir, n + 1);
  p->diag = diag;
  p->doc = HPDF_New(on_error, p);
  if (!p->doc) {
    prep_diag_add(diag, PREP_SEV_ERROR, NULL, NULL,
                  "libharu cannot create a document");
    free(p->fonts_dir);
    free(p);
    return PREP_EINTERNAL;
  }
  HPDF_SetCompressionMode(p->doc, HPDF_COMP_ALL);
  HPDF_UseUTFEncodings(p->doc);
  HPDF_SetCurrentEncoder(p->doc, "UTF-8");
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

/* ---- rendering ---------------------------------------------------------- */

/* A clean copy for libharu: valid UTF-8, BMP only, no control characters
 * (tabs become spaces).  The typesetter already guarantees this; the writer
 * does not rely on it.  Returns a malloc'd string. */
static char *clean(const char *s, size_t n)
{
  char *o = prep_xmalloc(n * 3 + 1);
  size_t j = 0;
  for (size_t i = 0; i < n;) {
    unsigned cp;
    i += (size_t)prep_utf8_decode(s + i, n - i, &cp);
    if (cp == '\t' || cp == '\n' || cp == '\r')
      cp = ' ';
    if (cp < 0x20 || (cp >= 0x7F && cp <= 0x9F))
      continue;
    if (cp > 0xFFFF)
      cp = 0xFFFD;
    if (cp < 0x80) {
      o[j++] = (char)cp;
    } else if (cp < 0x800) {
      o[j++] = (char)(0xC0 | (cp >> 6));
      o[j++] = (char)(0x80 | (cp & 0x3F));
    } else {
      o[j++] = (char)(0xE0 | (cp >> 12));
      o[j++] = (char)(0x80 | ((cp >> 6) & 0x3F));
      o[j++] = (char)(0x80 | (cp & 0x3F));
    }
  }
  o[j] = '\0';
  return o;
}

static void stroke_fill(HPDF_Page pg, const struct prep_gop *g)
{
  if (g->fill >= 0 && g->stroke >= 0)
    HPDF_Page_FillStroke(pg);
  else if (g->fill >= 0)
    HPDF_Page_Fill(pg);
  else
    HPDF_Page_Stroke(pg);
}

static void set_paint(HPDF_Page pg, const struct prep_gop *g)
{
  if (g->stroke >= 0) {
    HPDF_Page_SetGrayStroke(pg, g->stroke);
    HPDF_Page_SetLineWidth(pg, (HPDF_REAL)g->line_width);
  }
  if (g->fill >= 0)
    HPDF_Page_SetGrayFill(pg, g->fill);
}

static void draw_gop(HPDF_Page pg, const struct prep_gop *g)
{
  const double k = 0.5523;
  HPDF_REAL x0 = (HPDF_REAL)g->x0, y0 = (HPDF_REAL)g->y0;
  HPDF_REAL x1 = (HPDF_REAL)g->x1, y1 = (HPDF_REAL)g->y1;
  switch (g->kind) {
  case PREP_GOP_LINE:
    if (g->stroke < 0)
      return;
    set_paint(pg, g);
    HPDF_Page_MoveTo(pg, x0, y0);
    HPDF_Page_LineTo(pg, x1, y1);
    HPDF_Page_Stroke(pg);
    return;
  case PREP_GOP_RECT:
    if (g->stroke < 0 && g->fill < 0)
      return;
    set_paint(pg, g);
    HPDF_Page_Rectangle(pg, x0, y0, x1, y1);
    stroke_fill(pg, g);
    return;
  case PREP_GOP_CIRCLE:
    if (g->stroke < 0 && g->fill < 0)
      return;
    set_paint(pg, g);
    HPDF_Page_Circle(pg, x0, y0, x1);
    stroke_fill(pg, g);
    return;
  case PREP_GOP_HALF: {
    /* the left half filled (two Bézier quarters), then the outline */
    HPDF_REAL r = x1, c = (HPDF_REAL)(k * x1);
    HPDF_Page_SetGrayFill(pg, g->fill >= 0 ? g->fill : 0);
    HPDF_Page_MoveTo(pg, x0, y0 + r);
    HPDF_Page_CurveTo(pg, x0 - c, y0 + r, x0 - r, y0 + c, x0 - r, y0);
    HPDF_Page_CurveTo(pg, x0 - r, y0 - c, x0 - c, y0 - r, x0, y0 - r);
    HPDF_Page_ClosePath(pg);
    HPDF_Page_Fill(pg);
    HPDF_Page_SetGrayStroke(pg, g->stroke >= 0 ? g->stroke : 0);
    HPDF_Page_SetLineWidth(pg, (HPDF_REAL)g->line_width);
    HPDF_Page_Circle(pg, x0, y0, r);
    HPDF_Page_Stroke(pg);
    return;
  }
  case PREP_GOP_CHECKBOX: {
    HPDF_Page_SetGrayStroke(pg, g->stroke >= 0 ? g->stroke : 0);
    HPDF_Page_SetLineWidth(pg, (HPDF_REAL)g->line_width);
    HPDF_Page_Rectangle(pg, x0, y0, x1, x1);
    HPDF_Page_Stroke(pg);
    if (y1 != 0) {
      HPDF_Page_SetLineWidth(pg, (HPDF_REAL)(g->line_width * 1.8));
      HPDF_Page_MoveTo(pg, x0 + x1 * 0.2f, y0 + x1 * 0.52f);
      HPDF_Page_LineTo(pg, x0 + x1 * 0.42f, y0 + x1 * 0.22f);
      HPDF_Page_LineTo(pg, x0 + x1 * 0.85f, y0 + x1 * 0.85f);
      HPDF_Page_Stroke(pg);
    }
    return;
  }
  }
}

static void draw_runs(struct prep_pdf *p, HPDF_Page pg,
                      const struct prep_page *lp)
{
  if (lp->nruns == 0)
    return;
  HPDF_Page_BeginText(pg);
  HPDF_Font cur = NULL;
  double cur_size = -1, cur_grey = -1;
  for (size_t i = 0; i < lp->nruns && p->err == 0; i++) {
    const struct prep_run *r = &lp->runs[i];
    HPDF_Font f = face_font(p, r->font);
    if (!f)
      break;
    if (f != cur || r->size != cur_size) {
      HPDF_Page_SetFontAndSize(pg, f, (HPDF_REAL)r->size);
      cur = f;
      cur_size = r->size;
    }
    if (r->grey != cur_grey) {
      HPDF_Page_SetGrayFill(pg, r->grey);
      cur_grey = r->grey;
    }
    char *t = clean(r->text, r->len);
    HPDF_Page_TextOut(pg, (HPDF_REAL)r->x, (HPDF_REAL)r->y, t);
    free(t);
  }
  HPDF_Page_EndText(pg);
}

static void set_info(struct prep_pdf *p, HPDF_InfoType t, const char *v)
{
  if (!v || !v[0])
    return;
  char *c = clean(v, strlen(v));
  HPDF_SetInfoAttr(p->doc, t, c);
  free(c);
}

/* MD5 over everything that makes up the document: its /ID. */
static void content_hash(const struct prep_layout *l, HPDF_BYTE out[16])
{
  HPDF_MD5_CTX c;
  char b[160];
  HPDF_MD5Init(&c);
#define HASH_STR(s)                                                            \
  HPDF_MD5Update(&c, (const HPDF_BYTE *)(s), (HPDF_UINT32)strlen(s) + 1)
  snprintf(b, sizeof b, "%.2f %.2f %zu", l->width, l->height, l->npages);
  HASH_STR(b);
  const char *info[] = {l->info.title, l->info.author, l->info.subject,
                        l->info.keywords, l->info.creator};
  for (size_t i = 0; i < sizeof info / sizeof info[0]; i++)
    HASH_STR(info[i] ? info[i] : "");
  snprintf(b, sizeof b, "%d-%d-%d", l->info.year, l->info.month, l->info.day);
  HASH_STR(b);
  for (size_t i = 0; i < l->npages; i++) {
    const struct prep_page *pg = &l->pages[i];
    for (size_t k = 0; k < pg->nruns; k++) {
      const struct prep_run *r = &pg->runs[k];
      snprintf(b, sizeof b, "t %.2f %.2f %d %.2f %.2f", r->x, r->y,
               (int)r->font, r->size, (double)r->grey);
      HASH_STR(b);
      HPDF_MD5Update(&c, (const HPDF_BYTE *)r->text, (HPDF_UINT32)r->len);
    }
    for (size_t k = 0; k < pg->ngops; k++) {
      const struct prep_gop *g = &pg->gops[k];
      snprintf(b, sizeof b, "g %d %.2f %.2f %.2f %.2f %.2f %.2f %.2f",
               (int)g->kind, g->x0, g->y0, g->x1, g->y1, g->line_width,
               (double)g->stroke, (double)g->fill);
      HASH_STR(b);
    }
    for (size_t k = 0; k < pg->nlinks; k++) {
      snprintf(b, sizeof b, "l %.2f %.2f %u", pg->links[k].x0,
               pg->links[k].y0, pg->links[k].dest);
      HASH_STR(b);
    }
  }
  for (size_t o = 0; o < l->noutline; o++) {
    snprintf(b, sizeof b, "o %u %u", l->outline[o].level, l->outline[o].dest);
    HASH_STR(b);
    HASH_STR(l->outline[o].title);
  }
#undef HASH_STR
  HPDF_MD5Final(out, &c);
}

/* Builds the whole document in libharu.  0 on success. */
static int render(struct prep_pdf *p, const struct prep_layout *l)
{
  HPDF_Doc d = p->doc;
  if (l->npages == 0)
    return -1;
  HPDF_Page *pages = prep_xcalloc(l->npages, sizeof *pages);
  for (size_t i = 0; i < l->npages && p->err == 0; i++) {
    HPDF_Page pg = HPDF_AddPage(d);
    if (!pg)
      break;
    pages[i] = pg;
    HPDF_Page_SetWidth(pg, (HPDF_REAL)l->width);
    HPDF_Page_SetHeight(pg, (HPDF_REAL)l->height);
    const struct prep_page *lp = &l->pages[i];
    for (size_t k = 0; k < lp->ngops && p->err == 0; k++)
      draw_gop(pg, &lp->gops[k]);
    draw_runs(p, pg, lp);
  }
  /* destinations (/FitH at the anchor), then links and bookmarks */
  HPDF_Destination *dst = NULL;
  if (p->err == 0 && l->ndests) {
    dst = prep_xcalloc(l->ndests, sizeof *dst);
    for (size_t k = 0; k < l->ndests && p->err == 0; k++) {
      unsigned pi = l->dests[k].page < l->npages ? l->dests[k].page : 0;
      dst[k] = HPDF_Page_CreateDestination(pages[pi]);
      if (dst[k])
        HPDF_Destination_SetFitH(dst[k], (HPDF_REAL)l->dests[k].y);
    }
  }
  for (size_t i = 0; i < l->npages && p->err == 0; i++) {
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
  if (p->err == 0 && l->noutline) {
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
      char *t = clean(e->title, strlen(e->title));
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
  if (p->err)
    return -1;
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
  content_hash(l, h);
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

/* Copies libharu's saved stream to fd. */
static int save_to_fd(struct prep_pdf *p, int fd)
{
  if (HPDF_SaveToStream(p->doc) != HPDF_OK || p->err)
    return -1;
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
  if (render(p, l) != 0) {
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
