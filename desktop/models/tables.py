"""Table models (Vorta's table-model style): rows of plain values fed in with ``set_rows``, raw values
for sorting, and in-place updates that repaint only the columns that moved. The Spot view's markets,
markets are here (open orders and fills: order_tables.py); each can be fed rows without a session, as
the model tests do.
"""

from __future__ import annotations

from collections.abc import Callable, Hashable, Iterable
from dataclasses import dataclass
from decimal import Decimal
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QPersistentModelIndex, Qt, Signal
from PySide6.QtGui import QColor, QGuiApplication

from ..text.formatting import AssetFormats, signed_percent
from .accents import accent
from .change import Change

if TYPE_CHECKING:
    from ..engine import MarginParameters
    from .session import Session

SortRole = Qt.ItemDataRole.UserRole + 1
RowObjectRole = Qt.ItemDataRole.UserRole + 2
RIGHT = int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)

# Roles as plain ints: a view asks ``data()`` some ten roles per painted cell, most of which a row
# model does not answer, and comparing ints is what keeps a repaint of the Portfolio within a tick.
DISPLAY = int(Qt.ItemDataRole.DisplayRole)
ALIGNMENT = int(Qt.ItemDataRole.TextAlignmentRole)
ACCESSIBLE = int(Qt.ItemDataRole.AccessibleTextRole)
FOREGROUND = int(Qt.ItemDataRole.ForegroundRole)
TOOLTIP = int(Qt.ItemDataRole.ToolTipRole)
SORT = int(SortRole)
ROW_OBJECT = int(RowObjectRole)

Index = QModelIndex | QPersistentModelIndex
_ACCENTS: dict[tuple[int, str], QColor] = {}  # (the application palette's key, name) → colour


def shown_accent(name: str) -> QColor:
    """``accent(name)`` for the palette shown, made once per palette: a cell repainted each tick asks
    for its colour each time (reading the theme and parsing the colour was a sixth of its cost)."""
    key = (QGuiApplication.palette().cacheKey(), name)
    colour = _ACCENTS.get(key)
    if colour is None:
        if len(_ACCENTS) > 64:  # themes switched back and forth: the old palettes' colours go
            _ACCENTS.clear()
        colour = _ACCENTS[key] = accent(name)
    return colour


ROLES_CHANGED = [DISPLAY, SORT, ACCESSIBLE]  # what a cell's new text changes
SEPARATE_CELLS = 40  # up to this many changed cells in a column are each told apart (see ``set_rows``)


class RowTableModel(QAbstractTableModel):
    """Rows of plain objects; subclasses say how a row reads (``cell``), sorts (``sort_key``) and
    which row it is (``key``: rows with the same keys in the same order are updated in place).

    Each cell's text is formatted once per change and kept: a repaint and a column fit read it."""

    HEADERS: tuple[str, ...] = ()
    NUMERIC: frozenset[int] = frozenset()
    HEADER_TIPS: dict[int, str] = {}
    ROLES = frozenset({DISPLAY, SORT, ROW_OBJECT, ALIGNMENT, ACCESSIBLE})  # the roles ``data()`` answers
    widened = Signal(int)  # a column's longest text grew in place: a view fits that column again

    def __init__(self, parent=None) -> None:
        super().__init__(parent)
        self.rows: list[Any] = []
        self._texts: dict[tuple[int, int], str] = {}  # (row number, column) → the cell's text
        self._widest: dict[int, int] = {}  # column → its longest text (characters) since the rows were set
        self._indexes: dict[tuple[int, int], QModelIndex] = {}  # see cell_index
        # The one view showing the rows may say, once per change, how to tell whether a changed cell
        # already shows what painting it again would ((row number, column) → bool; None: it cannot
        # say now): such a cell is not told of (``_tell_moved``, ``set_rows``).
        self.shown_already: Callable[[], Callable[[int, int], bool] | None] | None = None

    def rowCount(self, parent: Index = QModelIndex()) -> int:
        return 0 if parent.isValid() else len(self.rows)

    def columnCount(self, parent: Index = QModelIndex()) -> int:
        return 0 if parent.isValid() else len(self.HEADERS)

    def index(self, row: int, column: int, parent: Index = QModelIndex()) -> QModelIndex:
        """As QAbstractTableModel's, in one call: the sort proxy maps each painted cell to this model
        through ``index()``, whose check in C++ asked rowCount and columnCount back in Python."""
        if parent.isValid() or not (0 <= row < len(self.rows) and 0 <= column < len(self.HEADERS)):
            return QModelIndex()
        return self.cell_index(row, column)

    def headerData(self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole):
        if orientation == Qt.Orientation.Horizontal and 0 <= section < len(self.HEADERS):
            if role == Qt.ItemDataRole.DisplayRole:
                return self.HEADERS[section]
            if role == Qt.ItemDataRole.TextAlignmentRole and section in self.NUMERIC:
                return RIGHT
            if role == Qt.ItemDataRole.ToolTipRole:
                return self.HEADER_TIPS.get(section)
        return None

    def data(self, index: Index, role: int = DISPLAY):
        if role not in self.ROLES:
            return None
        number = index.row()
        if not (0 <= number < len(self.rows)) or not index.isValid():
            return None
        column = index.column()
        if role == DISPLAY:
            return self.display(number, column)
        if role == ALIGNMENT:
            return RIGHT if column in self.NUMERIC else None
        row = self.rows[number]
        if role == SORT:
            return self.sort_key(row, column)
        if role == ROW_OBJECT:
            return row
        if role == ACCESSIBLE and self.HEADERS[column]:  # a row's button (no header) says what it does in extra()
            return f"{self.HEADERS[column]}: {self.display(number, column)}"
        return self.extra(row, column, role)

    def multiData(self, index: Index, roles) -> None:
        """Every role a painted cell asks for, in one call (``data()`` would be called once a role)."""
        number = index.row()
        valid = 0 <= number < len(self.rows) and index.isValid()
        for item in roles:
            role = item.role()
            if not valid or role not in self.ROLES:
                item.clearData()
            elif role == DISPLAY:
                item.setData(self.display(number, index.column()))
            else:
                item.setData(self.data(index, role))

    def display(self, number: int, column: int) -> str:
        """Row ``number``'s text in ``column`` (formatted once until the row changes)."""
        text = self._texts.get((number, column))
        if text is None:
            text = self._texts[(number, column)] = self.cell(self.rows[number], column)
        return text

    def extra(self, row: Any, column: int, role: int):
        """Answers to the roles a subclass adds to ``ROLES``."""
        return None

    def cell(self, row: Any, column: int) -> str:
        raise NotImplementedError

    def sort_key(self, row: Any, column: int) -> Any:
        return self.cell(row, column)

    def key(self, row: Any) -> Hashable:
        return row

    def adopt(self, rows: list[Any]) -> None:
        """Take ``rows`` as the model's rows (subclasses keeping more than the rows swap it here too)."""
        self.rows = rows

    def adopt_kept(self, rows: list[Any], columns: Iterable[int]) -> set[tuple[int, int]]:
        """``adopt`` the same rows anew, saying which of their cells in ``columns`` read as before (their
        text is kept, not formatted again): none by default."""
        self.adopt(rows)
        return set()

    def replace_rows(self, rows: list[Any]) -> None:
        """Every row replaced (a reset: selection and scroll position are lost)."""
        self.beginResetModel()
        self.adopt(rows)
        self._texts, self._widest = {}, {}
        self.endResetModel()

    def cell_index(self, number: int, column: int) -> QModelIndex:
        """The index of a cell in range, made once and kept (a table's cells have no parent and no
        pointer, so an index stays right while the model lives): a tick tells of the same cells again,
        and ``index()`` asked rowCount and columnCount back in Python and made a new index each time."""
        found = self._indexes.get((number, column))
        if found is None:
            found = self._indexes[(number, column)] = self.createIndex(number, column)
        return found

    def set_rows(self, rows: list[Any], columns: Iterable[int] | None = None) -> None:
        """New rows: the same rows (by key) are updated in place, looking at ``columns`` only (all by
        default) and repainting the cells whose text changed; other rows replace the old ones."""
        if not rows or [self.key(row) for row in rows] != [self.key(row) for row in self.rows]:
            if rows or self.rows:
                self.replace_rows(rows)
            return
        shown = sorted(columns) if columns is not None else range(len(self.HEADERS))
        count = len(rows)
        old = self._texts
        if len(old) == count * len(self.HEADERS):  # every cell read before: only the moved ones looked at
            moved = self.adopt_moved(rows, shown)
            if moved is not None:
                self._tell_moved(moved)
                return
        for column in shown:  # every shown cell's text as it was (a cell never asked for is formatted now)
            for number in range(count):
                if (number, column) not in old:
                    self.display(number, column)
        kept = self.adopt_kept(rows, shown)
        looked = set(shown)
        self._texts = {cell: text for cell, text in old.items() if cell[1] not in looked or cell in kept}
        display = self.display
        cell_index = self.cell_index
        asked = self.shown_already() if self.shown_already is not None else None  # (see ``_tell_moved``)
        for column in shown:
            changed = [
                number
                for number in range(count)
                if (number, column) not in kept and display(number, column) != old[(number, column)]
            ]
            if not changed:
                continue
            # Each cell told apart: for a range Qt repaints a rectangle a pixel too wide and too tall,
            # so the column to its right and the row below are painted again as well (half a tick's
            # cells on Positions); a cell alone is repainted alone. Many cells: one range is cheaper.
            told = changed if asked is None else [number for number in changed if not asked(number, column)]
            if len(told) > SEPARATE_CELLS:
                changed_ranges = [(told[0], told[-1])]
            else:
                changed_ranges = [(number, number) for number in told]
            for first, last in changed_ranges:
                self.dataChanged.emit(cell_index(first, column), cell_index(last, column), ROLES_CHANGED)
            widest = self._widest.get(column) or max(len(old[(number, column)]) for number in range(count))
            self._tell_wider(column, widest, changed)

    def adopt_moved(self, rows: list[Any], columns: Iterable[int]) -> list[tuple[int, int]] | None:
        """``adopt`` the same rows anew, saying which of their cells in ``columns`` may read otherwise
        (each column's cells in row order), or None to have every cell compared (the default)."""
        return None

    def _tell_moved(self, moved: list[tuple[int, int]]) -> None:
        """The cells ``moved`` formatted again; those whose text changed are repainted (as ``set_rows``)."""
        texts, cell = self._texts, self.cell
        rows = self.rows
        changed: dict[int, list[int]] = {}
        before: dict[tuple[int, int], str] = {}
        for number, column in moved:
            was = texts[(number, column)]
            now = texts[(number, column)] = cell(rows[number], column)
            if now != was:
                changed.setdefault(column, []).append(number)
                before[(number, column)] = was
        cell_index = self.cell_index
        asked = self.shown_already() if self.shown_already is not None and changed else None
        for column in sorted(changed):  # as ``set_rows`` tells them: column by column
            numbers = changed[column]
            told = numbers if asked is None else [number for number in numbers if not asked(number, column)]
            ranges = [(told[0], told[-1])] if len(told) > SEPARATE_CELLS else [(n, n) for n in told]
            for first, last in ranges:
                self.dataChanged.emit(cell_index(first, column), cell_index(last, column), ROLES_CHANGED)
            widest = self._widest.get(column) or max(
                len(before.get((number, column), texts[(number, column)])) for number in range(len(rows))
            )
            self._tell_wider(column, widest, numbers)

    def _tell_wider(self, column: int, widest: int, changed: list[int]) -> None:
        """The column's longest text kept; a view told when ``changed`` rows made it longer than ``widest``."""
        longest = max(len(self.display(number, column)) for number in changed)
        self._widest[column] = max(widest, longest)
        if longest > widest:
            self.widened.emit(column)


class SessionTableModel(RowTableModel):
    """A row model fed by the open account's session: it reads its rows again for the changes it
    shows (``shows``), and only while a view shows it; changes met while hidden are caught up once
    the view is shown again. Without a session it is fed with ``set_rows`` alone."""

    # Rows that change rarely and cheaply (orders, fills) follow even while hidden, so what a tab
    # holds is current the moment it is looked at; the rest wait for a showing.
    FOLLOW_WHILE_HIDDEN = False

    def __init__(self, session: Session | None = None, parent=None) -> None:
        super().__init__(parent)
        self.session = session
        self.formats: AssetFormats | None = session.formats if session is not None else None
        self.active = True  # False while no view shows it
        self._missed: Change | None = None
        if session is not None:
            session.changed.connect(self._on_change)

    def set_active(self, active: bool) -> None:
        self.active = active
        if active and self._missed is not None:
            missed, self._missed = self._missed, None
            self.follow(missed)

    def _on_change(self, change: Change) -> None:
        if not self.shows(change):
            return
        if self.active or self.FOLLOW_WHILE_HIDDEN:
            self.follow(change)
        else:
            self._missed = change if self._missed is None else self._missed | change

    def shows(self, change: Change) -> bool:
        """Whether ``change`` moves anything this table shows."""
        raise NotImplementedError

    def follow(self, change: Change) -> None:
        """Bring the rows up to date after ``change``."""
        if change.opened:
            self.formats = self.session.formats
        self.reload()

    def reload(self) -> None:
        raise NotImplementedError


@dataclass(frozen=True, slots=True)
class MarketRow:
    symbol: str  # SOL_USDC
    base: str
    quote: str
    mark: Decimal  # in the quote asset
    change: Decimal | None  # since the account was opened


def market_rows(parameters: MarginParameters, marks, start_marks) -> list[MarketRow]:
    rows = []
    for market in parameters.markets.values():
        mark = marks[market.base] / marks[market.quote]
        change = None
        if market.base in start_marks:
            change = mark / (start_marks[market.base] / start_marks[market.quote]) - 1
        rows.append(MarketRow(market.symbol, market.base, market.quote, mark, change))
    return rows


class MarketsModel(SessionTableModel):
    """Spot markets: mark and change since the account was opened (with an arrow, not colour alone)."""

    COL_MARKET, COL_MARK, COL_CHANGE = range(3)
    HEADERS = ("Market", "Mark", "Change since\nclock start")
    HEADER_TIPS = {COL_CHANGE: "How far the mark has moved since the clock started in this window: ▲ up, ▼ down"}
    NUMERIC = frozenset({COL_MARK, COL_CHANGE})

    def __init__(self, session: Session | None = None, parent=None) -> None:
        super().__init__(session, parent)
        if session is not None:
            self.reload()

    def shows(self, change: Change) -> bool:
        return bool(change.opened or change.marks)

    def reload(self) -> None:
        session = self.session
        self.set_rows(market_rows(session.parameters, session.state.marks, session.start_marks), self.NUMERIC)

    def key(self, row: MarketRow) -> str:
        return row.symbol

    def cell(self, row: MarketRow, column: int) -> str:
        if column == self.COL_MARKET:
            return f"{row.base}/{row.quote}"
        if column == self.COL_MARK:
            return self.formats.price(row.symbol, row.mark)
        return signed_percent(row.change)

    def sort_key(self, row: MarketRow, column: int):
        if column == self.COL_MARKET:
            return row.symbol
        return float((row.mark if column == self.COL_MARK else row.change) or 0)

    ROLES = RowTableModel.ROLES | {FOREGROUND}

    def extra(self, row: MarketRow, column: int, role: int):
        if role == FOREGROUND and column == self.COL_CHANGE and row.change:
            if signed_percent(row.change) == "0.00 %":
                return None  # no arrow, no colour
            return shown_accent("gain" if row.change > 0 else "loss")  # 4.5:1 on the shown theme
        return None
