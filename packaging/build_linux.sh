#!/usr/bin/env bash
# Build every Linux artefact of Margin Desk into dist/:
#
#   dist/margin-desk/                              the PyInstaller one-folder bundle (packaging/margin-desk.spec)
#   dist/margin-desk_<version>_<arch>.deb          /opt/margin-desk, /usr/bin/margin-desk, .desktop, icons, metainfo
#   dist/margin-desk-<version>-linux-<arch>.run    a self-extracting installer (makeself), for other distributions
#
# Both need the glibc the bundle was linked against (the build machine's: 2.36 on Debian 12); the
# script reads the version off the bundle into the .deb's Depends and the .run's installer check.
#
# One command, on a Debian 12 / Ubuntu 22.04+ machine: packaging/build_linux.sh
# It installs what it needs: the project venv through packaging/bootstrap.sh, the pinned build
# tools (packaging/requirements-build.txt) into that venv, and Debian packages with apt-get.
# Test the results with packaging/smoke_test.py and packaging/check_deb_in_debian12.sh.
#
# Environment: MARGIN_DESK_VENV (venv location, as for bootstrap.sh), MARGIN_DESK_SKIP_APT=1.
set -euo pipefail
cd "$(dirname "$(readlink -f "${BASH_SOURCE[0]}")")/.."
repo_root=$(pwd)

say() { printf 'build: %s\n' "$*" >&2; }
die() { say "error: $*"; exit 1; }
started=$SECONDS
step_started=$SECONDS
step() { say "$* (after $((SECONDS - started)) s)"; step_started=$SECONDS; }
took() { printf '%ds' $((SECONDS - step_started)); }

app_id=exchange.margindesk.MarginDesk
name=margin-desk

# --- build tools ----------------------------------------------------------------------------

# command -> Debian package
declare -A tools=(
    [dpkg-deb]=dpkg [makeself]=makeself [zstd]=zstd [strip]=binutils [readelf]=binutils [objdump]=binutils
    [desktop-file-validate]=desktop-file-utils [appstreamcli]=appstream
)
missing=()
for tool in "${!tools[@]}"; do
    command -v "$tool" >/dev/null 2>&1 || missing+=("${tools[$tool]}")
done
if [ ${#missing[@]} -gt 0 ]; then
    [ "${MARGIN_DESK_SKIP_APT:-0}" = 1 ] && die "missing build tools (${missing[*]}) and MARGIN_DESK_SKIP_APT=1"
    sudo=()
    [ "$(id -u)" -eq 0 ] || sudo=(sudo)
    mapfile -t missing < <(printf '%s\n' "${missing[@]}" | sort -u)
    step "installing build tools: ${missing[*]}"
    "${sudo[@]}" env DEBIAN_FRONTEND=noninteractive apt-get update -q >&2 || say "warning: apt-get update failed"
    "${sudo[@]}" env DEBIAN_FRONTEND=noninteractive apt-get install -y -q --no-install-recommends "${missing[@]}" >&2
fi

step "project venv (packaging/bootstrap.sh run --version)"
packaging/bootstrap.sh run --version >&2
venv=${MARGIN_DESK_VENV:-.venv}
case "$venv" in /*) ;; *) venv="$repo_root/$venv" ;; esac
python=$venv/bin/python

wanted_pyinstaller=$(sed -n 's/^pyinstaller==\([^ ]*\).*/\1/p' packaging/requirements-build.txt)
if [ "$("$python" -c 'import PyInstaller; print(PyInstaller.__version__)' 2>/dev/null)" != "$wanted_pyinstaller" ]; then
    step "installing PyInstaller $wanted_pyinstaller into $venv (hash-checked)"
    "$python" -m pip install -q --require-hashes --no-deps -r packaging/requirements-build.txt >&2
    "$python" -c 'import packaging, setuptools' 2>/dev/null || "$python" -m pip install -q "packaging>=22" "setuptools>=42" >&2
fi

version=$("$python" -c 'import desktop; print(desktop.__version__)')
arch=$(dpkg --print-architecture)
machine=$(uname -m)
deb=dist/${name}_${version}_${arch}.deb
run_file=dist/${name}-${version}-linux-${machine}.run

step "checking the .desktop file and the AppStream metadata"
desktop-file-validate "resources/$app_id.desktop"
appstreamcli validate --no-net --explain "resources/$app_id.metainfo.xml" >&2

# --- the bundle -----------------------------------------------------------------------------

step "PyInstaller one-folder bundle -> dist/$name/"
rm -rf "dist/$name"
"$venv/bin/pyinstaller" --noconfirm --log-level WARN --distpath dist --workpath build/pyinstaller \
    packaging/margin-desk.spec >&2
[ -x "dist/$name/$name" ] || die "PyInstaller made no dist/$name/$name"
bundle_seconds=$(took)
# The newest glibc symbol version any file of the bundle asks for.
glibc_min=$(find "dist/$name" -type f \( -name '*.so*' -o -name "$name" \) -exec objdump -T {} + 2>/dev/null \
    | grep -o 'GLIBC_2\.[0-9]*' | sort -t. -k2 -n -u | tail -1 | sed 's/^GLIBC_//')
[ -n "$glibc_min" ] || die "could not read the glibc version the bundle needs"
say "the bundle needs glibc >= $glibc_min"

# Files the desktop needs, laid out under a share/ tree (used by both the .deb and the .run).
stage_share() {  # $1: the directory that plays /usr/share
    local share=$1 size
    install -D -m 644 "resources/$app_id.desktop" "$share/applications/$app_id.desktop"
    install -D -m 644 "resources/$app_id.metainfo.xml" "$share/metainfo/$app_id.metainfo.xml"
    for size in resources/icons/hicolor/*/; do
        size=$(basename "$size")
        for icon in "resources/icons/hicolor/$size/apps/"*; do
            install -D -m 644 "$icon" "$share/icons/hicolor/$size/apps/$(basename "$icon")"
        done
    done
}

# --- the .deb -------------------------------------------------------------------------------

step "Debian package -> $deb"
deb_root=build/deb/root
rm -rf build/deb
mkdir -p "$deb_root/DEBIAN" "$deb_root/opt" "$deb_root/usr/bin"
cp -a "dist/$name" "$deb_root/opt/$name"
cat > "$deb_root/usr/bin/$name" <<EOF
#!/bin/sh
exec /opt/$name/$name "\$@"
EOF
chmod 755 "$deb_root/usr/bin/$name"
stage_share "$deb_root/usr/share"
install -d "$deb_root/usr/share/doc/$name"
cat > "$deb_root/usr/share/doc/$name/copyright" <<'EOF'
Format: https://www.debian.org/doc/packaging-manuals/copyright-format/1.0/
Upstream-Name: margin-desk
Comment: /opt/margin-desk holds a PyInstaller bundle: Python, Qt for Python (PySide6, LGPL-3.0),
 pyqtgraph (MIT), NumPy (BSD-3-Clause), peewee (MIT), platformdirs (MIT) and some libraries of
 the build system, each under its own licence.

Files: *
Copyright: The Margin Desk developers
License: MIT
 Permission is hereby granted, free of charge, to any person obtaining a copy of this software and
 associated documentation files (the "Software"), to deal in the Software without restriction,
 including without limitation the rights to use, copy, modify, merge, publish, distribute,
 sublicense, and/or sell copies of the Software, and to permit persons to whom the Software is
 furnished to do so, subject to the following conditions:
 .
 The above copyright notice and this permission notice shall be included in all copies or
 substantial portions of the Software.
 .
 THE SOFTWARE IS PROVIDED "AS IS", WITHOUT WARRANTY OF ANY KIND, EXPRESS OR IMPLIED, INCLUDING BUT
 NOT LIMITED TO THE WARRANTIES OF MERCHANTABILITY, FITNESS FOR A PARTICULAR PURPOSE AND
 NONINFRINGEMENT. IN NO EVENT SHALL THE AUTHORS OR COPYRIGHT HOLDERS BE LIABLE FOR ANY CLAIM,
 DAMAGES OR OTHER LIABILITY, WHETHER IN AN ACTION OF CONTRACT, TORT OR OTHERWISE, ARISING FROM, OUT
 OF OR IN CONNECTION WITH THE SOFTWARE OR THE USE OR OTHER DEALINGS IN THE SOFTWARE.
EOF
chmod -R u+rwX,go+rX,go-w "$deb_root"
# What the bundle leaves to the system (the libraries its ELF files need but PyInstaller does not
# carry: glibc, OpenGL/EGL through glvnd, libdrm, libxcb, Wayland's client libraries), and data the
# carried libraries read: fontconfig's configuration and a font, the xkb keymaps. Checked on a clean
# Debian 12 by packaging/check_deb_in_debian12.sh (ldd of every file, then offscreen and xcb runs).
depends=(
    "libc6 (>= $glibc_min)" libegl1 libgl1 libdrm2 libxcb1 libwayland-client0 libwayland-cursor0 libwayland-egl1
    libfontconfig1 fonts-dejavu-core libxkbcommon0
)
depends_line=$(printf '%s, ' "${depends[@]}")
cat > "$deb_root/DEBIAN/control" <<EOF
Package: $name
Version: $version
Architecture: $arch
Maintainer: The Margin Desk developers <maintainers@margindesk.exchange>
Installed-Size: $(du -sk --exclude=DEBIAN "$deb_root" | cut -f1)
Depends: ${depends_line%, }
Section: misc
Priority: optional
Homepage: https://margindesk.exchange/
Description: cross-margin workstation on a simulated account
 Margin Desk works out what Spot Margin, Manual Borrow, Margin Withdrawal, Auto Lend and the Max
 Account Leverage setting do to a simulated cross-margin account: initial and maintenance margin,
 and where liquidation starts. Nothing touches a real exchange.
 .
 This package carries its own Python and Qt (a PyInstaller bundle in /opt/margin-desk).
EOF
rm -f dist/"${name}"_*.deb
dpkg-deb --root-owner-group -Zzstd -z3 --build "$deb_root" "$deb" >&2
deb_seconds=$(took)

# --- the .run -------------------------------------------------------------------------------

step "self-extracting installer -> $run_file"
payload=build/run/payload
rm -rf build/run
mkdir -p "$payload"
cp -a "dist/$name" "$payload/$name"
stage_share "$payload/share"
install -m 755 packaging/linux/install.sh "$payload/install.sh"
echo "$glibc_min" > "$payload/glibc-min"
rm -f dist/"${name}"-*.run
makeself --zstd --complevel 3 --sha256 --nox11 --quiet "$payload" "$run_file" \
    "Margin Desk $version (installs into ~/.local, or /usr/local as root; -- --help for options)" ./install.sh >&2
run_seconds=$(took)

# --- report ---------------------------------------------------------------------------------

say "done in $((SECONDS - started)) s (bundle $bundle_seconds, .deb $deb_seconds, .run $run_seconds):"
du -sh "dist/$name" "$deb" "$run_file" | sed 's/^/build:   /' >&2
