"""The price chart's caption paints its own background (the window's colour, as behind it): each tick's
new caption repaints the caption alone, not the chart, splitters, view and window under it — and the
Spot view looks exactly as when the caption was see-through, in either theme."""

from __future__ import annotations

import pytest
from PySide6.QtWidgets import QApplication

from tests.screenshots import themed_window  # noqa: F401 (the fixture: the window, light again afterwards)
from tests.views.test_opaque_totals import Paints
from tests.waits import on_screen


def shown_chart(window, qtbot):
    window.show()
    on_screen(qtbot, window)
    window.show_view(0)
    window.spot.ensure_price_chart()  # as the window does once it is on screen
    QApplication.processEvents()
    chart = window.spot.price_chart
    assert chart is not None and chart.isVisible()
    return chart


@pytest.mark.parametrize("theme", ["light", "dark"])
def test_the_spot_view_looks_as_before(themed_window, qtbot, theme):  # noqa: F811
    window = themed_window
    window.set_theme(theme)
    chart = shown_chart(window, qtbot)
    assert chart.caption.autoFillBackground()
    opaque = window.grab().toImage()
    chart.caption.setAutoFillBackground(False)
    assert window.grab().toImage() == opaque


def test_a_tick_repaints_the_caption_not_what_is_under_it(window, qtbot):
    chart = shown_chart(window, qtbot)
    window.session.tick(60)  # the first tick may lay the caption out for its text
    chart.throttle.flush()
    QApplication.processEvents()
    text = chart.caption.text()
    paints = Paints()
    app = QApplication.instance()
    app.installEventFilter(paints)
    try:
        window.session.tick(60)
        chart.throttle.flush()
        QApplication.processEvents()
    finally:
        app.removeEventFilter(paints)
    assert chart.caption.text() != text  # the time moved on
    assert chart.caption in paints.widgets
    assert chart not in paints.widgets and window.spot not in paints.widgets and window not in paints.widgets
