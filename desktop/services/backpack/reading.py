"""One read of every public endpoint a snapshot needs, with progress and a way to cancel."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from .errors import BackpackHttpError
from .public import SPOT, BorrowLendMarket, CollateralSummary, ExchangeStatus, Market, MarkPrice, PublicClient


@dataclass(frozen=True)
class PublicData:
    """One read of every public endpoint the snapshot needs."""

    status: ExchangeStatus
    markets: list[Market]
    collateral: list[CollateralSummary]
    borrow_lend_markets: list[BorrowLendMarket]
    perp_marks: list[MarkPrice]
    spot_marks: list[MarkPrice] = field(default_factory=list)
    spot_marks_problem: str | None = None  # why spot marks are missing, when they were needed


Progress = Callable[[str, int, int], None]


def read_public_data(client: PublicClient, progress: Progress | None = None) -> PublicData:
    """Every endpoint, in the order a failure is easiest to read; spot marks only when an asset needs one.

    ``progress(what, done, total)`` is called before each request; a worker cancels the fetch by
    raising from it (the request under way, if any, finishes or times out first).
    """
    steps: list[tuple[str, Callable[[], Any]]] = [
        ("exchange status", client.status),
        ("markets", client.markets),
        ("collateral functions", client.collateral),
        ("borrow-lend markets", client.borrow_lend_markets),
        ("perp mark prices", client.mark_prices),
    ]
    answers = []
    for done, (what, read) in enumerate(steps):
        if progress:
            progress(what, done, len(steps) + 1)
        answers.append(read())
    status, markets, collateral, pools, perp_marks = answers
    spot_marks: list[MarkPrice] = []
    problem = None
    pooled = {pool.symbol for pool in pools}
    if progress:
        progress("spot mark prices", len(steps), len(steps) + 1)
    if any(row.symbol not in pooled for row in collateral):
        try:
            spot_marks = client.mark_prices(SPOT)
        except BackpackHttpError as error:
            if error.retryable:
                raise
            # No source has tried marketType=SPOT (reference §9.11): a refusal costs those assets only.
            problem = str(error)
    return PublicData(status, markets, collateral, pools, perp_marks, spot_marks, problem)
