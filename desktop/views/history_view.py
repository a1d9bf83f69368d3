"""History: every ledger event with its one-sentence explanation (liquidations step by step), filtered
by type, asset and date range, exported to CSV through a file dialog (in the background)."""

from __future__ import annotations

from datetime import UTC, datetime, time
from pathlib import Path

from PySide6.QtCore import QDate, Qt
from PySide6.QtGui import QAction, QPalette
from PySide6.QtWidgets import (
    QAbstractItemView,
    QCheckBox,
    QComboBox,
    QDateEdit,
    QFileDialog,
    QHeaderView,
    QLabel,
    QMenu,
    QProgressDialog,
    QPushButton,
    QStyle,
    QToolButton,
    QVBoxLayout,
    QWidget,
)

from ..engine.vocabulary import EventType
from ..models.history_model import FONT, HistoryFilter, HistoryModel
from ..models.session import Session
from ..tasks.background import BackgroundTask, export_history
from ..text.explain import event_name
from .partials.flow import flow_box
from .partials.tables import table_view
from .partials.text_cells import LEFT, STYLED_STATES, TextCellDelegate

EVENT_TYPES = (  # the filter's order: money in and out, borrows and lends, orders, liquidations, the rest
    EventType.DEPOSIT,
    EventType.WITHDRAWAL,
    EventType.BORROW,
    EventType.BORROW_REPAY,
    EventType.ENTRY_FEE,
    EventType.INTEREST,
    EventType.LEND,
    EventType.LEND_REDEEM,
    EventType.ORDER_PLACED,
    EventType.FILL,
    EventType.ORDER_CANCELLED,
    EventType.SETTLEMENT,
    EventType.FUNDING_PAYMENT,
    EventType.LIQUIDATION,
    EventType.BANKRUPTCY,
    EventType.SETTINGS_CHANGED,
    EventType.ACCOUNT_IMPORTED,
    EventType.PARAMETERS_CHANGED,
    EventType.RISK_ALERT,
    EventType.PRICE_MOVED,
    EventType.PRICE_FEED_CHANGED,
    EventType.ALERT_SETTINGS,
    EventType.LIQUIDATION_ACKNOWLEDGED,
)
INTEREST = (EventType.INTEREST,)
PRESETS = {  # name → (types shown, types left out); None: every type
    "All events": (None, ()),
    "All but interest": (None, INTEREST),
    "Liquidations and alerts": ((EventType.LIQUIDATION, EventType.BANKRUPTCY, EventType.RISK_ALERT), ()),
}


class StripedCells(TextCellDelegate):
    """History's cells on the stripes of their rows (``HistoryModel.striped``), which stay with the rows
    as new ones come on top — the alternate background Qt's table would draw, without its repaint of
    every row when an odd number comes in (one settlement round a tick). A plain cell (not bold, not
    selected or hovered) is drawn from the model's kept text, as a plain row model's is: asking the
    model for its roles through the proxy was two thirds of a History cell's cost."""

    def paint(self, painter, option, index) -> None:
        proxy = index.model()
        cell = proxy.mapToSource(index) if hasattr(proxy, "mapToSource") else index
        source = proxy.sourceModel() if hasattr(proxy, "sourceModel") else proxy
        row, column = cell.row(), cell.column()
        if not 0 <= row < len(source.rows):
            return
        state = option.state
        if source.striped(row) and not state & QStyle.StateFlag.State_Selected:
            if not state & QStyle.StateFlag.State_Enabled:
                group = QPalette.ColorGroup.Disabled
            elif state & QStyle.StateFlag.State_Active:
                group = QPalette.ColorGroup.Normal
            else:
                group = QPalette.ColorGroup.Inactive
            painter.fillRect(option.rect, option.palette.brush(group, QPalette.ColorRole.AlternateBase))
        if state.value & STYLED_STATES or source.extra(source.rows[row], column, FONT) is not None:
            super().paint(painter, option, index)  # the style's selection and hover, or the bold font
        else:
            self._draw(painter, option, state.value, source.display(row, column), LEFT, None, None)


def epoch(day: QDate, end: bool) -> int:
    moment = datetime.combine(day.toPython(), time.max if end else time.min, tzinfo=UTC)
    return int(moment.timestamp())


class HistoryView(QWidget):
    def __init__(self, session: Session, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.session = session
        self.model = HistoryModel(session, self, HistoryFilter(excluded=INTEREST))  # as the menu starts
        self.table = table_view(self.model, "History", self, fit=False)
        self.table.setSortingEnabled(False)  # newest first, as the ledger pages in
        self.table.setWordWrap(False)
        self.table.setAlternatingRowColors(False)  # the stripes are the rows' own (``StripedCells``)
        self.table.setItemDelegate(StripedCells(self.table))
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(HistoryModel.COL_EXPLANATION, QHeaderView.ResizeMode.Stretch)
        self.table.model().rowsInserted.connect(self._keep_reading_place)

        self.type_button = QToolButton()  # several types at once, and "all but interest"
        self.type_button.setAccessibleName("Event types")
        self.type_button.setPopupMode(QToolButton.ToolButtonPopupMode.InstantPopup)
        self.type_menu = QMenu(self.type_button)
        self.preset_actions: dict[str, QAction] = {}
        for name in PRESETS:
            action = self.type_menu.addAction(name)
            action.triggered.connect(lambda _=False, n=name: self.use_preset(n))
            self.preset_actions[name] = action
        self.type_menu.addSeparator()
        self.type_actions: dict[str, QAction] = {}
        for kind in EVENT_TYPES:
            action = self.type_menu.addAction(event_name(kind))
            action.setCheckable(True)
            action.toggled.connect(self._types_changed)
            self.type_actions[kind] = action
        self.type_button.setMenu(self.type_menu)
        self._excluded: tuple[str, ...] = ()
        self._preset = "All events"
        self.use_preset("All but interest", apply=False)  # interest is three rows an hour: out by default
        self.asset_box = QComboBox()
        self.asset_box.setAccessibleName("Asset filter")
        self.asset_box.addItem("All assets", None)
        for symbol in session.parameters.assets:
            self.asset_box.addItem(symbol, symbol)
        self.use_dates = QCheckBox("From")
        self.use_dates.setAccessibleName("Date range")
        now = session.state.time
        today = QDate(now.year, now.month, now.day)
        self.since = QDateEdit(today.addDays(-7))
        self.until = QDateEdit(today)
        for edit, name in ((self.since, "From date"), (self.until, "To date")):
            edit.setCalendarPopup(True)
            edit.setDisplayFormat("yyyy-MM-dd")
            edit.setAccessibleName(name)
            edit.setEnabled(False)
        self.export_button = QPushButton("Export CSV…")
        self.export_button.setAccessibleName("Export CSV")
        self.status = QLabel()
        self.status.setAccessibleName("Export status")

        filter_box, filters = flow_box()
        for widget in (
            QLabel("Show"),
            self.type_button,
            self.asset_box,
            self.use_dates,
            self.since,
            QLabel("to"),
            self.until,
        ):
            filters.addWidget(widget)
        filters.addWidget(self.export_button)
        filters.addWidget(self.status)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        caption = QLabel("History")
        caption.setObjectName("panelTitle")
        layout.addWidget(caption)
        layout.addWidget(filter_box)
        layout.addWidget(self.table, 1)

        self.asset_box.currentIndexChanged.connect(self.apply_filter)
        self.use_dates.toggled.connect(self._dates_toggled)
        self.since.dateChanged.connect(self.apply_filter)
        self.until.dateChanged.connect(self.apply_filter)
        self.export_button.clicked.connect(self.export)
        self.task: BackgroundTask | None = None
        self._clock_day = today
        session.changed.connect(self._on_change)

    def _keep_reading_place(self, _parent, first: int, last: int) -> None:
        """New events come on top (newest first). At the top the trader sees them come in; scrolled down
        to older rows, the rows read stay where they are (the scroll moves by the rows that came on top).

        Either way the rows already on screen are moved as pixels, not painted again: Qt lays out and
        repaints the whole table for any inserted row, which was most of History's time at a tick. The
        layout is done here with the viewport's updates held (its full repaint unseen), then the rows
        shown are scrolled down by the new rows' height (only those are painted), or stay as they are."""
        table = self.table
        if first != 0 or not table.isVisible():
            return
        bar = table.verticalScrollBar()
        rows = table.verticalHeader()
        reading = bar.value() > 0
        moved = last - first + 1
        height = rows.sectionPosition(last) + rows.sectionSize(last) - rows.sectionPosition(first)
        viewport = table.viewport()
        held = Qt.WidgetAttribute.WA_UpdatesDisabled
        viewport.setAttribute(held, True)  # setUpdatesEnabled(False) but for the repaint on release
        try:
            table.executeDelayedItemsLayout()  # what Qt would do at the next paint, its viewport repaint held
            if reading:
                per_item = table.verticalScrollMode() == QAbstractItemView.ScrollMode.ScrollPerItem
                bar.setValue(bar.value() + (moved if per_item else height))
        finally:
            viewport.setAttribute(held, False)
        if table.alternatingRowColors() and moved % 2:
            viewport.update()  # an odd number of rows swaps the rows' alternating colours: all painted again
            return
        if not reading:
            viewport.scroll(0, height)  # the rows shown move down; the new ones on top are painted
        current = table.currentIndex()
        if current.isValid() and table.hasFocus():  # its focus frame's dots lie on the screen's pixel grid:
            viewport.update(table.visualRect(current))  # moved by one row (a round a tick), out of step

    def _on_change(self, change) -> None:
        """The date range follows the clock: a range ending on the clock's day moves on with it."""
        if not (change.clock or change.opened):
            return
        now = self.session.state.time
        day = QDate(now.year, now.month, now.day)
        if day == self._clock_day:
            return
        if self.until.date() == self._clock_day or change.opened:
            shift = self._clock_day.daysTo(day)
            for edit, moved in ((self.until, day), (self.since, self.since.date().addDays(shift))):
                edit.blockSignals(True)
                edit.setDate(moved)
                edit.blockSignals(False)
            if self.use_dates.isChecked():
                self.apply_filter()
        self._clock_day = day

    # -- event types ----------------------------------------------------------------------------
    def use_preset(self, name: str, apply: bool = True) -> None:
        """All events, all but interest, or liquidations and alerts: the boxes follow."""
        shown, excluded = PRESETS[name]
        for kind, action in self.type_actions.items():
            action.blockSignals(True)
            action.setChecked((shown is None and kind not in excluded) or (shown is not None and kind in shown))
            action.blockSignals(False)
        self._excluded = excluded
        self._preset = name
        self.type_button.setText(f"{name} ▾")
        if apply:
            self.apply_filter()

    def _types_changed(self, *_args) -> None:
        chosen = self.chosen_types()
        self._excluded = ()
        self._preset = ""
        if len(chosen) == len(self.type_actions):
            self._preset = "All events"
        self.type_button.setText(
            f"{self._preset} ▾" if self._preset else f"{len(chosen)} of {len(self.type_actions)} types ▾"
        )
        self.apply_filter()

    def chosen_types(self) -> tuple[str, ...]:
        return tuple(kind for kind, action in self.type_actions.items() if action.isChecked())

    def _type_query(self) -> tuple[str | tuple[str, ...] | None, tuple[str, ...]]:
        """What the ledger is asked for: every type but the excluded, or just the ticked ones."""
        if self._preset in ("All events", "All but interest"):
            return None, self._excluded  # every type, events of types this list does not name too
        return self.chosen_types(), ()

    def _dates_toggled(self, on: bool) -> None:
        self.since.setEnabled(on)
        self.until.setEnabled(on)
        self.apply_filter()

    def current_filter(self) -> HistoryFilter:
        dates = self.use_dates.isChecked()
        types, excluded = self._type_query()
        return HistoryFilter(
            event_type=types,
            excluded=excluded,
            symbol=self.asset_box.currentData(),
            since=epoch(self.since.date(), end=False) if dates else None,
            until=epoch(self.until.date(), end=True) if dates else None,
        )

    def apply_filter(self, *_args) -> None:
        self.model.set_filter(self.current_filter())

    def export(self) -> BackgroundTask | None:
        path, _ = QFileDialog.getSaveFileName(
            self, "Export history", f"{self.session.name}-history.csv", "CSV files (*.csv)"
        )
        if not path:
            return None
        progress = QProgressDialog("Exporting the history…", "Cancel", 0, 0, self)
        progress.setWindowTitle("Export CSV")
        progress.setWindowModality(Qt.WindowModality.WindowModal)
        task = export_history(self.session, Path(path), self.current_filter())
        task.progressed.connect(lambda done, _total: progress.setLabelText(f"Exporting the history… {done:,} rows"))
        progress.canceled.connect(task.cancel)

        def finished(rows, cancelled) -> None:
            progress.reset()
            self.status.setText(
                "Export cancelled; no file written." if cancelled else f"Exported {rows:,} rows to {Path(path).name}."
            )
            self.status.setToolTip("" if cancelled else path)

        task.finished.connect(finished)
        task.failed.connect(lambda error: (progress.reset(), self.status.setText(f"Export failed: {error}")))
        self.task = task
        task.start()
        return task
