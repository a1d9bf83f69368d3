"""Reading fields out of Backpack's JSON: numbers as strings or JSON numbers into Decimal, unknown keys ignored.

A required field that is missing (or null) is an error naming the endpoint and the field's path,
e.g. ``GET /api/v1/collateral: SOL.haircutFunction.weight: missing``.
"""

from __future__ import annotations

import re
from decimal import Decimal, InvalidOperation
from typing import Any

from .errors import BackpackResponseError

# Plain decimals only: Decimal() alone would also take "1_000", "NaN" and "Infinity".
DECIMAL_TEXT = re.compile(r"[+-]?(\d+(\.\d*)?|\.\d+)([eE][+-]?\d+)?")


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
        value = self.raw(key)
        if not isinstance(value, str) or not value:
            raise self.error(key, f"expected a non-empty string, got {_kind(value)}")
        return value

    def optional_text(self, key: str) -> str | None:
        return self.text(key) if self.value.get(key) not in (None, "") else None

    def decimal(self, key: str) -> Decimal:
        return to_decimal(self.raw(key), self, key)

    def optional_decimal(self, key: str) -> Decimal | None:
        return self.decimal(key) if self.has(key) else None

    def integer(self, key: str) -> int:
        """A whole number sent as a JSON integer or as a string (``fundingInterval`` comes as both)."""
        number = self.decimal(key)
        if number != number.to_integral_value():
            raise self.error(key, f"expected a whole number, got {self.value[key]!r}")
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
    if isinstance(value, bool):
        raise row.error(key, f"expected a number, got {_kind(value)}")
    if isinstance(value, Decimal | int):
        number = Decimal(value)
    elif isinstance(value, str) and DECIMAL_TEXT.fullmatch(value.strip()):
        try:
            number = Decimal(value.strip())
        except InvalidOperation:  # pragma: no cover - the pattern admits only valid decimals
            raise row.error(key, f"not a number: {value!r}") from None
    else:
        raise row.error(
            key, f"not a number: {value!r}" if isinstance(value, str) else f"expected a number, got {_kind(value)}"
        )
    if not number.is_finite():
        raise row.error(key, f"not a finite number: {value!r}")
    return number


def rows(answer: Any, endpoint: str, key_field: str = "symbol") -> list[Row]:
    """The objects of a JSON array answer; each named by its ``symbol`` (or its index) in errors."""
    if not isinstance(answer, list):
        raise BackpackResponseError(endpoint, f"expected a JSON array, got {_kind(answer)}")
    found = []
    for index, item in enumerate(answer):
        label = item.get(key_field) if isinstance(item, dict) else None
        found.append(Row(item, endpoint, label if isinstance(label, str) and label else f"[{index}]"))
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
        return f"the string {value!r}"
    return f"the number {value}"
