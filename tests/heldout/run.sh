#!/bin/sh
# run.sh — score prepgen on the held-out CVs (facts accuracy, role selection,
# career-change stories).  Owner: tests/heldout.  A report, not a gate, unless
# --strict is given (then it exits 1 when an issue-3 or issue-9 target is missed).
# usage: tests/heldout/run.sh [--bin PREPGEN] [--strict] [-v]
set -eu
HO=$(cd "$(dirname "$0")" && pwd)
ROOT=$(cd "$HO/../.." && pwd)
BIN=$ROOT/prepgen
STRICT=
VERB=
while [ $# -gt 0 ]; do
    case $1 in
        --bin) BIN=$2; shift 2 ;;
        --strict) STRICT=--strict; shift ;;
        -v) VERB=-v; shift ;;
        *) echo "usage: $0 [--bin PREPGEN] [--strict] [-v]" >&2; exit 2 ;;
    esac
done
PREPGEN_DATA=${PREPGEN_DATA:-$ROOT/data}
export PREPGEN_DATA
rc=0
python3 "$ROOT/tools/eval.py" --bin "$BIN" --samples "$HO/cvs" --truth "$HO/truth" $STRICT $VERB || rc=1
echo
python3 "$HO/check-plan.py" --bin "$BIN" --cvs "$HO/cvs" --truth "$HO/truth" || { [ -n "$STRICT" ] && rc=1; }
exit $rc
