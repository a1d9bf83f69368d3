"""The Help menu's pages, and the dialog an uncaught exception brings instead of a silent failure."""

import logging
import sys

from PySide6.QtGui import QAction

from desktop import __version__
from desktop.views.crash_report import ExceptionReporter, start_logging


def help_action(window, text: str) -> QAction:
    found = [a for a in window.help.menu.actions() if a.text() == text]
    assert found, f"no Help action {text!r}"
    return found[0]


def test_about_names_version_model_parameters_and_licences(window, qtbot):
    help_action(window, "About Margin Desk").trigger()
    page = window.help.dialog.page.toPlainText()
    assert f"Margin Desk {__version__}" in page
    assert "bp-cross" in page
    assert "Example parameters, not live" in page and ".md" not in page
    for licence in ("LGPL-3.0-only", "MIT", "BSD-3-Clause"):
        assert licence in page
    assert "pyqtgraph" in page and "peewee" in page
    window.help.dialog.close()


def test_the_shortcut_list_names_every_shortcut_of_the_window(window, qtbot):
    help_action(window, "Keyboard shortcuts").trigger()
    page = window.help.dialog.page.toPlainText()
    for action in window.findChildren(QAction):
        for key in action.shortcuts():
            assert key.toString() in page, f"{action.text()} ({key.toString()}) is not listed"
    for key in ("Enter", "Esc", "Tab", "Arrow keys"):
        assert key in page
    window.help.dialog.close()


def test_how_margin_works_covers_the_three_flows_margins_and_liquidation(window, qtbot):
    help_action(window, "How margin works here").trigger()
    dialog = window.help.dialog
    page = dialog.page.toPlainText()
    for words in (
        "Spot Margin",
        "Manual Borrow",
        "Margin Withdrawal",
        "Initial Margin is the minimum amount of collateral",
        "Maintenance Margin is the minimum amount of equity",
        "Liquidation",
        "What is assumed here",
        "taker 0.10 %",
    ):
        assert words in page, words
    assert "support.backpack.exchange/articles/how-to-borrow-on-backpack-exchange" in dialog.page.toHtml()
    assert dialog.width() <= 1024 and dialog.height() <= 700
    dialog.close()


def test_an_uncaught_exception_is_logged_and_explained(qtbot, tmp_path):
    path = start_logging(tmp_path / "log")
    reporter = ExceptionReporter(path)
    try:
        raise ValueError("a bug slipped through")
    except ValueError:
        kind, value, trace = sys.exc_info()
    with qtbot.waitSignal(reporter.reported, timeout=10000):
        reporter.hook(kind, value, trace)
    qtbot.waitUntil(lambda: reporter.dialog is not None and reporter.dialog.isVisible(), timeout=10000)
    dialog = reporter.dialog
    assert str(path) in dialog.informativeText()
    assert "ValueError: a bug slipped through" in dialog.informativeText()
    assert "Traceback" in dialog.detailedText()
    for handler in logging.getLogger().handlers:
        handler.flush()
    logged = path.read_text(encoding="utf-8")
    assert "Uncaught exception" in logged and "a bug slipped through" in logged
    dialog.close()
    qtbot.waitUntil(lambda: reporter.dialog is None, timeout=10000)  # deleted on close
    root = logging.getLogger()
    for handler in [h for h in root.handlers if getattr(h, "baseFilename", "") == str(path)]:
        root.removeHandler(handler)
        handler.close()


def test_an_exception_in_a_worker_thread_reaches_the_same_dialog(qtbot, tmp_path):
    import threading

    reporter = ExceptionReporter(tmp_path / "margin-desk.log")

    def work():
        raise RuntimeError("in a worker")

    thread = threading.Thread(target=work)
    previous = threading.excepthook
    threading.excepthook = reporter.thread_hook
    try:
        with qtbot.waitSignal(reporter.reported, timeout=10000):
            thread.start()
            thread.join()
    finally:
        threading.excepthook = previous
    qtbot.waitUntil(lambda: reporter.dialog is not None, timeout=10000)
    assert "RuntimeError: in a worker" in reporter.dialog.informativeText()
    reporter.dialog.close()
