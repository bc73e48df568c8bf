#!/usr/bin/env bash
# format.sh - the pack as Markdown and plain text (issue 10: --format md|txt;
# owner: pack).
#
# For a DOCX sample: --format md and --format txt exit 0; each holds the
# candidate's name, every primary question id from --dump=plan and the four
# STAR labels; two runs are byte-identical; -o NAME.md without --format
# gives Markdown; -o - writes to stdout; a bad --format is a usage error and
# -o onto the input fails with exit 3.
. "$(dirname "$0")/lib.sh"
cd "$TOP" || exit 1

AS_OF=--as-of=2026-10
cv=samples/01-backend-senior-libreoffice.docx
name="Pieter van der Berg"

run "$AS_OF" -q --dump=plan "$cv"
expect_rc 0 "dump=plan"
ids=$(awk '$1 ~ /^Q[0-9]+$/ && $4 == "primary" { print $2 }' "$out")
[ -n "$ids" ] || fail "no primary question in --dump=plan"

for fmt in md txt; do
  f1="$TMP/a.$fmt.out" f2="$TMP/b.$fmt.out"
  run "$AS_OF" -q --format "$fmt" "$cv" -o "$f1"
  expect_rc 0 "--format $fmt"
  [ -s "$f1" ] || { fail "--format $fmt: nothing written"; continue; }
  grep -qF "$name" "$f1" || fail "--format $fmt: no candidate name"
  for id in $ids; do
    grep -qF -- "$id" "$f1" || fail "--format $fmt: primary question $id missing"
  done
  for w in Situation Task Action Result; do
    grep -q "$w" "$f1" || fail "--format $fmt: no $w"
  done
  run "$AS_OF" -q --format "$fmt" "$cv" -o "$f2"
  cmp -s "$f1" "$f2" || fail "--format $fmt: two runs differ"
  ls -A "$TMP" | grep -q '^\.' && fail "--format $fmt: temporary file left"
done
grep -q '^# ' "$TMP/a.md.out" || fail "--format md: no Markdown heading"
grep -q '^- \[ \] ' "$TMP/a.md.out" || fail "--format md: no checklist"
grep -q '^=\+$' "$TMP/a.txt.out" || fail "--format txt: no underlined heading"
grep -q '^#' "$TMP/a.txt.out" && fail "--format txt: Markdown headings"

# the extension picks the format
run "$AS_OF" -q "$cv" -o "$TMP/x.md"
expect_rc 0 "-o x.md"
cmp -s "$TMP/x.md" "$TMP/a.md.out" || fail "-o x.md is not the --format md output"
run "$AS_OF" -q "$cv" -o "$TMP/x.txt"
cmp -s "$TMP/x.txt" "$TMP/a.txt.out" || fail "-o x.txt is not the --format txt output"

# stdout, bad value, output onto the input
run "$AS_OF" -q --format md "$cv" -o -
expect_rc 0 "--format md -o -"
cmp -s "$out" "$TMP/a.md.out" || fail "--format md -o - differs from the file"
run --format html "$cv" -o "$TMP/y.html"
expect_rc 2 "--format html"
cp "$cv" "$TMP/cv.docx"
run "$AS_OF" -q --format md "$TMP/cv.docx" -o "$TMP/cv.docx"
expect_rc 3 "--format md onto the input"
cmp -s "$cv" "$TMP/cv.docx" || fail "the input was overwritten"
finish
