"""Previews and Max buttons of the open account (part of ``Session``): what an action would do, and
the most a form accepts, with nothing stored. Max borrow comes from the state's derived figures, so
the form and the Lend page share one search per state."""

from __future__ import annotations

from decimal import Decimal

from ..engine import (
    AccountState,
    MarginParameters,
    actions,
    max_order_quantity,
    orders,
    pool_rates,
)
from ..engine.account_figures import AccountFigures
from ..engine.form_max import max_accepted_withdrawal
from ..engine.preview import ActionPreview, preview
from .perp_preview import PerpPreview, perp_order_preview
from .trader_actions import Action


class ActionPreviews:
    # What the session provides.
    state: AccountState
    parameters: MarginParameters
    figures: AccountFigures
    # Withdrawable of one state: (state, parameters, {(symbol, margin): quantity}).
    _withdrawable: tuple[AccountState, MarginParameters, dict[tuple[str, bool], Decimal]]

    def preview(self, action: Action) -> ActionPreview:
        """What ``action`` would do; the figures before are the state's own (not valued again)."""
        state = self.state
        return preview(state, action(state, self.parameters), self.parameters, self.figures.valuation)

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
        state, valuation = self.state, self.figures.valuation  # the figures before: the state's own
        return perp_order_preview(
            state, self.parameters, symbol, side, order_type, quantity, price, reduce_only, valuation
        )

    def preview_deposit(self, symbol: str, quantity: Decimal) -> ActionPreview:
        return self.preview(lambda s, p: actions.deposit(s, p, symbol, quantity))

    def preview_withdrawal(self, symbol: str, quantity: Decimal, margin: bool) -> ActionPreview:
        before = self.figures.valuation  # the state's own: not valued again by the action
        return self.preview(lambda s, p: actions.withdraw(s, p, symbol, quantity, margin, before))

    def preview_borrow(self, symbol: str, quantity: Decimal) -> ActionPreview:
        return self.preview(lambda s, p: actions.borrow(s, p, symbol, quantity))

    def borrow_apr(self, symbol: str) -> Decimal:
        """The pool's borrow rate now (APR, a fraction)."""
        return pool_rates(self.parameters.assets[symbol].lending, self.state.pools[symbol]).borrow_apr

    def max_borrow(self, symbol: str) -> Decimal:
        """Available to borrow: the §4 limit for one asset (searched once per state)."""
        return self.figures.max_borrow(symbol)

    def max_withdrawal(self, symbol: str, margin: bool) -> Decimal:
        """The Withdrawal dialog's Max and Withdrawable (``form_max.max_accepted_withdrawal``): searched
        once per state from the state's own §4 limit, so a dialog that follows the ticks, its Max
        button and its preview share one search."""
        state, parameters = self.state, self.parameters
        kept = getattr(self, "_withdrawable", None)
        if kept is None or kept[0] is not state or kept[1] is not parameters:
            kept = self._withdrawable = (state, parameters, {})
        found = kept[2].get((symbol, margin))
        if found is None:
            figures = self.figures
            limit = figures.max_margin_withdrawal(symbol) if margin else figures.max_withdrawal(symbol)
            found = max_accepted_withdrawal(state, parameters, symbol, margin, limit, figures.valuation)
            kept[2][(symbol, margin)] = found
        return found

    def max_order_quantity(
        self, symbol: str, side: str, price: Decimal | None, margin: bool, reduce_only: bool = False
    ) -> Decimal:
        """The form's Max; for a perp it honours reduce-only (``margin`` is then moot)."""
        return max_order_quantity(self.state, self.parameters, symbol, side, price, margin, reduce_only)
