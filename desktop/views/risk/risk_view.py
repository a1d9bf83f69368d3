"""The Risk view: equity against initial and maintenance margin over time, the what-if panel and the
stress grid. Its charts (and pyqtgraph) are built only when the view is first shown."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QLabel, QSplitter, QTabWidget, QVBoxLayout, QWidget

from ...models.chart_data import ChartData
from ...models.session import Session


class RiskView(QWidget):
    def __init__(self, session: Session, chart_data: ChartData, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.session = session
        self.chart_data = chart_data
        self.chart = self.what_if = self.stress = None
        self._layout = QVBoxLayout(self)
        self._layout.setContentsMargins(0, 0, 0, 0)
        caption = QLabel("Risk — equity against initial and maintenance margin")
        caption.setObjectName("panelTitle")
        self._layout.addWidget(caption)

    def showEvent(self, event) -> None:
        self.build()
        super().showEvent(event)

    def build(self) -> None:
        if self.chart is not None:
            return
        from ...charts.margin_chart import MarginChart
        from .stress_grid import StressGrid
        from .what_if_panel import WhatIfPanel

        self.chart = MarginChart(self.session, self.chart_data)
        self.what_if = WhatIfPanel(self.session)
        self.stress = StressGrid(self.session)
        below = QTabWidget()
        below.setAccessibleName("What-if and stress")
        below.addTab(self.what_if, "What if")
        below.addTab(self.stress, "Stress grid")
        splitter = QSplitter(Qt.Orientation.Vertical)
        splitter.addWidget(self.chart)
        splitter.addWidget(below)
        splitter.setStretchFactor(0, 3)
        splitter.setStretchFactor(1, 2)
        splitter.setChildrenCollapsible(False)
        self._layout.addWidget(splitter, 1)
