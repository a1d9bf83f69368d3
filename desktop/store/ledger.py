"""Reading and writing accounts: the state the engine works on, and the ledger it leaves behind.

``record`` writes one engine outcome (events, the balances, pools, marks, orders and perp positions
that changed, the account row, price ticks, an equity snapshot) and is always called inside the
caller's transaction, so a user action or a tick lands whole or not at all. Each position row also
keeps what it has paid and realized since it opened (``engine.position_totals``), summed from the
events as the ledger replay sums them.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Iterable, Iterator, Mapping
from dataclasses import dataclass
from decimal import Decimal
from json.encoder import encode_basestring_ascii as _quoted
from typing import Any

from ..engine import Account as EngineAccount
from ..engine import AccountSettings, AccountState, AssetBalance, Event, MarginParameters, OpenOrder, Pool, Position
from ..engine.positions import RestingSize
from ..engine.records import replace
from ..engine.valuation import AccountValuation
from ..engine.vocabulary import AccountOrigin
from . import models
from .fields import from_epoch, stored_decimal, to_epoch
from .position_rows import TOTALS_EVENTS, settled_rows, write_positions
from .position_rows import position_totals as position_totals  # the services read it here


def snapshot_row(text: str, source: str) -> models.ParameterSnapshot:
    """The stored copy of a parameter snapshot, by content hash (stored once)."""
    digest = hashlib.sha256(text.encode("utf-8")).hexdigest()
    row = models.ParameterSnapshot.get_or_none(models.ParameterSnapshot.sha256 == digest)
    return row or models.ParameterSnapshot.create(sha256=digest, content=text, source=source)


def insert_account(
    name: str,
    snapshot: models.ParameterSnapshot,
    parameters: MarginParameters,
    created_at: str,
    origin: str = AccountOrigin.SIMULATED,
) -> models.Account:
    row = models.Account.create(
        name=name,
        snapshot=snapshot,
        created_at=created_at,
        clock=to_epoch(parameters.snapshot_time),
        origin=AccountOrigin(origin),
    )
    models.PoolState.insert_many(
        [
            {"account": row.id, "symbol": s, "lent_quantity": p.lent_quantity, "borrowed_quantity": p.borrowed_quantity}
            for s, p in parameters.pools.items()
        ]
    ).execute()
    models.MarkPrice.insert_many(
        [{"account": row.id, "symbol": s, "price": price} for s, price in parameters.marks.items()]
    ).execute()
    return row


def load_state(row: models.Account) -> AccountState:
    balances = {
        b.symbol: AssetBalance(b.available, b.locked, b.lent, b.borrowed, b.pending_borrow)
        for b in models.Balance.select().where(models.Balance.account == row.id)
    }
    settings = AccountSettings(row.leverage_limit, bool(row.auto_lend), bool(row.auto_repay_borrows))
    pools = {
        p.symbol: Pool(p.lent_quantity, p.borrowed_quantity)
        for p in models.PoolState.select().where(models.PoolState.account == row.id)
    }
    marks = {m.symbol: m.price for m in models.MarkPrice.select().where(models.MarkPrice.account == row.id)}
    orders = tuple(
        OpenOrder(
            o.order_id,
            o.symbol,
            o.side,
            o.price,
            o.quantity,
            bool(o.margin),
            o.paying_asset,
            o.locked,
            o.pending_borrow,
            bool(o.reduce_only),
            o.market_type,
        )
        for o in models.OpenOrder.select().where(models.OpenOrder.account == row.id).order_by(models.OpenOrder.id)
    )
    positions = {
        p.symbol: Position(p.net_quantity, p.entry_price, p.settled_price)
        for p in models.Position.select().where(models.Position.account == row.id)
    }
    state = AccountState(
        EngineAccount(balances, settings, positions), marks, pools, from_epoch(row.clock), orders, row.last_order_id
    )
    resting = {symbol: RestingSize(bids, asks) for symbol, (bids, asks) in state.orders.perp_totals().items()}
    if resting:  # the perp orders that add risk, as the engine's own states carry them
        state = replace(state, account=replace(state.account, resting_perps=resting))
    return state


def event_row(account_id: int, event: Event) -> dict[str, Any]:
    return {
        "account": account_id,
        "time": to_epoch(event.time),
        "type": event.type,
        "symbol": event.symbol,
        "quantity": event.quantity,
        "price": event.price,
        "order_id": event.order_id,
        "reason": event.reason,
        "details": _details_json(event),
        "balance_changes": _balance_changes_json(event),
        "pool_changes": _pool_changes_json(event),
    }


# Decimals as exact text (``str``), turned by the C encoder itself: a tick writes ten settlements'
# details, and a dict built first to convert them cost as much as the encoding.
_DETAILS_ENCODER = json.JSONEncoder(default=str)


# Most events leave one of the three empty (a settlement moves no pool): "{}" without the encoder.
def _details_json(event: Event) -> str:
    details = event.details
    if not details:
        return "{}"
    return _flat_json(details) or _DETAILS_ENCODER.encode(details)


def _flat_json(numbers: Mapping[str, Any]) -> str | None:
    """``{"name": "exact text", ...}`` of a flat mapping of text to Decimals (a settlement's details,
    one asset's balance changes), written out as the encoder writes it (its separators, ASCII-escaped
    strings) at a fifth of its cost; None for anything else (the encoder writes that)."""
    parts = []
    for key, value in numbers.items():
        if type(key) is not str or type(value) is not Decimal:
            return None
        parts.append(f"{_quoted(key)}: {_quoted(str(value))}")
    return "{" + ", ".join(parts) + "}"


def _balance_changes_json(event: Event) -> str:
    changes = event.balance_changes
    if not changes:
        return "{}"
    parts = []
    for symbol, deltas in changes.items():
        inner = _flat_json(deltas) if type(symbol) is str else None
        if inner is None:
            return json.dumps({s: {k: str(v) for k, v in d.items()} for s, d in changes.items()})
        parts.append(f"{_quoted(symbol)}: {inner}")
    return "{" + ", ".join(parts) + "}"


def _pool_changes_json(event: Event) -> str:
    changes = event.pool_changes
    return json.dumps({s: [str(lent), str(borrowed)] for s, (lent, borrowed) in changes.items()}) if changes else "{}"


def event_from_row(row: Mapping[str, Any]) -> Event:
    details = json.loads(row["details"])
    return Event(
        type=row["type"],
        symbol=row["symbol"],
        time=from_epoch(row["time"]),
        quantity=None if row["quantity"] is None else stored_decimal(row["quantity"]),
        price=None if row["price"] is None else stored_decimal(row["price"]),
        order_id=row["order_id"],
        reason=row["reason"],
        details=details,
        balance_changes={
            s: {k: stored_decimal(v) for k, v in d.items()} for s, d in json.loads(row["balance_changes"]).items()
        },
        pool_changes={
            s: (stored_decimal(a), stored_decimal(b)) for s, (a, b) in json.loads(row["pool_changes"]).items()
        },
    )


def events_of(account_id: int) -> Iterator[Event]:
    """The account's ledger in the order it was written."""
    query = (
        models.LedgerEvent.select()
        .where(models.LedgerEvent.account == account_id)
        .order_by(models.LedgerEvent.id)
        .dicts()
    )
    for row in query.iterator():
        yield event_from_row(row)


# The write path runs on every tick, so it is plain parameterised SQL: peewee's query building
# cost three times the SQLite work itself (measured: 1.1 ms against 0.3 ms per tick).
INSERT_EVENT = (
    'INSERT INTO "ledger_event" ("account_id", "time", "type", "symbol", "quantity", "price", '
    '"order_id", "reason", "details", "balance_changes", "pool_changes") VALUES (?,?,?,?,?,?,?,?,?,?,?)'
)
# A row already there is updated in place (INSERT OR REPLACE deleted it and inserted it again at the
# table's end: twice the B-tree work, and two more pages in the log each tick for the 14 marks).
UPSERT_BALANCE = (
    'INSERT INTO "balance" ("account_id", "symbol", "available", "locked", "lent", '
    '"borrowed", "pending_borrow") VALUES (?,?,?,?,?,?,?) ON CONFLICT ("account_id", "symbol") DO UPDATE SET '
    '"available" = excluded."available", "locked" = excluded."locked", "lent" = excluded."lent", '
    '"borrowed" = excluded."borrowed", "pending_borrow" = excluded."pending_borrow"'
)
DELETE_BALANCE = 'DELETE FROM "balance" WHERE "account_id" = ? AND "symbol" = ?'
UPSERT_POOL = (
    'INSERT INTO "pool_state" ("account_id", "symbol", "lent_quantity", "borrowed_quantity") VALUES (?,?,?,?) '
    'ON CONFLICT ("account_id", "symbol") DO UPDATE SET "lent_quantity" = excluded."lent_quantity", '
    '"borrowed_quantity" = excluded."borrowed_quantity"'
)
UPSERT_MARK = (
    'INSERT INTO "mark_price" ("account_id", "symbol", "price") VALUES (?,?,?) '
    'ON CONFLICT ("account_id", "symbol") DO UPDATE SET "price" = excluded."price"'
)
DELETE_ORDER = 'DELETE FROM "open_order" WHERE "account_id" = ? AND "order_id" = ?'
INSERT_ORDER = (
    'INSERT INTO "open_order" ("account_id", "order_id", "symbol", "side", "price", "quantity", "margin", '
    '"paying_asset", "locked", "pending_borrow", "reduce_only", "market_type") VALUES (?,?,?,?,?,?,?,?,?,?,?,?)'
)
INSERT_TICK = 'INSERT INTO "price_tick" ("account_id", "time", "symbol", "price") VALUES (?,?,?,?)'
INSERT_EQUITY = (
    'INSERT INTO "equity_snapshot" ("account_id", "time", "net_equity", "initial_margin", '
    '"maintenance_margin", "margin_fraction") VALUES (?,?,?,?,?,?)'
)


def _event_values(account_id: int, event: Event, epochs: dict | None = None) -> tuple:
    """``event_row``'s values in ``INSERT_EVENT``'s order, numbers as exact text (``epochs``: the epoch
    seconds of the times already seen in this write; a tick's events share one time)."""
    moment = event.time
    if epochs is None:
        seconds = to_epoch(moment)
    else:
        seconds = epochs.get(moment)
        if seconds is None:
            seconds = epochs[moment] = to_epoch(moment)
    return (
        account_id,
        seconds,
        event.type,
        event.symbol,
        _text(event.quantity),
        _text(event.price),
        event.order_id,
        event.reason,
        _details_json(event),
        _balance_changes_json(event),
        _pool_changes_json(event),
    )


def _text(value: Decimal | None) -> str | None:
    return None if value is None else str(value)


@dataclass(frozen=True, slots=True)
class LedgerRows:
    """What ``record`` writes, made ready without the database (the playing clock makes a tick's ready on
    its worker thread; ``write`` runs them on the GUI thread, inside the caller's transaction)."""

    account_id: int
    before: AccountState
    after: AccountState
    events: tuple[Event, ...]
    event_rows: list[tuple]
    gone_balances: list[tuple]
    balances: list[tuple]
    pools: list[tuple]
    marks: list[tuple]
    orders_gone: list[tuple] | None  # None: the open orders did not change
    orders_new: list[tuple]
    positions: bool  # the position rows move
    settled_positions: list[tuple] | None  # their new prices, when only that moves (else ``write`` rewrites them)
    ticks: list[tuple]
    equity: tuple | None
    account: tuple


def record(
    row: models.Account,
    before: AccountState,
    after: AccountState,
    events: Iterable[Event],
    ticks: Mapping[str, Decimal] | None = None,
    equity: AccountValuation | None = None,
    feed_ticks: int | None = None,
) -> None:
    """Write what changed from ``before`` to ``after`` (inside the caller's transaction)."""
    write(prepare(row.id, before, after, events, ticks, equity, feed_ticks))


def prepare(
    account_id: int,
    before: AccountState,
    after: AccountState,
    events: Iterable[Event],
    ticks: Mapping[str, Decimal] | None = None,
    equity: AccountValuation | None = None,
    feed_ticks: int | None = None,
) -> LedgerRows:
    """``record``'s rows (plain Python: no database, safe on any thread)."""
    events = tuple(events)
    epochs: dict = {}
    old, new = before.account.balances, after.account.balances
    orders_gone: list[tuple] | None = None
    orders_new: list[tuple] = []
    if before.orders != after.orders:
        kept = {o.id for o in after.orders}
        existing = {o.id for o in before.orders}
        orders_gone = [(account_id, o.id) for o in before.orders if o.id not in kept]
        orders_new = [
            (
                account_id,
                o.id,
                o.symbol,
                o.side,
                str(o.price),
                str(o.quantity),
                int(o.margin),
                o.paying_asset,
                str(o.locked),
                str(o.pending_borrow),
                int(o.reduce_only),
                o.market_type,
            )
            for o in after.orders
            if o.id not in existing
        ]
    time = to_epoch(after.time)
    equity_row = None
    if equity is not None:
        fraction = None if equity.margin_fraction is None else float(equity.margin_fraction)
        margins = float(equity.net_equity), float(equity.initial_margin), float(equity.maintenance_margin)
        equity_row = (account_id, time, *margins, fraction)
    settings = after.account.settings
    flags = int(settings.auto_lend), int(settings.auto_repay_borrows)
    positions = before.account.positions != after.account.positions or any(e.type in TOTALS_EVENTS for e in events)
    return LedgerRows(
        account_id,
        before,
        after,
        events,
        [_event_values(account_id, event, epochs) for event in events],
        [(account_id, s) for s in old if s not in new],
        [
            (account_id, s, str(b.available), str(b.locked), str(b.lent), str(b.borrowed), str(b.pending_borrow))
            for s, b in new.items()
            if old.get(s) != b
        ],
        [
            (account_id, s, str(p.lent_quantity), str(p.borrowed_quantity))
            for s, p in after.pools.items()
            if before.pools.get(s) != p
        ],
        [(account_id, s, str(price)) for s, price in after.marks.items() if before.marks.get(s) != price],
        orders_gone,
        orders_new,
        positions,
        settled_rows(account_id, before, after, events) if positions else None,
        [(account_id, time, s, str(price)) for s, price in ticks.items()] if ticks else [],
        equity_row,
        (settings.leverage_limit, *flags, time, after.last_order_id, feed_ticks, account_id),
    )


def write(rows: LedgerRows) -> None:
    """Run ``prepare``'s rows against the store (inside the caller's transaction)."""
    cursor = models.database.cursor()
    for statement, values in (
        (INSERT_EVENT, rows.event_rows),
        (DELETE_BALANCE, rows.gone_balances),
        (UPSERT_BALANCE, rows.balances),
        (UPSERT_POOL, rows.pools),
        (UPSERT_MARK, rows.marks),
    ):
        if values:
            cursor.executemany(statement, values)
    if rows.orders_gone is not None:
        cursor.executemany(DELETE_ORDER, rows.orders_gone)
        cursor.executemany(INSERT_ORDER, rows.orders_new)
    if rows.positions:
        write_positions(cursor, rows.account_id, rows.after, rows.events, rows.settled_positions)
    if rows.ticks:
        cursor.executemany(INSERT_TICK, rows.ticks)
    if rows.equity is not None:
        cursor.execute(INSERT_EQUITY, rows.equity)
    cursor.execute(
        'UPDATE "account" SET "leverage_limit" = ?, "auto_lend" = ?, "auto_repay_borrows" = ?, "clock" = ?, '
        '"last_order_id" = ?, "feed_ticks" = COALESCE(?, "feed_ticks") WHERE "id" = ?',
        rows.account,
    )
