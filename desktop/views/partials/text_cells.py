"""How a table paints a plain text cell: the text, elided, in the cell's font, colour and alignment —
what Fusion's item drawing shows for an unselected cell without an icon or a background, at a third of
its cost (Fusion lays each text out anew, some 70 µs a cell; a tick repaints every figure that moved).
A selected or focused cell, one with an icon, a check box or a background, goes to the style as before."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtGui import QPalette
from PySide6.QtWidgets import QApplication, QStyle, QStyledItemDelegate, QStyleOptionViewItem

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


class TextCellDelegate(QStyledItemDelegate):
    """Plain cells painted directly; the rest as the style draws them."""

    def __init__(self, parent=None) -> None:
        super().__init__(parent)
        self._margin: int | None = None  # the style's text margin, read once

    def paint(self, painter, option, index) -> None:
        self.initStyleOption(option, index)
        state = option.state.value
        if (
            state & STYLED_STATES
            or option.features.value & STYLED_FEATURES
            or option.backgroundBrush.style() != NO_BRUSH
        ):
            widget = option.widget
            style = widget.style() if widget is not None else QApplication.style()
            style.drawControl(ITEM, option, painter, widget)
            return
        text = option.text
        if not text:
            return
        if self._margin is None:  # as Qt's item text: the focus frame's margin and one pixel each side
            widget = option.widget
            style = widget.style() if widget is not None else QApplication.style()
            self._margin = style.pixelMetric(QStyle.PixelMetric.PM_FocusFrameHMargin, None, widget) + 1
        margin = self._margin
        rect = option.rect.adjusted(margin, 0, -margin, 0)
        group = NORMAL if state & ENABLED and state & ACTIVE else DISABLED if not state & ENABLED else INACTIVE
        painter.save()
        painter.setFont(option.font)
        painter.setPen(option.palette.color(group, TEXT))
        painter.drawText(rect, option.displayAlignment.value, option.fontMetrics.elidedText(text, ELIDE, rect.width()))
        painter.restore()
