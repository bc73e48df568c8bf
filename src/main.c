/* main.c - parse options, run the pipeline, print diagnostics, exit.
 *
 * Stage code never prints or exits; this file decides what reaches the
 * terminal and which exit code a status becomes (see diag.h).
 */
#include <stdio.h>
#include <stdlib.h>

#include "prepgen/arena.h"
#include "prepgen/cli.h"
#include "prepgen/diag.h"
#include "prepgen/doc.h"
#include "prepgen/dump.h"
#include "prepgen/read.h"

static int run_dump(const struct prep_opts *o)
{
  int rc = PREP_EXIT_OK;
  for (size_t i = 0; i < o->ninputs; i++) {
    const char *path = o->inputs[i];
    struct prep_arena *a = prep_arena_new();
    struct prep_diag diag;
    prep_diag_init(&diag);
    struct prep_doc *doc = NULL;
    enum prep_status st = prep_read_file(path, path, a, &doc, &diag);
    prep_msg_diag(&diag, o->quiet);
    if (st == PREP_OK) {
      prep_dump_doc(stdout, doc);
    } else if ((int)prep_status_exit(st) > rc) {
      rc = (int)prep_status_exit(st);
    }
    prep_diag_free(&diag);
    prep_arena_free(a);
  }
  if (fflush(stdout) != 0 || ferror(stdout)) {
    prep_msg_error("cannot write to standard output");
    rc = PREP_EXIT_DATA;
  }
  return rc;
}

int main(int argc, char **argv)
{
  struct prep_opts o;
  int rc = prep_cli_parse(argc, argv, &o);
  if (rc >= 0) {
    prep_cli_free(&o);
    return rc;
  }
  prep_read_init();
  switch (o.action) {
  case PREP_ACT_DUMP:
    rc = run_dump(&o);
    break;
  default:
    prep_msg_error("this action is not built yet");
    rc = PREP_EXIT_USAGE;
    break;
  }
  prep_cli_free(&o);
  return rc;
}
