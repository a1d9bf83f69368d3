#!/bin/sh
# The installer inside margin-desk-<version>-linux-<arch>.run (packaging/build_linux.sh packs it
# with makeself; makeself runs it from the extracted folder). Arguments go after `--`:
#
#   ./margin-desk-0.1.0-linux-x86_64.run                       install for this user (~/.local)
#   sudo ./margin-desk-0.1.0-linux-x86_64.run                  install for everyone (/usr/local)
#   ./margin-desk-0.1.0-linux-x86_64.run -- --prefix DIR       install under DIR
#   ./margin-desk-0.1.0-linux-x86_64.run -- --uninstall [--prefix DIR]
#
# It puts the app in PREFIX/lib/margin-desk, a launcher in PREFIX/bin/margin-desk, and the .desktop
# file, icons and AppStream metadata under PREFIX/share.
set -eu

app_id=exchange.margindesk.MarginDesk
prefix=
uninstall=0
while [ $# -gt 0 ]; do
    case $1 in
        --prefix) [ $# -ge 2 ] || { echo "install: --prefix needs a directory" >&2; exit 2; }; prefix=$2; shift 2 ;;
        --prefix=*) prefix=${1#--prefix=}; shift ;;
        --uninstall) uninstall=1; shift ;;
        -h | --help) awk 'NR > 1 && /^#/ { sub(/^# ?/, ""); print; next } NR > 1 { exit }' "$0"; exit 0 ;;
        *) echo "install: unknown argument: $1 (try -- --help)" >&2; exit 2 ;;
    esac
done
# The bundle needs the glibc it was built against (build_linux.sh writes the version to glibc-min).
if [ "$uninstall" -eq 0 ] && [ -f glibc-min ]; then
    need=$(cat glibc-min)
    have=$(getconf GNU_LIBC_VERSION 2>/dev/null | sed 's/^glibc //')
    if [ -n "$have" ] && [ "$(printf '%s\n%s\n' "$need" "$have" | sort -t. -k1,1n -k2,2n | head -1)" != "$need" ]; then
        echo "install: Margin Desk needs glibc $need or newer; this system has $have" >&2
        exit 1
    fi
fi
if [ -z "$prefix" ]; then
    if [ "$(id -u)" -eq 0 ]; then prefix=/usr/local; else prefix=${HOME:?}/.local; fi
fi
case $prefix in /*) ;; *) prefix=$(pwd)/$prefix ;; esac

libdir=$prefix/lib/margin-desk
share=$prefix/share
installed_files="$prefix/bin/margin-desk $share/applications/$app_id.desktop $share/metainfo/$app_id.metainfo.xml"
for icon in share/icons/hicolor/*/apps/*; do
    installed_files="$installed_files $prefix/$icon"
done

refresh_caches() {
    command -v update-desktop-database >/dev/null 2>&1 && update-desktop-database -q "$share/applications" 2>/dev/null || true
    command -v gtk-update-icon-cache >/dev/null 2>&1 && gtk-update-icon-cache -q -t "$share/icons/hicolor" 2>/dev/null || true
}

if [ "$uninstall" -eq 1 ]; then
    rm -rf "$libdir"
    # shellcheck disable=SC2086 # one path per word, none with spaces unless the prefix has them
    for file in $installed_files; do rm -f "$file"; done
    refresh_caches
    echo "Margin Desk removed from $prefix" >&2
    exit 0
fi

mkdir -p "$prefix/bin" "$prefix/lib" "$share/applications" "$share/metainfo"
rm -rf "$libdir.new"
cp -a margin-desk "$libdir.new"
rm -rf "$libdir"
mv "$libdir.new" "$libdir"

cat > "$prefix/bin/margin-desk" <<EOF
#!/bin/sh
exec "$libdir/margin-desk" "\$@"
EOF
chmod 755 "$prefix/bin/margin-desk"

# The launcher may not be on PATH (~/.local/bin often is, not always): name it in full.
sed -e "s|^Exec=margin-desk|Exec=$prefix/bin/margin-desk|" -e "s|^TryExec=margin-desk|TryExec=$prefix/bin/margin-desk|" \
    "share/applications/$app_id.desktop" > "$share/applications/$app_id.desktop"
cp "share/metainfo/$app_id.metainfo.xml" "$share/metainfo/"
for icon in share/icons/hicolor/*/apps/*; do
    mkdir -p "$prefix/$(dirname "$icon")"
    cp "$icon" "$prefix/$icon"
done
refresh_caches

echo "Margin Desk installed in $libdir; run $prefix/bin/margin-desk" >&2
echo "To remove it: run this installer again with -- --uninstall --prefix $prefix" >&2
