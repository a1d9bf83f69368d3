"""Chart budgets of PRODUCT.md §5: a year of minute snapshots (525,600 points × 3 lines) loaded from
the store and first painted ≤ 1.0 s; a pan or zoom repaint ≤ 16 ms; a what-if recompute on a slider
move ≤ 5 ms for 7 assets. Offscreen (QT_QPA_PLATFORM=offscreen), a repaint forced with ``grab()``.

Run: packaging/bootstrap.sh test tests/benchmarks/test_chart_benchmarks.py --benchmark-only
"""

from __future__ import annotations

import os
import time
from itertools import cycle

import pytest

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")


from desktop.services.accounts import AccountService  # noqa: E402
from desktop.store.db import open_store  # noqa: E402
from tests.benchmarks.test_store_benchmarks import seven_asset_account  # noqa: E402
from tests.charts.history import YEAR_OF_MINUTES, insert_year, synthetic_year  # noqa: E402

pytestmark = pytest.mark.benchmark
WIDTH, HEIGHT = 1280, 640


@pytest.fixture(scope="module")
def year_store(tmp_path_factory):
    """A store whose Demo account has a year of minute snapshots (inserted with executemany)."""
    store = open_store(tmp_path_factory.mktemp("year") / "data")
    accounts = AccountService(store)
    accounts.ensure_demo_account()
    started = time.perf_counter()
    insert_year(store.db, accounts.load("Demo").row.id, synthetic_year())
    inserted = time.perf_counter() - started
    yield accounts, inserted
    store.close()


@pytest.fixture(scope="module")
def year_desk(qapp, year_store):
    """The Demo account's session and what its charts read."""
    from desktop.models.chart_data import ChartData
    from desktop.models.session import Session

    accounts, _ = year_store
    session = Session(accounts)
    return session, ChartData(accounts.store.db, session)


def close(widget) -> None:
    from PySide6.QtWidgets import QApplication

    widget.close()
    widget.deleteLater()
    QApplication.processEvents()


def test_a_year_of_minutes_loaded_and_first_painted(benchmark, year_desk, year_store):
    """Read 525,600 snapshots from SQLite, setData on three curves, paint once: ≤ 1.0 s."""
    import desktop.charts.margin_chart as margin_chart  # pyqtgraph imported here, not in the timing

    charts = []

    def load_and_paint():
        chart = margin_chart.MarginChart(*year_desk)
        chart.resize(WIDTH, HEIGHT)
        chart.show()
        chart.grab()
        charts.append(chart)
        return chart

    def fresh():
        while charts:
            close(charts.pop())
        return (), {}

    chart = benchmark.pedantic(load_and_paint, setup=fresh, rounds=5, iterations=1)
    assert len(chart.columns) >= YEAR_OF_MINUTES  # the year, after the seed deposits' own snapshots
    assert len(chart.breach_spans()) == 3 and len(chart.marker_positions()) == 3
    benchmark.extra_info["points_per_line"] = YEAR_OF_MINUTES
    benchmark.extra_info["insert_seconds_executemany"] = round(year_store[1], 3)
    fresh()


@pytest.fixture(scope="module")
def shown_year(qapp, year_desk):
    import desktop.charts.margin_chart as margin_chart

    chart = margin_chart.MarginChart(*year_desk)
    chart.resize(WIDTH, HEIGHT)
    chart.show()
    chart.grab()
    yield chart
    close(chart)


def pan_step(chart, fraction: float):
    def step():
        (left, right), _ = chart.view.viewRange()
        shift = (right - left) * fraction
        chart.view.setXRange(left + shift, right + shift, padding=0)
        chart.plot_widget.grab()

    return step


def test_pan_repaint_over_the_whole_year(benchmark, shown_year):
    """Everything in view (the worst case for downsampling): ≤ 16 ms."""
    shown_year.show_span(None)
    shown_year.view.scaleBy(x=0.98)
    steps = cycle([pan_step(shown_year, 0.01), pan_step(shown_year, -0.01)])
    benchmark.pedantic(lambda: next(steps)(), rounds=40, iterations=1, warmup_rounds=2)


def test_zoom_repaint_over_the_whole_year(benchmark, shown_year):
    """Zoom in and out by 10 % around the centre, everything in view: ≤ 16 ms."""
    shown_year.show_span(None)
    factors = cycle([0.9, 1 / 0.9])

    def zoom():
        shown_year.view.scaleBy(x=next(factors))
        shown_year.plot_widget.grab()

    benchmark.pedantic(zoom, rounds=40, iterations=1, warmup_rounds=2)


def test_pan_repaint_over_a_week(benchmark, shown_year):
    """The 1 w view (10,080 points a line in view): ≤ 16 ms."""
    shown_year.show_span(604_800)
    steps = cycle([pan_step(shown_year, -0.02), pan_step(shown_year, 0.02)])
    benchmark.pedantic(lambda: next(steps)(), rounds=40, iterations=1, warmup_rounds=2)


@pytest.fixture
def seven_asset_desk(qapp, tmp_path):
    from desktop.models.session import Session

    store = open_store(tmp_path / "data")
    accounts = AccountService(store)
    seven_asset_account(accounts)
    yield Session(accounts, "Seven")
    store.close()


def test_what_if_recompute_on_a_slider_move(benchmark, qtbot, seven_asset_desk):
    """Seven assets held or borrowed, all of them moved: valuation, seven liquidation prices, the
    figures and the table updated: ≤ 5 ms."""
    from desktop.engine.what_if import ALL_NON_STABLE
    from desktop.views.risk.what_if_panel import WhatIfPanel

    panel = WhatIfPanel(seven_asset_desk)
    qtbot.addWidget(panel)
    panel.show()
    panel.set_target(ALL_NON_STABLE)
    assert panel.table_model.rowCount() == 7
    values = cycle([-30, -29, -12, 5, 40, 41])
    benchmark.pedantic(lambda: panel.slider.setValue(next(values)), rounds=200, iterations=1, warmup_rounds=5)
    assert panel.result.percent in (-30, -29, -12, 5, 40, 41)


def test_stress_grid_recompute(benchmark, qtbot, seven_asset_desk):
    """Eleven shocks × eight columns of valuations, and the model updated (informational)."""
    from desktop.views.risk.stress_grid import StressGrid

    grid = StressGrid(seven_asset_desk)
    qtbot.addWidget(grid)
    benchmark.pedantic(grid.recompute, rounds=30, iterations=1, warmup_rounds=2)
    assert grid.model.columnCount() == 8


def test_a_live_refresh_on_a_year_of_minutes(benchmark, year_store, shown_year):
    """One new snapshot read and appended, every line redrawn and painted (runs at most every 250 ms
    while the clock plays; informational)."""
    accounts, _ = year_store
    db = accounts.store.db
    account = accounts.load("Demo").row.id
    times = iter(range(int(shown_year.columns["time"][-1]) + 60, 10**10, 60))
    shown_year.show_span(86_400)

    def append_and_refresh():
        with db.atomic():
            db.execute_sql(
                'INSERT INTO "equity_snapshot" ("account_id", "time", "net_equity", "initial_margin", '
                '"maintenance_margin", "margin_fraction") VALUES (?, ?, 9000, 5000, 2500, 0.18)',
                (account, next(times)),
            )
        shown_year.refresh()
        shown_year.plot_widget.grab()

    benchmark.pedantic(append_and_refresh, rounds=30, iterations=1, warmup_rounds=2)
    assert len(shown_year.columns) > YEAR_OF_MINUTES
