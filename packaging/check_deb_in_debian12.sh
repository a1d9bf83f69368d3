#!/usr/bin/env bash
# Install the .deb on a clean, minimal Debian 12 and launch it there: the proof that Depends: is
# complete and that the bundle carries everything else.
#
#   packaging/check_deb_in_debian12.sh [dist/margin-desk_<version>_<arch>.deb]
#
# 1. A pristine `debootstrap --variant=minbase bookworm` root is made once and cached outside the
#    repository ($MARGIN_DESK_CHROOT_CACHE, default /var/tmp/margin-desk-debian12/base), with
#    downloaded .debs kept beside it (archives/), so reruns take seconds.
# 2. Each run copies it to a scratch root, mounts /proc there (unmounted by a trap on any exit), and
#    runs `apt-get install ./margin-desk_….deb` inside (no recommends: Depends alone must do).
# 3. ldd over every ELF file in /opt/margin-desk: nothing may be "not found".
# 4. packaging/smoke_test.py runs /usr/bin/margin-desk --smoke-test inside, offscreen; then (unless
#    MARGIN_DESK_CHECK_XCB=0) xvfb is installed and the app starts on a real X server (xcb).
# 5. `apt-get purge` must leave /opt/margin-desk and /usr/bin/margin-desk gone.
#
# Needs root (chroot, mount) and the Debian mirror ($MARGIN_DESK_DEBIAN_MIRROR).
set -euo pipefail
cd "$(dirname "$(readlink -f "${BASH_SOURCE[0]}")")/.."
repo_root=$(pwd)

say() { printf 'check-deb: %s\n' "$*" >&2; }
die() { say "error: $*"; exit 1; }
# Exit 75 (EX_TEMPFAIL) when the clean system can't be had for want of the Debian mirror, so that
# .ci/run can tell a network failure from a broken package.
tempfail() { say "error: $* (exit 75: the Debian mirror could not be reached)"; exit 75; }
network_trouble() { grep -qE 'Failed to fetch|Temporary failure resolving|Could not resolve|Unable to connect|Connection failed|Couldn.t download' "$1"; }
started=$SECONDS
step() { say "$* (after $((SECONDS - started)) s)"; }

[ "$(id -u)" -eq 0 ] || exec sudo --preserve-env=MARGIN_DESK_CHROOT_CACHE,MARGIN_DESK_DEBIAN_MIRROR,MARGIN_DESK_CHECK_XCB "$0" "$@"

deb=${1:-$(ls -t dist/margin-desk_*.deb 2>/dev/null | sed -n 1p)}
[ -n "$deb" ] && [ -f "$deb" ] || die "no .deb given and none in dist/ (run packaging/build_linux.sh)"
deb=$(readlink -f "$deb")
cache=${MARGIN_DESK_CHROOT_CACHE:-/var/tmp/margin-desk-debian12}
mirror=${MARGIN_DESK_DEBIAN_MIRROR:-http://deb.debian.org/debian}
base=$cache/base
root=$cache/scratch
archives=$cache/archives

command -v debootstrap >/dev/null || {
    step "installing debootstrap"
    DEBIAN_FRONTEND=noninteractive apt-get install -y -q --no-install-recommends debootstrap >&2
}

# --- the cached clean system ----------------------------------------------------------------

if [ ! -x "$base/usr/bin/apt-get" ]; then
    step "debootstrap --variant=minbase bookworm -> $base (once)"
    rm -rf "$base.tmp"
    mkdir -p "$cache"
    debootstrap --variant=minbase bookworm "$base.tmp" "$mirror" > "$cache/debootstrap.log" 2>&1 \
        || { tail -20 "$cache/debootstrap.log" >&2; network_trouble "$cache/debootstrap.log" && tempfail "debootstrap failed"; die "debootstrap failed (log: $cache/debootstrap.log)"; }
    rm -rf "$base.tmp/var/cache/apt/archives/"*.deb
    mv "$base.tmp" "$base"
fi

# --- a scratch copy, with mounts cleaned up whatever happens --------------------------------

mounted=()
cleanup() {
    local index
    for ((index = ${#mounted[@]} - 1; index >= 0; index--)); do
        umount "${mounted[index]}" 2>/dev/null || umount -l "${mounted[index]}" 2>/dev/null || true
    done
    # Only delete the scratch root once nothing is mounted in it (a bind mount would take the
    # cached archives with it).
    if ! grep -q " $root/" /proc/mounts; then
        rm -rf "$root"
    else
        say "warning: something is still mounted under $root; left in place"
    fi
}
trap cleanup EXIT
trap 'exit 130' INT TERM

if grep -q " $root/" /proc/mounts; then
    die "a previous run left mounts under $root: umount them first"
fi
rm -rf "$root"
step "copying the clean system to $root"
cp -a "$base" "$root"
mkdir -p "$archives/partial"
mount -t proc proc "$root/proc" && mounted+=("$root/proc")
mount --bind "$archives" "$root/var/cache/apt/archives" && mounted+=("$root/var/cache/apt/archives")
cp -L /etc/resolv.conf "$root/etc/resolv.conf" 2>/dev/null || true
# Services must not start inside the chroot.
printf '#!/bin/sh\nexit 101\n' > "$root/usr/sbin/policy-rc.d"
chmod 755 "$root/usr/sbin/policy-rc.d"

in_root() { chroot "$root" env -i PATH=/usr/sbin:/usr/bin:/sbin:/bin HOME=/root LANG=C.UTF-8 DEBIAN_FRONTEND=noninteractive "$@"; }

step "apt-get update"
in_root apt-get update -q > "$cache/apt-update.log" 2>&1 || { cat "$cache/apt-update.log" >&2; tempfail "apt-get update failed"; }
# apt-get update does not fail on an unreachable mirror, it only warns.
if grep -qE '^(W|E): (Failed to fetch|Some index files failed)' "$cache/apt-update.log"; then
    cat "$cache/apt-update.log" >&2
    tempfail "apt-get update could not fetch the package lists"
fi

# --- install ---------------------------------------------------------------------------------

cp "$deb" "$root/tmp/"
install_started=$SECONDS
step "apt-get install --no-install-recommends ./$(basename "$deb")"
in_root apt-get install -y -q --no-install-recommends "/tmp/$(basename "$deb")" > "$cache/apt-install.log" 2>&1 \
    || { tail -30 "$cache/apt-install.log" >&2; network_trouble "$cache/apt-install.log" && tempfail "downloading the dependencies failed"; die "apt-get install of the .deb failed"; }
grep -E '^(Need to get|After this operation)' "$cache/apt-install.log" | sed 's/^/check-deb:   /' >&2 || true
say "installed in $((SECONDS - install_started)) s"
for path in /usr/bin/margin-desk /opt/margin-desk/margin-desk /usr/share/applications/exchange.margindesk.MarginDesk.desktop \
    /usr/share/metainfo/exchange.margindesk.MarginDesk.metainfo.xml /usr/share/icons/hicolor/256x256/apps/exchange.margindesk.MarginDesk.png; do
    [ -e "$root$path" ] || die "the package did not install $path"
done

# --- every library found ---------------------------------------------------------------------

step "ldd over every ELF file in /opt/margin-desk"
# With the library path PyInstaller's bootloader sets (the bundle's _internal folder first).
unresolved=$(in_root sh -c '
    export LD_LIBRARY_PATH=/opt/margin-desk/_internal
    find /opt/margin-desk -type f \( -name "*.so*" -o -perm -u+x \) | while read -r file; do
        head -c 4 "$file" | grep -q "ELF" || continue
        ldd "$file" 2>/dev/null | grep "not found" | sed "s|^|$file: |"
    done' || true)
if [ -n "$unresolved" ]; then
    printf '%s\n' "$unresolved" >&2
    die "libraries not found on a clean Debian 12 with the package's Depends (add them to build_linux.sh)"
fi
say "every library resolves"

# --- launch it --------------------------------------------------------------------------------

step "smoke test inside Debian 12, offscreen"
python3 packaging/smoke_test.py --root "$root" --label "margin-desk.deb on Debian 12 (offscreen)" /usr/bin/margin-desk

if [ "${MARGIN_DESK_CHECK_XCB:-1}" != 0 ]; then
    step "installing xvfb inside (not a dependency: only to give the app a real X server)"
    in_root apt-get install -y -q --no-install-recommends xvfb xauth > "$cache/apt-xvfb.log" 2>&1 \
        || { tail -30 "$cache/apt-xvfb.log" >&2; network_trouble "$cache/apt-xvfb.log" && tempfail "downloading xvfb failed"; die "apt-get install xvfb failed"; }
    step "smoke test inside Debian 12, on Xvfb (xcb)"
    python3 packaging/smoke_test.py --root "$root" --platform xcb --label "margin-desk.deb on Debian 12 (xcb, Xvfb)" -- \
        xvfb-run -a -s "-screen 0 1280x800x24 -nolisten tcp" /usr/bin/margin-desk
fi

# --- and it goes away --------------------------------------------------------------------------

step "apt-get purge margin-desk"
in_root apt-get purge -y -q margin-desk > "$cache/apt-purge.log" 2>&1 || { tail -20 "$cache/apt-purge.log" >&2; die "purge failed"; }
for path in /opt/margin-desk /usr/bin/margin-desk /usr/share/applications/exchange.margindesk.MarginDesk.desktop; do
    [ ! -e "$root$path" ] || die "$path is still there after apt-get purge"
done

say "passed in $((SECONDS - started)) s"
