"""Tables draw in Fusion itself, not through the desk style's Python methods (some 15 µs a cell on
every tick's repaint): they draw nothing that style changes — no check box, field or checked button —
so they look exactly as before, in either theme: cells, stripes, selection, header with its sort
arrow, scroll bar and row buttons."""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication

from desktop.views.partials import tables
from desktop.views.partials.desk_style import DeskStyle
from desktop.views.partials.row_buttons import RowButtonDelegate
from desktop.views.partials.tables import table_view
from desktop.views.theme import apply_theme
from tests.views.test_text_cells import ROWS, Figures
from tests.waits import on_screen


@pytest.fixture
def theme(request):
    app = QApplication.instance()
    before = app.property("deskTheme") or "light"
    yield lambda name: apply_theme(app, name)
    apply_theme(app, before)


def grab(view):
    QApplication.processEvents()
    return view.grab().toImage()


def a_table(qtbot):
    model = Figures()
    model.set_rows([(f"{market} {n}", f"+{n},234.5{n}", note) for n in range(12) for market, _, note in ROWS])
    view = table_view(model, "Figures")
    RowButtonDelegate(view, 2)  # a row's button, drawn by the table's style
    qtbot.addWidget(view)
    view.resize(420, 200)  # more rows than fit: a scroll bar
    view.show()
    on_screen(qtbot, view)
    view.sortByColumn(1, Qt.SortOrder.DescendingOrder)
    view.selectRow(2)
    return view


@pytest.mark.parametrize("name", ["light", "dark"])
def test_a_table_looks_as_the_desk_style_draws_it(qtbot, theme, monkeypatch, name):
    theme(name)
    drawn = []
    desk_primitive = DeskStyle.drawPrimitive

    def counted(self, *args):
        drawn.append(args[0])
        desk_primitive(self, *args)

    with monkeypatch.context() as patch:  # a table as every one was: in the desk style
        patch.setattr(tables, "plain_fusion_for", lambda widget: None)
        patch.setattr(DeskStyle, "drawPrimitive", counted)
        theme("dark" if name == "light" else "light")  # a new DeskStyle, its methods looked up anew
        theme(name)
        desk_view = a_table(qtbot)
        desk = grab(desk_view)
        desk_view.close()
    assert drawn  # the desk style did draw that one
    drawn.clear()
    plain = grab(a_table(qtbot))
    assert not drawn
    assert plain == desk


def test_tables_have_fusion_itself_under_the_desk_theme(qtbot, theme):
    theme("light")
    view = table_view(Figures(), "Figures")
    qtbot.addWidget(view)
    assert view.style() is not QApplication.style()
    assert not isinstance(view.style(), DeskStyle)
