"""Tab from the order form goes round the window without stopping on a chart (the price chart took a
Tab stop between the clock bar and the Account Overview, and did nothing with it)."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QApplication

from desktop.charts.common import pg


def tab_stops(start, count: int) -> list:
    start.setFocus()
    QApplication.processEvents()
    stops = []
    for _ in range(count):
        focused = QApplication.focusWidget()
        stops.append(focused)
        QTest.keyClick(focused, Qt.Key.Key_Tab)
    return stops


def test_tab_never_stops_on_a_chart(window, qtbot):
    window.setWindowState(Qt.WindowState.WindowNoState)
    window.resize(1600, 1000)
    window.activateWindow()
    window.spot.ensure_price_chart()
    QApplication.processEvents()
    stops = tab_stops(window.spot.form.quantity, 40)
    assert window.spot.form.quantity in stops[1:]  # round the window and back
    assert not [s for s in stops if isinstance(s, pg.PlotWidget)]
    window.show_view(4)  # Risk: its margin chart too
    QApplication.processEvents()
    start = window.risk.chart.range_buttons["All"]
    stops = tab_stops(start, 60)
    assert not [s for s in stops if isinstance(s, pg.PlotWidget)]
