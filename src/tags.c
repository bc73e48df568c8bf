/* tags.c - loads data/tags.tsv, the topic/theme vocabulary (see tags.h).
 *
 * Consumes a small line-oriented file we ship; produces a sorted table in a
 * long-lived arena.  It ignores the description column except to keep it
 * for dumps.  Like every data loader it stops at the first bad row.
 */
#include "prepgen/tags.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "prepgen/arena.h"

/* The vocabulary is a few hundred short lines; 1 MiB leaves ample room and
 * stops a wrong path (a log, /dev/zero) early. */
#define TAGS_MAX_BYTES (1024u * 1024u)
/* A tag is a short slug. */
#define TAGS_MAX_NAME 64u

const char *prep_tag_kind_name(enum prep_tag_kind k)
{
  return k == PREP_TAG_THEME ? "theme" : "topic";
}

static int is_slug(const char *s, size_t n)
{
  if (n == 0 || n > TAGS_MAX_NAME || s[0] == '-' || s[n - 1] == '-')
    return 0;
  for (size_t i = 0; i < n; i++) {
    char c = s[i];
    if (!((c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '-'))
      return 0;
    if (c == '-' && i > 0 && s[i - 1] == '-')
      return 0;
  }
  return 1;
}

static int cmp_tag(const void *a, const void *b)
{
  const struct prep_tag *x = a, *y = b;
  return strcmp(x->name, y->name);
}

/* Reads the whole file (capped) into a malloc'd NUL-terminated buffer. */
static char *slurp(const char *path, size_t *len, int *too_big)
{
  *too_big = 0;
  FILE *f = fopen(path, "rb");
  if (!f)
    return NULL;
  char *buf = prep_xmalloc(TAGS_MAX_BYTES + 2);
  size_t n = fread(buf, 1, TAGS_MAX_BYTES + 1, f);
  int err = ferror(f);
  fclose(f);
  if (err) {
    free(buf);
    return NULL;
  }
  if (n > TAGS_MAX_BYTES) {
    *too_big = 1;
    free(buf);
    return NULL;
  }
  buf[n] = '\0';
  *len = n;
  return buf;
}

enum prep_status prep_tags_load(const char *path, struct prep_arena *a,
                                const struct prep_tags **out,
                                struct prep_diag *d)
{
  size_t len = 0;
  int too_big = 0;
  *out = NULL;
  char *buf = slurp(path, &len, &too_big);
  if (!buf) {
    if (too_big)
      prep_diag_add(d, PREP_SEV_ERROR, path, NULL,
                    "the tag vocabulary is larger than %u bytes",
                    TAGS_MAX_BYTES);
    else
      prep_diag_add(d, PREP_SEV_ERROR, path, NULL,
                    "cannot read the tag vocabulary: %s", strerror(errno));
    return PREP_EDATA;
  }

  size_t cap = 128, count = 0;
  struct prep_tag *items = prep_xmalloc(cap * sizeof *items);
  enum prep_status st = PREP_OK;
  unsigned lineno = 0;
  char where[32];
  char *p = buf;
  while (*p) {
    char *eol = strchr(p, '\n');
    char *next = eol ? eol + 1 : p + strlen(p);
    size_t n = (size_t)((eol ? eol : next) - p);
    if (n > 0 && p[n - 1] == '\r')
      n--;
    lineno++;
    snprintf(where, sizeof where, "line %u", lineno);
    if (n == 0 || p[0] == '#') {
      p = next;
      continue;
    }
    /* columns: tag, kind, description */
    char *tab1 = memchr(p, '\t', n);
    if (!tab1) {
      prep_diag_add(d, PREP_SEV_ERROR, path, where,
                    "expected 'tag<TAB>kind<TAB>description'");
      st = PREP_EDATA;
      break;
    }
    size_t nlen = (size_t)(tab1 - p);
    char *kind = tab1 + 1;
    char *tab2 = memchr(kind, '\t', n - nlen - 1);
    size_t klen = tab2 ? (size_t)(tab2 - kind) : n - nlen - 1;
    if (!is_slug(p, nlen)) {
      prep_diag_add(d, PREP_SEV_ERROR, path, where,
                    "a tag must be lowercase letters, digits and hyphens");
      st = PREP_EDATA;
      break;
    }
    struct prep_tag t;
    memset(&t, 0, sizeof t);
    if (klen == 5 && memcmp(kind, "topic", 5) == 0)
      t.kind = PREP_TAG_TOPIC;
    else if (klen == 5 && memcmp(kind, "theme", 5) == 0)
      t.kind = PREP_TAG_THEME;
    else {
      prep_diag_add(d, PREP_SEV_ERROR, path, where,
                    "the kind of tag '%.*s' must be 'topic' or 'theme'",
                    (int)nlen, p);
      st = PREP_EDATA;
      break;
    }
    t.name = prep_arena_strndup(a, p, nlen);
    if (tab2) {
      size_t dlen = n - nlen - 1 - klen - 1;
      t.desc = prep_arena_strndup(a, tab2 + 1, dlen);
    } else {
      t.desc = "";
    }
    t.line = lineno;
    if (count == cap) {
      cap *= 2;
      items = prep_xrealloc(items, cap * sizeof *items);
    }
    items[count++] = t;
    p = next;
  }

  if (st == PREP_OK) {
    qsort(items, count, sizeof *items, cmp_tag);
    for (size_t i = 1; i < count; i++) {
      if (strcmp(items[i - 1].name, items[i].name) == 0) {
        unsigned l1 = items[i - 1].line, l2 = items[i].line;
        snprintf(where, sizeof where, "line %u", l1 > l2 ? l1 : l2);
        prep_diag_add(d, PREP_SEV_ERROR, path, where,
                      "duplicate tag '%s' (first listed at line %u)",
                      items[i].name, l1 < l2 ? l1 : l2);
        st = PREP_EDATA;
        break;
      }
    }
  }
  if (st == PREP_OK) {
    struct prep_tags *t = prep_arena_alloc(a, sizeof *t);
    struct prep_tag *copy =
        prep_arena_alloc(a, (count ? count : 1) * sizeof *copy);
    if (count)
      memcpy(copy, items, count * sizeof *copy);
    t->items = copy;
    t->count = count;
    t->path = prep_arena_strdup(a, path);
    *out = t;
  }
  free(items);
  free(buf);
  return st;
}

const struct prep_tag *prep_tags_findn(const struct prep_tags *t,
                                       const char *name, size_t len)
{
  size_t lo = 0, hi = t ? t->count : 0;
  while (lo < hi) {
    size_t mid = lo + (hi - lo) / 2;
    const char *m = t->items[mid].name;
    int c = strncmp(m, name, len);
    if (c == 0)
      c = m[len] == '\0' ? 0 : 1;
    if (c == 0)
      return &t->items[mid];
    if (c < 0)
      lo = mid + 1;
    else
      hi = mid;
  }
  return NULL;
}

const struct prep_tag *prep_tags_find(const struct prep_tags *t,
                                      const char *name)
{
  return prep_tags_findn(t, name, strlen(name));
}
