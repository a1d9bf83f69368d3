"""The playing clock's ticks are worked out on a worker thread and written on the GUI thread: the same
ledger as ticks done at once, nothing written from a tick that started before a trader's action, a
switch or a pause, and nothing reaching a clock that was deleted meanwhile."""

from __future__ import annotations

import threading
from datetime import timedelta
from decimal import Decimal as D

import pytest
from PySide6.QtCore import QEvent
from PySide6.QtWidgets import QApplication

from desktop.engine.vocabulary import EventType, OrderType, Side
from desktop.models import tick_worker
from desktop.models.account_list import AccountList
from desktop.models.clock import Clock
from desktop.models.session import Session
from desktop.models.tick_worker import TICK_WORKER, TickWorker
from desktop.services.accounts import DEMO_DEPOSITS
from desktop.services.tick_work import work_out
from desktop.store import ledger, models
from tests.charts.history import leveraged_long
from tests.waits import WAIT_MS


@pytest.fixture
def session(qapp, accounts):
    accounts.ensure_demo_account()
    return Session(accounts)


@pytest.fixture
def held(monkeypatch):
    """The worker waits at the start of each tick until ``release`` is set; ``jobs`` are those it got."""
    release, started, jobs = threading.Event(), threading.Event(), []

    def held_work_out(job, warm=False):
        jobs.append(job)
        started.set()
        release.wait(WAIT_MS / 1000)
        return work_out(job, warm)

    monkeypatch.setattr(tick_worker, "work_out", held_work_out)
    yield release, started, jobs
    release.set()  # never a worker left waiting for the next test


def arrived() -> None:
    """Every tick handed to the worker so far is done and its queued result delivered (the worker runs
    its jobs in turn, and a job's result is posted before the next job starts)."""
    TICK_WORKER.submit(int).result(WAIT_MS / 1000)
    QApplication.processEvents()


def stored(account_id: int) -> tuple[list, list, list]:
    """The account's events, price ticks and equity snapshots as the store holds them."""
    ticks = models.PriceTick.select(models.PriceTick.time, models.PriceTick.symbol, models.PriceTick.price)
    equity = models.EquitySnapshot.select(
        models.EquitySnapshot.time,
        models.EquitySnapshot.net_equity,
        models.EquitySnapshot.initial_margin,
        models.EquitySnapshot.maintenance_margin,
        models.EquitySnapshot.margin_fraction,
    )
    return (
        list(ledger.events_of(account_id)),
        list(ticks.where(models.PriceTick.account == account_id).order_by(models.PriceTick.id).tuples()),
        list(equity.where(models.EquitySnapshot.account == account_id).order_by(models.EquitySnapshot.id).tuples()),
    )


def test_a_played_clock_writes_the_ledger_ticks_done_at_once_write(qtbot, accounts):
    accounts.create("Played", deposits=DEMO_DEPOSITS)
    accounts.create("Stepped", deposits=DEMO_DEPOSITS)
    played, stepped = Session(accounts, "Played"), Session(accounts, "Stepped")
    for desk in (played, stepped):
        leveraged_long(desk)  # a borrow: interest every hour, a liquidation price to warm
        assert desk.place_order("SOL_USDC", Side.BID, OrderType.LIMIT, D(1), D(50), True).accepted
    times = [played.state.time]
    played.changed.connect(lambda change: times.append(played.state.time) if change.clock else None)
    clock = Clock(played)
    clock.set_speed(3600)
    clock.play()
    qtbot.waitUntil(lambda: len(times) > 6, timeout=WAIT_MS)
    clock.pause()
    arrived()  # a tick in flight at the pause is not written
    seconds = [int((later - earlier).total_seconds()) for earlier, later in zip(times, times[1:], strict=False)]
    assert played.state.time == times[-1] and all(s >= 1 for s in seconds)
    for step in seconds:
        stepped.tick(step)
    assert played.state == stepped.state
    assert stored(played.account_id) == stored(stepped.account_id)
    assert played.liquidation_prices == stepped.liquidation_prices
    assert any(event.type == EventType.INTEREST for event in ledger.events_of(played.account_id))


def test_the_worker_warms_the_figures_the_views_read(qtbot, session):
    leveraged_long(session)
    worker = TickWorker(session, pytest.fail)
    with qtbot.waitSignal(session.changed, timeout=WAIT_MS):
        worker.tick(60)
    figures = session.figures
    assert figures.state is session.state and figures._liquidation_prices is not None  # worked out on the worker
    assert session.liquidation_prices == Session(session._service).liquidation_prices  # as worked out here


def test_an_order_placed_while_a_tick_is_worked_out_is_kept_and_the_tick_done_again(qtbot, session, held):
    release, started, jobs = held
    start = session.state.time
    clock = Clock(session)
    clock.set_speed(3600)
    clock.play()
    qtbot.waitUntil(started.is_set, timeout=WAIT_MS)
    assert session.place_order("SOL_USDC", Side.BID, OrderType.LIMIT, D(1), D(50), True).accepted
    order = session.state.orders[-1]
    release.set()
    qtbot.waitUntil(lambda: session.state.time > start, timeout=WAIT_MS)
    clock.pause()
    arrived()
    assert jobs[0].before.time == start and jobs[1].before.orders[-1] == order  # done again, from the order
    assert session.state.time - start >= timedelta(seconds=jobs[0].seconds)  # its seconds are not lost
    assert order in session.state.orders
    assert [e.type for e in ledger.events_of(session.account_id)].count(EventType.ORDER_PLACED) == 1


def test_a_tick_that_comes_back_after_the_account_moved_writes_nothing(qtbot, session, held):
    release, started, _ = held
    given_back: list[int] = []
    worker = TickWorker(session, given_back.append)
    worker.tick(60)
    assert started.wait(WAIT_MS / 1000) and worker.busy
    assert session.deposit("USDC", D(5)).accepted
    deposited, rows = session.state, stored(session.account_id)
    release.set()
    arrived()
    assert given_back == [60] and not worker.busy
    assert session.state is deposited and stored(session.account_id) == rows


def test_an_account_opened_while_a_tick_is_worked_out_stays_as_it_was(qtbot, session, accounts, held):
    release, started, _ = held
    clock = Clock(session)
    clock.play()
    clock.set_speed(3600)
    qtbot.waitUntil(started.is_set, timeout=WAIT_MS)
    demo, rows = session.state, stored(session.account_id)
    AccountList(accounts, session).create("Hedge")  # the clock pauses: another account is open
    hedge = session.state
    assert session.name == "Hedge" and not clock.playing
    release.set()
    arrived()
    assert session.state is hedge and accounts.load("Demo").state is demo
    assert stored(accounts.load("Demo").row.id) == rows


def test_pause_leaves_the_tick_in_flight_unwritten(qtbot, session, held):
    """Once paused nothing moves the clock: a fast-forward or Live mode pauses it before it starts, and
    the trader sees the time they paused at. The tick in flight is no more than the beat before the pause."""
    release, started, _ = held
    clock = Clock(session)
    clock.set_speed(3600)
    clock.play()
    qtbot.waitUntil(started.is_set, timeout=WAIT_MS)
    paused, rows = session.state, stored(session.account_id)
    with qtbot.assertNotEmitted(session.changed):
        clock.pause()
        release.set()
        arrived()
    assert session.state is paused and stored(session.account_id) == rows


def test_closing_the_window_while_a_tick_is_worked_out(qtbot, tmp_path, held):
    from desktop.app import launch

    release, started, _ = held
    window = launch(tmp_path / "data")
    session, clock, store = window.session, window.clock, window.store
    start = session.state.time
    clock.set_speed(3600)
    clock.play()
    qtbot.waitUntil(started.is_set, timeout=WAIT_MS)
    window.close()
    window.deleteLater()
    clock.deleteLater()  # the worker's result finds no clock to reach
    QApplication.sendPostedEvents(None, QEvent.Type.DeferredDelete)
    release.set()
    arrived()
    assert session.state.time == start
    store.close()


def test_a_clock_deleted_while_playing_gets_no_tick(qtbot, session, held):
    release, started, _ = held
    clock = Clock(session)
    clock.set_speed(3600)
    clock.play()
    qtbot.waitUntil(started.is_set, timeout=WAIT_MS)
    start = session.state.time
    clock.deleteLater()
    QApplication.sendPostedEvents(None, QEvent.Type.DeferredDelete)
    release.set()
    arrived()
    assert session.state.time == start


def test_a_feed_read_from_the_store_ticks_on_the_gui_thread(qtbot, session):
    assert session.tick_job(60).off_thread  # the random walk: its own seed alone
    session.use_scenario("SOL -10% over 1h")
    assert session.tick_job(60).off_thread
    start = session.state.time
    session.use_csv(f"time,symbol,price\n{int(start.timestamp()) + 30},SOL,150\n")
    assert session.tick_job(60) is None
    worker = TickWorker(session, pytest.fail)
    with qtbot.waitSignal(session.changed, timeout=WAIT_MS):
        worker.tick(60)  # at once, here
    assert not worker.busy and session.state.marks["SOL"] == D(150)


def test_a_tick_that_fails_on_the_worker_is_done_again_here(qtbot, session, monkeypatch):
    """Whatever went wrong there (an unusable price), the tick is worked out again on the GUI thread,
    where its error shows as a beat's always did; here it goes through."""
    threads: list[str] = []

    def failing(job, warm=False):
        threads.append(threading.current_thread().name)
        raise RuntimeError("not on the worker")

    monkeypatch.setattr(tick_worker, "work_out", failing)
    start = session.state.time
    worker = TickWorker(session, pytest.fail)
    with qtbot.waitSignal(session.changed, timeout=WAIT_MS) as told:
        worker.tick(60)
    assert threads[0].startswith("margin-desk-tick") and told.args[0].clock
    assert session.state.time == start + timedelta(seconds=60) and not worker.busy
