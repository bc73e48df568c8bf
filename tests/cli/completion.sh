#!/usr/bin/env bash
# completion.sh - completion/prepgen.bash: options, role ids, fixed values
# and files, driven the way bash drives it (COMP_WORDS, COMP_CWORD).
. "$(dirname "$0")/lib.sh"
shopt -s extglob
# shellcheck source=../../completion/prepgen.bash
. "$TOP/completion/prepgen.bash" || { fail "completion/prepgen.bash does not load"; finish; }
complete -p prepgen >/dev/null 2>&1 || fail "no completion registered for prepgen"

# comp WORD...: completes the last word; the replies, one a line, in $TMP/c
comp() {
  COMP_WORDS=("$PREPGEN" "$@")
  COMP_CWORD=$((${#COMP_WORDS[@]} - 1))
  COMPREPLY=()
  _prepgen
  : >"$TMP/c"
  [ "${#COMPREPLY[@]}" -eq 0 ] || printf '%s\n' "${COMPREPLY[@]}" >"$TMP/c"
}
has() { grep -qxF -- "$1" "$TMP/c" || fail "$2: '$1' not offered ($(tr '\n' ' ' <"$TMP/c"))"; }
hasnt() { ! grep -qxF -- "$1" "$TMP/c" || fail "$2: '$1' offered"; }
only() {
  local got; got=$(sort "$TMP/c" | tr '\n' ' ')
  [ "$got" = "$1" ] || fail "$2: got '$got', expected '$1'"
}

# options, from --help
comp --
for o in --output --facts --plan --role --level --paper --input-format \
  --list-roles --data-dir --cohort-report --help --version; do
  has "$o" "options"
done
comp --pa
only "--paper " "--pa"
comp -
has -o "short options"
has -q "short options"

# role ids from --list-roles (not the shared core)
"$PREPGEN" --list-roles >"$TMP/roles" 2>/dev/null || fail "--list-roles failed"
comp --role ""
has backend "--role"
has frontend "--role"
hasnt core "--role"
hasnt ROLE "--role (header)"
n=$(awk 'NR > 1 && $1 != "core"' "$TMP/roles" | wc -l)
[ "$(wc -l <"$TMP/c")" -eq "$n" ] || fail "--role: $(wc -l <"$TMP/c") ids, --list-roles has $n"
comp --role ba
only "backend " "--role ba"
# a bank on the line adds its role
comp --bank "$TOP/tests/fixtures/banks/custom-role.xml" --role ""
id=$(grep -oE '<role[^>]* id="[^"]+"' "$TOP/tests/fixtures/banks/custom-role.xml" | head -n1 | sed 's/.*id="//; s/"$//')
[ -z "$id" ] || has "$id" "--role with --bank"
# --data-dir on the line is honoured: a folder without banks gives none
comp --data-dir "$TMP" --role ""
[ ! -s "$TMP/c" ] || fail "--role with an empty --data-dir offered $(tr '\n' ' ' <"$TMP/c")"

# fixed values
comp --paper ""
only "a4 letter " "--paper"
comp --level s
only "senior staff " "--level s"
comp --input-format ""
only "docx html json md odt text " "--input-format"
comp --dump ""
only "doc facts layout plan " "--dump"
# --opt=value split by bash at '=' and unsplit
comp --paper = l
only "letter " "--paper = l"
comp --paper=l
only "--paper=letter " "--paper=l"

# files: CVs by extension, folders; -o any file
mkdir -p "$TMP/cvs/sub"
: >"$TMP/cvs/a.docx"; : >"$TMP/cvs/b.json"; : >"$TMP/cvs/c.odt"; : >"$TMP/cvs/x.png"
comp "$TMP/cvs/"
has "$TMP/cvs/a.docx" "CV files"
has "$TMP/cvs/b.json" "CV files"
has "$TMP/cvs/c.odt" "CV files"
has "$TMP/cvs/sub" "folders"
hasnt "$TMP/cvs/x.png" "CV files"
comp -o "$TMP/cvs/x"
has "$TMP/cvs/x.png" "-o any file"
finish
