"""The simulation of one account: each tick moves the clock and the prices and records it all.

A tick, in one transaction: charge interest on every whole hour passed (then the liquidation check),
set the feed's marks at the tick's end (resting orders that cross fill, then the liquidation check),
record the prices and an equity snapshot, then tell the listeners (plain callbacks; the Qt layer
adapts them to signals).
"""

from __future__ import annotations

import json
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime, timedelta
from decimal import Decimal

from ..engine import AccountValuation, Event, advance_clock, move_prices, value_account
from ..store import ledger, models
from ..store.fields import from_epoch, to_epoch
from .accounts import AccountService
from .feeds import CsvReplayFeed, PriceFeed, RandomWalkFeed, ScenarioFeed


@dataclass(frozen=True)
class TickReport:
    account: str
    time: datetime
    marks: dict[str, Decimal]
    valuation: AccountValuation
    events: tuple[Event, ...]

    @property
    def liquidations(self) -> int:
        return sum(1 for event in self.events if event.type == "Liquidation")


Listener = Callable[[TickReport], None]


def feed_of(row: models.Account, marks) -> PriceFeed:
    """The price feed an account row describes."""
    if row.feed_kind == "scenario":
        saved = json.loads(row.feed_source)
        return ScenarioFeed.from_text(
            saved["text"], from_epoch(saved["origin"]), {s: Decimal(p) for s, p in saved["base"].items()}
        )
    if row.feed_kind == "csv":
        return CsvReplayFeed.from_text(row.feed_source, set(marks))
    return RandomWalkFeed(seed=row.feed_seed)


class Simulation:
    """Drives one account's clock and prices through the services and the store."""

    def __init__(self, accounts: AccountService, name: str) -> None:
        self.accounts = accounts
        self.name = name
        self.listeners: list[Listener] = []
        loaded = accounts.load(name)
        self.feed = feed_of(loaded.row, loaded.state.marks)

    def subscribe(self, listener: Listener) -> None:
        self.listeners.append(listener)

    # -- the feed --------------------------------------------------------------------------------
    def use_random_walk(self, seed: int) -> None:
        self._set_feed(RandomWalkFeed(seed=seed), "random-walk", seed, None)

    def use_scenario(self, text: str) -> None:
        loaded = self.accounts.load(self.name)
        feed = ScenarioFeed.from_text(text, loaded.state.time, loaded.state.marks)
        source = json.dumps(
            {
                "text": text,
                "origin": to_epoch(loaded.state.time),
                "base": {s: str(p) for s, p in loaded.state.marks.items()},
            }
        )
        self._set_feed(feed, "scenario", loaded.row.feed_seed, source)

    def use_csv(self, text: str) -> None:
        loaded = self.accounts.load(self.name)
        self._set_feed(CsvReplayFeed.from_text(text, set(loaded.state.marks)), "csv", loaded.row.feed_seed, text)

    def _set_feed(self, feed: PriceFeed, kind: str, seed: int, source: str | None) -> None:
        loaded = self.accounts.load(self.name)
        with self.accounts.store.db.atomic():
            models.Account.update(feed_kind=kind, feed_seed=seed, feed_source=source, feed_ticks=0).where(
                models.Account.id == loaded.row.id
            ).execute()
        loaded.row.feed_kind, loaded.row.feed_seed, loaded.row.feed_source, loaded.row.feed_ticks = (
            kind,
            seed,
            source,
            0,
        )
        self.feed = feed

    # -- ticks -----------------------------------------------------------------------------------
    def tick(self, seconds: int) -> TickReport:
        """Advance the account's clock by ``seconds`` of simulated time."""
        loaded = self.accounts.load(self.name)
        before, parameters, row = loaded.state, loaded.parameters, loaded.row
        end = before.time + timedelta(seconds=seconds)
        try:
            with self.accounts.store.db.atomic():
                clocked = advance_clock(before, parameters, end)
                marks = self.feed.marks_at(row.feed_ticks, before.time, end, clocked.state.marks)
                priced = move_prices(clocked.state, parameters, marks) if marks else clocked
                if not priced.accepted:
                    raise ValueError(f"the price feed gave an unusable price: {priced.refusal.message}")
                after = priced.state
                events = clocked.events + (priced.events if marks else ())
                valuation = value_account(after.account, parameters, after.marks)
                ledger.record(
                    row, before, after, events, ticks=after.marks, equity=valuation, feed_ticks=row.feed_ticks + 1
                )
        except BaseException:
            self.accounts.forget(self.name)
            raise
        row.feed_ticks += 1
        loaded.state = after
        report = TickReport(self.name, after.time, dict(after.marks), valuation, events)
        for listener in self.listeners:
            listener(report)
        return report

    def run_hours(
        self, hours: int, tick_seconds: int = 3600, should_stop: Callable[[], bool] | None = None
    ) -> list[TickReport]:
        """Advance ``hours`` of simulated time tick by tick (each tick its own transaction)."""
        total = hours * 3600
        reports = []
        while total > 0 and not (should_stop and should_stop()):
            step = min(tick_seconds, total)
            reports.append(self.tick(step))
            total -= step
        return reports
