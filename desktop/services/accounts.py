"""Accounts and the trader's actions, each one database transaction: the engine decides, the store
records, a refusal records nothing."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from decimal import Decimal

from ..engine import AccountState, Event, MarginParameters, Outcome, actions, load_parameters, value_account
from ..engine.numbers import load_json
from ..engine.vocabulary import NOTE_EVENTS, EventType
from ..paths import BUNDLED_SNAPSHOT, resource_path
from ..store import accounts_table, history, ledger
from ..store.accounts_table import AccountRow
from ..store.db import Store, now_text
from .writes import ServiceError, writing

MAX_NAME_LENGTH = 40
DEMO_NAME = "Demo"
DEMO_DEPOSITS = (("USDC", Decimal("10000")), ("SOL", Decimal("20")))
INTEREST_TYPES = (EventType.INTEREST, EventType.ENTRY_FEE)  # what the interest columns add up


@dataclass
class LoadedAccount:
    row: AccountRow
    parameters: MarginParameters
    state: AccountState


Action = Callable[[AccountState, MarginParameters], Outcome]


class AccountService:
    """Create, rename, delete and act on accounts of one store. The trader's actions are engine
    functions carried out through ``perform``: one transaction each."""

    def __init__(self, store: Store) -> None:
        self.store = store
        self._parameters: dict[int, MarginParameters] = {}
        self._loaded: dict[str, LoadedAccount] = {}
        self._interest: dict[int, tuple[int, dict[str, Decimal]]] = {}

    # -- accounts --------------------------------------------------------------------------------
    def names(self) -> list[str]:
        return accounts_table.account_names()

    def parameters_of(self, snapshot) -> MarginParameters:
        """The parameters of a stored snapshot row, parsed once."""
        if snapshot.id not in self._parameters:
            self._parameters[snapshot.id] = load_parameters(load_json(snapshot.content))
        return self._parameters[snapshot.id]

    def create(
        self,
        name: str,
        snapshot_text: str | None = None,
        source: str = "bundled example parameters",
        deposits: tuple[tuple[str, Decimal], ...] = (),
    ) -> LoadedAccount:
        """A new account on the bundled parameters (or a user's snapshot), with optional deposits."""
        name = self.valid_new_name(name)
        text = snapshot_text if snapshot_text is not None else resource_path(BUNDLED_SNAPSHOT).read_text("utf-8")
        parameters = load_parameters(load_json(text))  # refused before anything is written
        with writing(self.store):
            snapshot = ledger.snapshot_row(text, source)
            ledger.insert_account(name, snapshot, parameters, now_text())
            for symbol, quantity in deposits:
                outcome = self.perform(name, lambda s, p, sym=symbol, q=quantity: actions.deposit(s, p, sym, q))
                if not outcome.accepted:
                    raise ServiceError(f"deposit of {quantity} {symbol} refused: {outcome.refusal.message}")
        return self.load(name)

    def ensure_demo_account(self) -> bool:
        """The first run's account: ``Demo`` with 10,000 USDC and 20 SOL. True if it was created now."""
        if accounts_table.any_account():
            return False
        self.create(DEMO_NAME, deposits=DEMO_DEPOSITS)
        return True

    def rename(self, old: str, new: str) -> None:
        row = self._row(old)
        new = self.valid_new_name(new, allow=old)
        with writing(self.store):
            accounts_table.rename_account(row.id, new)
        self._loaded.pop(old, None)

    def delete(self, name: str) -> None:
        """Delete an account and its whole ledger."""
        row = self._row(name)
        with writing(self.store):
            accounts_table.delete_account(row)
        self._loaded.pop(name, None)

    def load(self, name: str) -> LoadedAccount:
        loaded = self._loaded.get(name)
        if loaded is None:
            row = self._row(name)
            loaded = LoadedAccount(row, self.parameters_of(row.snapshot), ledger.load_state(row))
            self._loaded[name] = loaded
        return loaded

    def forget(self, name: str | None = None) -> None:
        """Drop cached states (after an outside change, or a failed write)."""
        if name is None:
            self._loaded.clear()
        else:
            self._loaded.pop(name, None)

    # -- actions ---------------------------------------------------------------------------------
    def perform(self, name: str, action: Action) -> Outcome:
        """Run one engine action as one transaction; a refusal writes nothing."""
        loaded = self.load(name)
        outcome = action(loaded.state, loaded.parameters)
        if not outcome.accepted:
            return outcome
        try:
            with writing(self.store):
                # An equity snapshot after every action as after every tick, so the charts agree with the
                # overview at once (and draw the action as a step at its time, not a slope to the next tick).
                equity = value_account(outcome.state.account, loaded.parameters, outcome.state.marks)
                ledger.record(loaded.row, loaded.state, outcome.state, outcome.events, equity=equity)
        except BaseException:
            self.forget(name)
            raise
        loaded.state = outcome.state
        return outcome

    def note(self, name: str, events: tuple[Event, ...]) -> None:
        """Write ledger notes (alerts, their settings, an acknowledgement): no books move; one transaction."""
        if any(event.type not in NOTE_EVENTS for event in events):
            raise ServiceError("Only notes can be written without an action.")
        loaded = self.load(name)
        try:
            with writing(self.store):
                ledger.record(loaded.row, loaded.state, loaded.state, events)
        except BaseException:
            self.forget(name)
            raise

    def events(self, name: str, types: tuple[str, ...] = (), limit: int | None = None):
        """The account's ledger, newest first, optionally only some event types."""
        return history.newest_events(self._row(name).id, types, limit)

    def history(
        self,
        name: str,
        event_type: str | tuple[str, ...] | None = None,
        symbol: str | None = None,
        since: int | None = None,
        until: int | None = None,
        offset: int = 0,
        limit: int | None = None,
        excluded: tuple[str, ...] = (),
    ):
        """Ledger events newest first, filtered by type, asset (a market counts for its two assets) and
        simulated time (epoch seconds, inclusive)."""
        found = self.numbered_history(name, event_type, symbol, since, until, offset, limit, excluded)
        return [event for _number, event in found]

    def numbered_history(
        self,
        name: str,
        event_type: str | tuple[str, ...] | None = None,
        symbol: str | None = None,
        since: int | None = None,
        until: int | None = None,
        offset: int = 0,
        limit: int | None = None,
        excluded: tuple[str, ...] = (),
        after: int = 0,
        before: int | None = None,
    ):
        """``history`` as (ledger number, event) pairs, only the events numbered after ``after`` and
        before ``before``."""
        row = self._row(name)
        symbols = self._symbols_of(row, symbol)
        return history.numbered_events(
            row.id, event_type, symbols, since, until, offset, limit, excluded, after, before
        )

    def newest_number(self, name: str) -> int:
        """The ledger number of the account's newest event (0: none yet)."""
        return history.newest_number(self._row(name).id)

    def _symbols_of(self, row: AccountRow, symbol: str | None) -> list[str]:
        """An asset and every market it is part of (a perp counts for its base); none: every symbol."""
        if not symbol:
            return []
        parameters = self.parameters_of(row.snapshot)
        markets = [*parameters.markets.values(), *parameters.perps.values()]
        return [symbol, *(m.symbol for m in markets if symbol in (m.base, m.quote))]

    def accrued_interest(self, name: str) -> dict[str, Decimal]:
        """Per asset: interest charged (entry fees included) or earned so far; read incrementally."""
        account_id = self._row(name).id
        last_id, totals = self._interest.get(account_id, (0, {}))
        totals = dict(totals)
        for event_id, symbol, quantity in history.quantities_since(account_id, last_id, INTEREST_TYPES):
            totals[symbol] = totals.get(symbol, Decimal(0)) + quantity
            last_id = event_id
        self._interest[account_id] = (last_id, totals)
        return totals

    # -- helpers ---------------------------------------------------------------------------------
    def _row(self, name: str) -> AccountRow:
        loaded = self._loaded.get(name)
        if loaded is not None:  # on the tick path: no query for a row we hold
            return loaded.row
        row = accounts_table.find_account(name)
        if row is None:
            known = ", ".join(self.names()) or "none yet"
            raise ServiceError(f"There is no account named {name!r} (accounts: {known}).")
        return row

    def valid_new_name(self, name: str, allow: str | None = None) -> str:
        name = (name or "").strip()
        if not name:
            raise ServiceError("An account needs a name.")
        if len(name) > MAX_NAME_LENGTH:
            raise ServiceError(f"An account name has at most {MAX_NAME_LENGTH} characters.")
        if name != allow and accounts_table.name_taken(name):
            raise ServiceError(f"There is already an account named {name!r}.")
        return name
