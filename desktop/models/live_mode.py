"""Live mode: the open account's prices follow Backpack's mark prices instead of the simulated feed.

Off by default (the app works offline). On, it pauses the simulated clock and polls Backpack in a
thread (``tasks.live.LivePoller``); each answer becomes one tick on the GUI thread, as long as the
real time that passed, with Backpack's marks. When a poll fails nothing is invented: the account
stays as it was, ``problem`` says why in one sentence, and the next poll that gets an answer resumes
Live. Playing the simulated clock turns Live off.
"""

from __future__ import annotations

import time
from datetime import datetime

from PySide6.QtCore import QObject, Signal

from ..tasks.live import LivePoller, LiveReading
from .change import Change
from .clock import Clock
from .session import ServiceError, Session


class LiveMode(QObject):
    changed = Signal()  # on/off, a reading, a failure: the banner and the status bar read it again

    def __init__(
        self,
        session: Session,
        clock: Clock,
        base_url: str | None = None,
        marks_every: float | None = None,
        pools_every: float | None = None,
        timeout: float | None = None,
        parent: QObject | None = None,
    ) -> None:
        super().__init__(parent)
        self.session = session
        self.clock = clock
        self.base_url = base_url
        self.marks_every = marks_every
        self.pools_every = pools_every
        self.timeout = timeout  # of one poll (the poller's default when None)
        self.poller: LivePoller | None = None
        self._stopped: list[LivePoller] = []  # turned off, their threads maybe still ending
        self.last_at: datetime | None = None  # when Backpack last answered
        self.latency_ms: float | None = None
        self.tick_ms: float | None = None  # GUI-thread cost of the last live tick
        self.problem: str | None = None  # one line while Live prices are stopped
        self.retry_in: float | None = None
        self.ticks = 0
        self.failures = 0  # failed polls since Live was turned on
        self._last_wall: float | None = None
        self._owed = 0.0
        clock.changed.connect(self._on_clock)
        session.changed.connect(self._on_change)

    @property
    def on(self) -> bool:
        return self.poller is not None

    def set_on(self, on: bool) -> None:
        self.start() if on else self.stop()

    def start(self) -> None:
        if self.poller is not None:
            return
        self.clock.pause()
        self.problem = self.retry_in = None
        self.last_at = self.latency_ms = None
        self._last_wall = None
        chosen = {"marks_every": self.marks_every, "pools_every": self.pools_every, "timeout": self.timeout}
        options = {name: value for name, value in chosen.items() if value is not None}
        self.poller = LivePoller(self.session.parameters.underlyings, self.base_url, parent=self, **options)
        self.poller.read.connect(self._on_reading)
        self.poller.failed.connect(self._on_failure)
        self.poller.start()
        self.changed.emit()

    def stop(self) -> None:
        poller, self.poller = self.poller, None
        if poller is None:
            return
        poller.stop()  # not waited for: the GUI never blocks on a request under way
        poller.read.disconnect(self._on_reading)
        poller.failed.disconnect(self._on_failure)
        self._stopped.append(poller)
        self.problem = self.retry_in = None
        self.changed.emit()

    def shutdown(self, wait_seconds: float = 30.0) -> None:
        """Off, and every polling thread ended (the window closes; the store closes after)."""
        self.stop()
        for poller in self._stopped:
            poller.stop(wait_seconds)
        self._stopped.clear()

    # -- what the poller says ----------------------------------------------------------------------
    def _on_reading(self, reading: LiveReading) -> None:
        if self.poller is None:  # a reading queued before Off
            return
        now = time.monotonic()
        if self._last_wall is not None:
            self._owed += now - self._last_wall
        self._last_wall = now
        seconds = int(self._owed)
        self._owed -= seconds
        started = time.perf_counter()
        try:
            self.session.tick_live(seconds, reading.marks)
        except ServiceError as error:
            self.problem = f"Live prices stopped: {error}"
        else:
            self.problem = None
            self.ticks += 1
        self.tick_ms = (time.perf_counter() - started) * 1000
        self.last_at, self.latency_ms, self.retry_in = reading.at, reading.latency_ms, None
        self.changed.emit()

    def _on_failure(self, message: str, retry_in: float) -> None:
        if self.poller is None:
            return
        self.failures += 1
        last = f"{self.last_at:%H:%M:%S}" if self.last_at else "never"
        self.problem = f"Live prices stopped: {message}, last at {last}"
        self.retry_in = retry_in
        self._last_wall = None  # no ticks while stopped: the time offline is not made up afterwards
        self._owed = 0.0
        self.changed.emit()

    def _on_clock(self) -> None:
        if self.clock.playing and self.on:  # the simulated clock and Live prices exclude each other
            self.stop()

    def _on_change(self, change: Change) -> None:
        if change.opened and self.poller is not None:
            self.poller.set_symbols(self.session.parameters.underlyings)
            self._last_wall = None
            self._owed = 0.0

    # -- in words ----------------------------------------------------------------------------------
    def status(self) -> str:
        """One sentence for the status bar: offline, waiting, the last update and its latency, or why not."""
        if not self.on:
            return "Offline: simulated prices"
        if self.problem:
            retry = f"; trying again in {self.retry_in:g} s" if self.retry_in else ""
            return self.problem + retry
        if self.last_at is None:
            return "Live: asking Backpack for mark prices…"
        return f"Live: Backpack marks at {self.last_at:%H:%M:%S} UTC, {self.latency_ms:.0f} ms"
