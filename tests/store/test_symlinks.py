"""No symbolic link in the data directory is followed for a write: links planted on every file the
store writes (the lock, the database and SQLite's -wal, -shm and -journal beside it, the migration
backups) either make the store refuse to open, saying which link, or are replaced by a real file;
the file a link points to is never written, truncated or created."""

from __future__ import annotations

import shutil
import sqlite3
from pathlib import Path

import pytest

from desktop.paths import DATABASE_FILE
from desktop.services.accounts import AccountService
from desktop.store.db import LOCK_FILE, StoreError, open_read_only, open_store

FIXTURES = Path(__file__).with_name("fixtures")
REFUSED = [LOCK_FILE, DATABASE_FILE, DATABASE_FILE + "-wal", DATABASE_FILE + "-shm", DATABASE_FILE + "-journal"]
BACKUPS = [f"{DATABASE_FILE}.schema-1.bak", f"{DATABASE_FILE}.schema-2.bak"]
SCENARIOS = ["first start", "current store", "schema-1 store", "schema-2 store"]
VICTIM = b"another program's file: must stay exactly as it is\n"


def prepare(data: Path, scenario: str) -> None:
    if scenario == "current store":
        store = open_store(data)
        AccountService(store).ensure_demo_account()
        store.close()
    elif scenario.startswith("schema-"):
        data.mkdir()
        shutil.copy(FIXTURES / f"{scenario.split()[0]}.sqlite3", data / DATABASE_FILE)


def victim_database(path: Path) -> bytes:
    connection = sqlite3.connect(path)
    connection.execute("CREATE TABLE precious (value TEXT)")
    connection.execute("INSERT INTO precious VALUES ('keep me')")
    connection.commit()
    connection.close()
    return path.read_bytes()


def plant(data: Path, name: str, victims: Path, target: str) -> tuple[Path, bytes | None]:
    """A link ``data/name`` to a victim: an existing file, another database, or a path not yet there."""
    data.mkdir(exist_ok=True)
    victim = victims / f"{name}.victim"
    content: bytes | None = None
    if target == "existing file":
        victim.write_bytes(VICTIM)
        content = VICTIM
    elif target == "another database":
        content = victim_database(victim)
    link = data / name
    link.unlink(missing_ok=True)
    link.symlink_to(victim)
    return victim, content


def assert_untouched(victim: Path, content: bytes | None) -> None:
    if content is None:
        assert not victim.exists(), f"{victim} was created through a link"
    else:
        assert victim.read_bytes() == content, f"{victim} was written through a link"


TARGETS = ["existing file", "another database", "dangling"]


@pytest.mark.parametrize("target", TARGETS)
@pytest.mark.parametrize("scenario", SCENARIOS)
@pytest.mark.parametrize("name", REFUSED)
def test_a_link_on_a_file_the_store_writes_is_refused(tmp_path, name, scenario, target):
    data, victims = tmp_path / "data", tmp_path / "victims"
    victims.mkdir()
    prepare(data, scenario)
    victim, content = plant(data, name, victims, target)
    with pytest.raises(StoreError, match="symbolic link") as refused:
        open_store(data)
    assert str(data / name) in str(refused.value) and "\n" not in str(refused.value)
    assert_untouched(victim, content)
    if scenario != "first start" or name != DATABASE_FILE:
        with pytest.raises(StoreError):  # verify refuses too (or finds no store), writing nothing
            open_read_only(data)
    assert_untouched(victim, content)
    assert (data / name).is_symlink()  # left for the trader to look at


@pytest.mark.parametrize("target", TARGETS)
@pytest.mark.parametrize("scenario", ["schema-1 store", "schema-2 store"])
@pytest.mark.parametrize("name", BACKUPS)
def test_a_link_on_a_migration_backup_is_replaced_not_followed(tmp_path, name, scenario, target):
    data, victims = tmp_path / "data", tmp_path / "victims"
    victims.mkdir()
    prepare(data, scenario)
    victim, content = plant(data, name, victims, target)
    store = open_store(data)
    try:
        assert AccountService(store).names()[0] == "Old"
    finally:
        store.close()
    assert_untouched(victim, content)
    migrated_from = scenario.split()[0]
    if name.endswith(f"{migrated_from}.bak"):  # our backup's name: now a real copy of the old file
        backup = data / name
        assert not backup.is_symlink()
        with sqlite3.connect(backup) as connection:
            assert connection.execute("SELECT version FROM schema_version").fetchone()[0] == int(migrated_from[-1])
    else:
        assert (data / name).is_symlink()  # not a name this migration writes: left alone
