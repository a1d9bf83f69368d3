"""A legend outside the plot: one check box per series with a small sample of its line, fill or
marker, so the legend never covers data and each series can be hidden from the keyboard too."""

from __future__ import annotations

from collections.abc import Iterable

from PySide6.QtCore import QPointF, QRectF, Qt
from PySide6.QtGui import QBrush, QColor, QIcon, QPainter, QPen, QPixmap
from PySide6.QtWidgets import QCheckBox, QSizePolicy, QWidget

from ..views.partials.flow import FlowLayout
from .common import pg

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


def marker_sample(symbol: str, colour: QColor) -> QIcon:
    """The chart's own marker, drawn by pyqtgraph: ``t`` (a triangle pointing down, a liquidation) or
    ``x`` (a cross, a bankruptcy)."""

    def paint(painter: QPainter) -> None:
        painter.translate(SAMPLE_WIDTH / 2, SAMPLE_HEIGHT / 2)
        pg.graphicsItems.ScatterPlotItem.drawSymbol(
            painter, symbol, SAMPLE_HEIGHT - 2, pg.mkPen(None), pg.mkBrush(colour)
        )

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
