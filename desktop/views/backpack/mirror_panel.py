"""The mirror's place in the Account Overview: the "Mirror — read-only" badge, when it was read, Refresh
(and auto-refresh while it is open), Plan from this account, Import history, Forget key, and the
reconciliation (placed by the window under the account's own figures). Shown only while a mirror
account is open."""

from __future__ import annotations

from PySide6.QtCore import QTimer, Signal
from PySide6.QtWidgets import (
    QCheckBox,
    QFrame,
    QGridLayout,
    QInputDialog,
    QLabel,
    QProgressBar,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from ...models.backpack_mirror import MirrorLink, clock_sentence, problem_sentence
from ...models.change import Change
from ...models.session import MIRROR_WHY, ServiceError, Session
from ...tasks.backpack import AccountTask, read_mirror_task
from ...text.tips import tip
from ..partials.restyle import set_message
from .reconciliation_view import ReconciliationView

AUTO_REFRESH_MS = 60_000
BADGE = "Mirror — read-only"


def short_key(api_key: str) -> str:
    return f"{api_key[:4]}…{api_key[-4:]}" if len(api_key) > 12 else api_key


class MirrorPanel(QFrame):
    secretNeeded = Signal(str, str, str)  # name, API key, base URL: the window asks for the secret
    historyRequested = Signal(str)  # the mirror's name

    def __init__(self, session: Session, link: MirrorLink, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.session = session
        self.link = link
        self.task: AccountTask | None = None
        self.setObjectName("mirrorPanel")
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        self.badge = QLabel(BADGE)
        self.badge.setObjectName("mirrorBadge")
        self.badge.setAccessibleName("Mirror badge")
        self.badge.setToolTip(tip(MIRROR_WHY))
        layout.addWidget(self.badge)
        self.source = QLabel()
        self.source.setWordWrap(True)
        self.source.setAccessibleName("Mirror source")
        layout.addWidget(self.source)

        buttons = QGridLayout()
        self.refresh_button = QPushButton("Refresh")
        self.refresh_button.setToolTip("Read the account from Backpack again")
        self.plan_button = QPushButton("Plan from this account…")
        self.plan_button.setToolTip(
            tip("A simulated copy of this account, where every action, what-if and the clock work as usual.")
        )
        self.history_button = QPushButton("Import history…")
        self.history_button.setToolTip("Fills, interest, funding and settlements of the last 30 days")
        self.forget_button = QPushButton("Forget key")
        self.forget_button.setToolTip("Remove the secret from the keyring and from memory")
        buttons.addWidget(self.refresh_button, 0, 0)
        buttons.addWidget(self.forget_button, 0, 1)
        buttons.addWidget(self.plan_button, 1, 0, 1, 2)
        buttons.addWidget(self.history_button, 2, 0, 1, 2)
        layout.addLayout(buttons)
        self.auto_refresh = QCheckBox("Refresh every minute")
        self.auto_refresh.setChecked(True)
        layout.addWidget(self.auto_refresh)
        self.progress = QProgressBar()
        self.progress.setAccessibleName("Refresh progress")
        self.progress.hide()
        self.cancel_button = QPushButton("Cancel")
        self.cancel_button.hide()
        layout.addWidget(self.progress)
        layout.addWidget(self.cancel_button)
        self.message = QLabel()
        self.message.setObjectName("refusal")
        self.message.setWordWrap(True)
        self.message.setAccessibleName("Mirror message")
        self.message.hide()
        layout.addWidget(self.message)
        self.reconciliation = ReconciliationView()  # the window places it under the account's own figures

        self.timer = QTimer(self)
        self.timer.setInterval(AUTO_REFRESH_MS)
        self.timer.timeout.connect(self._auto)
        self.refresh_button.clicked.connect(self.refresh)
        self.cancel_button.clicked.connect(self.cancel)
        self.plan_button.clicked.connect(self.ask_plan_name)
        self.forget_button.clicked.connect(self.forget_key)
        self.history_button.clicked.connect(lambda: self.historyRequested.emit(self.session.name))
        self.auto_refresh.toggled.connect(lambda _on: self._follow())
        session.changed.connect(self._on_change)
        link.readingChanged.connect(lambda name: self.show_mirror() if name == session.name else None)
        self._follow()

    # -- what is shown -----------------------------------------------------------------------------
    def _on_change(self, change: Change) -> None:
        if change.opened or change.account != getattr(self, "_shown", None):
            self._follow()

    def _follow(self) -> None:
        mirror = self.session.mirror
        self.setVisible(mirror)
        self.reconciliation.setVisible(mirror)
        if mirror and self.auto_refresh.isChecked():
            self.timer.start()
        else:
            self.timer.stop()
        if mirror:
            self.show_mirror()

    def show_mirror(self) -> None:
        name = self.session.name
        self._shown = name
        reading = self.link.reading(name)
        api_key = self.link.api_key_of(name) or ""
        if reading is None:
            self.source.setToolTip("")
            self.source.setText(
                f"Backpack account (API key {short_key(api_key)}), as stored. Refresh to read it again."
            )
        else:
            line = f"Backpack account (API key {short_key(api_key)}), read {reading.document['time']}."
            if reading.data.clock_offset_ms:
                line += f" {clock_sentence(reading.data.clock_offset_ms)}"
            left_out = reading.mapped.left_out
            if left_out:
                count = len(left_out)
                line += f" {count} item{'s' if count != 1 else ''} left out of the desk's copy (hover for why)."
            self.source.setText(line)
            self.source.setToolTip(tip("\n".join(f"{what}: {why}" for what, why in left_out.items())))
        self.plan_button.setEnabled(reading is not None)
        self.plan_button.setToolTip(
            tip("A simulated copy of this account, where every action, what-if and the clock work as usual.")
            if reading is not None
            else "Refresh first: a plan copies the account as last read"
        )
        self.reconciliation.show_reading(reading)

    # -- refresh -----------------------------------------------------------------------------------
    def _auto(self) -> None:
        name = self.session.name
        key = self.link.api_key_of(name)
        if self.task is None and key and self.link.secret_for(key) is not None:
            self.refresh()

    def refresh(self) -> AccountTask | None:
        if self.task is not None or not self.session.mirror:
            return self.task
        name = self.session.name
        api_key = self.link.api_key_of(name)
        if api_key is None:
            return None
        base_url = self.link.base_url_of(name)
        secret = self.link.secret_for(api_key)
        if secret is None:  # not kept (no keyring, or forgotten): ask for it
            self.secretNeeded.emit(name, api_key, base_url or "")
            return None
        try:
            task = read_mirror_task(api_key, secret, base_url, parent=self)
        except ValueError as problem:  # BadCredentials, BadBaseUrl
            set_message(self.message, problem_sentence(problem))
            return None
        del secret
        self.task = task
        self._busy(True)
        task.stepped.connect(self._stepped)
        task.finished.connect(lambda reading: self._done(name, api_key, reading))
        task.failed.connect(self._failed)
        task.cancelledDone.connect(lambda: self._failed("Refresh cancelled: the mirror is as it was."))
        task.start()
        return task

    def cancel(self) -> None:
        if self.task is not None:
            self.task.cancel()

    def _busy(self, busy: bool) -> None:
        self.refresh_button.setEnabled(not busy)
        self.progress.setVisible(busy)
        self.cancel_button.setVisible(busy)
        if busy:
            self.progress.setRange(0, 0)

    def _stepped(self, what: str, done: int, total: int) -> None:
        self.progress.setRange(0, max(1, total))
        self.progress.setValue(done)
        self.progress.setFormat(f"{what} %p%")

    def _done(self, name: str, api_key: str, reading) -> None:
        self.task = None
        self._busy(False)
        try:
            self.link.store(name, api_key, reading)
        except ServiceError as error:
            set_message(self.message, str(error))
            return
        set_message(self.message, f"Refreshed: {reading.summary_line()}.", "done")

    def _failed(self, sentence: str) -> None:
        self.task = None
        self._busy(False)
        set_message(self.message, sentence)

    # -- plan, forget ------------------------------------------------------------------------------
    def ask_plan_name(self) -> QInputDialog:
        dialog = QInputDialog(self)
        dialog.setObjectName("planName")
        dialog.setWindowTitle("Plan from this account")
        dialog.setLabelText("Name of the simulated copy:")
        dialog.setTextValue(f"Plan from {self.session.name}")
        dialog.textValueSelected.connect(self.plan)
        dialog.finished.connect(lambda _result: dialog.deleteLater())
        dialog.open()
        return dialog

    def plan(self, name: str) -> bool:
        mirror = self.session.name
        try:
            self.link.plan(mirror, name)
        except (ServiceError, KeyError) as error:
            set_message(self.message, str(error) if isinstance(error, ServiceError) else "Refresh first.")
            return False
        note = f"“{name.strip()}” is a simulated copy of {mirror}: actions, what-ifs and the clock work as usual."
        self.window().statusBar().showMessage(note, 20000)
        self.last_plan_note = note
        return True

    def forget_key(self) -> str:
        key = self.link.api_key_of(self.session.name)
        text = self.link.forget_key(key) if key else "No key is linked to this account."
        set_message(self.message, text, "done")
        return text
