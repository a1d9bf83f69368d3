"""The Borrow tab's figures line up at the right under the amount field, whether a figure is a dash or a
number (a number's label keeps a fixed size, and its cell put it at the left: "8.13 %" and "Available
to borrow" stood 250 px left of the dashes under them)."""

from __future__ import annotations

from PySide6.QtCore import QPoint, Qt
from PySide6.QtWidgets import QApplication, QComboBox, QLineEdit

from tests.views.util import named, type_into


def right_edge(label, top) -> int:
    """Where the label's text ends (its fixed size keeps room to grow)."""
    x = label.contentsRect().right() + 1
    if not label.alignment() & Qt.AlignmentFlag.AlignRight:
        x = label.contentsRect().left() + label.fontMetrics().horizontalAdvance(label.text())
    return label.mapTo(top, QPoint(x, 0)).x()


def test_the_borrow_figures_line_up_at_the_right(window, qtbot):
    window.setWindowState(Qt.WindowState.WindowNoState)
    window.resize(1024, 700)
    window.show_view(1)
    tab = window.lend.borrow_tab
    window.lend.show_tab(tab)
    named(tab, "Asset", QComboBox).setCurrentText("USDC")
    type_into(qtbot, named(tab, "Amount to borrow", QLineEdit), "1500")
    QApplication.processEvents()
    edge = tab.max_borrow.mapTo(tab, QPoint(tab.max_borrow.width(), 0)).x()  # the amount row ends with Max
    figures = [tab.available, *tab.preview.details.values(), tab.owed]
    assert all(label.text() for label in figures)
    edges = {label.accessibleName(): right_edge(label, tab) for label in figures}
    assert all(abs(x - edge) <= 3 for x in edges.values()), (edge, edges)


def test_a_resting_orders_borrow_shows_whole_in_the_order_form(window, qtbot):
    """ "2,009.6186 USDC when it fills" was cut to "… when it fi" by the form's edge at 1440 px."""
    window.setWindowState(Qt.WindowState.WindowNoState)
    window.resize(1440, 860)
    window.spot.ensure_price_chart()
    form = window.spot.form
    type_into(qtbot, named(form, "Price", QLineEdit), "150")
    form.margin.setChecked(True)
    type_into(qtbot, named(form, "Quantity", QLineEdit), "80")
    QApplication.processEvents()
    label = form.details["borrow"]
    assert label.text().endswith(" on fill")
    viewport = window.spot.form_panel
    end = label.mapTo(viewport, QPoint(label.contentsRect().right(), 0)).x()
    assert label.fontMetrics().horizontalAdvance(label.text()) <= label.contentsRect().width()
    assert end <= viewport.width(), (end, viewport.width())
