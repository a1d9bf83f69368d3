"""Chart geometry: the outline of equity below maintenance, thinning it, the nearest sample."""

from __future__ import annotations

import numpy as np
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from desktop.charts.shading import breach_area, nearest_index, runs, thinned


def test_no_breach_gives_empty_outlines():
    x, top, bottom = breach_area(np.array([0.0, 1, 2]), np.array([5.0, 6, 7]), np.array([1.0, 1, 1]))
    assert len(x) == len(top) == len(bottom) == 0
    assert runs(x) == []


def test_a_breach_from_the_first_sample_to_a_crossing():
    time = np.array([0.0, 10, 20, 30])
    equity = np.array([0.0, 2, 8, 9])
    maintenance = np.array([4.0, 4, 4, 4])
    x, top, bottom = breach_area(time, equity, maintenance)
    # below at 0 and 10; crosses between 10 (−2) and 20 (+4) a third of the way: at 13.33…
    np.testing.assert_allclose(x, [0, 10, 10 + 10 / 3])
    np.testing.assert_allclose(top, [4, 4, 4])
    np.testing.assert_allclose(bottom, [0, 2, 4])
    assert runs(x) == [(0.0, pytest.approx(10 + 10 / 3))]


def test_two_breaches_are_two_runs_separated_by_a_break():
    time = np.arange(7.0)
    equity = np.array([5.0, -1, 5, 5, -3, -3, 1])
    maintenance = np.full(7, 2.0)
    x, _top, _bottom = breach_area(time, equity, maintenance)
    assert np.isnan(x).sum() == 1
    spans = runs(x)
    # gap = equity − maintenance = 3, −3, 3, 3, −5, −5, −1: crossings at 0.5, 1.5 and 3 + 3/8; the
    # second stretch is still below at the last sample.
    assert spans == [(pytest.approx(0.5), pytest.approx(1.5)), (pytest.approx(3.375), 6.0)]


def test_thinning_keeps_every_run_and_its_ends():
    time = np.arange(100_000.0)
    equity = np.where((time // 1000) % 2 == 0, 0.0, 10.0)
    x, top, bottom = breach_area(time, equity, np.full(len(time), 5.0))
    slim = thinned(x, top, bottom, limit=5_000)
    assert len(slim[0]) < len(x) / 5
    assert runs(slim[0]) == runs(x)


def test_nearest_index():
    time = np.array([0.0, 10, 20])
    assert nearest_index(np.array([]), 3) is None
    assert [nearest_index(time, v) for v in (-5, 4, 6, 15.1, 99)] == [0, 0, 1, 2, 2]


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(
    gaps=st.lists(st.integers(min_value=-3, max_value=3), min_size=1, max_size=60),
    chunks=st.lists(st.integers(min_value=0, max_value=7), min_size=1, max_size=12),
)
def test_shading_drawn_row_by_row_is_the_shading_of_all_rows(qtbot, gaps, chunks):
    """Appended rows that stay above maintenance leave the shading as it was: drawn as the rows come, it
    is always what shading all the rows at once gives."""
    from desktop.charts.common import pg, plot_widget
    from desktop.charts.shading import BreachShading

    widget = plot_widget(None, "Test chart")
    qtbot.addWidget(widget)
    shading = BreachShading(widget.getPlotItem(), pg.mkBrush("r"), 0)
    time = np.arange(len(gaps), dtype=float) * 60
    maintenance = np.full(len(gaps), 100.0)
    equity = maintenance + np.array(gaps, dtype=float)
    shown = min(chunks[0], len(gaps))
    shading.draw(time[:shown], equity[:shown], maintenance[:shown])
    for chunk in chunks[1:] + [len(gaps)]:
        new = min(chunk, len(gaps) - shown)
        shown += new
        shading.draw(time[:shown], equity[:shown], maintenance[:shown], new)
        want = breach_area(time[:shown], equity[:shown], maintenance[:shown])
        for drawn, wanted in zip((*shading.top.getData(), shading.bottom.getData()[1]), want):
            np.testing.assert_array_equal(np.asarray(drawn if drawn is not None else []), wanted)
