"""GUI budgets (PRODUCT.md §5): a tick updating every visible view ≤ 5 ms on the GUI thread with 7 assets
and 50 open orders; the window on screen ≤ 1.0 s from process start."""

import os
import subprocess
import sys
from decimal import Decimal as D

import pytest
from PySide6.QtWidgets import QApplication

from tests.benchmarks.test_store_benchmarks import SEVEN_ASSET_DEPOSITS

pytestmark = pytest.mark.benchmark


@pytest.fixture
def busy_window(qtbot, tmp_path):
    from desktop.app import launch

    window = launch(tmp_path / "data")
    qtbot.addWidget(window)
    desk = window.desk
    desk.create_account("Seven")
    for symbol, quantity in SEVEN_ASSET_DEPOSITS:
        assert desk.deposit(symbol, quantity).accepted
    assert desk.withdraw("ETH", D(2), True).accepted
    for n in range(50):  # resting bids far below the market: they stay open
        assert desk.place_order("SOL_USDC", "Bid", "Limit", D("0.1"), D(50) + n, True).accepted
    assert len(desk.state.orders) == 50
    yield window
    window.close()
    window.store.close()


def test_one_tick_updates_every_visible_view(benchmark, busy_window):
    desk = busy_window.desk
    app = QApplication.instance()

    def tick_and_repaint():
        desk.tick(60)
        app.processEvents()

    benchmark(tick_and_repaint)


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
