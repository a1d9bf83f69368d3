"""Desktop integration files and packaging recipes: quick checks that run with the test suite.

The slow checks (building the bundle, the .deb and the .run, launching them, installing the .deb on
a clean Debian 12) are in .ci/run, through packaging/build_linux.sh, packaging/smoke_test.py and
packaging/check_deb_in_debian12.sh. The validators come from Debian's desktop-file-utils and
appstream (packaging/bootstrap.sh installs them); without them those tests skip, saying so.
"""

from __future__ import annotations

import ast
import re
import shutil
import struct
import subprocess
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest

from desktop import APP_ID, APP_NAME, __version__

ROOT = Path(__file__).resolve().parent.parent
RESOURCES = ROOT / "resources"
PACKAGING = ROOT / "packaging"
DESKTOP_FILE = RESOURCES / f"{APP_ID}.desktop"
METAINFO = RESOURCES / f"{APP_ID}.metainfo.xml"
ICONS = RESOURCES / "icons"
HICOLOR_SIZES = [16, 22, 24, 32, 48, 64, 128, 256, 512]


def png_size(path: Path) -> tuple[int, int]:
    """Width and height from a PNG's IHDR chunk."""
    header = path.read_bytes()[:24]
    assert header[:8] == b"\x89PNG\r\n\x1a\n", f"{path} is not a PNG"
    return struct.unpack(">II", header[16:24])


def tool(name: str, package: str) -> str:
    path = shutil.which(name)
    if path is None:
        pytest.skip(f"{name} is not installed (Debian package {package}; packaging/bootstrap.sh test installs it)")
    return path


def desktop_entry() -> dict[str, str]:
    lines = DESKTOP_FILE.read_text(encoding="utf-8").splitlines()
    assert lines[0] == "[Desktop Entry]"
    return dict(line.split("=", 1) for line in lines[1:] if "=" in line and not line.startswith("#"))


# --- the .desktop file -------------------------------------------------------------------------


def test_desktop_file_is_valid():
    """desktop-file-validate accepts the .desktop file, with no error and no warning."""
    validate = tool("desktop-file-validate", "desktop-file-utils")
    result = subprocess.run([validate, str(DESKTOP_FILE)], capture_output=True, text=True, timeout=60)
    assert result.returncode == 0 and not result.stdout.strip(), result.stdout + result.stderr


def test_desktop_file_matches_the_app():
    """It is named after the app id Qt announces (setDesktopFileName), runs the console script,
    names the themed icon that the icon files provide and the window class Qt sets on X11."""
    entry = desktop_entry()
    assert entry["Name"] == APP_NAME
    assert entry["Exec"].split()[0] == "margin-desk"
    assert entry["Icon"] == APP_ID
    # Qt's xcb windows carry WM_CLASS = (executable name, application name): docks on X11 match the
    # class against StartupWMClass (seen under Xvfb: "margin-desk", "Margin Desk").
    assert entry["StartupWMClass"] == APP_NAME
    assert (ICONS / "hicolor" / "scalable" / "apps" / f"{APP_ID}.svg").is_file()


# --- AppStream ---------------------------------------------------------------------------------


def test_metainfo_is_valid():
    """appstreamcli validate --no-net accepts the metainfo (infos and pedantic notes allowed)."""
    appstreamcli = tool("appstreamcli", "appstream")
    result = subprocess.run(
        [appstreamcli, "validate", "--no-net", str(METAINFO)], capture_output=True, text=True, timeout=60
    )
    assert result.returncode == 0, result.stdout + result.stderr
    problems = [line for line in result.stdout.splitlines() if re.match(r"^[EW]: ", line)]
    assert not problems, result.stdout


def test_metainfo_names_the_app_its_launcher_and_this_release():
    """Same id as the app and the .desktop file, the console script as binary, and release notes
    for the version in desktop/__init__.py."""
    component = ET.parse(METAINFO).getroot()
    assert component.findtext("id") == APP_ID
    assert component.findtext("name") == APP_NAME
    assert component.findtext("launchable") == DESKTOP_FILE.name
    assert component.findtext("provides/binary") == "margin-desk"
    release = component.find(f"releases/release[@version='{__version__}']")
    assert release is not None, f"no <release version='{__version__}'> in {METAINFO.name}"
    assert release.find("description") is not None, "the release has no notes"


def test_metainfo_screenshots_are_the_committed_ones():
    """Every screenshot the metainfo lists is a PNG under resources/screenshots/ of the same name and
    the declared size, so the published images and the repository's stay one set."""
    images = ET.parse(METAINFO).getroot().findall("screenshots/screenshot/image")
    assert images, "the metainfo lists no screenshots"
    for image in images:
        assert image.text and image.text.startswith("https://"), image.text
        local = RESOURCES / "screenshots" / image.text.rsplit("/", 1)[-1]
        assert local.is_file(), f"{image.text} has no {local.relative_to(ROOT)}"
        declared = (int(image.get("width")), int(image.get("height")))
        assert png_size(local) == declared, f"{local.name} is {png_size(local)}, the metainfo says {declared}"


# --- icons ---------------------------------------------------------------------------------------


@pytest.mark.parametrize("size", HICOLOR_SIZES)
def test_icon_png_at_every_hicolor_size(size):
    """A square PNG of the right size for each hicolor size the .deb installs."""
    path = ICONS / "hicolor" / f"{size}x{size}" / "apps" / f"{APP_ID}.png"
    assert path.is_file(), f"missing {path.relative_to(ROOT)}: run packaging/make_icons.sh"
    assert png_size(path) == (size, size)


def test_icon_svg_and_platform_icons():
    """The SVG source parses and has a square viewBox; the Windows .ico and macOS .icns exist and
    start with their formats' magic numbers."""
    svg = ET.parse(ICONS / "hicolor" / "scalable" / "apps" / f"{APP_ID}.svg").getroot()
    assert svg.tag == "{http://www.w3.org/2000/svg}svg"
    _, _, width, height = (float(v) for v in svg.get("viewBox").split())
    assert width == height
    assert (ICONS / "margin-desk.ico").read_bytes()[:4] == b"\x00\x00\x01\x00"
    assert (ICONS / "margin-desk.icns").read_bytes()[:4] == b"icns"


# --- packaging recipes ---------------------------------------------------------------------------


def test_pyinstaller_spec_parses_and_names_the_pieces():
    """The spec is valid Python, starts from the launcher, carries resources/ as `resources` (where
    desktop/paths.py looks in a frozen build) and excludes the unused Qt modules and other bindings."""
    source = (PACKAGING / "margin-desk.spec").read_text(encoding="utf-8")
    ast.parse(source, filename="margin-desk.spec")
    assert "launcher.py" in source and (PACKAGING / "launcher.py").is_file()
    assert 'Path("resources")' in source
    for excluded in ("PyQt5", "PyQt6", "PySide2", "QtWebEngineCore", "QtQml", "QtQuick", "QtMultimedia", "Qt3DCore"):
        assert f'"{excluded}"' in source, f"{excluded} is not excluded"
    used = re.search(r"QT_USED = \{([^}]*)\}", source).group(1)
    assert not any(name in used for name in ("QtQml", "QtQuick", "QtWebEngine"))  # QtNetwork: the single instance
    launcher = (PACKAGING / "launcher.py").read_text(encoding="utf-8")
    assert "from desktop.__main__ import main" in launcher


def test_frozen_resource_root_is_where_the_spec_puts_resources(monkeypatch, tmp_path):
    """desktop.paths looks in <sys._MEIPASS>/resources first when frozen: the spec's destination."""
    import sys

    from desktop import paths

    monkeypatch.setattr(sys, "frozen", True, raising=False)
    monkeypatch.setattr(sys, "_MEIPASS", str(tmp_path), raising=False)
    assert paths.resource_roots()[0] == tmp_path / "resources"


@pytest.mark.parametrize(
    "script",
    ["build_linux.sh", "check_deb_in_debian12.sh", "make_icons.sh", "linux/install.sh", "macos/build_macos.sh"],
)
def test_shell_scripts_parse(script):
    """bash -n (sh -n for the POSIX installer) finds no syntax error."""
    path = PACKAGING / script
    shell = "sh" if script == "linux/install.sh" else "bash"
    result = subprocess.run([shell, "-n", str(path)], capture_output=True, text=True, timeout=60)
    assert result.returncode == 0, result.stderr


def test_smoke_test_script_parses():
    ast.parse((PACKAGING / "smoke_test.py").read_text(encoding="utf-8"))


def test_windows_and_macos_recipes_say_they_are_not_built_here():
    """The Windows and macOS recipes exist and say at the top that these machines can't build them."""
    for path in (PACKAGING / "windows" / "margin-desk.iss", PACKAGING / "macos" / "build_macos.sh"):
        head = "\n".join(path.read_text(encoding="utf-8").splitlines()[:8])
        assert "cannot be built" in head, f"{path.name} does not say it cannot be built on Linux"
