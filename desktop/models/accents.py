"""Colours that carry meaning (buy, sell, gain, loss, a problem), per theme, chosen to read at 4.5:1 or
better on that theme's backgrounds (tests/views/test_theme.py computes it). The theme applies them
to the stylesheet; table models take them for gains and losses."""

from __future__ import annotations

from PySide6.QtGui import QColor, QGuiApplication, QPalette

ACCENTS = {
    "light": {"buy": "#16704b", "sell": "#b23a32", "problem": "#b23a32", "gain": "#16704b", "loss": "#b23a32"},
    "dark": {"buy": "#1f7a52", "sell": "#b23a32", "problem": "#ff8a80", "gain": "#3fb37f", "loss": "#ff8a80"},
}


def shown_theme() -> str:
    """ "dark" when the application's palette is dark, else "light"."""
    base = QGuiApplication.palette().color(QPalette.ColorRole.Base)
    return "dark" if base.lightness() < 128 else "light"


def accent(name: str) -> QColor:
    return QColor(ACCENTS[shown_theme()][name])
