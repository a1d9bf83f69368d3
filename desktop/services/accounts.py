"""Accounts and the trader's actions, each one database transaction: the engine decides, the store
records, a refusal records nothing."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from decimal import Decimal

from ..engine import (
    AccountState,
    MarginParameters,
    Outcome,
    actions,
    load_parameters,
    orders,
)
from ..engine.numbers import load_json
from ..paths import BUNDLED_SNAPSHOT, resource_path
from ..store import ledger, models
from ..store.db import Store, now_text

MAX_NAME_LENGTH = 40
DEMO_NAME = "Demo"
DEMO_DEPOSITS = (("USDC", Decimal("10000")), ("SOL", Decimal("20")))


class ServiceError(ValueError):
    """A request the service cannot carry out (a bad name, an unknown account…), in plain words."""


@dataclass
class LoadedAccount:
    row: models.Account
    parameters: MarginParameters
    state: AccountState


Action = Callable[[AccountState, MarginParameters], Outcome]


class AccountService:
    """Create, rename, delete and act on accounts of one store."""

    def __init__(self, store: Store) -> None:
        self.store = store
        self._parameters: dict[int, MarginParameters] = {}
        self._loaded: dict[str, LoadedAccount] = {}
        self._interest: dict[int, tuple[int, dict[str, Decimal]]] = {}

    # -- accounts --------------------------------------------------------------------------------
    def names(self) -> list[str]:
        return [row.name for row in models.Account.select(models.Account.name).order_by(models.Account.id)]

    def parameters_of(self, snapshot: models.ParameterSnapshot) -> MarginParameters:
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
        with self.store.db.atomic():
            snapshot = ledger.snapshot_row(text, source)
            ledger.insert_account(name, snapshot, parameters, now_text())
            for symbol, quantity in deposits:
                outcome = self.perform(name, lambda s, p, sym=symbol, q=quantity: actions.deposit(s, p, sym, q))
                if not outcome.accepted:
                    raise ServiceError(f"deposit of {quantity} {symbol} refused: {outcome.refusal.message}")
        return self.load(name)

    def ensure_demo_account(self) -> bool:
        """The first run's account: ``Demo`` with 10,000 USDC and 20 SOL. True if it was created now."""
        if models.Account.select().exists():
            return False
        self.create(DEMO_NAME, deposits=DEMO_DEPOSITS)
        return True

    def rename(self, old: str, new: str) -> None:
        row = self._row(old)
        new = self.valid_new_name(new, allow=old)
        with self.store.db.atomic():
            models.Account.update(name=new).where(models.Account.id == row.id).execute()
        self._loaded.pop(old, None)

    def delete(self, name: str) -> None:
        """Delete an account and its whole ledger."""
        row = self._row(name)
        with self.store.db.atomic():
            row.delete_instance(recursive=True)
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
            with self.store.db.atomic():
                ledger.record(loaded.row, loaded.state, outcome.state, outcome.events)
        except BaseException:
            self.forget(name)
            raise
        loaded.state = outcome.state
        return outcome

    def deposit(self, name: str, symbol: str, quantity: Decimal) -> Outcome:
        return self.perform(name, lambda s, p: actions.deposit(s, p, symbol, quantity))

    def withdraw(self, name: str, symbol: str, quantity: Decimal, margin: bool = False) -> Outcome:
        return self.perform(name, lambda s, p: actions.withdraw(s, p, symbol, quantity, margin))

    def borrow(self, name: str, symbol: str, quantity: Decimal) -> Outcome:
        return self.perform(name, lambda s, p: actions.borrow(s, p, symbol, quantity))

    def repay(self, name: str, symbol: str, quantity: Decimal) -> Outcome:
        return self.perform(name, lambda s, p: actions.repay(s, p, symbol, quantity))

    def lend(self, name: str, symbol: str, quantity: Decimal) -> Outcome:
        return self.perform(name, lambda s, p: actions.lend(s, p, symbol, quantity))

    def redeem(self, name: str, symbol: str, quantity: Decimal) -> Outcome:
        return self.perform(name, lambda s, p: actions.redeem(s, p, symbol, quantity))

    def place_order(
        self,
        name: str,
        symbol: str,
        side: str,
        order_type: str,
        quantity: Decimal,
        price: Decimal | None = None,
        margin: bool = False,
    ) -> Outcome:
        return self.perform(
            name, lambda s, p: orders.place_order(s, p, symbol, side, order_type, quantity, price, margin)
        )

    def cancel_order(self, name: str, order_id: str) -> Outcome:
        return self.perform(name, lambda s, p: orders.cancel_order(s, p, order_id))

    def change_settings(
        self,
        name: str,
        leverage_limit: int | None = None,
        auto_lend: bool | None = None,
        auto_repay_borrows: bool | None = None,
    ) -> Outcome:
        return self.perform(
            name, lambda s, p: actions.change_settings(s, p, leverage_limit, auto_lend, auto_repay_borrows)
        )

    def events(self, name: str, types: tuple[str, ...] = (), limit: int | None = None):
        """The account's ledger, newest first, optionally only some event types."""
        query = models.LedgerEvent.select().where(models.LedgerEvent.account == self._row(name).id)
        if types:
            query = query.where(models.LedgerEvent.type.in_(types))
        query = query.order_by(models.LedgerEvent.id.desc())
        if limit is not None:
            query = query.limit(limit)
        return [ledger.event_from_row(row) for row in query.dicts()]

    def history(
        self,
        name: str,
        event_type: str | None = None,
        symbol: str | None = None,
        since: int | None = None,
        until: int | None = None,
        offset: int = 0,
        limit: int | None = None,
    ):
        """Ledger events newest first, filtered by type, asset (a market counts for its two assets) and
        simulated time (epoch seconds, inclusive)."""
        row = self._row(name)
        query = models.LedgerEvent.select().where(models.LedgerEvent.account == row.id)
        if event_type:
            query = query.where(models.LedgerEvent.type == event_type)
        if symbol:
            markets = [
                m.symbol for m in self.parameters_of(row.snapshot).markets.values() if symbol in (m.base, m.quote)
            ]
            query = query.where(models.LedgerEvent.symbol.in_([symbol, *markets]))
        if since is not None:
            query = query.where(models.LedgerEvent.time >= since)
        if until is not None:
            query = query.where(models.LedgerEvent.time <= until)
        query = query.order_by(models.LedgerEvent.id.desc()).offset(offset)
        if limit is not None:
            query = query.limit(limit)
        return [ledger.event_from_row(r) for r in query.dicts()]

    def accrued_interest(self, name: str) -> dict[str, Decimal]:
        """Per asset: interest charged (entry fees included) or earned so far; read incrementally."""
        account_id = self._row(name).id
        last_id, totals = self._interest.get(account_id, (0, {}))
        totals = dict(totals)
        cursor = models.database.execute_sql(
            'SELECT "id", "symbol", "quantity" FROM "ledger_event" WHERE "account_id" = ? AND "id" > ? '
            "AND \"type\" IN ('Interest', 'EntryFee') ORDER BY \"id\"",
            (account_id, last_id),
        )
        for event_id, symbol, quantity in cursor.fetchall():
            totals[symbol] = totals.get(symbol, Decimal(0)) + Decimal(quantity)
            last_id = event_id
        self._interest[account_id] = (last_id, totals)
        return totals

    # -- helpers ---------------------------------------------------------------------------------
    def _row(self, name: str) -> models.Account:
        loaded = self._loaded.get(name)
        if loaded is not None:  # on the tick path: no query for a row we hold
            return loaded.row
        row = models.Account.get_or_none(models.Account.name == name)
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
        if name != allow and models.Account.select().where(models.Account.name == name).exists():
            raise ServiceError(f"There is already an account named {name!r}.")
        return name
