/* test_core.c - arena, buffer, diagnostics, sniffing and status mapping. */
#include <check.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "prepgen/arena.h"
#include "prepgen/buf.h"
#include "prepgen/diag.h"
#include "prepgen/read.h"

Suite *core_suite(void);

START_TEST(arena_alloc_zeroed_and_aligned)
{
  struct prep_arena *a = prep_arena_new();
  for (int i = 0; i < 1000; i++) {
    unsigned char *p = prep_arena_alloc(a, (size_t)(i % 97) + 1);
    ck_assert_uint_eq(((uintptr_t)p) % 16, 0);
    for (int j = 0; j < (i % 97) + 1; j++)
      ck_assert_uint_eq(p[j], 0);
    memset(p, 0xAB, (size_t)(i % 97) + 1);
  }
  /* a big block gets its own chunk and small ones keep working */
  char *big = prep_arena_alloc(a, 1u << 20);
  big[(1u << 20) - 1] = 'x';
  char *s = prep_arena_printf(a, "%s-%d", "abc", 42);
  ck_assert_str_eq(s, "abc-42");
  ck_assert_str_eq(prep_arena_strndup(a, "hello", 3), "hel");
  ck_assert(prep_arena_used(a) >= (1u << 20));
  prep_arena_free(a);
}
END_TEST

START_TEST(buf_respects_cap)
{
  struct prep_buf b;
  prep_buf_init(&b, 8);
  ck_assert_int_eq(prep_buf_puts(&b, "12345"), 0);
  ck_assert_int_eq(prep_buf_puts(&b, "6789"), -1); /* would pass the cap */
  ck_assert_str_eq(b.data, "12345");
  ck_assert_int_eq(prep_buf_printf(&b, "%d", 678), 0);
  ck_assert_str_eq(b.data, "12345678");
  ck_assert_int_eq(prep_buf_putc(&b, '9'), -1);
  size_t n;
  char *p = prep_buf_detach(&b, &n);
  ck_assert_uint_eq(n, 8);
  ck_assert_ptr_null(b.data);
  free(p);
  prep_buf_init(&b, 0);
  ck_assert_int_eq(prep_buf_put_utf8(&b, 0x20AC), 0);
  ck_assert_int_eq(prep_buf_put_utf8(&b, 0x1F600), 0);
  ck_assert_int_eq(prep_buf_put_utf8(&b, 0x110000), 0); /* -> U+FFFD */
  ck_assert_str_eq(b.data, "\xE2\x82\xAC\xF0\x9F\x98\x80\xEF\xBF\xBD");
  prep_buf_free(&b);
}
END_TEST

START_TEST(diag_records_and_maps)
{
  struct prep_diag d;
  prep_diag_init(&d);
  prep_diag_add(&d, PREP_SEV_WARNING, "cv.txt", "line 3", "odd %s", "thing");
  prep_diag_add(&d, PREP_SEV_ERROR, "cv.txt", NULL, "bad");
  ck_assert_uint_eq(d.count, 2);
  ck_assert_uint_eq(d.errors, 1);
  ck_assert_uint_eq(d.warnings, 1);
  ck_assert_str_eq(d.items[0].msg, "odd thing");
  ck_assert_str_eq(d.items[0].where, "line 3");
  ck_assert_ptr_null(d.items[1].where);
  /* bounded: a flood of warnings keeps counting but stops storing */
  for (int i = 0; i < 1000; i++)
    prep_diag_add(&d, PREP_SEV_WARNING, "cv.txt", NULL, "w");
  ck_assert_uint_le(d.count, 200);
  ck_assert_uint_eq(d.warnings, 1001);
  prep_diag_free(&d);
  ck_assert_int_eq(prep_status_exit(PREP_OK), 0);
  ck_assert_int_eq(prep_status_exit(PREP_EINPUT), 1);
  ck_assert_int_eq(prep_status_exit(PREP_ELIMIT), 1);
  ck_assert_int_eq(prep_status_exit(PREP_EDATA), 3);
  ck_assert_int_eq(prep_status_exit(PREP_EIO), 3);
}
END_TEST

static const struct {
  const char *bytes;
  size_t n;
  enum prep_sniff want;
} sniff_cases[] = {
    {"", 0, PREP_SNIFF_EMPTY},
    {"PK\3\4rest", 9, PREP_SNIFF_ZIP},
    {"PK\5\6", 4, PREP_SNIFF_ZIP},
    {"\xD0\xCF\x11\xE0\xA1\xB1\x1A\xE1", 8, PREP_SNIFF_CFB},
    {"%PDF-1.7", 8, PREP_SNIFF_PDF},
    {"{\\rtf1\\ansi", 11, PREP_SNIFF_RTF},
    {"\x89PNG\r\n", 6, PREP_SNIFF_IMAGE},
    {"\xFF\xD8\xFF\xE0", 4, PREP_SNIFF_IMAGE},
    {"\x1F\x8B\x08", 3, PREP_SNIFF_OTHER_BINARY},
    {"Jane Doe\n", 9, PREP_SNIFF_TEXT},
    {"\xFF\xFEJ\0", 4, PREP_SNIFF_TEXT}, /* UTF-16 BOM is text */
    {"PK", 2, PREP_SNIFF_TEXT},          /* too short to be a zip */
};

START_TEST(sniff_table)
{
  ck_assert_int_eq(prep_sniff((const unsigned char *)sniff_cases[_i].bytes,
                              sniff_cases[_i].n),
                   sniff_cases[_i].want);
}
END_TEST

START_TEST(read_mem_names_what_it_is)
{
  static const struct {
    const char *bytes;
    size_t n;
    const char *words;
  } cases[] = {
      {"", 0, "empty"},
      {"\xD0\xCF\x11\xE0\xA1\xB1\x1A\xE1\0\0", 10, "legacy Word .doc"},
      {"%PDF-1.4\n", 9, "PDF"},
      {"\x89PNG\r\n\x1a\n", 8, "image"},
  };
  for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
    struct prep_arena *a = prep_arena_new();
    struct prep_diag d;
    prep_diag_init(&d);
    struct prep_doc *doc = (struct prep_doc *)1;
    enum prep_status st = prep_read_mem((const unsigned char *)cases[i].bytes,
                                        cases[i].n, "x.docx", a, &doc, &d);
    ck_assert_int_eq(st, PREP_EINPUT);
    ck_assert_ptr_null(doc);
    ck_assert_uint_eq(d.errors, 1);
    ck_assert_str_eq(d.items[0].file, "x.docx");
    ck_assert_msg(strstr(d.items[0].msg, cases[i].words), "%s lacks %s",
                  d.items[0].msg, cases[i].words);
    prep_diag_free(&d);
    prep_arena_free(a);
  }
}
END_TEST

START_TEST(encrypted_ooxml_is_named)
{
  /* an OLE2 header followed by the UTF-16LE stream name */
  unsigned char buf[600] = "\xD0\xCF\x11\xE0\xA1\xB1\x1A\xE1";
  const char *name = "EncryptedPackage";
  for (size_t i = 0; name[i]; i++)
    buf[512 + 2 * i] = (unsigned char)name[i];
  struct prep_arena *a = prep_arena_new();
  struct prep_diag d;
  prep_diag_init(&d);
  struct prep_doc *doc;
  ck_assert_int_eq(prep_read_mem(buf, sizeof buf, "x.docx", a, &doc, &d),
                   PREP_EINPUT);
  ck_assert_ptr_nonnull(strstr(d.items[0].msg, "encrypted"));
  prep_diag_free(&d);
  prep_arena_free(a);
}
END_TEST

Suite *core_suite(void)
{
  Suite *s = suite_create("core");
  TCase *tc = tcase_create("core");
  tcase_add_test(tc, arena_alloc_zeroed_and_aligned);
  tcase_add_test(tc, buf_respects_cap);
  tcase_add_test(tc, diag_records_and_maps);
  tcase_add_loop_test(tc, sniff_table, 0,
                      (int)(sizeof sniff_cases / sizeof sniff_cases[0]));
  tcase_add_test(tc, read_mem_names_what_it_is);
  tcase_add_test(tc, encrypted_ooxml_is_named);
  suite_add_tcase(s, tc);
  return s;
}
