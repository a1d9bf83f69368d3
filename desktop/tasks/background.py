"""Long work off the GUI thread (Orange's pattern): fast-forwarding the clock, exporting a long
history. Progress and the result come back as queued signals; Cancel is checked between steps, and
every step is its own transaction, so a cancelled run leaves the store whole."""

from __future__ import annotations

import threading
from collections.abc import Callable
from pathlib import Path

from PySide6.QtCore import QObject, Signal

from ..engine import Event
from ..engine.vocabulary import EventType, liquidation_steps
from ..models.clock import Clock
from ..models.history_model import HistoryFilter, export_history_csv
from ..models.session import Session


class BackgroundTask(QObject):
    progressed = Signal(int, int)  # done, total
    finished = Signal(object, bool)  # result, cancelled
    failed = Signal(str)

    def __init__(self, work: Callable[[BackgroundTask], object], parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._work = work
        self._cancel = threading.Event()
        self.thread: threading.Thread | None = None

    def start(self) -> None:
        self.thread = threading.Thread(target=self._run, name="margin-desk-background", daemon=True)
        self.thread.start()

    def cancel(self) -> None:
        self._cancel.set()

    @property
    def cancelled(self) -> bool:
        return self._cancel.is_set()

    def wait(self, timeout: float | None = None) -> bool:
        if self.thread is not None:
            self.thread.join(timeout)
            return not self.thread.is_alive()
        return True

    def _run(self) -> None:
        try:
            result = self._work(self)
        except Exception as error:  # reported to the window, never lost in a thread
            # Errors that are already one sentence for the trader (``one_line``) go as they are.
            self.failed.emit(str(error) if getattr(error, "one_line", False) else f"{type(error).__name__}: {error}")
            return
        self.finished.emit(result, self.cancelled)


def fast_forward(session: Session, clock: Clock, hours: int, tick_seconds: int = 3600) -> BackgroundTask:
    """Advance the open account ``hours`` of simulated time in a worker thread.

    The worker drives its own simulation (no per-tick signals flood the GUI); the session is told
    once at the end. The clock is paused for the duration."""
    clock.pause()

    def work(task: BackgroundTask) -> int:
        simulation = session.detached_simulation()
        total = max(1, hours * 3600 // tick_seconds)
        ticks = 0
        liquidations = 0
        while ticks < total and not task.cancelled:
            report = simulation.tick(tick_seconds)
            liquidations += liquidation_steps(report.events)
            ticks += 1
            if ticks % 24 == 0 or ticks == total:
                task.progressed.emit(ticks, total)
        return liquidations

    task = BackgroundTask(work, session)
    task.finished.connect(lambda *_: session.reload())
    task.failed.connect(lambda *_: session.reload())
    return task


def run_scenario(session: Session, clock: Clock, text: str) -> BackgroundTask:
    """Make ``text`` the price feed from now and run it to its end in a worker thread, an hour a tick
    at most; each step reached is a PriceMoved note in History. FeedError (naming the line) before
    anything is stored if the script is bad. The result: (steps run, liquidation steps)."""
    steps = session.scenario_steps(text)  # checked before the feed is replaced
    clock.pause()
    session.use_scenario(text)
    lines = text.split("\n")
    name = session.name

    def work(task: BackgroundTask) -> tuple[int, int]:
        simulation = session.detached_simulation()
        accounts = simulation.accounts
        liquidations = 0
        done = 0
        for step in steps:
            if task.cancelled:
                break
            started = dict(accounts.load(name).state.marks)
            remaining = max(step.seconds, 1)  # an instant step still needs the clock to reach it
            while remaining > 0 and not task.cancelled:
                chunk = min(3600, remaining)
                liquidations += liquidation_steps(simulation.tick(chunk).events)
                remaining -= chunk
            if remaining > 0:
                break
            state = accounts.load(name).state
            accounts.note(name, (step_note(step, lines[step.line - 1].split("#", 1)[0].strip(), started, state),))
            done += 1
            task.progressed.emit(done, len(steps))
        return done, liquidations

    task = BackgroundTask(work, session)
    task.finished.connect(lambda result, _cancelled: session.reload(result[1]))
    task.failed.connect(lambda *_: session.reload())
    return task


def step_note(step, words: str, started: dict, state) -> Event:
    """A scenario step reached, for History: the line and the marks it left."""
    marks = ", ".join(f"{symbol} {state.marks[symbol]}" for symbol in step.symbols)
    reason = f"scenario line {step.line}: {words}" + (f" → {marks} USD" if marks and len(step.symbols) > 1 else "")
    if len(step.symbols) == 1:
        symbol = step.symbols[0]
        return Event(
            EventType.PRICE_MOVED,
            symbol,
            state.time,
            price=state.marks[symbol],
            reason=reason,
            details={"from": str(started.get(symbol, "")), "to": str(state.marks[symbol])},
        )
    return Event(EventType.PRICE_MOVED, "", state.time, reason=reason.capitalize(), details={"line": step.line})


def export_history(session: Session, path: Path, history_filter: HistoryFilter) -> BackgroundTask:
    def work(task: BackgroundTask) -> int:
        return export_history_csv(
            session,
            path,
            history_filter,
            progress=lambda n: task.progressed.emit(n, 0),
            should_stop=lambda: task.cancelled,
        )

    return BackgroundTask(work, session)
