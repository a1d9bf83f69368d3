"""A table's plain cells are painted from the row model's kept texts (no style option filled role by
role through the sort proxy); they must look exactly as when the delegate read each role: the same
text, elided the same way, in the same place and colour (a gain in green). A selected, focused or
hovered row is still the style's drawing."""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt
from PySide6.QtGui import QColor, QFont, QImage, QStandardItemModel
from PySide6.QtWidgets import QApplication

from desktop.models.tables import FOREGROUND, RowTableModel
from desktop.views.partials.tables import table_view
from desktop.views.partials.text_cells import TextCellDelegate, plain_model
from tests.views.util import TupleRows
from tests.waits import on_screen

GAIN = QColor("#16704b")


class RoleByRole(TextCellDelegate):
    """The delegate as it read every cell before: a style option filled role by role."""

    def _plain_source(self, model):
        return None


class InRectangles(TextCellDelegate):
    """The delegate laying every text out in its cell's rectangle, as ``drawText`` does."""

    at_baseline = False


class Figures(TupleRows):
    """Three columns: a name, a right-aligned figure (green when it is a gain) and a long note."""

    HEADERS = ("Market", "Figure", "Note")
    NUMERIC = frozenset({1})
    ROLES = RowTableModel.ROLES | {FOREGROUND}

    def extra(self, row, column: int, role: int):
        if role == FOREGROUND and column == 1 and row[1].startswith("+"):
            return GAIN
        return None


ROWS = [
    ("SOL Long", "+1,234.56", "a note far too long for its column, elided at the right"),
    ("BTC Short", "−0.02", "short"),
    ("ETH Long", "94,952.5", "—"),
]


@pytest.fixture
def table(qtbot):
    model = Figures()
    model.set_rows(list(ROWS))
    view = table_view(model, "Figures")
    qtbot.addWidget(view)
    view.resize(420, 160)
    view.show()
    on_screen(qtbot, view)
    view.setColumnWidth(2, 120)  # the note does not fit: elided
    return view


def shot(view) -> QImage:
    QApplication.processEvents()
    return view.viewport().grab().toImage()


def test_row_models_are_painted_from_their_texts_and_others_by_the_style():
    assert plain_model(Figures())
    assert not plain_model(QStandardItemModel())  # not a row model

    class Fonts(Figures):
        ROLES = Figures.ROLES | {int(Qt.ItemDataRole.FontRole)}

    class Backgrounds(Figures):
        ROLES = Figures.ROLES | {int(Qt.ItemDataRole.BackgroundRole)}

    assert plain_model(Fonts())  # a font of its own (History's bold events): still text
    assert not plain_model(Backgrounds())  # a background: the style draws it


def test_plain_cells_look_as_the_style_paints_them(table):
    fast = shot(table)
    assert shot(table) == fast  # painted again: each text's kept glyphs
    table.setItemDelegate(RoleByRole(table))
    assert shot(table) == fast
    table.setItemDelegate(InRectangles(table))
    assert shot(table) == fast


@pytest.mark.parametrize("theme", ["light", "dark"])
def test_texts_drawn_at_their_baseline_are_the_rectangles_pixels(qtbot, theme):
    """Every width from a text's own to far wider, every height from the font's to a tall row, both
    alignments: the same pixels as the text laid out in the rectangle (a cell too narrow is elided)."""
    from desktop.views.theme import apply_theme

    app = QApplication.instance()
    before = app.property("deskTheme")
    apply_theme(app, theme)
    try:
        model = Figures()
        model.set_rows([("DOGE/USDC", "+0.00002145", "94,952.50 USDC"), ("Wij ƒ", "−1,234,567.89", "—")])
        view = table_view(model, "Figures")
        qtbot.addWidget(view)
        view.resize(520, 200)
        view.show()
        on_screen(qtbot, view)
        for width in (30, 57, 58, 61, 64, 70, 91, 120):
            for height in (view.fontMetrics().height(), 19, 24, 31):
                for column in range(3):
                    view.setColumnWidth(column, width + column)
                view.verticalHeader().setDefaultSectionSize(height)
                view.setItemDelegate(TextCellDelegate(view))
                fast = shot(view)  # each text drawn for the first time
                assert shot(view) == fast, (width, height)  # and again, its kept glyphs
                view.setItemDelegate(InRectangles(view))
                assert shot(view) == fast, (width, height)
    finally:
        apply_theme(app, before or "light")


def test_a_changed_figure_is_painted_anew_and_in_its_colour(table):
    model = table.model().sourceModel()
    model.set_rows([ROWS[0][:1] + ("+2.00",) + ROWS[0][2:], *ROWS[1:]])
    fast = shot(table)
    table.setItemDelegate(RoleByRole(table))
    assert shot(table) == fast
    rect = table.visualRect(table.model().index(0, 1))
    colours = {
        fast.pixelColor(x, y).name() for x in range(rect.left(), rect.right()) for y in range(rect.y(), rect.bottom())
    }
    assert GAIN.name() in colours  # the gain drawn in green


def test_a_sorted_table_paints_each_row_in_its_place(table):
    table.sortByColumn(0, Qt.SortOrder.AscendingOrder)  # BTC, ETH, SOL
    fast = shot(table)
    table.setItemDelegate(RoleByRole(table))
    assert shot(table) == fast


def test_rows_sorted_or_changed_after_a_paint_are_painted_in_their_place(table):
    """The delegate keeps which model row each of the sort proxy's rows shows, until they move."""
    shot(table)
    delegate = table.itemDelegate()
    assert delegate._rows  # rows kept from that paint
    model = table.model().sourceModel()
    steps = [
        lambda: table.sortByColumn(0, Qt.SortOrder.AscendingOrder),
        lambda: table.sortByColumn(0, Qt.SortOrder.DescendingOrder),
        lambda: model.set_rows([("ADA Long", "+3.00", "new"), *ROWS]),  # a row more, first when sorted
        lambda: model.set_rows([ROWS[2], ROWS[0]]),  # rows gone
        lambda: model.set_rows([ROWS[2][:1] + ("+9.99",) + ROWS[2][2:], ROWS[0]]),  # a figure changed
    ]
    for step in steps:
        step()
        table.setItemDelegate(delegate)
        fast = shot(table)
        table.setItemDelegate(RoleByRole(table))
        assert shot(table) == fast


def test_a_selected_row_is_painted_selected(table):
    plain = shot(table)
    table.selectRow(1)
    selected = shot(table)
    assert selected != plain
    rect = table.visualRect(table.model().index(1, 0))
    highlight = table.palette().color(table.palette().ColorRole.Highlight)
    corner = selected.pixelColor(rect.right() - 2, rect.top() + 2)  # Fusion shades the highlight a little
    assert max(abs(a - b) for a, b in zip(corner.getRgb()[:3], highlight.getRgb()[:3])) < 16
    table.setItemDelegate(RoleByRole(table))
    assert shot(table) == selected


def test_the_delegate_is_the_tables(table):
    assert isinstance(table.itemDelegate(), TextCellDelegate)


class Bold(Figures):
    """The first row in a bold font of the model's (as History marks a liquidation)."""

    ROLES = Figures.ROLES | {int(Qt.ItemDataRole.FontRole)}

    def extra(self, row, column: int, role: int):
        if role == int(Qt.ItemDataRole.FontRole) and row[0].startswith("SOL"):
            font = QFont()
            font.setBold(True)
            return font
        return super().extra(row, column, role)


def test_a_models_own_font_is_painted_as_the_style_paints_it(qtbot):
    model = Bold()
    model.set_rows(list(ROWS))
    view = table_view(model, "Bold")
    qtbot.addWidget(view)
    view.resize(420, 160)
    view.show()
    on_screen(qtbot, view)
    fast = shot(view)
    view.setItemDelegate(RoleByRole(view))  # the font read through the style option
    assert shot(view) == fast
    view.setItemDelegate(InRectangles(view))
    assert shot(view) == fast
    plain = Figures()
    plain.set_rows(list(ROWS))
    view.setModel(plain)
    view.setItemDelegate(TextCellDelegate(view))
    assert shot(view) != fast  # the bold row did show bold


def test_a_table_sorted_on_a_moving_figure_sorts_again_without_fitting_its_columns(table, monkeypatch):
    """Sorted on a figure that moves at each tick (PnL), the proxy sorts again each time: the rows are
    the same, every one of them measured, so the columns keep their widths (no fit each tick)."""
    model = table.model().sourceModel()
    table.sortByColumn(1, Qt.SortOrder.AscendingOrder)
    QApplication.processEvents()
    fits: list[int] = []
    monkeypatch.setattr(type(table), "fit_columns", lambda view: fits.append(1))
    assert [table.model().index(row, 0).data() for row in range(3)] == ["SOL Long", "ETH Long", "BTC Short"]
    model.set_rows([ROWS[0][:1] + ("−9.00",) + ROWS[0][2:], *ROWS[1:]])  # SOL's figure sorts last now
    QApplication.processEvents()
    assert [table.model().index(row, 0).data() for row in range(3)] == ["ETH Long", "BTC Short", "SOL Long"]
    assert fits == []
    model.set_rows([*ROWS, ("XA Long", "+3.00", "new")])  # a row comes: fitted again
    QApplication.processEvents()
    assert fits
