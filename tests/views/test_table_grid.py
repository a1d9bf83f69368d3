"""A table's grid is drawn where the repainted area holds it, as Qt's table draws it: the same pixels
for a whole table or any part of it, and no line at all for the cells a tick changed."""

from __future__ import annotations

import pytest
from PySide6.QtCore import QPoint, QRect, Qt
from PySide6.QtGui import QImage, QRegion
from PySide6.QtWidgets import QApplication, QTableView

from desktop.views.partials.table_grid import GridTableView
from desktop.views.partials.tables import table_view
from tests.views.test_text_cells import ROWS, Figures
from tests.waits import on_screen


@pytest.fixture
def table(qtbot):
    model = Figures()
    model.set_rows(list(ROWS) + [(f"X{n} Long", f"+{n}.00", "—") for n in range(6)])
    view = table_view(model, "Figures")
    qtbot.addWidget(view)
    view.resize(420, 200)
    view.show()
    on_screen(qtbot, view)
    return view


def rendered(view: QTableView, region: QRegion | None = None) -> QImage:
    """The viewport painted into an image: all of it, or only ``region`` (on a blank image)."""
    QApplication.processEvents()
    viewport = view.viewport()
    image = QImage(viewport.size(), QImage.Format.Format_ARGB32_Premultiplied)
    image.fill(0)
    viewport.render(image, QPoint(), region if region is not None else QRegion(viewport.rect()))
    return image


def qts_grid(view: QTableView) -> None:
    """Qt's table draws the grid again, and ours none (the comparison's reference)."""
    QTableView.setGridStyle(view, Qt.PenStyle.SolidLine)
    view._grid_style = Qt.PenStyle.NoPen


def cells(view: QTableView, *places: tuple[int, int]) -> QRegion:
    region = QRegion()
    for row, column in places:
        region += view.visualRect(view.model().index(row, column))
    return region


@pytest.mark.parametrize("theme", ["light", "dark"])
def test_the_whole_grid_looks_as_qts(table, theme):
    from desktop.views.theme import apply_theme

    app = QApplication.instance()
    before = app.property("deskTheme")
    apply_theme(app, theme)
    try:
        ours = rendered(table)
        qts_grid(table)
        assert rendered(table) == ours
    finally:
        apply_theme(app, before or "light")


def test_any_part_of_the_grid_looks_as_qts(table):
    viewport = table.viewport()
    parts = [
        cells(table, (0, 1), (2, 1), (3, 0), (5, 2)),  # cells apart, as a tick changes them
        QRegion(QRect(0, 0, viewport.width(), 40)),  # the top rows, grid lines and all
        QRegion(QRect(30, 10, 90, 70)) + QRegion(QRect(200, 60, 120, 200)),  # rectangles across cells and lines
    ]
    ours = [rendered(table, part) for part in parts]
    qts_grid(table)
    assert [rendered(table, part) for part in parts] == ours


def test_the_cells_a_tick_changed_hold_no_grid_line(table):
    assert table._grid.lines(cells(table, (0, 1), (1, 1), (4, 2))) == []
    assert table._grid.lines(QRegion(table.viewport().rect()))  # a whole repaint has its lines


def test_with_row_numbers_and_right_to_left_the_grid_still_looks_as_qts(table):
    table.verticalHeader().show()
    table.setLayoutDirection(Qt.LayoutDirection.RightToLeft)
    part = cells(table, (1, 0), (2, 2)) + QRegion(QRect(0, 50, 300, 30))
    ours, ours_part = rendered(table), rendered(table, part)
    qts_grid(table)
    assert rendered(table) == ours
    assert rendered(table, part) == ours_part


def test_a_grid_style_set_on_the_table_is_the_one_drawn(table):
    table.setGridStyle(Qt.PenStyle.DashLine)
    assert table.gridStyle() == Qt.PenStyle.DashLine
    ours = rendered(table)
    QTableView.setGridStyle(table, Qt.PenStyle.DashLine)
    table._grid_style = Qt.PenStyle.NoPen
    assert rendered(table) == ours


def test_on_a_scaled_screen_the_table_draws_its_grid_itself(table, monkeypatch):
    whole = rendered(table)
    monkeypatch.setattr(table, "one_to_one", lambda: False)  # as on a screen at 150 %
    assert rendered(table) == whole  # the first paint there hands the grid back to Qt's pass
    assert QTableView.gridStyle(table) == Qt.PenStyle.SolidLine
    assert table._grid.lines(QRegion(table.viewport().rect()))  # (which ours would draw)
    table.setGridStyle(Qt.PenStyle.DotLine)
    assert QTableView.gridStyle(table) == Qt.PenStyle.DotLine
    monkeypatch.setattr(table, "one_to_one", lambda: True)  # back on a screen at 100 %
    rendered(table)
    assert QTableView.gridStyle(table) == Qt.PenStyle.NoPen


def test_a_table_can_be_left_without_a_model(qtbot):
    view = GridTableView()
    qtbot.addWidget(view)
    view.setModel(Figures())
    view.setModel(None)
    rendered(view)
