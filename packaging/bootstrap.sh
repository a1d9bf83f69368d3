#!/usr/bin/env bash
# Set up Margin Desk on a fresh Debian 12 / Ubuntu 22.04+ machine, then launch it or test it.
#
#   packaging/bootstrap.sh run  [ARGS...]         launch `margin-desk ARGS...`
#   packaging/bootstrap.sh test [PYTEST ARGS...]  run the test suite offscreen (QT_QPA_PLATFORM=offscreen)
#
# Steps, each skipped when already done:
#   1. system packages through apt-get (sudo only when not root), checked one by one with dpkg -s;
#   2. a virtual environment at ${MARGIN_DESK_VENV:-.venv} (relative to the repository root);
#   3. `pip install -e '.[test]'`, again only when pyproject.toml is newer than the venv's stamp file.
#
# Environment: MARGIN_DESK_VENV (venv location), PYTHON (interpreter to build the venv with),
# MARGIN_DESK_SKIP_APT=1 (never touch system packages).
set -euo pipefail

say() { printf 'bootstrap: %s\n' "$*" >&2; }
die() { say "error: $*"; exit 1; }

usage() {
    cat >&2 <<'EOF'
usage: packaging/bootstrap.sh run  [ARGS...]         launch margin-desk
       packaging/bootstrap.sh test [PYTEST ARGS...]  run the test suite offscreen
EOF
    exit 2
}

[ $# -ge 1 ] || usage
mode=$1
shift
case "$mode" in
    run | test) ;;
    -h | --help | help) usage ;;
    *) say "unknown command: $mode"; usage ;;
esac

# The repository root, from this script's own location (packaging/..).
cd "$(dirname "$(readlink -f "${BASH_SOURCE[0]}")")/.."
repo_root=$(pwd)

# Offscreen Qt (tests) needs these; a real window (xcb) needs the second set as well.
offscreen_packages=(libegl1 libgl1 libfontconfig1 libglib2.0-0 libdbus-1-3 libxkbcommon0)
window_packages=(libxcb-cursor0 libxcb-icccm4 libxcb-image0 libxcb-keysyms1 libxcb-randr0
    libxcb-render-util0 libxcb-shape0 libxcb-xinerama0 libxkbcommon-x11-0 fonts-dejavu-core)
python_packages=(python3 python3-venv python3-pip)
# `test` only: the validators tests/test_desktop_integration.py runs on the .desktop and metainfo files.
test_packages=(desktop-file-utils appstream)

# --- Python ---------------------------------------------------------------------------------

# True when "$1" is Python >= 3.11 and can make a venv with pip in it (Debian strips ensurepip
# into python3.X-venv, and `-m venv --help` alone works without it).
python_ok() {
    command -v "$1" >/dev/null 2>&1 || return 1
    "$1" -c 'import sys; sys.exit(0 if sys.version_info >= (3, 11) else 1)' >/dev/null 2>&1 || return 1
    "$1" -m venv --help >/dev/null 2>&1 || return 1
    "$1" -c 'import ensurepip' >/dev/null 2>&1
}

find_python() {
    local candidate
    for candidate in ${PYTHON:+"$PYTHON"} python3 python3.13 python3.12 python3.11; do
        if python_ok "$candidate"; then
            command -v "$candidate"
            return 0
        fi
    done
    return 1
}

# --- System packages ------------------------------------------------------------------------

installed() {
    dpkg -s "$1" 2>/dev/null | grep -q '^Status: install ok installed'
}

apt_updated=0
apt_install() {
    [ $# -gt 0 ] || return 0
    local sudo=()
    if [ "$(id -u)" -ne 0 ]; then
        command -v sudo >/dev/null 2>&1 || die "missing system packages ($*), and not root and no sudo: install them, then re-run"
        sudo=(sudo)
    fi
    if [ "$apt_updated" -eq 0 ]; then
        say "apt-get update"
        "${sudo[@]}" env DEBIAN_FRONTEND=noninteractive apt-get update -q >&2 \
            || say "warning: apt-get update failed; trying the install with the lists already on disk"
        apt_updated=1
    fi
    say "installing system packages: $*"
    "${sudo[@]}" env DEBIAN_FRONTEND=noninteractive apt-get install -y -q --no-install-recommends "$@" >&2
}

ensure_system_packages() {
    if [ "${MARGIN_DESK_SKIP_APT:-0}" = 1 ]; then
        say "MARGIN_DESK_SKIP_APT=1: not checking system packages"
        return 0
    fi
    if ! command -v dpkg >/dev/null 2>&1 || ! command -v apt-get >/dev/null 2>&1; then
        say "warning: no dpkg/apt-get here; make sure Qt's libraries (${offscreen_packages[*]}) are installed"
        return 0
    fi
    local wanted=("${offscreen_packages[@]}")
    [ "$mode" = run ] && wanted+=("${window_packages[@]}")
    [ "$mode" = test ] && wanted+=("${test_packages[@]}")
    if ! find_python >/dev/null; then
        wanted+=("${python_packages[@]}")
    fi
    local missing=() package
    for package in "${wanted[@]}"; do
        installed "$package" || missing+=("$package")
    done
    if [ ${#missing[@]} -eq 0 ]; then
        say "system packages: all present"
    else
        apt_install "${missing[@]}"
    fi
    # Ubuntu 22.04's python3 is 3.10: fall back to its python3.11 packages.
    if ! find_python >/dev/null; then
        say "no Python >= 3.11 with venv yet; trying python3.11 python3.11-venv"
        apt_install python3.11 python3.11-venv || true
    fi
}

ensure_system_packages
python=$(find_python) || die "need Python >= 3.11 with the venv module (set PYTHON=/path/to/python3.11+)"

# --- Virtual environment --------------------------------------------------------------------

venv=${MARGIN_DESK_VENV:-.venv}
case "$venv" in
    /*) ;;
    *) venv="$repo_root/$venv" ;;
esac
venv_python="$venv/bin/python"
stamp="$venv/.margin-desk-installed"

if [ ! -x "$venv_python" ] || ! "$venv_python" -c 'import sys' >/dev/null 2>&1; then
    say "creating virtual environment $venv with $python ($("$python" -c 'import platform; print(platform.python_version())'))"
    rm -rf "$venv"
    "$python" -m venv "$venv"
    rm -f "$stamp"
fi

if [ ! -f "$stamp" ] || [ pyproject.toml -nt "$stamp" ]; then
    say "installing margin-desk and its test tools into $venv (pip install -e '.[test]')"
    # setuptools and wheel in the venv too, so tests/test_packaging_metadata.py can build the wheel
    # without build isolation (pyproject.toml asks for setuptools>=68).
    "$venv_python" -m pip install -q "setuptools>=68" wheel >&2
    "$venv_python" -m pip install -q -e '.[test]' >&2
    touch "$stamp"
else
    say "virtual environment up to date ($venv)"
fi

# --- Go -------------------------------------------------------------------------------------

case "$mode" in
    test)
        say "running the test suite offscreen: pytest $*"
        export QT_QPA_PLATFORM=offscreen
        exec "$venv_python" -m pytest "$@"
        ;;
    run)
        if [ -z "${DISPLAY:-}${WAYLAND_DISPLAY:-}${QT_QPA_PLATFORM:-}" ]; then
            say "note: no DISPLAY or WAYLAND_DISPLAY; a window would need one (or QT_QPA_PLATFORM=offscreen)"
        fi
        exec "$venv/bin/margin-desk" "$@"
        ;;
esac
