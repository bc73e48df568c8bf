/* cohort_pdf.c - the coach report, OUTDIR/cohort.pdf (see cohort.h).
 *
 * Owner: batch (issue 7).  Decides what goes on the report's pages from the
 * cohort aggregate; typeset.c places the text, pdf.c writes the file.
 *
 * Privacy: the only inputs are struct prep_batch_cohort (counts, ids from
 * the data files and, with --per-student, pack file names), the banks
 * (question text, role titles) and the taxonomy (skill names).  Every other
 * word is a fixed string below.  No CV is ever read here.
 *
 * Charts (tiles, bars, heat maps) are vector graphics the typesetter has no
 * block for.  They are drawn in two steps: while the flow is built, an
 * "area" reserves their height as one row that moves with the heading
 * before it (an anchor placed there plus prep_ts_space), and the drawing is
 * recorded in area coordinates; after prep_ts_finish the anchor's
 * destination says on which page and how high the area landed, and the
 * recorded graphics and runs are added to that page.  The x offset of the
 * text block is the page's duplex margin (typeset.h: 24 mm binding edge,
 * 18 mm outer edge, odd pages bound on the left).
 *
 * Faces: serif regular (body, small print, chart labels) and sans bold
 * (headings, labels, chart numbers), like the pack.
 */
#include "prepgen/cohort.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "prepgen/arena.h"
#include "prepgen/bank.h"
#include "prepgen/extract.h"
#include "prepgen/pdf.h"
#include "prepgen/plan.h"
#include "prepgen/text.h"

#define MM (72.0 / 25.4)

/* How many rows the lists and maps show (the rest is in cohort.csv). */
#define TOP_PRIORITIES 10
#define TOP_CLAIMS 10
#define TOP_ADVICE 5

/* ----------------------------------------------------------------------- */

enum dk { D_RECT, D_LINE, D_TEXT, D_CIRCLE, D_HALF };

/* One recorded graphic or run.  Area coordinates: x from the text block's
 * left edge, y down from the area's top (a run's y is its baseline). */
struct draw {
  unsigned area;        /* anchor id of the area */
  enum dk kind;
  double x, y, w, h;    /* rect: corner + size; line: (x,y) -> (w,h);
                           circle: centre (x,y), radius w */
  double lw;
  float stroke, fill;   /* grey, < 0 = none */
  enum prep_font font;  /* text */
  double size;
  float grey;
  const char *text;
  double tw;            /* measured width of the text, pt */
};

struct ck {
  const struct prep_batch_cohort *c;
  const struct prep_cohort_opts *o;
  const struct prep_metrics *m;
  struct prep_ts *ts;
  struct prep_arena *a;
  double tw;            /* text block width */
  struct draw *dv;
  size_t nd, capd;
  /* the tags, split and sorted for the heat maps (weakest first) */
  struct prep_batch_topic_stat *themes, *topics;
  size_t nthemes, ntopics, ntopics_small;
  unsigned topic_floor; /* topics graded for fewer CVs are left out */
};

static struct draw *dnew(struct ck *k, unsigned area, enum dk kind)
{
  if (k->nd == k->capd) {
    size_t cap = k->capd ? k->capd * 2 : 256;
    struct draw *v = prep_arena_alloc(k->a, cap * sizeof *v);
    if (k->nd)
      memcpy(v, k->dv, k->nd * sizeof *v);
    k->dv = v;
    k->capd = cap;
  }
  struct draw *d = &k->dv[k->nd++];
  memset(d, 0, sizeof *d);
  d->area = area;
  d->kind = kind;
  d->stroke = -1.0f;
  d->fill = -1.0f;
  return d;
}

static void d_rect(struct ck *k, unsigned area, double x, double y, double w,
                   double h, float fill, float stroke, double lw)
{
  struct draw *d = dnew(k, area, D_RECT);
  d->x = x;
  d->y = y;
  d->w = w;
  d->h = h;
  d->fill = fill;
  d->stroke = stroke;
  d->lw = lw;
}

static void d_line(struct ck *k, unsigned area, double x0, double y0,
                   double x1, double y1, float stroke, double lw)
{
  struct draw *d = dnew(k, area, D_LINE);
  d->x = x0;
  d->y = y0;
  d->w = x1;
  d->h = y1;
  d->stroke = stroke;
  d->lw = lw;
}

static void d_mark(struct ck *k, unsigned area, enum prep_mark mk, double cx,
                   double cy, double r)
{
  if (mk == PREP_MARK_FULL || mk == PREP_MARK_EMPTY) {
    struct draw *d = dnew(k, area, D_CIRCLE);
    d->x = cx;
    d->y = cy;
    d->w = r;
    d->stroke = 0.0f;
    d->fill = mk == PREP_MARK_FULL ? 0.0f : -1.0f;
    d->lw = 0.6;
  } else if (mk == PREP_MARK_HALF) {
    struct draw *d = dnew(k, area, D_HALF);
    d->x = cx;
    d->y = cy;
    d->w = r;
    d->stroke = 0.0f;
    d->fill = 0.0f;
    d->lw = 0.6;
  }
}

/* Text that `f` can draw: valid UTF-8 without control characters whose
 * every character has a glyph in the face; otherwise printable ASCII with
 * '?' for the rest. */
static const char *drawable(struct ck *k, enum prep_font f, const char *s)
{
  size_t n = strlen(s);
  int ok = prep_utf8_valid(s, n);
  for (size_t i = 0; ok && i < n;) {
    unsigned cp;
    i += (size_t)prep_utf8_decode(s + i, n - i, &cp);
    if (cp < 0x20 || (cp >= 0x7F && cp <= 0x9F) || cp > 0xFFFD ||
        !k->m->has_glyph(k->m->ctx, f, cp))
      ok = 0;
  }
  if (ok)
    return s;
  char *o = prep_arena_alloc(k->a, n + 1);
  size_t j = 0;
  for (size_t i = 0; i < n; i++) {
    unsigned char c = (unsigned char)s[i];
    if (c >= 0x20 && c < 0x7F)
      o[j++] = (char)c;
    else if (c < 0x80 || (c & 0xC0) == 0xC0)
      o[j++] = '?'; /* one '?' per character, none per continuation byte */
  }
  o[j] = '\0';
  return o;
}

static double text_w(struct ck *k, enum prep_font f, double size,
                     const char *s)
{
  return k->m->width(k->m->ctx, f, s, strlen(s)) * size / 1000.0;
}

/* Cuts s to fit `maxw` pt, ending it with "..." when cut. */
static const char *fit(struct ck *k, enum prep_font f, double size,
                       const char *s, double maxw)
{
  if (text_w(k, f, size, s) <= maxw)
    return s;
  size_t n = strlen(s);
  char *b = prep_arena_alloc(k->a, n + 4);
  while (n > 0) {
    n--;
    while (n > 0 && ((unsigned char)s[n] & 0xC0) == 0x80)
      n--; /* cut on a character boundary */
    memcpy(b, s, n);
    while (n > 0 && b[n - 1] == ' ')
      n--;
    memcpy(b + n, "...", 4);
    if (text_w(k, f, size, b) <= maxw)
      return b;
  }
  return "";
}

/* A run in [x, x + w) aligned left, right or centred; baseline y. */
static void d_text(struct ck *k, unsigned area, enum prep_font f,
                   double size, float grey, double x, double y, double w,
                   enum prep_align al, const char *s)
{
  if (!s || !s[0])
    return;
  s = fit(k, f, size, drawable(k, f, s), w);
  if (!s[0])
    return;
  double tw = text_w(k, f, size, s);
  struct draw *d = dnew(k, area, D_TEXT);
  d->font = f;
  d->size = size;
  d->grey = grey;
  d->text = s;
  d->tw = tw;
  d->y = y;
  d->x = al == PREP_ALIGN_RIGHT    ? x + w - tw
         : al == PREP_ALIGN_CENTER ? x + (w - tw) / 2
                                   : x;
}

/* Reserves `h` pt in the flow (kept with a heading just before) and
 * returns the area's id. */
static unsigned area(struct ck *k, double h)
{
  unsigned id = prep_ts_anchor_new(k->ts);
  prep_ts_anchor_place(k->ts, id);
  prep_ts_space(k->ts, h); /* grows the pending anchor row */
  struct prep_ts_mark mk;
  prep_ts_mark(k->ts, &mk); /* places it now */
  return id;
}

/* Adds the recorded drawing to the finished layout. */
static void place_drawing(struct ck *k, struct prep_layout *l)
{
  size_t np = l->npages;
  size_t *ng = prep_arena_alloc(k->a, (np + 1) * sizeof *ng);
  size_t *nr = prep_arena_alloc(k->a, (np + 1) * sizeof *nr);
  for (size_t i = 0; i < k->nd; i++) {
    const struct draw *d = &k->dv[i];
    if (d->area == 0 || d->area > l->ndests)
      continue;
    size_t p = l->dests[d->area - 1].page;
    if (p >= np)
      continue;
    if (d->kind == D_TEXT)
      nr[p]++;
    else
      ng[p]++;
  }
  for (size_t p = 0; p < np; p++) {
    struct prep_page *pg = &l->pages[p];
    if (ng[p]) {
      struct prep_gop *g = prep_arena_alloc(k->a, (pg->ngops + ng[p]) *
                                                      sizeof *g);
      if (pg->ngops)
        memcpy(g, pg->gops, pg->ngops * sizeof *g);
      pg->gops = g;
    }
    if (nr[p]) {
      struct prep_run *r = prep_arena_alloc(k->a, (pg->nruns + nr[p]) *
                                                      sizeof *r);
      if (pg->nruns)
        memcpy(r, pg->runs, pg->nruns * sizeof *r);
      pg->runs = r;
    }
  }
  for (size_t i = 0; i < k->nd; i++) {
    const struct draw *d = &k->dv[i];
    if (d->area == 0 || d->area > l->ndests)
      continue;
    const struct prep_dest *ds = &l->dests[d->area - 1];
    size_t p = ds->page;
    if (p >= np)
      continue;
    struct prep_page *pg = &l->pages[p];
    double left = (p % 2 == 0 ? 24 : 18) * MM; /* see the comment on top */
    double top = ds->y - 6;                      /* typeset.c: anchor y */
    if (d->kind == D_TEXT) {
      struct prep_run *r = &pg->runs[pg->nruns++];
      memset(r, 0, sizeof *r);
      r->x = left + d->x;
      r->y = top - d->y;
      r->size = d->size;
      r->width = d->tw;
      r->grey = d->grey;
      r->font = d->font;
      r->text = d->text;
      r->len = strlen(d->text);
      l->fonts_used |= 1u << d->font;
      continue;
    }
    struct prep_gop *g = &pg->gops[pg->ngops++];
    memset(g, 0, sizeof *g);
    g->line_width = d->lw;
    g->stroke = d->stroke;
    g->fill = d->fill;
    switch (d->kind) {
    case D_RECT:
      g->kind = PREP_GOP_RECT;
      g->x0 = left + d->x;
      g->y0 = top - d->y - d->h;
      g->x1 = d->w;
      g->y1 = d->h;
      break;
    case D_LINE:
      g->kind = PREP_GOP_LINE;
      g->x0 = left + d->x;
      g->y0 = top - d->y;
      g->x1 = left + d->w;
      g->y1 = top - d->h;
      break;
    case D_CIRCLE:
    case D_HALF:
      g->kind = d->kind == D_CIRCLE ? PREP_GOP_CIRCLE : PREP_GOP_HALF;
      g->x0 = left + d->x;
      g->y0 = top - d->y;
      g->x1 = d->w;
      break;
    case D_TEXT:
      break;
    }
  }
}

/* ---- words ------------------------------------------------------------- */

static const char *month_name(int m)
{
  static const char *const n[] = {"January", "February", "March", "April",
                                  "May", "June", "July", "August",
                                  "September", "October", "November",
                                  "December"};
  return m >= 1 && m <= 12 ? n[m - 1] : "";
}

static const char *level_words(int level)
{
  switch (level) {
  case PREP_LEVEL_JUNIOR: return "Junior";
  case PREP_LEVEL_MID: return "Mid-level";
  case PREP_LEVEL_SENIOR: return "Senior";
  case PREP_LEVEL_STAFF: return "Staff / principal";
  default: return "Not known";
  }
}

/* A tag id in words: "data-modelling" -> "data modelling". */
static const char *tag_words(struct ck *k, const char *tag)
{
  char *c = prep_arena_strdup(k->a, tag ? tag : "");
  for (char *p = c; *p; p++)
    if (*p == '-' || *p == '_')
      *p = ' ';
  return c;
}

static const char *cap_first(struct ck *k, const char *s)
{
  char *c = prep_arena_strdup(k->a, s ? s : "");
  if (c[0] >= 'a' && c[0] <= 'z')
    c[0] = (char)(c[0] - 'a' + 'A');
  return c;
}

/* A role family as a coach knows it: the title of the bank's role with
 * that id (or the first role of that family), else the id in words. */
static const char *family_words(struct ck *k, const char *family)
{
  if (!family || !family[0] || strcmp(family, "unknown") == 0)
    return "Role not recognised";
  const struct prep_bankset *bs = k->o ? k->o->banks : NULL;
  if (bs) {
    const struct prep_role *r = prep_bankset_find_role(bs, family);
    if (r && r->family && strcmp(r->family, family) == 0 && r->title)
      return r->title;
    size_t n = 0;
    const struct prep_role *const *rv = prep_bankset_roles(bs, &n);
    for (size_t i = 0; i < n; i++)
      if (rv[i]->family && strcmp(rv[i]->family, family) == 0 &&
          rv[i]->title)
        return rv[i]->title;
  }
  return cap_first(k, tag_words(k, family));
}

/* A role family in a word or two, for narrow columns: the bundled
 * families by name, others as their id in words. */
static const char *family_short(struct ck *k, const char *family)
{
  static const char *const names[][2] = {
      {"backend", "Backend"},
      {"frontend", "Frontend"},
      {"fullstack", "Full-stack"},
      {"data-engineering", "Data engineering"},
      {"data-science", "Data science"},
      {"data-analysis", "Data analysis"},
      {"devops-sre", "DevOps / SRE"},
      {"mobile", "Mobile"},
      {"qa", "QA / test"},
      {"ml", "Machine learning"},
      {"security", "Security"},
      {"management", "Eng. management"},
      {"generalist", "Generalist"},
      {"unknown", "Not recognised"},
  };
  for (size_t i = 0; i < sizeof names / sizeof names[0]; i++)
    if (family && strcmp(names[i][0], family) == 0)
      return names[i][1];
  return cap_first(k, tag_words(k, family));
}

static const char *skill_words(struct ck *k, const char *id)
{
  const struct prep_skill_def *s =
      k->o && k->o->tax ? prep_taxonomy_find_skill(k->o->tax, id) : NULL;
  return s && s->name ? s->name : tag_words(k, id);
}

static unsigned pct(unsigned n, unsigned total)
{
  return total ? (unsigned)((200.0 * n / total + 1) / 2) : 0;
}

static const char *count_pct(struct ck *k, unsigned n, unsigned total)
{
  return prep_arena_printf(k->a, "%u (%u%%)", n, pct(n, total));
}

static const char *plural(unsigned n, const char *one, const char *many)
{
  return n == 1 ? one : many;
}

/* ----------------------------------------------------------------------- */

static double share(unsigned n, unsigned total)
{
  return total ? (double)n / total : 0.0;
}

/* Weakest first: most CVs with weak or no evidence (as a share), then the
 * larger share with none at all, then more CVs concerned, then the tag. */
static int weakest_cmp(const void *x, const void *y)
{
  const struct prep_batch_topic_stat *a = x, *b = y;
  double sa = share(a->weak + a->none, a->graded),
         sb = share(b->weak + b->none, b->graded);
  if (sa != sb)
    return sa > sb ? -1 : 1;
  double na = share(a->none, a->graded), nb = share(b->none, b->graded);
  if (na != nb)
    return na > nb ? -1 : 1;
  if (a->graded != b->graded)
    return a->graded > b->graded ? -1 : 1;
  return strcmp(a->tag, b->tag);
}

static void split_tags(struct ck *k)
{
  const struct prep_batch_cohort *c = k->c;
  size_t n = c->ntopics;
  k->themes = prep_arena_alloc(k->a, (n + 1) * sizeof *k->themes);
  k->topics = prep_arena_alloc(k->a, (n + 1) * sizeof *k->topics);
  /* topics only some roles use: left out below 5% of the CVs (at least 2),
   * so a topic of one student's role does not top the map */
  unsigned floor_n = (c->with_results + 19) / 20;
  k->topic_floor = floor_n < 2 ? 2 : floor_n;
  if (k->topic_floor > c->with_results)
    k->topic_floor = c->with_results ? c->with_results : 1;
  for (size_t i = 0; i < n; i++) {
    const struct prep_batch_topic_stat *s = &c->topics[i];
    if (!s->graded || !s->tag)
      continue;
    if (s->is_theme)
      k->themes[k->nthemes++] = *s;
    else if (s->graded >= k->topic_floor)
      k->topics[k->ntopics++] = *s;
    else
      k->ntopics_small++;
  }
  qsort(k->themes, k->nthemes, sizeof *k->themes, weakest_cmp);
  qsort(k->topics, k->ntopics, sizeof *k->topics, weakest_cmp);
}

/* ----------------------------------------------------------------------- */

static void section(struct ck *k, const char *title, const char *header)
{
  prep_ts_page_break(k->ts);
  prep_ts_set_header(k->ts, "Cohort report", header ? header : title);
  prep_ts_heading(k->ts, 1, title);
}

static void h2(struct ck *k, const char *text)
{
  prep_ts_heading_ex(k->ts, &(struct prep_heading){.level = 2,
                                                   .text = text,
                                                   .toc = -1});
}

/* Space for a level-2 heading, a line of text and `h` more. */
static void ensure_for(struct ck *k, double h)
{
  struct prep_ts_mark mk;
  prep_ts_mark(k->ts, &mk); /* nothing pending: ensure can act */
  prep_ts_ensure(k->ts, h + 60);
}

/* ----------------------------------------------------------------------- */

/* Headline numbers as framed tiles across the page. */
static void tiles(struct ck *k)
{
  const struct prep_batch_cohort *c = k->c;
  struct {
    unsigned n;
    const char *label;
  } t[5] = {
      {c->cvs, "CVs in the batch"},
      {c->ok, "packs written"},
      {c->failed, "could not be read"},
      {c->skipped, "skipped (up to\ndate or repeated)"},
      {c->with_warnings, "CVs with parse\nwarnings"},
  };
  const double gap = 8, h = 62;
  double w = (k->tw - gap * 4) / 5;
  unsigned id = area(k, h + 8);
  for (int i = 0; i < 5; i++) {
    double x = i * (w + gap);
    d_rect(k, id, x, 0, w, h, 0.96f, 0.55f, 0.6);
    d_text(k, id, PREP_FONT_SANS_BOLD, 22, 0.0f, x + 8, 30, w - 16,
           PREP_ALIGN_LEFT, prep_arena_printf(k->a, "%u", t[i].n));
    const char *nl = strchr(t[i].label, '\n');
    const char *l1 = nl ? prep_arena_strndup(k->a, t[i].label,
                                             (size_t)(nl - t[i].label))
                        : t[i].label;
    d_text(k, id, PREP_FONT_SERIF, 8.5, 0.2f, x + 8, 43, w - 12,
           PREP_ALIGN_LEFT, l1);
    if (nl)
      d_text(k, id, PREP_FONT_SERIF, 8.5, 0.2f, x + 8, 54, w - 12,
             PREP_ALIGN_LEFT, nl + 1);
  }
}

static const char *question_text(struct ck *k, const char *id)
{
  const struct prep_question *q =
      k->o && k->o->banks ? prep_bankset_find_question(k->o->banks, id)
                          : NULL;
  return q && q->text ? q->text : NULL;
}

static void findings(struct ck *k)
{
  const struct prep_batch_cohort *c = k->c;
  struct prep_ts *ts = k->ts;
  unsigned tot = c->with_results;
  h2(k, "Key findings");
  if (!tot) {
    prep_ts_para(ts, PREP_ST_BODY,
                 "No CV in this batch produced a pack, so there is nothing "
                 "to count.  prepgen-report.csv gives the reason for each "
                 "file.");
    return;
  }
  if (c->nfamilies) {
    const struct prep_batch_count *f = &c->families[0];
    const char *s = prep_arena_printf(
        k->a, "Largest group: %s, %u of %u CVs (%u%%)",
        family_words(k, f->key), f->n, tot, pct(f->n, tot));
    if (c->nfamilies > 1)
      s = prep_arena_printf(k->a, "%s; then %s, %u.", s,
                            family_words(k, c->families[1].key),
                            c->families[1].n);
    else
      s = prep_arena_printf(k->a, "%s.", s);
    prep_ts_bullet(ts, PREP_ST_BODY, s);
  }
  int top_level = 0;
  for (int i = 1; i < 5; i++)
    if (c->levels[i] > c->levels[top_level])
      top_level = i;
  static const char *const lv[4] = {"junior", "mid-level", "senior",
                                    "staff or principal"};
  if (top_level < 4 && c->levels[top_level])
    prep_ts_bullet(ts, PREP_ST_BODY,
                   prep_arena_printf(k->a,
                                     "Most common level: %s, %u of %u CVs (%u%%).",
                                     lv[top_level], c->levels[top_level],
                                     tot, pct(c->levels[top_level], tot)));
  if (k->nthemes) {
    const struct prep_batch_topic_stat *s = &k->themes[0];
    const char *more = "";
    if (k->nthemes > 2)
      more = prep_arena_printf(k->a, ", then %s and %s",
                               tag_words(k, k->themes[1].tag),
                               tag_words(k, k->themes[2].tag));
    prep_ts_bullet(
        ts, PREP_ST_BODY,
        prep_arena_printf(k->a,
                          "Weakest story theme: %s%s.  %u of %u CVs (%u%%) "
                          "show no story for it, or only a passing word.",
                          tag_words(k, s->tag), more, s->weak + s->none,
                          s->graded, pct(s->weak + s->none, s->graded)));
  }
  if (k->ntopics) {
    const struct prep_batch_topic_stat *s = &k->topics[0];
    prep_ts_bullet(
        ts, PREP_ST_BODY,
        prep_arena_printf(k->a,
                          "Weakest technical topic: %s.  %u of the %u CVs "
                          "whose role is tested on it (%u%%) have no bullet "
                          "that shows it.",
                          tag_words(k, s->tag), s->weak + s->none, s->graded,
                          pct(s->weak + s->none, s->graded)));
  }
  if (c->npriorities) {
    const struct prep_batch_count *p = &c->priorities[0];
    const char *q = question_text(k, p->key);
    prep_ts_bullet(
        ts, PREP_ST_BODY,
        q ? prep_arena_printf(k->a,
                              "Most common prep priority, in %u packs: "
                              "\xE2\x80\x9C%s\xE2\x80\x9D",
                              p->n, q)
          : prep_arena_printf(k->a,
                              "Most common prep priority, in %u packs: "
                              "question %s.",
                              p->n, p->key));
  }
  if (c->nclaims) {
    const struct prep_batch_count *p = &c->claims[0];
    prep_ts_bullet(ts, PREP_ST_BODY,
                   prep_arena_printf(k->a,
                                     "Most common claim risk: %s, listed with "
                                     "no bullet to back it in %u %s.",
                                     skill_words(k, p->key), p->n,
                                     plural(p->n, "CV", "CVs")));
  }
  if (c->general)
    prep_ts_bullet(ts, PREP_ST_BODY,
                   prep_arena_printf(
                       k->a,
                       "%u %s too little text to read (a template, or a "
                       "scanned image saved as a document): %s general "
                       "preparation and %s out of these figures. Ask for a "
                       "CV with real text.",
                       c->general, c->general == 1 ? "CV had" : "CVs had",
                       c->general == 1 ? "its pack is" : "their packs are",
                       c->general == 1 ? "it is" : "they are"));
  if (c->with_warnings || c->failed) {
    const char *s = "";
    if (c->with_warnings)
      s = prep_arena_printf(k->a, "%u %s had parse warnings", c->with_warnings,
                            plural(c->with_warnings, "CV", "CVs"));
    if (c->failed)
      s = prep_arena_printf(k->a, "%s%s%u %s could not be read", s,
                            c->with_warnings ? " and " : "", c->failed,
                            plural(c->failed, "file", "files"));
    prep_ts_bullet(ts, PREP_ST_BODY,
                   prep_arena_printf(k->a,
                                     "%s: look at those first "
                                     "(prepgen-report.csv names them).",
                                     s));
  }
}

static void overview(struct ck *k)
{
  const struct prep_batch_cohort *c = k->c;
  struct prep_ts *ts = k->ts;
  prep_ts_plain_page(ts);
  prep_ts_space(ts, 18);
  prep_ts_para(ts, PREP_ST_SUBTITLE, "Interview preparation");
  prep_ts_para(ts, PREP_ST_TITLE, "Cohort report");
  const char *what = prep_arena_printf(
      k->a, "%u %s analysed", c->with_results,
      plural(c->with_results, "CV", "CVs"));
  if (c->as_of_year)
    what = prep_arena_printf(k->a, "%s \xC2\xB7 CVs as of %s %d", what,
                             month_name(c->as_of_month), c->as_of_year);
  prep_ts_para(ts, PREP_ST_SUBTITLE, what);
  prep_ts_para(ts, PREP_ST_SMALL,
               k->o && k->o->per_student
                   ? "Counts over the whole cohort: no names and no CV "
                     "text.  The last section lists each pack by its file "
                     "name with counts only; file names can identify "
                     "students, so keep this copy among staff."
                   : "Counts over the whole cohort: no names, no CV text, "
                     "nothing about any one student.  Safe to share with "
                     "staff.");
  prep_ts_space(ts, 8);
  tiles(k);
  findings(k);
  h2(k, "How to read this report");
  prep_ts_para(ts, PREP_ST_BODY,
               "For every CV prepgen chose a role and a level, ranked the "
               "role's interview questions and graded the CV's evidence on "
               "each topic and story theme those questions test:");
  static const char *const grades[4][2] = {
      {"Strong", "a first-person bullet with a measured result"},
      {"Medium", "a bullet or sentence that shows it, without a number"},
      {"Weak", "only named, for example in a skills list"},
      {"None", "not in the CV at all"},
  };
  static const enum prep_mark marks[4] = {PREP_MARK_FULL, PREP_MARK_HALF,
                                          PREP_MARK_EMPTY, PREP_MARK_NONE};
  for (int i = 0; i < 4; i++) {
    struct prep_span sp[3] = {
        {PREP_ST_SMALL, NULL, marks[i], 0},
        {PREP_ST_LABEL, prep_arena_printf(k->a, " %s: ", grades[i][0]),
         PREP_MARK_NONE, 0},
        {PREP_ST_SMALL, grades[i][1], PREP_MARK_NONE, 0},
    };
    struct prep_para_fmt f;
    memset(&f, 0, sizeof f);
    f.indent = marks[i] == PREP_MARK_NONE ? 21 : 10;
    f.space_after = -1;
    prep_ts_para_spans(ts, marks[i] == PREP_MARK_NONE ? sp + 1 : sp,
                       marks[i] == PREP_MARK_NONE ? 2 : 3, &f);
  }
  prep_ts_space(ts, 4);
  prep_ts_para(ts, PREP_ST_BODY,
               "A prep priority is a likely question the CV gives little to "
               "answer with; a claim risk is a skill the CV lists with no "
               "bullet behind it, which interviewers like to probe.  The "
               "numbers behind every chart are in cohort.csv.");
}

/* ----------------------------------------------------------------------- */

struct bar {
  const char *label;
  const char *alt;    /* shorter label when `label` does not fit, or NULL */
  unsigned n;
};

/* Horizontal bars: label, a bar on a light track scaled to `scale`, the
 * count and its share of `total` printed after the bar. */
static void bars(struct ck *k, const struct bar *b, size_t n, unsigned total)
{
  if (!n)
    return;
  const double rh = 17, labw = k->tw * 0.40, numw = 62;
  double bx = labw + 6, bw = k->tw - bx - numw - 6;
  unsigned scale = 1;
  for (size_t i = 0; i < n; i++)
    if (b[i].n > scale)
      scale = b[i].n;
  unsigned id = area(k, rh * n + 8);
  for (size_t i = 0; i < n; i++) {
    double y = rh * i, base = y + rh * 0.68;
    const char *lb = b[i].label;
    if (b[i].alt && text_w(k, PREP_FONT_SERIF, 9.5, lb) > labw)
      lb = b[i].alt;
    d_text(k, id, PREP_FONT_SERIF, 9.5, 0.0f, 0, base, labw,
           PREP_ALIGN_LEFT, lb);
    d_rect(k, id, bx, y + 3.5, bw, rh - 7, 0.93f, -1.0f, 0);
    double w = bw * b[i].n / scale;
    if (w > 0)
      d_rect(k, id, bx, y + 3.5, w < 0.8 ? 0.8 : w, rh - 7, 0.35f, -1.0f, 0);
    d_text(k, id, PREP_FONT_SANS_BOLD, 8.5, 0.0f, bx + bw + 6, base, numw,
           PREP_ALIGN_LEFT, count_pct(k, b[i].n, total));
  }
  d_line(k, id, bx, 0, bx, rh * n, 0.3f, 0.5);
}

static void cohort_mix(struct ck *k)
{
  const struct prep_batch_cohort *c = k->c;
  unsigned tot = c->with_results;
  section(k, "Who is in the cohort", NULL);
  prep_ts_para(k->ts, PREP_ST_BODY,
               prep_arena_printf(
                   k->a,
                   "The role and level prepgen read from each of the %u "
                   "%s (a coach's --role or --level wins).  Bars are "
                   "scaled to the largest group.",
                   tot, plural(tot, "CV", "CVs")));
  struct bar *b = prep_arena_alloc(k->a, (c->nfamilies + 5) * sizeof *b);
  for (size_t i = 0; i < c->nfamilies; i++) {
    b[i].label = family_words(k, c->families[i].key);
    b[i].alt = family_short(k, c->families[i].key);
    b[i].n = c->families[i].n;
  }
  ensure_for(k, 17.0 * (double)c->nfamilies);
  h2(k, "CVs per role family");
  bars(k, b, c->nfamilies, tot);
  size_t nl = 0;
  for (int i = 0; i < 5; i++)
    if (i < 4 || c->levels[i]) {
      b[nl].label = level_words(i < 4 ? i : -1);
      b[nl].alt = NULL;
      b[nl++].n = c->levels[i];
    }
  ensure_for(k, 17.0 * (double)nl);
  h2(k, "CVs per level");
  bars(k, b, nl, tot);
  if (c->failed || c->skipped || c->with_warnings) {
    h2(k, "Files to look at");
    if (c->failed)
      prep_ts_bullet(k->ts, PREP_ST_BODY,
                     prep_arena_printf(
                         k->a,
                         "%u %s could not be read and got no pack: "
                         "prepgen-report.csv gives the reason for each.",
                         c->failed, plural(c->failed, "file", "files")));
    if (c->with_warnings)
      prep_ts_bullet(
          k->ts, PREP_ST_BODY,
          prep_arena_printf(
              k->a,
              "%u %s had parse warnings (%u in all): the pack may miss a "
              "section; a cleaner DOCX or a plain-text copy usually "
              "helps.",
              c->with_warnings, plural(c->with_warnings, "CV", "CVs"),
              c->warnings));
    if (c->skipped)
      prep_ts_bullet(k->ts, PREP_ST_BODY,
                     prep_arena_printf(
                         k->a,
                         "%u %s skipped (an up-to-date pack, or listed "
                         "twice) and %s not counted here.",
                         c->skipped, plural(c->skipped, "file was", "files "
                                                                    "were"),
                         plural(c->skipped, "is", "are")));
  }
}

/* ----------------------------------------------------------------------- */

/* Fill grey for a share: white at 0, dark grey at 1. */
static float shade(double s)
{
  return (float)(1.0 - 0.78 * (s < 0 ? 0 : s > 1 ? 1 : s));
}

static const char *pct_text(struct ck *k, unsigned n, unsigned total)
{
  return prep_arena_printf(k->a, "%u%%", pct(n, total));
}

#define HM_ROW 15.0
#define HM_HEAD 30.0

/* Column geometry of the heat maps. */
struct hm_cols {
  double lab, cell, x0, wx, nx, nw;
};

static struct hm_cols hm_geometry(const struct ck *k)
{
  struct hm_cols g;
  g.cell = 54;
  g.nw = 40;
  double weakw = 62;
  g.lab = k->tw - 4 * g.cell - weakw - g.nw - 8;
  g.x0 = g.lab + 4;
  g.wx = g.x0 + 4 * g.cell + 4;
  g.nx = g.wx + weakw;
  return g;
}

/* The grade columns' headings: mark and word; then "weak or none" and the
 * number of CVs. */
static void hm_header(struct ck *k, unsigned id, const struct hm_cols *g,
                      const char *first)
{
  static const char *const names[4] = {"Strong", "Medium", "Weak", "None"};
  static const enum prep_mark mk[4] = {PREP_MARK_FULL, PREP_MARK_HALF,
                                       PREP_MARK_EMPTY, PREP_MARK_NONE};
  d_text(k, id, PREP_FONT_SANS_BOLD, 8.5, 0.0f, 0, HM_HEAD - 8, g->lab,
         PREP_ALIGN_LEFT, first);
  for (int i = 0; i < 4; i++) {
    double x = g->x0 + i * g->cell;
    double tw = text_w(k, PREP_FONT_SANS_BOLD, 8.5, names[i]);
    double mw = mk[i] == PREP_MARK_NONE ? 0 : 10;
    double sx = x + (g->cell - tw - mw) / 2;
    if (mw)
      d_mark(k, id, mk[i], sx + 3.2, HM_HEAD - 11, 3.2);
    d_text(k, id, PREP_FONT_SANS_BOLD, 8.5, 0.0f, sx + mw, HM_HEAD - 8,
           tw + 1, PREP_ALIGN_LEFT, names[i]);
  }
  d_text(k, id, PREP_FONT_SANS_BOLD, 8.5, 0.0f, g->wx, HM_HEAD - 19,
         g->nx - g->wx, PREP_ALIGN_CENTER, "Weak or");
  d_text(k, id, PREP_FONT_SANS_BOLD, 8.5, 0.0f, g->wx, HM_HEAD - 8,
         g->nx - g->wx, PREP_ALIGN_CENTER, "none");
  d_text(k, id, PREP_FONT_SANS_BOLD, 8.5, 0.0f, g->nx, HM_HEAD - 8, g->nw,
         PREP_ALIGN_RIGHT, "CVs");
  d_line(k, id, 0, HM_HEAD - 1, k->tw, HM_HEAD - 1, 0.2f, 0.8);
}

/* One heat map: a row per tag, a cell per grade with the share of the
 * tag's CVs at that grade (the shade and the printed number agree). */
static void heat_map(struct ck *k, const struct prep_batch_topic_stat *v,
                     size_t n, const char *first)
{
  if (!n)
    return;
  struct hm_cols g = hm_geometry(k);
  unsigned id = area(k, HM_HEAD + HM_ROW * n + 6);
  hm_header(k, id, &g, first);
  for (size_t i = 0; i < n; i++) {
    const struct prep_batch_topic_stat *s = &v[i];
    double y = HM_HEAD + HM_ROW * i, base = y + HM_ROW * 0.68;
    if (i % 2 == 1) { /* zebra stripes outside the shaded cells */
      d_rect(k, id, 0, y, g.lab, HM_ROW, 0.955f, -1.0f, 0);
      d_rect(k, id, g.wx, y, k->tw - g.wx, HM_ROW, 0.955f, -1.0f, 0);
    }
    d_text(k, id, PREP_FONT_SERIF, 9, 0.0f, 3, base, g.lab - 6,
           PREP_ALIGN_LEFT, tag_words(k, s->tag));
    unsigned cnt[4] = {s->strong, s->medium, s->weak, s->none};
    for (int j = 0; j < 4; j++) {
      double sh = share(cnt[j], s->graded);
      float f = shade(sh);
      double x = g.x0 + j * g.cell;
      d_rect(k, id, x + 0.75, y + 0.75, g.cell - 1.5, HM_ROW - 1.5, f,
             f > 0.97f ? 0.85f : -1.0f, 0.4);
      d_text(k, id, PREP_FONT_SANS_BOLD, 7.5,
             cnt[j] == 0 ? 0.6f : f < 0.55f ? 1.0f : 0.0f, x, base,
             g.cell, PREP_ALIGN_CENTER, pct_text(k, cnt[j], s->graded));
    }
    d_text(k, id, PREP_FONT_SANS_BOLD, 9, 0.0f, g.wx, base, g.nx - g.wx,
           PREP_ALIGN_CENTER, pct_text(k, s->weak + s->none, s->graded));
    d_text(k, id, PREP_FONT_SERIF, 9, 0.2f, g.nx, base, g.nw,
           PREP_ALIGN_RIGHT, prep_arena_printf(k->a, "%u", s->graded));
  }
  d_line(k, id, 0, HM_HEAD + HM_ROW * n, k->tw, HM_HEAD + HM_ROW * n, 0.2f,
         0.8);
}

/* The shade scale under a map. */
static void hm_legend(struct ck *k)
{
  struct hm_cols g = hm_geometry(k);
  unsigned id = area(k, 22);
  d_text(k, id, PREP_FONT_SERIF, 8.5, 0.25f, 0, 13, g.x0 - 6,
         PREP_ALIGN_RIGHT, "Share of the row's CVs:");
  for (int i = 0; i <= 4; i++) {
    double sh = i / 4.0, x = g.x0 + i * (g.cell * 4 / 5);
    float f = shade(sh);
    d_rect(k, id, x + 0.75, 2, g.cell * 4 / 5 - 1.5, 15, f,
           f > 0.97f ? 0.85f : -1.0f, 0.4);
    d_text(k, id, PREP_FONT_SANS_BOLD, 7.5, f < 0.55f ? 1.0f : 0.0f, x, 13,
           g.cell * 4 / 5, PREP_ALIGN_CENTER,
           prep_arena_printf(k->a, "%d%%", i * 25));
  }
}

/* How many heat-map rows fit under what is already on the page (a pending
 * heading included), with room for a line of notes; at least 5, at most
 * `want`. */
static size_t rows_fit(struct ck *k, size_t want)
{
  double room = prep_ts_remaining(k->ts) - HM_HEAD - 6 - 24;
  size_t n = room > 0 ? (size_t)(room / HM_ROW) : 0;
  if (n < 5)
    n = 5;
  return n < want ? n : want;
}

static void evidence(struct ck *k)
{
  struct prep_ts *ts = k->ts;
  section(k, "Where the evidence is thin", "Evidence heat map");
  prep_ts_para(ts, PREP_ST_BODY,
               "Each row is a story theme or a technical topic the cohort's "
               "interview questions test; each cell, the share of the CVs "
               "asked about it whose evidence has that grade.  Rows are "
               "sorted by the share with weak or no evidence, the weakest "
               "on top: those are where students will be asked for a story "
               "they have not written down.");
  hm_legend(k);
  if (k->nthemes) {
    ensure_for(k, HM_HEAD + HM_ROW * (double)(k->nthemes < 10 ? k->nthemes
                                                              : 10));
    h2(k, "Story themes (behavioural questions)");
    size_t n = rows_fit(k, k->nthemes);
    heat_map(k, k->themes, n, "Theme");
    if (n < k->nthemes)
      prep_ts_para(ts, PREP_ST_SMALL,
                   prep_arena_printf(k->a,
                                     "The %zu weakest of %zu themes are "
                                     "shown; cohort.csv has every theme.",
                                     n, k->nthemes));
  }
  if (k->ntopics) {
    prep_ts_page_break(ts);
    prep_ts_set_header(ts, "Cohort report", "Evidence heat map");
    h2(k, "Technical topics");
    size_t n = rows_fit(k, k->ntopics);
    heat_map(k, k->topics, n, "Topic");
    const char *note = "Topics depend on the role: CVs counts the CVs whose "
                       "role is tested on the topic.";
    if (n < k->ntopics)
      note = prep_arena_printf(k->a, "%s  The %zu weakest of %zu topics are "
                                     "shown.",
                               note, n, k->ntopics);
    if (k->ntopics_small)
      note = prep_arena_printf(
          k->a, "%s  %zu %s tested in fewer than %u CVs %s left out.", note,
          k->ntopics_small, k->ntopics_small == 1 ? "topic" : "topics",
          k->topic_floor, k->ntopics_small == 1 ? "is" : "are");
    if (n < k->ntopics || k->ntopics_small)
      note = prep_arena_printf(k->a, "%s  cohort.csv has every topic.", note);
    prep_ts_para(ts, PREP_ST_SMALL, note);
  }
  if (!k->nthemes && !k->ntopics)
    prep_ts_para(ts, PREP_ST_BODY, "No evidence grades to show.");
}

/* ----------------------------------------------------------------------- */

static void priorities(struct ck *k)
{
  const struct prep_batch_cohort *c = k->c;
  unsigned tot = c->with_results;
  section(k, "Prep priorities and claim risks", NULL);
  h2(k, "The most common prep priorities");
  prep_ts_para(k->ts, PREP_ST_BODY,
               "Likely questions the CVs give little to answer with, by "
               "how many packs list them among their priorities.  A "
               "question shared by many packs is a good subject for a "
               "group session.");
  size_t n = c->npriorities > TOP_PRIORITIES ? TOP_PRIORITIES
                                             : c->npriorities;
  if (n) {
    size_t nr = n + 1;
    struct prep_cell *cl = prep_arena_alloc(k->a, nr * 4 * sizeof *cl);
    cl[0] = (struct prep_cell){"#", PREP_ST_LABEL, PREP_MARK_NONE,
                               PREP_ALIGN_LEFT};
    cl[1] = (struct prep_cell){"Question (from the bank)", PREP_ST_LABEL,
                               PREP_MARK_NONE, PREP_ALIGN_LEFT};
    cl[2] = (struct prep_cell){"Question id", PREP_ST_LABEL, PREP_MARK_NONE,
                               PREP_ALIGN_LEFT};
    cl[3] = (struct prep_cell){"Packs", PREP_ST_LABEL, PREP_MARK_NONE,
                               PREP_ALIGN_RIGHT};
    for (size_t i = 0; i < n; i++) {
      const struct prep_batch_count *p = &c->priorities[i];
      const char *q = question_text(k, p->key);
      struct prep_cell *r = &cl[(i + 1) * 4];
      r[0] = (struct prep_cell){prep_arena_printf(k->a, "%zu", i + 1),
                                PREP_ST_LABEL, PREP_MARK_NONE,
                                PREP_ALIGN_LEFT};
      r[1] = (struct prep_cell){q ? q : "(not in the loaded banks)",
                                PREP_ST_SMALL, PREP_MARK_NONE,
                                PREP_ALIGN_LEFT};
      r[2] = (struct prep_cell){p->key, PREP_ST_SMALL, PREP_MARK_NONE,
                                PREP_ALIGN_LEFT};
      r[3] = (struct prep_cell){count_pct(k, p->n, tot), PREP_ST_LABEL,
                                PREP_MARK_NONE, PREP_ALIGN_RIGHT};
    }
    static const double w[] = {0.8, 9, 3.2, 1.7};
    struct prep_table t = {4, w, cl, nr, 1, 1};
    prep_ts_table(k->ts, &t);
  } else {
    prep_ts_para(k->ts, PREP_ST_BODY, "No pack listed a prep priority.");
  }

  size_t m = c->nclaims > TOP_CLAIMS ? TOP_CLAIMS : c->nclaims;
  ensure_for(k, 17.0 * (double)(m ? m : 1) + 30);
  h2(k, "The most common claim risks");
  prep_ts_para(k->ts, PREP_ST_BODY,
               "Skills the CVs list with no bullet that shows them in use, "
               "by how many CVs do so.  Expect interviewers to ask about "
               "exactly these.");
  if (m) {
    struct bar *b = prep_arena_alloc(k->a, m * sizeof *b);
    for (size_t i = 0; i < m; i++) {
      b[i].label = skill_words(k, c->claims[i].key);
      b[i].alt = NULL;
      b[i].n = c->claims[i].n;
    }
    bars(k, b, m, tot);
  } else {
    prep_ts_para(k->ts, PREP_ST_BODY,
                 "None: every listed skill is backed by a bullet.");
  }
}

/* ----------------------------------------------------------------------- */

/* A suggestion per story theme: a title and what to run, in our words. */
static const struct advice {
  const char *theme, *title, *text;
} ADVICE[] = {
    {"failure", "Run a mock round on failure stories",
     "In pairs, one asks for a mistake and what changed because of it; the "
     "other answers in two minutes.  Check there is a real mistake, the "
     "student's own part in it and a change they made afterwards."},
    {"conflict", "Practise disagreement stories",
     "Role-play a disagreement with a lead or a teammate: what each side "
     "wanted, how the student listened, what was decided and how the "
     "working relationship held up."},
    {"ownership", "Workshop: something I owned end to end",
     "Each student writes one story where they carried a piece of work past "
     "the ticket: noticed the problem, decided, followed up after it "
     "shipped."},
    {"incident", "Walk through an incident",
     "Ask for a problem in production, or at a customer or a shop counter, "
     "that the student helped fix: how it was noticed, what they checked, "
     "the fix and what stops it happening again."},
    {"influence", "Mock: persuading without authority",
     "Practise a story where the student changed someone's mind with data, "
     "a prototype or a trial run rather than with rank."},
    {"learning", "Learning-speed story drill",
     "Each student prepares a \xE2\x80\x9Clearned it in two weeks to "
     "ship it\xE2\x80\x9D story: "
     "what they read, built and asked, and what came of it."},
    {"prioritisation", "Prioritisation exercise",
     "Hand out ten tasks and one deadline; students say what they cut and "
     "why, then tell a story of a real trade-off of their own."},
    {"mentoring", "Collect teaching moments",
     "Tutoring, onboarding a classmate, pairing: ask each student for one "
     "example and what the other person could do afterwards."},
    {"communication", "Explain one project to two audiences",
     "Ninety seconds for an engineer, ninety for a non-technical manager; "
     "peers note the jargon and the missing why."},
    {"culture", "Prepare \xE2\x80\x9Cwhy this company\xE2\x80\x9D",
     "Each student writes three reasons tied to a real company's product, "
     "team or values, and one question to ask back."},
    {"collaboration", "Cross-team story round",
     "Ask for a time of working with another team or function (design, "
     "operations, sales, a client): what each side needed and how they "
     "met."},
    {"ambiguity", "Mock on unclear requirements",
     "Give a vague brief and grade the clarifying questions first; then ask "
     "for a story of acting before everything was known."},
    {"customer-focus", "Bring the user into the stories",
     "For one project, students name who used it, what feedback came back "
     "and what they changed because of it."},
    {"leadership", "Leading without the title",
     "Students find a time they led an effort (a group project, a shift, a "
     "club, a release) and tell it with its outcome."},
    {"impact", "CV clinic: put numbers on bullets",
     "Every student rewrites three bullets with a measured result (time "
     "saved, users, errors, money) or an honest estimate."},
    {"pressure", "Deadline story drill",
     "Practise a story about a tight deadline: what was traded off, how "
     "quality was kept and how it ended."},
    {"feedback", "Practise giving and taking feedback",
     "Role-play receiving a critical review from a lead, then giving one to "
     "a peer; ask what changed afterwards in a real case."},
    {"decision-making", "Trade-off drills",
     "Students explain one decision: two options, what they knew, what they "
     "chose and what they would check first today."},
    {"initiative", "Story: something nobody asked for",
     "Each student prepares an improvement they started themselves (a "
     "script, a checklist, a fix) and what it changed."},
    {"career-change", "Rehearse the career-change story",
     "Sixty seconds on why tech and how earlier work helps; peers check it "
     "sounds like a step forward, not an escape."},
    {"teamwork", "Teammate story round",
     "Ask for a time the student helped a teammate succeed or covered for "
     "one; keep the focus on their own actions."},
};

static const struct advice *advice_for(const char *theme)
{
  for (size_t i = 0; i < sizeof ADVICE / sizeof ADVICE[0]; i++)
    if (strcmp(ADVICE[i].theme, theme) == 0)
      return &ADVICE[i];
  return NULL;
}

/* A tick-box item: bold title, what to do, and the reason in small print. */
static void action(struct ck *k, const char *title, const char *text,
                   const char *why)
{
  struct prep_span sp[4] = {
      {PREP_ST_H3, title, PREP_MARK_NONE, 0},
      {PREP_ST_BODY, "\n", PREP_MARK_NONE, 0},
      {PREP_ST_BODY, text, PREP_MARK_NONE, 0},
      {PREP_ST_SMALL, why ? prep_arena_printf(k->a, "  %s", why) : "",
       PREP_MARK_NONE, 0},
  };
  struct prep_para_fmt f;
  memset(&f, 0, sizeof f);
  f.hang = 10.5 * 1.6;
  f.marker = PREP_MARK_BOX;
  f.space_after = 4;
  f.keep_together = 1;
  prep_ts_para_spans(k->ts, sp, why ? 4 : 3, &f);
}

static const char *topic_list(struct ck *k, size_t n)
{
  const char *s = "";
  for (size_t i = 0; i < n && i < k->ntopics; i++)
    s = prep_arena_printf(k->a, "%s%s%s", s,
                          i == 0 ? "" : i + 1 == n || i + 1 == k->ntopics
                                            ? " and "
                                            : ", ",
                          tag_words(k, k->topics[i].tag));
  return s;
}

/* Themes for the suggestions: thin evidence counts, and so does how often
 * the theme's questions are prep priorities (a theme many packs must
 * prepare for first is the better group session). */
struct pick {
  const struct prep_batch_topic_stat *s;
  unsigned prio;   /* packs with the theme's most common priority */
  double score;
};

static int pick_cmp(const void *x, const void *y)
{
  const struct pick *a = x, *b = y;
  if (a->score != b->score)
    return a->score > b->score ? -1 : 1;
  return strcmp(a->s->tag, b->s->tag);
}

static struct pick *pick_themes(struct ck *k)
{
  const struct prep_batch_cohort *c = k->c;
  struct pick *v = prep_arena_alloc(k->a, (k->nthemes + 1) * sizeof *v);
  for (size_t i = 0; i < k->nthemes; i++)
    v[i].s = &k->themes[i];
  for (size_t p = 0; p < c->npriorities; p++) {
    const struct prep_question *q =
        k->o && k->o->banks
            ? prep_bankset_find_question(k->o->banks, c->priorities[p].key)
            : NULL;
    for (size_t t = 0; q && t < q->themes.n; t++)
      for (size_t i = 0; i < k->nthemes; i++)
        if (strcmp(q->themes.v[t], v[i].s->tag) == 0 &&
            c->priorities[p].n > v[i].prio)
          v[i].prio = c->priorities[p].n;
  }
  for (size_t i = 0; i < k->nthemes; i++) {
    double ps = share(v[i].prio, c->with_results); /* at most 1 */
    v[i].score = share(v[i].s->weak + v[i].s->none, v[i].s->graded) + ps;
  }
  qsort(v, k->nthemes, sizeof *v, pick_cmp);
  return v;
}

static void what_to_do(struct ck *k)
{
  const struct prep_batch_cohort *c = k->c;
  unsigned tot = c->with_results;
  section(k, "What to do about it", NULL);
  prep_ts_para(k->ts, PREP_ST_BODY,
               "Suggestions for the coming sessions, for the themes with the "
               "thinnest evidence that the most packs must prepare first, "
               "then for the topics and listed skills above.  Tick what the "
               "team will run.");
  struct pick *pk = pick_themes(k);
  size_t shown = 0;
  for (size_t i = 0; i < k->nthemes && shown < TOP_ADVICE; i++) {
    const struct prep_batch_topic_stat *s = pk[i].s;
    unsigned w = s->weak + s->none;
    if (!w || share(w, s->graded) < 0.25)
      continue;
    const struct advice *ad = advice_for(s->tag);
    const char *why = prep_arena_printf(
        k->a, "Why: %u of %u CVs (%u%%) show no real %s story", w, s->graded,
        pct(w, s->graded), tag_words(k, s->tag));
    why = pk[i].prio
              ? prep_arena_printf(k->a,
                                  "%s; a question on it is a prep priority "
                                  "in %u packs.",
                                  why, pk[i].prio)
              : prep_arena_printf(k->a, "%s.", why);
    if (ad)
      action(k, ad->title, ad->text, why);
    else
      action(k,
             prep_arena_printf(k->a, "Run a mock round on %s stories",
                               tag_words(k, s->tag)),
             "In pairs, one asks for a story on the theme and the other "
             "answers in two minutes with situation, action and result; "
             "swap and compare notes.",
             why);
    shown++;
  }
  if (k->ntopics && k->topics[0].weak + k->topics[0].none) {
    size_t n = k->ntopics < 3 ? k->ntopics : 3;
    action(k, "Project walk-throughs on thin topics",
           prep_arena_printf(
               k->a,
               "Students pick a project that touched %s and practise a "
               "five-minute walk-through: the problem, their part, one "
               "number.  Where a topic was really used, add a bullet that "
               "shows it.",
               topic_list(k, n)),
           "Why: the weakest topics in the heat map.");
  }
  if (c->nclaims) {
    const char *sk = skill_words(k, c->claims[0].key);
    if (c->nclaims > 1)
      sk = prep_arena_printf(k->a, "%s, %s", sk,
                             skill_words(k, c->claims[1].key));
    action(k, "\xE2\x80\x9CProve it\xE2\x80\x9D drill for listed skills",
           prep_arena_printf(
               k->a,
               "Each student takes two skills from their list (often %s) "
               "and says in one minute where they used them and what came "
               "of it.  What they cannot back goes under \xE2\x80\x9C"
               "familiar with\xE2\x80\x9D or "
               "off the CV.",
               sk),
           prep_arena_printf(k->a,
                             "Why: the top claim risk is in %u of %u CVs.",
                             c->claims[0].n, tot));
  }
  if (c->with_warnings || c->failed)
    action(k, "Check the unusual files first",
           "Open the packs of CVs with parse warnings before handing them "
           "out, and ask for a new copy of any file that could not be read.",
           prep_arena_printf(k->a,
                             "Why: %u with warnings, %u not read "
                             "(prepgen-report.csv).",
                             c->with_warnings, c->failed));
  if (!shown && !c->nclaims)
    prep_ts_para(k->ts, PREP_ST_BODY,
                 "Nothing stands out: rehearse the stories aloud and time "
                 "them.");
}

/* ----------------------------------------------------------------------- */

#define NSC 6 /* columns of the per-student table */

static void students(struct ck *k)
{
  const struct prep_batch_cohort *c = k->c;
  section(k, "Packs by student", NULL);
  prep_ts_para(k->ts, PREP_ST_BODY,
               "One row per pack, by file name, with counts only.  Thin "
               "themes: story themes with weak or no evidence, of those "
               "graded.  The grade of every topic and theme per pack is in "
               "cohort-students.csv.");
  if (!c->nstudents) {
    prep_ts_para(k->ts, PREP_ST_BODY, "No pack was written.");
    return;
  }
  size_t nr = c->nstudents + 1;
  struct prep_cell *cl = prep_arena_alloc(k->a, nr * NSC * sizeof *cl);
  static const char *const hd[NSC] = {"Pack", "Role family", "Level",
                                      "Priorities", "Claim risks",
                                      "Thin themes"};
  for (int i = 0; i < NSC; i++)
    cl[i] = (struct prep_cell){hd[i], PREP_ST_LABEL, PREP_MARK_NONE,
                               i >= 3 ? PREP_ALIGN_RIGHT : PREP_ALIGN_LEFT};
  for (size_t i = 0; i < c->nstudents; i++) {
    const struct prep_batch_student *s = &c->students[i];
    struct prep_cell *r = &cl[(i + 1) * NSC];
    r[0] = (struct prep_cell){s->output, PREP_ST_SMALL, PREP_MARK_NONE,
                              PREP_ALIGN_LEFT};
    r[1] = (struct prep_cell){family_short(k, s->family), PREP_ST_SMALL,
                              PREP_MARK_NONE, PREP_ALIGN_LEFT};
    r[2] = (struct prep_cell){s->level == PREP_LEVEL_STAFF
                                  ? "Staff"
                                  : level_words(s->level),
                              PREP_ST_SMALL, PREP_MARK_NONE, PREP_ALIGN_LEFT};
    r[3] = (struct prep_cell){prep_arena_printf(k->a, "%u", s->npriorities),
                              PREP_ST_SMALL, PREP_MARK_NONE,
                              PREP_ALIGN_RIGHT};
    r[4] = (struct prep_cell){prep_arena_printf(k->a, "%u", s->nclaims),
                              PREP_ST_SMALL, PREP_MARK_NONE,
                              PREP_ALIGN_RIGHT};
    r[5] = (struct prep_cell){s->nthemes
                                  ? prep_arena_printf(k->a, "%u of %u",
                                                      s->nthemes_thin,
                                                      s->nthemes)
                                  : "-",
                              PREP_ST_SMALL, PREP_MARK_NONE,
                              PREP_ALIGN_RIGHT};
  }
  static const double w[NSC] = {175, 100, 53, 52, 48, 48};
  struct prep_table t = {NSC, w, cl, nr, 1, 1};
  prep_ts_set_tight(k->ts, 1);
  prep_ts_table(k->ts, &t);
  prep_ts_set_tight(k->ts, 0);
}

/* ----------------------------------------------------------------------- */

struct prep_layout *prep_cohort_layout(const struct prep_batch_cohort *c,
                                       const struct prep_cohort_opts *o,
                                       const struct prep_metrics *m,
                                       struct prep_arena *a)
{
  struct ck k;
  memset(&k, 0, sizeof k);
  k.c = c;
  k.o = o;
  k.m = m;
  k.a = a;
  k.ts = prep_ts_new(a, m, o ? o->paper : PREP_PAPER_A4);
  k.tw = prep_ts_text_width(k.ts);
  prep_ts_set_style_face(k.ts, PREP_ST_SMALL, PREP_FONT_SERIF);
  prep_ts_set_style_face(k.ts, PREP_ST_SUBTITLE, PREP_FONT_SERIF);
  prep_ts_set_style_face(k.ts, PREP_ST_BOLD, PREP_FONT_SANS_BOLD);
  struct prep_doc_info info;
  memset(&info, 0, sizeof info);
  info.title = "Cohort report";
  info.subject = "Interview preparation across a cohort: aggregate counts";
  info.keywords = "interview preparation, cohort, coaching";
  info.creator = "prepgen";
  if (c->as_of_year >= 1900) {
    info.year = c->as_of_year;
    info.month = c->as_of_month >= 1 ? c->as_of_month : 1;
    info.day = 1;
  }
  prep_ts_set_info(k.ts, &info);
  split_tags(&k);

  overview(&k);
  if (c->with_results) {
    cohort_mix(&k);
    evidence(&k);
    priorities(&k);
    what_to_do(&k);
  }
  if (o && o->per_student)
    students(&k);
  struct prep_layout *l = prep_ts_finish(k.ts);
  place_drawing(&k, l);
  return l;
}

enum prep_status prep_cohort_write(void *ctx,
                                   const struct prep_batch_cohort *c,
                                   const char *path, struct prep_diag *d)
{
  const struct prep_cohort_opts *o = ctx;
  struct prep_pdf *pdf = NULL;
  enum prep_status st =
      prep_pdf_new(o && o->fonts_dir ? o->fonts_dir : "fonts", d, &pdf);
  if (st != PREP_OK)
    return st;
  struct prep_metrics m;
  prep_pdf_metrics(pdf, &m);
  struct prep_arena *a = prep_arena_new();
  size_t errors = d->errors;
  struct prep_layout *l = prep_cohort_layout(c, o, &m, a);
  const char *why = prep_layout_check(l);
  if (d->errors > errors) {
    st = PREP_EDATA; /* a font could not be read (reported) */
  } else if (why) {
    prep_diag_add(d, PREP_SEV_ERROR, path, NULL, "internal: %s", why);
    st = PREP_EINTERNAL;
  } else {
    st = prep_pdf_write_file(pdf, l, path, NULL, 0, d);
  }
  prep_arena_free(a);
  prep_pdf_free(pdf);
  return st;
}
