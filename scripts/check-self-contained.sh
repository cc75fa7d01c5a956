#!/usr/bin/env bash
# Fails (exit 1, one `file:line: reason` per finding) when a tracked file
# refers to a path outside this repository, so a fresh clone builds and tests
# on any machine. Markdown is exempt: docs may mention where things came from.
#
# Looked for, in every tracked text file except *.md:
#   - `../shared` (a sibling of the checkout);
#   - relative paths climbing above the repository root, counted from the
#     file's directory (for Rust files from their crate's directory, since
#     `CARGO_MANIFEST_DIR` and the test's working directory are the crate);
#   - absolute paths of this machine (`/work/...`) and home directories
#     (`$HOME/...`, `~/...`, `/home/<user>/...`, `/Users/<user>/...`, `/root/...`).
#
# Usage: scripts/check-self-contained.sh   (from anywhere inside the checkout)
set -euo pipefail
cd "$(git -C "$(dirname "$0")" rev-parse --show-toplevel)"

# Deliberate exceptions, as `path<TAB>fixed text on the line`:
#  - a UI test's mocked save dialog answers with a made-up home path;
#  - the e2e runner looks for tauri-driver where `cargo install` puts it.
allowed=$(printf '%s\t%s\n' \
  'ui/src/components/BulkCreateDialog.test.ts' '/home/me/keys.csv' \
  'tests/e2e/run.sh' '${CARGO_HOME:-$HOME/.cargo}/bin/tauri-driver' \
  'scripts/bench-ui.sh' '${CARGO_HOME:-$HOME/.cargo}/bin/tauri-driver')

# This script names the patterns it looks for, so it is not scanned itself.
pathspec=(-- . ':(exclude)*.md' ':(exclude)scripts/check-self-contained.sh')

# file:line:text of every line matching the extended regex $1.
hits() { git grep -nIE "$1" "${pathspec[@]}" || true; }

findings=$(
  {
    hits '\.\./shared([/"'"'"'[:space:]]|$)' | sed 's/^\([^:]*:[0-9]*\):.*/\1: refers to ..\/shared, outside the repository/'

    hits '(^|[^[:alnum:]_.-])/work/' | sed 's/^\([^:]*:[0-9]*\):.*/\1: absolute path under \/work/'

    hits '\$HOME|\$\{HOME\}|(^|[^[:alnum:]_.-])~/|(^|[^[:alnum:]_.-])/(home|Users)/[^/[:space:]]+/|(^|[^[:alnum:]_.-])/root/' |
      awk -v allowed="$allowed" '
        BEGIN { n = split(allowed, rows, "\n"); for (i = 1; i <= n; i++) { split(rows[i], f, "\t"); okpath[i] = f[1]; oktext[i] = f[2] } }
        {
          file = $0; sub(/:.*/, "", file)
          for (i = 1; i <= n; i++) if (file == okpath[i] && index($0, oktext[i])) next
          match($0, /^[^:]*:[0-9]*/); print substr($0, 1, RLENGTH) ": path in a home directory"
        }'

    # Relative paths: the longest run of ../ on the line against the depth of
    # the directory it is resolved from.
    crates=$(git ls-files '*Cargo.toml' ':(exclude)*/fixtures/*' | sed 's#/*Cargo.toml$##')
    hits '\.\./' | awk -v crates="$crates" '
      function depth(dir) { return dir == "" ? 0 : gsub("/", "/", dir) + 1 }
      BEGIN { n = split(crates, c, "\n") }
      {
        match($0, /^[^:]*:[0-9]*:/); loc = substr($0, 1, RLENGTH - 1); text = substr($0, RLENGTH + 1)
        file = loc; sub(/:[0-9]*$/, "", file)
        dir = file; if (!sub(/\/[^\/]*$/, "", dir)) dir = ""
        base = dir
        if (file ~ /\.rs$/) {
          # Deepest crate directory containing the file.
          best = -1
          for (i = 1; i <= n; i++) {
            if (c[i] == "" || index(file, c[i] "/") == 1) {
              if (depth(c[i]) > best) { best = depth(c[i]); base = c[i] }
            }
          }
        }
        most = 0; rest = text
        while (match(rest, /(\.\.\/)+/)) {
          ups = RLENGTH / 3; if (ups > most) most = ups
          rest = substr(rest, RSTART + RLENGTH)
        }
        if (most > depth(base))
          printf "%s: climbs %d directories from %s/, above the repository root\n", loc, most, (base == "" ? "." : base)
      }'
  } | sort -t: -k1,1 -k2,2n | uniq
)

if [ -n "$findings" ]; then
  echo "References outside the repository:" >&2
  echo "$findings" >&2
  exit 1
fi
echo "self-contained: no tracked file refers to a path outside the repository"
