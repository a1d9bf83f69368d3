"""The account's history on Backpack (reference/backpack-api.md §3.8), read page by page.

Fills (liquidation, ADL and backstop fills included: Backpack returns every fill type by default
since 2025-04-22), interest, funding and settlements of the last ``days`` days. Each endpoint is read
newest first (``sortDirection=Desc``), ``limit`` rows at a time, moving ``offset`` on, until a page
comes back short or reaches rows older than the start; fills also pass ``from``/``to`` (the only one of
the four that takes a time range). Timestamps are naive UTC (``2025-09-11T20:10:40.699``).
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from decimal import Decimal
from typing import Any

from ...engine.boundary.bounds import LATEST_TIME, span_text
from ...engine.boundary.fields import is_symbol
from ...engine.boundary.text import describe
from ...engine.boundary.times import EPOCH, iso_time
from ...engine.errors import InputError
from .errors import BackpackResponseError
from .fields import Row, rows
from .private import AccountClient

DEFAULT_DAYS = 30
PAGE_SIZE = 1000  # Backpack's maximum
MAX_PAGES = 500  # 500,000 rows of one kind: beyond that something is wrong with the paging


@dataclass(frozen=True)
class HistoryKind:
    name: str
    path: str
    time_key: str
    takes_range: bool = False  # ``from``/``to`` in ms


KINDS = {
    "fills": HistoryKind("fills", "/wapi/v1/history/fills", "timestamp", takes_range=True),
    "interest": HistoryKind("interest", "/wapi/v1/history/interest", "timestamp"),
    "funding": HistoryKind("funding", "/wapi/v1/history/funding", "intervalEndTimestamp"),
    "settlements": HistoryKind("settlements", "/wapi/v1/history/settlement", "timestamp"),
}
LIQUIDATION_ORDER_TYPES = ("LiquidatePositionOnBook", "LiquidatePositionOnBackstop", "LiquidatePositionOnAdl")


@dataclass(frozen=True)
class HistoryItem:
    """One row: its kind, time (UTC), symbol and quantity where it has them, and the row as Backpack sent it."""

    kind: str
    time: datetime
    symbol: str | None
    quantity: Decimal | None
    raw: dict[str, Any]

    @property
    def liquidation(self) -> bool:
        """A fill made by a liquidation (book, backstop or auto-deleveraging)."""
        return self.kind == "fills" and self.raw.get("systemOrderType") in LIQUIDATION_ORDER_TYPES


@dataclass
class HistoryImport:
    since: datetime
    until: datetime
    items: dict[str, list[HistoryItem]] = field(default_factory=dict)  # kind → rows, oldest first
    pages: int = 0

    def count(self) -> int:
        return sum(len(found) for found in self.items.values())


Progress = Callable[[str, int, int], None]
MAX_MILLISECONDS = int((LATEST_TIME - EPOCH).total_seconds()) * 1000


def parse_time(value: Any, row: Row, key: str) -> datetime:
    """Naive-date-time text (UTC), an ISO time with a zone, or whole milliseconds; within the engine's
    supported span (``engine.boundary.times``), so no answer can overflow ``datetime``."""
    if isinstance(value, int | Decimal) and not isinstance(value, bool):
        number = row.decimal(key)
        if number != number.to_integral_value() or not 0 <= number < MAX_MILLISECONDS:
            raise row.error(key, f"expected milliseconds within {span_text()}, got {describe(value)}")
        return EPOCH + timedelta(milliseconds=int(number))
    try:
        return iso_time(value, key, InputError)
    except InputError as error:
        raise row.error(key, error.problem) from None


def history_item(kind: HistoryKind, row: Row) -> HistoryItem:
    symbol = row.value.get("symbol")
    symbol = symbol if is_symbol(symbol) else None
    return HistoryItem(
        kind=kind.name,
        time=parse_time(row.raw(kind.time_key), row, kind.time_key),
        symbol=symbol,
        quantity=row.optional_quantity("quantity", signed=True),
        raw=row.value,
    )


def read_history(
    client: AccountClient,
    *,
    days: int = DEFAULT_DAYS,
    kinds: Sequence[str] = tuple(KINDS),
    now: Callable[[], datetime] = lambda: datetime.now(UTC),
    page_size: int = PAGE_SIZE,
    progress: Progress | None = None,
) -> HistoryImport:
    """The last ``days`` days of each kind. ``progress(what, kinds_done, kinds_total)`` comes before every
    page, ``what`` like ``fills: page 3 (2,000 rows so far)``; raise from it to cancel."""
    if not 0 < page_size <= PAGE_SIZE:
        raise ValueError(f"page_size must be 1 to {PAGE_SIZE}, got {page_size}")
    unknown = [name for name in kinds if name not in KINDS]
    if unknown:
        raise ValueError(f"unknown history kinds: {', '.join(unknown)}")
    until = now()
    since = until - timedelta(days=days)
    result = HistoryImport(since, until)
    for done, name in enumerate(kinds):
        kind = KINDS[name]
        found: list[HistoryItem] = []
        previous: list[Any] | None = None
        for page in range(MAX_PAGES):
            if progress:
                progress(f"{name}: page {page + 1} ({len(found):,} rows so far)", done, len(kinds))
            params: dict[str, Any] = {"limit": page_size, "offset": page * page_size, "sortDirection": "Desc"}
            if kind.takes_range:
                params |= {"from": _ms(since), "to": _ms(until)}
            answer = client.get(kind.path, params)
            endpoint = f"GET {kind.path}"
            if previous is not None and answer and answer == previous:
                raise BackpackResponseError(endpoint, "the same page came back for the next offset (paging ignored)")
            previous = answer
            items = [history_item(kind, row) for row in rows(answer, endpoint, key_field="id")]
            result.pages += 1
            found += [item for item in items if since <= item.time <= until]
            if len(items) < page_size or any(item.time < since for item in items):
                break
        else:
            raise BackpackResponseError(f"GET {kind.path}", f"more than {MAX_PAGES} pages of {page_size}")
        result.items[name] = sorted(found, key=lambda item: item.time)
    if progress:
        progress(f"{result.count():,} rows", len(kinds), len(kinds))
    return result


def _ms(moment: datetime) -> int:
    return int(moment.timestamp() * 1000)
