/* fuzz_sniff.c - libFuzzer target: bytes -> sniff + whichever reader. */
#include "fuzz_read.h"

int LLVMFuzzerTestOneInput(const unsigned char *p, size_t n);

int LLVMFuzzerTestOneInput(const unsigned char *p, size_t n)
{
  fuzz_one(prep_read_mem, p, n);
  return 0;
}
