"""File → Connect Backpack account…: the API key and its secret, a connection check in the background, the mirror.

The secret is typed (a password field) or read from a file that only its owner can read. It is kept
in the OS keyring when the box is ticked and a keyring exists, otherwise in memory for this session
only, and the dialog says which. A failure reads as one sentence: a refused signature, a clock too far
off, no connection.
"""

from __future__ import annotations

import os
import stat
from pathlib import Path

from PySide6.QtCore import Signal
from PySide6.QtWidgets import (
    QCheckBox,
    QDialog,
    QFileDialog,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QProgressBar,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from ...models.backpack_mirror import DEFAULT_MIRROR_NAME, MirrorLink, problem_sentence
from ...models.session import ServiceError
from ...tasks.backpack import AccountTask, read_mirror_task
from ..partials.restyle import set_message

DEFAULT_SERVER = "https://api.backpack.exchange"
READ_ONLY_NOTE = (
    "Use a read-only API key (Backpack → Settings → API Keys → Read Only). Margin Desk only reads: it never "
    "places an order or moves funds."
)


class SecretFileRefused(ValueError):
    """A secret file we will not read; the message names the file, never its content."""


def read_secret_file(path: str) -> str:
    """The secret in ``path``, which must be a regular file its owner alone can read."""
    try:
        status = os.stat(path)
    except OSError as error:
        raise SecretFileRefused(f"{path} cannot be read ({error.strerror or 'error'})") from None
    if not stat.S_ISREG(status.st_mode):
        raise SecretFileRefused(f"{path} is not a regular file")
    if os.name == "posix" and status.st_mode & 0o077:
        raise SecretFileRefused(
            f"{path} can be read by other users (mode {stat.S_IMODE(status.st_mode):04o}): run chmod 600 on it first"
        )
    try:
        secret = Path(path).read_text(encoding="utf-8").strip()
    except (OSError, UnicodeDecodeError):
        raise SecretFileRefused(f"{path} cannot be read as text") from None
    if not secret:
        raise SecretFileRefused(f"{path} is empty")
    return secret


class ConnectDialog(QDialog):
    connected = Signal(str)  # the mirror account's name
    message_shown = Signal(str)  # a problem, in one sentence (or Cancelled)

    def __init__(
        self,
        link: MirrorLink,
        parent: QWidget | None = None,
        *,
        api_key: str = "",
        base_url: str | None = None,
        name: str = DEFAULT_MIRROR_NAME,
    ) -> None:
        super().__init__(parent)
        self.link = link
        self.task: AccountTask | None = None
        self.where_kept = ""  # where the secret went, once connected
        self.setObjectName("connectBackpack")
        self.setWindowTitle("Connect Backpack account")
        layout = QVBoxLayout(self)
        note = QLabel(READ_ONLY_NOTE)
        note.setWordWrap(True)
        layout.addWidget(note)

        form = QFormLayout()
        self.api_key = QLineEdit(api_key)
        self.api_key.setAccessibleName("API key")
        self.api_key.setPlaceholderText("the public key, base64 (44 characters)")
        form.addRow("API key", self.api_key)
        self.secret = QLineEdit()
        self.secret.setEchoMode(QLineEdit.EchoMode.Password)
        self.secret.setAccessibleName("API secret")
        self.secret.setPlaceholderText("paste the secret, or read it from a file")
        self.from_file = QPushButton("From file…")
        self.from_file.setAccessibleName("Read the secret from a file")
        secret_row = QHBoxLayout()
        secret_row.addWidget(self.secret, 1)
        secret_row.addWidget(self.from_file)
        form.addRow("Secret", secret_row)
        self.server = QLineEdit(base_url or DEFAULT_SERVER)
        self.server.setAccessibleName("Server")
        form.addRow("Server", self.server)
        self.name = QLineEdit(name)
        self.name.setAccessibleName("Mirror account name")
        form.addRow("Account name", self.name)
        layout.addLayout(form)

        status = link.keyring_status()
        self.remember = QCheckBox(f"Keep the secret in the keyring ({status.backend})")
        self.remember.setAccessibleName("Keep the secret in the keyring")
        self.keyring_note = QLabel()
        self.keyring_note.setWordWrap(True)
        self.keyring_note.setObjectName("marginHelp")
        if status.available:
            self.remember.setChecked(True)
            self.keyring_note.hide()
        else:
            self.remember.setChecked(False)
            self.remember.setEnabled(False)
            self.keyring_note.setText(
                "No keyring is available on this system: the secret is kept in memory for this session only, "
                "never written, and asked for again next time."
            )
        layout.addWidget(self.remember)
        layout.addWidget(self.keyring_note)

        self.progress = QProgressBar()
        self.progress.setAccessibleName("Connection progress")
        self.progress.setTextVisible(True)
        self.progress.hide()
        layout.addWidget(self.progress)
        self.message = QLabel()
        self.message.setObjectName("refusal")
        self.message.setWordWrap(True)
        self.message.setAccessibleName("Connection problem")
        self.message.hide()
        layout.addWidget(self.message)

        buttons = QHBoxLayout()
        buttons.addStretch(1)
        self.connect_button = QPushButton("Connect")
        self.connect_button.setDefault(True)
        self.cancel_button = QPushButton("Cancel")
        buttons.addWidget(self.connect_button)
        buttons.addWidget(self.cancel_button)
        layout.addLayout(buttons)
        self.setMinimumWidth(460)

        self.from_file.clicked.connect(self.choose_secret_file)
        self.connect_button.clicked.connect(self.start)
        self.cancel_button.clicked.connect(self.cancel)
        if api_key:
            self.secret.setFocus()

    def _say(self, text: str) -> None:
        set_message(self.message, text)
        if text:
            self.message_shown.emit(text)

    # -- the secret ------------------------------------------------------------------------------
    def choose_secret_file(self) -> None:
        path, _ = QFileDialog.getOpenFileName(self, "The API secret", "", "All files (*)")
        if path:
            self.use_secret_file(path)

    def use_secret_file(self, path: str) -> bool:
        try:
            self.secret.setText(read_secret_file(path))
        except SecretFileRefused as problem:
            self._say(f"The secret file is refused: {problem}.")
            return False
        self._say("")
        return True

    # -- connecting ------------------------------------------------------------------------------
    def start(self) -> AccountTask | None:
        if self.task is not None:
            return self.task
        api_key, secret = self.api_key.text().strip(), self.secret.text().strip()
        if not api_key or not secret:
            self._say("Enter the API key and its secret.")
            return None
        if not self.name.text().strip():
            self._say("Give the mirror account a name.")
            return None
        try:
            task = read_mirror_task(api_key, secret, self.server.text().strip() or None, parent=self)
        except ValueError as problem:  # the key pair does not belong together, or a bad server address
            self._say(problem_sentence(problem))
            return None
        self._say("")
        self.task = task
        self._busy(True)
        task.stepped.connect(self._stepped)
        task.finished.connect(lambda reading: self._done(api_key, reading))
        task.failed.connect(self._failed)
        task.cancelledDone.connect(self._cancelled)
        task.start()
        return task

    def _busy(self, busy: bool) -> None:
        for widget in (self.api_key, self.secret, self.from_file, self.server, self.name, self.connect_button):
            widget.setEnabled(not busy)
        self.remember.setEnabled(not busy and self.link.keyring_status().available)
        self.progress.setVisible(busy)
        if busy:
            self.progress.setRange(0, 0)
            self.progress.setFormat("Checking the key…")

    def _stepped(self, what: str, done: int, total: int) -> None:
        self.progress.setRange(0, max(total, 1))
        self.progress.setValue(done)
        self.progress.setFormat(f"Reading {what}… %p%")

    def _done(self, api_key: str, reading) -> None:
        self.task = None
        self._busy(False)
        where = self.link.keep_secret(api_key, self.secret.text(), self.remember.isChecked())
        self.secret.clear()
        name = self.name.text().strip()
        try:
            self.link.store(name, api_key, reading)
        except ServiceError as error:
            self._say(str(error))
            return
        self.where_kept = where
        self.connected.emit(name)
        self.accept()

    def _failed(self, sentence: str) -> None:
        self.task = None
        self._busy(False)
        self._say(sentence)

    def _cancelled(self) -> None:
        self.task = None
        self._busy(False)
        self._say("Cancelled: nothing was read or stored.")

    def cancel(self) -> None:
        if self.task is not None:
            self.progress.setFormat("Cancelling…")
            self.task.cancel()
        else:
            self.reject()

    def reject(self) -> None:
        if self.task is not None:  # Escape while reading: cancel first, close once the worker stops
            self.task.cancel()
            self.task.cancelledDone.connect(lambda: QDialog.reject(self))
            return
        self.secret.clear()
        super().reject()

    def closeEvent(self, event) -> None:
        if self.task is not None:
            self.task.cancel()
        self.secret.clear()
        super().closeEvent(event)
