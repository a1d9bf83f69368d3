"""The table every view uses: sortable through a proxy, rows selected whole, columns fitted to the
first rows, Tab leaving it (arrows move inside), and a model told when it is on screen."""

from __future__ import annotations

from PySide6.QtCore import QSortFilterProxyModel, Qt, QTimer
from PySide6.QtWidgets import QAbstractItemView, QHeaderView, QTableView

from ...models.tables import SortRole

FIT_ROWS = 40


class ModelTableView(QTableView):
    """A table that tells its model when it is on screen, so hidden tables cost nothing per tick, and
    whose columns fit its width: each as wide as its content plus a share of the room left; when they
    do not fit, narrower in proportion (text elided) rather than behind a horizontal scroll. Refitted
    on resize, on show and on a reset of the rows (not on every tick)."""

    fits_columns = True

    def __init__(self, parent=None) -> None:
        super().__init__(parent)
        self._fit_later = QTimer(self)  # a child: it dies with the table
        self._fit_later.setSingleShot(True)
        self._fit_later.setInterval(0)
        self._fit_later.timeout.connect(self.fit_columns)

    def request_fit(self) -> None:
        self._fit_later.start()

    def fit_columns(self) -> None:
        header = self.horizontalHeader()
        count = header.count()
        if not self.fits_columns or not count or self.model() is None or not self.isVisible():
            return  # a hidden table is fitted when it is shown
        room = self.viewport().width()
        if room <= 0:
            return
        # What ResizeToContents would give each column: the wider of its header and its first rows.
        wanted = [max(header.sectionSizeHint(i), self.sizeHintForColumn(i)) + 2 for i in range(count)]
        header.setStretchLastSection(False)
        header.setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
        total = sum(wanted)
        if total <= room:  # room to spare: shared out, so no column stands alone at the far right
            extra = (room - total) // count
            widths = [w + extra for w in wanted]
        else:  # too narrow: every column gives up the same share (text elided, whole in the tooltip)
            widths = [max(36, int(w * room / total)) for w in wanted]
        widths[-1] = max(36, room - sum(widths[:-1]))
        for section, width in enumerate(widths):
            if header.sectionSize(section) != width:
                header.resizeSection(section, width)

    def resizeEvent(self, event) -> None:
        super().resizeEvent(event)
        self.fit_columns()

    def set_model_active(self, active: bool) -> None:
        source = self.model().sourceModel() if hasattr(self.model(), "sourceModel") else self.model()
        if hasattr(source, "set_active"):
            source.set_active(active)

    def showEvent(self, event) -> None:
        self.set_model_active(True)
        super().showEvent(event)
        self.request_fit()

    def hideEvent(self, event) -> None:
        self.set_model_active(False)
        super().hideEvent(event)


def table_view(model, name: str, parent=None, fit: bool = True) -> QTableView:
    """``fit``: columns fitted by ``ModelTableView.fit_columns`` (measured when shown and on a reset,
    never on a tick); else fitted to their contents by Qt (History, whose explanation stretches)."""
    proxy = QSortFilterProxyModel(parent)
    proxy.setSourceModel(model)
    proxy.setSortRole(SortRole)
    view = ModelTableView(parent)
    view.fits_columns = fit
    view.setModel(proxy)
    view.setAccessibleName(name)
    view.setSortingEnabled(True)
    view.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
    view.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
    view.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
    view.setTabKeyNavigation(False)  # Tab leaves the table; the arrow keys move inside it
    view.setWordWrap(False)  # one line a row: a long value is elided, whole in its tooltip
    view.verticalHeader().hide()
    view.setAlternatingRowColors(True)
    # Fit columns to the first rows only: measuring all 500 of a History page explained every event
    # at start-up (0.4 s on a year-long ledger) and again at every reload.
    view.horizontalHeader().setResizeContentsPrecision(FIT_ROWS)
    if not fit:
        view.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        view.horizontalHeader().setStretchLastSection(True)
    view.sortByColumn(-1, Qt.SortOrder.AscendingOrder)
    model.modelReset.connect(view.request_fit)
    return view
