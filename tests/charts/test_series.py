"""The series service reads exactly what the store holds, fast, and only what is new when asked."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import numpy as np

from desktop.services.series import START, ReadMark, account_id, equity_series, margin_events, price_series
from desktop.services.simulation import Simulation
from desktop.store import models
from tests.charts.history import leveraged_long, stored_snapshots

ROOT = Path(__file__).resolve().parents[2]


def run_hours(accounts, hours: int, name: str = "Demo") -> Simulation:
    simulation = Simulation(accounts, name)
    simulation.run_hours(hours)
    return simulation


def test_equity_series_equals_the_stored_snapshots(store, accounts):
    base = len(equity_series(store.db, account_id("Demo")))  # the seed's deposits, each an action
    run_hours(accounts, 12)
    series = equity_series(store.db, account_id("Demo"))
    stored = stored_snapshots(account_id("Demo"))
    assert len(series) == base + 12
    assert series.time.dtype == np.float64
    np.testing.assert_array_equal(series.time, stored[:, 0])
    np.testing.assert_array_equal(series.net_equity, stored[:, 1])
    np.testing.assert_array_equal(series.initial_margin, stored[:, 2])
    np.testing.assert_array_equal(series.maintenance_margin, stored[:, 3])
    assert series.mark == ReadMark(
        int(stored[-1, 0]), models.EquitySnapshot.select().order_by(models.EquitySnapshot.id.desc()).first().id
    )


def test_reading_from_a_mark_returns_only_newer_rows(store, accounts):
    simulation = run_hours(accounts, 3)
    first = equity_series(store.db, account_id("Demo"))
    assert len(equity_series(store.db, account_id("Demo"), first.mark)) == 0
    simulation.tick(0)  # a second snapshot at the same second is still new
    simulation.run_hours(2)
    newer = equity_series(store.db, account_id("Demo"), first.mark)
    assert len(newer) == 3
    whole = stored_snapshots(account_id("Demo"))
    np.testing.assert_array_equal(np.concatenate([first.net_equity, newer.net_equity]), whole[:, 1])
    np.testing.assert_array_equal(np.concatenate([first.time, newer.time]), whole[:, 0])


def test_price_series_equals_the_stored_ticks_of_one_asset(store, accounts):
    simulation = run_hours(accounts, 5)
    ticks = list(models.PriceTick.select().where(models.PriceTick.symbol == "SOL").order_by(models.PriceTick.id))
    series = price_series(store.db, account_id("Demo"), "SOL")
    assert series.symbol == "SOL" and len(series) == len(ticks) == 5
    np.testing.assert_array_equal(series.time, [t.time for t in ticks])
    np.testing.assert_array_equal(series.price, [float(t.price) for t in ticks])
    simulation.run_hours(1)
    assert len(price_series(store.db, account_id("Demo"), "SOL", series.mark)) == 1
    assert set(price_series(store.db, account_id("Demo"), "USDC").price) == {1.0}  # stored each tick, never moved


def test_margin_events_are_the_liquidations_and_bankruptcies_with_their_reasons(desk, store):
    leveraged_long(desk)
    desk.tick(3600)
    desk.use_scenario("SOL -15% over 1h")
    desk.tick(3600)
    events = margin_events(store.db, account_id("Demo"))
    stored = list(
        models.LedgerEvent.select()
        .where(models.LedgerEvent.type.in_(("Liquidation", "Bankruptcy")))
        .order_by(models.LedgerEvent.id)
    )
    assert events and [e.id for e in events] == [row.id for row in stored]
    assert [(e.time, e.type, e.symbol, e.reason) for e in events] == [
        (row.time, row.type, row.symbol, row.reason) for row in stored
    ]
    assert all(e.reason.startswith("Sold ") for e in events if e.type == "Liquidation")
    assert margin_events(store.db, account_id("Demo"), after_id=events[-1].id) == ()


def test_an_account_without_history_reads_empty_arrays(store, accounts):
    accounts.create("Empty")  # no deposits: no action, no snapshot
    series = equity_series(store.db, account_id("Empty"))
    assert len(series) == 0 and series.mark == START
    assert series.net_equity.shape == (0,)


def test_importing_the_services_does_not_load_numpy():
    code = (
        "import desktop.services.series, desktop.services.simulation, sys; sys.exit(1 if 'numpy' in sys.modules else 0)"
    )
    result = subprocess.run([sys.executable, "-c", code], cwd=ROOT, capture_output=True, text=True, timeout=60)
    assert result.returncode == 0, result.stderr
