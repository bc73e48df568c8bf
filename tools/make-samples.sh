#!/bin/sh
# make-samples.sh — regenerate every sample CV in samples/ from tools/samples-src/.
#
# Owner: samples (fictional sample CVs).  Not part of the build: the generated
# files are committed, so `make` and `make check` never need LibreOffice, node or
# python-docx.  Run this only after editing a source in tools/samples-src/.
#
# Needs: soffice (LibreOffice), pandoc, node + npm (the `docx` package is
# installed into tools/samples-src/node_modules from package-lock.json),
# Debian's python3-docx under /usr/bin/python3, and python3 for the fix-ups.
#
# Reproducible: SOURCE_DATE_EPOCH is fixed, and every DOCX is rewritten by
# samples-src/fixdocx.py so its zip timestamps and docProps/core.xml
# dcterms:created/modified are 2026-10-01T09:00:00Z whatever the producer wrote.
#
# usage: tools/make-samples.sh [--check]
#   --check  also verify every truth file against its sample (check-truth.py)
set -eu

ROOT=$(cd "$(dirname "$0")/.." && pwd)
SRC=$ROOT/tools/samples-src
OUT=$ROOT/samples
FIXED=2026-10-01T09:00:00Z
SOURCE_DATE_EPOCH=1790845200   # = $FIXED
export SOURCE_DATE_EPOCH
TZ=UTC
export TZ
PYTHONDONTWRITEBYTECODE=1
export PYTHONDONTWRITEBYTECODE
PY=${PYTHON:-python3}
PYDOCX=${PYDOCX_PYTHON:-/usr/bin/python3}   # Debian python3-docx lives here

die() { echo "make-samples: $*" >&2; exit 1; }
need() { command -v "$1" >/dev/null 2>&1 || die "$1 not found ($2)"; }
need soffice "apt-get install libreoffice-writer"
need pandoc "apt-get install pandoc"
need node "apt-get install nodejs npm"
"$PYDOCX" -c 'import docx' 2>/dev/null || die "python-docx not importable by $PYDOCX (apt-get install python3-docx)"

if [ ! -d "$SRC/node_modules/docx" ]; then
    (cd "$SRC" && npm ci --no-audit --no-fund >/dev/null) || die "npm ci failed in $SRC"
fi

TMP=$(mktemp -d)
trap 'rm -rf "$TMP"' EXIT INT TERM
mkdir -p "$OUT" "$OUT/truth"

fix() {  # fix FILE.docx AUTHOR
    "$PY" "$SRC/fixdocx.py" "$1" --modified "$FIXED" --author "$2"
}

# --- LibreOffice: HTML / flat ODT -> DOCX --------------------------------
# A private profile keeps this from colliding with any other soffice.
lo() {  # lo SRC OUTNAME AUTHOR
    soffice -env:UserInstallation="file://$TMP/lo-profile" --headless \
        --convert-to 'docx:MS Word 2007 XML' --outdir "$TMP/lo" "$SRC/libreoffice/$1" >/dev/null 2>&1 \
        || die "soffice failed on $1"
    base=${1%.*}
    [ -f "$TMP/lo/$base.docx" ] || die "soffice wrote no $base.docx"
    mv "$TMP/lo/$base.docx" "$OUT/$2"
    fix "$OUT/$2" "$3"
}
lo 01-backend-senior.html 01-backend-senior-libreoffice.docx "Pieter van der Berg"
lo 02-frontend.html       02-frontend-libreoffice.docx       "Zoë Lindqvist"
lo 03-devops-sre.html     03-devops-sre-libreoffice.docx     "Łukasz Wiśniewski"
lo 04-dataeng-de.fodt     04-dataeng-de-libreoffice.docx     "Katharina Öztürk"

# --- pandoc: Markdown -> DOCX ---------------------------------------------
pd() {  # pd SRC OUTNAME AUTHOR
    pandoc -f markdown-smart -t docx -o "$OUT/$2" "$SRC/pandoc/$1" || die "pandoc failed on $1"
    fix "$OUT/$2" "$3"
}
pd 05-fullstack-bootcamp.md 05-fullstack-bootcamp-pandoc.docx "Jordan Hall"
pd 06-datasci-phd.md        06-datasci-phd-pandoc.docx        "Amara Okafor"
pd 07-mobile-ios.md         07-mobile-ios-pandoc.docx         "Дмитрий Соколов"
pd 16-mobile-android-es.md  16-mobile-android-es-pandoc.docx  "María José Fernández Ríos"

# --- python-docx ------------------------------------------------------------
pyd() {  # pyd SCRIPT OUTNAME AUTHOR
    (cd "$SRC/python-docx" && "$PYDOCX" "$1" "$OUT/$2") || die "python-docx script $1 failed"
    fix "$OUT/$2" "$3"
}
pyd 08-qa-allcaps.py  08-qa-allcaps-pythondocx.docx  "Margaret O'Connell"
pyd 09-ml-cjk.py      09-ml-cjk-pythondocx.docx      "Wang Xiaoming"
pyd 17-tricky-revisions.py 17-tricky-revisions-pythondocx.docx "Rosalind Achterberg"

# --- npm docx ---------------------------------------------------------------
js() {  # js SCRIPT OUTNAME AUTHOR
    NODE_PATH="$SRC/node_modules" node "$SRC/docxjs/$1" "$OUT/$2" || die "node script $1 failed"
    fix "$OUT/$2" "$3"
}
js 10-security-vi.js  10-security-vi-docxjs.docx  "Nguyễn Thị Thu Hà"
js 11-management.js   11-management-docxjs.docx   "Tomás Echeverría"
js 18-tricky-headeronly.js 18-tricky-headeronly-docxjs.docx "Kwame Mensah-Boateng"

# --- plain text in several encodings ------------------------------------
enc() {  # enc SRC OUTNAME ENCODING [FLAGS]
    s=$1; o=$2; e=$3; shift 3
    "$PY" "$SRC/text/encode.py" "$SRC/text/$s" "$OUT/$o" "$e" "$@" || die "encoding $s failed"
}
enc 12-dataanalysis.txt  12-dataanalysis-utf8.txt        utf-8
enc 13-backend-go.txt    13-backend-go-utf8bom-crlf.txt  utf-8 --bom --crlf
enc 14-newgrad.txt       14-newgrad-utf16le.txt          utf-16-le --bom
enc 15-frontend-fr.txt   15-frontend-fr-cp1252.txt       cp1252 --crlf
enc 19-tricky-linkedin.txt  19-tricky-linkedin-utf16le-nobom.txt utf-16-le
enc 20-tricky-cr-only.txt   20-tricky-cr-only-cp1252.txt  cp1252
enc 21-tricky-skills.txt    21-tricky-skills-utf8.txt     utf-8
# 20 uses lone CR line ends (classic Mac): convert after encoding.
"$PY" -c 'import sys; p=sys.argv[1]; d=open(p,"rb").read(); open(p,"wb").write(d.replace(b"\n", b"\r"))' \
    "$OUT/20-tricky-cr-only-cp1252.txt"

if [ "${1:-}" = "--check" ]; then
    "$PY" "$SRC/check-truth.py" "$OUT"
fi
echo "make-samples: wrote $(ls "$OUT" | grep -c -E '\.(docx|txt)$') samples to $OUT"
