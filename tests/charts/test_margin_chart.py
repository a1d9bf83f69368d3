"""The margin chart through the real widget: its arrays are the stored snapshots, the shading and
the liquidation markers sit where the data says, clicking a marker reads its reason, and it keeps
up with the clock at most four times a second."""

from __future__ import annotations

from decimal import Decimal as D

import numpy as np
import pytest
from PySide6.QtCore import QPoint, QPointF, Qt
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QApplication

from desktop.charts.common import utc_text
from desktop.charts.margin_chart import EDGE, MarginChart
from desktop.engine import move_prices
from desktop.services.series import account_id
from desktop.store import ledger, models
from desktop.text.explain import explain
from tests.charts.history import INSERT_EQUITY, history_with_a_liquidation, leveraged_long, stored_snapshots
from tests.waits import WAIT_MS


@pytest.fixture
def chart(qtbot, desk, chart_data):
    shown = MarginChart(desk, chart_data)
    qtbot.addWidget(shown)
    shown.resize(960, 540)
    with qtbot.waitExposed(shown, timeout=WAIT_MS):  # armed before show(); called bare it waited for nothing
        shown.show()
    return shown


def drawn(curve) -> tuple[np.ndarray, np.ndarray]:
    return curve.getOriginalDataset()


def test_the_curves_are_the_stored_snapshots(qtbot, chart, desk):
    history_with_a_liquidation(desk)
    stored = stored_snapshots(account_id("Demo"))  # after every tick and every action
    qtbot.waitUntil(lambda: len(chart.columns) == len(stored) and not chart.throttle.pending, timeout=WAIT_MS)
    assert len(stored) >= 12
    for curve, column in ((chart.ne_curve, 1), (chart.im_curve, 2), (chart.mm_curve, 3)):
        x, y = drawn(curve)
        np.testing.assert_array_equal(x, stored[:, 0])
        np.testing.assert_array_equal(y, stored[:, column])


def test_liquidations_are_marked_at_their_time_with_their_reason(qtbot, chart, desk):
    history_with_a_liquidation(desk)
    chart.throttle.flush()
    events = list(models.LedgerEvent.select().where(models.LedgerEvent.type == "Liquidation"))
    assert events, "the scripted crash should liquidate the margin long"
    stored = stored_snapshots(account_id("Demo"))
    markers = chart.marker_positions()
    assert [(x, reason) for x, _y, reason in markers] == [(float(e.time), e.reason) for e in events]
    for x, y, _reason in markers:
        assert y == pytest.approx(np.interp(x, stored[:, 0], stored[:, 1]))  # on the equity line
        assert x in stored[:, 0]  # a price-move liquidation is recorded with the tick's snapshot


def test_clicking_a_marker_shows_its_reason_sentence(qtbot, chart, desk):
    history_with_a_liquidation(desk)
    chart.throttle.flush()
    chart.show_span(None)
    scene_point = chart.marker_scene_position(0)
    where = chart.plot_widget.mapFromScene(scene_point)
    with qtbot.waitSignal(chart.eventChosen, timeout=WAIT_MS) as chosen:
        QTest.mouseClick(chart.plot_widget.viewport(), Qt.MouseButton.LeftButton, pos=QPoint(where.x(), where.y()))
    reason = chart.events[0].reason
    assert chosen.args == [reason]
    stored = models.LedgerEvent.get_by_id(chart.events[0].id)
    sentence = explain(
        ledger.event_from_row(models.LedgerEvent.select().where(models.LedgerEvent.id == stored.id).dicts().get()),
        desk.formats,
    )
    assert sentence.startswith("Liquidation (") and " sold " in sentence  # as the History view words it
    assert chart.details.text() == f"{utc_text(stored.time)} — {sentence}"
    tip = chart._tip(0, 0, chart.events[0])
    assert tip.replace("\n", " ") == chart.details.text()
    assert all(len(line) <= 80 for line in tip.splitlines())


def test_equity_below_maintenance_is_shaded_between_the_crossings(qtbot, chart, desk, store):
    """Snapshots written straight into the store: equity dips below maintenance from 02:00 to 04:00."""
    account = account_id("Demo")
    t0 = 1_795_132_800
    rows = [
        (t0 + 3600 * i, ne, 2 * mm, mm)
        for i, (ne, mm) in enumerate(
            [
                (5000, 1000),
                (3000, 1000),
                (900, 1000),
                (600, 1000),
                (1100, 1000),
                (4000, 1000),
                (1200, 1300),
                (1500, 1300),
            ]
        )
    ]
    with store.db.atomic():
        store.db.cursor().executemany(INSERT_EQUITY, [(account, t, ne, im, mm, None) for t, ne, im, mm in rows])
    chart.reload()
    # Crossings: between 01:00 (+2000) and 02:00 (−100) at 20/21 of the hour; 04:00 (+100) … 03:00 (−400)
    # at 4/5 of the hour; 06:00 (−100) between 05:00 (+3000) and 07:00 (+200).
    expected = [
        (t0 + 3600 + 3600 * 20 / 21, t0 + 3 * 3600 + 3600 * 4 / 5),
        (t0 + 5 * 3600 + 3600 * 30 / 31, t0 + 6 * 3600 + 3600 / 3),
    ]
    spans = chart.breach_spans()
    assert len(spans) == 2
    for (start, end), (want_start, want_end) in zip(spans, expected):
        assert start == pytest.approx(want_start) and end == pytest.approx(want_end)
    x, top = chart.breach_top.getData()
    _, bottom = chart.breach_bottom.getData()
    inside = ~np.isnan(x)
    assert np.all(bottom[inside] <= top[inside])  # shaded from equity up to maintenance, nowhere else
    assert not chart.breach_fill.path().isEmpty()
    assert chart.zone_curve.opts["fillLevel"] == 0.0  # and the whole zone under maintenance is tinted
    np.testing.assert_array_equal(chart.zone_curve.getOriginalDataset()[1], chart.columns["mm"])


def test_no_shading_where_equity_stays_above_maintenance(qtbot, chart, desk):
    leveraged_long(desk)
    for _ in range(4):
        desk.tick(3600)
    chart.throttle.flush()
    assert chart.breach_spans() == []
    assert chart.breach_fill.path().isEmpty()


def test_live_updates_are_throttled_and_follow_the_clock(qtbot, chart, desk, monkeypatch):
    calls = []
    original = chart.refresh
    monkeypatch.setattr(chart, "refresh", lambda: (calls.append(1), original()))
    chart.throttle._timer.timeout.disconnect()
    chart.throttle._timer.timeout.connect(chart.refresh)
    base = len(chart.columns)  # the seed's deposits, each an action with its snapshot
    for _ in range(5):
        desk.tick(600)
    assert chart.throttle.pending and len(chart.columns) == base  # nothing redrawn on the ticks themselves
    qtbot.waitUntil(lambda: len(chart.columns) == base + 5, timeout=WAIT_MS)
    assert calls == [1]  # five ticks, one redraw
    assert chart.view.viewRange()[0][1] >= chart.columns["time"][-1]  # the view follows the latest snapshot
    curves = (chart.ne_curve, chart.im_curve, chart.mm_curve)
    desk.tick(600)
    qtbot.waitUntil(lambda: len(chart.columns) == base + 6, timeout=WAIT_MS)
    assert (chart.ne_curve, chart.im_curve, chart.mm_curve) == curves  # created once, fed with setData
    assert len(chart.plot.listDataItems()) == 5  # three curves, the maintenance zone and the markers


def test_downsampling_clipping_and_limits(chart, desk):
    for _ in range(3):
        desk.tick(3600)
    chart.throttle.flush()
    for curve in (chart.ne_curve, chart.im_curve, chart.mm_curve, chart.zone_curve):
        assert curve.opts["autoDownsample"] and curve.opts["downsampleMethod"] == "peak"
        assert curve.opts["clipToView"]
    limits = chart.view.state["limits"]
    assert limits["xLimits"][0] < chart.columns["time"][0] and limits["xLimits"][1] > chart.columns["time"][-1]


def test_range_buttons_show_the_last_hour_day_week_or_all(qtbot, chart, desk):
    for _ in range(30):
        desk.tick(3600)
    chart.throttle.flush()
    last, first = chart.columns["time"][-1], chart.columns["time"][0]
    for name, span in (("Show the last hour", 3600), ("Show the last day", 86_400)):
        button = next(b for b in chart.range_buttons.values() if b.accessibleName() == name)
        qtbot.mouseClick(button, Qt.MouseButton.LeftButton)
        left, right = chart.view.viewRange()[0]
        assert right - left == pytest.approx(span * (1 + 2 * EDGE), rel=0.01)
        assert right >= last and button.isChecked()
    qtbot.mouseClick(chart.range_buttons["1 w"], Qt.MouseButton.LeftButton)  # longer than the history: all of it
    left, right = chart.view.viewRange()[0]
    assert left <= first and right >= last
    qtbot.mouseClick(chart.range_buttons["All"], Qt.MouseButton.LeftButton)
    assert chart.span is None


def test_the_crosshair_reads_all_three_values(qtbot, chart, desk):
    for _ in range(4):
        desk.tick(3600)
    chart.throttle.flush()
    QApplication.sendPostedEvents()  # the reading's new text re-lays the chart out: map the pointer after that
    QApplication.processEvents()
    stored = stored_snapshots(account_id("Demo"))
    index = len(stored) - 2  # a tick, well inside the history
    target = chart.view.mapViewToScene(QPointF(stored[index, 0] + 600, stored[index, 1]))  # ten minutes after it
    where = chart.plot_widget.mapFromScene(target)
    QTest.mouseMove(chart.plot_widget.viewport(), QPoint(where.x(), where.y()))
    qtbot.waitUntil(chart.cross_x.isVisible, timeout=WAIT_MS)
    assert chart.cross_x.value() == stored[index, 0]
    text = chart.reading.text()
    for value in stored[index, 1:]:
        assert f"{value:,.2f}".replace("-", "−") in text


def test_an_account_switch_reloads_and_an_empty_history_says_so(qtbot, chart, desk, account_list):
    base = len(chart.columns)
    for _ in range(3):
        desk.tick(3600)
    chart.throttle.flush()
    assert len(chart.columns) == base + 3 and not chart.empty_note.isVisible()
    account_list.create("Empty")
    assert len(chart.columns) == 0 and chart.empty_note.isVisible()
    assert chart.marker_positions() == []
    desk.switch("Demo")
    assert len(chart.columns) == base + 3


def test_an_action_is_a_step_at_its_own_time(qtbot, chart, desk):
    base = len(chart.columns)
    desk.tick(3600)
    chart.throttle.flush()
    desk.act(lambda s, p: move_prices(s, p, {"SOL": s.marks["SOL"] * D("0.99")}))
    chart.throttle.flush()
    assert len(chart.columns) == base + 2  # a snapshot after the action as after the tick
    time, ne = chart.columns["time"], chart.columns["ne"]
    assert time[-1] == time[-2] and ne[-1] < ne[-2]  # drawn as a step, not a slope to the next tick
    assert chart.reading_at(time[-1])["ne"] == ne[-1]  # the readout is the account after the action


def test_controls_have_accessible_names(chart):
    names = {b.accessibleName() for b in chart.range_buttons.values()}
    assert names == {"Show the last hour", "Show the last day", "Show the last week", "Show all history"}
    assert chart.plot_widget.accessibleName() == "Equity and margin chart"
    assert chart.reading.accessibleName() and chart.details.accessibleName()


def test_the_legend_sits_outside_the_plot_and_hides_series(qtbot, chart):
    box = chart.legend.boxes["Maintenance zone"]
    assert box.accessibleName() == "Show maintenance zone" and box.isChecked()
    qtbot.mouseClick(box, Qt.MouseButton.LeftButton, pos=QPoint(8, box.height() // 2))
    assert not box.isChecked() and not chart.zone_curve.isVisible()
    chart.legend.boxes["Liquidations"].setChecked(False)
    assert not chart.markers.isVisible()
    assert set(chart.legend.boxes) == {
        "Net equity",
        "Initial margin",
        "Maintenance margin",
        "Maintenance zone",
        "Equity below maintenance",
        "Liquidations",
    }


def test_a_hidden_chart_reads_nothing_until_it_is_shown(qtbot, chart, desk, account_list):
    chart.hide()
    base = len(chart.columns)
    for _ in range(3):
        desk.tick(3600)
    assert not chart.throttle.pending and len(chart.columns) == base
    account_list.create("Other")
    desk.switch("Demo")
    chart.show()
    assert len(chart.columns) == base + 3  # caught up at once on showing


def test_the_reading_spans_the_chart_and_an_end_marker_shows_whole(qtbot, chart, desk):
    """The reading was a fixed-size figure that wrapped to a 170 px column over a 1,100 px chart; and a
    liquidation's ▼ at the latest snapshot sat half outside the right edge."""

    chart.resize(1100, 500)
    most = desk.max_order_quantity("SOL_USDC", "Bid", None, True)
    assert desk.place_order("SOL_USDC", "Bid", "Market", (most * D("0.95")).quantize(D("0.01")), None, True).accepted
    for _ in range(3):
        desk.tick(3600)
    assert desk.act(lambda s, p: move_prices(s, p, {"SOL": s.marks["SOL"] * D("0.8")})).accepted
    chart.throttle.flush()
    chart.show_span(None)
    chart.grab()
    assert chart.reading.width() > 900 and chart.reading.height() <= 2 * chart.reading.fontMetrics().lineSpacing() + 4
    (left, right), _ = chart.view.viewRange()
    x, _, _ = chart.marker_positions()[-1]
    assert (right - x) / (right - left) * chart.view.width() >= 6  # the ▼ is 10 px wide


def test_the_followed_range_moves_a_step_at_a_time(qtbot, chart, desk):
    """Following the latest snapshot, the view runs a tenth of its span ahead, and half an hour at least
    (here: three hours of history, thirty one-minute ticks): most ticks keep the range (a new one works
    both axes' labels out again), and the latest snapshot is always in it."""
    leveraged_long(desk)
    for _ in range(3):
        desk.tick(3600)
    chart.throttle.flush()
    ranges = []
    for _ in range(12):
        desk.tick(60)
        chart.throttle.flush()
        left, right = chart.view.viewRange()[0]
        assert left <= chart.columns["time"][0] and chart.columns["time"][-1] <= right
        ranges.append((left, right))
    assert len(set(ranges)) <= 2


def _store_snapshots(store, rows) -> None:
    """Snapshots of the account "Plain" written straight into the store."""
    with store.db.atomic():
        store.db.cursor().executemany(INSERT_EQUITY, [(account_id("Plain"), *row, None) for row in rows])


def _painted(chart) -> tuple[float, float]:
    chart.plot_widget.scene().prepareForPaint()  # what a paint does first: a y fit asked for is done then
    return tuple(chart.view.viewRange()[1])


def test_the_y_axis_fits_again_only_when_the_data_leave_it(qtbot, chart, store, account_list, monkeypatch):
    """The y axis follows the shown data as pyqtgraph's auto-range did, but is worked out again only
    when new snapshots reach past the fitted low or high (not at each of a tick's setData calls); a
    range the trader zoomed to stays."""
    account_list.create("Plain")  # an empty history: the chart shows only what the test stores
    t0 = 1_795_132_800
    _store_snapshots(store, [(t0 + 60 * i, 5000 + i, 1000, 500) for i in range(30)])
    chart.reload()
    low, high = _painted(chart)
    assert low <= 0 and 5029 <= high < 5500  # the zone is filled down to 0
    fits = []
    original = chart.view.updateAutoRange
    monkeypatch.setattr(chart.view, "updateAutoRange", lambda: (fits.append(1), original()))
    _store_snapshots(store, [(t0 + 60 * 30, 5010, 1000, 500)])  # inside what is shown: no new fit
    chart.refresh()
    assert _painted(chart) == (low, high) and fits == []
    _store_snapshots(store, [(t0 + 60 * 31, 9000, 1000, 500)])  # a new high: fitted again
    chart.refresh()
    assert _painted(chart)[1] >= 9000 and fits == [1]
    chart.view.scaleBy(y=0.5)  # the trader zooms in on y
    zoomed = tuple(chart.view.viewRange()[1])
    _store_snapshots(store, [(t0 + 60 * 31, 20_000, 1000, 500)])  # (the view has not yet moved on a step)
    chart.refresh()
    assert _painted(chart) == zoomed  # kept, as before


def test_a_hidden_series_leaves_the_y_fit_at_the_next_update(qtbot, chart, store, account_list):
    account_list.create("Plain")
    t0 = 1_795_132_800
    _store_snapshots(store, [(t0 + 60 * i, 50_000, 1000 + i, 500 + i) for i in range(30)])
    chart.reload()
    assert _painted(chart)[1] >= 50_000
    chart.legend.boxes["Net equity"].setChecked(False)
    chart.legend.boxes["Maintenance zone"].setChecked(False)
    _store_snapshots(store, [(t0 + 60 * 30, 50_000, 1030, 530)])
    chart.refresh()
    low, high = _painted(chart)
    assert low <= 0 and 1030 <= high < 1200  # the margins alone (and 0, where the empty shading sits)
