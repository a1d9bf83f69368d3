"""The simulated clock: play, pause, speed and a step of an hour, driving the open account's session.

While playing, a timer four times a second advances the session by the simulated seconds owed since
the last beat (wall time × speed), so the clock keeps pace however long a tick takes. The tick's engine
work runs on a worker thread (``tick_worker``); the GUI thread writes it and updates the views.
"""

from __future__ import annotations

import time

from PySide6.QtCore import QObject, QTimer, Signal

from ..services.simulation import TickReport
from .change import Change
from .session import Session
from .tick_worker import TickWorker

SPEEDS = (1, 10, 60, 600, 3600)
CLOCK_INTERVAL_MS = 250


class Clock(QObject):
    changed = Signal()  # playing, paused or another speed

    def __init__(self, session: Session, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._session = session
        self._timer = QTimer(self)
        self._timer.setInterval(CLOCK_INTERVAL_MS)
        self._timer.timeout.connect(self._beat)
        self._owed_seconds = 0.0
        self._last_wall = time.monotonic()
        self._worker = TickWorker(session, self._give_back, self)
        self.speed = 60
        session.changed.connect(self._on_change)

    @property
    def playing(self) -> bool:
        return self._timer.isActive()

    def play(self) -> None:
        if not self.playing:
            self._last_wall = time.monotonic()
            self._owed_seconds = 0.0
            self._timer.start()
            self.changed.emit()

    def pause(self) -> None:
        if self.playing:
            self._timer.stop()
            # A tick still on the worker is not written: once paused, nothing moves the clock (a
            # fast-forward, a switch or Live mode pause it before they start).
            self._worker.drop()
            self.changed.emit()

    def toggle(self) -> None:
        self.pause() if self.playing else self.play()

    def set_speed(self, speed: int) -> None:
        self.speed = max(1, min(SPEEDS[-1], int(speed)))
        self.changed.emit()

    def step_hour(self) -> TickReport:
        return self._session.tick(3600)

    def _beat(self) -> None:
        now = time.monotonic()
        self._owed_seconds += (now - self._last_wall) * self.speed
        self._last_wall = now
        if self._worker.busy:  # one tick at a time: the seconds owed meanwhile wait for the next beat
            return
        whole = int(self._owed_seconds)
        if whole >= 1:
            self._owed_seconds -= whole
            self._worker.tick(whole)

    def _give_back(self, seconds: int) -> None:
        """A tick left unused (the account moved while it was worked out): owed again, for the next beat."""
        self._owed_seconds += seconds

    def _on_change(self, change: Change) -> None:
        if change.opened:  # another account opens paused, as the trader left nothing running on it
            self.pause()
