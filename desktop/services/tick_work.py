"""The part of a tick that needs neither the store nor Qt: from the account's state, its parameters and
its price feed, the clocked state, the feed's marks, the moved prices, the valuation, the events and
the ledger's rows made ready. ``Simulation.tick`` works it out where it runs; the playing clock works
it out on another thread (``models.tick_worker``) and the GUI thread only writes and tells.

A ``TickJob`` holds what the tick starts from: immutable engine records and a feed that only reads
its own fields. The tick it gives is committed only while the account is still in that very state
(``Simulation.commit``): anything done in between (an order, a switch, a reload) leaves it unused.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import datetime
from decimal import Decimal

from ..engine import AccountState, AccountValuation, Event, MarginParameters, advance_clock, value_account
from ..engine.account_figures import AccountFigures
from ..engine.clock import move_prices_valued
from ..store import ledger
from .feeds import CsvReplayFeed, PriceFeed, RandomWalkFeed, ScenarioFeed
from .writes import ServiceError

# Feeds whose marks are worked out from their own fields alone (a stored CSV reads the store: its
# ticks stay on the thread that owns the store).
FEEDS_OFF_THREAD = (RandomWalkFeed, ScenarioFeed, CsvReplayFeed)


@dataclass(frozen=True)
class TickJob:
    """What one tick of ``seconds`` starts from (its end already checked to be a usable time)."""

    account: str
    account_id: int
    before: AccountState
    parameters: MarginParameters
    feed: PriceFeed
    feed_tick: int  # the account's feed ticks before this one (what a random walk is seeded by)
    seconds: int
    end: datetime
    marks: Mapping[str, Decimal] | None = None  # Live mode's marks, instead of the feed's

    @property
    def off_thread(self) -> bool:
        """Whether another thread may work it out: Live's marks are given, or the feed needs no store."""
        return self.marks is not None or isinstance(self.feed, FEEDS_OFF_THREAD)


@dataclass(frozen=True)
class WorkedTick:
    """A tick worked out, ready to be written: the state after, its valuation, the events, the ledger's
    rows, and (worked out off the GUI thread) the figures the views read every tick."""

    job: TickJob
    after: AccountState
    valuation: AccountValuation
    events: tuple[Event, ...]
    rows: ledger.LedgerRows
    figures: AccountFigures | None = None


def work_out(job: TickJob, warm: bool = False) -> WorkedTick:
    """The tick ``job`` asks for, as ``Simulation.tick`` has always worked it out; ``warm``: also the
    figures of the state after that every tick's views read (its liquidation prices), so the GUI thread
    finds them done. ServiceError when the feed gives an unusable price."""
    before, parameters = job.before, job.parameters
    clocked = advance_clock(before, parameters, job.end)
    if job.marks is None:
        marks = job.feed.marks_at(job.feed_tick, before.time, job.end, clocked.state.marks)
    else:
        known = clocked.state.marks
        marks = {s: p for s, p in job.marks.items() if s in known and known[s] != p}
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
    rows = ledger.prepare(
        job.account_id, before, after, events, ticks=after.marks, equity=valuation, feed_ticks=job.feed_tick + 1
    )
    figures = None
    if warm:
        figures = AccountFigures(after, parameters, valuation)
        figures.liquidation_prices  # noqa: B018  (worked out here, kept in the figures)
    return WorkedTick(job, after, valuation, events, rows, figures)
