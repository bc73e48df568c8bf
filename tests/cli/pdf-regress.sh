#!/usr/bin/env bash
# pdf-regress.sh - packs that once failed to write.
. "$(dirname "$0")/lib.sh"

# libharu 2.3.0 cannot save a font subset whose size is a multiple of
# 4096 bytes; with --as-of 2024-06 this CV's serif subset is exactly that
# (found by fuzz_pipeline).  pdf.c rebuilds with one more glyph.
cv="$TOP/tests/fuzz/regress/fuzz_pipeline/libharu-memstream-4096.txt"
run --as-of 2024-06 "$cv" -o "$TMP/a.pdf"
expect_rc 0 "4096-byte font subset"
qpdf --check "$TMP/a.pdf" >/dev/null 2>&1 || fail "4096-byte subset: qpdf --check"
run --as-of 2024-06 "$cv" -o "$TMP/b.pdf"
cmp -s "$TMP/a.pdf" "$TMP/b.pdf" || fail "4096-byte subset: not byte-identical"
finish
