"""A figure's width added up from its characters' advances is the width Qt measures, and a font that
kerns its figures is measured as before."""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st
from PySide6.QtGui import QFontMetricsF
from PySide6.QtWidgets import QApplication

from desktop.views.partials.text_measures import FIGURE_CHARACTERS, Measures, additive_advances

FIGURES = st.text(alphabet=FIGURE_CHARACTERS, min_size=1, max_size=24)


@settings(max_examples=200, deadline=None)
@given(text=FIGURES)
def test_a_figures_added_width_is_its_measured_width(qapp, text):
    measures = Measures(QApplication.font())
    assert measures.advance(text) == QFontMetricsF(QApplication.font()).horizontalAdvance(text)


def test_the_desk_font_sets_its_figures_side_by_side(qapp):
    assert additive_advances(QFontMetricsF(QApplication.font())) is not None


def test_a_text_with_letters_is_measured(qapp):
    measures = Measures(QApplication.font())
    for text in ("SOL Long", "1,512.34 USD", "DOGE Short", "—"):
        assert measures.advance(text) == QFontMetricsF(QApplication.font()).horizontalAdvance(text)


class KerningMetrics:
    """A font's metrics that bring "1" and "," closer together than their advances."""

    def horizontalAdvance(self, text: str) -> float:
        return 7.0 * len(text) - (1.5 if "1," in text else 0.0)


def test_a_font_that_kerns_its_figures_has_every_figure_measured(qapp):
    assert additive_advances(KerningMetrics()) is None
    measures = Measures(QApplication.font())
    measures.metrics = KerningMetrics()  # as such a font would measure
    assert measures.advance("1,5") == 19.5
