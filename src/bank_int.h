/* bank_int.h - internals shared by bank.c (XML) and bank_set.c (the set).
 *
 * Owner: bank module (issue 4).  Not part of the public API: only the two
 * bank files include it.  bank.c reads and checks one file into a struct
 * bankfile (libxml2 stays there); bank_set.c merges bankfiles into the set
 * and serves the accessors of bank.h.
 */
#ifndef PREPGEN_BANK_INT_H
#define PREPGEN_BANK_INT_H

#include <stddef.h>

#include "prepgen/bank.h"

struct prep_arena;

struct qvec {
  const struct prep_question **v;
  size_t n, cap;
};

struct svec {
  const char **v;
  size_t n, cap;
};

struct role_rec;

struct idmap_entry {
  const char *key;
  const struct prep_question *q;
  struct role_rec *owner;
};

/* Open addressing, power-of-two size, never more than half full. */
struct idmap {
  struct idmap_entry *e;
  size_t cap, count;
};

struct role_rec {
  struct prep_role pub;
  struct qvec own;  /* the role's own questions, in load order */
  struct qvec over; /* replacements of core questions for this role */
};

struct prep_bankset {
  struct prep_arena *arena;
  const struct prep_tags *tags;
  const char *tags_path;
  /* skill ids of data/skills.tsv as a hash set (bank.c): skills_cap slots,
   * a power of two, at most half used; NULL when the file is absent */
  const char **skills;
  size_t skills_cap;
  /* the tags of `tags` as a hash set by name, built like skills (bank.c) */
  const struct prep_tag **tagset;
  size_t tagset_cap;
  void *schema;            /* xmlRelaxNGPtr, owned by bank.c; parsed on first
                              use (see bank.c, "Validation policy") */
  const char *schema_path; /* data_dir/bank.rng */
  int validate_bundled;    /* PREP_BANK_VALIDATE_BUNDLED was given */
  struct role_rec core;
  struct role_rec **roles; /* sorted by id after each finalize */
  size_t nroles, caproles;
  const struct prep_role **role_view;
  struct svec ask[PREP_IV_COUNT];
  struct prep_ask_group *groups;
  size_t ngroups;
  struct idmap ids; /* every question id -> question, owner */
  size_t nfiles;
};

/* What one file holds, before it is merged into the set. */
struct bankfile {
  const char *path;
  const char *role_attr;
  unsigned bank_line;
  struct role_rec *role; /* malloc'd; NULL when the file has no <role> */
  struct qvec qs;
  struct svec ask[PREP_IV_COUNT];
};

/* Vectors and the id map (bank_set.c).  Vectors are malloc'd; strings and
 * questions they point to live in the set's arena. */
void prep_bank_qvec_push(struct qvec *q, const struct prep_question *x);
void prep_bank_svec_push(struct svec *s, const char *x);
struct prep_strv prep_bank_svec_freeze(struct prep_arena *a,
                                       const struct svec *s);
struct idmap_entry *prep_bank_idmap_find(const struct idmap *m,
                                         const char *key);
void prep_bank_idmap_put(struct idmap *m, const char *key,
                         const struct prep_question *q, struct role_rec *owner);
/* Sizes an empty map for n keys (no rehash while they go in). */
void prep_bank_idmap_reserve(struct idmap *m, size_t n);
void prep_bank_idmap_clear(struct idmap *m);

/* Name tables indexed by the enums of bank.h. */
extern const char *const prep_bank_category_names[PREP_QCAT_COUNT];
extern const char *const prep_bank_tier_names[PREP_TIER_COUNT];
extern const char *const prep_bank_stage_names[PREP_STAGE_COUNT];
extern const char *const prep_bank_level_names[PREP_LEVEL_COUNT];
extern const char *const prep_bank_interviewer_names[PREP_IV_COUNT];
extern const char *const prep_bank_family_names[];
extern const size_t prep_bank_nfamilies;

/* A new empty set with its arena and the core pseudo-role. */
struct prep_bankset *prep_bank_set_new(void);
void prep_bank_file_free(struct bankfile *f);

/* Checks that f can be merged (no change to the set); on a conflict records
 * one error and returns -1.  bundled: ids must be new. */
int prep_bank_merge_check(struct prep_bankset *bs, const struct bankfile *f,
                          int bundled, struct prep_diag *d);
/* Merges a checked file (takes over f->role).  The views are stale until
 * prep_bank_finalize() runs: a batch of merges needs one finalize. */
void prep_bank_merge(struct prep_bankset *bs, struct bankfile *f);
/* Rebuilds sorted roles, per-role question arrays, ask groups, id index. */
void prep_bank_finalize(struct prep_bankset *bs);

/* Frees the compiled schema (bank.c: the only file that knows its type). */
void prep_bank_schema_free(void *schema);

#endif
