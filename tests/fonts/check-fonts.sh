#!/bin/sh
# tests/fonts/check-fonts.sh -- check the prepared fonts in fonts/ with libharu 2.3.0
# and poppler.  Owner: fonts / typesetting (issue 6).
#
# Builds tests/fonts/check-fonts.c, makes a one-page PDF with every font in fonts/
# (per-run fallback), then checks:
#   - every .ttf in fonts/ is used and every font in the PDF is embedded (pdffonts);
#   - pdftotext gives back each sample name exactly;
#   - poppler (pdffonts, pdftotext, pdftoppm) prints nothing on stderr;
#   - qpdf --check is clean;
#   - two runs give byte-identical PDFs.
# Environment: BUILD (scratch dir, default /tmp/prepgen-check-fonts.$$),
#   CC (default cc), MEASURE=N to also print timings (median of N runs),
#   KEEP=1 to keep the scratch dir, REPRO=1 to also rerun
#   tools/prepare-fonts.py --check (slow: ~20 s).
# Exit status 0 = pass.
set -eu

here=$(cd "$(dirname "$0")" && pwd)
root=$(cd "$here/../.." && pwd)
fonts="$root/fonts"
b=${BUILD:-/tmp/prepgen-check-fonts.$$}
cc=${CC:-cc}
mkdir -p "$b"
fail=0
note() { printf '%s\n' "check-fonts: $*"; }
bad() { printf '%s\n' "check-fonts: FAIL: $*" >&2; fail=1; }

cleanup() { [ "${KEEP:-0}" = 1 ] || [ -n "${BUILD:-}" ] || rm -rf "$b"; }
trap cleanup EXIT

for tool in pdffonts pdftotext pdftoppm qpdf; do
    command -v "$tool" >/dev/null 2>&1 || { bad "$tool not installed (poppler-utils / qpdf)"; exit 1; }
done

$cc -std=c11 -O2 -Wall -Wextra -Wpedantic -Wshadow -Wstrict-prototypes \
    -Wmissing-prototypes -Werror -o "$b/check-fonts" "$here/check-fonts.c" -lhpdf

pdf="$b/fonts.pdf"
if [ -n "${MEASURE:-}" ]; then
    "$b/check-fonts" "$fonts" "$pdf" --measure "$MEASURE" || bad "check-fonts reported errors"
else
    "$b/check-fonts" "$fonts" "$pdf" || bad "check-fonts reported errors"
fi
[ -s "$pdf" ] || { bad "no PDF written"; exit 1; }
note "PDF $(wc -c <"$pdf") bytes"

# 1. every font embedded, and every font file of fonts/ present
pdffonts "$pdf" >"$b/fonts.txt" 2>"$b/poppler.err"
nfonts=$(tail -n +3 "$b/fonts.txt" | wc -l)
nemb=$(tail -n +3 "$b/fonts.txt" | awk '{ if ($(NF-4) == "yes") n++ } END { print n + 0 }')
nfiles=$(ls "$fonts"/*.ttf | wc -l)
[ "$nfonts" -eq "$nfiles" ] || bad "pdffonts lists $nfonts fonts, fonts/ has $nfiles .ttf files"
[ "$nemb" -eq "$nfonts" ] || bad "only $nemb of $nfonts fonts embedded"
for f in "$fonts"/*.ttf; do
    ps=$(basename "$f" .ttf)
    grep -q "+$ps[ ,]" "$b/fonts.txt" || bad "$ps not in the PDF"
done

# 2. names come back exactly
pdftotext -enc UTF-8 "$pdf" "$b/text.txt" 2>>"$b/poppler.err"
while IFS= read -r want; do
    [ -n "$want" ] || continue
    grep -qF -- "$want" "$b/text.txt" || bad "pdftotext lost: $want"
done <"$pdf.expect"

# 3. poppler silent (render too), qpdf clean
pdftoppm -r 60 -png -f 1 -l 1 "$pdf" "$b/page" 2>>"$b/poppler.err"
if [ -s "$b/poppler.err" ]; then
    bad "poppler printed warnings:"
    sed 's/^/    /' "$b/poppler.err" | sort | uniq -c >&2
fi
qpdf --check "$pdf" >"$b/qpdf.txt" 2>&1 || { bad "qpdf --check failed"; cat "$b/qpdf.txt" >&2; }

# 4. reproducible
"$b/check-fonts" "$fonts" "$b/again.pdf" >/dev/null 2>&1 || true
cmp -s "$pdf" "$b/again.pdf" || bad "two runs differ"

if [ "${REPRO:-0}" = 1 ]; then
    python3 "$root/tools/prepare-fonts.py" --check || bad "fonts/ is not what tools/prepare-fonts.py makes"
fi

if [ "$fail" -eq 0 ]; then
    note "ok ($nfonts fonts embedded, names extracted, poppler silent, qpdf clean, reproducible)"
    note "page image: $(ls "$b"/page*.png)"
fi
exit "$fail"
