/* fuzz_html.c - libFuzzer target: HTML bytes -> document model. */
#include "fuzz_read.h"
#include "prepgen/read_more.h"

int LLVMFuzzerTestOneInput(const unsigned char *p, size_t n);

int LLVMFuzzerTestOneInput(const unsigned char *p, size_t n)
{
  fuzz_one(prep_read_html, p, n);
  return 0;
}
