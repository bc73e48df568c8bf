/* docx_zip.c - the OPC package of a DOCX: libzip stays inside this file.
 *
 * The archive is opened from memory, read-only, with ZIP_CHECKCONS (the only
 * way libzip 1.7.3 notices duplicate names and full-overlap bombs).  Every
 * entry is vetted once: entry count, sum of declared sizes, unsafe names,
 * case-insensitive duplicates.  Parts are read with our own byte counter:
 * libzip does not enforce declared sizes, so we never trust them (see
 * ../notes/SECURITY.md section 4).  Nothing is ever extracted to disk.
 */
#include "docx.h"

#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <zip.h>

#include "prepgen/arena.h"
#include "prepgen/limits.h"

struct docx_ent {
  const char *name; /* as stored (raw bytes up to the first NUL) */
  int unsafe;       /* NUL, absolute, backslash, '..', drive letter */
};

struct prep_docx_pkg {
  zip_t *za;
  const char *name; /* file name for messages */
  struct prep_arena *a;
  struct prep_diag *diag;
  size_t *inflated; /* per-file inflated-byte counter (shared) */
  struct docx_ent *ents;
  size_t nents;
  long *sorted; /* entry indexes sorted by name, ignoring case */
};

static const char damaged_msg[] =
    "the ZIP structure is damaged (truncated or corrupt)";

static int unsafe_name(const char *s)
{
  if (s[0] == '/' || s[0] == '\0')
    return 1;
  if (strchr(s, '\\'))
    return 1;
  if (((s[0] >= 'A' && s[0] <= 'Z') || (s[0] >= 'a' && s[0] <= 'z')) &&
      s[1] == ':')
    return 1;
  const char *p = s;
  while (*p) {
    const char *e = strchr(p, '/');
    size_t n = e ? (size_t)(e - p) : strlen(p);
    if (n == 2 && p[0] == '.' && p[1] == '.')
      return 1;
    if (!e)
      break;
    p = e + 1;
  }
  return 0;
}

static const struct prep_docx_pkg *sort_pkg; /* qsort has no context argument */

static int cmp_ent(const void *x, const void *y)
{
  long i = *(const long *)x, j = *(const long *)y;
  int c = strcasecmp(sort_pkg->ents[i].name, sort_pkg->ents[j].name);
  return c ? c : (i < j ? -1 : i > j);
}

static unsigned rd16(const unsigned char *p) { return (unsigned)(p[0] | p[1] << 8); }
static unsigned long rd32(const unsigned char *p)
{
  return (unsigned long)p[0] | (unsigned long)p[1] << 8 |
         (unsigned long)p[2] << 16 | (unsigned long)p[3] << 24;
}

/* When libzip refuses an archive, look at the central directory ourselves
 * for entries marked encrypted (flag bit 0, or method 99 = WinZip AES), so
 * the message can say so. */
static int raw_has_encrypted(const unsigned char *p, size_t n)
{
  if (n < 22)
    return 0;
  size_t lo = n > 22 + 65535 ? n - 22 - 65535 : 0;
  for (size_t e = n - 22 + 1; e-- > lo;) {
    if (memcmp(p + e, "PK\5\6", 4) != 0)
      continue;
    unsigned long size = rd32(p + e + 12), off = rd32(p + e + 16);
    if (off >= n || size > n - off)
      return 0;
    size_t i = off, end = off + size;
    while (i + 46 <= end && memcmp(p + i, "PK\1\2", 4) == 0) {
      if ((rd16(p + i + 8) & 1) || rd16(p + i + 10) == 99)
        return 1;
      i += 46 + rd16(p + i + 28) + rd16(p + i + 30) + rd16(p + i + 32);
    }
    return 0;
  }
  return 0;
}

static enum prep_status open_error(struct prep_diag *diag, const char *name,
                                   int ze)
{
  switch (ze) {
  case ZIP_ER_EXISTS:
    prep_diag_add(diag, PREP_SEV_ERROR, name, NULL,
                  "the ZIP archive holds two entries with the same name, so "
                  "the package is ambiguous; refusing it");
    return PREP_EINPUT;
  case ZIP_ER_INCONS:
    prep_diag_add(diag, PREP_SEV_ERROR, name, NULL,
                  "the ZIP directory does not match its entries (duplicate "
                  "names or overlapping entries, as in a zip bomb); "
                  "refusing it");
    return PREP_EINPUT;
  case ZIP_ER_MULTIDISK:
    prep_diag_add(diag, PREP_SEV_ERROR, name, NULL,
                  "this is one volume of a split ZIP archive; it cannot be "
                  "read alone");
    return PREP_EINPUT;
  case ZIP_ER_MEMORY:
    prep_diag_add(diag, PREP_SEV_ERROR, name, NULL,
                  "out of memory while opening the ZIP archive");
    return PREP_EINTERNAL;
  default:
    prep_diag_add(diag, PREP_SEV_ERROR, name, NULL, "%s", damaged_msg);
    return PREP_EINPUT;
  }
}

enum prep_status prep_docx_pkg_open(const unsigned char *p, size_t n,
                               const char *name, struct prep_arena *a,
                               size_t *inflated, struct prep_diag *diag,
                               struct prep_docx_pkg **out)
{
  *out = NULL;
  zip_error_t zerr;
  zip_error_init(&zerr);
  zip_source_t *src = zip_source_buffer_create(p, n, 0, &zerr);
  if (!src) {
    zip_error_fini(&zerr);
    return open_error(diag, name, ZIP_ER_MEMORY);
  }
  /* ZIP_CHECKCONS also compares modification times, which real producers
   * (Word Online, POI) write differently in the two headers.  So when it
   * fails, open again without it: exact and case-only duplicate names are
   * caught below, honest bombs by the declared-size sum and the rest by
   * our own byte counting. */
  zip_source_keep(src);
  zip_t *za = zip_open_from_source(src, ZIP_RDONLY | ZIP_CHECKCONS, &zerr);
  if (!za && zip_error_code_zip(&zerr) == ZIP_ER_INCONS) {
    zip_error_fini(&zerr);
    zip_error_init(&zerr);
    za = zip_open_from_source(src, ZIP_RDONLY, &zerr);
  }
  if (!za) {
    int ze = zip_error_code_zip(&zerr);
    zip_source_free(src); /* the reference taken by zip_source_keep */
    zip_source_free(src); /* and the one from zip_source_buffer_create */
    zip_error_fini(&zerr);
    if (ze != ZIP_ER_NOZIP && ze != ZIP_ER_MEMORY && raw_has_encrypted(p, n)) {
      prep_diag_add(diag, PREP_SEV_ERROR, name, NULL,
                    "the ZIP archive has encrypted entries; encrypted DOCX "
                    "files are not supported");
      return PREP_EINPUT;
    }
    return open_error(diag, name, ze);
  }
  zip_source_free(src); /* drops our extra reference; the archive keeps one */
  zip_error_fini(&zerr);
  struct prep_docx_pkg *pkg = prep_arena_alloc(a, sizeof *pkg);
  pkg->za = za;
  pkg->name = name;
  pkg->a = a;
  pkg->diag = diag;
  pkg->inflated = inflated;
  zip_int64_t ne = zip_get_num_entries(za, 0);
  if (ne < 0) {
    prep_diag_add(diag, PREP_SEV_ERROR, name, NULL, "%s", damaged_msg);
    goto fail;
  }
  if ((zip_uint64_t)ne > PREP_MAX_ZIP_ENTRIES) {
    prep_diag_add(diag, PREP_SEV_ERROR, name, NULL,
                  "the ZIP archive has more than %u entries (the limit for "
                  "a DOCX); refusing it", PREP_MAX_ZIP_ENTRIES);
    zip_discard(za);
    return PREP_ELIMIT;
  }
  pkg->nents = (size_t)ne;
  pkg->ents = prep_arena_alloc(a, (pkg->nents + 1) * sizeof *pkg->ents);
  pkg->sorted = prep_arena_alloc(a, (pkg->nents + 1) * sizeof *pkg->sorted);
  zip_uint64_t declared = 0;
  for (size_t i = 0; i < pkg->nents; i++) {
    zip_stat_t st;
    zip_stat_init(&st);
    const char *nm = zip_get_name(za, i, ZIP_FL_ENC_RAW);
    if (!nm || zip_stat_index(za, i, ZIP_FL_ENC_RAW, &st) != 0) {
      prep_diag_add(diag, PREP_SEV_ERROR, name, NULL, "%s", damaged_msg);
      goto fail;
    }
    pkg->ents[i].name = prep_arena_strdup(a, nm);
    pkg->ents[i].unsafe = unsafe_name(nm);
    /* A name with an embedded NUL looks like its prefix to C code but not
     * to libzip's own lookup: the two disagree exactly then. */
    if (!pkg->ents[i].unsafe &&
        zip_name_locate(za, nm, ZIP_FL_ENC_RAW) != (zip_int64_t)i)
      pkg->ents[i].unsafe = 1;
    if (st.valid & ZIP_STAT_SIZE) {
      declared += st.size > PREP_MAX_DECLARED_TOTAL ? PREP_MAX_DECLARED_TOTAL
                                                    : st.size;
      if (st.size > PREP_MAX_DECLARED_TOTAL || declared > PREP_MAX_DECLARED_TOTAL) {
        prep_diag_add(diag, PREP_SEV_ERROR, name, NULL,
                      "the ZIP entries declare more than %u MiB in total "
                      "when inflated (a zip bomb?); refusing it",
                      PREP_MAX_DECLARED_TOTAL / PREP_MiB);
        zip_discard(za);
        return PREP_ELIMIT;
      }
    }
    pkg->sorted[i] = (long)i;
  }
  sort_pkg = pkg;
  qsort(pkg->sorted, pkg->nents, sizeof *pkg->sorted, cmp_ent);
  sort_pkg = NULL;
  for (size_t k = 1; k < pkg->nents; k++) {
    const struct docx_ent *x = &pkg->ents[pkg->sorted[k - 1]];
    const struct docx_ent *y = &pkg->ents[pkg->sorted[k]];
    if (strcasecmp(x->name, y->name) == 0 && x->name[0]) {
      prep_diag_add(diag, PREP_SEV_ERROR, name, NULL,
                    "the ZIP archive holds two entries named %s (part names "
                    "ignore case), so the package is ambiguous; refusing it",
                    prep_docx_safe_name(a, x->name));
      goto fail;
    }
  }
  *out = pkg;
  return PREP_OK;
fail:
  zip_discard(za);
  return PREP_EINPUT;
}

void prep_docx_pkg_close(struct prep_docx_pkg *pkg)
{
  if (pkg && pkg->za) {
    zip_discard(pkg->za);
    pkg->za = NULL;
  }
}

int prep_docx_pkg_has_prefix(const struct prep_docx_pkg *pkg, const char *part)
{
  size_t n = strlen(part);
  for (size_t i = 0; i < pkg->nents; i++)
    if (strlen(pkg->ents[i].name) > n &&
        strncasecmp(pkg->ents[i].name, part, n) == 0 &&
        pkg->ents[i].name[n] != '/')
      return 1;
  return 0;
}

long prep_docx_pkg_find(const struct prep_docx_pkg *pkg, const char *part)
{
  size_t lo = 0, hi = pkg->nents;
  while (lo < hi) {
    size_t mid = lo + (hi - lo) / 2;
    long idx = pkg->sorted[mid];
    int c = strcasecmp(pkg->ents[idx].name, part);
    if (c == 0)
      return idx;
    if (c < 0)
      lo = mid + 1;
    else
      hi = mid;
  }
  return -1;
}

static const char *cap_words(struct prep_arena *a, size_t cap)
{
  if (cap >= PREP_MiB && cap % PREP_MiB == 0)
    return prep_arena_printf(a, "%zu MiB", cap / PREP_MiB);
  return prep_arena_printf(a, "%zu KiB", cap / 1024);
}

struct prep_docx_stream {
  struct prep_docx_pkg *pkg;
  zip_file_t *zf;
  const char *pn;   /* safe part name for messages */
  size_t cap, want, got;
  int has_size, eof;
  enum prep_status st;
};

enum prep_status prep_docx_stream_open(struct prep_docx_pkg *pkg, long idx,
                                  const char *part, size_t cap,
                                  struct prep_docx_stream **out)
{
  *out = NULL;
  const char *pn = prep_docx_safe_name(pkg->a, part);
  const char *name = pkg->name;
  struct prep_diag *diag = pkg->diag;
  if (idx < 0 || (size_t)idx >= pkg->nents) {
    prep_diag_add(diag, PREP_SEV_ERROR, name, NULL, "%s is missing", pn);
    return PREP_EINPUT;
  }
  if (pkg->ents[idx].unsafe) {
    prep_diag_add(diag, PREP_SEV_ERROR, name, NULL,
                  "the ZIP entry for %s has an unsafe name (a NUL byte, an "
                  "absolute path or '..'); refusing it", pn);
    return PREP_EINPUT;
  }
  zip_stat_t st;
  zip_stat_init(&st);
  if (zip_stat_index(pkg->za, (zip_uint64_t)idx, 0, &st) != 0) {
    prep_diag_add(diag, PREP_SEV_ERROR, name, NULL, "%s", damaged_msg);
    return PREP_EINPUT;
  }
  if ((st.valid & ZIP_STAT_ENCRYPTION_METHOD) &&
      st.encryption_method != ZIP_EM_NONE) {
    prep_diag_add(diag, PREP_SEV_ERROR, name, NULL,
                  "%s is encrypted inside the ZIP; encrypted DOCX files are "
                  "not supported", pn);
    return PREP_EINPUT;
  }
  if ((st.valid & ZIP_STAT_COMP_METHOD) && st.comp_method != ZIP_CM_STORE &&
      st.comp_method != ZIP_CM_DEFLATE) {
    prep_diag_add(diag, PREP_SEV_ERROR, name, NULL,
                  "%s uses an unsupported ZIP compression method (only "
                  "stored and deflated parts are read)", pn);
    return PREP_EINPUT;
  }
  zip_uint8_t opsys = 0;
  zip_uint32_t attr = 0;
  if (zip_file_get_external_attributes(pkg->za, (zip_uint64_t)idx, 0, &opsys,
                                       &attr) == 0 &&
      opsys == ZIP_OPSYS_UNIX && ((attr >> 16) & 0170000) == 0120000) {
    prep_diag_add(diag, PREP_SEV_ERROR, name, NULL,
                  "%s is stored as a symbolic link, not as a document part; "
                  "refusing it", pn);
    return PREP_EINPUT;
  }
  if ((st.valid & ZIP_STAT_SIZE) && st.size > cap) {
    prep_diag_add(diag, PREP_SEV_ERROR, name, NULL,
                  "%s declares %llu bytes, past the %s limit for that part",
                  pn, (unsigned long long)st.size, cap_words(pkg->a, cap));
    return PREP_ELIMIT;
  }
  zip_file_t *zf = zip_fopen_index(pkg->za, (zip_uint64_t)idx, 0);
  if (!zf) {
    int ze = zip_error_code_zip(zip_get_error(pkg->za));
    if (ze == ZIP_ER_COMPNOTSUPP)
      prep_diag_add(diag, PREP_SEV_ERROR, name, NULL,
                    "%s uses an unsupported ZIP compression method", pn);
    else if (ze == ZIP_ER_ENCRNOTSUPP || ze == ZIP_ER_NOPASSWD)
      prep_diag_add(diag, PREP_SEV_ERROR, name, NULL,
                    "%s is encrypted inside the ZIP; encrypted DOCX files "
                    "are not supported", pn);
    else
      prep_diag_add(diag, PREP_SEV_ERROR, name, NULL, "%s", damaged_msg);
    return PREP_EINPUT;
  }
  struct prep_docx_stream *s = prep_xcalloc(1, sizeof *s);
  s->pkg = pkg;
  s->zf = zf;
  s->pn = pn;
  s->cap = cap;
  s->has_size = (st.valid & ZIP_STAT_SIZE) != 0;
  s->want = s->has_size ? (size_t)st.size : cap;
  *out = s;
  return PREP_OK;
}

long prep_docx_stream_read(struct prep_docx_stream *s, unsigned char *buf, size_t n)
{
  if (s->st != PREP_OK)
    return -1;
  if (s->eof || n == 0)
    return 0;
  struct prep_docx_pkg *pkg = s->pkg;
  const char *name = pkg->name;
  struct prep_diag *diag = pkg->diag;
  /* Never more than want + 1 bytes: the extra byte proves a size lie. */
  size_t room = s->want + 1 - s->got;
  if (n > room)
    n = room;
  if (*pkg->inflated + n > PREP_MAX_INFLATED_TOTAL)
    n = PREP_MAX_INFLATED_TOTAL - *pkg->inflated + 1;
  zip_int64_t r = zip_fread(s->zf, buf, n);
  if (r < 0) {
    int ze = zip_error_code_zip(zip_file_get_error(s->zf));
    if (ze == ZIP_ER_CRC)
      prep_diag_add(diag, PREP_SEV_ERROR, name, NULL,
                    "%s fails its CRC check (the ZIP is damaged)", s->pn);
    else
      prep_diag_add(diag, PREP_SEV_ERROR, name, NULL,
                    "%s cannot be inflated (the ZIP is damaged)", s->pn);
    s->st = PREP_EINPUT;
    return -1;
  }
  if (r == 0) {
    s->eof = 1;
    if (s->has_size && s->got < s->want) {
      prep_diag_add(diag, PREP_SEV_ERROR, name, NULL,
                    "%s is shorter than its declared size (the ZIP is "
                    "damaged)", s->pn);
      s->st = PREP_EINPUT;
      return -1;
    }
    return 0;
  }
  s->got += (size_t)r;
  *pkg->inflated += (size_t)r;
  if (*pkg->inflated > PREP_MAX_INFLATED_TOTAL) {
    prep_diag_add(diag, PREP_SEV_ERROR, name, NULL,
                  "the parts of this DOCX inflate past the %u MiB limit "
                  "for one file (a zip bomb?)",
                  PREP_MAX_INFLATED_TOTAL / PREP_MiB);
    s->st = PREP_ELIMIT;
    return -1;
  }
  if (s->got > s->want) {
    if (s->want < s->cap)
      prep_diag_add(diag, PREP_SEV_ERROR, name, NULL,
                    "%s inflates past its declared size (a zip bomb or a "
                    "damaged ZIP)", s->pn);
    else
      prep_diag_add(diag, PREP_SEV_ERROR, name, NULL,
                    "%s inflates past the %s limit", s->pn,
                    cap_words(pkg->a, s->cap));
    s->st = PREP_ELIMIT;
    return -1;
  }
  return (long)r;
}

enum prep_status prep_docx_stream_status(const struct prep_docx_stream *s)
{
  return s->st;
}

void prep_docx_stream_close(struct prep_docx_stream *s)
{
  if (!s)
    return;
  zip_fclose(s->zf);
  free(s);
}

enum prep_status prep_docx_pkg_read(struct prep_docx_pkg *pkg, long idx,
                               const char *part, size_t cap,
                               unsigned char **buf, size_t *len)
{
  *buf = NULL;
  *len = 0;
  struct prep_docx_stream *s;
  enum prep_status rc = prep_docx_stream_open(pkg, idx, part, cap, &s);
  if (rc != PREP_OK)
    return rc;
  size_t bufcap = s->want + 1, got = 0;
  unsigned char *b = prep_xmalloc(bufcap + 1);
  for (;;) {
    long r = prep_docx_stream_read(s, b + got, bufcap - got);
    if (r < 0) {
      rc = s->st;
      break;
    }
    if (r == 0)
      break;
    got += (size_t)r;
  }
  prep_docx_stream_close(s);
  if (rc != PREP_OK) {
    free(b);
    return rc;
  }
  b[got] = 0;
  *buf = b;
  *len = got;
  return PREP_OK;
}

enum prep_status prep_docx_pkg_read_name(struct prep_docx_pkg *pkg, const char *part,
                                    size_t cap, unsigned char **buf,
                                    size_t *len)
{
  *buf = NULL;
  *len = 0;
  long idx = prep_docx_pkg_find(pkg, part);
  if (idx < 0)
    return PREP_OK;
  return prep_docx_pkg_read(pkg, idx, part, cap, buf, len);
}
