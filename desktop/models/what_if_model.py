"""Table models of the what-if panel and the stress grid: liquidation points, and margin fractions
after shocks, each cell coloured by its distance to maintenance and saying it in words too."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QPersistentModelIndex, Qt
from PySide6.QtGui import QColor

from ..engine.what_if import LiquidationPoint, StressCell, StressGrid
from ..text.formatting import DASH, AssetFormats, grouped, percent, signed_percent, usd
from .tables import TOOLTIP, RowObjectRole, RowTableModel, SortRole

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


def distance_colour(cell: StressCell) -> QColor | None:
    """Red when liquidatable, amber below initial margin, then pale to deep green as the margin
    fraction moves away from maintenance; None without borrows."""
    zone = cell.zone
    if zone == "no-borrow":
        return None
    if zone == "liquidatable":
        return LIQUIDATABLE_COLOUR
    if zone == "below-initial":
        return BELOW_INITIAL_COLOUR
    share = float(min(cell.distance_to_maintenance / FAR_DISTANCE, Decimal(1)))
    mix = [round(a + (b - a) * share) for a, b in zip(NEAR_COLOUR.getRgb()[:3], FAR_COLOUR.getRgb()[:3])]
    return QColor(*mix)


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
        """New figures: cells change in place when the assets are the same, else the rows are replaced."""
        self.set_rows(list(points), (self.COL_MARK, self.COL_PRICE, self.COL_MOVE))


class StressGridModel(QAbstractTableModel):
    """Rows: shocks (−50 % … +50 %); columns: each asset held or borrowed, then all non-stable."""

    def __init__(self, parent=None) -> None:
        super().__init__(parent)
        self.grid: StressGrid | None = None
        self._looks: list[list[tuple[str, QColor | None]]] = []  # each cell's text and colour, worked out once

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
            return self._looks[index.row()][index.column()][1]
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

    def set_grid(self, grid: StressGrid) -> None:
        same_shape = self.grid is not None and grid.shocks == self.grid.shocks and grid.columns == self.grid.columns
        if same_shape:
            old, self.grid, self._looks = self._looks, grid, self._looks_of(grid)
            # Only the block of cells that read or colour otherwise is painted again: most of a tick's
            # cells keep their rounded figure (their tooltips are read anew when shown).
            changed = [
                (row, column)
                for row, (before, after) in enumerate(zip(old, self._looks))
                for column, (was, now) in enumerate(zip(before, after))
                if was != now
            ]
            if changed:
                rows, columns = [row for row, _ in changed], [column for _, column in changed]
                self.dataChanged.emit(self.index(min(rows), min(columns)), self.index(max(rows), max(columns)))
            return
        self.beginResetModel()
        self.grid, self._looks = grid, self._looks_of(grid)
        self.endResetModel()

    def _looks_of(self, grid: StressGrid) -> list[list[tuple[str, QColor | None]]]:
        return [[(self.text(cell), distance_colour(cell)) for cell in row] for row in grid.cells]
