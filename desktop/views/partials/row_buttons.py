"""A button in a table row (Close, Repay, Redeem, Cancel), painted by a delegate rather than a widget
per row: a tick repaints text, not widgets, and sorting or new rows need nothing rebuilt. A click on
the button, or Enter or Space on its cell (as on a push button), reports the row's index in the source model.

Each look of the button (size, text, pressed, focused, palette) is drawn once by the style and kept
as a pixmap: drawing through the app's Python style costs some 0.3 ms a button, a pixmap next to
nothing."""

from __future__ import annotations

from PySide6.QtCore import QEvent, QModelIndex, QRect, Qt, Signal
from PySide6.QtGui import QPainter, QPixmap
from PySide6.QtWidgets import QApplication, QStyle, QStyledItemDelegate, QStyleOptionButton, QTableView

KEPT_LOOKS = 64  # pixmaps kept per delegate (sizes × states × palettes seen lately)


class RowButtonDelegate(QStyledItemDelegate):
    """Paints the cells of ``column`` as push buttons showing the cell's text; ``clicked`` carries the
    source model's index of the row whose button was pressed."""

    clicked = Signal(QModelIndex)

    def __init__(self, table: QTableView, column: int) -> None:
        super().__init__(table)
        self.table = table
        self.column = column
        self._pressed: QModelIndex | None = None
        self._looks: dict[tuple, QPixmap] = {}
        table.setItemDelegateForColumn(column, self)
        table.activated.connect(self._activated)  # Enter (or a double click) on the button's cell
        table.installEventFilter(self)  # Space on the button's cell presses it, as Space presses a button

    @staticmethod
    def button_rect(cell: QRect) -> QRect:
        return cell.adjusted(3, 2, -3, -2)

    def paint(self, painter, option, index) -> None:
        rect = self.button_rect(option.rect)
        if rect.width() <= 0 or rect.height() <= 0:
            return
        state = QStyle.StateFlag.State_Enabled | QStyle.StateFlag.State_Raised
        if self._pressed is not None and self._pressed == index:
            state |= QStyle.StateFlag.State_Sunken
        if option.state & QStyle.StateFlag.State_HasFocus:
            state |= QStyle.StateFlag.State_HasFocus
        text = index.data()
        ratio = painter.device().devicePixelRatioF() if painter.device() is not None else 1.0
        key = (rect.width(), rect.height(), text, int(state.value), option.palette.cacheKey(), ratio)
        look = self._looks.get(key)
        if look is None:
            look = self._draw(rect, text, state, option.palette, ratio)
            if len(self._looks) >= KEPT_LOOKS:
                self._looks.clear()
            self._looks[key] = look
        painter.drawPixmap(rect.topLeft(), look)

    def _draw(self, rect: QRect, text: str, state, palette, ratio: float) -> QPixmap:
        look = QPixmap(int(rect.width() * ratio), int(rect.height() * ratio))
        look.setDevicePixelRatio(ratio)
        look.fill(Qt.GlobalColor.transparent)
        button = QStyleOptionButton()
        button.rect = QRect(0, 0, rect.width(), rect.height())
        button.text = text
        button.palette = palette
        button.state = state
        painter = QPainter(look)
        style = self.table.style() if self.table is not None else QApplication.style()
        style.drawControl(QStyle.ControlElement.CE_PushButton, button, painter, self.table)
        painter.end()
        return look

    def sizeHint(self, option, index):
        hint = super().sizeHint(option, index)
        hint.setWidth(hint.width() + 6)  # the button's frame around its text
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

    def eventFilter(self, watched, event) -> bool:
        if event.type() == QEvent.Type.KeyPress and event.key() == Qt.Key.Key_Space and not event.modifiers():
            index = self.table.currentIndex()
            if index.isValid() and index.column() == self.column:
                self.clicked.emit(self._source(index))
                return True
        return False  # not the delegate's own filter: that one takes the table for an editor

    def _activated(self, index: QModelIndex) -> None:
        if index.column() == self.column:
            self.clicked.emit(self._source(index))

    def _source(self, index: QModelIndex) -> QModelIndex:
        model = index.model()
        return model.mapToSource(index) if hasattr(model, "mapToSource") else index
