"""The stress grid on screen is worked out on the tick worker with each played tick (not on a worker of
its own while the GUI thread draws the tick), shown for that very state, and equal to a grid worked out
from scratch; out of sight, the tick worker works no grid out."""

from __future__ import annotations

from PySide6.QtWidgets import QTabWidget

from desktop.engine.what_if import stress_grid
from desktop.views.risk import stress_grid as grid_module
from tests.views.test_futures_risk import open_doge_long
from tests.views.test_perp_preview_ahead import played_tick
from tests.views.util import named
from tests.waits import WAIT_MS


def show_the_grid(window, qtbot):
    """The Risk view's Stress grid tab, as a trader opens it (the view builds its charts once shown)."""
    window.show_view(4)
    qtbot.waitUntil(
        lambda: window.risk.stress is not None and window.risk.stress.parentWidget().isVisible(), timeout=WAIT_MS
    )
    grid = window.risk.stress
    tabs = named(window.risk, "What-if and stress", QTabWidget)
    tabs.setCurrentIndex(tabs.indexOf(grid))
    assert grid.isVisible()
    return grid


def no_grid_worker(monkeypatch) -> list:
    """The grid's own worker, counted: a played tick's grid must not go there."""
    sent = []
    submit = grid_module.GRID_WORKER.submit
    monkeypatch.setattr(grid_module.GRID_WORKER, "submit", lambda fn, *a: sent.append(fn) or submit(fn, *a))
    return sent


def test_a_played_tick_brings_the_grid_worked_out_on_the_tick_worker(window, qtbot, monkeypatch):
    open_doge_long(window, qtbot)
    grid = show_the_grid(window, qtbot)
    session = window.session
    sent = no_grid_worker(monkeypatch)
    played_tick(qtbot, session)
    grid.throttle.flush()  # the playing clock's update of the grid, as its throttle fires
    assert grid.ahead.done is not None and grid.ahead.done[0] is session.state  # for this very state
    assert grid._shown == (session.state, session.parameters) and not grid.pending
    assert grid.model.grid is grid.ahead.done[3][0]  # the tick worker's grid is on screen
    assert sent == []  # and nothing went to the grid's own worker
    fresh = stress_grid(session.state, session.parameters, grid.shocks)
    assert fresh.cells == grid.model.grid.cells


def test_a_hidden_grid_is_not_worked_out_ahead(window, qtbot):
    open_doge_long(window, qtbot)
    grid = show_the_grid(window, qtbot)
    assert grid.ahead.wanted
    window.show_view(2)  # Portfolio
    assert not grid.ahead.wanted
    played_tick(qtbot, window.session)
    assert grid.ahead.done is None  # the worker worked no grid out for it
    show_the_grid(window, qtbot)
    assert grid.ahead.wanted
    assert grid._shown == (window.session.state, window.session.parameters)  # caught up when shown
