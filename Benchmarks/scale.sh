#!/usr/bin/env bash
# How Quarry's costs grow with the corpus: builds splice corpora of several sizes, indexes each
# (time, peak memory, index size), times the or / and / phrase query sets on each index, and prints
# a Markdown table per size, then one for all sizes, and draws a chart of cost against corpus size.
#
# Usage: bash Benchmarks/scale.sh [options]
#   --sizes "N ..."       corpus sizes in documents; k and M suffixes allowed (default "1M 3M 10M")
#   --tantivy-sizes "N ..."  sizes at which Tantivy indexes too, for reference (default "1M"; "" for none)
#   --threads N           indexing threads of Quarry and Tantivy alike (default: one per core)
#   --memory-mb N         passed to `quarry index --memory-mb` (default: quarry's own)
#   --runs N              per query, the best of N timed runs after a warm-up pass (default 3)
#   -k N                  hits per query (default 10)
#   --keep                keep each size's corpus and indexes (default: delete them after the size)
#   --skip-space-check    build even when the free disk space looks short
# Environment:
#   QUARRY_DATA=DIR       corpora, indexes and results (default: Benchmarks/data/, ignored by git)
#   QUARRY_PEERS=DIR      the shared peer scripts and queries (default: ../shared/peers/)
#   QUARRY_BIN=PATH       a quarry binary to use instead of building .build/release/quarry
#   QUARRY_INDEX_ARGS     extra arguments for `quarry index`
#
# Corpora: splice_corpus.py N 7 debian-html.jsonl (the seed and source of splice-1m, so the 1M
# corpus is splice-1m itself, and an existing $QUARRY_DATA/splice-<size>.jsonl with N lines is used
# as it is and never deleted). Each size needs about 1.9 GB of disk per million documents for the
# corpus plus room for the indexes (Quarry's about 1.5 GB per million, twice that while merging;
# Tantivy's about 1.8 GB, also doubled); the script checks before each size and stops if short.
# Memory: peak_memory.py samples the indexing process tree (peak anonymous and resident MB).
# Output: $QUARRY_DATA/results/scale-<timestamp>.jsonl (raw), .md (the tables) and .svg (the chart;
# skipped without matplotlib). Needs Linux (/proc, df, du -b), python3; Tantivy needs its package.
set -euo pipefail

repo="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
DATA="${QUARRY_DATA:-$repo/Benchmarks/data}"
PEERS="${QUARRY_PEERS:-$repo/../shared/peers}"
QUERIES="$PEERS/queries"
TABLE="$repo/Benchmarks/compare_table.py"
REPORT="$repo/Benchmarks/scale_report.py"
PEAK="$repo/Benchmarks/peak_memory.py"

sizes="1M 3M 10M" tantivy_sizes="1M" threads="$(nproc)" memory_mb="" runs=3 k=10 keep=0 space_check=1
usage() { sed -n '2,31p' "$0" | sed 's/^# \{0,1\}//'; }
need_value() { [[ $# -ge 2 && $2 =~ ^[0-9]+$ ]] || { echo "$1 needs a number" >&2; exit 2; }; }
need_list() { [[ $# -ge 2 ]] || { echo "$1 needs a list of sizes" >&2; exit 2; }; }
while [[ $# -gt 0 ]]; do
  case "$1" in
    --sizes) need_list "$@"; sizes="$2"; shift ;;
    --sizes=*) sizes="${1#*=}" ;;
    --tantivy-sizes) need_list "$@"; tantivy_sizes="$2"; shift ;;
    --tantivy-sizes=*) tantivy_sizes="${1#*=}" ;;
    --threads) need_value "$@"; threads="$2"; shift ;;
    --memory-mb) need_value "$@"; memory_mb="$2"; shift ;;
    --runs) need_value "$@"; runs="$2"; shift ;;
    -k) need_value "$@"; k="$2"; shift ;;
    --keep) keep=1 ;;
    --skip-space-check) space_check=0 ;;
    -h|--help) usage; exit 0 ;;
    *) echo "unknown argument: $1 (try --help)" >&2; exit 2 ;;
  esac
  shift
done

say() { printf '== %s\n' "$*" >&2; }

# "100k" -> 100000, "3M" -> 3000000, "20000" -> 20000
to_count() {
  local s="$1"
  case "$s" in
    *[kK]) s="${s%?}"; [[ $s =~ ^[0-9]+$ ]] && echo $((s * 1000)) && return ;;
    *[mM]) s="${s%?}"; [[ $s =~ ^[0-9]+$ ]] && echo $((s * 1000000)) && return ;;
    *) [[ $s =~ ^[0-9]+$ ]] && echo "$s" && return ;;
  esac
  echo "error: not a size: $1 (a number of documents, optionally with k or M)" >&2
  exit 2
}
# 1000000 -> 1m, 20000 -> 20k, 12345 -> 12345 (the name of the corpus file)
label_of() {
  local n="$1"
  if ((n % 1000000 == 0)); then echo "$((n / 1000000))m"
  elif ((n % 1000 == 0)); then echo "$((n / 1000))k"
  else echo "$n"; fi
}

counts=()
for s in $sizes; do counts+=("$(to_count "$s")"); done
((${#counts[@]} > 0)) || { echo "error: no sizes given" >&2; exit 2; }
tantivy_counts=" "
for s in $tantivy_sizes; do tantivy_counts+="$(to_count "$s") "; done

# --- prerequisites -------------------------------------------------------------------------------
for f in splice_corpus.py queries/or.txt queries/and.txt queries/phrase.txt; do
  [[ -f $PEERS/$f ]] || { echo "error: $PEERS/$f not found; set QUARRY_PEERS" >&2; exit 1; }
done
if [[ $tantivy_counts != " " ]] && ! python3 -c 'import tantivy' 2>/dev/null; then
  echo "error: the tantivy Python package is missing: pip install tantivy (or pass --tantivy-sizes \"\")" >&2
  exit 1
fi
[[ $tantivy_counts == " " || -f $PEERS/run_tantivy.py ]] ||
  { echo "error: $PEERS/run_tantivy.py not found; set QUARRY_PEERS" >&2; exit 1; }

source_corpus="$DATA/debian-html.jsonl"
if [[ ! -s $source_corpus ]]; then
  QUARRY_DATA="$DATA" QUARRY_PEERS="$PEERS" bash "$repo/Benchmarks/build-corpus.sh" debian-html
fi

if [[ -n ${QUARRY_BIN:-} ]]; then
  quarry="$QUARRY_BIN"
else
  say "swift build -c release"
  (cd "$repo" && swift build -c release)
  quarry="$repo/.build/release/quarry"
fi

# --- results file --------------------------------------------------------------------------------
stamp="$(date -u +%Y%m%dT%H%M%SZ)"
mkdir -p "$DATA/results" "$DATA/scale"
results="$DATA/results/scale-$stamp.jsonl"
: >"$results"
record() { python3 "$TABLE" annotate "$@" >>"$results"; }
failed() { echo "warning: $1 $2 failed at $3 documents; continuing" >&2; echo '{}' | record kind=error engine="$1" step="$2" size="$3"; }

peak="$(mktemp)"
partial=""
# On the way out: the temporary file, a corpus cut short, and a results file that got no results.
cleanup() {
  rm -f "$peak"
  [[ -z $partial ]] || rm -f "$partial"
  [[ $(wc -l <"$results") -gt 1 ]] || rm -f "$results"
}
trap cleanup EXIT

commit="$(git -C "$repo" rev-parse --short HEAD 2>/dev/null || echo unknown)"
echo '{}' | record kind=meta timestamp="$stamp" commit="$commit" cores="$(nproc)" sizes="${counts[*]}" \
  tantivy_sizes="${tantivy_counts# }" threads="$threads" memory_mb="${memory_mb:-default}" runs="$runs" k="$k"

size_of() { du -sb "$1" | cut -f1; }
free_bytes() { df -PB1 "$1" | awk 'NR == 2 { print $4 }'; }
gb() { awk -v b="$1" 'BEGIN { printf "%.1f", b / 1e9 }'; }

# --- one size at a time --------------------------------------------------------------------------
for n in "${counts[@]}"; do
  label="$(label_of "$n")"
  corpus_file="$DATA/splice-$label.jsonl"
  quarry_dir="$DATA/scale/quarry-$label"
  tantivy_dir="$DATA/scale/tantivy-$label"
  with_tantivy=0
  [[ $tantivy_counts == *" $n "* ]] && with_tantivy=1

  # A corpus already there is used only if it is whole (an interrupted build has fewer lines).
  built=0
  if [[ -e $corpus_file ]]; then
    have="$(wc -l <"$corpus_file" | tr -d ' ')"
    if [[ $have != "$n" ]]; then
      echo "error: $corpus_file has $have lines, not $n: still being written, or from another run;" \
        "move it away or wait for it" >&2
      exit 1
    fi
  fi

  # Disk: the corpus (when it is to be built) and the indexes, each index twice over while it merges
  # (bytes per document: corpus 1,900, Quarry's index 1,500, Tantivy's 1,800), and 1 GB spare.
  need=$((n * 1500 * 2 + 1000000000))
  [[ -e $corpus_file ]] || need=$((need + n * 1900))
  ((with_tantivy == 0)) || need=$((need + n * 1800 * 2))
  avail="$(free_bytes "$DATA")"
  if ((space_check == 1 && avail < need)); then
    echo "error: $n documents need about $(gb "$need") GB free in $DATA (corpus ~1.9 GB per million" \
      "documents unless present, indexes and their merges, 1 GB spare); only $(gb "$avail") GB is free." >&2
    echo "  Free some space, point QUARRY_DATA at a bigger disk, or pass smaller --sizes (--skip-space-check to try anyway)." >&2
    exit 1
  fi

  if [[ ! -e $corpus_file ]]; then
    say "building $corpus_file ($n documents, about $(gb $((n * 1900))) GB)"
    partial="$corpus_file.partial"
    t0=$SECONDS
    python3 "$PEERS/splice_corpus.py" "$partial" "$n" 7 "$source_corpus"
    mv "$partial" "$corpus_file"
    partial=""
    built=1
    echo '{}' | record kind=corpus size="$n" built=true seconds=$((SECONDS - t0)) bytes="$(stat -c %s "$corpus_file")"
  else
    say "using $corpus_file"
    echo '{}' | record kind=corpus size="$n" built=false bytes="$(stat -L -c %s "$corpus_file")"
  fi

  # Quarry: index from an empty folder, under peak_memory.py.
  say "Quarry: indexing $n documents ($threads thread(s))"
  rm -rf "$quarry_dir"
  extra=(--threads "$threads")
  [[ -z $memory_mb ]] || extra+=(--memory-mb "$memory_mb")
  # shellcheck disable=SC2086  # QUARRY_INDEX_ARGS is a list of words on purpose
  if out="$(python3 "$PEAK" "$peak" "$quarry" index "$corpus_file" --index "$quarry_dir" "${extra[@]}" \
      --json ${QUARRY_INDEX_ARGS:-})"; then
    printf '%s\n' "$out" | record --peak "$peak" kind=index engine=quarry size="$n" threads="$threads" \
      memory_mb="${memory_mb:-default}" index_bytes="$(size_of "$quarry_dir")"
    sync  # the index's writeback should not run under the query timings
    for mode in or and phrase; do
      say "Quarry: $mode at $n documents"
      if out="$("$quarry" bench --index "$quarry_dir" --queries "$QUERIES/$mode.txt" --mode "$mode" -k "$k" \
          --runs "$runs" --json)"; then
        printf '%s\n' "$out" | record kind=bench engine=quarry size="$n" queries="$mode.txt"
      else
        failed quarry "bench-$mode" "$n"
      fi
    done
  else
    failed quarry index "$n"
  fi
  ((keep == 1)) || rm -rf "$quarry_dir"

  if ((with_tantivy == 1)); then
    say "Tantivy: indexing $n documents ($threads thread(s))"
    if out="$(python3 "$PEAK" "$peak" python3 "$PEERS/run_tantivy.py" index "$corpus_file" "$tantivy_dir" \
        --threads "$threads")"; then
      printf '%s\n' "$out" | record --peak "$peak" kind=index engine=tantivy size="$n" \
        index_bytes="$(size_of "$tantivy_dir")"
    else
      failed tantivy index "$n"
    fi
    ((keep == 1)) || rm -rf "$tantivy_dir"
  fi

  if ((keep == 0 && built == 1)); then rm -f "$corpus_file"; fi
  python3 "$REPORT" table "$results" --size "$n"
  echo
done

# --- report --------------------------------------------------------------------------------------
python3 "$REPORT" table "$results" >"${results%.jsonl}.md"
echo "### All sizes"
echo
cat "${results%.jsonl}.md"
echo >&2
python3 "$REPORT" chart "$results" "${results%.jsonl}.svg" || echo "warning: no chart (scale_report.py failed)" >&2
echo "raw results: $results" >&2
