"""The stress grid: the margin fraction after shocks of −50 % … +50 % (rows) to each asset held or
borrowed, each base of a perp position (its positions move with it) and all non-stable assets together
(columns), each cell coloured by its distance to maintenance and carrying the number and a mark
(✖ liquidatable, ! below initial margin) as text."""

from __future__ import annotations

from concurrent.futures import Future, ThreadPoolExecutor
from functools import partial

from PySide6.QtCore import QObject, Signal
from PySide6.QtWidgets import QAbstractItemView, QHeaderView, QLabel, QTableView, QVBoxLayout, QWidget

from ...engine.what_if import DEFAULT_SHOCKS, stress_grid
from ...models.change import Change
from ...models.grid_ahead import GridAhead
from ...models.session import Session
from ...models.what_if_model import (
    BELOW_INITIAL_COLOUR,
    CELL_TEXT,
    FAR_COLOUR,
    LIQUIDATABLE_COLOUR,
    NEAR_COLOUR,
    StressGridModel,
    grid_looks,
)
from ..partials.desk_style import plain_fusion_for
from ..partials.flow import flow_box
from ..partials.updates import Throttle, WhenShown
from .stress_cells import StressCellDelegate

# One worker for every grid: a grid is eleven rows of valuations per asset (some 5-15 ms), too much
# for the GUI thread four times a second while the clock plays. The engine is pure functions over
# immutable records, so the worker reads the same state the GUI thread shows.
GRID_WORKER = ThreadPoolExecutor(max_workers=1, thread_name_prefix="margin-desk-stress-grid")


def worked_out(state, parameters, shocks) -> tuple:
    """The grid and each cell's text and colour, all worked out on the worker."""
    grid = stress_grid(state, parameters, shocks)
    return grid, grid_looks(grid)


class GridReady(QObject):
    """Carries a grid worked out on the worker back to the GUI thread (a queued signal)."""

    ready = Signal(object, object)  # the inputs it was worked out from, the grid


ROOM_FOR_THE_NOTE = 220  # px of the grid's height below which the note is the title's tooltip only

KEY = (
    (LIQUIDATABLE_COLOUR, "✖ liquidatable"),
    (BELOW_INITIAL_COLOUR, "! below initial margin"),
    (NEAR_COLOUR, "near maintenance"),
    (FAR_COLOUR, "far from maintenance"),
)


class StressGrid(QWidget):
    def __init__(self, session: Session, parent: QWidget | None = None, shocks=DEFAULT_SHOCKS) -> None:
        super().__init__(parent)
        self.session = session
        self.shocks = tuple(shocks)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(6, 6, 6, 6)
        self.title = QLabel("Stress grid: margin fraction after a price shock")
        self.title.setObjectName("panelTitle")
        layout.addWidget(self.title)

        self.model = StressGridModel(self)
        self.table = QTableView()
        plain_fusion_for(self.table)  # Fusion itself: no cell drawn through the desk style's Python methods
        self.table.setModel(self.model)
        self.table.setItemDelegate(StressCellDelegate(self.table))
        self.table.setAccessibleName("Stress grid")
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.setWordWrap(False)
        # Columns share the width (scrolling when there are many assets), never setting the window's
        # minimum width: AdjustToContents here widened the window to 1,316 px after the first show.
        self.table.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Stretch)
        self.table.horizontalHeader().setMinimumSectionSize(72)
        # Rows fitted to their one line when the grid takes another shape, not measured again at each
        # new figure (ResizeToContents read every cell's roles at every update: most of a tick's cost).
        self.table.verticalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Fixed)
        self.model.modelReset.connect(self.table.resizeRowsToContents)
        layout.addWidget(self.table, 1)

        key_box, key = flow_box()
        for colour, words in KEY:
            swatch = QLabel(words)
            swatch.setStyleSheet(f"background: {colour.name()}; color: {CELL_TEXT.name()}; padding: 2px 6px;")
            key.addWidget(swatch)
        layout.addWidget(key_box)
        self.note = QLabel(
            "Rows: the shock to the column's asset (or to every non-stable asset together), its perp "
            "positions moving with it; the others stay at their marks."
        )
        self.note.setObjectName("marginHelp")
        self.note.setWordWrap(True)
        self.title.setToolTip(self.note.text())  # still there when the note makes way for rows
        layout.addWidget(self.note)

        self.throttle = Throttle(self._recompute_if_moved, parent=self)
        self._shown: tuple = ()  # the account state and parameters the grid was worked out from
        self._working: tuple | None = None  # the inputs the worker has now, if any
        self._generation = self._shown_generation = 0  # grids asked for, and the one on screen
        self._relay = GridReady()  # no parent: it outlives the grid while a job may still end
        self._relay.ready.connect(self._show_worked_out)
        self.when_shown = WhenShown(self)
        # While on screen, each played tick's grid is worked out on the tick worker with the tick.
        self.ahead = GridAhead(partial(worked_out, shocks=self.shocks))
        session.tick_warmers.append(self.ahead)
        self.destroyed.connect(lambda *_, ahead=self.ahead, warmers=session.tick_warmers: warmers.remove(ahead))
        session.changed.connect(self._on_change)
        self.recompute()

    def _on_change(self, change: Change) -> None:
        if not change.valuation:
            return
        if change.clock and not change.opened:  # eleven rows of valuations per asset: not on every tick
            self.when_shown.run("recompute", self.throttle.request, on_show=self.recompute)
        else:
            self.when_shown.run("recompute", self.recompute)

    def resizeEvent(self, event) -> None:
        # Short (a 700 px screen): the note's two lines go to the title's tooltip and the grid shows two
        # more of its eleven rows. The grid's own height decides, which hiding the note does not change.
        self.note.setVisible(self.height() >= ROOM_FOR_THE_NOTE)
        super().resizeEvent(event)

    def showEvent(self, event) -> None:
        super().showEvent(event)
        self.ahead.wanted = True
        self.when_shown.catch_up()

    def hideEvent(self, event) -> None:
        self.ahead.wanted = False  # out of sight: the tick worker works no grid out
        super().hideEvent(event)

    @property
    def pending(self) -> bool:
        """A newer grid is on its way (throttled, or being worked out)."""
        return self.throttle.pending or self._working is not None

    def _recompute_if_moved(self) -> None:
        """The playing clock's update: worked out on the worker and shown when ready (a trader's own
        action is shown at once by ``recompute``)."""
        inputs = (self.session.state, self.session.parameters)
        if inputs == self._shown:
            return
        ahead = self.ahead.ready(*inputs)
        if ahead is not None:  # worked out with the tick: the grid it replaces is freed there too
            self._show_now(inputs, *ahead, free=self.ahead.let_go)
            return
        if self._working is not None:
            return
        self._generation += 1
        self._working = inputs
        generation, relay = self._generation, self._relay
        job = GRID_WORKER.submit(worked_out, *inputs, self.shocks)
        job.add_done_callback(lambda done: relay.ready.emit((generation, inputs), done))

    def _show_worked_out(self, sent: tuple[int, tuple], job: Future) -> None:
        generation, inputs = sent
        self._working = None
        if job.exception() is not None:  # worked out here, the failure shows as it always did
            self.recompute()
            return
        if generation > self._shown_generation:  # never an older grid over one a trader's action showed
            self._shown, self._shown_generation = inputs, generation
            self._show(*job.result())
        if (self.session.state, self.session.parameters) != self._shown:  # the clock moved on meanwhile
            self.when_shown.run("recompute", self.throttle.request, on_show=self.recompute)

    def recompute(self) -> None:
        inputs = (self.session.state, self.session.parameters)
        self._show_now(inputs, stress_grid(*inputs, self.shocks))

    def _show_now(self, inputs: tuple, grid, looks=None, free=None) -> None:
        """``inputs``' grid on screen now: no grid worked out before it may replace it later."""
        self._generation += 1
        self._shown, self._shown_generation = inputs, self._generation
        self._show(grid, looks, free)

    def _show(self, grid, looks=None, free=None) -> None:
        """``grid`` on screen, the one it replaces let go of on a worker (``free``; else the grid's own):
        freeing its records (a valuation a cell) on the GUI thread was most of the cost of showing it."""
        if free is not None:
            free(self.model.set_grid(grid, looks))
            return
        replaced = [self.model.set_grid(grid, looks)]  # no other reference here: the worker's clear frees it
        try:
            GRID_WORKER.submit(replaced.clear)
        except RuntimeError:  # the interpreter is shutting down: let go of here
            pass
