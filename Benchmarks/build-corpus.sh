#!/usr/bin/env bash
# Builds the two benchmark corpora, when missing, into the data folder:
#
#   debian-html.jsonl  ~15,000 real HTML pages from four Debian documentation packages (~137 MB)
#   splice-1m.jsonl    1,000,000 documents spliced from debian-html text, seed 7 (~1.9 GB)
#
# Usage: bash Benchmarks/build-corpus.sh [all|debian-html|splice-1m] [--force]
#   all (default)       build both; splice-1m also builds debian-html, which it is made from
#   --force             rebuild the requested files even if they exist
# Environment:
#   QUARRY_DATA=DIR     where the corpora go (default: Benchmarks/data/, ignored by git)
#   QUARRY_PEERS=DIR    the shared peer scripts (default: ../shared/peers/ next to the repository)
#
# The documentation packages are installed with apt-get when missing and the script runs as root;
# otherwise it stops and says what to install.
set -euo pipefail

repo="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
DATA="${QUARRY_DATA:-$repo/Benchmarks/data}"
PEERS="${QUARRY_PEERS:-$repo/../shared/peers}"
PACKAGES=(python3.11-doc postgresql-doc-15 openjdk-17-doc linux-doc-6.1)

force=0
want=all
for arg in "$@"; do
  case "$arg" in
    --force) force=1 ;;
    all|debian-html|splice-1m) want="$arg" ;;
    -h|--help) sed -n '2,15p' "$0" | sed 's/^# \{0,1\}//'; exit 0 ;;
    *) echo "unknown argument: $arg (try --help)" >&2; exit 2 ;;
  esac
done

for script in build_corpus.py splice_corpus.py; do
  if [[ ! -f "$PEERS/$script" ]]; then
    echo "error: $PEERS/$script not found; set QUARRY_PEERS to the folder holding the peer scripts" >&2
    exit 1
  fi
done
command -v python3 >/dev/null || { echo "error: python3 is needed" >&2; exit 1; }

mkdir -p "$DATA"
html="$DATA/debian-html.jsonl"
splice="$DATA/splice-1m.jsonl"

ensure_packages() {
  local missing=() p
  for p in "${PACKAGES[@]}"; do
    if ! dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q 'install ok installed'; then
      missing+=("$p")
    fi
  done
  (( ${#missing[@]} == 0 )) && return 0
  if [[ $(id -u) -eq 0 ]] && command -v apt-get >/dev/null; then
    echo "installing ${missing[*]} ..." >&2
    DEBIAN_FRONTEND=noninteractive apt-get install -y "${missing[@]}" ||
      { apt-get update && DEBIAN_FRONTEND=noninteractive apt-get install -y "${missing[@]}"; }
  else
    echo "error: missing documentation packages; install them first:" >&2
    echo "  sudo apt-get install -y ${missing[*]}" >&2
    exit 1
  fi
}

# Writes to a temporary name and renames at the end, so an interrupted build is not mistaken
# for a finished corpus.
force_html=$force
[[ $want == splice-1m ]] && force_html=0  # only its source, built when missing
if [[ $force_html -eq 1 || ! -s "$html" ]]; then
  ensure_packages
  echo "building $html ..." >&2
  python3 "$PEERS/build_corpus.py" debian-html "$html.partial"
  mv "$html.partial" "$html"
else
  echo "exists: $html" >&2
fi

if [[ $want == debian-html ]]; then
  outputs=("$html")
elif [[ $force -eq 1 || ! -s "$splice" ]]; then
  echo "building $splice (1M documents, ~1.9 GB) ..." >&2
  python3 "$PEERS/splice_corpus.py" "$splice.partial" 1000000 7 "$html"
  mv "$splice.partial" "$splice"
  outputs=("$html" "$splice")
else
  echo "exists: $splice" >&2
  outputs=("$html" "$splice")
fi

for f in "${outputs[@]}"; do
  printf '%s: %s documents, %s bytes\n' "$(basename "$f")" "$(wc -l <"$f" | tr -d ' ')" "$(stat -c %s "$f")"
done
