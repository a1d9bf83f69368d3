"""The trade marks' bounding rect is kept between paints, and never goes stale: it is always the one
pyqtgraph works out afresh, after new marks, a new range and a resize."""

from __future__ import annotations

import pyqtgraph as pg
from PySide6.QtWidgets import QApplication

from desktop.models.trade_marks import TradeMark


def fresh(scatter):
    return pg.ScatterPlotItem.boundingRect(scatter)


def assert_kept_and_fresh(scatter):
    scatter.dataBounds(0), scatter.dataBounds(1)  # the data bounds worked out again first (as a range fit may)
    kept = scatter.boundingRect()
    assert scatter.boundingRect() is kept  # kept: the second paint asks for nothing again
    assert kept == fresh(scatter)
    return kept


def test_the_kept_rect_follows_the_marks_the_range_and_the_size(chart, qtbot):
    scatter = chart.overlay.scatter
    now = chart.current_mark()[0]
    chart.overlay.show_marks([TradeMark(now - 600, 150.0, "buy", "Bought"), TradeMark(now, 151.0, "sell", "Sold")])
    QApplication.processEvents()
    first = assert_kept_and_fresh(scatter)

    chart.overlay.show_marks([TradeMark(now - 6000, 140.0, "liquidation", "Liquidation")])
    QApplication.processEvents()
    marked = assert_kept_and_fresh(scatter)
    assert marked != first

    chart.view.setRange(xRange=(now - 20000, now + 1000), yRange=(100.0, 200.0), padding=0.0)
    chart.plot_widget.scene().prepareForPaint()
    ranged = assert_kept_and_fresh(scatter)
    assert ranged != marked  # the symbols' pixel padding in data units moved with the scale

    chart.resize(400, 250)
    QApplication.processEvents()
    chart.plot_widget.scene().prepareForPaint()
    assert assert_kept_and_fresh(scatter) != ranged


def test_no_marks_no_rect(chart):
    chart.overlay.show_marks([])
    assert chart.overlay.scatter.boundingRect() == fresh(chart.overlay.scatter)
