#!/usr/bin/env bash
# pack.sh - the PDF prep pack through real tools (issue 6; owner: pack).
#
# For a DOCX and text samples with Latin, Cyrillic, Greek, Vietnamese and
# CJK names: qpdf --check is clean, every font is embedded, pdftotext finds
# the name exactly as in the CV (samples/truth), every primary question
# starts its own page in rank order with the STAR labels in order, poppler
# prints no warning, A4 and Letter are the sizes asked for, two runs are
# byte-identical, the PDF is at most 400 KB, practice questions come two to
# a page and no temporary file is left behind.  Then the output
# rules: -o onto the input and into a missing folder fail with exit 3, and
# -o - writes to a pipe.  Needs qpdf and poppler-utils; python3 reads the
# truth files.
. "$(dirname "$0")/lib.sh"
for tool in qpdf pdftotext pdffonts pdfinfo pdftoppm python3; do
  command -v "$tool" >/dev/null || { echo "pack.sh: $tool missing, skipped"; exit 0; }
done
cd "$TOP" || exit 1

AS_OF=--as-of=2026-10

truth_name() { # the name as written in the CV, from samples/truth
  python3 -c 'import json,sys; print(json.load(open(sys.argv[1]))["basics"]["name"])' \
    "samples/truth/${1%.*}.json"
}

check_pack() { # SAMPLE PAPER
  local cv=samples/$1 paper=$2 dir="$TMP/$1.$2" pdf
  mkdir -p "$dir"
  pdf="$dir/pack.pdf"
  run "$AS_OF" --paper "$paper" -q "$cv" -o "$pdf"
  expect_rc 0 "$1 ($paper): pack"
  [ -s "$pdf" ] || { fail "$1: no PDF written"; return; }
  # valid PDF, every font embedded, no poppler warning
  qpdf --check "$pdf" >"$TMP/qpdf" 2>&1 || fail "$1: qpdf --check: $(tail -n 3 "$TMP/qpdf")"
  grep -q "No syntax or stream encoding errors" "$TMP/qpdf" ||
    fail "$1: qpdf --check is not clean"
  pdffonts "$pdf" >"$TMP/fonts" 2>"$TMP/fonts.err"
  [ -s "$TMP/fonts.err" ] && fail "$1: pdffonts warns: $(head -c 200 "$TMP/fonts.err")"
  awk 'NR > 2 && $(NF-4) != "yes" { bad = 1 } END { exit bad }' "$TMP/fonts" ||
    fail "$1: a font is not embedded: $(cat "$TMP/fonts")"
  pdftotext -layout "$pdf" "$TMP/all.txt" 2>"$TMP/txt.err"
  [ -s "$TMP/txt.err" ] && fail "$1: pdftotext warns: $(head -c 200 "$TMP/txt.err")"
  pdftoppm -r 20 -f 1 -l 3 -png "$pdf" "$TMP/pg" 2>"$TMP/ppm.err"
  [ -s "$TMP/ppm.err" ] && fail "$1: pdftoppm warns: $(head -c 200 "$TMP/ppm.err")"
  rm -f "$TMP"/pg*.png
  # the name exactly as in the CV
  local name
  name=$(truth_name "$1")
  grep -qF -- "$name" "$TMP/all.txt" || fail "$1: the name '$name' is not in the PDF text"
  # page size
  local size
  size=$(pdfinfo "$pdf" 2>/dev/null | sed -n 's/^Page size: *//p')
  case $paper in
  a4) case $size in "595.276 x 841.89 pts (A4)"*) ;; *) fail "$1: A4 asked, got '$size'" ;; esac ;;
  letter) case $size in "612 x 792 pts (letter)"*) ;; *) fail "$1: Letter asked, got '$size'" ;; esac ;;
  esac
  # issue 6's size budget
  [ "$(wc -c <"$pdf")" -le $((400 * 1024)) ] ||
    fail "$1: the PDF is over 400 KB ($(wc -c <"$pdf") bytes)"
  # reproducible, and nothing left behind in the folder
  "$PREPGEN" "$AS_OF" --paper "$paper" -q "$cv" -o "$dir/again.pdf" </dev/null ||
    fail "$1: second run failed"
  cmp -s "$pdf" "$dir/again.pdf" || fail "$1: two runs are not byte-identical"
  local left
  left=$(ls -A "$dir" | grep -v -e '^pack\.pdf$' -e '^again\.pdf$' || true)
  [ -z "$left" ] || fail "$1: files left behind: $left"
  # every primary question starts a page, in rank order, STAR labels in order
  local npages
  npages=$(pdfinfo "$pdf" 2>/dev/null | sed -n 's/^Pages: *//p')
  # one line per page: "N<TAB>text" (pdftotext ends each page with \f)
  pdftotext -q "$pdf" - 2>/dev/null |
    awk 'BEGIN { RS = "\f" } NR <= n { gsub(/\n/, " "); print NR "\t" $0 }' \
      n="$npages" >"$TMP/pages.idx"
  [ "$(wc -l <"$TMP/pages.idx")" -eq "$npages" ] ||
    fail "$1: page split: $(wc -l <"$TMP/pages.idx") of $npages pages"
  "$PREPGEN" "$AS_OF" -q --dump=plan "$cv" </dev/null |
    awk '$4 == "primary" { print $1, $2 }' >"$TMP/primary"
  [ -s "$TMP/primary" ] || fail "$1: the plan has no primary question"
  local last=0 q id first
  while read -r q id; do
    # the page whose running header names this question first
    first=$(grep -F -- "$q · $id" "$TMP/pages.idx" | head -n 1 | cut -f1)
    if [ -z "$first" ]; then
      fail "$1: primary question $q $id has no page"
      continue
    fi
    [ "$first" -gt "$last" ] || fail "$1: $q $id is out of page order (page $first)"
    [ "$(grep -cF -- "$q · $id" "$TMP/pages.idx")" -eq 1 ] ||
      fail "$1: $q $id does not fit on one page"
    last=$first
    local text
    text=$(grep "^$first	" "$TMP/pages.idx" | cut -f2-)
    # it starts the page: its heading is the first thing after the header
    case $text in
    *"$q  "*|*"$q "*) ;;
    *) fail "$1: page $first does not show the heading of $q" ;;
    esac
    python3 - "$text" "$q" <<'EOF' || fail "$1: $q $id: STAR labels missing or out of order on page $first"
import sys
t, q = sys.argv[1], sys.argv[2]
# nothing of the question before it on the page: its heading comes before
# the STAR boxes, which come in order
pos = [t.find(w) for w in ("SITUATION", "TASK", "ACTION", "RESULT")]
h = t.find(q + " ")
sys.exit(0 if h >= 0 and all(p >= 0 for p in pos) and h < pos[0] and pos == sorted(pos) else 1)
EOF
  done <"$TMP/primary"
  # practice questions two to a page: a page whose header names "Qa | Qb"
  # shows both headings, in that order
  local np=0 pg hdr qa qb
  while IFS=$'\t' read -r pg hdr; do
    qa=$(printf '%s' "$hdr" | sed -n 's/.*\(Q[0-9][0-9]*\) | \(Q[0-9][0-9]*\).*/\1/p')
    qb=$(printf '%s' "$hdr" | sed -n 's/.*\(Q[0-9][0-9]*\) | \(Q[0-9][0-9]*\).*/\2/p')
    [ -n "$qa" ] && [ -n "$qb" ] || continue
    np=$((np + 1))
    python3 - "$hdr" "$qa" "$qb" <<'EOF2' || fail "$1: page $pg does not hold practice questions $qa and $qb"
import sys
t, a, b = sys.argv[1], sys.argv[2], sys.argv[3]
h = t.find(a + " | " + b)
t = t[h + len(a + " | " + b):] if h >= 0 else ""
i, j = t.find(a + " "), t.find(b + " ")
sys.exit(0 if 0 <= i < j else 1)
EOF2
  done < <(grep -E '^[0-9]+	Practice' "$TMP/pages.idx")
  [ "$np" -gt 0 ] || fail "$1: no page with two practice questions"
}

check_pack 01-backend-senior-libreoffice.docx a4
check_pack 01-backend-senior-libreoffice.docx letter
check_pack 07-mobile-ios-pandoc.docx a4
check_pack 09-ml-cjk-pythondocx.docx letter
check_pack 10-security-vi-docxjs.docx a4
check_pack 13-backend-go-utf8bom-crlf.txt a4
check_pack 14-newgrad-utf16le.txt letter

# --dump=layout is stable text
run "$AS_OF" --paper a4 --dump=layout samples/01-backend-senior-libreoffice.docx
expect_rc 0 "--dump=layout"
expect_out '^# prepgen layout v1' "--dump=layout header"

# --days sizes the plan page
for d in 1 3 14; do
  run "$AS_OF" --days "$d" -q --dump=layout samples/01-backend-senior-libreoffice.docx
  expect_rc 0 "--days $d"
done
grep -q "Day 14 " "$out" || fail "--days 14: no 'Day 14' on the plan page"
run --days 0 samples/01-backend-senior-libreoffice.docx -o "$TMP/x.pdf"
expect_rc 2 "--days 0 is a usage error"
run --paper a5 samples/01-backend-senior-libreoffice.docx -o "$TMP/x.pdf"
expect_rc 2 "--paper a5 is a usage error"
run samples/01-backend-senior-libreoffice.docx
expect_rc 2 "a pack without -o"

# the output is never the input
cp samples/13-backend-go-utf8bom-crlf.txt "$TMP/cv.txt"
cp "$TMP/cv.txt" "$TMP/cv.orig"
run "$AS_OF" "$TMP/cv.txt" -o "$TMP/cv.txt"
expect_rc 3 "-o onto the input"
cmp -s "$TMP/cv.txt" "$TMP/cv.orig" || fail "-o onto the input changed the input"
ln -s cv.txt "$TMP/link.pdf"
run "$AS_OF" "$TMP/cv.txt" -o "$TMP/link.pdf"
expect_rc 3 "-o onto a symlink to the input"
cmp -s "$TMP/cv.txt" "$TMP/cv.orig" || fail "-o through a symlink changed the input"
# a missing folder
run "$AS_OF" "$TMP/cv.txt" -o "$TMP/no/such/dir/pack.pdf"
expect_rc 3 "-o into a missing folder"
[ -e "$TMP/no" ] && fail "-o into a missing folder created something"
# a pipe
"$PREPGEN" "$AS_OF" -q "$TMP/cv.txt" -o - </dev/null | cat >"$TMP/piped.pdf"
[ "$(head -c 5 "$TMP/piped.pdf")" = "%PDF-" ] || fail "-o - to a pipe wrote no PDF"
qpdf --check "$TMP/piped.pdf" >/dev/null 2>&1 || fail "-o - to a pipe: qpdf --check fails"
"$PREPGEN" "$AS_OF" -q "$TMP/cv.txt" -o "$TMP/file.pdf" </dev/null
cmp -s "$TMP/piped.pdf" "$TMP/file.pdf" || fail "-o - and -o FILE differ"

# a CV with almost no text: a general pack that says so on its first page
printf 'Curriculum vitae\n' >"$TMP/scan.txt"
run "$AS_OF" "$TMP/scan.txt" -o "$TMP/scan.pdf"
expect_rc 0 "near-empty CV: a general pack"
expect_err "scan.txt: warning: this file has too little text to be a CV" "near-empty warning"
qpdf --check "$TMP/scan.pdf" >/dev/null 2>&1 || fail "near-empty pack: qpdf --check fails"
pdftotext -l 1 "$TMP/scan.pdf" - | tr '\n' ' ' | grep -q "almost no text" ||
  fail "near-empty pack: the first page does not say the CV gave no text"
pdftotext "$TMP/scan.pdf" - | grep -q "before tech" && fail "near-empty pack has stories"

# a career changer: stories from jobs outside tech are marked, the tech
# job's are not
run "$AS_OF" samples/05-fullstack-bootcamp-pandoc.docx -o "$TMP/cc.pdf"
expect_rc 0 "career changer's pack"
pdftotext "$TMP/cc.pdf" "$TMP/cc.txt"
grep -q "Shift Supervisor, Copper Kettle Cafe (2016.2020) . before tech" "$TMP/cc.txt" ||
  fail "career changer: the cafe job is not marked before tech"
grep -q "Junior Full-Stack Developer.*before tech" "$TMP/cc.txt" &&
  fail "career changer: the developer job is marked before tech"
grep -q "come from your work before tech" "$TMP/cc.txt" ||
  fail "career changer: no note on stories from before tech"
finish
