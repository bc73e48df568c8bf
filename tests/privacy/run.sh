#!/usr/bin/env bash
# run.sh - runs every tests/privacy/*.sh script against $PREPGEN, like
# tests/cli/run.sh (owner: hardening, issue 8).  `make privacy`.
set -u
here=$(cd "$(dirname "$0")" && pwd)
: "${PREPGEN:?set PREPGEN to the prepgen binary}"
export PREPGEN
pass=0 fail=0
for t in "$here"/*.sh; do
  [ "$(basename "$t")" = run.sh ] && continue
  if out=$(bash "$t" 2>&1); then
    pass=$((pass + 1))
    printf 'PASS %s\n' "$(basename "$t")"
  else
    fail=$((fail + 1))
    printf 'FAIL %s\n%s\n' "$(basename "$t")" "$out"
  fi
done
echo "privacy: $pass passed, $fail failed"
[ "$fail" -eq 0 ]
