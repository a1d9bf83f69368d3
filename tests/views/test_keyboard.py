"""The keyboard, as a trader uses it: Tab through the order form in the order one fills it, Enter
places the order, Esc clears it, Tab leaves a table instead of walking its cells, Space ticks the
Margin box (it used to start the clock), and every shortcut is listed in Help."""

from __future__ import annotations

from decimal import Decimal as D

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication

from tests.views.util import ledger_types, type_into


def focused():
    return QApplication.focusWidget()


def activate(window, qtbot) -> None:
    window.activateWindow()
    qtbot.waitUntil(window.isActiveWindow, timeout=10000)


def test_tab_walks_the_order_form_in_the_traders_order(window, qtbot):
    activate(window, qtbot)
    form = window.spot.form
    form.buy_side.setFocus()
    qtbot.waitUntil(lambda: focused() is form.buy_side, timeout=10000)
    # Buy/Sell and Limit/Market are groups: Tab visits the chosen one, the arrow keys the other
    expected = [form.limit_kind, form.price, form.quantity, form.max_button, form.submit, form.margin]
    seen = []
    for _ in expected:
        qtbot.keyClick(focused(), Qt.Key.Key_Tab)
        seen.append(focused())
    names = [w.accessibleName() for w in seen]
    assert seen == expected, names
    for _ in expected:  # and back again
        qtbot.keyClick(focused(), Qt.Key.Key_Backtab)
    assert focused() is form.buy_side
    qtbot.keyClick(form.buy_side, Qt.Key.Key_Right)
    assert focused() is form.sell_side
    qtbot.keyClick(form.sell_side, Qt.Key.Key_Space)
    assert form.sell_side.isChecked() and form.submit.text() == "Sell SOL"


def test_enter_places_the_order(window, qtbot):
    activate(window, qtbot)
    form = window.spot.form
    form.market_kind.setChecked(True)
    form.quantity.setFocus()
    type_into(qtbot, form.quantity, "1")
    with qtbot.waitSignal(form.orderPlaced, timeout=10000):
        qtbot.keyClick(form.quantity, Qt.Key.Key_Return)
    assert ledger_types()[-2:] == ["OrderPlaced", "Fill"]
    assert "filled" in form.message.text()
    window.clock.step_hour()  # the result stays in sight while the clock runs
    assert form.message.isVisible() and "filled" in form.message.text()


def test_enter_on_max_presses_max_and_does_not_place(window, qtbot):
    activate(window, qtbot)
    form = window.spot.form
    before = ledger_types()
    form.max_button.setFocus()
    qtbot.keyClick(form.max_button, Qt.Key.Key_Return)
    assert D(form.quantity.text()) > 0 and ledger_types() == before


def test_esc_clears_the_quantity_and_the_message(window, qtbot):
    activate(window, qtbot)
    form = window.spot.form
    type_into(qtbot, form.quantity, "99999")
    form.place()
    assert form.message.isVisible()
    qtbot.keyClick(form.quantity, Qt.Key.Key_Escape)
    assert form.quantity.text() == "" and not form.message.isVisible()
    assert form.price.text() != ""  # the price stays


def test_tab_leaves_the_markets_table_and_arrows_move_in_it(window, qtbot):
    activate(window, qtbot)
    markets = window.spot.markets
    markets.setFocus()
    qtbot.waitUntil(lambda: focused() is markets, timeout=10000)
    assert window.spot.form.market == "SOL_USDC"
    qtbot.keyClick(markets, Qt.Key.Key_Tab)
    assert focused() is not markets
    assert window.spot.form.market == "SOL_USDC"  # Tab chose no other market
    markets.setFocus()
    qtbot.keyClick(markets, Qt.Key.Key_Down)
    assert window.spot.form.market == "BTC_USDC"


def test_space_ticks_the_margin_box_and_plays_the_clock_elsewhere(window, qtbot):
    activate(window, qtbot)
    box = window.spot.form.margin
    box.setFocus()
    qtbot.keyClick(box, Qt.Key.Key_Space)
    assert box.isChecked() and not window.clock.playing
    window.view_tabs.setFocus()
    with qtbot.waitSignal(window.clock.changed, timeout=10000):
        qtbot.keyClick(window, Qt.Key.Key_Space)
    assert window.clock.playing
    with qtbot.waitSignal(window.clock.changed, timeout=10000):
        window.play_action.trigger()  # Ctrl+P
    assert not window.clock.playing


def test_the_withdraw_dialog_goes_on_with_enter_and_closes_with_esc(window, qtbot):
    from tests.views.util import SOLANA_ADDRESS

    activate(window, qtbot)
    dialog = window.open_withdrawal()
    qtbot.waitUntil(dialog.isVisible, timeout=10000)
    type_into(qtbot, dialog.amount, "100")
    type_into(qtbot, dialog.address, SOLANA_ADDRESS)
    qtbot.keyClick(dialog.address, Qt.Key.Key_Return)
    assert dialog.pages.currentWidget() is dialog.confirm_page
    qtbot.keyClick(dialog.confirm_button, Qt.Key.Key_Return)
    assert dialog.pages.currentWidget() is dialog.done_page
    assert ledger_types()[-1] == "Withdrawal"
    with qtbot.waitSignal(dialog.finished, timeout=10000):
        qtbot.keyClick(dialog, Qt.Key.Key_Escape)
