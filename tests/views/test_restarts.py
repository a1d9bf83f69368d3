"""Closing and starting again: the window comes back where it was, at the same size, with the same
clock speed, view and splitter sizes — exactly, start after start (it used to creep 25 px down)."""

from __future__ import annotations

from decimal import Decimal

from PySide6.QtCore import QPoint, QSize, Qt

from desktop.app import launch
from desktop.views.transfer_dialogs import DepositDialog


def started(qtbot, directory):
    window = launch(directory)
    qtbot.addWidget(window)
    return window


def closed(window) -> None:
    window.close()
    window.store.close()


def test_position_size_speed_view_and_splitters_come_back_exactly(qtbot, tmp_path):
    directory = tmp_path / "data"
    window = started(qtbot, directory)
    window.setWindowState(Qt.WindowState.WindowNoState)
    window.resize(1100, 650)
    window.move(123, 77)
    window.clock.set_speed(600)
    window.show_view(2)
    window.splitter.setSizes([300, 800])
    window.splitter.splitterMoved.emit(300, 1)  # as a drag does
    sizes = window.splitter.sizes()
    closed(window)
    for _ in range(3):  # no creep, start after start
        window = started(qtbot, directory)
        assert not window.isMaximized()
        assert window.pos() == QPoint(123, 77) and window.size() == QSize(1100, 650)
        assert window.clock.speed == 600
        assert window.clock_bar.speed.currentData() == 600
        assert window.view_tabs.currentIndex() == 2
        assert window.splitter.sizes() == sizes
        closed(window)


def test_a_maximised_window_comes_back_maximised(qtbot, tmp_path):
    directory = tmp_path / "data"
    window = started(qtbot, directory)
    window.showMaximized()
    qtbot.waitUntil(window.isMaximized, timeout=10000)
    closed(window)
    window = started(qtbot, directory)
    assert window.isMaximized()
    closed(window)


def test_a_new_account_says_how_to_start(window, qtbot):
    overview = window.overview
    assert not overview.empty_note.isVisible()  # the Demo account has funds
    window.accounts.create("Fresh")
    assert overview.empty_note.isVisible() and "Deposit" in overview.empty_note.text()
    assert "ACCOUNT.json" in overview.empty_note.text()
    with qtbot.waitSignal(overview.depositRequested, timeout=10000):
        qtbot.mouseClick(overview.deposit_button, Qt.MouseButton.LeftButton)
    dialogs = [d for d in window.findChildren(DepositDialog) if d.isVisible()]
    assert len(dialogs) == 1
    dialogs[0].close()
    window.session.deposit("USDC", Decimal(100))
    assert not overview.empty_note.isVisible()
