"""The simulation of one account: each tick moves the clock and the prices and records it all.

A tick, in one transaction: charge interest on every whole hour passed (then the liquidation check)
and, at each funding time, settle every perp position and pay its funding (§10, precision 7); set the
feed's marks at the tick's end (every position settles at the new marks, resting orders that cross
fill, then the liquidation check, which closes positions first); record the prices, the events, the
positions and an equity snapshot, then tell the listeners (plain callbacks; the Qt layer adapts them
to signals).
"""

from __future__ import annotations

from collections.abc import Callable, Iterator, Mapping
from dataclasses import dataclass
from datetime import datetime, timedelta
from decimal import Decimal

from ..engine import AccountState, AccountValuation, Event, advance_clock, value_account
from ..engine.clock import move_prices_valued
from ..engine.vocabulary import liquidation_steps
from ..store import ledger
from .accounts import AccountService
from .feed_storage import feed_of, save_csv, save_random_walk, save_scenario
from .feeds import PriceFeed
from .writes import ServiceError, writing

# A run of ticks moves the clock at least a second a tick (the CLI asks for whole minutes): zero-second
# ticks would write rows forever without time passing. A single tick of 0 s only records a snapshot.
SHORTEST_TICK_SECONDS = 1


@dataclass(frozen=True)
class TickReport:
    account: str
    time: datetime
    marks: dict[str, Decimal]
    valuation: AccountValuation
    events: tuple[Event, ...]
    state: AccountState | None = None  # the state the valuation is of (the session keeps it only for that state)

    @property
    def liquidations(self) -> int:
        """Liquidation steps this tick took (bankruptcy included), counted as the desk counts them."""
        return liquidation_steps(self.events)


Listener = Callable[[TickReport], None]


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
        loaded = self.accounts.load(self.name)
        self._use(lambda: save_random_walk(self.accounts.store, loaded.row, seed))

    def use_scenario(self, text: str) -> None:
        loaded = self.accounts.load(self.name)
        state = loaded.state
        self._use(lambda: save_scenario(self.accounts.store, loaded.row, text, state.time, dict(state.marks)))

    def use_csv(self, text: str) -> None:
        """Replay a ``time,symbol,price`` file, checked line by line as it is stored (FeedError names
        the first bad line; nothing is kept then)."""
        loaded = self.accounts.load(self.name)
        self._use(lambda: save_csv(self.accounts.store, loaded.row, text, set(loaded.state.marks)))

    def _use(self, save: Callable[[], PriceFeed]) -> None:
        try:
            self.feed = save()
        except BaseException:
            self.accounts.forget(self.name)  # the row in memory may be ahead of the store
            raise

    # -- ticks -----------------------------------------------------------------------------------
    def tick(self, seconds: int, marks: Mapping[str, Decimal] | None = None) -> TickReport:
        """Advance the account's clock by ``seconds`` of simulated time.

        ``marks`` (Live mode: Backpack's marks) replace the feed's for this tick; only the assets of the
        account's snapshot are taken, and a mark that did not move is no change."""
        if seconds < 0:
            raise ServiceError(f"The clock does not go back: a tick of {seconds} seconds.")
        loaded = self.accounts.load(self.name)
        before, parameters, row = loaded.state, loaded.parameters, loaded.row
        try:
            end = before.time + timedelta(seconds=seconds)
        except OverflowError:
            raise ServiceError(f"The clock cannot move {seconds} seconds past {before.time:%Y-%m-%d}.") from None
        try:
            with writing(self.accounts.store):
                clocked = advance_clock(before, parameters, end)
                if marks is None:
                    marks = self.feed.marks_at(row.feed_ticks, before.time, end, clocked.state.marks)
                else:
                    known = clocked.state.marks
                    marks = {s: p for s, p in marks.items() if s in known and known[s] != p}
                if marks:  # valued by the engine's liquidation check: not valued twice
                    priced, valuation = move_prices_valued(clocked.state, parameters, marks)
                    if not priced.accepted:
                        raise ServiceError(f"The price feed gave an unusable price: {priced.refusal.message}")
                    after, events = priced.state, clocked.events + priced.events
                else:
                    if not clocked.accepted:
                        raise ServiceError(f"The price feed gave an unusable price: {clocked.refusal.message}")
                    after, events = clocked.state, clocked.events
                    valuation = value_account(after.account, parameters, after.marks)
                ledger.record(
                    row, before, after, events, ticks=after.marks, equity=valuation, feed_ticks=row.feed_ticks + 1
                )
        except BaseException:
            self.accounts.forget(self.name)
            raise
        row.feed_ticks += 1
        loaded.state = after
        report = TickReport(self.name, after.time, dict(after.marks), valuation, events, after)
        for listener in self.listeners:
            listener(report)
        return report

    def move_prices(self, marks: dict[str, Decimal], notes: tuple[Event, ...]) -> TickReport:
        """Set marks now, without the clock moving (Clock → Move price…, a scenario step): one
        transaction holding the ``notes`` (PriceMoved events for History), the engine's settlements,
        fills and liquidation steps, the price ticks and an equity snapshot. A refused price changes
        nothing (ServiceError in words)."""
        loaded = self.accounts.load(self.name)
        before, parameters, row = loaded.state, loaded.parameters, loaded.row
        moved, valuation = move_prices_valued(before, parameters, marks)
        if not moved.accepted:
            raise ServiceError(f"That price cannot be used: {moved.refusal.message}.")
        after = moved.state
        events = tuple(notes) + moved.events
        try:
            with writing(self.accounts.store):
                ledger.record(row, before, after, events, ticks=marks, equity=valuation)
        except BaseException:
            self.accounts.forget(self.name)
            raise
        loaded.state = after
        report = TickReport(self.name, after.time, dict(after.marks), valuation, events, after)
        for listener in self.listeners:
            listener(report)
        return report

    def run_hours(
        self, hours: int, tick_seconds: int = 3600, should_stop: Callable[[], bool] | None = None
    ) -> list[TickReport]:
        """Advance ``hours`` of simulated time tick by tick (each tick its own transaction)."""
        return list(self.ticks(hours, tick_seconds, should_stop))

    def ticks(
        self, hours: int, tick_seconds: int = 3600, should_stop: Callable[[], bool] | None = None
    ) -> Iterator[TickReport]:
        """``run_hours`` one report at a time, in constant memory however long the run."""
        if tick_seconds < SHORTEST_TICK_SECONDS:
            raise ServiceError(
                f"A tick moves the clock by at least {SHORTEST_TICK_SECONDS} second, not {tick_seconds}."
            )
        total = hours * 3600
        while total > 0 and not (should_stop and should_stop()):
            step = min(tick_seconds, total)
            yield self.tick(step)
            total -= step
