/* fuzz_pipeline.c - libFuzzer target: the whole pipeline on one input
 * (owner: hardening, issue 8).
 *
 * bytes -> sniff -> the reader the bytes call for (prep_read_mem: DOCX,
 * ODT, HTML, Markdown or text) -> facts -> plan (the bundled banks) ->
 * pack -> PDF.  The PDF goes to standard output, which is a memfd here, so
 * nothing touches the disk and the bytes can be checked.  The taxonomy and
 * the banks load once (PREPGEN_DATA, else ./data; fonts from ../fonts of
 * it), as in a batch.
 *
 * Invariants (fuzz_check.h): the model is well formed, facts and quotes are
 * verbatim pieces of blocks that exist, scores are within 0..1, messages
 * hold no CV line, --plan JSON parses; and once a plan exists the pack must
 * be written (a layout that fails prep_layout_check or a libharu error is a
 * bug), starting with "%PDF-" and ending with "%%EOF".
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <unistd.h>

#include "fuzz_check.h"
#include "prepgen/arena.h"
#include "prepgen/bank.h"
#include "prepgen/pack.h"
#include "prepgen/pdf.h"
#include "prepgen/read.h"

int LLVMFuzzerTestOneInput(const unsigned char *p, size_t n);

static struct prep_taxonomy *tax;
static struct prep_bankset *banks;
static char fonts[4096];
static int pdf_fd = -1;

static void load_once(void)
{
  if (tax)
    return;
  prep_read_init();
  const char *dir = getenv("PREPGEN_DATA");
  if (!dir || !*dir)
    dir = "data";
  struct prep_diag d;
  prep_diag_init(&d);
  if (prep_taxonomy_load(dir, &tax, &d) != PREP_OK ||
      prep_bankset_load_dir(dir, &banks, &d) != PREP_OK ||
      prep_pdf_fonts_dir(dir, fonts, sizeof fonts) != 0) {
    fprintf(stderr,
            "fuzz_pipeline: cannot load data from %s (set "
            "PREPGEN_DATA or run from the source tree)\n",
            dir);
    exit(2);
  }
  prep_diag_free(&d);
  /* the PDF is written to "-": make standard output a memory file */
  fflush(stdout);
  pdf_fd = memfd_create("fuzz-pdf", 0);
  if (pdf_fd < 0 || dup2(pdf_fd, STDOUT_FILENO) < 0) {
    perror("fuzz_pipeline: memfd");
    exit(2);
  }
}

/* The PDF written to the memfd: header and trailer; then empties it. */
static void check_pdf(void)
{
  off_t size = lseek(STDOUT_FILENO, 0, SEEK_CUR);
  FZ_ASSERT(size > 64, "the PDF is empty");
  char head[8], tail[16];
  FZ_ASSERT(pread(STDOUT_FILENO, head, 5, 0) == 5 &&
                memcmp(head, "%PDF-", 5) == 0,
            "the output does not start with %PDF-");
  ssize_t k =
      pread(STDOUT_FILENO, tail, sizeof tail, size - (off_t)sizeof tail);
  FZ_ASSERT(k == (ssize_t)sizeof tail, "cannot read the PDF back");
  FZ_ASSERT(memmem(tail, sizeof tail, "%%EOF", 5) != NULL,
            "the PDF does not end with %%EOF");
  FZ_ASSERT(ftruncate(STDOUT_FILENO, 0) == 0 &&
                lseek(STDOUT_FILENO, 0, SEEK_SET) == 0,
            "cannot reset the memfd");
}

int LLVMFuzzerTestOneInput(const unsigned char *p, size_t n)
{
  load_once();
  enum prep_sniff sn = prep_sniff(p, n);
  FZ_ASSERT(sn <= PREP_SNIFF_TEXT, "sniff out of range");
  FZ_ASSERT((sn == PREP_SNIFF_EMPTY) == (n == 0), "empty iff no bytes");

  struct prep_arena *a = prep_arena_new();
  struct prep_diag d;
  prep_diag_init(&d);
  struct prep_doc *doc = NULL;
  enum prep_status st = prep_read_mem(p, n, "fuzz-input", a, &doc, &d);
  if (st != PREP_OK) {
    FZ_ASSERT(d.errors > 0, "read failed without an error message");
    fz_check_diag(&d, NULL);
    goto out;
  }
  const char *why = prep_doc_check(doc);
  if (why)
    fz_fail(why);

  struct prep_extract_opts eo = {.as_of = "2024-06", .name = "fuzz-input"};
  struct prep_facts *facts = NULL;
  st = prep_extract(doc, tax, &eo, a, &facts, &d);
  fz_check_diag(&d, doc);
  if (st != PREP_OK) {
    FZ_ASSERT(d.errors > 0, "extract failed without an error message");
    goto out;
  }
  fz_check_facts(doc, facts, tax);

  struct prep_plan_opts po = {.top = 0};
  struct prep_plan *plan = NULL;
  st = prep_rank(doc, facts, banks, tax, &po, a, &plan, &d);
  fz_check_diag(&d, doc);
  FZ_ASSERT(st == PREP_OK && plan, "ranking failed on good facts");
  fz_check_plan(doc, facts, plan);

  char *buf = NULL;
  size_t len = 0;
  FILE *m = open_memstream(&buf, &len);
  FZ_ASSERT(m, "open_memstream");
  FZ_ASSERT(prep_plan_write_json(m, doc, plan, 1) == 0, "plan JSON failed");
  fclose(m);
  fz_check_json(buf, len, "--plan output is not valid JSON");
  free(buf);

  struct prep_pack_opts pk = {.paper = PREP_PAPER_A4, .days = 0};
  st = prep_pack_write(doc, facts, plan, banks, &pk, fonts, "-", NULL, 0, NULL,
                       a, &d);
  fz_check_diag(&d, doc);
  if (st != PREP_OK) {
    for (size_t i = 0; i < d.count; i++)
      fprintf(stderr, "pack: %s\n", d.items[i].msg);
    fz_fail("the pack was not written");
  }
  check_pdf();
out:
  prep_diag_free(&d);
  prep_arena_free(a);
  return 0;
}
