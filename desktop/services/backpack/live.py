"""Polling Backpack for a Live clock: marks often, pools now and then, and the last good reading kept.

A failed poll changes nothing but ``health``: the caller keeps the account as it was (no invented
ticks) and simply polls again; the first poll that gets an answer clears the failure. One try per
poll (no retries inside): the next poll, seconds later, is the retry.

Marks per snapshot symbol, from ``/api/v1/markPrices``: the ``BASE_USDC`` spot mark when Backpack
serves spot marks, else the ``BASE_USDC_PERP`` mark; a symbol priced by neither (USDC, for one)
keeps the ``assetMarkPrice`` of the pool poll.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from datetime import UTC, datetime
from decimal import Decimal

from .errors import BackpackError, BackpackHttpError
from .public import SPOT, BorrowLendMarket, PublicClient

MARKS_EVERY_SECONDS = 5  # PRODUCT/issue 15 defaults; Backpack allows 2,000 requests a minute
POOLS_EVERY_SECONDS = 60


@dataclass(frozen=True)
class MarkReading:
    at: datetime
    marks: dict[str, Decimal]  # snapshot symbol (asset or perp-only base) → mark
    funding_rates: dict[str, Decimal]  # perp symbol → rate of the current interval


@dataclass(frozen=True)
class PoolReading:
    at: datetime
    pools: dict[str, BorrowLendMarket]
    marks: dict[str, Decimal]  # assetMarkPrice of the symbols the mark poll cannot price


@dataclass
class LiveHealth:
    last_ok_at: datetime | None = None
    stopped: BackpackError | None = None
    failures: int = field(default=0)

    @property
    def running(self) -> bool:
        return self.stopped is None

    def stopped_message(self) -> str | None:
        """``Live prices stopped: <why>, last at 12:03:05`` (UTC), or None while polls succeed."""
        if self.stopped is None:
            return None
        last = self.last_ok_at.astimezone(UTC).strftime("%H:%M:%S") if self.last_ok_at else "never"
        return f"Live prices stopped: {self.stopped}, last at {last}"


class LiveFeed:
    """Polls for the symbols of one snapshot. Not thread-safe: one worker calls it.

    Give it a client on a ``Transport(..., tries=1)``: a poll should fail fast, the next poll retries.
    """

    def __init__(
        self, client: PublicClient, symbols: Iterable[str], now: Callable[[], datetime] = lambda: datetime.now(UTC)
    ) -> None:
        self.client = client
        self.symbols = tuple(symbols)
        self.health = LiveHealth()
        self.last_marks: MarkReading | None = None
        self.last_pools: PoolReading | None = None
        self._now = now
        self._spot_marks_served = True  # until Backpack refuses marketType=SPOT once

    def poll_marks(self) -> MarkReading:
        """Fresh marks and funding rates, or BackpackError (``health`` says so; ``last_marks`` stays)."""
        try:
            perps = self.client.mark_prices()
            spot = self._spot_marks()
        except BackpackError as error:
            self._failed(error)
            raise
        by_symbol = {mark.symbol: mark.mark_price for mark in [*perps, *spot]}
        marks = {}
        for symbol in self.symbols:
            for market in (f"{symbol}_USDC", f"{symbol}_USDC_PERP"):
                if by_symbol.get(market, 0) > 0:
                    marks[symbol] = by_symbol[market]
                    break
        funding = {mark.symbol: mark.funding_rate for mark in perps if mark.funding_rate is not None}
        self.last_marks = MarkReading(self._ok(), marks, funding)
        return self.last_marks

    def poll_pools(self) -> PoolReading:
        """Fresh borrow-lend markets of the snapshot's assets, or BackpackError as ``poll_marks``."""
        try:
            rows = self.client.borrow_lend_markets()
        except BackpackError as error:
            self._failed(error)
            raise
        pools = {row.symbol: row for row in rows if row.symbol in self.symbols}
        priced = set(self.last_marks.marks) if self.last_marks else set()
        marks = {symbol: row.asset_mark_price for symbol, row in pools.items() if symbol not in priced}
        self.last_pools = PoolReading(self._ok(), pools, marks)
        return self.last_pools

    def _spot_marks(self):
        if not self._spot_marks_served:
            return []
        try:
            return self.client.mark_prices(SPOT)
        except BackpackHttpError as error:
            if error.retryable:
                raise
            self._spot_marks_served = False  # refused for good (reference §9.11): perp marks alone from now on
            return []

    def _ok(self) -> datetime:
        moment = self._now()
        self.health.last_ok_at, self.health.stopped, self.health.failures = moment, None, 0
        return moment

    def _failed(self, error: BackpackError) -> None:
        self.health.stopped = error
        self.health.failures += 1
