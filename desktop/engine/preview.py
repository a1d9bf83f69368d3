"""What a prospective action would do, before the trader commits to it: for the Spot form and the
Withdrawal dialog (the borrow it takes, margin fraction and IMR after, estimated liquidation prices)."""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass
from decimal import Decimal

from .limits import liquidation_prices
from .numbers import engine_precision
from .parameters import MarginParameters
from .state import AccountState, Outcome, Refusal
from .valuation import AccountValuation, value_account


@dataclass(frozen=True)
class ActionPreview:
    refusal: Refusal | None
    new_borrows: dict[str, Decimal]  # per asset: borrowed now (entry fee included) plus pending borrow
    before: AccountValuation
    after: AccountValuation | None
    liquidation_prices_after: dict[str, Decimal | None]

    @property
    def accepted(self) -> bool:
        return self.refusal is None


@engine_precision
def preview(state: AccountState, outcome: Outcome, parameters: MarginParameters) -> ActionPreview:
    """Figures of the state ``outcome`` would produce from ``state`` (nothing is stored)."""
    before = value_account(state.account, parameters, state.marks)
    if not outcome.accepted:
        return ActionPreview(outcome.refusal, {}, before, None, {})
    after_state = outcome.state
    after = value_account(after_state.account, parameters, after_state.marks)
    borrows: dict[str, Decimal] = defaultdict(Decimal)
    for event in outcome.events:
        if event.type in ("Borrow", "EntryFee"):
            borrows[event.symbol] += event.quantity
    for symbol, balance in after_state.account.balances.items():
        added = balance.pending_borrow - state.account.balance(symbol).pending_borrow
        if added > 0:
            borrows[symbol] += added
    prices = liquidation_prices(after_state.account, parameters, after_state.marks, after)
    return ActionPreview(None, dict(borrows), before, after, prices)
