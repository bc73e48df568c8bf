/* bank.c - loads the question banks (data/banks/NAME.xml, --bank FILE).
 *
 * Consumes XML files in the format of data/bank.rng (v1) plus the tag
 * vocabulary (data/tags.tsv) and, when present, the skill ids of
 * data/skills.tsv.  Produces a struct prep_bankset: roles, the shared core,
 * questions and ask-the-interviewer groups, all in one long-lived arena.
 *
 * Banks are trusted less than code (SECURITY.md section 5): each file is
 * read into memory under a size cap, pre-scanned (no DOCTYPE or entity
 * declarations, bounded depth and attribute counts), parsed from memory
 * with network access off and an entity loader that refuses everything,
 * then checked twice:
 *   1. a walk of the tree that mirrors bank.rng and adds the checks RELAX NG
 *      cannot express (counts, ids, tags, skills); it reports the FIRST
 *      problem as "line N" + a sentence a coach can act on, and builds the
 *      model as it goes;
 *   2. libxml2's RELAX NG validator with the schema parsed once per set, as
 *      a backstop: its messages are translated into plain words.
 * Nothing here prints; problems go to the diagnostics sink.  Only this file
 * includes libxml2.  Merging checked files into the set, the views and the
 * accessors live in bank_set.c (shared structs: bank_int.h).
 */
#include "prepgen/bank.h"

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include <libxml/catalog.h>
#include <libxml/parser.h>
#include <libxml/relaxng.h>
#include <libxml/tree.h>
#include <libxml/xmlerror.h>

#include "bank_int.h"
#include "prepgen/arena.h"
#include "prepgen/tags.h"

/* ------------------------------------------------------------------ */
/* Limits                                                              */
/* ------------------------------------------------------------------ */

/* A full role bank is ~150 KB; 2 MiB leaves room for a big coach bank and
 * stops a wrong path (a log, /dev/zero) before parsing. */
#define BANK_MAX_BYTES (2u * 1024u * 1024u)
/* The format nests 6 deep; anything past 32 is not a bank. */
#define BANK_MAX_DEPTH 32u
/* The widest element (<levels>) has 4 attributes; libxml2 2.9.14 checks
 * duplicate attributes quadratically, so a flood must stop before parsing. */
#define BANK_MAX_ATTRS 32u
/* One start tag's bytes: same reason. */
#define BANK_MAX_TAG (16u * 1024u)
/* Bundled and coach banks together: a directory of thousands of files is a
 * mistake, not a bank set. */
#define BANK_MAX_FILES 256u
/* skills.tsv is read only for its first column. */
#define SKILLS_MAX_BYTES (4u * 1024u * 1024u)
/* The schema we ship is ~10 KB. */
#define SCHEMA_MAX_BYTES (1024u * 1024u)

/* ------------------------------------------------------------------ */
/* Files                                                               */
/* ------------------------------------------------------------------ */

/* Reads a regular file of at most `cap` bytes into a malloc'd buffer with
 * a NUL after the data.  Returns NULL and sets *why on failure. */
static char *read_capped(const char *path, size_t cap, size_t *len,
                         const char **why)
{
  *why = NULL;
  int fd = open(path, O_RDONLY | O_CLOEXEC | O_NONBLOCK);
  if (fd < 0) {
    *why = strerror(errno);
    return NULL;
  }
  struct stat st;
  if (fstat(fd, &st) != 0 || !S_ISREG(st.st_mode)) {
    close(fd);
    *why = "not a regular file";
    return NULL;
  }
  if ((unsigned long long)st.st_size > cap) {
    close(fd);
    *why = "too big";
    return NULL;
  }
  size_t want = (size_t)st.st_size + 1, got = 0;
  char *buf = prep_xmalloc(want + 1);
  while (got < want) {
    ssize_t r = read(fd, buf + got, want - got);
    if (r < 0 && errno == EINTR)
      continue;
    if (r < 0) {
      *why = strerror(errno);
      break;
    }
    if (r == 0)
      break;
    got += (size_t)r;
  }
  close(fd);
  if (!*why && got > cap)
    *why = "too big";
  if (*why) {
    free(buf);
    return NULL;
  }
  buf[got] = '\0';
  *len = got;
  return buf;
}

/* ------------------------------------------------------------------ */
/* libxml2 setup and error capture                                     */
/* ------------------------------------------------------------------ */

/* Banks never need external resources: refuse every load (XML_PARSE_NONET
 * alone still allows file:// and plain paths). */
static xmlParserInputPtr refuse_loader(const char *url, const char *id,
                                       xmlParserCtxtPtr ctxt)
{
  (void)url;
  (void)id;
  (void)ctxt;
  return NULL;
}

static void silent_generic(void *ctx, const char *msg, ...)
{
  (void)ctx;
  (void)msg;
}

static void xml_init_once(void)
{
  static int done;
  if (done)
    return;
  done = 1;
  xmlInitParser();
  xmlSetExternalEntityLoader(refuse_loader);
  xmlCatalogSetDefaults(XML_CATA_ALLOW_NONE);
}

/* The first error libxml2 reports while we parse or validate one file. */
struct xerr {
  int have;
  int domain, code;
  long line;
  char msg[256];
  char node[64];
};

static void capture_error(void *ctx, xmlErrorPtr e)
{
  struct xerr *x = ctx;
  if (x->have || !e || e->level == XML_ERR_WARNING)
    return;
  x->have = 1;
  x->domain = e->domain;
  x->code = e->code;
  x->line = e->line;
  x->node[0] = '\0';
  if (e->node && ((xmlNodePtr)e->node)->name) {
    xmlNodePtr n = e->node;
    snprintf(x->node, sizeof x->node, "%s", (const char *)n->name);
    if (x->line <= 0)
      x->line = xmlGetLineNo(n);
  }
  snprintf(x->msg, sizeof x->msg, "%s", e->message ? e->message : "");
  size_t n = strlen(x->msg);
  while (n && (x->msg[n - 1] == '\n' || x->msg[n - 1] == ' '))
    x->msg[--n] = '\0';
}

/* Installs capture_error (and silences the generic handler) for the
 * duration of one parse; restores whatever the caller had. */
struct handlers {
  xmlStructuredErrorFunc sfunc;
  void *sctx;
  xmlGenericErrorFunc gfunc;
  void *gctx;
};

static void handlers_push(struct handlers *h, struct xerr *x)
{
  h->sfunc = xmlStructuredError;
  h->sctx = xmlStructuredErrorContext;
  h->gfunc = xmlGenericError;
  h->gctx = xmlGenericErrorContext;
  xmlSetGenericErrorFunc(NULL, silent_generic);
  xmlSetStructuredErrorFunc(x, capture_error);
}

static void handlers_pop(const struct handlers *h)
{
  xmlSetStructuredErrorFunc(h->sctx, h->sfunc);
  xmlSetGenericErrorFunc(h->gctx, h->gfunc);
}

/* ------------------------------------------------------------------ */
/* Error reporting for one file                                        */
/* ------------------------------------------------------------------ */

struct ctx {
  struct prep_bankset *bs;
  struct prep_arena *a;
  struct prep_diag *d;
  const char *path;
  int failed;
  int bundled; /* bundled banks: ids must be new */
  struct bankfile *f;
  struct idmap local; /* ids seen in this file */
};

static void fail_at(struct ctx *c, long line, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));

static void fail_at(struct ctx *c, long line, const char *fmt, ...)
{
  if (c->failed)
    return; /* only the first problem: the rest often follow from it */
  c->failed = 1;
  char msg[480], where[32];
  va_list ap;
  va_start(ap, fmt);
  vsnprintf(msg, sizeof msg, fmt, ap);
  va_end(ap);
  if (line > 0) {
    snprintf(where, sizeof where, "line %ld", line);
    prep_diag_add(c->d, PREP_SEV_ERROR, c->path, where, "%s", msg);
  } else {
    prep_diag_add(c->d, PREP_SEV_ERROR, c->path, NULL, "%s", msg);
  }
}

static long line_of(xmlNodePtr n)
{
  return n ? xmlGetLineNo(n) : 0;
}

/* "one of: a, b, c" into buf. */
static const char *one_of(char *buf, size_t size, const char *const *names,
                          size_t n)
{
  size_t used = 0;
  buf[0] = '\0';
  for (size_t i = 0; i < n && used < size; i++) {
    int w = snprintf(buf + used, size - used, "%s%s", i ? ", " : "", names[i]);
    if (w < 0)
      break;
    used += (size_t)w;
  }
  return buf;
}

static int lookup(const char *s, const char *const *names, size_t n)
{
  for (size_t i = 0; i < n; i++)
    if (strcmp(s, names[i]) == 0)
      return (int)i;
  return -1;
}

/* ------------------------------------------------------------------ */
/* Pre-scan: DOCTYPE, depth, attribute floods                          */
/* ------------------------------------------------------------------ */

/* A byte walk over the raw file before libxml2 sees it.  It does not try
 * to understand XML fully: it skips comments, CDATA and processing
 * instructions, counts '=' outside quotes in start tags and tracks depth.
 * Anything it cannot make sense of is left for the parser to report. */
static int prescan(struct ctx *c, const char *p, size_t n)
{
  long line = 1;
  unsigned depth = 0;
  size_t i = 0;
  /* a BOM is fine; XML_PARSE_* handles it */
  while (i < n) {
    char ch = p[i];
    if (ch == '\n') {
      line++;
      i++;
      continue;
    }
    if (ch != '<') {
      i++;
      continue;
    }
    const char *endmark = NULL;
    if (n - i >= 4 && memcmp(p + i, "<!--", 4) == 0)
      endmark = "-->";
    else if (n - i >= 9 && memcmp(p + i, "<![CDATA[", 9) == 0)
      endmark = "]]>";
    else if (n - i >= 2 && p[i + 1] == '?')
      endmark = "?>";
    if (endmark) {
      size_t el = strlen(endmark);
      i += 2;
      while (i < n && !(n - i >= el && memcmp(p + i, endmark, el) == 0)) {
        if (p[i] == '\n')
          line++;
        i++;
      }
      i += el;
      continue;
    }
    if (n - i >= 2 && p[i + 1] == '!') {
      fail_at(c, line,
              "a bank must not contain a DOCTYPE or entity declarations; "
              "remove the <!DOCTYPE ...> part");
      return -1;
    }
    int closing = n - i >= 2 && p[i + 1] == '/';
    size_t start = i;
    long tag_line = line;
    unsigned attrs = 0;
    char quote = 0;
    for (i++; i < n; i++) {
      char t = p[i];
      if (t == '\n')
        line++;
      if (quote) {
        if (t == quote)
          quote = 0;
      } else if (t == '"' || t == '\'') {
        quote = t;
      } else if (t == '=') {
        attrs++;
      } else if (t == '>') {
        break;
      }
      if (i - start > BANK_MAX_TAG) {
        fail_at(c, tag_line, "a tag is longer than %u bytes", BANK_MAX_TAG);
        return -1;
      }
    }
    if (attrs > BANK_MAX_ATTRS) {
      fail_at(c, tag_line, "an element has more than %u attributes",
              BANK_MAX_ATTRS);
      return -1;
    }
    if (i >= n)
      break; /* unterminated: the parser will say so */
    if (closing) {
      if (depth)
        depth--;
    } else if (p[i - 1] != '/') {
      if (++depth > BANK_MAX_DEPTH) {
        fail_at(c, tag_line, "elements are nested more than %u deep",
                BANK_MAX_DEPTH);
        return -1;
      }
    }
    i++;
  }
  return 0;
}

/* ------------------------------------------------------------------ */
/* Turning libxml2 messages into words                                 */
/* ------------------------------------------------------------------ */

/* Copies the word after `key` (up to a space, comma or end) into out. */
static int word_after(const char *msg, const char *key, char *out, size_t size)
{
  const char *p = strstr(msg, key);
  if (!p)
    return 0;
  p += strlen(key);
  size_t k = 0;
  while (*p && *p != ' ' && *p != ',' && *p != '\n' && k + 1 < size)
    out[k++] = *p++;
  out[k] = '\0';
  return k > 0;
}

static void report_parse_error(struct ctx *c, const struct xerr *x)
{
  char w[64];
  switch (x->code) {
  case XML_ERR_TAG_NAME_MISMATCH:
    if (word_after(x->msg, "mismatch: ", w, sizeof w)) {
      char w2[64] = "";
      /* "Opening and ending tag mismatch: why line 5 and whyy": the
       * closing name follows the last " and " */
      const char *and = NULL;
      for (const char *q = strstr(x->msg, " and "); q;
           q = strstr(q + 1, " and "))
        and = q;
      if (and)
        word_after(and, " and ", w2, sizeof w2);
      fail_at(c, x->line,
              "the closing tag </%s> does not match the open element <%s>; "
              "check for a missing or misspelt closing tag",
              w2, w);
      return;
    }
    break;
  case XML_ERR_TAG_NOT_FINISHED:
  case XML_ERR_DOCUMENT_END:
    fail_at(c, x->line,
            "the file ends before every element is closed (a closing tag "
            "is missing)");
    return;
  case XML_ERR_UNDECLARED_ENTITY:
  case XML_WAR_UNDECLARED_ENTITY:
  case XML_ERR_ENTITYREF_SEMICOL_MISSING:
  case XML_ERR_NAME_REQUIRED:
    fail_at(c, x->line,
            "a bare '&' or an unknown entity: write & as &amp; and < as "
            "&lt; in text");
    return;
  case XML_ERR_LT_IN_ATTRIBUTE:
  case XML_ERR_ATTRIBUTE_NOT_STARTED:
  case XML_ERR_ATTRIBUTE_WITHOUT_VALUE:
  case XML_ERR_ATTRIBUTE_REDEFINED:
    fail_at(c, x->line,
            "a malformed attribute (each must be name=\"value\", once per "
            "element): %s",
            x->msg);
    return;
  case XML_ERR_INVALID_CHAR:
  case XML_ERR_INVALID_ENCODING:
  case XML_ERR_UNSUPPORTED_ENCODING:
    fail_at(c, x->line, "the file is not valid UTF-8 (save it as UTF-8 text)");
    return;
  case XML_ERR_DOCUMENT_EMPTY: fail_at(c, x->line, "the file is empty"); return;
  default: break;
  }
  fail_at(c, x->line, "this is not well-formed XML: %s", x->msg);
}

/* RELAX NG messages are terse ("Element question failed to validate
 * attributes"); say what to look at instead. */
static void report_schema_error(struct ctx *c, const struct xerr *x)
{
  char w[64], w2[64];
  const char *m = x->msg;
  if (word_after(m, "Did not expect element ", w, sizeof w))
    fail_at(c, x->line,
            "element <%s> is not allowed here (check its spelling and the "
            "order of elements in data/bank.rng)",
            w);
  else if (word_after(m, "Expecting element ", w, sizeof w) &&
           word_after(m, "got ", w2, sizeof w2))
    fail_at(c, x->line, "expected <%s> here, found <%s>", w, w2);
  else if (word_after(m, "Invalid attribute ", w, sizeof w))
    fail_at(c, x->line,
            "attribute '%s' on <%s> is unknown or has a bad "
            "value",
            w, x->node);
  else if (strstr(m, "failed to validate attributes"))
    fail_at(c, x->line, "element <%s> has a missing or invalid attribute",
            x->node);
  else if (strstr(m, "Did not expect text"))
    fail_at(c, x->line, "element <%s> must not contain text", x->node);
  else if (strstr(m, "has child elements"))
    fail_at(c, x->line,
            "element <%s> must contain plain text, not other "
            "elements",
            x->node);
  else if (word_after(m, "Extra data in list: ", w, sizeof w))
    fail_at(c, x->line, "unknown value '%s' in <%s>", w, x->node);
  else if (strstr(m, "Error validating datatype"))
    fail_at(c, x->line,
            "element <%s> is empty or has a value of the wrong "
            "form",
            x->node);
  else
    fail_at(c, x->line, "does not match the bank schema (data/bank.rng): %s",
            m);
}

/* ------------------------------------------------------------------ */
/* Tree helpers                                                        */
/* ------------------------------------------------------------------ */

static int is_name(xmlNodePtr n, const char *name)
{
  return n && n->type == XML_ELEMENT_NODE &&
         strcmp((const char *)n->name, name) == 0;
}

static int is_xml_space(int ch)
{
  return ch == ' ' || ch == '\t' || ch == '\n' || ch == '\r';
}

static int blank(const char *s)
{
  for (; *s; s++)
    if (!is_xml_space((unsigned char)*s))
      return 0;
  return 1;
}

/* How messages name element n: "question 'x'" for a question or role
 * itself, "<pointers> of question 'x'" for what is inside. */
static const char *describe(char *buf, size_t size, xmlNodePtr n,
                            const char *owner)
{
  const char *name = (const char *)n->name;
  if (owner[0] && (strcmp(name, "question") == 0 || strcmp(name, "role") == 0))
    snprintf(buf, size, "%s", owner + 4); /* skip " of " */
  else
    snprintf(buf, size, "<%s>%s", name, owner);
  return buf;
}

/* The text of a text-only element with runs of whitespace collapsed, in
 * the arena.  Reports child elements and blank text. */
static const char *text_of(struct ctx *c, xmlNodePtr n, const char *owner)
{
  size_t total = 0;
  for (xmlNodePtr k = n->children; k; k = k->next) {
    if (k->type == XML_ELEMENT_NODE) {
      fail_at(c, line_of(k),
              "<%s>%s must contain plain text, found an element <%s> inside "
              "it (write < as &lt;)",
              (const char *)n->name, owner, (const char *)k->name);
      return NULL;
    }
    if ((k->type == XML_TEXT_NODE || k->type == XML_CDATA_SECTION_NODE) &&
        k->content)
      total += strlen((const char *)k->content);
  }
  char *out = prep_arena_alloc(c->a, total + 1);
  size_t o = 0;
  int space = 0;
  for (xmlNodePtr k = n->children; k; k = k->next) {
    if (!((k->type == XML_TEXT_NODE || k->type == XML_CDATA_SECTION_NODE) &&
          k->content))
      continue;
    for (const char *s = (const char *)k->content; *s; s++) {
      if (is_xml_space((unsigned char)*s)) {
        space = o > 0;
      } else {
        if (space)
          out[o++] = ' ';
        space = 0;
        out[o++] = *s;
      }
    }
  }
  out[o] = '\0';
  if (o == 0) {
    fail_at(c, line_of(n), "<%s>%s is empty", (const char *)n->name, owner);
    return NULL;
  }
  return out;
}

/* Element that must be empty (<gap/>, <tags/>, <levels/>). */
static void check_empty(struct ctx *c, xmlNodePtr n)
{
  for (xmlNodePtr k = n->children; k; k = k->next) {
    if (k->type == XML_ELEMENT_NODE ||
        ((k->type == XML_TEXT_NODE || k->type == XML_CDATA_SECTION_NODE) &&
         k->content && !blank((const char *)k->content))) {
      fail_at(c, line_of(n),
              "<%s> must be empty (write it as <%s/> with "
              "attributes only)",
              (const char *)n->name, (const char *)n->name);
      return;
    }
  }
}

/* Attributes: every attribute must be in `allowed`. */
static void check_attrs(struct ctx *c, xmlNodePtr n, const char *const *allowed,
                        size_t nallowed)
{
  for (xmlAttrPtr at = n->properties; at && !c->failed; at = at->next) {
    if (at->ns || lookup((const char *)at->name, allowed, nallowed) < 0) {
      char buf[200];
      if (nallowed)
        fail_at(c, line_of(n), "unknown attribute '%s' on <%s> (allowed: %s)",
                (const char *)at->name, (const char *)n->name,
                one_of(buf, sizeof buf, allowed, nallowed));
      else
        fail_at(c, line_of(n), "<%s> takes no attributes, found '%s'",
                (const char *)n->name, (const char *)at->name);
    }
  }
}

/* A whitespace-trimmed attribute value in the arena, or NULL. */
static const char *attr(struct ctx *c, xmlNodePtr n, const char *name)
{
  xmlChar *v = xmlGetNoNsProp(n, BAD_CAST name);
  if (!v)
    return NULL;
  const char *s = (const char *)v;
  while (is_xml_space((unsigned char)*s))
    s++;
  size_t len = strlen(s);
  while (len && is_xml_space((unsigned char)s[len - 1]))
    len--;
  char *r = prep_arena_strndup(c->a, s, len);
  xmlFree(v);
  return r;
}

static const char *req_attr(struct ctx *c, xmlNodePtr n, const char *name,
                            const char *owner)
{
  const char *v = attr(c, n, name);
  char who[160];
  if (!v)
    fail_at(c, line_of(n), "%s has no '%s' attribute",
            describe(who, sizeof who, n, owner), name);
  else if (!*v)
    fail_at(c, line_of(n), "the '%s' attribute of %s is empty", name,
            describe(who, sizeof who, n, owner));
  return c->failed ? NULL : v;
}

static int is_slug(const char *s)
{
  size_t n = strlen(s);
  if (n == 0 || n > 64 || s[0] == '-' || s[n - 1] == '-')
    return 0;
  for (size_t i = 0; i < n; i++) {
    char ch = s[i];
    if (!((ch >= 'a' && ch <= 'z') || (ch >= '0' && ch <= '9') || ch == '-'))
      return 0;
    if (ch == '-' && s[i - 1] == '-')
      return 0;
  }
  return 1;
}

static int enum_attr(struct ctx *c, xmlNodePtr n, const char *name,
                     const char *what, const char *const *names, size_t nn,
                     const char *owner)
{
  const char *v = req_attr(c, n, name, owner);
  if (!v)
    return -1;
  int k = lookup(v, names, nn);
  if (k < 0) {
    char buf[300];
    fail_at(c, line_of(n), "unknown %s '%s'%s (expected one of: %s)", what, v,
            owner, one_of(buf, sizeof buf, names, nn));
  }
  return k;
}

/* Children in a fixed order.  rules[i] names an element with min/max
 * occurrences (max 0 = unbounded).  found[i] gets the first match. */
struct rule {
  const char *name;
  unsigned min, max;
};

static void check_seq(struct ctx *c, xmlNodePtr n, const char *owner,
                      const struct rule *rules, size_t nr, xmlNodePtr *found)
{
  unsigned counts[16] = {0};
  size_t pos = 0;
  char who[160];
  describe(who, sizeof who, n, owner);
  for (size_t i = 0; i < nr; i++)
    found[i] = NULL;
  for (xmlNodePtr k = n->children; k && !c->failed; k = k->next) {
    if ((k->type == XML_TEXT_NODE || k->type == XML_CDATA_SECTION_NODE) &&
        k->content && !blank((const char *)k->content)) {
      fail_at(c, line_of(k) > 0 ? line_of(k) : line_of(n),
              "text outside any element inside %s (put it in one of: "
              "%s%s)",
              who, rules[0].name, nr > 1 ? ", ..." : "");
      return;
    }
    if (k->type != XML_ELEMENT_NODE)
      continue;
    const char *kname = (const char *)k->name;
    size_t j = 0;
    while (j < nr && strcmp(rules[j].name, kname) != 0)
      j++;
    if (j == nr || k->ns) {
      char buf[300];
      const char *names[16];
      for (size_t r = 0; r < nr; r++)
        names[r] = rules[r].name;
      fail_at(c, line_of(k),
              "unknown element <%s> inside %s (allowed here: %s)", kname, who,
              one_of(buf, sizeof buf, names, nr));
      return;
    }
    if (j < pos) {
      fail_at(c, line_of(k),
              "<%s> is out of order inside %s: it must come before <%s>", kname,
              who, rules[pos].name);
      return;
    }
    for (; pos < j; pos++) {
      if (counts[pos] < rules[pos].min) {
        for (xmlNodePtr l = k->next; l; l = l->next) {
          if (is_name(l, rules[pos].name)) {
            fail_at(c, line_of(k),
                    "<%s> is out of order inside %s: "
                    "<%s> must come before it",
                    kname, who, rules[pos].name);
            return;
          }
        }
        fail_at(c, line_of(k),
                "%s has no <%s> element (it must come "
                "before <%s>)",
                who, rules[pos].name, kname);
        return;
      }
    }
    counts[j]++;
    if (!found[j])
      found[j] = k;
    if (rules[j].max && counts[j] > rules[j].max) {
      fail_at(c, line_of(k), "%s has more than one <%s>", who, kname);
      return;
    }
  }
  for (; pos < nr && !c->failed; pos++) {
    if (counts[pos] < rules[pos].min) {
      fail_at(c, line_of(n), "%s has no <%s> element", who, rules[pos].name);
      return;
    }
  }
}

/* Children with one repeated name, returned as arena strings. */
static void text_list(struct ctx *c, xmlNodePtr n, const char *child,
                      const char *owner, struct svec *out)
{
  const struct rule r[] = {{child, 1, 0}};
  xmlNodePtr found[1];
  check_seq(c, n, owner, r, 1, found);
  for (xmlNodePtr k = n->children; k && !c->failed; k = k->next) {
    if (!is_name(k, child))
      continue;
    check_attrs(c, k, NULL, 0);
    const char *t = text_of(c, k, owner);
    if (t)
      prep_bank_svec_push(out, t);
  }
}

static struct prep_strv strv_of(struct ctx *c, xmlNodePtr n, const char *child,
                                const char *owner)
{
  struct svec s = {0};
  struct prep_strv r = {NULL, 0};
  if (n) {
    check_attrs(c, n, NULL, 0);
    text_list(c, n, child, owner, &s);
    r = prep_bank_svec_freeze(c->a, &s);
  }
  free(s.v);
  return r;
}

/* ------------------------------------------------------------------ */
/* <role>                                                              */
/* ------------------------------------------------------------------ */

static void walk_role(struct ctx *c, xmlNodePtr n)
{
  static const char *const attrs[] = {"id", "family", "level-default"};
  static const struct rule rules[] = {
      {"title", 1, 1},     {"aliases", 0, 1}, {"summary", 1, 1},
      {"stages", 1, 1},    {"formats", 0, 1}, {"screens-for", 0, 1},
      {"red-flags", 0, 1}, {"stumbles", 0, 1}};
  enum {
    R_TITLE,
    R_ALIASES,
    R_SUMMARY,
    R_STAGES,
    R_FORMATS,
    R_SCREENS,
    R_REDFLAGS,
    R_STUMBLES,
    R_N
  };
  xmlNodePtr f[R_N];
  char owner[120] = "";

  check_attrs(c, n, attrs, 3);
  const char *id = req_attr(c, n, "id", "");
  if (!id)
    return;
  if (!is_slug(id)) {
    fail_at(c, line_of(n),
            "role id '%s' must be lowercase letters, digits "
            "and single hyphens",
            id);
    return;
  }
  snprintf(owner, sizeof owner, " of role '%s'", id);
  if (strcmp(id, c->f->role_attr) != 0) {
    fail_at(c, line_of(n),
            "<role id=\"%s\"> does not match the bank's "
            "role=\"%s\"",
            id, c->f->role_attr);
    return;
  }
  if (strcmp(id, "core") == 0) {
    fail_at(c, line_of(n), "the core bank must not have a <role> element");
    return;
  }
  int fam = enum_attr(c, n, "family", "role family", prep_bank_family_names,
                      prep_bank_nfamilies, owner);
  if (fam < 0)
    return;
  int lvl = PREP_LEVEL_MID;
  const char *ld = attr(c, n, "level-default");
  if (ld) {
    lvl = enum_attr(c, n, "level-default", "level", prep_bank_level_names,
                    PREP_LEVEL_COUNT, owner);
    if (lvl < 0)
      return;
  }
  check_seq(c, n, owner, rules, R_N, f);
  if (c->failed)
    return;

  struct role_rec *r = prep_xcalloc(1, sizeof *r);
  c->f->role = r;
  r->pub.id = id;
  r->pub.family = prep_bank_family_names[fam];
  r->pub.level_default = (enum prep_level)lvl;
  r->pub.source = c->path;
  r->pub.line = (unsigned)line_of(n);
  check_attrs(c, f[R_TITLE], NULL, 0);
  r->pub.title = text_of(c, f[R_TITLE], owner);
  r->pub.aliases = strv_of(c, f[R_ALIASES], "alias", owner);
  check_attrs(c, f[R_SUMMARY], NULL, 0);
  if (!c->failed)
    r->pub.summary = text_of(c, f[R_SUMMARY], owner);

  /* stages */
  xmlNodePtr st = f[R_STAGES];
  size_t nst = 0;
  check_attrs(c, st, NULL, 0);
  const struct rule sr[] = {{"stage", 1, 0}};
  xmlNodePtr sf[1];
  check_seq(c, st, owner, sr, 1, sf);
  for (xmlNodePtr k = st->children; k; k = k->next)
    nst += is_name(k, "stage");
  struct prep_stage *stages =
      prep_arena_alloc(c->a, (nst ? nst : 1) * sizeof *stages);
  size_t i = 0;
  for (xmlNodePtr k = st->children; k && !c->failed; k = k->next) {
    if (!is_name(k, "stage"))
      continue;
    static const char *const sattrs[] = {"kind"};
    static const struct rule kr[] = {{"name", 1, 1}, {"tests", 1, 1}};
    xmlNodePtr kf[2];
    check_attrs(c, k, sattrs, 1);
    int kind = enum_attr(c, k, "kind", "stage kind", prep_bank_stage_names,
                         PREP_STAGE_COUNT, owner);
    if (kind < 0)
      return;
    check_seq(c, k, owner, kr, 2, kf);
    if (c->failed)
      return;
    stages[i].kind = (enum prep_stage_kind)kind;
    check_attrs(c, kf[0], NULL, 0);
    check_attrs(c, kf[1], NULL, 0);
    stages[i].name = text_of(c, kf[0], owner);
    if (!c->failed)
      stages[i].tests = text_of(c, kf[1], owner);
    i++;
  }
  r->pub.stages = stages;
  r->pub.nstages = i;
  r->pub.formats = strv_of(c, f[R_FORMATS], "item", owner);
  r->pub.screens_for = strv_of(c, f[R_SCREENS], "item", owner);
  r->pub.red_flags = strv_of(c, f[R_REDFLAGS], "item", owner);
  r->pub.stumbles = strv_of(c, f[R_STUMBLES], "item", owner);
}

/* ------------------------------------------------------------------ */
/* <question>                                                          */
/* ------------------------------------------------------------------ */

/* XSD decimal in [0, 1]: digits with an optional fraction. */
static int parse_weight(const char *s, double *out)
{
  double v = 0, scale = 1;
  int digits = 0, frac = 0;
  if (*s == '+')
    s++;
  for (; *s; s++) {
    if (*s >= '0' && *s <= '9') {
      digits++;
      if (frac) {
        scale /= 10;
        v += (*s - '0') * scale;
      } else {
        v = v * 10 + (*s - '0');
        if (v > 10)
          return -1;
      }
    } else if (*s == '.' && !frac) {
      frac = 1;
    } else {
      return -1;
    }
  }
  if (!digits || v > 1.0)
    return -1;
  *out = v;
  return 0;
}

static int skill_known(const struct prep_bankset *bs, const char *s)
{
  size_t lo = 0, hi = bs->nskills;
  while (lo < hi) {
    size_t mid = lo + (hi - lo) / 2;
    int k = strcmp(bs->skills[mid], s);
    if (k == 0)
      return 1;
    if (k < 0)
      lo = mid + 1;
    else
      hi = mid;
  }
  return 0;
}

/* topics="a b" / themes="c d": each tag must exist with that kind. */
static struct prep_strv tag_list(struct ctx *c, xmlNodePtr n,
                                 const char *attrname, enum prep_tag_kind kind,
                                 const char *owner)
{
  struct prep_strv r = {NULL, 0};
  const char *v = attr(c, n, attrname);
  if (!v)
    return r;
  struct svec s = {0};
  const char *p = v;
  while (*p && !c->failed) {
    while (is_xml_space((unsigned char)*p))
      p++;
    if (!*p)
      break;
    const char *e = p;
    while (*e && !is_xml_space((unsigned char)*e))
      e++;
    char *tag = prep_arena_strndup(c->a, p, (size_t)(e - p));
    const struct prep_tag *t = prep_tags_find(c->bs->tags, tag);
    if (!t) {
      fail_at(c, line_of(n), "unknown tag '%s' in %s%s (see %s)", tag, attrname,
              owner, c->bs->tags_path);
    } else if (t->kind != kind) {
      fail_at(c, line_of(n), "'%s' is a %s, not a %s: move it to %s=", tag,
              prep_tag_kind_name(t->kind), prep_tag_kind_name(kind),
              t->kind == PREP_TAG_THEME ? "themes" : "topics");
    } else {
      for (size_t i = 0; i < s.n; i++)
        if (strcmp(s.v[i], tag) == 0)
          fail_at(c, line_of(n), "tag '%s' is listed twice in %s%s", tag,
                  attrname, owner);
      prep_bank_svec_push(&s, tag);
    }
    p = e;
  }
  r = prep_bank_svec_freeze(c->a, &s);
  free(s.v);
  return r;
}

static void walk_question(struct ctx *c, xmlNodePtr n)
{
  static const char *const attrs[] = {"id", "category", "tier"};
  static const struct rule rules[] = {{"text", 1, 1},       {"stages", 1, 1},
                                      {"tags", 1, 1},       {"levels", 1, 1},
                                      {"why", 1, 1},        {"pointers", 1, 1},
                                      {"follow-ups", 1, 1}, {"star", 0, 1},
                                      {"evidence", 0, 1},   {"gap", 0, 1}};
  enum {
    Q_TEXT,
    Q_STAGES,
    Q_TAGS,
    Q_LEVELS,
    Q_WHY,
    Q_POINTERS,
    Q_FOLLOW,
    Q_STAR,
    Q_EVIDENCE,
    Q_GAP,
    Q_N
  };
  xmlNodePtr f[Q_N];
  char owner[120];
  long line = line_of(n);

  check_attrs(c, n, attrs, 3);
  const char *id = req_attr(c, n, "id", "");
  if (!id)
    return;
  if (!is_slug(id)) {
    fail_at(c, line,
            "question id '%s' must be lowercase letters, digits "
            "and single hyphens (e.g. be-own-system)",
            id);
    return;
  }
  snprintf(owner, sizeof owner, " of question '%s'", id);
  struct idmap_entry *prev = prep_bank_idmap_find(&c->local, id);
  if (prev) {
    fail_at(c, line, "duplicate question id '%s' (first defined at line %u)",
            id, prev->q->line);
    return;
  }
  int cat = enum_attr(c, n, "category", "category", prep_bank_category_names,
                      PREP_QCAT_COUNT, owner);
  if (cat < 0)
    return;
  int tier = enum_attr(c, n, "tier", "tier", prep_bank_tier_names,
                       PREP_TIER_COUNT, owner);
  if (tier < 0)
    return;
  check_seq(c, n, owner, rules, Q_N, f);
  if (c->failed)
    return;

  struct prep_question *q = prep_arena_alloc(c->a, sizeof *q);
  q->id = id;
  q->category = (enum prep_q_category)cat;
  q->tier = (enum prep_q_tier)tier;
  q->bank_role = c->f->role_attr;
  q->source = c->path;
  q->line = (unsigned)line;

  for (int k = 0; k < Q_N; k++)
    if (f[k] && k != Q_TAGS && k != Q_LEVELS)
      check_attrs(c, f[k], NULL, 0);
  if (c->failed)
    return;
  q->text = text_of(c, f[Q_TEXT], owner);
  if (c->failed)
    return;

  /* stages: a list of stage kinds */
  const char *sl = text_of(c, f[Q_STAGES], owner);
  if (!sl)
    return;
  for (const char *p = sl; *p;) {
    const char *e = strchr(p, ' ');
    size_t len = e ? (size_t)(e - p) : strlen(p);
    char word[64];
    snprintf(word, sizeof word, "%.*s", (int)len, p);
    int k = lookup(word, prep_bank_stage_names, PREP_STAGE_COUNT);
    if (k < 0) {
      char buf[300];
      fail_at(c, line_of(f[Q_STAGES]),
              "unknown stage kind '%s' in <stages>%s (expected one of: %s)",
              word, owner,
              one_of(buf, sizeof buf, prep_bank_stage_names, PREP_STAGE_COUNT));
      return;
    }
    q->stages |= 1u << k;
    p += len;
    if (*p)
      p++;
  }

  /* tags */
  static const char *const tattrs[] = {"topics", "themes"};
  check_attrs(c, f[Q_TAGS], tattrs, 2);
  check_empty(c, f[Q_TAGS]);
  q->topics = tag_list(c, f[Q_TAGS], "topics", PREP_TAG_TOPIC, owner);
  q->themes = tag_list(c, f[Q_TAGS], "themes", PREP_TAG_THEME, owner);
  if (c->failed)
    return;
  if (q->topics.n + q->themes.n == 0) {
    fail_at(c, line_of(f[Q_TAGS]),
            "question '%s' has no tags: give it at "
            "least one topic or theme from %s",
            id, c->bs->tags_path);
    return;
  }

  /* levels */
  check_attrs(c, f[Q_LEVELS], prep_bank_level_names, PREP_LEVEL_COUNT);
  check_empty(c, f[Q_LEVELS]);
  for (int l = 0; l < PREP_LEVEL_COUNT && !c->failed; l++) {
    const char *v = req_attr(c, f[Q_LEVELS], prep_bank_level_names[l], owner);
    if (v && parse_weight(v, &q->levels[l]) != 0)
      fail_at(c, line_of(f[Q_LEVELS]),
              "level weight %s=\"%s\"%s must be a "
              "number from 0 to 1 (like 0.5)",
              prep_bank_level_names[l], v, owner);
  }
  if (c->failed)
    return;

  q->why = text_of(c, f[Q_WHY], owner);
  if (c->failed)
    return;
  q->pointers = strv_of(c, f[Q_POINTERS], "p", owner);
  if (!c->failed && (q->pointers.n < 3 || q->pointers.n > 5)) {
    fail_at(c, line_of(f[Q_POINTERS]),
            "element <pointers>%s needs 3 to 5 "
            "<p> items, found %zu",
            owner, q->pointers.n);
    return;
  }
  q->follow_ups = strv_of(c, f[Q_FOLLOW], "q", owner);
  if (!c->failed && (q->follow_ups.n < 2 || q->follow_ups.n > 4)) {
    fail_at(c, line_of(f[Q_FOLLOW]),
            "element <follow-ups>%s needs 2 to 4 "
            "<q> items, found %zu",
            owner, q->follow_ups.n);
    return;
  }
  if (c->failed)
    return;

  if (f[Q_STAR]) {
    static const struct rule sr[] = {{"situation", 1, 1},
                                     {"task", 1, 1},
                                     {"action", 1, 1},
                                     {"result", 1, 1}};
    xmlNodePtr sf[4];
    check_seq(c, f[Q_STAR], owner, sr, 4, sf);
    for (int k = 0; k < 4 && !c->failed; k++) {
      check_attrs(c, sf[k], NULL, 0);
      q->star[k] = text_of(c, sf[k], owner);
    }
    if (c->failed)
      return;
  } else if (cat == PREP_QCAT_BEHAVIOURAL || cat == PREP_QCAT_SITUATIONAL) {
    fail_at(c, line,
            "%s question '%s' needs a <star> element with "
            "<situation>, <task>, <action> and <result> prompts "
            "(after <follow-ups>)",
            prep_bank_category_names[cat], id);
    return;
  }

  if (f[Q_EVIDENCE]) {
    static const struct rule er[] = {{"skill", 0, 0}, {"bullet", 0, 0}};
    xmlNodePtr ef[2];
    struct svec sk = {0}, bu = {0};
    check_seq(c, f[Q_EVIDENCE], owner, er, 2, ef);
    for (xmlNodePtr k = f[Q_EVIDENCE]->children; k && !c->failed; k = k->next) {
      if (k->type != XML_ELEMENT_NODE)
        continue;
      check_attrs(c, k, NULL, 0);
      const char *t = text_of(c, k, owner);
      if (!t)
        break;
      if (is_name(k, "skill")) {
        if (c->bs->skills && !skill_known(c->bs, t))
          fail_at(c, line_of(k),
                  "unknown skill '%s' in <evidence>%s (skill "
                  "ids come from data/skills.tsv)",
                  t, owner);
        prep_bank_svec_push(&sk, t);
      } else {
        prep_bank_svec_push(&bu, t);
      }
    }
    q->evidence_skills = prep_bank_svec_freeze(c->a, &sk);
    q->evidence_bullets = prep_bank_svec_freeze(c->a, &bu);
    free(sk.v);
    free(bu.v);
    if (c->failed)
      return;
    if (sk.n + bu.n == 0 && cat == PREP_QCAT_TECHNICAL) {
      fail_at(c, line_of(f[Q_EVIDENCE]),
              "<evidence>%s is empty: name at "
              "least one <skill> or <bullet>",
              owner);
      return;
    }
  } else if (cat == PREP_QCAT_TECHNICAL) {
    fail_at(c, line,
            "technical question '%s' needs an <evidence> element "
            "naming the skills or kinds of CV bullet that show readiness",
            id);
    return;
  }

  if (f[Q_GAP]) {
    check_empty(c, f[Q_GAP]);
    q->gap = 1;
  }
  if (c->failed)
    return;
  prep_bank_idmap_put(&c->local, id, q, NULL);
  prep_bank_qvec_push(&c->f->qs, q);
}

/* ------------------------------------------------------------------ */
/* <bank>                                                              */
/* ------------------------------------------------------------------ */

static void walk_ask(struct ctx *c, xmlNodePtr n)
{
  static const struct rule rules[] = {{"group", 1, 0}};
  static const char *const gattrs[] = {"interviewer"};
  xmlNodePtr f[1];
  check_attrs(c, n, NULL, 0);
  check_seq(c, n, "", rules, 1, f);
  for (xmlNodePtr k = n->children; k && !c->failed; k = k->next) {
    if (!is_name(k, "group"))
      continue;
    check_attrs(c, k, gattrs, 1);
    int iv = enum_attr(c, k, "interviewer", "interviewer type",
                       prep_bank_interviewer_names, PREP_IV_COUNT, "");
    if (iv < 0)
      return;
    text_list(c, k, "q", "", &c->f->ask[iv]);
  }
}

static void walk_bank(struct ctx *c, xmlNodePtr root)
{
  static const char *const attrs[] = {"role", "version"};
  static const struct rule rules[] = {
      {"role", 0, 1}, {"questions", 0, 1}, {"ask-interviewer", 0, 1}};
  xmlNodePtr f[3];
  if (!root || !is_name(root, "bank") || root->ns) {
    fail_at(c, line_of(root),
            "the root element must be <bank> (without a "
            "namespace), found <%s>",
            root ? (const char *)root->name : "");
    return;
  }
  c->f->bank_line = (unsigned)line_of(root);
  check_attrs(c, root, attrs, 2);
  const char *role = req_attr(c, root, "role", "");
  const char *ver = role ? req_attr(c, root, "version", "") : NULL;
  if (!ver)
    return;
  if (strcmp(ver, "1") != 0) {
    fail_at(c, line_of(root),
            "unsupported bank version \"%s\" (this "
            "prepgen reads version=\"1\")",
            ver);
    return;
  }
  if (!is_slug(role)) {
    fail_at(c, line_of(root),
            "role=\"%s\" must be a role id: lowercase "
            "letters, digits and single hyphens",
            role);
    return;
  }
  c->f->role_attr = role;
  check_seq(c, root, "", rules, 3, f);
  if (c->failed)
    return;
  if (f[0])
    walk_role(c, f[0]);
  if (c->failed)
    return;
  if (f[1]) {
    static const struct rule qr[] = {{"question", 1, 0}};
    xmlNodePtr qf[1];
    check_attrs(c, f[1], NULL, 0);
    check_seq(c, f[1], "", qr, 1, qf);
    for (xmlNodePtr k = f[1]->children; k && !c->failed; k = k->next)
      if (is_name(k, "question"))
        walk_question(c, k);
  }
  if (c->failed)
    return;
  if (f[2])
    walk_ask(c, f[2]);
  if (c->failed)
    return;
  if (!f[0] && !f[1] && !f[2])
    fail_at(c, line_of(root),
            "the bank is empty: add <questions> or "
            "<ask-interviewer>");
}

/* ------------------------------------------------------------------ */
/* One file: read, pre-scan, parse, walk, validate                     */
/* ------------------------------------------------------------------ */

static enum prep_status parse_file(struct prep_bankset *bs, const char *path,
                                   int bundled, struct bankfile *out,
                                   struct prep_diag *d)
{
  struct ctx c;
  memset(&c, 0, sizeof c);
  memset(out, 0, sizeof *out);
  c.bs = bs;
  c.a = bs->arena;
  c.d = d;
  c.path = prep_arena_strdup(bs->arena, path);
  c.bundled = bundled;
  c.f = out;
  out->path = c.path;

  size_t len = 0;
  const char *why = NULL;
  char *buf = read_capped(path, BANK_MAX_BYTES, &len, &why);
  if (!buf) {
    if (strcmp(why, "too big") == 0)
      fail_at(&c, 0, "the bank is larger than %u bytes", BANK_MAX_BYTES);
    else
      fail_at(&c, 0, "cannot read the bank: %s", why);
    return PREP_EDATA;
  }
  if (len == 0 || blank(buf)) {
    fail_at(&c, 0, "the bank file is empty");
    free(buf);
    return PREP_EDATA;
  }
  if (prescan(&c, buf, len) != 0) {
    free(buf);
    return PREP_EDATA;
  }

  struct xerr x;
  struct handlers h;
  memset(&x, 0, sizeof x);
  handlers_push(&h, &x);
  /* NONET: no fetches; no NOENT/DTDLOAD/HUGE/XINCLUDE, ever.  BIG_LINES
   * keeps line numbers right past 65535.  The encoding is forced to UTF-8:
   * banks are UTF-8 by definition. */
  xmlDocPtr doc = xmlReadMemory(buf, (int)len, path, "UTF-8",
                                XML_PARSE_NONET | XML_PARSE_BIG_LINES |
                                    XML_PARSE_NOCDATA | XML_PARSE_COMPACT);
  handlers_pop(&h);
  free(buf);
  if (!doc || x.have) {
    if (x.have)
      report_parse_error(&c, &x);
    else
      fail_at(&c, 0, "the bank could not be parsed");
    if (doc)
      xmlFreeDoc(doc);
    prep_bank_idmap_clear(&c.local);
    return PREP_EDATA;
  }
  if (doc->intSubset || doc->extSubset)
    fail_at(&c, 1, "a bank must not contain a DOCTYPE");

  if (!c.failed)
    walk_bank(&c, xmlDocGetRootElement(doc));

  /* The schema is the contract; the walk above mirrors it, so this rarely
   * finds anything new, but a mismatch must never slip through. */
  if (!c.failed && bs->schema) {
    xmlRelaxNGValidCtxtPtr v =
        xmlRelaxNGNewValidCtxt((xmlRelaxNGPtr)bs->schema);
    if (!v) {
      fail_at(&c, 0, "out of memory while validating");
    } else {
      memset(&x, 0, sizeof x);
      handlers_push(&h, &x);
      xmlRelaxNGSetValidStructuredErrors(v, capture_error, &x);
      int rc = xmlRelaxNGValidateDoc(v, doc);
      handlers_pop(&h);
      xmlRelaxNGFreeValidCtxt(v);
      if (rc != 0) {
        if (x.have)
          report_schema_error(&c, &x);
        else
          fail_at(&c, 0, "does not match the bank schema (data/bank.rng)");
      }
    }
  }
  xmlFreeDoc(doc);
  prep_bank_idmap_clear(&c.local);
  return c.failed ? PREP_EDATA : PREP_OK;
}

/* ------------------------------------------------------------------ */
/* Loading a set                                                       */
/* ------------------------------------------------------------------ */

static int cmp_str(const void *a, const void *b)
{
  return strcmp(*(const char *const *)a, *(const char *const *)b);
}

/* First column of data/skills.tsv (optional file). */
static enum prep_status load_skills(struct prep_bankset *bs, const char *path,
                                    struct prep_diag *d)
{
  size_t len;
  const char *why;
  if (access(path, F_OK) != 0)
    return PREP_OK; /* not installed yet: skill ids go unchecked */
  char *buf = read_capped(path, SKILLS_MAX_BYTES, &len, &why);
  if (!buf) {
    prep_diag_add(d, PREP_SEV_ERROR, path, NULL, "cannot read: %s", why);
    return PREP_EDATA;
  }
  struct svec s = {0};
  for (char *p = buf; *p;) {
    char *eol = strchr(p, '\n');
    char *next = eol ? eol + 1 : p + strlen(p);
    size_t n = strcspn(p, "\t\r\n");
    if (n && p[0] != '#')
      prep_bank_svec_push(&s, prep_arena_strndup(bs->arena, p, n));
    p = next;
  }
  free(buf);
  if (s.n)
    qsort(s.v, s.n, sizeof *s.v, cmp_str);
  bs->skills =
      prep_arena_alloc(bs->arena, (s.n ? s.n : 1) * sizeof *bs->skills);
  if (s.n)
    memcpy(bs->skills, s.v, s.n * sizeof *s.v);
  bs->nskills = s.n;
  free(s.v);
  return PREP_OK;
}

void prep_bank_schema_free(void *schema)
{
  xmlRelaxNGFree((xmlRelaxNGPtr)schema);
}

static enum prep_status load_schema(struct prep_bankset *bs, const char *path,
                                    struct prep_diag *d)
{
  size_t len;
  const char *why;
  char *buf = read_capped(path, SCHEMA_MAX_BYTES, &len, &why);
  if (!buf) {
    prep_diag_add(d, PREP_SEV_ERROR, path, NULL,
                  "cannot read the bank schema: %s", why);
    return PREP_EDATA;
  }
  struct xerr x;
  struct handlers h;
  memset(&x, 0, sizeof x);
  handlers_push(&h, &x);
  /* parsed from memory: nothing is loaded through the (refusing) entity
   * loader, and the schema has no includes */
  xmlRelaxNGParserCtxtPtr pc = xmlRelaxNGNewMemParserCtxt(buf, (int)len);
  if (pc) {
    xmlRelaxNGSetParserStructuredErrors(pc, capture_error, &x);
    bs->schema = xmlRelaxNGParse(pc);
    xmlRelaxNGFreeParserCtxt(pc);
  }
  handlers_pop(&h);
  free(buf);
  if (!bs->schema) {
    char where[32];
    snprintf(where, sizeof where, "line %ld", x.line);
    prep_diag_add(d, PREP_SEV_ERROR, path, x.have && x.line > 0 ? where : NULL,
                  "the bank schema is broken: %s",
                  x.have ? x.msg : "cannot parse it");
    return PREP_EDATA;
  }
  return PREP_OK;
}

static int has_suffix(const char *s, const char *suf)
{
  size_t n = strlen(s), m = strlen(suf);
  return n > m && strcmp(s + n - m, suf) == 0;
}

enum prep_status prep_bankset_load_dir(const char *data_dir,
                                       struct prep_bankset **out,
                                       struct prep_diag *d)
{
  *out = NULL;
  xml_init_once();
  struct prep_bankset *bs = prep_bank_set_new();
  struct prep_arena *a = bs->arena;
  enum prep_status st;

  bs->tags_path = prep_arena_printf(a, "%s/tags.tsv", data_dir);
  st = prep_tags_load(bs->tags_path, a, &bs->tags, d);
  if (st == PREP_OK)
    st = load_skills(bs, prep_arena_printf(a, "%s/skills.tsv", data_dir), d);
  if (st == PREP_OK)
    st = load_schema(bs, prep_arena_printf(a, "%s/bank.rng", data_dir), d);
  if (st != PREP_OK) {
    prep_bankset_free(bs);
    return st;
  }

  const char *dir = prep_arena_printf(a, "%s/banks", data_dir);
  DIR *dh = opendir(dir);
  if (!dh) {
    prep_diag_add(d, PREP_SEV_ERROR, dir, NULL,
                  "cannot open the bank folder: %s", strerror(errno));
    prep_bankset_free(bs);
    return PREP_EDATA;
  }
  struct svec names = {0};
  struct dirent *de;
  while ((de = readdir(dh)) != NULL) {
    if (de->d_name[0] == '.' || !has_suffix(de->d_name, ".xml"))
      continue;
    if (names.n >= BANK_MAX_FILES) {
      prep_diag_add(d, PREP_SEV_ERROR, dir, NULL, "more than %u bank files",
                    BANK_MAX_FILES);
      st = PREP_EDATA;
      break;
    }
    prep_bank_svec_push(&names, prep_arena_printf(a, "%s/%s", dir, de->d_name));
  }
  closedir(dh);
  if (names.n)
    qsort(names.v, names.n, sizeof *names.v, cmp_str);

  /* Parse everything first, then merge role definitions and the core
   * before extensions, so bundled extensions do not depend on file
   * names sorting after the role they extend. */
  struct bankfile *files = prep_xcalloc(names.n ? names.n : 1, sizeof *files);
  int *defines = prep_xcalloc(names.n ? names.n : 1, sizeof *defines);
  for (size_t i = 0; i < names.n && st == PREP_OK; i++) {
    st = parse_file(bs, names.v[i], 1, &files[i], d);
    /* merge() takes f->role over, so decide the pass now */
    if (st == PREP_OK)
      defines[i] =
          files[i].role != NULL || strcmp(files[i].role_attr, "core") == 0;
  }
  for (int pass = 0; pass < 2 && st == PREP_OK; pass++) {
    for (size_t i = 0; i < names.n && st == PREP_OK; i++) {
      if (defines[i] != (pass == 0))
        continue;
      if (prep_bank_merge_check(bs, &files[i], 1, d) != 0)
        st = PREP_EDATA;
      else
        prep_bank_merge(bs, &files[i]);
    }
  }
  for (size_t i = 0; i < names.n; i++)
    prep_bank_file_free(&files[i]);
  free(files);
  free(defines);
  bs->nfiles = names.n;
  free(names.v);
  if (st == PREP_OK && bs->core.own.n == 0 && bs->nroles == 0) {
    prep_diag_add(d, PREP_SEV_ERROR, dir, NULL, "no question banks found");
    st = PREP_EDATA;
  }
  if (st != PREP_OK) {
    prep_bankset_free(bs);
    return st;
  }
  prep_bank_finalize(bs);
  *out = bs;
  return PREP_OK;
}

enum prep_status prep_bankset_add_file(struct prep_bankset *bs,
                                       const char *path, struct prep_diag *d)
{
  struct bankfile f;
  xml_init_once();
  if (bs->nfiles >= BANK_MAX_FILES) {
    prep_diag_add(d, PREP_SEV_ERROR, path, NULL, "more than %u bank files",
                  BANK_MAX_FILES);
    return PREP_EDATA;
  }
  enum prep_status st = parse_file(bs, path, 0, &f, d);
  if (st == PREP_OK) {
    if (prep_bank_merge_check(bs, &f, 0, d) != 0)
      st = PREP_EDATA;
    else
      prep_bank_merge(bs, &f);
  }
  prep_bank_file_free(&f);
  bs->nfiles++;
  return st;
}

enum prep_status prep_bank_check_file(const char *data_dir, const char *path,
                                      struct prep_diag *d)
{
  struct prep_bankset *bs = NULL;
  enum prep_status st = prep_bankset_load_dir(data_dir, &bs, d);
  if (st == PREP_OK)
    st = prep_bankset_add_file(bs, path, d);
  prep_bankset_free(bs);
  return st;
}
