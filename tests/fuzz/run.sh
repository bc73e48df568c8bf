#!/bin/sh
# run.sh TARGET SECONDS - one libFuzzer target, as `make fuzz` and the CI
# fuzz step run it (owner: hardening, issue 8).
#
#  1. replays every saved reproducer in tests/fuzz/regress/TARGET/ (each
#     crash ever found is kept there; a reproducer that fails again fails
#     the run);
#  2. fuzzes for SECONDS (0: replay only), seeded from the samples and the
#     test fixtures (the bundled banks for fuzz_bank), with the target's
#     dictionary when there is one, keeping the working corpus in
#     build-fuzz/corpus/TARGET; a crash is saved as
#     build-fuzz/crash-TARGET-* and fails the run;
#  3. prints one line: executions, executions per second, corpus size.
#
# Runs from the top of the source tree (data/ and fonts/ are found there).
set -eu
t=$1 secs=${2:-60}
bin=build-fuzz/$t
log=build-fuzz/$t.log
[ -x "$bin" ] || { echo "fuzz: $bin is not built (make fuzz-build)"; exit 1; }
mkdir -p "build-fuzz/corpus/$t" "tests/fuzz/regress/$t"
export PREPGEN_DATA=${PREPGEN_DATA:-data}
[ "$t" = fuzz_pipeline ] &&
  export LSAN_OPTIONS=${LSAN_OPTIONS:+$LSAN_OPTIONS:}suppressions=tests/fuzz/lsan.supp

if ls "tests/fuzz/regress/$t"/* >/dev/null 2>&1; then
  if ! "$bin" -runs=1 "tests/fuzz/regress/$t"/* >"$log" 2>&1; then
    tail -n 30 "$log"
    echo "fuzz: a saved reproducer of $t fails again (tests/fuzz/regress/$t)"
    exit 1
  fi
  echo "$t: $(ls "tests/fuzz/regress/$t" | wc -l) reproducers replayed"
fi
[ "$secs" -gt 0 ] || exit 0

name=${t#fuzz_}
dict=
[ -f "tests/fuzz/$name.dict" ] && dict=-dict=tests/fuzz/$name.dict
case $t in
  fuzz_bank) seeds="data/banks tests/fixtures/banks" ;;
  fuzz_facts) seeds="samples tests/fixtures/text tests/fixtures/md" ;;
  *) seeds="samples tests/fixtures" ;;
esac
[ -d "tests/fuzz/seeds/$t" ] && seeds="$seeds tests/fuzz/seeds/$t"
# fuzz_pipeline makes a whole PDF per input (smaller inputs, longer
# timeout); fuzz_facts runs every pattern on every line (CV-sized inputs)
maxlen=262144 timeout=10
[ "$t" = fuzz_pipeline ] && maxlen=65536 timeout=30
[ "$t" = fuzz_facts ] && maxlen=65536
# shellcheck disable=SC2086 # word splitting of $dict and $seeds is meant
if ! "$bin" -max_total_time="$secs" -max_len=$maxlen -timeout=$timeout \
    -rss_limit_mb=2048 -print_final_stats=1 \
    -artifact_prefix="build-fuzz/crash-$t-" $dict \
    "build-fuzz/corpus/$t" $seeds >"$log" 2>&1; then
  tail -n 40 "$log"
  echo "fuzz: $t found a crash: $(ls build-fuzz/crash-"$t"-* 2>/dev/null | head -n 3)"
  echo "fuzz: fix it, then keep the input in tests/fuzz/regress/$t/"
  exit 1
fi
runs=$(sed -n 's/^stat::number_of_executed_units: *//p' "$log")
rate=$(sed -n 's/^stat::average_exec_per_sec: *//p' "$log")
echo "$t: $runs executions in ${secs} s ($rate/s), corpus $(ls "build-fuzz/corpus/$t" | wc -l) files, no crash"
