"""``FedCurve.feed`` draws what ``setData`` draws: the same dataset, the same clipped and downsampled
curve, the same style, bounds and path, for short and long columns, before and after the view moves."""

from __future__ import annotations

import numpy as np
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from desktop.charts.common import lean_downsampling, pg, plot_widget
from desktop.charts.fed_curve import FedCurve

STYLES = {
    "line": {"pen": pg.mkPen("#2f7fd0", width=1)},
    "dashed": {"pen": pg.mkPen("#d08a1c", width=1, style=pg.QtCore.Qt.PenStyle.DashLine)},
    "zone": {"pen": None, "fillLevel": 0.0, "brush": pg.mkBrush((201, 72, 63, 28))},
    # the price chart's: a wider pen, and a dot's style kept for a single price
    "price": {
        "pen": pg.mkPen("#2f7fd0", width=2),
        "symbol": None,
        "symbolSize": 6,
        "symbolBrush": pg.mkBrush("#2f7fd0"),
    },
}


def shown_plot(qtbot):
    widget = plot_widget(None, "Test chart")
    qtbot.addWidget(widget)
    widget.resize(600, 300)
    widget.show()
    return widget


def pair(plot, style: str):
    curves = []
    for _ in range(2):
        curve = FedCurve(skipFiniteCheck=True, **STYLES[style])
        plot.addItem(curve)
        lean_downsampling(curve, 0.5 if style == "zone" else 1.0)
        curves.append(curve)
    return curves


def assert_same(fed: FedCurve, set_: FedCurve) -> None:
    for mine, theirs in zip(fed.getOriginalDataset(), set_.getOriginalDataset()):
        np.testing.assert_array_equal(mine, theirs)
    for mine, theirs in zip(fed.curve.getData(), set_.curve.getData()):
        np.testing.assert_array_equal(mine, theirs)
    for key in ("pen", "shadowPen", "fillLevel", "brush", "antialias", "stepMode"):
        assert fed.curve.opts[key] == set_.curve.opts[key], key
    # (connect "all" for data known finite, "finite" where setData has not looked yet: the same line)
    assert fed.curve.isVisible() == set_.curve.isVisible() and not fed.scatter.isVisible()
    assert fed.curve.boundingRect() == set_.curve.boundingRect()
    assert fed.dataBounds(1) == set_.dataBounds(1) and fed.dataBounds(0) == set_.dataBounds(0)
    assert fed.curve.getPath() == set_.curve.getPath()


@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(
    style=st.sampled_from(sorted(STYLES)),
    length=st.integers(min_value=0, max_value=40_000),
    seed=st.integers(min_value=0, max_value=2**16),
    window=st.tuples(st.floats(0, 1), st.floats(0, 1)),
)
def test_feeding_draws_what_set_data_draws(qtbot, style, length, seed, window):
    widget = shown_plot(qtbot)  # kept: the plot lives as long as its widget
    plot = widget.getPlotItem()
    fed, set_ = pair(plot, style)
    values = np.random.default_rng(seed).normal(1000, 300, size=length).cumsum()
    times = np.sort(np.random.default_rng(seed + 1).integers(0, 10 * length + 1, size=length)).astype(float)
    for end in (length // 2, length):  # a first feed, then the columns grown
        fed.feed(times[:end], values[:end])
        set_.setData(times[:end], values[:end])
        assert_same(fed, set_)
    if length:
        low, high = sorted(window)
        span = times[-1] - times[0] or 1.0
        plot.getViewBox().setXRange(times[0] + low * span, times[0] + high * span + 1, padding=0)  # clipped again
        fed.feed(times, values)
        set_.setData(times, values)
        assert_same(fed, set_)
