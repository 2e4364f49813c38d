#!/usr/bin/env bash
# Compares Quarry with its peers (Tantivy, SQLite FTS5) on one benchmark corpus, same queries.
#
# Usage: bash Benchmarks/compare-peers.sh [debian-html|splice-1m] [options]
#   --reindex             rebuild the peers' indexes even if they exist (Quarry always reindexes)
#   --skip-sqlite         leave SQLite out (on splice-1m it needs minutes per OR run)
#   --skip-tantivy        leave Tantivy out
#   --runs N              per query, the best of N timed runs after a warm-up pass (default 3)
#   -k N                  hits per query (default 10)
#   --tantivy-threads N   Tantivy indexing threads (default 1 on debian-html, 2 on splice-1m)
# Environment:
#   QUARRY_DATA=DIR       corpora, indexes and results (default: Benchmarks/data/, ignored by git)
#   QUARRY_PEERS=DIR      the shared peer scripts and queries (default: ../shared/peers/)
#   QUARRY_BIN=PATH       a quarry binary to use instead of building .build/release/quarry
#   QUARRY_INDEX_ARGS     extra arguments for `quarry index`
#
# Steps: build the corpus when missing (build-corpus.sh), `swift build -c release`, index with each
# engine (timed; Quarry under /usr/bin/time -v for peak RSS), measure index sizes with du -sb, run the
# or / and / phrase / count query sets on each engine, and print Markdown tables. Raw JSON lines go
# to $QUARRY_DATA/results/compare-<corpus>-<timestamp>.jsonl, the tables next to them as .md.
# Needs Linux tools (GNU time, du -b), python3 with the `tantivy` package (pip install tantivy);
# SQLite comes with Python.
set -euo pipefail

repo="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
DATA="${QUARRY_DATA:-$repo/Benchmarks/data}"
PEERS="${QUARRY_PEERS:-$repo/../shared/peers}"
QUERIES="$PEERS/queries"
TABLE="$repo/Benchmarks/compare_table.py"

corpus=debian-html
reindex=0 skip_sqlite=0 skip_tantivy=0 runs=3 k=10 tantivy_threads=""
usage() { sed -n '2,22p' "$0" | sed 's/^# \{0,1\}//'; }
need_value() { [[ $# -ge 2 && $2 =~ ^[0-9]+$ ]] || { echo "$1 needs a number" >&2; exit 2; }; }
while [[ $# -gt 0 ]]; do
  case "$1" in
    --reindex) reindex=1 ;;
    --skip-sqlite) skip_sqlite=1 ;;
    --skip-tantivy) skip_tantivy=1 ;;
    --runs) need_value "$@"; runs="$2"; shift ;;
    --runs=*) runs="${1#*=}" ;;
    -k) need_value "$@"; k="$2"; shift ;;
    --tantivy-threads) need_value "$@"; tantivy_threads="$2"; shift ;;
    -h|--help) usage; exit 0 ;;
    -*) echo "unknown option: $1 (try --help)" >&2; exit 2 ;;
    *) corpus="$1" ;;
  esac
  shift
done
if [[ -z $tantivy_threads ]]; then
  if [[ $corpus == splice-1m ]]; then tantivy_threads=2; else tantivy_threads=1; fi
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
  runs="$runs" k="$k" docs="$docs" corpus_bytes="$(stat -c %s "$corpus_file")"

size_of() { du -sb "$1" | cut -f1; }

# --- indexing ------------------------------------------------------------------------------------
quarry_dir="$DATA/quarry-$corpus"
say "Quarry: indexing $corpus_file"
timing="$(mktemp)"
trap 'rm -f "$timing"' EXIT
timer=()
if [[ -x /usr/bin/time ]]; then timer=(/usr/bin/time -v -o "$timing"); else echo "note: /usr/bin/time not found; no peak RSS for Quarry" >&2; fi
# shellcheck disable=SC2086  # QUARRY_INDEX_ARGS is a list of words on purpose
if out="$(${timer[@]+"${timer[@]}"} "$quarry" index "$corpus_file" --index "$quarry_dir" --json ${QUARRY_INDEX_ARGS:-})"; then
  printf '%s\n' "$out" | record --time-v "$timing" kind=index engine=quarry corpus="$corpus" \
    index_bytes="$(size_of "$quarry_dir")"
else
  failed quarry index
fi

# Indexes a peer unless a finished index (the index and the JSON its build printed) is already there.
#   index_peer ENGINE SCRIPT INDEX_PATH [EXTRA ARGS...]
index_peer() {
  local engine="$1" script="$2" path="$3"; shift 3
  local sidecar="$path.index.json"
  if [[ $reindex -eq 0 && -e $path && -s $sidecar ]]; then
    say "$engine: reusing $path"
    record kind=index engine="$engine" corpus="$corpus" cached=true index_bytes="$(size_of "$path")" <"$sidecar"
    return
  fi
  say "$engine: indexing $corpus_file"
  rm -f "$sidecar"
  if python3 "$PEERS/$script" index "$corpus_file" "$path" "$@" >"$sidecar.partial"; then
    mv "$sidecar.partial" "$sidecar"
    record kind=index engine="$engine" corpus="$corpus" index_bytes="$(size_of "$path")" <"$sidecar"
  else
    rm -f "$sidecar.partial"
    failed "$engine" index
  fi
}

tantivy_dir="$DATA/tantivy-$corpus"
sqlite_db="$DATA/sqlite-$corpus.db"
[[ $skip_tantivy -eq 1 ]] || index_peer tantivy run_tantivy.py "$tantivy_dir" --threads "$tantivy_threads"
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
echo "raw results: $results" >&2
