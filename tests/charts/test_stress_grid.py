"""The stress grid widget: every cell is the engine's valuation after that shock, shown as a number
and a mark as well as a colour."""

from __future__ import annotations

import threading
from decimal import Decimal as D

import pytest
from PySide6.QtCore import Qt

from desktop.engine import value_account
from desktop.engine.what_if import ALL_NON_STABLE, moved_marks
from desktop.models.what_if_model import (
    BELOW_INITIAL_COLOUR,
    LIQUIDATABLE_COLOUR,
    CellRole,
    StressGridModel,
    ZoneRole,
    distance_colour,
)
from desktop.text.formatting import percent
from desktop.views.risk import stress_grid as stress_grid_module
from desktop.views.risk.stress_grid import StressGrid
from tests.charts.history import leveraged_long
from tests.waits import WAIT_MS

BACKGROUND = Qt.ItemDataRole.BackgroundRole


@pytest.fixture
def grid(qtbot, desk):
    leveraged_long(desk)
    assert desk.deposit("USDC", D(2000)).accepted
    assert desk.withdraw("ETH", D("0.5"), True).accepted
    shown = StressGrid(desk)
    qtbot.addWidget(shown)
    shown.resize(900, 480)
    shown.show()
    return shown


def test_rows_are_shocks_and_columns_are_assets_then_all_together(grid):
    model = grid.model
    rows = [model.headerData(r, Qt.Orientation.Vertical) for r in range(model.rowCount())]
    columns = [model.headerData(c, Qt.Orientation.Horizontal) for c in range(model.columnCount())]
    assert rows == ["−50 %", "−40 %", "−30 %", "−20 %", "−10 %", "0 %", "+10 %", "+20 %", "+30 %", "+40 %", "+50 %"]
    assert columns == ["USDC", "SOL", "ETH", ALL_NON_STABLE]


def test_every_cell_equals_the_engine_valuation_after_its_shock(grid, desk):
    model = grid.model
    state, parameters = desk.state, desk.parameters
    for row in range(model.rowCount()):
        shock = D(range(-50, 51, 10)[row])
        for column in range(model.columnCount()):
            target = model.headerData(column, Qt.Orientation.Horizontal)
            marks = {**state.marks, **moved_marks(state, parameters, target, shock)}
            expected = value_account(state.account, parameters, marks)
            index = model.index(row, column)
            cell = index.data(CellRole)
            assert cell.valuation == expected
            text = index.data()
            assert percent(expected.margin_fraction, 1) in text  # the number itself, as text
            assert text.startswith("✖ ") == expected.liquidatable
            assert index.data(ZoneRole) == cell.zone
            sentence = index.data(Qt.ItemDataRole.ToolTipRole)
            assert sentence == index.data(Qt.ItemDataRole.AccessibleTextRole)
            assert ("— liquidatable." in sentence) == expected.liquidatable


def test_colours_follow_the_distance_to_maintenance_and_never_stand_alone(grid):
    model = grid.model
    zones = set()
    for row in range(model.rowCount()):
        for column in range(model.columnCount()):
            index = model.index(row, column)
            cell, colour = index.data(CellRole), index.data(Qt.ItemDataRole.BackgroundRole)
            zones.add(cell.zone)
            if cell.zone == "liquidatable":
                assert colour == LIQUIDATABLE_COLOUR and cell.distance_to_maintenance <= 0
                assert index.data().startswith("✖")
            elif cell.zone == "below-initial":
                assert colour == BELOW_INITIAL_COLOUR and index.data().startswith("!")
            else:
                assert cell.distance_to_maintenance > 0 and colour == distance_colour(cell)
            assert index.data(Qt.ItemDataRole.ForegroundRole) is not None  # dark text on the light cell colours
    assert {"liquidatable", "healthy"} <= zones
    sol = [model.index(row, 1).data(CellRole) for row in range(model.rowCount())]
    greens = [distance_colour(cell).green() for cell in sol if cell.zone == "healthy"]
    assert greens == sorted(greens, reverse=True) or len(greens) < 2  # deeper green further from maintenance


def test_the_grid_follows_the_account(qtbot, grid, desk, account_list):
    desk.tick(3600)
    qtbot.waitUntil(lambda: not grid.pending, timeout=WAIT_MS)
    cell = grid.model.index(0, 1).data(CellRole)
    state = desk.state
    marks = {**state.marks, "SOL": state.marks["SOL"] * D("0.5")}
    assert cell.valuation == value_account(state.account, desk.parameters, marks)
    account_list.create("Fresh")
    assert grid.model.columnCount() == 1  # nothing held: only the all-together column
    assert grid.model.index(0, 0).data() == "no borrow"


def test_the_stress_grid_model(qtmodeltester, grid, desk):
    qtmodeltester.check(grid.model, force_py=True)
    empty = StressGridModel()
    qtmodeltester.check(empty, force_py=True)
    assert grid.table.accessibleName() == "Stress grid"


def test_rows_fit_their_line_and_a_tick_repaints_only_the_cells_that_moved(qtbot, grid, desk):
    """The rows are fitted when the grid takes another shape (not measured again at each figure), and
    a new grid of the same shape signals, row by row, only the cells whose text or colour changed."""
    table, model = grid.table, grid.model
    heights = [table.rowHeight(row) for row in range(model.rowCount())]
    fitted = [max(table.sizeHintForRow(row), table.verticalHeader().sectionSizeHint(row)) for row in range(11)]
    assert heights == fitted and min(heights) > 0  # as ResizeToContents fitted them
    assert desk.withdraw("BTC", D("0.01"), True).accepted  # another column: the grid takes another shape
    grid.recompute()
    assert model.columnCount() == 5
    assert [table.rowHeight(row) for row in range(model.rowCount())] == heights
    told: list[tuple[int, int, int, int]] = []
    model.dataChanged.connect(
        lambda first, last, _roles=(): told.append((first.row(), first.column(), last.row(), last.column()))
    )

    def looks():
        return [
            [(model.index(r, c).data(), model.index(r, c).data(BACKGROUND)) for c in range(model.columnCount())]
            for r in range(model.rowCount())
        ]

    texts = looks()
    grid.recompute()  # the same account: nothing reads otherwise
    assert told == []
    desk.tick(60)
    grid.recompute()
    after = looks()
    moved = [(r, c) for r in range(len(after)) for c in range(len(after[r])) if after[r][c] != texts[r][c]]
    spans: list[tuple[int, int, int, int]] = []  # each row's changed cells, first to last
    for row in sorted({r for r, _ in moved}):
        columns = [c for r, c in moved if r == row]
        top, left, bottom, right = spans[-1] if spans else (-1, -1, -1, -1)
        if bottom == row - 1 and (left, right) == (min(columns), max(columns)):  # the row above's span
            spans[-1] = (top, left, row, right)
        else:
            spans.append((row, min(columns), row, max(columns)))
    assert told == spans


def test_the_playing_clock_works_the_grid_out_off_the_gui_thread(qtbot, grid, desk, monkeypatch):
    """Eleven rows of valuations per asset, four times a second, would not fit a tick's 5 ms: while the
    clock plays the worker works the grid out, and the grid shows the account as it is now."""
    threads: list[str] = []
    engine_grid = stress_grid_module.stress_grid

    def recording(*args):
        threads.append(threading.current_thread().name)
        return engine_grid(*args)

    monkeypatch.setattr(stress_grid_module, "stress_grid", recording)
    desk.tick(60)
    qtbot.waitUntil(lambda: bool(threads) and not grid.pending, timeout=WAIT_MS)
    assert threads[0].startswith("margin-desk-stress-grid")
    cell = grid.model.index(0, 1).data(CellRole)
    state = desk.state
    marks = {**state.marks, "SOL": state.marks["SOL"] * D("0.5")}
    assert cell.valuation == value_account(state.account, desk.parameters, marks)


def test_a_grid_worked_out_late_never_hides_the_one_a_trade_showed(qtbot, grid, desk, monkeypatch):
    """The worker still works on the tick's grid when the trader withdraws: the withdrawal's grid shows
    at once, and the tick's, older, is not shown over it when it arrives."""
    release, started = threading.Event(), threading.Event()
    engine_grid = stress_grid_module.stress_grid

    def held(*args):
        if threading.current_thread() is not threading.main_thread():
            started.set()
            release.wait(WAIT_MS / 1000)
        return engine_grid(*args)

    monkeypatch.setattr(stress_grid_module, "stress_grid", held)
    desk.tick(60)
    grid.throttle.flush()  # the clock's update now: the worker starts and waits
    assert started.wait(WAIT_MS / 1000)
    assert desk.withdraw("BTC", D("0.01"), True).accepted  # a trader's action: shown at once, here
    assert grid.model.columnCount() == 5
    shapes: list[int] = []
    grid.model.modelReset.connect(lambda: shapes.append(grid.model.columnCount()))
    release.set()
    qtbot.waitUntil(lambda: not grid.pending, timeout=WAIT_MS)
    assert 4 not in shapes and grid.model.columnCount() == 5  # the tick's four-column grid never came back
