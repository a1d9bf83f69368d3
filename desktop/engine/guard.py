"""Amounts stay within what the engine keeps exact: an action, price move or clock advance that would
carry a balance or a pool total beyond ``MAX_AMOUNT`` (or meet a figure the 34-digit context cannot
round) is refused with a refusal code, never left to crash or to write what cannot be read back.
"""

from __future__ import annotations

from collections.abc import Callable
from decimal import DecimalException

from .boundary.bounds import MAX_AMOUNT
from .numbers import plain
from .state import AccountState, Outcome, Refusal

BALANCE_NAMES = ("available", "locked", "lent", "borrowed", "pending_borrow")


def beyond_bounds(after: AccountState, before: AccountState) -> str | None:
    """What grew beyond ``MAX_AMOUNT`` from ``before`` to ``after`` (e.g. "USDC available"), or None.

    Only growth counts, so a state that somehow already holds more can still be reduced."""
    for symbol, balance in after.account.balances.items():
        old = before.account.balance(symbol)
        for name in BALANCE_NAMES:
            value = getattr(balance, name)
            if value > MAX_AMOUNT and value > getattr(old, name):
                return f"{symbol} {name.replace('_', ' ')}"
    for symbol, position in after.account.positions.items():
        old_position = before.account.positions.get(symbol)
        size = abs(position.net_quantity)
        if size > MAX_AMOUNT and (old_position is None or size > abs(old_position.net_quantity)):
            return f"the {symbol} position"
    for symbol, pool in after.pools.items():
        old_pool = before.pools.get(symbol)
        for name in ("lent_quantity", "borrowed_quantity"):
            value = getattr(pool, name)
            if value > MAX_AMOUNT and (old_pool is None or value > getattr(old_pool, name)):
                return f"the {symbol} pool"
    return None


def out_of_range(state: AccountState, code: str, what: str = "amounts") -> Outcome:
    return Outcome(
        state=state,
        refusal=Refusal(code, f"this would carry {what} beyond {plain(MAX_AMOUNT)}, the most the engine keeps exact"),
    )


def within_bounds(state: AccountState, code: str, work: Callable[[], Outcome]) -> Outcome:
    """``work()``'s outcome, or a refusal with ``code`` when it leaves the engine's exact range."""
    try:
        outcome = work()
    except DecimalException:  # a figure too large to round to 12 places in 34 digits
        return out_of_range(state, code)
    if outcome.accepted:
        beyond = beyond_bounds(outcome.state, state)
        if beyond is not None:
            return out_of_range(state, code, beyond)
    return outcome
