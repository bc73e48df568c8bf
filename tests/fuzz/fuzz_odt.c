/* fuzz_odt.c - libFuzzer target: bytes -> ODT reader -> document model.
 *
 * Input starting with "PK" is read as the ZIP package itself (the ZIP
 * layer, sniffing, part lookup).  Anything else is XML: it is stored as
 * content.xml of a fresh package (and, after a line "--styles--", as
 * styles.xml), so mutations reach the XML walker instead of dying at the
 * ZIP CRC check.  Seed it with tests/fixtures/odt (the content.xml files)
 * and with .odt files. */
#include <string.h>
#include <zip.h>

#include "fuzz_read.h"
#include "prepgen/read_more.h"

int LLVMFuzzerTestOneInput(const unsigned char *p, size_t n);

static unsigned char *wrap(const unsigned char *p, size_t n, size_t *outlen)
{
  static const char mime[] = "application/vnd.oasis.opendocument.text";
  static const char sep[] = "\n--styles--\n";
  size_t cn = n, so = n;
  for (size_t i = 0; i + sizeof sep - 1 <= n; i++)
    if (memcmp(p + i, sep, sizeof sep - 1) == 0) {
      cn = i;
      so = i + sizeof sep - 1;
      break;
    }
  zip_error_t ze;
  zip_error_init(&ze);
  zip_source_t *src = zip_source_buffer_create(NULL, 0, 0, &ze);
  if (!src)
    return NULL;
  zip_source_keep(src);
  zip_t *za = zip_open_from_source(src, ZIP_TRUNCATE, &ze);
  unsigned char *buf = NULL;
  if (!za)
    goto out;
  struct {
    const char *name;
    const void *data;
    size_t len;
  } parts[3] = {{"mimetype", mime, sizeof mime - 1},
                {"content.xml", p, cn},
                {"styles.xml", p + so, n - so}};
  for (int i = 0; i < 3; i++) {
    if (i == 2 && so == n)
      break;
    zip_source_t *fs = zip_source_buffer(za, parts[i].data, parts[i].len, 0);
    zip_int64_t idx = zip_file_add(za, parts[i].name, fs, ZIP_FL_ENC_UTF_8);
    if (idx < 0) {
      zip_source_free(fs);
      zip_discard(za);
      goto out;
    }
    zip_set_file_compression(za, (zip_uint64_t)idx, ZIP_CM_STORE, 0);
  }
  if (zip_close(za) != 0) {
    zip_discard(za);
    goto out;
  }
  zip_stat_t st;
  zip_stat_init(&st);
  if (zip_source_stat(src, &st) != 0 || zip_source_open(src) != 0)
    goto out;
  buf = malloc(st.size + 1);
  if (buf && zip_source_read(src, buf, st.size) == (zip_int64_t)st.size)
    *outlen = (size_t)st.size;
  else {
    free(buf);
    buf = NULL;
  }
  zip_source_close(src);
out:
  zip_source_free(src);
  zip_error_fini(&ze);
  return buf;
}

int LLVMFuzzerTestOneInput(const unsigned char *p, size_t n)
{
  if (n >= 2 && p[0] == 'P' && p[1] == 'K') {
    fuzz_one(prep_read_odt, p, n);
    return 0;
  }
  size_t len = 0;
  unsigned char *z = wrap(p, n, &len);
  if (z) {
    fuzz_one(prep_read_odt, z, len);
    free(z);
  }
  return 0;
}
