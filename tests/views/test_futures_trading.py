"""Futures in the window (MARGIN_MODEL.md §10): pick Futures and a perp, type a quantity, see the
position, fee, margin and liquidation price after, press Buy / Long; refusals, reduce-only and Max."""

from decimal import Decimal as D

from PySide6.QtWidgets import QCheckBox, QComboBox, QLabel, QLineEdit, QPushButton

from tests.views.util import click, ledger_types, named, said, type_into


def futures_form(window, qtbot, symbol="SOL_USDC_PERP"):
    spot = window.spot
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
    assert window.spot.perp_markets_model.index(0, 4).data() == "+100.00"
