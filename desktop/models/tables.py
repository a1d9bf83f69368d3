"""Table models of the Spot view: markets, open orders, fills (Vorta's table-model style)."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QPersistentModelIndex, Qt

from ..engine import Event, OpenOrder
from ..text.formatting import signed_percent
from .accents import accent
from .desk import Desk

SortRole = Qt.ItemDataRole.UserRole + 1
RowObjectRole = Qt.ItemDataRole.UserRole + 2
RIGHT = int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)

Index = QModelIndex | QPersistentModelIndex


class RowTableModel(QAbstractTableModel):
    """Rows of plain objects; subclasses say how a row reads (``cell``) and sorts (``sort_key``)."""

    HEADERS: tuple[str, ...] = ()
    NUMERIC: frozenset[int] = frozenset()
    HEADER_TIPS: dict[int, str] = {}

    def __init__(self, parent=None) -> None:
        super().__init__(parent)
        self.rows: list[Any] = []

    def rowCount(self, parent: Index = QModelIndex()) -> int:
        return 0 if parent.isValid() else len(self.rows)

    def columnCount(self, parent: Index = QModelIndex()) -> int:
        return 0 if parent.isValid() else len(self.HEADERS)

    def headerData(self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole):
        if orientation == Qt.Orientation.Horizontal and 0 <= section < len(self.HEADERS):
            if role == Qt.ItemDataRole.DisplayRole:
                return self.HEADERS[section]
            if role == Qt.ItemDataRole.TextAlignmentRole and section in self.NUMERIC:
                return RIGHT
            if role == Qt.ItemDataRole.ToolTipRole:
                return self.HEADER_TIPS.get(section)
        return None

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole):
        if not index.isValid() or not (0 <= index.row() < len(self.rows)):
            return None
        row, column = self.rows[index.row()], index.column()
        if role == Qt.ItemDataRole.DisplayRole:
            return self.cell(row, column)
        if role == SortRole:
            return self.sort_key(row, column)
        if role == RowObjectRole:
            return row
        if role == Qt.ItemDataRole.TextAlignmentRole and column in self.NUMERIC:
            return RIGHT
        if role == Qt.ItemDataRole.AccessibleTextRole:
            return f"{self.HEADERS[column]}: {self.cell(row, column)}"
        return None

    def cell(self, row: Any, column: int) -> str:
        raise NotImplementedError

    def sort_key(self, row: Any, column: int) -> Any:
        return self.cell(row, column)

    def replace_rows(self, rows: list[Any]) -> None:
        self.beginResetModel()
        self.rows = rows
        self.endResetModel()


class DeskTableModel(RowTableModel):
    """A row model fed by the desk, idle while no view shows it."""

    def __init__(self, desk: Desk, parent=None) -> None:
        super().__init__(parent)
        self.desk = desk
        self.active = True  # False while no view shows it: updates wait until it is shown again
        self._stale = False

    def set_active(self, active: bool) -> None:
        self.active = active
        if active and self._stale:
            self._stale = False
            self.reload()

    def wants_update(self) -> bool:
        """For state-change slots: whether to update now (else marked stale for the next showing)."""
        if not self.active:
            self._stale = True
        return self.active

    def reload(self, *_args) -> None:
        raise NotImplementedError


class MarketsModel(DeskTableModel):
    """Spot markets: mark and change since the clock started (with an arrow, not colour alone)."""

    COL_MARKET, COL_MARK, COL_CHANGE = range(3)
    HEADERS = ("Market", "Mark", "Change since\nclock start")
    HEADER_TIPS = {COL_CHANGE: "How far the mark has moved since the clock started in this window: ▲ up, ▼ down"}
    NUMERIC = frozenset({COL_MARK, COL_CHANGE})

    def __init__(self, desk: Desk, parent=None) -> None:
        super().__init__(desk, parent)
        desk.accountChanged.connect(self.reload)
        desk.stateChanged.connect(self._on_state)
        self.reload()

    def reload(self, *_args) -> None:
        self.replace_rows(list(self.desk.parameters.markets.values()))

    def _on_state(self, reason: str) -> None:
        if reason == "tick" and self.rows:  # only the numbers moved
            self.dataChanged.emit(
                self.index(0, self.COL_MARK),
                self.index(len(self.rows) - 1, self.COL_CHANGE),
                [Qt.ItemDataRole.DisplayRole, SortRole],
            )

    def mark(self, market) -> Decimal:
        marks = self.desk.state.marks
        return marks[market.base] / marks[market.quote]

    def change(self, market) -> Decimal | None:
        start = self.desk.start_marks
        if market.base not in start:
            return None
        before = start[market.base] / start[market.quote]
        return self.mark(market) / before - 1

    def cell(self, market, column: int) -> str:
        if column == self.COL_MARKET:
            return f"{market.base}/{market.quote}"
        if column == self.COL_MARK:
            return self.desk.formats.price(market.symbol, self.mark(market))
        return signed_percent(self.change(market))

    def sort_key(self, market, column: int):
        if column == self.COL_MARKET:
            return market.symbol
        value = self.mark(market) if column == self.COL_MARK else self.change(market)
        return float(value or 0)

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole):
        if role == Qt.ItemDataRole.ForegroundRole and index.isValid() and index.column() == self.COL_CHANGE:
            change = self.change(self.rows[index.row()])
            if change and signed_percent(change) != "0.00 %":
                return accent("gain" if change > 0 else "loss")
            return None
        return super().data(index, role)


class OpenOrdersModel(DeskTableModel):
    COL_ID, COL_MARKET, COL_SIDE, COL_PRICE, COL_QUANTITY, COL_MARGIN, COL_LOCKED, COL_PENDING = range(8)
    HEADERS = ("Order", "Market", "Side", "Price", "Quantity", "Margin", "Locked", "To borrow")
    NUMERIC = frozenset({COL_PRICE, COL_QUANTITY, COL_LOCKED, COL_PENDING})

    def __init__(self, desk: Desk, parent=None) -> None:
        super().__init__(desk, parent)
        desk.stateChanged.connect(self.reload)
        self.reload()

    def reload(self, *_args) -> None:
        orders = list(self.desk.state.orders)
        if orders != self.rows:
            self.replace_rows(orders)

    def cell(self, order: OpenOrder, column: int) -> str:
        formats = self.desk.formats
        market = self.desk.parameters.markets[order.symbol]
        return [
            order.id,
            f"{market.base}/{market.quote}",
            "Buy" if order.side == "Bid" else "Sell",
            formats.price(order.symbol, order.price),
            formats.quantity(market.base, order.quantity),
            "Yes" if order.margin else "No",
            f"{formats.quantity(order.paying_asset, order.locked)} {order.paying_asset}",
            f"{formats.quantity(order.paying_asset, order.pending_borrow)} {order.paying_asset}",
        ][column]

    def sort_key(self, order: OpenOrder, column: int):
        numeric = {
            self.COL_ID: int(order.id),
            self.COL_PRICE: float(order.price),
            self.COL_QUANTITY: float(order.quantity),
            self.COL_LOCKED: float(order.locked),
            self.COL_PENDING: float(order.pending_borrow),
        }
        return numeric.get(column, self.cell(order, column))


class FillsModel(DeskTableModel):
    """The latest fills of the shown account, newest first."""

    LIMIT = 200
    COL_TIME, COL_MARKET, COL_SIDE, COL_PRICE, COL_QUANTITY, COL_FEE, COL_KIND = range(7)
    HEADERS = ("Time", "Market", "Side", "Price", "Quantity", "Fee", "Liquidity")
    NUMERIC = frozenset({COL_PRICE, COL_QUANTITY, COL_FEE})

    def __init__(self, desk: Desk, parent=None) -> None:
        super().__init__(desk, parent)
        desk.stateChanged.connect(self._on_state)
        self.reload()

    def _on_state(self, reason: str) -> None:
        if reason != "tick" or self.desk.touched("Fill"):
            self.reload()

    def reload(self, *_args) -> None:
        fills = self.desk.accounts.events(self.desk.name, ("Fill",), self.LIMIT)
        if [(e.order_id, e.time) for e in fills] != [(e.order_id, e.time) for e in self.rows]:
            self.replace_rows(fills)

    def cell(self, fill: Event, column: int) -> str:
        formats = self.desk.formats
        market = self.desk.parameters.markets[fill.symbol]
        return [
            fill.time.strftime("%Y-%m-%d %H:%M"),
            f"{market.base}/{market.quote}",
            "Buy" if fill.details.get("side") == "Bid" else "Sell",
            formats.price(fill.symbol, fill.price),
            formats.quantity(market.base, fill.quantity),
            f"{formats.quantity(market.quote, Decimal(str(fill.details.get('fee', '0'))))} {market.quote}",
            "Maker" if fill.reason == "maker" else "Taker",
        ][column]

    def sort_key(self, fill: Event, column: int):
        if column == self.COL_TIME:
            return fill.time.timestamp()
        if column in self.NUMERIC:
            return float(
                {self.COL_PRICE: fill.price, self.COL_QUANTITY: fill.quantity}.get(
                    column, Decimal(str(fill.details.get("fee", "0")))
                )
            )
        return self.cell(fill, column)
