"""What moves without the trader: mark prices (settlement of the perps, fills, then the liquidation
check) and the clock (hourly interest on every whole hour, then the automatic rules and the
liquidation check; at a funding time, settlement and funding, the rules and one more check)."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import datetime
from decimal import Decimal

from .actions import refuse
from .boundary.bounds import MAX_ADVANCE, MAX_PRICE, MIN_PRICE, PRICE_RANGE, span_text
from .boundary.times import within_span
from .draft import Draft
from .guard import within_bounds
from .interest import hourly_borrow_interest, hourly_lend_interest, iter_whole_hours
from .liquidation import liquidate_if_needed
from .numbers import engine_precision, round_owed, round_received
from .orders import fill_crossing_orders
from .parameters import MarginParameters
from .perp_cash import pay_funding, settle_positions
from .state import AccountState, Outcome
from .valuation import AccountValuation, value_account
from .vocabulary import EventType, RefusalCode


@engine_precision
def move_prices(state: AccountState, parameters: MarginParameters, marks: dict[str, Decimal]) -> Outcome:
    """New marks (of assets or perp-only underlyings; a perp moves with its base): every position
    settles, resting orders that cross fill (oldest first), then the liquidation check runs."""
    return _moved_prices(state, parameters, marks)[0]


@engine_precision
def move_prices_valued(
    state: AccountState, parameters: MarginParameters, marks: dict[str, Decimal]
) -> tuple[Outcome, AccountValuation]:
    """``move_prices`` and the valuation of the state it leaves: the liquidation check's own when nothing
    moved after the check (a tick values the account once), else valued afresh."""
    outcome, draft = _moved_prices(state, parameters, marks)
    if draft is not None and outcome.accepted:
        return outcome, draft.valuation()
    return outcome, value_account(outcome.state.account, parameters, outcome.state.marks)


def _moved_prices(
    state: AccountState, parameters: MarginParameters, marks: dict[str, Decimal]
) -> tuple[Outcome, Draft | None]:
    for symbol, price in marks.items():
        if not isinstance(symbol, str) or (
            symbol not in parameters.assets and symbol not in parameters.perp_only_bases
        ):
            return refuse(state, "INVALID_SYMBOL", f"unknown asset {symbol!r}"), None
        if not isinstance(price, Decimal) or not price.is_finite() or price <= 0:
            return refuse(state, "INVALID_PRICE", f"the mark price of {symbol} must be above 0"), None
        if not MIN_PRICE <= price <= MAX_PRICE:
            return refuse(state, "INVALID_PRICE", f"the mark price of {symbol} must lie within {PRICE_RANGE}"), None
    drafts: list[Draft] = []

    def moved() -> Outcome:
        draft = Draft(state, parameters)
        drafts.append(draft)
        draft.marks.update(marks)
        settling = bool(draft.positions)
        if settling:
            settle_positions(draft)
        if draft.orders:
            fill_crossing_orders(draft)
        if settling:  # §10 precision 6: settle, fill, automatic rules, then the liquidation check
            draft.apply_automatic_rules()
        liquidate_if_needed(draft)
        draft.apply_automatic_rules()  # "after every accepted action" (§5): a price move is one
        return draft.outcome()

    return within_bounds(state, RefusalCode.INVALID_PRICE, moved), (drafts[0] if drafts else None)


def charge_interest(draft: Draft) -> None:
    """One whole hour of interest on every borrow and lend, at the utilization before the charge."""
    rates_before = dict(draft.pools)
    for symbol, balance in list(draft.balances.items()):
        if not (balance.borrowed or balance.lent):
            continue
        rules = draft.parameters.assets[symbol].lending
        pool = rates_before[symbol]
        if balance.borrowed:
            charge = round_owed(hourly_borrow_interest(rules, pool, balance.borrowed))
            if charge:
                draft.change(symbol, borrowed=charge)
                draft.move_pool(symbol, borrowed=charge)
                draft.emit(EventType.INTEREST, symbol, charge, reason="borrow")
        else:
            earned = round_received(hourly_lend_interest(rules, pool, balance.lent))
            if earned:
                draft.change(symbol, lent=earned)
                draft.move_pool(symbol, lent=earned)
                draft.emit(EventType.INTEREST, symbol, earned, reason="lend")


def advance_refusal(state: AccountState, to: datetime) -> Outcome | None:
    """Check 1 for an advance: forward only, within the supported span, at most ``MAX_ADVANCE`` at once."""
    if to < state.time:
        return refuse(state, "INVALID_TIME", f"the clock is at {state.time.isoformat()}; it cannot go back")
    if not within_span(to):
        return refuse(state, "INVALID_TIME", f"the clock must stay within {span_text()}")
    if to - state.time > MAX_ADVANCE:
        return refuse(
            state, "INVALID_TIME", f"one advance covers at most {MAX_ADVANCE.days} days; advance in several steps"
        )
    return None


def advance_hours(draft: Draft, to: datetime) -> Iterator[datetime]:
    """Carry an advance out on ``draft``, yielding after each whole hour (its events are in the draft,
    so a caller may stream and clear them); the clock ends at ``to``."""
    for hour in iter_whole_hours(draft.time, to):
        draft.time = hour
        charge_interest(draft)
        draft.apply_automatic_rules()
        liquidate_if_needed(draft)
        if draft.positions and pay_funding(draft, hour):
            draft.apply_automatic_rules()
            liquidate_if_needed(draft)
        yield hour
    draft.time = to
    draft.apply_automatic_rules()


@engine_precision
def advance_clock(state: AccountState, parameters: MarginParameters, to: datetime) -> Outcome:
    """Move the clock to ``to``, charging interest at every whole hour h with now < h ≤ to, and
    funding at each one that is a funding time of a held perp (§10 precision 7)."""
    refused = advance_refusal(state, to)
    if refused:
        return refused

    def advanced() -> Outcome:
        draft = Draft(state, parameters)
        for _ in advance_hours(draft, to):
            pass
        return draft.outcome()

    return within_bounds(state, RefusalCode.INVALID_TIME, advanced)
