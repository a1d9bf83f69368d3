"""The Portfolio's totals paint their own background (the window's colour, as behind them): a tick's
new total repaints the label alone, not the view, stack, splitter and window under it — and the view
looks exactly as when the labels were see-through, in either theme."""

from __future__ import annotations

import pytest
from PySide6.QtCore import QEvent, QObject
from PySide6.QtWidgets import QApplication

from tests.waits import on_screen


class Paints(QObject):
    def __init__(self) -> None:
        super().__init__()
        self.widgets: list = []

    def eventFilter(self, watched, event) -> bool:
        if event.type() == QEvent.Type.Paint:
            self.widgets.append(watched)
        return False


@pytest.mark.parametrize("theme", ["light", "dark"])
def test_the_totals_look_as_before(themed_window, qtbot, theme):
    window = themed_window
    window.set_theme(theme)
    window.show()
    on_screen(qtbot, window)
    window.show_view(2)
    view = window.portfolio
    QApplication.processEvents()
    opaque = view.grab().toImage()
    for label in view.totals.values():
        label.setAutoFillBackground(False)
    assert view.grab().toImage() == opaque


def test_a_new_total_repaints_the_label_alone(window, qtbot):
    window.show()
    on_screen(qtbot, window)
    window.show_view(2)
    view = window.portfolio
    QApplication.processEvents()
    paints = Paints()
    app = QApplication.instance()
    app.installEventFilter(paints)
    try:
        view.totals["net_equity"].setText("1,234,567.89 USD")
        QApplication.processEvents()
    finally:
        app.removeEventFilter(paints)
    assert view.totals["net_equity"] in paints.widgets
    assert view not in paints.widgets and window not in paints.widgets


@pytest.mark.parametrize("theme", ["light", "dark"])
def test_the_lend_and_borrow_figures_look_as_before(themed_window, qtbot, theme):
    window = themed_window
    window.set_theme(theme)
    window.show()
    on_screen(qtbot, window)
    window.show_view(1)
    lend = window.lend
    for page, labels in (
        (0, [lend.lend_tab.holdings]),
        (1, [lend.borrow_tab.available, lend.borrow_tab.owed]),
    ):
        lend.tabs.setCurrentIndex(page)
        QApplication.processEvents()
        assert all(label.autoFillBackground() and label.isVisible() for label in labels)
        opaque = lend.tabs.grab().toImage()
        for label in labels:
            label.setAutoFillBackground(False)
        assert lend.tabs.grab().toImage() == opaque
