"""File → New, Rename and Delete account: ask, then do it through the account list (a refusal in a message box)."""

from __future__ import annotations

from PySide6.QtWidgets import QInputDialog, QMainWindow, QMessageBox

from .. import APP_NAME
from ..models.account_list import AccountList
from ..models.session import ServiceError, Session


class AccountCommands:
    def __init__(self, window: QMainWindow, session: Session, accounts: AccountList) -> None:
        self.window = window
        self.session = session
        self.accounts = accounts

    def _ask_name(self, title: str, label: str, text: str = "") -> str | None:
        name, ok = QInputDialog.getText(self.window, title, label, text=text)
        return name if ok else None

    def new_account(self) -> None:
        name = self._ask_name("New account", "Name of the new account (bundled example parameters):")
        if name is not None:
            self._try(lambda: self.accounts.create(name))

    def rename_account(self) -> None:
        name = self._ask_name("Rename account", "New name:", self.session.name)
        if name is not None:
            self._try(lambda: self.accounts.rename(name))

    def delete_account(self) -> None:
        answer = QMessageBox.question(
            self.window,
            "Delete account",
            f"Delete “{self.session.name}” and its whole history? This cannot be undone.",
        )
        if answer == QMessageBox.StandardButton.Yes:
            self._try(self.accounts.delete)

    def _try(self, work) -> None:
        try:
            work()
        except ServiceError as error:
            QMessageBox.warning(self.window, APP_NAME, str(error))
