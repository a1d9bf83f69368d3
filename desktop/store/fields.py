"""Column types the ledger needs: exact decimals as text, simulated time as epoch seconds."""

from __future__ import annotations

from datetime import UTC, datetime
from decimal import Decimal

import peewee

from ..engine.boundary.number_text import decimal_from_text


def stored_decimal(text: str | int | Decimal) -> Decimal:
    """A number read back from the store, as strictly as any outside file: the store writes
    ``str(Decimal)``, so "1_000", other scripts' digits or "NaN" (which ``Decimal()`` alone takes) can
    only come from a tampered row, and are a ValueError (the integrity check reports it as damage)."""
    if isinstance(text, Decimal) and text.is_finite():  # already read by a DecimalText column
        return text
    if isinstance(text, int) and not isinstance(text, bool):
        return Decimal(text)
    number = decimal_from_text(text) if isinstance(text, str) else None
    if number is None:
        raise ValueError(f"a stored number is not plainly written: {str(text)[:40]!r}")
    return number


class DecimalText(peewee.TextField):
    """A Decimal stored as its exact text: SQLite's own NUMERIC would round it to a float."""

    field_type = "TEXT"

    def db_value(self, value):
        return None if value is None else str(value)

    def python_value(self, value):
        return None if value is None else stored_decimal(value)


def to_epoch(moment: datetime) -> int:
    return int(moment.timestamp())


def from_epoch(seconds: int) -> datetime:
    return datetime.fromtimestamp(seconds, tz=UTC)
