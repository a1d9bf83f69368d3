"""``FedCurve.feed``'s own display path (a sample a point: a live chart's hours of snapshots) draws what
``setData`` draws, clipped to any view, and is the path taken there; where pyqtgraph would reduce the
data it leaves the work to pyqtgraph."""

from __future__ import annotations

import numpy as np
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from desktop.charts import fed_curve
from tests.charts.test_fed_curve import STYLES, assert_same, pair, shown_plot


@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(
    style=st.sampled_from(sorted(STYLES)),
    length=st.integers(min_value=1, max_value=400),
    seed=st.integers(min_value=0, max_value=2**16),
    window=st.tuples(st.floats(-0.2, 1.2), st.floats(-0.2, 1.2)),
    steps=st.integers(min_value=1, max_value=3),
)
def test_own_display_draws_what_set_data_draws(qtbot, monkeypatch, style, length, seed, window, steps):
    taken = []
    own = fed_curve.unreduced_display
    monkeypatch.setattr(fed_curve, "unreduced_display", lambda *a: taken.append(own(*a)) or taken[-1])
    widget = shown_plot(qtbot)
    plot = widget.getPlotItem()
    fed, set_ = pair(plot, style)
    values = np.random.default_rng(seed).normal(1000, 300, size=length).cumsum()
    times = np.cumsum(np.random.default_rng(seed + 1).integers(1, 120, size=length)).astype(float)
    low, high = sorted(window)
    span = times[-1] - times[0] or 1.0
    plot.getViewBox().setXRange(times[0] + low * span, times[0] + high * span + 60, padding=0)
    for end in (1, *np.linspace(1, length, steps + 1, dtype=int)[1:]):  # fed as a live chart grows
        fed.feed(times[:end], values[:end])
        set_.setData(times[:end], values[:end])
        assert_same(fed, set_)
    assert length == 1 or any(shown is not None for shown in taken)  # the own path drew it


def test_a_reduced_curve_is_left_to_pyqtgraph(qtbot):
    widget = shown_plot(qtbot)
    plot = widget.getPlotItem()
    fed, set_ = pair(plot, "line")
    times = np.arange(100_000, dtype=float) * 60
    values = np.random.default_rng(1).normal(1000, 300, size=len(times)).cumsum()
    fed.feed(times[:10], values[:10])  # styled first: the next feed takes the fed path
    plot.getViewBox().setXRange(times[0], times[-1], padding=0)
    assert fed_curve.unreduced_display(fed, times, values) is None  # a point a pixel: pyqtgraph's peaks
    fed.feed(times, values)
    set_.setData(times, values)
    assert_same(fed, set_)
