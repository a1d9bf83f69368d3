"""How fast the host runs at each moment, so that a GUI tick's figures can be read past a shared
machine's swings.

On the project's 2-core machines the same fixed work costs one thread's CPU clock up to twice as much
in one stretch of seconds as in the next (another tenant on the core's sibling, the clock rate): a
pure-Python loop measured 5.0 ms, then 9.9 ms for half a second, then 5.1 ms again. A view's median
tick moves with it, from run to run, whatever the code does. So each timed tick is bracketed by a
probe — fixed work of the tick's own kinds, Python bytecode and Qt laying out and drawing text — and
the tick is also reported scaled by how much slower than its fastest the probe ran around it: the
tick as this host runs it at full speed. The raw figures stay the benchmark's own."""

from __future__ import annotations

import statistics
import time
from dataclasses import dataclass, field

from PySide6.QtCore import QPoint
from PySide6.QtGui import QImage, QPainter

# (benchmark name, raw min, raw median, median at the host's full speed, host's median slowdown), in ms
READINGS: list[tuple[str, float, float, float, float]] = []

PROBE_TEXTS = tuple(f"{n * 1234.5678:,.2f} USDC" for n in range(1, 13))


def probe_work() -> None:
    """About half a millisecond of the tick's kinds of work: Python arithmetic and text drawn by Qt."""
    total = 0
    for number in range(6000):
        total += number * number
    image = QImage(160, 20, QImage.Format.Format_ARGB32_Premultiplied)
    painter = QPainter(image)
    for text in PROBE_TEXTS:
        painter.drawText(QPoint(2, 15), text)
    painter.end()


@dataclass
class HostSpeed:
    """Probes taken between timed rounds, and each round's own GUI-thread time (``time.thread_time``)."""

    probes: list[float] = field(default_factory=list)
    rounds: list[float] = field(default_factory=list)

    def probe(self) -> None:
        start = time.thread_time()
        probe_work()
        self.probes.append(time.thread_time() - start)

    def timed(self, work):
        """``work`` whose each call's GUI-thread time is kept beside the benchmark's."""

        def run():
            start = time.thread_time()
            work()
            self.rounds.append(time.thread_time() - start)

        return run

    def read(self, name: str, warmup_rounds: int) -> dict[str, float]:
        """The timed rounds (after the warm-up) raw and at full speed, in ms; call after a last probe.
        A round's slowdown is its two probes' mean over the fastest probe of the run."""
        pairs = list(zip(self.rounds, zip(self.probes, self.probes[1:], strict=False), strict=False))[warmup_rounds:]
        if len(pairs) < 5:  # a smoke run (--benchmark-disable): nothing to read
            return {}
        fastest = min(self.probes)
        slowdowns = [(before + after) / 2 / fastest for _, (before, after) in pairs]
        raw = [spent * 1000 for spent, _ in pairs]
        full_speed = [spent / slowdown for spent, slowdown in zip(raw, slowdowns, strict=True)]
        reading = {
            "median_ms_at_full_speed": statistics.median(full_speed),
            "host_slowdown_median": statistics.median(slowdowns),
        }
        READINGS.append(
            (
                name,
                min(raw),
                statistics.median(raw),
                reading["median_ms_at_full_speed"],
                reading["host_slowdown_median"],
            )
        )
        return reading


def summary_lines() -> list[str]:
    """The readings as a table for the end of the run."""
    if not READINGS:
        return []
    lines = [
        "GUI tick per view (ms of GUI-thread time): min, median, median at the host's full speed, host slowdown",
    ]
    width = max(len(name) for name, *_ in READINGS)
    for name, low, median, full, slowdown in sorted(READINGS, key=lambda reading: reading[3]):
        lines.append(f"{name:<{width}}  {low:6.2f}  {median:6.2f}  {full:6.2f}  ×{slowdown:.2f}")
    return lines
