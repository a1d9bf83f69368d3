"""Where screenshot tests put their PNGs, and how they check one is not an empty frame.

With MARGIN_DESK_SCREENSHOTS=1 the files go to resources/screenshots/ (README, AppStream metainfo);
otherwise to the test's temporary directory, so the rendering itself is always tested."""

from __future__ import annotations

import os
from pathlib import Path

from PySide6.QtGui import QImage
from PySide6.QtWidgets import QApplication

SCREENSHOTS = Path(__file__).resolve().parents[1] / "resources" / "screenshots"


def target(tmp_path: Path) -> Path:
    if os.environ.get("MARGIN_DESK_SCREENSHOTS") == "1":
        SCREENSHOTS.mkdir(parents=True, exist_ok=True)
        return SCREENSHOTS
    return tmp_path


def save(widget, folder: Path, name: str) -> Path:
    for _ in range(3):  # a caption that grew a line relays out in a second round (its box, then the window)
        QApplication.processEvents()
    path = folder / f"{name}.png"
    assert widget.grab().save(str(path)), path
    assert path.stat().st_size > 5000, f"{name}.png is an empty frame"
    image = QImage(str(path))
    colours = {image.pixel(x, y) for x in range(0, image.width(), 7) for y in range(0, image.height(), 7)}
    assert len(colours) > 8, f"{name}.png looks empty"
    return path
