/* fuzz_bank.c - libFuzzer target: bytes -> a coach's bank (--bank FILE)
 * added to the bundled banks (owner: hardening, issue 8).
 *
 * The bytes are written to a memfd and loaded through its /proc/self/fd
 * path, so the real loader runs unchanged (read_capped, pre-scan, libxml2
 * with the refusing entity loader, the walk, RELAX NG validation, merge).
 * The bundled set (PREPGEN_DATA, else ./data) takes ~30 ms to load under
 * the sanitizers, so it is kept while adds fail (a refused bank must leave
 * the set exactly as it was, which is checked) and loaded again after every
 * accepted bank and every 200 inputs (the set counts files; the cap is
 * 256), so each input meets the same set.  Use with tests/fuzz/bank.dict.
 *
 * Invariants: a failure leaves the set as it was (same roles, same
 * questions) and says why in non-empty words; a success leaves a
 * well-formed set: every role and question has an id, text in valid UTF-8
 * without control characters, enums in range, level weights within 0..1,
 * each question found again by its id, and --list-roles prints.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <unistd.h>

#include "fuzz_check.h"
#include "prepgen/bank.h"

int LLVMFuzzerTestOneInput(const unsigned char *p, size_t n);

static const char *data_dir;

static void check_str(const char *s, int may_be_null, const char *what)
{
  if (!s) {
    FZ_ASSERT(may_be_null, what);
    return;
  }
  size_t n = strlen(s);
  FZ_ASSERT(prep_utf8_valid(s, n), what);
  for (size_t i = 0; i < n; i++) {
    unsigned char c = (unsigned char)s[i];
    FZ_ASSERT(c >= 0x20 && c != 0x7F, what);
  }
}

static void check_strv(const struct prep_strv *v, const char *what)
{
  FZ_ASSERT(v->n == 0 || v->v, what);
  for (size_t i = 0; i < v->n; i++) {
    FZ_ASSERT(v->v[i] && v->v[i][0], what);
    check_str(v->v[i], 0, what);
  }
}

static void check_question(const struct prep_bankset *bs,
                           const struct prep_question *q)
{
  FZ_ASSERT(q && q->id && q->id[0], "question without an id");
  check_str(q->id, 0, "question id");
  FZ_ASSERT(q->text && q->text[0], "question without text");
  check_str(q->text, 0, "question text");
  check_str(q->why, 1, "question why");
  FZ_ASSERT(q->category < PREP_QCAT_COUNT, "question category");
  FZ_ASSERT(q->tier < PREP_TIER_COUNT, "question tier");
  FZ_ASSERT(q->stages < (1u << PREP_STAGE_COUNT), "question stages");
  for (int l = 0; l < PREP_LEVEL_COUNT; l++)
    FZ_ASSERT(fz_unit(q->levels[l]), "question level weight");
  check_strv(&q->topics, "question topics");
  check_strv(&q->themes, "question themes");
  check_strv(&q->pointers, "question pointers");
  check_strv(&q->follow_ups, "question follow-ups");
  check_strv(&q->evidence_skills, "question evidence skills");
  check_strv(&q->evidence_bullets, "question evidence bullets");
  for (int s = 0; s < 4; s++)
    check_str(q->star[s], 1, "question STAR prompt");
  FZ_ASSERT(prep_bankset_find_question(bs, q->id) != NULL,
            "a question is not found by its id");
}

static void check_role(const struct prep_bankset *bs, const struct prep_role *r)
{
  FZ_ASSERT(r && r->id && r->id[0], "role without an id");
  check_str(r->id, 0, "role id");
  check_str(r->title, 1, "role title");
  check_str(r->summary, 1, "role summary");
  FZ_ASSERT(r->level_default < PREP_LEVEL_COUNT, "role default level");
  FZ_ASSERT(r->own_count <= r->nquestions, "role own_count");
  FZ_ASSERT(r->nstages == 0 || r->stages, "role stages");
  for (size_t i = 0; i < r->nstages; i++) {
    FZ_ASSERT(r->stages[i].kind < PREP_STAGE_COUNT, "stage kind");
    check_str(r->stages[i].name, 1, "stage name");
    check_str(r->stages[i].tests, 1, "stage tests");
  }
  check_strv(&r->aliases, "role aliases");
  check_strv(&r->formats, "role formats");
  check_strv(&r->red_flags, "role red flags");
  for (size_t i = 0; i < r->nquestions; i++)
    check_question(bs, r->questions[i]);
}

/* A fingerprint of the set: roles and their question counts and ids. */
static unsigned long shape(const struct prep_bankset *bs)
{
  size_t nr;
  const struct prep_role *const *roles = prep_bankset_roles(bs, &nr);
  unsigned long h = 1469598103u + nr;
  for (size_t i = 0; i < nr; i++) {
    h = h * 31 + roles[i]->nquestions * 7 + roles[i]->own_count;
    for (size_t k = 0; k < roles[i]->nquestions; k++)
      h = h * 131 + (unsigned long)(size_t)roles[i]->questions[k];
  }
  size_t ng;
  const struct prep_ask_group *g = prep_bankset_ask_groups(bs, &ng);
  for (size_t i = 0; i < ng; i++)
    h = h * 17 + g[i].questions.n;
  return h + prep_bankset_core(bs)->nquestions;
}

int LLVMFuzzerTestOneInput(const unsigned char *p, size_t n)
{
  static int fd = -1;
  static char path[64];
  if (fd < 0) {
    data_dir = getenv("PREPGEN_DATA");
    if (!data_dir || !*data_dir)
      data_dir = "data";
    fd = memfd_create("fuzz-bank.xml", 0);
    if (fd < 0) {
      perror("fuzz_bank: memfd_create");
      exit(2);
    }
    snprintf(path, sizeof path, "/proc/self/fd/%d", fd);
  }
  if (ftruncate(fd, 0) != 0 || pwrite(fd, p, n, 0) != (ssize_t)n) {
    perror("fuzz_bank: memfd");
    exit(2);
  }

  static struct prep_bankset *bs;
  static unsigned uses;
  struct prep_diag d;
  prep_diag_init(&d);
  if (!bs) {
    if (prep_bankset_load_dir(data_dir, &bs, &d) != PREP_OK) {
      fprintf(stderr,
              "fuzz_bank: cannot load the bundled banks from %s "
              "(set PREPGEN_DATA or run from the source tree)\n",
              data_dir);
      exit(2);
    }
    uses = 0;
  }
  unsigned long before = shape(bs);
  enum prep_status st = prep_bankset_add_file(bs, path, &d);
  fz_check_diag(&d, NULL);
  if (st != PREP_OK) {
    FZ_ASSERT(st == PREP_EDATA, "a bad bank is not PREP_EDATA");
    FZ_ASSERT(d.errors > 0, "a bank was refused without a reason");
    FZ_ASSERT(shape(bs) == before, "a refused bank changed the set");
    goto out; /* the set is the one checked when it was accepted */
  }
  FZ_ASSERT(d.errors == 0, "an accepted bank has errors");
  size_t nr;
  const struct prep_role *const *roles = prep_bankset_roles(bs, &nr);
  for (size_t i = 0; i < nr; i++) {
    check_role(bs, roles[i]);
    FZ_ASSERT(prep_bankset_find_role(bs, roles[i]->id) == roles[i],
              "a role is not found by its id");
    FZ_ASSERT(i == 0 || strcmp(roles[i - 1]->id, roles[i]->id) < 0,
              "roles not sorted by id");
  }
  check_role(bs, prep_bankset_core(bs));
  size_t ng;
  const struct prep_ask_group *g = prep_bankset_ask_groups(bs, &ng);
  for (size_t i = 0; i < ng; i++) {
    FZ_ASSERT(g[i].interviewer < PREP_IV_COUNT, "ask group interviewer");
    check_strv(&g[i].questions, "ask group questions");
  }
  char *buf = NULL;
  size_t len = 0;
  FILE *m = open_memstream(&buf, &len);
  FZ_ASSERT(m, "open_memstream");
  FZ_ASSERT(prep_bankset_print_roles(bs, m) == 0, "--list-roles failed");
  fclose(m);
  FZ_ASSERT(prep_utf8_valid(buf, len), "--list-roles output not UTF-8");
  free(buf);
out:
  if (st == PREP_OK || ++uses >= 200) {
    prep_bankset_free(bs);
    bs = NULL;
  }
  prep_diag_free(&d);
  return 0;
}
