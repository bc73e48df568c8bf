/* read_odt.c - OpenDocument text (.odt) to the document model.
 *
 * Owner: more-inputs readers (issue 10).  The package goes through the DOCX
 * reader's ZIP layer (docx_zip.c: entry vetting, capped and counted
 * inflation) and every XML part through the pull reader it shares with
 * DOCX (xmlpull.c: byte pre-scan for DTD, encoding, tag size, attributes and
 * depth; no entities, no network), matched against the OpenDocument
 * namespaces below.
 *
 * Reading order, as for DOCX: master-page headers (styles.xml), the body
 * (content.xml office:text), footnotes/endnotes (collected while walking
 * the body), master-page footers.  Decisions:
 *  - one block per text:p / text:h; text:h gives a heading at its
 *    outline level; a paragraph style with a default outline level, or
 *    named Title, gives a heading too (Title = level 0);
 *  - list items from text:list nesting; bullet or number from the list
 *    style (automatic or common) at that level;
 *  - table cells carry depth/row/col; covered cells produce nothing but
 *    advance the column, as repeated cells do;
 *  - text inside draw:* shapes is PART_TEXTBOX; text:note bodies are
 *    footnotes/endnotes; text:tracked-changes (deleted text), office:
 *    annotation (comments), text:note-citation and text:number are skipped;
 *  - bold/italic/caps/small caps when every non-space character has it,
 *    from paragraph and span styles with parent-style inheritance;
 *  - whitespace in text nodes is collapsible (ODF rules), text:s gives
 *    spaces, text:tab a TAB (the field separator), text:line-break a space.
 * Messages name parts and lines, never document text.
 */
#include "prepgen/read_more.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "docx.h"
#include "prepgen/arena.h"
#include "prepgen/buf.h"
#include "prepgen/doc.h"
#include "prepgen/limits.h"
#include "prepgen/read.h"
#include "prepgen/text.h"
#include "xmlpull.h"

/* Styles remembered per package: LibreOffice writes a few hundred. */
#define ODT_MAX_STYLES 20000u
/* Parent-style chains longer than this are loops or abuse. */
#define ODT_MAX_CHAIN 16
/* Paragraphs open at once: notes and text boxes nest inside paragraphs. */
#define ODT_MAXPARA 16
/* Nested tables. */
#define ODT_MAXTBL 32
/* text:s c="N": spaces collapse later, a few are enough. */
#define ODT_MAX_SPACES 8u
/* Links remembered per paragraph (prep_doc_add_link keeps 64). */
#define ODT_MAXLINKS 64

/* ---- namespaces ------------------------------------------------------- */

enum ons { NS_OTHER, NS_OFFICE, NS_TEXT, NS_TABLE, NS_DRAW, NS_STYLE, NS_FO,
           NS_XLINK, NS_DC, NS_META, NS_SVG, NS_LO_EXT };

static const struct prep_xml_ns odt_ns_uris[] = {
    {"urn:oasis:names:tc:opendocument:xmlns:office:1.0", NS_OFFICE},
    {"urn:oasis:names:tc:opendocument:xmlns:text:1.0", NS_TEXT},
    {"urn:oasis:names:tc:opendocument:xmlns:table:1.0", NS_TABLE},
    {"urn:oasis:names:tc:opendocument:xmlns:drawing:1.0", NS_DRAW},
    {"urn:oasis:names:tc:opendocument:xmlns:style:1.0", NS_STYLE},
    {"urn:oasis:names:tc:opendocument:xmlns:xsl-fo-compatible:1.0", NS_FO},
    {"http://www.w3.org/1999/xlink", NS_XLINK},
    {"http://purl.org/dc/elements/1.1/", NS_DC},
    {"urn:oasis:names:tc:opendocument:xmlns:meta:1.0", NS_META},
    {"urn:oasis:names:tc:opendocument:xmlns:svg-compatible:1.0", NS_SVG},
    {"urn:org:documentfoundation:names:experimental:office:xmlns:loext:1.0",
     NS_LO_EXT},
};

static const struct prep_xml_vocab odt_vocab = {
    "ODT", odt_ns_uris, sizeof odt_ns_uris / sizeof odt_ns_uris[0]};

/* ---- reading XML parts ------------------------------------------------- */

/* Copies messages from the ZIP layer shared with DOCX (docx_zip.c), which
 * names its format "DOCX", naming ODT instead. */
static void relay(const struct prep_diag *from, struct prep_diag *to,
                  const char *name)
{
  for (size_t i = 0; i < from->count; i++) {
    char msg[512];
    const char *m = from->items[i].msg, *k = strstr(m, "DOCX");
    if (k)
      snprintf(msg, sizeof msg, "%.*sODT%s", (int)(k - m), m, k + 4);
    else
      snprintf(msg, sizeof msg, "%s", m);
    prep_diag_add(to, from->items[i].sev, name, from->items[i].where, "%s",
                  msg);
  }
}

/* Opens a reader on one part.  ODF parts are UTF-8 (office suites write
 * nothing else), so UTF-16, which the shared reader would transcode, is
 * refused here, and so is an empty part, by name. */
static enum prep_status open_part(const unsigned char *buf, size_t len,
                                  const char *part, const char *name,
                                  struct prep_diag *diag, struct prep_xml **x)
{
  *x = NULL;
  if ((len >= 2 && ((buf[0] == 0xFF && buf[1] == 0xFE) ||
                    (buf[0] == 0xFE && buf[1] == 0xFF))) ||
      (len >= 2 && (buf[0] == 0 || buf[1] == 0))) {
    prep_diag_add(diag, PREP_SEV_ERROR, name, NULL,
                  "%s is not UTF-8 (ODF packages written by office suites "
                  "always are); refusing it", part);
    return PREP_EINPUT;
  }
  size_t bom = len >= 3 && buf[0] == 0xEF && buf[1] == 0xBB && buf[2] == 0xBF
                   ? 3 : 0;
  if (len == bom) {
    prep_diag_add(diag, PREP_SEV_ERROR, name, NULL, "%s is empty", part);
    return PREP_EINPUT;
  }
  return prep_xml_open(buf, len, &odt_vocab, part, name, diag, x);
}

static int is(const struct prep_xml *x, enum ons ns, const char *local)
{
  return strcmp(prep_xml_local(x), local) == 0 && prep_xml_ns(x) == (int)ns;
}

/* Attribute by namespace and local name, copied into buf (n bytes, cut).
 * Returns buf, or NULL when absent. */
static const char *attr(struct prep_xml *x, enum ons ns, const char *local,
                        char *buf, size_t n)
{
  const char *v = prep_xml_attr(x, (int)ns, local);
  if (!v)
    return NULL;
  snprintf(buf, n, "%s", v);
  return buf;
}

/* ---- styles --------------------------------------------------------------- */

/* -1 unset, 0 off, 1 on. */
struct props {
  signed char b, i, caps, smallcaps, center, u, hidden;
};

struct ostyle {
  const char *name, *parent, *display, *list_style;
  int outline;       /* default outline level, -1 unset */
  struct props pr;
  int state;         /* 0 raw, 1 resolving, 2 resolved */
  int heading;       /* resolved: -1 none, 0 title, 1..9 */
};

struct liststyle {
  const char *name;
  signed char fmt[11]; /* per level 1..10: 0 unknown, 1 bullet, 2 number, 3 none */
};

struct stab {
  struct ostyle *v;
  size_t n, cap;
  size_t *hash, hcap;
  struct liststyle *l;
  size_t nl, capl;
};

static size_t hash_str(const char *s)
{
  size_t h = (size_t)1469598103934665603ull;
  for (; *s; s++)
    h = (h ^ (unsigned char)*s) * (size_t)1099511628211ull;
  return h;
}

static struct ostyle *stab_find(const struct stab *t, const char *name)
{
  if (!name || !t->hcap)
    return NULL;
  size_t h = hash_str(name) & (t->hcap - 1);
  while (t->hash[h]) {
    struct ostyle *s = &t->v[t->hash[h] - 1];
    if (strcmp(s->name, name) == 0)
      return s;
    h = (h + 1) & (t->hcap - 1);
  }
  return NULL;
}

static void stab_rehash(struct prep_arena *a, struct stab *t)
{
  size_t hcap = 64;
  while (hcap < t->n * 2 + 2)
    hcap *= 2;
  t->hash = prep_arena_alloc(a, hcap * sizeof *t->hash);
  t->hcap = hcap;
  for (size_t i = 0; i < t->n; i++) {
    size_t h = hash_str(t->v[i].name) & (hcap - 1);
    while (t->hash[h]) {
      if (strcmp(t->v[t->hash[h] - 1].name, t->v[i].name) == 0)
        break; /* duplicate name: the first one wins */
      h = (h + 1) & (hcap - 1);
    }
    if (!t->hash[h])
      t->hash[h] = i + 1;
  }
}

static struct ostyle *stab_add(struct prep_arena *a, struct stab *t,
                               const char *name)
{
  if (t->n >= ODT_MAX_STYLES)
    return NULL;
  if (t->n == t->cap) {
    size_t cap = t->cap ? t->cap * 2 : 64;
    struct ostyle *nv = prep_arena_alloc(a, cap * sizeof *nv);
    if (t->n)
      memcpy(nv, t->v, t->n * sizeof *nv);
    t->v = nv;
    t->cap = cap;
  }
  struct ostyle *s = &t->v[t->n++];
  memset(s, 0, sizeof *s);
  s->name = prep_arena_strdup(a, name);
  s->outline = -1;
  s->pr.b = s->pr.i = s->pr.caps = s->pr.smallcaps = s->pr.center = -1;
  s->pr.u = s->pr.hidden = -1;
  s->heading = -1;
  return s;
}

static struct liststyle *list_add(struct prep_arena *a, struct stab *t,
                                  const char *name)
{
  if (t->nl >= ODT_MAX_STYLES)
    return NULL;
  if (t->nl == t->capl) {
    size_t cap = t->capl ? t->capl * 2 : 16;
    struct liststyle *nv = prep_arena_alloc(a, cap * sizeof *nv);
    if (t->nl)
      memcpy(nv, t->l, t->nl * sizeof *nv);
    t->l = nv;
    t->capl = cap;
  }
  struct liststyle *l = &t->l[t->nl++];
  memset(l, 0, sizeof *l);
  l->name = prep_arena_strdup(a, name);
  return l;
}

static const struct liststyle *list_find(const struct stab *t,
                                         const char *name)
{
  if (!name)
    return NULL;
  for (size_t i = t->nl; i-- > 0;)
    if (strcmp(t->l[i].name, name) == 0)
      return &t->l[i];
  return NULL;
}

/* The package's styles: common ones (styles.xml office:styles) and the
 * automatic ones of the part being read. */
struct styles {
  struct stab common, autos;
};

static struct ostyle *style_get(const struct styles *ss, const char *name)
{
  struct ostyle *s = stab_find(&ss->autos, name);
  return s ? s : stab_find(&ss->common, name);
}

static int heading_from_name(const char *nm)
{
  if (!nm)
    return -1;
  if (strcasecmp(nm, "Title") == 0)
    return 0;
  /* "Heading 1" (display name) or "Heading_20_1" (style name), as Word
   * names them: a heading even without an outline level. */
  size_t k = strncasecmp(nm, "Heading ", 8) == 0      ? 8
             : strncasecmp(nm, "Heading_20_", 11) == 0 ? 11
                                                       : 0;
  if (k && nm[k] >= '1' && nm[k] <= '9' && !nm[k + 1])
    return nm[k] - '0';
  return -1;
}

static void merge(struct props *dst, const struct props *src)
{
  if (dst->b < 0) dst->b = src->b;
  if (dst->i < 0) dst->i = src->i;
  if (dst->caps < 0) dst->caps = src->caps;
  if (dst->smallcaps < 0) dst->smallcaps = src->smallcaps;
  if (dst->center < 0) dst->center = src->center;
  if (dst->u < 0) dst->u = src->u;
  if (dst->hidden < 0) dst->hidden = src->hidden;
}

/* Resolves parent chains once; loops and long chains stop quietly. */
static void style_resolve(const struct styles *ss, struct ostyle *s, int depth)
{
  if (s->state == 2)
    return;
  if (s->state == 1 || depth > ODT_MAX_CHAIN) {
    s->state = 2;
    return;
  }
  s->state = 1;
  int h = heading_from_name(s->display);
  if (h < 0)
    h = heading_from_name(s->name);
  if (h < 0 && s->outline > 0)
    h = s->outline > 9 ? 9 : s->outline;
  struct ostyle *p = s->parent ? style_get(ss, s->parent) : NULL;
  /* An automatic style's parent of the same name lives in the common set. */
  if (p == s)
    p = stab_find(&ss->common, s->parent);
  if (p && p != s) {
    style_resolve(ss, p, depth + 1);
    merge(&s->pr, &p->pr);
    if (h < 0)
      h = p->heading;
    if (!s->list_style)
      s->list_style = p->list_style;
  }
  s->heading = h;
  s->state = 2;
}

static const struct ostyle *style_of(const struct styles *ss,
                                     const char *name)
{
  struct ostyle *s = style_get(ss, name);
  if (s)
    style_resolve(ss, s, 0);
  return s;
}

static signed char weight_bold(const char *v)
{
  if (strcmp(v, "bold") == 0 || strcmp(v, "bolder") == 0)
    return 1;
  if (v[0] >= '1' && v[0] <= '9')
    return atoi(v) >= 600;
  return 0;
}

/* Reads the properties children of a style:style or style:default-style. */
static void read_style_props(struct prep_xml *x, struct ostyle *s)
{
  char v[64];
  if (attr(x, NS_FO, "font-weight", v, sizeof v))
    s->pr.b = weight_bold(v);
  if (attr(x, NS_FO, "font-style", v, sizeof v))
    s->pr.i = strcmp(v, "italic") == 0 || strcmp(v, "oblique") == 0;
  if (attr(x, NS_FO, "text-transform", v, sizeof v))
    s->pr.caps = strcmp(v, "uppercase") == 0;
  if (attr(x, NS_FO, "font-variant", v, sizeof v))
    s->pr.smallcaps = strcmp(v, "small-caps") == 0;
  if (attr(x, NS_FO, "text-align", v, sizeof v))
    s->pr.center = strcmp(v, "center") == 0;
  if (attr(x, NS_STYLE, "text-underline-style", v, sizeof v))
    s->pr.u = strcmp(v, "none") != 0;
  if (attr(x, NS_TEXT, "display", v, sizeof v))
    s->pr.hidden = strcmp(v, "none") == 0; /* hidden text (Word's vanish) */
}

/* Walks a styles container (office:styles or office:automatic-styles, the
 * current node) and fills t. */
static void read_styles(struct prep_xml *x, struct prep_arena *a,
                        struct stab *t)
{
  if (prep_xml_empty(x))
    return;
  int base = prep_xml_depth(x);
  struct ostyle *cur = NULL;
  struct liststyle *cl = NULL;
  int cur_depth = -1, list_depth = -1;
  char v[256];
  enum prep_xml_node ty;
  while ((ty = prep_xml_next(x)) != PREP_XML_EOF) {
    int depth = prep_xml_depth(x);
    if (ty == PREP_XML_END) {
      if (depth <= base)
        break;
      if (depth == cur_depth)
        cur = NULL;
      if (depth == list_depth)
        cl = NULL;
      continue;
    }
    if (ty != PREP_XML_START)
      continue;
    enum ons ns = prep_xml_ns(x);
    const char *ln = prep_xml_local(x);
    int empty = prep_xml_empty(x);
    if (ns == NS_STYLE && strcmp(ln, "style") == 0) {
      if (!attr(x, NS_STYLE, "name", v, sizeof v)) {
        prep_xml_skip(x);
        continue;
      }
      cur = stab_add(a, t, v);
      if (!cur) {
        prep_xml_skip(x);
        continue;
      }
      if (attr(x, NS_STYLE, "parent-style-name", v, sizeof v))
        cur->parent = prep_arena_strdup(a, v);
      if (attr(x, NS_STYLE, "display-name", v, sizeof v))
        cur->display = prep_arena_strdup(a, v);
      if (attr(x, NS_STYLE, "list-style-name", v, sizeof v) && v[0])
        cur->list_style = prep_arena_strdup(a, v);
      if (attr(x, NS_STYLE, "default-outline-level", v, sizeof v) && v[0])
        cur->outline = atoi(v) > 0 && atoi(v) <= 10 ? atoi(v) : -1;
      cur_depth = depth;
      if (empty)
        cur = NULL;
    } else if (cur && ns == NS_STYLE &&
               (strcmp(ln, "text-properties") == 0 ||
                strcmp(ln, "paragraph-properties") == 0)) {
      read_style_props(x, cur);
    } else if (ns == NS_TEXT && strcmp(ln, "list-style") == 0) {
      if (attr(x, NS_STYLE, "name", v, sizeof v) && !empty) {
        cl = list_add(a, t, v);
        list_depth = depth;
      }
    } else if (cl && ns == NS_TEXT &&
               strncmp(ln, "list-level-style-", 17) == 0) {
      int lvl = attr(x, NS_TEXT, "level", v, sizeof v) ? atoi(v) : 1;
      if (lvl >= 1 && lvl <= 10) {
        signed char f = 1;
        if (strcmp(ln + 17, "number") == 0) {
          f = 2;
          if (attr(x, NS_STYLE, "num-format", v, sizeof v) && !v[0])
            f = 3;
        }
        cl->fmt[lvl] = f;
      }
    }
  }
  stab_rehash(a, t);
}

/* ---- the body walker -------------------------------------------------- */

struct plink {
  size_t start;      /* offset in the paragraph text where the link began */
  const char *href;
  size_t end;
};

struct para {
  struct prep_buf text;
  enum prep_block_kind kind;
  unsigned level;
  unsigned flags;    /* centred, numbered, bullet */
  enum prep_part part;
  struct prep_doc *dest;   /* where the block goes (see target_doc) */
  unsigned pos;
  unsigned tdepth, row, col;
  size_t nonspace, nb, ni, nc, ns, nu; /* characters: all / bold / italic /
                                          caps / small caps / underlined */
  struct props base;  /* paragraph style */
  struct plink links[ODT_MAXLINKS];
  size_t nlinks;
  int space_pending;
};

struct tbl {
  unsigned row, col;
};

/* What an open element did, so its end can undo it. */
enum fk { F_NONE, F_PARA, F_SPAN, F_LINK, F_LIST, F_ITEM, F_TABLE, F_ROW,
          F_CELL, F_DRAW, F_NOTE };

struct frame {
  enum fk k;
  struct props saved;
  const char *saved_list;
  enum prep_part saved_part;
  size_t link_idx;
};

struct walk {
  struct prep_doc *doc;     /* header/body/textbox blocks */
  struct prep_doc *notes;   /* footnotes and endnotes, appended after */
  struct prep_doc *footers; /* master-page footers, appended last */
  struct prep_arena *a;
  const struct styles *ss;
  const char *name;
  struct prep_diag *diag;
  int limit_hit;
  struct frame st[PREP_MAX_XML_DEPTH + 2];
  struct para para[ODT_MAXPARA];
  int npara;
  struct tbl tbl[ODT_MAXTBL];
  unsigned ntbl;
  unsigned list_depth;
  const char *list_style;   /* innermost text:list style (inherited) */
  unsigned draw;            /* open draw:* elements */
  enum prep_part part;      /* part of new paragraphs outside shapes */
  struct props run;         /* current span properties */
  unsigned pos[PREP_PART_ENDNOTE + 1];
};

static int is_sp(unsigned char c)
{
  return c == ' ' || c == '\t' || c == '\n' || c == '\r';
}

/* Appends text with ODF whitespace collapsing; counts styled characters. */
static void para_text(struct walk *w, struct para *p, const char *s, size_t n)
{
  struct props r = w->run;
  merge(&r, &p->base);
  if (r.hidden == 1)
    return;
  for (size_t i = 0; i < n; i++) {
    unsigned char c = (unsigned char)s[i];
    if (is_sp(c)) {
      p->space_pending = 1;
      continue;
    }
    if (p->space_pending) {
      prep_buf_putc(&p->text, ' ');
      p->space_pending = 0;
    }
    prep_buf_putc(&p->text, (int)c);
    if ((c & 0xC0) == 0x80)
      continue; /* count characters, not bytes */
    p->nonspace++;
    if (r.b == 1) p->nb++;
    if (r.i == 1) p->ni++;
    if (r.caps == 1) p->nc++;
    if (r.smallcaps == 1) p->ns++;
    if (r.u == 1) p->nu++;
  }
}

static void para_raw(struct para *p, const char *s)
{
  if (p->space_pending) {
    prep_buf_putc(&p->text, ' ');
    p->space_pending = 0;
  }
  prep_buf_puts(&p->text, s);
}

/* Blocks are kept in reading order: headers and the body (with its text
 * boxes) first, then notes, then footers. */
static struct prep_doc *target_doc(struct walk *w, enum prep_part part)
{
  if (part == PREP_PART_FOOTNOTE || part == PREP_PART_ENDNOTE)
    return w->notes;
  if (part == PREP_PART_FOOTER)
    return w->footers;
  return w->doc;
}

static void para_open(struct walk *w, struct prep_xml *x, int heading)
{
  if (w->npara >= ODT_MAXPARA) {
    prep_xml_skip(x);
    return;
  }
  struct para *p = &w->para[w->npara++];
  prep_buf_free(&p->text);
  memset(p, 0, sizeof *p);
  prep_buf_init(&p->text, PREP_MAX_BLOCK_TEXT * 4);
  p->base.b = p->base.i = p->base.caps = p->base.smallcaps = p->base.center = -1;
  p->base.u = p->base.hidden = -1;
  p->part = w->draw ? PREP_PART_TEXTBOX : w->part;
  p->dest = target_doc(w, w->part); /* a text box in a footer stays there */
  p->pos = ++w->pos[p->part];
  p->kind = PREP_BLOCK_PARAGRAPH;
  char v[256];
  const struct ostyle *s = NULL;
  if (attr(x, NS_TEXT, "style-name", v, sizeof v))
    s = style_of(w->ss, v);
  if (s) {
    p->base = s->pr;
    if (s->heading >= 0) {
      p->kind = PREP_BLOCK_HEADING;
      p->level = (unsigned)s->heading;
    }
  }
  if (heading) {
    int lvl = attr(x, NS_TEXT, "outline-level", v, sizeof v) ? atoi(v) : 1;
    p->kind = PREP_BLOCK_HEADING;
    p->level = lvl < 1 ? 1u : lvl > 9 ? 9u : (unsigned)lvl;
  }
  if (p->base.center == 1)
    p->flags |= PREP_BF_CENTERED;
  if (w->list_depth > 0 && p->kind != PREP_BLOCK_HEADING) {
    p->kind = PREP_BLOCK_LIST_ITEM;
    p->level = w->list_depth - 1;
    const struct liststyle *ls = NULL;
    const char *lname = w->list_style ? w->list_style
                                      : (s ? s->list_style : NULL);
    ls = list_find(&w->ss->autos, lname);
    if (!ls)
      ls = list_find(&w->ss->common, lname);
    unsigned lv = w->list_depth > 10 ? 10 : w->list_depth;
    int f = ls ? ls->fmt[lv] : 1;
    if (f == 2)
      p->flags |= PREP_BF_NUMBERED;
    else if (f != 3)
      p->flags |= PREP_BF_BULLET;
  }
  if (w->ntbl > 0) {
    const struct tbl *t = &w->tbl[w->ntbl - 1];
    p->tdepth = w->ntbl;
    p->row = t->row ? t->row : 1;
    p->col = t->col ? t->col : 1;
    if (p->kind == PREP_BLOCK_PARAGRAPH)
      p->kind = PREP_BLOCK_TABLE_CELL;
  }
  if (prep_xml_empty(x))
    w->npara--; /* an empty paragraph: counted, no block */
}

static void para_close(struct walk *w)
{
  if (w->npara <= 0)
    return;
  struct para *p = &w->para[--w->npara];
  struct prep_block t;
  memset(&t, 0, sizeof t);
  t.kind = p->kind;
  t.level = p->level;
  t.flags = p->flags;
  t.part = p->part;
  t.pos = p->pos;
  t.table_depth = p->tdepth;
  t.row = p->row;
  t.col = p->col;
  if (p->nonspace > 0) {
    if (p->nb == p->nonspace) t.flags |= PREP_BF_BOLD;
    if (p->ni == p->nonspace) t.flags |= PREP_BF_ITALIC;
    if (p->nc == p->nonspace) t.flags |= PREP_BF_CAPS;
    if (p->ns == p->nonspace) t.flags |= PREP_BF_SMALLCAPS;
    if (p->nu == p->nonspace) t.flags |= PREP_BF_UNDERLINED;
  }
  if (w->limit_hit || !p->text.data) {
    prep_buf_free(&p->text);
    return;
  }
  struct prep_doc *d = p->dest;
  int hit = 0;
  struct prep_block *b =
      prep_read_more_add(d, &t, p->text.data, p->text.len, &hit);
  if (hit)
    w->limit_hit = 1;
  if (b) {
    for (size_t i = 0; i < p->nlinks; i++) {
      const struct plink *l = &p->links[i];
      size_t e = l->end > p->text.len ? p->text.len : l->end;
      char *txt = prep_arena_strndup(w->a, p->text.data + l->start,
                                     e > l->start ? e - l->start : 0);
      prep_doc_add_link(d, b, txt, l->href);
    }
  }
  prep_buf_free(&p->text);
}

static int unsafe_href(const char *h)
{
  while (*h == ' ' || *h == '\t' || *h == '\n' || *h == '\r')
    h++;
  return strncasecmp(h, "javascript:", 11) == 0 ||
         strncasecmp(h, "vbscript:", 9) == 0 || strncasecmp(h, "data:", 5) == 0;
}

/* Elements skipped with everything inside them. */
static int skipped(enum ons ns, const char *ln)
{
  if (ns == NS_TEXT)
    return strcmp(ln, "tracked-changes") == 0 ||
           strcmp(ln, "note-citation") == 0 || strcmp(ln, "number") == 0 ||
           strcmp(ln, "page-number") == 0 || strcmp(ln, "page-count") == 0 ||
           strcmp(ln, "hidden-text") == 0 ||
           strcmp(ln, "sequence-decls") == 0 ||
           strcmp(ln, "variable-decls") == 0 ||
           strcmp(ln, "user-field-decls") == 0 ||
           strcmp(ln, "table-of-content-source") == 0 ||
           strcmp(ln, "alphabetical-index-source") == 0 ||
           strcmp(ln, "illustration-index-source") == 0 ||
           strcmp(ln, "bibliography-source") == 0 ||
           strcmp(ln, "ruby-text") == 0;
  if (ns == NS_OFFICE)
    return strcmp(ln, "annotation") == 0 || strcmp(ln, "forms") == 0 ||
           strcmp(ln, "scripts") == 0 || strcmp(ln, "event-listeners") == 0;
  if (ns == NS_SVG)
    return strcmp(ln, "title") == 0 || strcmp(ln, "desc") == 0;
  if (ns == NS_TABLE)
    return strcmp(ln, "table-columns") == 0 ||
           strcmp(ln, "table-column") == 0;
  return 0;
}

static unsigned repeat_attr(struct prep_xml *x, enum ons ns, const char *local)
{
  char v[32];
  if (!attr(x, ns, local, v, sizeof v))
    return 1;
  long r = atol(v);
  return r < 1 ? 1u : r > 1024 ? 1024u : (unsigned)r;
}

static void start_element(struct walk *w, struct prep_xml *x, int depth)
{
  enum ons ns = prep_xml_ns(x);
  const char *ln = prep_xml_local(x);
  int empty = prep_xml_empty(x);
  struct frame *f = &w->st[depth];
  memset(f, 0, sizeof *f);
  struct para *p = w->npara > 0 ? &w->para[w->npara - 1] : NULL;
  char v[2048];
  if (skipped(ns, ln)) {
    prep_xml_skip(x);
    return;
  }
  if (ns == NS_TEXT) {
    if (strcmp(ln, "p") == 0 || strcmp(ln, "h") == 0) {
      int before = w->npara;
      para_open(w, x, ln[0] == 'h');
      if (w->npara > before)
        f->k = F_PARA;
    } else if (strcmp(ln, "span") == 0) {
      f->k = F_SPAN;
      f->saved = w->run;
      if (attr(x, NS_TEXT, "style-name", v, sizeof v)) {
        const struct ostyle *s = style_of(w->ss, v);
        if (s) {
          struct props np = s->pr;
          merge(&np, &w->run);
          w->run = np;
        }
      }
    } else if (strcmp(ln, "a") == 0) {
      f->k = F_LINK;
      f->link_idx = (size_t)-1;
      if (p && p->nlinks < ODT_MAXLINKS &&
          attr(x, NS_XLINK, "href", v, sizeof v) && v[0] &&
          !unsafe_href(v) && v[0] != '#') {
        struct plink *l = &p->links[p->nlinks];
        if (p->space_pending) {
          prep_buf_putc(&p->text, ' ');
          p->space_pending = 0;
        }
        l->start = p->text.len;
        l->end = (size_t)-1;
        l->href = prep_arena_strdup(w->a, v);
        f->link_idx = p->nlinks++;
      }
    } else if (strcmp(ln, "s") == 0) {
      if (p) {
        unsigned c = repeat_attr(x, NS_TEXT, "c");
        if (c > ODT_MAX_SPACES)
          c = ODT_MAX_SPACES;
        for (unsigned i = 0; i < c; i++)
          para_raw(p, " ");
      }
    } else if (strcmp(ln, "tab") == 0) {
      if (p)
        para_raw(p, "\t");
    } else if (strcmp(ln, "line-break") == 0) {
      if (p)
        p->space_pending = 1;
    } else if (strcmp(ln, "list") == 0) {
      f->k = F_LIST;
      f->saved_list = w->list_style;
      if (attr(x, NS_TEXT, "style-name", v, sizeof v) && v[0])
        w->list_style = prep_arena_strdup(w->a, v);
      w->list_depth++;
    } else if (strcmp(ln, "note") == 0) {
      f->k = F_NOTE;
      f->saved_part = w->part;
      w->part = attr(x, NS_TEXT, "note-class", v, sizeof v) &&
                        strcmp(v, "endnote") == 0
                    ? PREP_PART_ENDNOTE
                    : PREP_PART_FOOTNOTE;
      f->saved.b = (signed char)w->draw; /* notes are never text boxes */
      w->draw = 0;
    }
  } else if (ns == NS_TABLE) {
    if (strcmp(ln, "table") == 0) {
      if (w->ntbl < ODT_MAXTBL) {
        f->k = F_TABLE;
        w->tbl[w->ntbl].row = 0;
        w->tbl[w->ntbl].col = 0;
        w->ntbl++;
      }
    } else if (strcmp(ln, "table-row") == 0 && w->ntbl > 0) {
      f->k = F_ROW;
      struct tbl *t = &w->tbl[w->ntbl - 1];
      t->row++;
      t->col = 0;
      /* repeated rows are empty in practice: count them once more each */
      unsigned r = repeat_attr(x, NS_TABLE, "number-rows-repeated");
      f->link_idx = r - 1;
    } else if ((strcmp(ln, "table-cell") == 0 ||
                strcmp(ln, "covered-table-cell") == 0) && w->ntbl > 0) {
      struct tbl *t = &w->tbl[w->ntbl - 1];
      unsigned rep = repeat_attr(x, NS_TABLE, "number-columns-repeated");
      t->col++;
      if (ln[0] == 'c') {
        t->col += rep - 1;
        prep_xml_skip(x); /* a merged-away cell: no text of its own */
        return;
      }
      f->k = F_CELL;
      f->link_idx = rep - 1;
    }
  } else if (ns == NS_DRAW) {
    if (!empty) {
      f->k = F_DRAW;
      w->draw++;
    }
  }
  if (empty && f->k != F_NONE) {
    /* no end event will come: undo now */
    if (f->k == F_PARA)
      para_close(w);
    else if (f->k == F_LIST) {
      w->list_depth--;
      w->list_style = f->saved_list;
    } else if (f->k == F_SPAN) {
      w->run = f->saved;
    } else if (f->k == F_NOTE) {
      w->part = f->saved_part;
      w->draw = (unsigned)f->saved.b;
    } else if (f->k == F_CELL && w->ntbl > 0) {
      w->tbl[w->ntbl - 1].col += (unsigned)f->link_idx;
    } else if (f->k == F_ROW && w->ntbl > 0) {
      w->tbl[w->ntbl - 1].row += (unsigned)f->link_idx;
    } else if (f->k == F_TABLE) {
      w->ntbl--;
    }
    f->k = F_NONE;
  }
}

static void end_element(struct walk *w, int depth)
{
  struct frame *f = &w->st[depth];
  switch (f->k) {
  case F_NONE:
  case F_ITEM:
    break;
  case F_PARA:
    para_close(w);
    break;
  case F_SPAN:
    w->run = f->saved;
    break;
  case F_LINK:
    if (f->link_idx != (size_t)-1 && w->npara > 0) {
      struct para *p = &w->para[w->npara - 1];
      if (f->link_idx < p->nlinks)
        p->links[f->link_idx].end = p->text.len;
    }
    break;
  case F_LIST:
    if (w->list_depth > 0)
      w->list_depth--;
    w->list_style = f->saved_list;
    break;
  case F_TABLE:
    if (w->ntbl > 0)
      w->ntbl--;
    break;
  case F_ROW:
    if (w->ntbl > 0)
      w->tbl[w->ntbl - 1].row += (unsigned)f->link_idx;
    break;
  case F_CELL:
    if (w->ntbl > 0)
      w->tbl[w->ntbl - 1].col += (unsigned)f->link_idx;
    break;
  case F_DRAW:
    if (w->draw > 0)
      w->draw--;
    break;
  case F_NOTE:
    w->part = f->saved_part;
    w->draw = (unsigned)f->saved.b;
    break;
  }
  f->k = F_NONE;
}

/* Walks the subtree of the current element (office:text, style:header,
 * ...) and emits its blocks. */
static void walk_subtree(struct walk *w, struct prep_xml *x)
{
  if (prep_xml_empty(x))
    return;
  int base = prep_xml_depth(x);
  enum prep_xml_node ty;
  while (!w->limit_hit && (ty = prep_xml_next(x)) != PREP_XML_EOF) {
    int depth = prep_xml_depth(x);
    if (depth < 0 || depth > (int)PREP_MAX_XML_DEPTH)
      break;
    if (ty == PREP_XML_END) {
      if (depth <= base)
        break;
      end_element(w, depth);
    } else if (ty == PREP_XML_START) {
      start_element(w, x, depth);
    } else if (ty == PREP_XML_TEXT && w->npara > 0) {
      size_t n;
      const char *s = prep_xml_text(x, &n);
      para_text(w, &w->para[w->npara - 1], s, n);
    }
  }
  while (w->npara > 0)
    para_close(w);
}

/* ---- package-level steps ------------------------------------------------ */

static enum prep_status read_part(struct prep_docx_pkg *pkg, const char *part,
                                  size_t cap, unsigned char **buf,
                                  size_t *len)
{
  return prep_docx_pkg_read_name(pkg, part, cap, buf, len);
}

/* styles.xml: common and automatic styles, then master-page headers (into
 * w->doc) and footers (into w->footers). */
static enum prep_status read_styles_part(struct walk *w, struct prep_docx_pkg *pkg,
                                         struct styles *ss)
{
  unsigned char *buf;
  size_t len;
  enum prep_status st = read_part(pkg, "styles.xml", PREP_MAX_AUX_PART, &buf,
                                  &len);
  if (st != PREP_OK || !buf)
    return st;
  struct prep_xml *x;
  st = open_part(buf, len, "styles.xml", w->name, w->diag, &x);
  if (st != PREP_OK) {
    free(buf);
    return st;
  }
  /* Pass 1: styles (headers need them, and they come later anyway). */
  enum prep_xml_node ty;
  while ((ty = prep_xml_next(x)) != PREP_XML_EOF) {
    if (ty != PREP_XML_START)
      continue;
    if (is(x, NS_OFFICE, "styles"))
      read_styles(x, w->a, &ss->common);
    else if (is(x, NS_OFFICE, "automatic-styles"))
      read_styles(x, w->a, &ss->autos);
    else if (is(x, NS_OFFICE, "master-styles")) {
      /* master pages: headers and footers */
      int base = prep_xml_depth(x);
      while (!w->limit_hit && (ty = prep_xml_next(x)) != PREP_XML_EOF) {
        if (ty == PREP_XML_END && prep_xml_depth(x) <= base)
          break;
        if (ty != PREP_XML_START || prep_xml_ns(x) != NS_STYLE)
          continue;
        const char *ln = prep_xml_local(x);
        if (strncmp(ln, "header", 6) == 0 || strncmp(ln, "footer", 6) == 0) {
          w->part = ln[0] == 'h' ? PREP_PART_HEADER : PREP_PART_FOOTER;
          walk_subtree(w, x);
          w->part = PREP_PART_BODY;
        }
      }
    }
  }
  st = prep_xml_status(x);
  prep_xml_close(x);
  free(buf);
  return st;
}

static int valid_date(const char *s)
{
  for (int i = 0; i < 10; i++) {
    if (i == 4 || i == 7) {
      if (s[i] != '-')
        return 0;
    } else if (s[i] < '0' || s[i] > '9') {
      return 0;
    }
  }
  return 1;
}

/* meta.xml: title, author (initial creator, else last editor), date. */
static enum prep_status read_meta(struct walk *w, struct prep_docx_pkg *pkg)
{
  unsigned char *buf;
  size_t len;
  enum prep_status rs = read_part(pkg, "meta.xml", PREP_MAX_SMALL_PART, &buf,
                                  &len);
  if (rs != PREP_OK || !buf)
    return rs; /* a bomb or a damaged ZIP entry fails the file */
  struct prep_diag tmp;
  prep_diag_init(&tmp);
  struct prep_xml *x;
  if (open_part(buf, len, "meta.xml", w->name, &tmp, &x) != PREP_OK) {
    prep_diag_add(w->diag, PREP_SEV_WARNING, w->name, NULL,
                  "meta.xml is damaged or unsafe; document properties are "
                  "ignored");
    prep_diag_free(&tmp);
    free(buf);
    return PREP_OK;
  }
  enum prep_xml_node ty;
  int what = 0; /* 1 title, 2 initial creator, 3 creator, 4 date */
  const char *creator = NULL, *initial = NULL;
  struct prep_buf t;
  prep_buf_init(&t, 4096);
  while ((ty = prep_xml_next(x)) != PREP_XML_EOF) {
    if (ty == PREP_XML_START) {
      enum ons ns = prep_xml_ns(x);
      const char *ln = prep_xml_local(x);
      what = 0;
      if (ns == NS_DC && strcmp(ln, "title") == 0) what = 1;
      else if (ns == NS_META && strcmp(ln, "initial-creator") == 0) what = 2;
      else if (ns == NS_DC && strcmp(ln, "creator") == 0) what = 3;
      else if (ns == NS_DC && strcmp(ln, "date") == 0) what = 4;
      prep_buf_clear(&t);
    } else if (ty == PREP_XML_TEXT && what) {
      size_t n;
      const char *s = prep_xml_text(x, &n);
      prep_buf_append(&t, s, n);
    } else if (ty == PREP_XML_END && what) {
      struct prep_buf nb;
      prep_buf_init(&nb, 4096);
      if (t.data)
        prep_text_normalize(&nb, t.data, t.len);
      if (nb.len) {
        const char *v = prep_arena_strndup(w->a, nb.data, nb.len);
        if (what == 1) w->doc->title = v;
        else if (what == 2) initial = v;
        else if (what == 3) creator = v;
        else if (what == 4 && nb.len >= 10 && valid_date(v))
          w->doc->modified = prep_arena_strndup(w->a, v, 10);
      }
      prep_buf_free(&nb);
      what = 0;
    }
  }
  if (prep_xml_status(x) != PREP_OK)
    prep_diag_add(w->diag, PREP_SEV_WARNING, w->name, NULL,
                  "meta.xml is damaged; document properties may be missing");
  w->doc->author = initial ? initial : creator;
  prep_buf_free(&t);
  prep_xml_close(x);
  prep_diag_free(&tmp);
  free(buf);
  return PREP_OK;
}

static void append_doc(struct walk *w, const struct prep_doc *from)
{
  for (size_t i = 0; i < from->nblocks && !w->limit_hit; i++) {
    const struct prep_block *s = &from->blocks[i];
    int hit = 0;
    struct prep_block *b =
        prep_read_more_add(w->doc, s, s->text, s->len, &hit);
    if (hit)
      w->limit_hit = 1;
    if (b) {
      b->kind = s->kind; /* already decided; do not re-derive */
      b->flags = s->flags;
      for (size_t j = 0; j < s->nlinks; j++)
        prep_doc_add_link(w->doc, b, s->links[j].text, s->links[j].target);
    }
  }
}

/* Header and footer blocks repeated (left/first/right pages) once only. */
static void dedupe_part(struct prep_doc *d, enum prep_part part)
{
  size_t o = 0, seen = 0;
  for (size_t i = 0; i < d->nblocks; i++) {
    const struct prep_block *b = &d->blocks[i];
    int dup = 0;
    if (b->part == part && seen < 256) {
      for (size_t j = 0; j < o && !dup; j++)
        dup = d->blocks[j].part == part && strcmp(d->blocks[j].text, b->text) == 0;
      seen++;
    }
    if (dup) {
      d->text_bytes -= b->len;
      continue;
    }
    d->blocks[o++] = *b;
  }
  d->nblocks = o;
}

/* ODF encryption lives in the manifest, not in the ZIP flags. */
static int is_encrypted(struct prep_docx_pkg *pkg)
{
  unsigned char *buf;
  size_t len;
  if (read_part(pkg, "META-INF/manifest.xml", PREP_MAX_SMALL_PART, &buf,
                &len) != PREP_OK || !buf)
    return 0;
  int enc = 0;
  static const char pat[] = "encryption-data";
  for (size_t i = 0; i + sizeof pat - 1 <= len && !enc; i++)
    enc = buf[i] == 'e' && memcmp(buf + i, pat, sizeof pat - 1) == 0;
  free(buf);
  return enc;
}

enum prep_status prep_read_odt(const unsigned char *p, size_t n,
                               const char *name, struct prep_arena *a,
                               struct prep_doc **out, struct prep_diag *diag)
{
  *out = NULL;
  prep_read_init();
  size_t inflated = 0;
  struct prep_docx_pkg *pkg = NULL;
  struct prep_diag zd; /* the ZIP layer's messages, relayed at the end */
  prep_diag_init(&zd);
  enum prep_status st = prep_docx_pkg_open(p, n, name, a, &inflated, &zd, &pkg);
  if (st != PREP_OK) {
    relay(&zd, diag, name);
    prep_diag_free(&zd);
    return st;
  }
  size_t errors0 = diag->errors;
  unsigned char *mt = NULL, *buf = NULL;
  size_t mtlen = 0, len = 0;
  static const char want[] = "application/vnd.oasis.opendocument.text";
  st = read_part(pkg, "mimetype", 256, &mt, &mtlen);
  if (st == PREP_OK && mt &&
      (mtlen < sizeof want - 1 || memcmp(mt, want, sizeof want - 1) != 0 ||
       (mtlen > sizeof want - 1 && mt[sizeof want - 1] != '-'))) {
    int odf = mtlen > 35 && memcmp(mt, want, 35) == 0;
    prep_diag_add(diag, PREP_SEV_ERROR, name, NULL,
                  odf ? "this is an OpenDocument file but not a text "
                        "document (a spreadsheet, presentation or drawing?)"
                      : "this ZIP package is not an OpenDocument text "
                        "(its mimetype names another format)");
    st = PREP_EINPUT;
    goto done;
  }
  if (st != PREP_OK)
    goto done;
  if (is_encrypted(pkg)) {
    prep_diag_add(diag, PREP_SEV_ERROR, name, NULL,
                  "this is a password-protected (encrypted) ODT document; "
                  "remove the password in LibreOffice and save it again");
    st = PREP_EINPUT;
    goto done;
  }
  if (prep_docx_pkg_find(pkg, "content.xml") < 0) {
    prep_diag_add(diag, PREP_SEV_ERROR, name, NULL,
                  "this ZIP package has no content.xml, so it is not an "
                  "OpenDocument text");
    st = PREP_EINPUT;
    goto done;
  }

  struct walk *w = prep_arena_alloc(a, sizeof *w);
  struct styles *ss = prep_arena_alloc(a, sizeof *ss);
  w->a = a;
  w->name = name;
  w->diag = diag;
  w->ss = ss;
  w->doc = prep_doc_new(a, PREP_FORMAT_ODT);
  w->notes = prep_doc_new(a, PREP_FORMAT_ODT);
  w->footers = prep_doc_new(a, PREP_FORMAT_ODT);
  w->part = PREP_PART_BODY;
  w->run.b = w->run.i = w->run.caps = w->run.smallcaps = w->run.center = -1;
  w->run.u = w->run.hidden = -1;
  st = read_meta(w, pkg);
  if (st == PREP_OK)
    st = read_styles_part(w, pkg, ss);
  if (st != PREP_OK)
    goto done;
  memset(&ss->autos, 0, sizeof ss->autos); /* content.xml has its own */

  st = read_part(pkg, "content.xml", PREP_MAX_MAIN_PART, &buf, &len);
  if (st != PREP_OK)
    goto done;
  struct prep_xml *x;
  st = open_part(buf, len, "content.xml", name, diag, &x);
  if (st != PREP_OK)
    goto done;
  enum prep_xml_node ty;
  int body = 0;
  while (!w->limit_hit && (ty = prep_xml_next(x)) != PREP_XML_EOF) {
    if (ty != PREP_XML_START)
      continue;
    if (is(x, NS_OFFICE, "automatic-styles")) {
      read_styles(x, a, &ss->autos);
    } else if (is(x, NS_OFFICE, "font-face-decls") ||
               is(x, NS_OFFICE, "scripts")) {
      prep_xml_skip(x);
    } else if (is(x, NS_OFFICE, "text")) {
      body = 1;
      w->part = PREP_PART_BODY;
      walk_subtree(w, x);
    }
  }
  st = prep_xml_status(x);
  prep_xml_close(x);
  if (st != PREP_OK)
    goto done;
  if (!body && !w->limit_hit) {
    prep_diag_add(diag, PREP_SEV_ERROR, name, NULL,
                  "content.xml has no office:text body (not a text "
                  "document)");
    st = PREP_EINPUT;
    goto done;
  }
  append_doc(w, w->notes);
  append_doc(w, w->footers);
  dedupe_part(w->doc, PREP_PART_HEADER);
  dedupe_part(w->doc, PREP_PART_FOOTER);
  if (w->limit_hit) {
    prep_diag_add(diag, PREP_SEV_ERROR, name, NULL,
                  "the document has more than %u blocks or %u MiB of text; "
                  "refusing it", PREP_MAX_BLOCKS, PREP_MAX_DOC_TEXT / PREP_MiB);
    st = PREP_ELIMIT;
    goto done;
  }
  if (diag->errors + zd.errors > errors0) {
    /* a part failed quietly after recording an error */
    st = PREP_EINPUT;
    goto done;
  }
  *out = w->doc;
done:
  free(mt);
  free(buf);
  prep_docx_pkg_close(pkg);
  relay(&zd, diag, name);
  if (zd.errors && st == PREP_OK) {
    st = PREP_EINPUT; /* cannot happen: a failed read returns a status */
    *out = NULL;
  }
  prep_diag_free(&zd);
  return st;
}

/* ---- sniffing --------------------------------------------------------------- */

int prep_sniff_odt(const unsigned char *p, size_t n)
{
  static const char mt[] = "mimetypeapplication/vnd.oasis.opendocument.text";
  if (n >= 30 + sizeof mt - 1 && memcmp(p, "PK\3\4", 4) == 0 &&
      memcmp(p + 30, mt, sizeof mt - 1) == 0)
    return 1;
  /* Otherwise look at the central directory's names. */
  if (n < 22)
    return 0;
  size_t lo = n > 22 + 65535 ? n - 22 - 65535 : 0;
  for (size_t e = n - 22 + 1; e-- > lo;) {
    if (memcmp(p + e, "PK\5\6", 4) != 0)
      continue;
    size_t size = (size_t)(p[e + 12] | p[e + 13] << 8 |
                           (unsigned long)p[e + 14] << 16 |
                           (unsigned long)p[e + 15] << 24);
    size_t off = (size_t)(p[e + 16] | p[e + 17] << 8 |
                          (unsigned long)p[e + 18] << 16 |
                          (unsigned long)p[e + 19] << 24);
    if (off >= n || size > n - off)
      return 0;
    int content = 0, ooxml = 0;
    size_t i = off, end = off + size;
    unsigned count = 0;
    while (i + 46 <= end && memcmp(p + i, "PK\1\2", 4) == 0 &&
           count++ < PREP_MAX_ZIP_ENTRIES) {
      size_t nl = (size_t)(p[i + 28] | p[i + 29] << 8);
      if (i + 46 + nl > end)
        break;
      const unsigned char *nm = p + i + 46;
      if (nl == 11 && memcmp(nm, "content.xml", 11) == 0)
        content = 1;
      if (nl == 19 && memcmp(nm, "[Content_Types].xml", 19) == 0)
        ooxml = 1;
      i += 46 + nl + (size_t)(p[i + 30] | p[i + 31] << 8) +
           (size_t)(p[i + 32] | p[i + 33] << 8);
    }
    return content && !ooxml;
  }
  return 0;
}
