"""Both themes: every text colour reads at 4.5:1 or better against what it is painted on (computed
from the palettes, WCAG 2.x), and the outlines a dark palette used to lose are drawn."""

import pytest
from PySide6.QtGui import QColor, QPalette
from PySide6.QtWidgets import QApplication, QCheckBox, QLineEdit, QPushButton, QRadioButton

from desktop.views.partials.desk_style import outline_colour
from desktop.views.theme import apply_theme, contrast_ratio, palette_for, text_contrasts

WCAG_TEXT = 4.5
WCAG_CONTROLS = 3.0  # outlines of fields and boxes (WCAG 1.4.11)


def test_the_ratio_itself():
    assert contrast_ratio(QColor("#000000"), QColor("#ffffff")) == pytest.approx(21.0)
    assert contrast_ratio(QColor("#777777"), QColor("#ffffff")) == pytest.approx(4.48, abs=0.01)


@pytest.mark.parametrize("theme", ["light", "dark"])
def test_every_text_colour_reads_at_4_5_to_1(theme):
    ratios = text_contrasts(theme)
    low = {name: round(ratio, 2) for name, ratio in ratios.items() if ratio < WCAG_TEXT}
    assert not low, f"{theme} theme below 4.5:1: {low}"
    assert len(ratios) >= 12


@pytest.mark.parametrize("theme", ["light", "dark"])
def test_outlines_of_fields_and_boxes_stand_out(theme):
    palette = palette_for(theme)
    outline = outline_colour(palette)
    for role in (QPalette.ColorRole.Window, QPalette.ColorRole.Base):
        assert contrast_ratio(outline, palette.color(role)) >= WCAG_CONTROLS


def colours_in(widget) -> set[int]:
    image = widget.grab().toImage()
    return {image.pixel(x, y) for x in range(image.width()) for y in range(image.height())}


@pytest.fixture
def dark(qapp):
    apply_theme(qapp, "dark")
    yield qapp
    apply_theme(qapp, "light")


def test_dark_check_boxes_radios_fields_and_checked_buttons_are_drawn_visibly(qtbot, dark):
    palette = QApplication.palette()
    outline = outline_colour(palette).rgb()
    box, radio, field = QCheckBox("Margin"), QRadioButton("Limit"), QLineEdit("12")
    chosen, other = QPushButton("All", checkable=True, checked=True), QPushButton("1 h", checkable=True)
    for widget in (box, radio, field, chosen, other):
        qtbot.addWidget(widget)
        widget.resize(120, 30)
    assert outline in colours_in(box)
    assert any(
        QColor(c).lightness() > QColor(palette.color(QPalette.ColorRole.Window)).lightness() + 40
        for c in colours_in(radio)
    )
    assert outline in colours_in(field)
    highlight = palette.color(QPalette.ColorRole.Highlight).rgb()
    assert highlight in colours_in(chosen) and highlight not in colours_in(other)


def test_stress_grid_cells_read_in_either_theme():
    from desktop.models.what_if_model import (
        BELOW_INITIAL_COLOUR,
        CELL_TEXT,
        FAR_COLOUR,
        LIQUIDATABLE_COLOUR,
        NEAR_COLOUR,
    )

    for ground in (BELOW_INITIAL_COLOUR, FAR_COLOUR, LIQUIDATABLE_COLOUR, NEAR_COLOUR):
        assert contrast_ratio(CELL_TEXT, ground) >= WCAG_TEXT


def test_view_theme_dark_from_the_keyboard(window, qtbot):
    """Alt+V, T, D: each step of View ▸ Theme ▸ Dark has its underlined letter."""
    menus = {a.text(): a.menu() for a in window.menuBar().actions() if a.menu()}
    themes = {a.text(): a for a in menus["&View"].actions() if a.menu()}
    assert list(themes) == ["&Theme"]
    modes = {a.text(): a for a in themes["&Theme"].menu().actions()}
    assert list(modes) == ["&System", "&Light", "&Dark"]
    try:
        modes["&Dark"].trigger()  # what the menu does on D
        assert window.settings.value("theme") == "dark" and modes["&Dark"].isChecked()
    finally:
        modes["&Light"].trigger()
