"""The table every view uses: sortable through a proxy, rows selected whole, columns fitted to the
first rows, and a model told when it is on screen.

Columns are fitted when rows come or go, not on every tick: a header in ResizeToContents mode
measures every cell of every column again on each ``dataChanged`` (Lend and Portfolio spent most of
their 10–17 ms a tick there). A column is widened only when the model says one of its values
outgrew it.
"""

from __future__ import annotations

from PySide6.QtCore import QSortFilterProxyModel, Qt
from PySide6.QtWidgets import QAbstractItemView, QHeaderView, QTableView

from ...models.tables import SortRole

FIT_ROWS = 40


class ModelTableView(QTableView):
    """A table that tells its model when it is on screen, so hidden tables cost nothing per tick, and
    fits its columns when its rows change or a value outgrows its column."""

    def __init__(self, parent=None) -> None:
        super().__init__(parent)
        self._fit_pending = True

    def setModel(self, model) -> None:
        super().setModel(model)
        for signal in (model.modelReset, model.rowsInserted, model.rowsRemoved, model.layoutChanged):
            signal.connect(self._rows_changed)
        source = self.source_model()
        if hasattr(source, "widened"):
            source.widened.connect(self._widened)

    def source_model(self):
        model = self.model()
        return model.sourceModel() if hasattr(model, "sourceModel") else model

    def set_model_active(self, active: bool) -> None:
        source = self.source_model()
        if hasattr(source, "set_active"):
            source.set_active(active)

    def showEvent(self, event) -> None:
        self.set_model_active(True)
        super().showEvent(event)
        if self._fit_pending:
            self.fit_columns()

    def hideEvent(self, event) -> None:
        self.set_model_active(False)
        super().hideEvent(event)

    def fit_columns(self) -> None:
        """Every column to its header and first rows (the last one takes the room left)."""
        self._fit_pending = False
        self.resizeColumnsToContents()

    def _rows_changed(self, *_args) -> None:
        if self.isVisible():
            self.fit_columns()
        else:
            self._fit_pending = True

    def _widened(self, column: int) -> None:
        header = self.horizontalHeader()
        if not self.isVisible():
            self._fit_pending = True
        elif header.sectionResizeMode(column) == QHeaderView.ResizeMode.Interactive and not (
            header.stretchLastSection() and column == header.count() - 1
        ):
            self.resizeColumnToContents(column)


class SortProxy(QSortFilterProxyModel):
    """Sorts on ``SortRole``; hands a painted cell's roles to the model in one call, as the model
    answers them (Qt's proxy would ask the model once a role, some ten Python calls a cell)."""

    def multiData(self, index, roles) -> None:
        self.sourceModel().multiData(self.mapToSource(index), roles)


def table_view(model, name: str, parent=None) -> QTableView:
    proxy = SortProxy(parent)
    proxy.setSourceModel(model)
    proxy.setSortRole(SortRole)
    view = ModelTableView(parent)
    view.setModel(proxy)
    view.setAccessibleName(name)
    view.setSortingEnabled(True)
    view.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
    view.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
    view.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
    view.verticalHeader().hide()
    view.setAlternatingRowColors(True)
    view.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
    # Fit columns to the first rows only: measuring all 500 of a History page explained every event
    # at start-up (0.4 s on a year-long ledger) and again at every reload.
    view.horizontalHeader().setResizeContentsPrecision(FIT_ROWS)
    view.horizontalHeader().setStretchLastSection(True)
    view.sortByColumn(-1, Qt.SortOrder.AscendingOrder)
    return view
