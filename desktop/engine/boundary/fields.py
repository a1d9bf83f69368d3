"""Typed readers for the fields of outside documents: each returns a value the engine can use, or
raises an InputError naming the field.

Amounts and prices carry bounds (``bounds``) so that every later computation on them stays exact;
ids and symbols are short strings of a fixed ASCII alphabet, so nothing downstream meets a
superscript digit, a 5,000-digit number or an escape sequence where it expects an id.
"""

from __future__ import annotations

from decimal import Decimal

from ..errors import InputError
from ..numbers import BALANCE_PLACES, EXACT_CONTEXT, parse_decimal, plain
from .bounds import (
    ID_CHARACTERS,
    MAX_AMOUNT,
    MAX_ID_LENGTH,
    MAX_NUMERIC_ID_DIGITS,
    MAX_PRICE,
    MAX_SYMBOL_LENGTH,
    MIN_PRICE,
    PRICE_RANGE,
    STEP_PLACES,
    SYMBOL_CHARACTERS,
)
from .text import describe

TYPE_CHECKING = False  # typing costs start-up time; these names are for the type checker
if TYPE_CHECKING:
    from typing import Any

_ALPHANUMERIC = frozenset("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789")
ORDER_ID_CHARACTERS = _ALPHANUMERIC | frozenset("._:-")
SYMBOL_CHARACTERS_SET = _ALPHANUMERIC | frozenset("_.-")


def _spelled_with(value: str, alphabet: frozenset[str], longest: int) -> bool:
    return 1 <= len(value) <= longest and alphabet.issuperset(value)


def _is_number_id(value: str) -> bool:
    return 1 <= len(value) <= MAX_NUMERIC_ID_DIGITS and value.isascii() and value.isdigit()


def is_order_id(value: Any) -> bool:
    """An id of the bounded alphabet and length (a venue's own ids, e.g. 19-digit numbers, included)."""
    return isinstance(value, str) and _spelled_with(value, ORDER_ID_CHARACTERS, MAX_ID_LENGTH)


def order_id(value: Any, field: str) -> str:
    if not is_order_id(value):
        raise InputError(
            field,
            f"expected an order id of 1 to {MAX_ID_LENGTH} {ID_CHARACTERS}, got {describe(value)}",
        )
    return value


def order_number(order_id: Any) -> int | None:
    """The counter value of an all-digit id of up to 18 digits (``"12"`` → 12), else None: longer
    numbers are names, not counter values (the store keeps the counter in 64 bits). Never raises."""
    if isinstance(order_id, str) and _is_number_id(order_id):
        return int(order_id)
    return None


def is_symbol(value: Any) -> bool:
    return isinstance(value, str) and _spelled_with(value, SYMBOL_CHARACTERS_SET, MAX_SYMBOL_LENGTH)


def symbol(value: Any, field: str) -> str:
    if not is_symbol(value):
        raise InputError(
            field, f"expected a symbol of 1 to {MAX_SYMBOL_LENGTH} {SYMBOL_CHARACTERS}, got {describe(value)}"
        )
    return value


def text(value: Any, field: str, choices: tuple[str, ...] | None = None) -> str:
    """A string field (one of ``choices`` when given)."""
    if not isinstance(value, str) or (choices is not None and value not in choices):
        expected = f"one of {', '.join(choices)}" if choices else "a string"
        raise InputError(field, f"expected {expected}, got {describe(value)}")
    return value


def flag(value: Any, field: str) -> bool:
    if not isinstance(value, bool):
        raise InputError(field, f"expected true or false, got {describe(value)}")
    return value


def amount(value: Any, field: str) -> Decimal:
    """A balance or quantity: 0 to ``MAX_AMOUNT``, on the 12-place grid every balance keeps."""
    number = parse_decimal(value, field)
    if number < 0:
        raise InputError(field, f"must not be negative, got {plain(number)}")
    if number > MAX_AMOUNT:
        raise InputError(field, f"must be at most {plain(MAX_AMOUNT)}, got {describe(value)}")
    if number.quantize(BALANCE_PLACES, context=EXACT_CONTEXT) != number:  # exact: 100 digits hold 1e20
        raise InputError(field, f"must have at most {STEP_PLACES} decimal places, got {describe(value)}")
    return number


def positive_amount(value: Any, field: str) -> Decimal:
    number = amount(value, field)
    if number <= 0:
        raise InputError(field, f"must be greater than 0, got {plain(number)}")
    return number


def price(value: Any, field: str) -> Decimal:
    """A mark or limit price: ``MIN_PRICE`` to ``MAX_PRICE``."""
    number = parse_decimal(value, field)
    if number <= 0:
        raise InputError(field, f"must be greater than 0, got {plain(number)}")
    if not MIN_PRICE <= number <= MAX_PRICE:
        raise InputError(field, f"must lie within {PRICE_RANGE}, got {describe(value)}")
    return number


def object_of(value: Any, field: str, what: str = "an object") -> dict[str, Any]:
    if not isinstance(value, dict):
        raise InputError(field, f"expected {what}, got {describe(value)}")
    return value


def list_of(value: Any, field: str, what: str = "a list") -> list[Any]:
    if not isinstance(value, list):
        raise InputError(field, f"expected {what}, got {describe(value)}")
    return value
