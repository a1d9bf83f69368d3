"""Futures in the window (MARGIN_MODEL.md §10): pick Futures and a perp, type a quantity, see the
position, fee, margin and liquidation price after, press Buy / Long; refusals, reduce-only and Max."""

from decimal import Decimal as D

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QCheckBox, QComboBox, QLabel, QLineEdit, QPushButton

from desktop.text.explain import explain
from tests.views.util import click, click_row_button, ledger_types, named, said, type_into


def futures_form(window, qtbot, symbol="SOL_USDC_PERP"):
    spot = window.spot
    if not spot.market_list.isVisible():  # a narrow window: the market list is the positions panel's last tab
        spot.panel.show_tab(spot.market_list)
    click(qtbot, named(spot, "Futures markets", QPushButton))
    spot.select_market(symbol)
    assert spot.perp_form.isVisible() and not spot.form.isVisible()
    return spot.perp_form


def test_a_long_previewed_then_opened(window, qtbot):
    form = futures_form(window, qtbot)
    assert form.title.text() == "Futures — SOL-PERP"
    assert not form.findChildren(QCheckBox, "Margin")  # always cross margin: no Margin box
    click(qtbot, named(form, "Market"))
    type_into(qtbot, named(form, "Quantity", QLineEdit), "100")
    assert form.details["position"].text() == "none"
    assert form.details["position_after"].text() == "+100.00 SOL (long)"
    assert form.details["fee"].text().endswith("USDC (taker)")
    assert form.details["imr"].text().endswith("%")
    assert form.details["margin_fraction"].text().endswith("%")
    assert form.details["liquidation"].text().endswith("USD")
    click(qtbot, named(form, "Buy / Long", QPushButton))
    assert ledger_types()[-2:] == ["OrderPlaced", "Fill"]
    position = window.session.state.account.positions["SOL_USDC_PERP"]
    assert position.net_quantity == D(100)
    assert "filled" in form.message.text() and "+100.00 SOL (long)" in form.message.text()
    assert form.details["position"].text() == "+100.00 SOL (long)"
    assert "position +100.00 SOL (long)" in window.spot.perp_markets_model.index(0, 0).data(Qt.ItemDataRole.ToolTipRole)
    assert window.overview.values["futures_exposure"].text() != "0.00 USD"
    assert window.overview.values["pnl_unrealized"].text().endswith("USD")


def test_a_quote_amount_in_usdc_becomes_a_size(window, qtbot):
    form = futures_form(window, qtbot)
    click(qtbot, named(form, "Market"))
    unit = named(form, "Quantity unit", QComboBox)
    unit.setCurrentIndex(1)  # USDC
    type_into(qtbot, named(form, "Quantity", QLineEdit), "1500")
    # 1,500 USDC at the market's 150 · 1.0005 = 150.075 buys 9.995 → 9.99 SOL (the step)
    assert form.converted.text() == "9.99 SOL"
    assert form.details["position_after"].text() == "+9.99 SOL (long)"
    click(qtbot, named(form, "Buy / Long", QPushButton))
    assert window.session.state.account.positions["SOL_USDC_PERP"].net_quantity == D("9.99")


def test_a_refused_long_says_why_in_plain_words_and_changes_nothing(window, qtbot):
    form = futures_form(window, qtbot)
    before = ledger_types()
    click(qtbot, named(form, "Market"))
    type_into(qtbot, named(form, "Quantity", QLineEdit), "5000")
    message = named(form, "Order message", QLabel)
    assert "Not enough available equity" in said(message) and "INSUFFICIENT_MARGIN" in said(message)
    assert form.details["liquidation"].text() == "—"
    click(qtbot, named(form, "Buy / Long", QPushButton))
    assert "Lower the quantity or press Max" in form.message.text()
    assert ledger_types() == before
    assert not window.session.state.account.positions


def test_max_fills_the_most_the_engine_accepts(window, qtbot):
    form = futures_form(window, qtbot)
    click(qtbot, named(form, "Market"))
    click(qtbot, named(form, "Max", QPushButton))
    most = window.session.max_order_quantity("SOL_USDC_PERP", "Bid", None, False)
    assert most > 0 and D(form.quantity.text()) == most
    assert not form.message.isVisible()
    click(qtbot, named(form, "Buy / Long", QPushButton))
    assert window.session.state.account.positions["SOL_USDC_PERP"].net_quantity == most


def test_reduce_only_refuses_without_a_position_and_max_closes_exactly_the_position(window, qtbot):
    form = futures_form(window, qtbot)
    click(qtbot, named(form, "Market"))
    click(qtbot, named(form, "Sell / Short side", QPushButton))
    click(qtbot, named(form, "Reduce only", QCheckBox))
    type_into(qtbot, named(form, "Quantity", QLineEdit), "1")
    assert "REDUCE_ONLY_NOT_REDUCED" in said(form.message) and "position: none" in form.message.text()
    click(qtbot, named(form, "Max", QPushButton))
    assert "no SOL-PERP position" in form.message.text()
    # open a long of 12, then reduce it with Max
    click(qtbot, named(form, "Reduce only", QCheckBox))
    click(qtbot, named(form, "Buy / Long side", QPushButton))
    type_into(qtbot, named(form, "Quantity", QLineEdit), "12")
    click(qtbot, named(form, "Buy / Long", QPushButton))
    click(qtbot, named(form, "Sell / Short side", QPushButton))
    click(qtbot, named(form, "Reduce only", QCheckBox))
    click(qtbot, named(form, "Max", QPushButton))
    assert D(form.quantity.text()) == 12
    assert form.details["position_after"].text() == "none"
    click(qtbot, named(form, "Sell / Short", QPushButton))
    assert "SOL_USDC_PERP" not in window.session.state.account.positions
    assert "Position: none" in form.message.text() and "realized" in form.message.text()


def test_a_resting_limit_shows_its_maker_fee_rests_in_open_orders_and_cancels(window, qtbot):
    form = futures_form(window, qtbot)
    type_into(qtbot, named(form, "Price", QLineEdit), "140")
    type_into(qtbot, named(form, "Quantity", QLineEdit), "5")
    assert form.details["fee"].text() == "0.1400 USDC (maker)"  # 5 · 140 · 0.0002
    assert form.details["position_after"].text() == "+5.00 SOL (long)"
    click(qtbot, named(form, "Buy / Long", QPushButton))
    assert "rests on the book at 140.00 USDC" in form.message.text()
    spot = window.spot
    assert spot.activity.currentWidget() is spot.orders
    assert spot.orders_model.index(0, 1).data() == "SOL-PERP"
    click_row_button(qtbot, spot.orders, 0, spot.orders_model.COL_CANCEL)
    assert spot.orders_model.rowCount() == 0
    assert ledger_types()[-1] == "OrderCancelled"


def test_the_chart_follows_the_perp_and_spot_comes_back(window, qtbot):
    spot = window.spot
    spot.ensure_price_chart()
    form = futures_form(window, qtbot, "ETH_USDC_PERP")
    assert spot.price_chart.asset == "ETH"
    type_into(qtbot, named(form, "Price", QLineEdit), "3400")
    type_into(qtbot, named(form, "Quantity", QLineEdit), "1")
    assert spot.price_chart.limit_price == D(3400)
    if not spot.market_list.isVisible():
        spot.panel.show_tab(spot.market_list)
    click(qtbot, named(spot, "Spot markets", QPushButton))
    assert spot.form.isVisible() and not form.isVisible()
    assert spot.price_chart.asset == spot.form._rules().base


def test_an_hour_with_a_long_pays_funding_explained_in_history(window, qtbot):
    form = futures_form(window, qtbot)
    click(qtbot, named(form, "Market"))
    type_into(qtbot, named(form, "Quantity", QLineEdit), "20")
    click(qtbot, named(form, "Buy / Long", QPushButton))
    window.clock.step_hour()
    assert "FundingPayment" in ledger_types()
    window.show_view(3)
    model = window.history.model
    texts = [model.index(row, model.COL_EXPLANATION).data() for row in range(model.rowCount())]
    assert any(t.startswith("SOL-PERP funding: paid ") and "longs pay" in t for t in texts)
    assert any("filled: bought 20.00 SOL of SOL-PERP" in t for t in texts)
    assert model.index(0, model.COL_ASSET).data() in ("SOL-PERP", "USDC")


def test_history_puts_each_ticks_settlements_on_top_without_reading_everything_again(window, qtbot):
    form = futures_form(window, qtbot)
    click(qtbot, named(form, "Market"))
    type_into(qtbot, named(form, "Quantity", QLineEdit), "20")
    click(qtbot, named(form, "Buy / Long", QPushButton))
    window.show_view(3)
    model = window.history.model
    before = model.rowCount()
    resets = []
    model.modelReset.connect(lambda: resets.append(1))
    window.session.tick(60)  # the random walk moves SOL: the position settles
    assert not resets and model.rowCount() > before
    newest = window.session.history(limit=model.rowCount() - before)
    assert model.rows[: len(newest)] == newest
    assert model.index(0, model.COL_EXPLANATION).data() == explain(newest[0], window.session.formats)


def test_enter_places_the_perp_order_and_escape_clears_it(window, qtbot):
    form = futures_form(window, qtbot)
    click(qtbot, named(form, "Market"))
    quantity = named(form, "Quantity", QLineEdit)
    type_into(qtbot, quantity, "3")
    qtbot.keyClick(quantity, Qt.Key.Key_Escape)
    assert quantity.text() == "" and form.details["position_after"].text() == "—"
    type_into(qtbot, quantity, "3")
    qtbot.keyClick(quantity, Qt.Key.Key_Return)
    assert window.session.state.account.positions["SOL_USDC_PERP"].net_quantity == 3
