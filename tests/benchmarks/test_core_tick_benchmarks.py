"""The core of issue 14's tick, without any view: what the GUI thread pays before a single repaint.

The account is the panel benchmark's (7 assets, a borrow and a lend, 50 resting orders, 10 positions);
``Session.tick`` moves the engine (prices, settlement, funding on the hour, matching, the guard), writes
the ledger and values the account. Its budget is 2 ms of the 5 ms a tick may take with its views
(issue 14); then each figure the views read (liquidation prices, one asset's limits, every limit). The
playing clock's tick (its engine work on the tick worker) is timed on the GUI thread and in wall time.

Run: pytest tests/benchmarks/test_core_tick_benchmarks.py --benchmark-only"""

from __future__ import annotations

from decimal import Decimal as D

import pytest

from desktop.models.session import Session
from desktop.models.tick_worker import TickWorker
from desktop.services.accounts import AccountService
from desktop.store.db import open_store
from tests.benchmarks import desks
from tests.benchmarks.test_panel_benchmarks import EXTRA_BASES
from tests.benchmarks.test_store_benchmarks import SEVEN_ASSET_DEPOSITS

pytestmark = pytest.mark.benchmark


@pytest.fixture
def session(qapp, tmp_path):
    """The panel benchmark's desk, without its window."""
    store = open_store(tmp_path / "data")
    service = AccountService(store)
    service.create("Ten", snapshot_text=desks.ten_perp_snapshot(EXTRA_BASES, "SOL_USDC_PERP"))
    session = Session(service, "Ten")
    for symbol, quantity in SEVEN_ASSET_DEPOSITS:
        assert session.deposit(symbol, quantity).accepted
    assert session.withdraw("ETH", D(2), True).accepted  # a borrow
    assert session.lend("USDT", D(2000)).accepted  # a lend
    desks.rest_bids_far_below(session, spot=50)
    desks.open_ten_positions(session)
    assert len(session.state.orders) == 50 and len(session.state.account.positions) == 10
    session.tick(3600)
    yield session
    store.close()


def test_bare_session_tick(benchmark, session):
    """``Session.tick(60)`` with nothing listening: engine, ledger write, valuation. Budget: ≤ 2 ms."""
    benchmark.pedantic(session.tick, args=(60,), rounds=200, iterations=1, warmup_rounds=5)
    assert len(session.state.account.positions) == 10 and len(session.state.orders) == 50


@pytest.fixture
def worker(session):
    return TickWorker(session, desks.unused_tick)


@desks.ON_THE_GUI_THREAD
def test_played_tick_on_the_gui_thread(benchmark, session, worker):
    """A minute as the playing clock ticks it, GUI-thread CPU time only: the job handed to the tick
    worker, then the ledger write and the (here, absent) listeners when it comes back. The worker's
    engine work is another thread's time, and the wait for it uses no CPU."""
    benchmark.pedantic(desks.played_tick, args=(session, worker), rounds=200, iterations=1, warmup_rounds=5)
    assert len(session.state.account.positions) == 10 and len(session.state.orders) == 50


def test_played_tick_wall_time(benchmark, session, worker):
    """The same played tick in wall time, GUI and worker together (and the hand-over between them):
    how long after its beat a tick is on screen, against ``test_bare_session_tick``."""
    benchmark.pedantic(desks.played_tick, args=(session, worker), rounds=200, iterations=1, warmup_rounds=5)


def test_tick_then_liquidation_prices(benchmark, session):
    """A tick and what the risk gauge and the positions panel read: every liquidation price."""

    def tick_and_read():
        session.tick(60)
        return session.liquidation_prices

    prices = benchmark.pedantic(tick_and_read, rounds=100, iterations=1, warmup_rounds=5)
    assert prices


def test_tick_then_every_limit(benchmark, session):
    """A tick and every limit of the account (max borrow and max withdrawal searches of all assets)."""

    def tick_and_read():
        session.tick(60)
        return {symbol: session.asset_limits(symbol) for symbol in session.limits}  # every figure worked out

    limits = benchmark.pedantic(tick_and_read, rounds=40, iterations=1, warmup_rounds=3)
    assert len(limits) == len(session.parameters.underlyings)


def test_tick_then_one_assets_limits(benchmark, session):
    """A tick and what the Lend form of one asset reads: its max borrow and max withdrawals."""

    def tick_and_read():
        session.tick(60)
        return session.asset_limits("SOL")

    limits = benchmark.pedantic(tick_and_read, rounds=100, iterations=1, warmup_rounds=5)
    assert limits.max_withdrawal_quantity > 0
