/* read_docx.c - WordprocessingML to the document model.
 *
 * The package layer (docx_zip.c) and the safe XML layer (xmlpull.c) hand
 * us vetted bytes and a streaming walker; this file knows Word's vocabulary.
 * Reading order: header parts, the main part (found through _rels/.rels),
 * footnotes, endnotes, footer parts.  Header/footer blocks repeated in
 * another header/footer part are kept once.
 *
 * Decisions worth knowing:
 *  - One block per paragraph.  Inside a table every paragraph of a cell is
 *    its own block with that cell's table_depth/row/col; it is a TABLE_CELL
 *    block unless its style or numbering makes it a heading or list item
 *    (then it keeps that kind and still carries the cell coordinates).
 *  - Continuation cells of a vertical merge produce no blocks; a gridSpan
 *    advances the column by its span.
 *  - w:tab becomes U+0009 in the raw text (prep_text_normalize decides what
 *    a tab becomes); w:br and w:cr become a space.
 *  - mc:AlternateContent: the first Choice is read; a later Choice or the
 *    Fallback is read only if nothing before it produced text.
 *  - Field instructions are never text; HYPERLINK fields give links.
 *  - Image descriptions (wp:docPr descr, v:imagedata o:title) and table
 *    captions/descriptions become blocks of their own (PARAGRAPH, or
 *    TABLE_CELL inside an enclosing table), after the
 *    paragraph or table they belong to (pandoc prints them too).
 *  - Office math (m:oMath) becomes one line of text (docx_math.c): plain
 *    Unicode for simple formulas ("A = πr²"), TeX for the rest
 *    ("\frac{1}{n}"), as pandoc prints them; display maths (m:oMathPara)
 *    is a block of its own with the paragraph's position.  Short raised
 *    or lowered runs of digits in text become Unicode super/subscripts.
 *  - Numbered list items carry their label ("ii.", "(a)") computed from
 *    numbering.xml counters in document order (docx_style.c); the label is
 *    never part of the text.
 *  - Main and content parts are streamed from the ZIP into the parser, so
 *    a big document.xml is never held whole in memory.
 *  - Styles: basedOn chains are resolved once per style and memoised.
 * Messages name parts and lines, never document text.
 */
#include "prepgen/read.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "docx.h"
#include "prepgen/arena.h"
#include "prepgen/buf.h"
#include "prepgen/doc.h"
#include "prepgen/limits.h"
#include "prepgen/text.h"

#define MAXD (PREP_MAX_XML_DEPTH + 2)
#define MAXPARA 32
#define MAXTBL 32
#define MAXFLD 16
#define MAXAC 32
#define MAXLINKS 64
/* An altChunk may hold a whole DOCX; one level of nesting is enough. */
#define MAX_CHUNK_NESTING 1

/* ---- reading state ------------------------------------------------------------ */

struct plink {
  const char *text, *target;
};

#define MAXALTS 8

struct para {
  struct prep_buf text;
  const char *alts[MAXALTS]; /* image descriptions: blocks of their own */
  size_t nalts;
  struct docx_ppr ppr;
  const struct docx_style *style;
  struct docx_rpr run;       /* effective properties of the current run */
  size_t nonspace, bold, italic, caps, smallcaps, under;
  struct plink links[MAXLINKS];
  size_t nlinks;
  unsigned pos;
  unsigned serial;
  const char *label; /* list number, counted once per paragraph */
  int listed, label_used;
};

struct tbl {
  const char *caption, *descr; /* tblCaption, tblDescription */
  unsigned row, col, next_col, span;
  int cont; /* current cell continues a vertical merge */
};

enum fphase { F_INSTR, F_RESULT };

struct field {
  enum fphase phase;
  struct prep_buf instr;
  const char *target;
  size_t start;
  unsigned serial;
};

struct ac {
  int taken;
  size_t mark;
};

enum act {
  A_NONE, A_P, A_R, A_T, A_INSTR, A_TBL, A_TR, A_TC, A_TXBX, A_LINK,
  A_FLDSIMPLE, A_AC, A_CHOICE
};

struct rd; /* one package */

struct ctx { /* one file: shared by nested packages */
  struct prep_doc *doc;
  struct prep_arena *a;
  struct prep_diag *diag;
  const char *name;
  size_t inflated;
  int limit_hit;
  int truncated_warned;
};

struct ps { /* one part being read */
  struct ctx *c;
  struct rd *r;
  struct prep_xml *x;
  const char *part;
  enum prep_part ptype;
  struct dx_rels rels;
  unsigned para_index, serial;
  enum act act[MAXD];
  const char *dtarget[MAXD];
  size_t dstart[MAXD];
  unsigned dserial[MAXD];
  struct para *paras; int np;
  struct tbl tbls[MAXTBL]; int nt;
  struct field flds[MAXFLD]; int nf;
  unsigned fld_lost; /* fields begun past MAXFLD and not yet ended */
  struct ac acs[MAXAC]; int nac;
  int txbx;
  int in_t, in_instr;
  size_t produced;
  size_t first_block; /* header/footer dedup scope */
};

struct rd {
  struct ctx *c;
  struct prep_docx_pkg *pkg;
  struct docx_pkgdata pd;
  int nesting;
  struct docx_ctypes ct;
};

static enum prep_status read_package(struct ctx *c, const unsigned char *p,
                                     size_t n, int nesting);

/* ---- text --------------------------------------------------------------------- */

static struct para *cur_para(struct ps *s)
{
  return s->np > 0 ? &s->paras[s->np - 1] : NULL;
}

static int in_instruction(const struct ps *s)
{
  for (int i = 0; i < s->nf; i++)
    if (s->flds[i].phase == F_INSTR)
      return 1;
  return 0;
}

static void put_raw(struct ps *s, const char *t, size_t n)
{
  struct para *p = cur_para(s);
  if (!p || n == 0 || p->run.vanish == 1 || in_instruction(s))
    return;
  if (prep_buf_append(&p->text, t, n) < 0) {
    if (!s->c->truncated_warned) {
      s->c->truncated_warned = 1;
      prep_diag_add(s->c->diag, PREP_SEV_WARNING, s->c->name, NULL,
                    "%s has a paragraph longer than %u KiB; it was cut",
                    s->part, PREP_MAX_BLOCK_TEXT / 1024);
    }
    return;
  }
  s->produced += n;
  for (size_t i = 0; i < n; i++) {
    unsigned char ch = (unsigned char)t[i];
    if (ch <= ' ' || (ch & 0xC0) == 0x80)
      continue;
    p->nonspace++;
    if (p->run.b == 1) p->bold++;
    if (p->run.i == 1) p->italic++;
    if (p->run.caps == 1) p->caps++;
    if (p->run.smallcaps == 1) p->smallcaps++;
    if (p->run.u == 1) p->under++;
  }
}

static void put_cp(struct ps *s, unsigned cp)
{
  char b[4];
  size_t n;
  if (cp < 0x80) { b[0] = (char)cp; n = 1; }
  else if (cp < 0x800) {
    b[0] = (char)(0xC0 | cp >> 6); b[1] = (char)(0x80 | (cp & 0x3F)); n = 2;
  } else {
    b[0] = (char)(0xE0 | cp >> 12); b[1] = (char)(0x80 | ((cp >> 6) & 0x3F));
    b[2] = (char)(0x80 | (cp & 0x3F)); n = 3;
  }
  put_raw(s, b, n);
}

/* A short raised or lowered run made only of mappable characters is
 * written with Unicode super/subscripts; 1 when done. */
static int put_script(struct ps *s, const char *t, size_t n, int sup)
{
  if (n == 0 || n > 8)
    return 0;
  for (size_t i = 0; i < n; i++)
    if (!prep_docx_script_cp(t[i], sup))
      return 0;
  for (size_t i = 0; i < n; i++)
    put_cp(s, prep_docx_script_cp(t[i], sup));
  return 1;
}

/* Text of a w:t: symbol-font private-use characters become real glyphs. */
static void put_text(struct ps *s, const char *t, size_t n)
{
  struct para *pp = cur_para(s);
  if (pp && pp->run.valign > 0 && put_script(s, t, n, pp->run.valign == 1))
    return;
  const char *e = memchr(t, 0xEF, n);
  if (!e) {
    put_raw(s, t, n);
    return;
  }
  struct para *p = cur_para(s);
  size_t i = 0, run = 0;
  while (i < n) {
    unsigned char c0 = (unsigned char)t[i];
    if (c0 == 0xEF && i + 2 < n && ((unsigned char)t[i + 1] & 0xFC) == 0x80) {
      unsigned cp;
      int k = prep_utf8_decode(t + i, n - i, &cp);
      if (cp >= 0xF000 && cp <= 0xF0FF) {
        put_raw(s, t + run, i - run);
        unsigned m = prep_docx_symbol(cp, p ? p->run.font : 0);
        if (m)
          put_cp(s, m);
        i += (size_t)k;
        run = i;
        continue;
      }
    }
    i++;
  }
  put_raw(s, t + run, n - run);
}

/* ---- fields and links ---------------------------------------------------------- */

static void para_add_link(struct para *p, struct prep_arena *a, size_t start,
                          const char *target)
{
  if (!p || !target || !*target || p->nlinks >= MAXLINKS)
    return;
  if (start > p->text.len)
    start = p->text.len;
  p->links[p->nlinks].text =
      prep_arena_strndup(a, p->text.data ? p->text.data + start : "",
                         p->text.len - start);
  p->links[p->nlinks].target = target;
  p->nlinks++;
}

static void fld_char(struct ps *s)
{
  const char *ty = prep_xml_attr(s->x, DX_NS_W, "fldCharType");
  if (!ty)
    return;
  struct para *p = cur_para(s);
  if (strcmp(ty, "begin") == 0) {
    if (s->nf >= MAXFLD) {
      s->fld_lost++; /* too deep: its end must not close an outer field */
      return;
    }
    struct field *f = &s->flds[s->nf++];
    memset(f, 0, sizeof *f);
    f->phase = F_INSTR;
    prep_buf_init(&f->instr, 4096);
  } else if (s->fld_lost > 0) {
    if (strcmp(ty, "end") == 0)
      s->fld_lost--;
  } else if (strcmp(ty, "separate") == 0 && s->nf > 0) {
    struct field *f = &s->flds[s->nf - 1];
    if (f->phase != F_INSTR)
      return;
    f->phase = F_RESULT;
    f->target = prep_docx_hyperlink_target(s->c->a, f->instr.data ? f->instr.data : "");
    f->start = p ? p->text.len : 0;
    f->serial = p ? p->serial : 0;
  } else if (strcmp(ty, "end") == 0 && s->nf > 0) {
    struct field *f = &s->flds[--s->nf];
    if (f->phase == F_RESULT && f->target && p)
      para_add_link(p, s->c->a, p->serial == f->serial ? f->start : p->text.len,
                    f->target);
    prep_buf_free(&f->instr);
  }
}

/* ---- blocks ---------------------------------------------------------------------- */

static int all_of(size_t k, size_t n) { return n > 0 && k == n; }

static int is_dup_furniture(const struct prep_doc *d, size_t from,
                            const struct prep_block *b)
{
  for (size_t i = from; i + 1 < d->nblocks; i++) {
    const struct prep_block *o = &d->blocks[i];
    if ((o->part == PREP_PART_HEADER || o->part == PREP_PART_FOOTER) &&
        o->len == b->len && strcmp(o->text, b->text) == 0)
      return 1;
  }
  return 0;
}

/* A block of its own for an image description or a table caption. */
static void add_extra(struct ps *s, const char *text, unsigned pos)
{
  if (!text || !*text || s->c->limit_hit)
    return;
  struct prep_block t;
  memset(&t, 0, sizeof t);
  t.kind = PREP_BLOCK_PARAGRAPH;
  t.part = s->txbx > 0 ? PREP_PART_TEXTBOX : s->ptype;
  t.pos = pos;
  if (s->nt > 0) {
    t.kind = PREP_BLOCK_TABLE_CELL;
    t.table_depth = (unsigned)s->nt;
    t.row = s->tbls[s->nt - 1].row;
    t.col = s->tbls[s->nt - 1].col;
  }
  int lim = 0;
  prep_doc_add(s->c->doc, &t, text, strlen(text), &lim);
  if (lim)
    s->c->limit_hit = 1;
}

/* The block template for paragraph p (kind, level, flags, position).  A
 * list paragraph is counted once, on the first call. */
static void para_template(struct ps *s, struct para *p, struct prep_block *t)
{
  struct docx_pkgdata *pd = &s->r->pd;
  const struct docx_style *st = p->style;
  memset(t, 0, sizeof *t);
  t->kind = PREP_BLOCK_PARAGRAPH;
  t->part = s->txbx > 0 ? PREP_PART_TEXTBOX : s->ptype;
  t->pos = p->pos;
  int heading = -1;
  if (p->ppr.outline >= 0)
    heading = p->ppr.outline <= 8 ? p->ppr.outline + 1 : -1;
  else if (st)
    heading = st->heading;
  const char *num_id = p->ppr.num_id ? p->ppr.num_id : st ? st->num_id : NULL;
  int ilvl = p->ppr.ilvl >= 0 ? p->ppr.ilvl : st && st->ilvl >= 0 ? st->ilvl : 0;
  int lk = prep_docx_list_kind(pd, num_id, ilvl);
  if (lk && !p->listed)
    p->label = prep_docx_list_label(pd, s->c->a, num_id, ilvl);
  p->listed = 1;
  int center = p->ppr.center >= 0 ? p->ppr.center : st ? st->center == 1 : 0;
  int in_table = s->nt > 0;
  if (heading >= 0) {
    t->kind = PREP_BLOCK_HEADING;
    t->level = (unsigned)heading;
  } else if (lk) {
    t->kind = PREP_BLOCK_LIST_ITEM;
    t->level = (unsigned)ilvl;
    t->flags |= lk == 2 ? PREP_BF_NUMBERED : PREP_BF_BULLET;
    if (!p->label_used)
      t->label = p->label;
  } else if (in_table) {
    t->kind = PREP_BLOCK_TABLE_CELL;
  }
  if (in_table) {
    const struct tbl *tb = &s->tbls[s->nt - 1];
    t->table_depth = (unsigned)s->nt;
    t->row = tb->row;
    t->col = tb->col;
  }
  if (all_of(p->bold, p->nonspace)) t->flags |= PREP_BF_BOLD;
  if (all_of(p->italic, p->nonspace)) t->flags |= PREP_BF_ITALIC;
  if (all_of(p->caps, p->nonspace)) t->flags |= PREP_BF_CAPS;
  if (all_of(p->smallcaps, p->nonspace)) t->flags |= PREP_BF_SMALLCAPS;
  if (all_of(p->under, p->nonspace)) t->flags |= PREP_BF_UNDERLINED;
  if (center) t->flags |= PREP_BF_CENTERED;
}

/* Emits the text gathered so far in the current paragraph as a block.
 * final: the paragraph ends (its image descriptions follow, it is popped);
 * otherwise the paragraph goes on with an empty buffer (display maths is
 * a block of its own between two parts of a paragraph). */
static void flush_para(struct ps *s, int final)
{
  struct para *p = cur_para(s);
  if (!p)
    return;
  struct prep_block t;
  para_template(s, p, &t);
  int skip = s->nt > 0 && s->tbls[s->nt - 1].cont;
  if (!skip && p->text.len > 0 && !s->c->limit_hit) {
    int lim = 0;
    struct prep_doc *d = s->c->doc;
    struct prep_block *b = prep_doc_add(d, &t, p->text.data, p->text.len, &lim);
    if (lim) {
      s->c->limit_hit = 1;
    } else if (b && (b->part == PREP_PART_HEADER || b->part == PREP_PART_FOOTER) &&
               is_dup_furniture(d, s->first_block, b)) {
      d->nblocks--;
      d->text_bytes -= b->len;
    } else if (b) {
      for (size_t i = 0; i < p->nlinks; i++)
        prep_doc_add_link(d, b, p->links[i].text, p->links[i].target);
      if (t.label)
        p->label_used = 1;
      s->produced++;
    }
  }
  if (!final) {
    prep_buf_clear(&p->text);
    p->nlinks = 0;
    p->nonspace = p->bold = p->italic = p->caps = p->smallcaps = p->under = 0;
    return;
  }
  if (!skip)
    for (size_t i = 0; i < p->nalts; i++)
      add_extra(s, p->alts[i], p->pos);
  prep_buf_free(&p->text);
  s->np--;
}

static void end_para(struct ps *s)
{
  flush_para(s, 1);
}

/* 0 when the nesting is absurd: the text then joins the enclosing
 * paragraph and the caller must not expect an end_para. */
static int start_para(struct ps *s)
{
  s->para_index++;
  if (s->np >= MAXPARA)
    return 0;
  struct para *p = &s->paras[s->np++];
  memset(p, 0, sizeof *p);
  prep_buf_init(&p->text, PREP_MAX_BLOCK_TEXT * 4);
  p->ppr.ilvl = p->ppr.outline = p->ppr.center = -1;
  p->pos = s->para_index;
  p->serial = ++s->serial;
  p->style = prep_docx_style_default(&s->r->pd);
  return 1;
}

/* Effective run properties: direct > character style > paragraph style >
 * document defaults. */
static struct docx_rpr run_props(struct ps *s, const struct docx_rpr *direct,
                            const char *rstyle)
{
  struct docx_rpr r = direct ? *direct : DOCX_RPR_UNSET;
  struct para *p = cur_para(s);
  const struct docx_style *cs = rstyle ? prep_docx_style_get(&s->r->pd, rstyle) : NULL;
  if (cs)
    prep_docx_rpr_merge(&r, &cs->rpr);
  if (p && p->style)
    prep_docx_rpr_merge(&r, &p->style->rpr);
  prep_docx_rpr_merge(&r, &s->r->pd.def_rpr);
  return r;
}

/* ---- altChunk ------------------------------------------------------------------------- */

static void chunk_para(struct ps *s, const char *t, size_t n)
{
  if (s->c->limit_hit)
    return;
  if (!start_para(s))
    return;
  put_raw(s, t, n);
  end_para(s);
}

static void emit_chunk(void *ctx, const char *t, size_t n)
{
  chunk_para(ctx, t, n);
}

/* Plain text: one paragraph per line. */
static void chunk_text(struct ps *s, const char *t, size_t n)
{
  size_t i = 0;
  while (i < n && !s->c->limit_hit) {
    const char *nl = memchr(t + i, '\n', n - i);
    size_t e = nl ? (size_t)(nl - t) : n;
    chunk_para(s, t + i, e - i);
    i = e + 1;
  }
}

static void alt_chunk(struct ps *s)
{
  const char *id = prep_xml_attr(s->x, DX_NS_R, "id");
  const struct dx_rel *rel = prep_docx_rels_by_id(&s->rels, id);
  struct ctx *c = s->c;
  if (!rel || rel->external || rel->bad || !*rel->target)
    return;
  long idx = prep_docx_pkg_find(s->r->pkg, rel->target);
  if (idx < 0)
    return;
  if (!s->r->ct.loaded)
    prep_docx_ctypes_load(s->r->pkg, s->c->a, s->c->name, &s->r->ct);
  const char *ty = prep_docx_ctype(&s->r->ct, rel->target);
  const char *pn = prep_docx_safe_name(c->a, rel->target);
  int docx = strstr(ty, "wordprocessingml") != NULL;
  int html = strstr(ty, "html") != NULL;
  int text = strncmp(ty, "text/plain", 10) == 0;
  if (!*ty) {
    const char *dot = strrchr(rel->target, '.');
    docx = dot && strcasecmp(dot, ".docx") == 0;
    html = dot && (strcasecmp(dot, ".htm") == 0 || strcasecmp(dot, ".html") == 0 ||
                   strcasecmp(dot, ".xhtml") == 0);
    text = dot && strcasecmp(dot, ".txt") == 0;
  }
  if (!docx && !html && !text) {
    prep_diag_add(c->diag, PREP_SEV_WARNING, c->name, NULL,
                  "%s is an embedded chunk in a format prepgen does not read "
                  "(RTF or MHT?); it was skipped", pn);
    return;
  }
  if (docx && s->r->nesting >= MAX_CHUNK_NESTING) {
    prep_diag_add(c->diag, PREP_SEV_WARNING, c->name, NULL,
                  "%s is a DOCX nested too deeply; it was skipped", pn);
    return;
  }
  unsigned char *buf;
  size_t len;
  struct prep_diag tmp;
  prep_diag_init(&tmp);
  enum prep_status st = prep_docx_pkg_read(s->r->pkg, idx, rel->target,
                                      docx ? PREP_MAX_DOCX_INPUT : PREP_MAX_AUX_PART,
                                      &buf, &len);
  if (st != PREP_OK) {
    for (size_t i = 0; i < c->diag->count; i++)
      ; /* the reason is already recorded by the package layer */
    prep_diag_free(&tmp);
    return;
  }
  prep_diag_free(&tmp);
  if (docx && len >= 4 && memcmp(buf, "PK\3\4", 4) == 0) {
    size_t before = c->doc->nblocks, bytes = c->doc->text_bytes;
    struct prep_diag sub;
    prep_diag_init(&sub);
    struct ctx c2 = *c;
    c2.diag = &sub;
    if (read_package(&c2, buf, len, s->r->nesting + 1) != PREP_OK) {
      c->doc->nblocks = before;
      c->doc->text_bytes = bytes;
      prep_diag_add(c->diag, PREP_SEV_WARNING, c->name, NULL,
                    "%s (an embedded DOCX) could not be read; it was skipped",
                    pn);
    }
    c->inflated = c2.inflated;
    c->limit_hit = c2.limit_hit;
    prep_diag_free(&sub);
  } else if (html || docx) {
    prep_docx_html_text((const char *)buf, len, emit_chunk, s);
  } else {
    chunk_text(s, (const char *)buf, len);
  }
  free(buf);
}

/* ---- the walker ------------------------------------------------------------------------ */

static int is_note_separator(struct prep_xml *x)
{
  const char *ty = prep_xml_attr(x, DX_NS_W, "type");
  return ty && (strcmp(ty, "separator") == 0 ||
                strcmp(ty, "continuationSeparator") == 0 ||
                strcmp(ty, "continuationNotice") == 0);
}

static void end_element(struct ps *s, int depth)
{
  enum act a = s->act[depth];
  s->act[depth] = A_NONE;
  switch (a) {
  case A_NONE:
  case A_R:
    break;
  case A_P:
    end_para(s);
    break;
  case A_T:
    s->in_t = 0;
    break;
  case A_INSTR:
    s->in_instr = 0;
    break;
  case A_TBL:
    if (s->nt > 0) {
      const struct tbl *t = &s->tbls[--s->nt];
      add_extra(s, t->caption, s->para_index);
      if (t->descr && (!t->caption || strcmp(t->descr, t->caption) != 0))
        add_extra(s, t->descr, s->para_index);
    }
    break;
  case A_TR:
    break;
  case A_TC:
    if (s->nt > 0) {
      struct tbl *t = &s->tbls[s->nt - 1];
      t->next_col = t->col + (t->span ? t->span : 1);
      t->cont = 0;
    }
    break;
  case A_TXBX:
    if (s->txbx > 0)
      s->txbx--;
    break;
  case A_LINK:
  case A_FLDSIMPLE: {
    struct para *p = cur_para(s);
    if (p && s->dtarget[depth])
      para_add_link(p, s->c->a,
                    p->serial == s->dserial[depth] ? s->dstart[depth] : p->text.len,
                    s->dtarget[depth]);
    s->dtarget[depth] = NULL;
    break;
  }
  case A_AC:
    if (s->nac > 0)
      s->nac--;
    break;
  case A_CHOICE:
    if (s->nac > 0 && s->produced > s->acs[s->nac - 1].mark)
      s->acs[s->nac - 1].taken = 1;
    break;
  }
}

/* Handles a start tag in the W namespace; returns the end action. */
static enum act start_w(struct ps *s, const char *ln, int depth)
{
  struct prep_xml *x = s->x;
  struct para *p = cur_para(s);
  enum act parent = depth > 0 ? s->act[depth - 1] : A_NONE;
  switch (ln[0]) {
  case 'p':
    if (strcmp(ln, "p") == 0)
      return start_para(s) ? A_P : A_NONE;
    if (strcmp(ln, "pPr") == 0) {
      if (parent == A_P && p) {
        prep_docx_read_props(x, s->c->a, &p->ppr, NULL);
        if (p->ppr.pstyle) {
          const struct docx_style *st = prep_docx_style_get(&s->r->pd, p->ppr.pstyle);
          if (st)
            p->style = st;
        }
      } else {
        prep_xml_skip(x);
      }
      return A_NONE;
    }
    if (strcmp(ln, "ptab") == 0)
      put_raw(s, "\t", 1);
    return A_NONE;
  case 'r':
    if (strcmp(ln, "r") == 0) {
      if (p)
        p->run = run_props(s, NULL, NULL);
      return A_R;
    }
    if (strcmp(ln, "rPr") == 0) {
      if (parent == A_R && p) {
        struct docx_rpr d = DOCX_RPR_UNSET;
        /* rStyle is read by hand: read_props knows only toggles */
        const char *rstyle = NULL;
        if (!prep_xml_empty(x)) {
          int d0 = prep_xml_depth(x);
          enum prep_xml_node t;
          while ((t = prep_xml_next(x)) != PREP_XML_EOF) {
            if (t == PREP_XML_END && prep_xml_depth(x) == d0)
              break;
            if (t != PREP_XML_START)
              continue;
            if (prep_xml_ns(x) != DX_NS_W || strstr(prep_xml_local(x), "Change")) {
              prep_xml_skip(x);
              continue;
            }
            const char *cl = prep_xml_local(x);
            if (strcmp(cl, "rStyle") == 0) {
              const char *v = prep_xml_attr(x, DX_NS_W, "val");
              if (v)
                rstyle = prep_arena_strdup(s->c->a, v);
            } else {
              prep_docx_rpr_child(x, cl, &d);
            }
          }
        }
        p->run = run_props(s, &d, rstyle);
      } else {
        prep_xml_skip(x);
      }
    }
    return A_NONE;
  case 't':
    if (strcmp(ln, "t") == 0) {
      s->in_t = 1;
      return A_T;
    }
    if (strcmp(ln, "tab") == 0) {
      if (parent == A_R)
        put_raw(s, "\t", 1);
      return A_NONE;
    }
    if (strcmp(ln, "tbl") == 0) {
      if (s->nt >= MAXTBL)
        return A_NONE;
      memset(&s->tbls[s->nt], 0, sizeof s->tbls[0]);
      s->nt++;
      return A_TBL;
    }
    if (strcmp(ln, "tr") == 0) {
      if (s->nt > 0) {
        struct tbl *t = &s->tbls[s->nt - 1];
        t->row++;
        t->next_col = 1;
        t->col = 0;
      }
      return A_TR;
    }
    if (strcmp(ln, "tc") == 0) {
      if (s->nt > 0) {
        struct tbl *t = &s->tbls[s->nt - 1];
        t->col = t->next_col ? t->next_col : 1;
        t->span = 1;
        t->cont = 0;
      }
      return A_TC;
    }
    if (strcmp(ln, "trPr") == 0 || strcmp(ln, "tcPr") == 0) {
      int is_tc = ln[1] == 'c';
      struct tbl *t = s->nt > 0 ? &s->tbls[s->nt - 1] : NULL;
      if (prep_xml_empty(x) || !t)
        return A_NONE;
      int d0 = prep_xml_depth(x);
      enum prep_xml_node ty;
      while ((ty = prep_xml_next(x)) != PREP_XML_EOF) {
        if (ty == PREP_XML_END && prep_xml_depth(x) == d0)
          break;
        if (ty != PREP_XML_START || prep_xml_ns(x) != DX_NS_W)
          continue;
        const char *cl = prep_xml_local(x);
        if (strstr(cl, "Change")) {
          prep_xml_skip(x);
        } else if (!is_tc && strcmp(cl, "gridBefore") == 0) {
          int v = prep_docx_int_attr(x, "val", 0);
          t->next_col += (unsigned)v;
        } else if (is_tc && strcmp(cl, "gridSpan") == 0) {
          int v = prep_docx_int_attr(x, "val", 1);
          t->span = v > 0 ? (unsigned)v : 1;
        } else if (is_tc && strcmp(cl, "vMerge") == 0) {
          const char *v = prep_xml_attr(x, DX_NS_W, "val");
          t->cont = !v || strcmp(v, "continue") == 0;
        }
      }
      return A_NONE;
    }
    if (strcmp(ln, "txbxContent") == 0) {
      s->txbx++;
      return A_TXBX;
    }
    if (strcmp(ln, "tblPr") == 0 && s->nt > 0 && parent == A_TBL &&
        !prep_xml_empty(x)) {
      struct tbl *t = &s->tbls[s->nt - 1];
      int d0 = prep_xml_depth(x);
      enum prep_xml_node ty;
      while ((ty = prep_xml_next(x)) != PREP_XML_EOF) {
        if (ty == PREP_XML_END && prep_xml_depth(x) == d0)
          break;
        if (ty != PREP_XML_START || prep_xml_ns(x) != DX_NS_W)
          continue;
        const char *cl = prep_xml_local(x);
        const char *v = prep_xml_attr(x, DX_NS_W, "val");
        if (v && strcmp(cl, "tblCaption") == 0)
          t->caption = prep_arena_strdup(s->c->a, v);
        else if (v && strcmp(cl, "tblDescription") == 0)
          t->descr = prep_arena_strdup(s->c->a, v);
      }
      return A_NONE;
    }
    if (strcmp(ln, "tblPr") == 0 || strcmp(ln, "tblGrid") == 0 ||
        strcmp(ln, "tblPrEx") == 0)
      prep_xml_skip(x);
    return A_NONE;
  default:
    break;
  }
  if (strcmp(ln, "br") == 0 || strcmp(ln, "cr") == 0) {
    put_raw(s, " ", 1);
  } else if (strcmp(ln, "noBreakHyphen") == 0) {
    put_raw(s, "-", 1);
  } else if (strcmp(ln, "sym") == 0) {
    const char *ch = prep_xml_attr(x, DX_NS_W, "char");
    unsigned code = ch ? (unsigned)strtoul(ch, NULL, 16) : 0;
    const char *font = prep_xml_attr(x, DX_NS_W, "font");
    int f = font ? (strstr(font, "Symbol") ? 1 : 2) : 2;
    unsigned m = prep_docx_symbol(code, f);
    if (m)
      put_cp(s, m);
  } else if (strcmp(ln, "instrText") == 0) {
    s->in_instr = 1;
    return A_INSTR;
  } else if (strcmp(ln, "fldChar") == 0) {
    fld_char(s);
  } else if (strcmp(ln, "fldSimple") == 0) {
    const char *ins = prep_xml_attr(x, DX_NS_W, "instr");
    s->dtarget[depth] = ins ? prep_docx_hyperlink_target(s->c->a, ins) : NULL;
    s->dstart[depth] = p ? p->text.len : 0;
    s->dserial[depth] = p ? p->serial : 0;
    return A_FLDSIMPLE;
  } else if (strcmp(ln, "hyperlink") == 0) {
    const char *id = prep_xml_attr(x, DX_NS_R, "id");
    const struct dx_rel *rel = prep_docx_rels_by_id(&s->rels, id);
    s->dtarget[depth] = rel && rel->external && *rel->target ? rel->target : NULL;
    s->dstart[depth] = p ? p->text.len : 0;
    s->dserial[depth] = p ? p->serial : 0;
    return A_LINK;
  } else if (strcmp(ln, "del") == 0 || strcmp(ln, "moveFrom") == 0 ||
             strcmp(ln, "delText") == 0 || strcmp(ln, "sdtPr") == 0 ||
             strcmp(ln, "sdtEndPr") == 0 || strcmp(ln, "sectPr") == 0 ||
             strcmp(ln, "commentReference") == 0 || strcmp(ln, "fldData") == 0 ||
             strcmp(ln, "ffData") == 0 || strcmp(ln, "delInstrText") == 0) {
    prep_xml_skip(x);
  } else if (strcmp(ln, "altChunk") == 0) {
    alt_chunk(s);
  } else if ((strcmp(ln, "footnote") == 0 || strcmp(ln, "endnote") == 0) &&
             is_note_separator(x)) {
    prep_xml_skip(x);
  }
  return A_NONE;
}

/* Walks one content part (body, header, footer, notes). */
static enum prep_status walk(struct ps *s)
{
  struct prep_xml *x = s->x;
  enum prep_xml_node t;
  while (!s->c->limit_hit && (t = prep_xml_next(x)) != PREP_XML_EOF) {
    if (t == PREP_XML_TEXT) {
      if (s->in_t) {
        size_t n;
        const char *txt = prep_xml_text(x, &n);
        put_text(s, txt, n);
      } else if (s->in_instr && s->nf > 0 &&
                 s->flds[s->nf - 1].phase == F_INSTR) {
        size_t n;
        const char *txt = prep_xml_text(x, &n);
        prep_buf_append(&s->flds[s->nf - 1].instr, txt, n);
      }
      continue;
    }
    int depth = prep_xml_depth(x);
    if (depth < 0 || depth >= (int)MAXD)
      continue;
    if (t == PREP_XML_END) {
      end_element(s, depth);
      continue;
    }
    /* PREP_XML_START */
    s->act[depth] = A_NONE;
    enum docx_ns ns = prep_xml_ns(x);
    const char *ln = prep_xml_local(x);
    int empty = prep_xml_empty(x);
    enum act a = A_NONE;
    if (ns == DX_NS_W) {
      a = start_w(s, ln, depth);
    } else if (ns == DX_NS_M) {
      /* Office math: the whole formula is read here, as one line */
      if (strcmp(ln, "oMath") == 0 || strcmp(ln, "oMathPara") == 0) {
        struct para *p = cur_para(s);
        if (!p) {
          prep_xml_skip(x);
        } else {
          int display = ln[5] == 'P';
          struct prep_buf mb;
          prep_buf_init(&mb, PREP_MAX_BLOCK_TEXT);
          if (display)
            flush_para(s, 0); /* display maths is a block of its own */
          prep_docx_math(x, &mb);
          p->run = run_props(s, NULL, NULL);
          put_raw(s, mb.data ? mb.data : "", mb.len);
          if (display)
            flush_para(s, 0);
          prep_buf_free(&mb);
        }
      } else if (strcmp(ln, "t") == 0) {
        s->in_t = 1;
        a = A_T;
      } else if (strcmp(ln, "r") == 0 && cur_para(s)) {
        cur_para(s)->run = run_props(s, NULL, NULL);
        a = A_R;
      }
    } else if ((ns == DX_NS_WP && strcmp(ln, "docPr") == 0) ||
               (ns == DX_NS_V && strcmp(ln, "imagedata") == 0)) {
      const char *alt = ns == DX_NS_WP ? prep_xml_attr(x, DX_NS_OTHER, "descr")
                                       : prep_xml_attr(x, DX_NS_O, "title");
      if ((!alt || !*alt) && ns == DX_NS_WP)
        alt = prep_xml_attr(x, DX_NS_OTHER, "title");
      struct para *p = cur_para(s);
      if (alt && *alt && p && p->nalts < MAXALTS && p->run.vanish != 1)
        p->alts[p->nalts++] = prep_arena_strdup(s->c->a, alt);
    } else if (ns == DX_NS_MC) {
      if (strcmp(ln, "AlternateContent") == 0) {
        if (s->nac < MAXAC) {
          s->acs[s->nac].taken = 0;
          s->acs[s->nac].mark = s->produced;
          s->nac++;
          a = A_AC;
        }
      } else if (strcmp(ln, "Choice") == 0 || strcmp(ln, "Fallback") == 0) {
        if (s->nac > 0 && s->acs[s->nac - 1].taken) {
          prep_xml_skip(x);
        } else {
          if (s->nac > 0)
            s->acs[s->nac - 1].mark = s->produced;
          a = A_CHOICE;
        }
      }
    }
    if (prep_xml_status(x) != PREP_OK)
      break;
    s->act[depth] = a;
    if (empty && a != A_NONE)
      end_element(s, depth);
  }
  /* Close whatever a truncated walk left open. */
  while (s->np > 0)
    prep_buf_free(&s->paras[--s->np].text);
  while (s->nf > 0)
    prep_buf_free(&s->flds[--s->nf].instr);
  return prep_xml_status(x);
}

/* Reads one content part, streaming it from the package into the walker.
 * An essential part (the main one) must be sound; any other part that
 * fails is dropped with a warning and its blocks are taken back. */
static enum prep_status read_part(struct rd *r, const char *part,
                                  enum prep_part ptype, int essential)
{
  struct ctx *c = r->c;
  const char *pn = prep_docx_safe_name(c->a, part);
  size_t dcount = c->diag->count, derrs = c->diag->errors;
  long idx = prep_docx_pkg_find(r->pkg, part);
  if (idx < 0)
    return PREP_OK;
  struct prep_docx_stream *zs;
  enum prep_status st = prep_docx_stream_open(
      r->pkg, idx, part, essential ? PREP_MAX_MAIN_PART : PREP_MAX_AUX_PART,
      &zs);
  if (st != PREP_OK) {
    if (!essential) {
      prep_docx_diag_demote(c->diag, dcount, derrs);
      prep_diag_add(c->diag, PREP_SEV_WARNING, c->name, NULL,
                    "%s was skipped; reading goes on without it", pn);
      st = PREP_OK;
    }
    return st;
  }
  struct ps *s = prep_xcalloc(1, sizeof *s);
  s->paras = prep_xcalloc(MAXPARA, sizeof *s->paras);
  s->c = c;
  s->r = r;
  s->part = pn;
  s->ptype = ptype;
  /* the part's own relationships (hyperlinks, altChunks) */
  const char *slash = strrchr(part, '/');
  size_t dl = slash ? (size_t)(slash - part) + 1 : 0;
  char *base = prep_arena_strndup(c->a, part, dl);
  char *relsname = prep_arena_printf(c->a, "%s_rels/%s.rels", base, part + dl);
  unsigned char *rb;
  size_t rl;
  size_t rc0 = c->diag->count, re0 = c->diag->errors;
  if (prep_docx_pkg_read_name(r->pkg, relsname, PREP_MAX_SMALL_PART, &rb, &rl) == PREP_OK) {
    if (rb)
      prep_docx_rels_parse(rb, rl, prep_docx_safe_name(c->a, relsname), base, c->name, c->a,
                    c->diag, &s->rels);
    free(rb);
  } else {
    prep_docx_diag_demote(c->diag, rc0, re0);
    prep_diag_add(c->diag, PREP_SEV_WARNING, c->name, NULL,
                  "%s could not be read; its links are ignored",
                  prep_docx_safe_name(c->a, relsname));
  }
  size_t nb = c->doc->nblocks, tb = c->doc->text_bytes;
  dcount = c->diag->count;
  derrs = c->diag->errors;
  st = prep_xml_open_stream(zs, &prep_docx_vocab, pn, c->name, c->diag,
                            &s->x);
  if (st == PREP_OK) {
    st = walk(s);
    prep_xml_close(s->x);
    /* drain what the parser left: the CRC is checked only at the end */
    unsigned char tail[4096];
    long got;
    while (st == PREP_OK && (got = prep_docx_stream_read(zs, tail, sizeof tail)) != 0)
      if (got < 0)
        st = prep_docx_stream_status(zs);
  }
  prep_docx_stream_close(zs);
  if (st != PREP_OK && !essential) {
    c->doc->nblocks = nb;
    c->doc->text_bytes = tb;
    prep_docx_diag_demote(c->diag, dcount, derrs);
    prep_diag_add(c->diag, PREP_SEV_WARNING, c->name, NULL,
                  "%s was skipped; reading goes on without it", pn);
    st = PREP_OK;
  }
  free(s->paras);
  free(s);
  return st;
}

/* An auxiliary part parsed with fn (styles, numbering); failures warn. */
static void read_aux(struct rd *r, const char *part,
                     void (*fn)(struct prep_xml *, struct prep_arena *, struct docx_pkgdata *))
{
  struct ctx *c = r->c;
  long idx = prep_docx_pkg_find(r->pkg, part);
  if (idx < 0)
    return;
  const char *pn = prep_docx_safe_name(c->a, part);
  unsigned char *buf;
  size_t len;
  struct prep_diag tmp;
  prep_diag_init(&tmp);
  /* package errors for this part go to c->diag as errors; demote them */
  size_t before = c->diag->count, errs = c->diag->errors;
  enum prep_status st = prep_docx_pkg_read(r->pkg, idx, part, PREP_MAX_AUX_PART, &buf, &len);
  if (st != PREP_OK) {
    prep_docx_diag_demote(c->diag, before, errs);
    prep_diag_add(c->diag, PREP_SEV_WARNING, c->name, NULL,
                  "%s was not used; reading goes on without it", pn);
    prep_diag_free(&tmp);
    return;
  }
  struct prep_xml *x;
  if (prep_xml_open(buf, len, &prep_docx_vocab, pn, c->name, &tmp, &x) ==
      PREP_OK) {
    fn(x, c->a, &r->pd);
    if (prep_xml_status(x) != PREP_OK && tmp.count)
      prep_diag_add(c->diag, PREP_SEV_WARNING, c->name, NULL,
                    "%s; reading goes on with what was read", tmp.items[0].msg);
    prep_xml_close(x);
  } else if (tmp.count) {
    prep_diag_add(c->diag, PREP_SEV_WARNING, c->name, NULL,
                  "%s; reading goes on without it", tmp.items[0].msg);
  }
  free(buf);
  prep_diag_free(&tmp);
}

/* Natural order of part names: header2.xml before header10.xml. */
static int natcmp(const char *a, const char *b)
{
  while (*a && *b) {
    if (*a >= '0' && *a <= '9' && *b >= '0' && *b <= '9') {
      unsigned long x = strtoul(a, (char **)&a, 10), y = strtoul(b, (char **)&b, 10);
      if (x != y)
        return x < y ? -1 : 1;
      continue;
    }
    if (*a != *b)
      return (unsigned char)*a < (unsigned char)*b ? -1 : 1;
    a++;
    b++;
  }
  return *a ? 1 : *b ? -1 : 0;
}

static int cmp_rel_target(const void *x, const void *y)
{
  const struct dx_rel *const *a = x, *const *b = y;
  return natcmp((*a)->target, (*b)->target);
}

/* Content parts of one type from the main part's rels, in name order,
 * each once. */
static void read_rel_parts(struct rd *r, const struct dx_rels *rels,
                           const char *type, enum prep_part ptype,
                           size_t first_block)
{
  const struct dx_rel *list[PREP_MAX_PARTS];
  size_t n = 0;
  for (size_t i = 0; i < rels->n && n < PREP_MAX_PARTS; i++) {
    const struct dx_rel *rl = &rels->v[i];
    if (rl->external || rl->bad || strcmp(rl->type, type) != 0)
      continue;
    int dup = 0;
    for (size_t j = 0; j < n; j++)
      if (strcasecmp(list[j]->target, rl->target) == 0)
        dup = 1;
    if (!dup)
      list[n++] = rl;
  }
  if (n > 1)
    qsort(list, n, sizeof list[0], cmp_rel_target);
  (void)first_block;
  for (size_t i = 0; i < n && !r->c->limit_hit; i++)
    read_part(r, list[i]->target, ptype, 0);
}

static enum prep_status read_package(struct ctx *c, const unsigned char *p,
                                     size_t n, int nesting)
{
  struct prep_docx_pkg *pkg;
  enum prep_status st = prep_docx_pkg_open(p, n, c->name, c->a, &c->inflated,
                                      c->diag, &pkg);
  if (st != PREP_OK)
    return st;
  struct rd r;
  memset(&r, 0, sizeof r);
  r.c = c;
  r.pkg = pkg;
  r.nesting = nesting;
  r.pd.def_rpr = DOCX_RPR_UNSET;
  /* the package relationships name the main part */
  struct dx_rels prels = {0};
  unsigned char *buf;
  size_t len;
  st = prep_docx_pkg_read_name(pkg, "_rels/.rels", PREP_MAX_SMALL_PART, &buf, &len);
  if (st != PREP_OK)
    goto out;
  if (buf)
    prep_docx_rels_parse(buf, len, "_rels/.rels", "", c->name, c->a, c->diag, &prels);
  free(buf);
  const char *main = NULL, *core = NULL;
  for (size_t i = 0; i < prels.n; i++) {
    const struct dx_rel *rl = &prels.v[i];
    if (strcmp(rl->type, "officeDocument") == 0 && !main) {
      if (rl->external) {
        prep_diag_add(c->diag, PREP_SEV_ERROR, c->name, NULL,
                      "the main document relationship points outside the "
                      "package (TargetMode External); refusing it");
        st = PREP_EINPUT;
        goto out;
      }
      if (rl->bad) {
        prep_diag_add(c->diag, PREP_SEV_ERROR, c->name, NULL,
                      "the main document relationship target escapes the "
                      "package; refusing it");
        st = PREP_EINPUT;
        goto out;
      }
      main = rl->target;
    } else if (strcmp(rl->type, "core-properties") == 0 && !rl->external &&
               !rl->bad && !core) {
      core = rl->target;
    }
  }
  if (main && prep_docx_pkg_find(pkg, main) < 0) {
    if (prep_docx_pkg_find(pkg, "word/document.xml") >= 0) {
      main = "word/document.xml";
    } else if (prep_docx_pkg_has_prefix(pkg, main)) {
      prep_diag_add(c->diag, PREP_SEV_ERROR, c->name, NULL,
                    "the main document part %s is missing; an entry has that "
                    "name followed by hidden characters (a NUL byte?), which "
                    "is refused", prep_docx_safe_name(c->a, main));
      st = PREP_EINPUT;
      goto out;
    } else {
      prep_diag_add(c->diag, PREP_SEV_ERROR, c->name, NULL,
                    "the main document part %s named in _rels/.rels is "
                    "missing from the package", prep_docx_safe_name(c->a, main));
      st = PREP_EINPUT;
      goto out;
    }
  }
  if (!main) {
    if (prep_docx_pkg_find(pkg, "word/document.xml") >= 0) {
      main = "word/document.xml";
    } else {
      prep_diag_add(c->diag, PREP_SEV_ERROR, c->name, NULL,
                    "this ZIP file holds no Word document (no officeDocument "
                    "relationship or word/document.xml)");
      st = PREP_EINPUT;
      goto out;
    }
  }
  const char *slash = strrchr(main, '/');
  size_t dl = slash ? (size_t)(slash - main) + 1 : 0;
  char *base = prep_arena_strndup(c->a, main, dl);
  struct dx_rels mrels = {0};
  char *relsname = prep_arena_printf(c->a, "%s_rels/%s.rels", base, main + dl);
  unsigned char *rb = NULL;
  size_t rl = 0;
  size_t rc0 = c->diag->count, re0 = c->diag->errors;
  if (prep_docx_pkg_read_name(pkg, relsname, PREP_MAX_SMALL_PART, &rb, &rl) != PREP_OK) {
    prep_docx_diag_demote(c->diag, rc0, re0);
    prep_diag_add(c->diag, PREP_SEV_WARNING, c->name, NULL,
                  "%s could not be read; styles, lists and links may be "
                  "missing", prep_docx_safe_name(c->a, relsname));
    rb = NULL;
  }
  if (rb)
    prep_docx_rels_parse(rb, rl, prep_docx_safe_name(c->a, relsname), base, c->name, c->a,
                  c->diag, &mrels);
  free(rb);
  for (size_t i = 0; i < mrels.n; i++) {
    const struct dx_rel *x = &mrels.v[i];
    if (x->external || x->bad)
      continue;
    if (strcmp(x->type, "styles") == 0 && !r.pd.styles)
      read_aux(&r, x->target, prep_docx_parse_styles);
    else if (strcmp(x->type, "numbering") == 0 && !r.pd.have_numbering)
      read_aux(&r, x->target, prep_docx_parse_numbering);
  }
  if (!mrels.n) {
    /* no relationships: try the usual names */
    read_aux(&r, "word/styles.xml", prep_docx_parse_styles);
    read_aux(&r, "word/numbering.xml", prep_docx_parse_numbering);
  }
  size_t first = c->doc->nblocks;
  read_rel_parts(&r, &mrels, "header", PREP_PART_HEADER, first);
  if (!c->limit_hit)
    st = read_part(&r, main, PREP_PART_BODY, 1);
  if (st != PREP_OK)
    goto out;
  read_rel_parts(&r, &mrels, "footnotes", PREP_PART_FOOTNOTE, first);
  read_rel_parts(&r, &mrels, "endnotes", PREP_PART_ENDNOTE, first);
  read_rel_parts(&r, &mrels, "footer", PREP_PART_FOOTER, first);
  if (nesting == 0)
    prep_docx_read_core(pkg, core ? core : "docProps/core.xml", c->doc, c->a,
                        c->name, c->diag);
  if (c->limit_hit) {
    prep_diag_add(c->diag, PREP_SEV_ERROR, c->name, NULL,
                  "the document holds more than %u paragraphs or %u MiB of "
                  "text, past the limit for a CV",
                  PREP_MAX_BLOCKS, PREP_MAX_DOC_TEXT / PREP_MiB);
    st = PREP_ELIMIT;
  }
out:
  prep_docx_pkg_close(pkg);
  return st;
}

enum prep_status prep_read_docx(const unsigned char *p, size_t n,
                                const char *name, struct prep_arena *a,
                                struct prep_doc **out, struct prep_diag *diag)
{
  *out = NULL;
  prep_read_init();
  struct ctx c;
  memset(&c, 0, sizeof c);
  c.doc = prep_doc_new(a, PREP_FORMAT_DOCX);
  c.a = a;
  c.diag = diag;
  c.name = name;
  enum prep_status st = read_package(&c, p, n, 0);
  if (st != PREP_OK)
    return st;
  *out = c.doc;
  return PREP_OK;
}
