/* tags.h - the topic and theme vocabulary (data/tags.tsv).
 *
 * Owner: bank module (issue 4).  Tags are the words that join CV facts to
 * questions: a skill in data/skills.tsv names its topic tags, a theme phrase
 * names its theme tag, and a bank question lists the topics and themes it is
 * about.  The bank loader checks every question tag here; the extraction
 * stage can reuse the same table.
 *
 * File format: one tag a line, `tag<TAB>kind<TAB>description`, kind is
 * "topic" or "theme"; `#` starts a comment line; blank lines are ignored.
 * The loader stops at the first bad row and reports `FILE` + `line N`.
 */
#ifndef PREPGEN_TAGS_H
#define PREPGEN_TAGS_H

#include <stddef.h>

#include "prepgen/diag.h"

struct prep_arena;

enum prep_tag_kind { PREP_TAG_TOPIC, PREP_TAG_THEME };

struct prep_tag {
  const char *name; /* lowercase slug, e.g. "databases" */
  enum prep_tag_kind kind;
  const char *desc; /* description column ("" when absent) */
  unsigned line;    /* line in tags.tsv */
};

/* The vocabulary, sorted by name (bytewise) for binary search. */
struct prep_tags {
  const struct prep_tag *items;
  size_t count;
  const char *path; /* file it was loaded from */
};

/* Loads `path` into arena `a`.  On success *out lives in `a`.  On failure
 * (missing file, bad row, duplicate tag) records one error in `d` and
 * returns PREP_EDATA. */
enum prep_status prep_tags_load(const char *path, struct prep_arena *a,
                                const struct prep_tags **out,
                                struct prep_diag *d);

/* The tag named name[0..len) or NULL.  Borrowed from the table. */
const struct prep_tag *prep_tags_findn(const struct prep_tags *t,
                                       const char *name, size_t len);
const struct prep_tag *prep_tags_find(const struct prep_tags *t,
                                      const char *name);

/* "topic" or "theme". */
const char *prep_tag_kind_name(enum prep_tag_kind k);

#endif
