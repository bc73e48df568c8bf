#!/usr/bin/env bash
# text.sh - the plain-text reader from the command line: odd files get one
# clear error line naming the file and a non-zero exit; encodings and
# misnamed files are read with a warning.  Inputs are made here.
. "$(dirname "$0")/lib.sh"

# run with a time limit: a FIFO or /dev/zero must never hang the reader
trun() {
  out="$TMP/out" err="$TMP/err"
  timeout -s KILL 10 "$PREPGEN" "$@" >"$out" 2>"$err" </dev/null
  rc=$?
}

mkfifo "$TMP/cv.txt"
trun --dump=doc "$TMP/cv.txt"
expect_rc 1 "fifo"
expect_err_lines 1 "fifo"
expect_err "^prepgen: $TMP/cv.txt: .*not a regular file" "fifo message"

trun --dump=doc /dev/zero
expect_rc 1 "/dev/zero"
expect_err "^prepgen: /dev/zero: .*not a regular file" "/dev/zero message"

mkdir "$TMP/folder.txt"
trun --dump=doc "$TMP/folder.txt"
expect_rc 1 "directory"
expect_err "folder.txt: is a directory" "directory message"

: >"$TMP/empty.txt"
trun --dump=doc "$TMP/empty.txt"
expect_rc 1 "empty"
expect_err "empty.txt: the file is empty" "empty message"

printf ' \n\t\r\n\n   \n' >"$TMP/blank.txt"
trun --dump=doc "$TMP/blank.txt"
expect_rc 1 "blank"
expect_err_lines 1 "blank"
expect_err "blank.txt: the file holds no text" "blank message"

head -c $((3 * 1024 * 1024)) /dev/zero | tr '\0' 'a' | fold -w 70 >"$TMP/big.txt"
trun --dump=doc "$TMP/big.txt"
expect_rc 1 "3 MiB text"
expect_err_lines 1 "3 MiB text"
expect_err "big.txt: .*larger than the 2 MiB limit" "3 MiB message"

head -c 8192 /dev/urandom >"$TMP/noise.txt"
# make sure no magic number turns it into another format
printf 'x' | dd of="$TMP/noise.txt" bs=1 count=1 conv=notrunc 2>/dev/null
trun --dump=doc "$TMP/noise.txt"
expect_rc 1 "binary"
expect_err "noise.txt: this looks like a binary file, not text" "binary message"

printf '%%PDF-1.7\n1 0 obj\n<< /Type /Catalog >>\nendobj\n%%%%EOF\n' >"$TMP/cv-pdf.txt"
trun --dump=doc "$TMP/cv-pdf.txt"
expect_rc 1 "pdf renamed .txt"
expect_err "cv-pdf.txt: this is a PDF file" "pdf renamed .txt message"

printf 'Jane Doe\nEXPERIENCE\n- Built things\n' >"$TMP/cv-text.docx"
trun --dump=doc "$TMP/cv-text.docx"
expect_rc 0 "text renamed .docx"
expect_err "cv-text.docx: warning: .*plain text" "text renamed .docx warning"
expect_out '^heading L1 --C------- body l2 \| EXPERIENCE$' "text renamed .docx read"
expect_out '^item L0 ------L--- body l3 \| Built things$' "text renamed .docx item"

printf 'Ren\xe9e Dupont\nD\xe9veloppeuse \x80\n' >"$TMP/latin.txt"
trun --dump=doc "$TMP/latin.txt"
expect_rc 0 "cp1252"
expect_err "latin.txt:1: warning: not valid UTF-8; read as Windows-1252" "cp1252 warning"
expect_out '^# encoding: windows-1252$' "cp1252 encoding"
expect_out 'l1 \| Renée Dupont$' "cp1252 text"
expect_out 'l2 \| Développeuse €$' "cp1252 euro"

printf '\xff\xfeJ\0a\0n\0e\0\r\0\n\0' >"$TMP/wide.txt"
trun --dump=doc "$TMP/wide.txt"
expect_rc 0 "utf-16"
[ -s "$err" ] && fail "utf-16 with BOM wrote to stderr"
expect_out '^# encoding: UTF-16LE$' "utf-16 encoding"
expect_out 'l1 \| Jane$' "utf-16 text"

# CV text never appears in a message
printf 'Secret\x01\x02\x03\x04\x05\x06\x07\x0e\x0f\x10\x11\x12\x13\x14\x15\x16\x17\n' >"$TMP/ctl.txt"
trun --dump=doc "$TMP/ctl.txt"
expect_rc 1 "control bytes"
grep -q Secret "$err" && fail "CV text leaked into a message"

finish
