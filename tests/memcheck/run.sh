#!/usr/bin/env bash
# run.sh - valgrind memcheck over every sample CV (owner: hardening, issue 8).
#
# `make memcheck` (and `make check`) run it against $PREPGEN, the normal
# -O2 -g build.  Fails on any memcheck error and on any definitely or
# indirectly lost block (still-reachable memory at exit is libxml2's and
# libharu's process-wide state, not a leak).  Covers:
#   - the pack of every sample (-o a temporary PDF), two runs at a time;
#   - --facts and --plan over all samples in one process each (shared data
#     loaded once, then many CVs: leaks across CVs show up here);
#   - the error paths: an empty file, random bytes, a PDF, a truncated ZIP,
#     a missing file;
#   - a small batch (-j 2, --cohort-report): the parent and its forked
#     workers (valgrind follows fork) are all checked.
set -u
: "${PREPGEN:?set PREPGEN to the prepgen binary}"
command -v valgrind >/dev/null || { echo "memcheck: valgrind is not installed (make deps)"; exit 1; }
TOP=$(cd "$(dirname "$0")/../.." && pwd)
TMP=$(mktemp -d)
trap 'rm -rf "$TMP"' EXIT
export PREPGEN_DATA=${PREPGEN_DATA:-$TOP/data}
mkdir -p "$TMP/log" "$TMP/out" "$TMP/bad"
VG=(valgrind -q --error-exitcode=99 --leak-check=full
    --errors-for-leak-kinds=definite,indirect
    --show-leak-kinds=definite,indirect --num-callers=30
    --log-file="$TMP/log/vg.%p")
export TMP PREPGEN
samples=("$TOP"/samples/*.docx "$TOP"/samples/*.txt)
fail=0

# one pack per sample, two at a time
printf '%s\n' "${samples[@]}" |
  xargs -P 2 -I{} sh -c '"$@" "{}" -o "$TMP/out/$(basename "{}").pdf" >/dev/null 2>>"$TMP/log/stderr" || echo "{}" >>"$TMP/failed"' \
    sh "${VG[@]}" "$PREPGEN"
[ -s "$TMP/failed" ] && { echo "memcheck: pack failed for: $(cat "$TMP/failed")"; fail=1; }
n=$(ls "$TMP/out"/*.pdf 2>/dev/null | wc -l)
[ "$n" -eq "${#samples[@]}" ] || { echo "memcheck: $n packs for ${#samples[@]} samples"; fail=1; }

"${VG[@]}" "$PREPGEN" --facts "${samples[@]}" >/dev/null 2>>"$TMP/log/stderr" ||
  { echo "memcheck: --facts over the samples: exit $?"; fail=1; }
"${VG[@]}" "$PREPGEN" --plan --explain "${samples[@]}" >/dev/null 2>>"$TMP/log/stderr" ||
  { echo "memcheck: --plan over the samples: exit $?"; fail=1; }

# error paths: every one must exit 1 (a CV we cannot read), not 99
: >"$TMP/bad/empty.txt"
head -c 3000 /dev/urandom >"$TMP/bad/random.docx"
printf '%%PDF-1.4\n%%fake\n' >"$TMP/bad/really-a-pdf.docx"
printf 'PK\003\004truncated' >"$TMP/bad/truncated.docx"
for f in "$TMP"/bad/* "$TMP/bad/missing.txt"; do
  "${VG[@]}" "$PREPGEN" "$f" -o "$TMP/out/bad.pdf" >/dev/null 2>&1
  rc=$?
  [ "$rc" -eq 1 ] || { echo "memcheck: $(basename "$f"): exit $rc, expected 1"; fail=1; }
done

# a batch: parent and forked workers
mkdir -p "$TMP/cohort"
cp "$TOP/samples/01-backend-senior-libreoffice.docx" "$TOP/samples/12-dataanalysis-utf8.txt" \
   "$TOP/samples/14-newgrad-utf16le.txt" "$TMP/bad/truncated.docx" "$TMP/cohort/"
"${VG[@]}" "$PREPGEN" "$TMP/cohort" -o "$TMP/batch/" -j 2 --quiet --cohort-report >/dev/null 2>&1
rc=$?
[ "$rc" -eq 1 ] || { echo "memcheck: batch: exit $rc, expected 1 (one bad CV)"; fail=1; }
[ "$(ls "$TMP/batch"/[0-9]*.pdf 2>/dev/null | wc -l)" -eq 3 ] || { echo "memcheck: batch packs missing"; fail=1; }

# With -q, memcheck's errors and leaks are the "==PID==" lines of a log.
# "--PID--" lines are valgrind's own notes, such as "unhandled syscall:
# 317": libseccomp probing seccomp(2), which valgrind does not emulate
# (the batch then installs its filter with prctl, which it does).
for l in "$TMP"/log/vg.*; do
  grep -q '^==[0-9]*==' "$l" || continue
  echo "memcheck: valgrind reported (log $(basename "$l")):"
  grep '^==[0-9]*==' "$l" | head -n 60
  fail=1
done
nlogs=$(ls "$TMP"/log/vg.* | wc -l)
if [ "$fail" -eq 0 ]; then
  echo "memcheck: ${#samples[@]} samples (pack, --facts, --plan), 5 bad inputs, a batch: $nlogs processes, 0 errors, 0 leaks"
fi
exit "$fail"
