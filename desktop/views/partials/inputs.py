"""Reading numbers the trader types: thousands separators allowed, anything else named plainly."""

from __future__ import annotations

from decimal import Decimal, InvalidOperation


def read_decimal(text: str) -> Decimal | None:
    """``"1,234.5"`` → 1234.5; empty or unreadable → None."""
    cleaned = text.replace(",", "").replace("\u202f", "").replace(" ", "").replace("−", "-").strip()
    if not cleaned:
        return None
    try:
        value = Decimal(cleaned)
    except InvalidOperation:
        return None
    return value if value.is_finite() else None
