"""A line fed whole float columns at every update.

``PlotDataItem.setData`` reads any shape of data, scans it for NaN and hands the drawn curve its whole
style again (pen, shadow, fill level, brush: each setter repaints and drops the curve's bounds), some
0.2 ms a call: four curves a tick on the margin chart. ``FedCurve.feed`` takes two finite float columns
and does only what new data needs: the same dataset, clipped to the view and downsampled by pyqtgraph's
own code, handed to the curve without its unchanged style. Style changes still go through pyqtgraph's
setters, which hand the curve its style themselves. The curve's bounds (asked for at each repaint after
new data) are then the plain low and high of finite data, without ``nanmin``'s warning guard."""

from __future__ import annotations

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


def fed_curve(plot: pg.PlotItem, **style) -> FedCurve:
    """``plot.plot(skipFiniteCheck=True, **style)``, as a FedCurve (its columns have no NaN)."""
    curve = FedCurve(skipFiniteCheck=True, **style)
    plot.addItem(curve)
    return curve
