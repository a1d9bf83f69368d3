"""The one numeric input: what it reads, what it refuses and says while typing, and the leverage box."""

from decimal import Decimal as D

import pytest
from PySide6.QtCore import Qt

from desktop.views.partials.inputs import DecimalInput, LeverageBox, Reading, read_amount

READS = [
    ("12", D(12)),
    ("1,234.5", D("1234.5")),
    ("1,234,567", D(1234567)),
    (" 0.25 ", D("0.25")),
    (".5", D("0.5")),
    ("5.", D(5)),
    ("1.500", D("1.5")),  # trailing zeros do not count as decimals
    ("1000000000000000", D("1e15")),
]

REFUSED = [
    ("1e3", "Write the number out in full: no exponent like 1e3"),
    ("1E-7", "Write the number out in full: no exponent like 1e3"),
    ("1 5", "No spaces inside a number"),
    ("-5", "Enter a positive amount: no minus sign"),
    ("−5", "Enter a positive amount: no minus sign"),
    ("+5", "Only digits and one decimal point (.)"),
    ("1.2.3", "Only one decimal point"),
    ("12,34", "Thousands separators (,) go every three digits, before the decimal point"),
    ("1.234,5", "Thousands separators (,) go every three digits, before the decimal point"),
    ("abc", "Only digits and one decimal point (.)"),
    ("NaN", "Only digits and one decimal point (.)"),
    ("Infinity", "Only digits and one decimal point (.)"),
    ("٣", "Only digits and one decimal point (.)"),  # a non-ASCII digit
    ("1" * 31, "Too large: at most 1,000,000,000,000,000"),
    ("1000000000000000.01", "Too large: at most 1,000,000,000,000,000"),
    (".", "Enter a number"),
]


@pytest.mark.parametrize(("text", "value"), READS)
def test_plain_and_grouped_numbers_read(text, value):
    assert read_amount(text, places=2, unit="SOL") == Reading(value)


@pytest.mark.parametrize(("text", "problem"), REFUSED)
def test_bad_text_reads_as_no_value_with_a_reason(text, problem):
    reading = read_amount(text)
    assert reading.value is None and reading.problem == problem


def test_decimals_beyond_the_assets_step_are_named():
    assert read_amount("1.123", places=2, unit="SOL").problem == "At most 2 decimals for SOL"
    assert read_amount("0.5", places=0, unit="BONK").problem == "Whole numbers only for BONK"
    assert read_amount("0.25", places=1, unit="JTO").problem == "At most 1 decimal for JTO"
    assert read_amount("1.12", places=2, unit="SOL").value == D("1.12")


def test_an_empty_field_has_no_value_and_no_problem():
    assert read_amount("   ") == Reading(None, "")


def test_the_field_says_what_is_wrong_while_typing(qtbot):
    field = DecimalInput("Quantity", places=2, unit="SOL")
    qtbot.addWidget(field)
    field.show()
    qtbot.keyClicks(field, "1.123")
    assert field.value() is None
    assert field.note.text() == "At most 2 decimals for SOL" and field.note.isVisible()
    assert field.property("invalid") is True
    qtbot.keyClick(field, Qt.Key.Key_Backspace)
    assert field.value() == D("1.12")
    assert not field.note.isVisible() and field.property("invalid") is False
    field.set_step(D("0.0001"), "USDC")
    field.setText("1e3")
    assert field.problem() == "Write the number out in full: no exponent like 1e3"


def test_set_value_writes_what_the_trader_would_type(qtbot):
    field = DecimalInput("Amount", places=2, unit="SOL")
    qtbot.addWidget(field)
    field.set_value(D("12.3456"))
    assert field.text() == "12.34"  # cut down, never rounded up past what the account holds
    field.set_value(D("1E+3"))
    assert field.text() == "1000"
    field.set_value(None)
    assert field.text() == ""


def test_a_pasted_novel_is_cut_to_forty_characters(qtbot):
    field = DecimalInput("Amount")
    qtbot.addWidget(field)
    field.setText("9" * 500)
    assert len(field.text()) == 40 and field.problem().startswith("Too large")


@pytest.mark.parametrize(("typed", "value", "clamped"), [("60", 50, True), ("0", 1, True), ("25", 25, False)])
def test_the_leverage_box_clamps_to_its_bounds_with_a_message(qtbot, typed, value, clamped):
    box = LeverageBox()
    qtbot.addWidget(box)
    box.setValue(10)
    box.show()
    messages = []
    box.clamped.connect(messages.append)
    box.lineEdit().selectAll()
    qtbot.keyClicks(box, typed)
    with qtbot.waitSignal(box.editingFinished, timeout=5000):
        qtbot.keyClick(box, Qt.Key.Key_Return)
    assert box.value() == value
    if clamped:
        assert messages == [f"Max Account Leverage goes from 1× to 50×: {typed}× became {value}×."]
    else:
        assert messages == []


def test_the_leverage_box_refuses_letters(qtbot):
    box = LeverageBox()
    qtbot.addWidget(box)
    box.setValue(10)
    box.lineEdit().selectAll()
    qtbot.keyClicks(box, "x")
    assert box.value() == 10


def test_a_whole_balance_set_by_max_keeps_its_decimals_until_edited(qtbot):
    field = DecimalInput("Amount to repay", places=4, unit="USDC")
    qtbot.addWidget(field)
    field.set_value(D("100.0000275132"), exact=True)
    assert field.text() == "100.0000275132" and field.value() == D("100.0000275132") and not field.problem()
    field.setText(field.text() + "1")
    assert field.value() is None and field.problem() == "At most 4 decimals for USDC"
