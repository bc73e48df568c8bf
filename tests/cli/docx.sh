#!/usr/bin/env bash
# docx.sh - bad DOCX input from the command line: each hostile file (made at
# test time by tests/hostile/make-docx.py) gets exit 1 and exactly one line
# on stderr naming the file and the reason, fast and within a memory bound;
# nothing is written outside the working folder.
. "$(dirname "$0")/lib.sh"

if ! command -v python3 >/dev/null 2>&1; then
  fail "python3 is needed to generate the hostile DOCX cases"
  finish
fi
H="$TMP/hostile"
python3 "$TOP/tests/hostile/make-docx.py" "$H" || fail "make-docx.py failed"

# brun FILE: 10 s and 1 GiB of address space at most, run inside $TMP/work
# (an ASan build reserves terabytes of shadow memory: no -v limit there)
mkdir -p "$TMP/work"
vlimit=1048576
ldd "$PREPGEN" 2>/dev/null | grep -q libasan && vlimit=unlimited
brun() {
  out="$TMP/out" err="$TMP/err"
  ( cd "$TMP/work" && ulimit -v "$vlimit" &&
    timeout -s KILL 10 "$PREPGEN" --dump=doc "$1" >"$out" 2>"$err" </dev/null )
  rc=$?
}

# bad FILE REGEX: exit 1, one stderr line "prepgen: FILE: ...REGEX..."
bad() {
  local f="$H/$1"
  brun "$f"
  expect_rc 1 "$1"
  expect_err_lines 1 "$1"
  expect_err "^prepgen: $f: .*$2" "$1 message"
  grep -q "root:x:0:0" "$out" "$err" && fail "$1: leaked /etc/passwd"
}

bad zipbomb.docx 'word/document.xml declares [0-9]+ bytes, past the 32 MiB limit'
bad size-lie.docx 'word/document.xml inflates past its declared size'
bad xxe.docx 'word/document.xml contains a DTD, which DOCX never uses; refusing it'
bad billion-laughs.docx 'contains a DTD'
bad truncated.docx 'the ZIP structure is damaged \(truncated or corrupt\)'
bad legacy-doc.docx 'legacy Word .doc file'
bad pdf-renamed.docx 'this is a PDF file'
bad deep-nesting.docx 'nests elements deeper than 128 levels'
bad attribute-flood.docx 'has an element with more than 256 attributes'
bad encrypted.docx 'encrypted DOCX files are not supported'
bad crc.docx 'fails its CRC check'
bad rels-traversal.docx 'escapes the package'
bad duplicate-names.docx 'two entries'
bad duplicate-case.docx 'two entries named word/document.xml'
bad no-word.docx 'this ZIP file holds no Word document \(no officeDocument relationship or word/document.xml\)'
bad empty.docx 'the file is empty'
bad malformed.docx 'word/document.xml is not well-formed XML \(line 4\)'

# the good ones
brun "$H/valid.docx"
expect_rc 0 "valid"
expect_out "Sam Example" "valid text"

brun "$H/traversal-names.docx"
expect_rc 0 "traversal names are ignored"
expect_out "Sam Example" "traversal text"
for f in /tmp/prepgen-evil-abs.txt "$TMP/prepgen-evil.sh" "$TMP/prepgen-evil-mid.txt" \
         "$TMP/work/../../prepgen-evil.sh"; do
  [ -e "$f" ] && fail "traversal entry was written: $f"
done

brun "$H/plaintext.docx"
expect_rc 0 "plain text named .docx"
expect_err "warning: .*plain text" "plain text warning"

# the reader never prints CV text in a message
brun "$H/crc.docx"
grep -q "Sam Example" "$err" && fail "CV text in an error message"

finish
