"""The Borrow tab's figures line up at the right under the amount field, whether a figure is a dash or a
number (a number's label keeps a fixed size, and its cell put it at the left: "8.13 %" and "Available
to borrow" stood 250 px left of the dashes under them)."""

from __future__ import annotations

from PySide6.QtCore import QPoint, Qt
from PySide6.QtWidgets import QApplication, QComboBox, QLineEdit

from tests.views.util import named, type_into


def right_edge(widget, top) -> int:
    return widget.mapTo(top, QPoint(widget.width(), 0)).x()


def test_the_borrow_figures_line_up_at_the_right(window, qtbot):
    window.setWindowState(Qt.WindowState.WindowNoState)
    window.resize(1024, 700)
    window.show_view(1)
    tab = window.lend.borrow_tab
    window.lend.show_tab(tab)
    named(tab, "Asset", QComboBox).setCurrentText("USDC")
    type_into(qtbot, named(tab, "Amount to borrow", QLineEdit), "1500")
    QApplication.processEvents()
    edge = right_edge(tab.max_borrow, tab)  # the amount row ends with Max
    figures = [tab.available, *tab.preview.details.values()]
    assert all(label.text() for label in figures)
    edges = {label.accessibleName(): right_edge(label, tab) for label in figures}
    assert all(abs(x - edge) <= 2 for x in edges.values()), (edge, edges)
