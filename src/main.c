/* main.c - parse options, run the pipeline, print diagnostics, exit.
 *
 * Shared data (taxonomy, banks) is loaded once, before any CV; each CV then
 * runs read -> extract -> rank in its own arena.  Stage code never prints
 * or exits: this file decides what reaches the terminal and which exit code
 * a status becomes (see diag.h).
 */
#include <langinfo.h>
#include <locale.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "prepgen/arena.h"
#include "prepgen/bank.h"
#include "prepgen/batch.h"
#include "prepgen/cli.h"
#include "prepgen/cohort.h"
#include "prepgen/diag.h"
#include "prepgen/doc.h"
#include "prepgen/dump.h"
#include "prepgen/extract.h"
#include "prepgen/facts.h"
#include "prepgen/pack.h"
#include "prepgen/pdf.h"
#include "prepgen/plan.h"
#include "prepgen/read.h"
#include "prepgen/read_more.h"
#include "prepgen/sandbox.h"

/* Data shared by every CV of a run (loaded once). */
struct shared {
  const char *data_dir;
  struct prep_taxonomy *tax;
  struct prep_bankset *banks;
  int lazy_banks; /* one CV: load the banks once its role is known */
};

/* The banks of a single-CV run, loaded after extraction (freed at exit). */
static struct prep_bankset *lazy_set;

/* The bank set for this CV: the shared one, or (one CV, no --bank) just the
 * core and the bank of its role, which costs a fraction of loading every
 * bank; all of them when the role has no bank file of its own. */
static const struct prep_bankset *banks_for(const struct prep_opts *o,
                                            const struct shared *sh,
                                            const struct prep_facts *f,
                                            enum prep_status *st,
                                            struct prep_diag *d)
{
  *st = PREP_OK;
  if (!sh->lazy_banks)
    return sh->banks;
  if (lazy_set)
    return lazy_set;
  const char *role = o->role ? o->role : f->role_family;
  *st = role ? prep_bankset_load_role(sh->data_dir, role, &lazy_set, d)
             : PREP_EINPUT;
  if (*st == PREP_EINPUT)
    *st = prep_bankset_load_dir(sh->data_dir, &lazy_set, d);
  return lazy_set;
}

static int needs_facts(const struct prep_opts *o)
{
  return !(o->action == PREP_ACT_DUMP && o->dump == PREP_DUMP_DOC);
}

static int needs_plan(const struct prep_opts *o)
{
  return o->action == PREP_ACT_PLAN || o->action == PREP_ACT_PACK ||
         (o->action == PREP_ACT_DUMP && (o->dump == PREP_DUMP_PLAN ||
                                          o->dump == PREP_DUMP_LAYOUT));
}

/* --paper, else the locale's paper (LC_PAPER: 216 mm wide is Letter),
 * else A4. */
static enum prep_paper paper_of(const struct prep_opts *o)
{
  if (o->paper)
    return strcmp(o->paper, "letter") == 0 ? PREP_PAPER_LETTER
                                           : PREP_PAPER_A4;
  if (setlocale(LC_PAPER, "") != NULL) {
    unsigned w = (unsigned)(uintptr_t)nl_langinfo(_NL_PAPER_WIDTH);
    if (w == 216)
      return PREP_PAPER_LETTER;
  }
  return PREP_PAPER_A4;
}

/* The pack: a PDF to -o OUT, or its layout as text (--dump=layout). */
static enum prep_status run_pack(const struct prep_opts *o,
                                 const struct shared *sh,
                                 const struct prep_bankset *banks,
                                 const struct prep_doc *doc,
                                 const struct prep_facts *facts,
                                 const struct prep_plan *plan,
                                 const char *path, const char *out_path,
                                 struct prep_arena *a, struct prep_diag *d)
{
  char fonts[4096];
  if (prep_pdf_fonts_dir(sh->data_dir, fonts, sizeof fonts) != 0) {
    prep_diag_add(d, PREP_SEV_ERROR, NULL, NULL, "the data path is too long");
    return PREP_EDATA;
  }
  struct prep_pack_opts po = {.paper = paper_of(o), .days = o->days};
  int dump = o->action == PREP_ACT_DUMP;
  const char *inputs[2] = {path, o->job};
  /* --format md|txt, or -o NAME.md / NAME.txt: the pack as text */
  const char *fmt = o->format;
  const char *ext = o->output ? strrchr(o->output, '.') : NULL;
  if (!fmt && ext && !strchr(ext, '/'))
    fmt = strcmp(ext, ".md") == 0 ? "md" : strcmp(ext, ".txt") == 0 ? "txt"
                                                                    : NULL;
  if (!dump && !o->batch && fmt && strcmp(fmt, "pdf") != 0)
    return prep_pack_write_text(doc, facts, plan, banks, &po,
                                strcmp(fmt, "md") == 0, out_path, inputs,
                                o->job ? 2 : 1, a, d);
  return prep_pack_write(doc, facts, plan, banks, &po, fonts, out_path,
                         inputs, o->job ? 2 : 1, dump ? stdout : NULL, a, d);
}

static enum prep_status load_shared(const struct prep_opts *o,
                                    struct shared *sh, struct prep_diag *d)
{
  enum prep_status st = PREP_OK;
  if (needs_facts(o))
    st = prep_taxonomy_load(sh->data_dir, &sh->tax, d);
  /* a batch loads everything once, before its workers fork */
  sh->lazy_banks =
      needs_plan(o) && !o->batch && o->ninputs == 1 && o->nbanks == 0;
  if (st == PREP_OK && needs_plan(o) && !sh->lazy_banks) {
    st = prep_bankset_load_dir(sh->data_dir, &sh->banks, d);
    for (size_t i = 0; st == PREP_OK && i < o->nbanks; i++)
      st = prep_bankset_add_file(sh->banks, o->banks[i], d);
  }
  return st;
}

/* One CV through the stages the action needs; output on stdout, or the
 * pack to out_path.  In a batch worker, `res` gets the plan's aggregate
 * record (ids and counts only). */
static enum prep_status run_one(const struct prep_opts *o,
                                const struct shared *sh, const char *path,
                                const char *out_path,
                                struct prep_batch_result *res,
                                struct prep_diag *d)
{
  struct prep_arena *a = prep_arena_new();
  struct prep_doc *doc = NULL;
  struct prep_facts *facts = NULL;
  struct prep_plan *plan = NULL;
  struct prep_facts *given = NULL; /* JSON Resume: facts as stated */
  int is_stdin = strcmp(path, "-") == 0;
  enum prep_status st =
      prep_read_input(path, (enum prep_input_format)o->input_format, a, &doc,
                      &given, d);
  if (st != PREP_OK)
    goto out;
  if (o->action == PREP_ACT_DUMP && o->dump == PREP_DUMP_DOC) {
    prep_dump_doc(stdout, doc);
    goto out;
  }
  /* A near-empty file (a template, a scanned image saved as DOCX) gives
   * empty facts and a warning: never a made-up profile, and a plan or a
   * pack is the role's general preparation, saying so on its cover. */
  struct prep_extract_opts eo = {.as_of = o->as_of,
                                 .path = is_stdin ? NULL : path,
                                 .name = is_stdin ? "<stdin>" : path,
                                 .near_empty_ok = 1,
                                 .near_empty_note =
                                     needs_plan(o)
                                         ? "this is the role's general "
                                           "preparation, with nothing from "
                                           "the CV (choose the role with "
                                           "--role)"
                                         : NULL,
                                 .given = given};
  st = prep_extract(doc, sh->tax, &eo, a, &facts, d);
  if (st != PREP_OK)
    goto out;
  if (o->action == PREP_ACT_FACTS) {
    if (prep_facts_write_json(stdout, doc, facts) != 0)
      st = PREP_EIO;
    else if (o->explain)
      prep_facts_write_explain(stdout, doc, facts);
    goto out;
  }
  if (o->action == PREP_ACT_DUMP && o->dump == PREP_DUMP_FACTS) {
    prep_dump_facts(stdout, doc, facts);
    goto out;
  }
  struct prep_plan_opts po = {.role = o->role, .level = o->level,
                              .job_path = o->job, .company = o->company,
                              .top = o->top};
  const struct prep_bankset *banks = banks_for(o, sh, facts, &st, d);
  if (st != PREP_OK)
    goto out;
  st = prep_rank(doc, facts, banks, sh->tax, &po, a, &plan, d);
  if (st != PREP_OK)
    goto out;
  if (o->action == PREP_ACT_PLAN) {
    if (prep_plan_write_json(stdout, doc, plan, o->explain) != 0)
      st = PREP_EIO;
  } else if (o->action == PREP_ACT_DUMP && o->dump == PREP_DUMP_PLAN) {
    prep_dump_plan(stdout, doc, plan);
  } else if (o->action == PREP_ACT_PACK ||
             (o->action == PREP_ACT_DUMP && o->dump == PREP_DUMP_LAYOUT)) {
    st = run_pack(o, sh, banks, doc, facts, plan, path, out_path, a, d);
  }
  if (res) {
    prep_batch_result_from_plan(res, plan);
    res->as_of_year = facts->as_of.year;
    res->as_of_month = facts->as_of.month;
  }
out:
  prep_arena_free(a);
  return st;
}

static int run_cvs(const struct prep_opts *o, const char *data_dir)
{
  struct shared sh = {.data_dir = data_dir};
  struct prep_diag d;
  prep_diag_init(&d);
  enum prep_status st = load_shared(o, &sh, &d);
  prep_msg_diag(&d, o->quiet);
  prep_diag_clear(&d);
  int rc = (int)prep_status_exit(st);
  for (size_t i = 0; st == PREP_OK && i < o->ninputs; i++) {
    enum prep_status s1 = run_one(o, &sh, o->inputs[i], o->output, NULL,
                                  &d);
    prep_msg_diag(&d, o->quiet);
    prep_diag_clear(&d);
    if ((int)prep_status_exit(s1) > rc)
      rc = (int)prep_status_exit(s1);
  }
  if (fflush(stdout) != 0 || ferror(stdout)) {
    prep_msg_error("cannot write to standard output");
    rc = PREP_EXIT_DATA;
  }
  prep_diag_free(&d);
  prep_taxonomy_free(sh.tax);
  prep_bankset_free(sh.banks);
  prep_bankset_free(lazy_set);
  lazy_set = NULL;
  return rc;
}

struct batch_ctx {
  const struct prep_opts *o;
  const struct shared *sh;
};

/* Runs in a batch worker (forked, limited, sandboxed): one pack. */
static enum prep_status batch_one(void *ctx, const char *input,
                                  const char *tmp_output,
                                  struct prep_batch_result *res,
                                  struct prep_diag *d)
{
  const struct batch_ctx *bc = ctx;
  return run_one(bc->o, bc->sh, input, tmp_output, res, d);
}

/* prepgen CV... -o DIR/: data loaded once here, then one worker per CV. */
static int run_batch(const struct prep_opts *o, const char *data_dir)
{
  struct shared sh = {.data_dir = data_dir};
  struct prep_diag d;
  prep_diag_init(&d);
  enum prep_status st = load_shared(o, &sh, &d);
  int rc = (int)prep_status_exit(st);
  if (st == PREP_OK) {
    /* --skip-existing: a pack must be newer than the data it came from */
    const char *deps[64];
    size_t nd = 0;
    deps[nd++] = data_dir;
    for (size_t i = 0; i < o->nbanks && nd < 62; i++)
      deps[nd++] = o->banks[i];
    if (o->job)
      deps[nd++] = o->job;
    struct prep_batch_opts bo = {
        .inputs = (const char *const *)o->inputs, .ninputs = o->ninputs,
        .from = o->from, .outdir = o->output, .jobs = o->jobs,
        .shard_k = o->shard_k, .shard_n = o->shard_n,
        .skip_existing = o->skip_existing, .deps = deps, .ndeps = nd,
        .quiet = o->quiet, .progress = -1,
        .cohort_report = o->cohort_report, .per_student = o->per_student};
    /* --cohort-report: cohort.pdf too, drawn in this process from the
     * aggregate (ids and counts), with the fonts the packs use */
    char fonts[4096];
    struct prep_cohort_opts co = {.paper = paper_of(o), .banks = sh.banks,
                                  .tax = sh.tax, .fonts_dir = fonts,
                                  .per_student = o->per_student};
    if (o->cohort_report &&
        prep_pdf_fonts_dir(data_dir, fonts, sizeof fonts) == 0) {
      bo.cohort_pdf = prep_cohort_write;
      bo.cohort_ctx = &co;
    }
    struct batch_ctx bc = {.o = o, .sh = &sh};
    rc = prep_batch_run(&bo, batch_one, &bc, &d);
  }
  prep_msg_diag(&d, o->quiet);
  prep_diag_free(&d);
  prep_taxonomy_free(sh.tax);
  prep_bankset_free(sh.banks);
  return rc;
}

static int run_banks(const struct prep_opts *o, const char *data_dir)
{
  struct prep_diag d;
  prep_diag_init(&d);
  enum prep_status st = PREP_OK;
  if (o->action == PREP_ACT_LIST_ROLES) {
    struct prep_bankset *bs = NULL;
    st = prep_bankset_load_dir(data_dir, &bs, &d);
    for (size_t i = 0; st == PREP_OK && i < o->nbanks; i++)
      st = prep_bankset_add_file(bs, o->banks[i], &d);
    if (st == PREP_OK && prep_bankset_print_roles(bs, stdout) != 0)
      st = PREP_EIO;
    prep_bankset_free(bs);
  } else {
    for (size_t i = 0; i < o->ninputs; i++) {
      enum prep_status s1 = prep_bank_check_file(data_dir, o->inputs[i], &d);
      if (s1 == PREP_OK && !o->quiet)
        printf("%s: ok\n", o->inputs[i]);
      if (s1 != PREP_OK)
        st = s1;
    }
  }
  prep_msg_diag(&d, o->quiet);
  prep_diag_free(&d);
  return (int)prep_status_exit(st);
}

int main(int argc, char **argv)
{
  struct prep_opts o;
  int rc = prep_cli_parse(argc, argv, &o);
  if (rc >= 0) {
    prep_cli_free(&o);
    return rc;
  }
  /* no network, no exec from here on, for every action: before the
   * first CV, bank or data file is opened (sandbox.h) */
  struct prep_diag d;
  prep_diag_init(&d);
  prep_sandbox_enter(&d);
  prep_msg_diag(&d, o.quiet);
  prep_diag_free(&d);
  prep_read_init();
  const char *data_dir = prep_cli_data_dir(&o);
  if (o.action == PREP_ACT_LIST_ROLES || o.action == PREP_ACT_CHECK_BANK)
    rc = run_banks(&o, data_dir);
  else if (o.batch)
    rc = run_batch(&o, data_dir);
  else
    rc = run_cvs(&o, data_dir);
  prep_cli_free(&o);
  return rc;
}
