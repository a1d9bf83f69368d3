"""Opening the store: one data directory, locked, one SQLite file in WAL mode, migrated safely.

- One writer at a time: an exclusive OS lock (``flock``) on ``margin-desk.lock`` *and* on the
  database file itself, so two data directories sharing one file (a hard link) cannot both write
  it. The locks die with the process, so a crash never leaves a stale lock behind.
- A file that is not SQLite, fails SQLite's own check, or belongs to another program is reported
  and never touched; a file from a newer Margin Desk likewise.
- A first start builds the store in a temporary file and renames it into place (``database_file``).
- Migrations run one version at a time, each in one transaction with its version bump, after the
  file is copied aside (``margin-desk.sqlite3.schema-N.bak``).
- A store that cannot or must not be written (read-only media, a damaged ledger) is opened
  read-only: ``Store.read_only`` and ``Store.read_only_reason`` say so, and every write is refused.
  ``open_read_only`` (``margin-desk verify``) creates nothing and takes shared locks only.
"""

from __future__ import annotations

import errno
import os
import shutil
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path

import peewee

from ..paths import DATABASE_FILE
from .checkpoints import BACKSTOP_PAGES, BackgroundCheckpoints
from .database_file import (
    backup_file,
    companion,
    create_database,
    has_content,
    inspect_existing_file,
    now_text,
    read_only_uri,
    recover_hot_journal,
    remove_stale_work,
)
from .errors import DATABASE_ERRORS, StoreError, StoreReadOnly, is_damage, os_problem, problem_at, write_failure
from .files import (
    CLOEXEC,
    NOFOLLOW,
    PRIVATE_FILE,
    FileLock,
    database_files,
    link_refusal,
    lock_descriptor,
    make_private_directory,
    refuse_links,
    tighten_directory,
)
from .migrations import MIGRATIONS, SCHEMA_VERSION, SCHEMA_VERSION_TABLE
from .models import SchemaVersion, database

__all__ = ["Store", "StoreError", "StoreReadOnly", "now_text", "open_read_only", "open_store"]

LOCK_FILE = "margin-desk.lock"
PRAGMAS = {"journal_mode": "wal", "synchronous": "normal", "foreign_keys": 1, "busy_timeout": 5000}
READ_PRAGMAS = {"foreign_keys": 1, "busy_timeout": 5000}
NOT_WRITABLE = (errno.EROFS, errno.EACCES, errno.EPERM)


@dataclass
class Store:
    directory: Path
    path: Path
    db: peewee.SqliteDatabase
    locks: list[FileLock] = field(default_factory=list)
    migrated_from: int | None = None
    read_only_reason: str | None = None  # why nothing may be written, in a sentence for a banner
    copy: tempfile.TemporaryDirectory | None = None  # a read-only view that needed upgrading or recovery
    checkpoints: BackgroundCheckpoints | None = None  # the log copied into the file off this thread

    @property
    def read_only(self) -> bool:
        return self.read_only_reason is not None

    @contextmanager
    def transaction(self) -> Iterator[None]:
        """One write, whole or not at all (a savepoint inside the caller's). Failures become one
        StoreError sentence naming the file; a store opened read-only refuses before writing."""
        if self.read_only:
            raise StoreReadOnly(f"{self.path} is open read-only: {self.read_only_reason} Nothing was written.")
        if self.db.in_transaction():
            with self.db.atomic():
                yield
            return
        try:
            with self.db.atomic():
                yield
        except DATABASE_ERRORS as error:
            failure = write_failure(self.path, error)
            if is_damage(error):
                self.refuse_writes(f"SQLite found the file damaged while writing ({error}).")
            raise failure from None
        if self.checkpoints is not None:
            self.checkpoints.written()

    def checkpoint_in_background(self) -> None:
        """From now on the write-ahead log is copied into the file by a thread of its own, not by this
        connection's commits (``checkpoints``: a tick that crossed 1,000 log pages paid for the copy)."""
        if self.read_only or self.checkpoints is not None:
            return
        self.checkpoints = BackgroundCheckpoints(self.path)
        self.db.execute_sql(f"PRAGMA wal_autocheckpoint={BACKSTOP_PAGES}")

    @contextmanager
    def reading(self) -> Iterator[None]:
        """A consistent read: no writer can interleave (works on a read-only store too)."""
        with self.db.atomic():
            yield

    def refuse_writes(self, reason: str) -> None:
        """From now on nothing is written, not even by mistake: the connection is reopened read-only."""
        self.read_only_reason = reason
        self._stop_checkpoints()
        if not self.db.is_closed():
            self.db.close()
        self.db = connect_read_only(self.path, immutable=False)

    def pages_problem(self) -> str | None:
        """SQLite's own page-level check ("ok" → None). It reads the whole file (0.24 s for a simulated
        year), so it runs in ``verify`` and ``simulate``, not at every start of the window."""
        try:
            result = self.db.execute_sql("PRAGMA quick_check").fetchone()[0]
        except DATABASE_ERRORS as error:
            return str(error)
        return None if result == "ok" else result

    def _stop_checkpoints(self) -> None:
        checkpoints, self.checkpoints = self.checkpoints, None
        if checkpoints is not None:
            checkpoints.stop()

    def close(self) -> None:
        self._stop_checkpoints()  # first: the last connection to close checkpoints and removes the -wal
        try:
            if not self.db.is_closed():
                self.db.close()
        except DATABASE_ERRORS:
            pass  # a failed last checkpoint (a full disk) loses nothing: the -wal stays for next time
        for lock in reversed(self.locks):
            lock.release()
        self.locks = []
        if self.copy is not None:
            self.copy.cleanup()
            self.copy = None


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
    try:
        db.connect()
    except DATABASE_ERRORS as error:
        db.close()
        raise StoreError(f"Cannot open {path}: {problem_at(path, error)}. Nothing was changed.") from None
    database.initialize(db)
    return db


def connect_read_only(path: Path, immutable: bool) -> peewee.SqliteDatabase:
    db = peewee.SqliteDatabase(read_only_uri(path, immutable), uri=True, pragmas=READ_PRAGMAS, check_same_thread=False)
    db.connect()
    database.initialize(db)
    return db


def busy(directory: Path) -> str:
    return f"Another Margin Desk is already using {directory}. Close it first, or pass a different --data-dir."


def _writer_lock(directory: Path) -> FileLock | None:
    """The directory's exclusive lock, or None when the directory cannot be written (read-only media)."""
    path = directory / LOCK_FILE
    try:
        descriptor = os.open(path, os.O_RDWR | os.O_CREAT | NOFOLLOW | CLOEXEC, PRIVATE_FILE)
    except OSError as error:
        if os.path.islink(path):
            raise link_refusal(path) from None
        if error.errno in NOT_WRITABLE:
            return None
        raise StoreError(f"Cannot open {path}: {os_problem(error)}.") from None
    lock = FileLock(descriptor, path)
    try:
        lock_descriptor(descriptor, exclusive=True)
    except OSError:
        lock.release()
        raise StoreError(busy(directory)) from None
    try:  # the PID is for people reading the file; the lock is what counts
        os.ftruncate(descriptor, 0)
        os.pwrite(descriptor, f"{os.getpid()}\n".encode(), 0)
    except (OSError, AttributeError):
        pass
    return lock


def _database_lock(path: Path, exclusive: bool) -> FileLock:
    return FileLock.take(
        path,
        os.O_RDWR if exclusive else os.O_RDONLY,
        exclusive,
        f"Another Margin Desk is already using the database {path} (through another data directory). Close it first.",
    )


def open_store(directory: Path | str, lock: bool = True) -> Store:
    """Lock the data directory, open (or create) its database, migrate it, and bind the models.
    A directory or file that cannot be written is opened read-only instead (``Store.read_only``)."""
    directory = Path(directory)
    make_private_directory(directory)
    path = directory / DATABASE_FILE
    locks: list[FileLock] = []
    try:
        if lock:
            directory_lock = _writer_lock(directory)
            if directory_lock is None:
                why = _why_not_writable(directory)
                if not os.path.lexists(path):
                    raise StoreError(f"Cannot create a store in {directory}: {why}.")
                return open_read_only(directory, f"{directory} cannot be written ({why}).")
            locks.append(directory_lock)
        refuse_links(database_files(path))
        remove_stale_work(directory, path)
        version = 0
        if os.path.lexists(path):
            try:
                locks.append(_database_lock(path, exclusive=True))
            except StoreError:
                if not os.access(path, os.W_OK):
                    _release(locks)
                    return open_read_only(directory, f"the database file {path} cannot be written (permission denied).")
                raise
            recover_hot_journal(path)
            version = inspect_existing_file(path, immutable=not has_content(companion(path, "-wal")))
            if version == 0:  # an empty file: a first start that never finished
                locks.pop().release()
        migrated_from = None
        if version == 0:
            create_database(path)
            locks.append(_database_lock(path, exclusive=True))
            migrated_from = 0
        tighten_directory(directory)
        if 0 < version < SCHEMA_VERSION:
            backup_file(path, version)
        db = connect(path)  # (StoreError in a sentence, e.g. no room for the -wal)
        if 0 < version < SCHEMA_VERSION:
            try:
                migrate(db, version)
            except DATABASE_ERRORS as error:
                db.close()
                raise StoreError(
                    f"Cannot upgrade {path} from schema {version}: {write_failure(path, error)} The file was left "
                    f"as it was."
                ) from None
            migrated_from = version
        return Store(directory, path, db, locks, migrated_from)
    except BaseException:
        _release(locks)
        raise


def _why_not_writable(directory: Path) -> str:
    try:
        probe = os.statvfs(directory)
        if probe.f_flag & getattr(os, "ST_RDONLY", 1):
            return "it is on read-only media"
    except (OSError, AttributeError):
        pass
    return "permission denied"


def _release(locks: list[FileLock]) -> None:
    for each in reversed(locks):
        each.release()
    locks.clear()


def open_read_only(directory: Path | str, reason: str = "margin-desk verify only reads.") -> Store:
    """Open an existing store without writing anything: no file is created, shared locks only, and it
    works on read-only media. A store that needs an upgrade or a crash recovery is read from a
    temporary copy that gets them (the original stays as it is)."""
    directory = Path(directory)
    if not directory.is_dir():
        raise StoreError(f"There is no data directory {directory}; nothing was created (check the path).")
    path = directory / DATABASE_FILE
    if not os.path.lexists(path):
        raise StoreError(
            f"There is no Margin Desk store in {directory} ({DATABASE_FILE} is missing); nothing was created."
        )
    locks: list[FileLock] = []
    try:
        lock_path = directory / LOCK_FILE
        refuse_links([lock_path, *database_files(path)])
        if os.path.exists(lock_path):
            locks.append(FileLock.take(lock_path, os.O_RDONLY, False, busy(directory)))
        locks.append(_database_lock(path, exclusive=False))
        if has_content(companion(path, "-journal")) or has_content(companion(path, "-wal")):
            # A killed writer's journal or log: reading it means recovering it, which writes (the -shm
            # at least), so it is done on a copy.
            return _read_from_copy(directory, path, locks, reason)
        version = inspect_existing_file(path, immutable=True)
        if version == 0:
            raise StoreError(f"There is no Margin Desk store in {directory} ({path} is empty); nothing was created.")
        if version < SCHEMA_VERSION:
            return _read_from_copy(directory, path, locks, reason)
        db = connect_read_only(path, immutable=True)  # we hold a shared lock: no writer can change it
        return Store(directory, path, db, locks, read_only_reason=reason)
    except BaseException:
        _release(locks)
        raise


def _read_from_copy(directory: Path, path: Path, locks: list[FileLock], reason: str) -> Store:
    copy = tempfile.TemporaryDirectory(prefix="margin-desk-read-")
    try:
        for each in database_files(path):
            if os.path.exists(each) and not each.name.endswith("-shm"):
                shutil.copyfile(each, Path(copy.name) / each.name)
        try:
            upgraded = open_store(copy.name, lock=False)
        except StoreError as error:
            raise StoreError(str(error).replace(str(Path(copy.name) / DATABASE_FILE), str(path))) from None
        upgraded.close()
        db = connect_read_only(Path(copy.name) / DATABASE_FILE, immutable=False)
    except OSError as error:
        copy.cleanup()
        raise StoreError(f"Cannot read {path}: {os_problem(error)}.") from None
    except BaseException:
        copy.cleanup()
        raise
    return Store(directory, path, db, locks, read_only_reason=reason, copy=copy)
