/* xmlpull.c - safe streaming XML for package parts: libxml2 stays in here.
 *
 * Consumes the bytes of one XML part of a DOCX or ODT package and yields
 * its elements, text and attributes in document order, matched against the
 * caller's namespace vocabulary (xmlpull.h); the formats' own meaning of
 * them is left to read_docx.c and read_odt.c.  Comments, PIs and the XML
 * declaration are passed over.
 *
 * Every part is vetted before libxml2 sees it (../notes/SECURITY.md sec. 5):
 * UTF-16 is transcoded to UTF-8 here, other declared encodings are refused,
 * a DOCTYPE is refused, and a byte pre-scan bounds start-tag size, the
 * attributes per element (libxml2 2.9.14 is quadratic in them) and the
 * nesting depth.  Parsing uses xmlTextReader (streaming, no DOM) with
 * XML_PARSE_NONET only: no entity substitution, no DTD loading, no
 * XInclude, no HUGE.  prep_read_init() installs an entity loader that
 * refuses everything and silences libxml2's own printing.
 */
#include "xmlpull.h"

#include <libxml/catalog.h>
#include <libxml/parser.h>
#include <libxml/xmlIO.h>
#include <libxml/xmlerror.h>
#include <libxml/xmlreader.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "prepgen/arena.h"
#include "prepgen/buf.h"
#include "prepgen/text.h"
#include "prepgen/limits.h"
#include "prepgen/read.h"

#include "docx.h" /* prep_docx_stream_read: streamed package parts */

/* ---- process-wide setup ------------------------------------------------ */

static xmlParserInputPtr deny_loader(const char *url, const char *id,
                                     xmlParserCtxtPtr ctxt)
{
  (void)url; (void)id; (void)ctxt;
  return NULL; /* nothing outside the part is ever loaded */
}

static void silent_structured(void *ctx, xmlErrorPtr err)
{
  (void)ctx; (void)err;
}

static void silent_generic(void *ctx, const char *msg, ...)
{
  (void)ctx; (void)msg;
}

void prep_read_init(void)
{
  static int done;
  if (done)
    return;
  done = 1;
  xmlInitParser();
  xmlSetExternalEntityLoader(deny_loader);
  xmlCatalogSetDefaults(XML_CATA_ALLOW_NONE);
  xmlSetGenericErrorFunc(NULL, silent_generic);
  xmlSetStructuredErrorFunc(NULL, silent_structured);
}

/* ---- encoding and pre-scan ------------------------------------------------ */

/* UTF-16 (LE or BE) to UTF-8; lone surrogates become U+FFFD. */
static unsigned char *utf16_to_utf8(const unsigned char *p, size_t n, int be,
                                    size_t *outlen)
{
  struct prep_buf b;
  prep_buf_init(&b, 0);
  prep_utf16_append(&b, p, n, be, 0);
  if (!b.data)
    prep_buf_putc(&b, ' ');
  return (unsigned char *)prep_buf_detach(&b, outlen);
}

static int has_prefix(const unsigned char *p, const unsigned char *end,
                      const char *s)
{
  size_t n = strlen(s);
  return (size_t)(end - p) >= n && memcmp(p, s, n) == 0;
}

static const unsigned char *find(const unsigned char *p,
                                 const unsigned char *end, const char *s)
{
  size_t n = strlen(s);
  while ((size_t)(end - p) >= n) {
    const unsigned char *q = memchr(p, s[0], (size_t)(end - p) - n + 1);
    if (!q)
      return NULL;
    if (memcmp(q, s, n) == 0)
      return q;
    p = q + 1;
  }
  return NULL;
}

enum scan_result { SCAN_OK, SCAN_DTD, SCAN_ATTRS, SCAN_TAG, SCAN_DEPTH,
                   SCAN_ENCODING };

/* Checks the XML declaration's encoding: only UTF-8 and UTF-16. */
static int encoding_ok(const unsigned char *p, const unsigned char *end)
{
  if (!has_prefix(p, end, "<?xml"))
    return 1;
  const unsigned char *q = find(p, end, "?>");
  if (!q)
    return 1; /* the parser will report it */
  const unsigned char *e = find(p, q, "encoding");
  if (!e)
    return 1;
  e += 8;
  while (e < q && (*e == ' ' || *e == '=' || *e == '\t'))
    e++;
  if (e >= q || (*e != '"' && *e != '\''))
    return 1;
  unsigned char quote = *e++;
  const unsigned char *v = e;
  while (e < q && *e != quote)
    e++;
  size_t n = (size_t)(e - v);
  static const char *const ok[] = {"UTF-8", "UTF8", "UTF-16", "UTF-16LE",
                                   "UTF-16BE", "UTF16"};
  for (size_t i = 0; i < sizeof ok / sizeof ok[0]; i++)
    if (strlen(ok[i]) == n && strncasecmp((const char *)v, ok[i], n) == 0)
      return 1;
  return 0;
}

/* Incremental pre-scan state: bytes may arrive in pieces.  (M_PROCINST,
 * not M_PI: <math.h> defines that name.) */
enum scan_mode { M_TEXT, M_LT, M_BANG, M_COMMENT, M_CDATA, M_PROCINST,
                 M_ENDTAG, M_TAG };

struct scan {
  enum scan_mode mode;
  unsigned char quote, prev;
  unsigned attrs, depth, run; /* run: repeated '-' or ']' */
  size_t taglen;
  unsigned bang_n;
  char bang[8];
};

static enum scan_result scan_feed(struct scan *sc, const unsigned char *p,
                                  size_t n)
{
  const unsigned char *end = p + n;
  while (p < end) {
    switch (sc->mode) {
    case M_TEXT: {
      const unsigned char *lt = memchr(p, '<', (size_t)(end - p));
      if (!lt)
        return SCAN_OK;
      p = lt + 1;
      sc->mode = M_LT;
      continue;
    }
    case M_LT:
      if (*p == '!') {
        sc->mode = M_BANG;
        sc->bang_n = 0;
      } else if (*p == '?') {
        sc->mode = M_PROCINST;
        sc->prev = 0;
      } else if (*p == '/') {
        sc->mode = M_ENDTAG;
      } else {
        sc->mode = M_TAG;
        sc->quote = 0;
        sc->attrs = 0;
        sc->taglen = 1;
        sc->prev = *p;
      }
      p++;
      continue;
    case M_BANG:
      sc->bang[sc->bang_n++] = (char)*p++;
      if (sc->bang_n == 2 && memcmp(sc->bang, "--", 2) == 0) {
        sc->mode = M_COMMENT;
        sc->run = 0;
      } else if (sc->bang_n == 7 && memcmp(sc->bang, "[CDATA[", 7) == 0) {
        sc->mode = M_CDATA;
        sc->run = 0;
      } else if (memcmp(sc->bang, "--", sc->bang_n < 2 ? sc->bang_n : 2) != 0 &&
                 memcmp(sc->bang, "[CDATA[", sc->bang_n) != 0) {
        return SCAN_DTD; /* <!DOCTYPE, <!ENTITY, ... */
      }
      continue;
    case M_COMMENT:
    case M_CDATA: {
      unsigned char c = sc->mode == M_COMMENT ? '-' : ']';
      if (*p == '>' && sc->run >= 2)
        sc->mode = M_TEXT;
      sc->run = *p == c ? sc->run + 1 : 0;
      p++;
      continue;
    }
    case M_PROCINST:
      if (*p == '>' && sc->prev == '?')
        sc->mode = M_TEXT;
      sc->prev = *p++;
      continue;
    case M_ENDTAG: {
      const unsigned char *gt = memchr(p, '>', (size_t)(end - p));
      if (!gt)
        return SCAN_OK;
      p = gt + 1;
      if (sc->depth > 0)
        sc->depth--;
      sc->mode = M_TEXT;
      continue;
    }
    case M_TAG: {
      unsigned char c = *p++;
      if (++sc->taglen > PREP_MAX_XML_TAG)
        return SCAN_TAG;
      if (sc->quote) {
        if (c == sc->quote)
          sc->quote = 0;
        continue;
      }
      if (c == '"' || c == '\'') {
        sc->quote = c;
      } else if (c == '=') {
        if (++sc->attrs > PREP_MAX_XML_ATTRS)
          return SCAN_ATTRS;
      } else if (c == '>') {
        if (sc->prev != '/' && ++sc->depth > PREP_MAX_XML_DEPTH)
          return SCAN_DEPTH;
        sc->mode = M_TEXT;
      }
      sc->prev = c;
      continue;
    }
    }
  }
  return SCAN_OK;
}

/* ---- the streaming reader ---------------------------------------------------- */

struct ns_cache {
  const xmlChar *uri;
  int ns;
};

struct prep_xml {
  xmlTextReaderPtr r;
  const struct prep_xml_vocab *v;
  unsigned char *owned; /* transcoded copy (UTF-16 input) */
  struct prep_docx_stream *src; /* streaming input or NULL */
  unsigned char *head;  /* first bytes of a stream, already scanned */
  size_t head_len, head_off;
  struct scan sc;
  int src_failed;       /* the stream or the pre-scan stopped the parser */
  const char *part, *name;
  struct prep_diag *diag;
  enum prep_status st;
  int pending;          /* reader already positioned by prep_xml_skip */
  int err_code, err_line;
  xmlChar *tmp;         /* attribute value copy, freed on next call */
  struct ns_cache cache[8];
  unsigned ncache;
};

static void collect_error(void *arg, xmlErrorPtr err)
{
  struct prep_xml *x = arg;
  if (!err || err->level < XML_ERR_ERROR || x->err_code)
    return;
  x->err_code = err->code ? err->code : -1;
  x->err_line = err->line;
}

static int classify_ns(const struct prep_xml_vocab *v, const char *u)
{
  for (size_t i = 0; i < v->nns; i++)
    if (strcmp(u, v->ns[i].uri) == 0)
      return v->ns[i].id;
  return 0;
}

static int ns_of(struct prep_xml *x, const xmlChar *uri)
{
  if (!uri)
    return 0;
  for (unsigned i = 0; i < x->ncache; i++)
    if (x->cache[i].uri == uri)
      return x->cache[i].ns;
  int ns = classify_ns(x->v, (const char *)uri);
  /* Reader strings are interned in its dictionary: pointers are stable. */
  struct ns_cache c = {uri, ns};
  if (x->ncache < 8)
    x->cache[x->ncache++] = c;
  else
    x->cache[7] = c;
  return ns;
}

static enum prep_status fail(struct prep_diag *diag, const char *name,
                             const char *part, enum prep_status st,
                             const char *fmt, const char *what)
{
  prep_diag_add(diag, PREP_SEV_ERROR, name, part, fmt, what);
  return st;
}

static enum prep_status scan_error(enum scan_result r, const char *format,
                                   struct prep_diag *diag, const char *name,
                                   const char *part)
{
  switch (r) {
  case SCAN_OK:
    return PREP_OK;
  case SCAN_DTD:
    prep_diag_add(diag, PREP_SEV_ERROR, name, NULL,
                  "%s contains a DTD, which %s never uses; refusing it", part,
                  format);
    return PREP_EINPUT;
  case SCAN_ATTRS:
    prep_diag_add(diag, PREP_SEV_ERROR, name, NULL,
                  "%s has an element with more than %u attributes; "
                  "refusing it", part, PREP_MAX_XML_ATTRS);
    return PREP_ELIMIT;
  case SCAN_TAG:
    prep_diag_add(diag, PREP_SEV_ERROR, name, NULL,
                  "%s has a start tag longer than %u KiB; refusing it", part,
                  PREP_MAX_XML_TAG / 1024);
    return PREP_ELIMIT;
  case SCAN_DEPTH:
    prep_diag_add(diag, PREP_SEV_ERROR, name, NULL,
                  "%s nests elements deeper than %u levels; refusing it",
                  part, PREP_MAX_XML_DEPTH);
    return PREP_ELIMIT;
  case SCAN_ENCODING:
    prep_diag_add(diag, PREP_SEV_ERROR, name, NULL,
                  "%s declares a character encoding other than UTF-8 or "
                  "UTF-16, which %s does not allow", part, format);
    return PREP_EINPUT;
  }
  return PREP_EINTERNAL;
}

enum prep_status prep_xml_open(const unsigned char *buf, size_t len,
                               const struct prep_xml_vocab *v,
                               const char *part, const char *name,
                               struct prep_diag *diag, struct prep_xml **out)
{
  *out = NULL;
  prep_read_init();
  unsigned char *owned = NULL;
  const unsigned char *p = buf;
  size_t n = len;
  if (n >= 2 && ((p[0] == 0xFF && p[1] == 0xFE) || (p[0] == 0xFE && p[1] == 0xFF) ||
                 (n >= 4 && p[0] == '<' && p[1] == 0 && p[2] == '?' && p[3] == 0) ||
                 (n >= 4 && p[0] == 0 && p[1] == '<' && p[2] == 0 && p[3] == '?'))) {
    int be = p[0] == 0xFE || p[0] == 0;
    size_t skip = (p[0] == 0xFF || p[0] == 0xFE) ? 2 : 0;
    owned = utf16_to_utf8(p + skip, n - skip, be, &n);
    p = owned;
  } else if (n >= 3 && p[0] == 0xEF && p[1] == 0xBB && p[2] == 0xBF) {
    p += 3;
    n -= 3;
  }
  enum prep_status st = PREP_OK;
  struct scan sc;
  memset(&sc, 0, sizeof sc);
  if (!encoding_ok(p, p + n))
    st = scan_error(SCAN_ENCODING, v->format, diag, name, part);
  else
    st = scan_error(scan_feed(&sc, p, n), v->format, diag, name, part);
  if (st != PREP_OK) {
    free(owned);
    return st;
  }
  if (n > (size_t)0x7FFFFFFF) {
    free(owned);
    return fail(diag, name, NULL, PREP_ELIMIT, "%s is too large", part);
  }
  struct prep_xml *x = prep_xcalloc(1, sizeof *x);
  x->owned = owned;
  x->v = v;
  x->part = part;
  x->name = name;
  x->diag = diag;
  x->r = xmlReaderForMemory((const char *)p, (int)n, NULL, "UTF-8",
                            XML_PARSE_NONET | XML_PARSE_IGNORE_ENC |
                                XML_PARSE_NOCDATA | XML_PARSE_COMPACT);
  if (!x->r) {
    free(owned);
    free(x);
    return fail(diag, name, NULL, PREP_EINTERNAL,
                "cannot start the XML parser for %s", part);
  }
  xmlTextReaderSetStructuredErrorHandler(x->r, collect_error, x);
  *out = x;
  return PREP_OK;
}

/* libxml2 pulls bytes here: first the scanned head, then the stream,
 * each piece pre-scanned before the parser sees it. */
static int io_read(void *ctx, char *buf, int len)
{
  struct prep_xml *x = ctx;
  if (x->src_failed || len <= 0)
    return x->src_failed ? -1 : 0;
  if (x->head_off < x->head_len) {
    size_t n = x->head_len - x->head_off;
    if (n > (size_t)len)
      n = (size_t)len;
    memcpy(buf, x->head + x->head_off, n);
    x->head_off += n;
    return (int)n;
  }
  long r = prep_docx_stream_read(x->src, (unsigned char *)buf, (size_t)len);
  if (r < 0) {
    x->src_failed = 1;
    return -1;
  }
  enum prep_status st =
      scan_error(scan_feed(&x->sc, (unsigned char *)buf, (size_t)r),
                 x->v->format, x->diag, x->name, x->part);
  if (st != PREP_OK) {
    x->src_failed = 1;
    x->st = st;
    return -1;
  }
  return (int)r;
}

static int io_close(void *ctx)
{
  (void)ctx;
  return 0;
}

enum prep_status prep_xml_open_stream(struct prep_docx_stream *src,
                                      const struct prep_xml_vocab *v,
                                      const char *part, const char *name,
                                      struct prep_diag *diag,
                                      struct prep_xml **out)
{
  *out = NULL;
  prep_read_init();
  /* The head: enough for the XML declaration and the encoding. */
  size_t cap = 65536, n = 0;
  unsigned char *head = prep_xmalloc(cap);
  for (;;) {
    long r = prep_docx_stream_read(src, head + n, cap - n);
    if (r < 0) {
      free(head);
      return prep_docx_stream_status(src);
    }
    if (r == 0)
      break;
    n += (size_t)r;
    if (n == cap)
      break;
  }
  int utf16 = n >= 2 && ((head[0] == 0xFF && head[1] == 0xFE) ||
                         (head[0] == 0xFE && head[1] == 0xFF) ||
                         (n >= 4 && head[0] == '<' && head[1] == 0) ||
                         (n >= 4 && head[0] == 0 && head[1] == '<'));
  if (utf16) {
    /* rare: read it whole (still under the part cap) and transcode */
    size_t total = n, bcap = n + 65536;
    head = prep_xrealloc(head, bcap);
    for (;;) {
      if (total == bcap) {
        bcap *= 2;
        head = prep_xrealloc(head, bcap);
      }
      long r = prep_docx_stream_read(src, head + total, bcap - total);
      if (r < 0) {
        free(head);
        return prep_docx_stream_status(src);
      }
      if (r == 0)
        break;
      total += (size_t)r;
    }
    enum prep_status st =
        prep_xml_open(head, total, v, part, name, diag, out);
    if (st != PREP_OK) {
      free(head);
      return st;
    }
    (*out)->head = head; /* freed by prep_xml_close */
    (*out)->head_len = 0;
    return PREP_OK;
  }
  struct prep_xml *x = prep_xcalloc(1, sizeof *x);
  x->src = src;
  x->v = v;
  x->head = head;
  x->head_len = n;
  x->part = part;
  x->name = name;
  x->diag = diag;
  if (n >= 3 && head[0] == 0xEF && head[1] == 0xBB && head[2] == 0xBF)
    x->head_off = 3;
  enum prep_status st;
  if (!encoding_ok(head + x->head_off, head + n))
    st = scan_error(SCAN_ENCODING, v->format, diag, name, part);
  else
    st = scan_error(scan_feed(&x->sc, head + x->head_off, n - x->head_off),
                    v->format, diag, name, part);
  if (st != PREP_OK) {
    free(head);
    free(x);
    return st;
  }
  x->r = xmlReaderForIO(io_read, io_close, x, NULL, "UTF-8",
                        XML_PARSE_NONET | XML_PARSE_IGNORE_ENC |
                            XML_PARSE_NOCDATA | XML_PARSE_COMPACT);
  if (!x->r) {
    free(head);
    free(x);
    return fail(diag, name, NULL, PREP_EINTERNAL,
                "cannot start the XML parser for %s", part);
  }
  xmlTextReaderSetStructuredErrorHandler(x->r, collect_error, x);
  *out = x;
  return PREP_OK;
}

void prep_xml_close(struct prep_xml *x)
{
  if (!x)
    return;
  free(x->head);
  if (x->tmp)
    xmlFree(x->tmp);
  if (x->r)
    xmlFreeTextReader(x->r);
  free(x->owned);
  free(x);
}

static void report(struct prep_xml *x, int code, int line)
{
  if (x->st != PREP_OK)
    return;
  if (x->src_failed) { /* the message is already recorded */
    x->st = x->src ? prep_docx_stream_status(x->src) : PREP_EINPUT;
    if (x->st == PREP_OK)
      x->st = PREP_EINPUT;
    return;
  }
  char where[64];
  where[0] = '\0';
  if (line > 0)
    snprintf(where, sizeof where, "line %d", line);
  switch (code) {
  case XML_ERR_INVALID_CHAR:
  case XML_ERR_INVALID_ENCODING:
    prep_diag_add(x->diag, PREP_SEV_ERROR, x->name, NULL,
                  "%s is not valid UTF-8 or holds a character XML forbids "
                  "(%s)", x->part, line > 0 ? where : "unknown line");
    break;
  case XML_ERR_NO_MEMORY: /* also libxml2's 10 MB text-node guard */
    prep_diag_add(x->diag, PREP_SEV_ERROR, x->name, NULL,
                  "%s holds a text run too large to parse (over libxml2's "
                  "10 MB text limit)", x->part);
    x->st = PREP_ELIMIT;
    return;
  case XML_ERR_ENTITY_LOOP:
  case XML_ERR_UNDECLARED_ENTITY:
  case XML_WAR_UNDECLARED_ENTITY:
    prep_diag_add(x->diag, PREP_SEV_ERROR, x->name, NULL,
                  "%s uses entity references, which %s never uses; "
                  "refusing it", x->part, x->v->format);
    break;
  default:
    if (line > 0)
      prep_diag_add(x->diag, PREP_SEV_ERROR, x->name, NULL,
                    "%s is not well-formed XML (line %d)", x->part, line);
    else
      prep_diag_add(x->diag, PREP_SEV_ERROR, x->name, NULL,
                    "%s is not well-formed XML", x->part);
    break;
  }
  x->st = PREP_EINPUT;
}

enum prep_xml_node prep_xml_next(struct prep_xml *x)
{
  if (x->tmp) {
    xmlFree(x->tmp);
    x->tmp = NULL;
  }
  if (x->st != PREP_OK)
    return PREP_XML_EOF;
  for (;;) {
    int ret;
    if (x->pending) {
      x->pending = 0;
      ret = x->err_code ? -1 : 1;
    } else {
      ret = xmlTextReaderRead(x->r);
    }
    if (ret == 0) {
      if (x->err_code)
        report(x, x->err_code, x->err_line);
      return PREP_XML_EOF;
    }
    if (ret < 0) {
      report(x, x->err_code, x->err_code ? x->err_line
                                         : xmlTextReaderGetParserLineNumber(x->r));
      return PREP_XML_EOF;
    }
    switch (xmlTextReaderNodeType(x->r)) {
    case XML_READER_TYPE_ELEMENT:
      if (xmlTextReaderDepth(x->r) >= (int)PREP_MAX_XML_DEPTH) {
        prep_diag_add(x->diag, PREP_SEV_ERROR, x->name, NULL,
                      "%s nests elements deeper than %u levels; refusing it",
                      x->part, PREP_MAX_XML_DEPTH);
        x->st = PREP_ELIMIT;
        return PREP_XML_EOF;
      }
      return PREP_XML_START;
    case XML_READER_TYPE_END_ELEMENT:
      return PREP_XML_END;
    case XML_READER_TYPE_TEXT:
    case XML_READER_TYPE_CDATA:
    case XML_READER_TYPE_WHITESPACE:
    case XML_READER_TYPE_SIGNIFICANT_WHITESPACE:
      return PREP_XML_TEXT;
    case XML_READER_TYPE_DOCUMENT_TYPE:
      prep_diag_add(x->diag, PREP_SEV_ERROR, x->name, NULL,
                    "%s contains a DTD, which %s never uses; refusing it",
                    x->part, x->v->format);
      x->st = PREP_EINPUT;
      return PREP_XML_EOF;
    case XML_READER_TYPE_ENTITY_REFERENCE:
    case XML_READER_TYPE_ENTITY:
      prep_diag_add(x->diag, PREP_SEV_ERROR, x->name, NULL,
                    "%s uses entity references, which %s never uses; "
                    "refusing it", x->part, x->v->format);
      x->st = PREP_EINPUT;
      return PREP_XML_EOF;
    default:
      continue; /* comments, PIs, declarations */
    }
  }
}

enum prep_status prep_xml_status(const struct prep_xml *x) { return x->st; }

int prep_xml_ns(const struct prep_xml *x)
{
  return ns_of((struct prep_xml *)x, xmlTextReaderConstNamespaceUri(x->r));
}

const char *prep_xml_local(const struct prep_xml *x)
{
  const xmlChar *s = xmlTextReaderConstLocalName(x->r);
  return s ? (const char *)s : "";
}

int prep_xml_depth(const struct prep_xml *x) { return xmlTextReaderDepth(x->r); }

int prep_xml_empty(const struct prep_xml *x) { return xmlTextReaderIsEmptyElement(x->r) == 1; }

int prep_xml_line(const struct prep_xml *x) { return xmlTextReaderGetParserLineNumber(x->r); }

const char *prep_xml_text(const struct prep_xml *x, size_t *len)
{
  const xmlChar *s = xmlTextReaderConstValue(x->r);
  if (!s) {
    *len = 0;
    return "";
  }
  *len = strlen((const char *)s);
  return (const char *)s;
}

const char *prep_xml_attr(struct prep_xml *x, int ns, const char *local)
{
  if (x->tmp) {
    xmlFree(x->tmp);
    x->tmp = NULL;
  }
  xmlNodePtr node = xmlTextReaderCurrentNode(x->r);
  if (!node || node->type != XML_ELEMENT_NODE)
    return NULL;
  for (xmlAttrPtr at = node->properties; at; at = at->next) {
    if (!at->name || strcmp((const char *)at->name, local) != 0)
      continue;
    /* An attribute's namespace URI is its xmlNs's own copy, freed when
     * the reader drops that subtree; a later declaration can reuse the
     * address, so only the interned string may key the cache. */
    if (ns == 0
            ? at->ns != NULL
            : (!at->ns ||
               ns_of(x, xmlTextReaderConstString(x->r, at->ns->href)) != ns))
      continue;
    xmlNodePtr c = at->children;
    if (!c)
      return "";
    if (c->type == XML_TEXT_NODE && !c->next && c->content)
      return (const char *)c->content;
    x->tmp = xmlNodeListGetString(node->doc, c, 1);
    return x->tmp ? (const char *)x->tmp : "";
  }
  return NULL;
}

void prep_xml_skip(struct prep_xml *x)
{
  if (x->st != PREP_OK)
    return;
  int ret = xmlTextReaderNext(x->r);
  if (ret == 1)
    x->pending = 1;
  else if (ret < 0 || x->err_code)
    report(x, x->err_code, x->err_code ? x->err_line
                                       : xmlTextReaderGetParserLineNumber(x->r));
  else
    x->pending = 0; /* end of document: the next read returns 0 */
}

