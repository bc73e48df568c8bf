#!/usr/bin/env bash
# facts.sh - --facts, --dump=facts, --explain and --as-of (issue 3).
. "$(dirname "$0")/lib.sh"

cat >"$TMP/cv.txt" <<'CV'
Jane Q. Example
Backend Engineer · Leeds, UK
jane@example.com · +44 113 496 0000 · github.com/jane-example

EXPERIENCE

Senior Backend Engineer | Example Systems Ltd | Jan 2021 – Present
* Cut p99 latency from 800ms to 120ms on the payments API in Go and PostgreSQL.
* Led a team of 4 engineers.

Backend Engineer | Sample Corp | 2017 – 2020
* Built REST services in Java serving 2M requests per day.

SKILLS

Go, Java, PostgreSQL, Kafka, Docker
CV

# --facts prints one JSON object, nothing on stderr but notes
run --facts --as-of 2026-10 "$TMP/cv.txt"
expect_rc 0 "--facts"
python3 -c 'import json,sys; d=json.load(open(sys.argv[1])); assert isinstance(d, dict)' "$out" \
  || fail "--facts output is not one JSON object"
expect_out '"name": "Jane Q. Example"' "--facts name"
expect_out '"email": "jane@example.com"' "--facts email"
expect_out '"x-prepgen"' "--facts extension object"
expect_out '"asOf": "2026-10"' "--facts asOf"
python3 - "$out" <<'PY' || fail "--facts content"
import json, sys
d = json.load(open(sys.argv[1]))
w = d["work"]
assert len(w) == 2, w
assert w[0]["name"] == "Example Systems Ltd" and w[0]["startDate"] == "2021-01", w[0]
assert "endDate" not in w[0], w[0]          # current job
assert w[1]["startDate"] == "2017" and w[1]["endDate"] == "2020", w[1]
ids = {s["id"] for s in d["x-prepgen"]["skills"]}
assert {"go", "java", "postgresql"} <= ids, ids
assert d["x-prepgen"]["roleFamily"]["id"] == "backend", d["x-prepgen"]["roleFamily"]
PY

# --as-of is honoured: the current job counts up to it
run --facts --as-of 2022-01 "$TMP/cv.txt"
expect_rc 0 "--as-of 2022-01"
m1=$(python3 -c 'import json,sys; print(json.load(open(sys.argv[1]))["x-prepgen"]["experienceMonths"])' "$out")
run --facts --as-of 2026-01 "$TMP/cv.txt"
m2=$(python3 -c 'import json,sys; print(json.load(open(sys.argv[1]))["x-prepgen"]["experienceMonths"])' "$out")
[ "$((m2 - m1))" -eq 48 ] || fail "--as-of: 2022-01 gave $m1 months, 2026-01 gave $m2 (want +48)"

# same input, same bytes
run --facts --as-of 2026-10 "$TMP/cv.txt"; cp "$out" "$TMP/a.json"
run --facts --as-of 2026-10 "$TMP/cv.txt"
cmp -s "$out" "$TMP/a.json" || fail "--facts is not deterministic"

# without --as-of: the file's mtime, never the wall clock
touch -d '2020-06-15' "$TMP/cv.txt"
run --facts "$TMP/cv.txt"
expect_out '"asOf": "2020-06"' "as-of from mtime"

# a bad --as-of is a usage error
run --facts --as-of 2026-13 "$TMP/cv.txt"
expect_rc 2 "bad --as-of"

# --dump=facts: stable text
run --dump=facts --as-of 2026-10 "$TMP/cv.txt"
expect_rc 0 "--dump=facts"
expect_out '^# prepgen facts v1$' "--dump=facts header"
expect_out '^job 0: Senior Backend Engineer \| Example Systems Ltd' "--dump=facts job"

# --explain: candidate lines with scores
run --facts --explain --as-of 2026-10 "$TMP/cv.txt"
expect_rc 0 "--explain"
expect_out '^name:$' "--explain name candidates"

# near-empty text never becomes a made-up profile: --facts prints empty
# facts with a warning; a plan is the role's general preparation (marked
# "general", no story, no claim), with the same warning
printf 'Hello there\n' >"$TMP/tiny.txt"
run --facts "$TMP/tiny.txt"
expect_rc 0 "near-empty facts"
expect_err "warning: this file has too little text to be a CV" "near-empty warning"
expect_err "tiny.txt" "near-empty names the file"
grep -q '"name"' "$out" && fail "near-empty facts hold a name"
run --plan "$TMP/tiny.txt"
expect_rc 0 "near-empty plan"
expect_err "tiny.txt: warning: this file has too little text to be a CV" "near-empty plan message"
expect_err "general preparation" "near-empty plan says it is general"
python3 - "$out" <<'PY' || fail "near-empty plan: not a general plan"
import json, sys
p = json.load(open(sys.argv[1]))
assert p["general"] is True, p["general"]
assert p["questions"] and not p["stories"] and not p["claimRisks"]
assert all(not q["evidence"] for q in p["questions"]), "evidence from nothing"
PY
run --plan --role backend "$TMP/tiny.txt"
expect_rc 0 "near-empty plan with --role"
expect_out '"id": "backend"' "near-empty plan honours --role"

# trap words never become skills
cat >"$TMP/traps.txt" <<'CV'
Sam Trapper
sam@example.com

EXPERIENCE

Sales Manager | Shop Ltd | 2019 – 2022
* Owned the go-to-market plan and cut R&D spend by 10%.
* I excel at negotiation and react calmly under pressure.

INTERESTS

Kafka, Java coffee, hiking
CV
run --facts --as-of 2026-10 "$TMP/traps.txt"
expect_rc 0 "traps"
python3 - "$out" <<'PY' || fail "trap words reported as skills"
import json, sys
ids = {s["id"] for s in json.load(open(sys.argv[1]))["x-prepgen"]["skills"]}
bad = ids & {"go", "r", "excel", "react", "kafka", "java"}
assert not bad, bad
PY

# JSON Resume schema (skipped when tests/schema has no node_modules)
if command -v node >/dev/null && [ -d "$TOP/tests/schema/node_modules/@jsonresume/schema" ]; then
  run --facts --as-of 2026-10 "$TMP/cv.txt"
  node "$TOP/tests/schema/validate.js" "$out" >"$TMP/v" 2>&1 || fail "schema: $(head -c 300 "$TMP/v")"
  for s in "$TOP"/samples/*.docx "$TOP"/samples/*.txt; do
    [ -e "$s" ] || continue
    "$PREPGEN" --facts --as-of 2026-10 "$s" >"$TMP/s.json" 2>/dev/null || { fail "--facts $s"; continue; }
    node "$TOP/tests/schema/validate.js" "$TMP/s.json" >"$TMP/v" 2>&1 || fail "schema $s: $(head -c 300 "$TMP/v")"
  done
fi
finish
