/* layout.c - font names, the --dump=layout text format and the layout
 * consistency check (see layout.h; owner: typeset). */
#include "prepgen/layout.h"

#include <string.h>

#include "prepgen/text.h"

static const char *const FILES[PREP_FONT_COUNT] = {
    "PrepgenSerif-Regular.ttf", "PrepgenSerif-Bold.ttf",
    "PrepgenSerif-Italic.ttf",  "PrepgenSans-Regular.ttf",
    "PrepgenSans-Bold.ttf",     "PrepgenSymbols-Regular.ttf",
    "PrepgenCJK-Regular.ttf",   "PrepgenHangul-Regular.ttf",
};

static const char *const NAMES[PREP_FONT_COUNT] = {
    "serif", "serif-bold", "serif-italic", "sans",
    "sans-bold", "symbols", "cjk", "hangul",
};

const char *prep_font_file(enum prep_font f)
{
  return (unsigned)f < PREP_FONT_COUNT ? FILES[f] : "?";
}

const char *prep_font_name(enum prep_font f)
{
  return (unsigned)f < PREP_FONT_COUNT ? NAMES[f] : "?";
}

static const char *gop_name(enum prep_gop_kind k)
{
  switch (k) {
  case PREP_GOP_LINE: return "line";
  case PREP_GOP_RECT: return "rect";
  case PREP_GOP_CIRCLE: return "circle";
  case PREP_GOP_HALF: return "half";
  case PREP_GOP_CHECKBOX: return "checkbox";
  }
  return "?";
}

/* "-0.00" would make dumps differ by sign noise: print 0 instead. */
static double z(double v)
{
  return v > -0.005 && v < 0.005 ? 0.0 : v;
}

static void put_opt(FILE *out, const char *key, const char *v)
{
  if (v)
    fprintf(out, "# %s: %s\n", key, v);
}

void prep_dump_layout(FILE *out, const struct prep_layout *l)
{
  fprintf(out, "# prepgen layout v1\n");
  fprintf(out, "# paper: %s %.2f x %.2f\n", l->paper ? l->paper : "?",
          z(l->width), z(l->height));
  put_opt(out, "title", l->info.title);
  put_opt(out, "author", l->info.author);
  put_opt(out, "subject", l->info.subject);
  put_opt(out, "keywords", l->info.keywords);
  if (l->info.year)
    fprintf(out, "# date: %04d-%02d-%02d\n", l->info.year, l->info.month,
            l->info.day);
  fprintf(out, "# pages: %zu\n", l->npages);
  for (size_t p = 0; p < l->npages; p++) {
    const struct prep_page *pg = &l->pages[p];
    fprintf(out, "page %zu\n", p + 1);
    for (size_t i = 0; i < pg->ngops; i++) {
      const struct prep_gop *g = &pg->gops[i];
      fprintf(out, "  %s %.2f %.2f %.2f %.2f lw %.2f stroke %.2f fill %.2f\n",
              gop_name(g->kind), z(g->x0), z(g->y0), z(g->x1), z(g->y1),
              z(g->line_width), z(g->stroke), z(g->fill));
    }
    for (size_t i = 0; i < pg->nruns; i++) {
      const struct prep_run *r = &pg->runs[i];
      fprintf(out, "  text %.2f %.2f %s %.2f w %.2f grey %.2f | %.*s\n",
              z(r->x), z(r->y), prep_font_name(r->font), z(r->size),
              z(r->width), z(r->grey), (int)r->len, r->text);
    }
    for (size_t i = 0; i < pg->nlinks; i++) {
      const struct prep_link_area *k = &pg->links[i];
      fprintf(out, "  link %.2f %.2f %.2f %.2f -> %u\n", z(k->x0), z(k->y0),
              z(k->x1), z(k->y1), k->dest);
    }
  }
  for (size_t d = 0; d < l->ndests; d++)
    fprintf(out, "dest %zu page %u y %.2f\n", d + 1, l->dests[d].page + 1,
            z(l->dests[d].y));
  for (size_t o = 0; o < l->noutline; o++)
    fprintf(out, "outline %u -> %u | %s\n", l->outline[o].level,
            l->outline[o].dest, l->outline[o].title);
}

static int clean_text(const char *s, size_t n)
{
  if (!prep_utf8_valid(s, n))
    return 0;
  for (size_t i = 0; i < n;) {
    unsigned cp;
    i += (size_t)prep_utf8_decode(s + i, n - i, &cp);
    if (cp < 0x20 || (cp >= 0x7F && cp <= 0x9F) || cp > 0xFFFF)
      return 0;
  }
  return 1;
}

const char *prep_layout_check(const struct prep_layout *l)
{
  if (l->npages == 0)
    return "no pages";
  for (size_t p = 0; p < l->npages; p++) {
    const struct prep_page *pg = &l->pages[p];
    for (size_t i = 0; i < pg->nruns; i++) {
      const struct prep_run *r = &pg->runs[i];
      if (!r->text || strlen(r->text) < r->len ||
          !clean_text(r->text, r->len))
        return "a text run is not clean UTF-8";
      if ((unsigned)r->font >= PREP_FONT_COUNT || r->size <= 0)
        return "a text run has a bad font or size";
      if (r->x < -0.01 || r->x + r->width > l->width + 0.01 || r->y < 0 ||
          r->y > l->height)
        return "a text run lies off the page";
    }
    for (size_t i = 0; i < pg->nlinks; i++)
      if (pg->links[i].dest == 0 || pg->links[i].dest > l->ndests)
        return "a link points to no destination";
  }
  for (size_t d = 0; d < l->ndests; d++)
    if (l->dests[d].page >= l->npages)
      return "a destination lies past the last page";
  for (size_t o = 0; o < l->noutline; o++) {
    const struct prep_outline_entry *e = &l->outline[o];
    if (e->dest == 0 || e->dest > l->ndests)
      return "an outline entry points to no destination";
    unsigned max = o ? l->outline[o - 1].level + 1 : 0;
    if (e->level > max)
      return "the outline skips a level";
  }
  return NULL;
}
