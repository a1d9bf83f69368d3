"""Chart geometry over the margin chart's numpy columns: where net equity is below maintenance
margin (and its shading), and the nearest sample to a cursor."""

from __future__ import annotations

from .common import np, pg


def breach_area(
    time: np.ndarray, equity: np.ndarray, maintenance: np.ndarray
) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """The outline of every stretch where ``equity < maintenance``: (x, top = maintenance, bottom = equity),
    one run of points per stretch separated by NaN, each run starting and ending where the two lines
    cross (linearly interpolated between samples), so a fill between top and bottom shades exactly
    the area between the lines there. Empty arrays when equity never falls below maintenance."""
    gap = equity - maintenance
    below = gap < 0
    if not below.any():
        empty = np.empty(0)
        return empty, empty, empty
    inside = np.flatnonzero(below)
    # Transitions between sample i and i + 1: entering (i above, i+1 below) or leaving (i below, i+1 above).
    change = np.flatnonzero(below[:-1] != below[1:])
    fraction = gap[change] / (gap[change] - gap[change + 1])
    cross_x = time[change] + (time[change + 1] - time[change]) * fraction
    cross_y = maintenance[change] + (maintenance[change + 1] - maintenance[change]) * fraction
    leaving = below[change]
    # Order: sample i at key i, a crossing after sample i at i + 0.5, a break after a leaving crossing at i + 0.75.
    keys = np.concatenate([inside.astype(float), change + 0.5, change[leaving] + 0.75])
    xs = np.concatenate([time[inside], cross_x, np.full(leaving.sum(), np.nan)])
    tops = np.concatenate([maintenance[inside], cross_y, np.full(leaving.sum(), np.nan)])
    bottoms = np.concatenate([equity[inside], cross_y, np.full(leaving.sum(), np.nan)])
    order = np.argsort(keys, kind="stable")
    xs, tops, bottoms = xs[order], tops[order], bottoms[order]
    if np.isnan(xs[-1]):
        xs, tops, bottoms = xs[:-1], tops[:-1], bottoms[:-1]
    return xs, tops, bottoms


def thinned(xs: np.ndarray, *columns: np.ndarray, limit: int = 20_000) -> tuple[np.ndarray, ...]:
    """At most about ``limit`` points of a NaN-separated outline: every k-th point, and every run's
    first and last point and its break, so the runs stay where they are."""
    if len(xs) <= limit:
        return (xs, *columns)
    stride = -(-len(xs) // limit)
    gap = np.isnan(xs)
    keep = np.zeros(len(xs), dtype=bool)
    keep[::stride] = True
    keep[[0, -1]] = True
    keep |= gap
    keep[:-1] |= gap[1:]  # the last point of a run
    keep[1:] |= gap[:-1]  # the first point of a run
    return (xs[keep], *(column[keep] for column in columns))


def runs(xs: np.ndarray) -> list[tuple[float, float]]:
    """(first x, last x) of each NaN-separated run of ``xs``."""
    spans = []
    start = None
    previous = None
    for value in xs.tolist():
        if value != value:  # NaN: a break
            if start is not None:
                spans.append((start, previous))
            start = None
            continue
        if start is None:
            start = value
        previous = value
    if start is not None:
        spans.append((start, previous))
    return spans


def nearest_index(time: np.ndarray, x: float) -> int | None:
    """The index of the sample nearest to ``x`` (``time`` ascending), or None without samples. Of
    samples at the same time (a tick, then an action: a step), the last one: what the account is after."""
    if not len(time):
        return None
    right = int(np.searchsorted(time, x, side="right"))
    if right <= 0:
        return 0
    if right >= len(time):
        return len(time) - 1
    return right if time[right] - x < x - time[right - 1] else right - 1


def same_arrays(these: tuple[np.ndarray, ...], those: tuple[np.ndarray, ...]) -> bool:
    return len(these) == len(those) and all(
        a.shape == b.shape and np.array_equal(a, b, equal_nan=True) for a, b in zip(these, those)
    )


class BreachShading:
    """The solid shading between the lines wherever equity is below maintenance: two outline curves
    (not drawn themselves) and the fill between them. The outline is small (only the stretches below
    maintenance) and kept whole, so the fill stays exact at every zoom; it is set again only when it
    changed (the fill works its path out from both outlines at each change)."""

    def __init__(self, plot: pg.PlotItem, brush, z: float) -> None:
        self.top = pg.PlotCurveItem(connect="finite")
        self.bottom = pg.PlotCurveItem(connect="finite")
        self.fill = pg.FillBetweenItem(self.top, self.bottom, brush=brush)
        plot.addItem(self.fill)
        self.fill.setZValue(z)
        self._outline: tuple[np.ndarray, ...] = ()

    def draw(self, time: np.ndarray, equity: np.ndarray, maintenance: np.ndarray, new: int | None = None) -> bool:
        """Shade the stretches of these columns, ``new`` rows of them appended since the last draw (None:
        all may have changed, set anyway); whether the shading changed."""
        if new is not None and len(time) > new:
            # The outline comes from pairs of neighbouring rows with one below: appended rows all above,
            # after a row above, add no pair and leave it as it was (no look at a year of rows each tick).
            start = len(time) - new - 1
            if not (equity[start:] < maintenance[start:]).any():
                return False
        outline = thinned(*breach_area(time, equity, maintenance))
        if new is not None and same_arrays(outline, self._outline):
            return False
        self._outline = outline
        x, top, bottom = outline
        self.top.blockSignals(True)  # the fill follows once, when both outlines are set
        self.top.setData(x, top)
        self.top.blockSignals(False)
        self.bottom.setData(x, bottom)
        return True
