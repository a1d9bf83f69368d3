"""Hostile text in every numeric field, with every button of its form pressed: no exception escapes
(pytest-qt fails the test on one), the ledger does not change, and the field says what is wrong.

Before: 23 digits raised decimal.InvalidOperation and Buy went dead; "1e3" borrowed 1,000 USDC;
"1 5" read as 15; "-5" showed a negative total; 60 in the leverage box became 6×."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication, QPushButton

from desktop.views.partials.inputs import DecimalInput
from tests.views.util import SOLANA_ADDRESS, ledger_types
from tests.views.util import type_into as ascii_typing

HOSTILE = [
    "1" * 23,
    "9" * 40,
    "1e3",
    "1E+2",
    "1 5",
    "-5",
    "−5",
    "+5",
    "NaN",
    "inf",
    "Infinity",
    "0x1A",
    "1_000",
    "1..2",
    "1,2,3",
    "١٢",
    "€5",
    "5 USDC",
    "0.000000000000000000000001",
    "'; DROP TABLE ledger_event; --",
    "\t",
]


def type_into(qtbot, field, text: str) -> None:
    """Typed key by key when QTest can (ASCII); pasted otherwise (QTest aborts on "−" or "€")."""
    if text.isascii():
        ascii_typing(qtbot, field, text)
    else:
        field.clear()
        field.insert(text)  # like a paste: textEdited is emitted


def press_everything(qtbot, buttons) -> None:
    for button in buttons:
        if button.isVisible() and button.isEnabled():
            qtbot.mouseClick(button, Qt.MouseButton.LeftButton)
            QApplication.processEvents()


def form_buttons(widget) -> list[QPushButton]:
    return [b for b in widget.findChildren(QPushButton) if b.isVisible()]


def test_order_form_fields(window, qtbot):
    for text in HOSTILE:
        order_form_takes(window, qtbot, text)


def order_form_takes(window, qtbot, text: str) -> None:
    form = window.spot.form
    before = ledger_types()
    for margin in (False, True):
        form.margin.setChecked(margin)
        for field in (form.quantity, form.price):
            type_into(qtbot, form.quantity, "1")
            type_into(qtbot, field, text)
            assert field.value() is None or field.value() < 1  # only the tiny fraction reads, refused
            press_everything(qtbot, [form.submit])
            qtbot.keyClick(field, Qt.Key.Key_Return)
    assert ledger_types() == before
    type_into(qtbot, form.price, "150")
    type_into(qtbot, form.quantity, text)
    press_everything(qtbot, [form.max_button])  # Max replaces the text with a number that reads
    assert form.quantity.value() is not None


def test_lend_and_borrow_fields(window, qtbot):
    window.show_view(1)
    before = ledger_types()
    for tab in (window.lend.lend_tab, window.lend.borrow_tab):
        window.lend.show_tab(tab)
        for field, text in ((f, t) for f in tab.findChildren(DecimalInput) for t in HOSTILE):
            type_into(qtbot, field, text)
            buttons = [b for b in form_buttons(tab) if not b.accessibleName().startswith("Max")]
            press_everything(qtbot, buttons)
            qtbot.keyClick(field, Qt.Key.Key_Return)
            assert ledger_types() == before, f"{field.accessibleName()}: {text!r}"


def test_deposit_and_withdrawal_amounts(window, qtbot):
    before = ledger_types()
    for opened, text in ((o, t) for o in (window.open_deposit, window.open_withdrawal) for t in HOSTILE):
        dialog = opened()
        if hasattr(dialog, "address"):
            dialog.address.setText(SOLANA_ADDRESS)
            dialog.margin.setChecked(True)
        type_into(qtbot, dialog.amount, text)
        press_everything(qtbot, [dialog.continue_button])
        qtbot.keyClick(dialog.amount, Qt.Key.Key_Return)
        assert dialog.pages.currentWidget() is dialog.form_page, f"{dialog.windowTitle()} went on with {text!r}"
        assert dialog.message.text()
        dialog.close()
    assert ledger_types() == before


def test_the_leverage_box(window, qtbot):
    for text in ["60", "0", "-3", "abc", "1e2", "999999999", "5.5", "٣"]:
        leverage_box_takes(window, qtbot, text)


def leverage_box_takes(window, qtbot, text: str) -> None:
    box = window.overview.leverage
    before = window.session.state.account.settings.leverage_limit
    box.lineEdit().selectAll()
    if text.isascii():
        qtbot.keyClicks(box, text)
    else:
        box.lineEdit().insert(text)
    qtbot.keyClick(box, Qt.Key.Key_Return)
    value = box.value()
    assert 1 <= value <= 50
    assert window.session.state.account.settings.leverage_limit in (before, value)
    if text in ("60", "999999999"):
        assert value == 50 and "became 50×" in window.overview.refusal.text()
