"""The store's errors, each one sentence that names the file and says what was (not) done."""

from __future__ import annotations

import errno
import os
import sqlite3
from pathlib import Path

import peewee


class StoreError(Exception):
    """The store cannot be opened or written; the message says why and what was (not) done."""


class StoreReadOnly(StoreError):
    """A write was asked of a store opened read-only (damaged, or on read-only media)."""


# What an OS error number means for the trader, in a few words.
OS_PROBLEMS = {
    errno.ENOSPC: "the disk is full",
    errno.EDQUOT: "the disk quota is exhausted",
    errno.EROFS: "it is on a read-only file system",
    errno.EACCES: "permission denied",
    errno.EPERM: "permission denied",
    errno.ELOOP: "it is a symbolic link, and Margin Desk follows no links in its data directory",
    errno.EIO: "the disk reported an input/output error",
    errno.ENOENT: "it does not exist",
    errno.ENOTDIR: "a part of the path is not a directory",
}

# The same, read off SQLite's messages (SQLite reports the OS error as its own code).
SQLITE_PROBLEMS = (
    ("database or disk is full", "the disk is full"),
    ("readonly database", "it is read-only"),
    ("disk i/o error", "the disk reported an input/output error"),
    ("malformed", "the database file is damaged"),
    ("not a database", "the database file is damaged"),
    ("unable to open", "it cannot be opened"),
)


def one_line(text: object, limit: int = 200) -> str:
    """``text`` fit for a one-line message: lines joined with '; ', control characters dropped, cut short."""
    joined = "; ".join(part.strip() for part in str(text).splitlines() if part.strip())
    clean = "".join(c for c in joined if c.isprintable())
    return clean if len(clean) <= limit else clean[: limit - 1] + "…"


def os_problem(error: OSError) -> str:
    return OS_PROBLEMS.get(error.errno, (error.strerror or str(error)).lower())


def sqlite_problem(error: BaseException) -> str:
    """The first cause along the exception's chain that SQLite named (a failed rollback hides the real
    cause: 'cannot rollback - no transaction is active' after the disk filled up)."""
    seen = error
    while seen is not None:
        text = str(seen).lower()
        for needle, problem in SQLITE_PROBLEMS:
            if needle in text:
                return problem
        if isinstance(seen, OSError) and seen.errno in OS_PROBLEMS:
            return OS_PROBLEMS[seen.errno]
        seen = seen.__context__
    return one_line(str(error).splitlines()[0]) if str(error).strip() else type(error).__name__


def problem_at(path: Path, error: BaseException) -> str:
    """``sqlite_problem``, except that a vague I/O failure on a disk with no room left is the full disk
    (SQLite reports a -shm it could not grow as a "disk I/O error")."""
    problem = sqlite_problem(error)
    if problem in ("the disk reported an input/output error", "it cannot be opened") and _no_room(path.parent):
        return "the disk is full"
    return problem


def _no_room(directory: Path) -> bool:
    try:
        stats = os.statvfs(directory)
    except (OSError, AttributeError):
        return False
    return stats.f_bavail * stats.f_frsize < 64 * 1024


def is_damage(error: BaseException) -> bool:
    return sqlite_problem(error) == "the database file is damaged"


DATABASE_ERRORS = (sqlite3.Error, peewee.DatabaseError, peewee.InterfaceError)
# A row that should be there and is not (a foreign key left dangling by hand).
MISSING_ROW_ERRORS = (peewee.DoesNotExist,)


def write_failure(path: Path, error: BaseException) -> StoreError:
    return StoreError(f"Cannot write to {path}: {problem_at(path, error)}. Nothing of this change was saved.")
