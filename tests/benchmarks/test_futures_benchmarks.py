"""GUI budget with perps (PRODUCT.md §5): one tick with 7 assets, 50 open orders and 10 positions fits
5 ms of GUI-thread time for every view that can be on screen — the Futures market list and order form
first (with and without an order being typed, whose preview the engine recomputes each tick).

The example snapshot has four perps; six perp-only underlyings (like DOGE) make it ten, so the account
still holds seven assets. Positions and orders are opened through the session, as the form does."""

import pytest

from tests.benchmarks import desks

pytestmark = pytest.mark.benchmark

EXTRA_BASES = {"WIF": "2.5", "PEPE": "0.00002", "SUI": "4", "AVAX": "40", "LINK": "20", "TIA": "6"}


@pytest.fixture
def futures_window(qtbot, tmp_path):
    window = desks.open_the_desk(
        qtbot, tmp_path, "Futures", desks.ten_perp_snapshot(EXTRA_BASES, "DOGE_USDC_PERP", True)
    )
    session = window.session
    desks.open_ten_positions(session)
    desks.rest_bids_far_below(session, spot=40, perp=10)
    assert len(session.state.orders) == 50 and len(session.state.account.positions) == 10
    yield window
    desks.close_the_desk(window)


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


@desks.ON_THE_GUI_THREAD
@pytest.mark.parametrize("show", ON_SCREEN, ids=[show.__name__ for show in ON_SCREEN])
def test_one_tick_with_ten_positions_updates_what_is_on_screen(benchmark, futures_window, show):
    show(futures_window)
    desks.time_a_tick_and_repaint(benchmark, futures_window, rounds=100)
    assert len(futures_window.session.state.account.positions) == 10  # nothing was liquidated along the way
