"""Backpack off the GUI thread: one fetch of live parameters, and the Live mode's polling.

Neither touches the store: results come back as queued signals and the GUI thread writes them, one
transaction each. The poller asks for marks every few seconds and pools every minute, one try per
poll; after a failure it waits (longer after a 429) and tries again, so Live resumes by itself.
"""

from __future__ import annotations

import logging
import threading
import time
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import datetime
from decimal import Decimal

from PySide6.QtCore import QObject, Signal

from ..services.live_parameters import (
    MARKS_EVERY_SECONDS,
    POOLS_EVERY_SECONDS,
    FetchCancelled,
    FetchedSnapshot,
    fetch_live_snapshot,
)
from .background import BackgroundTask

# httpx logs every request at INFO: a Live day would be 35,000 lines of the app's log.
logging.getLogger("httpx").setLevel(logging.WARNING)

LONGEST_BACKOFF_SECONDS = 60.0  # after repeated 429s, never wait longer than this between tries
LIVE_TIMEOUT_SECONDS = 5.0  # a poll fails fast: the next one, seconds later, is the retry


class FetchFailed(Exception):
    """A fetch that failed, already one line naming the endpoint and the problem."""

    one_line = True


class FetchTask(BackgroundTask):
    stepped = Signal(str)  # what is being read now ("borrow-lend markets")


def fetch_live_parameters(base_url: str | None = None, timeout: float | None = None) -> FetchTask:
    """A task that reads Backpack into a FetchedSnapshot (result None when cancelled); not started."""

    def work(task: BackgroundTask) -> FetchedSnapshot | None:
        from ..services.backpack.errors import BackpackError, BadBaseUrl
        from ..services.backpack.snapshot import SnapshotRejected

        def progress(what: str, done: int, total: int) -> None:
            if task.cancelled:
                raise FetchCancelled
            task.stepped.emit(what)
            task.progressed.emit(done, total)

        try:
            return fetch_live_snapshot(base_url, timeout, progress)
        except FetchCancelled:
            return None
        except (BackpackError, SnapshotRejected, BadBaseUrl) as error:
            if task.cancelled:  # the request under way failed after Cancel: nothing to say
                return None
            raise FetchFailed(" ".join(str(error).split())) from None

    return FetchTask(work)


@dataclass(frozen=True)
class LiveReading:
    at: datetime  # when Backpack answered (UTC)
    marks: dict[str, Decimal]
    latency_ms: float  # the round trips of this poll
    pools_read: bool = False
    funding_rates: dict[str, Decimal] = field(default_factory=dict)


class LivePoller(QObject):
    """Polls Backpack in a thread of its own until ``stop``. Signals reach the GUI thread queued."""

    read = Signal(object)  # a LiveReading
    failed = Signal(str, float)  # one line naming the endpoint and the problem; seconds until the next try

    def __init__(
        self,
        symbols: Iterable[str],
        base_url: str | None = None,
        marks_every: float = MARKS_EVERY_SECONDS,
        pools_every: float = POOLS_EVERY_SECONDS,
        timeout: float = LIVE_TIMEOUT_SECONDS,
        parent: QObject | None = None,
    ) -> None:
        super().__init__(parent)
        self.base_url = base_url
        self.marks_every = marks_every
        self.pools_every = pools_every
        self.timeout = timeout
        self._symbols = tuple(symbols)
        self._stop = threading.Event()
        self.thread: threading.Thread | None = None

    def set_symbols(self, symbols: Iterable[str]) -> None:
        """Another account opened: poll for its snapshot's assets from the next poll on."""
        self._symbols = tuple(symbols)

    def start(self) -> None:
        self._stop.clear()
        self.thread = threading.Thread(target=self._run, name="margin-desk-live", daemon=True)
        self.thread.start()

    def stop(self, wait_seconds: float = 0.0) -> None:
        """Stop polling. With ``wait_seconds``, return once the thread ended (a request under way ends
        within its timeout); without, at once (the thread ends by itself, saying nothing more)."""
        self._stop.set()
        if self.thread is not None and wait_seconds:
            self.thread.join(wait_seconds)

    @property
    def running(self) -> bool:
        return self.thread is not None and self.thread.is_alive()

    def _run(self) -> None:
        from ..services.backpack.errors import BackpackError, BackpackHttpError, BadBaseUrl
        from ..services.backpack.http import Transport
        from ..services.backpack.live import LiveFeed
        from ..services.backpack.public import PublicClient

        try:
            transport = Transport(self.base_url, timeout=self.timeout, tries=1)
        except BadBaseUrl as error:
            self.failed.emit(str(error), 0.0)
            return
        client = PublicClient(transport)
        feed, symbols = LiveFeed(client, self._symbols), self._symbols
        pools_due = 0.0
        failures = 0
        try:
            while not self._stop.is_set():
                if self._symbols != symbols:
                    feed, symbols, pools_due = LiveFeed(client, self._symbols), self._symbols, 0.0
                started = time.perf_counter()
                try:
                    reading = feed.poll_marks()
                    pools_read = time.monotonic() >= pools_due
                    if pools_read:
                        feed.poll_pools()
                        pools_due = time.monotonic() + self.pools_every
                except BackpackError as error:
                    failures += 1
                    limited = isinstance(error, BackpackHttpError) and error.status == 429
                    wait = min(self.marks_every * 2**failures, LONGEST_BACKOFF_SECONDS) if limited else self.marks_every
                    self.failed.emit(" ".join(str(error).split()), wait)
                    self._stop.wait(wait)
                    continue
                failures = 0
                elapsed = time.perf_counter() - started
                marks = dict(feed.last_pools.marks) if feed.last_pools else {}
                marks.update(reading.marks)
                self.read.emit(LiveReading(reading.at, marks, elapsed * 1000, pools_read, dict(reading.funding_rates)))
                self._stop.wait(max(0.0, self.marks_every - elapsed))
        finally:
            transport.close()
