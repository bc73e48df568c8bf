# pack.sh - bench rows for the PDF pack (owner: pack; sourced by run.sh,
# which defines row, P, B and RUNS).  With LibreOffice installed it also
# times soffice converting the same DOCX to PDF (fewer runs: it is slow)
# and prints the ratio, which issue 6 wants at 30 or more.
pack_cv=samples/01-backend-senior-libreoffice.docx
if [ -f "$pack_cv" ]; then
  row "pack PDF (2-page DOCX)" $P --as-of 2026-10 "$pack_cv" -o "$B/bench/pack.pdf"
  if [ -s "$B/bench/pack.pdf" ]; then
    printf '%-44s %9s KB, %s pages\n' "  pack PDF size" \
      "$(( $(wc -c <"$B/bench/pack.pdf") / 1024 ))" \
      "$(pdfinfo "$B/bench/pack.pdf" 2>/dev/null | sed -n 's/^Pages: *//p')"
  fi
  if command -v soffice >/dev/null 2>&1; then
    read -r lo_med _ _ _ < <("$B/bench/bench" -n "${LO_RUNS:-5}" -w 1 -- \
      soffice --headless --convert-to pdf --outdir "$B/bench" "$pack_cv")
    read -r pk_med _ _ _ < <("$B/bench/bench" -n "${LO_RUNS:-5}" -- \
      $P --as-of 2026-10 "$pack_cv" -o "$B/bench/pack.pdf")
    awk -v lo="$lo_med" -v pk="$pk_med" 'BEGIN {
      printf "%-44s %9.3f   (pack %.3f ms: %.1fx faster; issue 6 wants >= 30x)\n",
             "LibreOffice DOCX -> PDF (same CV)", lo, pk, lo / pk }'
  fi
fi
