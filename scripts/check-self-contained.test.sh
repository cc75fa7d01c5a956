#!/usr/bin/env bash
# Tests of check-self-contained.sh: in a scratch repository, it must name each
# file that reaches outside the repository, and nothing else.
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
scratch=$(mktemp -d)
trap 'rm -rf "$scratch"' EXIT
cd "$scratch"
git init -q .
mkdir -p scripts crates/a/tests tools
cp "$here/check-self-contained.sh" scripts/

printf '[package]\nname = "a"\n' > crates/a/Cargo.toml
# Inside: two levels up from a crate two levels deep.
printf 'const C: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/../../contract/x");\n' > crates/a/tests/inside.rs
printf 'root="$(cd "$(dirname "$0")/.." && pwd)"\ncd "$root"\n' > scripts/inside.sh
printf 'fn p() -> std::path::PathBuf {\n    std::path::Path::new(env!("CARGO_MANIFEST_DIR"))\n        .parent()\n        .unwrap()\n        .parent()\n        .unwrap()\n        .join("contract")\n}\n' > crates/a/tests/two_up.rs
# Outside, each in another way.
printf 'fn p() -> std::path::PathBuf {\n    std::path::Path::new(env!("CARGO_MANIFEST_DIR"))\n        .parent()\n        .unwrap()\n        .parent()\n        .unwrap()\n        .parent()\n        .unwrap()\n        .to_path_buf()\n}\n' > crates/a/tests/parents.rs
printf 'cd "$(git rev-parse --show-toplevel)"\ncat ../outside.txt\n' > scripts/from_root.sh
printf 'Copy-Item ..\\..\\secret.txt .\n' > tools/windows.ps1
# The sibling folder's name is put together so this file never names it.
printf 'see ../%s/openrouter\n' shared > notes.txt
git add -A

fail() { echo "check-self-contained.test: $*" >&2; exit 1; }
out=$(scripts/check-self-contained.sh 2>&1) && fail "passed with references outside the repository"
for want in crates/a/tests/parents.rs:3 scripts/from_root.sh:2 tools/windows.ps1:1 notes.txt:1; do
  grep -q "^$want: " <<<"$out" || fail "did not name $want; it said: $out"
done
for clean in inside.rs inside.sh two_up.rs Cargo.toml; do
  if grep -q "$clean" <<<"$out"; then fail "named $clean, which stays inside: $out"; fi
done

git rm -qf crates/a/tests/parents.rs scripts/from_root.sh tools/windows.ps1 notes.txt
scripts/check-self-contained.sh >/dev/null 2>&1 || fail "failed on a repository that stays inside"
echo "check-self-contained.test: ok"
