"""The margin chart's y axis, fitted to the shown data as pyqtgraph's auto-range fits it, but worked out
again only when it could come out different.

pyqtgraph fits an auto-ranged axis again whenever any item's bounds change: at every ``setData`` (four a
tick on the margin chart), and a fit walks every item's data (0.5 ms a tick). Between two moves of the
x range a live chart only appends snapshots, so the fit can change only when a new one reaches past
the low or high shown so far, a series is shown or hidden, or a marker or the shading moves. The fit
itself is still pyqtgraph's (``queueUpdateAutoRange``: done before the next paint), and so are its
other occasions: a resize, an auto-range switched on, an item added, the trader's own zoom."""

from __future__ import annotations

from collections.abc import Callable

from .common import np, pg

Shown = tuple[np.ndarray, list[np.ndarray], bool]  # times, the shown series' columns, and whether 0 is shown


def extent_within(shown: Shown, window: tuple[float, float], start: int) -> tuple[float, float]:
    """The low and high of the shown columns over rows ``start``… whose time is inside ``window``."""
    time, columns, with_zero = shown
    time = time[start:]
    first, last = int(np.searchsorted(time, window[0])), int(np.searchsorted(time, window[1], side="right"))
    lows, highs = [], []
    if last > first:
        for column in columns:
            part = column[start + first : start + last]
            lows.append(float(part.min()))
            highs.append(float(part.max()))
    if with_zero:
        lows.append(0.0)
        highs.append(0.0)
    return min(lows, default=float("inf")), max(highs, default=float("-inf"))


class YFit:
    """Asks ``view`` for a y fit when the data ``shown()`` gives could change it."""

    def __init__(self, view: pg.ViewBox, shown: Callable[[], Shown]) -> None:
        self.view = view
        self.shown = shown
        # The low and high of the shown data inside the x range ``_extent_of`` when the view last fitted.
        self._extent: tuple[float, float] | None = None
        self._extent_of: tuple[float, float] | None = None
        view.itemBoundsChanged = lambda _item: None  # no fit asked for at each item's new data
        view.sigXRangeChanged.connect(self._x_moved)

    def forget(self, *_args) -> None:
        """Fit at the next update (a series shown or hidden: as before, it counts from the next tick)."""
        self._extent = None

    def follow(self, rows: int, new: int | None) -> None:
        """After the chart drew ``rows`` rows, ``new`` of them appended (None: anything may have changed)."""
        view = self.view
        if not view.autoRangeEnabled()[1]:  # the trader's own y range stays, as before
            self._extent = None
            return
        (left, right), _ = view.viewRange()
        window = (float(left), float(right))
        if new is None or self._extent is None or window != self._extent_of:
            self._extent, self._extent_of = extent_within(self.shown(), window, 0), window
            view.queueUpdateAutoRange()
            return
        low, high = extent_within(self.shown(), window, rows - new)
        if low < self._extent[0] or high > self._extent[1]:
            self._extent = (min(low, self._extent[0]), max(high, self._extent[1]))
            view.queueUpdateAutoRange()

    def _x_moved(self, _view, window: tuple[float, float]) -> None:
        # pyqtgraph fitted y to a new x range when the curves, clipped to it, set their data again
        if self.view.autoRangeEnabled()[1]:
            self._extent_of = (float(window[0]), float(window[1]))
            self._extent = extent_within(self.shown(), self._extent_of, 0)
            self.view.queueUpdateAutoRange()
