"""GUI budgets (PRODUCT.md §5): a tick updating what is on screen ≤ 5 ms on the GUI thread with 7 assets
and 50 open orders, for every view and dialog that can be on screen; the window on screen ≤ 1.0 s from
process start."""

import os
import subprocess
import sys
from decimal import Decimal as D

import pytest

from desktop.engine.vocabulary import OrderType, Side
from tests.benchmarks.desks import ON_THE_GUI_THREAD, at_the_first_size, time_a_tick_and_repaint
from tests.benchmarks.test_store_benchmarks import SEVEN_ASSET_DEPOSITS

pytestmark = pytest.mark.benchmark


@pytest.fixture
def busy_window(qtbot, tmp_path):
    from desktop.app import launch

    window = launch(tmp_path / "data")
    qtbot.addWidget(window)
    at_the_first_size(window)
    window.accounts.create("Seven")
    session = window.session
    for symbol, quantity in SEVEN_ASSET_DEPOSITS:
        assert session.deposit(symbol, quantity).accepted
    assert session.withdraw("ETH", D(2), True).accepted
    for n in range(50):  # resting bids far below the market: they stay open
        assert session.place_order("SOL_USDC", Side.BID, OrderType.LIMIT, D("0.1"), D(50) + n, True).accepted
    assert len(session.state.orders) == 50
    yield window
    window.clock.pause()
    window.close()
    window.store.close()


# What can be on screen: each view (and each tab within it), and each dialog over the Spot view.
def spot(window):
    window.show_view(0)
    window.spot.ensure_price_chart()  # as the app builds it once the window is up


def spot_fills(window):
    spot(window)
    window.spot.activity.setCurrentIndex(1)


def lend(window):
    window.show_view(1)


def lend_borrow_tab(window):
    window.show_view(1)
    window.lend.tabs.setCurrentWidget(window.lend.borrow_tab)


def portfolio(window):
    window.show_view(2)


def history(window):
    window.show_view(3)


def risk(window):  # the margin chart and the what-if panel
    window.show_view(4)


def risk_stress_grid(window):
    window.show_view(4)
    tabs = window.risk.stress.parentWidget().parentWidget()
    tabs.setCurrentWidget(window.risk.stress)


def withdraw_dialog(window):
    spot(window)
    window.open_withdrawal()


def deposit_dialog(window):
    spot(window)
    window.open_deposit()


ON_SCREEN = (
    spot,
    spot_fills,
    lend,
    lend_borrow_tab,
    portfolio,
    history,
    risk,
    risk_stress_grid,
    withdraw_dialog,
    deposit_dialog,
)


@ON_THE_GUI_THREAD
@pytest.mark.parametrize("show", ON_SCREEN, ids=[show.__name__ for show in ON_SCREEN])
def test_one_tick_updates_what_is_on_screen(benchmark, busy_window, show):
    show(busy_window)
    time_a_tick_and_repaint(benchmark, busy_window, rounds=100)


WINDOW_SHOWN = (
    "import sys; from desktop.app import application, launch; app = application(); "
    "window = launch(sys.argv[1]); app.processEvents(); "
    "assert window.isVisible() and 'pyqtgraph' not in sys.modules; window.close(); window.store.close()"
)


def test_window_on_screen_from_process_start(benchmark, tmp_path):
    """Interpreter, imports, store, first-run Demo, the window shown and painted; pyqtgraph not yet imported."""
    env = {**os.environ, "QT_QPA_PLATFORM": "offscreen"}
    runs = iter(range(100))

    def start():
        result = subprocess.run(
            [sys.executable, "-c", WINDOW_SHOWN, str(tmp_path / f"data-{next(runs)}")],
            env=env,
            capture_output=True,
            text=True,
            timeout=60,
        )
        assert result.returncode == 0, result.stderr

    benchmark.pedantic(start, rounds=5, iterations=1)


def test_smoke_test_with_a_chart(benchmark):
    """``margin-desk --smoke-test``: the window and the Spot view's price chart (pyqtgraph), then quit."""
    env = {**os.environ, "QT_QPA_PLATFORM": "offscreen"}

    def smoke():
        result = subprocess.run(
            [sys.executable, "-m", "desktop", "--smoke-test"], env=env, capture_output=True, text=True, timeout=60
        )
        assert result.returncode == 0 and "startup complete" in result.stderr

    benchmark.pedantic(smoke, rounds=3, iterations=1)
