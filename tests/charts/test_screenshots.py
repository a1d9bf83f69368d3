"""Renders the margin chart (with a liquidation in its history), the what-if panel and the stress grid
to PNG, offscreen. With MARGIN_DESK_SCREENSHOTS=1 the files go to resources/screenshots/; otherwise to
a temporary directory, so the rendering itself is always tested."""

from __future__ import annotations

from decimal import Decimal as D

from desktop.charts.margin_chart import MarginChart
from desktop.engine.what_if import ALL_NON_STABLE
from desktop.views.risk.stress_grid import StressGrid
from desktop.views.risk.what_if_panel import WhatIfPanel
from tests.charts.history import leveraged_long
from tests.screenshots import save, target


def two_days_with_a_crash(desk) -> None:
    """A margin long held for a day and a half of hourly prices, SOL −15 % within an hour (a
    liquidation brings the account back to its initial margin), then more hours, a top-up and a
    margin withdrawal of ETH (a short)."""
    leveraged_long(desk)
    for _ in range(30):
        desk.tick(3600)
    desk.use_scenario("SOL -15% over 1h")
    desk.tick(1800)
    desk.tick(1800)
    desk.use_random_walk(seed=11)
    for _ in range(16):
        desk.tick(3600)
    assert desk.deposit("USDC", D(3000)).accepted
    assert desk.withdraw("ETH", D("0.4"), True).accepted


def test_the_charts_render(qtbot, desk, chart_data, tmp_path):
    folder = target(tmp_path)
    chart = MarginChart(desk, chart_data)
    qtbot.addWidget(chart)
    chart.resize(1100, 560)
    chart.show()
    two_days_with_a_crash(desk)
    chart.throttle.flush()
    assert chart.marker_positions(), "the crash should have liquidated the long"
    chart.choose_event(chart.events[0])
    save(chart, folder, "margin-chart")

    panel = WhatIfPanel(desk)
    qtbot.addWidget(panel)
    panel.resize(660, 450)
    panel.show()
    panel.set_target(ALL_NON_STABLE)
    panel.set_move(D(-10))
    save(panel, folder, "what-if")

    grid = StressGrid(desk)
    qtbot.addWidget(grid)
    grid.resize(900, 420)
    grid.show()
    grid.resize(900, grid.sizeHint().height())
    save(grid, folder, "stress-grid")
