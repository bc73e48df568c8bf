/* plan.h - the plan: ranked questions, evidence, stories and STAR scaffolds.
 *
 * Produced by prep_rank() (rank.c) from the facts, the document and the
 * question banks; scaffolds are filled by prep_scaffold() (scaffold.c).
 * Read by the pack composer, --plan (JSON) and --dump=plan.
 *
 * Nothing here is invented: every piece of CV text in a plan is a pointer to
 * (or a verbatim substring of) a block of the document, with its block index
 * so its source position can be printed.  Text that does not come from the
 * CV comes from the bank or from the fixed prompts in scaffold.c.  All
 * memory lives in the run arena.
 */
#ifndef PREPGEN_PLAN_H
#define PREPGEN_PLAN_H

#include <stddef.h>
#include <stdio.h>

#include "prepgen/bank.h"
#include "prepgen/diag.h"

struct prep_arena;
struct prep_bankset;
struct prep_doc;
struct prep_facts;
struct prep_taxonomy;

/* How well the CV backs a topic or theme. */
enum prep_grade {
  PREP_GRADE_NONE,   /* absent */
  PREP_GRADE_WEAK,   /* only in a skills list */
  PREP_GRADE_MEDIUM, /* in a bullet or sentence, no measured result */
  PREP_GRADE_STRONG  /* in a first-person bullet with a measured result */
};

const char *prep_grade_name(enum prep_grade g);
/* One letter for print: S M W - */
char prep_grade_letter(enum prep_grade g);

/* Flags of a planned question. */
enum prep_item_flag {
  PREP_IF_CLAIM_RISK = 1u << 0, /* a listed skill no bullet backs up */
  PREP_IF_GAP = 1u << 1,        /* structural gap: CVs rarely show it */
  PREP_IF_JOB = 1u << 2,        /* a topic the job posting asks for */
  PREP_IF_PRIORITY = 1u << 3    /* among the prep priorities */
};

/* A CV line quoted as evidence: verbatim, with where it came from. */
struct prep_quote {
  size_t block;          /* index into doc->blocks */
  const char *text;      /* the block text, verbatim */
  enum prep_grade grade; /* what this line shows */
  const char *why;       /* what matched, in words ("PostgreSQL, a result") */
};

/* A story: a piece of the candidate's experience that answers questions. */
struct prep_story {
  const char *id;        /* "S1", "S2", ... in CV order */
  const char *title;     /* short title built from facts (role, company) */
  const char *role;      /* job title or NULL (verbatim fact) */
  const char *org;       /* company or project name or NULL (verbatim) */
  const char *dates;     /* the date text as written, or NULL */
  size_t job, project;   /* index into facts jobs / projects or (size_t)-1 */
  size_t *bullets;       /* block indexes, strongest first */
  size_t nbullets;
  size_t *results;       /* indexes into facts->results */
  size_t nresults;
  const char **tags;     /* topics and themes it can serve (sorted) */
  size_t ntags;
  int pre_tech;          /* from a non-technical job (career changers) */
  double strength;       /* for ordering: results, bullets, action verbs */
  size_t *questions;     /* indexes into plan->items it serves (<= 3) */
  size_t nquestions;
};

/* The STAR scaffold of one question. */
struct prep_scaffold {
  const char *situation; /* from the story's facts, or the bank's prompt */
  const char *task;
  const struct prep_quote *action; /* bullets quoted verbatim */
  size_t naction;
  const char **action_prompts;     /* "I, not we" and similar prompts */
  size_t naction_prompts;
  const char **result;   /* result spans verbatim, or "[add a number: ...]" */
  size_t nresult;
  int result_missing;    /* 1 when the story has no number */
  const char *prompt[4]; /* the bank's STAR prompts (NULL when none) */
  const char **defend;   /* "defend the decision" prompts */
  size_t ndefend;
  int empty;             /* no story: prompts only */
};

/* One question of the plan. */
struct prep_plan_item {
  const struct prep_question *q; /* borrowed from the bank set */
  double likelihood;     /* 0..1 */
  double evidence;       /* 0..1 (from the grade) */
  double priority;       /* likelihood * (1 - evidence) */
  enum prep_grade grade;
  unsigned flags;        /* enum prep_item_flag */
  struct prep_quote *quotes; /* best evidence first (at most 4) */
  size_t nquotes;
  const char **claim_skills; /* listed-but-unbacked skills it touches */
  size_t nclaim_skills;
  size_t story;          /* index into plan->stories or (size_t)-1 */
  struct prep_scaffold scaffold;
  const char *why_score; /* score breakdown in words, or NULL unless
                            opts.explain */
};

/* A topic or theme row of the evidence map. */
struct prep_topic_row {
  const char *tag;
  int is_theme;
  enum prep_grade grade;
  size_t nquestions;     /* questions of the plan that use it */
};

struct prep_claim_risk {
  const char *skill;     /* display name */
  const char *id;
  size_t block;          /* where it is listed */
  int expert;            /* called expert/advanced/fluent */
};

struct prep_plan {
  const struct prep_role *role;
  const char *role_why;  /* how the role was chosen, in words */
  enum prep_level level;
  const char *level_why;
  const char *company;   /* --company or NULL */
  struct prep_plan_item *items; /* rank order: primary first, then practice */
  size_t nitems;
  size_t nprimary;
  size_t *priorities;    /* indexes into items, highest priority first */
  size_t npriorities;
  struct prep_story *stories;
  size_t nstories;
  struct prep_topic_row *topics; /* every tag the role's questions use */
  size_t ntopics;
  struct prep_claim_risk *claims;
  size_t nclaims;
  /* --job: the posting's skills the CV has and lacks (display names). */
  const char **job_have, **job_lack;
  size_t njob_have, njob_lack;
  int has_job;
  int general;           /* the CV gave nothing to go on (facts->near_empty):
                            the role's general preparation, and the pack
                            says so */
};

struct prep_plan_opts {
  const char *role;      /* --role: id or alias, or NULL (from the facts) */
  const char *level;     /* --level junior|mid|senior|staff or NULL */
  const char *job_path;  /* --job FILE or NULL */
  const char *company;   /* --company or NULL */
  int top;               /* --top N primary questions (0 = all) */
  int explain;           /* fill why_score (--explain) */
};

/* Ranks the role's questions against the facts and builds the stories and
 * scaffolds.  Returns PREP_OK; PREP_EINPUT when --role names no installed
 * role or the --job file cannot be read (with an error in diag).  *out
 * lives in arena `a`. */
enum prep_status prep_rank(const struct prep_doc *doc,
                           const struct prep_facts *facts,
                           const struct prep_bankset *banks,
                           const struct prep_taxonomy *tax,
                           const struct prep_plan_opts *opts,
                           struct prep_arena *a, struct prep_plan **out,
                           struct prep_diag *diag);

/* Fills item->scaffold for every item from its story (scaffold.c); called
 * by prep_rank. */
void prep_scaffold_fill(const struct prep_doc *doc,
                        const struct prep_facts *facts,
                        struct prep_plan *plan, struct prep_arena *a);

/* --plan: the plan as one JSON object (questions in rank order with
 * scores, grades, flags, evidence quotes with source positions, story and
 * scaffold; with `explain`, the score breakdown).  plan_json.c.  Returns 0
 * or -1 on a write error. */
int prep_plan_write_json(FILE *out, const struct prep_doc *doc,
                         const struct prep_plan *plan, int explain);

/* --dump=plan: stable text for golden tests (dump.c). */
void prep_dump_plan(FILE *out, const struct prep_doc *doc,
                    const struct prep_plan *plan);

/* 1 when s is one of junior, mid, senior, staff; sets *out. */
int prep_level_parse(const char *s, enum prep_level *out);

#endif
