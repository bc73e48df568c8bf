#!/usr/bin/env bash
# manpage.sh - prepgen.1 covers every option of --help (and no option that
# --help lacks), every exit status, and renders without warnings.
. "$(dirname "$0")/lib.sh"
man1="$TOP/prepgen.1"
[ -f "$man1" ] || { fail "no prepgen.1 at the top of the tree"; finish; }

run --help
expect_rc 0 "--help"
cp "$out" "$TMP/help"

# The man page as plain text: roff escapes and fonts removed.
sed -e 's/\\-/-/g' -e 's/\\f[BIRP]//g' -e 's/\\(lq/"/g' -e 's/\\(rq/"/g' \
  "$man1" >"$TMP/man.txt"

# Every long and short option --help lists.
opts=$(grep -E '^  +-' "$TMP/help" | grep -oE -- '(^|[ ,])--?[a-zA-Z][a-zA-Z-]*' | tr -d ' ,' | sort -u)
[ -n "$opts" ] || fail "no options parsed from --help"
n=0
for o in $opts; do
  n=$((n + 1))
  grep -qE -- "(^|[^a-zA-Z-])$o([^a-zA-Z-]|$)" "$TMP/man.txt" ||
    fail "option $o (in --help) is missing from prepgen.1"
done
[ "$n" -ge 20 ] || fail "only $n options parsed from --help"

# Every option the man page describes (.TP entries) exists in --help.
man_opts=$(awk '/^\.TP/ { getline; print }' "$TMP/man.txt" |
  grep -oE -- '(^|[ ,])--[a-z][a-z-]*' | tr -d ' ,' | sort -u)
for o in $man_opts; do
  grep -qE -- "(^|[^a-zA-Z-])$o([^a-zA-Z-]|$)" "$TMP/help" ||
    fail "prepgen.1 describes $o, which --help does not list"
done

# Every exit status of --help is in EXIT STATUS.
codes=$(sed -n '/^Exit status:/,/^$/p' "$TMP/help" | grep -oE '^ +[0-9]+' | tr -d ' ')
[ -n "$codes" ] || fail "no exit codes parsed from --help"
exits=$(sed -n '/^\.SH EXIT STATUS/,/^\.SH /p' "$TMP/man.txt")
for c in $codes; do
  grep -qE "^\.B(R)? $c( |$)" <<<"$exits" || fail "exit status $c is missing from prepgen.1"
done

# The sections a manual page is expected to have.
for s in NAME SYNOPSIS DESCRIPTION OPTIONS "EXIT STATUS" ENVIRONMENT FILES \
  PRIVACY EXAMPLES; do
  grep -qx "\.SH $s" "$man1" || fail "prepgen.1 lacks the $s section"
done

# It renders, and groff has nothing to say about it.
if command -v groff >/dev/null 2>&1; then
  warn=$(LC_ALL=C.UTF-8 groff -man -Tutf8 -ww -z "$man1" 2>&1)
  [ -z "$warn" ] || fail "groff warnings: $warn"
  LC_ALL=C.UTF-8 groff -man -Tutf8 "$man1" 2>/dev/null | grep -q 'PREPGEN(1)' ||
    fail "prepgen.1 does not render"
fi
if command -v man >/dev/null 2>&1; then
  MANWIDTH=80 man -l "$man1" 2>/dev/null | grep -q 'prepgen' ||
    fail "man -l prepgen.1 shows nothing"
fi
finish
