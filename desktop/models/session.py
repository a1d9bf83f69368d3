"""The open account's session: its state and figures, the trader's actions on it and their previews,
what its ledger holds, and its price feed. One per window; it follows the account the trader opens.

Every change reaches the views as one ``Change`` on ``changed``, saying which parts moved. Ticks
reported by the simulation are re-emitted through a Qt signal, so a tick reported from another
thread reaches the views queued on the GUI thread.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import replace
from datetime import datetime
from decimal import Decimal

from PySide6.QtCore import QObject, Signal

from ..engine import (
    AccountState,
    AccountValuation,
    Event,
    MarginParameters,
    Outcome,
    Refusal,
    account_limits,
    actions,
    max_order_quantity,
    orders,
    pool_rates,
    value_account,
)
from ..engine.form_max import max_accepted_withdrawal
from ..engine.limits import AssetLimits, asset_limits, liquidation_prices
from ..engine.position_totals import PositionTotals
from ..engine.preview import ActionPreview, preview
from ..engine.vocabulary import LIQUIDATION_EVENTS, AccountOrigin, EventType
from ..services import perps
from ..services.accounts import AccountService, LoadedAccount, ServiceError
from ..services.feeds import PRICE_DIGITS, FeedError, FeedKind, ScenarioFeed, ScenarioStep
from ..services.integrity import account_problem
from ..services.live_parameters import snapshot_notes
from ..services.simulation import Simulation, TickReport
from ..text.formatting import AssetFormats
from ..text.read_only import MIRROR_WHY, store_read_only_sentence
from .change import Change
from .perp_preview import PerpPreview, perp_order_preview

__all__ = [
    "Action",
    "FeedError",
    "FeedKind",
    "ScenarioStep",
    "MIRROR_WHY",
    "ServiceError",
    "Session",
    "store_read_only_sentence",
]  # views take these from here, not from the services

Action = Callable[[AccountState, MarginParameters], Outcome]

READ_ONLY = "READ_ONLY"  # a refusal's code: the account (a mirror) or the whole store may not be written


class Session(QObject):
    changed = Signal(object)  # a Change: what moved in the open account
    _ticked = Signal(object)  # a TickReport, queued to the GUI thread when it comes from another

    def __init__(self, service: AccountService, name: str | None = None, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._service = service
        self._name = ""
        self._simulation: Simulation | None = None
        self._seen: AccountState | None = None  # the state the views were last told about
        self._valuation: AccountValuation | None = None
        self._limits: dict[str, AssetLimits] | None = None
        self._liquidation_prices: dict[str, Decimal | None] | None = None
        self.start_marks: dict[str, Decimal] = {}  # the marks when the account was opened
        self.last_liquidation: tuple[datetime, int] | None = None  # when, and how many steps
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
        return AssetFormats(self.parameters)

    @property
    def valuation(self) -> AccountValuation:
        if self._valuation is None:
            self._valuation = value_account(self.state.account, self.parameters, self.state.marks)
        return self._valuation

    @property
    def limits(self) -> dict[str, AssetLimits]:
        if self._limits is None:
            self._limits = account_limits(self.state.account, self.parameters, self.state.marks, self.state.pools)
        return self._limits

    @property
    def liquidation_prices(self) -> dict[str, Decimal | None]:
        """Each held or borrowed asset's and each position base's estimated liquidation price: what the
        risk gauge reads at every tick, without the rest of the limits (a fifth of their cost)."""
        if self._liquidation_prices is None:
            state = self.state
            self._liquidation_prices = liquidation_prices(state.account, self.parameters, state.marks, self.valuation)
        return self._liquidation_prices

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

    def _tell(self, change: Change, valuation: AccountValuation | None = None) -> None:
        self._seen = self.state
        self._valuation = valuation  # a tick brings the valuation it stored: not computed twice
        self._limits = self._liquidation_prices = None
        if change.liquidation_steps:  # when it happened, from the ledger (a background run tells at its end)
            self.last_liquidation = self.unacknowledged_liquidation() or (self._seen.time, change.liquidation_steps)
        self.changed.emit(change)

    def _told(self, events: tuple[Event, ...], valuation: AccountValuation | None = None) -> None:
        before = self._seen if self._seen is not None else self.state
        self._tell(Change.of(self._name, events, before, self.state), valuation)

    # -- the clock and the price feed ------------------------------------------------------------
    def tick(self, seconds: int) -> TickReport:
        """Advance the open account's clock by ``seconds`` of simulated time (prices move, interest accrues).
        A mirror's clock stands still: it shows the account as Backpack last reported it."""
        if self.read_only:
            state = self.state
            return TickReport(self._name, state.time, dict(state.marks), self.valuation, ())
        return self._simulation.tick(seconds)

    def tick_live(self, seconds: int, marks: dict[str, Decimal]) -> TickReport:
        """A Live tick: ``seconds`` of real time passed and Backpack's ``marks`` (instead of the feed's).
        A mirror stands still here too: its marks are the ones Backpack valued it at; Refresh moves them."""
        if self.read_only:
            return self.tick(seconds)
        return self._simulation.tick(seconds, marks)

    @property
    def parameter_notes(self) -> tuple[str, ...]:
        """What the snapshot in use says it assumed ([assumed] rateModel of a fetched one); often none."""
        return snapshot_notes(self._loaded.row.snapshot.content)

    def _after_tick(self, report: TickReport) -> None:
        if report.account == self._name:
            self._told(report.events, report.valuation)

    def detached_simulation(self) -> Simulation:
        """A simulation of the open account that tells the session nothing (for work in another thread,
        which ends with ``reload``)."""
        return Simulation(self._service, self._name)

    def use_random_walk(self, seed: int) -> None:
        self._simulation.use_random_walk(seed)
        self._tell(Change(self._name, feed=True), self._valuation)

    def use_scenario(self, text: str) -> None:
        self._simulation.use_scenario(text)
        self._tell(Change(self._name, feed=True), self._valuation)

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
        self._tell(Change(self._name, feed=True), self._valuation)

    # -- actions (each one transaction; a refusal changes nothing) ---------------------------------
    def act(self, action: Action) -> Outcome:
        """Carry out ``action`` on the open account; the views hear what it changed if it was accepted."""
        if self.read_only:  # the controls are disabled; this is the last line of defence
            return self._refused_read_only()
        return self._done(self._service.perform(self._name, action))

    def _refused_read_only(self) -> Outcome:
        return Outcome(self.state, refusal=Refusal(READ_ONLY, self.read_only_why))

    def _done(self, outcome: Outcome) -> Outcome:
        if outcome.accepted:
            self._told(outcome.events)
        return outcome

    def deposit(self, symbol: str, quantity: Decimal) -> Outcome:
        return self.act(lambda s, p: actions.deposit(s, p, symbol, quantity))

    def withdraw(self, symbol: str, quantity: Decimal, margin: bool = False) -> Outcome:
        return self.act(lambda s, p: actions.withdraw(s, p, symbol, quantity, margin))

    def borrow(self, symbol: str, quantity: Decimal) -> Outcome:
        return self.act(lambda s, p: actions.borrow(s, p, symbol, quantity))

    def repay(self, symbol: str, quantity: Decimal) -> Outcome:
        return self.act(lambda s, p: actions.repay(s, p, symbol, quantity))

    def lend(self, symbol: str, quantity: Decimal) -> Outcome:
        return self.act(lambda s, p: actions.lend(s, p, symbol, quantity))

    def redeem(self, symbol: str, quantity: Decimal) -> Outcome:
        return self.act(lambda s, p: actions.redeem(s, p, symbol, quantity))

    def place_order(
        self,
        symbol: str,
        side: str,
        order_type: str,
        quantity: Decimal,
        price: Decimal | None,
        margin: bool,
        reduce_only: bool = False,
    ) -> Outcome:
        """A spot order, or a perp order when ``symbol`` is a perp market (``margin`` is then moot)."""
        return self.act(
            lambda s, p: orders.place_order(s, p, symbol, side, order_type, quantity, price, margin, reduce_only)
        )

    # Perps (§10): positions are in ``state.account.positions``, resting perp orders in ``state.orders``
    # (``order.is_perp``, ``order.reduce_only``), their figures in ``valuation.positions``.
    def place_perp_order(
        self,
        symbol: str,
        side: str,
        order_type: str,
        quantity: Decimal,
        price: Decimal | None = None,
        reduce_only: bool = False,
    ) -> Outcome:
        """A perp order (Bid = buy/long, Ask = sell/short; Market or Limit at ``price``)."""
        if self.read_only:
            return self._refused_read_only()
        return self._done(
            perps.place_perp_order(self._service, self._name, symbol, side, order_type, quantity, price, reduce_only)
        )

    def close_position(self, symbol: str) -> Outcome:
        """Close the whole position on ``symbol`` at market (reduce-only)."""
        if self.read_only:
            return self._refused_read_only()
        return self._done(perps.close_position(self._service, self._name, symbol))

    def cancel_perp_order(self, order_id: str) -> Outcome:
        if self.read_only:
            return self._refused_read_only()
        return self._done(perps.cancel_perp_order(self._service, self._name, order_id))

    def position_totals(self) -> dict[str, PositionTotals]:
        """Per open position: opened when, funding (+ received, − paid), fees and realized PnL since (USDC)."""
        return perps.position_totals(self._service, self._name)

    def cancel_order(self, order_id: str) -> Outcome:
        return self.act(lambda s, p: orders.cancel_order(s, p, order_id))

    def change_settings(
        self, leverage_limit: int | None = None, auto_lend: bool | None = None, auto_repay_borrows: bool | None = None
    ) -> Outcome:
        return self.act(lambda s, p: actions.change_settings(s, p, leverage_limit, auto_lend, auto_repay_borrows))

    # -- previews and Max buttons (nothing is stored) ---------------------------------------------
    def preview(self, action: Action) -> ActionPreview:
        return preview(self.state, action(self.state, self.parameters), self.parameters)

    def preview_order(
        self,
        symbol: str,
        side: str,
        order_type: str,
        quantity: Decimal,
        price: Decimal | None,
        margin: bool,
        reduce_only: bool = False,
    ) -> ActionPreview:
        return self.preview(
            lambda s, p: orders.place_order(s, p, symbol, side, order_type, quantity, price, margin, reduce_only)
        )

    def preview_perp_order(
        self, symbol: str, side: str, order_type: str, quantity: Decimal, price: Decimal | None, reduce_only: bool
    ) -> PerpPreview:
        return perp_order_preview(self.state, self.parameters, symbol, side, order_type, quantity, price, reduce_only)

    def preview_deposit(self, symbol: str, quantity: Decimal) -> ActionPreview:
        return self.preview(lambda s, p: actions.deposit(s, p, symbol, quantity))

    def preview_withdrawal(self, symbol: str, quantity: Decimal, margin: bool) -> ActionPreview:
        return self.preview(lambda s, p: actions.withdraw(s, p, symbol, quantity, margin))

    def preview_borrow(self, symbol: str, quantity: Decimal) -> ActionPreview:
        return self.preview(lambda s, p: actions.borrow(s, p, symbol, quantity))

    def borrow_apr(self, symbol: str) -> Decimal:
        """The pool's borrow rate now (APR, a fraction)."""
        return pool_rates(self.parameters.assets[symbol].lending, self.state.pools[symbol]).borrow_apr

    def max_borrow(self, symbol: str) -> Decimal:
        """Available to borrow: the §4 limit for one asset (cheaper than every limit of the account)."""
        state = self.state
        return asset_limits(
            state.account, self.parameters, state.marks, state.pools, symbol, self.valuation
        ).max_borrow_quantity

    def max_withdrawal(self, symbol: str, margin: bool) -> Decimal:
        return max_accepted_withdrawal(self.state, self.parameters, symbol, margin)

    def max_order_quantity(
        self, symbol: str, side: str, price: Decimal | None, margin: bool, reduce_only: bool = False
    ) -> Decimal:
        """The form's Max; for a perp it honours reduce-only (``margin`` is then moot)."""
        return max_order_quantity(self.state, self.parameters, symbol, side, price, margin, reduce_only)

    # -- the ledger --------------------------------------------------------------------------------
    def fills(self, limit: int) -> list[Event]:
        """The latest ``limit`` fills, newest first."""
        return self._service.events(self._name, (EventType.FILL,), limit)

    def history(
        self,
        event_type: str | tuple[str, ...] | None = None,
        symbol: str | None = None,
        since: int | None = None,
        until: int | None = None,
        offset: int = 0,
        limit: int | None = None,
        excluded: tuple[str, ...] = (),
    ) -> list[Event]:
        """Ledger events newest first, filtered by type (one or several; ``excluded`` left out), asset
        and simulated time (epoch seconds, inclusive)."""
        return self._service.history(self._name, event_type, symbol, since, until, offset, limit, excluded)

    def latest(self, event_type: str) -> Event | None:
        """The newest event of ``event_type`` (a note whose latest value wins, say), or None."""
        found = self._service.events(self._name, (event_type,), 1)
        return found[0] if found else None

    # -- notes: price moves, alerts, acknowledgements (no books move) ------------------------------
    def note(self, event_type: str, symbol: str = "", reason: str = "", details: dict | None = None) -> Event:
        """Write a note at the simulated time now (one transaction); History hears of it."""
        event = Event(event_type, symbol, self.state.time, reason=reason, details=details or {})
        if self.store_read_only is not None:  # kept for this run only: the banner says nothing is written
            return event
        self._service.note(self._name, (event,))
        self.changed.emit(Change(self._name, history=True))
        return event

    def move_price(self, symbol: str, price: Decimal, reason: str) -> TickReport:
        """Set ``symbol``'s mark to ``price`` now (its perps move with it), one transaction with a
        PriceMoved note for History; ServiceError in words if the price is refused."""
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

    def unacknowledged_liquidation(self) -> tuple[datetime, int] | None:
        """The latest liquidation (its time and its steps at that time) the trader has not acknowledged."""
        last = self._service.events(self._name, tuple(LIQUIDATION_EVENTS), 1)
        if not last:
            return None
        seen = self.latest(EventType.LIQUIDATION_ACKNOWLEDGED)
        if seen is not None and seen.time >= last[0].time:
            return None
        when = last[0].time
        at_that_time = self.history(tuple(LIQUIDATION_EVENTS), since=int(when.timestamp()), limit=1000)
        return when, len(at_that_time)

    def acknowledge_liquidation(self) -> None:
        """The trader has seen the liquidation: its notice goes, and stays gone after a restart."""
        if self.last_liquidation is None:
            return
        when, steps = self.last_liquidation
        self.last_liquidation = None
        self.note(
            EventType.LIQUIDATION_ACKNOWLEDGED,
            reason=f"Liquidation of {when:%Y-%m-%d %H:%M} UTC ({steps} step{'s' if steps != 1 else ''}) acknowledged",
        )

    def accrued_interest(self) -> dict[str, Decimal]:
        """Per asset: interest charged on borrows (entry fees included) or earned on lends, so far."""
        return self._service.accrued_interest(self._name)
