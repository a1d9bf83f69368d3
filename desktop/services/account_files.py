"""Export and import an account as the ACCOUNT.json of MARGIN_MODEL.md §8, so what a trader builds in
the app can be checked with ``margin-desk evaluate`` and the other way round.

An import is one transaction: a new account on the bundled parameters, the events of
``engine.import_events`` (the balances, the settings, each perp position, each open order) and a
price tick at the file's time so the marks and the clock replay like any other. A broken file is
refused naming the field; nothing is written.
"""

from __future__ import annotations

from typing import Any

from ..engine import AccountState, load_parameters
from ..engine.apply_contract import parse_state, state_json
from ..engine.boundary.bounds import MAX_DOCUMENT_BYTES
from ..engine.boundary.files import read_bytes
from ..engine.errors import InputError
from ..engine.import_events import import_events
from ..engine.numbers import load_json
from ..engine.records import replace
from ..engine.vocabulary import AccountOrigin
from ..paths import BUNDLED_SNAPSHOT, resource_path
from ..store import ledger
from ..store.db import now_text
from .accounts import AccountService
from .writes import ServiceError, writing


def export_account(accounts: AccountService, name: str) -> dict[str, Any]:
    """The account as ACCOUNT.json (with ``time`` and ``openOrders``)."""
    return state_json(accounts.load(name).state)


def read_account_file(path: str) -> Any:
    """An ACCOUNT.json picked in the window, read as the command line reads it (``engine.boundary``): a
    regular file only (a FIFO would hang the window, ``/dev/zero`` exhaust its memory), at most 32 MiB,
    strict UTF-8 and strict JSON. A refusal is a ServiceError in one sentence naming the file."""
    try:
        return load_json(read_bytes(path, MAX_DOCUMENT_BYTES), str(path))
    except InputError as error:
        raise ServiceError(f"{error}. Nothing was imported.") from None


def import_account(
    accounts: AccountService,
    name: str,
    document: Any,
    snapshot_text: str | None = None,
    source: str = "bundled example parameters",
    origin: str = AccountOrigin.IMPORTED,
    source_name: str = "an ACCOUNT.json file",
    details: dict[str, Any] | None = None,
) -> None:
    """Create ``name`` from an ACCOUNT.json document (already parsed with Decimal numbers: ``load_json``),
    on the bundled parameters or on ``snapshot_text`` (a plan from a Backpack account brings its live
    snapshot; ``source`` says where that snapshot came from). Balances, settings, marks, time, open
    orders (spot and perp, reduce-only kept) and perp positions are taken as the file gives them.
    ``origin`` is stored on the account (AccountOrigin: "imported", or "backpack" for a mirror);
    ``source_name`` names the file in the ledger's AccountImported event; ``details`` go on that event
    (a Backpack mirror's API key and server), which replay ignores.

    Raises ServiceError naming the field for a bad document ("The file cannot be imported: positions.
    SOL_USDC_PERP.netQuantity: …"), a bad or taken name, or a store that cannot be written; nothing is
    written then."""
    name = accounts.valid_new_name(name)
    text = snapshot_text if snapshot_text is not None else resource_path(BUNDLED_SNAPSHOT).read_text("utf-8")
    parameters = load_parameters(load_json(text))
    try:
        imported = parse_state(document, parameters)
    except InputError as error:
        raise ServiceError(
            f"The file cannot be imported: {error.field}: {error.problem}. Nothing was imported."
        ) from None
    refuse_duplicate_orders(imported.orders)
    with writing(accounts.store):
        snapshot = ledger.snapshot_row(text, source)
        row = ledger.insert_account(name, snapshot, parameters, now_text(), origin)
        empty = AccountState.opening(parameters)
        events = import_events(imported, source_name)
        if details:
            events[0] = replace(events[0], details={**events[0].details, **details})
        ledger.record(row, empty, imported, events, ticks=imported.marks)
    accounts.forget(name)


def refuse_duplicate_orders(orders) -> None:
    """Two open orders with one id cannot both be stored (nor cancelled apart): refused naming both."""
    first_seen: dict[str, int] = {}
    for index, order in enumerate(orders):
        if order.id in first_seen:
            raise ServiceError(
                f"The file cannot be imported: openOrders[{index}].id: the order id {order.id!r} is already used by "
                f"openOrders[{first_seen[order.id]}]. Nothing was imported."
            )
        first_seen[order.id] = index
