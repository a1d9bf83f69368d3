"""The last line of defence: an exception nothing caught is written to the log file with its
traceback, and the trader sees a dialog saying what happened, that stored actions are safe, and
where the log is. Exceptions in worker threads reach the same dialog, queued to the GUI thread.

Installed by ``app.run`` only: tests keep pytest-qt's hook, which fails the test instead.
"""

from __future__ import annotations

import logging
import sys
import threading
import traceback
from logging.handlers import RotatingFileHandler
from pathlib import Path

from PySide6.QtCore import QObject, Qt, Signal
from PySide6.QtWidgets import QApplication, QMessageBox

from .. import APP_NAME

log = logging.getLogger("margin-desk")
LOG_FILE = "margin-desk.log"


def start_logging(directory: Path) -> Path:
    """Log to ``directory/margin-desk.log`` (kept to 1 MB × 3); returns the file's path."""
    directory.mkdir(parents=True, exist_ok=True)
    path = directory / LOG_FILE
    root = logging.getLogger()
    if not any(isinstance(h, RotatingFileHandler) and Path(h.baseFilename) == path for h in root.handlers):
        handler = RotatingFileHandler(path, maxBytes=1_000_000, backupCount=3, encoding="utf-8")
        handler.setFormatter(logging.Formatter("%(asctime)s %(levelname)s %(name)s: %(message)s"))
        root.addHandler(handler)
    if root.level > logging.INFO or root.level == logging.NOTSET:
        root.setLevel(logging.INFO)
    return path


class ExceptionReporter(QObject):
    """``hook`` is a ``sys.excepthook``; ``thread_hook`` a ``threading.excepthook``."""

    reported = Signal(str, str)  # one line, the traceback: emitted from any thread

    def __init__(self, log_path: Path, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.log_path = log_path
        self.dialog: QMessageBox | None = None
        self.count = 0
        self.reported.connect(self.show_dialog, Qt.ConnectionType.QueuedConnection)

    def hook(self, kind, value, trace) -> None:
        if issubclass(kind, KeyboardInterrupt):
            sys.__excepthook__(kind, value, trace)
            return
        details = "".join(traceback.format_exception(kind, value, trace))
        log.error("Uncaught exception:\n%s", details.rstrip())
        self.count += 1
        self.reported.emit(f"{kind.__name__}: {value}", details)

    def thread_hook(self, args) -> None:
        self.hook(args.exc_type, args.exc_value, args.exc_traceback)

    def show_dialog(self, summary: str, details: str) -> QMessageBox:
        """One dialog at a time: later errors while it is open are in the log (and its details)."""
        if self.dialog is not None and self.dialog.isVisible():
            self.dialog.setDetailedText(self.dialog.detailedText() + "\n" + details)
            return self.dialog
        parent = QApplication.activeWindow()
        dialog = QMessageBox(parent)
        dialog.setIcon(QMessageBox.Icon.Critical)
        dialog.setWindowTitle(f"{APP_NAME}: something went wrong")
        dialog.setText(
            "Something went wrong and the last step may not have finished.\n\n"
            "Your accounts are safe: every action that completed was stored whole."
        )
        dialog.setInformativeText(f"{summary}\n\nThe details are in the log file:\n{self.log_path}")
        dialog.setDetailedText(details)
        dialog.setStandardButtons(QMessageBox.StandardButton.Close)
        dialog.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        dialog.setObjectName("crashDialog")
        dialog.destroyed.connect(lambda *_: setattr(self, "dialog", None))
        self.dialog = dialog
        dialog.open()
        return dialog


def install_exception_hook(log_path: Path) -> ExceptionReporter:
    """Route uncaught exceptions of the GUI thread and of worker threads to the log and a dialog."""
    reporter = ExceptionReporter(log_path, QApplication.instance())
    sys.excepthook = reporter.hook
    threading.excepthook = reporter.thread_hook
    return reporter
