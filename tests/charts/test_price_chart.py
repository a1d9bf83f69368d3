"""The price chart: the base asset's stored ticks plus the current mark, and the order's lines."""

from __future__ import annotations

from decimal import Decimal as D

import numpy as np
import pytest

from desktop.engine import move_prices
from desktop.store import models
from desktop.store.fields import to_epoch


def stored_ticks(symbol: str) -> tuple[list[float], list[float]]:
    ticks = models.PriceTick.select().where(models.PriceTick.symbol == symbol).order_by(models.PriceTick.id)
    return [float(t.time) for t in ticks], [float(t.price) for t in ticks]


def test_the_curve_is_the_stored_marks_of_the_base_asset(qtbot, chart, desk):
    for _ in range(6):
        desk.tick(3600)
    chart.throttle.flush()
    times, prices = stored_ticks("SOL")
    x, y = chart.curve.getOriginalDataset()
    np.testing.assert_array_equal(x, times)
    np.testing.assert_array_equal(y, prices)
    assert chart.title.text() == "SOL mark (USD)"
    chart.set_market("BTC_USDC")
    times, prices = stored_ticks("BTC")
    np.testing.assert_array_equal(chart.curve.getOriginalDataset()[1], prices)
    assert chart.title.text() == "BTC mark (USD)"


def test_the_current_mark_is_added_when_it_moved_without_a_tick(qtbot, chart, desk):
    desk.tick(3600)
    chart.throttle.flush()
    assert len(chart.curve.getOriginalDataset()[0]) == 1
    desk.act(lambda s, p: move_prices(s, p, {"SOL": D("120")}))
    chart.throttle.flush()
    x, y = chart.curve.getOriginalDataset()
    assert list(y) == [stored_ticks("SOL")[1][0], 120.0]
    assert x[-1] == to_epoch(desk.state.time)


def test_a_fresh_account_shows_its_current_mark(chart, desk):
    x, y = chart.curve.getOriginalDataset()
    assert list(y) == [float(desk.state.marks["SOL"])]


def test_order_lines_follow_the_form_and_stay_in_view(qtbot, chart, desk):
    for _ in range(3):
        desk.tick(3600)
    chart.throttle.flush()
    chart.show_order_lines(D("140.5"), D("96.25"))
    assert chart.limit_line.isVisible() and chart.limit_line.value() == 140.5
    assert chart.liquidation_line.isVisible() and chart.liquidation_line.value() == 96.25
    assert "140.50" in chart.limit_line.label.toPlainText()
    assert "96.25" in chart.liquidation_line.label.toPlainText()
    chart.grab()
    low, high = chart.view.viewRange()[1]
    assert low <= 96.25 and high >= 140.5  # the view stretches to show the liquidation price
    assert "estimated liquidation after the order 96.25" in chart.caption.text()
    chart.show_order_lines(D("141"), None)
    assert chart.limit_line.isVisible() and not chart.liquidation_line.isVisible()
    chart.show_order_lines(None, None)
    assert not chart.limit_line.isVisible()


def test_switching_the_market_clears_the_order_lines(chart):
    chart.show_order_lines(D("140"), D("100"))
    chart.set_market("ETH_USDC")
    assert not chart.limit_line.isVisible() and not chart.liquidation_line.isVisible()


def mark_pixels_from_the_edges(chart, time: float) -> tuple[float, float]:
    (left, right), _ = chart.view.viewRange()
    width = chart.view.width()
    return (time - left) / (right - left) * width, (right - time) / (right - left) * width


@pytest.mark.parametrize("hours", [0, 1, 3, 48])
def test_a_fill_at_the_opening_stays_in_view(qtbot, chart, desk, hours):
    """The account opens at 00:00 and its first stored tick is an hour later: the ▲ of a fill at 00:00
    was left of the x-range's limits. Whatever the clock, it shows whole, a symbol's width from the edge."""
    chart.set_market("SOL_USDC_PERP")
    assert desk.place_perp_order("SOL_USDC_PERP", "Bid", "Market", D(3), None, False).accepted
    for _ in range(hours):
        desk.tick(3600)
    chart.throttle.flush()
    chart.grab()  # painted: the auto-range settles as the trader sees it
    (fill,) = chart.overlay.marks  # once, though the ledger counts the perp's fill for SOL too
    assert fill.kind == "buy" and len(chart.overlay.scatter.data) == 1
    left, right = mark_pixels_from_the_edges(chart, fill.time)
    assert left >= 8 and right >= 0  # the ▲ is 11 px wide
    if hours:
        now = chart.series()[0][-1]
        assert min(mark_pixels_from_the_edges(chart, now)) >= 0  # and the latest mark is in view too


def test_a_playing_clock_moves_the_range_a_step_at_a_time(qtbot, chart, desk):
    """Each new range works both axes' labels out again: the view runs a step ahead of the marks, so
    most ticks keep it, and every mark drawn stays inside it."""
    for _ in range(3):
        desk.tick(3600)
    chart.throttle.flush()
    ranges = []
    for _ in range(12):
        desk.tick(60)
        chart.throttle.flush()
        (left, right), (low, high) = chart.view.viewRange()
        x, y = chart.curve.getOriginalDataset()
        assert left <= x[0] and x[-1] <= right and low <= min(y) and max(y) <= high
        ranges.append(((left, right), (low, high)))
    assert len(set(ranges)) <= 4  # not one range a tick
