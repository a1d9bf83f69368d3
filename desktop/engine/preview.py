"""What a prospective action would do, before the trader commits to it: for the Spot form and the
Withdrawal dialog (the borrow it takes, margin fraction and IMR after, estimated liquidation prices).

A resting spot limit order is previewed as if it had filled at its own price, the market's base then
marked at that price (the fill happens only once the market gets there): the borrow it will take and
where the account would then be liquidated. ``liquidated_before_fill`` says when the account would be
liquidated on the way to the limit price, so the order could never fill. A resting perp order is
previewed as it rests, its worst-case size counted as exposure (§10 precision 3: a hypothetical
valuation never fills, settles or borrows); a perp market order as its fill."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Mapping
from decimal import Decimal

from .account_figures import AccountFigures
from .draft import Draft
from .numbers import engine_precision
from .orders import fill_resting
from .parameters import MarginParameters
from .records import dataclass, field
from .state import AccountState, Outcome, Refusal
from .valuation import AccountValuation, value_account
from .vocabulary import EventType


@dataclass(frozen=True)
class ActionPreview:
    refusal: Refusal | None
    new_borrows: dict[str, Decimal]  # per asset: the added borrow, entry fee included (a limit order: at its fill)
    before: AccountValuation
    after: AccountValuation | None
    liquidation_prices_after: Mapping[str, Decimal | None]  # each worked out when read (lazily)
    marks_after: dict[str, Decimal] = field(default_factory=dict)  # the marks the figures after are at
    resting_at: Decimal | None = None  # a resting limit order's price, in USD of its base
    liquidated_before_fill: bool = False  # liquidated before the market reaches the limit price
    entry_fees: dict[str, Decimal] = field(default_factory=dict)  # per asset, within new_borrows

    @property
    def accepted(self) -> bool:
        return self.refusal is None


def as_if_filled(state: AccountState, parameters: MarginParameters, order_id: str) -> Outcome:
    """The state once a resting order fills at its own price, its base marked at that price (in USD:
    the limit times the quote's mark): what the trader is really asking about when they preview a
    limit order."""
    draft = Draft(state, parameters)
    order = next(o for o in draft.orders if o.id == order_id)
    market = parameters.markets[order.symbol]
    draft.marks[market.base] = order.price * draft.marks[market.quote]
    fill_resting(draft, order)
    return draft.outcome()


def _between(price: Decimal | None, mark: Decimal, target: Decimal) -> bool:
    return price is not None and min(mark, target) <= price <= max(mark, target)


@engine_precision
def preview(
    state: AccountState, outcome: Outcome, parameters: MarginParameters, before: AccountValuation | None = None
) -> ActionPreview:
    """Figures of the state ``outcome`` would produce from ``state`` (nothing is stored). ``before``: the
    valuation of ``state`` when the caller has it. The liquidation prices after are worked out when read:
    a form showing its market's base pays for that one price."""
    if before is None:
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
    resting_at, doomed = None, False
    events = tuple(outcome.events)
    if resting:
        order = next(o for o in after_state.orders if o.id == resting[0])
        market = parameters.markets[order.symbol]
        resting_at = order.price * after_state.marks[market.quote]
        waiting = value_account(after_state.account, parameters, after_state.marks)
        on_the_way = AccountFigures(after_state, parameters, waiting).lazy_liquidation_prices.get(market.base)
        doomed = _between(on_the_way, after_state.marks[market.base], resting_at)
        filled = as_if_filled(after_state, parameters, resting[0])
        after_state, events = filled.state, events + filled.events
    after = value_account(after_state.account, parameters, after_state.marks)
    doomed = doomed or (resting_at is not None and after.liquidatable)
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
    fees: dict[str, Decimal] = defaultdict(Decimal)
    for event in events:
        if event.type == EventType.ENTRY_FEE and event.quantity is not None:
            fees[event.symbol] += event.quantity
    prices = AccountFigures(after_state, parameters, after).lazy_liquidation_prices
    return ActionPreview(
        None, dict(borrows), before, after, prices, dict(after_state.marks), resting_at, doomed, dict(fees)
    )
