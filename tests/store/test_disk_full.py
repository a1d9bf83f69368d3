"""A full disk keeps the data whole and says so in one sentence naming the file: no traceback (it used to
end in "cannot rollback - no transaction is active"), nothing half-written, and once space is freed
everything carries on. Simulated with a small tmpfs filled to a little below its size."""

from __future__ import annotations

import shutil
import sqlite3
from decimal import Decimal as D
from pathlib import Path

import pytest

from desktop.engine import actions
from desktop.paths import DATABASE_FILE
from desktop.services.account_files import export_account, import_account
from desktop.services.accounts import AccountService, ServiceError
from desktop.services.integrity import verify_store
from desktop.store.db import StoreError, open_store
from tests.services.util import act
from tests.store.mounts import fill, tmpfs
from tests.store.util import margin_desk, one_line_error

FIXTURES = Path(__file__).with_name("fixtures")
LEFT_FREE = [0, 4096, 16384, 65536, 262144]


def clock_and_last_tick(data: Path) -> tuple[int, int]:
    connection = sqlite3.connect(data / DATABASE_FILE)
    try:
        clock = connection.execute("SELECT clock FROM account WHERE name = 'Demo'").fetchone()[0]
        return clock, connection.execute("SELECT MAX(time) FROM price_tick").fetchone()[0]
    finally:
        connection.close()


@pytest.mark.parametrize("left", LEFT_FREE)
def test_a_simulation_that_fills_the_disk_stops_in_one_sentence_and_loses_nothing(tmp_path, left):
    with tmpfs(tmp_path / "disk", "6m") as disk:
        data = disk / "data"
        assert margin_desk("simulate", "--data-dir", str(data), "--hours", "24").returncode == 0
        filler = fill(disk, left)
        line = one_line_error(margin_desk("simulate", "--data-dir", str(data), "--hours", "200000"))
        assert str(data) in line and "disk is full" in line, line
        filler.unlink()
        verified = margin_desk("verify", "--data-dir", str(data))
        assert verified.returncode == 0, verified.stdout + verified.stderr
        clock, last_tick = clock_and_last_tick(data)
        assert clock == last_tick  # the clock is at the last tick that was saved whole
        assert margin_desk("simulate", "--data-dir", str(data), "--hours", "2").returncode == 0


@pytest.mark.parametrize("left", LEFT_FREE)
def test_a_first_start_on_a_full_disk(tmp_path, left):
    with tmpfs(tmp_path / "disk", "2m") as disk:
        data = disk / "data"
        filler = fill(disk, left)
        result = margin_desk("simulate", "--data-dir", str(data), "--hours", "1")
        if result.returncode != 0:  # with a little room the store fits; otherwise one sentence
            line = one_line_error(result)
            assert "disk is full" in line and str(data) in line, line
            assert not [p.name for p in data.glob("*.new-*")], "a half-built store was left behind"
        filler.unlink()
        assert margin_desk("simulate", "--data-dir", str(data), "--hours", "1").returncode == 0
        assert margin_desk("verify", "--data-dir", str(data)).returncode == 0


@pytest.mark.parametrize("left", [0, 16384])
def test_an_upgrade_on_a_full_disk_changes_nothing(tmp_path, left):
    with tmpfs(tmp_path / "disk", "2m") as disk:
        data = disk / "data"
        data.mkdir()
        shutil.copy(FIXTURES / "schema-1.sqlite3", data / DATABASE_FILE)
        original = (data / DATABASE_FILE).read_bytes()
        filler = fill(disk, left)
        with pytest.raises(StoreError, match="disk is full") as refused:
            open_store(data)
        assert "\n" not in str(refused.value)
        assert (data / DATABASE_FILE).read_bytes() == original
        filler.unlink()
        store = open_store(data)
        try:
            assert store.migrated_from == 1 and verify_store(AccountService(store)).whole
        finally:
            store.close()


def test_actions_and_imports_on_a_full_disk_are_refused_whole(tmp_path):
    """Every user action is one transaction: on a full disk each is refused in one sentence and the
    books stay as they were (in memory and on disk)."""
    with tmpfs(tmp_path / "disk", "4m") as disk:
        store = open_store(disk / "data")
        try:
            accounts = AccountService(store)
            accounts.ensure_demo_account()
            document = export_account(accounts, "Demo")
            before = accounts.load("Demo").state
            filler = fill(disk, 0)
            attempts = [
                lambda: act(accounts, "Demo", actions.deposit, "USDC", D(1)),
                lambda: act(accounts, "Demo", actions.borrow, "USDC", D(100)),
                lambda: accounts.create("Another", deposits=(("USDC", D(5)),)),
                lambda: import_account(accounts, "Imported", document),
                lambda: accounts.rename("Demo", "Renamed " + "x" * 30),
            ]
            for attempt in attempts:
                with pytest.raises(ServiceError, match="disk is full") as refused:
                    attempt()
                assert "\n" not in str(refused.value) and str(store.path) in str(refused.value)
            accounts.forget()
            assert accounts.names() == ["Demo"] and accounts.load("Demo").state == before
            filler.unlink()
            assert act(accounts, "Demo", actions.deposit, "USDC", D(1)).accepted
            assert verify_store(accounts).whole
        finally:
            store.close()
