"""The price chart sets its view's range itself, only when what it shows moved: the range is the one
pyqtgraph's auto-range gave, and the trader's zoom or pan holds until the chart is reset."""

from __future__ import annotations

from decimal import Decimal as D

import numpy as np
import pytest
from PySide6.QtCore import QPoint, QPointF, Qt
from PySide6.QtGui import QWheelEvent
from PySide6.QtWidgets import QApplication, QGraphicsItem

from desktop.engine import move_prices

SOL_PERP = "SOL_USDC_PERP"


def auto_ranged(chart) -> list[list[float]]:
    """The range pyqtgraph's own auto-range gives the same items."""
    view = chart.view
    view.enableAutoRange()
    view.updateAutoRange()
    found = view.viewRange()
    view.disableAutoRange()
    return found


def assert_same_range(chart) -> None:
    shown = chart.view.viewRange()
    expected = auto_ranged(chart)
    for axis in (0, 1):
        assert shown[axis] == pytest.approx(expected[axis], rel=1e-12, abs=1e-9)


def play(chart, desk, ticks: int, seconds: int = 60) -> None:
    for _ in range(ticks):
        desk.tick(seconds)
        chart.throttle.flush()


def test_the_range_is_the_one_the_auto_range_gave(qtbot, chart, desk):
    now = chart.series()[0][-1]
    assert chart.view.viewRange()[0] == [now - 1800, now + 1800]  # one point: half an hour either side
    assert_same_range_on(chart, axis=1)
    play(chart, desk, 3, 3600)
    assert_same_range(chart)
    chart.set_market(SOL_PERP)
    assert desk.place_perp_order(SOL_PERP, "Bid", "Market", D(3), None, False).accepted  # entry and liquidation
    play(chart, desk, 15)
    assert chart.overlay.entry_line.isVisible()
    assert_same_range(chart)
    chart.show_order_lines(D("140.5"), D("20"))  # the form's lines, far below
    assert_same_range(chart)
    chart.resize(900, 500)
    QApplication.processEvents()
    assert_same_range(chart)
    desk.act(lambda s, p: move_prices(s, p, {"SOL": D("400")}))  # a jump above the running bounds
    chart.throttle.flush()
    assert_same_range(chart)


def test_a_tick_inside_the_running_bounds_sets_no_range(qtbot, chart, desk, monkeypatch):
    play(chart, desk, 3, 3600)
    calls = []
    set_range = chart.view.setRange
    monkeypatch.setattr(chart.view, "setRange", lambda *a, **k: (calls.append(k), set_range(*a, **k)))
    play(chart, desk, 12)
    assert len(calls) <= 3  # a step ahead now and then, not one a tick
    (left, right), (low, high) = chart.view.viewRange()
    x, y = chart.curve.getOriginalDataset()
    assert left <= x[0] and x[-1] <= right and low <= min(y) and max(y) <= high


def test_a_price_leaving_the_running_bounds_keeps_the_time_axis(qtbot, chart, desk):
    """A new low or high steps the price axis alone: the time axis (dates, the dearer labels) keeps its
    range until the time reaches its end, and then steps once, not a little at one tick and a step at
    the next."""
    play(chart, desk, 3, 3600)
    play(chart, desk, 2)  # two minutes on, inside the running bounds
    x_ranges, y_ranges = [], []
    chart.view.sigXRangeChanged.connect(lambda _view, shown: x_ranges.append(tuple(shown)))
    chart.view.sigYRangeChanged.connect(lambda _view, shown: y_ranges.append(tuple(shown)))
    first, end, low, high = chart.running.bounds
    mark = desk.state.marks["SOL"]
    desk.act(lambda s, p: move_prices(s, p, {"SOL": mark * 2}))  # far above the running bounds, at once
    chart.throttle.flush()
    assert y_ranges and not x_ranges  # the price axis stepped, the time axis stayed
    assert chart.running.bounds[1] == end and chart.running.bounds[3] > high
    x, y = chart.series()
    left, right = chart.view.viewRange()[0]
    ticks_to_the_end = int((end - x[-1]) // 60)
    play(chart, desk, ticks_to_the_end + 1)  # the time reaches the end of the running bounds, and past it
    assert len(x_ranges) == 1  # one step, at the tick that reached the end
    assert chart.running.bounds[1] > end and chart.view.viewRange()[0][1] > right


def wheel(chart, clicks: int, widget=None) -> None:
    """The trader turns the mouse wheel over the plot (or over ``widget``, an axis)."""
    view = chart.plot_widget
    item = widget or chart.view
    where = view.mapFromScene(item.mapToScene(QPointF(item.width() / 2, item.height() / 2)))
    event = QWheelEvent(
        QPointF(where),
        QPointF(view.viewport().mapToGlobal(where)),
        QPoint(0, 0),
        QPoint(0, 120 * clicks),
        Qt.MouseButton.NoButton,
        Qt.KeyboardModifier.NoModifier,
        Qt.ScrollPhase.NoScrollPhase,
        False,
    )
    QApplication.sendEvent(view.viewport(), event)


def test_the_traders_zoom_holds_until_the_chart_is_reset(qtbot, chart, desk):
    play(chart, desk, 3, 3600)
    before = chart.view.viewRange()
    wheel(chart, 3)
    zoomed = chart.view.viewRange()
    assert zoomed[0] != before[0] and zoomed[1] != before[1]
    play(chart, desk, 30)  # the data run on, and out of the running bounds: the zoom holds
    assert chart.view.viewRange() == zoomed
    chart.show_order_lines(None, None)  # the form's lines (the order form's edits): y follows again
    assert chart.view.viewRange()[0] == zoomed[0]
    assert_same_range_on(chart, axis=1)
    chart.set_market("SOL_USDC")  # a market chosen: the whole chart again
    assert_same_range(chart)


def assert_same_range_on(chart, axis: int) -> None:
    shown = chart.view.viewRange()[axis]
    view = chart.view
    view.enableAutoRange(axis="xy"[axis])
    view.updateAutoRange()
    expected = view.viewRange()[axis]
    view.disableAutoRange()
    assert shown == pytest.approx(expected, rel=1e-12, abs=1e-9)


def test_a_wheel_over_the_price_axis_zooms_the_prices_only(qtbot, chart, desk):
    play(chart, desk, 3, 3600)
    before = chart.view.viewRange()
    wheel(chart, 2, chart.plot.getAxis("left"))
    zoomed = chart.view.viewRange()
    assert zoomed[0] == before[0] and zoomed[1] != before[1]
    play(chart, desk, 30)
    assert chart.view.viewRange()[1] == zoomed[1]  # the prices hold
    assert_same_range_on(chart, axis=0)  # time still follows the clock
    x = chart.curve.getOriginalDataset()[0]
    assert chart.view.viewRange()[0][1] >= x[-1]


def test_a_live_row_is_drawn_after_the_stored_ones_and_not_kept():
    from desktop.charts.common import GrowingColumns

    columns = GrowingColumns("time", "price")
    columns.extend(time=np.array([1.0, 2.0]), price=np.array([10.0, 11.0]))
    time, price = columns.with_row(time=3.0, price=12.0)
    assert list(time) == [1, 2, 3] and list(price) == [10, 11, 12]
    assert len(columns) == 2 and list(columns["price"]) == [10, 11]
    columns.extend(time=np.arange(3.0, 3000.0), price=np.arange(3.0, 3000.0))  # grown past its capacity
    assert columns["time"][2] == 3.0 and len(columns) == 2999
    assert list(time) == [1, 2, 3]  # the views handed out before keep their values
    time, price = columns.with_row(time=5000.0, price=1.0)
    assert len(time) == 3000 and time[-1] == 5000 and columns["time"][-1] == 2999


def test_after_days_of_prices_the_range_still_holds_for_most_ticks(qtbot, chart, desk):
    """The left limit was 2 % of the data's span before the first point: it moved at each tick, and
    with it the range and both axes, once more than a day was drawn."""
    play(chart, desk, 40, 3600)
    ranges = []
    for _ in range(12):
        play(chart, desk, 1)
        chart.grab()
        (left, right), (low, high) = chart.view.viewRange()
        x, y = chart.curve.getOriginalDataset()
        assert left <= x[0] and x[-1] <= right and low <= min(y) and max(y) <= high
        ranges.append(((left, right), (low, high)))
    assert len(set(ranges)) <= 4


def cached_items(chart) -> list:
    return [chart.plot.getAxis("left"), chart.plot.getAxis("bottom"), chart.overlay.scatter]


def assert_drawn_as_without_caches(chart) -> None:
    """The axes and the marks are kept as pixmaps: what the chart shows must be what it paints afresh."""
    cached = chart.grab().toImage()
    for item in cached_items(chart):
        item.setCacheMode(QGraphicsItem.CacheMode.NoCache)
    fresh = chart.grab().toImage()
    for item in cached_items(chart):
        item.setCacheMode(QGraphicsItem.CacheMode.DeviceCoordinateCache)
    assert cached == fresh


def test_the_cached_axes_and_marks_never_go_stale(qtbot, qapp, chart, desk):
    from desktop.views.theme import apply_theme

    assert all(item.cacheMode() == QGraphicsItem.CacheMode.DeviceCoordinateCache for item in cached_items(chart))
    chart.set_market(SOL_PERP)
    play(chart, desk, 3, 3600)
    chart.grab()  # the caches filled
    assert desk.place_perp_order(SOL_PERP, "Bid", "Market", D(3), None, False).accepted  # a new mark
    play(chart, desk, 1)
    assert_drawn_as_without_caches(chart)
    play(chart, desk, 40)  # the range moves on: both axes' ticks and the marks' places
    assert_drawn_as_without_caches(chart)
    apply_theme(qapp, "dark")  # new colours
    QApplication.processEvents()
    assert_drawn_as_without_caches(chart)
    chart.resize(560, 330)
    QApplication.processEvents()
    assert_drawn_as_without_caches(chart)
    apply_theme(qapp, "light")
