"""What the pyqtgraph charts share: pyqtgraph bound to PySide6, colours, the plot widget in the
palette's colours, UTC times, money text, and columns that grow by appending."""

from __future__ import annotations

import os
from datetime import UTC, datetime

# pyqtgraph takes the binding already imported, and prefers PyQt6 when none is: import PySide6 first.
os.environ.setdefault("PYQTGRAPH_QT_LIB", "PySide6")
import numpy as np  # noqa: E402
import pyqtgraph as pg  # noqa: E402
from PySide6.QtCore import QEvent, QObject, Qt  # noqa: E402
from PySide6.QtGui import QColor, QPalette  # noqa: E402
from PySide6.QtWidgets import QGraphicsItem, QWidget  # noqa: E402

NET_EQUITY = "#2f7fd0"
INITIAL_MARGIN = "#d08a1c"
MAINTENANCE_MARGIN = "#c9483f"
MAINTENANCE_ZONE = (201, 72, 63, 28)  # the zone below maintenance margin
BREACH = (201, 72, 63, 150)  # equity below maintenance margin
LIQUIDATION = "#c9483f"
BANKRUPTCY = "#7b3fa0"
LIMIT_LINE = "#2e9e6b"
CROSSHAIR = (128, 128, 128, 160)
MINUS = "−"


def utc_text(seconds: float) -> str:
    return datetime.fromtimestamp(float(seconds), tz=UTC).strftime("%Y-%m-%d %H:%M UTC")


def money(value: float, places: int = 2) -> str:
    """``12,345.67`` with a real minus sign (``places`` decimals: a BONK price needs 8)."""
    return f"{value:,.{places}f}".replace("-", MINUS)


def paint_in_palette(widget: pg.PlotWidget) -> None:
    """Background and axes in the widget's palette colours (Base and Text)."""
    palette = widget.palette()
    widget.setBackground(palette.color(QPalette.ColorRole.Base))
    text = palette.color(QPalette.ColorRole.Text)
    for side in ("left", "bottom"):
        axis = widget.getAxis(side)
        axis.setPen(pg.mkPen(text))
        axis.setTextPen(pg.mkPen(text))
    ground_labels(widget)


def ground_labels(widget: pg.PlotWidget) -> None:
    """The lines' labels on a ground of the plot's background: a curve crossing "Limit 150.00" hid it,
    worst in the dark theme."""
    ground = QColor(widget.palette().color(QPalette.ColorRole.Base))
    ground.setAlpha(215)
    for item in widget.getPlotItem().items:
        label = getattr(item, "label", None)
        if isinstance(label, pg.TextItem):
            label.fill = pg.mkBrush(ground)
            label.update()


class FollowPalette(QObject):
    """Repaints a plot in the new colours when the application's palette changes (a theme switch)."""

    def eventFilter(self, watched, event) -> bool:
        if event.type() == QEvent.Type.PaletteChange:
            paint_in_palette(watched)
        return False


def plot_widget(parent: QWidget, name: str, date_axis: bool = True) -> pg.PlotWidget:
    """A PlotWidget in the window's colours (following a theme switch), menu off, with a UTC date
    axis at the bottom."""
    axes = {"bottom": pg.DateAxisItem(orientation="bottom", utcOffset=0)} if date_axis else {}
    widget = pg.PlotWidget(parent, axisItems=axes)
    widget.setAccessibleName(name)
    # no stop on the Tab chain: a chart has no keys, and its caption reads the figures to a screen reader
    widget.setFocusPolicy(Qt.FocusPolicy.NoFocus)
    widget.setMenuEnabled(False)
    # Horizontal grid lines at the major ticks only: minor grid lines cost more to paint than the curves.
    widget.showGrid(x=False, y=True, alpha=0.25)
    paint_in_palette(widget)
    widget.palette_follower = FollowPalette(widget)
    widget.installEventFilter(widget.palette_follower)
    widget.getAxis("left").setStyle(maxTickLevel=0)
    widget.getAxis("left").setWidth(70)
    plot = widget.getPlotItem()
    plot.setDownsampling(auto=True, mode="peak")
    plot.setClipToView(True)
    plot.hideButtons()
    return widget


def cache_axes(widget: pg.PlotWidget) -> None:
    """Both axes kept as pixmaps until their range, size or colours change: the left axis draws the grid
    across the plot, so every new point of a curve repainted its ticks, labels and grid lines."""
    for side in ("left", "bottom"):
        widget.getAxis(side).setCacheMode(QGraphicsItem.CacheMode.DeviceCoordinateCache)


def lean_downsampling(curve: pg.PlotDataItem, bins_per_pixel: float = 1.0) -> pg.PlotDataItem:
    """Peak downsampling to one bin per pixel: the min and max of each pixel column already draw the
    whole envelope, and pyqtgraph's default of five bins a pixel paints five times the points.
    (``autoDownsampleFactor`` is an option of PlotDataItem that its setters do not expose.)"""
    curve.opts["autoDownsampleFactor"] = bins_per_pixel
    return curve


def text_colour(widget: QWidget) -> QColor:
    return widget.palette().color(QPalette.ColorRole.Text)


class GrowingColumns:
    """Equal-length float64 columns that grow by appending: capacity doubles, so a live chart adds a
    point in O(1) amortised and hands pyqtgraph views, never copies."""

    def __init__(self, *names: str) -> None:
        self.names = names
        self._data = np.empty((len(names), 1024))
        self._size = 0

    def __len__(self) -> int:
        return self._size

    def __getitem__(self, name: str) -> np.ndarray:
        return self._data[self.names.index(name), : self._size]

    def replace(self, **columns: np.ndarray) -> None:
        self._size = 0
        self.extend(**columns)

    def extend(self, **columns: np.ndarray) -> None:
        added = len(columns[self.names[0]])
        needed = self._size + added
        self._reserve(needed)
        for row, name in enumerate(self.names):
            self._data[row, self._size : needed] = columns[name]
        self._size = needed

    def with_row(self, **values: float) -> tuple[np.ndarray, ...]:
        """Views of the columns and one more row after them, which is not kept: the next ``extend`` or
        ``with_row`` writes over it (a live point drawn after the stored ones, without copying them all)."""
        self._reserve(self._size + 1)
        for row, name in enumerate(self.names):
            self._data[row, self._size] = values[name]
        return tuple(self._data[row, : self._size + 1] for row in range(len(self.names)))

    def _reserve(self, needed: int) -> None:
        if needed > self._data.shape[1]:
            grown = np.empty((len(self.names), max(needed, 2 * self._data.shape[1])))
            grown[:, : self._size] = self._data[:, : self._size]
            self._data = grown


class RunningBounds:
    """An invisible item whose bounds run a step ahead of the data, so that an auto-ranged view (and
    its two axes, whose tick labels are worked out again at each new range: some 5 ms) changes once in
    many ticks instead of at each tick. The view still takes in every point: the bounds only grow
    until ``reset``."""

    def __init__(self, plot: pg.PlotItem, min_time_step: float) -> None:
        # drawn with no pen, but visible: the view's auto-range passes over hidden items; with no contents
        # Qt does not ask it to paint (its rect spans the plot, so it was painted at every tick)
        self.item = pg.PlotCurveItem([], [], pen=pg.mkPen(None))
        self.item.setFlag(QGraphicsItem.GraphicsItemFlag.ItemHasNoContents, True)
        plot.addItem(self.item)
        self.min_time_step = min_time_step
        self.bounds: tuple[float, float, float, float] | None = None

    def reset(self) -> None:
        self.bounds = None
        self.item.setData([], [])

    def cover(self, first: float, last: float, low: float, high: float) -> None:
        """Keep ``first…last`` × ``low…high`` inside; a new step ahead only when the data leave it."""
        bounds = self.bounds
        # strictly before the end: a curve that reached it reached past it by its pen's padding, and the
        # view moved a little at that tick and a step at the next (each range lays both axes out again)
        if bounds is not None and bounds[0] <= first and last < bounds[1] and bounds[2] <= low and high <= bounds[3]:
            return
        time_step = max(self.min_time_step, (last - first) * 0.1)
        value_step = max((high - low) * 0.25, abs(high) * 0.002, 1e-9)
        end = last + time_step
        if bounds is None:
            low, high = low - value_step, high + value_step
        else:  # grow from what is shown, a step on the side the data left: the view never shrinks
            first = min(first, bounds[0])
            low = bounds[2] if low >= bounds[2] else low - value_step
            high = bounds[3] if high <= bounds[3] else high + value_step
            if last < bounds[1]:  # only the price left: the time axis (dates, the dearer labels) stays
                end = bounds[1]
        self.bounds = (first, end, low, high)
        self.item.setData([self.bounds[0], self.bounds[1]], [self.bounds[2], self.bounds[3]])


Box = tuple[tuple[float, float] | None, tuple[float, float] | None, float]  # x span, y span, pixel padding


class FollowedRange:
    """The view's range set by the chart from what it must show, and only when that moved. pyqtgraph's
    auto-range asked every item for its bounds whenever one changed — the curve and the liquidation line
    do at each tick — though the running bounds keep the range for ten ticks and more (0.4 ms a tick).

    ``fit`` takes the boxes the auto-range would have found and does its arithmetic
    (``ViewBox.childrenBounds`` and ``updateAutoRange``): their union, each box's pixel padding, then the
    view's suggested padding; so the trader sees the range the auto-range gave. As with the auto-range,
    the trader's own zoom or pan stops an axis following until ``follow`` brings it back."""

    def __init__(self, view: pg.ViewBox) -> None:
        self.view = view
        view.disableAutoRange()
        self.following = [True, True]
        self.boxes: list[Box] = []
        self.fixed_x: tuple[float, float] | None = None
        self.limits: tuple[float, float] | None = None
        self.wanted: list[tuple[float, float] | None] = [None, None]  # the range last asked for on each axis
        self.applied: list[list[float]] = []  # the view's target range after that (the limits shift it)
        view.sigRangeChangedManually.connect(self._moved_by_hand)
        view.sigResized.connect(self.refit)  # the padding and the pixel pads depend on the view's size

    def follow(self, axis: str | None = None, boxes: list[Box] | None = None) -> None:
        """The axis (``"x"``, ``"y"``, or both) follows the data again (``boxes``: what it now shows)."""
        if boxes is not None:
            self.boxes = boxes
        for ax in (0, 1) if axis is None else ("xy".index(axis),):
            self.following[ax] = True
            self.wanted[ax] = None
        self.refit()

    def fit(self, boxes: list[Box], x_limits: tuple[float, float], fixed_x: tuple[float, float] | None = None) -> None:
        """Show ``boxes`` within ``x_limits`` (``fixed_x``: that x range as it is, unpadded)."""
        self.boxes, self.fixed_x = boxes, fixed_x
        if x_limits != self.limits:
            # new limits shift the range the view keeps: ask again for the whole one, as the auto-range did
            self.limits = x_limits
            self.view.setLimits(xMin=x_limits[0], xMax=x_limits[1])
            self.wanted = [None, None]
        self.refit()

    def refit(self, *_) -> None:
        wanted = self.range_of(self.boxes)
        if self.fixed_x is not None:
            wanted[0] = self.fixed_x
        changed = {}
        for ax, name in ((0, "xRange"), (1, "yRange")):
            if self.following[ax] and wanted[ax] is not None and wanted[ax] != self.wanted[ax]:
                self.wanted[ax] = wanted[ax]
                changed[name] = wanted[ax]
        if changed:
            self.view.setRange(padding=0.0, **changed)
        self.applied = [list(span) for span in self.view.state["targetRange"]]

    def range_of(self, boxes: list[Box]) -> list[tuple[float, float] | None]:
        spans: list[list[float] | None] = [None, None]
        for box in boxes:
            for ax in (0, 1):
                span, now = box[ax], spans[ax]
                if span is not None:
                    spans[ax] = list(span) if now is None else [min(span[0], now[0]), max(span[1], now[1])]
        ranges: list[tuple[float, float] | None] = [None, None]
        for ax, length in ((0, self.view.width()), (1, self.view.height())):
            span = spans[ax]
            if span is None:
                continue
            if length > 0:  # a box drawn wider than its data (a pen's width) keeps that many pixels clear
                size = (span[1] - span[0]) / length
                for box in boxes:
                    edges, pixels = box[ax], box[2]
                    if pixels and edges is not None:
                        span = [min(span[0], edges[0] - pixels * size), max(span[1], edges[1] + pixels * size)]
            pad = (span[1] - span[0]) * self.view.suggestPadding(ax)
            ranges[ax] = (span[0] - pad, span[1] + pad)
        return ranges

    def _moved_by_hand(self, mask) -> None:
        # the axes whose range the trader changed stop following (as pyqtgraph's auto-range did)
        for ax in (0, 1):
            if mask[ax] and self.applied and self.view.state["targetRange"][ax] != self.applied[ax]:
                self.following[ax] = False
