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

from ..engine import AccountState, AccountValuation, Event
from ..engine.account_figures import AccountFigures
from ..engine.clock import move_prices_valued
from ..engine.vocabulary import liquidation_steps
from ..store import ledger
from .accounts import AccountService
from .feed_storage import feed_of, save_csv, save_random_walk, save_scenario
from .feeds import PriceFeed
from .tick_work import TickJob, WorkedTick, work_out
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
    figures: AccountFigures | None = None  # that state's figures, some worked out already (off the GUI thread)

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
        job = self.job(seconds, marks)
        try:
            worked = work_out(job)
            self._write(worked)
        except BaseException:
            self.accounts.forget(self.name)
            raise
        return self._tell(worked)

    def job(self, seconds: int, marks: Mapping[str, Decimal] | None = None) -> TickJob:
        """What a tick of ``seconds`` starts from now (ServiceError when the clock cannot move so)."""
        if seconds < 0:
            raise ServiceError(f"The clock does not go back: a tick of {seconds} seconds.")
        loaded = self.accounts.load(self.name)
        before, row = loaded.state, loaded.row
        try:
            end = before.time + timedelta(seconds=seconds)
        except OverflowError:
            raise ServiceError(f"The clock cannot move {seconds} seconds past {before.time:%Y-%m-%d}.") from None
        return TickJob(self.name, row.id, before, loaded.parameters, self.feed, row.feed_ticks, seconds, end, marks)

    def current(self, job: TickJob) -> bool:
        """Whether the account is still where ``job`` started: the very same state, parameters, feed
        and feed tick (a trader's action, a reload or another feed in between make it stale)."""
        loaded = self.accounts.load(self.name)
        return (
            loaded.state is job.before
            and loaded.parameters is job.parameters
            and self.feed is job.feed
            and loaded.row.id == job.account_id
            and loaded.row.feed_ticks == job.feed_tick
        )

    def commit(self, worked: WorkedTick) -> TickReport | None:
        """Write a tick worked out elsewhere and tell the listeners, as ``tick`` does; None (nothing
        written) when the account moved since the tick started (``current``)."""
        if not self.current(worked.job):
            return None
        try:
            self._write(worked)
        except BaseException:
            self.accounts.forget(self.name)
            raise
        return self._tell(worked)

    def _write(self, worked: WorkedTick) -> None:
        """The tick's one transaction; the account in memory follows only once it is committed."""
        with writing(self.accounts.store):
            ledger.write(worked.rows)
        loaded = self.accounts.load(self.name)
        loaded.row.feed_ticks += 1
        loaded.state = worked.after

    def _tell(self, worked: WorkedTick) -> TickReport:
        after = worked.after
        report = TickReport(
            self.name, after.time, dict(after.marks), worked.valuation, worked.events, after, worked.figures
        )
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
