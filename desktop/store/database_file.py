"""The database file before SQLite is handed it: what it is, how a new one is made, how it is copied aside.

- A new store is built whole in a temporary file beside its final name and renamed into place, so a
  kill during the very first start leaves either no store or a complete one (a rename is atomic).
- A hot rollback journal (a kill in the middle of a write by an older version) is rolled back
  before anything else reads the file.
- The backup before a migration is written to a temporary file and renamed onto its name, so a
  link planted under that name is replaced, never written through.
"""

from __future__ import annotations

import os
import sqlite3
import tempfile
from datetime import UTC, datetime
from pathlib import Path
from urllib.parse import quote

from .errors import StoreError, os_problem, problem_at
from .files import PRIVATE_FILE, SQLITE_COMPANIONS, sync_directory
from .migrations import MIGRATIONS, SCHEMA_VERSION, SCHEMA_VERSION_TABLE

SQLITE_HEADER = b"SQLite format 3\x00"
BUILDING = ".new-"  # <database>.new-XXXX: a store being built
BACKING_UP = ".backup-"  # <database>.backup-XXXX: a backup being written


def now_text() -> str:
    return datetime.now(UTC).isoformat(timespec="seconds")


def read_only_uri(path: Path, immutable: bool = False) -> str:
    """SQLite's URI for reading ``path`` without writing it (``immutable``: nor its -wal and -shm)."""
    return f"file:{quote(str(path))}?mode=ro{'&immutable=1' if immutable else ''}"


def companion(path: Path, suffix: str) -> Path:
    return path.with_name(path.name + suffix)


def has_content(path: Path) -> bool:
    try:
        return os.lstat(path).st_size > 0
    except OSError:
        return False


def inspect_existing_file(path: Path, immutable: bool = False) -> int:
    """The schema version of an existing file (0 for an empty one), or StoreError if it is not ours.
    ``immutable``: read the file alone, creating no -wal or -shm (only when the -wal holds nothing)."""
    if os.lstat(path).st_size == 0:
        return 0
    try:
        with open(path, "rb") as handle:
            header = handle.read(16)
    except OSError as error:
        raise StoreError(f"Cannot read {path}: {os_problem(error)}.") from None
    if header != SQLITE_HEADER:
        raise StoreError(
            f"{path} is not a SQLite database (corrupt, or another program's file). It was left "
            f"untouched; move it away to start a new store."
        )
    try:
        connection = sqlite3.connect(read_only_uri(path, immutable), uri=True)
        try:
            tables = {row[0] for row in connection.execute("SELECT name FROM sqlite_master WHERE type = 'table'")}
            version = None
            if "schema_version" in tables:
                row = connection.execute("SELECT version FROM schema_version ORDER BY id DESC LIMIT 1").fetchone()
                version = row[0] if row else 0
        finally:
            connection.close()
    except sqlite3.DatabaseError as error:
        if problem_at(path, error) == "the disk is full":
            raise StoreError(f"Cannot open {path}: the disk is full. Free some space and start again.") from None
        raise StoreError(f"{path} cannot be read as a database ({error}). It was left untouched.") from None
    if version is None:
        if tables:
            raise StoreError(
                f"{path} is a database of another program (tables: {', '.join(sorted(tables))}). It was left untouched."
            )
        return 0
    if not isinstance(version, int) or version < 0 or (version == 0 and tables - {"schema_version"}):
        raise StoreError(f"{path} has a damaged schema version ({version!r}). It was left untouched.")
    if version > SCHEMA_VERSION:
        raise StoreError(
            f"{path} was written by a newer Margin Desk (schema {version}; this one knows up to "
            f"{SCHEMA_VERSION}). It was left untouched."
        )
    return version


def recover_hot_journal(path: Path) -> None:
    """Roll back a journal left by a killed writer (SQLite does it on the first read of a writable
    connection; a read-only one would refuse the file forever)."""
    if not has_content(companion(path, "-journal")):
        return
    try:
        connection = sqlite3.connect(path)
        try:
            connection.execute("SELECT count(*) FROM sqlite_master").fetchone()
        finally:
            connection.close()
    except sqlite3.Error as error:
        raise StoreError(f"{path} cannot be read as a database ({error}). It was left untouched.") from None


def remove_stale_work(directory: Path, database: Path) -> None:
    """Half-built stores and half-written backups of a killed process (names of our own making)."""
    for prefix in (database.name + BUILDING, database.name + BACKING_UP):
        for leftover in directory.glob(prefix + "*"):
            try:
                leftover.unlink()  # a link is removed itself, never followed
            except OSError:
                pass


def _discard_companions(path: Path) -> None:
    """The -wal, -shm and -journal of a file about to be replaced: a stale -wal would be replayed onto
    the new file."""
    for suffix in SQLITE_COMPANIONS:
        try:
            companion(path, suffix).unlink()
        except FileNotFoundError:
            pass


def _temporary_beside(path: Path, marker: str) -> Path:
    descriptor, name = tempfile.mkstemp(dir=path.parent, prefix=path.name + marker)  # O_EXCL, mode 0600
    os.close(descriptor)
    return Path(name)


def _remove(path: Path) -> None:
    for each in (path, *(companion(path, suffix) for suffix in SQLITE_COMPANIONS)):
        try:
            each.unlink()
        except OSError:
            pass


def _fsync(path: Path) -> None:
    descriptor = os.open(path, os.O_RDONLY)
    try:
        os.fsync(descriptor)
    finally:
        os.close(descriptor)


def create_database(path: Path) -> None:
    """Build a store of the current schema in a temporary file and rename it to ``path``."""
    try:
        temporary = _temporary_beside(path, BUILDING)
    except OSError as error:
        raise StoreError(f"Cannot create the store {path}: {os_problem(error)}; nothing was created.") from None
    try:
        connection = sqlite3.connect(temporary, isolation_level=None)
        try:
            connection.execute("BEGIN")
            connection.execute(SCHEMA_VERSION_TABLE)
            for version in sorted(MIGRATIONS):
                for statement in MIGRATIONS[version]:
                    connection.execute(statement)
            connection.execute(
                'INSERT INTO "schema_version" ("version", "changed_at") VALUES (?, ?)', (SCHEMA_VERSION, now_text())
            )
            connection.execute("COMMIT")
            # WAL from now on (kept in the file's header); switching an unshared file writes no log.
            if connection.execute("PRAGMA journal_mode=wal").fetchone()[0] != "wal":
                raise sqlite3.OperationalError("cannot switch the new file to write-ahead logging")
        finally:
            connection.close()
        for suffix in SQLITE_COMPANIONS:
            if os.path.lexists(companion(temporary, suffix)):
                raise sqlite3.OperationalError(f"SQLite left {companion(temporary, suffix).name} behind")
        os.chmod(temporary, PRIVATE_FILE)
        _fsync(temporary)
        _discard_companions(path)
        os.replace(temporary, path)
        sync_directory(path.parent)
    except (sqlite3.Error, OSError) as error:
        _remove(temporary)
        raise StoreError(f"Cannot create the store {path}: {problem_at(path, error)}; nothing was created.") from None
    except BaseException:
        _remove(temporary)
        raise


def backup_file(path: Path, version: int) -> Path:
    """A consistent copy through SQLite's backup API (safe with WAL), renamed onto its final name."""
    target = companion(path, f".schema-{version}.bak")
    try:
        temporary = _temporary_beside(path, BACKING_UP)
    except OSError as error:
        raise StoreError(
            f"Cannot back up {path} before upgrading it: {os_problem(error)}; nothing was changed."
        ) from None
    try:
        source = sqlite3.connect(read_only_uri(path), uri=True)
        try:
            copy = sqlite3.connect(temporary)
            try:
                source.backup(copy)
            finally:
                copy.close()
        finally:
            source.close()
        _fsync(temporary)
        os.replace(temporary, target)
        sync_directory(path.parent)
    except (sqlite3.Error, OSError) as error:
        _remove(temporary)
        raise StoreError(
            f"Cannot back up {path} before upgrading it: {problem_at(path, error)}; nothing was changed."
        ) from None
    return target
