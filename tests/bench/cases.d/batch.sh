# batch.sh - `make bench` case (sourced by tests/bench/run.sh): a cohort of
# 1,000 CVs (the samples, varied by tools/make-cohort.sh) with -j 2, against
# the issue-7 target of >= 50 packs/s (under 20 s wall), and a single pack
# for comparison (data loaded once per batch should make a CV in a batch
# cheaper than a single run).  BATCH_N overrides the cohort size.
if "$P" --help 2>/dev/null | grep -q -- '--shard'; then
  bn=${BATCH_N:-1000}
  bdir=$(tools/make-cohort.sh "$bn")
  bout=$(mktemp -d)
  # one timed run (no warm-up): a 1,000-CV batch is its own average
  read -r bms _p90 _min brss < <("$B/bench/bench" -n 1 -w 0 -- \
    "$P" "$bdir" -o "$bout/" -j 2 -q)
  bpacks=$(ls "$bout"/*.pdf 2>/dev/null | wc -l)
  awk -v n="batch: $bn CVs, -j 2 (total)" -v m="$bms" -v f="$floor" \
      -v r="$brss" 'BEGIN { printf "%-44s %9.3f %9s %8.2f %7.1fMB\n",
                            n, m, "-", m / f, r / 1024 }'
  awk -v n="batch: per CV" -v m="$bms" -v c="$bn" -v f="$floor" \
      'BEGIN { printf "%-44s %9.3f %9s %8.2f %9s\n", n, m / c, "-",
               m / c / f, "-" }'
  single=$(ls samples/*.docx | head -n 1)
  RUNS=20 row "single pack ($(basename "$single"))" \
    "$P" "$single" -o "$bout/single.pdf"
  awk -v m="$bms" -v c="$bn" -v p="$bpacks" 'BEGIN {
        rate = c / (m / 1000)
        printf "batch: %d of %d packs written, %.1f packs/s (target >= 50: %s)\n",
               p, c, rate, (rate >= 50 ? "met" : "NOT met") }'
  rm -rf "$bdir" "$bout"
else
  echo "batch: skipped (batch options not wired into the CLI yet)"
fi
