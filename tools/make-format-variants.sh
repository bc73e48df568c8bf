#!/bin/sh
# make-format-variants.sh - one fictional CV in every input format prepgen
# reads, for the golden test "same CV, same facts" (issue 10, point 2).
#
# Usage: tools/make-format-variants.sh OUTDIR [SAMPLE.docx]
#
# Writes into OUTDIR (created if missing), all from SAMPLE (default
# samples/01-backend-senior-libreoffice.docx, an invented person):
#   cv.docx   the sample itself
#   cv.odt    LibreOffice:  soffice --headless --convert-to odt
#   cv.html   LibreOffice:  soffice --headless --convert-to html
#   cv.md     pandoc -t gfm, with the Title/Subtitle/Author/Date that
#             pandoc lifts into metadata put back at the top (the name
#             stays in the body, as in the DOCX).  pandoc drops headers
#             and footers, so a name kept only there is lost in cv.md.
#   cv.txt    LibreOffice:  plain text, UTF-8
#
# Needs LibreOffice and pandoc (the build and the tests do not).  LibreOffice
# runs with a private profile in a temporary folder, so it neither touches
# the user's profile nor collides with another soffice running meanwhile.
# Output is not byte-stable across LibreOffice versions; compare dumps or
# facts, not bytes.
set -eu

usage() {
  echo "usage: $0 OUTDIR [SAMPLE.docx]" >&2
  exit 2
}

if [ $# -lt 1 ] || [ $# -gt 2 ]; then usage; fi
out=$1
here=$(cd "$(dirname "$0")/.." && pwd)
sample=${2:-$here/samples/01-backend-senior-libreoffice.docx}
[ -f "$sample" ] || { echo "$0: $sample: no such file" >&2; exit 1; }
for tool in soffice pandoc; do
  command -v $tool >/dev/null 2>&1 ||
    { echo "$0: $tool is needed (apt-get install libreoffice-writer pandoc)" >&2; exit 1; }
done

mkdir -p "$out"
out=$(cd "$out" && pwd)
tmp=$(mktemp -d "${TMPDIR:-/tmp}/prepgen-variants.XXXXXX")
trap 'rm -rf "$tmp"' EXIT INT TERM

cp "$sample" "$tmp/cv.docx"
cp "$sample" "$out/cv.docx"

lo() { # lo FILTER EXT: convert $tmp/cv.docx with LibreOffice into $out/cv.EXT
  timeout 180 soffice -env:UserInstallation="file://$tmp/profile" \
    --headless --norestore --convert-to "$1" --outdir "$tmp/lo" \
    "$tmp/cv.docx" >"$tmp/soffice.log" 2>&1 ||
    { cat "$tmp/soffice.log" >&2; echo "$0: soffice failed ($1)" >&2; exit 1; }
  mv "$tmp/lo/cv.$2" "$out/cv.$2"
}

lo odt odt
lo html html
lo 'txt:Text (encoded):UTF8' txt

# pandoc moves the Title, Subtitle, Author and Date paragraphs into the
# metadata, and gfm output has no metadata: a small Lua filter puts them
# back at the top, as the DOCX shows them.
cat >"$tmp/meta.lua" <<'EOF'
function Pandoc(doc)
  local m, top = doc.meta, {}
  if m.title then
    top[#top + 1] = pandoc.Header(1, pandoc.utils.stringify(m.title))
  end
  if m.subtitle then
    top[#top + 1] = pandoc.Para(pandoc.utils.stringify(m.subtitle))
  end
  local authors = m.author
  if authors and authors.t ~= 'MetaList' then authors = {authors} end
  for _, a in ipairs(authors or {}) do
    top[#top + 1] = pandoc.Para(pandoc.utils.stringify(a))
  end
  if m.date then
    top[#top + 1] = pandoc.Para(pandoc.utils.stringify(m.date))
  end
  for i = #top, 1, -1 do table.insert(doc.blocks, 1, top[i]) end
  doc.meta = {}
  return doc
end
EOF
pandoc --wrap=none --lua-filter="$tmp/meta.lua" -t gfm -o "$out/cv.md" \
  "$tmp/cv.docx"

ls -l "$out"
