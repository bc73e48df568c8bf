/* bank_set.c - the loaded bank set: merging files, views and accessors.
 *
 * Consumes struct bankfile records produced by bank.c (one per checked XML
 * file) and keeps the set's model: roles sorted by id, the core, each
 * role's question array (own questions first, then the core with per-role
 * overrides), ask-the-interviewer groups and an id index.  It knows nothing
 * about XML; see bank.h for the composition rules.
 */
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "bank_int.h"
#include "prepgen/arena.h"

/* ------------------------------------------------------------------ */
/* Names                                                               */
/* ------------------------------------------------------------------ */

const char *const prep_bank_category_names[PREP_QCAT_COUNT] = {
    "behavioural", "technical", "situational", "competency", "culture-fit"};
const char *const prep_bank_tier_names[PREP_TIER_COUNT] = {"primary",
                                                           "practice"};
const char *const prep_bank_stage_names[PREP_STAGE_COUNT] = {
    "recruiter-screen", "hiring-manager", "technical-screen",
    "coding",           "system-design",  "take-home",
    "deep-dive",        "behavioural",    "final",
    "case-study",       "presentation"};
const char *const prep_bank_level_names[PREP_LEVEL_COUNT] = {"junior", "mid",
                                                             "senior", "staff"};
const char *const prep_bank_interviewer_names[PREP_IV_COUNT] = {
    "recruiter", "hiring-manager", "engineer", "peer", "executive", "any"};
static const char *const star_names[4] = {"situation", "task", "action",
                                          "result"};
const char *const prep_bank_family_names[] = {
    "backend",      "frontend",
    "fullstack",    "data-engineering",
    "data-science", "data-analysis",
    "devops-sre",   "mobile",
    "qa",           "ml",
    "security",     "management",
    "generalist",   "core"};
const size_t prep_bank_nfamilies =
    sizeof prep_bank_family_names / sizeof prep_bank_family_names[0];

const char *prep_q_category_name(enum prep_q_category c)
{
  return (unsigned)c < PREP_QCAT_COUNT ? prep_bank_category_names[c] : "?";
}
const char *prep_q_tier_name(enum prep_q_tier t)
{
  return (unsigned)t < PREP_TIER_COUNT ? prep_bank_tier_names[t] : "?";
}
const char *prep_stage_kind_name(enum prep_stage_kind k)
{
  return (unsigned)k < PREP_STAGE_COUNT ? prep_bank_stage_names[k] : "?";
}
const char *prep_level_name(enum prep_level l)
{
  return (unsigned)l < PREP_LEVEL_COUNT ? prep_bank_level_names[l] : "?";
}
const char *prep_interviewer_name(enum prep_interviewer i)
{
  return (unsigned)i < PREP_IV_COUNT ? prep_bank_interviewer_names[i] : "?";
}
const char *prep_star_part_name(enum prep_star_part p)
{
  return (unsigned)p < 4 ? star_names[p] : "?";
}

/* ------------------------------------------------------------------ */
/* Small vectors and an id map (malloc'd; the set frees them)          */
/* ------------------------------------------------------------------ */

void prep_bank_qvec_push(struct qvec *q, const struct prep_question *x)
{
  if (q->n == q->cap) {
    q->cap = q->cap ? q->cap * 2 : 16;
    q->v = prep_xrealloc(q->v, q->cap * sizeof *q->v);
  }
  q->v[q->n++] = x;
}

void prep_bank_svec_push(struct svec *s, const char *x)
{
  if (s->n == s->cap) {
    s->cap = s->cap ? s->cap * 2 : 8;
    s->v = prep_xrealloc(s->v, s->cap * sizeof *s->v);
  }
  s->v[s->n++] = x;
}

/* Copies a vector into the arena as a prep_strv. */
struct prep_strv prep_bank_svec_freeze(struct prep_arena *a,
                                       const struct svec *s)
{
  struct prep_strv r = {NULL, 0};
  if (s->n) {
    const char **v = prep_arena_alloc(a, s->n * sizeof *v);
    memcpy(v, s->v, s->n * sizeof *v);
    r.v = v;
    r.n = s->n;
  }
  return r;
}

static size_t hash_str(const char *s)
{
  size_t h = 1469598103934665603u; /* FNV-1a */
  for (; *s; s++)
    h = (h ^ (unsigned char)*s) * 1099511628211u;
  return h;
}

struct idmap_entry *prep_bank_idmap_find(const struct idmap *m, const char *key)
{
  if (!m->cap)
    return NULL;
  for (size_t i = hash_str(key) & (m->cap - 1);; i = (i + 1) & (m->cap - 1)) {
    if (!m->e[i].key)
      return NULL;
    if (strcmp(m->e[i].key, key) == 0)
      return &m->e[i];
  }
}

void prep_bank_idmap_put(struct idmap *m, const char *key,
                         const struct prep_question *q, struct role_rec *owner)
{
  if ((m->count + 1) * 2 > m->cap) {
    struct idmap old = *m;
    m->cap = old.cap ? old.cap * 2 : 256;
    m->e = prep_xcalloc(m->cap, sizeof *m->e);
    m->count = 0;
    for (size_t i = 0; i < old.cap; i++)
      if (old.e[i].key)
        prep_bank_idmap_put(m, old.e[i].key, old.e[i].q, old.e[i].owner);
    free(old.e);
  }
  size_t i = hash_str(key) & (m->cap - 1);
  while (m->e[i].key && strcmp(m->e[i].key, key) != 0)
    i = (i + 1) & (m->cap - 1);
  if (!m->e[i].key)
    m->count++;
  m->e[i].key = key;
  m->e[i].q = q;
  m->e[i].owner = owner;
}

void prep_bank_idmap_reserve(struct idmap *m, size_t n)
{
  if (m->count || (n + 1) * 2 <= m->cap)
    return; /* only sizes an empty map */
  size_t cap = 256;
  while ((n + 1) * 2 > cap)
    cap *= 2;
  free(m->e);
  m->e = prep_xcalloc(cap, sizeof *m->e);
  m->cap = cap;
}

void prep_bank_idmap_clear(struct idmap *m)
{
  free(m->e);
  memset(m, 0, sizeof *m);
}

static void role_rec_free(struct role_rec *r)
{
  if (!r)
    return;
  free(r->own.v);
  free(r->over.v);
}

void prep_bank_file_free(struct bankfile *f)
{
  if (f->role) {
    role_rec_free(f->role);
    free(f->role);
  }
  free(f->qs.v);
  for (int i = 0; i < PREP_IV_COUNT; i++)
    free(f->ask[i].v);
  memset(f, 0, sizeof *f);
}

void prep_bankset_free(struct prep_bankset *bs)
{
  if (!bs)
    return;
  for (size_t i = 0; i < bs->nroles; i++) {
    role_rec_free(bs->roles[i]);
    free(bs->roles[i]);
  }
  free(bs->roles);
  role_rec_free(&bs->core);
  for (int i = 0; i < PREP_IV_COUNT; i++)
    free(bs->ask[i].v);
  prep_bank_idmap_clear(&bs->ids);
  if (bs->schema)
    prep_bank_schema_free(bs->schema);
  prep_arena_free(bs->arena);
  free(bs);
}

struct prep_bankset *prep_bank_set_new(void)
{
  struct prep_bankset *bs = prep_xcalloc(1, sizeof *bs);
  bs->arena = prep_arena_new();
  bs->core.pub.id = "core";
  bs->core.pub.family = "core";
  bs->core.pub.level_default = PREP_LEVEL_MID;
  bs->core.pub.title = "Shared behavioural core";
  bs->core.pub.summary = "";
  return bs;
}

/* ------------------------------------------------------------------ */
/* Merging a file into the set                                         */
/* ------------------------------------------------------------------ */

static struct role_rec *find_role_rec(const struct prep_bankset *bs,
                                      const char *id)
{
  if (strcmp(id, "core") == 0)
    return (struct role_rec *)&bs->core;
  for (size_t i = 0; i < bs->nroles; i++)
    if (strcmp(bs->roles[i]->pub.id, id) == 0)
      return bs->roles[i];
  return NULL;
}

/* One merge conflict: FILE + "line N" + words. */
static void conflict(struct prep_diag *d, const char *path, unsigned line,
                     const char *fmt, ...)
    __attribute__((format(printf, 4, 5)));

static void conflict(struct prep_diag *d, const char *path, unsigned line,
                     const char *fmt, ...)
{
  char msg[480], where[32];
  va_list ap;
  va_start(ap, fmt);
  vsnprintf(msg, sizeof msg, fmt, ap);
  va_end(ap);
  snprintf(where, sizeof where, "line %u", line);
  prep_diag_add(d, PREP_SEV_ERROR, path, line ? where : NULL, "%s", msg);
}

/* Checks that `f` can be merged (no mutation).  Returns 0 or reports the
 * first conflict. */
int prep_bank_merge_check(struct prep_bankset *bs, const struct bankfile *f,
                          int bundled, struct prep_diag *d)
{
  struct role_rec *target = find_role_rec(bs, f->role_attr);
  int is_core = strcmp(f->role_attr, "core") == 0;

  if (f->role) {
    if (target && bundled) {
      conflict(d, f->path, f->role->pub.line,
               "role '%s' is already defined in "
               "%s:%u",
               f->role_attr, target->pub.source, target->pub.line);
      return -1;
    }
  } else if (!target && !is_core) {
    conflict(d, f->path, f->bank_line,
             "role '%s' is not defined: add a <role> "
             "element to define it, or use the id of an installed role "
             "(see --list-roles)",
             f->role_attr);
    return -1;
  }
  for (size_t i = 0; i < f->qs.n; i++) {
    const struct prep_question *q = f->qs.v[i];
    struct idmap_entry *e = prep_bank_idmap_find(&bs->ids, q->id);
    if (!e)
      continue;
    if (bundled) {
      conflict(d, f->path, q->line,
               "duplicate question id '%s' (first defined at "
               "%s:%u)",
               q->id, e->q->source, e->q->line);
      return -1;
    }
    /* A coach's bank may replace a question of the role it extends (or
     * of the role it replaces) or a core question; not another role's. */
    if (e->owner == &bs->core || e->owner == target)
      continue;
    conflict(d, f->path, q->line,
             "question id '%s' already belongs to role '%s' "
             "(%s:%u); choose another id",
             q->id, e->owner->pub.id, e->q->source, e->q->line);
    return -1;
  }
  return 0;
}

static void replace_or_push(struct qvec *v, const struct prep_question *q)
{
  for (size_t i = 0; i < v->n; i++) {
    if (strcmp(v->v[i]->id, q->id) == 0) {
      v->v[i] = q;
      return;
    }
  }
  prep_bank_qvec_push(v, q);
}

static int cmp_role(const void *a, const void *b)
{
  const struct role_rec *const *x = a, *const *y = b;
  return strcmp((*x)->pub.id, (*y)->pub.id);
}

/* Rebuilds the public views: sorted roles, per-role question arrays, ask
 * groups and the id index. */
void prep_bank_finalize(struct prep_bankset *bs)
{
  struct prep_arena *a = bs->arena;
  if (bs->nroles)
    qsort(bs->roles, bs->nroles, sizeof *bs->roles, cmp_role);
  prep_bank_idmap_clear(&bs->ids);
  size_t nids = bs->core.own.n;
  for (size_t r = 0; r < bs->nroles; r++)
    nids += bs->roles[r]->own.n;
  prep_bank_idmap_reserve(&bs->ids, nids);

  struct role_rec *core = &bs->core;
  const struct prep_question **cv =
      prep_arena_alloc(a, (core->own.n ? core->own.n : 1) * sizeof *cv);
  for (size_t i = 0; i < core->own.n; i++) {
    cv[i] = core->own.v[i];
    prep_bank_idmap_put(&bs->ids, cv[i]->id, cv[i], core);
  }
  core->pub.questions = cv;
  core->pub.nquestions = core->pub.own_count = core->own.n;

  bs->role_view = prep_arena_alloc(a, (bs->nroles ? bs->nroles : 1) *
                                          sizeof *bs->role_view);
  for (size_t r = 0; r < bs->nroles; r++) {
    struct role_rec *rr = bs->roles[r];
    size_t n = rr->own.n + core->own.n;
    const struct prep_question **v =
        prep_arena_alloc(a, (n ? n : 1) * sizeof *v);
    size_t k = 0;
    for (size_t i = 0; i < rr->own.n; i++) {
      v[k++] = rr->own.v[i];
      prep_bank_idmap_put(&bs->ids, rr->own.v[i]->id, rr->own.v[i], rr);
    }
    for (size_t i = 0; i < core->own.n; i++) {
      const struct prep_question *q = core->own.v[i];
      for (size_t j = 0; j < rr->over.n; j++)
        if (strcmp(rr->over.v[j]->id, q->id) == 0)
          q = rr->over.v[j];
      v[k++] = q;
    }
    rr->pub.questions = v;
    rr->pub.nquestions = k;
    rr->pub.own_count = rr->own.n;
    bs->role_view[r] = &rr->pub;
  }

  bs->groups = prep_arena_alloc(a, PREP_IV_COUNT * sizeof *bs->groups);
  bs->ngroups = 0;
  for (int i = 0; i < PREP_IV_COUNT; i++) {
    if (!bs->ask[i].n)
      continue;
    bs->groups[bs->ngroups].interviewer = (enum prep_interviewer)i;
    bs->groups[bs->ngroups].questions = prep_bank_svec_freeze(a, &bs->ask[i]);
    bs->ngroups++;
  }
}

/* Merges a checked file into the set; takes over f->role.  The caller
 * runs prep_bank_finalize() after the last merge of a batch. */
void prep_bank_merge(struct prep_bankset *bs, struct bankfile *f)
{
  struct role_rec *target = find_role_rec(bs, f->role_attr);
  if (f->role) {
    struct role_rec *nr = f->role;
    f->role = NULL;
    if (target) {
      /* a coach's <role> replaces the whole role */
      for (size_t i = 0; i < bs->nroles; i++) {
        if (bs->roles[i] == target) {
          role_rec_free(target);
          free(target);
          bs->roles[i] = nr;
        }
      }
    } else {
      if (bs->nroles == bs->caproles) {
        bs->caproles = bs->caproles ? bs->caproles * 2 : 8;
        bs->roles = prep_xrealloc(bs->roles, bs->caproles * sizeof *bs->roles);
      }
      bs->roles[bs->nroles++] = nr;
    }
    target = nr;
  }
  for (size_t i = 0; i < f->qs.n; i++) {
    const struct prep_question *q = f->qs.v[i];
    struct idmap_entry *e = prep_bank_idmap_find(&bs->ids, q->id);
    if (e && e->owner == &bs->core && target != &bs->core) {
      replace_or_push(&target->over, q); /* this role only */
    } else {
      /* the index holds every role's own questions, so an id it does not
       * know is new (the common case: no scan) */
      if (e)
        replace_or_push(&target->own, q);
      else
        prep_bank_qvec_push(&target->own, q);
      /* keep the index current for the next merge_check; finalize
       * rebuilds it from scratch */
      prep_bank_idmap_put(&bs->ids, q->id, q, target);
    }
  }
  for (int i = 0; i < PREP_IV_COUNT; i++)
    for (size_t k = 0; k < f->ask[i].n; k++)
      prep_bank_svec_push(&bs->ask[i], f->ask[i].v[k]);
  if (!bs->core.pub.source && target == &bs->core)
    bs->core.pub.source = f->path;
}

/* ------------------------------------------------------------------ */
/* Accessors                                                           */
/* ------------------------------------------------------------------ */

const struct prep_role *const *prep_bankset_roles(const struct prep_bankset *bs,
                                                  size_t *n)
{
  *n = bs->nroles;
  return bs->role_view;
}

const struct prep_role *prep_bankset_find_role(const struct prep_bankset *bs,
                                               const char *id)
{
  const struct role_rec *r = find_role_rec(bs, id);
  return r ? &r->pub : NULL;
}

const struct prep_role *prep_bankset_core(const struct prep_bankset *bs)
{
  return &bs->core.pub;
}

const struct prep_ask_group *
prep_bankset_ask_groups(const struct prep_bankset *bs, size_t *n)
{
  *n = bs->ngroups;
  return bs->groups;
}

const struct prep_question *
prep_bankset_find_question(const struct prep_bankset *bs, const char *id)
{
  const struct idmap_entry *e = prep_bank_idmap_find(&bs->ids, id);
  return e ? e->q : NULL;
}

const struct prep_tags *prep_bankset_tags(const struct prep_bankset *bs)
{
  return bs->tags;
}

static void print_row(FILE *out, const struct prep_role *r, int tw)
{
  size_t prim = 0, prac = 0;
  for (size_t i = 0; i < r->nquestions; i++) {
    if (r->questions[i]->tier == PREP_TIER_PRIMARY)
      prim++;
    else
      prac++;
  }
  fprintf(out, "%-18s %-*s %5zu %6zu %8zu %9zu\n", r->id, tw, r->title,
          r->own_count, r->nquestions, prim, prac);
}

int prep_bankset_print_roles(const struct prep_bankset *bs, FILE *out)
{
  /* the title column is as wide as the longest title */
  int tw = (int)strlen(bs->core.pub.title);
  for (size_t i = 0; i < bs->nroles; i++) {
    int w = (int)strlen(bs->roles[i]->pub.title);
    if (w > tw)
      tw = w;
  }
  fprintf(out, "%-18s %-*s %5s %6s %8s %9s\n", "ROLE", tw, "TITLE", "OWN",
          "TOTAL", "PRIMARY", "PRACTICE");
  print_row(out, &bs->core.pub, tw);
  for (size_t i = 0; i < bs->nroles; i++)
    print_row(out, &bs->roles[i]->pub, tw);
  return ferror(out) ? -1 : 0;
}
