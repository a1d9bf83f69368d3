"""Decimal arithmetic shared by the engine: parsing, the engine context, rounding, formatting.

No float ever enters the engine: numbers arrive as JSON strings or JSON numbers and are parsed
straight to Decimal (JSON numbers are read as Decimal, see ``load_json``).
"""

from __future__ import annotations

from decimal import (
    ROUND_CEILING,
    ROUND_FLOOR,
    ROUND_HALF_EVEN,
    Context,
    Decimal,
    DivisionByZero,
    InvalidOperation,
    Overflow,
)

from .boundary.json_text import loads as strict_json
from .boundary.number_text import decimal_from_text
from .boundary.text import describe
from .errors import InputError

TYPE_CHECKING = False  # typing costs start-up time; these names are for the type checker
if TYPE_CHECKING:
    from collections.abc import Callable
    from typing import Any, ParamSpec, TypeVar

    Arguments = ParamSpec("Arguments")
    Result = TypeVar("Result")

# 34 significant digits (IEEE decimal128); MARGIN_MODEL.md asks for at least 28.
ENGINE_CONTEXT = Context(prec=34, rounding=ROUND_HALF_EVEN, traps=[InvalidOperation, DivisionByZero, Overflow])

ZERO = Decimal(0)
ONE = Decimal(1)
BALANCE_PLACES = Decimal("1e-12")  # every balance change is rounded to 12 places (§5)
# Below this a 12-place figure has at most 34 digits, so ENGINE_CONTEXT adds such figures exactly.
ROUNDABLE_BELOW = Decimal("1e22")
# Wide enough that no figure within the bounds is rounded: to ask whether an amount from outside sits on
# the 12-place grid without the question itself rounding it.
EXACT_CONTEXT = Context(prec=100, rounding=ROUND_HALF_EVEN, traps=[InvalidOperation, DivisionByZero, Overflow])
# Inputs beyond 1e±24 cannot be real balances or prices, and would cost the 34 digits their meaning.
LARGEST_EXPONENT_BELOW = 24
# A square root costs fifteen multiplications, and a valuation takes one per size-scaled term. Most
# terms sit far below the point where ``factor·√x`` matters; squared, the comparison needs no root.
# The margin 1e-15 dwarfs the roundings (1e-33 at 34 digits, 1e-27 at Python's default 28), so a
# skipped root is one whose term could never have been chosen: the result is the same, digit for digit.
_ROOT_SKIP_MARGIN = Decimal("1.000000000000001")


def surely_below(factor: Decimal, value: Decimal, cap: Decimal) -> bool:
    """Whether ``factor·√value < cap`` holds with room to spare (then the root need not be taken).

    Never for a negative value: its root raises, as the engine's guard expects of a figure gone wrong."""
    return value >= 0 and factor * factor * value * _ROOT_SKIP_MARGIN < cap * cap


def size_scaled(function: Any, exposure: Decimal, floor: Decimal = ZERO) -> Decimal:
    """``max(base, floor, factor·√E)`` of a margin function (the floor: 1/leverageLimit, IMF only)."""
    cap = max(function.base, floor)
    if surely_below(function.factor, exposure, cap):
        return cap
    return max(function.base, floor, function.factor * exposure.sqrt())


def load_json(text: str | bytes, source: str = "document") -> Any:
    """Parse JSON strictly, keeping every number exact (``boundary.json_text``: no float, no duplicate
    key, no NaN, bounded size and nesting); a refusal is an InputError naming ``source``."""
    return strict_json(text, source)


def parse_decimal(value: Any, field: str) -> Decimal:
    """A finite Decimal from a JSON string or number, or an InputError naming ``field``."""
    if isinstance(value, bool) or value is None:
        raise InputError(field, f"expected a number, got {describe(value)}")
    if isinstance(value, Decimal):
        number = value
    elif isinstance(value, int):
        number = Decimal(value)
    elif isinstance(value, str):  # ASCII digits only: no "1_000", no other scripts' digits, no NaN
        written = decimal_from_text(value)
        if written is None:
            raise InputError(field, f"not a number: {describe(value)}")
        number = written
    elif isinstance(value, float):  # only reachable from Python callers, never from load_json
        number = Decimal(repr(value))
    else:
        raise InputError(field, f"expected a number, got {describe(value)}")
    if not number.is_finite():
        raise InputError(field, f"not a finite number: {describe(value)}")
    if number and not LARGEST_EXPONENT_BELOW >= number.adjusted() >= -LARGEST_EXPONENT_BELOW:
        raise InputError(
            field,
            f"out of range (|x| must lie between 1e-{LARGEST_EXPONENT_BELOW} and 1e{LARGEST_EXPONENT_BELOW}): "
            f"{describe(value)}",
        )
    return number


def parse_non_negative(value: Any, field: str) -> Decimal:
    number = parse_decimal(value, field)
    if number < 0:
        raise InputError(field, f"must not be negative, got {plain(number)}")
    return number


def parse_positive(value: Any, field: str) -> Decimal:
    number = parse_decimal(value, field)
    if number <= 0:
        raise InputError(field, f"must be greater than 0, got {plain(number)}")
    return number


def plain(number: Decimal) -> str:
    """Plain positional notation without trailing zeros: ``1E-7`` prints as ``0.0000001``."""
    if number.is_zero():
        return "0"
    text = format(number.normalize(ENGINE_CONTEXT), "f")
    return text


def floor_to_step(quantity: Decimal, step: Decimal) -> Decimal:
    """The largest multiple of ``step`` not above ``quantity`` (quantity ≥ 0)."""
    if quantity <= 0:
        return ZERO
    units = (quantity / step).to_integral_value(rounding=ROUND_FLOOR)
    return units * step


def is_multiple_of(quantity: Decimal, step: Decimal) -> bool:
    try:
        return (quantity % step).is_zero()
    except InvalidOperation:  # a quotient beyond 34 digits: far off any real step grid
        return False


def on_the_grid(change: Decimal) -> bool:
    """Whether a recorded balance or pool change is a 12-place figure the engine adds exactly (round_owed
    and round_received hand back a figure they could not round unchanged; the guard refuses it)."""
    return change.as_tuple().exponent >= -12 and abs(change) < ROUNDABLE_BELOW  # type: ignore[operator]


def round_owed(amount: Decimal) -> Decimal:
    """What the account pays or owes: rounded up to 12 places (in the venue's favour)."""
    try:
        return amount.quantize(BALANCE_PLACES, rounding=ROUND_CEILING)
    except InvalidOperation:  # ≥ 10^22 has no 12-place grid in 34 digits; engine.guard refuses what holds it
        return amount


def round_received(amount: Decimal) -> Decimal:
    """What the account receives: rounded down to 12 places (in the venue's favour)."""
    try:
        return amount.quantize(BALANCE_PLACES, rounding=ROUND_FLOOR)
    except InvalidOperation:  # as in round_owed
        return amount


def engine_precision(function: Callable[Arguments, Result]) -> Callable[Arguments, Result]:
    """Run ``function`` under ENGINE_CONTEXT, whatever context the caller's thread has."""
    from decimal import localcontext
    from functools import wraps

    @wraps(function)
    def wrapper(*args: Arguments.args, **kwargs: Arguments.kwargs) -> Result:
        with localcontext(ENGINE_CONTEXT):
            return function(*args, **kwargs)

    return wrapper
