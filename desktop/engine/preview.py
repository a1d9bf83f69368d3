"""What a prospective action would do, before the trader commits to it: for the Spot form and the
Withdrawal dialog (the borrow it takes, margin fraction and IMR after, estimated liquidation prices).

A resting spot limit order is previewed as if it had filled at its own price, marks unchanged: the
borrow it will take and where the account would then be liquidated. A resting perp order is
previewed as it rests, its worst-case size counted as exposure (§10 precision 3: a hypothetical
valuation never fills, settles or borrows); a perp market order as its fill."""

from __future__ import annotations

from collections import defaultdict
from decimal import Decimal

from .draft import Draft
from .limits import liquidation_prices
from .numbers import engine_precision
from .orders import fill_resting
from .parameters import MarginParameters
from .records import dataclass
from .state import AccountState, Outcome, Refusal
from .valuation import AccountValuation, value_account
from .vocabulary import EventType


@dataclass(frozen=True)
class ActionPreview:
    refusal: Refusal | None
    new_borrows: dict[str, Decimal]  # per asset: the added borrow, entry fee included (a limit order: at its fill)
    before: AccountValuation
    after: AccountValuation | None
    liquidation_prices_after: dict[str, Decimal | None]

    @property
    def accepted(self) -> bool:
        return self.refusal is None


def as_if_filled(state: AccountState, parameters: MarginParameters, order_id: str) -> AccountState:
    """The state once a resting order fills at its own price (marks unchanged): what the trader is
    really asking about when they preview a limit order."""
    draft = Draft(state, parameters)
    order = next(o for o in draft.orders if o.id == order_id)
    fill_resting(draft, order)
    return draft.state()


@engine_precision
def preview(state: AccountState, outcome: Outcome, parameters: MarginParameters) -> ActionPreview:
    """Figures of the state ``outcome`` would produce from ``state`` (nothing is stored)."""
    before = value_account(state.account, parameters, state.marks)
    if not outcome.accepted:
        return ActionPreview(outcome.refusal, {}, before, None, {})
    after_state = outcome.state
    resting = [
        e.order_id
        for e in outcome.events
        if e.type == EventType.ORDER_PLACED
        and e.details.get("resting")
        and e.order_id is not None
        and e.symbol not in parameters.perps
    ]
    if resting:
        after_state = as_if_filled(after_state, parameters, resting[0])
    after = value_account(after_state.account, parameters, after_state.marks)
    borrows: dict[str, Decimal] = defaultdict(Decimal)
    for symbol, balance in after_state.account.balances.items():
        added = (
            balance.borrowed
            + balance.pending_borrow
            - state.account.balance(symbol).borrowed
            - state.account.balance(symbol).pending_borrow
        )
        if added > 0:
            borrows[symbol] += added
    prices = liquidation_prices(after_state.account, parameters, after_state.marks, after)
    return ActionPreview(None, dict(borrows), before, after, prices)
