"""The write-ahead log is copied into the database file by a thread of its own (the window's store):
no commit on the GUI thread pays for a checkpoint, every tick still lands whole, and closing the store
leaves one file as before."""

from __future__ import annotations

import threading

from desktop.paths import DATABASE_FILE
from desktop.services.accounts import AccountService
from desktop.services.integrity import check_store
from desktop.services.simulation import Simulation
from desktop.store.checkpoints import BACKSTOP_PAGES, THREAD_NAME
from desktop.store.db import open_read_only, open_store


def checkpoint_threads() -> list[threading.Thread]:
    return [thread for thread in threading.enumerate() if thread.name == THREAD_NAME]


def test_ticks_are_checkpointed_off_the_writing_thread_and_close_leaves_one_file(tmp_path):
    store = open_store(tmp_path)
    service = AccountService(store)
    service.ensure_demo_account()
    store.checkpoint_in_background()
    checkpoints = store.checkpoints
    assert checkpoints is not None and len(checkpoint_threads()) == 1
    assert store.db.execute_sql("PRAGMA wal_autocheckpoint").fetchone()[0] == BACKSTOP_PAGES
    simulation = Simulation(service, "Demo")
    reports = [simulation.tick(60) for _ in range(5)]
    with checkpoints.done:
        assert checkpoints.done.wait_for(lambda: checkpoints.checkpoints >= 1, timeout=60)
    busy, logged, copied = checkpoints.last
    assert busy == 0 and copied <= logged
    store.close()
    assert not checkpoint_threads() and store.checkpoints is None
    assert not (tmp_path / f"{DATABASE_FILE}-wal").exists()  # the last connection checkpointed and removed it
    reopened = open_read_only(tmp_path)
    try:
        accounts = AccountService(reopened)
        assert check_store(accounts, pages=True).whole  # verify's pages and ledger replay
        assert accounts.load("Demo").state.time == reports[-1].time
    finally:
        reopened.close()


def test_a_read_only_store_starts_no_checkpoints(tmp_path):
    store = open_store(tmp_path)
    AccountService(store).ensure_demo_account()
    store.close()
    reader = open_read_only(tmp_path)
    try:
        reader.checkpoint_in_background()
        assert reader.checkpoints is None and not checkpoint_threads()
    finally:
        reader.close()


def test_refusing_writes_stops_the_checkpoints(tmp_path):
    store = open_store(tmp_path)
    AccountService(store).ensure_demo_account()
    store.checkpoint_in_background()
    store.refuse_writes("a test says so.")
    assert store.checkpoints is None and not checkpoint_threads()
    store.close()
