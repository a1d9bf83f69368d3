"""Fitting the rate curve of MARGIN_MODEL.md §6 to one live point. Backpack does not publish its curve.

With ``baseRate`` 0 and ``maxRate`` 1.5 fixed **[assumed]**, ``rateAtOptimal`` is the one number that
makes the curve pass through the pool's live ``borrowInterestRate`` at its live utilization. The
utilization is ``borrowedQuantity / lentQuantity``, what the engine itself computes from the snapshot,
so the app shows exactly Backpack's rate for the pool as fetched.
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Context, Decimal, localcontext

BASE_RATE = Decimal(0)
MAX_RATE = Decimal("1.5")
_PRECISION = Context(prec=34)


@dataclass(frozen=True, slots=True)
class FittedRate:
    rate_at_optimal: Decimal
    utilization: Decimal
    exact: bool  # False: the live point could not be hit; ``reason`` says why and what was chosen
    reason: str = ""


def fit_rate_at_optimal(borrow_rate: Decimal, borrowed: Decimal, lent: Decimal, optimal: Decimal) -> FittedRate:
    """``rateAtOptimal`` so that §6's curve gives ``borrow_rate`` at ``borrowed/lent``.

    Below the kink the curve is ``R·U/U*``, so ``R = r·U*/U``. Above it, ``r = R·(1 − x) + maxRate·x``
    with ``x = (U − U*)/(1 − U*)``, so ``R = (r − maxRate·x)/(1 − x)``. Where no R can do it (nothing
    borrowed, a pool used up, a live rate below what maxRate allows), R falls back and says so.
    """
    with localcontext(_PRECISION):
        if lent <= 0 or borrowed <= 0:
            return FittedRate(
                borrow_rate, Decimal(0), False, "utilization 0, where the curve gives 0: rateAtOptimal = the live rate"
            )
        used = borrowed / lent
        if not 0 < optimal < 1:
            return FittedRate(
                borrow_rate, used, False, "optimalUtilization outside (0, 1): rateAtOptimal = the live rate"
            )
        if used <= optimal:
            return FittedRate((borrow_rate * optimal / used).normalize(), used, True)
        if used >= 1:
            return FittedRate(
                borrow_rate,
                used,
                False,
                "utilization ≥ 1, where the curve gives maxRate: rateAtOptimal = the live rate",
            )
        steep = (used - optimal) / (1 - optimal)
        fitted = (borrow_rate - MAX_RATE * steep) / (1 - steep)
        if fitted < 0:
            return FittedRate(
                Decimal(0), used, False, "live rate below the curve's least at this utilization: rateAtOptimal = 0"
            )
        return FittedRate(fitted.normalize(), used, True)


def curve_rate(rate_at_optimal: Decimal, used: Decimal, optimal: Decimal) -> Decimal:
    """§6's borrow rate with baseRate 0 and maxRate 1.5 (for checks; the engine has its own)."""
    with localcontext(_PRECISION):
        if used <= optimal:
            return BASE_RATE + (rate_at_optimal - BASE_RATE) * used / optimal
        return rate_at_optimal + (MAX_RATE - rate_at_optimal) * (used - optimal) / (1 - optimal)
