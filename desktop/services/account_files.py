"""Export and import an account as the ACCOUNT.json of MARGIN_MODEL.md §8, so what a trader builds in
the app can be checked with ``margin-desk evaluate`` and the other way round.

An import is one transaction: a new account on the bundled parameters, one ``AccountImported``
event carrying the balances, the settings, the open orders, and a price tick at the file's time so
the marks and the clock replay like any other. A broken file is refused naming the field; nothing
is written.
"""

from __future__ import annotations

from typing import Any

from ..engine import AccountState, Event, load_parameters
from ..engine.apply_contract import parse_state, state_json
from ..engine.errors import InputError
from ..engine.numbers import load_json
from ..engine.vocabulary import EventType, OrderType
from ..paths import BUNDLED_SNAPSHOT, resource_path
from ..store import ledger
from ..store.db import now_text
from .accounts import AccountService
from .writes import ServiceError, writing

BALANCE_FIELDS = ("available", "locked", "lent", "borrowed", "pending_borrow")


def export_account(accounts: AccountService, name: str) -> dict[str, Any]:
    """The account as ACCOUNT.json (with ``time`` and ``openOrders``)."""
    return state_json(accounts.load(name).state)


def import_account(
    accounts: AccountService,
    name: str,
    document: Any,
    snapshot_text: str | None = None,
    source: str = "bundled example parameters",
    details: dict[str, Any] | None = None,
    reason: str = "imported from an ACCOUNT.json file",
) -> None:
    """Create ``name`` from an ACCOUNT.json document (already parsed with Decimal numbers), on the bundled
    parameters or on ``snapshot_text`` (a plan from a Backpack account brings its live snapshot).
    ``details`` go on the AccountImported event (a Backpack mirror's origin and API key); replay ignores them."""
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
        row = ledger.insert_account(name, snapshot, parameters, now_text())
        empty = AccountState.opening(parameters)
        events = [
            Event(
                EventType.ACCOUNT_IMPORTED,
                "",
                imported.time,
                reason=reason,
                details=dict(details or {}),
                balance_changes={
                    symbol: {field: getattr(balance, field) for field in BALANCE_FIELDS}
                    for symbol, balance in imported.account.balances.items()
                },
            )
        ]
        settings = imported.account.settings
        events.append(
            Event(
                EventType.SETTINGS_CHANGED,
                "",
                imported.time,
                reason="settings from the imported file",
                details={
                    "leverageLimit": str(settings.leverage_limit),
                    "autoLend": settings.auto_lend,
                    "autoRepayBorrows": settings.auto_repay_borrows,
                },
            )
        )
        for order in imported.orders:
            events.append(
                Event(
                    EventType.ORDER_PLACED,
                    order.symbol,
                    imported.time,
                    order.quantity,
                    order.price,
                    order.id,
                    OrderType.LIMIT,
                    details={
                        "side": order.side,
                        "margin": order.margin,
                        "resting": True,
                        "payingAsset": order.paying_asset,
                        "locked": str(order.locked),
                        "pendingBorrow": str(order.pending_borrow),
                    },
                )
            )
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
