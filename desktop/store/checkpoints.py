"""Checkpoints off the GUI thread: copying the write-ahead log back into the database file.

In WAL mode SQLite copies the log into the file once it holds 1,000 pages, in whichever connection
commits then: a tick writes some 30 pages, so every 30-odd ticks one of them paid 3-7 ms of CPU and
30-45 ms of wall time (two fsyncs) on the GUI thread. Here a thread of its own with its own connection
runs a PASSIVE checkpoint (it never blocks a writer or a reader) after a write, at most once a second;
the GUI connection's own automatic checkpoint stays as a backstop at ``BACKSTOP_PAGES``, should this
thread ever fall behind. Durability is SQLite's as before: every transaction is in the log at its
commit (synchronous=NORMAL in WAL: a crash of the program loses nothing, a power cut at most the last
commits, never the file's consistency), and a checkpoint only copies committed pages.
"""

from __future__ import annotations

import sqlite3
import threading
from pathlib import Path

THREAD_NAME = "margin-desk-checkpoint"
# The writer's own checkpoint, should the thread fall behind (40 MB of log at 4 KB pages).
BACKSTOP_PAGES = 10_000
SPACING_SECONDS = 1.0  # at most one checkpoint a second: a tick's pages ride along with the next one


class BackgroundCheckpoints:
    """One thread copying the log into the file after writes; ``stop`` ends it (the store's close)."""

    def __init__(self, path: Path) -> None:
        self._path = path
        self._written = threading.Event()  # a write committed since the last checkpoint
        self._stopping = threading.Event()
        self.done = threading.Condition()
        self.checkpoints = 0  # how many ran (tests wait on ``done`` for it to move)
        self.last: tuple[int, int, int] | None = None  # SQLite's (busy, log pages, pages checkpointed)
        self._thread = threading.Thread(target=self._run, name=THREAD_NAME, daemon=True)
        self._thread.start()

    def written(self) -> None:
        """A write transaction committed: its pages go into the file at the next checkpoint."""
        self._written.set()

    def stop(self) -> None:
        self._stopping.set()
        self._written.set()
        if self._thread is not threading.current_thread():
            self._thread.join()

    def _run(self) -> None:
        try:
            connection = sqlite3.connect(self._path, isolation_level=None, check_same_thread=True)
        except sqlite3.Error:
            return  # the writer's backstop checkpoints instead
        try:
            connection.execute("PRAGMA busy_timeout=5000")
            while True:
                self._written.wait()
                if self._stopping.is_set():
                    return
                self._written.clear()
                try:
                    self.last = connection.execute("PRAGMA wal_checkpoint(PASSIVE)").fetchone()
                except sqlite3.Error:
                    pass  # busy or damaged: the next write tries again, and the backstop is there
                with self.done:
                    self.checkpoints += 1
                    self.done.notify_all()
                if self._stopping.wait(SPACING_SECONDS):
                    return
        finally:
            connection.close()
