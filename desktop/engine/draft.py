"""A mutable working copy of an AccountState, on which one action (or one tick) is carried out.

The draft moves balances and pools with the primitives of §5 (borrow, repay, lend, redeem, pay,
receive), records the events they cause, and notes every refusal code it meets on the way instead
of stopping: the caller then applies the checks of §5 in their order. Refused, the draft is simply
dropped, so a refusal changes nothing.
"""

from __future__ import annotations

from decimal import Decimal
from operator import is_

from .account import Account, AssetBalance
from .interest import entry_fee
from .limits import pool_borrow_headroom, redeemable_lend
from .numbers import ZERO, round_owed
from .parameters import MarginParameters
from .positions import Position, resting_sizes
from .records import replace
from .state import AccountState, Event, OpenOrder, Outcome
from .valuation import AccountValuation, value_account
from .vocabulary import EventType, PoolState

TYPE_CHECKING = False  # typing costs start-up time; Any is for the type checker
if TYPE_CHECKING:
    from typing import Any


class Draft:
    def __init__(self, state: AccountState, parameters: MarginParameters) -> None:
        self.parameters = parameters
        self.balances = dict(state.account.balances)
        self.settings = state.account.settings
        self.marks = dict(state.marks)
        self.pools = dict(state.pools)
        self.time = state.time
        self.orders = state.orders.editable()  # list-like; checkpoints keep the immutable book
        self.last_order_id = state.last_order_id
        self.positions: dict[str, Position] = dict(state.account.positions)
        self.events: list[Event] = []
        self.problems: set[str] = set()
        # Changes since the last event; the next event carries them.
        self._balance_changes: dict[str, dict[str, Decimal]] = {}
        self._pool_changes: dict[str, tuple[Decimal, Decimal]] = {}
        self._valued: tuple[tuple, AccountValuation] | None = None  # the last valuation and what it valued

    # -- reading -------------------------------------------------------------------------------
    def balance(self, symbol: str) -> AssetBalance:
        return self.balances.get(symbol) or AssetBalance()

    def account(self) -> Account:
        if not (self.positions or self.parameters.perps and self.orders):
            return Account(balances=self.balances, settings=self.settings)
        resting = resting_sizes(self.orders, self.parameters.perps)
        return Account(self.balances, self.settings, self.positions, resting)

    def valuation(self) -> AccountValuation:
        """The draft valued at its marks; the last valuation again while every object it read is still
        the one it read (then the liquidation check's valuation is the tick's own, computed once)."""
        balances, positions, marks = self.balances, self.positions, self.marks
        read = (
            *balances,
            *balances.values(),
            *positions,
            *positions.values(),
            *marks,
            *marks.values(),
            self.orders.book,
            self.settings,
        )
        last = self._valued
        if last is not None and len(last[0]) == len(read) and all(map(is_, last[0], read)):
            return last[1]
        valuation = value_account(self.account(), self.parameters, marks)
        self._valued = (read, valuation)
        return valuation

    def state(self) -> AccountState:
        balances = {symbol: balance for symbol, balance in self.balances.items() if not balance.is_empty}
        resting = resting_sizes(self.orders, self.parameters.perps) if self.parameters.perps else {}
        return AccountState(
            account=Account(balances, self.settings, dict(self.positions), resting),
            marks=self.marks,
            pools=self.pools,
            time=self.time,
            orders=self.orders.book,
            last_order_id=self.last_order_id,
        )

    def outcome(self) -> Outcome:
        if self._balance_changes or self._pool_changes:
            raise RuntimeError("engine bug: balances moved after the last event, so no event records it")
        return Outcome(state=self.state(), events=tuple(self.events))

    # -- bookkeeping ---------------------------------------------------------------------------
    def problem(self, code: str) -> None:
        self.problems.add(code)

    def emit(
        self,
        type_: str,
        symbol: str,
        quantity: Decimal | None = None,
        price: Decimal | None = None,
        order_id: str | None = None,
        reason: str | None = None,
        **details: Any,
    ) -> None:
        self.events.append(
            Event(
                type_,
                symbol,
                self.time,
                quantity,
                price,
                order_id,
                reason,
                details,
                self._balance_changes,
                self._pool_changes,
            )
        )
        self._balance_changes, self._pool_changes = {}, {}

    def change(self, symbol: str, **deltas: Decimal) -> None:
        balance = self.balance(symbol)
        self.balances[symbol] = replace(
            balance, **{name: getattr(balance, name) + delta for name, delta in deltas.items()}
        )
        pending = self._balance_changes.setdefault(symbol, {})
        for name, delta in deltas.items():
            pending[name] = pending.get(name, ZERO) + delta

    def move_pool(self, symbol: str, lent: Decimal = ZERO, borrowed: Decimal = ZERO) -> None:
        """Move the pool's totals with the account's own lends and borrows, never below 0.

        The snapshot's totals include the account's part (§2), but a document may hold more than its pool
        (a 1.2e8 BTC borrow against a pool of 300): repaying it must empty the pool, not carry it below 0,
        where a negative utilization would make a negative rate and charge negative interest."""
        pool = self.pools[symbol]
        new_lent = max(ZERO, pool.lent_quantity + lent)
        new_borrowed = max(ZERO, pool.borrowed_quantity + borrowed)
        lent, borrowed = new_lent - pool.lent_quantity, new_borrowed - pool.borrowed_quantity  # what moved
        self.pools[symbol] = replace(pool, lent_quantity=new_lent, borrowed_quantity=new_borrowed)
        old_lent, old_borrowed = self._pool_changes.get(symbol, (ZERO, ZERO))
        self._pool_changes[symbol] = (old_lent + lent, old_borrowed + borrowed)

    def checkpoint(self) -> tuple:
        pending = ({s: dict(d) for s, d in self._balance_changes.items()}, dict(self._pool_changes))
        saved = (dict(self.balances), dict(self.pools), self.orders.book, len(self.events), set(self.problems))
        return (*saved, pending, dict(self.positions))

    def restore(self, saved: tuple) -> None:
        balances, pools, orders, event_count, problems, (balance_changes, pool_changes), positions = saved
        self.balances, self.pools, self.orders, self.problems = balances, pools, orders.editable(), problems
        self.positions = positions
        self._balance_changes, self._pool_changes = balance_changes, pool_changes
        del self.events[event_count:]

    def pool_state(self, symbol: str) -> str:
        return self.parameters.assets[symbol].lending.state

    # -- the primitives of §5 ------------------------------------------------------------------
    def borrow(self, symbol: str, quantity: Decimal, reason: str, checked: bool = True) -> None:
        """Borrow into ``available``, paying the entry fee for the rest of the hour on top.

        ``checked=False`` skips the pool's checks: for a borrow that is only simulated because the
        action is refused anyway (no Margin ticked), so that its refusal is INSUFFICIENT_FUNDS."""
        rules = self.parameters.assets[symbol]
        if checked and rules.lending.state != PoolState.OPEN:
            self.problem("TRADING_PAUSED")
        if checked and quantity > pool_borrow_headroom(rules, self.pools[symbol]):
            self.problem("INSUFFICIENT_SUPPLY")
        self.change(symbol, available=quantity, borrowed=quantity)
        self.move_pool(symbol, borrowed=quantity)
        self.emit(EventType.BORROW, symbol, quantity, reason=reason)
        fee = round_owed(entry_fee(rules.lending, self.pools[symbol], quantity, self.time))
        if fee:
            self.change(symbol, borrowed=fee)
            self.move_pool(symbol, borrowed=fee)
            self.emit(EventType.ENTRY_FEE, symbol, fee, reason="rest of the hour on a new borrow")

    def repay(self, symbol: str, quantity: Decimal, reason: str) -> None:
        if self.pool_state(symbol) == PoolState.CLOSED:
            self.problem("TRADING_PAUSED")
        self.change(symbol, available=-quantity, borrowed=-quantity)
        self.move_pool(symbol, borrowed=-quantity)
        self.emit(EventType.BORROW_REPAY, symbol, quantity, reason=reason)

    def lend(self, symbol: str, quantity: Decimal, reason: str) -> None:
        if self.pool_state(symbol) != PoolState.OPEN:
            self.problem("TRADING_PAUSED")
        self.change(symbol, available=-quantity, lent=quantity)
        self.move_pool(symbol, lent=quantity)
        self.emit(EventType.LEND, symbol, quantity, reason=reason)

    def redeem(self, symbol: str, quantity: Decimal, reason: str, forced: bool = False) -> None:
        """Lent back to ``available``; bounded by the pool unless ``forced`` (liquidation)."""
        if not forced:
            rules = self.parameters.assets[symbol]
            if rules.lending.state == PoolState.CLOSED:
                self.problem("TRADING_PAUSED")
            elif quantity > redeemable_lend(rules, self.pools[symbol], self.balance(symbol).lent):
                self.problem("INSUFFICIENT_SUPPLY")
        self.change(symbol, available=quantity, lent=-quantity)
        self.move_pool(symbol, lent=-quantity)
        self.emit(EventType.LEND_REDEEM, symbol, quantity, reason=reason)

    def make_available(self, symbol: str, amount: Decimal, margin: bool, reason: str, forced: bool = False) -> None:
        """Have ``amount`` in ``available``: redeem the lend, then (with Margin) borrow the rest.

        ``forced``: what the venue must pay (perp settlement, funding, fees; §10 precision 8) redeems
        and borrows whatever the pool's state and bounds."""
        balance = self.balance(symbol)
        short = amount - balance.available
        if short <= 0:
            return
        if balance.lent:
            redeemed = min(short, balance.lent)
            self.redeem(symbol, redeemed, reason, forced=forced)
            short -= redeemed
        if short > 0:
            if not margin:
                self.problem("INSUFFICIENT_FUNDS")
            self.borrow(symbol, short, reason, checked=margin and not forced)

    def pay(self, symbol: str, amount: Decimal, margin: bool, reason: str) -> None:
        """Spend ``amount``: from available, then redeemed lend, then (Margin ticked) a borrow."""
        self.make_available(symbol, amount, margin, reason)
        self.change(symbol, available=-amount)

    def receive(self, symbol: str, amount: Decimal, margin: bool, reason: str) -> None:
        """Take ``amount`` in; with Margin ticked (``autoBorrowRepay``) it repays a borrow first."""
        self.change(symbol, available=amount)
        owed = self.balance(symbol).borrowed
        if margin and owed and self.pool_state(symbol) != PoolState.CLOSED:
            self.repay(symbol, min(amount, owed), reason)

    def reserve(self, symbol: str, amount: Decimal, margin: bool, reason: str) -> tuple[Decimal, Decimal]:
        """Hold ``amount`` for a resting order: (locked, pendingBorrow)."""
        balance = self.balance(symbol)
        short = amount - balance.available
        if short > 0 and balance.lent:
            redeemed = min(short, balance.lent)
            self.redeem(symbol, redeemed, reason)
            short -= redeemed
        pending = short if short > 0 else ZERO
        if pending:
            rules = self.parameters.assets[symbol]
            if not margin:
                self.problem("INSUFFICIENT_FUNDS")
            elif rules.lending.state != PoolState.OPEN:
                self.problem("TRADING_PAUSED")
            elif pending > pool_borrow_headroom(rules, self.pools[symbol]):
                self.problem("INSUFFICIENT_SUPPLY")
        locked = amount - pending
        self.change(symbol, available=-locked, locked=locked, pending_borrow=pending)
        return locked, pending

    def release(self, order: OpenOrder) -> None:
        self.change(
            order.paying_asset, available=order.locked, locked=-order.locked, pending_borrow=-order.pending_borrow
        )

    # -- the automatic rules of §5 -------------------------------------------------------------
    def apply_automatic_rules(self) -> None:
        """autoRepayBorrows, then Auto Lend (repay, then lend what is left where the pool is Open)."""
        if not (self.settings.auto_repay_borrows or self.settings.auto_lend):
            return
        for symbol in list(self.balances):
            balance = self.balance(symbol)
            if balance.borrowed and balance.available and self.pool_state(symbol) != PoolState.CLOSED:
                rule = "auto lend" if self.settings.auto_lend and not self.settings.auto_repay_borrows else "auto repay"
                self.repay(symbol, min(balance.borrowed, balance.available), rule)
        if self.settings.auto_lend:
            for symbol in list(self.balances):
                balance = self.balance(symbol)
                if balance.available and not balance.borrowed and self.pool_state(symbol) == PoolState.OPEN:
                    self.lend(symbol, balance.available, "auto lend")
