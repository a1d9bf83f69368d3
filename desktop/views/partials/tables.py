"""The table every view uses: sortable through a proxy, rows selected whole, Tab leaving it (the
arrow keys move inside), columns fitted to the first rows and to the table's width, and a model told
when it is on screen.

Columns are fitted when rows come or go, when the table is shown or resized, and when the model says
a value outgrew its column — not on every tick: a header in ResizeToContents mode measures every
cell of every column again on each ``dataChanged`` (Lend and Portfolio spent most of their 10–17 ms
a tick there). Each column is as wide as its content plus a share of the room left; when they do not
all fit, the headers wider than their cells give up their excess first (the tooltip names the
column), then each column the same share (text elided) rather than hiding behind a horizontal scroll.
"""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import QSortFilterProxyModel, Qt, QTimer
from PySide6.QtGui import QAccessible
from PySide6.QtWidgets import QAbstractItemView, QHeaderView, QTableView

from ...models.tables import SortRole
from .desk_style import plain_fusion_for
from .table_grid import GridTableView
from .text_cells import TextCellDelegate

FIT_ROWS = 40
MIN_COLUMN = 36  # px: no fitted column narrower (its text elided, whole in the tooltip)
SORT_ARROW_ROOM = 22  # px of a header's size hint kept for the sort arrow, which shows only on the sorted column


class ModelTableView(GridTableView):
    """A table that tells its model when it is on screen, so hidden tables cost nothing per tick, and
    fits its columns to its width (``fits_columns``; else each column to its content)."""

    fits_columns = True

    def __init__(self, parent=None) -> None:
        super().__init__(parent)
        self._fit_pending = True
        self._fit_later = QTimer(self)  # a child: it dies with the table
        self._fit_later.setSingleShot(True)
        self._fit_later.setInterval(0)
        self._fit_later.timeout.connect(self.fit_columns)

    def setModel(self, model) -> None:
        super().setModel(model)
        for signal in (model.modelReset, model.rowsRemoved):
            signal.connect(self._rows_changed)
        model.layoutChanged.connect(self._rows_sorted)
        model.rowsInserted.connect(self._rows_inserted)
        source = self.source_model()
        if hasattr(source, "widened"):
            source.widened.connect(self._widened)
        # Not on screen until shown: a table in a tab or a view never opened gets no hide event, so
        # its model would otherwise follow every tick unseen.
        self.set_model_active(self.isVisible())

    def source_model(self):
        model = self.model()
        return model.sourceModel() if hasattr(model, "sourceModel") else model

    def set_model_active(self, active: bool) -> None:
        source = self.source_model()
        if hasattr(source, "set_active"):
            source.set_active(active)

    def paintEvent(self, event) -> None:
        delegate = self.itemDelegate()
        if not isinstance(delegate, TextCellDelegate):
            super().paintEvent(event)
            return
        delegate.begin_paint(self)
        try:
            super().paintEvent(event)  # the cells, then the grid where the area holds it (``GridTableView``)
        finally:
            delegate.end_paint()

    def showEvent(self, event) -> None:
        self.set_model_active(True)
        super().showEvent(event)
        self.request_fit()  # the width may have changed while it was hidden

    def hideEvent(self, event) -> None:
        self.set_model_active(False)
        super().hideEvent(event)

    def resizeEvent(self, event) -> None:
        super().resizeEvent(event)
        if self.fits_columns:
            self.fit_columns()

    def request_fit(self) -> None:
        """Fit once the current events are done (several requests in a row fit once)."""
        self._fit_later.start()

    def fit_columns(self) -> None:
        if not self.isVisible():
            self._fit_pending = True  # fitted when shown
            return
        self._fit_pending = False
        if not self.fits_columns:  # each column to its content, the last taking the room left
            header = self.horizontalHeader()
            for column in range(header.count()):
                # a stretched column takes the room left, never its content's width: sized to its longest
                # text, History's explanation ran past the edge at 1024 px and the table scrolled sideways
                if header.sectionResizeMode(column) != QHeaderView.ResizeMode.Stretch:
                    self.resizeColumnToContents(column)
            return
        header = self.horizontalHeader()
        count, room = header.count(), self.viewport().width()
        if not count or room <= 0:
            return
        # What ResizeToContents would give each column: the wider of its header and its first rows.
        content = [self.sizeHintForColumn(i) + 2 for i in range(count)]
        wanted = [max(header.sectionSizeHint(i) + 2, content[i]) for i in range(count)]
        header.setStretchLastSection(False)
        total = sum(wanted)
        if total <= room:  # room to spare: shared out, so no column stands alone at the far right
            extra = (room - total) // count
            widths = [w + extra for w in wanted]
        elif sum(content) < room:  # headers wider than their cells give up their excess first:
            # the room kept for the sort arrow, then (if still short) the rest down to the cells
            floors = [min(w, max(c, w - SORT_ARROW_ROOM)) for w, c in zip(wanted, content)]
            lower = floors if sum(floors) <= room else content
            upper = wanted if lower is floors else floors
            spare = [u - low for u, low in zip(upper, lower)]
            cut = (sum(upper) - room) / max(1, sum(spare))
            widths = [int(u - s * cut) for u, s in zip(upper, spare)]
        else:  # too narrow: headers cut to their cells, then every column gives up the same share
            widths = [
                max(MIN_COLUMN, int(c * room / sum(content))) for c in content
            ]  # (text elided, whole in the tooltip)
        over = sum(widths[:-1]) + MIN_COLUMN - room
        if over > 0:  # the last column's floor comes out of the others, or the table scrolls sideways
            widths = given_up(widths[:-1], over) + widths[-1:]
        widths[-1] = max(MIN_COLUMN, room - sum(widths[:-1]))
        for section, width in enumerate(widths):
            if header.sectionSize(section) != width:
                header.resizeSection(section, width)

    def _rows_changed(self, *_args) -> None:
        if self.isVisible():
            self.request_fit()
        else:
            self._fit_pending = True

    def _rows_sorted(self, *_args) -> None:
        # Sorted on a column that moves (PnL), the proxy sorts again at each tick: the columns were
        # fitted to every row, in whatever order (6 ms a tick); more rows than are measured may
        # bring others to the top.
        if self.model().rowCount() > FIT_ROWS:
            self._rows_changed()

    def _rows_inserted(self, *_args) -> None:
        # Columns sized to their content (History) hear of wider rows through ``widened``: fitting
        # every column to hundreds of rows at each inserted event was most of a tick.
        if self.fits_columns:
            self._rows_changed()

    def _widened(self, column: int) -> None:
        header = self.horizontalHeader()
        if not self.isVisible():
            self._fit_pending = True
        elif self.fits_columns:
            self.request_fit()
        elif header.sectionResizeMode(column) == QHeaderView.ResizeMode.Interactive and not (
            header.stretchLastSection() and column == header.count() - 1
        ):
            self.resizeColumnToContents(column)


class FiguresTableView(ModelTableView):
    """A table of figures that move at each tick (Positions, Borrows, Lends): a cell whose text changed
    but reads as it did in its column ("1,51…" for 1,512 and 1,514) is not painted again — a narrow
    Positions panel repainted some 9 of its 21 changed cells a tick for the same pixels. Its model
    asks before it tells of a changed cell (``RowTableModel.shown_already``)."""

    def setModel(self, model) -> None:
        super().setModel(model)
        source = self.source_model()
        if hasattr(source, "shown_already"):
            source.shown_already = self.shows_already
            self.destroyed.connect(lambda *_args: setattr(source, "shown_already", None))

    def shows_already(self) -> Callable[[int, int], bool] | None:
        """How to tell whether the cell of the model's row ``number`` already shows its text in
        ``column``, for the cells one change moved; None: every cell is to be told of."""
        if QAccessible.isActive():  # a screen reader hears of every change
            return None
        delegate = self.itemDelegate()
        if not isinstance(delegate, TextCellDelegate):
            return None
        sorted_on = self.model().sortColumn()  # the proxy sorts again on a change of this column
        shows = delegate.shows_already
        return lambda number, column: column != sorted_on and shows(number, column)


def given_up(widths: list[int], over: int) -> list[int]:
    """``widths`` narrowed by ``over`` px in all, each column in proportion to what it has above the floor."""
    spare = [max(0, width - MIN_COLUMN) for width in widths]
    total = sum(spare)
    if total <= 0:
        return widths
    cuts = [min(room, -(-over * room // total)) for room in spare]  # rounded up: at least ``over`` in all
    return [width - cut for width, cut in zip(widths, cuts)]


class SortProxy(QSortFilterProxyModel):
    """Sorts on ``SortRole``; hands a painted cell's roles to the model in one call, as the model
    answers them (Qt's proxy would ask the model once a role, some ten Python calls a cell)."""

    def multiData(self, index, roles) -> None:
        self.sourceModel().multiData(self.mapToSource(index), roles)


def table_view(model, name: str, parent=None, fit: bool = True, figures: bool = False) -> QTableView:
    """``fit``: columns fitted to the table's width; else each to its content, the last one taking
    the room left (History, whose explanation column stretches). ``figures``: a ``FiguresTableView``."""
    proxy = SortProxy(parent)
    proxy.setSourceModel(model)
    proxy.setSortRole(SortRole)
    view = FiguresTableView(parent) if figures else ModelTableView(parent)
    plain_fusion_for(view)  # no check box, field or checked button: no Python style per cell
    view.fits_columns = fit
    view.setModel(proxy)
    view.setItemDelegate(TextCellDelegate(view))  # plain cells painted without the style's text layout
    view.setAccessibleName(name)
    view.setSortingEnabled(True)
    view.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
    view.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
    view.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
    view.setTabKeyNavigation(False)  # Tab leaves the table; the arrow keys move inside it
    view.setWordWrap(False)  # one line a row: a long value is elided, whole in its tooltip
    view.verticalHeader().hide()
    view.setAlternatingRowColors(True)
    view.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
    # Fit columns to the first rows only: measuring all 500 of a History page explained every event
    # at start-up (0.4 s on a year-long ledger) and again at every reload.
    view.horizontalHeader().setResizeContentsPrecision(FIT_ROWS)
    view.horizontalHeader().setStretchLastSection(not fit)
    view.sortByColumn(-1, Qt.SortOrder.AscendingOrder)
    return view
