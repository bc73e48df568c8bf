/* fuzz_facts.c - libFuzzer target: bytes -> text reader -> fact extraction
 * (owner: hardening, issue 8).
 *
 * The real taxonomy (data/: PREPGEN_DATA, else ./data) is loaded once.
 * Every input that reads as a document is extracted with a fixed as-of
 * date (no clock, no file time: runs are reproducible) and must satisfy
 * fuzz_check.h: facts point at blocks that exist and quote them verbatim,
 * dates are sane, warnings and messages hold no CV line, and --facts,
 * --explain and --dump=facts output is valid UTF-8 (the JSON parses).
 */
#include <stdio.h>
#include <stdlib.h>

#include "fuzz_check.h"
#include "prepgen/arena.h"
#include "prepgen/dump.h"
#include "prepgen/read.h"

int LLVMFuzzerTestOneInput(const unsigned char *p, size_t n);

static struct prep_taxonomy *tax;

static void load_once(void)
{
  if (tax)
    return;
  prep_read_init();
  const char *dir = getenv("PREPGEN_DATA");
  struct prep_diag d;
  prep_diag_init(&d);
  if (prep_taxonomy_load(dir && *dir ? dir : "data", &tax, &d) != PREP_OK) {
    fprintf(stderr, "fuzz_facts: cannot load the taxonomy (set "
                    "PREPGEN_DATA or run from the source tree)\n");
    exit(2);
  }
  prep_diag_free(&d);
}

/* Every tag span reported for a block lies inside it. */
struct tag_ctx {
  size_t len;
};

static void on_tag(void *ctx, const char *tag, const char *kind, size_t off,
                   size_t len)
{
  const struct tag_ctx *t = ctx;
  FZ_ASSERT(tag && tag[0] && kind, "tag without a name");
  FZ_ASSERT(off + len <= t->len, "tag span outside its block");
}

int LLVMFuzzerTestOneInput(const unsigned char *p, size_t n)
{
  load_once();
  struct prep_arena *a = prep_arena_new();
  struct prep_diag d;
  prep_diag_init(&d);
  struct prep_doc *doc = NULL;
  enum prep_status st = prep_read_text(p, n, "fuzz-input.txt", a, &doc, &d);
  if (st != PREP_OK) {
    FZ_ASSERT(d.errors > 0, "read failed without an error message");
    fz_check_diag(&d, NULL);
    goto out;
  }
  const char *why = prep_doc_check(doc);
  if (why)
    fz_fail(why);

  struct prep_extract_opts eo = {
      .as_of = "2024-06", .name = "fuzz-input.txt", .near_empty_ok = 1};
  struct prep_facts *facts = NULL;
  st = prep_extract(doc, tax, &eo, a, &facts, &d);
  fz_check_diag(&d, doc);
  if (st != PREP_OK) {
    FZ_ASSERT(d.errors > 0, "extract failed without an error message");
    goto out;
  }
  FZ_ASSERT(facts, "no facts on success");
  fz_check_facts(doc, facts, tax);
  FZ_ASSERT(facts->as_of.year == 2024 && facts->as_of.month == 6,
            "--as-of not honoured");

  for (size_t i = 0; i < doc->nblocks && i < 64; i++) {
    struct tag_ctx t = {doc->blocks[i].len};
    prep_extract_block_tags(tax, doc, i, on_tag, &t);
  }

  char *buf = NULL;
  size_t len = 0;
  FILE *m = open_memstream(&buf, &len);
  FZ_ASSERT(m, "open_memstream");
  FZ_ASSERT(prep_facts_write_json(m, doc, facts) == 0, "facts JSON failed");
  fclose(m);
  fz_check_json(buf, len, "--facts output is not valid JSON");
  free(buf);

  buf = NULL;
  m = open_memstream(&buf, &len);
  FZ_ASSERT(m, "open_memstream");
  prep_facts_write_explain(m, doc, facts);
  prep_dump_facts(m, doc, facts);
  fclose(m);
  FZ_ASSERT(prep_utf8_valid(buf, len), "--explain/--dump=facts not UTF-8");
  free(buf);
out:
  prep_diag_free(&d);
  prep_arena_free(a);
  return 0;
}
