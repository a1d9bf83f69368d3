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


class AccountFileActions:
    def __init__(self, window: QMainWindow, session: Session, clock: Clock, accounts: AccountList) -> None:
        self.window = window
        self.session = session
        self.clock = clock
        self.accounts = accounts
        self.task: BackgroundTask | None = None

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
        try:
            text = Path(path).read_text(encoding="utf-8")
        except (OSError, UnicodeDecodeError) as error:
            QMessageBox.warning(self.window, APP_NAME, f"{path} cannot be read: {error}. Nothing was imported.")
            return None
        name, ok = QInputDialog.getText(
            self.window, "Import account", "Name of the imported account:", text=Path(path).stem
        )
        if not ok:
            return None
        try:
            self.accounts.import_account(name, text)
        except ServiceError as error:
            QMessageBox.warning(self.window, APP_NAME, str(error))
            return None
        return name.strip()

    def fast_forward(self, hours: int | None = None) -> BackgroundTask | None:
        if hours is None:
            hours, ok = QInputDialog.getInt(
                self.window, "Fast-forward", "Hours of simulated time:", 24 * 7, 1, 24 * 365 * 5
            )
            if not ok:
                return None
        progress = QProgressDialog(f"Simulating {hours:,} hours…", "Cancel", 0, hours, self.window)
        progress.setWindowTitle("Fast-forward")
        progress.setWindowModality(Qt.WindowModality.WindowModal)
        progress.setMinimumDuration(0)
        task = fast_forward(self.session, self.clock, hours)
        task.progressed.connect(lambda done, _total: progress.setValue(done))
        progress.canceled.connect(task.cancel)

        def finished(liquidations, cancelled) -> None:
            progress.reset()
            word = "Stopped" if cancelled else "Done"
            self.window.statusBar().showMessage(
                f"{word}: the clock is at {self.session.state.time:%Y-%m-%d %H:%M} UTC; "
                f"{liquidations} liquidation step{'s' if liquidations != 1 else ''}.",
                10000,
            )

        task.finished.connect(finished)
        task.failed.connect(lambda error: (progress.reset(), QMessageBox.warning(self.window, APP_NAME, error)))
        self.task = task
        task.start()
        return task
