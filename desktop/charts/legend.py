"""A legend outside the plot: one check box per series with a small sample of its line, fill or
marker, so the legend never covers data and each series can be hidden from the keyboard too."""

from __future__ import annotations

from collections.abc import Iterable

from PySide6.QtCore import QPointF, QRectF, Qt
from PySide6.QtGui import QBrush, QColor, QIcon, QPainter, QPen, QPixmap, QPolygonF
from PySide6.QtWidgets import QCheckBox, QSizePolicy, QWidget

from ..views.partials.flow import FlowLayout

SAMPLE_WIDTH, SAMPLE_HEIGHT = 24, 14


def _icon(paint) -> QIcon:
    pixmap = QPixmap(SAMPLE_WIDTH, SAMPLE_HEIGHT)
    pixmap.fill(Qt.GlobalColor.transparent)
    painter = QPainter(pixmap)
    painter.setRenderHint(QPainter.RenderHint.Antialiasing)
    paint(painter)
    painter.end()
    return QIcon(pixmap)


def line_sample(pen: QPen) -> QIcon:
    def paint(painter: QPainter) -> None:
        sample = QPen(pen)
        sample.setWidthF(max(2.0, pen.widthF()))
        painter.setPen(sample)
        painter.drawLine(QPointF(1, SAMPLE_HEIGHT / 2), QPointF(SAMPLE_WIDTH - 1, SAMPLE_HEIGHT / 2))

    return _icon(paint)


def fill_sample(colour: QColor, outline: QColor | None = None) -> QIcon:
    def paint(painter: QPainter) -> None:
        painter.setPen(QPen(outline) if outline is not None else Qt.PenStyle.NoPen)
        painter.setBrush(QBrush(colour))
        painter.drawRect(QRectF(2, 1, SAMPLE_WIDTH - 4, SAMPLE_HEIGHT - 2))

    return _icon(paint)


def marker_sample(kind: str, colour: QColor) -> QIcon:
    """``triangle`` (pointing down, a liquidation) or ``cross`` (a bankruptcy)."""

    def paint(painter: QPainter) -> None:
        middle, top, bottom = SAMPLE_WIDTH / 2, 2.0, SAMPLE_HEIGHT - 2.0
        if kind == "triangle":
            painter.setPen(Qt.PenStyle.NoPen)
            painter.setBrush(QBrush(colour))
            corners = [QPointF(middle - 6, top), QPointF(middle + 6, top), QPointF(middle, bottom)]
            painter.drawPolygon(QPolygonF(corners))
        else:
            painter.setPen(QPen(colour, 2.5))
            painter.drawLine(QPointF(middle - 5, top), QPointF(middle + 5, bottom))
            painter.drawLine(QPointF(middle - 5, bottom), QPointF(middle + 5, top))

    return _icon(paint)


class LegendRow(QWidget):
    """Check boxes in a row that wraps onto a second line when the chart is narrow (a fixed row set
    the window's minimum width); unticking one hides the chart items it stands for."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setAccessibleName("Legend")
        self._layout = FlowLayout(self, spacing=14)
        policy = QSizePolicy(QSizePolicy.Policy.Preferred, QSizePolicy.Policy.Preferred)
        policy.setHeightForWidth(True)
        self.setSizePolicy(policy)
        self.boxes: dict[str, QCheckBox] = {}

    def add(self, label: str, icon: QIcon, items: Iterable) -> QCheckBox:
        box = QCheckBox(label)
        box.setIcon(icon)
        box.setChecked(True)
        box.setAccessibleName(f"Show {label.lower()}")
        box.setToolTip(f"Show or hide {label.lower()}")
        controlled = list(items)
        box.toggled.connect(lambda shown: [item.setVisible(shown) for item in controlled])
        self._layout.addWidget(box)
        self.boxes[label] = box
        return box
