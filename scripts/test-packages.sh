#!/usr/bin/env bash
# Tests Keyhold's Linux packages as a user gets them: builds the release .deb
# and .rpm (no developer switches), checks their metadata and size budget,
# installs the .deb with apt, drives the *installed* /usr/bin/keyhold under
# Xvfb through WebDriver to the demo's key list, then purges the package and
# checks that none of its files is left (the user's own data stays).
# Needs root or sudo (apt). Called by scripts/test.sh; runs on its own too.
set -euo pipefail
cd "$(dirname "$0")/.."
root=$PWD
target=${CARGO_TARGET_DIR:-$root/target}
SUDO=""; [ "$(id -u)" -eq 0 ] || SUDO="sudo"
budget=8000000 # bytes: the release .deb must stay at or under 8 MB
say() { printf 'packages: %s\n' "$*"; }
fail() { printf 'packages: FAILED: %s\n' "$*" >&2; exit 1; }

version=$(node -p 'require("./tauri.conf.json").version')
deb=$target/release/bundle/deb/Keyhold_${version}_amd64.deb
rpm=$target/release/bundle/rpm/Keyhold-${version}-1.x86_64.rpm

# The installed package is machine-wide: never replace one we did not install.
if dpkg-query -W -f='${Status}' keyhold 2>/dev/null | grep -q "install ok installed"; then
  fail "a keyhold package is already installed on this machine; remove it first (apt-get remove keyhold)"
fi

say "building the release .deb and .rpm (no dev-switches feature)"
rm -f "$deb" "$rpm"
start=$(date +%s)
ui/node_modules/.bin/tauri build --bundles deb,rpm
say "release build and bundles took $(( $(date +%s) - start )) s"
[ -f "$deb" ] || fail "no $deb"
[ -f "$rpm" ] || fail "no $rpm"

# The checker that drives the installed app, built before anything is installed.
cargo build --quiet -p keyhold-package-check
checker=$target/debug/keyhold-package-check

say "package metadata"
field() { dpkg-deb -f "$deb" "$1"; }
[ "$(field Package)" = keyhold ] || fail "Package is $(field Package)"
[ "$(field Version)" = "$version" ] || fail "Version is $(field Version), tauri.conf.json says $version"
for f in Maintainer Homepage Description Depends; do
  [ -n "$(field "$f")" ] || fail "the .deb has no $f"
done
field Maintainer | grep -q "Keyhold contributors" || fail "Maintainer is $(field Maintainer)"
contents=$(dpkg-deb -c "$deb" | awk '{print $NF}' | sed 's|^\./||')
for f in usr/bin/keyhold usr/share/applications/Keyhold.desktop usr/share/doc/keyhold/copyright \
  usr/share/icons/hicolor/{32x32,64x64,128x128,256x256,512x512}/apps/keyhold.png; do
  grep -qxF "$f" <<<"$contents" || fail "the .deb lacks $f"
done
desktop=$(dpkg-deb --fsys-tarfile "$deb" | tar -xO --wildcards '*usr/share/applications/Keyhold.desktop')
for line in 'Exec=keyhold' 'Icon=keyhold' 'Categories=Utility;Development;' 'Keywords=OpenRouter;'; do
  grep -q "^$line" <<<"$desktop" || fail "the desktop entry lacks $line"
done
# An RPM starts with its lead magic ed ab ee db.
[ "$(head -c4 "$rpm" | od -An -tx1 | tr -d ' \n')" = edabeedb ] || fail "$rpm is not an RPM"

deb_size=$(stat -c %s "$deb"); rpm_size=$(stat -c %s "$rpm")
bin_size=$(dpkg-deb --fsys-tarfile "$deb" | tar -tv --wildcards '*usr/bin/keyhold' | awk '{print $3}')
say "sizes: .deb $deb_size bytes, .rpm $rpm_size bytes, /usr/bin/keyhold $bin_size bytes"
[ "$deb_size" -le "$budget" ] || fail ".deb is $deb_size bytes, over the $budget-byte budget"

installed=0
cleanup() { [ "$installed" = 1 ] && $SUDO apt-get purge -y -qq keyhold >/dev/null 2>&1 || true; }
trap cleanup EXIT

say "installing $deb with apt"
$SUDO env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "$deb" >/dev/null
installed=1
files=$(dpkg -L keyhold)
[ "$(command -v keyhold)" = /usr/bin/keyhold ] || fail "keyhold is not on PATH after install"

say "running the installed app (Xvfb + WebDriver, private keyring)"
scripts/with-keyring.sh xvfb-run -a -s "-screen 0 1280x800x24" "$checker" /usr/bin/keyhold

# What the run left in the (private) profile is user data, which stays.
userdata=$(find "$root/target/test-xdg" -path '*app.keyhold.desktop*' -type f 2>/dev/null || true)

say "removing the package"
$SUDO env DEBIAN_FRONTEND=noninteractive apt-get purge -y -qq keyhold >/dev/null
installed=0
if dpkg-query -W -f='${Status}' keyhold 2>/dev/null | grep -q installed; then
  fail "dpkg still lists keyhold: $(dpkg-query -W -f='${Status}' keyhold)"
fi
left=()
while IFS= read -r path; do
  [ "$path" = /. ] && continue
  [ -e "$path" ] || continue
  # A directory may stay when another package owns it too (/usr/bin, icon theme dirs).
  if [ -d "$path" ] && dpkg-query -S "$path" >/dev/null 2>&1; then continue; fi
  left+=("$path")
done <<<"$files"
[ ${#left[@]} -eq 0 ] || fail "left after removal: ${left[*]}"
say "removed: none of the package's $(wc -l <<<"$files") paths is left"
if [ -n "$userdata" ]; then
  say "user data kept (not the package's): $(tr '\n' ' ' <<<"$userdata")"
fi
say "OK — .deb $deb_size bytes ($(numfmt --to=iec "$deb_size")), .rpm $rpm_size bytes ($(numfmt --to=iec "$rpm_size"))"
