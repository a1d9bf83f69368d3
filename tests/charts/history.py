"""Account histories for the chart tests: a margin long taken through the real services (ticks,
a scripted crash that liquidates it), and a synthetic year of minute snapshots written straight into
the store for the benchmarks."""

from __future__ import annotations

from decimal import Decimal as D

import numpy as np

from desktop.store import models

YEAR_OF_MINUTES = 525_600
START_TIME = 1_795_132_800  # 2026-11-20 00:00 UTC, the example snapshot's time
INSERT_EQUITY = (
    'INSERT INTO "equity_snapshot" ("account_id", "time", "net_equity", "initial_margin", '
    '"maintenance_margin", "margin_fraction") VALUES (?,?,?,?,?,?)'
)
INSERT_EVENT = (
    'INSERT INTO "ledger_event" ("account_id", "time", "type", "symbol", "quantity", "price", '
    '"order_id", "reason", "details", "balance_changes", "pool_changes") '
    "VALUES (?,?,?,?,NULL,NULL,NULL,?,'{}','{}','{}')"
)


def leveraged_long(desk) -> None:
    """Buy 400 SOL at market with Margin on the Demo account (10,000 USDC and 20 SOL): about 50,000
    USDC borrowed, liquidatable some 12 % below the mark."""
    outcome = desk.place_order("SOL_USDC", "Bid", "Market", D(400), None, True)
    assert outcome.accepted, outcome.refusal


def history_with_a_liquidation(desk, hours_before: int = 6, hours_after: int = 4) -> None:
    """Hours of random-walk ticks, then SOL −25 % over an hour (a liquidation), then quieter hours."""
    leveraged_long(desk)
    for _ in range(hours_before):
        desk.tick(3600)
    desk.use_scenario("SOL -15% over 1h")
    desk.tick(1800)
    desk.tick(1800)
    desk.use_random_walk(seed=7)
    for _ in range(hours_after):
        desk.tick(3600)


def stored_snapshots(account_id: int) -> np.ndarray:
    """(time, NE, IM, MM) rows of the account, read through peewee (independent of the series service)."""
    query = (
        models.EquitySnapshot.select()
        .where(models.EquitySnapshot.account == account_id)
        .order_by(models.EquitySnapshot.time, models.EquitySnapshot.id)
    )
    return np.array(
        [(row.time, row.net_equity, row.initial_margin, row.maintenance_margin) for row in query], dtype=float
    ).reshape(-1, 4)


def synthetic_year(points: int = YEAR_OF_MINUTES, seed: int = 3) -> dict[str, np.ndarray]:
    """Minute snapshots of a leveraged account over a year: equity wanders, margins follow the borrow,
    and three crashes push equity below maintenance for a few hours each."""
    rng = np.random.default_rng(seed)
    time = START_TIME + 60 * np.arange(points, dtype=np.int64)
    exposure = 50_000 * np.exp(np.cumsum(rng.normal(0, 0.0004, points)))
    maintenance = 0.05 * exposure
    initial = 0.10 * exposure
    equity = 9_000 + np.cumsum(rng.normal(0, 4.0, points))
    equity = np.clip(equity, initial * 1.05, None)
    for start in (points // 5, points // 2, (4 * points) // 5):
        length = min(240, points - start)
        dip = np.sin(np.linspace(0, np.pi, length))
        window = slice(start, start + length)
        equity[window] = maintenance[window] * (1 - 0.3 * dip) + (equity[window] - maintenance[window]) * (1 - dip)
    return {"time": time, "ne": equity, "im": initial, "mm": maintenance}


def insert_year(db, account_id: int, data: dict[str, np.ndarray]) -> None:
    """Write the snapshots (and a liquidation at the bottom of each crash) with executemany."""
    fraction = data["ne"] / (data["mm"] / 0.05)
    rows = zip(
        [account_id] * len(data["time"]),
        data["time"].tolist(),
        data["ne"].tolist(),
        data["im"].tolist(),
        data["mm"].tolist(),
        fraction.tolist(),
    )
    gap = data["ne"] - data["mm"]
    lows = [int(i) for i in np.flatnonzero((gap[1:-1] < gap[:-2]) & (gap[1:-1] <= gap[2:]) & (gap[1:-1] < 0)) + 1]
    with db.atomic():
        cursor = db.cursor()
        cursor.executemany(INSERT_EQUITY, rows)
        cursor.executemany(
            INSERT_EVENT,
            [
                (
                    account_id,
                    int(data["time"][i]),
                    "Liquidation",
                    "SOL",
                    f"Sold 40 SOL at 120 to repay 4800 USDC (Book); margin fraction below maintenance (synthetic {k})",
                )
                for k, i in enumerate(lows[:3])
            ],
        )
