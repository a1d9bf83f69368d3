"""Amounts stay within what the engine keeps exact: an action, price move or clock advance that would
carry a balance or a pool total beyond ``MAX_AMOUNT`` (or meet a figure the 34-digit context cannot
round) is refused with a refusal code, never left to crash or to write what cannot be read back.

A figure that could not be rounded is caught where it is recorded, not only at the end: a bankruptcy
can write off, within one advance, an hour's interest too large to round (``round_owed`` hands it back
unrounded), and the balances the ledger sums would then differ from the state's.
"""

from __future__ import annotations

from collections.abc import Callable
from decimal import DecimalException

from .boundary.bounds import MAX_AMOUNT
from .numbers import on_the_grid, plain
from .state import AccountState, Event, Outcome, Refusal

BALANCE_NAMES = ("available", "locked", "lent", "borrowed", "pending_borrow")


def beyond_bounds(after: AccountState, before: AccountState) -> str | None:
    """What grew beyond ``MAX_AMOUNT`` from ``before`` to ``after`` (e.g. "USDC available"), or None.

    Only growth counts, so a state that somehow already holds more can still be reduced. What the work
    left as it was (the very same record) cannot have grown: a tick that moves one balance checks one."""
    old_balances, old_positions, old_pools = before.account.balances, before.account.positions, before.pools
    for symbol, balance in after.account.balances.items():
        old = old_balances.get(symbol)
        if balance is old:
            continue
        if old is None:
            old = before.account.balance(symbol)
        for name in BALANCE_NAMES:
            value = getattr(balance, name)
            if value > MAX_AMOUNT and value > getattr(old, name):
                return f"{symbol} {name.replace('_', ' ')}"
    for symbol, position in after.account.positions.items():
        old_position = old_positions.get(symbol)
        if position is old_position:
            continue
        size = abs(position.net_quantity)
        if size > MAX_AMOUNT and (old_position is None or size > abs(old_position.net_quantity)):
            return f"the {symbol} position"
    for symbol, pool in after.pools.items():
        old_pool = old_pools.get(symbol)
        if pool is old_pool:
            continue
        for name in ("lent_quantity", "borrowed_quantity"):
            value = getattr(pool, name)
            if value > MAX_AMOUNT and (old_pool is None or value > getattr(old_pool, name)):
                return f"the {symbol} pool"
    return None


def off_the_grid(events: tuple[Event, ...]) -> str | None:
    """The first recorded change the engine could not round to 12 places (e.g. "BTC borrowed"), or None."""
    for event in events:
        for symbol, deltas in event.balance_changes.items():
            for name, delta in deltas.items():
                if not on_the_grid(delta):
                    return f"{symbol} {name.replace('_', ' ')}"
        for symbol, changes in event.pool_changes.items():
            if not all(on_the_grid(change) for change in changes):
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
        beyond = off_the_grid(outcome.events) or beyond_bounds(outcome.state, state)
        if beyond is not None:
            return out_of_range(state, code, beyond)
    return outcome
