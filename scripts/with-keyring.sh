#!/usr/bin/env bash
# Runs a command inside a private D-Bus session with an unlocked gnome-keyring
# (a real Secret Service), so keychain code is exercised for real and no
# test ever touches the developer's own keychain.
set -euo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"
base="$root/target/test-xdg"
rm -rf "$base"
mkdir -p "$base/data" "$base/config" "$base/cache" "$base/runtime"
chmod 700 "$base/runtime"
export XDG_DATA_HOME="$base/data" XDG_CONFIG_HOME="$base/config" XDG_CACHE_HOME="$base/cache" XDG_RUNTIME_DIR="$base/runtime"
exec keyctl session - dbus-run-session -- bash -c \
  'echo -n keyhold-test-keyring | gnome-keyring-daemon --unlock --components=secrets >/dev/null && exec "$@"' _ "$@"
