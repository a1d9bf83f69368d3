"""The perp position rows of an account: each position with what it has paid and realized since it
opened (``engine.position_totals``), carried forward over the events of each write as the ledger replay
sums them. Written inside ``ledger.record``'s transaction (``write_positions``).

A tick that only settles the positions (every price move does) moves their prices and not their totals:
it updates the prices alone, without reading the totals back.
"""

from __future__ import annotations

from decimal import Decimal

from ..engine import AccountState, Event
from ..engine.position_totals import POSITION_EVENTS, PositionTotals, track
from ..engine.vocabulary import EventType
from . import models
from .fields import from_epoch, stored_decimal, to_epoch

SELECT_POSITIONS = (
    'SELECT "symbol", "net_quantity", "opened_at", "funding", "fees", "realized_pnl" FROM "position" '
    'WHERE "account_id" = ?'
)
UPSERT_POSITION = (
    'INSERT OR REPLACE INTO "position" ("account_id", "symbol", "net_quantity", "entry_price", "settled_price", '
    '"opened_at", "funding", "fees", "realized_pnl") VALUES (?,?,?,?,?,?,?,?,?)'
)
DELETE_POSITION = 'DELETE FROM "position" WHERE "account_id" = ? AND "symbol" = ?'
# A tick that only settles the positions moves their prices, not what they have paid since they opened.
UPDATE_POSITION_PRICES = (
    'UPDATE "position" SET "net_quantity" = ?, "entry_price" = ?, "settled_price" = ? '
    'WHERE "account_id" = ? AND "symbol" = ?'
)

# Events that move a position's totals without moving the position (funding) or along with it.
TOTALS_EVENTS = POSITION_EVENTS | {EventType.FUNDING_PAYMENT}


def position_totals(account_id: int) -> dict[str, PositionTotals]:
    """Per open perp position: when it opened and the funding, fees and realized PnL since then."""
    return {
        p.symbol: PositionTotals(from_epoch(p.opened_at), p.net_quantity > 0, p.funding, p.fees, p.realized_pnl)
        for p in models.Position.select().where(models.Position.account == account_id)
    }


def settled_rows(account_id: int, before: AccountState, after: AccountState, events: tuple[Event, ...]) -> list | None:
    """The rows of a write that only settles the positions (their new prices, for ``UPDATE_POSITION_PRICES``);
    None when the events move their totals. Plain Python: a tick makes them ready on its worker thread."""
    if not _only_settled(before, after, events):
        return None
    old = before.account.positions
    return [
        (str(p.net_quantity), str(p.entry_price), str(p.settled_price), account_id, symbol)
        for symbol, p in after.account.positions.items()
        if old[symbol] != p
    ]


def write_positions(cursor, account_id: int, after: AccountState, events: tuple[Event, ...], settled: list | None):
    """``record_positions`` with its ``settled_rows`` made ready: the new prices alone when they are some
    and every row is there, else the whole rewrite (inside the caller's transaction)."""
    if settled is None or not _record_settled_positions(cursor, settled):
        _rewrite_positions(cursor, account_id, after, events)


def _stored_totals(cursor, account_id: int) -> dict[str, PositionTotals]:
    cursor.execute(SELECT_POSITIONS, (account_id,))
    return {
        symbol: PositionTotals(
            from_epoch(opened),
            stored_decimal(quantity) > 0,
            stored_decimal(funding),
            stored_decimal(fees),
            stored_decimal(pnl),
        )
        for symbol, quantity, opened, funding, fees, pnl in cursor.fetchall()
    }


def _only_settled(before: AccountState, after: AccountState, events: tuple[Event, ...]) -> bool:
    """Whether the events leave every position's totals as they are (``track`` would change none): the
    same positions on the same sides, and of the events that move totals only settlements, each of a
    position on its own side (the price moves; what it has paid since it opened does not)."""
    held, kept = before.account.positions, after.account.positions
    if held.keys() != kept.keys() or any(held[s].is_long != kept[s].is_long for s in held):
        return False
    for event in events:
        if event.type not in TOTALS_EVENTS:
            continue
        position = held.get(event.symbol)
        if event.type != EventType.SETTLEMENT or position is None or "netQuantity" not in event.details:
            return False
        quantity = event.details["netQuantity"]
        if not isinstance(quantity, Decimal) or not quantity or (quantity > 0) != position.is_long:
            return False
    return True


def _record_settled_positions(cursor, rows: list) -> bool:
    """Write the settled positions' new prices alone (no read of their totals); False if a row was missing,
    which then needs the whole rewrite."""
    if not rows:
        return True
    cursor.executemany(UPDATE_POSITION_PRICES, rows)
    return cursor.rowcount == len(rows)


def _rewrite_positions(cursor, account_id: int, after: AccountState, events: tuple[Event, ...]) -> None:
    """Rewrite the position rows from ``after``, their totals carried forward over ``events``."""
    before = _stored_totals(cursor, account_id)
    totals = dict(before)
    for event in events:
        track(totals, event)
    positions = after.account.positions
    gone = [(account_id, symbol) for symbol in before if symbol not in positions]
    if gone:
        cursor.executemany(DELETE_POSITION, gone)
    rows = []
    for symbol, position in positions.items():
        # A position with no opening event in the ledger cannot happen; if it ever did, it opens now.
        kept = totals.get(symbol) or PositionTotals(after.time, position.is_long)
        rows.append(
            (
                account_id,
                symbol,
                str(position.net_quantity),
                str(position.entry_price),
                str(position.settled_price),
                to_epoch(kept.opened),
                str(kept.funding),
                str(kept.fees),
                str(kept.realized_pnl),
            )
        )
    if rows:
        cursor.executemany(UPSERT_POSITION, rows)
