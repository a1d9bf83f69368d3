"""The price chart's overlay of the account's risk on the shown asset: the entry line of the shown
perp's position, the estimated liquidation line (the standing one, or the order form's "after the
order" while the trader types), and a mark at every fill (▲ buy, ▼ sell) and liquidation (✕)."""

from __future__ import annotations

from decimal import Decimal

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QGraphicsItem

from ..models.trade_marks import StandingLines, TradeMark
from ..text.formatting import MINUS, price_at
from .common import LIQUIDATION, pg

ENTRY_LINE = "#8c6bc8"  # violet: apart from the mark's blue, the limit's green and liquidation's red
BUY_MARK = "#2e9e6b"
SELL_MARK = "#d08a1c"
FAR = 0.5  # a standing liquidation line further than this from the mark (a fraction) leaves the view's range
SYMBOLS = {"buy": ("t1", BUY_MARK, 11), "sell": ("t", SELL_MARK, 11), "liquidation": ("x", LIQUIDATION, 15)}


class RangeLine(pg.InfiniteLine):
    """A horizontal line the view's auto-range takes in only while ``in_range``: a liquidation price
    95 % below the mark would flatten the price curve to a line (the caption still gives it)."""

    in_range = True

    def dataBounds(self, axis, frac=1.0, orthoRange=None):
        return super().dataBounds(axis, frac, orthoRange) if self.in_range else None


class MarksScatter(pg.ScatterPlotItem):
    """The trade marks, whose bounding rect is kept while their data bounds and the view's transform
    hold: Qt asks for it at every paint of the plot (each tick's new point), and pyqtgraph worked it
    out each time through the device transform for its symbols' pixel padding. pyqtgraph drops the
    data bounds (a new ``bounds`` list) whenever the spots, their sizes or the view's transform
    change, and so the kept rect with them."""

    _kept: tuple | None = None  # (the data bounds it was worked out from, their symbols' width, the rect)

    def boundingRect(self):
        kept, bounds = self._kept, self.bounds
        if kept is not None and kept[0] is bounds and kept[1] == self._maxSpotPxWidth and None not in bounds:
            return kept[2]
        rect = super().boundingRect()
        self._kept = (self.bounds, self._maxSpotPxWidth, rect)
        return rect


class PositionOverlay:
    """Lines and marks added to ``plot``; ``places`` decimals in the labels."""

    def __init__(self, plot) -> None:
        self.plot = plot
        self.places = 2
        self.standing = StandingLines(None, None)
        self.after_order: Decimal | None = None  # the form's estimate while an order is typed
        self.marks: list[TradeMark] = []
        self.entry_line = pg.InfiniteLine(
            angle=0,
            movable=False,
            pen=pg.mkPen(ENTRY_LINE, width=1.5, style=Qt.PenStyle.DotLine),
            label="Entry",
            labelOpts={"position": 0.55, "color": ENTRY_LINE, "anchors": [(0, 0), (0, 1)]},
        )
        self.liquidation_line = RangeLine(
            angle=0,
            movable=False,
            pen=pg.mkPen(LIQUIDATION, width=2, style=Qt.PenStyle.DashLine),
            label="Est. liquidation",
            labelOpts={"position": 0.04, "color": LIQUIDATION, "anchors": [(0, 0), (0, 1)]},
        )
        self.scatter = MarksScatter(pxMode=True, hoverable=True, tip=self._tip)
        # kept as a pixmap until the marks or the view's range change: the curve's new point at each tick
        # repainted the marks under its rect (0.1-0.3 ms for a few symbols)
        self.scatter.setCacheMode(QGraphicsItem.CacheMode.DeviceCoordinateCache)
        for item in (self.entry_line, self.liquidation_line):
            item.hide()
            plot.addItem(item)  # in the bounds: the view stretches to show the lines
        # Out of the view's auto-range (the chart's running bounds take in the marks' times and prices):
        # a scatter's bounds carry its symbols' pixel padding, which widened the view at every
        # auto-range, and so both axes were worked out again at every tick.
        plot.addItem(self.scatter, ignoreBounds=True)

    def set_places(self, places: int) -> None:
        self.places = places

    @property
    def liquidation(self) -> Decimal | None:
        """The liquidation price drawn: the order's estimate while typed, else the standing one."""
        return self.after_order if self.after_order is not None else self.standing.liquidation

    def show_lines(self, standing: StandingLines | None = None, after_order: Decimal | None | bool = False) -> None:
        """New standing lines and/or a new estimate after the order (``False``: keep the one shown)."""
        if standing is not None:
            self.standing = standing
        if after_order is not False:
            self.after_order = after_order
        place(self.entry_line, self.standing.entry, f"Entry ({self.standing.side})", self.places)
        price, mark = self.liquidation, self.standing.mark
        # the order's estimate always stretches the view (the trader is looking at it); a far standing one not
        far = self.after_order is None and price is not None and mark and abs(float(price) / float(mark) - 1) > FAR
        if self.liquidation_line.in_range == bool(far):
            self.liquidation_line.in_range = not far
            self.liquidation_line.informViewBoundsChanged()
        words = "Est. liquidation after the order" if self.after_order is not None else "Est. liquidation"
        place(self.liquidation_line, price, words, self.places)

    def show_marks(self, marks: list[TradeMark]) -> None:
        self.marks = marks
        spots = []
        for mark in marks:
            symbol, colour, size = SYMBOLS[mark.kind]
            spots.append(
                {
                    "pos": (mark.time, mark.price),
                    "symbol": symbol,
                    "size": size,
                    "brush": pg.mkBrush(colour),
                    "pen": pg.mkPen(colour),
                    "data": mark.text,
                }
            )
        self.scatter.setData(spots)

    @staticmethod
    def _tip(x, y, data) -> str:
        return str(data)

    def caption_parts(self, mark: Decimal) -> list[str]:
        parts = []
        if self.standing.entry is not None:
            parts.append(f"entry ({self.standing.side}) {price_at(self.standing.entry, self.places)}")
        price = self.liquidation
        if price is not None and mark:
            move = float(price / mark - 1)
            words = "estimated liquidation after the order" if self.after_order is not None else "estimated liquidation"
            parts.append(
                f"{words} {price_at(price, self.places)} "
                f"({'+' if move >= 0 else ''}{move * 100:.1f} % from the mark)".replace("-", MINUS)
            )
        return parts


def place(line, price: Decimal | None, words: str = "", places: int = 2) -> None:
    """Show ``line`` at ``price`` labelled "words 150.08": the label's figure is the exact price in the
    desk's one format (``price_at``), not pyqtgraph's float formatting of the line's position."""
    if price is None:
        line.hide()
        return
    text = f"{words} {price_at(Decimal(price), places)}".replace("{", "{{").replace("}", "}}")
    if line.label.format != text:  # a new format lays the label out again: not at every tick for the same one
        line.label.setFormat(text)
    line.show()  # first: a hidden line's label does not follow its position
    line.setPos(float(price))  # a no-op at the same price
