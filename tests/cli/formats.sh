#!/usr/bin/env bash
# formats.sh - one fictional CV kept as DOCX, ODT, HTML, Markdown, text and
# JSON Resume gives the same names, jobs, dates and skills (issue 10,
# point 2); --facts output read back as JSON Resume gives the same facts;
# standard input and --input-format; hostile JSON gives clean errors.
# Fixtures: tests/fixtures/formats (see its README.md).
. "$(dirname "$0")/lib.sh"
fx="$TOP/tests/fixtures/formats"
command -v python3 >/dev/null 2>&1 || { echo "formats.sh: no python3, skipped"; finish; }

# key FILE: the compared part of a --facts object, as one line of JSON
key() {
  python3 - "$1" <<'PY'
import json, sys
d = json.load(open(sys.argv[1]))
b = d.get("basics", {})
jobs = [[w.get("position"), w.get("name"), w.get("startDate"), w.get("endDate")]
        for w in d.get("work", [])]
skills = sorted(s["id"] for s in d.get("x-prepgen", {}).get("skills", []))
kw = sorted(k for g in d.get("skills", []) for k in g.get("keywords", []))
print(json.dumps({"name": b.get("name"), "email": b.get("email"),
                  "jobs": jobs, "skills": skills, "keywords": kw}))
PY
}

facts() { # facts OUT ARGS...
  local o=$1; shift
  "$PREPGEN" --as-of 2026-10 --facts "$@" >"$o" 2>"$TMP/ferr" </dev/null ||
    fail "--facts $*: exit $? ($(head -c 300 "$TMP/ferr"))"
}

facts "$TMP/docx.json" "$fx/cv.docx"
key "$TMP/docx.json" >"$TMP/docx.key" || fail "cv.docx: no facts"
grep -q '"Pieter van der Berg"' "$TMP/docx.key" || fail "cv.docx: name not found"
grep -q 'Senior Backend Engineer' "$TMP/docx.key" || fail "cv.docx: no job"
for f in cv.odt cv.html cv.md cv.txt cv.json; do
  facts "$TMP/$f.out" "$fx/$f"
  key "$TMP/$f.out" >"$TMP/$f.key" 2>/dev/null || { fail "$f: not JSON"; continue; }
  cmp -s "$TMP/docx.key" "$TMP/$f.key" ||
    fail "$f differs from cv.docx: $(diff "$TMP/docx.key" "$TMP/$f.key" | tail -n 1 | head -c 400)"
done

# Round trip: --facts of the facts is the same JSON Resume; positions (the
# rendered document's) and the skills-list evidence may differ.
facts "$TMP/a.json" "$fx/cv.docx"
facts "$TMP/b.json" "$TMP/a.json"
python3 - "$TMP/a.json" "$TMP/b.json" <<'PY' || fail "round trip changed the facts"
import json, sys
a, b = (json.load(open(p)) for p in sys.argv[1:3])
bad = [k for k in a if k != "x-prepgen" and a[k] != b.get(k)]
xa, xb = a["x-prepgen"], b["x-prepgen"]
for k in ("asOf", "roleFamily", "seniority", "experienceMonths"):
    if xa.get(k) != xb.get(k):
        bad.append("x-prepgen." + k)
if [s["id"] for s in xa["skills"]] != [s["id"] for s in xb["skills"]]:
    bad.append("x-prepgen.skills order")
if [(r["text"], r.get("work")) for r in xa["results"]] != \
   [(r["text"], r.get("work")) for r in xb["results"]]:
    bad.append("x-prepgen.results")
for k in bad:
    print("FAIL: round trip: %s differs" % k)
sys.exit(1 if bad else 0)
PY

# The committed JSON Resume is prepgen's own output for cv.docx.
python3 - "$TMP/a.json" "$fx/cv.json" <<'PY' || fail "tests/fixtures/formats/cv.json is stale (regenerate it, see README.md)"
import json, sys
a, b = (json.load(open(p)) for p in sys.argv[1:3])
sys.exit(0 if all(a[k] == b.get(k) for k in a if k != "x-prepgen") else 1)
PY

# Standard input: sniffed, or named by --input-format; "<stdin>" in messages.
for f in cv.docx cv.odt cv.json cv.md; do
  "$PREPGEN" --as-of 2026-10 --facts - <"$fx/$f" >"$TMP/stdin.json" 2>"$TMP/err" ||
    fail "stdin $f: exit $? ($(head -c 200 "$TMP/err"))"
  key "$TMP/stdin.json" >"$TMP/stdin.key" 2>/dev/null
  cmp -s "$TMP/docx.key" "$TMP/stdin.key" || fail "stdin $f: facts differ from cv.docx"
done
for pair in html:cv.html text:cv.txt json:cv.json md:cv.md odt:cv.odt docx:cv.docx; do
  fmt=${pair%%:*} f=${pair#*:}
  "$PREPGEN" --as-of 2026-10 --input-format "$fmt" --facts - <"$fx/$f" >"$TMP/stdin.json" 2>"$TMP/err" ||
    fail "--input-format $fmt: exit $? ($(head -c 200 "$TMP/err"))"
  key "$TMP/stdin.json" >"$TMP/stdin.key" 2>/dev/null
  cmp -s "$TMP/docx.key" "$TMP/stdin.key" || fail "--input-format $fmt: facts differ"
done
err="$TMP/err"
"$PREPGEN" --input-format docx --facts - <"$fx/cv.txt" >/dev/null 2>"$err"
rc=$?
expect_rc 1 "a text file forced as docx"
expect_err '^prepgen: <stdin>: ' "a text file forced as docx names <stdin>"
run --input-format pdf --facts "$fx/cv.docx"
expect_rc 2 "--input-format pdf"
expect_err 'input-format must be' "--input-format pdf"
run --facts - -
expect_rc 2 "two '-' inputs (a batch)"

# A pack and a plan from JSON Resume, the same role as from the DOCX.
run --as-of 2026-10 "$fx/cv.json" -o "$TMP/pack.pdf"
expect_rc 0 "pack from cv.json"
head -c 5 "$TMP/pack.pdf" 2>/dev/null | grep -q '%PDF-' || fail "pack from cv.json is not a PDF"
run --as-of 2026-10 --plan "$fx/cv.json"
expect_rc 0 "plan from cv.json"
grep -q '"id": "backend"' "$out" || fail "plan from cv.json: role is not backend"
"$PREPGEN" --as-of 2026-10 "$fx/cv.json" -o - </dev/null >"$TMP/stdout.pdf" 2>/dev/null ||
  fail "pack from cv.json to stdout"
"$PREPGEN" --as-of 2026-10 - -o "$TMP/stdin.pdf" <"$fx/cv.json" 2>"$TMP/err" ||
  fail "pack from a JSON Resume on stdin: $(head -c 200 "$TMP/err")"

# Hostile JSON: clean one-line errors, exit 1, never the input's text.
j="$TMP/j.json"
python3 -c 'print("{\"basics\": " + "[" * 100000 + "]" * 100000 + "}")' >"$j"
run --facts "$j"
expect_rc 1 "100,000 nested arrays"
expect_err 'nested deeper than 64' "deep JSON"
printf '{"basics": {"name": "SECRETNAME", "label": ' >"$j"
run --facts "$j"
expect_rc 1 "truncated JSON"
expect_err 'not valid JSON' "truncated JSON"
grep -q SECRETNAME "$err" && fail "the error quotes the input"
printf '{"basics": {"name": "A\\u0000B"}, "work": []}' >"$j"
run --facts "$j"
expect_rc 1 "a NUL in a JSON string"
printf '{"basics": {"name": 5, "label": ["x"], "profiles": "no"}, "work": {"a": 1}, "skills": [1, null, {"keywords": 7}]}' >"$j"
run --facts "$j"
expect_rc 1 "wrong types everywhere"
expect_err 'no JSON Resume fields' "wrong types everywhere"
printf '[{"basics": {}}]' >"$j"
run --facts "$j"
expect_rc 1 "a JSON array"
expect_err 'not an object' "a JSON array named .json"
printf '{"basics": {"name": "\xff\xfe"}}' >"$j"
run --facts "$j"
expect_rc 1 "invalid UTF-8 in JSON"
{ printf '{"basics": {"summary": "'; head -c 2200000 /dev/zero | tr '\0' a; printf '"}}'; } >"$j"
run --facts "$j"
expect_rc 1 "JSON over 2 MiB"
expect_err 'larger than the 2 MiB' "JSON over 2 MiB"
python3 -c '
import json
print(json.dumps({"basics": {"name": "Many Jobs"}, "work": [{"position": "Engineer %d" % i, "name": "Co", "startDate": "2020-01", "highlights": ["x"] * 10} for i in range(5000)]}))' >"$j"
run --facts "$j"
expect_rc 1 "60,000 blocks of JSON"
expect_err 'limit' "60,000 blocks of JSON"
expect_err_lines 1 "60,000 blocks of JSON"
finish
