"""The positions panel under the trading view, driven as a trader would: open a long through the
Futures form, see its row and its liquidation price, step the clock three hours and see the funding,
close it with Close (confirmed); a liquidation in Fills and on the chart; Repay, Redeem and Cancel
from their rows; the chart's standing lines."""

from __future__ import annotations

from decimal import Decimal as D

from PySide6.QtWidgets import QApplication, QLineEdit, QPushButton

from desktop.engine import move_prices
from desktop.engine.vocabulary import EventType
from desktop.models.borrow_lend_models import BorrowsModel, LendsModel
from desktop.models.order_tables import FillsModel, OrderHistoryModel
from desktop.models.position_models import PositionsModel
from tests.views.util import click, click_row_button, ledger_types, named, type_into

SOL_PERP = "SOL_USDC_PERP"


def cell(table, row: int, column: int) -> str:
    return table.model().index(row, column).data()


def open_long_through_the_form(window, qtbot, quantity: str = "100"):
    spot = window.spot
    if not spot.market_list.isVisible():  # a narrow window: the market list is the panel's last tab
        spot.panel.show_tab(spot.market_list)
    click(qtbot, named(spot, "Futures markets", QPushButton))
    spot.select_market(SOL_PERP)
    form = spot.perp_form
    click(qtbot, named(form, "Market"))
    type_into(qtbot, named(form, "Quantity", QLineEdit), quantity)
    click(qtbot, named(form, "Buy / Long", QPushButton))
    assert window.session.state.account.positions[SOL_PERP].net_quantity == D(quantity)
    return form


def test_open_a_long_watch_its_funding_and_close_it(window, qtbot):
    panel = window.spot.panel
    open_long_through_the_form(window, qtbot)
    positions = panel.positions
    assert panel.positions.isVisible() and panel.tabs.currentWidget() is positions
    assert panel.tabs.tabText(0) == "Positions (1)"
    assert cell(positions, 0, PositionsModel.COL_MARKET) == "SOL Long"
    assert cell(positions, 0, PositionsModel.COL_SIZE) == "100.00"
    liquidation = window.session.limits["SOL"].liquidation_price
    assert liquidation is not None and liquidation < window.session.state.marks["SOL"]
    shown = cell(positions, 0, PositionsModel.COL_LIQUIDATION)
    assert shown.startswith(f"{liquidation:,.2f}".split(".")[0]) and "% )" not in shown and "(−" in shown
    assert cell(positions, 0, PositionsModel.COL_FUNDING) == "0.00"

    step = named(window.clock_bar, "Step an hour", QPushButton)  # the clock's Step 1 h, three times
    for _ in range(3):
        click(qtbot, step)
    paid = [e for e in window.session.history(EventType.FUNDING_PAYMENT, SOL_PERP)]
    assert len(paid) == 3 and all(e.quantity < 0 for e in paid)  # a long pays a positive rate
    total = sum(e.quantity for e in paid)
    assert cell(positions, 0, PositionsModel.COL_FUNDING) == f"−{-total:,.2f}"

    click_row_button(qtbot, positions, 0, PositionsModel.COL_CLOSE)
    box = panel.dialog
    assert box is not None and box.isVisible() and "SOL-PERP long" in box.text()
    click(qtbot, named(box, "Confirm close", QPushButton))
    assert SOL_PERP not in window.session.state.account.positions
    assert ledger_types()[-2:] == ["OrderPlaced", "Fill"]
    closing = window.session.history(EventType.FILL, SOL_PERP, limit=1)[0]
    assert closing.details.get("reduceOnly") is True and closing.details["side"] == "Ask"
    assert panel.positions_model.rowCount() == 0 and panel.tabs.tabText(0) == "Positions"
    assert "Closed the SOL-PERP position" in panel.message.text()
    history = panel.history_model
    assert [history.index(r, OrderHistoryModel.COL_STATUS).data() for r in range(2)] == ["Filled", "Filled"]
    assert history.index(0, OrderHistoryModel.COL_TYPE).data() == "Market, reduce only"


def test_cancelling_the_confirmation_keeps_the_position(window, qtbot):
    panel = window.spot.panel
    open_long_through_the_form(window, qtbot, "10")
    click_row_button(qtbot, panel.positions, 0, PositionsModel.COL_CLOSE)
    click(qtbot, [b for b in panel.dialog.buttons() if b.text().replace("&", "") == "Cancel"][0])
    assert window.session.state.account.positions[SOL_PERP].net_quantity == D(10)
    assert panel.dialog is None


def test_a_perp_liquidation_shows_in_fills_and_on_the_chart(window, qtbot):
    desk = window.session
    window.spot.ensure_price_chart()
    most = desk.max_order_quantity(SOL_PERP, "Bid", None, False)
    assert desk.place_perp_order(
        SOL_PERP, "Bid", "Market", (most * D("0.95")).quantize(D("0.01")), None, False
    ).accepted
    window.spot.select_market(SOL_PERP)
    outcome = desk.act(lambda s, p: move_prices(s, p, {"SOL": s.marks["SOL"] * D("0.7")}))
    assert outcome.accepted and any(e.type == EventType.LIQUIDATION and e.symbol == SOL_PERP for e in outcome.events)

    panel = window.spot.panel
    panel.show_tab(panel.fills)
    rows = [
        (cell(panel.fills, r, FillsModel.COL_MARKET), cell(panel.fills, r, FillsModel.COL_KIND))
        for r in range(panel.fills_model.rowCount())
    ]
    assert rows[-1] == ("SOL-PERP", "Taker")  # the opening fill, oldest
    assert rows[0][1].startswith("⚠ Liquidation")  # then the liquidation steps, newest first
    assert any(market == "SOL-PERP" and kind.startswith("⚠ Liquidation") for market, kind in rows)

    chart = window.spot.price_chart
    chart.throttle.flush()
    marks = chart.overlay.marks
    assert [m.kind for m in marks][0] == "buy" and "liquidation" in [m.kind for m in marks]
    liquidation = next(m for m in marks if m.kind == "liquidation")
    assert liquidation.price == float(outcome.state.marks["SOL"]) and "Liquidation" in liquidation.text
    assert len(chart.overlay.scatter.data) == len(marks)


def test_the_chart_keeps_the_entry_and_liquidation_lines(window, qtbot):
    window.spot.ensure_price_chart()
    form = open_long_through_the_form(window, qtbot)
    form.quantity.clear()  # nothing typed: the standing lines stay
    chart = window.spot.price_chart
    chart.throttle.flush()
    QApplication.processEvents()
    entry = window.session.state.account.positions[SOL_PERP].entry_price
    assert chart.overlay.entry_line.isVisible() and chart.overlay.entry_line.value() == float(entry)
    liquidation = window.session.limits["SOL"].liquidation_price
    assert chart.liquidation_line.isVisible() and chart.liquidation_line.value() == float(liquidation)
    assert "Est. liquidation " in chart.liquidation_line.label.toPlainText()
    assert "entry (long)" in chart.caption.text() and "estimated liquidation" in chart.caption.text()
    type_into(qtbot, form.quantity, "50")  # while an order is typed: its estimate after the order
    assert "after the order" in chart.liquidation_line.label.toPlainText()
    window.spot.show_futures(False)  # the spot SOL/USDC market: the SOL risk stays, no perp entry
    chart.throttle.flush()
    assert chart.liquidation_line.isVisible() and not chart.overlay.entry_line.isVisible()


def test_repay_and_redeem_from_their_rows(window, qtbot):
    desk = window.session
    panel = window.spot.panel
    assert desk.place_order("SOL_USDC", "Ask", "Market", D(60), None, True).accepted  # a short: 40 SOL borrowed
    assert desk.borrow("BTC", D("0.01")).accepted and desk.lend("USDC", D(500)).accepted
    panel.show_tab(panel.borrows)
    assert panel.tabs.tabText(1) == "Borrows (2)" and panel.tabs.tabText(2) == "Lends (1)"
    assets = [cell(panel.borrows, r, BorrowsModel.COL_ASSET) for r in range(2)]
    sol, btc = assets.index("SOL"), assets.index("BTC")
    liquidation = desk.limits["SOL"].liquidation_price
    assert liquidation > desk.state.marks["SOL"]  # a short: liquidated on the way up
    assert cell(panel.borrows, sol, BorrowsModel.COL_LIQUIDATION).startswith(f"{liquidation:,.2f}"[:3])
    assert "(+" in cell(panel.borrows, sol, BorrowsModel.COL_LIQUIDATION)
    click_row_button(qtbot, panel.borrows, btc, BorrowsModel.COL_REPAY)
    dialog = panel.dialog
    assert dialog.amount.value() == D("0.01")  # the most it can repay
    click(qtbot, named(dialog, "Repay", QPushButton))
    assert desk.state.account.balance("BTC").borrowed < D("1e-6")  # what is left is the borrow's entry fee
    assert panel.message.text().startswith("Repaid 0.01")

    panel.show_tab(panel.lends)
    click_row_button(qtbot, panel.lends, 0, LendsModel.COL_REDEEM)
    dialog = panel.dialog
    type_into(qtbot, dialog.amount, "200")
    click(qtbot, named(dialog, "Redeem", QPushButton))
    assert desk.state.account.balance("USDC").lent == D(300)
    assert cell(panel.lends, 0, LendsModel.COL_QUANTITY).startswith("300")


def test_cancel_a_resting_perp_order_from_its_row(window, qtbot):
    desk = window.session
    panel = window.spot.panel
    assert desk.place_perp_order("ETH_USDC_PERP", "Bid", "Limit", D(1), D(1000), False).accepted
    panel.show_tab(panel.orders)
    assert panel.tabs.tabText(3) == "Open orders (1)"
    click_row_button(qtbot, panel.orders, 0, panel.orders_model.COL_CANCEL)
    assert not desk.state.orders and panel.tabs.tabText(3) == "Open orders"
    panel.show_tab(panel.order_history)
    assert cell(panel.order_history, 0, OrderHistoryModel.COL_STATUS) == "Cancelled"
    assert cell(panel.order_history, 0, OrderHistoryModel.COL_REASON) == "cancelled by the trader"


def test_space_on_a_rows_close_button_presses_it_as_enter_does(window, qtbot):
    from PySide6.QtCore import Qt
    from PySide6.QtTest import QTest

    panel = window.spot.panel
    open_long_through_the_form(window, qtbot, "10")
    positions = panel.positions
    positions.setFocus()
    positions.setCurrentIndex(positions.model().index(0, PositionsModel.COL_CLOSE))
    QTest.keyClick(positions, Qt.Key.Key_Space)  # the keyboard way to a row's Close, as on any button
    assert panel.dialog is not None and "SOL-PERP long" in panel.dialog.text()
    click(qtbot, [b for b in panel.dialog.buttons() if b.text().replace("&", "") == "Cancel"][0])
    positions.setCurrentIndex(positions.model().index(0, PositionsModel.COL_MARKET))
    QTest.keyClick(positions, Qt.Key.Key_Space)  # Space elsewhere in the row presses nothing
    assert panel.dialog is None
    assert window.session.state.account.positions[SOL_PERP].net_quantity == D(10)


def test_a_row_actions_message_goes_once_the_trader_does_something_else(window, qtbot):
    """ "Order 1 cancelled." stays through the clock's ticks, and goes at the trader's next action from
    elsewhere (a market order from the form): it stood under that order's fill."""
    desk = window.session
    panel = window.spot.panel
    assert desk.place_order("SOL_USDC", "Bid", "Limit", D(1), D(100), False).accepted
    panel.show_tab(panel.orders)
    click_row_button(qtbot, panel.orders, 0, panel.orders_model.COL_CANCEL)
    assert panel.message.isVisible() and panel.message.text() == "Order 1 cancelled."
    desk.tick(3600)
    assert panel.message.isVisible()  # the clock moved, nothing the trader did
    form = window.spot.form
    click(qtbot, named(form, "Market"))
    type_into(qtbot, named(form, "Quantity", QLineEdit), "1")
    click(qtbot, form.submit)
    assert desk.state.account.balance("SOL").available > D(20)  # bought
    assert not panel.message.isVisible()
