"""Issue 14's budget (PRODUCT.md §5): one tick for every view that can be on screen — each tab of the
positions panel included — with 7 assets, 50 open orders and 10 positions fits 5 ms of GUI-thread
time. The bundled snapshot has four perps; six more on perp-only underlyings (as DOGE) make ten.

Run: pytest tests/benchmarks/test_panel_benchmarks.py --benchmark-only"""

from __future__ import annotations

from decimal import Decimal as D

import pytest

from tests.benchmarks import desks
from tests.benchmarks.test_gui_benchmarks import ON_SCREEN

pytestmark = pytest.mark.benchmark

EXTRA_BASES = {base: "20" for base in ("XA", "XB", "XC", "XD", "XE", "XF")}


@pytest.fixture
def desk_with_positions(qtbot, tmp_path):
    window = desks.open_the_desk(qtbot, tmp_path, "Ten", desks.ten_perp_snapshot(EXTRA_BASES, "SOL_USDC_PERP"))
    session = window.session
    assert session.lend("USDT", D(2000)).accepted  # a lend
    desks.rest_bids_far_below(session, spot=50)
    desks.open_ten_positions(session)
    assert len(session.state.orders) == 50 and len(session.state.account.positions) == 10
    session.tick(3600)  # an hour of funding in the panel
    yield window
    desks.close_the_desk(window)


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


@desks.ON_THE_GUI_THREAD
@pytest.mark.parametrize("show", EVERY_VIEW, ids=[show.__name__ for show in EVERY_VIEW])
def test_one_tick_with_ten_positions(benchmark, desk_with_positions, show):
    window = desk_with_positions
    show(window)
    desks.time_a_tick_and_repaint(benchmark, window, rounds=60)
    assert window.spot.panel.positions_model.rowCount() == 10 or not window.spot.panel.positions.isVisible()
