#!/usr/bin/env bash
# run.sh - `make bench`: whole-process timings as medians over many runs,
# each compared with a do-nothing C process (the floor), plus peak RSS.
# Figures go to stdout as a table; the README quotes them.
set -eu
top=$(cd "$(dirname "$0")/../.." && pwd)
cd "$top"
B=${BUILD:-build}
mkdir -p "$B/bench"
cc -O2 -o "$B/bench/bench" tests/bench/bench.c
cc -O2 -o "$B/bench/noop" tests/bench/noop.c
RUNS=${RUNS:-300}
P=./prepgen
export PREPGEN_DATA="$top/data"

floor=$("$B/bench/bench" -n "$RUNS" -- "$B/bench/noop" | cut -d' ' -f1)
printf '%-44s %9s %9s %8s %9s\n' case median_ms p90_ms ratio peak_rss
printf '%-44s %9.3f %9s %8s %9s\n' "do-nothing C process (floor)" "$floor" - 1.00 -
row() { # name, then the command
  local name=$1; shift
  read -r med p90 _min rss < <("$B/bench/bench" -n "$RUNS" -- "$@")
  awk -v n="$name" -v m="$med" -v p="$p90" -v f="$floor" -v r="$rss" \
    'BEGIN { printf "%-44s %9.3f %9.3f %8.2f %7.1fMB\n", n, m, p, m / f, r / 1024 }'
}
docx=$(ls samples/*.docx 2>/dev/null | head -n 1 || true)
txt=$(ls samples/*.txt 2>/dev/null | head -n 1 || true)
[ -n "$docx" ] && row "read DOCX ($(basename "$docx"))" $P --dump=doc "$docx"
[ -n "$txt" ] && row "read text ($(basename "$txt"))" $P --dump=doc "$txt"
if [ -d ../shared/corpus/docx ]; then
  # the largest real CV in the corpus, when it is there (never committed)
  big=$(ls -S ../shared/corpus/docx/resume-* 2>/dev/null | head -n 1 || true)
  [ -n "$big" ] && row "read DOCX (largest corpus CV)" $P --dump=doc "$big"
fi
for extra in tests/bench/cases.d/*.sh; do
  [ -f "$extra" ] && . "$extra"
done
exit 0
