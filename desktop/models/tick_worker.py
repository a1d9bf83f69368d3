"""The playing clock's ticks, worked out off the GUI thread.

Each beat hands the pure part of a tick (``services.tick_work``: the clock, the feed's marks, the moved
prices, the valuation and events, the ledger's rows, the liquidation prices the views read) to one
worker thread; the result comes back as a queued signal, and the GUI thread writes it in one
transaction and tells the views, exactly as ``Session.tick`` does. It is written only if the account
is still in the very state the worker started from: an order, a switch or a reload in between leaves
it unused, and its seconds go back to the clock to be ticked again from the state now. One tick is in
flight at a time; nothing but the pure engine runs on the worker (the store stays on the GUI thread).
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from concurrent.futures import Future, ThreadPoolExecutor

from PySide6.QtCore import QObject, Signal

from ..engine.account_figures import AccountFigures
from ..services.tick_work import TickJob, WorkedTick, work_out
from .session import Session

LOG = logging.getLogger(__name__)

# One worker for every window's clock: a tick is a millisecond or two of engine work, one at a time.
TICK_WORKER = ThreadPoolExecutor(max_workers=1, thread_name_prefix="margin-desk-tick")


def worked_and_warmed(job: TickJob, warmers: tuple[Callable[[AccountFigures], None], ...]) -> WorkedTick:
    """On the worker: the tick, its figures warmed, then whatever the session's ``tick_warmers`` work
    out from those figures (pure engine work), so the GUI thread finds it done."""
    worked = work_out(job, True)
    if worked.figures is not None:
        for warm_up in warmers:
            warm_up(worked.figures)
    return worked


class TickDone(QObject):
    """Carries a worked-out tick back to the GUI thread (a queued signal)."""

    done = Signal(object, object)  # the job, its future


class TickWorker(QObject):
    """Sends a clock's ticks to ``TICK_WORKER`` and commits each as it comes back, if still current.

    ``give_back(seconds)`` receives the seconds of a tick left unused because the account moved meanwhile
    (the clock ticks them again from the state now)."""

    def __init__(self, session: Session, give_back: Callable[[int], None], parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._session = session
        self._give_back = give_back
        self._flying: TickJob | None = None  # the tick on the worker now, if any
        self._relay = TickDone()  # no parent: it outlives the clock while a job may still end
        self._relay.done.connect(self._arrived)

    @property
    def busy(self) -> bool:
        """A tick is on the worker (the clock owes its further seconds until it is back)."""
        return self._flying is not None

    def tick(self, seconds: int) -> None:
        """Tick ``seconds``: on the worker when the tick may run there, else here at once as ever."""
        job = self._session.tick_job(seconds)
        if job is None:  # a mirror, or a feed that reads the store
            self._session.tick(seconds)
            return
        self._flying = job
        relay = self._relay
        warmers = tuple(self._session.tick_warmers)  # e.g. the Futures form's order, previewed there
        TICK_WORKER.submit(worked_and_warmed, job, warmers).add_done_callback(lambda done: relay.done.emit(job, done))

    def drop(self) -> None:
        """Forget the tick in flight: whatever it brings back is not written (the clock paused)."""
        self._flying = None

    def _arrived(self, job: TickJob, done: Future) -> None:
        if job is not self._flying:  # dropped: the clock paused meanwhile
            return
        self._flying = None
        if done.exception() is not None:
            # Worked out again here, where its error (an unusable price) shows as a beat's always did;
            # logged, or a worker path broken for good would only show as every tick costing more.
            LOG.warning("a tick failed on the worker and is worked out here", exc_info=done.exception())
            self._session.tick(job.seconds)
        elif self._session.commit_tick(done.result()) is None:
            self._give_back(job.seconds)
