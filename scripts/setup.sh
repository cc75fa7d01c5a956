#!/usr/bin/env bash
# Installs what Keyhold needs to build, run and test, skipping what is already there.
# Idempotent: safe to run on every `run.sh` / `test.sh`.
set -euo pipefail
cd "$(dirname "$0")/.."

need_apt=()
apt_pkgs=(build-essential pkg-config libwebkit2gtk-4.1-dev libdbus-1-dev
  xvfb xauth webkit2gtk-driver dbus-daemon dbus-x11 gnome-keyring keyutils
  fonts-dejavu-core imagemagick xclip libsecret-tools curl ca-certificates dunst dbus-bin
  libayatana-appindicator3-1 libayatana-appindicator3-dev)
if command -v dpkg-query >/dev/null 2>&1; then
  for p in "${apt_pkgs[@]}"; do
    dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || need_apt+=("$p")
  done
  if [ ${#need_apt[@]} -gt 0 ]; then
    echo "setup: installing system packages: ${need_apt[*]}"
    SUDO=""; [ "$(id -u)" -eq 0 ] || SUDO="sudo"
    $SUDO apt-get update -qq
    DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq --no-install-recommends "${need_apt[@]}"
  fi
else
  echo "setup: not a Debian/Ubuntu system; install the Tauri prerequisites by hand (see README)." >&2
fi

# tauri-driver drives the real app window for the end-to-end tests.
if ! command -v tauri-driver >/dev/null 2>&1; then
  echo "setup: installing tauri-driver"
  cargo install tauri-driver --version '^2' --locked --quiet
fi

# The web UI's toolchain, exactly as locked.
if [ ! -d ui/node_modules ] || [ ui/package-lock.json -nt ui/node_modules/.package-lock.json ]; then
  echo "setup: installing the UI's npm packages"
  # `npm ci` refuses a lock file that lacks other platforms' optional packages
  # (some registry mirrors don't carry the macOS/Windows Tauri CLI builds);
  # then fall back to `npm install`, which still follows the lock file.
  npm --prefix ui ci --no-audit --no-fund --loglevel=error 2>/dev/null \
    || npm --prefix ui install --no-audit --no-fund --no-save --loglevel=error
fi
