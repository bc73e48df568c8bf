# pack.sh - bench rows for the PDF pack (owner: pack; sourced by run.sh,
# which defines row, P, B, RUNS and floor).  Issue 6 wants the whole process
# for a 2-page DOCX at least 30x faster than LibreOffice converting the same
# DOCX, measured side by side in one run, with peak RSS <= 40 MB and the
# PDF <= 400 KB.  Prints the pack's wall median (and p90, ratio to the
# floor, peak RSS), its CPU time when perf is there (wall time on a busy
# machine mostly measures the other load), the PDF's size and pages, then
# LibreOffice's median over LO_RUNS runs (default 5, after one warm-up, in a
# throw-away profile) and the two ratios: median to median, and best run to
# best run (the closest to an idle machine).
pack_cv=samples/01-backend-senior-libreoffice.docx
if [ -f "$pack_cv" ]; then
  pk_pdf="$B/bench/pack.pdf"
  read -r pk_med pk_p90 pk_min pk_rss < <("$B/bench/bench" -n "$RUNS" -- \
    $P --as-of 2026-10 "$pack_cv" -o "$pk_pdf")
  awk -v n="pack PDF (2-page DOCX)" -v m="$pk_med" -v p="$pk_p90" \
      -v f="$floor" -v r="$pk_rss" \
    'BEGIN { printf "%-44s %9.3f %9.3f %8.2f %7.1fMB\n", n, m, p, m / f,
             r / 1024 }'
  pk_cpu=-
  if command -v perf >/dev/null 2>&1; then
    pk_cpu=$(perf stat -r 30 -x, -e task-clock \
      $P --as-of 2026-10 "$pack_cv" -o "$pk_pdf" 2>&1 >/dev/null |
      awk -F, '$3 == "task-clock" { printf "%.1f", $1 }')
    [ -n "$pk_cpu" ] || pk_cpu=-
  fi
  if [ -s "$pk_pdf" ]; then
    pk_kb=$(( $(wc -c <"$pk_pdf") / 1024 ))
    pk_pages=$(pdfinfo "$pk_pdf" 2>/dev/null | sed -n 's/^Pages: *//p')
    awk -v kb="$pk_kb" -v pg="${pk_pages:-?}" -v cpu="$pk_cpu" \
        -v r="$pk_rss" 'BEGIN {
      printf "  pack: %d KB, %s pages, CPU %s ms; size %s (<= 400 KB), " \
             "peak RSS %s (<= 40 MB)\n", kb, pg, cpu,
             (kb <= 400 ? "ok" : "OVER"), (r <= 40 * 1024 ? "ok" : "OVER") }'
  fi
  if command -v soffice >/dev/null 2>&1; then
    lo_dir=$(mktemp -d)
    read -r lo_med _lo_p90 lo_min lo_rss < <("$B/bench/bench" \
      -n "${LO_RUNS:-5}" -w 1 -- soffice \
      "-env:UserInstallation=file://$lo_dir/profile" --headless \
      --convert-to pdf --outdir "$lo_dir" "$pack_cv")
    rm -rf "$lo_dir"
    awk -v n="LibreOffice DOCX -> PDF (same CV)" -v m="$lo_med" \
        -v f="$floor" -v r="$lo_rss" \
      'BEGIN { printf "%-44s %9.3f %9s %8.2f %7.1fMB\n", n, m, "-", m / f,
               r / 1024 }'
    awk -v lo="$lo_med" -v pk="$pk_med" -v lmin="$lo_min" -v pmin="$pk_min" \
      'BEGIN { r = lo / pk; b = lmin / pmin
        printf "  pack vs LibreOffice: %.1fx faster (medians), %.1fx (best " \
               "runs); issue 6 wants >= 30x: %s\n", r, b,
               (r >= 30 ? "met" : (b >= 30 ? "met on best runs only" \
                                           : "NOT met")) }'
  else
    echo "  LibreOffice (soffice) not installed: no side-by-side ratio"
  fi
fi
