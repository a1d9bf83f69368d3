"""The Risk view: equity against initial and maintenance margin over time, the what-if panel and the
stress grid below it (scrolling when short). Its charts (and pyqtgraph) are built only when the view
is first shown; the chart takes the spare height."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QLabel, QSplitter, QTabWidget, QVBoxLayout, QWidget

from ...models.chart_data import ChartData
from ...models.session import Session
from ..partials.remember import remember_splitter
from ..partials.scrolling import ScrollingPanel


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
        below.addTab(ScrollingPanel(self.what_if), "What if")
        below.addTab(self.stress, "Stress grid")
        self.below = below
        splitter = QSplitter(Qt.Orientation.Vertical)
        splitter.setObjectName("riskSplitter")
        splitter.addWidget(self.chart)
        splitter.addWidget(below)
        splitter.setStretchFactor(0, 2)
        splitter.setStretchFactor(1, 1)
        splitter.setSizes([2000, 1000])
        splitter.setChildrenCollapsible(False)
        remember_splitter(splitter)
        self.splitter = splitter
        self._layout.addWidget(splitter, 1)
