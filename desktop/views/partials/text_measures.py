"""A font's measures for painting table cells: each text's width, elided forms and shaped glyphs,
kept, so that a figure painted again (or measured to tell whether it reads as before) is not laid out
anew; and a figure's width added up from its characters' advances, without shaping it."""

from __future__ import annotations

from PySide6.QtCore import QPointF, Qt
from PySide6.QtGui import QFont, QFontMetrics, QFontMetricsF, QStaticText

ELIDE = Qt.TextElideMode.ElideRight
ELLIPSIS = "…"  # how Qt elides a text at the right
KEPT_TEXTS = 2048  # texts measured (and elided) kept per font: a few ticks' worth of a table's figures

FIGURE_CHARACTERS = "0123456789,.−+-%() "  # what a table's figures are made of


def additive_advances(metrics: QFontMetricsF) -> dict[str, float] | None:
    """Each figure character's advance, if every pair of them measures as the sum of the two (no
    kerning between them: then so does any string of them); else None."""
    advances = {char: metrics.horizontalAdvance(char) for char in FIGURE_CHARACTERS}
    for first in FIGURE_CHARACTERS:
        for second in FIGURE_CHARACTERS:
            if metrics.horizontalAdvance(first + second) != advances[first] + advances[second]:
                return None
    return advances


class Measures:
    """One font's measures: its height and ascent, each text's width and elided forms, kept."""

    __slots__ = (
        "font",
        "metrics",
        "whole_pixels",
        "height",
        "ascent",
        "widths",
        "measured",
        "elided",
        "laid_out",
        "figure_advances",
        "figures_checked",
    )

    def __init__(self, font: QFont) -> None:
        self.font = QFont(font)  # a copy: an option's font is the option's
        self.metrics = QFontMetricsF(font)
        self.whole_pixels = QFontMetrics(font)  # as the option's fontMetrics, which elide
        self.height, self.ascent = self.metrics.height(), self.metrics.ascent()
        self.widths: dict[str, float] = {}  # texts drawn (or about to be): a text met again is drawn from its glyphs
        self.measured: dict[str, float] = {}  # texts measured for a cell's repaint that did not happen (yet)
        self.elided: dict[tuple[str, int], str] = {}
        self.laid_out: dict[str, QStaticText] = {}  # texts drawn before, shaped once
        self.figure_advances: dict[str, float] | None = None  # see ``advance``
        self.figures_checked = False

    def static(self, text: str) -> QStaticText:
        """``text`` shaped once and kept: a text painted again (a row moved down, a cell beside a
        changed one) draws its kept glyphs, not shaped anew (a third of drawing it)."""
        laid_out = self.laid_out
        if len(laid_out) >= KEPT_TEXTS:
            laid_out.clear()
        static = laid_out[text] = QStaticText(text)
        static.setTextFormat(Qt.TextFormat.PlainText)
        return static

    def draw(self, painter, x: float, top: float, text: str, seen: bool) -> None:
        """``text`` drawn with its line's top at (x, top): a text drawn before from its kept glyphs,
        a new one plainly (shaping it for keeps costs more than drawing it once)."""
        if seen:
            static = self.laid_out.get(text)
            if static is None:
                static = self.static(text)
            painter.drawStaticText(QPointF(x, top), static)
        else:
            painter.drawText(QPointF(x, top + self.ascent), text)

    def advance(self, text: str) -> float:
        """``text``'s width. A figure's (digits and their signs alone) is the sum of its characters'
        advances when the font sets those side by side unchanged, as the desk's fonts do (checked
        pair by pair, once per font): measuring, the text was shaped, as dear as drawing it."""
        if not self.figures_checked:
            self.figures_checked = True
            self.figure_advances = additive_advances(self.metrics)
        advances = self.figure_advances
        if advances is not None:
            total = 0.0
            for char in text:
                advance = advances.get(char)
                if advance is None:
                    break
                total += advance
            else:
                return total
        return self.metrics.horizontalAdvance(text)

    def width(self, text: str) -> float:
        widths = self.widths
        width = widths.get(text)
        if width is None:
            if len(widths) >= KEPT_TEXTS:
                widths.clear()
            width = self.measured.pop(text, None)
            if width is None:
                width = self.advance(text)
            widths[text] = width
        return width

    def measure(self, text: str) -> float:
        """``text``'s width, kept apart from the texts drawn: measuring it does not make it "seen"."""
        width = self.widths.get(text)
        if width is None:
            measured = self.measured
            width = measured.get(text)
            if width is None:
                if len(measured) >= KEPT_TEXTS:
                    measured.clear()
                width = measured[text] = self.advance(text)
        return width

    def shown(self, text: str, room: int, metrics: QFontMetrics) -> str:
        """``text`` elided as the style elides it in ``room`` px (``metrics``: the option's)."""
        key = (text, room)
        elided = self.elided.get(key)
        if elided is None:
            if len(self.elided) >= KEPT_TEXTS:
                self.elided.clear()
            elided = self.elided[key] = metrics.elidedText(text, ELIDE, room)
        return elided
