"""When the charts and panels update: at most a few times a second while the clock runs, and only
while they are on screen (without pyqtgraph, so the what-if panel and the stress grid load fast)."""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import QObject, QTimer
from PySide6.QtWidgets import QWidget

LIVE_UPDATE_MS = 250  # at most four updates a second while the clock runs


class WhenShown:
    """Work that only matters on screen: done at once while the widget is visible, else kept (the
    latest of each kind) and done when the widget is next shown. A hidden chart costs nothing per tick."""

    def __init__(self, widget: QWidget) -> None:
        self.widget = widget
        self.pending: dict[str, Callable[[], None]] = {}

    def run(self, key: str, work: Callable[[], None], on_show: Callable[[], None] | None = None) -> None:
        """``work`` now if visible; else ``on_show`` (or ``work``) once the widget is shown."""
        if self.widget.isVisible():
            work()
        else:
            self.pending[key] = on_show or work

    def catch_up(self) -> None:
        """Call from ``showEvent``."""
        pending, self.pending = self.pending, {}
        for work in pending.values():
            work()


class Throttle(QObject):
    """Calls ``callback`` at most once per ``interval_ms``: requests within the wait are merged."""

    def __init__(
        self, callback: Callable[[], None], interval_ms: int = LIVE_UPDATE_MS, parent: QObject | None = None
    ) -> None:
        super().__init__(parent)
        self._callback = callback
        self._timer = QTimer(self)
        self._timer.setSingleShot(True)
        self._timer.setInterval(interval_ms)
        self._timer.timeout.connect(callback)

    @property
    def pending(self) -> bool:
        return self._timer.isActive()

    def request(self) -> None:
        if not self._timer.isActive():
            self._timer.start()

    def flush(self) -> None:
        """Run a pending update now (tests, and before a screenshot)."""
        if self._timer.isActive():
            self._timer.stop()
            self._callback()
