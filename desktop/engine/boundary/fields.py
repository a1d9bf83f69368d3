"""Typed readers for the fields of outside documents: each returns a value the engine can use, or
raises an InputError naming the field.

Amounts and prices carry bounds (``bounds``) so that every later computation on them stays exact;
ids and symbols are short strings of a fixed ASCII alphabet, so nothing downstream meets a
superscript digit, a 5,000-digit number or an escape sequence where it expects an id.
"""

from __future__ import annotations

import re
from decimal import Decimal
from typing import Any

from ..errors import InputError
from ..numbers import parse_decimal, plain
from .bounds import (
    ID_CHARACTERS,
    MAX_AMOUNT,
    MAX_ID_LENGTH,
    MAX_NUMERIC_ID_DIGITS,
    MAX_PRICE,
    MAX_SYMBOL_LENGTH,
    MIN_PRICE,
    SYMBOL_CHARACTERS,
)
from .text import describe

ORDER_ID = re.compile(rf"[A-Za-z0-9._:-]{{1,{MAX_ID_LENGTH}}}", re.ASCII)
NUMERIC_ID = re.compile(rf"[0-9]{{1,{MAX_NUMERIC_ID_DIGITS}}}", re.ASCII)
SYMBOL = re.compile(rf"[A-Za-z0-9_.-]{{1,{MAX_SYMBOL_LENGTH}}}", re.ASCII)


def is_order_id(value: Any) -> bool:
    """An id of the bounded alphabet; an all-digit id must also fit the account's order counter."""
    if not isinstance(value, str) or not ORDER_ID.fullmatch(value):
        return False
    return not value.isdigit() or NUMERIC_ID.fullmatch(value) is not None  # ASCII already


def order_id(value: Any, field: str) -> str:
    if not is_order_id(value):
        raise InputError(
            field,
            f"expected an order id of 1 to {MAX_ID_LENGTH} {ID_CHARACTERS} (all digits: at most "
            f"{MAX_NUMERIC_ID_DIGITS}), got {describe(value)}",
        )
    return value


def order_number(order_id: Any) -> int | None:
    """The counter value of an all-digit id (``"12"`` → 12), else None. Never raises."""
    if isinstance(order_id, str) and NUMERIC_ID.fullmatch(order_id):
        return int(order_id)
    return None


def is_symbol(value: Any) -> bool:
    return isinstance(value, str) and SYMBOL.fullmatch(value) is not None


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
    """A balance or quantity: 0 to ``MAX_AMOUNT``."""
    number = parse_decimal(value, field)
    if number < 0:
        raise InputError(field, f"must not be negative, got {plain(number)}")
    if number > MAX_AMOUNT:
        raise InputError(field, f"must be at most {plain(MAX_AMOUNT)}, got {describe(value)}")
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
        raise InputError(field, f"must lie between {plain(MIN_PRICE)} and {plain(MAX_PRICE)}, got {describe(value)}")
    return number


def object_of(value: Any, field: str, what: str = "an object") -> dict[str, Any]:
    if not isinstance(value, dict):
        raise InputError(field, f"expected {what}, got {describe(value)}")
    return value


def list_of(value: Any, field: str, what: str = "a list") -> list[Any]:
    if not isinstance(value, list):
        raise InputError(field, f"expected {what}, got {describe(value)}")
    return value
