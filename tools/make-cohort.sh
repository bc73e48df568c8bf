#!/usr/bin/env bash
# make-cohort.sh - makes a cohort of N varied CV files from samples/ for the
# batch tests and `make bench` (never from the real corpus).
#
# usage: tools/make-cohort.sh [--groups G] [--hostile DIR] N [OUTDIR]
#   N           number of CVs (copies of the samples, cycled)
#   OUTDIR      where to put them (default: a new mktemp -d folder)
#   --groups G  spread the files over G subfolders group-1..group-G, so
#               folder walking and name collisions are exercised
#   --hostile D also copy every regular file of folder D (for example the
#               output of shared/corpus/hostile/make-hostile.sh) into
#               OUTDIR/hostile/, keeping only .docx and .txt names
# Prints OUTDIR on stdout.  Deterministic: the same N gives the same files.
#
# Variation: each UTF-8 text sample gets a different extra skills line (so
# no two text CVs are byte-identical and the facts differ a little); DOCX
# and UTF-16/cp1252 samples are copied byte for byte (editing them would
# need a ZIP or re-encoding step that could itself introduce bugs).
set -eu
top=$(cd "$(dirname "$0")/.." && pwd)
groups=0 hostile=""
while [ $# -gt 0 ]; do
  case $1 in
    --groups) groups=$2; shift 2 ;;
    --hostile) hostile=$2; shift 2 ;;
    -h|--help) sed -n '2,20p' "$0"; exit 0 ;;
    *) break ;;
  esac
done
n=${1:?usage: make-cohort.sh [--groups G] [--hostile DIR] N [OUTDIR]}
out=${2:-$(mktemp -d "${TMPDIR:-/tmp}/prepgen-cohort-XXXXXX")}
mkdir -p "$out"

samples=()
for f in "$top"/samples/*.docx "$top"/samples/*.txt; do
  [ -f "$f" ] && samples+=("$f")
done
[ ${#samples[@]} -gt 0 ] || { echo "make-cohort: no samples in $top/samples" >&2; exit 1; }

# extra skills for the text CVs, cycled (taxonomy names, nothing personal)
extras=(PostgreSQL Kubernetes Terraform Kafka Redis React TypeScript Go Rust
        Python Airflow Spark Docker GraphQL Django Flask Swift Kotlin Java
        Prometheus Grafana Ansible Snowflake dbt Tableau)

is_utf8_text() { # plain UTF-8 (with or without BOM), not UTF-16 / cp1252
  case $1 in *.txt) ;; *) return 1 ;; esac
  iconv -f UTF-8 -t UTF-8 "$1" >/dev/null 2>&1 && ! grep -qP '\x00' "$1"
}

ns=${#samples[@]}
for ((i = 0; i < n; i++)); do
  src=${samples[i % ns]}
  base=$(basename "$src")
  dir=$out
  if [ "$groups" -gt 0 ]; then
    dir=$out/group-$((i % groups + 1))
    mkdir -p "$dir"
  fi
  dst=$(printf '%s/%04d-%s' "$dir" "$i" "$base")
  if is_utf8_text "$src"; then
    eol=$'\n'
    grep -q $'\r' "$src" && eol=$'\r\n'
    { cat "$src"; [ -z "$(tail -c 1 "$src")" ] || printf '%s' "$eol"; printf 'Also used: %s, %s%s' "${extras[i % ${#extras[@]}]}" \
        "${extras[(i / ${#extras[@]} + 7) % ${#extras[@]}]}" "$eol"; } >"$dst"
  else
    cp "$src" "$dst"
  fi
done

if [ -n "$hostile" ]; then
  mkdir -p "$out/hostile"
  for f in "$hostile"/*; do
    [ -f "$f" ] && [ ! -L "$f" ] || continue
    case $f in *.docx|*.txt) cp "$f" "$out/hostile/" ;; esac
  done
fi
echo "$out"
