#!/usr/bin/env bash
# strace.sh - prepgen opens no network connection, runs no program and
# touches no file but its inputs, its data and fonts, and its output folder;
# every run enters its seccomp sandbox before opening data or a CV, and
# batch workers enter it again (issue 8; owner: hardening).
#
# Runs under `strace -f`: a single-CV pack, --facts and --plan, and a batch
# (-j 2, --cohort-report, with a broken file mixed in).  The trace is judged
# by check-trace.py (the system allowlist, with a reason for each entry, is
# there).  The batch check also proves the sandbox: every CV the batch reads
# is opened by a worker whose prctl(PR_SET_SECCOMP) has already succeeded
# (tests/unit/test_batch.c checks that a filtered worker gets EPERM from
# socket()).
. "$(dirname "$0")/../cli/lib.sh"
command -v strace >/dev/null || { fail "strace is not installed (make deps)"; finish; }
command -v python3 >/dev/null || { fail "python3 is not installed (make deps)"; finish; }
CHECK=$TOP/tests/privacy/check-trace.py
DATA=$(cd "${PREPGEN_DATA:-$TOP/data}" && pwd)
FONTS=$(cd "$DATA/../fonts" && pwd)
export PREPGEN_DATA=$DATA
# LeakSanitizer stops the world with ptrace, which strace already holds
export ASAN_OPTIONS=${ASAN_OPTIONS:+$ASAN_OPTIONS:}detect_leaks=0
ST=(strace -f -y -qq -s 4096 -e trace=%network,%file,execve,prctl)

IN=$TMP/in OUT=$TMP/outdir
mkdir -p "$IN" "$OUT/one"
cp "$TOP/samples/01-backend-senior-libreoffice.docx" "$TOP/samples/12-dataanalysis-utf8.txt" \
   "$TOP/samples/14-newgrad-utf16le.txt" "$IN/"
printf 'PK\003\004truncated' >"$IN/broken.docx"
cd "$TMP" || exit 1

judge() { # WHAT TRACE ARGS... (for check-trace.py)
  local what=$1 trace=$2
  shift 2
  python3 "$CHECK" "$trace" --cwd "$TMP" "$@" >"$TMP/verdict" 2>&1 ||
    fail "$what: $(head -n 5 "$TMP/verdict")"
}

# --- one CV, one pack ---------------------------------------------------------
cv=$IN/01-backend-senior-libreoffice.docx
"${ST[@]}" -o "$TMP/t.pack" "$PREPGEN" "$cv" -o "$OUT/one/pack.pdf" >/dev/null 2>"$TMP/err"
rc=$?
[ "$rc" -eq 0 ] || fail "pack under strace: exit $rc ($(head -c 300 "$TMP/err"))"
[ -s "$OUT/one/pack.pdf" ] || fail "pack under strace: no PDF"
judge "single pack" "$TMP/t.pack" --read "$cv" "$DATA" "$FONTS" --write "$OUT/one" \
  --sandboxed "$cv"

# --- --facts and --plan: read only, output on stdout --------------------------
txt=$IN/12-dataanalysis-utf8.txt
for act in --facts --plan; do
  "${ST[@]}" -o "$TMP/t$act" "$PREPGEN" "$act" "$txt" >/dev/null 2>"$TMP/err"
  rc=$?
  [ "$rc" -eq 0 ] || fail "$act under strace: exit $rc"
  judge "$act" "$TMP/t$act" --read "$txt" "$DATA" "$FONTS" --sandboxed "$txt"
done
# single runs enter the sandbox before any data file, bank or CV is opened
first_open=$(grep -n 'openat(.*/data/' "$TMP/t.pack" | head -n 1 | cut -d: -f1)
filter_at=$(grep -n 'prctl(PR_SET_SECCOMP, SECCOMP_MODE_FILTER.*= 0' "$TMP/t.pack" | head -n 1 | cut -d: -f1)
[ -n "$filter_at" ] && [ -n "$first_open" ] && [ "$filter_at" -lt "$first_open" ] ||
  fail "single pack: the seccomp filter (line ${filter_at:-none}) is not installed before the data is read (line ${first_open:-none})"

# --- a batch: forked, sandboxed workers ------------------------------------
"${ST[@]}" -o "$TMP/t.batch" "$PREPGEN" "$IN" -o "$OUT/batch/" -j 2 --cohort-report \
  >/dev/null 2>"$TMP/err"
rc=$?
[ "$rc" -eq 1 ] || fail "batch under strace: exit $rc, expected 1 (one broken CV)"
[ "$(ls "$OUT/batch"/[0-9]*.pdf 2>/dev/null | wc -l)" -eq 3 ] || fail "batch under strace: packs missing"
judge "batch" "$TMP/t.batch" --read "$IN" "$DATA" "$FONTS" --write "$OUT/batch" \
  --sandboxed "$IN"/*
# the workers really did install the filter (two or more of them, -j 2)
nf=$(grep -c 'prctl(PR_SET_SECCOMP, SECCOMP_MODE_FILTER.*= 0' "$TMP/t.batch")
[ "$nf" -ge 2 ] || fail "batch: $nf workers installed a seccomp filter"

# --- the judge itself catches what it must ----------------------------------
printf '%s\n' '1 execve("/bin/prepgen", ["prepgen"], 0x0 /* 1 vars */) = 0' \
  '1 socket(AF_INET, SOCK_STREAM, IPPROTO_IP) = 3' \
  '1 openat(AT_FDCWD</x>, "/home/someone/.ssh/id_rsa", O_RDONLY) = 4' \
  '2 execve("/bin/sh", ["sh"], 0x0 /* 1 vars */) = 0' >"$TMP/t.bad"
python3 "$CHECK" "$TMP/t.bad" --cwd /x >"$TMP/verdict" 2>&1 && fail "check-trace.py passed a bad trace"
[ "$(wc -l <"$TMP/verdict")" -eq 3 ] || fail "check-trace.py: $(cat "$TMP/verdict")"
finish
