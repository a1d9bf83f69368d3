#!/usr/bin/env bash
# Render the application icon from its SVG source into everything the installers need:
#   resources/icons/hicolor/<N>x<N>/apps/exchange.margindesk.MarginDesk.png  (N = 16 22 24 32 48 64 128 256 512)
#   resources/icons/margin-desk.ico   (Windows: 16 24 32 48 64 128 256)
#   resources/icons/margin-desk.icns  (macOS: 16 32 64 128 256 512 1024)
# The results are committed; run this again after editing the SVG. Needs rsvg-convert (Debian's
# librsvg2-bin, installed here with apt-get when missing) and Pillow, which goes into a throwaway
# virtual environment, never into the project's dependencies.
set -euo pipefail
cd "$(dirname "$(readlink -f "${BASH_SOURCE[0]}")")/.."

app_id=exchange.margindesk.MarginDesk
icons=resources/icons
svg=$icons/hicolor/scalable/apps/$app_id.svg
sizes=(16 22 24 32 48 64 128 256 512)
pillow_version=11.3.0

if ! command -v rsvg-convert >/dev/null; then
    sudo=(); [ "$(id -u)" -eq 0 ] || sudo=(sudo)
    "${sudo[@]}" apt-get install -y -q --no-install-recommends librsvg2-bin >&2
fi

for size in "${sizes[@]}"; do
    mkdir -p "$icons/hicolor/${size}x${size}/apps"
    rsvg-convert --width "$size" --height "$size" "$svg" -o "$icons/hicolor/${size}x${size}/apps/$app_id.png"
done

scratch=$(mktemp -d)
trap 'rm -rf "$scratch"' EXIT
rsvg-convert --width 1024 --height 1024 "$svg" -o "$scratch/1024.png"
python3 -m venv "$scratch/venv"
"$scratch/venv/bin/pip" install -q "pillow==$pillow_version"
"$scratch/venv/bin/python" - "$icons" "$app_id" "$scratch/1024.png" <<'PY'
import sys
from pathlib import Path

from PIL import Image

icons, app_id, big = Path(sys.argv[1]), sys.argv[2], sys.argv[3]


def rendered(size: int) -> Image.Image:
    """The PNG rsvg-convert drew at this size (crisper than scaling a large one down)."""
    path = big if size == 1024 else icons / "hicolor" / f"{size}x{size}" / "apps" / f"{app_id}.png"
    return Image.open(path).convert("RGBA")


ico_sizes = [16, 24, 32, 48, 64, 128, 256]
rendered(256).save(icons / "margin-desk.ico", format="ICO", sizes=[(s, s) for s in ico_sizes],
                   append_images=[rendered(s) for s in ico_sizes[:-1]])
icns_sizes = [16, 32, 64, 128, 256, 512]
rendered(1024).save(icons / "margin-desk.icns", format="ICNS", append_images=[rendered(s) for s in icns_sizes])
PY
echo "make_icons: wrote $(find "$icons" -name '*.png' | wc -l) PNGs, $icons/margin-desk.ico and $icons/margin-desk.icns" >&2
