"""A line fed whole float columns at every update.

``PlotDataItem.setData`` reads any shape of data, scans it for NaN and hands the drawn curve its whole
style again (pen, shadow, fill level, brush: each setter repaints and drops the curve's bounds), some
0.2 ms a call: four curves a tick on the margin chart. ``FedCurve.feed`` takes two finite float columns
and does only what new data needs: the same dataset, clipped to the view and downsampled by pyqtgraph's
own code, handed to the curve without its unchanged style. Style changes still go through pyqtgraph's
setters, which hand the curve its style themselves. The curve's bounds (asked for at each repaint after
new data) are then the plain low and high of finite data, without ``nanmin``'s warning guard."""

from __future__ import annotations

import bisect
import math

from pyqtgraph.graphicsItems.PlotDataItem import PlotDataset

from .common import np, pg


class FedCurve(pg.PlotDataItem):
    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self._finite = False  # whether the curve shows what ``feed`` gave it (finite by its promise)
        self.curve.dataBounds = self._curve_bounds

    def setData(self, *args, **kwargs) -> None:
        self._finite = False
        super().setData(*args, **kwargs)

    def _curve_bounds(self, ax: int, frac: float = 1.0, orthoRange=None) -> tuple:
        """``PlotCurveItem.dataBounds``; for all of fed data, its low and high straight away."""
        curve = self.curve
        if not self._finite or frac < 1.0 or orthoRange is not None:
            return pg.PlotCurveItem.dataBounds(curve, ax, frac, orthoRange)
        cache = curve._boundsCache[ax]
        if cache is not None and cache[0] == (frac, orthoRange):
            return cache[1]
        data = curve.xData if ax == 0 else curve.yData
        if data is None or not len(data):
            return (None, None)
        low, high = float(data.min()), float(data.max())
        fill = curve.opts["fillLevel"]
        if ax == 1 and fill not in (None, "enclosed"):
            low, high = float(min(low, fill)), float(max(high, fill))
        for pen in (curve.opts["pen"], curve.opts["shadowPen"]):  # as pyqtgraph: a pen not cosmetic adds its width
            if pen is not None and not pen.isCosmetic() and pen.style() != pg.QtCore.Qt.PenStyle.NoPen:
                low, high = low - pen.widthF() * 0.7072, high + pen.widthF() * 0.7072
        curve._boundsCache[ax] = [(frac, orthoRange), (low, high)]
        return (low, high)

    def _display_unreduced(self, x: np.ndarray, y: np.ndarray) -> PlotDataset | None:
        return unreduced_display(self, x, y)

    def feed(self, x: np.ndarray, y: np.ndarray) -> None:
        """``setData(x, y)`` for float columns without NaN or infinity (a chart's stored snapshots)."""
        opts = self.opts
        drawn = opts["pen"] is not None or (opts["fillBrush"] is not None and opts["fillLevel"] is not None)
        # The curve has its style once it showed data (a setter restyles it only then): until then, and
        # for no data or what pyqtgraph's path handles differently, pyqtgraph's own way.
        styled = self._dataset is not None and self.curve.isVisible()
        if not styled or not len(x) or not len(y) or not drawn or opts["connect"] != "auto" or opts["symbol"]:
            self.setData(x, y)
            return
        # As setData: a new dataset (known finite: no scan for NaN), the mapped and shown data made again.
        self._dataset = PlotDataset(x.view(np.ndarray), y.view(np.ndarray), True, True)
        self._datasetMapped = None
        self._datasetDisplay = None
        self._adsLastValue = 1
        shown = self._display_unreduced(x, y)
        if shown is None:
            shown = self._getDisplayDataset()
        if shown is None or shown.connect is not None:
            self.updateItems(styleUpdate=False)
        else:  # as updateItems with connect "auto"
            finite = shown.containsNonfinite is False
            self.curve.updateData(x=shown.x, y=shown.y, connect="all" if finite else "finite", skipFiniteCheck=finite)
            self.curve.show()
            self._finite = True
        self.informViewBoundsChanged()
        self.sigPlotChanged.emit(self)


def unreduced_display(item: FedCurve, x: np.ndarray, y: np.ndarray) -> PlotDataset | None:
    """``_getDisplayDataset`` for fed data (finite, ascending x, no mapping mode) where it takes one point a
    sample: the samples in the view and one either side (clip to view), none dropped by downsampling
    or clipped in height. pyqtgraph's own steps, without reading its dataset's bounds again and the
    generic checks (some 30 µs a curve, four curves a tick). None where it would reduce the data."""
    opts = item.opts
    view = item.getViewBox()
    if view is None or not isinstance(opts["downsample"], int) or opts["downsample"] != 1:
        return None
    if opts["subtractMeanMode"] or opts["fftMode"] or opts["derivativeMode"] or opts["phasemapMode"]:
        return None
    if True in opts["logMode"] or not isinstance(opts["connect"], str):
        return None
    view_range = view.viewRect()
    count = len(x)
    if opts["autoDownsample"] and count > 1:  # as pyqtgraph works the factor out
        dx = float(x[-1] - x[0]) / (count - 1)
        width = view.width()
        if dx != 0.0 and width != 0.0:
            factor = max(1.0, abs(view_range.width() / dx / (width * opts["autoDownsampleFactor"])))
            if math.isfinite(factor) and int(factor) != 1:
                return None  # downsampled: pyqtgraph's way
    if opts["clipToView"] and not view.autoRangeEnabled()[0] and count > 1:
        first = min(max(bisect.bisect_left(x, view_range.left()) - 1, 0), count)
        last = min(max(bisect.bisect_left(x, view_range.right()) + 1, first), count)
        x, y = x[first:last], y[first:last]
    limit = opts["dynamicRangeLimit"]
    if limit is not None:  # data far taller than the view is clipped in height: pyqtgraph's way
        low, high = float(item._dataset.y.min()), float(item._dataset.y.max())
        height = view_range.height()
        if height > 0 and high >= view_range.top() and low <= view_range.bottom():
            if high - low > 2 * opts["dynamicRangeHyst"] * limit * height:
                return None
    item._adsLastValue = 1
    item._datasetMapped = item._dataset
    shown = item._datasetDisplay = PlotDataset(x, y, True, True, None)
    item.setProperty("xViewRangeWasChanged", False)
    item.setProperty("yViewRangeWasChanged", False)
    return shown


def fed_curve(plot: pg.PlotItem, **style) -> FedCurve:
    """``plot.plot(skipFiniteCheck=True, **style)``, as a FedCurve (its columns have no NaN)."""
    curve = FedCurve(skipFiniteCheck=True, **style)
    plot.addItem(curve)
    return curve
