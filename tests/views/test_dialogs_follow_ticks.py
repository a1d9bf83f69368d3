"""The Withdrawal and Deposit dialogs follow the ticks while open (the trader watches the figures that
read the marks): Withdrawable, the margin details and the confirmation read after each tick as if
worked out afresh; a state that did not move is not worked out again; a closed dialog costs a tick nothing."""

from decimal import Decimal as D

from PySide6.QtWidgets import QCheckBox, QComboBox, QLabel, QLineEdit, QPushButton

from desktop.text.formatting import DASH, percent
from desktop.views.transfer_dialogs import DepositDialog
from desktop.views.withdrawal_dialog import WithdrawalDialog
from tests.views.util import ETH_ADDRESS, click, named, type_into


def open_dialog(window, qtbot, kind):
    (window.withdraw_action if kind is WithdrawalDialog else window.deposit_action).trigger()
    dialog = [d for d in window.findChildren(kind) if d.isVisible()][-1]
    qtbot.addWidget(dialog)
    return dialog


def shown(dialog: WithdrawalDialog) -> dict[str, str]:
    return {"limit": dialog.limit.text()} | {key: label.text() for key, label in dialog.details.items()}


def a_margin_withdrawal(window, qtbot) -> WithdrawalDialog:
    dialog = open_dialog(window, qtbot, WithdrawalDialog)
    click(qtbot, named(dialog, "Margin", QCheckBox))
    named(dialog, "Asset", QComboBox).setCurrentText("ETH")
    type_into(qtbot, named(dialog, "Amount", QLineEdit), "0.5")
    return dialog


def test_the_margin_details_follow_every_tick(window, qtbot):
    dialog = a_margin_withdrawal(window, qtbot)
    seen = [shown(dialog)]
    for _ in range(4):
        window.session.tick(3600)
        after_tick = shown(dialog)
        dialog.update_preview()  # worked out afresh: the same
        assert shown(dialog) == after_tick
        seen.append(after_tick)
    # the marks moved: the figures that read them moved with them
    assert len({texts["margin_fraction"] for texts in seen}) > 1
    assert len({texts["limit"] for texts in seen}) > 1
    assert all(texts["borrow"].startswith("0.5") for texts in seen)


def test_the_empty_form_keeps_withdrawable_fresh(window, qtbot):
    dialog = open_dialog(window, qtbot, WithdrawalDialog)
    named(dialog, "Asset", QComboBox).setCurrentText("USDC")
    click(qtbot, named(dialog, "Margin", QCheckBox))
    seen = set()
    for _ in range(3):
        window.session.tick(3600)
        session = window.session
        most = session.formats.quantity("USDC", session.max_withdrawal("USDC", True))
        assert dialog.limit.text() == f"{most} USDC with Margin"
        assert dialog.details["rate"].text() == percent(session.borrow_apr("USDC"))
        assert all(label.text() == DASH for key, label in dialog.details.items() if key != "rate")  # nothing typed
        seen.add(dialog.limit.text())
    assert len(seen) > 1  # what Margin can borrow moves with the marks


def test_a_message_of_continue_stays_through_the_ticks(window, qtbot):
    dialog = a_margin_withdrawal(window, qtbot)
    click(qtbot, named(dialog, "Continue", QPushButton))  # no address yet
    message = named(dialog, "Withdraw message", QLabel).text()
    assert "address" in message
    window.session.tick(600)
    assert dialog.message.text() == message and dialog.message.isVisible()


def test_the_confirmation_follows_the_ticks(window, qtbot):
    dialog = a_margin_withdrawal(window, qtbot)
    type_into(qtbot, named(dialog, "Destination address", QLineEdit), ETH_ADDRESS)
    click(qtbot, named(dialog, "Continue", QPushButton))
    assert dialog.pages.currentWidget() is dialog.confirm_page
    summaries = {dialog.summary.text()}
    for _ in range(3):
        window.session.tick(3600)
        assert dialog.summary.text() == dialog.describe(dialog.preview())
        summaries.add(dialog.summary.text())
    assert len(summaries) > 1  # its margin fraction after moved with the marks


def test_the_deposit_confirmation_follows_the_ticks(window, qtbot):
    dialog = open_dialog(window, qtbot, DepositDialog)
    named(dialog, "Asset", QComboBox).setCurrentText("SOL")
    type_into(qtbot, named(dialog, "Amount", QLineEdit), "2")
    click(qtbot, named(dialog, "Continue", QPushButton))
    summaries = {dialog.summary.text()}
    for _ in range(3):
        window.session.tick(3600)
        assert dialog.summary.text() == dialog.describe(dialog.preview())
        summaries.add(dialog.summary.text())
    assert len(summaries) > 1  # net equity after moves with SOL's mark


def test_one_state_is_worked_out_once_and_a_closed_dialog_does_nothing(window, qtbot, monkeypatch):
    dialog = a_margin_withdrawal(window, qtbot)
    previews = []
    preview = dialog.preview
    monkeypatch.setattr(dialog, "preview", lambda: previews.append(1) or preview())
    window.session.tick(600)
    assert len(previews) == 1
    dialog.follow()  # the same state again (another listener, a repaint): nothing worked out
    assert len(previews) == 1
    assert window.session.deposit("USDC", D(100)).accepted  # a balance moves without a tick
    assert len(previews) == 2
    click(qtbot, named(dialog, "Cancel", QPushButton))
    assert not dialog.isVisible()
    window.session.tick(600)
    assert len(previews) == 2  # closed: no work on the tick


def test_a_reopened_dialog_catches_up(window, qtbot):
    dialog = a_margin_withdrawal(window, qtbot)
    dialog.hide()
    before = shown(dialog)
    for _ in range(3):
        window.session.tick(3600)
    assert shown(dialog) == before  # nothing done while hidden
    dialog.show()
    after = shown(dialog)
    dialog.update_preview()
    assert shown(dialog) == after != before
