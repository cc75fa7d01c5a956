#!/usr/bin/env bash
# UI benchmark: the real Keyhold window (release build) at 10,000 keys and
# 50 ms of simulated latency — search keystrokes, sign-in to the full list,
# memory, idle CPU, opening a key's page and the overview's work over 30
# days of activity. Builds what it needs, then runs tests/bench-ui under
# Xvfb in a private keyring session. Ends with six summary lines:
#   ui-filter-10k-p95-ms, ui-list-10k-50ms-speedup, ui-pss-10k-vs-signin,
#   ui-idle-cpu-max-pct, ui-key-page-ms, ui-overview-10k-ms
# BENCH_IDLE_SECS=N shortens the 30 s idle measurement of each screen;
# BENCH_QUICK=1 stops after sign-in, memory and the keystrokes.
set -euo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"
cd "$root"
export CARGO_TARGET_DIR="${CARGO_TARGET_DIR:-$root/target}"

if [ ! -d ui/node_modules ]; then
  (cd ui && (npm ci || npm install --no-save))
fi
(cd ui && npm run build --silent)

# The environment switches (KEYHOLD_API_BASE) work in a release build only
# with the dev-switches feature.
cargo build --release --features dev-switches -p keyhold
cargo build --release -p keyhold-bench-ui

command -v tauri-driver >/dev/null || [ -x "${CARGO_HOME:-$HOME/.cargo}/bin/tauri-driver" ] \
  || cargo install tauri-driver --version '^2' --locked

export KEYHOLD_BENCH_APP="$CARGO_TARGET_DIR/release/keyhold"
exec "$root/scripts/with-keyring.sh" xvfb-run -a -s "-screen 0 1280x800x24" \
  "$CARGO_TARGET_DIR/release/bench-ui"
