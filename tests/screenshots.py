"""Where screenshot tests put their PNGs, and how they check one is not an empty frame.

With MARGIN_DESK_SCREENSHOTS=1 the files go to resources/screenshots/ (README, AppStream metainfo);
otherwise to the test's temporary directory, so the rendering itself is always tested."""

from __future__ import annotations

import os
from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtGui import QImage
from PySide6.QtWidgets import QApplication

SCREENSHOTS = Path(__file__).resolve().parents[1] / "resources" / "screenshots"
IN_BOTH_THEMES = pytest.mark.parametrize("theme", ["light", "dark"])
AT_BOTH_SIZES = pytest.mark.parametrize("size", [(1024, 700), (1600, 1000)])  # a laptop, a large screen


def target(tmp_path: Path) -> Path:
    if os.environ.get("MARGIN_DESK_SCREENSHOTS") == "1":
        SCREENSHOTS.mkdir(parents=True, exist_ok=True)
        return SCREENSHOTS
    return tmp_path


def themes_folder(tmp_path: Path) -> Path:
    """Where the pictures of both themes at both sizes go (resources/screenshots/themes/)."""
    folder = target(tmp_path) / "themes"
    folder.mkdir(parents=True, exist_ok=True)
    return folder


@pytest.fixture
def themed_window(window):
    """The main window, back in the light theme afterwards whatever a test switched it to."""
    yield window
    window.set_theme("light")


def pick_theme_and_size(window, theme: str, size: tuple[int, int]) -> str:
    """As the trader would: choose ``theme`` and un-maximize the window to ``size``. Returns the name
    its pictures carry ("dark-1024x700")."""
    window.set_theme(theme)
    window.setWindowState(Qt.WindowState.WindowNoState)
    window.resize(*size)
    return f"{theme}-{size[0]}x{size[1]}"


def save(widget, folder: Path, name: str) -> Path:
    QApplication.processEvents()
    path = folder / f"{name}.png"
    assert widget.grab().save(str(path)), path
    assert path.stat().st_size > 5000, f"{name}.png is an empty frame"
    image = QImage(str(path))
    colours = {image.pixel(x, y) for x in range(0, image.width(), 7) for y in range(0, image.height(), 7)}
    assert len(colours) > 8, f"{name}.png looks empty"
    return path
