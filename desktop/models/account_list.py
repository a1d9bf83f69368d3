"""The accounts of the store: their names, and creating, renaming, deleting, importing and exporting
them. What is created or imported opens in the session at once."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import QObject, Signal

from ..engine.numbers import load_json
from ..services.account_files import export_account, import_account, read_account_file
from ..services.accounts import AccountService, ServiceError
from ..services.live_parameters import LIVE_SOURCE, keep_snapshot, move_account
from .session import Session


class AccountList(QObject):
    changed = Signal()  # an account was created, renamed or deleted

    def __init__(self, service: AccountService, session: Session, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._service = service
        self._session = session

    @property
    def service(self) -> AccountService:
        return self._service

    def opened(self, name: str) -> None:
        """An account made elsewhere (a Backpack mirror, a plan): list it and open it."""
        self.changed.emit()
        self._session.switch(name)

    def names(self) -> list[str]:
        return self._service.names()

    def create(self, name: str) -> None:
        """A new account on the bundled example parameters, opened at once."""
        self._service.create(name)
        self.changed.emit()
        self._session.switch(name.strip())

    def rename(self, new_name: str) -> None:
        """Rename the open account."""
        self._service.rename(self._session.name, new_name)
        self._session.follow_rename(new_name.strip())
        self.changed.emit()

    def delete(self) -> None:
        """Delete the open account; the first remaining one opens (a new Demo if none remains)."""
        self._service.delete(self._session.name)
        self._service.ensure_demo_account()
        self.changed.emit()
        self._session.switch(self._service.names()[0])

    def export(self) -> dict[str, Any]:
        """The open account as ACCOUNT.json."""
        return export_account(self._service, self._session.name)

    def import_account(self, name: str, text: str) -> None:
        """Create ``name`` from ACCOUNT.json text and open it; ServiceError names what is wrong."""
        try:
            document = load_json(text)
        except ValueError as error:
            raise ServiceError(f"The file is not readable JSON ({error}). Nothing was imported.") from None
        self.import_document(name, document)

    def read_file(self, path: str) -> Any:
        """The ACCOUNT.json at ``path``, parsed; ServiceError (a FIFO, a device, a huge or broken file)."""
        return read_account_file(path)

    def import_document(self, name: str, document: Any) -> None:
        """Create ``name`` from a parsed ACCOUNT.json and open it; ServiceError names what is wrong."""
        import_account(self._service, name, document)
        self.changed.emit()
        self._session.switch(name.strip())

    # -- Backpack's live parameters (issue 15) -----------------------------------------------------
    def keep_snapshot(self, text: str) -> None:
        """Store a fetched snapshot (each one is kept, once per content)."""
        keep_snapshot(self._service, text)

    def create_on_snapshot(self, name: str, text: str) -> None:
        """A new, empty account on a fetched snapshot, opened at once."""
        self._service.create(name, snapshot_text=text, source=LIVE_SOURCE)
        self.changed.emit()
        self._session.switch(name.strip())

    def move_open_account(self, text: str) -> str:
        """Move the open account onto a fetched snapshot (ServiceError, changing nothing, when refused);
        every view starts again on it. Returns the sentence History shows for the move."""
        event = move_account(self._service, self._session.name, text)
        self._session.switch(self._session.name)
        return event.reason or ""
