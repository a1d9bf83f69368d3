"""Manual Borrow previews what Spot Margin and Margin Withdrawal preview, and the preview is the outcome."""

from __future__ import annotations

from decimal import Decimal as D

from PySide6.QtWidgets import QCheckBox, QComboBox, QLabel, QLineEdit, QPushButton

from desktop.text.formatting import DASH, percent
from tests.views.util import click, ledger_types, named, type_into


def test_the_borrow_preview_equals_the_outcome(window, qtbot):
    session = window.session
    window.show_view(1)
    tab = window.lend.borrow_tab
    window.lend.show_tab(tab)
    named(tab, "Asset", QComboBox).setCurrentText("USDC")
    assert named(tab, "IMR after", QLabel).text() == DASH
    assert named(tab, "Borrow rate (APR)", QLabel).text().endswith("%")
    type_into(qtbot, named(tab, "Amount to borrow", QLineEdit), "1500")
    shown = {key: label.text() for key, label in tab.preview.details.items()}
    borrowed = D(shown["borrow"].split()[0].replace(",", ""))
    fee = D(shown["entry_fee"].split()[0].replace(",", ""))
    assert borrowed == 1500 + fee and fee > 0  # the entry fee is borrowed too
    assert shown["imr"].endswith("%") and shown["margin_fraction"].endswith("%")
    assert shown["liquidation"] == "none" or shown["liquidation"].endswith("USD")

    click(qtbot, named(tab, "Borrow", QPushButton))
    assert ledger_types()[-2:] == ["Borrow", "EntryFee"]
    after = session.valuation
    owed = session.state.account.balance("USDC").borrowed
    assert session.formats.quantity("USDC", owed) == shown["borrow"].split()[0]  # as shown, to its places
    assert shown["imr"] == percent(after.imr) == window.overview.values["imr"].text()
    assert (
        shown["margin_fraction"] == percent(after.margin_fraction) == window.overview.values["margin_fraction"].text()
    )
    price = session.limits["USDC"].liquidation_price
    assert shown["liquidation"] == ("none" if price is None else f"{session.formats.price('USDC', price)} USD")
    assert "Borrowed 1,500" in named(tab, "Borrow message", QLabel).text()


def test_a_refused_borrow_says_why_in_the_preview(window, qtbot):
    window.show_view(1)
    tab = window.lend.borrow_tab
    window.lend.show_tab(tab)
    type_into(qtbot, named(tab, "Amount to borrow", QLineEdit), "100000000")
    assert named(tab, "IMR after", QLabel).text() == DASH
    assert "(" in named(tab, "Borrow message", QLabel).text()  # the refusal and its code, before the click


def test_a_resting_limit_order_says_it_rests_and_what_it_will_borrow(window, qtbot):
    form = window.spot.form
    type_into(qtbot, named(form, "Price", QLineEdit), "140")
    type_into(qtbot, named(form, "Quantity", QLineEdit), "100")
    click(qtbot, named(form, "Margin", QCheckBox))
    shown = form.details["borrow"].text()  # valued at the fill
    assert shown.endswith(" on fill")
    assert "rests on the book until SOL/USDC reaches 140.00" in named(form, "Order note", QLabel).text()
    previewed = shown.removesuffix(" on fill")
    click(qtbot, named(form, "Buy", QPushButton))
    message = named(form, "Order message", QLabel).text()
    assert "rests on the book at 140" in message
    assert f"when it fills it borrows {previewed}" in message
    pending = window.session.state.account.balance("USDC").pending_borrow
    at_fill = D(previewed.split()[0].replace(",", ""))
    assert pending <= at_fill < pending * D("1.001")  # the reserved borrow, plus its entry fee at the fill
