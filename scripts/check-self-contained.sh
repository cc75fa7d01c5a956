#!/usr/bin/env bash
# Fails (exit 1, one `file:line: reason` per finding) when a tracked file
# refers to a path outside this repository, so a fresh clone builds and tests
# on any machine. Markdown is exempt: docs may mention where things came from.
#
# Looked for, in every tracked text file except *.md:
#   - the sibling folder `shared` next to the checkout, reached with `../`;
#   - relative paths (`../`, or `..\` as Windows writes them) climbing above
#     the repository root, counted from the file's directory; for Rust files
#     from their crate's directory (`CARGO_MANIFEST_DIR` and the test's
#     working directory are the crate), for shell scripts from the root (they
#     change to it first);
#   - in Rust, chains of `.parent()` on `CARGO_MANIFEST_DIR` that climb as far;
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

# This script names the patterns it looks for, and its test writes files
# that break them on purpose, so neither is scanned.
pathspec=(-- . ':(exclude)*.md' ':(exclude)scripts/check-self-contained.sh'
  ':(exclude)scripts/check-self-contained.test.sh')

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
    hits '\.\.[/\\]' | awk -v crates="$crates" '
      function depth(dir) { return dir == "" ? 0 : gsub("/", "/", dir) + 1 }
      BEGIN { n = split(crates, c, "\n") }
      {
        match($0, /^[^:]*:[0-9]*:/); loc = substr($0, 1, RLENGTH - 1); text = substr($0, RLENGTH + 1)
        file = loc; sub(/:[0-9]*$/, "", file)
        dir = file; if (!sub(/\/[^\/]*$/, "", dir)) dir = ""
        base = dir
        # Scripts change to the root first; only a path built on the folder
        # of the script itself (`$(dirname "$0")/..`) counts from there.
        if ((file ~ /\.sh$/ || file == ".ci/run") && text !~ /dirname "\$(0|\{BASH_SOURCE\[0\]\})"\)\//) base = ""
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
        while (match(rest, /(\.\.[\/\\])+/)) {
          ups = RLENGTH / 3; if (ups > most) most = ups
          rest = substr(rest, RSTART + RLENGTH)
        }
        if (most > depth(base))
          printf "%s: climbs %d directories from %s/, above the repository root\n", loc, most, (base == "" ? "." : base)
      }'

    # `.parent()` chains on `CARGO_MANIFEST_DIR` in Rust (rustfmt puts each
    # call on its own line, so whole files are read), against the depth of
    # the file's crate.
    git ls-files '*.rs' | while read -r file; do
      base=$(echo "$crates" | awk -v f="$file" '
        BEGIN { best = -1; dir = "" }
        { if ($0 == "" || index(f, $0 "/") == 1) { d = ($0 == "" ? 0 : gsub("/", "/") + 1); if (d > best) best = d } }
        END { print best < 0 ? 0 : best }')
      FILE="$file" DEPTH="$base" perl -0ne '
        my ($file, $depth) = ($ENV{FILE}, $ENV{DEPTH});
        while (/CARGO_MANIFEST_DIR[^;]*?((?:\.parent\(\)(?:\s*\.(?:unwrap|expect)\([^()]*\))?\??\s*)+)/gs) {
          my ($chain, $at) = ($1, $-[1]);
          my $line = 1 + (() = substr($_, 0, $at) =~ /\n/g);
          my $ups = () = $chain =~ /\.parent\(\)/g;
          print "$file:$line: climbs $ups directories with .parent(), above the repository root\n" if $ups > $depth;
        }' < "$file"
    done
  } | sort -t: -k1,1 -k2,2n | uniq
)

if [ -n "$findings" ]; then
  echo "References outside the repository:" >&2
  echo "$findings" >&2
  exit 1
fi
echo "self-contained: no tracked file refers to a path outside the repository"
