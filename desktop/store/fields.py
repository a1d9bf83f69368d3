"""Column types the ledger needs: exact decimals as text, simulated time as epoch seconds."""

from __future__ import annotations

from datetime import UTC, datetime
from decimal import Decimal

import peewee


class DecimalText(peewee.TextField):
    """A Decimal stored as its exact text: SQLite's own NUMERIC would round it to a float."""

    field_type = "TEXT"

    def db_value(self, value):
        return None if value is None else str(value)

    def python_value(self, value):
        return None if value is None else Decimal(value)


def to_epoch(moment: datetime) -> int:
    return int(moment.timestamp())


def from_epoch(seconds: int) -> datetime:
    return datetime.fromtimestamp(seconds, tz=UTC)
