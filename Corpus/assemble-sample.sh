#!/usr/bin/env bash
# Rebuilds the HTML sample in Corpus/python-docs/ and Corpus/postgresql-docs/ from Debian's
# documentation packages. Needs:
#
#   apt-get install -y python3.11-doc postgresql-doc-15
#
# The selection is deterministic: all .html files of a package's html/ folder, sorted bytewise by
# relative path, minus index-style pages (genindex*, search, py-modindex) and anything outside a
# size window; then every Nth of that list, starting with the first. Symlinks are resolved, so the
# sample holds real files. Only .html files are copied (no images, scripts or style sheets).
#
# Package versions of the committed sample: python3.11-doc 3.11.2-6+deb12u9,
# postgresql-doc-15 15.20-0+deb12u1. Other versions give a similar, not identical, sample.
set -euo pipefail

here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"

PYTHON_ROOT="${PYTHON_DOC_ROOT:-/usr/share/doc/python3.11-doc/html}"
POSTGRES_ROOT="${POSTGRES_DOC_ROOT:-/usr/share/doc/postgresql-doc-15/html}"

# name  source-root  min-bytes  max-bytes  every-Nth
SETS=(
  "python-docs   $PYTHON_ROOT   4096 81920  2"
  "postgresql-docs $POSTGRES_ROOT 4096 307200 7"
)

# Prints the selected relative paths of one documentation tree, one a line.
select_pages() {
  local root="$1" min="$2" max="$3" step="$4"
  (cd "$root" && find -L . -type f -name '*.html' -not -path './_*' | sed 's|^\./||' | LC_ALL=C sort) |
    while IFS= read -r rel; do
      case "$(basename "$rel")" in
        genindex*|search.html|py-modindex.html|modindex*) continue ;;
      esac
      size=$(stat -L -c %s "$root/$rel")
      if (( size >= min && size <= max )); then
        printf '%s\n' "$rel"
      fi
    done |
    awk -v n="$step" '(NR - 1) % n == 0'
}

for set in "${SETS[@]}"; do
  read -r name root min max step <<<"$set"
  if [[ ! -d "$root" ]]; then
    echo "error: $root not found; install the Debian package first:" >&2
    echo "  apt-get install -y python3.11-doc postgresql-doc-15" >&2
    exit 1
  fi
  dest="$here/$name"
  rm -rf "$dest"
  count=0
  while IFS= read -r rel; do
    mkdir -p "$dest/$(dirname "$rel")"
    cp --dereference "$root/$rel" "$dest/$rel"
    chmod 0644 "$dest/$rel"
    count=$((count + 1))
  done < <(select_pages "$root" "$min" "$max" "$step")
  echo "$name: $count pages, $(du -sh "$dest" | cut -f1)"
done
echo "Corpus total: $(du -sh "$here" | cut -f1)"
