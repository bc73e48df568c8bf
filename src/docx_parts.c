/* docx_parts.c - the package's bookkeeping parts for the DOCX reader:
 * relationships (.rels), [Content_Types].xml, docProps/core.xml, and the
 * safe handling of part names (resolution inside the package, names fit
 * for messages), and the namespaces every DOCX part is read with.  Built on
 * the safe XML layer (xmlpull.c).
 */
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "docx.h"
#include "prepgen/arena.h"
#include "prepgen/buf.h"
#include "prepgen/doc.h"
#include "prepgen/limits.h"
#include "prepgen/text.h"

/* ---- namespaces ------------------------------------------------------------ */

/* Transitional and Strict OOXML name the same vocabulary with different
 * URIs; both map to one id, so the readers never see the difference. */
static const struct prep_xml_ns docx_ns_uris[] = {
    {"http://schemas.openxmlformats.org/wordprocessingml/2006/main", DX_NS_W},
    {"http://purl.oclc.org/ooxml/wordprocessingml/main", DX_NS_W},
    {"http://schemas.openxmlformats.org/officeDocument/2006/relationships",
     DX_NS_R},
    {"http://purl.oclc.org/ooxml/officeDocument/relationships", DX_NS_R},
    {"http://schemas.openxmlformats.org/markup-compatibility/2006", DX_NS_MC},
    {"http://schemas.openxmlformats.org/package/2006/relationships",
     DX_NS_PKGREL},
    {"http://schemas.openxmlformats.org/package/2006/content-types",
     DX_NS_CT},
    {"http://purl.org/dc/elements/1.1/", DX_NS_DC},
    {"http://purl.org/dc/terms/", DX_NS_DCTERMS},
    {"http://schemas.openxmlformats.org/package/2006/metadata/core-properties",
     DX_NS_CP},
    {"urn:schemas-microsoft-com:vml", DX_NS_V},
    {"http://schemas.microsoft.com/office/word/2010/wordprocessingShape",
     DX_NS_WPS},
    {"http://schemas.openxmlformats.org/drawingml/2006/wordprocessingDrawing",
     DX_NS_WP},
    {"http://purl.oclc.org/ooxml/drawingml/wordprocessingDrawing", DX_NS_WP},
    {"http://schemas.openxmlformats.org/officeDocument/2006/math", DX_NS_M},
    {"http://purl.oclc.org/ooxml/officeDocument/math", DX_NS_M},
    {"urn:schemas-microsoft-com:office:office", DX_NS_O},
};

const struct prep_xml_vocab prep_docx_vocab = {
    "DOCX", docx_ns_uris, sizeof docx_ns_uris / sizeof docx_ns_uris[0]};

/* ---- names --------------------------------------------------------------- */

const char *prep_docx_safe_name(struct prep_arena *a, const char *part)
{
  size_t n = strlen(part);
  if (n > 120)
    n = 120;
  char *s = prep_arena_strndup(a, part, n);
  for (size_t i = 0; i < n; i++) {
    char c = s[i];
    if (!((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') ||
          (c >= '0' && c <= '9') || strchr("._/-[]", c)))
      s[i] = '?';
  }
  return s;
}

static int hexval(int c)
{
  if (c >= '0' && c <= '9')
    return c - '0';
  if (c >= 'a' && c <= 'f')
    return c - 'a' + 10;
  if (c >= 'A' && c <= 'F')
    return c - 'A' + 10;
  return -1;
}

char *prep_docx_resolve(struct prep_arena *a, const char *base, const char *target)
{
  if (!target || !*target)
    return NULL;
  /* A URL with a scheme ("file:", "http:") is never a part. */
  for (const char *p = target; *p && *p != '/'; p++)
    if (*p == ':')
      return NULL;
  size_t bl = strlen(base), tl = strlen(target);
  char *path = prep_arena_alloc(a, bl + tl + 2);
  size_t n = 0;
  if (target[0] != '/' && target[0] != '\\') {
    memcpy(path, base, bl);
    n = bl;
  }
  for (size_t i = 0; i < tl; i++) {
    char c = target[i];
    if (c == '\\')
      c = '/';
    if (c == '%' && i + 2 < tl && hexval(target[i + 1]) >= 0 &&
        hexval(target[i + 2]) >= 0) {
      c = (char)(hexval(target[i + 1]) * 16 + hexval(target[i + 2]));
      i += 2;
      if (c == '\0' || c == '\\')
        return NULL;
    }
    if (c == '#' || c == '?')
      break; /* fragment or query: not part of the part name */
    path[n++] = c;
  }
  path[n] = '\0';
  /* Fold segments into out. */
  char *out = prep_arena_alloc(a, n + 1);
  size_t o = 0;
  const char *p = path;
  while (*p) {
    const char *e = strchr(p, '/');
    size_t sl = e ? (size_t)(e - p) : strlen(p);
    if (sl == 0 || (sl == 1 && p[0] == '.')) {
      /* skip */
    } else if (sl == 2 && p[0] == '.' && p[1] == '.') {
      if (o == 0)
        return NULL; /* leaves the package */
      while (o > 0 && out[o - 1] != '/')
        o--;
      if (o > 0)
        o--; /* drop the slash */
    } else {
      if (o > 0)
        out[o++] = '/';
      memcpy(out + o, p, sl);
      o += sl;
    }
    if (!e)
      break;
    p = e + 1;
  }
  out[o] = '\0';
  return o ? out : NULL;
}

/* ---- relationships ------------------------------------------------------------ */

static const char *last_segment(const char *type)
{
  const char *s = strrchr(type, '/');
  return s ? s + 1 : type;
}

void prep_docx_rels_parse(const unsigned char *buf, size_t len, const char *part,
                   const char *base, const char *name, struct prep_arena *a,
                   struct prep_diag *diag, struct dx_rels *out)
{
  out->v = NULL;
  out->n = 0;
  struct prep_diag tmp;
  prep_diag_init(&tmp);
  struct prep_xml *x;
  if (prep_xml_open(buf, len, &prep_docx_vocab, part, name, &tmp, &x) !=
      PREP_OK) {
    prep_diag_add(diag, PREP_SEV_WARNING, name, NULL,
                  "%s is damaged or unsafe; its links are ignored", part);
    prep_diag_free(&tmp);
    return;
  }
  size_t cap = 0;
  enum prep_xml_node t;
  while ((t = prep_xml_next(x)) != PREP_XML_EOF) {
    if (t != PREP_XML_START || strcmp(prep_xml_local(x), "Relationship") != 0)
      continue;
    const char *id = prep_xml_attr(x, DX_NS_OTHER, "Id");
    if (!id)
      continue;
    struct dx_rel r = {0};
    r.id = prep_arena_strdup(a, id);
    const char *type = prep_xml_attr(x, DX_NS_OTHER, "Type");
    r.type = prep_arena_strdup(a, type ? last_segment(type) : "");
    const char *mode = prep_xml_attr(x, DX_NS_OTHER, "TargetMode");
    r.external = mode && strcasecmp(mode, "External") == 0;
    const char *target = prep_xml_attr(x, DX_NS_OTHER, "Target");
    if (!target)
      target = "";
    if (r.external) {
      r.target = prep_arena_strdup(a, target);
    } else {
      r.target = prep_docx_resolve(a, base, target);
      if (!r.target) {
        r.bad = 1;
        r.target = "";
      }
    }
    if (out->n == cap) {
      if (cap >= 100000)
        break;
      cap = cap ? cap * 2 : 16;
      struct dx_rel *nv = prep_arena_alloc(a, cap * sizeof *nv);
      if (out->n)
        memcpy(nv, out->v, out->n * sizeof *nv);
      out->v = nv;
    }
    out->v[out->n++] = r;
  }
  if (prep_xml_status(x) != PREP_OK)
    prep_diag_add(diag, PREP_SEV_WARNING, name, NULL,
                  "%s is damaged; its links are partly ignored", part);
  prep_xml_close(x);
  prep_diag_free(&tmp);
}

const struct dx_rel *prep_docx_rels_by_id(const struct dx_rels *r, const char *id)
{
  if (!id)
    return NULL;
  for (size_t i = 0; i < r->n; i++)
    if (strcmp(r->v[i].id, id) == 0)
      return &r->v[i];
  return NULL;
}
/* ---- content types ----------------------------------------------------------- */

void prep_docx_ctypes_load(struct prep_docx_pkg *pkg, struct prep_arena *a,
                           const char *name, struct docx_ctypes *out)
{
  out->loaded = 1;
  unsigned char *buf;
  size_t len;
  struct prep_diag tmp;
  prep_diag_init(&tmp);
  if (prep_docx_pkg_read_name(pkg, "[Content_Types].xml", PREP_MAX_SMALL_PART,
                              &buf, &len) != PREP_OK || !buf) {
    prep_diag_free(&tmp);
    return;
  }
  struct prep_xml *x;
  if (prep_xml_open(buf, len, &prep_docx_vocab, "[Content_Types].xml", name,
                    &tmp, &x) == PREP_OK) {
    size_t cap = 0;
    enum prep_xml_node t;
    while ((t = prep_xml_next(x)) != PREP_XML_EOF) {
      if (t != PREP_XML_START)
        continue;
      const char *ln = prep_xml_local(x);
      int ext = strcmp(ln, "Default") == 0;
      if (!ext && strcmp(ln, "Override") != 0)
        continue;
      const char *key = prep_xml_attr(x, DX_NS_OTHER, ext ? "Extension" : "PartName");
      if (!key)
        continue;
      key = prep_arena_strdup(a, key[0] == '/' ? key + 1 : key);
      const char *ty = prep_xml_attr(x, DX_NS_OTHER, "ContentType");
      if (!ty || out->n >= 10000)
        continue;
      if (out->n == cap) {
        cap = cap ? cap * 2 : 32;
        struct docx_ctype *nv = prep_arena_alloc(a, cap * sizeof *nv);
        if (out->n)
          memcpy(nv, out->v, out->n * sizeof *nv);
        out->v = nv;
      }
      out->v[out->n].key = key;
      out->v[out->n].type = prep_arena_strdup(a, ty);
      out->v[out->n].ext = ext;
      out->n++;
    }
    prep_xml_close(x);
  }
  free(buf);
  prep_diag_free(&tmp);
}

const char *prep_docx_ctype(const struct docx_ctypes *ct, const char *part)
{
  for (size_t i = 0; i < ct->n; i++)
    if (!ct->v[i].ext && strcasecmp(ct->v[i].key, part) == 0)
      return ct->v[i].type;
  const char *dot = strrchr(part, '.');
  if (dot)
    for (size_t i = 0; i < ct->n; i++)
      if (ct->v[i].ext && strcasecmp(ct->v[i].key, dot + 1) == 0)
        return ct->v[i].type;
  return "";
}

/* ---- core properties ---------------------------------------------------------- */

void prep_docx_read_core(struct prep_docx_pkg *pkg, const char *part,
                         struct prep_doc *doc, struct prep_arena *a,
                         const char *name, struct prep_diag *diag)
{
  unsigned char *buf;
  size_t len;
  size_t before = diag->count, errs = diag->errors;
  if (prep_docx_pkg_read_name(pkg, part, PREP_MAX_SMALL_PART, &buf, &len) != PREP_OK) {
    prep_docx_diag_demote(diag, before, errs);
    return;
  }
  if (!buf)
    return;
  struct prep_diag tmp;
  prep_diag_init(&tmp);
  struct prep_xml *x;
  if (prep_xml_open(buf, len, &prep_docx_vocab, part, name, &tmp, &x) ==
      PREP_OK) {
    enum prep_xml_node t;
    int which = 0; /* 1 title, 2 creator, 3 modified */
    struct prep_buf v;
    prep_buf_init(&v, 4096);
    while ((t = prep_xml_next(x)) != PREP_XML_EOF) {
      if (t == PREP_XML_START) {
        enum docx_ns ns = prep_xml_ns(x);
        const char *ln = prep_xml_local(x);
        which = ns == DX_NS_DC && strcmp(ln, "title") == 0     ? 1
                : ns == DX_NS_DC && strcmp(ln, "creator") == 0 ? 2
                : ns == DX_NS_DCTERMS && strcmp(ln, "modified") == 0 ? 3
                                                                     : 0;
        prep_buf_clear(&v);
        if (prep_xml_empty(x))
          which = 0;
      } else if (t == PREP_XML_TEXT && which) {
        size_t n;
        const char *s = prep_xml_text(x, &n);
        prep_buf_append(&v, s, n);
      } else if (t == PREP_XML_END && which) {
        struct prep_buf o;
        prep_buf_init(&o, 1024);
        prep_text_normalize(&o, v.data ? v.data : "", v.len);
        if (o.len) {
          const char *val = prep_arena_strndup(a, o.data, o.len);
          if (which == 1)
            doc->title = val;
          else if (which == 2)
            doc->author = val;
          else if (o.len >= 10 && val[4] == '-' && val[7] == '-') {
            int ok = 1;
            for (int i = 0; i < 10; i++)
              if (i != 4 && i != 7 && (val[i] < '0' || val[i] > '9'))
                ok = 0;
            if (ok)
              doc->modified = prep_arena_strndup(a, val, 10);
          }
        }
        prep_buf_free(&o);
        which = 0;
      }
    }
    prep_buf_free(&v);
    prep_xml_close(x);
  }
  free(buf);
  prep_diag_free(&tmp);
}

/* Turns the errors recorded since `count` into warnings: a damaged
 * optional part must not fail the file. */
void prep_docx_diag_demote(struct prep_diag *d, size_t count, size_t errors)
{
  for (size_t i = count; i < d->count; i++)
    d->items[i].sev = PREP_SEV_WARNING;
  d->warnings += d->errors - errors;
  d->errors = errors;
}

