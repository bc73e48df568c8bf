/* read_html.c - an HTML CV (a saved web page, a Google Docs export) to the
 * document model.
 *
 * Owner: more-inputs readers (issue 10).  libxml2's HTML parser runs in SAX
 * mode: no tree is built, nothing is fetched (HTML_PARSE_NONET, and the
 * process-wide loader from prep_read_init refuses everything), errors are
 * silent.  Before it sees the bytes:
 *  - the encoding is settled here: UTF-8 (BOM stripped), UTF-16 with a BOM
 *    (transcoded), otherwise Windows-1252 with a warning; the parser is then
 *    told to ignore <meta charset>, so no iconv converter is ever chosen by
 *    the input;
 *  - a byte pre-scan bounds start-tag size and attributes per tag (libxml2
 *    2.9.14 checks duplicate attributes quadratically, in HTML too).
 * While parsing, element nesting is capped (PREP_MAX_HTML_DEPTH) and the
 * parser is stopped at the first limit.
 *
 * Mapping: h1-h6 headings; p, div and the other block elements paragraphs;
 * li list items (ol numbered, ul bullets, nesting level); td/th table cells
 * (depth, row, column; colspan advances the column); br a space; a href a
 * link (javascript:, vbscript:, data: and in-page '#' targets dropped);
 * pre one block per line.  script, style, noscript, template, head, svg,
 * math, iframe, object, select, textarea, nav (site menus), del (deleted
 * text) and elements hidden with `hidden`
 * or display:none are skipped.  Bold/italic/caps/small caps/centred come from
 * tags (b, strong, i, em, center), inline style attributes and single-class
 * CSS rules in <style> (Google Docs writes `.c3{font-weight:700}`), and are
 * set when the whole block has them.  A block with class "title" (Google
 * Docs' Title style) is a level-0 heading.  Positions are source lines.
 */
#include "prepgen/read_more.h"

#include <libxml/HTMLparser.h>
#include <libxml/parserInternals.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "prepgen/arena.h"
#include "prepgen/buf.h"
#include "prepgen/doc.h"
#include "prepgen/limits.h"
#include "prepgen/read.h"
#include "prepgen/text.h"

/* CSS text kept from <style> elements: Google Docs writes ~20 KB. */
#define HTML_MAX_CSS (1u * PREP_MiB)
/* Nested tables and lists tracked (deeper ones count as the deepest). */
#define HTML_MAXTBL 32
#define HTML_MAXLIST 32
/* Links remembered per block. */
#define HTML_MAXLINKS 64

/* -1 unset, 0 off, 1 on. */
struct props {
  signed char b, i, caps, smallcaps, center, u;
};

static const struct props props_unset = {-1, -1, -1, -1, -1, -1};

static void merge(struct props *dst, const struct props *src)
{
  if (dst->b < 0) dst->b = src->b;
  if (dst->i < 0) dst->i = src->i;
  if (dst->caps < 0) dst->caps = src->caps;
  if (dst->smallcaps < 0) dst->smallcaps = src->smallcaps;
  if (dst->center < 0) dst->center = src->center;
  if (dst->u < 0) dst->u = src->u;
}

struct cssclass {
  const char *name;
  struct props pr;
};

struct hlink {
  size_t start, end;
  const char *href;
};

struct tbl {
  unsigned row, col;
};

struct frame {
  struct props saved_run;
  signed char saved_center;
  unsigned char kind; /* what the element opened, see h_end */
  unsigned char saved_h;
  unsigned char saved_title;
  size_t link_idx;
  unsigned saved_li, saved_nlist;
  int part;           /* restores w->part when >= 0 */
};

enum { K_NONE, K_BLOCK, K_LIST, K_LI, K_TABLE, K_ROW, K_CELL, K_PRE, K_LINK,
       K_TITLE, K_STYLE, K_HEAD };

struct hw {
  htmlParserCtxtPtr ctxt;
  unsigned line0;          /* added to parser line numbers */
  struct prep_doc *doc;
  struct prep_arena *a;
  const char *name;
  struct prep_diag *diag;
  enum prep_status st;     /* first failure; parser stopped */
  unsigned depth;          /* open elements */
  unsigned skip;           /* depth where a skipped element opened, or 0 */
  struct frame fr[PREP_MAX_HTML_DEPTH + 2];
  /* context */
  struct props run;
  signed char center;      /* block alignment */
  unsigned hlevel;         /* inside h1..h6 (1..6), 0 none */
  int title_block;         /* inside an element with class "title" */
  unsigned nlist;
  unsigned char list_ol[HTML_MAXLIST];
  unsigned li;             /* open li elements */
  struct tbl tbl[HTML_MAXTBL];
  unsigned ntbl, cell;     /* open tables, open cells */
  unsigned pre;
  enum prep_part part;     /* LibreOffice's <div title="header|footer"> */
  unsigned head;           /* inside <head> */
  int in_title, in_style;
  /* the block being collected */
  struct prep_buf text;
  unsigned line;
  size_t nonspace, nb, ni, nc, ns, nu;
  int space_pending;    /* 1 space, 2 a tab (a field separator) */
  int run_nl;           /* the pending white space held a line break */
  struct hlink links[HTML_MAXLINKS];
  size_t nlinks;
  /* properties and CSS */
  struct prep_buf title, css;
  struct cssclass *classes;
  size_t nclasses;
};

static unsigned cur_line(const struct hw *w)
{
  return w->line0 + (w->ctxt && w->ctxt->input && w->ctxt->input->line > 0
                         ? (unsigned)w->ctxt->input->line
                         : 1u);
}

static void stop(struct hw *w, enum prep_status st)
{
  if (w->st == PREP_OK)
    w->st = st;
  xmlStopParser(w->ctxt);
}

/* ---- blocks ------------------------------------------------------------- */

static void flush(struct hw *w)
{
  if (w->st != PREP_OK || w->text.len == 0) {
    prep_buf_clear(&w->text);
    w->nonspace = w->nb = w->ni = w->nc = w->ns = w->nu = 0;
    w->nlinks = 0;
    w->space_pending = w->run_nl = 0;
    return;
  }
  struct prep_block t;
  memset(&t, 0, sizeof t);
  t.kind = PREP_BLOCK_PARAGRAPH;
  t.part = w->part;
  t.pos = w->line;
  if (w->hlevel) {
    t.kind = PREP_BLOCK_HEADING;
    t.level = w->hlevel;
  } else if (w->title_block) {
    t.kind = PREP_BLOCK_HEADING;
    t.level = 0;
  } else if (w->li && w->nlist) {
    t.kind = PREP_BLOCK_LIST_ITEM;
    t.level = w->nlist - 1;
    unsigned k = w->nlist < HTML_MAXLIST ? w->nlist - 1 : HTML_MAXLIST - 1;
    t.flags |= w->list_ol[k] ? PREP_BF_NUMBERED : PREP_BF_BULLET;
  } else if (w->li) {
    t.kind = PREP_BLOCK_LIST_ITEM; /* li outside a list */
    t.flags |= PREP_BF_BULLET;
  }
  if (w->ntbl && w->cell) {
    unsigned k = w->ntbl < HTML_MAXTBL ? w->ntbl - 1 : HTML_MAXTBL - 1;
    const struct tbl *tb = &w->tbl[k];
    t.table_depth = w->ntbl;
    t.row = tb->row ? tb->row : 1;
    t.col = tb->col ? tb->col : 1;
    if (t.kind == PREP_BLOCK_PARAGRAPH)
      t.kind = PREP_BLOCK_TABLE_CELL;
  }
  if (w->center == 1)
    t.flags |= PREP_BF_CENTERED;
  if (w->nonspace) {
    if (w->nb == w->nonspace) t.flags |= PREP_BF_BOLD;
    if (w->ni == w->nonspace) t.flags |= PREP_BF_ITALIC;
    if (w->nc == w->nonspace) t.flags |= PREP_BF_CAPS;
    if (w->ns == w->nonspace) t.flags |= PREP_BF_SMALLCAPS;
    if (w->nu == w->nonspace) t.flags |= PREP_BF_UNDERLINED;
  }
  int hit = 0;
  struct prep_block *b =
      prep_read_more_add(w->doc, &t, w->text.data, w->text.len, &hit);
  if (hit) {
    prep_diag_add(w->diag, PREP_SEV_ERROR, w->name, NULL,
                  "the document has more than %u blocks or %u MiB of text; "
                  "refusing it", PREP_MAX_BLOCKS, PREP_MAX_DOC_TEXT / PREP_MiB);
    stop(w, PREP_ELIMIT);
  }
  if (b)
    for (size_t i = 0; i < w->nlinks; i++) {
      const struct hlink *l = &w->links[i];
      size_t e = l->end > w->text.len ? w->text.len : l->end;
      char *txt = prep_arena_strndup(w->a, w->text.data + l->start,
                                     e > l->start ? e - l->start : 0);
      prep_doc_add_link(w->doc, b, txt, l->href);
    }
  prep_buf_clear(&w->text);
  w->nonspace = w->nb = w->ni = w->nc = w->ns = w->nu = 0;
  w->nlinks = 0;
  w->space_pending = w->run_nl = 0;
}

static int html_space(unsigned char c)
{
  return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f';
}

static void add_text(struct hw *w, const unsigned char *s, size_t n)
{
  /* The parser has counted the chunk's lines already: a character's line
   * is the current one less the line breaks after it. */
  unsigned end_line = cur_line(w), left = 0;
  for (size_t i = 0; i < n; i++)
    left += s[i] == '\n';
  for (size_t i = 0; i < n; i++) {
    unsigned char c = s[i];
    if (c == '\n' && left)
      left--;
    if (w->pre && c == '\n') {
      flush(w);
      continue;
    }
    if (html_space(c)) {
      /* A tab inside a line is a column gap (LibreOffice writes its tab
       * stops so); white space with a line break in it is layout. */
      if (w->text.len > 0) {
        if (c == '\n' || c == '\r')
          w->run_nl = 1;
        if (c == '\t' && w->space_pending < 2)
          w->space_pending = 2;
        else if (!w->space_pending)
          w->space_pending = 1;
      }
      continue;
    }
    if (w->text.len == 0)
      w->line = end_line > left ? end_line - left : 1u;
    if (w->space_pending) {
      prep_buf_putc(&w->text, w->space_pending == 2 && !w->run_nl ? '\t' : ' ');
      w->space_pending = w->run_nl = 0;
    }
    /* Over the cap: prep_doc_add cuts the block, extra bytes are dropped. */
    if (prep_buf_putc(&w->text, c) < 0)
      continue;
    if ((c & 0xC0) == 0x80)
      continue;
    w->nonspace++;
    if (w->run.b == 1) w->nb++;
    if (w->run.i == 1) w->ni++;
    if (w->run.caps == 1) w->nc++;
    if (w->run.smallcaps == 1) w->ns++;
    if (w->run.u == 1) w->nu++;
  }
}

/* ---- CSS: inline declarations and .class rules ------------------------- */

static const char *skip_ws(const char *s, const char *e)
{
  while (s < e && (*s == ' ' || *s == '\t' || *s == '\n' || *s == '\r'))
    s++;
  return s;
}

static int val_is(const char *v, size_t n, const char *word)
{
  size_t m = strlen(word);
  return n >= m && strncasecmp(v, word, m) == 0;
}

/* Applies the declarations in s[0..len) ("font-weight:700;...") to pr;
 * sets *hidden for display:none. */
static void css_decls(const char *s, size_t len, struct props *pr, int *hidden)
{
  const char *e = s + len;
  while (s < e) {
    const char *semi = memchr(s, ';', (size_t)(e - s));
    const char *de = semi ? semi : e;
    const char *colon = memchr(s, ':', (size_t)(de - s));
    if (colon) {
      const char *k = skip_ws(s, colon);
      size_t kn = (size_t)(colon - k);
      while (kn && (k[kn - 1] == ' ' || k[kn - 1] == '\t'))
        kn--;
      const char *v = skip_ws(colon + 1, de);
      size_t vn = (size_t)(de - v);
      if (kn == 11 && strncasecmp(k, "font-weight", 11) == 0)
        pr->b = val_is(v, vn, "bold") || (vn && v[0] >= '6' && v[0] <= '9') ||
                val_is(v, vn, "bolder");
      else if (kn == 10 && strncasecmp(k, "font-style", 10) == 0)
        pr->i = val_is(v, vn, "italic") || val_is(v, vn, "oblique");
      else if (kn == 14 && strncasecmp(k, "text-transform", 14) == 0)
        pr->caps = val_is(v, vn, "uppercase");
      else if (kn == 12 && strncasecmp(k, "font-variant", 12) == 0)
        pr->smallcaps = val_is(v, vn, "small-caps");
      else if (kn == 15 && strncasecmp(k, "text-decoration", 15) == 0)
        pr->u = strstr(v, "underline") && (size_t)(strstr(v, "underline") - v) < vn;
      else if (kn == 10 && strncasecmp(k, "text-align", 10) == 0)
        pr->center = val_is(v, vn, "center");
      else if (kn == 7 && strncasecmp(k, "display", 7) == 0 && hidden)
        *hidden = val_is(v, vn, "none");
      else if (kn == 4 && strncasecmp(k, "font", 4) == 0)
        pr->b = strstr(v, "bold") && (size_t)(strstr(v, "bold") - v) < vn;
    }
    s = de + 1;
  }
}

static int ident_char(char c)
{
  return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') ||
         (c >= '0' && c <= '9') || c == '-' || c == '_';
}

#define CSS_SLOTS (2u * PREP_MAX_CSS_CLASSES) /* a power of two */

static size_t hash_n(const char *s, size_t n)
{
  size_t h = (size_t)1469598103934665603ull;
  for (size_t i = 0; i < n; i++)
    h = (h ^ (unsigned char)s[i]) * (size_t)1099511628211ull;
  return h;
}

static const struct cssclass *class_get(const struct hw *w, const char *s,
                                        size_t n)
{
  if (!w->classes)
    return NULL;
  for (size_t h = hash_n(s, n) & (CSS_SLOTS - 1), k = 0; k < CSS_SLOTS;
       k++, h = (h + 1) & (CSS_SLOTS - 1)) {
    const struct cssclass *c = &w->classes[h];
    if (!c->name)
      return NULL;
    if (strlen(c->name) == n && memcmp(c->name, s, n) == 0)
      return c;
  }
  return NULL;
}

/* Remembers a class rule; a later rule for the same class adds to it and
 * wins where both set a property, as in CSS. */
static void class_put(struct hw *w, const char *s, size_t n,
                      const struct props *pr)
{
  if (!w->classes)
    w->classes = prep_arena_alloc(w->a, CSS_SLOTS * sizeof *w->classes);
  size_t h = hash_n(s, n) & (CSS_SLOTS - 1);
  for (;;) {
    struct cssclass *c = &w->classes[h];
    if (!c->name) {
      if (w->nclasses >= PREP_MAX_CSS_CLASSES)
        return;
      c->name = prep_arena_strndup(w->a, s, n);
      c->pr = *pr;
      w->nclasses++;
      return;
    }
    if (strlen(c->name) == n && memcmp(c->name, s, n) == 0) {
      struct props np = *pr;
      merge(&np, &c->pr);
      c->pr = np;
      return;
    }
    h = (h + 1) & (CSS_SLOTS - 1);
  }
}

/* Collects `.name { decls }` rules whose selector is one class (a group of
 * them separated by commas too).  Other rules are ignored. */
static void css_rules(struct hw *w)
{
  if (!w->css.data)
    return;
  const char *s = w->css.data, *e = s + w->css.len;
  while (s < e && w->nclasses < PREP_MAX_CSS_CLASSES) {
    const char *open = memchr(s, '{', (size_t)(e - s));
    if (!open)
      break;
    const char *close = memchr(open, '}', (size_t)(e - open));
    if (!close)
      break;
    if (memchr(s, '@', (size_t)(open - s))) { /* @media { ... { } }: skip */
      s = close + 1;
      continue;
    }
    struct props pr = props_unset;
    css_decls(open + 1, (size_t)(close - open - 1), &pr, NULL);
    const char *sel = s;
    while (sel < open) {
      const char *comma = memchr(sel, ',', (size_t)(open - sel));
      const char *se = comma ? comma : open;
      const char *a = skip_ws(sel, se);
      const char *b = se;
      while (b > a && (b[-1] == ' ' || b[-1] == '\n' || b[-1] == '\t' || b[-1] == '\r'))
        b--;
      if (b - a >= 2 && a[0] == '.') {
        const char *q = a + 1;
        while (q < b && ident_char(*q))
          q++;
        if (q == b)
          class_put(w, a + 1, (size_t)(b - a - 1), &pr);
      }
      sel = se + 1;
    }
    s = close + 1;
  }
}

/* Properties from a class attribute: the last rule for a class wins, as
 * later CSS rules do. */
static void class_props(struct hw *w, const char *cls, struct props *pr,
                        int *title)
{
  const char *s = cls;
  unsigned words = 0;
  while (*s && words++ < 32) {
    while (*s == ' ' || *s == '\t' || *s == '\n')
      s++;
    const char *e = s;
    while (*e && *e != ' ' && *e != '\t' && *e != '\n')
      e++;
    size_t n = (size_t)(e - s);
    if (n == 5 && strncasecmp(s, "title", 5) == 0)
      *title = 1;
    const struct cssclass *k = n ? class_get(w, s, n) : NULL;
    if (k) {
      struct props c = k->pr;
      merge(&c, pr);
      *pr = c;
    }
    s = e;
  }
}

/* ---- elements ----------------------------------------------------------- */

static int tag_in(const char *t, const char *const *list)
{
  for (; *list; list++)
    if (strcasecmp(t, *list) == 0)
      return 1;
  return 0;
}

static const char *const skipped_tags[] = {
    "script", "style", "noscript", "template", "svg", "math", "iframe",
    "object", "embed", "select", "textarea", "canvas", "audio", "video",
    "map", "frameset", "noembed", "noframes", "button", "del", "nav", NULL};

static const char *const block_tags[] = {
    "p", "div", "blockquote", "address", "section", "article", "header",
    "footer", "main", "aside", "figure", "figcaption", "caption",
    "dl", "dt", "dd", "form", "fieldset", "legend", "center", "hr",
    "body", "html", "details", "summary", "hgroup", NULL};

static const char *attr(const xmlChar **atts, const char *name)
{
  if (!atts)
    return NULL;
  for (size_t i = 0; atts[i]; i += 2)
    if (strcasecmp((const char *)atts[i], name) == 0)
      return atts[i + 1] ? (const char *)atts[i + 1] : "";
  return NULL;
}

static int hexv(char c)
{
  return c >= '0' && c <= '9' ? c - '0'
         : c >= 'a' && c <= 'f' ? c - 'a' + 10
         : c >= 'A' && c <= 'F' ? c - 'A' + 10
                                : -1;
}

/* Google Docs exports wrap every link in a redirect
 * (https://www.google.com/url?q=TARGET&sa=...): the target is the link. */
static const char *unwrap_google(struct prep_arena *a, const char *href)
{
  static const char *const pre[] = {"https://www.google.com/url?q=",
                                    "http://www.google.com/url?q=", NULL};
  for (size_t k = 0; pre[k]; k++) {
    size_t l = strlen(pre[k]);
    if (strncmp(href, pre[k], l) != 0)
      continue;
    const char *q = href + l;
    size_t n = strcspn(q, "&");
    char *out = prep_arena_alloc(a, n + 1);
    size_t o = 0;
    for (size_t i = 0; i < n; i++) {
      if (q[i] == '%' && i + 2 < n && hexv(q[i + 1]) >= 0 &&
          hexv(q[i + 2]) >= 0) {
        char c = (char)(hexv(q[i + 1]) * 16 + hexv(q[i + 2]));
        out[o++] = c ? c : ' ';
        i += 2;
      } else {
        out[o++] = q[i] == '+' ? ' ' : q[i];
      }
    }
    out[o] = '\0';
    return o ? out : href;
  }
  return href;
}

static int unsafe_href(const char *h)
{
  while (*h && (unsigned char)*h <= ' ')
    h++;
  return !*h || *h == '#' || strncasecmp(h, "javascript:", 11) == 0 ||
         strncasecmp(h, "vbscript:", 9) == 0 || strncasecmp(h, "data:", 5) == 0;
}

static void h_start(void *ctx, const xmlChar *nm, const xmlChar **atts)
{
  struct hw *w = ctx;
  if (w->st != PREP_OK)
    return;
  if (++w->depth > PREP_MAX_HTML_DEPTH) {
    prep_diag_add(w->diag, PREP_SEV_ERROR, w->name, NULL,
                  "the HTML nests elements deeper than %u levels; refusing it",
                  PREP_MAX_HTML_DEPTH);
    stop(w, PREP_ELIMIT);
    return;
  }
  if (w->skip)
    return;
  const char *t = (const char *)nm;
  struct frame *f = &w->fr[w->depth];
  memset(f, 0, sizeof *f);
  f->saved_run = w->run;
  f->saved_center = w->center;
  f->saved_h = (unsigned char)w->hlevel;
  f->saved_title = (unsigned char)w->title_block;
  f->part = -1;

  if (strcasecmp(t, "head") == 0) {
    f->kind = K_HEAD;
    w->head++;
    return;
  }
  if (strcasecmp(t, "title") == 0 && w->head) {
    f->kind = K_TITLE;
    w->in_title = 1;
    return;
  }
  if (strcasecmp(t, "style") == 0) {
    f->kind = K_STYLE;
    w->in_style = 1;
    return;
  }
  if (strcasecmp(t, "meta") == 0) {
    const char *mn = attr(atts, "name"), *mc = attr(atts, "content");
    if (mn && mc && *mc && !w->doc->author && strcasecmp(mn, "author") == 0) {
      struct prep_buf b;
      prep_buf_init(&b, 1024);
      prep_text_normalize(&b, mc, strnlen(mc, 4096));
      if (b.len)
        w->doc->author = prep_arena_strndup(w->a, b.data, b.len);
      prep_buf_free(&b);
    }
    return;
  }
  const char *style = attr(atts, "style");
  int hidden = attr(atts, "hidden") != NULL;
  struct props pr = props_unset;
  if (style)
    css_decls(style, strnlen(style, PREP_MAX_XML_TAG), &pr, &hidden);
  if (strcasecmp(t, "sdfield") == 0) {
    /* LibreOffice fields: a page number or count is layout, not text */
    const char *ty = attr(atts, "type");
    if (ty && (strcasecmp(ty, "PAGE") == 0 || strcasecmp(ty, "DOCSTAT") == 0))
      hidden = 1;
  }
  if (w->head || hidden || tag_in(t, skipped_tags)) {
    w->skip = w->depth;
    return;
  }
  int title = 0;
  const char *cls = attr(atts, "class");
  if (cls)
    class_props(w, cls, &pr, &title);
  const char *align = attr(atts, "align");
  if (align && strcasecmp(align, "center") == 0)
    pr.center = 1;

  if (strcasecmp(t, "b") == 0 || strcasecmp(t, "strong") == 0) {
    if (pr.b < 0) pr.b = 1;
  } else if (strcasecmp(t, "i") == 0 || strcasecmp(t, "em") == 0 ||
             strcasecmp(t, "cite") == 0) {
    if (pr.i < 0) pr.i = 1;
  } else if (strcasecmp(t, "u") == 0 || strcasecmp(t, "ins") == 0) {
    if (pr.u < 0) pr.u = 1;
  } else if (strcasecmp(t, "br") == 0) {
    if (w->text.len > 0) {
      w->space_pending = 1;
      w->run_nl = 1;
    }
  } else if (strcasecmp(t, "a") == 0) {
    const char *href = attr(atts, "href");
    if (href)
      href = unwrap_google(w->a, href);
    f->kind = K_LINK;
    f->link_idx = (size_t)-1;
    if (href && pr.u < 0)
      pr.u = 1; /* as browsers show links */
    if (href && !unsafe_href(href) && w->nlinks < HTML_MAXLINKS) {
      if (w->space_pending && w->text.len) {
        prep_buf_putc(&w->text, ' ');
        w->space_pending = w->run_nl = 0;
      }
      w->links[w->nlinks].start = w->text.len;
      w->links[w->nlinks].end = (size_t)-1;
      w->links[w->nlinks].href = prep_arena_strndup(w->a, href,
                                                    strnlen(href, 4096));
      f->link_idx = w->nlinks++;
    }
  } else if (t[0] && (t[0] == 'h' || t[0] == 'H') && t[1] >= '1' &&
             t[1] <= '6' && !t[2]) {
    flush(w);
    f->kind = K_BLOCK;
    w->hlevel = (unsigned)(t[1] - '0');
    if (pr.b < 0)
      pr.b = 1; /* as browsers show headings */
  } else if (strcasecmp(t, "ul") == 0 || strcasecmp(t, "ol") == 0 ||
             strcasecmp(t, "menu") == 0) {
    flush(w);
    f->kind = K_LIST;
    if (w->nlist < HTML_MAXLIST)
      w->list_ol[w->nlist] = (t[0] == 'o' || t[0] == 'O');
    w->nlist++;
  } else if (strcasecmp(t, "li") == 0) {
    flush(w);
    f->kind = K_LI;
    w->li++;
  } else if (strcasecmp(t, "table") == 0) {
    flush(w);
    f->kind = K_TABLE;
    if (w->ntbl < HTML_MAXTBL) {
      w->tbl[w->ntbl].row = 0;
      w->tbl[w->ntbl].col = 0;
    }
    w->ntbl++;
    /* Inside a table the cell decides, even in a list item (LibreOffice
     * leaves <li> open before a table that follows a list). */
    f->link_idx = w->cell;
    f->saved_li = w->li;
    f->saved_nlist = w->nlist;
    w->cell = 0;
    w->li = 0;
    w->nlist = 0;
  } else if (strcasecmp(t, "tr") == 0 && w->ntbl) {
    flush(w);
    f->kind = K_ROW;
    if (w->ntbl <= HTML_MAXTBL) {
      w->tbl[w->ntbl - 1].row++;
      w->tbl[w->ntbl - 1].col = 0;
    }
  } else if ((strcasecmp(t, "td") == 0 || strcasecmp(t, "th") == 0) &&
             w->ntbl) {
    flush(w);
    f->kind = K_CELL;
    w->cell++;
    const char *span = attr(atts, "colspan");
    long sp = span ? atol(span) : 1;
    f->link_idx = sp > 1 && sp < 1000 ? (size_t)sp - 1 : 0;
    if (w->ntbl <= HTML_MAXTBL) {
      struct tbl *tb = &w->tbl[w->ntbl - 1];
      if (tb->row == 0)
        tb->row = 1; /* a cell without a tr */
      tb->col++;
    }
    if (strcasecmp(t, "th") == 0 && pr.b < 0)
      pr.b = 1;
  } else if (strcasecmp(t, "pre") == 0 || strcasecmp(t, "listing") == 0) {
    flush(w);
    f->kind = K_PRE;
    w->pre++;
  } else if (tag_in(t, block_tags)) {
    flush(w);
    f->kind = K_BLOCK;
    const char *ttl = attr(atts, "title");
    if (ttl && strcasecmp(t, "div") == 0 &&
        (strcasecmp(ttl, "header") == 0 || strcasecmp(ttl, "footer") == 0)) {
      f->part = (int)w->part;
      w->part = ttl[0] == 'h' || ttl[0] == 'H' ? PREP_PART_HEADER
                                               : PREP_PART_FOOTER;
    }
    if (strcasecmp(t, "center") == 0)
      pr.center = 1;
  }
  if (f->kind != K_NONE && f->kind != K_LINK) {
    if (pr.center >= 0)
      w->center = pr.center;
    if (title)
      w->title_block = 1;
  }
  pr.center = -1;
  merge(&pr, &w->run);
  w->run = pr;
}

static void h_end(void *ctx, const xmlChar *nm)
{
  struct hw *w = ctx;
  (void)nm;
  if (w->st != PREP_OK || w->depth == 0)
    return;
  unsigned d = w->depth--;
  if (w->skip) {
    if (d == w->skip)
      w->skip = 0;
    return;
  }
  struct frame *f = &w->fr[d];
  switch (f->kind) {
  case K_HEAD:
    if (w->head)
      w->head--;
    break;
  case K_TITLE:
    w->in_title = 0;
    break;
  case K_STYLE:
    w->in_style = 0;
    break;
  case K_LINK:
    if (f->link_idx != (size_t)-1 && f->link_idx < w->nlinks)
      w->links[f->link_idx].end = w->text.len;
    break;
  case K_BLOCK:
  case K_PRE:
    flush(w);
    if (f->kind == K_PRE && w->pre)
      w->pre--;
    break;
  case K_LIST:
    flush(w);
    if (w->nlist)
      w->nlist--;
    break;
  case K_LI:
    flush(w);
    if (w->li)
      w->li--;
    break;
  case K_TABLE:
    flush(w);
    if (w->ntbl)
      w->ntbl--;
    w->cell = (unsigned)f->link_idx;
    w->li = f->saved_li;
    w->nlist = f->saved_nlist;
    break;
  case K_ROW:
    flush(w);
    break;
  case K_CELL:
    flush(w);
    if (w->cell)
      w->cell--;
    if (w->ntbl && w->ntbl <= HTML_MAXTBL)
      w->tbl[w->ntbl - 1].col += (unsigned)f->link_idx;
    break;
  default:
    break;
  }
  w->run = f->saved_run;
  w->center = f->saved_center;
  w->hlevel = f->saved_h;
  w->title_block = f->saved_title;
  if (f->part >= 0)
    w->part = (enum prep_part)f->part;
  f->kind = K_NONE;
}

static void h_chars(void *ctx, const xmlChar *s, int len)
{
  struct hw *w = ctx;
  if (w->st != PREP_OK || len <= 0)
    return;
  if (w->in_style && !w->skip) {
    prep_buf_append(&w->css, s, (size_t)len); /* past the cap: ignored */
    return;
  }
  if (w->in_title) {
    prep_buf_append(&w->title, s, (size_t)len);
    return;
  }
  if (w->skip || w->head)
    return;
  add_text(w, s, (size_t)len);
}

/* A <style> ends: its rules apply to what follows (Google Docs puts it in
 * the head, before the body). */
static void h_end_style(void *ctx, const xmlChar *nm)
{
  struct hw *w = ctx;
  int was_style = w->in_style && !w->skip;
  h_end(ctx, nm);
  if (was_style && !w->in_style) {
    css_rules(w);
    prep_buf_clear(&w->css);
  }
}

/* ---- bytes before the parser ------------------------------------------- */

static const unsigned short cp1252_hi[32] = {
    0x20AC, 0xFFFD, 0x201A, 0x0192, 0x201E, 0x2026, 0x2020, 0x2021,
    0x02C6, 0x2030, 0x0160, 0x2039, 0x0152, 0xFFFD, 0x017D, 0xFFFD,
    0xFFFD, 0x2018, 0x2019, 0x201C, 0x201D, 0x2022, 0x2013, 0x2014,
    0x02DC, 0x2122, 0x0161, 0x203A, 0x0153, 0xFFFD, 0x017E, 0x0178};

static void from_cp1252(struct prep_buf *out, const unsigned char *p, size_t n)
{
  for (size_t i = 0; i < n; i++) {
    unsigned c = p[i];
    if (c < 0x80)
      prep_buf_putc(out, (int)c);
    else
      prep_buf_put_utf8(out, c < 0xA0 ? cp1252_hi[c - 0x80] : c);
  }
}

static void from_utf16(struct prep_buf *out, const unsigned char *p, size_t n,
                       int be)
{
  prep_utf16_append(out, p, n, be, 1);
}

static int ci_prefix(const unsigned char *p, const unsigned char *e,
                     const char *s)
{
  size_t n = strlen(s);
  return (size_t)(e - p) >= n && strncasecmp((const char *)p, s, n) == 0;
}

/* Start tags: at most PREP_MAX_XML_ATTRS attributes and PREP_MAX_XML_TAG
 * bytes.  Comments and raw-text elements (script, style, ...) are passed
 * over as the HTML parser does.  Returns 0, 1 (attributes) or 2 (size). */
static int prescan(const unsigned char *p, size_t n)
{
  const unsigned char *e = p + n;
  while (p < e) {
    const unsigned char *lt = memchr(p, '<', (size_t)(e - p));
    if (!lt || lt + 1 >= e)
      return 0;
    p = lt + 1;
    if (ci_prefix(p, e, "!--")) {
      const unsigned char *q = p + 3;
      while (q + 2 < e && !(q[0] == '-' && q[1] == '-' && q[2] == '>'))
        q++;
      p = q + 3;
      continue;
    }
    int letter = (*p >= 'a' && *p <= 'z') || (*p >= 'A' && *p <= 'Z');
    if (!letter)
      continue;
    static const char *const raw[] = {"script", "style", "textarea", "title",
                                      "xmp", "plaintext", "noembed",
                                      "noframes", "iframe", NULL};
    const char *rawtag = NULL;
    for (size_t k = 0; raw[k]; k++)
      if (ci_prefix(p, e, raw[k])) {
        size_t l = strlen(raw[k]);
        if (p + l < e && !((p[l] >= 'a' && p[l] <= 'z') ||
                           (p[l] >= 'A' && p[l] <= 'Z') ||
                           (p[l] >= '0' && p[l] <= '9')))
          rawtag = raw[k];
      }
    unsigned attrs = 0;
    int ws = 0;
    unsigned char quote = 0, prev = 0;
    const unsigned char *start = p;
    for (; p < e; p++) {
      unsigned char c = *p;
      if ((size_t)(p - start) > PREP_MAX_XML_TAG)
        return 2;
      if (quote) {
        if (c == quote)
          quote = 0;
        continue;
      }
      if (c == '>')
        break;
      if ((c == '"' || c == '\'') && prev == '=') {
        quote = c;
        continue;
      }
      if (html_space(c)) {
        ws = 1;
        continue;
      }
      if (ws && c != '=' && prev != '=' && c != '/' &&
          ++attrs > PREP_MAX_XML_ATTRS)
        return 1;
      ws = 0;
      prev = c;
    }
    if (rawtag && p < e) {
      /* find the matching end tag */
      size_t l = strlen(rawtag);
      const unsigned char *q = p;
      for (;;) {
        q = memchr(q, '<', (size_t)(e - q));
        if (!q || (size_t)(e - q) < l + 2)
          return 0;
        if (q[1] == '/' && strncasecmp((const char *)q + 2, rawtag, l) == 0)
          break;
        q++;
      }
      p = q + 2;
    }
  }
  return 0;
}

/* Parses UTF-8 HTML in buf[0..len) and appends its blocks to doc; line0
 * is the source line of buf's first line.  Sets the title and author when
 * doc has none.  Records an error and returns a status on failure. */
static enum prep_status parse_into(struct prep_doc *doc,
                                   const unsigned char *buf, size_t len,
                                   unsigned line0, const char *name,
                                   struct prep_diag *diag)
{
  int ps = prescan(buf, len);
  if (ps) {
    if (ps == 1)
      prep_diag_add(diag, PREP_SEV_ERROR, name, NULL,
                    "the HTML has an element with more than %u attributes; "
                    "refusing it", PREP_MAX_XML_ATTRS);
    else
      prep_diag_add(diag, PREP_SEV_ERROR, name, NULL,
                    "the HTML has a tag longer than %u KiB; refusing it",
                    PREP_MAX_XML_TAG / 1024);
    return PREP_ELIMIT;
  }
  if (len == 0 || len > 0x7FFFFFFF) {
    prep_diag_add(diag, PREP_SEV_ERROR, name, NULL,
                  len ? "the HTML is too large" : "the HTML file is empty");
    return len ? PREP_ELIMIT : PREP_EINPUT;
  }
  enum prep_status st;
  struct hw *w = prep_xcalloc(1, sizeof *w);
  w->doc = doc;
  w->a = doc->arena;
  w->name = name;
  w->diag = diag;
  w->run = props_unset;
  w->center = -1;
  w->line0 = line0 ? line0 - 1 : 0;
  prep_buf_init(&w->text, PREP_MAX_BLOCK_TEXT * 4);
  prep_buf_init(&w->title, 4096);
  prep_buf_init(&w->css, HTML_MAX_CSS);

  htmlParserCtxtPtr ctxt = htmlCreateMemoryParserCtxt((const char *)buf, (int)len);
  if (!ctxt) {
    prep_diag_add(diag, PREP_SEV_ERROR, name, NULL,
                  "cannot start the HTML parser");
    st = PREP_EINTERNAL;
    goto done;
  }
  w->ctxt = ctxt;
  memset(ctxt->sax, 0, sizeof *ctxt->sax);
  ctxt->sax->startElement = h_start;
  ctxt->sax->endElement = h_end_style;
  ctxt->sax->characters = h_chars;
  ctxt->sax->cdataBlock = h_chars;
  ctxt->sax->ignorableWhitespace = h_chars;
  ctxt->userData = w;
  htmlCtxtUseOptions(ctxt, HTML_PARSE_NONET | HTML_PARSE_NOERROR |
                               HTML_PARSE_NOWARNING | HTML_PARSE_IGNORE_ENC |
                               HTML_PARSE_COMPACT);
  xmlSwitchEncoding(ctxt, XML_CHAR_ENCODING_UTF8);
  htmlParseDocument(ctxt);
  if (w->st == PREP_OK)
    flush(w);
  st = w->st;
  htmlFreeParserCtxt(ctxt);
  w->ctxt = NULL;
  if (st == PREP_OK && w->title.data && !doc->title) {
    struct prep_buf t;
    prep_buf_init(&t, 1024);
    prep_text_normalize(&t, w->title.data, w->title.len);
    if (t.len)
      doc->title = prep_arena_strndup(doc->arena, t.data, t.len);
    prep_buf_free(&t);
  }
done:
  prep_buf_free(&w->text);
  prep_buf_free(&w->title);
  prep_buf_free(&w->css);
  free(w);
  return st;
}

enum prep_status prep_read_html(const unsigned char *p, size_t n,
                                const char *name, struct prep_arena *a,
                                struct prep_doc **out, struct prep_diag *diag)
{
  *out = NULL;
  prep_read_init();
  if (n == 0) {
    prep_diag_add(diag, PREP_SEV_ERROR, name, NULL, "the file is empty");
    return PREP_EINPUT;
  }
  if (n > PREP_MAX_HTML_INPUT) {
    prep_diag_add(diag, PREP_SEV_ERROR, name, NULL,
                  "HTML file is larger than the %u MiB limit for HTML CVs",
                  PREP_MAX_HTML_INPUT / PREP_MiB);
    return PREP_ELIMIT;
  }
  /* Settle the encoding: the parser only ever sees UTF-8. */
  struct prep_buf conv;
  prep_buf_init(&conv, 0);
  const unsigned char *buf = p;
  size_t len = n;
  const char *enc = "UTF-8";
  if (n >= 2 && ((p[0] == 0xFF && p[1] == 0xFE) || (p[0] == 0xFE && p[1] == 0xFF))) {
    enc = p[0] == 0xFF ? "UTF-16LE" : "UTF-16BE";
    from_utf16(&conv, p + 2, n - 2, p[0] == 0xFE);
  } else {
    if (n >= 3 && p[0] == 0xEF && p[1] == 0xBB && p[2] == 0xBF) {
      buf += 3;
      len -= 3;
    }
    if (memchr(buf, 0, len)) {
      prep_diag_add(diag, PREP_SEV_ERROR, name, NULL,
                    "the HTML file holds NUL bytes (binary data or UTF-16 "
                    "without a byte-order mark); refusing it");
      return PREP_EINPUT;
    }
    if (!prep_utf8_valid((const char *)buf, len)) {
      enc = "Windows-1252";
      prep_diag_add(diag, PREP_SEV_WARNING, name, NULL,
                    "the HTML is not valid UTF-8; reading it as "
                    "Windows-1252");
      from_cp1252(&conv, buf, len);
    }
  }
  if (conv.data) {
    buf = (const unsigned char *)conv.data;
    len = conv.len;
  }
  struct prep_doc *doc = prep_doc_new(a, PREP_FORMAT_HTML);
  doc->encoding = enc;
  enum prep_status st = parse_into(doc, buf, len, 1, name, diag);
  prep_buf_free(&conv);
  if (st == PREP_OK)
    *out = doc;
  return st;
}

enum prep_status prep_read_html_into(struct prep_doc *doc, const char *s,
                                     size_t n, unsigned first_line,
                                     const char *name, struct prep_diag *diag)
{
  prep_read_init();
  return parse_into(doc, (const unsigned char *)s, n, first_line, name, diag);
}

/* ---- sniffing ------------------------------------------------------------- */

int prep_sniff_html(const unsigned char *p, size_t n)
{
  const unsigned char *e = p + (n > 4096 ? 4096 : n);
  if (e - p >= 3 && p[0] == 0xEF && p[1] == 0xBB && p[2] == 0xBF)
    p += 3;
  for (int guard = 0; guard < 64; guard++) {
    while (p < e && html_space(*p))
      p++;
    if (ci_prefix(p, e, "<!--")) {
      const unsigned char *q = p + 4;
      while (q + 2 < e && !(q[0] == '-' && q[1] == '-' && q[2] == '>'))
        q++;
      if (q + 2 >= e)
        return 0;
      p = q + 3;
      continue;
    }
    if (ci_prefix(p, e, "<?xml")) {
      const unsigned char *q = memchr(p, '>', (size_t)(e - p));
      if (!q)
        return 0;
      p = q + 1;
      continue;
    }
    break;
  }
  static const char *const starts[] = {"<!doctype html", "<html", "<head",
                                       "<body", "<meta", "<title", NULL};
  for (size_t i = 0; starts[i]; i++)
    if (ci_prefix(p, e, starts[i])) {
      size_t l = strlen(starts[i]);
      if (p + l >= e)
        return 1;
      unsigned char c = p[l];
      if (c == '>' || html_space(c) || c == '/')
        return 1;
    }
  return 0;
}
