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
 * by libxml2 with network access off and an entity loader that refuses
 * everything (SAX events build a light tree in a scratch arena: see "The
 * element tree"), then checked:
 *   1. a walk of the tree that mirrors bank.rng and adds the checks RELAX NG
 *      cannot express (counts, ids, tags, skills); it reports the FIRST
 *      problem as "line N" + a sentence a coach can act on, and builds the
 *      model as it goes;
 *   2. for files a user gives (and bundled banks on request), libxml2's
 *      RELAX NG validator with the schema parsed once per set, as a
 *      backstop: its messages are translated into plain words.  Bundled
 *      banks skip it at run time: see "Validation policy".
 * Loading all bundled banks is budgeted at under 5 ms (issue 4, `make
 * bench`); the notes at the fast paths say what each one saves.
 * Nothing here prints; problems go to the diagnostics sink.  Only this file
 * includes libxml2.  Merging checked files into the set, the views and the
 * accessors live in bank_set.c (shared structs: bank_int.h).
 */
#include "prepgen/bank.h"

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <stdarg.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include <libxml/catalog.h>
#include <libxml/encoding.h>
#include <libxml/parser.h>
#include <libxml/parserInternals.h>
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
/* The element tree                                                    */
/* ------------------------------------------------------------------ */

/* The walk reads a light tree that the SAX callbacks below build in a
 * scratch arena, instead of a libxml2 DOM: no malloc per node, attribute
 * and text run, and no xmlFreeDoc.  The parser, its options and its error
 * reporting are the same as for xmlReadMemory; only the tree differs.
 *
 * What the tree keeps: elements (name, namespace flag, attributes, line of
 * the start tag as libxml2 counts it) and text.  A text node is a run of
 * character data (entities and CDATA resolved) between two tags, with its
 * whitespace collapsed as it arrives (runs of XML whitespace become one
 * space; none at either end); comments and processing instructions do not
 * split a run, and a run that is all whitespace is dropped.  So an element
 * without child elements has at most one text node, and it holds exactly
 * what text_of() used to compute from the DOM; containers only ask whether
 * some run is not blank, which is the same answer as on the DOM. */
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

struct xattr {
  const char *name;  /* local name (parser dictionary) */
  const char *value; /* scratch arena, NUL-terminated */
  struct xattr *next;
  int ns; /* in a namespace */
};

struct xnode {
  const char *name; /* element local name (parser dictionary); NULL: text */
  const char *text; /* text node: collapsed run, never empty (kept arena) */
  size_t len;
  struct xnode *children, *last, *next, *parent;
  struct xattr *attrs, *last_attr;
  long line;
  int ns; /* element in a namespace */
};

/* SAX state for one file. */
struct builder {
  xmlParserCtxtPtr pc;
  struct prep_arena *a;    /* scratch: freed after the walk */
  struct prep_arena *keep; /* the set's arena: text the model keeps */
  struct xnode *root, *cur;
  unsigned depth;
  char *run; /* pending text run, collapsed so far */
  size_t nrun, caprun;
  long run_line;
  long stop_line; /* where a problem of our own stopped the parser */
  int doctype, too_deep;
};

static long input_line(const struct builder *b)
{
  return b->pc && b->pc->input ? (long)b->pc->input->line : 0;
}

static void append_child(struct xnode *parent, struct xnode *k)
{
  k->parent = parent;
  if (parent->last)
    parent->last->next = k;
  else
    parent->children = k;
  parent->last = k;
}

/* Ends the pending run: a text node unless it was all whitespace.  The
 * text goes straight to the set's arena: for a text-only element it is
 * the model's string (text_of() hands it out without a copy). */
static void flush_run(struct builder *b)
{
  if (b->nrun && b->run[b->nrun - 1] == ' ')
    b->nrun--; /* no space at the end */
  if (b->nrun && b->cur) {
    struct xnode *t = prep_arena_alloc(b->a, sizeof *t);
    t->text = prep_arena_strndup(b->keep, b->run, b->nrun);
    t->len = b->nrun;
    t->line = b->run_line;
    append_child(b->cur, t);
  }
  b->nrun = 0;
}

static void stop(struct builder *b)
{
  b->stop_line = input_line(b);
  xmlStopParser(b->pc);
}

/* An attribute value as SAX2 hands it over.  Without XML_PARSE_NOENT the
 * parser leaves one escape in attribute values, "&#38;" for '&' (from
 * "&amp;" or "&#38;"), for the tree builder to resolve, as SAX2.c does. */
static char *copy_att_value(struct prep_arena *a, const xmlChar *v,
                            const xmlChar *end)
{
  size_t n = (size_t)(end - v);
  char *out = prep_arena_alloc(a, n + 1);
  size_t o = 0;
  for (size_t i = 0; i < n;) {
    if (v[i] == '&' && n - i >= 5 && memcmp(v + i, "&#38;", 5) == 0) {
      out[o++] = '&';
      i += 5;
    } else {
      out[o++] = (char)v[i++];
    }
  }
  out[o] = '\0';
  return out;
}

static void sax_start(void *ctx, const xmlChar *localname,
                      const xmlChar *prefix, const xmlChar *uri,
                      int nb_namespaces, const xmlChar **namespaces,
                      int nb_attributes, int nb_defaulted,
                      const xmlChar **attributes)
{
  xmlParserCtxtPtr pc = ctx;
  struct builder *b = pc->_private;
  (void)prefix;
  (void)nb_namespaces;
  (void)namespaces;
  (void)nb_defaulted;
  flush_run(b);
  if (++b->depth > BANK_MAX_DEPTH) {
    b->too_deep = 1; /* the pre-scan should have stopped this already */
    stop(b);
    return;
  }
  struct xnode *n = prep_arena_alloc(b->a, sizeof *n);
  n->name = (const char *)localname;
  n->ns = uri != NULL;
  n->line = input_line(b);
  for (int i = 0; i < nb_attributes; i++) {
    const xmlChar **at = attributes + 5 * i;
    struct xattr *x = prep_arena_alloc(b->a, sizeof *x);
    x->name = (const char *)at[0];
    x->ns = at[2] != NULL;
    x->value = copy_att_value(b->a, at[3], at[4]);
    if (n->last_attr)
      n->last_attr->next = x;
    else
      n->attrs = x;
    n->last_attr = x;
  }
  if (b->cur)
    append_child(b->cur, n);
  else if (!b->root)
    b->root = n;
  b->cur = n;
}

static void sax_end(void *ctx, const xmlChar *localname,
                    const xmlChar *prefix, const xmlChar *uri)
{
  xmlParserCtxtPtr pc = ctx;
  struct builder *b = pc->_private;
  (void)localname;
  (void)prefix;
  (void)uri;
  flush_run(b);
  if (b->cur)
    b->cur = b->cur->parent;
  if (b->depth)
    b->depth--;
}

/* 1 for the four XML whitespace bytes. */
static const unsigned char xml_ws[256] = {['\t'] = 1, ['\n'] = 1, ['\r'] = 1,
                                          [' '] = 1};

/* Appends n bytes of character data to the pending run, collapsing
 * whitespace.  Invariant of b->run: no space at the start, never two
 * spaces in a row; a space at the end stands for whitespace seen since the
 * last word (flush_run() drops it). */
static void sax_chars(void *ctx, const xmlChar *ch, int len)
{
  xmlParserCtxtPtr pc = ctx;
  struct builder *b = pc->_private;
  if (!b->cur || len <= 0)
    return;
  size_t n = (size_t)len;
  /* like the DOM, a text problem is reported at the first chunk that is
   * not blank */
  if (b->nrun == 0)
    b->run_line = input_line(b);
  /* bounded by the file size cap (an entity or character reference never
   * gets longer when resolved) */
  if (b->caprun - b->nrun < n + 1) {
    size_t cap = b->caprun ? b->caprun : 4096;
    while (cap - b->nrun < n + 1)
      cap *= 2;
    b->run = prep_xrealloc(b->run, cap);
    b->caprun = cap;
  }
  char *out = b->run;
  size_t o = b->nrun, i = 0;
#if defined(__BYTE_ORDER__) && __BYTE_ORDER__ == __ORDER_LITTLE_ENDIAN__
  /* Eight bytes at a time while they need no change: no tab, newline or
   * CR, no two spaces in a row, and no space right after the start or
   * after a space.  Most prose is like that, and a loop that branches on
   * each space mispredicts once a word. */
  const uint64_t lo7 = 0x7f7f7f7f7f7f7f7fu, hi = 0x8080808080808080u;
  for (; n - i >= 8; i += 8) {
    uint64_t x;
    memcpy(&x, ch + i, 8);
    uint64_t lt20 = ~(((x & lo7) + 0x6060606060606060u) | x) & hi;
    uint64_t le20 = ~(((x & lo7) + 0x5f5f5f5f5f5f5f5fu) | x) & hi;
    if (lt20 || (le20 & (le20 << 8)) ||
        ((le20 & 0x80u) && (o == 0 || out[o - 1] == ' ')))
      break;
    memcpy(out + o, &x, 8);
    o += 8;
  }
#endif
  for (; i < n; i++) {
    unsigned char c = ch[i];
    if (!xml_ws[c])
      out[o++] = (char)c;
    else if (o && out[o - 1] != ' ')
      out[o++] = ' ';
  }
  b->nrun = o;
}

static void sax_comment(void *ctx, const xmlChar *value)
{
  (void)ctx;
  (void)value;
}

static void sax_internal_subset(void *ctx, const xmlChar *name,
                                const xmlChar *external_id,
                                const xmlChar *system_id)
{
  xmlParserCtxtPtr pc = ctx;
  struct builder *b = pc->_private;
  (void)name;
  (void)external_id;
  (void)system_id;
  b->doctype = 1; /* the pre-scan should have stopped this already */
  stop(b);
}

/* Parses buf into b's tree with the hardened options.  Returns 0, or -1
 * when the document is not well-formed or the builder stopped it (see
 * x and b->doctype/too_deep for why). */
static int build_tree(struct builder *b, const char *buf, size_t len,
                      const char *path)
{
  b->pc = xmlCreateMemoryParserCtxt(buf, (int)len);
  if (!b->pc)
    return -1;
  xmlSAXHandlerPtr sax = b->pc->sax;
  memset(sax, 0, sizeof *sax);
  sax->initialized = XML_SAX2_MAGIC;
  sax->startElementNs = sax_start;
  sax->endElementNs = sax_end;
  sax->characters = sax_chars;
  sax->cdataBlock = sax_chars;
  /* as with the DOM builder: whitespace is plain character data, and the
   * parser keeps comment text (its error messages quote it) */
  sax->ignorableWhitespace = sax_chars;
  sax->comment = sax_comment;
  sax->internalSubset = sax_internal_subset;
  /* structured errors go to the handler installed by handlers_push */
  b->pc->_private = b;
  b->pc->userData = b->pc;
  /* the options and encoding of the xmlReadMemory() call used for
   * validation below: NONET: no fetches; no NOENT/DTDLOAD/HUGE/XINCLUDE,
   * ever.  BIG_LINES keeps line numbers right past 65535.  The encoding is
   * forced to UTF-8: banks are UTF-8 by definition. */
  xmlCtxtUseOptions(b->pc, XML_PARSE_NONET | XML_PARSE_BIG_LINES |
                               XML_PARSE_NOCDATA | XML_PARSE_COMPACT);
  b->pc->sax->cdataBlock = sax_chars;
  if (b->pc->encoding)
    xmlFree((xmlChar *)b->pc->encoding);
  b->pc->encoding = xmlStrdup(BAD_CAST "UTF-8");
  xmlCharEncodingHandlerPtr h = xmlFindCharEncodingHandler("UTF-8");
  if (h)
    xmlSwitchToEncoding(b->pc, h);
  if (b->pc->input && !b->pc->input->filename)
    b->pc->input->filename = (char *)xmlStrdup(BAD_CAST path);
  xmlParseDocument(b->pc);
  return b->pc->wellFormed && !b->doctype && !b->too_deep ? 0 : -1;
}

static void builder_free(struct builder *b)
{
  if (b->pc) {
    b->pc->_private = NULL;
    xmlFreeParserCtxt(b->pc);
  }
  free(b->run);
  prep_arena_free(b->a);
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

static long line_of(const struct xnode *n)
{
  return n ? n->line : 0;
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
    if (s[0] == names[i][0] && strcmp(s, names[i]) == 0)
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
/* Line number of byte `pos` (only computed on the way to a message). */
static long line_at(const char *p, size_t pos)
{
  long line = 1;
  for (const char *q = p, *end = p + pos;
       (q = memchr(q, '\n', (size_t)(end - q))) != NULL; q++)
    line++;
  return line;
}

/* The bytes that matter inside a tag (NUL: the end of the buffer). */
static const unsigned char tag_byte[256] = {
    ['\0'] = 1, ['"'] = 1, ['\''] = 1, ['='] = 1, ['>'] = 1};

/* p[n] must be a NUL byte (read_capped() leaves one). */
static int prescan(struct ctx *c, const char *p, size_t n)
{
  unsigned depth = 0;
  size_t i = 0;
  /* a BOM is fine; XML_PARSE_* handles it */
  while (i < n) {
    const char *lt = memchr(p + i, '<', n - i);
    if (!lt)
      break;
    i = (size_t)(lt - p);
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
      const char *e = i < n ? memmem(p + i, n - i, endmark, el) : NULL;
      i = e ? (size_t)(e - p) + el : n;
      continue;
    }
    if (n - i >= 2 && p[i + 1] == '!') {
      fail_at(c, line_at(p, i),
              "a bank must not contain a DOCTYPE or entity declarations; "
              "remove the <!DOCTYPE ...> part");
      return -1;
    }
    int closing = n - i >= 2 && p[i + 1] == '/';
    size_t start = i;
    unsigned attrs = 0;
    char quote = 0;
    /* find the '>' that ends the tag (g; n when there is none).  p[n] is
     * a NUL (read_capped), so the inner loops stop there at the latest; a
     * NUL byte inside the data is stepped over like any other byte. */
    size_t g = i + 1;
    while (g < n) {
      if (quote) {
        while (p[g] != quote && p[g] != '\0')
          g++;
        if (g >= n)
          break;
        if (p[g] == quote)
          quote = 0;
        g++;
        continue;
      }
      while (!tag_byte[(unsigned char)p[g]])
        g++;
      if (g >= n)
        break;
      if (p[g] == '>')
        break;
      if (p[g] == '=')
        attrs++;
      else if (p[g] == '"' || p[g] == '\'')
        quote = p[g];
      g++;
    }
    if (g > n)
      g = n;
    /* every byte between '<' and '>' counts */
    if (g > start + 1 + BANK_MAX_TAG) {
      fail_at(c, line_at(p, start), "a tag is longer than %u bytes",
              BANK_MAX_TAG);
      return -1;
    }
    i = g;
    if (attrs > BANK_MAX_ATTRS) {
      fail_at(c, line_at(p, start), "an element has more than %u attributes",
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
        fail_at(c, line_at(p, start), "elements are nested more than %u deep",
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

static int is_name(const struct xnode *n, const char *name)
{
  return n && n->name && n->name[0] == name[0] && strcmp(n->name, name) == 0;
}

/* How messages name element n: "question 'x'" for a question or role
 * itself, "<pointers> of question 'x'" for what is inside.  Only called
 * on the way to an error message. */
static const char *describe(char *buf, size_t size, const struct xnode *n,
                            const char *owner)
{
  const char *name = n->name;
  if (owner[0] && (strcmp(name, "question") == 0 || strcmp(name, "role") == 0))
    snprintf(buf, size, "%s", owner + 4); /* skip " of " */
  else
    snprintf(buf, size, "<%s>%s", name, owner);
  return buf;
}

/* XML 1.0 allows DEL and the C1 controls (U+007F..U+009F) in text, but
 * no bank has a use for them and they would reach terminals (--list-roles)
 * and the PDF (found by fuzz_bank, issue 8).  Returns the first one or 0. */
static unsigned control_in(const char *s, size_t n)
{
  const unsigned char *p = (const unsigned char *)s;
  for (size_t i = 0; i < n; i++) {
    if (p[i] == 0x7F)
      return 0x7F;
    if (p[i] == 0xC2 && i + 1 < n && p[i + 1] >= 0x80 && p[i + 1] <= 0x9F)
      return p[i + 1];
  }
  return 0;
}

static const char *text_of_raw(struct ctx *c, const struct xnode *n,
                               const char *owner);

/* The text of a text-only element, whitespace collapsed (see "The element
 * tree"), in the set's arena.  Reports child elements, blank text and
 * control characters. */
static const char *text_of(struct ctx *c, const struct xnode *n,
                           const char *owner)
{
  const char *t = text_of_raw(c, n, owner);
  unsigned cc = t ? control_in(t, strlen(t)) : 0;
  if (cc) {
    fail_at(c, line_of(n),
            "<%s>%s contains a control character (U+%04X); remove it",
            n->name, owner, cc);
    return NULL;
  }
  return t;
}

static const char *text_of_raw(struct ctx *c, const struct xnode *n,
                               const char *owner)
{
  size_t ntext = 0, total = 0;
  for (const struct xnode *k = n->children; k; k = k->next) {
    if (k->name) {
      fail_at(c, line_of(k),
              "<%s>%s must contain plain text, found an element <%s> inside "
              "it (write < as &lt;)",
              n->name, owner, k->name);
      return NULL;
    }
    ntext++;
    total += k->len + 1;
  }
  if (ntext == 0) {
    fail_at(c, line_of(n), "<%s>%s is empty", n->name, owner);
    return NULL;
  }
  if (ntext == 1)
    return n->children->text;
  /* not reached (runs only end at tags), but join them if it ever is */
  char *out = prep_arena_alloc(c->a, total);
  size_t o = 0;
  for (const struct xnode *k = n->children; k; k = k->next) {
    if (o)
      out[o++] = ' ';
    memcpy(out + o, k->text, k->len);
    o += k->len;
  }
  out[o] = '\0';
  return out;
}

/* Element that must be empty (<gap/>, <tags/>, <levels/>). */
static void check_empty(struct ctx *c, const struct xnode *n)
{
  if (n->children)
    fail_at(c, line_of(n),
            "<%s> must be empty (write it as <%s/> with "
            "attributes only)",
            n->name, n->name);
}

/* Attributes: every attribute must be in `allowed`. */
static void check_attrs(struct ctx *c, const struct xnode *n,
                        const char *const *allowed, size_t nallowed)
{
  for (const struct xattr *at = n->attrs; at && !c->failed; at = at->next) {
    if (at->ns || lookup(at->name, allowed, nallowed) < 0) {
      char buf[200];
      if (nallowed)
        fail_at(c, line_of(n), "unknown attribute '%s' on <%s> (allowed: %s)",
                at->name, n->name, one_of(buf, sizeof buf, allowed, nallowed));
      else
        fail_at(c, line_of(n), "<%s> takes no attributes, found '%s'", n->name,
                at->name);
    }
  }
}

/* A whitespace-trimmed attribute value (scratch arena: copy it to c->a to
 * keep it), or NULL. */
static const char *attr(const struct xnode *n, const char *name)
{
  for (const struct xattr *at = n->attrs; at; at = at->next) {
    if (at->ns || strcmp(at->name, name) != 0)
      continue;
    char *s = (char *)at->value; /* ours: trimming in place is fine */
    while (is_xml_space((unsigned char)*s))
      s++;
    size_t len = strlen(s);
    while (len && is_xml_space((unsigned char)s[len - 1]))
      s[--len] = '\0';
    return s;
  }
  return NULL;
}

static const char *req_attr(struct ctx *c, const struct xnode *n,
                            const char *name, const char *owner)
{
  const char *v = attr(n, name);
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

static int enum_attr(struct ctx *c, const struct xnode *n, const char *name,
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

static void check_seq(struct ctx *c, const struct xnode *n, const char *owner,
                      const struct rule *rules, size_t nr,
                      const struct xnode **found)
{
  unsigned counts[16] = {0};
  size_t pos = 0;
  char who[160];
  for (size_t i = 0; i < nr; i++)
    found[i] = NULL;
  for (const struct xnode *k = n->children; k && !c->failed; k = k->next) {
    if (!k->name) { /* runs are never blank */
      fail_at(c, line_of(k) > 0 ? line_of(k) : line_of(n),
              "text outside any element inside %s (put it in one of: "
              "%s%s)",
              describe(who, sizeof who, n, owner), rules[0].name,
              nr > 1 ? ", ..." : "");
      return;
    }
    const char *kname = k->name;
    size_t j = 0;
    while (j < nr &&
           (rules[j].name[0] != kname[0] || strcmp(rules[j].name, kname) != 0))
      j++;
    if (j == nr || k->ns) {
      char buf[300];
      const char *names[16];
      for (size_t r = 0; r < nr; r++)
        names[r] = rules[r].name;
      fail_at(c, line_of(k),
              "unknown element <%s> inside %s (allowed here: %s)", kname,
              describe(who, sizeof who, n, owner),
              one_of(buf, sizeof buf, names, nr));
      return;
    }
    if (j < pos) {
      fail_at(c, line_of(k),
              "<%s> is out of order inside %s: it must come before <%s>", kname,
              describe(who, sizeof who, n, owner), rules[pos].name);
      return;
    }
    for (; pos < j; pos++) {
      if (counts[pos] < rules[pos].min) {
        for (const struct xnode *l = k->next; l; l = l->next) {
          if (is_name(l, rules[pos].name)) {
            fail_at(c, line_of(k),
                    "<%s> is out of order inside %s: "
                    "<%s> must come before it",
                    kname, describe(who, sizeof who, n, owner),
                    rules[pos].name);
            return;
          }
        }
        fail_at(c, line_of(k),
                "%s has no <%s> element (it must come "
                "before <%s>)",
                describe(who, sizeof who, n, owner), rules[pos].name, kname);
        return;
      }
    }
    counts[j]++;
    if (!found[j])
      found[j] = k;
    if (rules[j].max && counts[j] > rules[j].max) {
      fail_at(c, line_of(k), "%s has more than one <%s>",
              describe(who, sizeof who, n, owner), kname);
      return;
    }
  }
  for (; pos < nr && !c->failed; pos++) {
    if (counts[pos] < rules[pos].min) {
      fail_at(c, line_of(n), "%s has no <%s> element",
              describe(who, sizeof who, n, owner), rules[pos].name);
      return;
    }
  }
}

/* Children with one repeated name, as arena strings.  After check_seq
 * every child is an element named `child`. */
static struct prep_strv text_list(struct ctx *c, const struct xnode *n,
                                  const char *child, const char *owner)
{
  const struct rule r[] = {{child, 1, 0}};
  const struct xnode *found[1];
  struct prep_strv out = {NULL, 0};
  check_seq(c, n, owner, r, 1, found);
  if (c->failed)
    return out;
  size_t cnt = 0;
  for (const struct xnode *k = n->children; k; k = k->next)
    cnt++;
  const char **v = prep_arena_alloc(c->a, cnt * sizeof *v);
  size_t i = 0;
  for (const struct xnode *k = n->children; k && !c->failed; k = k->next) {
    check_attrs(c, k, NULL, 0);
    const char *t = c->failed ? NULL : text_of(c, k, owner);
    if (t)
      v[i++] = t;
  }
  out.v = v;
  out.n = i;
  return out;
}

static struct prep_strv strv_of(struct ctx *c, const struct xnode *n,
                                const char *child, const char *owner)
{
  struct prep_strv r = {NULL, 0};
  if (n) {
    check_attrs(c, n, NULL, 0);
    if (!c->failed)
      r = text_list(c, n, child, owner);
  }
  return r;
}

/* ------------------------------------------------------------------ */
/* <role>                                                              */
/* ------------------------------------------------------------------ */

static void walk_role(struct ctx *c, const struct xnode *n)
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
  const struct xnode *f[R_N];
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
  const char *ld = attr(n, "level-default");
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
  r->pub.id = prep_arena_strdup(c->a, id);
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
  const struct xnode *st = f[R_STAGES];
  size_t nst = 0;
  check_attrs(c, st, NULL, 0);
  const struct rule sr[] = {{"stage", 1, 0}};
  const struct xnode *sf[1];
  check_seq(c, st, owner, sr, 1, sf);
  for (const struct xnode *k = st->children; k; k = k->next)
    nst += is_name(k, "stage");
  struct prep_stage *stages =
      prep_arena_alloc(c->a, (nst ? nst : 1) * sizeof *stages);
  size_t i = 0;
  for (const struct xnode *k = st->children; k && !c->failed; k = k->next) {
    if (!is_name(k, "stage"))
      continue;
    static const char *const sattrs[] = {"kind"};
    static const struct rule kr[] = {{"name", 1, 1}, {"tests", 1, 1}};
    const struct xnode *kf[2];
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

/* XSD decimal in [0, 1]: digits with an optional fraction.  At most
 * WEIGHT_MAX_DIGITS digits: libxml2's decimal type stops at 24 significant
 * digits, and the walk must not accept what the schema rejects (see
 * "Validation policy"); no weight needs more than a few. */
#define WEIGHT_MAX_DIGITS 16
static int parse_weight(const char *s, double *out)
{
  double v = 0, scale = 1;
  int digits = 0, frac = 0;
  if (*s == '+')
    s++;
  for (; *s; s++) {
    if (*s >= '0' && *s <= '9') {
      if (++digits > WEIGHT_MAX_DIGITS)
        return -1;
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

/* The skill-id pattern of bank.rng: [a-z0-9]+([-.+#][a-z0-9]+)*, at most
 * 64 bytes. */
static int is_skill_id(const char *s)
{
  size_t n = 0;
  int prev_alnum = 0;
  for (; s[n]; n++) {
    char ch = s[n];
    int alnum = (ch >= 'a' && ch <= 'z') || (ch >= '0' && ch <= '9');
    if (!alnum && !(prev_alnum && (ch == '-' || ch == '.' || ch == '+' ||
                                   ch == '#')))
      return 0;
    prev_alnum = alnum;
  }
  return n > 0 && n <= 64 && prev_alnum;
}

/* FNV-1a over n bytes: the hash of the skill and tag sets. */
static size_t hash_bytes(const char *s, size_t n)
{
  size_t h = 1469598103934665603u;
  for (size_t i = 0; i < n; i++)
    h = (h ^ (unsigned char)s[i]) * 1099511628211u;
  return h;
}

static int skill_known(const struct prep_bankset *bs, const char *s)
{
  size_t m = bs->skills_cap - 1;
  for (size_t h = hash_bytes(s, strlen(s)) & m; bs->skills[h];
       h = (h + 1) & m)
    if (strcmp(bs->skills[h], s) == 0)
      return 1;
  return 0;
}

/* The tag named p[0..len) (prep_tags_findn() through a hash set). */
static const struct prep_tag *find_tag(const struct prep_bankset *bs,
                                       const char *p, size_t len)
{
  if (!bs->tagset)
    return prep_tags_findn(bs->tags, p, len);
  size_t m = bs->tagset_cap - 1;
  for (size_t h = hash_bytes(p, len) & m; bs->tagset[h]; h = (h + 1) & m) {
    const char *name = bs->tagset[h]->name;
    if (strncmp(name, p, len) == 0 && name[len] == '\0')
      return bs->tagset[h];
  }
  return NULL;
}

/* topics="a b" / themes="c d": each tag must exist with that kind.  The
 * list points at the names in the vocabulary (same arena, no copies). */
static struct prep_strv tag_list(struct ctx *c, const struct xnode *n,
                                 const char *attrname, enum prep_tag_kind kind,
                                 const char *owner)
{
  struct prep_strv r = {NULL, 0};
  const char *v = attr(n, attrname);
  if (!v)
    return r;
  size_t cap = 0;
  for (const char *p = v; *p;) {
    while (is_xml_space((unsigned char)*p))
      p++;
    if (*p)
      cap++;
    while (*p && !is_xml_space((unsigned char)*p))
      p++;
  }
  if (!cap)
    return r;
  const char **out = prep_arena_alloc(c->a, cap * sizeof *out);
  size_t nout = 0;
  const char *p = v;
  while (*p && !c->failed) {
    while (is_xml_space((unsigned char)*p))
      p++;
    if (!*p)
      break;
    const char *e = p;
    while (*e && !is_xml_space((unsigned char)*e))
      e++;
    size_t len = (size_t)(e - p);
    const struct prep_tag *t = find_tag(c->bs, p, len);
    if (!t) {
      fail_at(c, line_of(n), "unknown tag '%.*s' in %s%s (see %s)", (int)len,
              p, attrname, owner, c->bs->tags_path);
    } else if (t->kind != kind) {
      fail_at(c, line_of(n), "'%s' is a %s, not a %s: move it to %s=", t->name,
              prep_tag_kind_name(t->kind), prep_tag_kind_name(kind),
              t->kind == PREP_TAG_THEME ? "themes" : "topics");
    } else {
      for (size_t i = 0; i < nout; i++)
        if (out[i] == t->name)
          fail_at(c, line_of(n), "tag '%s' is listed twice in %s%s", t->name,
                  attrname, owner);
      out[nout++] = t->name;
    }
    p = e;
  }
  r.v = out;
  r.n = nout;
  return r;
}

static void walk_question(struct ctx *c, const struct xnode *n)
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
  const struct xnode *f[Q_N];
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
  q->id = id = prep_arena_strdup(c->a, id);
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
    const struct xnode *sf[4];
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
    const struct xnode *ef[2];
    check_seq(c, f[Q_EVIDENCE], owner, er, 2, ef);
    if (c->failed)
      return;
    /* after check_seq: only <skill> and <bullet> children */
    size_t cnt = 0;
    for (const struct xnode *k = f[Q_EVIDENCE]->children; k; k = k->next)
      cnt++;
    const char **sk = prep_arena_alloc(c->a, (cnt ? cnt : 1) * sizeof *sk);
    const char **bu = prep_arena_alloc(c->a, (cnt ? cnt : 1) * sizeof *bu);
    size_t nsk = 0, nbu = 0;
    for (const struct xnode *k = f[Q_EVIDENCE]->children; k && !c->failed;
         k = k->next) {
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
        else if (!is_skill_id(t))
          fail_at(c, line_of(k),
                  "skill id '%s' in <evidence>%s must be lowercase letters "
                  "and digits joined by single '-', '.', '+' or '#' (at most "
                  "64 bytes)",
                  t, owner);
        sk[nsk++] = t;
      } else {
        bu[nbu++] = t;
      }
    }
    q->evidence_skills.v = nsk ? sk : NULL;
    q->evidence_skills.n = nsk;
    q->evidence_bullets.v = nbu ? bu : NULL;
    q->evidence_bullets.n = nbu;
    if (c->failed)
      return;
    if (nsk + nbu == 0 && cat == PREP_QCAT_TECHNICAL) {
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

static void walk_ask(struct ctx *c, const struct xnode *n)
{
  static const struct rule rules[] = {{"group", 1, 0}};
  static const char *const gattrs[] = {"interviewer"};
  const struct xnode *f[1];
  check_attrs(c, n, NULL, 0);
  check_seq(c, n, "", rules, 1, f);
  for (const struct xnode *k = n->children; k && !c->failed; k = k->next) {
    if (!is_name(k, "group"))
      continue;
    check_attrs(c, k, gattrs, 1);
    int iv = enum_attr(c, k, "interviewer", "interviewer type",
                       prep_bank_interviewer_names, PREP_IV_COUNT, "");
    if (iv < 0)
      return;
    struct prep_strv qs = text_list(c, k, "q", "");
    for (size_t i = 0; i < qs.n; i++)
      prep_bank_svec_push(&c->f->ask[iv], qs.v[i]);
  }
}

static void walk_bank(struct ctx *c, const struct xnode *root)
{
  static const char *const attrs[] = {"role", "version"};
  static const struct rule rules[] = {
      {"role", 0, 1}, {"questions", 0, 1}, {"ask-interviewer", 0, 1}};
  const struct xnode *f[3];
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
  c->f->role_attr = prep_arena_strdup(c->a, role);
  check_seq(c, root, "", rules, 3, f);
  if (c->failed)
    return;
  if (f[0])
    walk_role(c, f[0]);
  if (c->failed)
    return;
  if (f[1]) {
    static const struct rule qr[] = {{"question", 1, 0}};
    const struct xnode *qf[1];
    check_attrs(c, f[1], NULL, 0);
    check_seq(c, f[1], "", qr, 1, qf);
    for (const struct xnode *k = f[1]->children; k && !c->failed; k = k->next)
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
/* The schema                                                          */
/* ------------------------------------------------------------------ */

void prep_bank_schema_free(void *schema)
{
  xmlRelaxNGFree((xmlRelaxNGPtr)schema);
}

/* Parses bs->schema_path once per set, on first use. */
static enum prep_status load_schema(struct prep_bankset *bs,
                                    struct prep_diag *d)
{
  if (bs->schema)
    return PREP_OK;
  const char *path = bs->schema_path;
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
  /* UTF-16/32 (a byte-order mark, or NUL bytes right at the start) would
   * otherwise reach the pre-scan and get a puzzling message */
  if ((len >= 2 && ((unsigned char)buf[0] == 0xFF &&
                    (unsigned char)buf[1] == 0xFE)) ||
      (len >= 2 && ((unsigned char)buf[0] == 0xFE &&
                    (unsigned char)buf[1] == 0xFF)) ||
      memchr(buf, '\0', len < 4 ? len : 4)) {
    fail_at(&c, 0, "the file is UTF-16 or UTF-32 text, not UTF-8 (save it as "
                   "UTF-8 text)");
    free(buf);
    return PREP_EDATA;
  }
  if (prescan(&c, buf, len) != 0) {
    free(buf);
    return PREP_EDATA;
  }

  struct xerr x;
  struct handlers h;
  struct builder b;
  memset(&x, 0, sizeof x);
  memset(&b, 0, sizeof b);
  b.a = prep_arena_new();
  b.keep = bs->arena;
  handlers_push(&h, &x);
  int built = build_tree(&b, buf, len, path);
  handlers_pop(&h);
  if (b.doctype)
    fail_at(&c, 1, "a bank must not contain a DOCTYPE");
  else if (b.too_deep)
    fail_at(&c, b.stop_line, "elements are nested more than %u deep",
            BANK_MAX_DEPTH);
  else if (x.have)
    report_parse_error(&c, &x);
  else if (built != 0)
    fail_at(&c, 0, "the bank could not be parsed");

  if (!c.failed)
    walk_bank(&c, b.root);
  builder_free(&b); /* the walk copied what the model keeps */

  /* The schema is the contract; the walk above mirrors it (and is
   * stricter), so this rarely finds anything new, but a mismatch must never
   * slip through.  Bundled banks skip it at run time: see "Validation
   * policy" above prep_bankset_load_dir_ex().  RELAX NG needs a DOM: parse
   * the same bytes again with the same options (user files are small). */
  int validate = !c.failed && (!bundled || bs->validate_bundled);
  if (validate && load_schema(bs, d) != PREP_OK)
    c.failed = 1; /* load_schema reported it (against bank.rng) */
  else if (validate) {
    memset(&x, 0, sizeof x);
    handlers_push(&h, &x);
    xmlDocPtr doc = xmlReadMemory(buf, (int)len, path, "UTF-8",
                                  XML_PARSE_NONET | XML_PARSE_BIG_LINES |
                                      XML_PARSE_NOCDATA | XML_PARSE_COMPACT);
    handlers_pop(&h);
    xmlRelaxNGValidCtxtPtr v =
        doc ? xmlRelaxNGNewValidCtxt((xmlRelaxNGPtr)bs->schema) : NULL;
    if (!doc) {
      fail_at(&c, 0, "the bank could not be parsed a second time");
    } else if (!v) {
      fail_at(&c, 0, "out of memory while validating");
    } else {
      memset(&x, 0, sizeof x);
      handlers_push(&h, &x);
      xmlRelaxNGSetValidStructuredErrors(v, capture_error, &x);
      int rc = xmlRelaxNGValidateDoc(v, doc);
      handlers_pop(&h);
      if (rc != 0) {
        if (x.have)
          report_schema_error(&c, &x);
        else
          fail_at(&c, 0, "does not match the bank schema (data/bank.rng)");
      }
    }
    if (v)
      xmlRelaxNGFreeValidCtxt(v);
    if (doc)
      xmlFreeDoc(doc);
  }
  free(buf);
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

/* First column of data/skills.tsv (optional file): the ids only, copied
 * into one arena block and put in a hash set (open addressing, at most
 * half full).  A lookup costs one hash; the file has ~1200 rows, read for
 * every set, so no sorting. */
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
  /* pass 1: count ids and their bytes */
  size_t n = 0, bytes = 0;
  for (const char *p = buf; *p;) {
    const char *eol = strchr(p, '\n');
    size_t k = strcspn(p, "\t\r\n");
    if (k && p[0] != '#') {
      n++;
      bytes += k + 1;
    }
    p = eol ? eol + 1 : p + strlen(p);
  }
  size_t cap = 16;
  while (cap < 2 * n)
    cap *= 2;
  const char **set = prep_arena_alloc(bs->arena, cap * sizeof *set);
  char *store = prep_arena_alloc(bs->arena, bytes ? bytes : 1);
  /* pass 2: copy and insert them (a repeated id is stored once) */
  for (const char *p = buf; *p;) {
    const char *eol = strchr(p, '\n');
    size_t k = strcspn(p, "\t\r\n");
    if (k && p[0] != '#') {
      memcpy(store, p, k);
      store[k] = '\0';
      size_t h = hash_bytes(store, k) & (cap - 1);
      while (set[h] && strcmp(set[h], store) != 0)
        h = (h + 1) & (cap - 1);
      set[h] = store;
      store += k + 1;
    }
    p = eol ? eol + 1 : p + strlen(p);
  }
  free(buf);
  bs->skills = set;
  bs->skills_cap = cap;
  return PREP_OK;
}

/* bs->tagset from bs->tags (names are unique: prep_tags_load checks). */
static void build_tagset(struct prep_bankset *bs)
{
  size_t cap = 16;
  while (cap < 2 * bs->tags->count)
    cap *= 2;
  const struct prep_tag **set = prep_arena_alloc(bs->arena, cap * sizeof *set);
  for (size_t i = 0; i < bs->tags->count; i++) {
    const struct prep_tag *t = &bs->tags->items[i];
    size_t h = hash_bytes(t->name, strlen(t->name)) & (cap - 1);
    while (set[h])
      h = (h + 1) & (cap - 1);
    set[h] = t;
  }
  bs->tagset = set;
  bs->tagset_cap = cap;
}

static int has_suffix(const char *s, const char *suf)
{
  size_t n = strlen(s), m = strlen(suf);
  return n > m && strcmp(s + n - m, suf) == 0;
}

/* Validation policy.
 *
 * Every bank goes through the pre-scan, the hardened parse and the walk.
 * RELAX NG validation against bank.rng runs on every file a user hands us
 * (--bank, --check-bank) but NOT, at run time, on the bundled banks of
 * data_dir/banks: on the 13 bundled banks it cost about half of the load
 * time, and for those files it cannot find anything the walk misses.
 *
 * That rests on the walk accepting nothing the schema rejects.  The walk
 * mirrors bank.rng element by element: for each element it checks the
 * allowed attributes (no others, none namespaced), the required ones, the
 * enumerated values (category, tier, stage kinds, family, levels,
 * interviewer), the children in schema order with their min/max counts (no
 * other or namespaced elements, no non-blank text between them), text-only
 * content for prose, and emptiness for <tags>, <levels> and <gap>.  Where
 * the schema has a datatype, the walk's test is the same or stricter: ids
 * and role= are slugs of at most 64 bytes; skill ids match the skill-id
 * pattern and length; tags must exist in tags.tsv; level weights are short
 * plain decimals in [0, 1]; prose must not be blank.  Comments and
 * processing instructions are ignored by both.
 *
 * Two things keep that honest: `make check` (data-check) runs
 * `xmllint --relaxng data/bank.rng` on every bundled bank, and the unit
 * test bundled_banks_pass_schema loads the bundled banks with
 * PREP_BANK_VALIDATE_BUNDLED, which restores the full check.  So does
 * --check-bank (prep_bank_check_file).  A change to bank.rng must be
 * mirrored in the walk, or those tests catch the drift.
 *
 * The schema itself is parsed on first use, so a plain load does not pay
 * for it either; its file must exist (checked up front). */
/* Loads the bundled banks; with only_role, just core.xml and
 * ONLY_ROLE.xml (PREP_EINPUT, nothing recorded, when that file is not
 * there, so the caller can load them all). */
static enum prep_status load_dir(const char *data_dir, unsigned flags,
                                 const char *only_role,
                                 struct prep_bankset **out,
                                 struct prep_diag *d)
{
  *out = NULL;
  if (only_role) {
    char path[4096];
    int n = snprintf(path, sizeof path, "%s/banks/%s.xml", data_dir,
                     only_role);
    if (n < 0 || (size_t)n >= sizeof path || strchr(only_role, '/') ||
        only_role[0] == '.' || access(path, R_OK) != 0)
      return PREP_EINPUT;
  }
  xml_init_once();
  struct prep_bankset *bs = prep_bank_set_new();
  struct prep_arena *a = bs->arena;
  enum prep_status st;

  bs->validate_bundled = (flags & PREP_BANK_VALIDATE_BUNDLED) != 0;
  bs->tags_path = prep_arena_printf(a, "%s/tags.tsv", data_dir);
  st = prep_tags_load(bs->tags_path, a, &bs->tags, d);
  if (st == PREP_OK)
    build_tagset(bs);
  if (st == PREP_OK)
    st = load_skills(bs, prep_arena_printf(a, "%s/skills.tsv", data_dir), d);
  if (st == PREP_OK) {
    bs->schema_path = prep_arena_printf(a, "%s/bank.rng", data_dir);
    if (access(bs->schema_path, R_OK) != 0) {
      prep_diag_add(d, PREP_SEV_ERROR, bs->schema_path, NULL,
                    "cannot read the bank schema: %s", strerror(errno));
      st = PREP_EDATA;
    } else if (bs->validate_bundled) {
      st = load_schema(bs, d);
    }
  }
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
    if (only_role && strcmp(de->d_name, "core.xml") != 0 &&
        (strncmp(de->d_name, only_role, strlen(only_role)) != 0 ||
         strcmp(de->d_name + strlen(only_role), ".xml") != 0))
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

enum prep_status prep_bankset_load_dir_ex(const char *data_dir,
                                          unsigned flags,
                                          struct prep_bankset **out,
                                          struct prep_diag *d)
{
  return load_dir(data_dir, flags, NULL, out, d);
}

enum prep_status prep_bankset_load_role(const char *data_dir,
                                        const char *role_id,
                                        struct prep_bankset **out,
                                        struct prep_diag *d)
{
  return load_dir(data_dir, 0, role_id, out, d);
}

enum prep_status prep_bankset_load_dir(const char *data_dir,
                                       struct prep_bankset **out,
                                       struct prep_diag *d)
{
  return prep_bankset_load_dir_ex(data_dir, 0, out, d);
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
    else {
      prep_bank_merge(bs, &f);
      prep_bank_finalize(bs);
    }
  }
  prep_bank_file_free(&f);
  bs->nfiles++;
  return st;
}

enum prep_status prep_bank_check_file(const char *data_dir, const char *path,
                                      struct prep_diag *d)
{
  struct prep_bankset *bs = NULL;
  enum prep_status st =
      prep_bankset_load_dir_ex(data_dir, PREP_BANK_VALIDATE_BUNDLED, &bs, d);
  if (st == PREP_OK)
    st = prep_bankset_add_file(bs, path, d);
  prep_bankset_free(bs);
  return st;
}
