"""Max buttons that never offer a refused quantity.

The §4 limits ignore fees by definition; a Max button must not. A margin withdrawal of exactly
``maxMarginWithdrawalQuantity`` pays an entry fee on its borrow and fails the margin rule by that
fee, so the Withdrawal dialog's Max backs off from the limit to the largest quantity ``withdraw``
itself accepts.
"""

from __future__ import annotations

from collections.abc import Callable
from decimal import Decimal

from .actions import withdraw
from .limits import asset_limits
from .numbers import ZERO, engine_precision
from .parameters import MarginParameters
from .search import largest_passing_step
from .state import AccountState, Outcome
from .valuation import AccountValuation


def largest_accepted(attempt: Callable[[Decimal], Outcome], step: Decimal, start: int) -> Decimal:
    """The largest ``n·step ≤ start·step`` that ``attempt`` accepts, searching down from ``start``."""
    if start <= 0:
        return ZERO
    if attempt(start * step).accepted:
        return start * step
    gap = 1
    while start - gap > 0 and not attempt((start - gap) * step).accepted:
        gap *= 2
    low = max(0, start - gap)
    if low and not attempt(low * step).accepted:
        return ZERO

    def passes(n: int) -> Decimal:
        return Decimal(1) if n == 0 or attempt(n * step).accepted else Decimal(-1)

    return largest_passing_step(passes, low, start - 1) * step


@engine_precision
def max_accepted_withdrawal(
    state: AccountState,
    parameters: MarginParameters,
    symbol: str,
    margin: bool,
    limit: Decimal | None = None,
    before: AccountValuation | None = None,
) -> Decimal:
    """The Withdrawal dialog's Max: the §4 limit, less what the entry fee takes. ``limit`` and
    ``before``: the §4 limit and the state's valuation when the caller has them (each quantity tried
    is then judged against that valuation, not valued again)."""
    if limit is None:
        limits = asset_limits(state.account, parameters, state.marks, state.pools, symbol)
        limit = limits.max_margin_withdrawal_quantity if margin else limits.max_withdrawal_quantity
    step = parameters.assets[symbol].lending.step_size
    return largest_accepted(lambda q: withdraw(state, parameters, symbol, q, margin, before), step, int(limit / step))
