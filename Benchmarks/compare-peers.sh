#!/usr/bin/env bash
# Compares Quarry with its peers (Tantivy, Lucene, SQLite FTS5) on one benchmark corpus, same queries.
#
# Usage: bash Benchmarks/compare-peers.sh [debian-html|splice-1m] [options]
#   --reindex             rebuild the peers' indexes even if they exist (Quarry always reindexes)
#   --skip-sqlite         leave SQLite out (on splice-1m it needs minutes per OR run)
#   --skip-tantivy        leave Tantivy out
#   --skip-lucene         leave Lucene out
#   --runs N              per query, the best of N timed runs after a warm-up pass (default 3)
#   -k N                  hits per query (default 10)
#   --threads N           indexing threads of Quarry, Tantivy and Lucene alike (default 1 on
#                         debian-html, 2 on splice-1m; SQLite indexes on one); --tantivy-threads N
#                         is the same option under its old name
# Environment:
#   QUARRY_DATA=DIR       corpora, indexes and results (default: Benchmarks/data/, ignored by git)
#   QUARRY_PEERS=DIR      the shared peer scripts and queries (default: ../shared/peers/)
#   QUARRY_BIN=PATH       a quarry binary to use instead of building .build/release/quarry
#   QUARRY_INDEX_ARGS     extra arguments for `quarry index`
#
# Steps: build the corpus when missing (build-corpus.sh), `swift build -c release`, index with each
# engine (timed; peak memory of each engine's process tree sampled by peak_memory.py), measure index
# sizes with du -sb, run the or / and / phrase / count query sets on each engine, and print Markdown
# tables. Raw JSON lines go to $QUARRY_DATA/results/compare-<corpus>-<timestamp>.jsonl, the tables
# next to them as .md and a latency chart as .svg (compare_chart.py; skipped without matplotlib).
# Needs Linux (/proc, du -b), python3 with the `tantivy` package (pip install tantivy), Java 17 and
# Lucene 8.7 (apt-get install default-jre-headless liblucene8-java); SQLite comes with Python.
set -euo pipefail

repo="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
DATA="${QUARRY_DATA:-$repo/Benchmarks/data}"
PEERS="${QUARRY_PEERS:-$repo/../shared/peers}"
QUERIES="$PEERS/queries"
TABLE="$repo/Benchmarks/compare_table.py"
CHART="$repo/Benchmarks/compare_chart.py"
PEAK="$repo/Benchmarks/peak_memory.py"

corpus=debian-html
reindex=0 skip_sqlite=0 skip_tantivy=0 skip_lucene=0 runs=3 k=10 threads=""
usage() { sed -n '2,26p' "$0" | sed 's/^# \{0,1\}//'; }
need_value() { [[ $# -ge 2 && $2 =~ ^[0-9]+$ ]] || { echo "$1 needs a number" >&2; exit 2; }; }
while [[ $# -gt 0 ]]; do
  case "$1" in
    --reindex) reindex=1 ;;
    --skip-sqlite) skip_sqlite=1 ;;
    --skip-tantivy) skip_tantivy=1 ;;
    --skip-lucene) skip_lucene=1 ;;
    --runs) need_value "$@"; runs="$2"; shift ;;
    --runs=*) runs="${1#*=}" ;;
    -k) need_value "$@"; k="$2"; shift ;;
    --threads|--tantivy-threads) need_value "$@"; threads="$2"; shift ;;
    -h|--help) usage; exit 0 ;;
    -*) echo "unknown option: $1 (try --help)" >&2; exit 2 ;;
    *) corpus="$1" ;;
  esac
  shift
done
if [[ -z $threads ]]; then
  if [[ $corpus == splice-1m ]]; then threads=2; else threads=1; fi
fi

say() { printf '== %s\n' "$*" >&2; }

# --- corpus --------------------------------------------------------------------------------------
corpus_file="$DATA/$corpus.jsonl"
if [[ ! -s $corpus_file ]]; then
  case "$corpus" in
    debian-html|splice-1m) QUARRY_DATA="$DATA" QUARRY_PEERS="$PEERS" bash "$repo/Benchmarks/build-corpus.sh" "$corpus" ;;
    *) echo "error: $corpus_file not found (known corpora: debian-html, splice-1m)" >&2; exit 1 ;;
  esac
fi
for f in or.txt and.txt phrase.txt; do
  [[ -f $QUERIES/$f ]] || { echo "error: $QUERIES/$f not found; set QUARRY_PEERS" >&2; exit 1; }
done
if [[ $skip_tantivy -eq 0 ]] && ! python3 -c 'import tantivy' 2>/dev/null; then
  echo "error: the tantivy Python package is missing: pip install tantivy (or pass --skip-tantivy)" >&2
  exit 1
fi
if [[ $skip_lucene -eq 0 ]]; then
  lucene_missing=()
  command -v java >/dev/null || lucene_missing+=("java (Java 17 or later)")
  for jar in lucene-core-8.7.0.jar lucene-analyzers-common-8.7.0.jar; do
    [[ -f /usr/share/java/$jar ]] || lucene_missing+=("/usr/share/java/$jar")
  done
  for f in run_lucene.py RunLucene.java; do
    [[ -f $PEERS/$f ]] || lucene_missing+=("$PEERS/$f (set QUARRY_PEERS)")
  done
  if (( ${#lucene_missing[@]} > 0 )); then
    echo "error: Lucene cannot run; missing:" >&2
    printf '  %s\n' "${lucene_missing[@]}" >&2
    echo "Java and Lucene 8.7: apt-get install -y default-jre-headless liblucene8-java (or pass --skip-lucene)" >&2
    exit 1
  fi
fi

# --- Quarry binary -------------------------------------------------------------------------------
if [[ -n ${QUARRY_BIN:-} ]]; then
  quarry="$QUARRY_BIN"
else
  say "swift build -c release"
  (cd "$repo" && swift build -c release)
  quarry="$repo/.build/release/quarry"
fi

# --- results file --------------------------------------------------------------------------------
stamp="$(date -u +%Y%m%dT%H%M%SZ)"
mkdir -p "$DATA/results"
results="$DATA/results/compare-$corpus-$stamp.jsonl"
: >"$results"
record() { python3 "$TABLE" annotate "$@" >>"$results"; }
failed() { echo "warning: $1 $2 failed; continuing" >&2; echo '{}' | record kind=error engine="$1" step="$2"; }

commit="$(git -C "$repo" rev-parse --short HEAD 2>/dev/null || echo unknown)"
docs="$(wc -l <"$corpus_file" | tr -d ' ')"
echo '{}' | record kind=meta corpus="$corpus" timestamp="$stamp" commit="$commit" cores="$(nproc)" \
  runs="$runs" k="$k" threads="$threads" docs="$docs" corpus_bytes="$(stat -L -c %s "$corpus_file")"

size_of() { du -sb "$1" | cut -f1; }

# --- indexing ------------------------------------------------------------------------------------
# Every engine's indexing runs under peak_memory.py, which samples the memory of its process tree
# (for a peer: the Python driver, and Lucene's JVM) and writes the peaks to a JSON file.
peak="$(mktemp)"
trap 'rm -f "$peak"' EXIT

# Quarry starts from an empty folder: on an existing index `quarry index` only reads what changed.
quarry_dir="$DATA/quarry-$corpus"
say "Quarry: indexing $corpus_file ($threads thread(s))"
rm -rf "$quarry_dir"
# shellcheck disable=SC2086  # QUARRY_INDEX_ARGS is a list of words on purpose
if out="$(python3 "$PEAK" "$peak" "$quarry" index "$corpus_file" --index "$quarry_dir" --threads "$threads" \
    --json ${QUARRY_INDEX_ARGS:-})"; then
  printf '%s\n' "$out" | record --peak "$peak" kind=index engine=quarry corpus="$corpus" threads="$threads" \
    index_bytes="$(size_of "$quarry_dir")"
else
  failed quarry index
fi

# Indexes a peer unless a finished index (the index and the JSON its build printed) is already there.
#   index_peer ENGINE SCRIPT INDEX_PATH [EXTRA ARGS...]
index_peer() {
  local engine="$1" script="$2" path="$3"; shift 3
  local sidecar="$path.index.json" peak_sidecar="$path.peak.json"
  if [[ $reindex -eq 0 && -e $path && -s $sidecar ]]; then
    say "$engine: reusing $path"
    record --peak "$peak_sidecar" kind=index engine="$engine" corpus="$corpus" cached=true \
      index_bytes="$(size_of "$path")" <"$sidecar"
    return
  fi
  say "$engine: indexing $corpus_file"
  rm -rf "$sidecar" "$peak_sidecar" "$path"
  if python3 "$PEAK" "$peak" python3 "$PEERS/$script" index "$corpus_file" "$path" "$@" >"$sidecar.partial"; then
    mv "$sidecar.partial" "$sidecar"
    cp "$peak" "$peak_sidecar"
    record --peak "$peak" kind=index engine="$engine" corpus="$corpus" index_bytes="$(size_of "$path")" <"$sidecar"
  else
    rm -f "$sidecar.partial"
    failed "$engine" index
  fi
}

tantivy_dir="$DATA/tantivy-$corpus"
lucene_dir="$DATA/lucene-$corpus"
sqlite_db="$DATA/sqlite-$corpus.db"
[[ $skip_tantivy -eq 1 ]] || index_peer tantivy run_tantivy.py "$tantivy_dir" --threads "$threads"
[[ $skip_lucene -eq 1 ]] || index_peer lucene run_lucene.py "$lucene_dir" --threads "$threads"
[[ $skip_sqlite -eq 1 ]] || index_peer sqlite-fts5 run_sqlite.py "$sqlite_db"

# --- queries -------------------------------------------------------------------------------------
# Flush the freshly written index first, so its writeback does not run under the query timings.
sync
queries_for() { case "$1" in or) echo or.txt ;; phrase) echo phrase.txt ;; *) echo and.txt ;; esac; }

for mode in or and phrase count; do
  qf="$QUERIES/$(queries_for "$mode")"
  say "Quarry: $mode"
  if out="$("$quarry" bench --index "$quarry_dir" --queries "$qf" --mode "$mode" -k "$k" --runs "$runs" --json)"; then
    printf '%s\n' "$out" | record kind=bench engine=quarry corpus="$corpus" queries="$(basename "$qf")"
  else
    failed quarry "bench-$mode"
  fi
  if [[ $skip_tantivy -eq 0 ]]; then
    say "Tantivy: $mode"
    if out="$(python3 "$PEERS/run_tantivy.py" bench "$tantivy_dir" "$qf" --mode "$mode" -k "$k" --runs "$runs")"; then
      printf '%s\n' "$out" | record kind=bench engine=tantivy corpus="$corpus" queries="$(basename "$qf")"
    else
      failed tantivy "bench-$mode"
    fi
  fi
  if [[ $skip_lucene -eq 0 ]]; then
    say "Lucene: $mode"
    if out="$(python3 "$PEERS/run_lucene.py" bench "$lucene_dir" "$qf" --mode "$mode" -k "$k" --runs "$runs")"; then
      printf '%s\n' "$out" | record kind=bench engine=lucene corpus="$corpus" queries="$(basename "$qf")"
    else
      failed lucene "bench-$mode"
    fi
  fi
  if [[ $skip_sqlite -eq 0 ]]; then
    say "SQLite FTS5: $mode"
    if out="$(python3 "$PEERS/run_sqlite.py" bench "$sqlite_db" "$qf" --mode "$mode" -k "$k" --runs "$runs")"; then
      printf '%s\n' "$out" | record kind=bench engine=sqlite-fts5 corpus="$corpus" queries="$(basename "$qf")"
    else
      failed sqlite-fts5 "bench-$mode"
    fi
  fi
done

# --- report --------------------------------------------------------------------------------------
python3 "$TABLE" table "$results" | tee "${results%.jsonl}.md"
echo >&2
python3 "$CHART" "$results" "${results%.jsonl}.svg" || echo "warning: no chart (compare_chart.py failed)" >&2
echo "raw results: $results" >&2
