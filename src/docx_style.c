/* docx_style.c - styles.xml and numbering.xml for the DOCX reader.
 *
 * Both parts are streamed once into small tables in the run arena.  A
 * style's basedOn chain is resolved on first use and memoised (cycles and
 * chains over 20 deep stop).  Headings come from the style name ("Title",
 * "heading N": names are English even in localised Word, ids are not) or
 * from outlineLvl.  Toggles (w:b, w:caps, ...) follow "nearest setting
 * wins", which is what Word shows for all but contrived documents.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "docx.h"
#include "prepgen/arena.h"

static size_t hash_str(const char *s)
{
  size_t h = 1469598103934665603ull & (size_t)-1;
  for (; *s; s++)
    h = (h ^ (unsigned char)*s) * 1099511628211ull;
  return h;
}

static struct docx_style *style_find(const struct docx_pkgdata *pd, const char *id)
{
  if (!id || !pd->hcap)
    return NULL;
  size_t h = hash_str(id) & (pd->hcap - 1);
  while (pd->hash[h]) {
    struct docx_style *s = &pd->styles[pd->hash[h] - 1];
    if (strcmp(s->id, id) == 0)
      return s;
    h = (h + 1) & (pd->hcap - 1);
  }
  return NULL;
}

static int heading_from_name(const char *nm)
{
  if (!nm)
    return -1;
  if (strcasecmp(nm, "title") == 0)
    return 0;
  if (strncasecmp(nm, "heading", 7) == 0) {
    const char *p = nm + 7;
    if (*p == ' ')
      p++;
    if (*p >= '1' && *p <= '9' && p[1] == '\0')
      return *p - '0';
  }
  return -1;
}

void prep_docx_rpr_merge(struct docx_rpr *dst, const struct docx_rpr *src)
{
  if (dst->b < 0) dst->b = src->b;
  if (dst->i < 0) dst->i = src->i;
  if (dst->caps < 0) dst->caps = src->caps;
  if (dst->smallcaps < 0) dst->smallcaps = src->smallcaps;
  if (dst->vanish < 0) dst->vanish = src->vanish;
  if (dst->u < 0) dst->u = src->u;
  if (dst->font < 0) dst->font = src->font;
  if (dst->valign < 0) dst->valign = src->valign;
}

/* Resolves basedOn inheritance once (cycles and long chains stop). */
static void style_resolve(struct docx_pkgdata *pd, struct docx_style *s, int depth)
{
  if (s->state == 2)
    return;
  if (s->state == 1 || depth > 20) {
    s->state = 2;
    return;
  }
  s->state = 1;
  s->heading = heading_from_name(s->name);
  if (s->heading < 0 && !s->name)
    s->heading = heading_from_name(s->id);
  struct docx_style *b = s->based ? style_find(pd, s->based) : NULL;
  if (b && b != s) {
    style_resolve(pd, b, depth + 1);
    if (s->heading < 0 && s->outline < 0)
      s->heading = b->heading;
    if (!s->num_id)
      s->num_id = b->num_id;
    if (s->ilvl < 0)
      s->ilvl = b->ilvl;
    if (s->outline < 0)
      s->outline = b->outline;
    if (s->center < 0)
      s->center = b->center;
    prep_docx_rpr_merge(&s->rpr, &b->rpr);
  }
  if (s->heading < 0 && s->outline >= 0 && s->outline <= 8)
    s->heading = s->outline + 1;
  s->state = 2;
}

const struct docx_style *prep_docx_style_get(struct docx_pkgdata *pd, const char *id)
{
  struct docx_style *s = style_find(pd, id);
  if (!s)
    return NULL;
  style_resolve(pd, s, 0);
  return s;
}

static int toggle(struct prep_xml *x)
{
  const char *v = prep_xml_attr(x, DX_NS_W, "val");
  if (!v)
    return 1;
  return !(strcmp(v, "0") == 0 || strcasecmp(v, "false") == 0 ||
           strcasecmp(v, "off") == 0 || strcasecmp(v, "none") == 0);
}

int prep_docx_int_attr(struct prep_xml *x, const char *local, int dflt)
{
  const char *v = prep_xml_attr(x, DX_NS_W, local);
  if (!v || !*v)
    return dflt;
  long n = strtol(v, NULL, 10);
  if (n < 0 || n > 1000)
    return dflt;
  return (int)n;
}

/* One element of an rPr: sets the matching field. */
void prep_docx_rpr_child(struct prep_xml *x, const char *ln, struct docx_rpr *r)
{
  if (strcmp(ln, "b") == 0) r->b = (signed char)toggle(x);
  else if (strcmp(ln, "i") == 0) r->i = (signed char)toggle(x);
  else if (strcmp(ln, "caps") == 0) r->caps = (signed char)toggle(x);
  else if (strcmp(ln, "smallCaps") == 0) r->smallcaps = (signed char)toggle(x);
  else if (strcmp(ln, "vanish") == 0) r->vanish = (signed char)toggle(x);
  else if (strcmp(ln, "u") == 0) r->u = (signed char)toggle(x);
  else if (strcmp(ln, "vertAlign") == 0) {
    const char *v = prep_xml_attr(x, DX_NS_W, "val");
    r->valign = !v ? 0 : strcmp(v, "superscript") == 0 ? 1
                       : strcmp(v, "subscript") == 0   ? 2 : 0;
  } else if (strcmp(ln, "rFonts") == 0) {
    const char *f = prep_xml_attr(x, DX_NS_W, "ascii");
    if (!f)
      f = prep_xml_attr(x, DX_NS_W, "hAnsi");
    if (f)
      r->font = strstr(f, "Symbol") ? 1 : strstr(f, "Wingdings") ? 2 : 0;
  }
}

/* Reads the subtree of a pPr or rPr (current node) into p and/or r.
 * Tracked-change records (*Change) and nested rPr of a pPr are skipped. */
void prep_docx_read_props(struct prep_xml *x, struct prep_arena *a, struct docx_ppr *p,
                       struct docx_rpr *r)
{
  if (prep_xml_empty(x))
    return;
  int d0 = prep_xml_depth(x);
  enum prep_xml_node t;
  while ((t = prep_xml_next(x)) != PREP_XML_EOF) {
    if (t == PREP_XML_END && prep_xml_depth(x) == d0)
      return;
    if (t != PREP_XML_START)
      continue;
    const char *ln = prep_xml_local(x);
    if (prep_xml_ns(x) != DX_NS_W) {
      prep_xml_skip(x);
      continue;
    }
    if (strstr(ln, "Change") || strcmp(ln, "sectPr") == 0 ||
        (p && strcmp(ln, "rPr") == 0)) {
      prep_xml_skip(x);
      continue;
    }
    if (p) {
      if (strcmp(ln, "pStyle") == 0) {
        const char *v = prep_xml_attr(x, DX_NS_W, "val");
        if (v)
          p->pstyle = prep_arena_strdup(a, v);
      } else if (strcmp(ln, "numId") == 0) {
        const char *v = prep_xml_attr(x, DX_NS_W, "val");
        if (v)
          p->num_id = prep_arena_strdup(a, v);
      } else if (strcmp(ln, "ilvl") == 0) {
        p->ilvl = prep_docx_int_attr(x, "val", 0);
      } else if (strcmp(ln, "outlineLvl") == 0) {
        p->outline = prep_docx_int_attr(x, "val", -1);
      } else if (strcmp(ln, "jc") == 0) {
        const char *v = prep_xml_attr(x, DX_NS_W, "val");
        p->center = v && strcmp(v, "center") == 0;
      }
    }
    if (r)
      prep_docx_rpr_child(x, ln, r);
  }
}

void prep_docx_parse_styles(struct prep_xml *x, struct prep_arena *a,
                         struct docx_pkgdata *pd)
{
  size_t cap = 0;
  enum prep_xml_node t;
  struct docx_style *cur = NULL;
  int style_depth = -1;
  while ((t = prep_xml_next(x)) != PREP_XML_EOF) {
    if (t == PREP_XML_END && prep_xml_depth(x) == style_depth) {
      cur = NULL;
      style_depth = -1;
      continue;
    }
    if (t != PREP_XML_START || prep_xml_ns(x) != DX_NS_W)
      continue;
    const char *ln = prep_xml_local(x);
    if (strcmp(ln, "rPrDefault") == 0) {
      continue;
    } else if (strcmp(ln, "rPr") == 0 && !cur) {
      struct docx_rpr r = DOCX_RPR_UNSET;
      prep_docx_read_props(x, a, NULL, &r);
      pd->def_rpr = r;
    } else if (strcmp(ln, "style") == 0) {
      const char *id = prep_xml_attr(x, DX_NS_W, "styleId");
      if (!id || pd->nstyles >= 100000) {
        prep_xml_skip(x);
        continue;
      }
      if (pd->nstyles == cap) {
        cap = cap ? cap * 2 : 64;
        struct docx_style *ns = prep_arena_alloc(a, cap * sizeof *ns);
        if (pd->nstyles)
          memcpy(ns, pd->styles, pd->nstyles * sizeof *ns);
        pd->styles = ns;
      }
      cur = &pd->styles[pd->nstyles++];
      memset(cur, 0, sizeof *cur);
      cur->id = prep_arena_strdup(a, id);
      const char *ty = prep_xml_attr(x, DX_NS_W, "type");
      cur->para = !ty || strcmp(ty, "paragraph") == 0;
      const char *df = prep_xml_attr(x, DX_NS_W, "default");
      cur->is_default = df && (strcmp(df, "1") == 0 || strcmp(df, "true") == 0);
      cur->ilvl = cur->outline = cur->center = -1;
      cur->heading = -1;
      cur->rpr = DOCX_RPR_UNSET;
      style_depth = prep_xml_depth(x);
      if (prep_xml_empty(x)) {
        cur = NULL;
        style_depth = -1;
      }
    } else if (cur && strcmp(ln, "name") == 0) {
      const char *v = prep_xml_attr(x, DX_NS_W, "val");
      if (v)
        cur->name = prep_arena_strdup(a, v);
    } else if (cur && strcmp(ln, "basedOn") == 0) {
      const char *v = prep_xml_attr(x, DX_NS_W, "val");
      if (v)
        cur->based = prep_arena_strdup(a, v);
    } else if (cur && strcmp(ln, "pPr") == 0) {
      struct docx_ppr p = {NULL, NULL, -1, -1, -1};
      prep_docx_read_props(x, a, &p, NULL);
      cur->num_id = p.num_id;
      cur->ilvl = p.ilvl;
      cur->outline = p.outline;
      cur->center = p.center;
    } else if (cur && strcmp(ln, "rPr") == 0) {
      prep_docx_read_props(x, a, NULL, &cur->rpr);
    } else if (cur && (strcmp(ln, "tblPr") == 0 || strcmp(ln, "tblStylePr") == 0 ||
                       strcmp(ln, "trPr") == 0 || strcmp(ln, "tcPr") == 0)) {
      prep_xml_skip(x);
    }
  }
  pd->hcap = 16;
  while (pd->hcap < pd->nstyles * 2)
    pd->hcap *= 2;
  pd->hash = prep_arena_alloc(a, pd->hcap * sizeof *pd->hash);
  for (size_t i = 0; i < pd->nstyles; i++) {
    size_t h = hash_str(pd->styles[i].id) & (pd->hcap - 1);
    int dup = 0;
    while (pd->hash[h]) {
      if (strcmp(pd->styles[pd->hash[h] - 1].id, pd->styles[i].id) == 0)
        dup = 1;
      h = (h + 1) & (pd->hcap - 1);
    }
    if (!dup)
      pd->hash[h] = i + 1;
    if (pd->styles[i].para && pd->styles[i].is_default && !pd->def_para)
      pd->def_para = &pd->styles[i];
  }
}

static signed char fmt_code(const char *v)
{
  if (!v)
    return 0;
  if (strcmp(v, "bullet") == 0)
    return 1;
  if (strcmp(v, "none") == 0)
    return 3;
  return 2;
}

/* The number style of a w:numFmt; formats we do not spell out (CJK
 * counting, words, enclosed digits) fall back to decimal. */
static signed char numfmt_code(const char *v)
{
  if (!v)
    return DOCX_NF_DECIMAL;
  if (strcmp(v, "lowerRoman") == 0) return DOCX_NF_LOWER_ROMAN;
  if (strcmp(v, "upperRoman") == 0) return DOCX_NF_UPPER_ROMAN;
  if (strcmp(v, "lowerLetter") == 0) return DOCX_NF_LOWER_LETTER;
  if (strcmp(v, "upperLetter") == 0) return DOCX_NF_UPPER_LETTER;
  if (strcmp(v, "decimalZero") == 0) return DOCX_NF_DECIMAL_ZERO;
  if (strcmp(v, "ordinal") == 0) return DOCX_NF_ORDINAL;
  return DOCX_NF_DECIMAL;
}

static void lvl_init(struct docx_lvl *l)
{
  memset(l, 0, sizeof *l);
  l->restart = -1;
  l->start = -1;
}

/* w:val as an integer in [lo, hi], or dflt. */
static int int_val(struct prep_xml *x, int lo, int hi, int dflt)
{
  const char *v = prep_xml_attr(x, DX_NS_W, "val");
  if (!v || !*v)
    return dflt;
  char *e;
  long n = strtol(v, &e, 10);
  if (e == v || n < lo || n > hi)
    return dflt;
  return (int)n;
}

void prep_docx_parse_numbering(struct prep_xml *x, struct prep_arena *a,
                            struct docx_pkgdata *pd)
{
  size_t acap = 0, ncap = 0;
  struct docx_abs_num *ca = NULL;
  struct docx_num *cn = NULL;
  int lvl = -1;     /* level being read (w:lvl or w:lvlOverride), -1 none */
  int in_lvl = 0;   /* inside a w:lvl (not just a w:lvlOverride) */
  int lvl_depth = -1;
  enum prep_xml_node t;
  while ((t = prep_xml_next(x)) != PREP_XML_EOF) {
    if (t == PREP_XML_END && prep_xml_depth(x) == lvl_depth) {
      in_lvl = 0;
      lvl_depth = -1;
      continue;
    }
    if (t != PREP_XML_START || prep_xml_ns(x) != DX_NS_W)
      continue;
    const char *ln = prep_xml_local(x);
    if (strcmp(ln, "abstractNum") == 0) {
      cn = NULL;
      lvl = -1;
      if (pd->nabs >= 10000) {
        prep_xml_skip(x);
        continue;
      }
      if (pd->nabs == acap) {
        acap = acap ? acap * 2 : 16;
        struct docx_abs_num *nv = prep_arena_alloc(a, acap * sizeof *nv);
        if (pd->nabs)
          memcpy(nv, pd->abs, pd->nabs * sizeof *nv);
        pd->abs = nv;
      }
      ca = &pd->abs[pd->nabs++];
      memset(ca, 0, sizeof *ca);
      for (int i = 0; i < DOCX_LEVELS; i++)
        lvl_init(&ca->lvl[i]);
      const char *id = prep_xml_attr(x, DX_NS_W, "abstractNumId");
      ca->id = prep_arena_strdup(a, id ? id : "");
    } else if (strcmp(ln, "num") == 0) {
      ca = NULL;
      lvl = -1;
      if (pd->nnums >= 10000) {
        prep_xml_skip(x);
        continue;
      }
      if (pd->nnums == ncap) {
        ncap = ncap ? ncap * 2 : 16;
        struct docx_num *nv = prep_arena_alloc(a, ncap * sizeof *nv);
        if (pd->nnums)
          memcpy(nv, pd->nums, pd->nnums * sizeof *nv);
        pd->nums = nv;
      }
      cn = &pd->nums[pd->nnums++];
      memset(cn, 0, sizeof *cn);
      for (int i = 0; i < DOCX_LEVELS; i++) {
        lvl_init(&cn->lvl[i]);
        cn->start_over[i] = -1;
      }
      const char *id = prep_xml_attr(x, DX_NS_W, "numId");
      cn->id = prep_arena_strdup(a, id ? id : "");
    } else if (strcmp(ln, "abstractNumId") == 0 && cn) {
      const char *v = prep_xml_attr(x, DX_NS_W, "val");
      cn->abs_id = prep_arena_strdup(a, v ? v : "");
    } else if (strcmp(ln, "numStyleLink") == 0 && ca) {
      const char *v = prep_xml_attr(x, DX_NS_W, "val");
      if (v && *v)
        ca->style_link = prep_arena_strdup(a, v);
    } else if (strcmp(ln, "lvl") == 0 || strcmp(ln, "lvlOverride") == 0) {
      lvl = prep_docx_int_attr(x, "ilvl", -1);
      if (lvl >= DOCX_LEVELS)
        lvl = -1;
      if (ln[3] == '\0' && !prep_xml_empty(x)) {
        in_lvl = 1;
        lvl_depth = prep_xml_depth(x);
      }
      if (ln[3] == '\0' && ca && lvl >= 0)
        ca->nlvl++;
      if (cn && lvl >= 0)
        cn->own = 1;
    } else if (lvl >= 0 && (ca || cn)) {
      struct docx_lvl *L = ca ? &ca->lvl[lvl] : &cn->lvl[lvl];
      if (strcmp(ln, "startOverride") == 0 && cn && !in_lvl) {
        cn->start_over[lvl] = int_val(x, 0, 1000000, 0);
      } else if (!in_lvl) {
        if (strcmp(ln, "rPr") == 0 || strcmp(ln, "pPr") == 0)
          prep_xml_skip(x);
      } else if (strcmp(ln, "numFmt") == 0) {
        const char *v = prep_xml_attr(x, DX_NS_W, "val");
        L->fmt = fmt_code(v);
        L->numfmt = numfmt_code(v);
      } else if (strcmp(ln, "start") == 0) {
        L->start = int_val(x, 0, 1000000, -1);
      } else if (strcmp(ln, "lvlText") == 0) {
        const char *v = prep_xml_attr(x, DX_NS_W, "val");
        if (v)
          L->text = prep_arena_strndup(a, v, strnlen(v, 64));
      } else if (strcmp(ln, "lvlRestart") == 0) {
        L->restart = (signed char)int_val(x, 0, DOCX_LEVELS, -1);
      } else if (strcmp(ln, "isLgl") == 0) {
        const char *v = prep_xml_attr(x, DX_NS_W, "val");
        L->legal = !v || !(strcmp(v, "0") == 0 || strcmp(v, "false") == 0 ||
                           strcmp(v, "off") == 0);
      } else if (strcmp(ln, "rPr") == 0 || strcmp(ln, "pPr") == 0) {
        prep_xml_skip(x);
      }
    } else if (strcmp(ln, "rPr") == 0 || strcmp(ln, "pPr") == 0) {
      prep_xml_skip(x);
    }
  }
  pd->have_numbering = 1;
}

static struct docx_num *num_find(const struct docx_pkgdata *pd, const char *id)
{
  for (size_t i = 0; i < pd->nnums; i++)
    if (strcmp(pd->nums[i].id, id) == 0)
      return &pd->nums[i];
  return NULL;
}

static struct docx_abs_num *abs_find(const struct docx_pkgdata *pd,
                                     const char *id)
{
  if (!id)
    return NULL;
  for (size_t i = 0; i < pd->nabs; i++)
    if (strcmp(pd->abs[i].id, id) == 0)
      return &pd->abs[i];
  return NULL;
}

/* The abstract definition of num n: a w:numStyleLink with no levels of its
 * own is followed once to the numbering style's list. */
static struct docx_abs_num *abs_of(const struct docx_pkgdata *pd,
                                   const struct docx_num *n)
{
  struct docx_abs_num *ab = abs_find(pd, n->abs_id);
  if (ab && ab->style_link && ab->nlvl == 0) {
    const struct docx_style *st = style_find(pd, ab->style_link);
    const struct docx_num *n2 = st && st->num_id ? num_find(pd, st->num_id) : NULL;
    struct docx_abs_num *ab2 = n2 ? abs_find(pd, n2->abs_id) : NULL;
    if (ab2 && ab2->nlvl > 0)
      ab = ab2;
  }
  return ab;
}

/* The effective definition of level l of num n. */
static const struct docx_lvl *lvl_of(const struct docx_num *n,
                                     const struct docx_abs_num *ab, int l)
{
  if (n->lvl[l].fmt || n->lvl[l].text)
    return &n->lvl[l];
  return ab ? &ab->lvl[l] : &n->lvl[l];
}

/* 0 not a list, 1 bullet, 2 numbered. */
int prep_docx_list_kind(const struct docx_pkgdata *pd, const char *num_id, int ilvl)
{
  if (!num_id || strcmp(num_id, "0") == 0 || !*num_id)
    return 0;
  if (ilvl < 0 || ilvl >= DOCX_LEVELS)
    ilvl = 0;
  if (!pd->have_numbering)
    return 1;
  const struct docx_num *n = num_find(pd, num_id);
  if (!n)
    return 0; /* a numId that names no list: Word shows no number */
  int f = lvl_of(n, abs_of(pd, n), ilvl)->fmt;
  return f == 3 ? 0 : f == 2 ? 2 : 1;
}

/* ---- list labels ----------------------------------------------------- */

static size_t put_roman(char *o, int v, int upper)
{
  static const int val[] = {1000, 900, 500, 400, 100, 90, 50, 40, 10, 9, 5, 4, 1};
  static const char *const sym[] = {"m", "cm", "d", "cd", "c", "xc", "l",
                                    "xl", "x", "ix", "v", "iv", "i"};
  size_t n = 0;
  for (int i = 0; i < 13; i++)
    for (; v >= val[i]; v -= val[i])
      for (const char *p = sym[i]; *p; p++)
        o[n++] = (char)(upper ? *p - 'a' + 'A' : *p);
  return n;
}

/* Counter value v in number style nf into o (at least 24 bytes). */
static size_t format_num(char *o, int v, int nf)
{
  if (v > 0 && v < 4000 &&
      (nf == DOCX_NF_LOWER_ROMAN || nf == DOCX_NF_UPPER_ROMAN))
    return put_roman(o, v, nf == DOCX_NF_UPPER_ROMAN);
  if (v > 0 && v <= 26 * 8 &&
      (nf == DOCX_NF_LOWER_LETTER || nf == DOCX_NF_UPPER_LETTER)) {
    /* Word repeats the letter: 27 is "aa", 28 "bb" */
    char c = (char)((nf == DOCX_NF_UPPER_LETTER ? 'A' : 'a') + (v - 1) % 26);
    size_t n = (size_t)((v - 1) / 26 + 1);
    memset(o, c, n);
    return n;
  }
  if (nf == DOCX_NF_DECIMAL_ZERO && v >= 0 && v < 10)
    return (size_t)snprintf(o, 24, "0%d", v);
  if (nf == DOCX_NF_ORDINAL && v >= 0) {
    int t = v % 100, u = v % 10;
    const char *suf = (t >= 11 && t <= 13) ? "th" : u == 1 ? "st" : u == 2 ? "nd"
                                                   : u == 3 ? "rd" : "th";
    return (size_t)snprintf(o, 24, "%d%s", v, suf);
  }
  return (size_t)snprintf(o, 24, "%d", v);
}

const char *prep_docx_list_label(struct docx_pkgdata *pd, struct prep_arena *a,
                                 const char *num_id, int ilvl)
{
  if (!pd->have_numbering || !num_id || !*num_id || strcmp(num_id, "0") == 0)
    return NULL;
  if (ilvl < 0 || ilvl >= DOCX_LEVELS)
    ilvl = 0;
  struct docx_num *n = num_find(pd, num_id);
  if (!n)
    return NULL;
  struct docx_abs_num *ab = abs_of(pd, n);
  struct docx_counters *c = n->own || !ab ? &n->cnt : &ab->cnt;
  const struct docx_lvl *L = lvl_of(n, ab, ilvl);
  int start[DOCX_LEVELS];
  for (int l = 0; l < DOCX_LEVELS; l++) {
    const struct docx_lvl *Ll = lvl_of(n, ab, l);
    start[l] = n->start_over[l] >= 0 ? n->start_over[l]
               : n->lvl[l].start >= 0 ? n->lvl[l].start
               : Ll->start >= 0      ? Ll->start : 1;
  }
  /* count this item */
  if (c->started[ilvl] && c->val[ilvl] < 1000000000)
    c->val[ilvl]++;
  else if (!c->started[ilvl])
    c->val[ilvl] = start[ilvl];
  c->started[ilvl] = 1;
  /* deeper levels restart unless their w:lvlRestart says otherwise */
  for (int l = ilvl + 1; l < DOCX_LEVELS; l++) {
    int r = lvl_of(n, ab, l)->restart;
    if (r < 0 || (r > 0 && ilvl < r))
      c->started[l] = 0;
  }
  if (L->fmt != 2)
    return NULL;
  char fallback[8];
  const char *tx = L->text;
  if (!tx) {
    snprintf(fallback, sizeof fallback, "%%%d.", ilvl + 1);
    tx = fallback;
  }
  char out[160];
  size_t o = 0;
  for (const char *p = tx; *p && o < 128; p++) {
    if (*p == '%' && p[1] >= '1' && p[1] <= '9') {
      int l = p[1] - '1';
      p++;
      if (l > ilvl)
        continue; /* a deeper level has no value here */
      const struct docx_lvl *Ll = lvl_of(n, ab, l);
      int v = c->started[l] ? c->val[l] : start[l];
      int nf = Ll->numfmt;
      if (L->legal && l < ilvl)
        nf = DOCX_NF_DECIMAL;
      if (Ll->fmt == 2 || l == ilvl)
        o += format_num(out + o, v, nf);
      continue;
    }
    out[o++] = *p;
  }
  out[o] = '\0'; /* prep_doc_add normalises it (bad UTF-8, spaces) */
  return o ? prep_arena_strndup(a, out, o) : NULL;
}

const struct docx_style *prep_docx_style_default(struct docx_pkgdata *pd)
{
  if (pd->def_para)
    style_resolve(pd, (struct docx_style *)pd->def_para, 0);
  return pd->def_para;
}
