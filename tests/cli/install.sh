#!/usr/bin/env bash
# install.sh - `make install` / `make uninstall` with PREFIX and DESTDIR:
# the installed binary finds its data and fonts with no help, from any
# folder; --data-dir and PREPGEN_DATA still win; uninstall leaves no file.
# Installs the binary under test ($PREPGEN), so nothing is rebuilt.
. "$(dirname "$0")/lib.sh"
command -v make >/dev/null 2>&1 || { echo "install.sh: no make, skipped"; finish; }
root="$TMP/root"
# a clean make: not the one running this suite (its variables, jobserver)
mk() { env -u MAKEFLAGS -u MFLAGS -u MAKELEVEL -u MAKEOVERRIDES \
  make --no-print-directory -s -C "$TOP" INSTALL_BIN="$PREPGEN" "$@"; }

mk install DESTDIR="$root" PREFIX=/usr >"$TMP/mk.out" 2>&1 ||
  { fail "make install failed: $(tail -n 5 "$TMP/mk.out")"; finish; }
bin="$root/usr/bin/prepgen"
share="$root/usr/share/prepgen"
[ -x "$bin" ] || fail "no executable $bin"
for f in data/tags.tsv data/skills.tsv data/bank.rng data/banks/core.xml \
  data/banks/backend.xml fonts/PrepgenSerif-Regular.ttf; do
  [ -f "$share/$f" ] || fail "not installed: share/prepgen/$f"
done
[ -f "$root/usr/share/man/man1/prepgen.1" ] || fail "man page not installed"
[ -f "$root/usr/share/bash-completion/completions/prepgen" ] ||
  fail "bash completion not installed"
nbanks=$(ls "$TOP"/data/banks | wc -l)
[ "$(ls "$share/data/banks" | wc -l)" -eq "$nbanks" ] || fail "not every bank installed"

# From another folder, with no data path in the environment.
mkdir -p "$TMP/elsewhere"
cp "$TOP/samples/01-backend-senior-libreoffice.docx" "$TMP/elsewhere/cv.docx"
(
  cd "$TMP/elsewhere" &&
    env -u PREPGEN_DATA "$bin" --list-roles >"$TMP/roles" 2>"$TMP/roles.err"
) || fail "installed --list-roles: $(head -c 300 "$TMP/roles.err")"
grep -q '^backend ' "$TMP/roles" || fail "installed --list-roles lists no backend"
(
  cd "$TMP/elsewhere" &&
    env -u PREPGEN_DATA "$bin" -q cv.docx -o pack.pdf 2>"$TMP/pack.err"
) || fail "installed binary made no pack: $(head -c 300 "$TMP/pack.err")"
[ -s "$TMP/elsewhere/pack.pdf" ] || fail "no pack.pdf"
head -c 5 "$TMP/elsewhere/pack.pdf" | grep -q '%PDF-' || fail "pack.pdf is not a PDF"

# Overrides: --data-dir beats PREPGEN_DATA beats the installed tree.
env PREPGEN_DATA="$TMP/nowhere" "$bin" --list-roles >/dev/null 2>&1
[ $? -eq 3 ] || fail "PREPGEN_DATA=missing folder should exit 3"
env PREPGEN_DATA="$TMP/nowhere" "$bin" --data-dir "$share/data" --list-roles >/dev/null 2>&1 ||
  fail "--data-dir should win over PREPGEN_DATA"
"$bin" --data-dir "$TMP/nowhere" --list-roles >/dev/null 2>&1
[ $? -eq 3 ] || fail "--data-dir=missing folder should exit 3"

# The uninstalled binary (top of the source tree) still finds data/ beside it.
if [ -x "$TOP/prepgen" ]; then
  (cd "$TMP" && env -u PREPGEN_DATA "$TOP/prepgen" --list-roles >/dev/null 2>&1) ||
    fail "uninstalled ./prepgen does not find data/"
fi

mk uninstall DESTDIR="$root" PREFIX=/usr >"$TMP/mk.out" 2>&1 ||
  fail "make uninstall failed: $(tail -n 5 "$TMP/mk.out")"
left=$(find "$root" -type f -o -type l)
[ -z "$left" ] || fail "make uninstall left: $left"
[ ! -d "$share" ] || fail "make uninstall left share/prepgen"
finish
