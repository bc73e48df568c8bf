/* fuzz_docx.c - libFuzzer target: bytes (a ZIP package) -> document model. */
#include "fuzz_read.h"

int LLVMFuzzerTestOneInput(const unsigned char *p, size_t n);

int LLVMFuzzerTestOneInput(const unsigned char *p, size_t n)
{
  fuzz_one(prep_read_docx, p, n);
  return 0;
}
