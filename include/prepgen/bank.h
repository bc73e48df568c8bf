/* bank.h - question banks: roles, questions and questions to ask back.
 *
 * Owner: bank module (issue 4).  The banks are XML files described by
 * data/bank.rng (format v1).  data/banks/core.xml holds the shared
 * behavioural core; every other bundled bank defines one role.  A coach's
 * bank (--bank FILE) either extends a role (no <role> element: its questions
 * are added and a question with an existing id replaces the bundled one) or
 * adds/replaces a whole role (has a <role> element).
 *
 * Loading checks each file with a walk in bank.c that reports the first
 * problem as `line N` + a sentence a coach can act on; files a user gives
 * (and, on request, the bundled ones) are also validated by libxml2's RELAX
 * NG validator against data/bank.rng as a backstop.  Only bank.c sees
 * libxml2.
 *
 * Memory: a struct prep_bankset owns one arena.  Every model struct and
 * string below lives in it and stays valid until prep_bankset_free(),
 * except that prep_bankset_add_file() rebuilds the per-role question arrays
 * (re-read them from the role after adding a file).
 *
 * Ordering is deterministic: roles sorted by id; a role's questions are its
 * own questions in file order (coach additions appended), then the core
 * questions in file order.
 */
#ifndef PREPGEN_BANK_H
#define PREPGEN_BANK_H

#include <stddef.h>
#include <stdio.h>

#include "prepgen/diag.h"

struct prep_tags;

enum prep_q_category {
  PREP_QCAT_BEHAVIOURAL,
  PREP_QCAT_TECHNICAL,
  PREP_QCAT_SITUATIONAL,
  PREP_QCAT_COMPETENCY,
  PREP_QCAT_CULTURE_FIT,
  PREP_QCAT_COUNT
};

enum prep_q_tier { PREP_TIER_PRIMARY, PREP_TIER_PRACTICE, PREP_TIER_COUNT };

/* Interview stage kinds; a question's `stages` is a bit set of
 * (1u << kind). */
enum prep_stage_kind {
  PREP_STAGE_RECRUITER_SCREEN,
  PREP_STAGE_HIRING_MANAGER,
  PREP_STAGE_TECHNICAL_SCREEN,
  PREP_STAGE_CODING,
  PREP_STAGE_SYSTEM_DESIGN,
  PREP_STAGE_TAKE_HOME,
  PREP_STAGE_DEEP_DIVE,
  PREP_STAGE_BEHAVIOURAL,
  PREP_STAGE_FINAL,
  PREP_STAGE_CASE_STUDY,
  PREP_STAGE_PRESENTATION,
  PREP_STAGE_COUNT
};

enum prep_level {
  PREP_LEVEL_JUNIOR,
  PREP_LEVEL_MID,
  PREP_LEVEL_SENIOR,
  PREP_LEVEL_STAFF,
  PREP_LEVEL_COUNT
};

enum prep_interviewer {
  PREP_IV_RECRUITER,
  PREP_IV_HIRING_MANAGER,
  PREP_IV_ENGINEER,
  PREP_IV_PEER,
  PREP_IV_EXECUTIVE,
  PREP_IV_ANY,
  PREP_IV_COUNT
};

enum prep_star_part { PREP_STAR_S, PREP_STAR_T, PREP_STAR_A, PREP_STAR_R };

/* A list of strings (tags, pointers, follow-ups, ...). */
struct prep_strv {
  const char *const *v;
  size_t n;
};

struct prep_question {
  const char *id;   /* "core-conflict", "be-own-system" */
  const char *text; /* whitespace collapsed, like all prose here */
  enum prep_q_category category;
  enum prep_q_tier tier;
  unsigned stages;                 /* bits: 1u << enum prep_stage_kind */
  struct prep_strv topics;         /* topic tags (data/tags.tsv kind topic) */
  struct prep_strv themes;         /* theme tags */
  double levels[PREP_LEVEL_COUNT]; /* 0..1 per level */
  const char *why;
  struct prep_strv pointers;         /* 3..5 */
  struct prep_strv follow_ups;       /* 2..4 */
  const char *star[4];               /* indexed by enum prep_star_part; all NULL
                                        when the question has no <star> */
  struct prep_strv evidence_skills;  /* skill ids (data/skills.tsv) */
  struct prep_strv evidence_bullets; /* kinds of CV bullet, in words */
  int gap;               /* 1: structural gap (CVs rarely show it) */
  const char *bank_role; /* role attribute of the defining file */
  const char *source;    /* file name as given */
  unsigned line;         /* line of <question> */
};

struct prep_stage {
  enum prep_stage_kind kind;
  const char *name;
  const char *tests; /* what the stage tests */
};

struct prep_role {
  const char *id;     /* "backend"; "core" for the shared core */
  const char *family; /* "backend", ... (see bank.rng) */
  enum prep_level level_default;
  const char *title;
  struct prep_strv aliases; /* job titles that select this role */
  const char *summary;
  const struct prep_stage *stages;
  size_t nstages;
  struct prep_strv formats, screens_for, red_flags, stumbles;
  /* Questions for this role: own (incl. coach additions) first, then the
   * core; overrides applied; [0, own_count) are the role's own. */
  const struct prep_question *const *questions;
  size_t nquestions;
  size_t own_count;
  const char *source; /* file that defined the role */
  unsigned line;
};

/* Questions to ask the interviewer, one group per interviewer type.  Groups
 * from several files with the same type are merged in load order. */
struct prep_ask_group {
  enum prep_interviewer interviewer;
  struct prep_strv questions;
};

struct prep_bankset;

/* Loads data_dir/tags.tsv, data_dir/skills.tsv (when present) and every
 * data_dir/banks/NAME.xml in sorted name order (role-defining banks and the
 * core first, then banks that extend a role).  Bundled question ids must be
 * unique.  data_dir/bank.rng must exist; it is parsed once, when a file
 * first needs it, and kept for later files.  On success *out must be freed
 * with prep_bankset_free().  On failure records the first problem (FILE +
 * "line N" + sentence), sets *out to NULL and returns PREP_EDATA.
 *
 * Bundled banks are checked by the loader's own walk, which enforces
 * everything bank.rng does and more; RELAX NG validation is kept for files
 * added later (--bank, --check-bank).  `make check` and the unit tests
 * validate the bundled banks against bank.rng.  See bank.c, "Validation
 * policy". */
enum prep_status prep_bankset_load_dir(const char *data_dir,
                                       struct prep_bankset **out,
                                       struct prep_diag *d);

/* Flags for prep_bankset_load_dir_ex(). */
enum {
  /* also validate the bundled banks against bank.rng (slower; used by
   * --check-bank and the tests) */
  PREP_BANK_VALIDATE_BUNDLED = 1u
};

/* prep_bankset_load_dir() with flags (0 = the same thing). */
enum prep_status prep_bankset_load_dir_ex(const char *data_dir,
                                          unsigned flags,
                                          struct prep_bankset **out,
                                          struct prep_diag *d);

/* Only the shared core and the bank of role `role_id` (data_dir/banks/
 * ROLE_ID.xml): what one CV's plan needs, in a fraction of the time of
 * loading every bank.  Returns PREP_EINPUT without a message when there is
 * no such file (load them all then); other failures as load_dir. */
enum prep_status prep_bankset_load_role(const char *data_dir,
                                        const char *role_id,
                                        struct prep_bankset **out,
                                        struct prep_diag *d);

/* Adds a coach's bank (--bank FILE) to a loaded set, with the override
 * rules above.  On failure the set is left as it was. */
enum prep_status prep_bankset_add_file(struct prep_bankset *bs,
                                       const char *path, struct prep_diag *d);

/* --check-bank FILE: loads the bundled banks of data_dir (validated against
 * bank.rng too) and adds `path` to them, then throws everything away.
 * PREP_OK when the file is good. */
enum prep_status prep_bank_check_file(const char *data_dir, const char *path,
                                      struct prep_diag *d);

/* Frees the set and everything in it.  NULL is a no-op. */
void prep_bankset_free(struct prep_bankset *bs);

/* All roles except the core, sorted by id.  Borrowed from the set. */
const struct prep_role *const *prep_bankset_roles(const struct prep_bankset *bs,
                                                  size_t *n);
/* The role with this id ("core" gives the core) or NULL. */
const struct prep_role *prep_bankset_find_role(const struct prep_bankset *bs,
                                               const char *id);
/* The shared core as a pseudo-role (id "core", no stages). Never NULL. */
const struct prep_role *prep_bankset_core(const struct prep_bankset *bs);
/* Ask-the-interviewer groups in enum order (empty types left out). */
const struct prep_ask_group *
prep_bankset_ask_groups(const struct prep_bankset *bs, size_t *n);
/* Any question by id (across all roles and the core) or NULL. */
const struct prep_question *
prep_bankset_find_question(const struct prep_bankset *bs, const char *id);
/* The tag vocabulary the set was checked against. */
const struct prep_tags *prep_bankset_tags(const struct prep_bankset *bs);

/* --list-roles: one row per role (core first): id, title, own questions,
 * with core, primary and practice counts (of own + core).  Returns 0, or
 * -1 on a write error. */
int prep_bankset_print_roles(const struct prep_bankset *bs, FILE *out);

/* Names used in the XML and in dumps. */
const char *prep_q_category_name(enum prep_q_category c);
const char *prep_q_tier_name(enum prep_q_tier t);
const char *prep_stage_kind_name(enum prep_stage_kind k);
const char *prep_level_name(enum prep_level l);
const char *prep_interviewer_name(enum prep_interviewer i);
const char *prep_star_part_name(enum prep_star_part p);

#endif
