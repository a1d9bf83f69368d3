"""Times from outside: ISO 8601 text (or epoch seconds in a CSV) within the supported span.

``datetime`` itself reaches year 9999, but a clock there can never advance an hour, and converting
``0001-01-01T00:00:00+01:00`` to UTC overflows; so every time must lie in
``[EARLIEST_TIME, LATEST_TIME)`` (1970 to 2199), which also leaves room for every advance.
"""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from ..errors import InputError, ParameterError
from .bounds import EARLIEST_TIME, LATEST_TIME, MAX_TIME_TEXT, span_text
from .text import describe

TYPE_CHECKING = False  # typing costs start-up time; these names are for the type checker
if TYPE_CHECKING:
    from typing import Any

EPOCH_DIGITS = 12
EPOCH = datetime(1970, 1, 1, tzinfo=UTC)


def within_span(moment: datetime) -> bool:
    return EARLIEST_TIME <= moment < LATEST_TIME


def iso_time(value: Any, field: str, error: type[InputError] = ParameterError, within: bool = True) -> datetime:
    """An aware UTC datetime from ISO 8601 text (no zone means UTC), within the supported span unless
    ``within`` is False (an advance's target, which the engine refuses with INVALID_TIME instead)."""
    if not isinstance(value, str):
        raise error(field, f"expected an ISO 8601 time string, got {describe(value)}")
    if len(value) > MAX_TIME_TEXT or not value.isascii():
        raise error(field, f"not an ISO 8601 time: {describe(value)}")
    try:
        moment = datetime.fromisoformat(value.replace("Z", "+00:00"))
        if moment.tzinfo is None:
            moment = moment.replace(tzinfo=UTC)
        moment = moment.astimezone(UTC)
    except (ValueError, OverflowError):
        raise error(field, f"not an ISO 8601 time: {describe(value)}") from None
    if within and not within_span(moment):
        raise error(field, f"{describe(value)} is outside the supported span {span_text()}")
    return moment


def epoch_time(text: str, field: str) -> datetime:
    """Whole seconds since 1970-01-01 UTC, written in ASCII digits, within the supported span."""
    if not (1 <= len(text) <= EPOCH_DIGITS and text.isascii() and text.isdigit()):
        raise InputError(field, f"not a time in epoch seconds: {describe(text)}")
    seconds = int(text)
    if seconds >= (LATEST_TIME - EPOCH).total_seconds():
        raise InputError(field, f"{describe(text)} is outside the supported span {span_text()}")
    return EPOCH + timedelta(seconds=seconds)
