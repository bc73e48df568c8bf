/* fuzz_text.c - libFuzzer target: bytes (any encoding) -> document model. */
#include "fuzz_read.h"

int LLVMFuzzerTestOneInput(const unsigned char *p, size_t n);

int LLVMFuzzerTestOneInput(const unsigned char *p, size_t n)
{
  fuzz_one(prep_read_text, p, n);
  return 0;
}
