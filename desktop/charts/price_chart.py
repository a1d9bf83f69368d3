"""The price chart of the Spot view: the mark of a market's base asset over time, from the store's
price ticks plus the current mark. Across it stay the entry of the shown perp's position and the
asset's estimated liquidation price (position, holding or borrow); while the trader edits an order,
its limit price and the estimated liquidation price after it. Fills and liquidations are marked."""

from __future__ import annotations

from decimal import Decimal

from PySide6.QtWidgets import QLabel, QVBoxLayout, QWidget

from ..models.change import Change
from ..models.chart_data import START, ChartData
from ..models.session import Session
from ..models.trade_marks import standing_lines, trade_marks
from ..text.formatting import places_of, price_at
from ..views.partials.figures import SteadyBox
from ..views.partials.updates import Throttle, WhenShown
from .common import (
    LIMIT_LINE,
    NET_EQUITY,
    Box,
    FollowedRange,
    GrowingColumns,
    RunningBounds,
    cache_axes,
    ground_labels,
    lean_downsampling,
    np,
    pg,
    plot_widget,
    utc_text,
)
from .fed_curve import fed_curve
from .position_overlay import PositionOverlay, place


class PriceChart(QWidget):
    def __init__(self, session: Session, data: ChartData, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.session = session
        self.market = next(iter(session.parameters.markets))
        self.asset = session.parameters.markets[self.market].base
        self.columns = GrowingColumns("time", "price")
        self.data = data
        self._account = 0
        self._read = START
        self.limit_price: Decimal | None = None
        self.liquidation_price: Decimal | None = None

        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        self.title = QLabel()
        self.title.setObjectName("panelTitle")
        layout.addWidget(self.title)
        self.plot_widget = plot_widget(self, "Price chart")
        self.plot = self.plot_widget.getPlotItem()
        self.view = self.plot.getViewBox()
        self.plot.setLabel("left", "USD")
        cache_axes(self.plot_widget)
        layout.addWidget(self.plot_widget, 1)
        self.caption = QLabel(" ")
        self.caption.setAccessibleName("Price chart reading")
        self.caption.setWordWrap(True)
        self.caption.setAutoFillBackground(True)  # its own ground (the window's): repainted alone, not all behind
        layout.addWidget(SteadyBox(self.caption))

        # prices are finite: fed whole columns without pyqtgraph's scan and restyling (``FedCurve``), every
        # point joined; the dot's style set once (see _draw)
        self.curve = lean_downsampling(
            fed_curve(
                self.plot,
                pen=pg.mkPen(NET_EQUITY, width=2),
                symbol=None,
                symbolSize=6,
                symbolBrush=pg.mkBrush(NET_EQUITY),
            )
        )
        self.limit_line = pg.InfiniteLine(
            angle=0,
            movable=False,
            pen=pg.mkPen(LIMIT_LINE, width=2),
            label="Limit",
            # above the line in the view's lower half, below it in the upper half: never clipped
            labelOpts={"position": 0.04, "color": LIMIT_LINE, "anchors": [(0, 0), (0, 1)]},
        )
        self.limit_line.hide()
        self.plot.addItem(self.limit_line)  # in the bounds: the view stretches to show the line
        self.overlay = PositionOverlay(self.plot)
        self.running = RunningBounds(self.plot, min_time_step=1800.0)
        self.range = FollowedRange(self.view)
        self.liquidation_line = self.overlay.liquidation_line
        ground_labels(self.plot_widget)
        self._marks_stale = True
        self._curve_box: Box | None = None

        self.throttle = Throttle(self.refresh, parent=self)
        self.when_shown = WhenShown(self)
        session.changed.connect(self._on_change)
        self.set_market(self.market)

    def set_market(self, symbol: str) -> None:
        """Show ``symbol``'s base asset (SOL for SOL_USDC and for SOL_USDC_PERP)."""
        self.market = symbol
        parameters = self.session.parameters
        market = parameters.markets.get(symbol) or parameters.perps[symbol]  # a perp's mark is its base's
        self.asset = market.base
        self.places = places_of(market.tick_size)
        self.overlay.set_places(self.places)
        self._marks_stale = True
        self.title.setText(f"{self.asset} mark (USD)")
        self.plot_widget.setAccessibleName(f"{self.asset} price chart")
        self.show_order_lines(None, None)
        self.reload()

    def show_order_lines(self, limit_price: Decimal | None, liquidation_price: Decimal | None) -> None:
        """The order's limit price and the estimated liquidation price after it (None: the limit line
        hides, and the standing liquidation line comes back)."""
        self.limit_price, self.liquidation_price = limit_price, liquidation_price
        place(self.limit_line, limit_price, "Limit", self.places)
        self.overlay.show_lines(after_order=liquidation_price)
        self.range.follow("y", self._boxes())
        self._update_caption()

    # -- data --------------------------------------------------------------------------------------
    def reload(self) -> None:
        self._account = self.data.account
        series = self.data.prices(self.asset)
        self.columns.replace(time=series.time, price=series.price)
        self._read = series.mark
        self.running.reset()
        self._curve_box = None
        self._draw()
        self.range.follow()

    def refresh(self) -> None:
        if self.data.account != self._account:
            self.reload()
            return
        series = self.data.prices(self.asset, self._read)
        if len(series):
            self.columns.extend(time=series.time, price=series.price)
            self._read = series.mark
        self._draw()

    def _on_change(self, change: Change) -> None:
        if change.fills or change.liquidation_steps or change.opened:
            self._marks_stale = True
        if change.opened:
            self.when_shown.run("reload", self.reload)
        elif change.clock or change.valuation or change.fills:  # a tick stores prices; the mark is drawn last
            self.when_shown.run("refresh", self.throttle.request, on_show=self.refresh)

    def showEvent(self, event) -> None:
        super().showEvent(event)
        self.when_shown.catch_up()

    def current_mark(self) -> tuple[float, float]:
        state = self.session.state
        return float(int(state.time.timestamp())), float(state.marks[self.asset])

    def series(self) -> tuple[np.ndarray, np.ndarray]:
        """The drawn points: every stored tick, then the current mark when it is newer or differs."""
        time, price = self.columns["time"], self.columns["price"]
        now, mark = self.current_mark()
        if not len(time) or now > time[-1] or mark != price[-1]:
            time, price = self.columns.with_row(time=max(now, time[-1] if len(time) else now), price=mark)
        return time, price

    def _draw(self) -> None:
        self.overlay.show_lines(standing_lines(self.session, self.market))
        if self._marks_stale:
            self._marks_stale = False
            self.overlay.show_marks(trade_marks(self.session, self.asset))
        time, price = self.series()
        self.curve.setSymbol("o" if len(time) == 1 else None)  # one point: a dot, not an invisible line
        self.curve.feed(time, price)
        start, end = self.time_span(time)
        low, high = float(price.min()), float(price.max())
        prices = [low, high] + [mark.price for mark in self.overlay.marks]
        self.running.cover(start, end, min(prices), max(prices))
        first, ahead = self.running.bounds[:2]
        # the limits too move a step at a time, not at each tick: a pad of the data's span moved the
        # left limit, and so the range and both axes, at every tick once a day was drawn
        pad = max(1800.0, (ahead - first) * 0.02)
        # one instant: half an hour either side, not an axis of milliseconds
        one_point = (start - pad, end + pad) if start == end else None
        self._curve_box = ((float(time[0]), float(time[-1])), (low, high), self.curve.pixelPadding())
        self.range.fit(self._boxes(), (start - pad, ahead + pad), one_point)
        if self.view._matrixNeedsUpdate:
            # a new range: its matrix (and the line labels' transforms) settled before the paint, which
            # then paints once; at the same range this would only call every listener for nothing
            self.plot_widget.scene().prepareForPaint()
        self._update_caption()

    def _boxes(self) -> list[Box]:
        """What pyqtgraph's auto-range took in: the curve (with its pen's pixel padding), the running
        bounds, and the horizontal lines shown (no x span)."""
        if self._curve_box is None or self.running.bounds is None:
            return []
        first, last, bottom, top = self.running.bounds
        boxes: list[Box] = [self._curve_box, ((first, last), (bottom, top), 0.0)]
        for line in (self.limit_line, self.overlay.entry_line, self.liquidation_line):
            if line.isVisible() and getattr(line, "in_range", True):
                boxes.append((None, (line.value(), line.value()), 0.0))
        return boxes

    def time_span(self, time: np.ndarray) -> tuple[float, float]:
        """The first and last instant drawn: the curve's, and the trade marks' (a fill at the account's
        opening comes before its first stored tick, and the limits must not cut it off)."""
        marks = self.overlay.marks
        if not marks:
            return float(time[0]), float(time[-1])
        return min(float(time[0]), marks[0].time), max(float(time[-1]), marks[-1].time)

    def _update_caption(self) -> None:
        state = self.session.state
        mark = state.marks[self.asset]
        places = getattr(self, "places", 2)
        parts = [f"{self.asset} {price_at(mark, places)} USD at {utc_text(int(state.time.timestamp()))}"]
        if self.limit_price is not None:
            parts.append(f"limit {price_at(self.limit_price, places)}")
        parts += self.overlay.caption_parts(mark)
        self.caption.setText(" · ".join(parts))
