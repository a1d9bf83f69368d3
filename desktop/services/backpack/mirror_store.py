"""The mirror account in the store: a real Backpack account as read, read-only, replaced whole at each Refresh.

An account's origin is "simulated" (made here), "imported" (from an ACCOUNT.json) or "backpack" (a
mirror). Schema 4 gives ``account`` an ``origin`` column; before it, the origin and the mirrored API
key (a public key) ride on the account's AccountImported event, whose details replay ignores.
``account_origin`` reads whichever is there, so callers never know which.

The secret never comes here: only the API key, the reading and the account name.
"""

from __future__ import annotations

import json
from typing import TYPE_CHECKING, Any

from ...engine.vocabulary import EventType
from ...store import accounts_table, history, origin_rows
from ..accounts import AccountService
from ..writes import ServiceError, writing

if TYPE_CHECKING:  # mirror imports httpx: the session reads origins without it
    from .mirror import MirrorReading

SIMULATED, IMPORTED, BACKPACK = "simulated", "imported", "backpack"
MIRROR_REASON = "read from Backpack (a read-only mirror of the account)"


def _import_details(accounts: AccountService, name: str) -> dict[str, Any] | None:
    row = accounts_table.find_account(name)
    if row is None:
        return None
    found = history.newest_events(row.id, (EventType.ACCOUNT_IMPORTED,), 1)
    return dict(found[0].details) if found else None


def account_origin(accounts: AccountService, name: str) -> str:
    """ "simulated", "imported" or "backpack" for the account ``name``."""
    row = accounts_table.find_account(name)
    stored = getattr(row, "origin", None) if row is not None else None
    if stored in (SIMULATED, IMPORTED, BACKPACK):  # schema 4's column
        if stored != BACKPACK:
            return stored
    details = _import_details(accounts, name)
    if details is None:
        return stored or SIMULATED
    return BACKPACK if details.get("origin") == BACKPACK else (stored or IMPORTED)


def mirrored_key(accounts: AccountService, name: str) -> str | None:
    """The API key a mirror account reads with, or None when ``name`` is no mirror."""
    details = _import_details(accounts, name)
    if not details or details.get("origin") != BACKPACK:
        return None
    key = details.get("apiKey")
    return key if isinstance(key, str) else None


def mirror_base_url(accounts: AccountService, name: str) -> str | None:
    details = _import_details(accounts, name) or {}
    url = details.get("baseUrl")
    return url if isinstance(url, str) else None


def stored_document(reading: MirrorReading) -> tuple[dict[str, Any], list[str]]:
    """The reading's ACCOUNT.json as the store can hold it now, and what it leaves out (perps, until the
    store keeps positions: they are still valued and reconciled from the reading)."""
    document = {key: value for key, value in reading.document.items() if key != "backpack"}
    left_out = [f"position {symbol}" for symbol in document.pop("positions", {}) or {}]
    kept = []
    for order in document.get("openOrders", []):
        if "reduceOnly" in order:  # a perp order, as account_mapping writes them
            left_out.append(f"order {order['id']} ({order['symbol']})")
        else:
            kept.append(order)
    document["openOrders"] = kept
    return json.loads(json.dumps(document)), left_out


def save_mirror(accounts: AccountService, name: str, reading: MirrorReading, api_key: str) -> list[str]:
    """Create the mirror ``name`` (or replace it, if it mirrors the same key) from ``reading``, in one
    transaction; returns what the store could not hold. Refuses to replace any other account."""
    name = name.strip()
    existing = accounts_table.find_account(name)
    if existing is not None and mirrored_key(accounts, name) != api_key:
        raise ServiceError(f"An account named “{name}” already exists and is not this Backpack mirror.")
    document, left_out = stored_document(reading)
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
            details={"origin": BACKPACK, "apiKey": api_key, "baseUrl": reading.base_url},
            reason=MIRROR_REASON,
        )
        origin_rows.set_origin(name, BACKPACK)
        if old_snapshot is not None:
            origin_rows.drop_unused_snapshot(old_snapshot)
    accounts.forget(name)
    if old_snapshot is not None:
        accounts._parameters.pop(old_snapshot, None)  # its id may be given to a later snapshot
    return left_out
