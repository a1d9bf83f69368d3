"""A button in a table row (Close, Repay, Redeem, Cancel), painted by a delegate rather than a widget
per row: a tick repaints text, not widgets, and sorting or new rows need nothing rebuilt. A click on
the button, or Enter on its cell, reports the row's index in the source model."""

from __future__ import annotations

from PySide6.QtCore import QEvent, QModelIndex, QRect, Qt, Signal
from PySide6.QtWidgets import QApplication, QStyle, QStyledItemDelegate, QStyleOptionButton, QTableView


class RowButtonDelegate(QStyledItemDelegate):
    """Paints the cells of ``column`` as push buttons showing the cell's text; ``clicked`` carries the
    source model's index of the row whose button was pressed."""

    clicked = Signal(QModelIndex)

    def __init__(self, table: QTableView, column: int) -> None:
        super().__init__(table)
        self.table = table
        self.column = column
        self._pressed: QModelIndex | None = None
        table.setItemDelegateForColumn(column, self)
        table.activated.connect(self._activated)  # Enter (or a double click) on the button's cell

    @staticmethod
    def button_rect(cell: QRect) -> QRect:
        return cell.adjusted(3, 2, -3, -2)

    def paint(self, painter, option, index) -> None:
        button = QStyleOptionButton()
        button.rect = self.button_rect(option.rect)
        button.text = index.data()
        button.palette = option.palette
        button.state = QStyle.StateFlag.State_Enabled | QStyle.StateFlag.State_Raised
        if self._pressed is not None and self._pressed == index:
            button.state |= QStyle.StateFlag.State_Sunken
        if option.state & QStyle.StateFlag.State_HasFocus:
            button.state |= QStyle.StateFlag.State_HasFocus
        style = self.table.style() if self.table is not None else QApplication.style()
        style.drawControl(QStyle.ControlElement.CE_PushButton, button, painter, self.table)

    def sizeHint(self, option, index):
        hint = super().sizeHint(option, index)
        hint.setWidth(hint.width() + 12)  # the button's frame around its text
        return hint

    def editorEvent(self, event, model, option, index) -> bool:
        kind = event.type()
        if kind not in (QEvent.Type.MouseButtonPress, QEvent.Type.MouseButtonRelease):
            return False
        inside = self.button_rect(option.rect).contains(event.position().toPoint())
        if kind == QEvent.Type.MouseButtonPress:
            self._pressed = index if inside and event.button() == Qt.MouseButton.LeftButton else None
            return inside
        pressed, self._pressed = self._pressed, None
        if pressed is not None and pressed == index and inside:
            self.clicked.emit(self._source(index))
        return inside

    def _activated(self, index: QModelIndex) -> None:
        if index.column() == self.column:
            self.clicked.emit(self._source(index))

    def _source(self, index: QModelIndex) -> QModelIndex:
        model = index.model()
        return model.mapToSource(index) if hasattr(model, "mapToSource") else index
