"""Files in the data directory: never through a symbolic link, private to their owner, locked by the OS.

- Every file the store writes is opened with ``O_NOFOLLOW`` or checked with ``lstat`` first: a link
  planted in the directory must not make Margin Desk truncate or overwrite the file it points to.
  SQLite opens the database, ``-wal``, ``-shm`` and ``-journal`` itself, so those names are checked
  before it is given the path.
- The directory is 0700 and its files 0600: balances and orders are nobody else's business.
- Locks are ``flock`` (BSD) locks, which die with the process and do not disturb SQLite's own POSIX
  locks. The lock on the database file is held on a descriptor kept open until SQLite has closed,
  because closing *any* descriptor of a file drops the process's POSIX locks on it.
"""

from __future__ import annotations

import os
import stat
from pathlib import Path

from .errors import StoreError, os_problem

PRIVATE_DIRECTORY = 0o700
PRIVATE_FILE = 0o600
NOFOLLOW = getattr(os, "O_NOFOLLOW", 0)
CLOEXEC = getattr(os, "O_CLOEXEC", 0)
SQLITE_COMPANIONS = ("-wal", "-shm", "-journal")


def link_refusal(path: Path) -> StoreError:
    return StoreError(
        f"{path} is a symbolic link; Margin Desk follows no links in its data directory. Remove the link "
        f"(or use another --data-dir); nothing was changed."
    )


def refuse_links(paths) -> None:
    for path in paths:
        if os.path.islink(path):
            raise link_refusal(path)


def database_files(database: Path) -> list[Path]:
    """The database and the files SQLite keeps beside it."""
    return [database] + [database.with_name(database.name + suffix) for suffix in SQLITE_COMPANIONS]


def open_no_follow(path: Path, flags: int, mode: int = PRIVATE_FILE) -> int:
    """A descriptor for ``path`` opened without following a link; StoreError in one sentence otherwise."""
    try:
        return os.open(path, flags | NOFOLLOW | CLOEXEC, mode)
    except OSError as error:
        if os.path.islink(path):
            raise link_refusal(path) from None
        raise StoreError(f"Cannot open {path}: {os_problem(error)}.") from None


def private_file(path: Path) -> Path:
    """A file of ours in the data directory that another library writes (the window's QSettings ini):
    refused if it is a link or not a regular file (QSettings would write through the link, or block on
    a FIFO), else created empty with mode 0600 so the library's atomic save keeps that mode."""
    try:
        info = os.lstat(path)
    except FileNotFoundError:
        descriptor = open_no_follow(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL)
        os.close(descriptor)
        return path
    except OSError as error:
        raise StoreError(f"Cannot read {path}: {os_problem(error)}.") from None
    if stat.S_ISLNK(info.st_mode):
        raise link_refusal(path)
    if not stat.S_ISREG(info.st_mode):
        raise StoreError(f"{path} is not a regular file; move it away (nothing was changed).")
    return path


def make_private_directory(directory: Path) -> None:
    """Create the data directory (0700) or tighten an existing one of ours; StoreError in one sentence."""
    try:
        directory.mkdir(mode=PRIVATE_DIRECTORY, parents=True, exist_ok=True)
    except OSError as error:
        raise StoreError(f"Cannot create the data directory {directory}: {os_problem(error)}.") from None
    if not directory.is_dir():
        raise StoreError(f"The data directory {directory} is not a directory.")
    tighten(directory, PRIVATE_DIRECTORY)


def tighten(path: Path, mode: int) -> None:
    """Take group and other permissions off one of our own files (never through a link; best effort:
    a file on a file system without permissions stays as it is)."""
    try:
        info = os.lstat(path)
        if stat.S_ISLNK(info.st_mode) or info.st_uid != os.getuid() or not info.st_mode & 0o077:
            return
        os.chmod(path, mode if stat.S_ISDIR(info.st_mode) else stat.S_IMODE(info.st_mode) & mode)
    except (OSError, AttributeError):  # AttributeError: os.getuid on Windows
        pass


def tighten_directory(directory: Path) -> None:
    """The directory 0700 and every regular file in it 0600 (older versions left 0755 and 0644)."""
    tighten(directory, PRIVATE_DIRECTORY)
    try:
        entries = list(os.scandir(directory))
    except OSError:
        return
    for entry in entries:
        if entry.is_file(follow_symlinks=False):
            tighten(Path(entry.path), PRIVATE_FILE)


def sync_directory(directory: Path) -> None:
    """Make a rename in ``directory`` durable (POSIX; a no-op where directories cannot be opened)."""
    try:
        descriptor = os.open(directory, os.O_RDONLY | CLOEXEC)
    except OSError:
        return
    try:
        os.fsync(descriptor)
    except OSError:
        pass
    finally:
        os.close(descriptor)


class FileLock:
    """An OS lock on one file, exclusive (the writer) or shared (``verify``), held until released."""

    def __init__(self, descriptor: int, path: Path) -> None:
        self.descriptor: int | None = descriptor
        self.path = path

    @classmethod
    def take(cls, path: Path, flags: int, exclusive: bool, busy: str) -> FileLock:
        """Open ``path`` (no link followed) and lock it without waiting; StoreError ``busy`` if it is held."""
        descriptor = open_no_follow(path, flags)
        try:
            lock_descriptor(descriptor, exclusive)
        except OSError:
            os.close(descriptor)
            raise StoreError(busy) from None
        return cls(descriptor, path)

    def same_file_as(self, path: Path) -> bool:
        """Whether ``path`` still names the locked file (not swapped for another since)."""
        try:
            held, named = os.fstat(self.descriptor), os.lstat(path)
        except OSError:
            return False
        return (held.st_dev, held.st_ino) == (named.st_dev, named.st_ino)

    def release(self) -> None:
        if self.descriptor is not None:
            os.close(self.descriptor)
            self.descriptor = None


def lock_descriptor(descriptor: int, exclusive: bool) -> None:
    """Lock an open file without waiting (OSError if another process holds it)."""
    try:
        import fcntl
    except ImportError:  # Windows: a byte far past the end, clear of SQLite's own lock bytes
        import msvcrt

        os.lseek(descriptor, 1 << 40, os.SEEK_SET)
        msvcrt.locking(descriptor, msvcrt.LK_NBLCK, 1)
        return
    fcntl.flock(descriptor, (fcntl.LOCK_EX if exclusive else fcntl.LOCK_SH) | fcntl.LOCK_NB)
