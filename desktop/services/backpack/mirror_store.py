"""The mirror account in the store: a real Backpack account as read, read-only, replaced whole at each Refresh.

An account's origin (schema 4's ``account.origin``, ``AccountOrigin``) is "simulated" (made here),
"imported" (from an ACCOUNT.json) or "backpack" (a mirror). The mirrored API key (a public key) and
the server ride on the account's AccountImported event, whose details replay ignores.

The secret never comes here: only the API key, the reading and the account name.
"""

from __future__ import annotations

import json
from typing import TYPE_CHECKING, Any

from ...engine.numbers import load_json
from ...engine.vocabulary import AccountOrigin, EventType
from ...store import accounts_table, history, snapshot_rows
from ..accounts import AccountService
from ..writes import ServiceError, writing

if TYPE_CHECKING:  # mirror imports httpx: the session reads origins without it
    from .mirror import MirrorReading

SIMULATED, IMPORTED, BACKPACK = AccountOrigin.SIMULATED, AccountOrigin.IMPORTED, AccountOrigin.BACKPACK
MIRROR_SOURCE = "a Backpack account (a read-only mirror)"


def _import_details(accounts: AccountService, name: str) -> dict[str, Any] | None:
    row = accounts_table.find_account(name)
    if row is None:
        return None
    # An import records one AccountImported for the balances and one per perp position: the first holds the link.
    found = history.newest_events(row.id, (EventType.ACCOUNT_IMPORTED,))
    return dict(found[-1].details) if found else None


def account_origin(accounts: AccountService, name: str) -> str:
    """ "simulated", "imported" or "backpack" for the account ``name``."""
    row = accounts_table.find_account(name)
    return SIMULATED if row is None else row.origin


def mirrored_key(accounts: AccountService, name: str) -> str | None:
    """The API key a mirror account reads with, or None when ``name`` is no mirror."""
    if account_origin(accounts, name) != BACKPACK:
        return None
    details = _import_details(accounts, name) or {}
    key = details.get("apiKey")
    return key if isinstance(key, str) else None


def mirror_base_url(accounts: AccountService, name: str) -> str | None:
    details = _import_details(accounts, name) or {}
    url = details.get("baseUrl")
    return url if isinstance(url, str) else None


def stored_document(reading: MirrorReading) -> dict[str, Any]:
    """The reading's ACCOUNT.json as the store keeps it: balances, settings, marks, orders and positions."""
    document = {key: value for key, value in reading.document.items() if key != "backpack"}
    return load_json(json.dumps(document))


def save_mirror(accounts: AccountService, name: str, reading: MirrorReading, api_key: str) -> None:
    """Create the mirror ``name`` (or replace it, if it mirrors the same key) from ``reading``, in one
    transaction. Refuses to replace any other account (ServiceError), and then writes nothing."""
    name = name.strip()
    existing = accounts_table.find_account(name)
    if existing is not None and mirrored_key(accounts, name) != api_key:
        raise ServiceError(f"An account named “{name}” already exists and is not this Backpack mirror.")
    document = stored_document(reading)
    from ..account_files import import_account

    with writing(accounts.store):
        old_snapshot = None
        if existing is not None:
            old_snapshot = existing.snapshot_id
            accounts.delete(name)
        import_account(
            accounts,
            name,
            document,
            snapshot_text=json.dumps(reading.snapshot, indent=2, ensure_ascii=False),
            source=f"Backpack public API at {reading.document['time']} (mirror of a Backpack account)",
            origin=BACKPACK,
            source_name=MIRROR_SOURCE,
            details={"apiKey": api_key, "baseUrl": reading.base_url},
        )
        if old_snapshot is not None:
            snapshot_rows.drop_unused_snapshot(old_snapshot)
    accounts.forget(name)
    if old_snapshot is not None:
        accounts._parameters.pop(old_snapshot, None)  # its id may be given to a later snapshot
