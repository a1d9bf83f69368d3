"""Opening the store: one data directory, one lock, one SQLite file in WAL mode, migrated safely.

- A second instance on the same directory is refused: an OS lock (``flock``) on ``margin-desk.lock``
  that dies with the process, so a crash never leaves a stale lock behind.
- A file that is not SQLite, fails SQLite's own check, or belongs to another program is reported
  and never touched; a file from a newer Margin Desk likewise.
- Migrations run one version at a time, each in one transaction with its version bump, after the
  file is copied aside (``margin-desk.sqlite3.schema-N.bak``).
"""

from __future__ import annotations

import os
import sqlite3
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path

import peewee

from ..paths import DATABASE_FILE
from .migrations import MIGRATIONS, SCHEMA_VERSION, SCHEMA_VERSION_TABLE
from .models import SchemaVersion, database

LOCK_FILE = "margin-desk.lock"
SQLITE_HEADER = b"SQLite format 3\x00"
PRAGMAS = {"journal_mode": "wal", "synchronous": "normal", "foreign_keys": 1, "busy_timeout": 5000}


class StoreError(Exception):
    """The store cannot be opened; the message says why and what was (not) done."""


class DataDirectoryLock:
    """An exclusive OS lock on the data directory, held for the life of the process."""

    def __init__(self, directory: Path) -> None:
        self.path = directory / LOCK_FILE
        self._handle = None

    def acquire(self) -> None:
        handle = open(self.path, "a+")
        try:
            _lock_exclusively(handle)
        except OSError:
            handle.close()
            raise StoreError(
                f"Another Margin Desk is already using {self.path.parent}. Close it first, or pass a different "
                f"--data-dir."
            ) from None
        handle.seek(0)
        handle.truncate()
        handle.write(f"{os.getpid()}\n")  # for people reading the file; the lock is what counts
        handle.flush()
        self._handle = handle

    def release(self) -> None:
        if self._handle is not None:
            self._handle.close()
            self._handle = None


def _lock_exclusively(handle) -> None:
    try:
        import fcntl
    except ImportError:  # Windows
        import msvcrt

        msvcrt.locking(handle.fileno(), msvcrt.LK_NBLCK, 1)
        return
    fcntl.flock(handle.fileno(), fcntl.LOCK_EX | fcntl.LOCK_NB)


@dataclass
class Store:
    directory: Path
    path: Path
    db: peewee.SqliteDatabase
    lock: DataDirectoryLock | None
    migrated_from: int | None = None

    def close(self) -> None:
        if not self.db.is_closed():
            self.db.close()
        if self.lock is not None:
            self.lock.release()


def now_text() -> str:
    return datetime.now(UTC).isoformat(timespec="seconds")


def inspect_existing_file(path: Path) -> int:
    """The schema version of an existing file (0 for an empty one), or StoreError if it is not ours."""
    if path.stat().st_size == 0:
        return 0
    with open(path, "rb") as handle:
        header = handle.read(16)
    if header != SQLITE_HEADER:
        raise StoreError(
            f"{path} is not a SQLite database (corrupt, or another program's file). It was left "
            f"untouched; move it away to start a new store."
        )
    try:
        connection = sqlite3.connect(f"file:{path}?mode=ro", uri=True)
        try:
            tables = {row[0] for row in connection.execute("SELECT name FROM sqlite_master WHERE type = 'table'")}
            version = None
            if "schema_version" in tables:
                row = connection.execute("SELECT version FROM schema_version ORDER BY id DESC LIMIT 1").fetchone()
                version = row[0] if row else 0
        finally:
            connection.close()
    except sqlite3.DatabaseError as error:
        raise StoreError(f"{path} cannot be read as a database ({error}). It was left untouched.") from None
    if version is None:
        if tables:
            raise StoreError(
                f"{path} is a database of another program (tables: {', '.join(sorted(tables))}). It was left untouched."
            )
        return 0
    if version > SCHEMA_VERSION:
        raise StoreError(
            f"{path} was written by a newer Margin Desk (schema {version}; this one knows up to "
            f"{SCHEMA_VERSION}). It was left untouched."
        )
    return version


def integrity_problem(db: peewee.SqliteDatabase) -> str | None:
    """SQLite's own page-level check ("ok" → None). It reads the whole file (0.24 s for a simulated year),
    so it runs in ``margin-desk verify``, not at every start; a damaged page met later still raises."""
    result = db.execute_sql("PRAGMA quick_check").fetchone()[0]
    return None if result == "ok" else result


def backup_file(path: Path, version: int) -> Path:
    """A consistent copy through SQLite's backup API (safe with WAL)."""
    target = path.with_name(f"{path.name}.schema-{version}.bak")
    source = sqlite3.connect(path)
    try:
        copy = sqlite3.connect(target)
        try:
            source.backup(copy)
        finally:
            copy.close()
    finally:
        source.close()
    return target


def migrate(db: peewee.SqliteDatabase, current: int) -> None:
    """Apply every step after ``current``, each atomically with its version bump."""
    db.execute_sql(SCHEMA_VERSION_TABLE)
    for version in range(current + 1, SCHEMA_VERSION + 1):
        with db.atomic():
            for statement in MIGRATIONS[version]:
                db.execute_sql(statement)
            SchemaVersion.delete().execute()
            SchemaVersion.create(version=version, changed_at=now_text())


def connect(path: Path) -> peewee.SqliteDatabase:
    db = peewee.SqliteDatabase(str(path), pragmas=PRAGMAS, check_same_thread=False)
    db.connect()
    return db


def open_store(directory: Path, lock: bool = True) -> Store:
    """Lock the data directory, open (or create) its database, migrate it, and bind the models."""
    directory = Path(directory)
    try:
        directory.mkdir(parents=True, exist_ok=True)
    except OSError as error:
        raise StoreError(f"Cannot create the data directory {directory}: {error.strerror}") from None
    directory_lock = DataDirectoryLock(directory) if lock else None
    if directory_lock:
        directory_lock.acquire()
    try:
        path = directory / DATABASE_FILE
        version = inspect_existing_file(path) if path.exists() else 0
        if 0 < version < SCHEMA_VERSION:
            backup_file(path, version)
        db = connect(path)
        database.initialize(db)
        migrated_from = None
        if version < SCHEMA_VERSION:
            migrate(db, version)
            migrated_from = version
        return Store(directory, path, db, directory_lock, migrated_from)
    except BaseException:
        if directory_lock:
            directory_lock.release()
        raise
