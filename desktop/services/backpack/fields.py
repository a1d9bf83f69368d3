"""Reading fields out of Backpack's JSON: numbers as strings or JSON numbers into Decimal, unknown keys ignored.

A required field that is missing (or null) is an error naming the endpoint and the field's path,
e.g. ``GET /api/v1/collateral: SOL.haircutFunction.weight: missing``.

Backpack's answers are outside data like any file, so every field goes through the engine's boundary
(``engine.boundary``): numbers are plainly written ASCII decimals within 1e±24 (no "1_000", no other
scripts' digits, no NaN), prices lie within the price range and quantities within the amount bound,
symbols and ids are short strings of their ASCII alphabets, and other text is short and printable.
A value outside those is a ``BackpackResponseError`` naming the field, never a figure the engine
cannot round or a string that splits a message.
"""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from ...engine.boundary import fields as boundary
from ...engine.boundary.bounds import MAX_AMOUNT, MAX_PRICE, MIN_PRICE, PRICE_RANGE
from ...engine.boundary.text import describe, printable
from ...engine.errors import InputError
from ...engine.numbers import parse_decimal, plain
from .errors import BackpackResponseError

MAX_TEXT = 64  # characters of a name Backpack sends (a type, a side, a state, a status)
MAX_NOTE = 200  # characters of free text kept from an answer (an exchange status message)


class Row:
    """One JSON object of an answer, with the endpoint and the path that error messages name."""

    def __init__(self, value: Any, endpoint: str, where: str) -> None:
        if not isinstance(value, dict):
            raise BackpackResponseError(endpoint, f"expected an object, got {_kind(value)}", where or None)
        self.value = value
        self.endpoint = endpoint
        self.where = where

    def _path(self, key: str) -> str:
        return f"{self.where}.{key}" if self.where else key

    def error(self, key: str, problem: str) -> BackpackResponseError:
        return BackpackResponseError(self.endpoint, problem, self._path(key))

    def has(self, key: str) -> bool:
        return self.value.get(key) is not None

    def raw(self, key: str) -> Any:
        if not self.has(key):
            raise self.error(key, "missing")
        return self.value[key]

    def text(self, key: str) -> str:
        """A short name (a type, a side, a state): printable, one line, at most ``MAX_TEXT`` characters."""
        value = self.raw(key)
        if not isinstance(value, str) or not value:
            raise self.error(key, f"expected a non-empty string, got {_kind(value)}")
        if len(value) > MAX_TEXT or not value.isprintable():
            raise self.error(key, f"expected a name of at most {MAX_TEXT} printable characters, got {describe(value)}")
        return value

    def optional_text(self, key: str) -> str | None:
        return self.text(key) if self.value.get(key) not in (None, "") else None

    def note(self, key: str) -> str | None:
        """Free text (a status message), kept printable on one line and cut to ``MAX_NOTE`` characters."""
        value = self.value.get(key)
        if value is None or value == "":
            return None
        if not isinstance(value, str):
            raise self.error(key, f"expected a string, got {_kind(value)}")
        return printable(value, MAX_NOTE)

    def symbol(self, key: str) -> str:
        """An asset or market symbol: the boundary's alphabet (ASCII letters, digits, '_', '-', '.')."""
        value = self.raw(key)
        if not boundary.is_symbol(value):
            raise self.error(
                key, f"expected a symbol of 1 to 32 ASCII letters, digits, '_', '-' or '.', got {_shown(value)}"
            )
        return value

    def order_id(self, key: str) -> str:
        """An order id: a JSON integer or a string of the boundary's id alphabet."""
        value = self.raw(key)
        if isinstance(value, int | Decimal) and not isinstance(value, bool):
            number = to_decimal(value, self, key)
            if number == number.to_integral_value() and number >= 0:
                value = str(int(number))
        if not boundary.is_order_id(value):
            raise self.error(
                key, f"expected an order id of 1 to 64 ASCII letters, digits, '-', '_', '.' or ':', got {_shown(value)}"
            )
        return value

    def decimal(self, key: str) -> Decimal:
        return to_decimal(self.raw(key), self, key)

    def optional_decimal(self, key: str) -> Decimal | None:
        return self.decimal(key) if self.has(key) else None

    def price(self, key: str) -> Decimal:
        """A mark, entry or limit price: within the engine's price range."""
        number = self.decimal(key)
        if not MIN_PRICE <= number <= MAX_PRICE:
            raise self.error(key, f"a price must lie within {PRICE_RANGE}, got {plain(number)}")
        return number

    def optional_price(self, key: str) -> Decimal | None:
        return self.price(key) if self.has(key) else None

    def quantity(self, key: str, signed: bool = False) -> Decimal:
        """A balance or quantity, at most ``MAX_AMOUNT`` in size; negative only when ``signed``."""
        number = self.decimal(key)
        if number < 0 and not signed:
            raise self.error(key, f"must not be negative, got {plain(number)}")
        if abs(number) > MAX_AMOUNT:
            raise self.error(key, f"must be at most {plain(MAX_AMOUNT)} in size, got {plain(number)}")
        return number

    def optional_quantity(self, key: str, signed: bool = False) -> Decimal | None:
        return self.quantity(key, signed) if self.has(key) else None

    def integer(self, key: str) -> int:
        """A whole number sent as a JSON integer or as a string (``fundingInterval`` comes as both)."""
        number = self.decimal(key)
        if number != number.to_integral_value():
            raise self.error(key, f"expected a whole number, got {plain(number)}")
        return int(number)

    def optional_integer(self, key: str) -> int | None:
        return self.integer(key) if self.has(key) else None

    def optional_bool(self, key: str) -> bool | None:
        if not self.has(key):
            return None
        value = self.value[key]
        if not isinstance(value, bool):
            raise self.error(key, f"expected true or false, got {_kind(value)}")
        return value

    def row(self, key: str) -> Row:
        return Row(self.raw(key), self.endpoint, self._path(key))


def to_decimal(value: Any, row: Row, key: str) -> Decimal:
    """A JSON number or a plainly written decimal string, finite and within 1e±24 (the engine's
    ``parse_decimal``: ASCII digits only, no "1_000", no NaN, no exponent beyond what rounds)."""
    try:
        return parse_decimal(value, key)
    except InputError as error:
        raise row.error(key, error.problem) from None


def rows(answer: Any, endpoint: str, key_field: str = "symbol") -> list[Row]:
    """The objects of a JSON array answer; each named by its ``symbol`` (or its index) in errors."""
    if not isinstance(answer, list):
        raise BackpackResponseError(endpoint, f"expected a JSON array, got {_kind(answer)}")
    found = []
    for index, item in enumerate(answer):
        label = item.get(key_field) if isinstance(item, dict) else None
        # A row is named by its symbol (or id) in messages only when that is a plain short name.
        named = isinstance(label, str) and boundary.is_order_id(label)
        found.append(Row(item, endpoint, label if named else f"[{index}]"))
    return found


def _kind(value: Any) -> str:
    if value is None:
        return "null"
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, dict):
        return "an object"
    if isinstance(value, list):
        return "an array"
    if isinstance(value, str):
        return f"the string {describe(value)}"
    return f"the number {describe(value)}"


def _shown(value: Any) -> str:
    return _kind(value) if not isinstance(value, str) else describe(value)
