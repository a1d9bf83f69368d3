"""The desk: the application's view-state over the services, as a QObject with signals.

Views never call the services themselves; they call the desk and listen to its signals. Service
callbacks (simulation ticks) are re-emitted as Qt signals, so a tick reported from a worker thread
reaches the views queued on the GUI thread.
"""

from __future__ import annotations

import logging
import time
from collections.abc import Callable
from datetime import datetime
from decimal import Decimal

from PySide6.QtCore import QObject, QTimer, Signal

from ..engine import (
    AccountState,
    AccountValuation,
    MarginParameters,
    Outcome,
    account_limits,
    actions,
    max_order_quantity,
    orders,
    value_account,
)
from ..engine.form_max import max_accepted_withdrawal
from ..engine.limits import AssetLimits, asset_limits
from ..engine.numbers import load_json
from ..engine.preview import ActionPreview, preview
from ..services.account_files import export_account, import_account
from ..services.accounts import AccountService, LoadedAccount, ServiceError
from ..services.simulation import Simulation, TickReport
from ..text.formatting import AssetFormats

log = logging.getLogger(__name__)

__all__ = ["Desk", "ServiceError", "SPEEDS"]  # views take ServiceError from here, not from the services

SPEEDS = (1, 10, 60, 600, 3600)
CLOCK_INTERVAL_MS = 250


class Desk(QObject):
    accountChanged = Signal(str)  # another account is shown
    accountsChanged = Signal()  # created, renamed or deleted
    stateChanged = Signal(str)  # the shown account's figures changed; the argument says why
    ticked = Signal(object)  # a TickReport
    clockChanged = Signal()  # paused, playing, speed

    def __init__(self, accounts: AccountService, account: str | None = None, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.accounts = accounts
        self._timer = QTimer(self)
        self._timer.setInterval(CLOCK_INTERVAL_MS)
        self._timer.timeout.connect(self._on_timer)
        self._owed_seconds = 0.0
        self._last_wall = time.monotonic()
        self.speed = 60
        self.simulation: Simulation | None = None
        self._valuation: AccountValuation | None = None
        self._limits: dict[str, AssetLimits] | None = None
        self.start_marks: dict[str, Decimal] = {}
        self.last_liquidation: tuple[datetime, int] | None = None  # when, and how many steps
        self.last_events: tuple = ()  # what the latest change did, so views reload only what it touched
        self.ticked.connect(self._after_tick)
        names = accounts.names()
        self.name = ""
        self.switch(account if account in names else names[0])

    # -- the shown account -------------------------------------------------------------------------
    @property
    def loaded(self) -> LoadedAccount:
        return self.accounts.load(self.name)

    @property
    def state(self) -> AccountState:
        return self.loaded.state

    @property
    def parameters(self) -> MarginParameters:
        return self.loaded.parameters

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

    def switch(self, name: str) -> None:
        self.pause()
        self.name = name
        self.simulation = Simulation(self.accounts, name)
        self.simulation.subscribe(self.ticked.emit)
        self.start_marks = dict(self.state.marks)
        self.last_liquidation = None
        self._changed("switch")
        self.accountChanged.emit(name)

    def _changed(self, reason: str, valuation: AccountValuation | None = None) -> None:
        self._valuation = valuation  # a tick brings the valuation it stored: not computed twice
        self._limits = None
        self.stateChanged.emit(reason)

    # -- accounts ----------------------------------------------------------------------------------
    def create_account(self, name: str) -> None:
        self.accounts.create(name)
        self.accountsChanged.emit()
        self.switch(name.strip())

    def rename_account(self, new_name: str) -> None:
        old = self.name
        self.accounts.rename(old, new_name)
        self.name = new_name.strip()
        self.simulation = Simulation(self.accounts, self.name)
        self.simulation.subscribe(self.ticked.emit)
        self.accountsChanged.emit()
        self.accountChanged.emit(self.name)

    def delete_account(self) -> None:
        """Delete the shown account; the first remaining one is shown (a new Demo if none remains)."""
        self.accounts.delete(self.name)
        self.accounts.ensure_demo_account()
        self.accountsChanged.emit()
        self.switch(self.accounts.names()[0])

    # -- actions -----------------------------------------------------------------------------------
    def act(self, action: Callable[[AccountState, MarginParameters], Outcome]) -> Outcome:
        """Carry out an action on the shown account (one transaction); figures update if accepted."""
        outcome = self.accounts.perform(self.name, action)
        if outcome.accepted:
            self._note_liquidation(outcome.events)
            self.last_events = outcome.events
            self._changed("action")
        return outcome

    def _note_liquidation(self, events) -> None:
        steps = sum(1 for event in events if event.type in ("Liquidation", "Bankruptcy"))
        if steps:
            self.last_liquidation = (self.state.time, steps)

    def deposit(self, symbol: str, quantity: Decimal) -> Outcome:
        return self.act(lambda s, p: actions.deposit(s, p, symbol, quantity))

    def withdraw(self, symbol: str, quantity: Decimal, margin: bool) -> Outcome:
        return self.act(lambda s, p: actions.withdraw(s, p, symbol, quantity, margin))

    def place_order(
        self, symbol: str, side: str, order_type: str, quantity: Decimal, price: Decimal | None, margin: bool
    ) -> Outcome:
        return self.act(lambda s, p: orders.place_order(s, p, symbol, side, order_type, quantity, price, margin))

    def borrow(self, symbol: str, quantity: Decimal) -> Outcome:
        return self.act(lambda s, p: actions.borrow(s, p, symbol, quantity))

    def repay(self, symbol: str, quantity: Decimal) -> Outcome:
        return self.act(lambda s, p: actions.repay(s, p, symbol, quantity))

    def lend(self, symbol: str, quantity: Decimal) -> Outcome:
        return self.act(lambda s, p: actions.lend(s, p, symbol, quantity))

    def redeem(self, symbol: str, quantity: Decimal) -> Outcome:
        return self.act(lambda s, p: actions.redeem(s, p, symbol, quantity))

    def max_borrow(self, symbol: str) -> Decimal:
        """Available to borrow: the §4 limit for one asset (cheaper than every limit of the account)."""
        state = self.state
        return asset_limits(
            state.account, self.parameters, state.marks, state.pools, symbol, self.valuation
        ).max_borrow_quantity

    # -- files -------------------------------------------------------------------------------------
    def export_account(self) -> dict:
        return export_account(self.accounts, self.name)

    def import_account(self, name: str, text: str) -> None:
        """Create ``name`` from ACCOUNT.json text and show it; ServiceError names what is wrong."""
        try:
            document = load_json(text)
        except ValueError as error:
            raise ServiceError(f"The file is not readable JSON ({error}). Nothing was imported.") from None
        import_account(self.accounts, name, document)
        self.accountsChanged.emit()
        self.switch(name.strip())

    def cancel_order(self, order_id: str) -> Outcome:
        return self.act(lambda s, p: orders.cancel_order(s, p, order_id))

    def change_settings(self, **changes) -> Outcome:
        return self.act(lambda s, p: actions.change_settings(s, p, **changes))

    # -- previews (nothing is stored) --------------------------------------------------------------
    def preview(self, action: Callable[[AccountState, MarginParameters], Outcome]) -> ActionPreview:
        return preview(self.state, action(self.state, self.parameters), self.parameters)

    def preview_order(
        self, symbol: str, side: str, order_type: str, quantity: Decimal, price: Decimal | None, margin: bool
    ) -> ActionPreview:
        return self.preview(lambda s, p: orders.place_order(s, p, symbol, side, order_type, quantity, price, margin))

    def preview_deposit(self, symbol: str, quantity: Decimal) -> ActionPreview:
        return self.preview(lambda s, p: actions.deposit(s, p, symbol, quantity))

    def preview_withdrawal(self, symbol: str, quantity: Decimal, margin: bool) -> ActionPreview:
        return self.preview(lambda s, p: actions.withdraw(s, p, symbol, quantity, margin))

    def max_withdrawal(self, symbol: str, margin: bool) -> Decimal:
        return max_accepted_withdrawal(self.state, self.parameters, symbol, margin)

    def max_order_quantity(self, symbol: str, side: str, price: Decimal | None, margin: bool) -> Decimal:
        return max_order_quantity(self.state, self.parameters, symbol, side, price, margin)

    # -- the clock ---------------------------------------------------------------------------------
    @property
    def playing(self) -> bool:
        return self._timer.isActive()

    def play(self) -> None:
        if not self.playing:
            self._last_wall = time.monotonic()
            self._owed_seconds = 0.0
            self._timer.start()
            self.clockChanged.emit()

    def pause(self) -> None:
        if self.playing:
            self._timer.stop()
            self.clockChanged.emit()

    def toggle_clock(self) -> None:
        self.pause() if self.playing else self.play()

    def set_speed(self, speed: int) -> None:
        self.speed = max(1, min(3600, int(speed)))
        self.clockChanged.emit()

    def step_hour(self) -> TickReport:
        return self.tick(3600)

    def tick(self, seconds: int) -> TickReport:
        return self.simulation.tick(seconds)

    def _on_timer(self) -> None:
        now = time.monotonic()
        self._owed_seconds += (now - self._last_wall) * self.speed
        self._last_wall = now
        whole = int(self._owed_seconds)
        if whole >= 1:
            self._owed_seconds -= whole
            self.tick(whole)

    def touched(self, *types: str) -> bool:
        """Whether the latest change recorded any event of these types (any event when none given)."""
        return any(not types or event.type in types for event in self.last_events)

    def refresh_after_background(self) -> None:
        """After work in another thread moved the shown account: reload it and tell the views once."""
        self.accounts.forget(self.name)
        self.simulation = Simulation(self.accounts, self.name)
        self.simulation.subscribe(self.ticked.emit)
        self._changed("action")

    def _after_tick(self, report: TickReport) -> None:
        if report.account == self.name:
            self._note_liquidation(report.events)
            self.last_events = report.events
            self._changed("tick", report.valuation)
