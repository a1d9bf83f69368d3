"""The margin chart (PRODUCT.md §2): net equity against initial and maintenance margin over time,
from the stored equity snapshots of the shown account.

- three curves, created once and fed with ``setData`` on numpy arrays; peak downsampling and
  clip-to-view keep a year of minute data (525,600 points a line) smooth to zoom and pan;
- the zone below maintenance margin tinted, and every stretch where equity fell below maintenance
  shaded solid between the two lines;
- liquidations (▼) and bankruptcies (✖) marked at the equity of their time: hovering shows the
  engine's one-sentence reason, clicking puts it below the chart;
- a crosshair that reads time, net equity, IM and MM at the cursor;
- 1 h / 1 d / 1 w / All; while the clock runs, new snapshots are read from the store at most every
  250 ms and the view follows the latest one unless the trader has panned back in time.
"""

from __future__ import annotations

import textwrap

from PySide6.QtCore import QPointF, Qt, Signal
from PySide6.QtGui import QColor
from PySide6.QtWidgets import QButtonGroup, QGraphicsItem, QHBoxLayout, QLabel, QPushButton, QVBoxLayout, QWidget

from ..engine.vocabulary import EventType
from ..models.change import Change
from ..models.chart_data import START, ChartData, MarkedEvent
from ..models.session import Session
from ..text.explain import explain
from ..views.partials.figures import SelectableFigure, SteadyBox
from ..views.partials.updates import Throttle, WhenShown
from .common import (
    BANKRUPTCY,
    BREACH,
    CROSSHAIR,
    INITIAL_MARGIN,
    LIQUIDATION,
    MAINTENANCE_MARGIN,
    MAINTENANCE_ZONE,
    NET_EQUITY,
    GrowingColumns,
    lean_downsampling,
    money,
    np,
    pg,
    plot_widget,
    utc_text,
)
from .fed_curve import fed_curve
from .legend import LegendRow, fill_sample, line_sample, marker_sample
from .shading import BreachShading, nearest_index, runs
from .y_fit import Shown, YFit

RANGES = (("1 h", 3600), ("1 d", 86_400), ("1 w", 604_800), ("All", None))
RANGE_NAMES = {
    "1 h": "Show the last hour",
    "1 d": "Show the last day",
    "1 w": "Show the last week",
    "All": "Show all history",
}
MIN_SPAN = 60.0  # zooming stops at one minute across
STEP_AHEAD = 0.1  # of the span: room on the right for the ticks to come
MIN_AHEAD = 1800.0  # s (a quarter of a shorter span): a young chart stepped every few ticks (~2 ms each)
EDGE = 0.03  # of the span, either side: a liquidation's ▼ at the latest snapshot was cut in half at the edge
NBSP = "\u00a0"
HINT = "Click a ▼ marker to read why the account was liquidated."


class MarginChart(QWidget):
    eventChosen = Signal(str)  # the reason sentence of a clicked liquidation or bankruptcy

    def __init__(self, session: Session, data: ChartData, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.session = session
        self.columns = GrowingColumns("time", "ne", "im", "mm")
        self.events: list[MarkedEvent] = []
        self.data = data
        self._account = 0
        self._read = START
        self._last_event = 0
        self.span: float | None = None
        self._shown_until = float("-inf")  # the latest time the view takes in before it moves on
        self._empty_axes = False  # showing the coming hours, before any snapshot

        layout = QVBoxLayout(self)
        layout.setContentsMargins(6, 6, 6, 6)
        header = QHBoxLayout()
        title = QLabel("Equity and margin")
        title.setObjectName("panelTitle")
        header.addWidget(title)
        header.addStretch(1)
        self.range_group = QButtonGroup(self)
        self.range_buttons: dict[str, QPushButton] = {}
        for text, seconds in RANGES:
            button = QPushButton(text, checkable=True)
            button.setAccessibleName(RANGE_NAMES[text])
            button.setToolTip(RANGE_NAMES[text])
            button.setMinimumWidth(44)
            button.clicked.connect(lambda _checked=False, s=seconds: self.show_span(s))
            self.range_group.addButton(button)
            header.addWidget(button)
            self.range_buttons[text] = button
        self.range_buttons["All"].setChecked(True)
        layout.addLayout(header)
        self.legend = LegendRow(self)
        layout.addWidget(self.legend)

        self.reading = SelectableFigure(" ")  # selectable under the pointer; drawn plainly at each tick
        self.reading.setToolTip("The values at the pointer, or at the latest snapshot")
        self.reading.setAccessibleName("Chart reading")
        # Wrapped, with room for two lines: one long line set the window's minimum width (1,110 px).
        self.reading.setWordWrap(True)
        self.reading.setMinimumHeight(2 * self.reading.fontMetrics().lineSpacing())
        self.reading.setAutoFillBackground(True)  # its own ground (the window's): repainted alone, not all behind
        layout.addWidget(SteadyBox(self.reading))  # as a fixed-size figure it wrapped to a 170 px column

        self.plot_widget = plot_widget(self, "Equity and margin chart")
        self.plot = self.plot_widget.getPlotItem()
        self.view = self.plot.getViewBox()
        self.plot.setLabel("left", "USD")
        self.y_fit = YFit(self.view, self._shown_series)  # fitted when the data leave it, not at every tick
        # The left axis draws the grid across the plot: every new point repainted its labels (0.3 ms).
        # Kept as a picture of itself, it is drawn again only when its range or colours change.
        self.plot.getAxis("left").setCacheMode(QGraphicsItem.CacheMode.DeviceCoordinateCache)
        layout.addWidget(self.plot_widget, 1)

        self.empty_note = QLabel("No equity history yet: start the clock or step an hour to record snapshots.")
        self.empty_note.setAccessibleName("Chart note")
        self.empty_note.setWordWrap(True)
        layout.addWidget(self.empty_note)
        self.details = SelectableFigure(HINT)
        self.details.setAccessibleName("Liquidation details")
        self.details.setWordWrap(True)
        layout.addWidget(self.details)

        self._build_items()
        self.throttle = Throttle(self.refresh, parent=self)
        self.when_shown = WhenShown(self)
        session.changed.connect(self._on_change)
        self.reload()

    # -- items, created once ---------------------------------------------------------------------
    def _build_items(self) -> None:
        plot = self.plot
        # One-pixel pens: Qt's raster engine strokes wider lines several times slower, and a pan
        # over a year must repaint within 16 ms. The zone under maintenance is its own item, drawn
        # from one bin per two pixels: a fill needs no finer outline, and costs less in fewer pieces.
        self.zone_curve = fed_curve(plot, pen=None, fillLevel=0.0, brush=pg.mkBrush(MAINTENANCE_ZONE))
        mm_pen = pg.mkPen(MAINTENANCE_MARGIN, width=1)
        self.mm_curve = fed_curve(plot, pen=mm_pen)
        self.im_curve = fed_curve(plot, pen=pg.mkPen(INITIAL_MARGIN, width=1, style=Qt.PenStyle.DashLine))
        self.ne_curve = fed_curve(plot, pen=pg.mkPen(NET_EQUITY, width=1))
        for curve in (self.mm_curve, self.im_curve, self.ne_curve):
            lean_downsampling(curve)
        lean_downsampling(self.zone_curve, bins_per_pixel=0.5)
        self.shading = BreachShading(plot, pg.mkBrush(BREACH), self.ne_curve.zValue() - 0.5)
        self.breach_top, self.breach_bottom, self.breach_fill = self.shading.top, self.shading.bottom, self.shading.fill
        self.markers = pg.ScatterPlotItem(
            size=14,
            symbol="t",
            brush=pg.mkBrush(LIQUIDATION),
            pen=pg.mkPen("w"),
            hoverable=True,
            tip=self._tip,
            hoverSize=18,
        )
        self.markers.setZValue(20)
        plot.addItem(self.markers)
        self.markers.sigClicked.connect(self._markers_clicked)
        crosshair = pg.mkPen(CROSSHAIR, width=1, style=Qt.PenStyle.DashLine)
        self.cross_x = pg.InfiniteLine(angle=90, movable=False, pen=crosshair)
        self.cross_y = pg.InfiniteLine(angle=0, movable=False, pen=crosshair)
        for line in (self.cross_x, self.cross_y):
            line.hide()
            plot.addItem(line, ignoreBounds=True)
        self._mouse = pg.SignalProxy(
            self.plot_widget.scene().sigMouseMoved, delay=0.0, rateLimit=60, slot=self._mouse_moved
        )
        self._build_legend(mm_pen)
        for box in self.legend.boxes.values():  # a series shown or hidden counts at the next fit, as before
            box.toggled.connect(self.y_fit.forget)

    def _build_legend(self, mm_pen) -> None:
        """A row of check boxes above the plot (a legend inside it would cover the latest data)."""
        legend = self.legend
        legend.add("Net equity", line_sample(self.ne_curve.opts["pen"]), [self.ne_curve])
        legend.add("Initial margin", line_sample(self.im_curve.opts["pen"]), [self.im_curve])
        legend.add("Maintenance margin", line_sample(mm_pen), [self.mm_curve])
        legend.add(
            "Maintenance zone", fill_sample(QColor(*MAINTENANCE_ZONE), QColor(MAINTENANCE_MARGIN)), [self.zone_curve]
        )
        legend.add("Equity below maintenance", fill_sample(QColor(*BREACH)), [self.breach_fill])
        legend.add("Liquidations", marker_sample("t", QColor(LIQUIDATION)), [self.markers])
        legend.boxes["Liquidations"].setToolTip("Show or hide the liquidation (▼) and bankruptcy (✖) markers")

    # -- data --------------------------------------------------------------------------------------
    def reload(self) -> None:
        """Read the shown account's whole history again (account switched, or first show)."""
        self._account = self.data.account
        series = self.data.equity()
        self.columns.replace(
            time=series.time, ne=series.net_equity, im=series.initial_margin, mm=series.maintenance_margin
        )
        self._read = series.mark
        self.events = self.data.margin_events()
        self._last_event = self.events[-1].id if self.events else 0
        self.details.setText(HINT)
        self._draw()
        self.show_span(self.span)

    def refresh(self) -> None:
        """Append what the store recorded since the last read, and follow the latest time."""
        if self.data.account != self._account:
            self.reload()
            return
        previous_last = self.columns["time"][-1] if len(self.columns) else None
        following = previous_last is None or self.view.viewRange()[0][1] >= previous_last - 1
        series = self.data.equity(self._read)
        events = self.data.margin_events(self._last_event)
        if not len(series) and not events:
            return
        self.columns.extend(
            time=series.time, ne=series.net_equity, im=series.initial_margin, mm=series.maintenance_margin
        )
        self._read = series.mark
        self.events.extend(events)
        if events:
            self._last_event = events[-1].id
        self._draw(new=len(series), new_events=bool(events))
        if following and self.columns["time"][-1] > self._shown_until:  # a step at a time, not each tick
            self.show_span(self.span)

    def _on_change(self, change: Change) -> None:
        if change.opened:
            self.when_shown.run("reload", self.reload)
        elif change.clock or change.liquidation_steps or change.valuation:  # ticks and actions store snapshots
            self.when_shown.run("refresh", self.throttle.request, on_show=self.refresh)

    def showEvent(self, event) -> None:
        super().showEvent(event)
        self.when_shown.catch_up()

    def _draw(self, new: int | None = None, new_events: bool = True) -> None:
        """Hand the curves their columns; ``new``: how many rows were appended (None: all changed)."""
        time, ne, im, mm = (self.columns[name] for name in ("time", "ne", "im", "mm"))
        for curve, column in ((self.ne_curve, ne), (self.im_curve, im), (self.mm_curve, mm), (self.zone_curve, mm)):
            curve.feed(time, column)  # setData, without handing each curve its style again
        shading_moved = self.shading.draw(time, ne, mm, new)
        first_new = time[len(time) - new] if new else float("inf")
        markers_moved = new is None or new_events or any(float(e.time) >= first_new for e in self.events)
        if markers_moved:  # a marker sits on the equity at its time: only new rows at or after it move it
            self._draw_markers()
        empty = not len(time)
        self.empty_note.setVisible(empty)
        if empty:
            self.reading.setText(" ")
            self._show_empty_axes()
        else:
            if not self.cross_x.isVisible():
                self.show_reading(time[-1], None, crosshair=False)
            self._draw_limits()
            if self._empty_axes:  # the first snapshots: the ranges follow the data again
                self._empty_axes = False
                self.view.enableAutoRange()
                self.view.updateAutoRange()  # now, not at the next paint: readings map through it at once
                self.show_span(self.span)
            self.y_fit.follow(len(time), None if shading_moved or markers_moved else new)

    def _shown_series(self) -> Shown:
        """What the y fit takes in: the columns of the series shown, and 0 while the zone is shown."""
        curves = (("ne", (self.ne_curve,)), ("im", (self.im_curve,)), ("mm", (self.mm_curve, self.zone_curve)))
        shown = [self.columns[name] for name, items in curves if any(item.isVisible() for item in items)]
        return self.columns["time"], shown, self.zone_curve.isVisible()

    def _draw_limits(self) -> None:
        time = self.columns["time"]
        pad = max(MIN_SPAN, (time[-1] - time[0]) * 2 * EDGE)  # room for the span's padding
        right = max(time[-1], self._shown_until) + pad  # and for the step the view runs ahead
        self.view.setLimits(xMin=time[0] - pad, xMax=right, minXRange=MIN_SPAN)

    def _draw_markers(self) -> None:
        time, ne = self.columns["time"], self.columns["ne"]
        if not self.events:
            self.markers.setData([], [])
            return
        xs = np.array([float(e.time) for e in self.events])
        ys = np.interp(xs, time, ne) if len(time) else np.full(len(xs), float(self.session.valuation.net_equity))
        spots = [
            {
                "pos": (x, y),
                "data": event,
                "symbol": "t" if event.type == EventType.LIQUIDATION else "x",
                "brush": pg.mkBrush(LIQUIDATION if event.type == EventType.LIQUIDATION else BANKRUPTCY),
                "pen": pg.mkPen("w", width=1),
            }
            for x, y, event in zip(xs, ys, self.events)
        ]
        self.markers.setData(spots=spots)

    def _show_empty_axes(self) -> None:
        """Before the first snapshot: the next hours and 0 … today's net equity, not an axis of
        milliseconds around zero."""
        self._empty_axes = True
        now = float(int(self.session.state.time.timestamp()))
        top = max(float(self.session.valuation.net_equity), 1.0)
        self.view.setLimits(xMin=None, xMax=None, minXRange=None)
        self.view.setRange(xRange=(now - 3600, now + 6 * 3600), yRange=(0, top * 1.1), padding=0)

    # -- what the chart shows, for tests and screen readers -----------------------------------------
    def breach_spans(self) -> list[tuple[float, float]]:
        """(start, end) times of each shaded stretch where equity is below maintenance margin."""
        x, _ = self.breach_top.getData()
        return runs(np.asarray(x if x is not None else []))

    def marker_positions(self) -> list[tuple[float, float, str]]:
        return [(spot.pos().x(), spot.pos().y(), spot.data().reason) for spot in self.markers.points()]

    def reading_at(self, x: float) -> dict | None:
        index = nearest_index(self.columns["time"], x)
        if index is None:
            return None
        return {name: float(self.columns[name][index]) for name in ("time", "ne", "im", "mm")}

    # -- ranges ------------------------------------------------------------------------------------
    def show_span(self, seconds: float | None) -> None:
        """Show the last ``seconds`` of history (None: all of it)."""
        self.span = seconds
        for text, span in RANGES:
            if span == seconds:
                self.range_buttons[text].setChecked(True)
        time = self.columns["time"]
        if not len(time):
            return
        last = time[-1]
        first = time[0] if seconds is None else max(time[0], last - seconds)
        if last - first < MIN_SPAN:
            first = last - MIN_SPAN
        # The view runs a step ahead of the latest snapshot: a new range works both axes' labels out
        # again (some 5 ms), so a playing clock moves it once in many ticks, not at each.
        ahead = max((last - first) * STEP_AHEAD, min(MIN_AHEAD, (last - first) / 4))
        self._shown_until = last + ahead
        if first > time[0]:  # a window on the latest hours slides with the view; "All" keeps its start
            first += ahead
        self._draw_limits()
        self.view.setXRange(first, last + ahead, padding=EDGE)  # a marker at either end shows whole
        self.view.setAutoVisible(y=True)
        self.view.enableAutoRange(axis="y")

    # -- crosshair and markers -----------------------------------------------------------------------
    def _mouse_moved(self, event) -> None:
        position = event[0]
        if not self.view.sceneBoundingRect().contains(position) or not len(self.columns):
            if self.cross_x.isVisible() and len(self.columns):
                self.cross_x.hide()
                self.cross_y.hide()
                self.show_reading(self.columns["time"][-1], None, crosshair=False)
            return
        point = self.view.mapSceneToView(position)
        self.show_reading(point.x(), point.y())

    def show_reading(self, x: float, y: float | None = None, crosshair: bool = True) -> None:
        """Read the three values of the sample nearest ``x`` (and put the crosshair there)."""
        reading = self.reading_at(x)
        if reading is None:
            return
        if crosshair:
            self.cross_x.setPos(reading["time"])
            self.cross_x.show()
        if crosshair and y is not None:
            self.cross_y.setPos(y)
            self.cross_y.show()
        parts = (
            utc_text(reading["time"]),
            f"Net equity {money(reading['ne'])}",
            f"Initial margin {money(reading['im'])}",
            f"Maintenance margin {money(reading['mm'])}",
            f"Equity above maintenance {money(reading['ne'] - reading['mm'])} USD",
        )
        text = "   ".join(part.replace(" ", NBSP) for part in parts)  # lines break between the figures only
        if self.reading.text() != text:
            self.reading.setText(text)

    def describe(self, event: MarkedEvent) -> str:
        """The event in the History view's words, with its time."""
        return f"{utc_text(event.time)} — {explain(self.data.event(event.id), self.session.formats)}"

    def _tip(self, x: float, y: float, data: MarkedEvent) -> str:
        return "\n".join(textwrap.wrap(self.describe(data), 80))

    def _markers_clicked(self, _item, points, _event=None) -> None:
        if len(points):
            self.choose_event(points[0].data())

    def choose_event(self, event: MarkedEvent) -> None:
        text = self.describe(event)
        self.details.setText(text)
        self.eventChosen.emit(event.reason)

    def marker_scene_position(self, index: int) -> QPointF:
        """Where marker ``index`` is on the scene (to click it in tests)."""
        return self.view.mapViewToScene(self.markers.points()[index].pos())
