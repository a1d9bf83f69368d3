"""What the open account's ledger holds (part of ``Session``): fills, History's events, notes the
trader leaves (alerts, acknowledgements), the unacknowledged liquidation, interest so far."""

from __future__ import annotations

from datetime import datetime
from decimal import Decimal

from PySide6.QtCore import SignalInstance

from ..engine import AccountState, Event
from ..engine.vocabulary import LIQUIDATION_EVENTS, EventType
from ..services.accounts import AccountService
from .change import Change


class AccountLedger:
    # What the session provides.
    _service: AccountService
    _name: str
    state: AccountState
    changed: SignalInstance
    last_liquidation: tuple[datetime, int] | None
    store_read_only: str | None

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

    def numbered_history(
        self,
        event_type: str | tuple[str, ...] | None = None,
        symbol: str | None = None,
        since: int | None = None,
        until: int | None = None,
        offset: int = 0,
        limit: int | None = None,
        excluded: tuple[str, ...] = (),
        after: int = 0,
        before: int | None = None,
    ) -> list[tuple[int, Event]]:
        """``history`` with each event's ledger number (numbers grow as events are written), only the
        events numbered after ``after`` and before ``before``: History reads just what a tick added."""
        return self._service.numbered_history(
            self._name, event_type, symbol, since, until, offset, limit, excluded, after, before
        )

    def newest_number(self) -> int:
        """The ledger number of the newest event (0: none yet)."""
        return self._service.newest_number(self._name)

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
