"""Import history: the mirror's fills (liquidation fills included), interest, funding and settlements of the
last 30 days from Backpack, paged, with progress and Cancel, listed oldest first.

The rows are shown (and can be copied), not written into the mirror's ledger: Backpack's history does
not carry the balance changes a replayable ledger event needs.
"""

from __future__ import annotations

from PySide6.QtCore import Signal
from PySide6.QtWidgets import (
    QDialog,
    QHBoxLayout,
    QLabel,
    QProgressBar,
    QPushButton,
    QSpinBox,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from ...models.backpack_mirror import MirrorLink
from ...tasks.backpack import AccountTask, history_task
from ..partials.restyle import set_message

KIND_NAMES = {"fills": "Fill", "interest": "Interest", "funding": "Funding", "settlements": "Settlement"}


class HistoryDialog(QDialog):
    imported = Signal(int)  # rows shown

    def __init__(self, link: MirrorLink, name: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.link = link
        self.mirror = name
        self.task: AccountTask | None = None
        self.result = None
        self.setObjectName("backpackHistory")
        self.setWindowTitle(f"History of {name} from Backpack")
        layout = QVBoxLayout(self)
        row = QHBoxLayout()
        row.addWidget(QLabel("Days back"))
        self.days = QSpinBox()
        self.days.setRange(1, 30)
        self.days.setValue(30)
        self.days.setAccessibleName("Days back")
        row.addWidget(self.days)
        row.addStretch(1)
        self.import_button = QPushButton("Import")
        self.cancel_button = QPushButton("Cancel")
        self.cancel_button.setEnabled(False)
        self.close_button = QPushButton("Close")
        for button in (self.import_button, self.cancel_button, self.close_button):
            row.addWidget(button)
        layout.addLayout(row)
        self.progress = QProgressBar()
        self.progress.setAccessibleName("History progress")
        self.progress.hide()
        layout.addWidget(self.progress)
        self.message = QLabel()
        self.message.setObjectName("refusal")
        self.message.setWordWrap(True)
        self.message.hide()
        layout.addWidget(self.message)
        self.table = QTableWidget(0, 5)
        self.table.setAccessibleName("Backpack history")
        self.table.setHorizontalHeaderLabels(["Time (UTC)", "Kind", "Symbol", "Quantity", "Note"])
        self.table.horizontalHeader().setStretchLastSection(True)
        layout.addWidget(self.table, 1)
        self.resize(720, 420)
        self.import_button.clicked.connect(self.start)
        self.cancel_button.clicked.connect(self.cancel)
        self.close_button.clicked.connect(self.reject)

    def start(self) -> AccountTask | None:
        if self.task is not None:
            return self.task
        key = self.link.api_key_of(self.mirror)
        secret = self.link.secret_for(key) if key else None
        if key is None or secret is None:
            set_message(self.message, "The secret is not known in this session: Refresh the mirror first.")
            return None
        task = history_task(key, secret, self.link.base_url_of(self.mirror), self.days.value(), parent=self)
        del secret
        self.task = task
        self._busy(True)
        task.stepped.connect(self._stepped)
        task.finished.connect(self._done)
        task.failed.connect(self._failed)
        task.cancelledDone.connect(lambda: self._failed("Cancelled: nothing was imported."))
        task.start()
        return task

    def cancel(self) -> None:
        if self.task is not None:
            self.task.cancel()

    def _busy(self, busy: bool) -> None:
        self.import_button.setEnabled(not busy)
        self.cancel_button.setEnabled(busy)
        self.progress.setVisible(busy)
        if busy:
            self.progress.setRange(0, 0)

    def _stepped(self, what: str, done: int, total: int) -> None:
        self.progress.setRange(0, max(1, total))
        self.progress.setValue(done)
        self.progress.setFormat(what)

    def _failed(self, sentence: str) -> None:
        self.task = None
        self._busy(False)
        set_message(self.message, sentence)

    def _done(self, result) -> None:
        self.task = None
        self._busy(False)
        self.result = result
        items = sorted((item for found in result.items.values() for item in found), key=lambda item: item.time)
        self.table.setRowCount(len(items))
        for row, item in enumerate(items):
            note = "liquidation fill" if item.liquidation else str(item.raw.get("source") or item.raw.get("side") or "")
            cells = (
                item.time.strftime("%Y-%m-%d %H:%M:%S"),
                KIND_NAMES.get(item.kind, item.kind),
                item.symbol or "",
                "" if item.quantity is None else format(item.quantity, "f"),
                note,
            )
            for column, text in enumerate(cells):
                self.table.setItem(row, column, QTableWidgetItem(text))
        counts = ", ".join(f"{len(found)} {name}" for name, found in result.items.items())
        liquidations = sum(1 for item in items if item.liquidation)
        set_message(
            self.message,
            f"{result.count()} rows from {result.since:%Y-%m-%d} to {result.until:%Y-%m-%d %H:%M} UTC in "
            f"{result.pages} pages: {counts}; {liquidations} liquidation fills.",
            "done",
        )
        self.imported.emit(len(items))

    def reject(self) -> None:
        if self.task is not None:
            self.task.cancel()
            self.task.cancelledDone.connect(lambda: QDialog.reject(self))
            self.task.finished.connect(lambda *_: QDialog.reject(self))
            return
        super().reject()
