"""At 1024×700 every table of the positions panel fits its width: no sideways scroll bar, and the
last column (Close, Repay, Redeem, Cancel) on screen — empty and with rows. The Positions table's
empty Close column kept a 36 px floor on top of the room the others had taken, 10 px too wide."""

from __future__ import annotations

from decimal import Decimal as D

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication

from desktop.views.partials.tables import MIN_COLUMN, given_up

TABS = ("positions", "borrows", "lends", "orders", "fills", "order_history")


def settle() -> None:
    for _ in range(4):
        QApplication.processEvents()


def overflow(table) -> int:
    """How many px the columns run past the table's viewport (0 when they fit)."""
    return max(0, table.horizontalHeader().length() - table.viewport().width())


@pytest.mark.parametrize("with_rows", [False, True], ids=["empty", "with rows"])
def test_every_panel_table_fits_at_1024(window, qtbot, with_rows):
    window.setWindowState(Qt.WindowState.WindowNoState)
    window.resize(1024, 700)
    if with_rows:
        desk = window.session
        assert desk.place_perp_order("SOL_USDC_PERP", "Bid", "Market", D(10), None, False).accepted
        assert desk.place_perp_order("ETH_USDC_PERP", "Bid", "Limit", D(1), D(1000), False).accepted
        assert desk.withdraw("ETH", D("0.5"), True).accepted  # a borrow
    settle()
    panel = window.spot.panel
    for name in TABS:
        table = getattr(panel, name)
        panel.show_tab(table)
        settle()
        table.fit_columns()
        assert overflow(table) == 0, f"{name}: {overflow(table)} px past the edge"
        assert not table.horizontalScrollBar().isVisible(), name


@pytest.mark.parametrize(
    "widths, over",
    [([64, 44, 70, 67, 65, 106, 133, 90, 71], 10), ([40, 40, 200], 50), ([36, 36], 5), ([100], 1), ([37, 90], 60)],
)
def test_columns_give_up_what_the_last_one_needs_and_stay_above_the_floor(widths, over):
    narrowed = given_up(widths, over)
    spare = sum(max(0, w - MIN_COLUMN) for w in widths)
    assert sum(widths) - sum(narrowed) >= min(over, spare)
    assert all(n >= min(w, MIN_COLUMN) for n, w in zip(narrowed, widths))
