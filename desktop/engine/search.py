"""Root finding for the limits: exact on the step grid, fast on smooth monotone functions.

Both searches keep a bracket (one side passing, one failing) and probe at the regula-falsi point
with the Illinois modification, so they finish in a handful of evaluations where a bisection over
2⁴⁰ steps would take forty. Every answer is checked against the function itself, never guessed.
"""

from __future__ import annotations

from collections.abc import Callable
from decimal import ROUND_FLOOR, Decimal

from .numbers import ZERO

# After this many interpolations without closing the bracket, plain bisection takes over.
_MAX_INTERPOLATIONS = 24
_TWO = Decimal(2)  # a Decimal, not the int: the same quotients without converting 2 at each step


def largest_passing_step(slack: Callable[[int], Decimal], low: int, high: int, strict: bool = False) -> int:
    """Largest ``n`` in ``[low, high]`` with ``slack(n) ≥ 0`` (``> 0`` when strict), slack decreasing in n.

    ``low`` must pass (the caller checked it); returns ``low`` when nothing above passes.
    """
    if high <= low:
        return low

    def passes(value: Decimal) -> bool:
        return value > 0 if strict else value >= 0

    slack_high = slack(high)
    if passes(slack_high):
        return high
    slack_low = slack(low)
    last_side = 0
    interpolations = 0
    while high - low > 1:
        if interpolations < _MAX_INTERPOLATIONS and slack_low > slack_high:
            interpolations += 1
            share = slack_low / (slack_low - slack_high)
            probe = low + int((share * (high - low)).to_integral_value(rounding=ROUND_FLOOR))
            probe = min(max(probe, low + 1), high - 1)
        else:
            probe = (low + high) // 2
        value = slack(probe)
        if passes(value):
            low, slack_low = probe, value
            if last_side == 1:
                slack_high /= 2  # Illinois: stop the failing end from sticking
            last_side = 1
        else:
            high, slack_high = probe, value
            if last_side == -1:
                slack_low /= 2
            last_side = -1
    return low


def least_passing_step(value: Callable[[int], Decimal], low: int, high: int) -> int:
    """Least ``n`` in ``[low, high]`` with ``value(n) ≥ 0``, for a ``value`` increasing in n; ``high`` if none.

    ``value(low − 1) < 0`` is taken as given.
    """
    if value(low) >= 0:
        return low
    return min(high, largest_passing_step(lambda n: -value(n), low, high, strict=True) + 1)


def first_failing_point(
    slack: Callable[[Decimal], Decimal],
    passing: Decimal,
    failing: Decimal,
    relative_precision: Decimal,
    slack_failing: Decimal | None = None,
) -> Decimal:
    """A point ``x`` with ``slack(x) ≤ 0`` within ``relative_precision`` of where slack crosses 0.

    ``slack(passing) > 0`` and ``slack(failing) ≤ 0`` (``slack_failing``: that value, when the caller
    has it already); the points between them pass up to one crossing (true for the concave slack
    functions of the liquidation price).
    """
    slack_pass = slack(passing)
    slack_fail = slack(failing) if slack_failing is None else slack_failing
    last_side = 0
    for iteration in range(400):
        across = failing - passing
        width = abs(across)
        tolerance = relative_precision * min(abs(failing), abs(passing)) / _TWO
        if width <= tolerance:
            # A hair further into the failing side: at the crossing itself the slack is ~0 and its sign
            # can differ between two exact-to-34-digits computations of it (seen: −3.5e-23 against 3e-29).
            return failing + across / width * tolerance / 1000 if width else failing
        if iteration < 3 * _MAX_INTERPOLATIONS and slack_pass != slack_fail:
            probe = passing + across * (slack_pass / (slack_pass - slack_fail))
        else:
            probe = (passing + failing) / 2
        # Keep the probe at least half a tolerance inside the bracket, so the bracket must shrink.
        half = tolerance / _TWO
        nudge = half if failing > passing else -half
        if abs(probe - passing) < half:
            probe = passing + nudge
        elif abs(failing - probe) < half:
            probe = failing - nudge
        value = slack(probe)
        if value > ZERO:
            passing, slack_pass = probe, value
            if last_side == 1:
                slack_fail /= _TWO
            last_side = 1
        else:
            failing, slack_fail = probe, value if value < ZERO else ZERO
            if last_side == -1:
                slack_pass /= _TWO
            last_side = -1
    return failing
