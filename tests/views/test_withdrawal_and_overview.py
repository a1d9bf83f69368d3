"""Margin Withdrawal as the seed describes it, the Deposit dialog, the Overview's settings, accounts."""

from datetime import timedelta
from decimal import Decimal as D

import pytest
from PySide6.QtWidgets import QCheckBox, QComboBox, QInputDialog, QLabel, QLineEdit, QMessageBox, QPushButton

from desktop.models.order_tables import FillsModel, OpenOrdersModel
from desktop.models.tables import MarketsModel
from tests.views.util import ETH_ADDRESS, SOLANA_ADDRESS, click, ledger_types, named, said, type_into
from tests.waits import WAIT_MS


def open_withdrawal(window, qtbot):
    window.withdraw_action.trigger()
    from desktop.views.withdrawal_dialog import WithdrawalDialog

    dialog = [d for d in window.findChildren(WithdrawalDialog) if d.isVisible()][-1]
    qtbot.addWidget(dialog)
    return dialog


def test_margin_withdrawal_step_by_step(window, qtbot):
    dialog = open_withdrawal(window, qtbot)
    click(qtbot, named(dialog, "Margin", QCheckBox))  # 1) tick the Margin box at the bottom
    named(dialog, "Asset", QComboBox).setCurrentText("ETH")  # 2) the crypto to borrow: not held at all
    type_into(qtbot, named(dialog, "Amount", QLineEdit), "0.5")
    assert dialog.details["borrow"].text().startswith("0.5000") and "ETH" in dialog.details["borrow"].text()
    assert dialog.details["margin_fraction"].text().endswith("%")
    assert dialog.details["imr"].text().endswith("%")
    assert dialog.details["liquidation"].text().endswith("USD")
    type_into(qtbot, named(dialog, "Destination address", QLineEdit), ETH_ADDRESS)
    click(qtbot, named(dialog, "Continue", QPushButton))  # 3) Continue
    summary = named(dialog, "Summary", QLabel).text()
    assert f"Withdraw 0.5000 ETH to {ETH_ADDRESS}" in summary and "borrows" in summary
    click(qtbot, named(dialog, "Withdraw", QPushButton))  # confirm
    assert "is done" in named(dialog, "Result", QLabel).text()
    assert ledger_types()[-3:] == ["Borrow", "EntryFee", "Withdrawal"]
    assert window.session.state.account.balance("ETH").borrowed > D("0.5")
    assert window.overview.values["initial_margin"].text() != "0.00 USD"


@pytest.mark.parametrize(
    ("asset", "amount", "margin", "address", "expected"),
    [
        ("ETH", "0.5", False, ETH_ADDRESS, "Refusal code: INSUFFICIENT_FUNDS"),
        ("ETH", "50", True, ETH_ADDRESS, "Refusal code: INSUFFICIENT_MARGIN"),
        ("USDC", "100", False, "", "Enter the Solana address to withdraw USDC to."),
        ("USDC", "100", False, "abc", "Not a Solana address:"),
        ("ETH", "0.1", True, SOLANA_ADDRESS, "Not an Ethereum address:"),
        ("USDC", "", False, SOLANA_ADDRESS, "Enter an amount above 0"),
        ("USDC", "1e3", False, SOLANA_ADDRESS, "Amount: Write the number out in full"),
    ],
)
def test_withdrawal_refusals_show_the_reason_and_change_nothing(
    window, qtbot, asset, amount, margin, address, expected
):
    before = ledger_types()
    dialog = open_withdrawal(window, qtbot)
    named(dialog, "Asset", QComboBox).setCurrentText(asset)
    if margin:
        click(qtbot, named(dialog, "Margin", QCheckBox))
    type_into(qtbot, named(dialog, "Amount", QLineEdit), amount)
    type_into(qtbot, named(dialog, "Destination address", QLineEdit), address)
    click(qtbot, named(dialog, "Continue", QPushButton))
    assert expected in said(named(dialog, "Withdraw message", QLabel))
    assert dialog.pages.currentWidget() is dialog.form_page
    assert ledger_types() == before


def test_withdrawal_max_is_margin_aware(window, qtbot):
    dialog = open_withdrawal(window, qtbot)
    named(dialog, "Asset", QComboBox).setCurrentText("SOL")
    click(qtbot, named(dialog, "Max", QPushButton))
    assert D(dialog.amount.text()) == 20
    click(qtbot, named(dialog, "Margin", QCheckBox))
    click(qtbot, named(dialog, "Max", QPushButton))
    assert D(dialog.amount.text()) > 20


def test_deposit_dialog(window, qtbot):
    from desktop.views.transfer_dialogs import DepositDialog

    window.deposit_action.trigger()
    dialog = [d for d in window.findChildren(DepositDialog) if d.isVisible()][-1]
    named(dialog, "Asset", QComboBox).setCurrentText("BTC")
    type_into(qtbot, named(dialog, "Amount", QLineEdit), "0.1")
    click(qtbot, named(dialog, "Continue", QPushButton))
    click(qtbot, named(dialog, "Deposit", QPushButton))
    assert ledger_types()[-1] == "Deposit"
    assert window.session.state.account.balance("BTC").available == D("0.1")


def test_max_account_leverage_and_auto_lend_change_the_figures_at_once(window, qtbot):
    desk = window.session
    from desktop.text.formatting import usd

    desk.withdraw("USDC", D(12000), True)  # a 2,000 USDC margin withdrawal: IM 10 % of the borrow at 10×
    overview = window.overview
    at_ten = desk.valuation.initial_margin
    assert overview.values["initial_margin"].text() == f"{usd(at_ten)} USD" == "200.00 USD"
    overview.leverage.setValue(5)  # IM at least 1/5 of the borrow: doubled
    assert overview.values["initial_margin"].text() == f"{usd(2 * at_ten)} USD"
    overview.leverage.setValue(1)  # IM would be the whole borrow: more than net equity allows
    assert "INSUFFICIENT_MARGIN" in said(overview.refusal) and overview.refusal.isVisible()
    assert overview.leverage.value() == 5 and desk.state.account.settings.leverage_limit == 5
    overview.auto_lend.trigger()  # the Auto Lend switch in the Margin Overview menu
    assert desk.state.account.settings.auto_lend
    assert desk.state.account.balance("SOL").lent == 20  # everything available is lent at once


def test_near_liquidation_warning(window, qtbot):
    desk = window.session
    desk.change_settings(leverage_limit=10)
    most = desk.max_withdrawal("USDC", True)
    assert most < desk.limits["USDC"].max_margin_withdrawal_quantity  # the entry fee is left room for
    assert desk.withdraw("USDC", most, True).accepted
    from desktop.engine import move_prices

    # NE ≈ IM = 2·MM ≈ 259 after the max withdrawal; SOL −4 % takes 114 off NE: MMR ≈ 89 %
    desk.act(lambda s, p: move_prices(s, p, {"SOL": s.marks["SOL"] * D("0.96")}))
    assert window.overview.banner.isVisible()
    assert "Near liquidation: MMR 8" in window.overview.banner.text()


def test_accounts_can_be_created_switched_and_renamed(window, qtbot, monkeypatch):
    monkeypatch.setattr(QInputDialog, "getText", lambda *a, **k: ("Hedge", True))
    window.new_account_action.trigger()
    assert window.session.name == "Hedge" and window.account_box.currentText() == "Hedge"
    assert window.overview.values["net_equity"].text() == "0.00 USD"
    window.switch_account("Demo")
    assert window.overview.values["net_equity"].text() == "12,850.00 USD"
    monkeypatch.setattr(QInputDialog, "getText", lambda *a, **k: ("Main", True))
    window.rename_account_action.trigger()
    assert [window.account_box.itemText(i) for i in range(window.account_box.count())] == ["Main", "Hedge"]
    monkeypatch.setattr(QInputDialog, "getText", lambda *a, **k: ("Hedge", True))
    warnings = []
    monkeypatch.setattr(QMessageBox, "warning", lambda *a: warnings.append(a[2]))
    window.new_account_action.trigger()
    assert warnings and "already an account named 'Hedge'" in warnings[0]


def test_the_clock_steps_an_hour_and_updates_the_views(window, qtbot):
    before = window.session.state.time
    click(qtbot, named(window.clock_bar, "Step an hour", QPushButton))
    assert (window.session.state.time - before).total_seconds() == 3600
    assert window.clock_bar.time.text().startswith(window.session.state.time.strftime("%Y-%m-%d %H"))
    click(qtbot, named(window.clock_bar, "Play", QPushButton))
    assert window.clock.playing
    qtbot.waitUntil(lambda: window.session.state.time > before + timedelta(hours=1), timeout=WAIT_MS)
    window.clock.pause()


def test_table_models_pass_the_model_tester(window, qtbot, qtmodeltester):
    desk = window.session
    desk.place_order("SOL_USDC", "Bid", "Limit", D(1), D(100), False)
    desk.place_order("SOL_USDC", "Bid", "Market", D(1), None, False)
    for model in (MarketsModel(desk), OpenOrdersModel(desk), FillsModel(desk)):
        assert model.rowCount() > 0
        qtmodeltester.check(model)


def test_the_risk_view_builds_its_charts_when_first_shown(window, qtbot):
    assert window.risk.chart is None  # nothing imported for it before it is shown
    window.show_view(4)
    assert window.risk.chart is not None and window.risk.what_if is not None and window.risk.stress is not None
    window.clock.step_hour()
    window.show_view(0)
    window.spot.ensure_price_chart()
    form = window.spot.form
    form.margin.setChecked(True)
    type_into(qtbot, form.quantity, "80")
    assert window.spot.price_chart is not None


def test_the_window_has_the_application_icon(window):
    from PySide6.QtWidgets import QApplication

    assert not QApplication.instance().windowIcon().isNull()
    assert QApplication.instance().desktopFileName() == "exchange.margindesk.MarginDesk"
