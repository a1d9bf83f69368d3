"""Time series for the charts, read straight from the store: an account's equity snapshots, the price
ticks of one asset, and the liquidation and bankruptcy events the margin chart marks.

A year of minute snapshots is 525,600 rows, so the store reads them on the raw cursor into numpy
arrays (``store.series``); numpy is imported inside the functions, so importing the services never
loads it.

Each read returns a ``ReadMark`` (the last row's time and id); passing it back reads only the rows
written since, which is how a live chart keeps up with the clock without reading the year again.
Times are epoch seconds (UTC) as float64, what pyqtgraph's ``DateAxisItem`` expects.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING, Any, NamedTuple

from ..engine import Event
from ..engine.vocabulary import EventType
from ..store import accounts_table, history
from ..store import series as stored

if TYPE_CHECKING:  # pragma: no cover
    import numpy

MARKED_EVENT_TYPES = (EventType.LIQUIDATION, EventType.BANKRUPTCY)


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


def account_id(name: str) -> int:
    """The store's id of the account called ``name``."""
    return accounts_table.account_id_of(name)


def _mark(rows: numpy.ndarray, after: ReadMark) -> ReadMark:
    if not len(rows):
        return after
    return ReadMark(int(rows["time"][-1]), int(rows["id"].max()))


def equity_series(db: Any, account: int, after: ReadMark = START) -> EquitySeries:
    """Net equity, initial and maintenance margin of every snapshot of ``account`` after ``after``."""
    rows = stored.equity_rows(db, account, after.time, after.id)
    return EquitySeries(
        rows["time"].astype("f8"), rows["ne"].copy(), rows["im"].copy(), rows["mm"].copy(), _mark(rows, after)
    )


def price_series(db: Any, account: int, symbol: str, after: ReadMark = START) -> PriceSeries:
    """The stored marks of ``symbol`` (USD) at each tick of ``account`` after ``after``."""
    rows = stored.price_rows(db, account, symbol, after.time, after.id)
    return PriceSeries(symbol, rows["time"].astype("f8"), rows["price"].copy(), _mark(rows, after))


def margin_events(
    db: Any, account: int, after_id: int = 0, types: tuple[str, ...] = MARKED_EVENT_TYPES
) -> tuple[MarkedEvent, ...]:
    """The account's liquidation and bankruptcy events (after event id ``after_id``), oldest first."""
    return tuple(MarkedEvent(*row) for row in stored.marked_event_rows(db, account, after_id, types))


def ledger_event(event_id: int) -> Event:
    """The whole engine event behind a marker, to explain it in words as the History view does."""
    return history.event_by_id(event_id)
