#!/bin/sh
# make.sh — regenerate the held-out CVs in tests/heldout/cvs/ from tests/heldout/src/.
#
# Owner: tests/heldout (held-out extraction check).  Not part of the build: the
# generated CVs are committed.  Reuses the sample tooling in tools/samples-src/
# (fixdocx.py, text/encode.py, python-docx/common.py, node_modules for `docx`).
# Every DOCX is rewritten so that zip timestamps and docProps/core.xml
# created/modified are 2026-10-01T09:00:00Z; running this twice gives
# byte-identical files.  Use --as-of 2026-10 for everything (the truth files say so).
#
# Needs: soffice, pandoc, node (+ npm once), Debian python3-docx, python3.
# usage: tests/heldout/make.sh [--check]     --check also verifies truth vs. text
set -eu

ROOT=$(cd "$(dirname "$0")/../.." && pwd)
HO=$ROOT/tests/heldout
SRC=$HO/src
OUT=$HO/cvs
TOOLS=$ROOT/tools/samples-src
FIXED=2026-10-01T09:00:00Z
SOURCE_DATE_EPOCH=1790845200
TZ=UTC
PYTHONDONTWRITEBYTECODE=1
export SOURCE_DATE_EPOCH TZ PYTHONDONTWRITEBYTECODE
PY=${PYTHON:-python3}
PYDOCX=${PYDOCX_PYTHON:-/usr/bin/python3}

die() { echo "heldout/make.sh: $*" >&2; exit 1; }
for t in soffice pandoc node; do command -v $t >/dev/null 2>&1 || die "$t not found"; done
"$PYDOCX" -c 'import docx' 2>/dev/null || die "python-docx not importable by $PYDOCX"
if [ ! -d "$TOOLS/node_modules/docx" ]; then
    (cd "$TOOLS" && npm ci --no-audit --no-fund >/dev/null) || die "npm ci failed in $TOOLS"
fi

TMP=$(mktemp -d)
trap 'rm -rf "$TMP"' EXIT INT TERM
mkdir -p "$OUT"

fix() { "$PY" "$TOOLS/fixdocx.py" "$1" --modified "$FIXED" --author "$2"; }

lo() {  # lo SRC OUTNAME AUTHOR
    soffice -env:UserInstallation="file://$TMP/lo-profile" --headless \
        --convert-to 'docx:MS Word 2007 XML' --outdir "$TMP/lo" "$SRC/libreoffice/$1" >/dev/null 2>&1 \
        || die "soffice failed on $1"
    base=${1%.*}
    [ -f "$TMP/lo/$base.docx" ] || die "soffice wrote no $base.docx"
    mv "$TMP/lo/$base.docx" "$OUT/$2"
    fix "$OUT/$2" "$3"
}
pd() {  # pd SRC OUTNAME AUTHOR
    pandoc -f markdown-smart -t docx -o "$OUT/$2" "$SRC/pandoc/$1" || die "pandoc failed on $1"
    fix "$OUT/$2" "$3"
}
pyd() {  # pyd SCRIPT OUTNAME AUTHOR
    (cd "$SRC/python-docx" && PYTHONPATH="$TOOLS/python-docx" "$PYDOCX" "$1" "$OUT/$2") || die "python-docx script $1 failed"
    fix "$OUT/$2" "$3"
}
js() {  # js SCRIPT OUTNAME AUTHOR
    NODE_PATH="$TOOLS/node_modules" node "$SRC/docxjs/$1" "$OUT/$2" || die "node script $1 failed"
    fix "$OUT/$2" "$3"
}
enc() {  # enc SRC OUTNAME ENCODING [--bom] [--crlf]
    s=$1; o=$2; e=$3; shift 3
    "$PY" "$TOOLS/text/encode.py" "$SRC/text/$s" "$OUT/$o" "$e" "$@" || die "encoding $s failed"
}

pyd h01-backend-us-dense.py        h01-backend-us-dense-pythondocx.docx     "Brandon T. Kowalczyk"
lo  h02-fullstack-nl-photo.html    h02-fullstack-nl-photo-libreoffice.docx  "Sanne de Vries"
enc h03-datasci-linkedin.txt       h03-datasci-linkedin-utf8.txt            utf-8
enc h04-devops-markdownish.txt     h04-devops-markdownish-utf8.txt          utf-8
js  h05-backend-de.js              h05-backend-de-docxjs.docx               "Jonas Weißenfels"
enc h06-dataeng-india.txt          h06-dataeng-india-utf16le.txt            utf-16-le --bom --crlf
enc h07-dataanalysis-uk.txt        h07-dataanalysis-uk-cp1252.txt           cp1252 --crlf
pd  h08-datasci-academic.md        h08-datasci-academic-pandoc.docx         "Ingrid M. Halvorsen"
js  h09-qa-nurse.js                h09-qa-nurse-docxjs.docx                 "Maribel Santos"
pd  h10-dataanalyst-teacher.md     h10-dataanalyst-teacher-pandoc.docx      "Nadia Haddad"
enc h11-frontend-retail-bootcamp.txt h11-frontend-retail-bootcamp-utf8bom-crlf.txt utf-8 --bom --crlf
lo  h12-backend-staff.fodt         h12-backend-staff-libreoffice.docx       "Yusuf Demir"
pyd h13-mobile-appstore.py         h13-mobile-appstore-pythondocx.docx      "Park Hye-jin"
enc h14-security-au.txt            h14-security-au-cp1252.txt               cp1252
js  h15-ml-publications.js         h15-ml-publications-docxjs.docx          "Tobias Ekström"
lo  h16-devops-oncall.html         h16-devops-oncall-libreoffice.docx       "Olga Petrenko"
pyd h17-engmanager.py              h17-engmanager-pythondocx.docx           "Adaeze Nwosu-Clarke"
enc h18-dataeng.txt                h18-dataeng-utf16le.txt                  utf-16-le --bom
pd  h19-newgrad-internships.md     h19-newgrad-internships-pandoc.docx      "Santiago Morales"
lo  h20-frontend-es.fodt           h20-frontend-es-libreoffice.docx         "Lucía Navarro Gil"
pyd h21-mobile-ie-twocolumn.py     h21-mobile-ie-twocolumn-pythondocx.docx  "Ciarán Ó Dálaigh"
js  h22-ml-ca-bilingual.js         h22-ml-ca-bilingual-docxjs.docx          "Geneviève Tremblay-Nguyen"
enc h23-backend-pl.txt             h23-backend-pl-utf16be.txt               utf-16-be --bom
enc h24-fullstack-contractor-uk.txt h24-fullstack-contractor-uk-cp1252-crlf.txt cp1252 --crlf
pd  h25-qa-automation-pt.md        h25-qa-automation-pt-pandoc.docx         "Inês Carvalho Magalhães"
pyd h26-backend-firmware-textbox.py h26-backend-firmware-textbox-pythondocx.docx "Aino Lindroos"
lo  h27-frontend-designer.html     h27-frontend-designer-libreoffice.docx   "Imogen Faulkner-Saito"
lo  h28-dataanalyst-healthcare.fodt h28-dataanalyst-healthcare-libreoffice.docx "Johanna Reyes Thorsen"
js  h29-sre-staff-talks.js         h29-sre-staff-talks-docxjs.docx          "Leonie Brandt"
enc h30-security-emoji.txt         h30-security-emoji-utf8.txt              utf-8

if [ "${1:-}" = "--check" ]; then
    # check-truth.py wants SAMPLES/ with SAMPLES/truth/: give it a linked view.
    mkdir -p "$TMP/view"
    for f in "$OUT"/*; do ln -s "$f" "$TMP/view/"; done
    ln -s "$HO/truth" "$TMP/view/truth"
    "$PY" "$TOOLS/check-truth.py" "$TMP/view"
fi
echo "heldout/make.sh: wrote $(ls "$OUT" | grep -c -E '\.(docx|txt)$') CVs to $OUT"
