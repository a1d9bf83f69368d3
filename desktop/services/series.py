"""Time series for the charts, read straight from the store: an account's equity snapshots, the price
ticks of one asset, and the liquidation and bankruptcy events the margin chart marks.

A year of minute snapshots is 525,600 rows, so these are plain SQL on the raw cursor into numpy
arrays (``numpy.fromiter`` over the fetched tuples; no peewee model instances). numpy is imported
inside the functions, so importing the services never loads it.

Each read returns a ``ReadMark`` (the last row's time and id); passing it back reads only the rows
written since, which is how a live chart keeps up with the clock without reading the year again.
Times are epoch seconds (UTC) as float64, what pyqtgraph's ``DateAxisItem`` expects.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING, Any, NamedTuple

from ..engine import Event
from ..store import ledger, models

if TYPE_CHECKING:  # pragma: no cover
    import numpy

MARKED_EVENT_TYPES = ("Liquidation", "Bankruptcy")


class ReadMark(NamedTuple):
    """Where a read stopped: rows after it have ``time ≥ time`` and ``id > id`` (the clock never goes back)."""

    time: int = 0
    id: int = 0


START = ReadMark()


@dataclass(frozen=True)
class EquitySeries:
    time: numpy.ndarray  # float64 epoch seconds, ascending
    net_equity: numpy.ndarray  # float64 USD
    initial_margin: numpy.ndarray
    maintenance_margin: numpy.ndarray
    mark: ReadMark

    def __len__(self) -> int:
        return len(self.time)


@dataclass(frozen=True)
class PriceSeries:
    symbol: str
    time: numpy.ndarray  # float64 epoch seconds, ascending
    price: numpy.ndarray  # float64 USD
    mark: ReadMark

    def __len__(self) -> int:
        return len(self.time)


@dataclass(frozen=True)
class MarkedEvent:
    """A liquidation or bankruptcy, with the one sentence the engine wrote to explain it."""

    id: int
    time: int
    type: str
    symbol: str
    reason: str


EQUITY_SQL = (
    'SELECT "id", "time", "net_equity", "initial_margin", "maintenance_margin" FROM "equity_snapshot" '
    'WHERE "account_id" = ? AND "time" >= ? AND "id" > ? ORDER BY "time", "id"'
)
PRICE_SQL = (
    'SELECT "id", "time", CAST("price" AS REAL) FROM "price_tick" '
    'WHERE "account_id" = ? AND "symbol" = ? AND "time" >= ? AND "id" > ? ORDER BY "time", "id"'
)
EVENTS_SQL = (
    'SELECT "id", "time", "type", "symbol", COALESCE("reason", \'\') FROM "ledger_event" '
    'WHERE "account_id" = ? AND "id" > ? AND "type" IN ({}) ORDER BY "time", "id"'
)


def account_id(name: str) -> int:
    """The store's id of the account called ``name``."""
    return models.Account.get(models.Account.name == name).id


def _read(db: Any, sql: str, parameters: tuple, columns: list[tuple[str, str]]) -> numpy.ndarray:
    import numpy

    cursor = db.execute_sql(sql, parameters)
    try:
        return numpy.fromiter(cursor, dtype=numpy.dtype(columns))
    finally:
        cursor.close()


def _mark(rows: numpy.ndarray, after: ReadMark) -> ReadMark:
    if not len(rows):
        return after
    return ReadMark(int(rows["time"][-1]), int(rows["id"].max()))


def equity_series(db: Any, account: int, after: ReadMark = START) -> EquitySeries:
    """Net equity, initial and maintenance margin of every snapshot of ``account`` after ``after``."""
    rows = _read(
        db,
        EQUITY_SQL,
        (account, after.time, after.id),
        [("id", "i8"), ("time", "i8"), ("ne", "f8"), ("im", "f8"), ("mm", "f8")],
    )
    return EquitySeries(
        rows["time"].astype("f8"), rows["ne"].copy(), rows["im"].copy(), rows["mm"].copy(), _mark(rows, after)
    )


def price_series(db: Any, account: int, symbol: str, after: ReadMark = START) -> PriceSeries:
    """The stored marks of ``symbol`` (USD) at each tick of ``account`` after ``after``."""
    rows = _read(
        db, PRICE_SQL, (account, symbol, after.time, after.id), [("id", "i8"), ("time", "i8"), ("price", "f8")]
    )
    return PriceSeries(symbol, rows["time"].astype("f8"), rows["price"].copy(), _mark(rows, after))


def margin_events(
    db: Any, account: int, after_id: int = 0, types: tuple[str, ...] = MARKED_EVENT_TYPES
) -> tuple[MarkedEvent, ...]:
    """The account's liquidation and bankruptcy events (after event id ``after_id``), oldest first."""
    sql = EVENTS_SQL.format(", ".join("?" for _ in types))
    cursor = db.execute_sql(sql, (account, after_id, *types))
    try:
        return tuple(MarkedEvent(*row) for row in cursor.fetchall())
    finally:
        cursor.close()


def ledger_event(event_id: int) -> Event:
    """The whole engine event behind a marker, to explain it in words as the History view does."""
    row = models.LedgerEvent.select().where(models.LedgerEvent.id == event_id).dicts().get()
    return ledger.event_from_row(row)
