"""How the stress grid paints a cell: its colour, then its text centred in the cell's font — the pixels
Fusion's item drawing gives (tests compare them), at a small part of its cost. Fusion fills a style
option role by role (ten Python calls a cell) and lays each text out anew; a moving account gives a
new figure in most cells at every grid. Here the text and colour come straight from the model's kept
looks, each colour is one kept QColor, and a text is measured once per font (``Measures``).

A selected, focused or hovered cell, or a text too wide for its cell (elided), goes to the style."""

from __future__ import annotations

from PySide6.QtWidgets import QApplication, QStyle, QStyledItemDelegate

from ...models.what_if_model import CELL_TEXT, StressGridModel
from ..partials.text_cells import ACTIVE, DISABLED, ENABLED, INACTIVE, NORMAL, STYLED_STATES, TEXT, Measures


class StressCellDelegate(QStyledItemDelegate):
    """Plain grid cells painted from the model's looks; the rest as the style draws them."""

    def __init__(self, parent=None) -> None:
        super().__init__(parent)
        self._margin: int | None = None  # the style's text margin, read once
        self._measures: Measures | None = None  # the view's font

    def paint(self, painter, option, index) -> None:
        state = option.state.value
        model = index.model()
        if state & STYLED_STATES or not isinstance(model, StressGridModel) or option.direction.value:
            super().paint(painter, option, index)
            return
        row, column = index.row(), index.column()
        try:
            text, rgb = model.look(row, column)
        except IndexError:
            return
        font = option.font
        measures = self._measures
        if measures is None or font != measures.font:  # another font: its measures anew
            measures = self._measures = Measures(font)
        if self._margin is None:  # as Qt's item text: the focus frame's margin and one pixel each side
            widget = option.widget
            style = widget.style() if widget is not None else QApplication.style()
            self._margin = style.pixelMetric(QStyle.PixelMetric.PM_FocusFrameHMargin, None, widget) + 1
        rect = option.rect
        room, height = rect.width() - 2 * self._margin, rect.height()
        widths = measures.widths
        width = widths.get(text)
        seen = width is not None  # drawn before: its kept glyphs drawn again
        if not seen:
            width = measures.width(text)
        if width > room or round(measures.height) > height:  # elided or clipped: as the style does it
            super().paint(painter, option, index)
            return
        colour = model.colour(rgb)
        if colour is not None:
            painter.fillRect(rect, colour)
            pen = CELL_TEXT
        else:
            group = NORMAL if state & ENABLED and state & ACTIVE else DISABLED if not state & ENABLED else INACTIVE
            pen = option.palette.color(group, TEXT)
        painter.setFont(font)
        painter.setPen(pen)
        # Where the style's text layout puts a centred line: half the room left, in 64ths of a pixel
        # rounded down as Qt's fixed-point arithmetic does; the line's top centred in whole pixels.
        x = rect.x() + self._margin + ((room * 64 - round(width * 64)) // 2) / 64
        top = rect.y() + (height - round(measures.height)) // 2
        measures.draw(painter, x, top, text, seen)
