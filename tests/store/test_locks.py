"""One writer per database file, however it is reached: the lock is held on the database file itself as
well as on the data directory, so two data directories sharing one file cannot both write it."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from desktop.paths import DATABASE_FILE
from desktop.services.accounts import AccountService
from desktop.services.integrity import verify_store
from desktop.store.db import StoreError, open_read_only, open_store
from tests.store.util import margin_desk, one_line_error

ROOT = Path(__file__).resolve().parents[2]
HOLD = (
    "import sys; from desktop.store.db import open_store; store = open_store(sys.argv[1]); "
    "print('locked', flush=True); sys.stdin.readline()"
)


def a_store(directory: Path) -> Path:
    store = open_store(directory)
    AccountService(store).ensure_demo_account()
    store.close()
    return directory / DATABASE_FILE


def share(first: Path, second: Path, how: str) -> None:
    """Make data directory ``second`` reach ``first``'s database by ``how``."""
    if how == "directory symlink":
        second.symlink_to(first, target_is_directory=True)
        return
    second.mkdir()
    if how == "hard link":
        os.link(first / DATABASE_FILE, second / DATABASE_FILE)
    else:
        (second / DATABASE_FILE).symlink_to(first / DATABASE_FILE)


SHARES = ["hard link", "file symlink", "directory symlink"]
REFUSALS = "Another Margin Desk is already using|symbolic link"


@pytest.mark.parametrize("how", SHARES)
@pytest.mark.parametrize("opened_first", ["original", "sharer"])
def test_a_database_shared_by_two_data_directories_has_one_writer(tmp_path, how, opened_first):
    original, sharer = tmp_path / "a", tmp_path / "b"
    a_store(original)
    share(original, sharer, how)
    first, second = (original, sharer) if opened_first == "original" else (sharer, original)
    try:
        holder = open_store(first)
    except StoreError as error:  # a symlinked database is refused outright, whichever comes first
        assert how == "file symlink" and first == sharer and "symbolic link" in str(error)
        return
    try:
        with pytest.raises(StoreError, match=REFUSALS):
            open_store(second)
        with pytest.raises(StoreError, match=REFUSALS):
            open_read_only(second)
    finally:
        holder.close()
    store = open_store(original)
    try:
        assert verify_store(AccountService(store)).whole
    finally:
        store.close()


@pytest.mark.parametrize("how", SHARES)
def test_another_process_cannot_write_through_a_second_directory(tmp_path, how):
    original, sharer = tmp_path / "a", tmp_path / "b"
    a_store(original)
    share(original, sharer, how)
    holder = subprocess.Popen(
        [sys.executable, "-c", HOLD, str(original)], cwd=ROOT, stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True
    )
    try:
        assert holder.stdout.readline().strip() == "locked"
        for command in (["simulate", "--hours", "1"], ["verify"]):
            line = one_line_error(margin_desk(*command, "--data-dir", str(sharer)))
            assert "Another Margin Desk is already using" in line or "symbolic link" in line, line
    finally:
        holder.stdin.close()
        holder.wait(timeout=60)
    assert margin_desk("verify", "--data-dir", str(original)).returncode == 0


def test_readers_share_and_a_writer_excludes_them(tmp_path):
    """verify takes shared locks: two at once are fine; a writer refuses them and they refuse a writer."""
    data = tmp_path / "data"
    a_store(data)
    first, second = open_read_only(data), open_read_only(data)
    try:
        with pytest.raises(StoreError, match="Another Margin Desk is already using"):
            open_store(data)
    finally:
        first.close()
        second.close()
    writer = open_store(data)
    try:
        with pytest.raises(StoreError, match="Another Margin Desk is already using"):
            open_read_only(data)
    finally:
        writer.close()


def test_the_lock_on_the_database_follows_the_file_not_the_name(tmp_path):
    """The descriptor locked is the database SQLite opens (same inode), held until SQLite has closed."""
    data = tmp_path / "data"
    a_store(data)
    store = open_store(data)
    try:
        database_lock = store.locks[-1]
        assert database_lock.same_file_as(data / DATABASE_FILE)
        if Path("/proc/self/fd").is_dir():
            assert os.path.samefile(f"/proc/self/fd/{database_lock.descriptor}", data / DATABASE_FILE)
    finally:
        store.close()
    assert all(lock.descriptor is None for lock in store.locks) and not store.locks
