"""Spot Margin as the seed describes it: tick the Margin box below the Buy button, see the available
equity and margin, place the order."""

from decimal import Decimal as D

from PySide6.QtWidgets import QCheckBox, QLabel, QLineEdit, QMessageBox, QPushButton

from tests.views.util import click, ledger_types, named, said, type_into


def test_spot_margin_buy_step_by_step(window, qtbot):
    form = window.spot.form
    overview = window.overview
    assert overview.values["initial_margin"].text() == "0.00 USD"
    click(qtbot, named(form, "Market"))  # Market order
    type_into(qtbot, named(form, "Quantity", QLineEdit), "80")  # 12,000 USDC of SOL with 10,000 USDC held
    assert "INSUFFICIENT_FUNDS" in said(named(form, "Order message", QLabel))
    click(qtbot, named(form, "Margin", QCheckBox))
    assert not form.message.isVisible()
    borrow = form.details["borrow"].text()
    assert borrow.endswith("USDC") and D(borrow.split()[0].replace(",", "")) > 2000
    assert form.details["imr"].text().endswith("%")
    assert form.details["liquidation"].text().endswith("USD")
    click(qtbot, named(form, "Buy", QPushButton))
    assert ledger_types()[-4:] == ["OrderPlaced", "Borrow", "EntryFee", "Fill"]
    assert overview.values["initial_margin"].text() != "0.00 USD"  # the Overview updated at once
    assert window.spot.fills_model.rowCount() == 1
    assert "filled" in form.message.text()


def test_a_resting_margin_limit_order_appears_in_open_orders_and_can_be_cancelled(window, qtbot):
    form = window.spot.form
    type_into(qtbot, named(form, "Price", QLineEdit), "140")
    type_into(qtbot, named(form, "Quantity", QLineEdit), "100")
    click(qtbot, named(form, "Margin", QCheckBox))
    assert form.details["borrow"].text().startswith("4,0")  # 14,011.20 − 10,000 at the fill
    click(qtbot, named(form, "Buy", QPushButton))
    assert window.spot.orders_model.rowCount() == 1
    assert window.session.state.account.balance("USDC").pending_borrow > 0
    window.spot.orders.selectRow(0)
    click(qtbot, named(window.spot, "Cancel order", QPushButton))
    assert window.spot.orders_model.rowCount() == 0
    assert ledger_types()[-1] == "OrderCancelled"


def test_a_refused_order_changes_nothing(window, qtbot):
    form = window.spot.form
    before = ledger_types()
    click(qtbot, named(form, "Market"))
    type_into(qtbot, named(form, "Quantity", QLineEdit), "5000")
    click(qtbot, named(form, "Margin", QCheckBox))
    click(qtbot, named(form, "Buy", QPushButton))
    assert "INSUFFICIENT_MARGIN" in said(form.message)
    assert ledger_types() == before


def test_max_honours_margin(window, qtbot):
    form = window.spot.form
    click(qtbot, named(form, "Market"))
    click(qtbot, named(form, "Max", QPushButton))
    without = D(form.quantity.text())
    click(qtbot, named(form, "Margin", QCheckBox))
    click(qtbot, named(form, "Max", QPushButton))
    with_margin = D(form.quantity.text())
    assert with_margin > without > 0
    click(qtbot, named(form, "Buy", QPushButton))  # Max goes to IMR 100 %: Danger, so it asks first
    question = form.question
    assert question is not None and question.isVisible() and ledger_types()[-1] == "Deposit"
    assert "Danger" in question.text() and "estimated liquidation price of SOL" in question.informativeText()
    click(qtbot, named(question, "Order anyway", QPushButton))
    assert ledger_types()[-1] == "Fill"


def test_a_danger_order_can_be_called_off_and_max_keeps_the_safety_buffer(window, qtbot):
    from desktop.models.risk_watch import AlertThresholds

    form = window.spot.form
    click(qtbot, named(form, "Market"))
    click(qtbot, named(form, "Margin", QCheckBox))
    click(qtbot, named(form, "Max", QPushButton))
    click(qtbot, named(form, "Buy", QPushButton))
    click(qtbot, form.question.button(QMessageBox.StandardButton.Cancel))
    assert ledger_types()[-1] == "Deposit"  # nothing placed

    window.risk_watch.set_thresholds(AlertThresholds(safety_buffer=D("0.4")))
    click(qtbot, named(form, "Max", QPushButton))
    imr = D(form.details["imr"].text().split()[0])
    assert 50 < imr <= 60  # Max stops at IMR 60 %, not 100 %
    click(qtbot, named(form, "Buy", QPushButton))  # MMR ~ 0.3: no question
    assert ledger_types()[-1] == "Fill"


def test_selling_switches_the_button(window, qtbot):
    form = window.spot.form
    click(qtbot, named(form, "Sell side", QPushButton))
    assert named(form, "Sell", QPushButton).text() == "Sell SOL"
