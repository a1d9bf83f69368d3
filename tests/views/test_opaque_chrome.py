"""The figures every tick rewrites on every view — the Overview's, the Spot form's details and the
clock — paint their own background (the colour behind them): a new figure repaints the label alone,
not the panel, form, status bar and window under it, and the window looks exactly as when they were
see-through, in either theme."""

from __future__ import annotations

import pytest
from PySide6.QtWidgets import QApplication

from tests.views.test_opaque_totals import Paints
from tests.waits import on_screen


def ticked_figures(window) -> list:
    overview = list(window.overview.values.values())
    form = list(window.spot.form.details.values())
    return overview + form + [window.clock_bar.time]


@pytest.mark.parametrize("theme", ["light", "dark"])
def test_the_window_looks_as_before(themed_window, qtbot, theme):
    window = themed_window
    window.set_theme(theme)
    window.show()
    on_screen(qtbot, window)
    QApplication.processEvents()
    opaque = window.grab().toImage()
    for label in ticked_figures(window):
        label.setAutoFillBackground(False)
    assert window.grab().toImage() == opaque


def test_a_tick_repaints_the_figures_not_what_is_under_them(window, qtbot):
    window.show()
    on_screen(qtbot, window)
    window.session.tick(60)  # the first tick may lay the status bar out for its texts
    QApplication.processEvents()
    paints = Paints()
    app = QApplication.instance()
    app.installEventFilter(paints)
    try:
        window.session.tick(60)
        QApplication.processEvents()
    finally:
        app.removeEventFilter(paints)
    assert any(label in paints.widgets for label in ticked_figures(window))
    assert window.overview not in paints.widgets and window.spot.form not in paints.widgets
    assert window.statusBar() not in paints.widgets
