/* extract.h - the fact extraction stage: doc -> facts.
 *
 * Owner: extraction stage (issue 3).  Two halves:
 *
 *  - the taxonomy (struct prep_taxonomy, opaque): the data files that drive
 *    extraction (data/skills.tsv, themes.tsv, sections.tsv, months.tsv,
 *    titles.tsv, checked against tags.tsv) loaded once per process, with
 *    every PCRE2 pattern compiled (and JIT-compiled) once.  It is read-only
 *    after loading and may be shared by every CV of a batch (not by threads
 *    at once: it owns one JIT stack and match context);
 *
 *  - prep_extract(): one CV's doc in, one struct prep_facts out (facts.h),
 *    allocated in the run arena.
 *
 * PCRE2 stays inside src/extract*.c and src/taxonomy.c; its types never
 * appear here.  Regexes run on bounded windows (one block, at most
 * PREP_MAX_LINE bytes; single tokens for email/URL/phone) with match, depth
 * and heap limits; a window that hits a limit counts as "no fact here".
 */
#ifndef PREPGEN_EXTRACT_H
#define PREPGEN_EXTRACT_H

#include <stddef.h>
#include <stdio.h>

#include "prepgen/diag.h"
#include "prepgen/facts.h"

struct prep_arena;
struct prep_doc;
struct prep_taxonomy;

/* One skill of the taxonomy (borrowed from it; lives as long as it). */
struct prep_skill_def {
  const char *id;          /* canonical id: lowercase slug ("postgresql") */
  const char *name;        /* display name ("PostgreSQL") */
  enum prep_skill_category category;
  const char *const *topics; /* topic tags (data/tags.tsv) */
  size_t ntopics;
  int ambiguous;           /* some alias needs corroboration (Go, R, ...) */
  const char *const *families; /* role families it points to (may be 0) */
  size_t nfamilies;
};

/* Loads the taxonomy from data_dir.  On a missing file or a bad row records
 * "FILE" + "line N" + the problem in diag and returns PREP_EDATA; on success
 * *out is owned by the caller (prep_taxonomy_free).  Never prints. */
enum prep_status prep_taxonomy_load(const char *data_dir,
                                    struct prep_taxonomy **out,
                                    struct prep_diag *diag);

void prep_taxonomy_free(struct prep_taxonomy *t);

size_t prep_taxonomy_nskills(const struct prep_taxonomy *t);
const struct prep_skill_def *prep_taxonomy_skill(const struct prep_taxonomy *t,
                                                 size_t i);
/* The skill with canonical id `id`, or NULL. */
const struct prep_skill_def *prep_taxonomy_find_skill(
    const struct prep_taxonomy *t, const char *id);

/* Matching on arbitrary text, for the --job posting (issue 5) and for tests.
 * `text` must be valid UTF-8 (doc block text is); it is scanned in windows
 * of at most PREP_MAX_LINE bytes.  For each skill mention the callback gets
 * the skill and the byte span.  `listed` says the text is a skills list (an
 * ambiguous name such as "Go" then counts without other corroboration).
 * Returns the number of mentions reported. */
typedef void (*prep_skill_cb)(void *ctx, const struct prep_skill_def *s,
                              size_t off, size_t len);
size_t prep_taxonomy_match_skills(const struct prep_taxonomy *t,
                                  const char *text, size_t len, int listed,
                                  prep_skill_cb cb, void *ctx);

/* Theme phrases (data/themes.tsv) and skill topics found in `text`: the
 * callback gets each tag (a data/tags.tsv name, borrowed from the taxonomy),
 * its kind ("theme" or "topic") and the span that matched.  Returns the
 * number of matches. */
typedef void (*prep_tag_cb)(void *ctx, const char *tag, const char *kind,
                            size_t off, size_t len);
size_t prep_taxonomy_match_tags(const struct prep_taxonomy *t,
                                const char *text, size_t len,
                                prep_tag_cb cb, void *ctx);

/* Theme phrases only (data/themes.tsv), each row reported at most once
 * per window.  The ranking stage uses this: skill topics it already has
 * from the facts. */
size_t prep_taxonomy_match_themes(const struct prep_taxonomy *t,
                                  const char *text, size_t len,
                                  prep_tag_cb cb, void *ctx);

/* What a job title says about the job, from data/titles.tsv: 1 a tech
 * job ("engineer", "developer", or a role family), 0 a non-tech job
 * ("teacher", "nurse", "store manager"), -1 unknown. */
int prep_taxonomy_title_kind(const struct prep_taxonomy *t, const char *title);

/* Options for one extraction. */
struct prep_extract_opts {
  const char *as_of;   /* "YYYY-MM" (already validated) or NULL */
  const char *path;    /* the CV file: its mtime is the fallback as-of date */
  const char *name;    /* how diagnostics name the file */
  int near_empty_ok;   /* 1: near-empty text gives empty facts
                          (facts->near_empty) and a warning instead of
                          PREP_EINPUT */
  const char *near_empty_note; /* the warning's second half ("the facts
                                  are empty" when NULL) */
  /* Facts a reader states exactly (JSON Resume, prep_read_input): its
   * contact, summary, jobs, education, certificates, projects and
   * languages (block indexes into doc, memory in the same arena) are
   * taken instead of being found; sections, skills, results, experience,
   * role family and seniority are derived from doc as usual.  NULL:
   * extract everything. */
  const struct prep_facts *given;
};

/* 1 when s is a valid "YYYY-MM" (1900..2199, month 01..12). */
int prep_extract_valid_as_of(const char *s);

/* Extracts the facts of `doc`.  *out lives in arena `a`.  Returns PREP_OK,
 * or PREP_EINPUT with an error in diag when the text is too short to be a
 * CV ("this file has too little text to be a CV"): a near-empty file never
 * becomes a made-up profile.  Warnings (in facts->warnings) are not
 * copied to diag. */
enum prep_status prep_extract(const struct prep_doc *doc,
                              const struct prep_taxonomy *tax,
                              const struct prep_extract_opts *opts,
                              struct prep_arena *a, struct prep_facts **out,
                              struct prep_diag *diag);

/* Theme and topic tags per block, computed on demand for issue 5: for
 * block i, calls cb for each tag its text matches.  Same as
 * prep_taxonomy_match_tags on doc->blocks[i].text. */
size_t prep_extract_block_tags(const struct prep_taxonomy *tax,
                               const struct prep_doc *doc, size_t i,
                               prep_tag_cb cb, void *ctx);

/* --facts: the facts as one JSON Resume (v1.2.1) object with an
 * "x-prepgen" extension, pretty-printed with a stable key order, then a
 * newline.  Returns 0, or -1 when writing failed (facts_json.c). */
int prep_facts_write_json(FILE *out, const struct prep_doc *doc,
                          const struct prep_facts *f);

/* --explain: per field, the candidate lines with their scores (text). */
void prep_facts_write_explain(FILE *out, const struct prep_doc *doc,
                              const struct prep_facts *f);

/* --dump=facts: stable text for golden tests (dump.c). */
void prep_dump_facts(FILE *out, const struct prep_doc *doc,
                     const struct prep_facts *f);

#endif
