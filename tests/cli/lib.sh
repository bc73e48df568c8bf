# lib.sh - helpers for CLI test scripts: source it, call check_* and finish.
# Each check prints "FAIL: what" on failure and counts it; `finish` exits 1
# if anything failed.
set -u
failures=0
TMP=$(mktemp -d)
trap 'rm -rf "$TMP"' EXIT
TOP=$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)

fail() { echo "FAIL: $*"; failures=$((failures + 1)); }

# run ARGS...: runs $PREPGEN, sets $rc, $out (stdout file) and $err (stderr file)
run() {
  out="$TMP/out" err="$TMP/err"
  "$PREPGEN" "$@" >"$out" 2>"$err" </dev/null
  rc=$?
}

expect_rc() { [ "$rc" -eq "$1" ] || fail "$2: exit $rc, expected $1 ($(head -c 300 "$err"))"; }
expect_err() { grep -qE -- "$1" "$err" || fail "$2: stderr lacks /$1/: $(head -c 300 "$err")"; }
expect_out() { grep -qE -- "$1" "$out" || fail "$2: stdout lacks /$1/"; }
expect_err_lines() {
  local n; n=$(wc -l <"$err")
  [ "$n" -eq "$1" ] || fail "$2: $n stderr lines, expected $1"
}
finish() { [ "$failures" -eq 0 ]; exit $?; }
