/* read_docx.c - placeholder until the DOCX reader lands. */
#include "prepgen/read.h"

enum prep_status prep_read_docx(const unsigned char *p, size_t n,
                                const char *name, struct prep_arena *a,
                                struct prep_doc **out, struct prep_diag *diag)
{
  (void)p; (void)n; (void)a;
  *out = NULL;
  prep_diag_add(diag, PREP_SEV_ERROR, name, NULL, "DOCX reading is not built yet");
  return PREP_EINTERNAL;
}

void prep_read_init(void) {}
