"""The market list beside the price chart shows every column whole at 1600 px (its Mark and Change
columns were cut off: the list was a fixed 300 px), also after a price outgrows its column and after a
narrower width remembered from before; at 1024×700 it is the positions panel's last tab, still whole."""

from __future__ import annotations

from decimal import Decimal as D

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication

from desktop.engine import move_prices


def settle() -> None:
    for _ in range(4):
        QApplication.processEvents()


def cut_columns(table) -> list[str]:
    header = table.horizontalHeader()
    model = table.model()
    cut = []
    for column in range(header.count()):
        wanted = max(header.sectionSizeHint(column), table.sizeHintForColumn(column))
        if header.sectionSize(column) < wanted:
            name = model.headerData(column, Qt.Orientation.Horizontal).replace("\n", " ")
            cut.append(f"{name}: {header.sectionSize(column)} < {wanted} px")
    return cut


def at(window, width: int, height: int) -> None:
    window.setWindowState(Qt.WindowState.WindowNoState)
    window.resize(width, height)
    settle()


@pytest.mark.parametrize("futures", [False, True])
def test_the_market_list_shows_every_column_whole_at_1600(window, qtbot, futures):
    spot = window.spot
    spot.ensure_price_chart()
    at(window, 1600, 1000)
    spot.show_futures(futures)
    table = spot.perp_markets if futures else spot.markets
    settle()
    assert spot.top.indexOf(spot.market_list) >= 0 and table.isVisible()
    assert not cut_columns(table), cut_columns(table)

    spot.top.setSizes([150, 1000])  # a narrow width remembered by an older version, or dragged
    settle()
    assert not cut_columns(table), cut_columns(table)

    # prices that outgrow their column, and a change of two digits
    outcome = window.session.act(lambda s, p: move_prices(s, p, {"BTC": D("1234567.8"), "ETH": s.marks["ETH"] * 12}))
    assert outcome.accepted
    settle()
    assert table.model().index(1, 1).data().startswith("1,234,567")
    assert not cut_columns(table), cut_columns(table)
    assert spot.price_chart.width() > 500  # the chart keeps the rest


def test_at_1024_the_market_list_is_a_whole_tab_of_the_panel(window, qtbot):
    spot = window.spot
    spot.ensure_price_chart()
    at(window, 1024, 700)
    assert spot.top.indexOf(spot.market_list) < 0
    spot.panel.show_tab(spot.market_list)
    settle()
    for futures in (False, True):
        spot.show_futures(futures)
        settle()
        table = spot.perp_markets if futures else spot.markets
        assert table.isVisible() and not cut_columns(table), cut_columns(table)
        assert not table.horizontalScrollBar().isVisible()
        assert table.width() <= spot.market_list_width() + 60  # its columns together, not spread across
    at(window, 1600, 1000)  # wide again: beside the chart, whole
    assert spot.top.indexOf(spot.market_list) >= 0 and not cut_columns(spot.perp_markets)
