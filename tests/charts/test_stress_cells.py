"""The stress grid's cells are painted from the model's kept texts and colours, in Fusion itself: they
must look exactly as when Fusion drew each cell from its roles through the desk style — the same
colour, text, place and elision — in either theme, selected or focused cells included. A grid's texts
and colours are worked out on the worker with it, and the grid it replaces is let go of there."""

from __future__ import annotations

import threading
from decimal import Decimal as D

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication, QHeaderView, QStyledItemDelegate

from desktop.models.what_if_model import StressGridModel, distance_colour, grid_looks
from desktop.views.risk import stress_grid as stress_grid_module
from desktop.views.risk.stress_cells import StressCellDelegate
from desktop.views.risk.stress_grid import StressGrid
from desktop.views.theme import apply_theme
from tests.charts.history import leveraged_long
from tests.waits import WAIT_MS, on_screen

BACKGROUND = Qt.ItemDataRole.BackgroundRole


@pytest.fixture
def theme(qapp):
    yield lambda name: apply_theme(qapp, name)
    apply_theme(qapp, "light")


def a_grid(qtbot, desk) -> StressGrid:
    """A grid with liquidatable, below-initial and healthy cells (the colours all differ)."""
    leveraged_long(desk)
    assert desk.deposit("USDC", D(2000)).accepted
    assert desk.withdraw("ETH", D("0.5"), True).accepted
    shown = StressGrid(desk)
    qtbot.addWidget(shown)
    shown.resize(900, 480)
    shown.show()
    on_screen(qtbot, shown)
    return shown


def shot(widget):
    QApplication.processEvents()
    return widget.grab().toImage()


def painted_both_ways(table) -> tuple:
    """The viewport painted by the grid's delegate (twice: texts new, then kept) and by Fusion's own."""
    table.setItemDelegate(StressCellDelegate(table))
    fast, again = shot(table.viewport()), shot(table.viewport())
    table.setItemDelegate(QStyledItemDelegate(table))
    return fast, again, shot(table.viewport())


@pytest.mark.parametrize("name", ["light", "dark"])
def test_cells_look_as_fusion_paints_them(qtbot, desk, account_list, theme, name):
    """Every width from too narrow (elided) to wide, every height from the font's to a tall row."""
    theme(name)
    grid = a_grid(qtbot, desk)
    table, model = grid.table, grid.model
    zones = {model.index(r, c).data(Qt.ItemDataRole.UserRole + 3) for r in range(11) for c in range(4)}
    assert {"liquidatable", "below-initial", "healthy"} <= zones
    table.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
    for width in (40, 57, 61, 70, 73, 91, 120):
        for height in (table.fontMetrics().height(), 17, 18, 19, 24, 31):
            for column in range(model.columnCount()):
                table.setColumnWidth(column, width + column)
            for row in range(model.rowCount()):
                table.setRowHeight(row, height)
            fast, again, fusion = painted_both_ways(table)
            assert fast == fusion and again == fusion, (width, height)
    account_list.create("Fresh")  # nothing held: "no borrow", in the table's own text colour
    assert model.index(0, 0).data() == "no borrow" and model.index(0, 0).data(BACKGROUND) is None
    fast, again, fusion = painted_both_ways(table)
    assert fast == fusion and again == fusion


def test_a_selected_and_focused_cell_is_the_styles(qtbot, desk):
    grid = a_grid(qtbot, desk)
    table = grid.table
    plain = painted_both_ways(table)[0]
    table.setFocus()
    table.setCurrentIndex(grid.model.index(2, 1))
    fast, again, fusion = painted_both_ways(table)
    assert fast != plain and fast == fusion and again == fusion


@pytest.mark.parametrize("name", ["light", "dark"])
def test_the_grid_looks_as_when_the_desk_style_drew_it(qtbot, desk, theme, monkeypatch, name):
    """Title, key, headers, cells and scroll bars: as they were drawn through the desk style."""
    theme(name)
    grid = a_grid(qtbot, desk)
    grid.table.setCurrentIndex(grid.model.index(3, 2))
    now = shot(grid)
    with monkeypatch.context() as patch:
        patch.setattr(stress_grid_module, "plain_fusion_for", lambda widget: None)
        patch.setattr(stress_grid_module, "StressCellDelegate", QStyledItemDelegate)
        before = StressGrid(desk)
    qtbot.addWidget(before)
    before.resize(900, 480)
    before.show()
    on_screen(qtbot, before)
    before.table.setCurrentIndex(before.model.index(3, 2))
    assert before.table.style() is QApplication.style()  # the desk style's drawing
    assert shot(before) == now


def test_texts_and_colours_are_the_cells(qtbot, desk):
    grid = a_grid(qtbot, desk)
    looks = grid_looks(grid.model.grid)
    for row, cells in enumerate(grid.model.grid.cells):
        for column, cell in enumerate(cells):
            colour = distance_colour(cell)
            assert looks[row][column] == (StressGridModel.text(cell), None if colour is None else colour.rgb())
            index = grid.model.index(row, column)
            assert index.data() == looks[row][column][0] and index.data(BACKGROUND) == colour


def test_only_changed_cells_are_signalled_rows_alike_together(qtbot, desk):
    grid = a_grid(qtbot, desk)
    model = grid.model
    shown = model.grid
    looks = [list(row) for row in grid_looks(shown)]
    told: list[tuple[int, int, int, int]] = []
    model.dataChanged.connect(lambda a, b, _roles=(): told.append((a.row(), a.column(), b.row(), b.column())))

    def changed(*cells, colour=False):
        for row, column in cells:
            text, rgb = looks[row][column]
            looks[row][column] = (text, 0xFF000000) if colour else (text + "!", rgb)
        told.clear()
        model.set_grid(shown, tuple(tuple(row) for row in looks))
        return told

    assert changed() == []
    assert changed((0, 1), (1, 1), (2, 1), (2, 3)) == [(0, 1, 1, 1), (2, 1, 2, 3)]
    assert changed((4, 0), (5, 0), (5, 3), (7, 2), colour=True) == [(4, 0, 4, 0), (5, 0, 5, 3), (7, 2, 7, 2)]
    everything = [(row, column) for row in range(11) for column in range(4)]
    assert changed(*everything) == [(0, 0, 10, 3)]  # a moving account: one signal
    assert model.index(5, 3).data(BACKGROUND).rgb() == 0xFF000000


class Retired:
    """Stands for the grid on screen: records the thread that lets go of it."""

    shocks: tuple = ()
    columns: tuple = ()

    def __init__(self) -> None:
        self.gone = threading.Event()
        self.thread: list[str] = []

    def __del__(self) -> None:
        self.thread.append(threading.current_thread().name)
        self.gone.set()


def test_the_replaced_grid_is_let_go_of_on_the_worker(qtbot, desk):
    """Freeing a grid's valuations was most of showing a new one on the GUI thread."""
    grid = a_grid(qtbot, desk)
    retired = Retired()
    gone, thread = retired.gone, retired.thread
    grid.model.grid = retired
    del retired
    grid.recompute()
    assert gone.wait(WAIT_MS / 1000)
    assert thread[0].startswith("margin-desk-stress-grid")


def test_the_playing_clock_works_texts_and_colours_out_on_the_worker(qtbot, desk, monkeypatch):
    grid = a_grid(qtbot, desk)
    threads: list[str] = []
    looks_of = stress_grid_module.grid_looks

    def recording(shown):
        threads.append(threading.current_thread().name)
        return looks_of(shown)

    monkeypatch.setattr(stress_grid_module, "grid_looks", recording)
    desk.tick(60)
    grid.throttle.flush()
    qtbot.waitUntil(lambda: bool(threads) and not grid.pending, timeout=WAIT_MS)
    assert threads[0].startswith("margin-desk-stress-grid")
    assert grid.model._looks == looks_of(grid.model.grid)
