"""Python's cyclic garbage collector run from the GUI thread's event loop, between events.

Left automatic, the collector runs wherever an allocation crosses its threshold, which can be in the
middle of a Qt paint: a price chart switching theme while it read its trade marks from the store
crashed in ``QPainter::restore`` that way (reproduced only with automatic collection; with it off, or
collected before the draw, the same run passed). So the app turns automatic collection off and
collects here, generation by generation, as the collector itself would, on a timer.
"""

from __future__ import annotations

import gc

from PySide6.QtCore import QObject, QTimer

INTERVAL_MS = 500  # often enough that cycles never pile up; a young-generation pass costs microseconds


class GuiGarbageCollector(QObject):
    def __init__(self, parent: QObject) -> None:
        super().__init__(parent)
        self.thresholds = gc.get_threshold()
        gc.disable()
        self.timer = QTimer(self)
        self.timer.setInterval(INTERVAL_MS)
        self.timer.timeout.connect(self.collect)
        self.timer.start()

    def collect(self) -> None:
        young, middle, old = gc.get_count()
        if young > self.thresholds[0]:
            gc.collect(0)
            if middle > self.thresholds[1]:
                gc.collect(1)
                if old > self.thresholds[2]:
                    gc.collect(2)


def collect_between_events(app: QObject) -> GuiGarbageCollector:
    """Install the collector once per application (it is the app's child, so it lives as long)."""
    existing = app.findChild(GuiGarbageCollector)
    return existing if existing is not None else GuiGarbageCollector(app)
