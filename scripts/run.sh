#!/usr/bin/env bash
# Runs Keyhold. With no management key stored in the keychain it opens the
# demo (the embedded simulator), so it works with no account and no network.
# Extra arguments go to the app (e.g. --demo).
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/setup.sh
npm --prefix ui run build --silent
exec cargo run --quiet -p keyhold -- --demo-if-no-key "$@"
