"""The charts on the real application's desk, with the clock playing: they keep up through the
desk's signals alone."""

from __future__ import annotations

from datetime import timedelta
from decimal import Decimal as D

from desktop.charts.margin_chart import MarginChart
from desktop.charts.price_chart import PriceChart
from desktop.services.series import account_id, equity_series
from desktop.views.risk.stress_grid import StressGrid
from desktop.views.risk.what_if_panel import WhatIfPanel
from tests.waits import WAIT_MS


def test_every_chart_follows_the_playing_clock(qtbot, window):
    desk = window.session
    assert desk.place_order("SOL_USDC", "Bid", "Market", D(40), None, True).accepted
    widgets = [
        MarginChart(desk, window.chart_data),
        PriceChart(desk, window.chart_data),
        WhatIfPanel(desk),
        StressGrid(desk),
    ]
    for widget in widgets:
        qtbot.addWidget(widget)
        widget.show()
    chart, prices, panel, grid = widgets
    panel.set_move(D(-20))
    start, shown_before = desk.state.time, len(chart.columns)
    window.clock.set_speed(3600)
    window.clock.play()
    # three played hours, each worked out on the tick worker and shown through the desk's signals
    qtbot.waitUntil(
        lambda: desk.state.time >= start + timedelta(hours=3) and len(chart.columns) >= shown_before + 3,
        timeout=WAIT_MS,
    )
    window.clock.pause()
    # the last redraws (the what-if panel too follows price ticks at most four times a second)
    qtbot.waitUntil(
        lambda: not any(w.throttle.pending for w in (chart, prices, panel)) and not grid.pending, timeout=WAIT_MS
    )
    stored = equity_series(window.store.db, account_id(desk.name))
    assert len(chart.columns) == len(stored)
    assert list(chart.columns["ne"]) == list(stored.net_equity)
    assert prices.series()[1][-1] == float(desk.state.marks["SOL"])
    assert panel.result.marks["SOL"] == desk.state.marks["SOL"] * D("0.8")
    assert grid.model.index(0, 0).data() is not None
