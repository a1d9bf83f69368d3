"""File menu work that needs dialogs: import and export an account (ACCOUNT.json), fast-forward."""

from __future__ import annotations

import json
from pathlib import Path

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QFileDialog, QInputDialog, QMainWindow, QMessageBox, QProgressDialog

from .. import APP_NAME
from ..models.account_list import AccountList
from ..models.clock import Clock
from ..models.session import ServiceError, Session
from ..tasks.background import BackgroundTask, fast_forward

MOST_HOURS = 24 * 365 * 5


class AccountFileActions:
    def __init__(self, window: QMainWindow, session: Session, clock: Clock, accounts: AccountList) -> None:
        self.window = window
        self.session = session
        self.clock = clock
        self.accounts = accounts
        self.task: BackgroundTask | None = None
        self.last_summary = ""

    def export_account(self) -> Path | None:
        path, _ = QFileDialog.getSaveFileName(
            self.window, "Export account", f"{self.session.name}.json", "Account files (*.json)"
        )
        if not path:
            return None
        document = self.accounts.export()
        Path(path).write_text(json.dumps(document, indent=2, ensure_ascii=False) + "\n", encoding="utf-8")
        self.window.statusBar().showMessage(f"Exported “{self.session.name}” to {path}", 8000)
        return Path(path)

    def import_account(self) -> str | None:
        path, _ = QFileDialog.getOpenFileName(self.window, "Import account", "", "Account files (*.json)")
        if not path:
            return None
        try:  # a regular file of bounded size only: a FIFO or /dev/zero must not hang the window
            document = self.accounts.read_file(path)
        except ServiceError as error:
            QMessageBox.warning(self.window, APP_NAME, str(error))
            return None
        name, ok = QInputDialog.getText(
            self.window, "Import account", "Name of the imported account:", text=Path(path).stem
        )
        if not ok:
            return None
        try:
            self.accounts.import_document(name, document)
        except ServiceError as error:
            QMessageBox.warning(self.window, APP_NAME, str(error))
            return None
        return name.strip()

    def fast_forward(self, hours: int | None = None) -> BackgroundTask | None:
        """Ask how many hours (a window-modal dialog), then run them with progress and Cancel.

        Menu actions pass ``checked`` (a bool) as the first argument: anything but a positive whole
        number of hours asks first, so the menu item never skips the dialog."""
        if isinstance(hours, bool) or not isinstance(hours, int) or hours < 1:
            self.ask_hours()
            return None
        return self.run_fast_forward(hours)

    def ask_hours(self) -> QInputDialog:
        dialog = QInputDialog(self.window)
        dialog.setObjectName("fastForwardHours")
        dialog.setWindowTitle("Fast-forward")
        dialog.setLabelText("Hours of simulated time:")
        dialog.setInputMode(QInputDialog.InputMode.IntInput)
        dialog.setIntRange(1, MOST_HOURS)
        dialog.setIntValue(24 * 7)
        dialog.intValueSelected.connect(self.run_fast_forward)
        dialog.finished.connect(lambda _result: dialog.deleteLater())
        dialog.open()
        return dialog

    def run_fast_forward(self, hours: int) -> BackgroundTask:
        progress = QProgressDialog(f"Simulating {hours:,} hours…", "Cancel", 0, hours, self.window)
        progress.setObjectName("fastForwardProgress")
        progress.setWindowTitle("Fast-forward")
        progress.setWindowModality(Qt.WindowModality.WindowModal)
        progress.setMinimumDuration(0)
        start = self.session.state.time
        task = fast_forward(self.session, self.clock, hours)
        task.progressed.connect(lambda done, _total: progress.setValue(done))
        progress.canceled.connect(task.cancel)

        def finished(liquidations, cancelled) -> None:
            progress.reset()
            progress.deleteLater()
            done = int((self.session.state.time - start).total_seconds() // 3600)
            self.last_summary = fast_forward_summary(hours, done, liquidations, cancelled, self.session.state.time)
            self.window.statusBar().showMessage(self.last_summary, 15000)

        def failed(error: str) -> None:
            progress.reset()
            progress.deleteLater()
            QMessageBox.warning(self.window, APP_NAME, error)

        task.finished.connect(finished)
        task.failed.connect(failed)
        self.task = task
        task.start()
        return task


def fast_forward_summary(asked: int, done: int, liquidations: int, cancelled: bool, now) -> str:
    """One line on what a fast-forward did: hours run (of those asked when cancelled), liquidations, the time."""
    ran = f"stopped after {done:,} of {asked:,} hours" if cancelled else f"{done:,} hours simulated"
    liquidated = (
        "no liquidation" if not liquidations else f"{liquidations} liquidation step{'s' if liquidations != 1 else ''}"
    )
    return f"Fast-forward {ran}; {liquidated}; the clock is at {now:%Y-%m-%d %H:%M} UTC."
