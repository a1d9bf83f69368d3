"""The stress grid worked out on the tick worker with each played tick (``Session.tick_warmers``), while
the grid is on screen.

A grid is some 5 ms of engine work in Python. On a worker of its own it ran while the GUI thread drew
the same tick, and the two threads passed the interpreter's lock back and forth at every call into Qt:
that tripled the GUI thread's own CPU time for the tick (a busy Python thread beside the Risk view
took it from 3.5 to 17 ms). On the tick worker it runs while the GUI thread waits for the tick anyway.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING

from .worked_ahead import WorkedAhead

if TYPE_CHECKING:
    from ..engine import MarginParameters
    from ..engine.account_figures import AccountFigures
    from ..engine.state import AccountState


class GridAhead(WorkedAhead):
    """``wanted`` (GUI thread): the grid is on screen. On the worker, ``work(state, parameters)`` is
    called for each new tick's state; ``ready`` gives its result back only for that very state and
    parameters. A grid the GUI thread has replaced is handed back (``let_go``) and freed on the worker."""

    def __init__(self, work: Callable[[AccountState, MarginParameters], tuple]) -> None:
        super().__init__()
        self.work = work
        self.wanted = False
        self._replaced: list = []

    def __call__(self, figures: AccountFigures) -> None:  # on the worker
        self._replaced = []  # the grids the screen let go of, freed here rather than on the GUI thread
        if not self.wanted:
            self.done = None
            return
        try:
            result = self.work(figures.state, figures.parameters)
        except Exception:  # noqa: BLE001 - the GUI thread works the grid out again and meets the error there
            return
        self.keep(figures, None, result)

    def ready(self, state: AccountState, parameters: MarginParameters) -> tuple | None:
        return self.kept(state, parameters)

    def let_go(self, replaced: object) -> None:
        """Keep ``replaced`` (a grid taken off the screen) until the worker's next tick frees it."""
        self._replaced = [*self._replaced, replaced]
