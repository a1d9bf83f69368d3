"""Backpack mirror accounts in the window: the keys, the latest readings, storing and planning.

The secret of each API key is kept in the OS keyring when the trader asks and a keyring exists;
otherwise only in this object's memory until the app closes (said so in the dialog). It is never
written to the store, QSettings, a log or a message. ``readings`` holds the last MirrorReading of
each mirror account (Backpack's figures, the engine's, the differences) for the Account Overview.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import QObject, Signal

from ..services.backpack import secrets
from ..services.backpack.mirror_store import mirror_base_url, mirrored_key, save_mirror
from .account_list import AccountList
from .session import Session

if TYPE_CHECKING:
    from ..services.backpack.mirror import MirrorReading

DEFAULT_MIRROR_NAME = "Backpack (mirror)"


class MirrorLink(QObject):
    readingChanged = Signal(str)  # the mirror account whose reading changed

    def __init__(self, accounts: AccountList, session: Session, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._accounts = accounts
        self._session = session
        self._secrets: dict[str, str] = {}  # API key → secret, for this session only
        self.readings: dict[str, MirrorReading] = {}

    # -- the secret ------------------------------------------------------------------------------
    def keyring_status(self) -> secrets.KeyringStatus:
        return secrets.keyring_status()

    def keep_secret(self, api_key: str, secret: str, remember: bool) -> str:
        """Keep the secret for this session, and in the keyring if asked and possible; where it is kept."""
        api_key = api_key.strip()
        self._secrets[api_key] = secret.strip()
        if not remember:
            return "The secret is kept in memory for this session only and never written."
        try:
            secrets.save_secret(api_key, secret)
        except secrets.NoKeyring:
            return "No keyring on this system: the secret is kept in memory for this session only and never written."
        except secrets.SecretStoreError as error:
            return f"{error}; the secret is kept in memory for this session only."
        return f"The secret is kept in the keyring ({self.keyring_status().backend})."

    def secret_for(self, api_key: str) -> str | None:
        if api_key in self._secrets:
            return self._secrets[api_key]
        try:
            return secrets.load_secret(api_key)
        except secrets.SecretStoreError:
            return None

    def forget_key(self, api_key: str) -> str:
        """*Forget key*: out of memory and out of the keyring."""
        had = self._secrets.pop(api_key, None) is not None
        try:
            kept = secrets.forget_secret(api_key)
        except secrets.SecretStoreError as error:
            return f"{error}. It is no longer held in memory."
        if kept:
            return "The secret was removed from the keyring and from memory; Refresh will ask for it again."
        if had:
            return "The secret was forgotten (it was held in memory only); Refresh will ask for it again."
        return "No secret was kept for this key."

    # -- mirrors ---------------------------------------------------------------------------------
    def api_key_of(self, name: str) -> str | None:
        return mirrored_key(self._accounts.service, name)

    def base_url_of(self, name: str) -> str | None:
        return mirror_base_url(self._accounts.service, name)

    def reading(self, name: str) -> MirrorReading | None:
        return self.readings.get(name)

    def store(self, name: str, api_key: str, reading: MirrorReading) -> None:
        """Create or replace the mirror ``name`` from ``reading`` and show it (ServiceError if refused)."""
        save_mirror(self._accounts.service, name, reading, api_key)
        name = name.strip()
        self.readings[name] = reading
        if self._session.name == name:
            self._session.reload()
            self._accounts.changed.emit()
        else:
            self._accounts.opened(name)
        self.readingChanged.emit(name)

    def plan(self, mirror: str, name: str) -> None:
        """Plan from this account: a simulated copy ``name`` of the mirror as last read (perps included),
        opened at once; ServiceError for a bad or taken name."""
        from ..services.backpack.mirror import plan_copy

        plan_copy(self._accounts.service, name, self.readings[mirror])
        self._accounts.opened(name.strip())


def problem_sentence(error: BaseException) -> str:
    """What went wrong, in one sentence (the services' wording; loaded only when needed: it imports httpx)."""
    from ..services.backpack.mirror import problem_sentence as sentence

    return sentence(error)


def clock_sentence(offset_ms: int) -> str:
    """ "The clock is 7 s off Backpack's: timestamps corrected for this session."."""
    from ..services.backpack.mirror import clock_note

    note = clock_note(offset_ms)
    return f"{note[:1].upper()}{note[1:]}."
