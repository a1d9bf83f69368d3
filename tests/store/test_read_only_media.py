"""Read-only media and mistyped paths: ``verify`` reads without writing (``mode=ro``, shared locks,
nothing created) and works on read-only media; every other command says in one sentence why it
cannot write; a mistyped path is reported, never turned into an empty store."""

from __future__ import annotations

import os
import shutil
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from desktop.paths import DATABASE_FILE
from desktop.services.accounts import AccountService, ServiceError
from desktop.services.simulation import Simulation
from desktop.store.db import StoreError, open_store
from tests.store.mounts import remount, tmpfs
from tests.store.util import margin_desk, one_line_error

ROOT = Path(__file__).resolve().parents[2]
FIXTURES = Path(__file__).with_name("fixtures")


def listing(directory: Path) -> dict[str, tuple[int, int]]:
    """Every entry under ``directory`` with its size and modification time (what 'nothing changed' means)."""
    if not directory.exists():
        return {}
    return {
        str(path.relative_to(directory)): (path.lstat().st_size, path.lstat().st_mtime_ns)
        for path in sorted(directory.rglob("*"))
    }


def a_store(data: Path, hours: int = 30) -> None:
    result = margin_desk("simulate", "--data-dir", str(data), "--hours", str(hours))
    assert result.returncode == 0, result.stderr


def killed_mid_run(data: Path) -> None:
    """A store whose writer was killed: its -wal and -shm still hold committed ticks."""
    a_store(data, 1)
    process = subprocess.Popen(
        [sys.executable, "-m", "desktop", "simulate", "--data-dir", str(data), "--hours", "100000"],
        cwd=ROOT,
        stdout=subprocess.DEVNULL,
    )
    try:
        wal = data / (DATABASE_FILE + "-wal")
        while process.poll() is None and (not wal.exists() or wal.stat().st_size < 200_000):
            time.sleep(0.02)
    finally:
        process.send_signal(signal.SIGKILL)
        process.wait()
    assert (data / (DATABASE_FILE + "-wal")).stat().st_size > 0


@pytest.mark.parametrize(
    "mistake",
    [
        "missing directory",
        "missing parent",
        "a file, not a directory",
        "empty directory",
        "only a lock file",
        "empty database",
    ],
)
def test_verify_on_a_mistyped_path_says_so_and_creates_nothing(tmp_path, mistake):
    target = tmp_path / "data"
    if mistake == "missing parent":
        target = tmp_path / "no" / "such" / "data"
    elif mistake == "a file, not a directory":
        target.write_text("notes")
    elif mistake != "missing directory":
        target.mkdir()
        if mistake == "only a lock file":
            (target / "margin-desk.lock").write_text("")
        elif mistake == "empty database":
            (target / DATABASE_FILE).write_bytes(b"")
    before = listing(tmp_path)
    line = one_line_error(margin_desk("verify", "--data-dir", str(target)))
    assert ("no data directory" in line or "no Margin Desk store" in line) and "nothing was created" in line, line
    assert listing(tmp_path) == before


@pytest.mark.parametrize("state", ["closed cleanly", "writer killed", "schema-1 store", "schema-2 store"])
def test_verify_creates_and_changes_nothing(tmp_path, state):
    data = tmp_path / "data"
    if state == "closed cleanly":
        a_store(data)
    elif state == "writer killed":
        killed_mid_run(data)
    else:
        data.mkdir()
        shutil.copy(FIXTURES / f"{state.split()[0]}.sqlite3", data / DATABASE_FILE)
    before = listing(data)
    result = margin_desk("verify", "--data-dir", str(data))
    assert result.returncode == 0 and result.stdout.startswith("ok: "), result.stdout + result.stderr
    if state.startswith("schema-"):
        assert "checked on an upgraded copy" in result.stdout
    assert listing(data) == before


@pytest.mark.parametrize("state", ["closed cleanly", "writer killed", "schema-1 store"])
def test_a_store_on_read_only_media(tmp_path, state):
    """verify works; simulate, and any write through the services, refuse in one sentence."""
    with tmpfs(tmp_path / "media", "64m") as media:
        data = media / "data"
        if state == "closed cleanly":
            a_store(data)
        elif state == "writer killed":
            killed_mid_run(data)
        else:
            data.mkdir()
            shutil.copy(FIXTURES / "schema-1.sqlite3", data / DATABASE_FILE)
        remount(media, read_only=True)
        verified = margin_desk("verify", "--data-dir", str(data))
        assert verified.returncode == 0 and verified.stdout.startswith("ok: "), verified.stdout + verified.stderr
        line = one_line_error(margin_desk("simulate", "--data-dir", str(data), "--hours", "2"))
        assert "cannot be written" in line and "read-only media" in line and "Nothing was simulated" in line, line
        store = open_store(data)
        try:
            assert store.read_only and "read-only media" in store.read_only_reason
            accounts = AccountService(store)
            name = accounts.names()[0]
            with pytest.raises(ServiceError, match="open read-only"):
                Simulation(accounts, name).tick(3600)
            with pytest.raises(ServiceError, match="open read-only"):
                accounts.create("New")
        finally:
            store.close()


@pytest.mark.parametrize("where", ["an existing empty directory", "a directory to create"])
def test_no_store_can_be_made_on_read_only_media(tmp_path, where):
    with tmpfs(tmp_path / "media", "1m") as media:
        if where == "an existing empty directory":
            (media / "data").mkdir()
        remount(media, read_only=True)
        data = media / "data"
        line = one_line_error(margin_desk("simulate", "--data-dir", str(data), "--hours", "1"))
        assert str(data) in line and "read-only" in line, line
        line = one_line_error(margin_desk("verify", "--data-dir", str(data)))
        assert "nothing was created" in line
        with pytest.raises(StoreError, match="read-only"):
            open_store(data)


def test_a_read_only_database_file_in_a_writable_directory(tmp_path):
    """Without root (root writes anyway): a database file the user may not write opens read-only."""
    if not hasattr(os, "geteuid") or os.geteuid() == 0:
        pytest.skip("root may write any file: the permission case needs an ordinary user")
    data = tmp_path / "data"
    a_store(data)
    (data / DATABASE_FILE).chmod(0o400)
    line = one_line_error(margin_desk("simulate", "--data-dir", str(data), "--hours", "1"))
    assert "cannot be written" in line
    assert margin_desk("verify", "--data-dir", str(data)).returncode == 0
