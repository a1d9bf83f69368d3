"""One window per data directory. The running app listens on a local socket named after its data
directory; a second ``margin-desk`` on the same directory connects, asks it to come to the front,
and exits. Without a running window (or if it does not answer) the second one goes on, and the
store's lock still refuses it with a clear message if the directory is busy."""

from __future__ import annotations

import getpass
import hashlib
import logging
from pathlib import Path

from PySide6.QtCore import QObject, Signal
from PySide6.QtGui import QGuiApplication
from PySide6.QtNetwork import QLocalServer, QLocalSocket

log = logging.getLogger(__name__)
REQUEST, ANSWER = b"raise\n", b"raised\n"
WAIT_MS = 2000


def server_name(data_dir: Path) -> str:
    """A socket name for this user and directory (short: Unix socket paths are limited)."""
    try:
        user = getpass.getuser()
    except (KeyError, OSError):
        user = ""
    key = f"{user}\0{Path(data_dir).expanduser().resolve()}".encode()
    return f"margin-desk-{hashlib.sha256(key).hexdigest()[:20]}"


def ask_running_instance(name: str, wait_ms: int = WAIT_MS) -> bool:
    """True when a running window answered that it came to the front."""
    socket = QLocalSocket()
    socket.connectToServer(name)
    if not socket.waitForConnected(wait_ms):
        return False
    socket.write(REQUEST)
    socket.flush()
    answered = False
    while socket.waitForReadyRead(wait_ms):
        if ANSWER.strip() in bytes(socket.readAll().data()):
            answered = True
            break
    socket.abort()
    return answered


class InstanceServer(QObject):
    """Listens for a second instance; ``raiseRequested`` asks the window to come to the front."""

    raiseRequested = Signal()

    def __init__(self, name: str, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.name = name
        self.server = QLocalServer(self)
        self.server.setSocketOptions(QLocalServer.SocketOption.UserAccessOption)
        if not self.server.listen(name):
            # A socket left by a crashed run: this process holds the data directory's lock, so no
            # other window owns the name.
            QLocalServer.removeServer(name)
            if not self.server.listen(name):
                log.warning("a second instance cannot find this window: %s", self.server.errorString())
        self.server.newConnection.connect(self._accept)

    @property
    def listening(self) -> bool:
        return self.server.isListening()

    def _accept(self) -> None:
        while self.server.hasPendingConnections():
            socket = self.server.nextPendingConnection()
            socket.readyRead.connect(lambda s=socket: self._read(s))
            socket.disconnected.connect(socket.deleteLater)

    def _read(self, socket: QLocalSocket) -> None:
        if REQUEST.strip() in bytes(socket.readAll().data()):
            self.raiseRequested.emit()
            socket.write(ANSWER)
            socket.flush()

    def close(self) -> None:
        self.server.close()


def bring_to_front(window) -> None:
    """Show ``window`` un-minimised, on top, with the focus (as far as the window manager allows)."""
    if window.isMinimized():
        window.showNormal()
    window.show()
    if QGuiApplication.platformName() != "offscreen":  # no stacking order there (Qt warns)
        window.raise_()
        window.activateWindow()
