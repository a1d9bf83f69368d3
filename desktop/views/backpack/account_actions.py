"""The window's Backpack work: File → Connect Backpack account…, the mirror panel, history."""

from __future__ import annotations

from PySide6.QtWidgets import QMainWindow

from ...models.account_list import AccountList
from ...models.backpack_mirror import DEFAULT_MIRROR_NAME, MirrorLink
from ...models.session import Session
from .connect_dialog import ConnectDialog
from .history_dialog import HistoryDialog
from .mirror_panel import MirrorPanel


class BackpackActions:
    def __init__(self, window: QMainWindow, session: Session, accounts: AccountList) -> None:
        self.window = window
        self.session = session
        self.link = MirrorLink(accounts, session, window)
        self.panel = MirrorPanel(session, self.link)
        self.panel.secretNeeded.connect(lambda name, key, url: self.connect(key, url or None, name))
        self.panel.historyRequested.connect(self.history)

    def connect(self, api_key: str = "", base_url: str | None = None, name: str = DEFAULT_MIRROR_NAME) -> ConnectDialog:
        dialog = ConnectDialog(self.link, self.window, api_key=api_key, base_url=base_url, name=name)
        dialog.connected.connect(self._connected)
        dialog.finished.connect(lambda _result: dialog.deleteLater())
        dialog.open()
        return dialog

    def _connected(self, name: str) -> None:
        reading = self.link.reading(name)
        line = reading.summary_line() if reading is not None else name
        self.window.statusBar().showMessage(f"Connected: {line}", 15000)

    def history(self, name: str) -> HistoryDialog:
        dialog = HistoryDialog(self.link, name, self.window)
        dialog.finished.connect(lambda _result: dialog.deleteLater())
        dialog.open()
        return dialog
