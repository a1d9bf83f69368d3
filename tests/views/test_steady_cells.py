"""A figures table (Positions, Borrows, Lends) does not paint a changed cell again when its text reads
as before in its column ("1,51…" for 1,512 and for 1,514): what the trader sees must stay what
painting every cell anew would show — after each change, a sort, a selection, a resize."""

from __future__ import annotations

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from PySide6.QtCore import QPoint, Qt
from PySide6.QtGui import QColor, QImage
from PySide6.QtWidgets import QApplication

from desktop.models.tables import FOREGROUND, RowTableModel
from desktop.views.partials.tables import FiguresTableView, table_view
from desktop.views.partials.text_cells import TextCellDelegate
from tests.views.util import TupleRows
from tests.waits import on_screen as on_screen_now

GAIN, LOSS = QColor("#16704b"), QColor("#b23a32")


class Figures(TupleRows):
    HEADERS = ("Market", "Value", "PnL")
    NUMERIC = frozenset({1, 2})
    ROLES = RowTableModel.ROLES | {FOREGROUND}

    def extra(self, row, column: int, role: int):
        if role == FOREGROUND and column == 2:
            return GAIN if row[2].startswith("+") else LOSS
        if role == FOREGROUND and column == 0 and len(row) > 3:
            return row[3]  # a colour the text does not tell
        return None


class Counting(TextCellDelegate):
    def __init__(self, parent=None) -> None:
        super().__init__(parent)
        self.painted: list[tuple[int, int]] = []

    def paint(self, painter, option, index) -> None:
        self.painted.append((index.row(), index.column()))
        super().paint(painter, option, index)


def settle() -> None:
    """The events of a change handled, and those they started (a resized column repaints on a timer)."""
    for _ in range(3):
        QApplication.processEvents()


def on_screen(widget) -> QImage:
    """What the window's backing store holds for ``widget`` now (what the trader sees)."""
    window = widget.window()
    corner = widget.mapTo(window, QPoint(0, 0))
    shown = window.screen().grabWindow(window.winId(), corner.x(), corner.y(), widget.width(), widget.height())
    return shown.toImage().convertToFormat(QImage.Format.Format_RGB32)


def drawn_anew(widget) -> QImage:
    return widget.grab().toImage().convertToFormat(QImage.Format.Format_RGB32)


def rows_at(values: list[int], pnls: list[int]) -> list[tuple[str, str, str]]:
    return [
        (f"M{number}", f"{value:,}", f"{'+' if pnl >= 0 else '−'}{abs(pnl) / 100:,.2f}")
        for number, (value, pnl) in enumerate(zip(values, pnls))
    ]


@pytest.fixture
def table(qtbot):
    model = Figures()
    model.set_rows(rows_at([1512, 20130, 3], [1085, -250, 0]))
    view = table_view(model, "Figures", figures=True)
    assert isinstance(view, FiguresTableView)
    view.setItemDelegate(Counting(view))
    qtbot.addWidget(view)
    view.resize(300, 160)
    view.show()
    on_screen_now(qtbot, view)
    QApplication.processEvents()  # its columns fitted
    model.widened.disconnect(view._widened)  # the columns kept as set here: painting is what is tested
    for column, width in enumerate((60, 36, 52)):  # narrow: most figures elided
        view.setColumnWidth(column, width)
    QApplication.processEvents()
    return view


def test_a_figure_reading_as_before_is_not_painted_again(table):
    model, delegate = table.model().sourceModel(), table.itemDelegate()
    delegate.painted.clear()
    model.set_rows(rows_at([1514, 20130, 3], [1085, -250, 0]))  # "1,51…" either way
    settle()
    assert (0, 1) not in delegate.painted
    assert on_screen(table.viewport()) == drawn_anew(table.viewport())
    model.set_rows(rows_at([1614, 20130, 4], [1085, -250, 0]))  # "1,61…"; 3 → 4 drawn whole
    settle()
    assert (0, 1) in delegate.painted and (2, 1) in delegate.painted
    assert on_screen(table.viewport()) == drawn_anew(table.viewport())


def test_a_cell_changing_colour_only_is_painted_again(table):
    model, delegate = table.model().sourceModel(), table.itemDelegate()
    rows = rows_at([1512, 20130, 3], [1085, -250, 0])
    model.set_rows([rows[0] + (GAIN,), *rows[1:]])
    QApplication.processEvents()
    delegate.painted.clear()
    model.set_rows([rows[0] + (LOSS,), *rows[1:]])
    model.dataChanged.emit(model.index(0, 0), model.index(0, 0), [FOREGROUND])  # the same text, red
    QApplication.processEvents()
    assert (0, 0) in delegate.painted
    assert on_screen(table.viewport()) == drawn_anew(table.viewport())


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(
    st.lists(
        st.tuples(
            st.lists(st.integers(0, 99_999), min_size=3, max_size=3),
            st.lists(st.integers(-99_999, 99_999), min_size=3, max_size=3),
            st.sampled_from(["tick", "sort", "select", "narrow", "widen"]),
        ),
        min_size=1,
        max_size=6,
    )
)
def test_what_is_on_screen_is_what_painting_anew_shows(table, steps):
    model = table.model().sourceModel()
    for values, pnls, also in steps:
        model.set_rows(rows_at(values, pnls))
        if also == "sort":
            table.sortByColumn(2, Qt.SortOrder.DescendingOrder)
        elif also == "select":
            table.selectRow(values[0] % 3)
        elif also in ("narrow", "widen"):
            table.setColumnWidth(1, 36 if also == "narrow" else 70)
        settle()
        assert on_screen(table.viewport()) == drawn_anew(table.viewport())


def test_a_table_sorted_on_a_figure_sorts_again_when_it_moves_unseen(table):
    """Sorted on a column, a change that reads as before there still moves its row."""
    model = table.model().sourceModel()
    model.set_rows(rows_at([1512, 1514, 1], [1085, -250, 0]))  # sorted as texts: "1,514", "1,512", "1"
    table.sortByColumn(1, Qt.SortOrder.DescendingOrder)
    settle()
    assert table.model().index(0, 0).data() == "M1"
    model.set_rows(rows_at([1516, 1514, 1], [1085, -250, 0]))  # "1,51…" both: M0 comes first
    settle()
    assert table.model().index(0, 0).data() == "M0"
    assert on_screen(table.viewport()) == drawn_anew(table.viewport())
