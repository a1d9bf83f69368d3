"""The charts' rows, read on the raw cursor: equity snapshots and price ticks straight into numpy
structured arrays (``numpy.fromiter`` over the fetched tuples, no model instances: a year of minute
snapshots is 525,600 rows), and the liquidation and bankruptcy events a chart marks.

Each read starts after a (time, id) mark, so a live chart reads only what was written since. numpy
is imported inside the functions: importing the store never loads it.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:  # pragma: no cover
    import numpy

EQUITY_SQL = (
    'SELECT "id", "time", "net_equity", "initial_margin", "maintenance_margin" FROM "equity_snapshot" '
    'WHERE "account_id" = ? AND "time" >= ? AND "id" > ? ORDER BY "time", "id"'
)
PRICE_SQL = (
    'SELECT "id", "time", CAST("price" AS REAL) FROM "price_tick" '
    'WHERE "account_id" = ? AND "symbol" = ? AND "time" >= ? AND "id" > ? ORDER BY "time", "id"'
)
# The (account, type) index of schema 5, named: for the time order SQLite would otherwise walk the
# account's whole ledger in its (account, time) index to find a few liquidations (4 ms on 26,000 events).
EVENTS_SQL = (
    'SELECT "id", "time", "type", "symbol", COALESCE("reason", \'\') FROM "ledger_event" '
    'INDEXED BY "ledger_event_account_id_type" '
    'WHERE "account_id" = ? AND "id" > ? AND "type" IN ({}) ORDER BY "time", "id"'
)
EQUITY_COLUMNS = [("id", "i8"), ("time", "i8"), ("ne", "f8"), ("im", "f8"), ("mm", "f8")]
PRICE_COLUMNS = [("id", "i8"), ("time", "i8"), ("price", "f8")]


def _read(db: Any, sql: str, parameters: tuple, columns: list[tuple[str, str]]) -> numpy.ndarray:
    import numpy

    cursor = db.execute_sql(sql, parameters)
    try:
        return numpy.fromiter(cursor, dtype=numpy.dtype(columns))
    finally:
        cursor.close()


def equity_rows(db: Any, account: int, after_time: int, after_id: int) -> numpy.ndarray:
    """Fields id, time, ne (net equity), im, mm of the snapshots after the mark, in time order."""
    return _read(db, EQUITY_SQL, (account, after_time, after_id), EQUITY_COLUMNS)


def price_rows(db: Any, account: int, symbol: str, after_time: int, after_id: int) -> numpy.ndarray:
    """Fields id, time, price (USD, as a float) of ``symbol``'s ticks after the mark, in time order."""
    return _read(db, PRICE_SQL, (account, symbol, after_time, after_id), PRICE_COLUMNS)


def marked_event_rows(db: Any, account: int, after_id: int, types: Iterable[str]) -> list[tuple]:
    """(id, time, type, symbol, reason) of the account's events of ``types`` after ``after_id``."""
    types = tuple(types)
    cursor = db.execute_sql(EVENTS_SQL.format(", ".join("?" for _ in types)), (account, after_id, *types))
    try:
        return cursor.fetchall()
    finally:
        cursor.close()
