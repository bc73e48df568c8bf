/* docx_style.c - styles.xml and numbering.xml for the DOCX reader.
 *
 * Both parts are streamed once into small tables in the run arena.  A
 * style's basedOn chain is resolved on first use and memoised (cycles and
 * chains over 20 deep stop).  Headings come from the style name ("Title",
 * "heading N": names are English even in localised Word, ids are not) or
 * from outlineLvl.  Toggles (w:b, w:caps, ...) follow "nearest setting
 * wins", which is what Word shows for all but contrived documents.
 */
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

static int toggle(struct prep_docx_xml *x)
{
  const char *v = prep_docx_xml_attr(x, DX_NS_W, "val");
  if (!v)
    return 1;
  return !(strcmp(v, "0") == 0 || strcasecmp(v, "false") == 0 ||
           strcasecmp(v, "off") == 0 || strcasecmp(v, "none") == 0);
}

int prep_docx_int_attr(struct prep_docx_xml *x, const char *local, int dflt)
{
  const char *v = prep_docx_xml_attr(x, DX_NS_W, local);
  if (!v || !*v)
    return dflt;
  long n = strtol(v, NULL, 10);
  if (n < 0 || n > 1000)
    return dflt;
  return (int)n;
}

/* One element of an rPr: sets the matching field. */
void prep_docx_rpr_child(struct prep_docx_xml *x, const char *ln, struct docx_rpr *r)
{
  if (strcmp(ln, "b") == 0) r->b = (signed char)toggle(x);
  else if (strcmp(ln, "i") == 0) r->i = (signed char)toggle(x);
  else if (strcmp(ln, "caps") == 0) r->caps = (signed char)toggle(x);
  else if (strcmp(ln, "smallCaps") == 0) r->smallcaps = (signed char)toggle(x);
  else if (strcmp(ln, "vanish") == 0) r->vanish = (signed char)toggle(x);
  else if (strcmp(ln, "u") == 0) r->u = (signed char)toggle(x);
  else if (strcmp(ln, "vertAlign") == 0) {
    const char *v = prep_docx_xml_attr(x, DX_NS_W, "val");
    r->valign = !v ? 0 : strcmp(v, "superscript") == 0 ? 1
                       : strcmp(v, "subscript") == 0   ? 2 : 0;
  } else if (strcmp(ln, "rFonts") == 0) {
    const char *f = prep_docx_xml_attr(x, DX_NS_W, "ascii");
    if (!f)
      f = prep_docx_xml_attr(x, DX_NS_W, "hAnsi");
    if (f)
      r->font = strstr(f, "Symbol") ? 1 : strstr(f, "Wingdings") ? 2 : 0;
  }
}

/* Reads the subtree of a pPr or rPr (current node) into p and/or r.
 * Tracked-change records (*Change) and nested rPr of a pPr are skipped. */
void prep_docx_read_props(struct prep_docx_xml *x, struct prep_arena *a, struct docx_ppr *p,
                       struct docx_rpr *r)
{
  if (prep_docx_xml_empty(x))
    return;
  int d0 = prep_docx_xml_depth(x);
  enum dx_type t;
  while ((t = prep_docx_xml_next(x)) != DX_EOF) {
    if (t == DX_END && prep_docx_xml_depth(x) == d0)
      return;
    if (t != DX_START)
      continue;
    const char *ln = prep_docx_xml_local(x);
    if (prep_docx_xml_ns(x) != DX_NS_W) {
      prep_docx_xml_skip(x);
      continue;
    }
    if (strstr(ln, "Change") || strcmp(ln, "sectPr") == 0 ||
        (p && strcmp(ln, "rPr") == 0)) {
      prep_docx_xml_skip(x);
      continue;
    }
    if (p) {
      if (strcmp(ln, "pStyle") == 0) {
        const char *v = prep_docx_xml_attr(x, DX_NS_W, "val");
        if (v)
          p->pstyle = prep_arena_strdup(a, v);
      } else if (strcmp(ln, "numId") == 0) {
        const char *v = prep_docx_xml_attr(x, DX_NS_W, "val");
        if (v)
          p->num_id = prep_arena_strdup(a, v);
      } else if (strcmp(ln, "ilvl") == 0) {
        p->ilvl = prep_docx_int_attr(x, "val", 0);
      } else if (strcmp(ln, "outlineLvl") == 0) {
        p->outline = prep_docx_int_attr(x, "val", -1);
      } else if (strcmp(ln, "jc") == 0) {
        const char *v = prep_docx_xml_attr(x, DX_NS_W, "val");
        p->center = v && strcmp(v, "center") == 0;
      }
    }
    if (r)
      prep_docx_rpr_child(x, ln, r);
  }
}

void prep_docx_parse_styles(struct prep_docx_xml *x, struct prep_arena *a,
                         struct docx_pkgdata *pd)
{
  size_t cap = 0;
  enum dx_type t;
  struct docx_style *cur = NULL;
  int style_depth = -1;
  while ((t = prep_docx_xml_next(x)) != DX_EOF) {
    if (t == DX_END && prep_docx_xml_depth(x) == style_depth) {
      cur = NULL;
      style_depth = -1;
      continue;
    }
    if (t != DX_START || prep_docx_xml_ns(x) != DX_NS_W)
      continue;
    const char *ln = prep_docx_xml_local(x);
    if (strcmp(ln, "rPrDefault") == 0) {
      continue;
    } else if (strcmp(ln, "rPr") == 0 && !cur) {
      struct docx_rpr r = DOCX_RPR_UNSET;
      prep_docx_read_props(x, a, NULL, &r);
      pd->def_rpr = r;
    } else if (strcmp(ln, "style") == 0) {
      const char *id = prep_docx_xml_attr(x, DX_NS_W, "styleId");
      if (!id || pd->nstyles >= 100000) {
        prep_docx_xml_skip(x);
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
      const char *ty = prep_docx_xml_attr(x, DX_NS_W, "type");
      cur->para = !ty || strcmp(ty, "paragraph") == 0;
      const char *df = prep_docx_xml_attr(x, DX_NS_W, "default");
      cur->is_default = df && (strcmp(df, "1") == 0 || strcmp(df, "true") == 0);
      cur->ilvl = cur->outline = cur->center = -1;
      cur->heading = -1;
      cur->rpr = DOCX_RPR_UNSET;
      style_depth = prep_docx_xml_depth(x);
      if (prep_docx_xml_empty(x)) {
        cur = NULL;
        style_depth = -1;
      }
    } else if (cur && strcmp(ln, "name") == 0) {
      const char *v = prep_docx_xml_attr(x, DX_NS_W, "val");
      if (v)
        cur->name = prep_arena_strdup(a, v);
    } else if (cur && strcmp(ln, "basedOn") == 0) {
      const char *v = prep_docx_xml_attr(x, DX_NS_W, "val");
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
      prep_docx_xml_skip(x);
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

void prep_docx_parse_numbering(struct prep_docx_xml *x, struct prep_arena *a,
                            struct docx_pkgdata *pd)
{
  size_t acap = 0, ncap = 0;
  struct docx_abs_num *ca = NULL;
  struct docx_num *cn = NULL;
  int lvl = -1;
  enum dx_type t;
  while ((t = prep_docx_xml_next(x)) != DX_EOF) {
    if (t != DX_START || prep_docx_xml_ns(x) != DX_NS_W)
      continue;
    const char *ln = prep_docx_xml_local(x);
    if (strcmp(ln, "abstractNum") == 0) {
      cn = NULL;
      if (pd->nabs >= 10000) {
        prep_docx_xml_skip(x);
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
      const char *id = prep_docx_xml_attr(x, DX_NS_W, "abstractNumId");
      ca->id = prep_arena_strdup(a, id ? id : "");
    } else if (strcmp(ln, "num") == 0) {
      ca = NULL;
      if (pd->nnums >= 10000) {
        prep_docx_xml_skip(x);
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
      const char *id = prep_docx_xml_attr(x, DX_NS_W, "numId");
      cn->id = prep_arena_strdup(a, id ? id : "");
    } else if (strcmp(ln, "abstractNumId") == 0 && cn) {
      const char *v = prep_docx_xml_attr(x, DX_NS_W, "val");
      cn->abs_id = prep_arena_strdup(a, v ? v : "");
    } else if (strcmp(ln, "lvl") == 0 || strcmp(ln, "lvlOverride") == 0) {
      lvl = prep_docx_int_attr(x, "ilvl", -1);
      if (lvl > 9)
        lvl = -1;
    } else if (strcmp(ln, "numFmt") == 0 && lvl >= 0) {
      signed char f = fmt_code(prep_docx_xml_attr(x, DX_NS_W, "val"));
      if (ca)
        ca->fmt[lvl] = f;
      else if (cn)
        cn->fmt[lvl] = f;
    } else if (strcmp(ln, "rPr") == 0 || strcmp(ln, "pPr") == 0) {
      prep_docx_xml_skip(x);
    }
  }
  pd->have_numbering = 1;
}

/* 0 not a list, 1 bullet, 2 numbered. */
int prep_docx_list_kind(const struct docx_pkgdata *pd, const char *num_id, int ilvl)
{
  if (!num_id || strcmp(num_id, "0") == 0 || !*num_id)
    return 0;
  if (ilvl < 0 || ilvl > 9)
    ilvl = 0;
  if (!pd->have_numbering)
    return 1;
  for (size_t i = 0; i < pd->nnums; i++) {
    const struct docx_num *n = &pd->nums[i];
    if (strcmp(n->id, num_id) != 0)
      continue;
    int f = n->fmt[ilvl];
    if (!f && n->abs_id)
      for (size_t j = 0; j < pd->nabs; j++)
        if (strcmp(pd->abs[j].id, n->abs_id) == 0) {
          f = pd->abs[j].fmt[ilvl];
          break;
        }
    return f == 3 ? 0 : f == 2 ? 2 : 1;
  }
  return 0; /* a numId that names no list: Word shows no number */
}

const struct docx_style *prep_docx_style_default(struct docx_pkgdata *pd)
{
  if (pd->def_para)
    style_resolve(pd, (struct docx_style *)pd->def_para, 0);
  return pd->def_para;
}
