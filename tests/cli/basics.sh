#!/usr/bin/env bash
# basics.sh - --help, --version, usage errors and exit codes.
. "$(dirname "$0")/lib.sh"

run --help
expect_rc 0 "--help"
expect_out '^Usage: prepgen' "--help"
[ -s "$err" ] && fail "--help wrote to stderr"
for code in 0 1 2 3; do expect_out "^  $code  " "--help lists exit code $code"; done

run --version
expect_rc 0 "--version"
[ "$(wc -l <"$out")" -eq 1 ] || fail "--version is one line"
expect_out '^prepgen [0-9]+\.[0-9]+' "--version"

run
expect_rc 2 "no arguments"
expect_err "no CV given" "no arguments"

run --no-such-option x
expect_rc 2 "unknown option"
expect_err "unknown option '--no-such-option'" "unknown option"
expect_err "Try 'prepgen --help'" "unknown option hint"

run --dump=nonsense x
expect_rc 2 "bad dump stage"

run --dump=doc "$TMP/missing.txt"
expect_rc 1 "missing file"
expect_err_lines 1 "missing file"
expect_err "^prepgen: $TMP/missing.txt: cannot open: No such file or directory$" "missing file message"

mkdir "$TMP/dir"
run --dump=doc "$TMP/dir"
expect_rc 1 "directory"
expect_err "is a directory" "directory"

: >"$TMP/empty.txt"
run --dump=doc "$TMP/empty.txt"
expect_rc 1 "empty file"
expect_err "empty.txt: the file is empty" "empty file"

printf '%%PDF-1.4\n%%\xe2\xe3\n1 0 obj\n' >"$TMP/cv.docx"
run --dump=doc "$TMP/cv.docx"
expect_rc 1 "pdf renamed"
expect_err "cv.docx: this is a PDF file" "pdf renamed"

printf '\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1\0\0\0\0' >"$TMP/old.docx"
run --dump=doc "$TMP/old.docx"
expect_rc 1 "legacy doc"
expect_err "legacy Word .doc" "legacy doc"

printf '\x89PNG\r\n\x1a\n' >"$TMP/photo.docx"
run --dump=doc "$TMP/photo.docx"
expect_rc 1 "image"
expect_err "image" "image"

# a file name with control characters is escaped in messages
bad=$(printf '%s/a\033[31mb.txt' "$TMP")
run --dump=doc "$bad"
expect_rc 1 "escape name"
grep -q $'\033' "$err" && fail "control character reached stderr"

# CV text never appears in an error: a text CV with a Word name warns only
printf 'Secret Person\nsecret@example.com\n' >"$TMP/plain.docx"
run --dump=doc "$TMP/plain.docx"
expect_rc 0 "text with docx name"
expect_err "warning: has a Word file name but holds plain text" "text with docx name"
grep -q "Secret" "$err" && fail "CV text in stderr"
finish
