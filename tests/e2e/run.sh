#!/usr/bin/env bash
# Builds what the end-to-end tests drive (UI, debug app, tauri-driver) and runs
# them headless: Xvfb + a private D-Bus session with an unlocked gnome-keyring.
# Extra arguments go to the test binary, e.g. `tests/e2e/run.sh --nocapture`.
set -euo pipefail
root="$(cd "$(dirname "$0")/../.." && pwd)"
cd "$root"
[ -d ui/node_modules ] || npm --prefix ui ci
npm --prefix ui run build
cargo build -p keyhold
if ! command -v tauri-driver >/dev/null && [ ! -x "${CARGO_HOME:-$HOME/.cargo}/bin/tauri-driver" ]; then
  cargo install tauri-driver --version '^2' --locked
fi
exec scripts/with-keyring.sh xvfb-run -a -s "-screen 0 1280x800x24" \
  cargo test -p keyhold-e2e -- --test-threads=1 "$@"
