/* rank.c - which questions this person will face, and what in the CV
 * answers each one.
 *
 * Consumes the document, its facts, the question banks and the taxonomy's
 * tag matcher; produces the plan (plan.h): questions with a likelihood, an
 * evidence grade with quoted CV lines, a prep priority, claim-risk and
 * structural-gap flags, the story bank and the story assigned to each
 * question.  Scaffolds are filled by scaffold.c.  Everything is
 * deterministic: ties break on question id, stories keep CV order.
 *
 * Deliberately ignored: wording quality of bullets, dates beyond what the
 * facts already say, anything not tied to a tag of data/tags.tsv.
 */
#include "prepgen/plan.h"

#include <ctype.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "prepgen/arena.h"
#include "prepgen/doc.h"
#include "prepgen/extract.h"
#include "prepgen/facts.h"
#include "prepgen/read.h"
#include "prepgen/tags.h"

#define NONE ((size_t)-1)

/* Weights, each with its reason. */
/* A practice question is asked less often than a primary one. */
#define W_PRACTICE 0.55
/* A question whose stages the role does not run is less likely. */
#define W_STAGE_MISS 0.85
/* Shared behavioural questions compete with the role's own for time. */
#define W_CORE 0.9
/* A listed skill that no bullet backs up draws questions. */
#define W_CLAIM 1.2
/* A topic the job posting names is more likely to come up. */
#define W_JOB 1.3
/* Evidence values of the grades (priority = likelihood * (1 - value)). */
static const double grade_value[] = {0.0, 0.25, 0.6, 1.0};
/* Core questions shown as primary (one page each); the rest become
 * practice (half a page) so the pack stays printable. */
#define MAX_CORE_PRIMARY 8
/* At most this many prep priorities on the summary pages. */
#define MAX_PRIORITIES 10
/* ...of which at most this many are reserved for structural gaps. */
#define MAX_GAP_PRIORITIES 3
/* Culture-fit answers come from research on the company, not from the CV,
 * so a missing CV line says little: their priority counts half. */
#define W_CULTURE_PRIORITY 0.5
/* Stories: the issue asks for 6-12 when the CV has the material. */
#define MAX_STORIES 12
#define MAX_STORY_QUESTIONS 3
#define MAX_QUOTES 4

const char *prep_grade_name(enum prep_grade g)
{
  static const char *names[] = {"none", "weak", "medium", "strong"};
  return (unsigned)g < 4 ? names[g] : "?";
}

char prep_grade_letter(enum prep_grade g)
{
  static const char letters[] = "-WMS";
  return (unsigned)g < 4 ? letters[g] : '?';
}

int prep_level_parse(const char *s, enum prep_level *out)
{
  for (int l = 0; l < PREP_LEVEL_COUNT; l++)
    if (strcmp(s, prep_level_name((enum prep_level)l)) == 0) {
      *out = (enum prep_level)l;
      return 1;
    }
  return 0;
}

/* ---- per-block signals --------------------------------------------- */

/* Tags are interned as their index in the bank vocabulary (data/tags.tsv,
 * sorted), so set tests are bit tests instead of string compares. */
#define MAX_TAGS 256
#define TAG_WORDS (MAX_TAGS / 64)

struct block_info {
  const char **tags;   /* topic and theme tags the block shows (unique) */
  size_t ntags, cap;
  uint64_t bits[TAG_WORDS]; /* the same tags as vocabulary indexes */
  unsigned bullet : 1; /* a list item or a job/project highlight */
  unsigned result : 1; /* holds a quantified result */
  unsigned action : 1; /* starts with a first-person action */
  unsigned we : 1;     /* says "we"/"our" */
  unsigned listed : 1; /* in the skills section or a skills line */
  unsigned prose : 1;  /* a sentence in experience/projects (not a bullet) */
  unsigned header : 1; /* job header, heading or contact: not evidence */
};

struct ctx {
  const struct prep_doc *doc;
  const struct prep_facts *f;
  const struct prep_taxonomy *tax;
  struct prep_arena *a;
  struct block_info *bi;
  size_t nb;
  const struct prep_tags *voc;        /* the bank set's vocabulary */
  enum prep_grade tag_best[MAX_TAGS]; /* best grade of each tag in the CV */
};

/* Index of tag `name` in the vocabulary, or -1 (unknown or past MAX_TAGS). */
static int tidx(const struct ctx *c, const char *name)
{
  const struct prep_tag *t = prep_tags_find(c->voc, name);
  if (!t)
    return -1;
  ptrdiff_t i = t - c->voc->items;
  return i < MAX_TAGS ? (int)i : -1;
}

static int has_bit(const uint64_t *bits, int i)
{
  return i >= 0 && (bits[i / 64] >> (i % 64)) & 1u;
}

static int has_tag(const char *const *tags, size_t n, const char *t)
{
  for (size_t i = 0; i < n; i++)
    if (strcmp(tags[i], t) == 0)
      return 1;
  return 0;
}

static void add_tag(struct ctx *c, struct block_info *b, const char *t)
{
  int i = tidx(c, t);
  if (i < 0 || has_bit(b->bits, i))
    return; /* a tag outside the vocabulary can match no question */
  b->bits[i / 64] |= (uint64_t)1 << (i % 64);
  if (b->ntags == b->cap) {
    size_t cap = b->cap ? b->cap * 2 : 8;
    const char **v = prep_arena_alloc(c->a, cap * sizeof *v);
    if (b->ntags)
      memcpy(v, b->tags, b->ntags * sizeof *v);
    b->tags = v;
    b->cap = cap;
  }
  b->tags[b->ntags++] = t;
}

static void tag_cb(void *vctx, const char *tag, const char *kind, size_t off,
                   size_t len)
{
  (void)kind;
  (void)off;
  (void)len;
  void **pair = vctx;
  add_tag(pair[0], pair[1], tag);
}

/* Irregular English past tenses that open CV bullets ("Led", "Built").
 * Regular ones end in -ed; German (-te), French (-é) and Spanish (-é, -ó)
 * past forms are recognised by their endings. */
static const char *const irregular[] = {
    "built", "led", "ran", "wrote", "cut", "drove", "made", "set", "grew",
    "won", "took", "gave", "began", "chose", "found", "rebuilt", "rewrote",
    "taught", "brought", "caught", "sold", "spent", "shot", "held", "kept",
    "met", "overcame", "oversaw", "undertook", "upheld", "withdrew", "split",
    "shrank", "sped", "fought", "thought", "broke", "spun", "put", "got",
    "saw", "became", "dealt", "bore", "drew", "flew", "hired", "own", "owns",
    "lead", "leads", "build", "builds", "design", "designs", "develop",
    "develops", "manage", "manages", "mentor", "mentors", "run", "runs",
    "i", NULL};

static int is_action(const char *s)
{
  while (*s && !isalpha((unsigned char)*s) && (unsigned char)*s < 0x80)
    s++;
  char w[32];
  size_t n = 0;
  const char *p = s;
  while (*p && *p != ' ' && *p != '\t' && *p != ',' && n < sizeof w - 1)
    w[n++] = *p++;
  w[n] = '\0';
  if (n == 0 || n >= sizeof w - 1)
    return 0;
  for (size_t i = 0; i < n; i++)
    w[i] = (char)tolower((unsigned char)w[i]);
  for (size_t i = 0; irregular[i]; i++)
    if (strcmp(w, irregular[i]) == 0)
      return 1;
  if (n >= 4 && strcmp(w + n - 2, "ed") == 0)
    return 1;
  if (n >= 5 && strcmp(w + n - 2, "te") == 0 &&
      isupper((unsigned char)s[0])) /* entwickelte, leitete */
    return 1;
  if (n >= 4 && (strcmp(w + n - 2, "\xC3\xA9") == 0 ||   /* développé */
                 strcmp(w + n - 2, "\xC3\xB3") == 0))    /* implementó */
    return 1;
  return 0;
}

static int says_we(const char *s)
{
  static const char *const words[] = {"we", "our", "us", "wir", "nous",
                                      "nosotros", NULL};
  const char *p = s;
  while (*p) {
    while (*p && !isalpha((unsigned char)*p))
      p++;
    const char *q = p;
    while (*q && isalpha((unsigned char)*q))
      q++;
    size_t n = (size_t)(q - p);
    for (size_t i = 0; words[i]; i++)
      if (n == strlen(words[i]) && strncasecmp(p, words[i], n) == 0)
        return 1;
    p = q;
  }
  return 0;
}

static void build_block_info(struct ctx *c)
{
  const struct prep_doc *d = c->doc;
  const struct prep_facts *f = c->f;
  c->nb = d->nblocks;
  c->bi = prep_arena_alloc(c->a, (c->nb ? c->nb : 1) * sizeof *c->bi);
  for (size_t i = 0; i < c->nb; i++) {
    const struct prep_block *b = &d->blocks[i];
    struct block_info *bi = &c->bi[i];
    enum prep_section sec = i < f->nblocks ? (enum prep_section)f->block_section[i]
                                           : PREP_SEC_NONE;
    bi->bullet = b->kind == PREP_BLOCK_LIST_ITEM;
    bi->listed = sec == PREP_SEC_SKILLS;
    bi->header = b->kind == PREP_BLOCK_HEADING || sec == PREP_SEC_NONE ||
                 sec == PREP_SEC_CONTACT;
    bi->action = is_action(b->text);
    bi->we = says_we(b->text);
    void *pair[2] = {c, bi};
    /* themes from phrases (headings and contact lines are never evidence);
     * skill topics come from the facts below */
    if (!bi->header)
      prep_taxonomy_match_themes(c->tax, b->text, b->len, tag_cb, pair);
  }
  /* Job and project highlights count as bullets even when the CV wrote
   * them as plain paragraphs; job header lines are not evidence. */
  for (size_t j = 0; j < f->njobs; j++) {
    const struct prep_job *job = &f->jobs[j];
    for (size_t h = 0; h < job->nhighlights; h++)
      if (job->highlights[h] < c->nb)
        c->bi[job->highlights[h]].bullet = 1;
    size_t hdr[] = {job->block, job->title_block, job->company_block};
    for (size_t k = 0; k < 3; k++)
      if (hdr[k] < c->nb && !c->bi[hdr[k]].bullet)
        c->bi[hdr[k]].header = 1;
  }
  for (size_t p = 0; p < f->nprojects; p++)
    for (size_t h = 0; h < f->projects[p].nhighlights; h++)
      if (f->projects[p].highlights[h] < c->nb)
        c->bi[f->projects[p].highlights[h]].bullet = 1;
  for (size_t r = 0; r < f->nresults; r++)
    if (f->results[r].block < c->nb)
      c->bi[f->results[r].block].result = 1;
  /* Skills carry their topics onto every block that mentions them. */
  for (size_t s = 0; s < f->nskills; s++) {
    const struct prep_skill *sk = &f->skills[s];
    for (size_t m = 0; m < sk->nmentions; m++) {
      size_t i = sk->mentions[m];
      if (i >= c->nb)
        continue;
      for (size_t t = 0; t < sk->ntopics; t++)
        add_tag(c, &c->bi[i], sk->topics[t]);
    }
  }
  for (size_t i = 0; i < c->nb; i++) {
    struct block_info *bi = &c->bi[i];
    enum prep_section sec = i < f->nblocks ? (enum prep_section)f->block_section[i]
                                           : PREP_SEC_NONE;
    bi->prose = !bi->bullet && !bi->listed && !bi->header &&
                (sec == PREP_SEC_EXPERIENCE || sec == PREP_SEC_PROJECTS ||
                 sec == PREP_SEC_VOLUNTEERING || sec == PREP_SEC_AWARDS);
  }
}

/* What one block shows for a tag it carries. */
static enum prep_grade block_grade(const struct block_info *bi)
{
  if (bi->header)
    return PREP_GRADE_NONE;
  if (bi->bullet || bi->prose)
    return bi->action && bi->result ? PREP_GRADE_STRONG : PREP_GRADE_MEDIUM;
  return PREP_GRADE_WEAK; /* skills lists, summaries, other mentions */
}

/* ---- role and level -------------------------------------------------- */

static const struct prep_role *choose_role(const struct prep_bankset *bs,
                                           const struct prep_facts *f,
                                           const struct prep_plan_opts *o,
                                           struct prep_arena *a,
                                           const char **why,
                                           struct prep_diag *diag)
{
  size_t n;
  const struct prep_role *const *roles = prep_bankset_roles(bs, &n);
  if (o->role) {
    const struct prep_role *r = prep_bankset_find_role(bs, o->role);
    for (size_t i = 0; !r && i < n; i++)
      for (size_t k = 0; k < roles[i]->aliases.n; k++)
        if (strcasecmp(roles[i]->aliases.v[k], o->role) == 0) {
          r = roles[i];
          break;
        }
    if (!r || strcmp(r->id, "core") == 0) {
      prep_diag_add(diag, PREP_SEV_ERROR, NULL, NULL,
                    "no installed role '%s' (see prepgen --list-roles)",
                    o->role);
      return NULL;
    }
    *why = prep_arena_printf(a, "chosen with --role %s", o->role);
    return r;
  }
  const char *fam = f->role_family ? f->role_family : "";
  for (size_t i = 0; i < n; i++)
    if (strcmp(roles[i]->family, fam) == 0 || strcmp(roles[i]->id, fam) == 0) {
      *why = prep_arena_printf(a, "inferred from the CV (%s)",
                               f->role_family_why ? f->role_family_why
                                                  : fam);
      return roles[i];
    }
  static const char *const fallback[] = {"generalist", "backend", NULL};
  for (size_t k = 0; fallback[k]; k++) {
    const struct prep_role *r = prep_bankset_find_role(bs, fallback[k]);
    if (r) {
      *why = prep_arena_printf(a,
                               "no bank for the CV's role family '%s'; "
                               "using %s (choose with --role)",
                               fam, r->id);
      return r;
    }
  }
  if (n == 0) {
    prep_diag_add(diag, PREP_SEV_ERROR, NULL, NULL,
                  "no role banks are installed");
    return NULL;
  }
  *why = "the first installed role (choose with --role)";
  return roles[0];
}

static enum prep_level choose_level(const struct prep_facts *f,
                                    const struct prep_role *r,
                                    const struct prep_plan_opts *o,
                                    struct prep_arena *a, const char **why)
{
  enum prep_level l;
  if (o->level && prep_level_parse(o->level, &l)) {
    *why = prep_arena_printf(a, "chosen with --level %s", o->level);
    return l;
  }
  switch (f->seniority) {
  case PREP_SEN_JUNIOR: l = PREP_LEVEL_JUNIOR; break;
  case PREP_SEN_MID: l = PREP_LEVEL_MID; break;
  case PREP_SEN_SENIOR: l = PREP_LEVEL_SENIOR; break;
  case PREP_SEN_STAFF: l = PREP_LEVEL_STAFF; break;
  default:
    *why = prep_arena_printf(a, "the role's default (the CV does not say)");
    return r->level_default;
  }
  *why = prep_arena_printf(a, "inferred from the CV (%s)",
                           f->seniority_why ? f->seniority_why
                                            : prep_level_name(l));
  return l;
}

/* ---- the job posting -------------------------------------------------- */

struct job_skills {
  const struct prep_skill_def **v;
  size_t n, cap;
  struct prep_arena *a;
};

static void job_skill_cb(void *vctx, const struct prep_skill_def *s,
                         size_t off, size_t len)
{
  (void)off;
  (void)len;
  struct job_skills *js = vctx;
  for (size_t i = 0; i < js->n; i++)
    if (js->v[i] == s)
      return;
  if (js->n == js->cap) {
    size_t cap = js->cap ? js->cap * 2 : 16;
    const struct prep_skill_def **v = prep_arena_alloc(js->a, cap * sizeof *v);
    if (js->n)
      memcpy(v, js->v, js->n * sizeof *v);
    js->v = v;
    js->cap = cap;
  }
  js->v[js->n++] = s;
}

static enum prep_status read_job(const char *path,
                                 const struct prep_taxonomy *tax,
                                 struct prep_arena *a, struct job_skills *js,
                                 struct prep_diag *diag)
{
  struct prep_doc *jd = NULL;
  enum prep_status st = prep_read_file(path, path, a, &jd, diag);
  if (st != PREP_OK)
    return st;
  for (size_t i = 0; i < jd->nblocks; i++) {
    const struct prep_block *b = &jd->blocks[i];
    prep_taxonomy_match_skills(tax, b->text, b->len,
                               b->kind == PREP_BLOCK_LIST_ITEM, job_skill_cb,
                               js);
  }
  if (js->n == 0)
    prep_diag_add(diag, PREP_SEV_WARNING, path, NULL,
                  "no known skills found in the job posting");
  return PREP_OK;
}

/* ---- grading ------------------------------------------------------------ */

/* Index of skill `id` in the facts, or -1. */
static long fskill(const struct prep_facts *f, const char *id)
{
  for (size_t s = 0; s < f->nskills; s++)
    if (strcmp(f->skills[s].id, id) == 0)
      return (long)s;
  return -1;
}

static int skill_in_block(const struct prep_facts *f, long s, size_t block)
{
  if (s < 0)
    return 0;
  for (size_t m = 0; m < f->skills[s].nmentions; m++)
    if (f->skills[s].mentions[m] == block)
      return 1;
  return 0;
}

static int block_has_skill(const struct prep_facts *f, size_t block,
                           const char *id)
{
  return skill_in_block(f, fskill(f, id), block);
}

/* A question's tags as vocabulary indexes; themes weigh double. */
struct qtags {
  int idx[32];
  int theme[32];
  size_t n;
  long skills[16];
  size_t nskills;
};

static void q_tags(const struct ctx *c, const struct prep_question *q,
                   struct qtags *out)
{
  out->n = 0;
  for (size_t t = 0; t < q->topics.n + q->themes.n && out->n < 32; t++) {
    int theme = t >= q->topics.n;
    int i = tidx(c, theme ? q->themes.v[t - q->topics.n] : q->topics.v[t]);
    out->idx[out->n] = i;
    out->theme[out->n++] = theme;
  }
  out->nskills = 0;
  for (size_t s = 0; s < q->evidence_skills.n && out->nskills < 16; s++)
    out->skills[out->nskills++] = fskill(c->f, q->evidence_skills.v[s]);
}

/* Words for what a quoted line matched. */
static const char *quote_why(struct ctx *c, size_t i,
                             const struct prep_question *q)
{
  char buf[256];
  size_t n = 0;
  buf[0] = '\0';
  const struct block_info *bi = &c->bi[i];
  for (size_t t = 0; t < q->topics.n + q->themes.n && n < 180; t++) {
    const char *tag = t < q->topics.n ? q->topics.v[t]
                                      : q->themes.v[t - q->topics.n];
    if (has_bit(bi->bits, tidx(c, tag)))
      n += (size_t)snprintf(buf + n, sizeof buf - n, "%s%s", n ? ", " : "",
                            tag);
  }
  for (size_t s = 0; s < q->evidence_skills.n && n < 180; s++)
    if (block_has_skill(c->f, i, q->evidence_skills.v[s]))
      n += (size_t)snprintf(buf + n, sizeof buf - n, "%s%s", n ? ", " : "",
                            q->evidence_skills.v[s]);
  if (bi->result && n < 200)
    n += (size_t)snprintf(buf + n, sizeof buf - n, "%sa measured result",
                          n ? "; " : "");
  if (bi->action && n < 220)
    snprintf(buf + n, sizeof buf - n, "%san action you took", n ? ", " : "");
  return prep_arena_strdup(c->a, buf);
}

/* Best grade of any block carrying `tag` (computed once per plan). */
static enum prep_grade tag_grade(struct ctx *c, const char *tag)
{
  int i = tidx(c, tag);
  return i < 0 ? PREP_GRADE_NONE : c->tag_best[i];
}

static void compute_tag_best(struct ctx *c)
{
  for (size_t b = 0; b < c->nb; b++) {
    enum prep_grade g = block_grade(&c->bi[b]);
    for (int w = 0; w < TAG_WORDS; w++)
      for (uint64_t m = c->bi[b].bits[w]; m; m &= m - 1) {
        int i = w * 64 + __builtin_ctzll(m);
        if (g > c->tag_best[i])
          c->tag_best[i] = g;
      }
  }
}

/* Best grade of any block mentioning skill `id`. */
static enum prep_grade skill_grade(struct ctx *c, const char *id)
{
  enum prep_grade best = PREP_GRADE_NONE;
  for (size_t s = 0; s < c->f->nskills; s++)
    if (strcmp(c->f->skills[s].id, id) == 0)
      for (size_t m = 0; m < c->f->skills[s].nmentions; m++) {
        size_t b = c->f->skills[s].mentions[m];
        if (b < c->nb && block_grade(&c->bi[b]) > best)
          best = block_grade(&c->bi[b]);
      }
  return best;
}

static void grade_item(struct ctx *c, struct prep_plan_item *it)
{
  const struct prep_question *q = it->q;
  /* Collect candidate blocks with their grade; keep the best four. */
  struct cand {
    size_t block;
    enum prep_grade g;
    int hits;
  } best[MAX_QUOTES];
  size_t nbest = 0;
  enum prep_grade top = PREP_GRADE_NONE;
  struct qtags qt;
  q_tags(c, q, &qt);
  for (size_t i = 0; i < c->nb; i++) {
    const struct block_info *bi = &c->bi[i];
    int hits = 0;
    for (size_t t = 0; t < qt.n; t++)
      hits += (1 + qt.theme[t]) * has_bit(bi->bits, qt.idx[t]);
    for (size_t s = 0; s < qt.nskills; s++)
      hits += 2 * skill_in_block(c->f, qt.skills[s], i);
    if (!hits)
      continue;
    enum prep_grade g = block_grade(bi);
    if (g == PREP_GRADE_NONE)
      continue;
    if (g > top)
      top = g;
    /* insert by (grade, hits, earlier block) */
    size_t pos = nbest;
    while (pos > 0 && (best[pos - 1].g < g ||
                       (best[pos - 1].g == g && best[pos - 1].hits < hits)))
      pos--;
    if (pos >= MAX_QUOTES)
      continue;
    if (nbest < MAX_QUOTES)
      nbest++;
    memmove(&best[pos + 1], &best[pos], (nbest - 1 - pos) * sizeof best[0]);
    best[pos].block = i;
    best[pos].g = g;
    best[pos].hits = hits;
  }
  /* A question usually has several tags; one strong line for one of them
   * must not make the whole question "strong".  Evidence is half the best
   * tag's value and half the mean over all tags, so breadth counts too. */
  double sum = 0, max = 0;
  size_t ntags = q->topics.n + q->themes.n;
  for (size_t t = 0; t < ntags; t++) {
    const char *tag = t < q->topics.n ? q->topics.v[t]
                                      : q->themes.v[t - q->topics.n];
    double v = grade_value[tag_grade(c, tag)];
    sum += v;
    if (v > max)
      max = v;
  }
  for (size_t s = 0; s < q->evidence_skills.n; s++) {
    double v = grade_value[skill_grade(c, q->evidence_skills.v[s])];
    if (v > max)
      max = v;
  }
  double value = ntags ? 0.5 * max + 0.5 * sum / (double)ntags : max;
  (void)top;
  it->evidence = value;
  it->grade = value >= 0.75   ? PREP_GRADE_STRONG
              : value >= 0.45 ? PREP_GRADE_MEDIUM
              : value >= 0.15 ? PREP_GRADE_WEAK
                              : PREP_GRADE_NONE;
  it->quotes = prep_arena_alloc(c->a, (nbest ? nbest : 1) * sizeof *it->quotes);
  it->nquotes = nbest;
  for (size_t k = 0; k < nbest; k++) {
    it->quotes[k].block = best[k].block;
    it->quotes[k].text = c->doc->blocks[best[k].block].text;
    it->quotes[k].grade = best[k].g;
    it->quotes[k].why = quote_why(c, best[k].block, q);
  }
}

/* ---- ordering ----------------------------------------------------------- */

static int cmp_likely(const void *pa, const void *pb)
{
  const struct prep_plan_item *a = pa, *b = pb;
  if (a->likelihood != b->likelihood)
    return a->likelihood > b->likelihood ? -1 : 1;
  if (a->priority != b->priority)
    return a->priority > b->priority ? -1 : 1;
  return strcmp(a->q->id, b->q->id);
}

static const struct prep_plan_item *sort_base;

/* Core questions competing for a page: gaps first, then priority. */
static int cmp_core_idx(const void *pa, const void *pb)
{
  const struct prep_plan_item *a = &sort_base[*(const size_t *)pa];
  const struct prep_plan_item *b = &sort_base[*(const size_t *)pb];
  int ga = (a->flags & PREP_IF_GAP) != 0, gb = (b->flags & PREP_IF_GAP) != 0;
  if (ga != gb)
    return gb - ga;
  if (a->priority != b->priority)
    return a->priority > b->priority ? -1 : 1;
  return strcmp(a->q->id, b->q->id);
}

static int cmp_priority_idx(const void *pa, const void *pb)
{
  const struct prep_plan_item *a = &sort_base[*(const size_t *)pa];
  const struct prep_plan_item *b = &sort_base[*(const size_t *)pb];
  if (a->priority != b->priority)
    return a->priority > b->priority ? -1 : 1;
  if (a->likelihood != b->likelihood)
    return a->likelihood > b->likelihood ? -1 : 1;
  return strcmp(a->q->id, b->q->id);
}

/* ---- stories ------------------------------------------------------------ */

static void story_add_tags(struct ctx *c, struct prep_story *s, size_t block,
                           const char ***tags, size_t *cap)
{
  const struct block_info *bi = &c->bi[block];
  for (size_t t = 0; t < bi->ntags; t++) {
    if (has_tag(s->tags, s->ntags, bi->tags[t]))
      continue;
    if (s->ntags == *cap) {
      *cap = *cap ? *cap * 2 : 16;
      const char **v = prep_arena_alloc(c->a, *cap * sizeof *v);
      if (s->ntags)
        memcpy(v, *tags, s->ntags * sizeof *v);
      *tags = v;
      s->tags = v;
    }
    (*tags)[s->ntags++] = bi->tags[t];
    s->tags = *tags;
  }
}

static int cmp_str(const void *a, const void *b)
{
  return strcmp(*(const char *const *)a, *(const char *const *)b);
}

static double bullet_strength(const struct block_info *bi)
{
  return 1.0 + 2.0 * bi->result + 1.0 * bi->action + 0.25 * (double)bi->ntags;
}

/* Builds one story from a span of bullets (block indexes). */
static void make_story(struct ctx *c, struct prep_story *s, const size_t *bl,
                       size_t n)
{
  /* strongest bullets first (stable: CV order breaks ties) */
  size_t *v = prep_arena_alloc(c->a, n * sizeof *v);
  memcpy(v, bl, n * sizeof *v);
  for (size_t i = 1; i < n; i++)
    for (size_t j = i; j > 0 && bullet_strength(&c->bi[v[j]]) >
                                    bullet_strength(&c->bi[v[j - 1]]);
         j--) {
      size_t t = v[j];
      v[j] = v[j - 1];
      v[j - 1] = t;
    }
  s->bullets = v;
  s->nbullets = n;
  const char **tags = NULL;
  size_t cap = 0;
  double strength = 0;
  for (size_t i = 0; i < n; i++) {
    story_add_tags(c, s, v[i], &tags, &cap);
    strength += bullet_strength(&c->bi[v[i]]);
  }
  if (s->ntags)
    qsort(tags, s->ntags, sizeof *tags, cmp_str);
  s->strength = strength;
  size_t nr = 0;
  for (size_t r = 0; r < c->f->nresults; r++)
    for (size_t i = 0; i < n; i++)
      if (c->f->results[r].block == v[i])
        nr++;
  s->results = prep_arena_alloc(c->a, (nr ? nr : 1) * sizeof *s->results);
  for (size_t r = 0; r < c->f->nresults; r++)
    for (size_t i = 0; i < n; i++)
      if (c->f->results[r].block == v[i])
        s->results[s->nresults++] = r;
  s->questions = prep_arena_alloc(c->a, MAX_STORY_QUESTIONS * sizeof(size_t));
}

static void build_stories(struct ctx *c, struct prep_plan *p)
{
  const struct prep_facts *f = c->f;
  /* A job with many bullets makes two stories, so that a CV with few jobs
   * still gets a varied bank; never more than MAX_STORIES in all. */
  size_t max = 2 * f->njobs + f->nprojects + 1;
  struct prep_story *st = prep_arena_alloc(c->a, max * sizeof *st);
  size_t n = 0;
  for (size_t j = 0; j < f->njobs; j++) {
    const struct prep_job *job = &f->jobs[j];
    if (job->nhighlights == 0)
      continue;
    size_t parts = job->nhighlights >= 5 ? 2 : 1;
    size_t per = (job->nhighlights + parts - 1) / parts;
    for (size_t k = 0; k < parts; k++) {
      size_t from = k * per, cnt = job->nhighlights - from;
      if (cnt > per)
        cnt = per;
      struct prep_story *s = &st[n++];
      s->job = j;
      s->project = NONE;
      s->role = job->title;
      s->org = job->company;
      s->dates = job->date_text;
      s->pre_tech = !job->tech; /* extract.c decides */
      make_story(c, s, job->highlights + from, cnt);
    }
  }
  for (size_t pi = 0; pi < f->nprojects; pi++) {
    const struct prep_project *pr = &f->projects[pi];
    size_t one = pr->block;
    const size_t *bl = pr->nhighlights ? pr->highlights : &one;
    size_t cnt = pr->nhighlights ? pr->nhighlights : 1;
    if (one >= c->nb && !pr->nhighlights)
      continue;
    struct prep_story *s = &st[n++];
    s->job = NONE;
    s->project = pi;
    s->org = pr->name;
    make_story(c, s, bl, cnt);
  }
  /* Keep the strongest MAX_STORIES, then restore CV order for the ids. */
  if (n > MAX_STORIES) {
    for (size_t i = 1; i < n; i++)
      for (size_t j = i; j > 0 && st[j].strength > st[j - 1].strength; j--) {
        struct prep_story t = st[j];
        st[j] = st[j - 1];
        st[j - 1] = t;
      }
    n = MAX_STORIES;
    for (size_t i = 1; i < n; i++)
      for (size_t j = i; j > 0 && st[j].bullets[0] < st[j - 1].bullets[0];
           j--) {
        struct prep_story t = st[j];
        st[j] = st[j - 1];
        st[j - 1] = t;
      }
  }
  for (size_t i = 0; i < n; i++) {
    struct prep_story *s = &st[i];
    s->id = prep_arena_printf(c->a, "S%zu", i + 1);
    if (s->role && s->org)
      s->title = prep_arena_printf(c->a, "%s, %s", s->role, s->org);
    else
      s->title = s->role ? s->role : s->org ? s->org : "Experience";
  }
  p->stories = st;
  p->nstories = n;
}

/* How well a story (its tag bits) fits a question: themes count double;
 * 0 means not at all. */
static double story_fit(const uint64_t *bits, const struct qtags *qt)
{
  double fit = 0;
  for (size_t t = 0; t < qt->n; t++)
    fit += (qt->theme[t] ? 2.0 : 1.0) * has_bit(bits, qt->idx[t]);
  return fit;
}

static void assign_stories(struct ctx *c, struct prep_plan *p)
{
  /* each story's tags as bits, once */
  uint64_t(*sb)[TAG_WORDS] =
      prep_arena_alloc(c->a, (p->nstories ? p->nstories : 1) * sizeof *sb);
  for (size_t k = 0; k < p->nstories; k++)
    for (size_t t = 0; t < p->stories[k].ntags; t++) {
      int i = tidx(c, p->stories[k].tags[t]);
      if (i >= 0)
        sb[k][i / 64] |= (uint64_t)1 << (i % 64);
    }
  for (size_t i = 0; i < p->nitems; i++) {
    struct prep_plan_item *it = &p->items[i];
    it->story = NONE;
    double best = 0;
    struct qtags qt;
    q_tags(c, it->q, &qt);
    for (size_t k = 0; k < p->nstories; k++) {
      struct prep_story *s = &p->stories[k];
      if (s->nquestions >= MAX_STORY_QUESTIONS)
        continue;
      double fit = story_fit(sb[k], &qt);
      if (fit <= 0)
        continue;
      /* spread behavioural themes: a story already telling the same theme
       * is worth less for this question */
      for (size_t u = 0; u < s->nquestions; u++) {
        const struct prep_question *o = p->items[s->questions[u]].q;
        for (size_t t = 0; t < it->q->themes.n; t++)
          for (size_t t2 = 0; t2 < o->themes.n; t2++)
            if (strcmp(it->q->themes.v[t], o->themes.v[t2]) == 0)
              fit -= 1.5;
      }
      fit += 0.05 * s->strength + 0.5 * (double)(s->nresults > 0);
      if (fit > best + 1e-9) {
        best = fit;
        it->story = k;
      }
    }
    if (it->story != NONE) {
      struct prep_story *s = &p->stories[it->story];
      s->questions[s->nquestions++] = i;
    }
  }
}

/* ---- the plan ----------------------------------------------------------- */

static void find_claims(struct ctx *c, struct prep_plan *p)
{
  const struct prep_facts *f = c->f;
  p->claims = prep_arena_alloc(c->a, (f->nskills ? f->nskills : 1) *
                                         sizeof *p->claims);
  for (size_t s = 0; s < f->nskills; s++) {
    const struct prep_skill *sk = &f->skills[s];
    if (!sk->in_skills_list || !sk->nmentions)
      continue;
    int backed = 0, expert = 0;
    size_t listed_at = sk->mentions[0];
    for (size_t m = 0; m < sk->nmentions; m++) {
      size_t i = sk->mentions[m];
      if (i >= c->nb)
        continue;
      enum prep_grade g = block_grade(&c->bi[i]);
      if (g >= PREP_GRADE_MEDIUM)
        backed = 1;
      if (c->bi[i].listed) {
        listed_at = i;
        const char *t = c->doc->blocks[i].text;
        if (strcasestr(t, "expert") || strcasestr(t, "advanced") ||
            strcasestr(t, "proficient") || strcasestr(t, "fluent"))
          expert = 1;
      }
    }
    if (backed)
      continue;
    struct prep_claim_risk *cr = &p->claims[p->nclaims++];
    cr->skill = sk->name;
    cr->id = sk->id;
    cr->block = listed_at;
    cr->expert = expert;
  }
}

static void flag_claims(struct ctx *c, struct prep_plan *p,
                        struct prep_plan_item *it)
{
  const struct prep_facts *f = c->f;
  if (it->grade >= PREP_GRADE_MEDIUM)
    return;
  size_t n = 0;
  const char **names = NULL;
  for (size_t k = 0; k < p->nclaims; k++) {
    const struct prep_skill *sk = NULL;
    for (size_t s = 0; s < f->nskills; s++)
      if (strcmp(f->skills[s].id, p->claims[k].id) == 0)
        sk = &f->skills[s];
    if (!sk)
      continue;
    int touches = 0;
    for (size_t t = 0; t < sk->ntopics && !touches; t++)
      touches = has_tag(it->q->topics.v, it->q->topics.n, sk->topics[t]);
    for (size_t e = 0; e < it->q->evidence_skills.n && !touches; e++)
      touches = strcmp(it->q->evidence_skills.v[e], sk->id) == 0;
    if (!touches)
      continue;
    if (!names)
      names = prep_arena_alloc(c->a, p->nclaims * sizeof *names);
    names[n++] = sk->name;
  }
  if (n) {
    it->flags |= PREP_IF_CLAIM_RISK;
    it->claim_skills = names;
    it->nclaim_skills = n;
  }
}

static void build_topics(struct ctx *c, struct prep_plan *p)
{
  const struct prep_role *r = p->role;
  size_t cap = 0;
  for (size_t i = 0; i < r->nquestions; i++)
    cap += r->questions[i]->topics.n + r->questions[i]->themes.n;
  p->topics = prep_arena_alloc(c->a, (cap ? cap : 1) * sizeof *p->topics);
  for (size_t i = 0; i < p->nitems; i++) {
    const struct prep_question *q = p->items[i].q;
    for (size_t t = 0; t < q->topics.n + q->themes.n; t++) {
      int theme = t >= q->topics.n;
      const char *tag = theme ? q->themes.v[t - q->topics.n] : q->topics.v[t];
      size_t k = 0;
      while (k < p->ntopics && strcmp(p->topics[k].tag, tag) != 0)
        k++;
      if (k == p->ntopics) {
        p->topics[k].tag = tag;
        p->topics[k].is_theme = theme;
        p->topics[k].grade = tag_grade(c, tag);
        p->ntopics++;
      }
      p->topics[k].nquestions++;
    }
  }
  /* themes after topics, each by name: a stable map */
  for (size_t i = 1; i < p->ntopics; i++)
    for (size_t j = i; j > 0; j--) {
      struct prep_topic_row *x = &p->topics[j - 1], *y = &p->topics[j];
      if (x->is_theme < y->is_theme ||
          (x->is_theme == y->is_theme && strcmp(x->tag, y->tag) <= 0))
        break;
      struct prep_topic_row t = *x;
      *x = *y;
      *y = t;
    }
}

static const char *explain_item(struct ctx *c, const struct prep_plan_item *it,
                                enum prep_level level, int job_hit,
                                int stage_hit, int own)
{
  return prep_arena_printf(
      c->a,
      "tier %s x level %s %.2f x stage %s x %s%s%s = likelihood %.2f; "
      "evidence %s (%.2f); priority %.2f x (1 - %.2f) = %.2f",
      prep_q_tier_name(it->q->tier), prep_level_name(level),
      it->q->levels[level], stage_hit ? "run by the role" : "not listed",
      own ? "role question" : "core question",
      job_hit ? " x job posting topic" : "",
      (it->flags & PREP_IF_CLAIM_RISK) ? " x claim risk" : "", it->likelihood,
      prep_grade_name(it->grade), it->evidence, it->likelihood, it->evidence,
      it->priority);
}

enum prep_status prep_rank(const struct prep_doc *doc,
                           const struct prep_facts *facts,
                           const struct prep_bankset *banks,
                           const struct prep_taxonomy *tax,
                           const struct prep_plan_opts *opts,
                           struct prep_arena *a, struct prep_plan **out,
                           struct prep_diag *diag)
{
  *out = NULL;
  struct ctx c = {.doc = doc, .f = facts, .tax = tax, .a = a};
  struct prep_plan *p = prep_arena_alloc(a, sizeof *p);
  p->company = opts->company;
  p->general = facts->near_empty;
  p->role = choose_role(banks, facts, opts, a, &p->role_why, diag);
  if (!p->role)
    return PREP_EINPUT;
  p->level = choose_level(facts, p->role, opts, a, &p->level_why);

  struct job_skills js = {.a = a};
  if (opts->job_path) {
    enum prep_status st = read_job(opts->job_path, tax, a, &js, diag);
    if (st != PREP_OK)
      return st;
    p->has_job = 1;
  }
  c.voc = prep_bankset_tags(banks);
  build_block_info(&c);
  compute_tag_best(&c);

  /* Topics the posting asks for, and its skills the CV has or lacks. */
  const char **job_topics = NULL;
  size_t njob_topics = 0;
  if (p->has_job) {
    size_t cap = 0;
    for (size_t i = 0; i < js.n; i++)
      cap += js.v[i]->ntopics;
    job_topics = prep_arena_alloc(a, (cap ? cap : 1) * sizeof *job_topics);
    p->job_have = prep_arena_alloc(a, (js.n ? js.n : 1) * sizeof(char *));
    p->job_lack = prep_arena_alloc(a, (js.n ? js.n : 1) * sizeof(char *));
    for (size_t i = 0; i < js.n; i++) {
      for (size_t t = 0; t < js.v[i]->ntopics; t++)
        if (!has_tag(job_topics, njob_topics, js.v[i]->topics[t]))
          job_topics[njob_topics++] = js.v[i]->topics[t];
      int have = 0;
      for (size_t s = 0; s < facts->nskills && !have; s++)
        have = strcmp(facts->skills[s].id, js.v[i]->id) == 0;
      if (have)
        p->job_have[p->njob_have++] = js.v[i]->name;
      else
        p->job_lack[p->njob_lack++] = js.v[i]->name;
    }
  }

  /* Role stage kinds, to weigh questions asked in stages it does not run. */
  unsigned role_stages = 0;
  for (size_t s = 0; s < p->role->nstages; s++)
    role_stages |= 1u << p->role->stages[s].kind;

  const struct prep_role *r = p->role;
  p->items = prep_arena_alloc(a, (r->nquestions ? r->nquestions : 1) *
                                     sizeof *p->items);
  find_claims(&c, p);
  for (size_t i = 0; i < r->nquestions; i++) {
    const struct prep_question *q = r->questions[i];
    double lw = q->levels[p->level];
    if (lw <= 0)
      continue; /* the bank says this level never gets it */
    struct prep_plan_item *it = &p->items[p->nitems++];
    it->q = q;
    int own = i < r->own_count;
    int stage_hit = !q->stages || !role_stages || (q->stages & role_stages);
    int job_hit = 0;
    for (size_t t = 0; t < q->topics.n && !job_hit; t++)
      job_hit = has_tag(job_topics, njob_topics, q->topics.v[t]);
    double l = (q->tier == PREP_TIER_PRIMARY ? 1.0 : W_PRACTICE) * lw *
               (stage_hit ? 1.0 : W_STAGE_MISS) * (own ? 1.0 : W_CORE) *
               (job_hit ? W_JOB : 1.0);
    it->likelihood = l > 1.0 ? 1.0 : l;
    grade_item(&c, it);
    /* interviewers probe skills a CV lists but never shows in use */
    flag_claims(&c, p, it);
    if (it->flags & PREP_IF_CLAIM_RISK)
      it->likelihood = it->likelihood * W_CLAIM > 1.0 ? 1.0
                                                      : it->likelihood * W_CLAIM;
    it->priority = it->likelihood * (1.0 - it->evidence);
    if (q->category == PREP_QCAT_CULTURE_FIT)
      it->priority *= W_CULTURE_PRIORITY;
    if (job_hit)
      it->flags |= PREP_IF_JOB;
    /* Failure, conflict and the like: CVs almost never show them, so they
     * are always prompted, whatever the lines that happen to match. */
    int gap_theme = 0;
    for (size_t t = 0; t < q->themes.n; t++)
      gap_theme |= strcmp(q->themes.v[t], "failure") == 0 ||
                   strcmp(q->themes.v[t], "conflict") == 0;
    if (q->gap || (gap_theme && it->grade < PREP_GRADE_STRONG))
      it->flags |= PREP_IF_GAP;
    if (opts->explain)
      it->why_score = explain_item(&c, it, p->level, job_hit, stage_hit, own);
  }

  /* Which core questions keep a full page: structural gaps first (they are
   * always prompted), then the ones needing most preparation.  The rest of
   * the core is shown as practice (half a page), so the pack stays
   * printable. */
  unsigned char *primary = prep_arena_alloc(a, p->nitems ? p->nitems : 1);
  size_t *core = prep_arena_alloc(a, (p->nitems ? p->nitems : 1) * sizeof *core);
  size_t ncore = 0;
  for (size_t i = 0; i < p->nitems; i++) {
    const struct prep_question *q = p->items[i].q;
    if (q->tier != PREP_TIER_PRIMARY)
      continue;
    if (strcmp(q->bank_role, "core") == 0)
      core[ncore++] = i;
    else
      primary[i] = 1;
  }
  sort_base = p->items;
  qsort(core, ncore, sizeof *core, cmp_core_idx);
  for (size_t k = 0; k < ncore; k++) {
    if (k < MAX_CORE_PRIMARY) {
      primary[core[k]] = 1;
    } else {
      struct prep_plan_item *it = &p->items[core[k]];
      it->likelihood *= W_PRACTICE;
      it->priority *= W_PRACTICE;
    }
  }
  /* primary part first, each part by likelihood (ties: priority, id) */
  {
    struct prep_plan_item *tmp =
        prep_arena_alloc(a, (p->nitems ? p->nitems : 1) * sizeof *tmp);
    size_t k = 0;
    for (int pass = 1; pass >= 0; pass--)
      for (size_t i = 0; i < p->nitems; i++)
        if (primary[i] == pass)
          tmp[k++] = p->items[i];
    size_t cp = 0;
    for (size_t i = 0; i < p->nitems; i++)
      cp += primary[i];
    memcpy(p->items, tmp, p->nitems * sizeof *tmp);
    p->nprimary = cp;
    qsort(p->items, cp, sizeof *p->items, cmp_likely);
    qsort(p->items + cp, p->nitems - cp, sizeof *p->items, cmp_likely);
  }
  if (opts->top > 0 && (size_t)opts->top < p->nprimary) {
    /* --top N: keep the N most likely primary questions */
    size_t drop = p->nprimary - (size_t)opts->top;
    memmove(&p->items[opts->top], &p->items[p->nprimary],
            (p->nitems - p->nprimary) * sizeof *p->items);
    p->nitems -= drop;
    p->nprimary = (size_t)opts->top;
  }

  /* Prep priorities: one question for each structural-gap theme (failure,
   * conflict, feedback...: always prompted, the most likely one per theme),
   * then the highest likelihood x (1 - evidence) up to MAX_PRIORITIES. */
  size_t *idx = prep_arena_alloc(a, (p->nitems ? p->nitems : 1) * sizeof *idx);
  for (size_t i = 0; i < p->nitems; i++)
    idx[i] = i;
  p->priorities = prep_arena_alloc(a, (p->nitems ? p->nitems : 1) *
                                          sizeof *p->priorities);
  const char *gap_themes[16];
  size_t ngap_themes = 0;
  for (size_t i = 0; i < p->nitems; i++) { /* items are in likelihood order */
    const struct prep_plan_item *it = &p->items[i];
    if (!(it->flags & PREP_IF_GAP) || !it->q->themes.n)
      continue;
    const char *theme = it->q->themes.v[0];
    if (has_tag(gap_themes, ngap_themes, theme) || ngap_themes == 16 ||
        p->npriorities >= MAX_GAP_PRIORITIES)
      continue;
    gap_themes[ngap_themes++] = theme;
    p->priorities[p->npriorities++] = i;
  }
  sort_base = p->items;
  qsort(idx, p->nitems, sizeof *idx, cmp_priority_idx);
  for (size_t k = 0; k < p->nitems && p->npriorities < MAX_PRIORITIES; k++) {
    size_t i = idx[k];
    int in = 0;
    for (size_t m = 0; m < p->npriorities; m++)
      in |= p->priorities[m] == i;
    if (!in && p->items[i].priority > 0.05)
      p->priorities[p->npriorities++] = i;
  }
  /* highest priority first */
  qsort(p->priorities, p->npriorities, sizeof *p->priorities,
        cmp_priority_idx);
  for (size_t m = 0; m < p->npriorities; m++)
    p->items[p->priorities[m]].flags |= PREP_IF_PRIORITY;

  build_stories(&c, p);
  assign_stories(&c, p);
  /* A primary question with no story at all must be prepared from scratch. */
  for (size_t i = 0; i < p->nprimary; i++)
    if (p->items[i].story == NONE)
      p->items[i].flags |= PREP_IF_PRIORITY;
  build_topics(&c, p);
  prep_scaffold_fill(doc, facts, p, a);
  *out = p;
  return PREP_OK;
}
