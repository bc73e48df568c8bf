/* read.c - open a CV file safely, sniff what it is, and hand it to a reader.
 *
 * The format comes from the bytes, never from the name.  Files that are not
 * CVs we can read (legacy .doc, PDF, images, archives) get a message naming
 * what they are.  Only regular files are read, and never more than the cap.
 */
#include "prepgen/read.h"

#include <errno.h>
#include <fcntl.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/stat.h>
#include <unistd.h>

#include "prepgen/arena.h"
#include "prepgen/doc.h"
#include "prepgen/limits.h"
#include "prepgen/read_more.h"

static int starts(const unsigned char *p, size_t n, const char *magic,
                  size_t m)
{
  return n >= m && memcmp(p, magic, m) == 0;
}

enum prep_sniff prep_sniff(const unsigned char *p, size_t n)
{
  if (n == 0)
    return PREP_SNIFF_EMPTY;
  if (starts(p, n, "PK\3\4", 4) || starts(p, n, "PK\5\6", 4) ||
      starts(p, n, "PK\7\10", 4))
    return PREP_SNIFF_ZIP;
  if (starts(p, n, "\xD0\xCF\x11\xE0\xA1\xB1\x1A\xE1", 8))
    return PREP_SNIFF_CFB;
  /* PDF may have junk before the header; readers accept it in 1 KiB. */
  if (starts(p, n, "%PDF-", 5))
    return PREP_SNIFF_PDF;
  if (starts(p, n, "{\\rtf", 5))
    return PREP_SNIFF_RTF;
  if (starts(p, n, "\x89PNG", 4) || starts(p, n, "\xFF\xD8\xFF", 3) ||
      starts(p, n, "GIF8", 4) || starts(p, n, "II*\0", 4) ||
      starts(p, n, "MM\0*", 4) || starts(p, n, "BM", 2) ||
      (starts(p, n, "RIFF", 4) && n >= 12 && memcmp(p + 8, "WEBP", 4) == 0))
    return PREP_SNIFF_IMAGE;
  if (starts(p, n, "\x1F\x8B", 2) || starts(p, n, "7z\xBC\xAF\x27\x1C", 6) ||
      starts(p, n, "Rar!", 4) || starts(p, n, "\x7F" "ELF", 4) ||
      starts(p, n, "BZh", 3) || starts(p, n, "\xFD" "7zXZ", 5))
    return PREP_SNIFF_OTHER_BINARY;
  return PREP_SNIFF_TEXT;
}

/* An OLE2 file holding an encrypted OOXML package names these streams in
 * its directory (UTF-16LE). */
static int cfb_is_encrypted(const unsigned char *p, size_t n)
{
  static const char name[] = "EncryptedPackage";
  unsigned char pat[2 * (sizeof name - 1)];
  for (size_t i = 0; i < sizeof name - 1; i++) {
    pat[2 * i] = (unsigned char)name[i];
    pat[2 * i + 1] = 0;
  }
  if (n < sizeof pat)
    return 0;
  for (size_t i = 0; i + sizeof pat <= n; i++)
    if (p[i] == 'E' && memcmp(p + i, pat, sizeof pat) == 0)
      return 1;
  return 0;
}

static int has_ext(const char *name, const char *ext)
{
  size_t n = strlen(name), m = strlen(ext);
  return n > m && strcasecmp(name + n - m, ext) == 0;
}

/* A JSON Resume by its keys, or any JSON object or array named *.json. */
static int json_shape(const unsigned char *p, size_t n, const char *name)
{
  if (prep_sniff_json_resume(p, n))
    return 1;
  size_t i = n >= 3 && p[0] == 0xEF && p[1] == 0xBB && p[2] == 0xBF ? 3 : 0;
  while (i < n && (p[i] == ' ' || p[i] == '\t' || p[i] == '\r' ||
                   p[i] == '\n'))
    i++;
  return i < n && (p[i] == '{' || p[i] == '[') && has_ext(name, ".json");
}

enum prep_status prep_read_mem(const unsigned char *p, size_t n,
                               const char *name, struct prep_arena *a,
                               struct prep_doc **out, struct prep_diag *diag)
{
  *out = NULL;
  switch (prep_sniff(p, n)) {
  case PREP_SNIFF_EMPTY:
    prep_diag_add(diag, PREP_SEV_ERROR, name, NULL, "the file is empty");
    return PREP_EINPUT;
  case PREP_SNIFF_ZIP:
    if (prep_sniff_odt(p, n))
      return prep_read_odt(p, n, name, a, out, diag);
    return prep_read_docx(p, n, name, a, out, diag);
  case PREP_SNIFF_CFB:
    if (cfb_is_encrypted(p, n))
      prep_diag_add(diag, PREP_SEV_ERROR, name, NULL,
                    "this is a password-protected (encrypted) Word document; "
                    "remove the password in Word and save it again");
    else
      prep_diag_add(diag, PREP_SEV_ERROR, name, NULL,
                    "this is a legacy Word .doc file (OLE2), not DOCX; "
                    "open it and save it as .docx");
    return PREP_EINPUT;
  case PREP_SNIFF_PDF:
    prep_diag_add(diag, PREP_SEV_ERROR, name, NULL,
                  "this is a PDF file; prepgen reads DOCX and plain text, "
                  "so export the CV as .docx or .txt");
    return PREP_EINPUT;
  case PREP_SNIFF_RTF:
    prep_diag_add(diag, PREP_SEV_ERROR, name, NULL,
                  "this is an RTF file; save it as .docx or plain text");
    return PREP_EINPUT;
  case PREP_SNIFF_IMAGE:
    prep_diag_add(diag, PREP_SEV_ERROR, name, NULL,
                  "this is an image, not a CV document (scanned CVs are "
                  "not supported)");
    return PREP_EINPUT;
  case PREP_SNIFF_OTHER_BINARY:
    prep_diag_add(diag, PREP_SEV_ERROR, name, NULL,
                  "this is a compressed archive or program, not a CV "
                  "document");
    return PREP_EINPUT;
  case PREP_SNIFF_TEXT:
    break;
  }
  /* JSON Resume (resume.json): by its shape, or a .json name on text that
   * opens an object.  Through this door the facts it states are not kept:
   * the document is extracted like any other (prep_read_input keeps them). */
  if (json_shape(p, n, name))
    return prep_read_json(p, n, name, a, out, NULL, diag);
  /* HTML (a CV saved from Google Docs or a website) has its own cap. */
  if (prep_sniff_html(p, n))
    return prep_read_html(p, n, name, a, out, diag);
  if (has_ext(name, ".docx") || has_ext(name, ".docm") ||
      has_ext(name, ".doc"))
    prep_diag_add(diag, PREP_SEV_WARNING, name, NULL,
                  "has a Word file name but holds plain text; reading it "
                  "as text");
  if (n > PREP_MAX_TEXT_INPUT) {
    prep_diag_add(diag, PREP_SEV_ERROR, name, NULL,
                  "plain-text file is larger than the %u MiB limit for text "
                  "CVs", PREP_MAX_TEXT_INPUT / PREP_MiB);
    return PREP_ELIMIT;
  }
  /* Markdown by name, or by its shape when the name does not say .txt
   * (a plain-text CV is read as text: its layout rules differ). */
  if (has_ext(name, ".md") || has_ext(name, ".markdown") ||
      (!has_ext(name, ".txt") && prep_sniff_markdown(p, n)))
    return prep_read_md(p, n, name, a, out, diag);
  return prep_read_text(p, n, name, a, out, diag);
}

/* Reads all of fd (at most the input cap) into a malloc'd buffer. */
static enum prep_status slurp(int fd, const char *name, unsigned char **pp,
                              size_t *plen, struct prep_diag *diag)
{
  struct stat st;
  *pp = NULL;
  *plen = 0;
  if (fstat(fd, &st) != 0) {
    prep_diag_add(diag, PREP_SEV_ERROR, name, NULL, "cannot stat: %s",
                  strerror(errno));
    return PREP_EINPUT;
  }
  if (S_ISDIR(st.st_mode)) {
    prep_diag_add(diag, PREP_SEV_ERROR, name, NULL, "is a directory");
    return PREP_EINPUT;
  }
  if (S_ISREG(st.st_mode) &&
      (unsigned long long)st.st_size > PREP_MAX_DOCX_INPUT) {
    prep_diag_add(diag, PREP_SEV_ERROR, name, NULL,
                  "file is larger than the %u MiB input limit",
                  PREP_MAX_DOCX_INPUT / PREP_MiB);
    return PREP_ELIMIT;
  }
  /* Count the bytes ourselves: the size can change while we read (and a
   * pipe has none). */
  size_t cap = S_ISREG(st.st_mode) ? (size_t)st.st_size + 1 : 64u * 1024u,
         len = 0;
  if (cap > PREP_MAX_DOCX_INPUT + 1)
    cap = PREP_MAX_DOCX_INPUT + 1;
  unsigned char *p = prep_xmalloc(cap);
  for (;;) {
    if (len == cap) {
      if (cap > PREP_MAX_DOCX_INPUT)
        break;
      cap = cap * 2 > PREP_MAX_DOCX_INPUT + 1 ? PREP_MAX_DOCX_INPUT + 1
                                               : cap * 2;
      p = prep_xrealloc(p, cap);
    }
    ssize_t r = read(fd, p + len, cap - len);
    if (r < 0) {
      if (errno == EINTR)
        continue;
      prep_diag_add(diag, PREP_SEV_ERROR, name, NULL, "read error: %s",
                    strerror(errno));
      free(p);
      return PREP_EINPUT;
    }
    if (r == 0)
      break;
    len += (size_t)r;
  }
  if (len > PREP_MAX_DOCX_INPUT) {
    prep_diag_add(diag, PREP_SEV_ERROR, name, NULL,
                  "%s is larger than the %u MiB input limit",
                  S_ISREG(st.st_mode) ? "file" : "input",
                  PREP_MAX_DOCX_INPUT / PREP_MiB);
    free(p);
    return PREP_ELIMIT;
  }
  *pp = p;
  *plen = len;
  return PREP_OK;
}

/* Opens a regular file without blocking on FIFOs (rejected here). */
static int open_regular(const char *path, const char *name,
                        struct prep_diag *diag, enum prep_status *st)
{
  /* O_NONBLOCK: opening a FIFO must not block; it is rejected below. */
  int fd = open(path, O_RDONLY | O_NONBLOCK | O_CLOEXEC | O_NOCTTY);
  if (fd < 0) {
    prep_diag_add(diag, PREP_SEV_ERROR, name, NULL, "cannot open: %s",
                  strerror(errno));
    *st = PREP_EINPUT;
    return -1;
  }
  struct stat sb;
  if (fstat(fd, &sb) == 0 && !S_ISREG(sb.st_mode) && !S_ISDIR(sb.st_mode)) {
    prep_diag_add(diag, PREP_SEV_ERROR, name, NULL,
                  "is not a regular file (a device, pipe or socket)");
    close(fd);
    *st = PREP_EINPUT;
    return -1;
  }
  return fd;
}

enum prep_status prep_read_file(const char *path, const char *name,
                                struct prep_arena *a, struct prep_doc **out,
                                struct prep_diag *diag)
{
  *out = NULL;
  enum prep_status st = PREP_OK;
  int fd = open_regular(path, name, diag, &st);
  if (fd < 0)
    return st;
  unsigned char *p;
  size_t len;
  st = slurp(fd, name, &p, &len, diag);
  close(fd);
  if (st != PREP_OK)
    return st;
  st = prep_read_mem(p, len, name, a, out, diag);
  free(p);
  return st;
}

int prep_input_format_from_name(const char *s)
{
  static const struct { const char *name; enum prep_input_format f; } t[] = {
      {"docx", PREP_IN_DOCX}, {"odt", PREP_IN_ODT}, {"html", PREP_IN_HTML},
      {"md", PREP_IN_MD}, {"markdown", PREP_IN_MD}, {"text", PREP_IN_TEXT},
      {"txt", PREP_IN_TEXT}, {"json", PREP_IN_JSON}};
  for (size_t i = 0; s && i < sizeof t / sizeof t[0]; i++)
    if (strcmp(s, t[i].name) == 0)
      return (int)t[i].f;
  return -1;
}

/* The bytes through the reader `fmt` names (AUTO: sniffed). */
static enum prep_status read_as(const unsigned char *p, size_t n,
                                enum prep_input_format fmt, const char *name,
                                struct prep_arena *a, struct prep_doc **out,
                                struct prep_facts **given,
                                struct prep_diag *diag)
{
  if (n == 0) {
    prep_diag_add(diag, PREP_SEV_ERROR, name, NULL, "the file is empty");
    return PREP_EINPUT;
  }
  if (fmt == PREP_IN_AUTO && prep_sniff(p, n) == PREP_SNIFF_TEXT &&
      json_shape(p, n, name))
    fmt = PREP_IN_JSON;
  switch (fmt) {
  case PREP_IN_AUTO:
    break;
  case PREP_IN_DOCX:
    return prep_read_docx(p, n, name, a, out, diag);
  case PREP_IN_ODT:
    return prep_read_odt(p, n, name, a, out, diag);
  case PREP_IN_HTML:
    return prep_read_html(p, n, name, a, out, diag);
  case PREP_IN_MD:
    return prep_read_md(p, n, name, a, out, diag);
  case PREP_IN_TEXT:
    if (n > PREP_MAX_TEXT_INPUT) {
      prep_diag_add(diag, PREP_SEV_ERROR, name, NULL,
                    "plain-text file is larger than the %u MiB limit for "
                    "text CVs", PREP_MAX_TEXT_INPUT / PREP_MiB);
      return PREP_ELIMIT;
    }
    return prep_read_text(p, n, name, a, out, diag);
  case PREP_IN_JSON:
    return prep_read_json(p, n, name, a, out, given, diag);
  }
  return prep_read_mem(p, n, name, a, out, diag);
}

enum prep_status prep_read_input(const char *path,
                                 enum prep_input_format fmt,
                                 struct prep_arena *a, struct prep_doc **out,
                                 struct prep_facts **given,
                                 struct prep_diag *diag)
{
  *out = NULL;
  if (given)
    *given = NULL;
  int is_stdin = strcmp(path, "-") == 0;
  const char *name = is_stdin ? "<stdin>" : path;
  enum prep_status st = PREP_OK;
  int fd = is_stdin ? STDIN_FILENO : open_regular(path, name, diag, &st);
  if (fd < 0)
    return st;
  unsigned char *p;
  size_t len;
  st = slurp(fd, name, &p, &len, diag);
  if (!is_stdin)
    close(fd);
  if (st != PREP_OK)
    return st;
  st = read_as(p, len, fmt, name, a, out, given, diag);
  free(p);
  return st;
}
