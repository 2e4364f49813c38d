#!/usr/bin/env bash
# Ranking quality of Quarry on the judged test collections, beside the peers' BM25 figures.
#
# Usage: bash Benchmarks/relevance.sh [collection ...]
#   collection            folder names under the collections folder (default: every folder there
#                         that holds docs.jsonl, queries.tsv and qrels.txt)
# Environment:
#   QUARRY_COLLECTIONS=DIR the collections and their README.md with the peers' figures
#                         (default: ../shared/collections/ next to the repository)
#   QUARRY_DATA=DIR       indexes, converted queries, runs and scores (default: Benchmarks/data/,
#                         ignored by git); written under DIR/relevance/
#   QUARRY_BIN=PATH       a quarry binary to use instead of building .build/release/quarry
#
# For each collection and analyzer (plain; english too when `quarry index --help` lists --analyzer):
# index docs.jsonl (title and body, id stored), turn every run of non-alphanumeric characters of
# each query into a space, run `quarry search --queries ... --format trec -k 1000`, score the run
# with `quarry eval --json`, and print one Markdown table per collection with the peers' rows
# (from the README between <!-- peers:begin --> and <!-- peers:end -->). Needs python3 (standard
# library only).
set -euo pipefail

repo="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
COLLECTIONS="${QUARRY_COLLECTIONS:-$repo/../shared/collections}"
DATA="${QUARRY_DATA:-$repo/Benchmarks/data}/relevance"
TABLE="$repo/Benchmarks/relevance_table.py"

case "${1:-}" in -h|--help) sed -n '2,19p' "$0" | sed 's/^# \{0,1\}//'; exit 0 ;; esac
[[ -d "$COLLECTIONS" ]] || { echo "no collections folder at $COLLECTIONS (set QUARRY_COLLECTIONS)" >&2; exit 1; }

if [[ -n "${QUARRY_BIN:-}" ]]; then
  quarry="$QUARRY_BIN"
else
  echo "Building quarry (release)..." >&2
  (cd "$repo" && swift build -c release --product quarry >&2)
  quarry="$repo/.build/release/quarry"
fi

analyzers=(plain)
plain_args=()
if "$quarry" index --help | grep -q -- --analyzer; then
  analyzers+=(english)
  # Name the plain analyzer only if the option knows it; otherwise it is the default.
  if "$quarry" index --help | grep -q plain; then plain_args=(--analyzer plain); fi
else
  echo "note: this quarry has no \`index --analyzer\`: english rows skipped" >&2
fi

if [[ $# -gt 0 ]]; then
  names=("$@")
else
  names=()
  for dir in "$COLLECTIONS"/*/; do
    dir="${dir%/}"
    [[ -f "$dir/docs.jsonl" && -f "$dir/queries.tsv" && -f "$dir/qrels.txt" ]] && names+=("$(basename "$dir")")
  done
fi
[[ ${#names[@]} -gt 0 ]] || { echo "no collections found in $COLLECTIONS" >&2; exit 1; }

mkdir -p "$DATA"
results="$DATA/results.jsonl"
: > "$results"
for name in "${names[@]}"; do
  src="$COLLECTIONS/$name"
  [[ -f "$src/docs.jsonl" ]] || { echo "no collection $name in $COLLECTIONS" >&2; exit 1; }
  out="$DATA/$name"
  mkdir -p "$out"
  # Query syntax characters stripped: every run of non-alphanumeric characters becomes a space.
  python3 "$TABLE" queries "$src/queries.tsv" > "$out/queries.tsv"
  for analyzer in "${analyzers[@]}"; do
    if [[ $analyzer == plain ]]; then args=("${plain_args[@]}"); else args=(--analyzer "$analyzer"); fi
    echo "$name / $analyzer: indexing, searching, scoring..." >&2
    "$quarry" index "$src/docs.jsonl" --index "$out/index-$analyzer" ${args[@]+"${args[@]}"} > "$out/index-$analyzer.log" 2>&1 \
      || { cat "$out/index-$analyzer.log" >&2; exit 1; }
    "$quarry" search --index "$out/index-$analyzer" --queries "$out/queries.tsv" --format trec \
      --run-id "quarry-$analyzer" -k 1000 > "$out/run-$analyzer.txt" 2> "$out/search-$analyzer.log" \
      || { cat "$out/search-$analyzer.log" >&2; exit 1; }
    "$quarry" eval --qrels "$src/qrels.txt" "$out/run-$analyzer.txt" --json > "$out/eval-$analyzer.json"
    python3 "$TABLE" result "$name" "quarry ($analyzer)" "$out/eval-$analyzer.json" >> "$results"
  done
done

python3 "$TABLE" table "$results" "$COLLECTIONS/README.md" "${analyzers[*]}"
