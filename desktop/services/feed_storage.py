"""An account's price feed in the store: which one it is, and its data beside the account row.

A CSV is checked line by line as its rows are stored, inside one transaction: the first bad line
refuses the file with its number and keeps nothing. Its rows are then read a tick's window at a time
(``StoredCsvFeed``), so a million-row file costs a tick what a ten-row one does.
"""

from __future__ import annotations

import json
import math
from dataclasses import dataclass
from datetime import datetime
from decimal import Decimal
from typing import Any

from ..store import accounts_table, feed_table
from ..store.accounts_table import AccountRow
from ..store.db import Store
from ..store.fields import from_epoch, to_epoch
from .feeds import CsvReplayFeed, FeedError, FeedKind, PriceFeed, RandomWalkFeed, ScenarioFeed, read_csv_rows
from .writes import writing


@dataclass(frozen=True)
class StoredCsvFeed:
    """A CSV's rows as stored: at each tick the latest row of each symbol in the tick's window (from
    the beginning on the first tick)."""

    account_id: int
    symbols: tuple[str, ...]
    kind: str = FeedKind.CSV

    def marks_at(self, tick: int, start: datetime, end: datetime, marks: Any) -> dict[str, Decimal]:
        after = None if tick == 0 else to_epoch(start)
        return feed_table.latest_prices(self.account_id, self.symbols, after, to_epoch(end))


def feed_of(row: AccountRow, marks: Any) -> PriceFeed:
    """The price feed an account row describes."""
    try:
        if row.feed_kind == FeedKind.SCENARIO:
            saved = json.loads(feed_table.feed_source(row.id))
            base = {s: Decimal(p) for s, p in saved["base"].items()}
            return ScenarioFeed.from_text(saved["text"], from_epoch(saved["origin"]), base)
        if row.feed_kind == FeedKind.CSV:
            if feed_table.has_prices(row.id):
                return StoredCsvFeed(row.id, tuple(sorted(marks)))
            return CsvReplayFeed.from_text(feed_table.feed_source(row.id), set(marks))  # kept by schema 2
    except (FeedError, TypeError, ValueError, KeyError, ArithmeticError) as error:
        raise FeedError(f"the stored price feed of {row.name!r} cannot be read ({error})") from None
    return RandomWalkFeed(seed=row.feed_seed)


def _epoch_rows(text: str, known: set[str]):
    for moment, symbol, price in read_csv_rows(text, known):
        # A row is seen from the first whole second at or after it (ticks end on whole seconds).
        yield math.ceil(moment.timestamp()), symbol, str(price)


def save_random_walk(store: Store, row: AccountRow, seed: int) -> RandomWalkFeed:
    with writing(store):
        feed_table.clear_feed(row.id)
        accounts_table.set_feed(row.id, FeedKind.RANDOM_WALK, seed)
    _remember(row, FeedKind.RANDOM_WALK, seed)
    return RandomWalkFeed(seed=seed)


def save_scenario(store: Store, row: AccountRow, text: str, origin: datetime, base: dict[str, Decimal]) -> ScenarioFeed:
    feed = ScenarioFeed.from_text(text, origin, base)  # refused before anything is written
    source = json.dumps({"text": text, "origin": to_epoch(origin), "base": {s: str(p) for s, p in base.items()}})
    with writing(store):
        feed_table.clear_feed(row.id)
        feed_table.save_source(row.id, source)
        accounts_table.set_feed(row.id, FeedKind.SCENARIO, row.feed_seed)
    _remember(row, FeedKind.SCENARIO, row.feed_seed)
    return feed


def save_csv(store: Store, row: AccountRow, text: str, known: set[str]) -> StoredCsvFeed:
    """Store a CSV's rows as they are checked; a bad line raises FeedError and nothing is kept."""
    with writing(store):
        feed_table.clear_feed(row.id)
        feed_table.save_prices(row.id, _epoch_rows(text, known))
        accounts_table.set_feed(row.id, FeedKind.CSV, row.feed_seed)
    _remember(row, FeedKind.CSV, row.feed_seed)
    return StoredCsvFeed(row.id, tuple(sorted(known)))


def _remember(row: AccountRow, kind: str, seed: int) -> None:
    """The row held in memory follows what was committed (only after the commit)."""
    row.feed_kind, row.feed_seed, row.feed_ticks = kind, seed, 0
