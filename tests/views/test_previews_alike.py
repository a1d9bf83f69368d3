"""The three seed flows preview alike — the borrow with its entry fee, the rate, margin fraction and
IMR after, the estimated liquidation price after — and each preview is the outcome. A limit order
is previewed at its limit price and warns when the account would be liquidated before it fills."""

from __future__ import annotations

from decimal import Decimal as D

from PySide6.QtWidgets import QCheckBox, QComboBox, QLabel, QLineEdit, QPushButton

from desktop.text.formatting import percent
from tests.views.test_risk_alerts import leveraged
from tests.views.test_withdrawal_and_overview import open_withdrawal
from tests.views.util import ETH_ADDRESS, click, named, type_into

CAPTIONS = ("Entry fee", "Borrow rate (APR)", "Margin fraction after", "IMR after")


def number(text: str) -> D:
    return D(text.split()[0].replace(",", ""))


def test_the_spot_margin_preview_is_the_outcome(window, qtbot):
    session, form = window.session, window.spot.form
    click(qtbot, named(form, "Market"))
    click(qtbot, named(form, "Margin", QCheckBox))
    type_into(qtbot, named(form, "Quantity", QLineEdit), "80")
    shown = {key: label.text() for key, label in form.details.items()}
    for caption in CAPTIONS:
        assert named(form, caption, QLabel).text() not in ("", "—")
    rate = percent(session.borrow_apr("USDC"))
    assert shown["rate"] == rate
    click(qtbot, named(form, "Buy", QPushButton))
    after = session.valuation
    owed = session.state.account.balance("USDC").borrowed
    assert shown["borrow"] == f"{session.formats.quantity('USDC', owed)} USDC"
    fee = session.history("EntryFee", limit=1)[0].quantity
    assert shown["entry_fee"] == f"{session.formats.quantity('USDC', fee)} USDC"
    assert shown["imr"] == percent(after.imr) == window.overview.values["imr"].text()
    assert (
        shown["margin_fraction"] == percent(after.margin_fraction) == window.overview.values["margin_fraction"].text()
    )
    price = session.limits["SOL"].liquidation_price
    assert shown["liquidation"] == f"{session.formats.price('SOL', price)} USD"


def test_the_margin_withdrawal_preview_is_the_outcome(window, qtbot):
    session = window.session
    dialog = open_withdrawal(window, qtbot)
    click(qtbot, named(dialog, "Margin", QCheckBox))
    named(dialog, "Asset", QComboBox).setCurrentText("ETH")
    type_into(qtbot, named(dialog, "Amount", QLineEdit), "0.5")
    shown = {key: label.text() for key, label in dialog.details.items()}
    assert shown["rate"] == percent(session.borrow_apr("ETH"))
    assert number(shown["borrow"]) == D("0.5") and shown["entry_fee"] == "< 0.0001 ETH"  # an hour's rest of 3 %
    type_into(qtbot, named(dialog, "Destination address", QLineEdit), ETH_ADDRESS)
    click(qtbot, named(dialog, "Continue", QPushButton))
    click(qtbot, named(dialog, "Withdraw", QPushButton))
    after = session.valuation
    owed = session.state.account.balance("ETH").borrowed
    assert shown["borrow"] == f"{session.formats.quantity('ETH', owed)} ETH"
    assert shown["imr"] == percent(after.imr) and shown["margin_fraction"] == percent(after.margin_fraction)
    fee = session.history("EntryFee", limit=1)[0].quantity
    assert shown["entry_fee"] == f"{session.formats.quantity('ETH', fee)} ETH"
    price = session.limits["ETH"].liquidation_price
    assert shown["liquidation"] == ("none" if price is None else f"{session.formats.price('ETH', price)} USD")


def test_a_limit_order_is_previewed_at_its_price_and_warns_when_it_could_never_fill(window, qtbot):
    session, form = window.session, window.spot.form
    leveraged(window)  # SOL's liquidation price now some 8 % below its mark
    mark = session.state.marks["SOL"]
    click(qtbot, named(form, "Margin", QCheckBox))
    type_into(qtbot, named(form, "Price", QLineEdit), str((mark * D("0.8")).quantize(D("0.01"))))
    type_into(qtbot, named(form, "Quantity", QLineEdit), "1")
    note = named(form, "Order note", QLabel)
    assert note.text().startswith("⚠ The account would be liquidated before SOL reaches")
    assert note.property("kind") == "warning"

    type_into(qtbot, named(form, "Price", QLineEdit), str((mark * D("0.97")).quantize(D("0.01"))))
    assert named(form, "Order note", QLabel).text().startswith("This order rests on the book until SOL/USDC")
