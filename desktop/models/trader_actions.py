"""The trader's actions on the open account (part of ``Session``): each one database transaction, and
on a read-only mirror or store each one refused (the controls are disabled there; this is the last line of
defence). The views hear of an accepted action through the session's ``changed``."""

from __future__ import annotations

from collections.abc import Callable
from decimal import Decimal

from ..engine import AccountState, Event, MarginParameters, Outcome, Refusal, actions, orders
from ..engine.position_totals import PositionTotals
from ..services import perps
from ..services.accounts import AccountService

Action = Callable[[AccountState, MarginParameters], Outcome]

READ_ONLY = "READ_ONLY"  # a refusal's code: the account (a mirror) or the whole store may not be written


class TraderActions:
    """Deposit, withdraw, borrow, repay, lend, redeem, spot and perp orders, settings."""

    # What the session provides.
    _service: AccountService
    _name: str
    read_only: bool
    read_only_why: str
    state: AccountState
    _told: Callable[[tuple[Event, ...]], None]

    def act(self, action: Action) -> Outcome:
        """Carry out ``action`` on the open account; the views hear what it changed if it was accepted."""
        if self.read_only:
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

    def cancel_order(self, order_id: str) -> Outcome:
        return self.act(lambda s, p: orders.cancel_order(s, p, order_id))

    def change_settings(
        self, leverage_limit: int | None = None, auto_lend: bool | None = None, auto_repay_borrows: bool | None = None
    ) -> Outcome:
        return self.act(lambda s, p: actions.change_settings(s, p, leverage_limit, auto_lend, auto_repay_borrows))

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
