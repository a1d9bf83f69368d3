"""The open account's session: its state and figures, the trader's actions on it and their previews,
what its ledger holds, and its price feed. One per window; it follows the account the trader opens.

Every change reaches the views as one ``Change`` on ``changed``, saying which parts moved. Ticks
reported by the simulation are re-emitted through a Qt signal, so a tick reported from another
thread reaches the views queued on the GUI thread.

The figures derived from the state (valuation, liquidation prices, limits) are one ``AccountFigures``
per state: each is worked out when a view first reads it and kept until the state moves, so views
that show the same figure pay for it once and a view showing one asset pays for that asset alone.
The actions, the previews and the ledger's reads are parts of the session kept in their own modules
(``trader_actions``, ``action_previews``, ``account_ledger``).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import replace
from datetime import datetime
from decimal import Decimal

from PySide6.QtCore import QObject, Signal

from ..engine import AccountState, AccountValuation, Event, MarginParameters
from ..engine.account_figures import AccountFigures, LimitsByAsset
from ..engine.limits import AssetLimits
from ..engine.vocabulary import AccountOrigin, EventType
from ..services.accounts import AccountService, LoadedAccount, ServiceError
from ..services.feeds import PRICE_DIGITS, FeedError, FeedKind, ScenarioFeed, ScenarioStep
from ..services.integrity import account_problem
from ..services.live_parameters import snapshot_notes
from ..services.simulation import Simulation, TickReport
from ..services.tick_work import TickJob, WorkedTick
from ..text.formatting import AssetFormats
from ..text.read_only import MIRROR_WHY, store_read_only_sentence
from .account_ledger import AccountLedger
from .action_previews import ActionPreviews
from .change import Change
from .trader_actions import READ_ONLY, Action, TraderActions

__all__ = [
    "MIRROR_WHY",
    "READ_ONLY",
    "Action",
    "FeedError",
    "FeedKind",
    "ScenarioStep",
    "ServiceError",
    "Session",
    "store_read_only_sentence",
]  # views take these from here, not from the services


class Session(TraderActions, ActionPreviews, AccountLedger, QObject):
    changed = Signal(object)  # a Change: what moved in the open account
    _ticked = Signal(object)  # a TickReport, queued to the GUI thread when it comes from another

    def __init__(self, service: AccountService, name: str | None = None, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._service = service
        self._name = ""
        self._simulation: Simulation | None = None
        self._seen: AccountState | None = None  # the state the views were last told about
        self._figures: AccountFigures | None = None  # the derived figures of one state
        self._formats: AssetFormats | None = None  # the formats of one parameters
        self.start_marks: dict[str, Decimal] = {}  # the marks when the account was opened
        self.last_liquidation: tuple[datetime, int] | None = None  # when, and how many steps
        # Pure engine work a played tick does on its worker from the new state's figures (``tick_worker``).
        self.tick_warmers: list[Callable[[AccountFigures], None]] = []
        self._ticked.connect(self._after_tick)
        names = service.names()
        self.switch(name if name in names else names[0])

    # -- the open account ------------------------------------------------------------------------
    @property
    def name(self) -> str:
        return self._name

    @property
    def _loaded(self) -> LoadedAccount:
        return self._service.load(self._name)

    @property
    def account_id(self) -> int:
        """The store's id of the open account (what the charts read their series by)."""
        return self._loaded.row.id

    @property
    def state(self) -> AccountState:
        return self._loaded.state

    @property
    def parameters(self) -> MarginParameters:
        return self._loaded.parameters

    @property
    def formats(self) -> AssetFormats:
        """How the open account's quantities and prices are written: one per parameters in use, so a
        view reading it each tick builds nothing and a cache keyed on it (``formats is``) holds."""
        parameters = self.parameters
        formats = self._formats
        if formats is None or formats.parameters is not parameters:
            formats = self._formats = AssetFormats(parameters)
        return formats

    # -- figures derived from the state (each worked out once per state, when first read) ----------
    @property
    def figures(self) -> AccountFigures:
        """The derived figures of the state now: ``valuation``, ``liquidation_price(symbol)``,
        ``liquidation_prices``, ``max_borrow(symbol)``, ``max_withdrawal(symbol)``,
        ``max_margin_withdrawal(symbol)``, ``asset_limits(symbol)``, ``limits``."""
        loaded = self._loaded
        figures = self._figures
        if figures is None or figures.state is not loaded.state or figures.parameters is not loaded.parameters:
            figures = self._figures = AccountFigures(loaded.state, loaded.parameters)
        return figures

    @property
    def valuation(self) -> AccountValuation:
        return self.figures.valuation

    @property
    def limits(self) -> LimitsByAsset:
        """Every asset's limits (``{symbol: AssetLimits}``, each figure worked out when read): prefer
        ``liquidation_price(symbol)`` or ``asset_limits(symbol)`` for one asset."""
        return self.figures.limits

    def asset_limits(self, symbol: str) -> AssetLimits:
        """One asset's limits (max borrow, max withdrawals, liquidation price) without the others'."""
        return self.figures.asset_limits(symbol)

    def liquidation_price(self, symbol: str) -> Decimal | None:
        """The estimated liquidation price of one asset or perp underlying, without any max search."""
        return self.figures.liquidation_price(symbol)

    @property
    def liquidation_prices(self) -> dict[str, Decimal | None]:
        """Each held or borrowed asset's and each position base's estimated liquidation price: what the
        risk gauge reads at every tick, without the rest of the limits (a fifth of their cost)."""
        return self.figures.liquidation_prices

    @property
    def origin(self) -> str:
        """Where the open account came from: an ``AccountOrigin`` ("simulated", "imported", "backpack")."""
        return self._loaded.row.origin

    @property
    def feed(self) -> tuple[FeedKind, int]:
        """The price feed: its kind and its seed (what a random walk starts from)."""
        row = self._loaded.row
        return FeedKind(row.feed_kind), row.feed_seed

    @property
    def mirror(self) -> bool:
        """A mirror of a real Backpack account (it shows the account as Backpack reported it)."""
        return self.origin == AccountOrigin.BACKPACK

    @property
    def store_read_only(self) -> str | None:
        """Why the whole store is open read-only (it failed its integrity check, or cannot be written),
        in one sentence; None when it may be written."""
        return self._service.store.read_only_reason

    @property
    def read_only(self) -> bool:
        """A mirror, or any account of a read-only store: no action, no clock, nothing written."""
        return self.store_read_only is not None or self.mirror

    @property
    def read_only_why(self) -> str:
        """Why nothing may be done here, and what to do (for a banner, tooltips and refusals)."""
        reason = self.store_read_only
        if reason is None:
            return MIRROR_WHY
        return store_read_only_sentence(reason, self.directory)

    @property
    def directory(self):
        """The data directory the store lives in (what ``margin-desk verify --data-dir`` is given)."""
        return self._service.store.directory

    def problem_opening(self, name: str) -> str | None:
        """In a damaged store, why ``name`` cannot be opened (its rows cannot be read); else None."""
        if self.store_read_only is None:
            return None
        return account_problem(self._service, name)

    def switch(self, name: str) -> None:
        """Open ``name``: every view starts again on it."""
        self._name = name
        self._new_simulation()
        self.start_marks = dict(self.state.marks)
        self.last_liquidation = self.unacknowledged_liquidation()  # its notice outlives a restart
        self._tell(Change.everything(name, self.parameters.assets))

    def follow_rename(self, new_name: str) -> None:
        """The account list renamed the open account: same figures, new name."""
        self._name = new_name
        self._new_simulation()

    def reload(self, liquidation_steps: int = 0) -> None:
        """After work in another thread moved the open account: read it again and tell the views once
        (with the liquidation steps the work took, so the notice and the alerts hear of them)."""
        self._service.forget(self._name)
        self._new_simulation()
        everything = Change.everything(self._name, self.parameters.assets, opened=False)
        self._tell(replace(everything, liquidation_steps=liquidation_steps))

    def _new_simulation(self) -> None:
        self._simulation = Simulation(self._service, self._name)
        self._simulation.subscribe(self._ticked.emit)

    def _tell(self, change: Change, figures: AccountFigures | None = None) -> None:
        self._seen = self.state
        if figures is not None:  # a tick brings the valuation it stored: not computed twice
            self._figures = figures
        if change.liquidation_steps:  # when it happened, from the ledger (a background run tells at its end)
            self.last_liquidation = self.unacknowledged_liquidation() or (self._seen.time, change.liquidation_steps)
        self.changed.emit(change)

    def _told(
        self,
        events: tuple[Event, ...],
        valuation: AccountValuation | None = None,
        figures: AccountFigures | None = None,
    ) -> None:
        before = self._seen if self._seen is not None else self.state
        loaded = self._loaded
        if figures is None and valuation is not None:
            figures = AccountFigures(loaded.state, loaded.parameters, valuation)
        self._tell(Change.of(self._name, events, before, loaded.state), figures)

    # -- the clock and the price feed ------------------------------------------------------------
    def tick(self, seconds: int) -> TickReport:
        """Advance the open account's clock by ``seconds`` of simulated time (prices move, interest accrues).
        A mirror's clock stands still: it shows the account as Backpack last reported it."""
        if self.read_only:
            state = self.state
            return TickReport(self._name, state.time, dict(state.marks), self.valuation, (), state)
        return self._simulation.tick(seconds)

    def tick_live(self, seconds: int, marks: dict[str, Decimal]) -> TickReport:
        """A Live tick: ``seconds`` of real time passed and Backpack's ``marks`` (instead of the feed's).
        A mirror stands still here too: its marks are the ones Backpack valued it at; Refresh moves them."""
        if self.read_only:
            return self.tick(seconds)
        return self._simulation.tick(seconds, marks)

    def tick_job(self, seconds: int) -> TickJob | None:
        """What a tick of ``seconds`` starts from, for the playing clock to work out on another thread
        (``models.tick_worker``); None when it must run here (a mirror, a feed that reads the store)."""
        if self.read_only:
            return None
        job = self._simulation.job(seconds)
        return job if job.off_thread else None

    def commit_tick(self, worked: WorkedTick) -> TickReport | None:
        """Write and tell a tick worked out on another thread, as ``tick`` would have; None (nothing
        written) when the open account moved since it started (an order, a switch, a reload)."""
        if self.read_only or worked.job.account != self._name:
            return None
        return self._simulation.commit(worked)

    @property
    def parameter_notes(self) -> tuple[str, ...]:
        """What the snapshot in use says it assumed ([assumed] rateModel of a fetched one); often none."""
        return snapshot_notes(self._loaded.row.snapshot.content)

    def _after_tick(self, report: TickReport) -> None:
        if report.account == self._name:
            # The report's valuation is kept only for the state it valued (a report queued from another
            # thread may arrive after the state moved on).
            fresh = report.state is not None and report.state is self.state
            figures = report.figures if fresh and report.figures is not None else None  # warmed off the GUI thread
            self._told(report.events, report.valuation if fresh else None, figures)

    def detached_simulation(self) -> Simulation:
        """A simulation of the open account that tells the session nothing (for work in another thread,
        which ends with ``reload``)."""
        return Simulation(self._service, self._name)

    def use_random_walk(self, seed: int) -> None:
        self._simulation.use_random_walk(seed)
        self._tell(Change(self._name, feed=True))

    def use_scenario(self, text: str) -> None:
        self._simulation.use_scenario(text)
        self._tell(Change(self._name, feed=True))

    def scenario_steps(self, text: str) -> list[ScenarioStep]:
        """The steps of a scenario script from the marks now; FeedError names the first bad line."""
        return list(ScenarioFeed.from_text(text, self.state.time, dict(self.state.marks)).steps)

    def priced_symbols(self) -> list[str]:
        """What Move price… can move: every asset with a mark and every perp-only underlying."""
        return [s for s in self.state.marks if s in self.parameters.assets or s in self.parameters.perp_only_bases]

    def moved_price(self, symbol: str, percent: Decimal) -> Decimal:
        """``symbol``'s mark moved by ``percent`` (ten significant digits, as the feeds keep marks)."""
        return PRICE_DIGITS.multiply(self.state.marks[symbol], 1 + percent / 100)

    def use_csv(self, text: str) -> None:
        self._simulation.use_csv(text)
        self._tell(Change(self._name, feed=True))

    def move_price(self, symbol: str, price: Decimal, reason: str) -> TickReport:
        """Set ``symbol``'s mark to ``price`` now (its perps move with it), one transaction with a
        PriceMoved note for History; ServiceError in words if the price is refused (or the account is a mirror)."""
        if self.read_only:
            raise ServiceError(self.read_only_why)
        old = self.state.marks.get(symbol)
        note = Event(
            EventType.PRICE_MOVED,
            symbol,
            self.state.time,
            price=price,
            reason=reason,
            details={"from": str(old) if old is not None else "", "to": str(price)},
        )
        return self._simulation.move_prices({symbol: price}, (note,))
