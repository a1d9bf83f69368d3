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

from .errors import InputError
from .json_codec import read_json

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
# Inputs beyond 1e±24 cannot be real balances or prices, and would cost the 34 digits their meaning.
LARGEST_EXPONENT_BELOW = 24


def load_json(text: str) -> Any:
    """Parse JSON keeping every number exact (floats become Decimal, never float)."""
    return read_json(text, parse_float=Decimal, parse_int=Decimal)  # json.loads, without importing json


def parse_decimal(value: Any, field: str) -> Decimal:
    """A finite Decimal from a JSON string or number, or an InputError naming ``field``."""
    if isinstance(value, bool) or value is None:
        import json  # the error's wording only

        raise InputError(field, f"expected a number, got {json.dumps(value)}")
    if isinstance(value, Decimal):
        number = value
    elif isinstance(value, (int, str)):
        try:
            number = Decimal(str(value).strip())
        except InvalidOperation:
            raise InputError(field, f"not a number: {value!r}") from None
    elif isinstance(value, float):  # only reachable from Python callers, never from load_json
        number = Decimal(repr(value))
    else:
        raise InputError(field, f"expected a number, got {type(value).__name__}")
    if not number.is_finite():
        raise InputError(field, f"not a finite number: {value!r}")
    if number and not LARGEST_EXPONENT_BELOW >= number.adjusted() >= -LARGEST_EXPONENT_BELOW:
        raise InputError(
            field,
            f"out of range (|x| must lie between 1e-{LARGEST_EXPONENT_BELOW} and 1e{LARGEST_EXPONENT_BELOW}): {value!r}",
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


def round_owed(amount: Decimal) -> Decimal:
    """What the account pays or owes: rounded up to 12 places (in the venue's favour)."""
    return amount.quantize(BALANCE_PLACES, rounding=ROUND_CEILING)


def round_received(amount: Decimal) -> Decimal:
    """What the account receives: rounded down to 12 places (in the venue's favour)."""
    return amount.quantize(BALANCE_PLACES, rounding=ROUND_FLOOR)


def engine_precision(function: Callable[Arguments, Result]) -> Callable[Arguments, Result]:
    """Run ``function`` under ENGINE_CONTEXT, whatever context the caller's thread has."""
    from decimal import localcontext
    from functools import wraps

    @wraps(function)
    def wrapper(*args: Arguments.args, **kwargs: Arguments.kwargs) -> Result:
        with localcontext(ENGINE_CONTEXT):
            return function(*args, **kwargs)

    return wrapper
