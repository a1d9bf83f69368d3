"""Clock → Fast-forward… through its menu item: the hours dialog, progress, and a summary."""

from __future__ import annotations

from PySide6.QtWidgets import QDialogButtonBox, QInputDialog, QSpinBox

from tests.views.util import click
from tests.waits import WAIT_MS


def clock_menu_action(window, text: str):
    menus = {a.text().replace("&", ""): a.menu() for a in window.menuBar().actions() if a.menu()}
    found = [a for a in menus["Clock"].actions() if a.text() == text]
    assert found, f"no {text!r} in the Clock menu"
    return found[0]


def hours_dialog(window, qtbot) -> QInputDialog:
    qtbot.waitUntil(lambda: any(d.isVisible() for d in window.findChildren(QInputDialog)), timeout=WAIT_MS)
    return next(d for d in window.findChildren(QInputDialog) if d.isVisible())


def test_fast_forward_menu_item_asks_for_hours_and_runs_them(window, qtbot):
    action = clock_menu_action(window, "Fast-forward…")
    assert action.shortcut().toString() == "Ctrl+F"
    start = window.session.state.time
    action.trigger()  # QAction.triggered passes checked=False: the dialog must still be asked
    dialog = hours_dialog(window, qtbot)
    assert dialog.windowTitle() == "Fast-forward"
    spin = dialog.findChild(QSpinBox)
    spin.selectAll()
    qtbot.keyClicks(spin, "5")
    assert dialog.intValue() == 5
    click(qtbot, dialog.findChild(QDialogButtonBox).button(QDialogButtonBox.StandardButton.Ok))
    qtbot.waitUntil(lambda: window.files.last_summary != "", timeout=WAIT_MS)
    assert window.files.task.wait(WAIT_MS / 1000)
    assert (window.session.state.time - start).total_seconds() == 5 * 3600
    assert window.files.last_summary.startswith("Fast-forward 5 hours simulated; no liquidation")
    assert window.statusBar().currentMessage() == window.files.last_summary
    assert window.clock_bar.time.text().startswith(window.session.state.time.strftime("%Y-%m-%d %H"))


def test_cancelling_the_hours_dialog_changes_nothing(window, qtbot):
    start = window.session.state.time
    clock_menu_action(window, "Fast-forward…").trigger()
    dialog = hours_dialog(window, qtbot)
    click(qtbot, dialog.findChild(QDialogButtonBox).button(QDialogButtonBox.StandardButton.Cancel))
    qtbot.waitUntil(lambda: not window.findChildren(QInputDialog), timeout=WAIT_MS)  # closed and deleted
    assert window.files.task is None
    assert window.session.state.time == start
