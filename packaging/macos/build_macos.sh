#!/usr/bin/env bash
# Margin Desk for macOS: "dist/Margin Desk.app" (packaging/margin-desk.spec's BUNDLE step) and a .dmg.
#
# This cannot be built on the project's Linux machines: it needs macOS 12+ (hdiutil, codesign) and
# Python 3.11+. Run it on a Mac or a macOS CI runner:   packaging/macos/build_macos.sh
#
# Signing: ad hoc by default; MACOS_SIGN_IDENTITY="Developer ID Application: ..." signs for real,
# and MACOS_NOTARY_PROFILE (a `xcrun notarytool store-credentials` profile) also notarises the .dmg.
# Like the Linux build, it launches what it ships: the .app, then the .app inside the mounted .dmg.
set -euo pipefail
cd "$(dirname "$0")/../.."

[ "$(uname -s)" = Darwin ] || { echo "build_macos: this runs on macOS only" >&2; exit 1; }
venv=${MARGIN_DESK_VENV:-.venv}
[ -x "$venv/bin/python" ] || python3 -m venv "$venv"
"$venv/bin/python" -m pip install -q -e .
# The same versions as packaging/requirements-build.txt (whose hashes are for the Linux wheels).
"$venv/bin/python" -m pip install -q "pyinstaller==6.22.3" "pyinstaller-hooks-contrib==2026.9"
version=$("$venv/bin/python" -c 'import desktop; print(desktop.__version__)')

"$venv/bin/pyinstaller" --noconfirm --distpath dist --workpath build/pyinstaller packaging/margin-desk.spec
app="dist/Margin Desk.app"
[ -d "$app" ] || { echo "build_macos: PyInstaller made no $app" >&2; exit 1; }

identity=${MACOS_SIGN_IDENTITY:--}
codesign --force --deep --options runtime --timestamp=none --sign "$identity" "$app"
"$venv/bin/python" packaging/smoke_test.py --label "$app" "$app/Contents/MacOS/margin-desk"

dmg="dist/margin-desk-$version-macos-$(uname -m).dmg"
staging=$(mktemp -d)
mountpoint=$(mktemp -d)
trap 'hdiutil detach -quiet "$mountpoint" 2>/dev/null || true; rm -rf "$staging"' EXIT
cp -R "$app" "$staging/"
ln -s /Applications "$staging/Applications"
rm -f "$dmg"
hdiutil create -quiet -volname "Margin Desk" -srcfolder "$staging" -fs HFS+ -format UDZO -ov "$dmg"
[ "$identity" = - ] || codesign --force --sign "$identity" "$dmg"
if [ -n "${MACOS_NOTARY_PROFILE:-}" ]; then
    xcrun notarytool submit "$dmg" --keychain-profile "$MACOS_NOTARY_PROFILE" --wait
    xcrun stapler staple "$dmg"
fi

# The binary inside the mounted image, as qutebrowser's release script does.
hdiutil attach -quiet -nobrowse -readonly -mountpoint "$mountpoint" "$dmg"
"$venv/bin/python" packaging/smoke_test.py --label "$dmg" "$mountpoint/Margin Desk.app/Contents/MacOS/margin-desk"
hdiutil detach -quiet "$mountpoint"
echo "build_macos: built $app and $dmg" >&2
