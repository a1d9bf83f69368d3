"""Financial data is the owner's alone: the data directory is 0700 and every file in it 0600, whatever
the umask, for a new store, while it is open, after a migration, and for an older store left 0755/0644."""

from __future__ import annotations

import os
import shutil
import stat
from pathlib import Path

import pytest

from desktop.engine import actions
from desktop.paths import DATABASE_FILE
from desktop.services.accounts import AccountService
from desktop.services.simulation import Simulation
from desktop.store.db import open_store
from tests.services.util import act

FIXTURES = Path(__file__).with_name("fixtures")
UMASKS = [0o000, 0o002, 0o022, 0o027, 0o077]


@pytest.fixture(params=UMASKS, ids=lambda mask: f"umask {mask:03o}")
def umask(request):
    previous = os.umask(request.param)
    yield request.param
    os.umask(previous)


def modes(directory: Path) -> dict[str, int]:
    found = {".": stat.S_IMODE(os.lstat(directory).st_mode)}
    for entry in directory.iterdir():
        found[entry.name] = stat.S_IMODE(os.lstat(entry).st_mode)
    return found


def assert_private(directory: Path) -> None:
    found = modes(directory)
    loose = {name: f"{mode:o}" for name, mode in found.items() if mode & 0o077}
    assert not loose, f"readable by others: {loose}"
    assert found["."] == 0o700


def test_a_new_store_is_private_while_open_and_after(tmp_path, umask):
    data = tmp_path / "new" / "data"
    store = open_store(data)
    try:
        accounts = AccountService(store)
        accounts.ensure_demo_account()
        act(accounts, "Demo", actions.borrow, "USDC", 100)
        Simulation(accounts, "Demo").run_hours(3)
        assert (data / (DATABASE_FILE + "-wal")).exists()
        assert_private(data)  # the -wal and -shm too, made by SQLite after the database's mode
    finally:
        store.close()
    assert_private(data)


@pytest.mark.parametrize("version", [1, 2])
def test_a_migrated_store_and_its_backup_are_private(tmp_path, umask, version):
    data = tmp_path / "data"
    data.mkdir(mode=0o755)
    os.chmod(data, 0o755)
    shutil.copy(FIXTURES / f"schema-{version}.sqlite3", data / DATABASE_FILE)
    os.chmod(data / DATABASE_FILE, 0o644)
    open_store(data).close()
    assert (data / f"{DATABASE_FILE}.schema-{version}.bak").exists()
    assert_private(data)


@pytest.mark.parametrize("loose_directory", [0o755, 0o775, 0o777, 0o711])
@pytest.mark.parametrize("loose_files", [0o644, 0o664, 0o666, 0o604])
def test_an_older_store_left_readable_is_tightened(tmp_path, loose_directory, loose_files):
    data = tmp_path / "data"
    store = open_store(data)
    AccountService(store).ensure_demo_account()
    store.close()
    (data / "window.ini").write_text("[General]\ntheme=dark\n")
    for entry in data.iterdir():
        os.chmod(entry, loose_files)
    os.chmod(data, loose_directory)
    open_store(data).close()
    assert_private(data)
    assert (data / "window.ini").read_text().startswith("[General]")
