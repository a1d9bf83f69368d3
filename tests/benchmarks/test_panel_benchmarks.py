"""Issue 14's budget (PRODUCT.md §5): one tick for every view that can be on screen — each tab of the
positions panel included — with 7 assets, 50 open orders and 10 positions fits 5 ms of GUI-thread
time. The bundled snapshot has four perps; six more on perp-only underlyings (as DOGE) make ten.

Run: pytest tests/benchmarks/test_panel_benchmarks.py --benchmark-only"""

from __future__ import annotations

import copy
import json
from decimal import Decimal as D

import pytest
from PySide6.QtWidgets import QApplication

from desktop.engine.vocabulary import OrderType, Side
from tests.benchmarks.test_gui_benchmarks import ON_SCREEN
from tests.benchmarks.test_store_benchmarks import SEVEN_ASSET_DEPOSITS
from tests.engine.util import example_snapshot

pytestmark = pytest.mark.benchmark

EXTRA_BASES = ("XA", "XB", "XC", "XD", "XE", "XF")


def ten_perp_snapshot() -> str:
    snapshot = example_snapshot()
    template = next(row for row in snapshot["markets"] if row.get("symbol") == "SOL_USDC_PERP")
    for base in EXTRA_BASES:
        row = copy.deepcopy(template)
        row["symbol"], row["baseSymbol"] = f"{base}_USDC_PERP", base
        snapshot["markets"].append(row)
        snapshot["markPrices"][base] = D(20)
    return json.dumps(snapshot, default=str)


@pytest.fixture
def desk_with_positions(qtbot, tmp_path):
    from desktop.app import launch

    window = launch(tmp_path / "data")
    qtbot.addWidget(window)
    session = window.session
    session._service.create("Ten", snapshot_text=ten_perp_snapshot())
    window.accounts.changed.emit()
    session.switch("Ten")
    for symbol, quantity in SEVEN_ASSET_DEPOSITS:
        assert session.deposit(symbol, quantity).accepted
    assert session.withdraw("ETH", D(2), True).accepted  # a borrow
    assert session.lend("USDT", D(2000)).accepted  # a lend
    for n in range(50):  # resting bids far below the market: they stay open
        assert session.place_order("SOL_USDC", Side.BID, OrderType.LIMIT, D("0.1"), D(50) + n, True).accepted
    perps = sorted(session.parameters.perps)
    for number, symbol in enumerate(perps):
        market = session.parameters.perps[symbol]
        worth = D(1500) / session.state.marks[market.base]
        size = max(market.min_quantity, (worth / market.step_size).to_integral_value() * market.step_size)
        side = Side.BID if number % 2 else Side.ASK
        assert session.place_perp_order(symbol, side, OrderType.MARKET, size, None, False).accepted, symbol
    assert len(session.state.orders) == 50 and len(session.state.account.positions) == 10
    session.tick(3600)  # an hour of funding in the panel
    yield window
    window.clock.pause()
    window.close()
    window.store.close()


def panel_tab(name: str):
    def show(window):
        window.show_view(0)
        window.spot.ensure_price_chart()
        panel = window.spot.panel
        panel.show_tab(getattr(panel, name))

    show.__name__ = f"spot_panel_{name}"
    return show


PANEL_TABS = tuple(panel_tab(name) for name in ("positions", "borrows", "lends", "orders", "fills", "order_history"))
EVERY_VIEW = PANEL_TABS + tuple(show for show in ON_SCREEN if show.__name__ != "spot_fills")


@pytest.mark.parametrize("show", EVERY_VIEW, ids=[show.__name__ for show in EVERY_VIEW])
def test_one_tick_with_ten_positions(benchmark, desk_with_positions, show):
    window = desk_with_positions
    show(window)
    app = QApplication.instance()
    app.processEvents()
    session = window.session

    def tick_and_repaint():
        session.tick(60)
        app.processEvents()

    benchmark.pedantic(tick_and_repaint, rounds=60, iterations=1, warmup_rounds=5)
    assert window.spot.panel.positions_model.rowCount() == 10 or not window.spot.panel.positions.isVisible()
