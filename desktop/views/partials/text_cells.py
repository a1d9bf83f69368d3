"""How a table paints a plain text cell: the text, elided, in the cell's font, colour and alignment —
what Fusion's item drawing shows for an unselected cell without an icon or a background, at a third of
its cost (Fusion lays each text out anew, some 70 µs a cell; a tick repaints every figure that moved).
A selected, focused or hovered cell, one with an icon, a check box or a background, goes to the style
as before.

A row model's cell (``RowTableModel``) is read straight from the model's kept texts — no style
option filled in role by role through the sort proxy (half a cell's cost) — and its text is measured
only when it may not fit (a tick's figures are narrower than their fitted columns)."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtGui import QFont, QFontMetrics, QFontMetricsF, QPalette
from PySide6.QtWidgets import QApplication, QStyle, QStyledItemDelegate, QStyleOptionViewItem

from ...models.tables import FOREGROUND, RIGHT, RowTableModel

State = QStyle.StateFlag
Feature = QStyleOptionViewItem.ViewItemFeature
# What only the style draws (as ints: flag arithmetic on Python enums costs more than the drawing).
STYLED_STATES = (State.State_Selected | State.State_HasFocus | State.State_MouseOver).value
STYLED_FEATURES = (Feature.HasDecoration | Feature.HasCheckIndicator).value
ENABLED, ACTIVE = State.State_Enabled.value, State.State_Active.value
ELIDE = Qt.TextElideMode.ElideRight
NO_BRUSH = Qt.BrushStyle.NoBrush
TEXT = QPalette.ColorRole.Text
NORMAL, INACTIVE, DISABLED = QPalette.ColorGroup.Normal, QPalette.ColorGroup.Inactive, QPalette.ColorGroup.Disabled
ITEM = QStyle.ControlElement.CE_ItemViewItem
KEPT_ELIDED = 512  # elided texts kept (a few ticks' worth of a table's figures)
LEFT = int(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter)  # a table cell's alignment by default

# The roles a row model may answer and still be painted from its texts: none of them draws anything
# but the text and its colour (a font, an icon, a check box or a background go to the style).
PLAIN_ROLES = RowTableModel.ROLES | {FOREGROUND, int(Qt.ItemDataRole.ToolTipRole)}


def plain_model(model) -> bool:
    """Whether ``model``'s cells are all text (and colour) read as ``RowTableModel`` reads them."""
    kind = type(model)
    return (
        isinstance(model, RowTableModel)
        and kind.data is RowTableModel.data
        and kind.multiData is RowTableModel.multiData
        and model.ROLES <= PLAIN_ROLES
    )


class TextCellDelegate(QStyledItemDelegate):
    """Plain cells painted directly; the rest as the style draws them."""

    def __init__(self, parent=None) -> None:
        super().__init__(parent)
        self._margin: int | None = None  # the style's text margin, read once
        self._proxy = None  # the model last painted, and its plain row model (None: not plain)
        self._source: RowTableModel | None = None
        self._font = None  # the font measured below
        self._metrics: QFontMetricsF | None = None
        self._advances: dict[str, float] = {}  # character → its advance in that font, for "does it fit"
        self._elided: dict[tuple[str, int], str] = {}  # (text, width) → as shown

    def _plain_source(self, model):
        if model is not self._proxy:
            source = model.sourceModel() if hasattr(model, "sourceModel") else model
            self._proxy, self._source = model, source if plain_model(source) else None
        return self._source

    def paint(self, painter, option, index) -> None:
        state = option.state.value
        if state & STYLED_STATES:
            self._styled(painter, option, index)
            return
        model = index.model()
        source = self._plain_source(model)
        if source is None:
            self.initStyleOption(option, index)
            if option.features.value & STYLED_FEATURES or option.backgroundBrush.style() != NO_BRUSH:
                self._draw_styled(painter, option)
                return
            self._draw(painter, option, state, option.text, option.displayAlignment.value, None, option.fontMetrics)
            return
        cell = model.mapToSource(index) if source is not model else index
        number, column = cell.row(), cell.column()
        if not 0 <= number < len(source.rows):
            return
        text = source.display(number, column)
        colour = source.extra(source.rows[number], column, FOREGROUND) if FOREGROUND in source.ROLES else None
        alignment = RIGHT if column in source.NUMERIC else LEFT
        self._draw(painter, option, state, text, alignment, colour, None)

    def _draw(self, painter, option, state: int, text: str, alignment: int, colour, metrics) -> None:
        if not text:
            return
        if self._margin is None:  # as Qt's item text: the focus frame's margin and one pixel each side
            widget = option.widget
            style = widget.style() if widget is not None else QApplication.style()
            self._margin = style.pixelMetric(QStyle.PixelMetric.PM_FocusFrameHMargin, None, widget) + 1
        margin = self._margin
        rect = option.rect.adjusted(margin, 0, -margin, 0)
        font = option.font
        if font != self._font:  # another font: its measures anew (a copy: ``option.font`` is the option's)
            self._font, self._advances, self._elided = QFont(font), {}, {}
            self._metrics = QFontMetricsF(font)
        text = self._shown(text, rect.width(), option if metrics is None else metrics)
        if colour is None:
            group = NORMAL if state & ENABLED and state & ACTIVE else DISABLED if not state & ENABLED else INACTIVE
            colour = option.palette.color(group, TEXT)
        # No save()/restore(): the view's painter keeps its font for every cell, and whatever draws
        # after a cell (the next cell, the grid, a style's item) sets the pen it needs.
        painter.setFont(font)
        painter.setPen(colour)
        painter.drawText(rect, alignment, text)

    def _shown(self, text: str, width: int, metrics) -> str:
        """``text`` as it shows in ``width`` px: whole when it fits (the sum of its characters' advances,
        each measured once, a pixel to spare: kerning only narrows a figure), else elided as Qt does —
        kept, as a cell repainted beside a moved one shows the same text again."""
        advances = self._advances
        total = 0.0
        for character in text:
            advance = advances.get(character)
            if advance is None:
                advance = advances[character] = self._metrics.horizontalAdvance(character)
            total += advance
        if total + 1 <= width:
            return text
        key = (text, width)
        elided = self._elided.get(key)
        if elided is None:
            if len(self._elided) >= KEPT_ELIDED:
                self._elided.clear()
            if not isinstance(metrics, QFontMetrics):
                metrics = metrics.fontMetrics
            elided = self._elided[key] = metrics.elidedText(text, ELIDE, width)
        return elided

    def _styled(self, painter, option, index) -> None:
        self.initStyleOption(option, index)
        self._draw_styled(painter, option)

    @staticmethod
    def _draw_styled(painter, option) -> None:
        widget = option.widget
        style = widget.style() if widget is not None else QApplication.style()
        style.drawControl(ITEM, option, painter, widget)
