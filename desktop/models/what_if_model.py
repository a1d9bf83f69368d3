"""Table models of the what-if panel and the stress grid: liquidation points, and margin fractions
after shocks, each cell coloured by its distance to maintenance and saying it in words too."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QPersistentModelIndex, Qt
from PySide6.QtGui import QColor

from ..engine.what_if import LiquidationPoint, StressCell, StressGrid
from ..text.formatting import DASH, AssetFormats, grouped, percent, signed_percent, usd
from .tables import ROLES_CHANGED, TOOLTIP, RowObjectRole, RowTableModel, SortRole

CellRole = RowObjectRole  # the LiquidationPoint or StressCell behind a cell
ZoneRole = Qt.ItemDataRole.UserRole + 3
RIGHT = int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
CENTRE = int(Qt.AlignmentFlag.AlignCenter)
Index = QModelIndex | QPersistentModelIndex

ZONE_WORDS = {
    "liquidatable": "liquidatable",
    "below-initial": "below initial margin",
    "healthy": "above initial margin",
    "no-borrow": "no borrow",
}
ZONE_MARKS = {"liquidatable": "✖ ", "below-initial": "! ", "healthy": "", "no-borrow": ""}
LIQUIDATABLE_COLOUR = QColor("#e0735f")
BELOW_INITIAL_COLOUR = QColor("#f0c75e")
NEAR_COLOUR = QColor("#dcebb0")  # just above initial margin
FAR_COLOUR = QColor("#8fd0a8")  # a margin fraction 50 points or more above maintenance
FAR_DISTANCE = Decimal("0.5")
CELL_TEXT = QColor("#1c2128")  # dark text on every cell colour, in light and dark themes alike
KEPT_COLOURS = 512  # cell colours kept as QColors (a green per distance: a few dozen in a session)


NEAR_RGB, FAR_RGB = NEAR_COLOUR.getRgb()[:3], FAR_COLOUR.getRgb()[:3]
ZONE_RGB = {"liquidatable": LIQUIDATABLE_COLOUR.rgb(), "below-initial": BELOW_INITIAL_COLOUR.rgb(), "no-borrow": None}
Look = tuple[str, int | None]  # a cell's text and its colour (0xAARRGGBB), as the grid shows them


def distance_rgb(cell: StressCell) -> int | None:
    """``distance_colour`` as a number, worked out without Qt (on the grid's worker too)."""
    zone = cell.zone
    if zone in ZONE_RGB:
        return ZONE_RGB[zone]
    share = float(min(cell.distance_to_maintenance / FAR_DISTANCE, Decimal(1)))
    red, green, blue = (round(a + (b - a) * share) for a, b in zip(NEAR_RGB, FAR_RGB))
    return 0xFF000000 | red << 16 | green << 8 | blue


def distance_colour(cell: StressCell) -> QColor | None:
    """Red when liquidatable, amber below initial margin, then pale to deep green as the margin
    fraction moves away from maintenance; None without borrows."""
    rgb = distance_rgb(cell)
    return None if rgb is None else QColor.fromRgb(rgb)


def grid_looks(grid: StressGrid) -> tuple[tuple[Look, ...], ...]:
    """Each cell's text and colour: plain Python, worked out with the grid (on its worker while the
    clock plays), compared on the GUI thread with what the grid shows."""
    text = StressGridModel.text
    return tuple(tuple((text(cell), distance_rgb(cell)) for cell in row) for row in grid.cells)


def same_figure(before: Decimal | None, after: Decimal | None) -> bool:
    """Whether ``after`` reads as ``before`` did: equal, and a zero of the same sign (−0 writes a minus)."""
    return before == after and (before is None or after is None or before.is_signed() == after.is_signed())


def shock_text(shock: Decimal) -> str:
    return "0 %" if not shock else f"{'+' if shock > 0 else '−'}{grouped(abs(shock), 0)} %"


class LiquidationTableModel(RowTableModel):
    """One row per asset held or borrowed: its (what-if) mark, liquidation price, and the move to it."""

    COL_ASSET, COL_MARK, COL_PRICE, COL_MOVE = range(4)
    HEADERS = ("Asset", "Mark", "Liquidation price", "Move to it")
    NUMERIC = frozenset({COL_MARK, COL_PRICE, COL_MOVE})

    def __init__(self, formats: AssetFormats, parent=None) -> None:
        super().__init__(parent)
        self.formats = formats
        self._formats_read: AssetFormats | None = None  # the formats the kept texts were written in

    @property
    def points(self) -> tuple[LiquidationPoint, ...]:
        return tuple(self.rows)

    ROLES = RowTableModel.ROLES | {TOOLTIP}

    def extra(self, point: LiquidationPoint, column: int, role: int) -> Any:
        if role == TOOLTIP and column in (self.COL_PRICE, self.COL_MOVE) and point.price is None:
            return (
                f"Moving {point.symbol} alone does not make the account liquidatable (searched as far as "
                f"a thousandth and a thousandfold of its mark)."
            )
        return None

    def sort_key(self, point: LiquidationPoint, column: int):
        return (point.symbol, point.mark, point.price, point.move)[column]

    def cell(self, point: LiquidationPoint, column: int) -> str:
        if column == self.COL_ASSET:
            return point.symbol
        if column == self.COL_MARK:
            return self.formats.price(point.symbol, point.mark)
        if column == self.COL_PRICE:
            return "none" if point.price is None else self.formats.price(point.symbol, point.price)
        if point.price is None:
            return DASH
        return "liquidatable now" if not point.move else signed_percent(point.move)

    def key(self, point: LiquidationPoint) -> str:
        return point.symbol

    def set_points(self, points: tuple[LiquidationPoint, ...]) -> None:
        """New figures: cells change in place when the assets are the same, else the rows are replaced.

        In place, only the cells shown before whose figure moved are formatted again (``set_rows`` formatted
        every row's three figures at each tick, 0.4 ms, for a table showing a few of them); a cell never
        asked for is formatted when it is."""
        rows = list(points)
        old = self.rows
        if self._formats_read is not self.formats or not rows or [p.symbol for p in rows] != [p.symbol for p in old]:
            self._formats_read = self.formats
            self.set_rows(rows, (self.COL_MARK, self.COL_PRICE, self.COL_MOVE))
            return
        self.adopt(rows)
        texts, changed = self._texts, {}
        for number, (was, now) in enumerate(zip(old, rows)):
            if was is now:
                continue
            price_moved = not same_figure(was.price, now.price)
            for column, moved in (
                (self.COL_MARK, not same_figure(was.mark, now.mark)),
                (self.COL_PRICE, price_moved),
                (self.COL_MOVE, price_moved or not same_figure(was.move, now.move)),
            ):
                if not moved:
                    continue
                shown = texts.pop((number, column), None)
                if shown is not None and self.display(number, column) != shown:
                    changed.setdefault(column, []).append(number)
        for column in sorted(changed):  # as ``set_rows`` tells them: column by column, each cell alone
            for number in changed[column]:
                cell = self.cell_index(number, column)
                self.dataChanged.emit(cell, cell, ROLES_CHANGED)
            longest = max(len(texts[(number, column)]) for number in changed[column])
            if longest > self._widest.get(column, longest):
                self.widened.emit(column)
            self._widest[column] = max(self._widest.get(column, 0), longest)


class StressGridModel(QAbstractTableModel):
    """Rows: shocks (−50 % … +50 %); columns: each asset held or borrowed, then all non-stable."""

    # Also on the class: when the collector clears a dropped grid's attributes while Qt still holds
    # the model (tests run with collection at teardown), a late header paint reads an empty grid.
    grid: StressGrid | None = None
    _looks: tuple = ()

    def __init__(self, parent=None) -> None:
        super().__init__(parent)
        self.grid: StressGrid | None = None
        self._looks: tuple[tuple[Look, ...], ...] = ()  # each cell's text and colour, worked out once a grid
        self._colours: dict[int, QColor] = {}

    def rowCount(self, parent: Index = QModelIndex()) -> int:
        return 0 if parent.isValid() or self.grid is None else len(self.grid.shocks)

    def columnCount(self, parent: Index = QModelIndex()) -> int:
        return 0 if parent.isValid() or self.grid is None else len(self.grid.columns)

    def headerData(self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole):
        if self.grid is None or role != Qt.ItemDataRole.DisplayRole:
            return None
        if orientation == Qt.Orientation.Horizontal and 0 <= section < len(self.grid.columns):
            return self.grid.columns[section]
        if orientation == Qt.Orientation.Vertical and 0 <= section < len(self.grid.shocks):
            return shock_text(self.grid.shocks[section])
        return None

    def cell_at(self, index: Index) -> StressCell | None:
        if self.grid is None or not index.isValid():
            return None
        if not (0 <= index.row() < len(self.grid.shocks) and 0 <= index.column() < len(self.grid.columns)):
            return None
        return self.grid.cells[index.row()][index.column()]

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        cell = self.cell_at(index)
        if cell is None:
            return None
        if role == Qt.ItemDataRole.DisplayRole:
            return self._looks[index.row()][index.column()][0]
        if role == CellRole:
            return cell
        if role == ZoneRole:
            return cell.zone
        if role == SortRole:
            return cell.margin_fraction
        if role == Qt.ItemDataRole.BackgroundRole:
            return self.colour(self._looks[index.row()][index.column()][1])
        if role == Qt.ItemDataRole.ForegroundRole:
            return CELL_TEXT if self._looks[index.row()][index.column()][1] is not None else None
        if role == Qt.ItemDataRole.TextAlignmentRole:
            return CENTRE
        if role in (Qt.ItemDataRole.ToolTipRole, Qt.ItemDataRole.AccessibleTextRole):
            return self.sentence(cell)
        return None

    @staticmethod
    def text(cell: StressCell) -> str:
        if cell.margin_fraction is None:
            return "no borrow"
        return f"{ZONE_MARKS[cell.zone]}{percent(cell.margin_fraction, 1)}"

    @staticmethod
    def sentence(cell: StressCell) -> str:
        what = "all non-stable assets" if cell.column == "All non-stable" else cell.column
        valuation = cell.valuation
        head = f"{what} {shock_text(cell.shock)}: "
        if cell.margin_fraction is None:
            return head + f"no borrow; net equity {usd(valuation.net_equity)} USD."
        return (
            head + f"margin fraction {percent(cell.margin_fraction)}, maintenance {percent(valuation.mmf)} "
            f"({grouped(cell.distance_to_maintenance * 100, 2)} points above it); net equity "
            f"{usd(valuation.net_equity)} USD, maintenance margin {usd(valuation.maintenance_margin)} USD — "
            f"{ZONE_WORDS[cell.zone]}."
        )

    def look(self, row: int, column: int) -> Look:
        """The cell's text and colour as shown (its delegate paints from these)."""
        return self._looks[row][column]

    def colour(self, rgb: int | None) -> QColor | None:
        """The cell colour ``rgb`` names, one QColor kept per colour."""
        if rgb is None:
            return None
        colour = self._colours.get(rgb)
        if colour is None:
            if len(self._colours) >= KEPT_COLOURS:
                self._colours.clear()
            colour = self._colours[rgb] = QColor.fromRgb(rgb)
        return colour

    def set_grid(self, grid: StressGrid, looks: tuple[tuple[Look, ...], ...] | None = None) -> tuple:
        """``looks``: the grid's ``grid_looks`` when the worker worked them out with it. Returns the grid
        and looks replaced, for the caller to let go of where it likes (a grid is many records)."""
        if looks is None:
            looks = grid_looks(grid)
        replaced = (self.grid, self._looks)
        same_shape = self.grid is not None and grid.shocks == self.grid.shocks and grid.columns == self.grid.columns
        if same_shape:
            old, self.grid, self._looks = self._looks, grid, looks
            # Only cells that read or colour otherwise are painted again (texts and colours compared as
            # plain strings and numbers; tooltips are read anew when shown): each row's first to last
            # changed cell, consecutive rows with the same span in one signal (a moving account: one).
            spans = []  # [first row, last row, first column, last column]
            for row, (before, after) in enumerate(zip(old, looks)):
                if before == after:
                    continue
                changed = [column for column, (was, now) in enumerate(zip(before, after)) if was != now]
                first, last = changed[0], changed[-1]
                if spans and spans[-1][1] == row - 1 and spans[-1][2:] == [first, last]:
                    spans[-1][1] = row
                else:
                    spans.append([row, row, first, last])
            for top, bottom, left, right in spans:
                self.dataChanged.emit(self.index(top, left), self.index(bottom, right))
            return replaced
        self.beginResetModel()
        self.grid, self._looks = grid, looks
        self.endResetModel()
        return replaced
