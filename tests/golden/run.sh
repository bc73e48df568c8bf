#!/usr/bin/env bash
# run.sh - golden tests: for every sample CV, each stage's dump must equal the
# reviewed file tests/golden/<sample>.<stage>.  `--regen` rewrites them
# (make regen-golden); review the diff before committing.
set -u
here=$(cd "$(dirname "$0")" && pwd)
top=$(cd "$here/../.." && pwd)
: "${PREPGEN:?set PREPGEN to the prepgen binary}"
regen=0; [ "${1:-}" = --regen ] && regen=1
# stage name -> prepgen arguments.  --as-of pins "now" so goldens do not age.
stages=(doc facts json plan layout)
declare -A args=([doc]="--dump=doc" [facts]="--dump=facts --as-of 2026-10"
                 [json]="--facts --as-of 2026-10" [plan]="--dump=plan --as-of 2026-10"
                 [layout]="--dump=layout --as-of 2026-10 --paper a4")
# stages checked on a few samples only (the layout dump is large)
declare -A only=([layout]="01-backend-senior-libreoffice.docx 09-ml-cjk-pythondocx.docx")
pass=0 fail=0
tmp=$(mktemp -d); trap 'rm -rf "$tmp"' EXIT
shopt -s nullglob
for cv in "$top"/samples/*.docx "$top"/samples/*.txt; do
  base=$(basename "$cv")
  for st in "${stages[@]}"; do
    if [ -n "${only[$st]:-}" ] && [[ " ${only[$st]} " != *" $base "* ]]; then
      continue
    fi
    gold="$here/$base.$st"
    # shellcheck disable=SC2086
    (cd "$top" && "$PREPGEN" ${args[$st]} "samples/$base") >"$tmp/out" 2>"$tmp/err"
    rc=$?
    if [ $regen -eq 1 ]; then
      if [ $rc -eq 0 ]; then cp "$tmp/out" "$gold"; else echo "regen: $base $st failed: $(cat "$tmp/err")"; fi
      continue
    fi
    if [ $rc -ne 0 ]; then
      fail=$((fail + 1)); echo "FAIL $base.$st: exit $rc: $(head -c 300 "$tmp/err")"
    elif [ ! -f "$gold" ]; then
      fail=$((fail + 1)); echo "FAIL $base.$st: no golden file (run make regen-golden and review)"
    elif ! diff -u "$gold" "$tmp/out" >"$tmp/diff"; then
      fail=$((fail + 1)); echo "FAIL $base.$st differs:"; head -n 40 "$tmp/diff"
    else
      pass=$((pass + 1))
    fi
  done
done
[ $regen -eq 1 ] && { echo "golden files rewritten; review with git diff"; exit 0; }
echo "golden: $pass passed, $fail failed"
[ "$fail" -eq 0 ]
