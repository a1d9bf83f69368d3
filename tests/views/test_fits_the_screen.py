"""A 1024×700 laptop screen: the window and every dialog fit on every view, nothing is cut off at the
side, no table hides a column behind a horizontal scroll bar, and showing the Risk view does not
widen the window (it used to grow to 1,316 px for good)."""

from __future__ import annotations

import pytest
from PySide6.QtCore import QPoint, QRect, Qt
from PySide6.QtWidgets import QAbstractScrollArea, QApplication, QWidget

from tests.views.util import SOLANA_ADDRESS, type_into

SCREEN = (1024, 700)
VIEWS = ["Spot", "Lend", "Portfolio", "History", "Risk"]


def settle() -> None:
    for _ in range(3):
        QApplication.processEvents()


def at_laptop_size(window) -> None:
    window.setWindowState(Qt.WindowState.WindowNoState)
    window.resize(*SCREEN)
    settle()


def inside_a_scroll_area(widget: QWidget, top: QWidget) -> bool:
    parent = widget.parentWidget()
    while parent is not None and parent is not top:
        if isinstance(parent, QAbstractScrollArea):
            return True
        parent = parent.parentWidget()
    return False


def cut_off(top: QWidget) -> list[str]:
    """Visible widgets that reach outside ``top`` (those inside scroll areas scroll by design)."""
    found = []
    for widget in top.findChildren(QWidget):
        if not widget.isVisible() or widget.isWindow() or inside_a_scroll_area(widget, top):
            continue
        corner = widget.mapTo(top, QPoint(0, 0))
        if not top.rect().contains(QRect(corner, widget.size())):
            found.append(f"{type(widget).__name__} {widget.accessibleName() or widget.objectName()!r}")
    return found


def assert_fits(widget: QWidget) -> None:
    width, height = SCREEN
    hint = widget.minimumSizeHint()
    assert hint.width() <= width and hint.height() <= height, f"minimum {hint.width()}×{hint.height()}"
    assert widget.width() <= width and widget.height() <= height, f"shown at {widget.width()}×{widget.height()}"
    assert not cut_off(widget), cut_off(widget)


@pytest.mark.parametrize("view", VIEWS)
def test_the_window_fits_1024_by_700_on_every_view(window, qtbot, view):
    at_laptop_size(window)
    window.spot.ensure_price_chart()
    window.show_view(VIEWS.index(view))
    settle()
    assert (window.width(), window.height()) == SCREEN
    assert_fits(window)


def test_showing_the_risk_view_never_widens_the_window(window, qtbot):
    at_laptop_size(window)
    for number in (4, 0, 4, 1, 2, 3, 0):
        window.show_view(number)
        settle()
        assert (window.width(), window.height()) == SCREEN
    assert window.minimumSizeHint().width() <= SCREEN[0]


def test_tables_show_every_column_without_scrolling_sideways(window, qtbot):
    desk = window.session
    from decimal import Decimal as D

    desk.place_order("SOL_USDC", "Bid", "Limit", D(2), D(120), True)  # an open order
    desk.place_order("SOL_USDC", "Bid", "Market", D(1), None, False)  # a fill
    desk.withdraw("ETH", D("0.1"), True)  # a borrow
    at_laptop_size(window)
    window.spot.ensure_price_chart()
    tables = [
        (0, window.spot.markets),
        (0, window.spot.orders),
        (1, window.lend.pools),
        (2, window.portfolio.table),
    ]
    for view, table in tables:
        window.show_view(view)
        settle()
        qtbot.waitUntil(lambda t=table: not t._fit_later.isActive(), timeout=10000)
        settle()
        assert not table.horizontalScrollBar().isVisible(), f"{table.accessibleName()} scrolls sideways"
    window.show_view(0)
    window.spot.activity.setCurrentWidget(window.spot.fills)
    settle()
    qtbot.waitUntil(lambda: not window.spot.fills._fit_later.isActive(), timeout=10000)
    assert not window.spot.fills.horizontalScrollBar().isVisible()


def dialogs(window):
    """Every dialog the window opens, each shown once."""
    yield "Deposit", window.open_deposit()
    yield "Withdrawal", window.open_withdrawal()
    for action in (window.help.guide_action, window.help.shortcuts_action, window.help.about_action):
        action.trigger()
        yield action.text(), window.help.dialog


def test_every_dialog_fits_1024_by_700(window, qtbot):
    at_laptop_size(window)
    for name, dialog in dialogs(window):
        settle()
        assert dialog.isVisible(), name
        assert_fits(dialog)
        dialog.close()


def test_the_withdraw_dialog_keeps_its_layout_when_messages_appear(window, qtbot):
    dialog = window.open_withdrawal()
    settle()
    where = {w.accessibleName(): w.mapTo(dialog, QPoint(0, 0)) for w in (dialog.margin, dialog.continue_button)}
    size = dialog.size()
    type_into(qtbot, dialog.amount, "1e3")  # a note under the amount
    dialog.address.setText("abc")
    dialog.check_address()  # a note under the address
    dialog.go_on()  # and the message above the buttons
    settle()
    assert dialog.message.isVisible() and dialog.address_note.isVisible() and dialog.amount.note.isVisible()
    assert {w.accessibleName(): w.mapTo(dialog, QPoint(0, 0)) for w in (dialog.margin, dialog.continue_button)} == where
    assert dialog.size() == size
    type_into(qtbot, dialog.amount, "10")
    dialog.address.setText(SOLANA_ADDRESS)
    dialog.check_address()
    settle()
    assert {w.accessibleName(): w.mapTo(dialog, QPoint(0, 0)) for w in (dialog.margin, dialog.continue_button)} == where
    dialog.close()


def test_the_window_still_fits_after_a_trading_day(window, qtbot):
    """Long texts come with history (a liquidation banner, a chart reading, History rows): none of
    them may set the window's minimum width (the chart reading once made it 1,110 px)."""
    from tests.views.test_screenshots import a_trading_day

    at_laptop_size(window)
    window.spot.ensure_price_chart()
    for _ in range(12):
        window.session.tick(1800)
    a_trading_day(window.session)
    for number in (4, 0, 1, 2, 3, 4):
        window.show_view(number)
        settle()
        assert_fits(window)


def test_the_futures_form_widens_for_its_figures_instead_of_being_cut(window, qtbot):
    """Typed at 1024×700, an order's figures make the Futures form wider than before ("0.1500 USDC
    (maker)"): the chart beside it gives up the width, and the form's right edge (the figures, Max,
    Reduce only) stays inside its scroll area rather than cut off at the side. (The window is 680 px
    tall, the room a title bar leaves on the screen: the form scrolls before the trader types.)"""
    from tests.views.util import click

    at_laptop_size(window)
    window.resize(SCREEN[0], 680)
    settle()
    spot = window.spot
    spot.ensure_price_chart()
    click(qtbot, spot.futures_filter)
    form, panel = spot.perp_form, spot.form_panel
    chart_width = spot.top.width()
    assert panel.verticalScrollBar().isVisible()
    assert panel.minimumSizeHint().width() <= panel.width()  # as the splitter asked, laying the window out
    type_into(qtbot, form.quantity, "5")
    settle()
    assert form.details["fee"].text().endswith("(maker)")
    assert panel.widget().width() <= panel.viewport().width(), "the form is wider than its scroll area"
    assert spot.top.width() < chart_width  # the chart gave the form its width
    assert window.width() == SCREEN[0]
    assert_fits(window)


def test_history_fits_its_sentences_to_the_width_instead_of_scrolling_sideways(window, qtbot):
    """At 1024×700, a fill's sentence is longer than the room History has: the explanation column ends at
    the table's right edge (the sentence elided, whole in its tooltip), and nothing scrolls sideways."""
    from decimal import Decimal as D

    from desktop.models.history_model import HistoryModel

    at_laptop_size(window)
    assert window.session.place_order("SOL_USDC", "Bid", "Market", D(300), None, True).accepted
    window.show_view(3)
    table = window.history.table
    settle()
    qtbot.waitUntil(lambda: not table._fit_later.isActive(), timeout=10000)
    settle()
    header = table.horizontalHeader()
    assert header.length() <= table.viewport().width()
    assert not table.horizontalScrollBar().isVisible()
    fill = table.model().index(0, HistoryModel.COL_EXPLANATION)
    sentence = fill.data()
    assert sentence.startswith("Order ") and "filled" in sentence
    assert table.fontMetrics().horizontalAdvance(sentence) > header.sectionSize(HistoryModel.COL_EXPLANATION)
    assert sentence in fill.data(Qt.ItemDataRole.ToolTipRole)  # the whole sentence, under the pointer


def shown_stress_grid(window, qtbot):
    from PySide6.QtWidgets import QTabWidget

    from tests.views.util import named

    window.show_view(4)
    qtbot.waitUntil(
        lambda: window.risk.stress is not None and window.risk.stress.parentWidget().isVisible(), timeout=10000
    )
    grid = window.risk.stress
    tabs = named(window.risk, "What-if and stress", QTabWidget)
    tabs.setCurrentIndex(tabs.indexOf(grid))
    settle()
    return grid


def rows_in_sight(table) -> int:
    """Rows shown whole in the table's viewport."""
    bottom = table.viewport().height()
    return sum(
        1 for row in range(table.model().rowCount()) if table.rowViewportPosition(row) + table.rowHeight(row) <= bottom
    )


def test_the_stress_grid_gives_its_note_room_to_rows_on_a_short_screen(window, qtbot):
    """At 1024×700 the grid's note (two lines) makes way for rows, and stays the title's tooltip; on a
    tall window it is shown under the grid."""
    at_laptop_size(window)
    grid = shown_stress_grid(window, qtbot)
    assert not grid.note.isVisible() and grid.note.text() == grid.title.toolTip()
    assert rows_in_sight(grid.table) >= 3
    window.resize(1600, 1000)
    settle()
    assert grid.note.isVisible()
    assert rows_in_sight(grid.table) >= 6
