"""A corrupt, foreign or newer file is reported and never touched; a second instance is refused."""

import sqlite3
import subprocess
import sys

import pytest

from desktop.paths import DATABASE_FILE
from desktop.store.db import StoreError, open_store


def test_a_file_that_is_not_sqlite_is_refused_and_left_untouched(tmp_path):
    data = tmp_path / "data"
    data.mkdir()
    garbage = b"\x00\x17this is not a database" * 100
    (data / DATABASE_FILE).write_bytes(garbage)
    with pytest.raises(StoreError, match="not a SQLite database.*left untouched"):
        open_store(data)
    assert (data / DATABASE_FILE).read_bytes() == garbage


def test_a_damaged_sqlite_file_is_refused(tmp_path):
    data = tmp_path / "data"
    open_store(data).close()
    path = data / DATABASE_FILE
    content = bytearray(path.read_bytes())
    content[100:4096] = b"\xff" * (4096 - 100)  # the first page's b-tree header and cells
    path.write_bytes(bytes(content))
    for suffix in ("-wal", "-shm"):
        (data / (DATABASE_FILE + suffix)).unlink(missing_ok=True)
    with pytest.raises(StoreError, match="damaged|cannot be read"):
        open_store(data)
    assert path.read_bytes() == bytes(content)


def test_another_programs_database_is_refused(tmp_path):
    data = tmp_path / "data"
    data.mkdir()
    connection = sqlite3.connect(data / DATABASE_FILE)
    connection.execute("CREATE TABLE recipes (name TEXT)")
    connection.commit()
    connection.close()
    with pytest.raises(StoreError, match="another program.*recipes"):
        open_store(data)


def test_a_newer_schema_is_refused(tmp_path):
    data = tmp_path / "data"
    open_store(data).close()
    connection = sqlite3.connect(data / DATABASE_FILE)
    connection.execute("UPDATE schema_version SET version = 99")
    connection.commit()
    connection.close()
    with pytest.raises(StoreError, match="newer Margin Desk"):
        open_store(data)


def test_a_second_instance_on_the_same_directory_is_refused(tmp_path):
    data = tmp_path / "data"
    first = open_store(data)
    try:
        with pytest.raises(StoreError, match="Another Margin Desk is already using"):
            open_store(data)
        other = subprocess.run(
            [sys.executable, "-m", "desktop", "verify", "--data-dir", str(data)],
            capture_output=True,
            text=True,
            timeout=60,
        )
        assert other.returncode == 2 and "Another Margin Desk" in other.stderr
    finally:
        first.close()
    open_store(data).close()  # the lock went with the first store


def test_the_lock_dies_with_the_process(tmp_path):
    data = tmp_path / "data"
    holder = subprocess.Popen(
        [
            sys.executable,
            "-c",
            (
                "import sys, time; from desktop.store.db import open_store; store = open_store(sys.argv[1]); "
                "print('locked', flush=True); time.sleep(60)"
            ),
            str(data),
        ],
        stdout=subprocess.PIPE,
        text=True,
    )
    try:
        assert holder.stdout.readline().strip() == "locked"
        with pytest.raises(StoreError):
            open_store(data)
    finally:
        holder.kill()
        holder.wait()
    open_store(data).close()  # no stale lock after a kill
