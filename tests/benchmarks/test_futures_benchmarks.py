"""GUI budget with perps (PRODUCT.md §5): one tick with 7 assets, 50 open orders and 10 positions fits
5 ms of GUI-thread time for every view that can be on screen — the Futures market list and order form
first (with and without an order being typed, whose preview the engine recomputes each tick).

The example snapshot has four perps; six perp-only underlyings (like DOGE) make it ten, so the account
still holds seven assets. Positions and orders are opened through the session, as the form does."""

import json
from decimal import Decimal as D

import pytest
from PySide6.QtWidgets import QApplication

from desktop.engine.vocabulary import OrderType, Side
from tests.benchmarks.test_store_benchmarks import SEVEN_ASSET_DEPOSITS
from tests.engine.util import example_snapshot_json

pytestmark = pytest.mark.benchmark

EXTRA_BASES = {"WIF": "2.5", "PEPE": "0.00002", "SUI": "4", "AVAX": "40", "LINK": "20", "TIA": "6"}


def ten_perp_snapshot() -> str:
    snapshot = json.loads(example_snapshot_json())
    template = next(row for row in snapshot["markets"] if row.get("symbol") == "DOGE_USDC_PERP")
    for base, mark in EXTRA_BASES.items():
        row = json.loads(json.dumps(template))
        row["symbol"], row["baseSymbol"] = f"{base}_USDC_PERP", base
        tick = "0.00000001" if D(mark) < 1 else "0.001"
        row["filters"] = {"price": {"tickSize": tick}, "quantity": {"stepSize": "1", "minQuantity": "1"}}
        snapshot["markets"].append(row)
        snapshot["markPrices"][base] = mark
    return json.dumps(snapshot)


@pytest.fixture
def futures_window(qtbot, tmp_path):
    from desktop.app import launch

    window = launch(tmp_path / "data")
    qtbot.addWidget(window)
    session = window.session
    session._service.create("Futures", snapshot_text=ten_perp_snapshot())
    window.accounts.changed.emit()
    session.switch("Futures")
    for symbol, quantity in SEVEN_ASSET_DEPOSITS:
        assert session.deposit(symbol, quantity).accepted
    assert session.withdraw("ETH", D(2), True).accepted
    perps = session.parameters.perps
    assert len(perps) == 10
    for index, (symbol, market) in enumerate(sorted(perps.items())):  # ten positions of ~1,500 USD, long and short
        mark = session.state.marks[market.base]
        size = (D(1500) / mark / market.step_size).to_integral_value() * market.step_size
        side = Side.BID if index % 2 else Side.ASK
        assert session.place_perp_order(symbol, side, OrderType.MARKET, size, None, False).accepted, symbol
    for n in range(40):  # resting spot bids far below the market
        assert session.place_order("SOL_USDC", Side.BID, OrderType.LIMIT, D("0.1"), D(50) + n, True).accepted
    for n in range(10):  # resting perp bids far below the market
        assert session.place_perp_order("SOL_USDC_PERP", Side.BID, OrderType.LIMIT, D("0.1"), D(60) + n, False).accepted
    assert len(session.state.orders) == 50 and len(session.state.account.positions) == 10
    yield window
    window.clock.pause()
    window.close()
    window.store.close()


def futures(window):
    window.show_view(0)
    window.spot.ensure_price_chart()
    window.spot.show_futures(True)


def futures_typing_an_order(window):
    futures(window)
    form = window.spot.perp_form
    form.quantity.setText("5")  # a limit long of 5 SOL: previewed again at each tick


def futures_open_orders(window):
    futures(window)
    window.spot.panel.show_tab(window.spot.panel.orders)


def spot(window):
    window.show_view(0)
    window.spot.ensure_price_chart()


def portfolio(window):
    window.show_view(2)


def history(window):
    window.show_view(3)


def risk(window):
    window.show_view(4)


def risk_stress_grid(window):
    window.show_view(4)
    tabs = window.risk.stress.parentWidget().parentWidget()
    tabs.setCurrentWidget(window.risk.stress)


ON_SCREEN = (futures, futures_typing_an_order, futures_open_orders, spot, portfolio, history, risk, risk_stress_grid)


@pytest.mark.parametrize("show", ON_SCREEN, ids=[show.__name__ for show in ON_SCREEN])
def test_one_tick_with_ten_positions_updates_what_is_on_screen(benchmark, futures_window, show):
    show(futures_window)
    app = QApplication.instance()
    app.processEvents()
    session = futures_window.session

    def tick_and_repaint():
        session.tick(60)
        app.processEvents()

    benchmark.pedantic(tick_and_repaint, rounds=100, iterations=1, warmup_rounds=5)
    assert len(session.state.account.positions) == 10  # nothing was liquidated along the way
