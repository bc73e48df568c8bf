#!/usr/bin/env bash
# bank.sh - --list-roles and --check-bank (issue 4).
#
# Every bad-*.xml fixture holds one kind of mistake: --check-bank must exit 3
# and print exactly one line `prepgen: FILE:LINE: sentence` (LINE may be
# written "line N" by the message printer).  Good banks exit 0, silently.
. "$(dirname "$0")/lib.sh"
cd "$TOP" || exit 1
fx=tests/fixtures/banks

run --list-roles
expect_rc 0 "--list-roles"
expect_out '^core ' "--list-roles shows the core"
expect_out '^backend .*Backend Software Engineer' "--list-roles shows backend"
[ -s "$err" ] && fail "--list-roles wrote to stderr: $(head -c 300 "$err")"
# backend: >= 60 own questions; core: >= 25 (columns: id title... own total)
awk '$1 == "backend" { own = $(NF-3) } END { exit !(own >= 60) }' "$out" ||
  fail "--list-roles: backend has fewer than 60 questions"
awk '$1 == "core" { own = $(NF-3) } END { exit !(own >= 25) }' "$out" ||
  fail "--list-roles: core has fewer than 25 questions"

for f in "$fx"/good-*.xml "$fx"/custom-override.xml "$fx"/custom-role.xml \
         data/banks/*.xml; do
  run --check-bank "$f"
  expect_rc 0 "--check-bank $f"
  [ -s "$err" ] && fail "--check-bank $f printed: $(head -c 300 "$err")"
done

n=0
for f in "$fx"/bad-*.xml; do
  n=$((n + 1))
  run --check-bank "$f"
  expect_rc 3 "--check-bank $f"
  expect_err_lines 1 "--check-bank $f"
  expect_err "^prepgen: $f:(line )?[0-9]+: [^ ]" "--check-bank $f: FILE:LINE"
done
[ "$n" -ge 10 ] || fail "only $n bad-*.xml fixtures"

# a few messages word for word (the words a coach acts on)
run --check-bank "$fx/bad-category.xml"
expect_err "unknown category 'behavioral' .*expected one of: behavioural" \
  "unknown category"
run --check-bank "$fx/bad-pointers-count.xml"
expect_err "needs 3 to 5 <p> items, found 2" "pointer count"
run --check-bank "$fx/bad-tag-kind.xml"
expect_err "'ownership' is a theme, not a topic" "tag kind"
run --check-bank "$fx/bad-missing-why.xml"
expect_err ":(line )?10: question 'core-fixture-one' has no <why> element" \
  "missing why"

# a coach bank given with --bank must be checked the same way
run --check-bank "$TMP/missing.xml"
expect_rc 3 "--check-bank on a missing file"
expect_err "missing.xml" "--check-bank on a missing file names it"

finish
