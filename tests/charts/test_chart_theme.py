"""The charts follow the palette: dark when the app starts dark, and on a switch either way."""

import pytest
from PySide6.QtGui import QPalette

from desktop.charts.margin_chart import MarginChart
from desktop.charts.price_chart import PriceChart
from desktop.views.theme import apply_theme, palette_for


def painted(widget) -> tuple[str, str]:
    background = widget.backgroundBrush().color().name()
    axis = widget.getAxis("left").textPen().color().name()
    return background, axis


def expected(theme: str) -> tuple[str, str]:
    palette = palette_for(theme)
    return palette.color(QPalette.ColorRole.Base).name(), palette.color(QPalette.ColorRole.Text).name()


@pytest.mark.parametrize("kind", [PriceChart, MarginChart])
def test_a_chart_built_in_the_dark_is_dark_and_follows_a_switch(qtbot, qapp, desk, chart_data, kind):
    apply_theme(qapp, "dark")
    try:
        chart = kind(desk, chart_data)
        qtbot.addWidget(chart)
        chart.show()
        assert painted(chart.plot_widget) == expected("dark")
        apply_theme(qapp, "light")
        qtbot.waitUntil(lambda: painted(chart.plot_widget) == expected("light"), timeout=10000)
        apply_theme(qapp, "dark")
        qtbot.waitUntil(lambda: painted(chart.plot_widget) == expected("dark"), timeout=10000)
    finally:
        apply_theme(qapp, "light")


def label_grounds(chart) -> set[str]:
    lines = (chart.limit_line, chart.overlay.entry_line, chart.liquidation_line)
    return {line.label.fill.color().name() for line in lines}


def test_the_price_chart_labels_stand_on_the_plots_ground_in_either_theme(qtbot, qapp, desk, chart_data):
    """A curve crossing "Limit 150.00" hid it (worst in the dark theme): each line's label has a ground."""
    try:
        chart = PriceChart(desk, chart_data)
        qtbot.addWidget(chart)
        chart.show()
        assert label_grounds(chart) == {expected("light")[0]}
        apply_theme(qapp, "dark")
        qtbot.waitUntil(lambda: label_grounds(chart) == {expected("dark")[0]}, timeout=10000)
    finally:
        apply_theme(qapp, "light")
