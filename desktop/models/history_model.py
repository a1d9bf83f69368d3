"""The History view's model: every ledger event with its one-sentence explanation, filterable,
loaded page by page as the view scrolls (a year of hourly interest is tens of thousands of rows)."""

from __future__ import annotations

import csv
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from PySide6.QtCore import QModelIndex, Qt
from PySide6.QtGui import QFont

from ..engine import Event
from ..engine.vocabulary import EventType
from ..text.explain import event_name, explain, explain_round, explain_round_in_full, is_periodic_settlement
from ..text.formatting import AssetFormats
from ..text.tips import tip
from .change import Change
from .session import Session
from .tables import TOOLTIP, Index, SessionTableModel

FONT = int(Qt.ItemDataRole.FontRole)
_BOLD: list[QFont] = []


def bold_font() -> QFont:
    if not _BOLD:
        font = QFont()
        font.setBold(True)
        _BOLD.append(font)
    return _BOLD[0]


PAGE = 500
CSV_HEADER = ("time", "type", "symbol", "quantity", "price", "order_id", "explanation")


@dataclass(frozen=True)
class HistoryFilter:
    event_type: str | tuple[str, ...] | None = None  # one type, any of several, or every type
    symbol: str | None = None
    since: int | None = None  # epoch seconds, inclusive
    until: int | None = None
    excluded: tuple[str, ...] = ()  # types left out ("all but interest")

    def query(self) -> dict:
        return {
            "event_type": self.event_type,
            "symbol": self.symbol,
            "since": self.since,
            "until": self.until,
            "excluded": self.excluded,
        }


# What History lifts out of the hourly interest: a sign beside the name (never colour alone) and bold.
HIGHLIGHTED = {
    EventType.LIQUIDATION: "✖",
    EventType.BANKRUPTCY: "✖",
    EventType.RISK_ALERT: "⚠",
    EventType.LIQUIDATION_ACKNOWLEDGED: "✓",
    EventType.PRICE_MOVED: "↕",
}
ALERT_SIGNS = {"Safe": "●", "Warning": "▲", "Danger": "⚠", "Liquidation": "✖"}


@dataclass(frozen=True, slots=True, eq=False)
class SettlementRound:
    """One price change's settlements shown as one row: every position settles after each tick, ten
    rows a minute with ten positions, which buried the fills, funding and liquidations. The events
    (newest first, as the ledger numbers them ``newest`` down to ``oldest``) stay one row each in the
    ledger and the CSV export; a liquidation's settlement (its step 2) is never part of a round."""

    events: tuple[Event, ...]
    newest: int
    oldest: int

    @property
    def time(self):
        return self.events[0].time

    @property
    def type(self) -> str:
        return EventType.SETTLEMENT


# A History row: one event, or one round of settlements, with the ledger numbers it spans.
Row = Event | SettlementRound


def rows_of(numbered: list[tuple[int, Event]]) -> list[tuple[int, int, Row]]:
    """``numbered`` (newest first) as History's rows: the periodic settlements of one round — the same
    time, no other event between them in the ledger (consecutive numbers) — become one row.
    Each row comes with the numbers of its newest and oldest events."""
    rows: list[tuple[int, int, Row]] = []
    run: list[tuple[int, Event]] = []

    def close() -> None:
        if len(run) == 1:
            rows.append((run[0][0], run[0][0], run[0][1]))
        elif run:
            rows.append((run[0][0], run[-1][0], SettlementRound(tuple(e for _n, e in run), run[0][0], run[-1][0])))
        run.clear()

    for number, event in numbered:
        if not is_periodic_settlement(event):
            close()
            rows.append((number, number, event))
            continue
        if run and not (run[-1][0] == number + 1 and run[-1][1].time == event.time):
            close()
        run.append((number, event))
    close()
    return rows


def joined(newer: tuple[int, int, Row], older: tuple[int, int, Row]) -> tuple[int, int, Row] | None:
    """Two numbered rows as one round when they are parts of one (a page of the ledger ended inside it)."""

    def settled(row: Row) -> tuple[Event, ...]:
        if isinstance(row, SettlementRound):
            return row.events
        return (row,) if is_periodic_settlement(row) else ()

    first, second = settled(newer[2]), settled(older[2])
    if not first or not second or newer[1] != older[0] + 1 or first[-1].time != second[0].time:
        return None
    return newer[0], older[1], SettlementRound(first + second, newer[0], older[1])


def csv_row(event: Event, formats: AssetFormats) -> list[str]:
    return [
        event.time.strftime("%Y-%m-%dT%H:%M:%SZ"),
        event.type,
        event.symbol,
        "" if event.quantity is None else str(event.quantity),
        "" if event.price is None else str(event.price),
        event.order_id or "",
        explain(event, formats),
    ]


def export_history_csv(
    session: Session,
    path: Path,
    history_filter: HistoryFilter,
    progress: Callable[[int], None] | None = None,
    should_stop: Callable[[], bool] | None = None,
) -> int:
    """Write the filtered ledger, oldest first, to ``path``; returns the rows written (runs off the GUI thread)."""
    formats = session.formats
    events = session.history(**history_filter.query())
    events.reverse()
    written = 0
    partial = Path(str(path) + ".part")
    with open(partial, "w", newline="", encoding="utf-8") as handle:
        writer = csv.writer(handle)
        writer.writerow(CSV_HEADER)
        for event in events:
            if should_stop and should_stop():
                break
            writer.writerow(csv_row(event, formats))
            written += 1
            if progress and written % 1000 == 0:
                progress(written)
    if should_stop and should_stop():
        partial.unlink(missing_ok=True)  # a cancelled export leaves no half file behind
        return written
    partial.replace(path)
    return written


class HistoryModel(SessionTableModel):
    """The ledger newest first, a page at a time, each periodic settlement round as one row
    (``SettlementRound``). Without a session it shows the rows it is fed."""

    COL_TIME, COL_TYPE, COL_ASSET, COL_EXPLANATION = range(4)
    HEADERS = ("Time (UTC)", "Event", "Asset / market", "What happened")

    def __init__(
        self, session: Session | None = None, parent=None, history_filter: HistoryFilter | None = None
    ) -> None:
        super().__init__(session, parent)
        self.filter = history_filter or HistoryFilter()
        self._more = session is not None
        self._read_to = 0  # the ledger number read up to: what comes after it is new
        self._oldest = 0  # the ledger number of the bottom row: the next page is below it
        self._top_serial = 0  # the top row's place in the stripes (see ``striped``): less for each row put on top
        if session is not None:
            self.reload()

    def set_filter(self, history_filter: HistoryFilter) -> None:
        self.filter = history_filter
        if self.session is not None:
            self.reload()

    def shows(self, change: Change) -> bool:
        return bool(change.opened or change.history)

    def reload(self) -> None:
        newest = self.session.newest_number()  # read first: an event written meanwhile is in the page
        first = self.session.numbered_history(**self.filter.query(), limit=PAGE)
        self._more = len(first) == PAGE
        self._read_to = max(newest, first[0][0] if first else 0)
        self._oldest = first[-1][0] if first else 0
        self._top_serial = 0
        self.replace_rows([row for _newest, _oldest, row in rows_of(first)])

    def follow(self, change: Change) -> None:
        if change.opened or not self._put_new_on_top():
            super().follow(change)

    def _put_new_on_top(self) -> bool:
        """Insert the events written since the last reading above the rows shown, reading only those:
        with perp positions every tick writes a settlement per position, and reading the page again
        each tick cost ten times the budget. A tick that wrote nothing shown leaves the rows untouched
        (no signal, no repaint). False: more than a page is new (a fast-forward); read it all again."""
        newest = self.session.newest_number()
        if newest <= self._read_to:
            return True
        found = self.session.numbered_history(**self.filter.query(), after=self._read_to, limit=PAGE + 1)
        if len(found) > PAGE:
            return False
        self._read_to = max(newest, found[0][0] if found else 0)
        if not found:
            return True
        # A tick's settlement round is written whole at once and read whole here: it cannot continue
        # the top row (a page read from below can end inside a round: ``fetchMore`` joins the parts).
        new = [row for _newest, _oldest, row in rows_of(found)]
        count = len(new)
        if not self.rows:
            self._oldest = found[-1][0]
        self.beginInsertRows(QModelIndex(), 0, count - 1)
        self.rows[:0] = new  # texts are kept by row (``display``)
        self._top_serial -= count
        self.endInsertRows()
        for column in (self.COL_TIME, self.COL_TYPE, self.COL_ASSET):  # the view widens a column only then
            longest = max(len(self.display(number, column)) for number in range(count))
            if longest > self._widest.get(column, 0):
                self._widest[column] = longest
                self.widened.emit(column)
        return True

    def display(self, number: int, column: int) -> str:
        """Each event's text kept by the event, not its row number: new events come on top at each tick
        and the rows below keep their texts (explaining them again was most of the History's repaint).
        The rows hold their events, so an id is not reused while its text is kept; a reset clears them."""
        event = self.rows[number]
        key = (id(event), column)
        text = self._texts.get(key)
        if text is None:
            text = self._texts[key] = self.cell(event, column)
        return text

    def canFetchMore(self, parent: Index = QModelIndex()) -> bool:
        return not parent.isValid() and self._more

    def fetchMore(self, parent: Index = QModelIndex()) -> None:
        if not self.canFetchMore(parent):
            return
        page = self.session.numbered_history(**self.filter.query(), before=self._oldest or None, limit=PAGE)
        self._more = len(page) == PAGE
        if not page:
            return
        rows = rows_of(page)
        if self.rows:  # the last page may have ended inside a settlement round: its rest joins that row
            bottom = self.rows[-1]
            newest = bottom.newest if isinstance(bottom, SettlementRound) else self._oldest
            whole = joined((newest, self._oldest, bottom), rows[0])
            if whole is not None:
                last = len(self.rows) - 1
                self.rows[last] = whole[2]
                for column in range(len(self.HEADERS)):
                    self._texts.pop((id(bottom), column), None)
                self.dataChanged.emit(self.index(last, 0), self.index(last, len(self.HEADERS) - 1))
                rows = rows[1:]
        self._oldest = page[-1][0]
        if rows:
            self.beginInsertRows(QModelIndex(), len(self.rows), len(self.rows) + len(rows) - 1)
            self.rows.extend(row for _newest, _oldest, row in rows)
            self.endInsertRows()

    def striped(self, number: int) -> bool:
        """Whether row ``number`` has the alternate background. The stripes belong to the rows, not to
        their places: a row put on top leaves the rows below as they were drawn (Qt's alternating
        colours swap every row's when an odd number of rows comes on top, and all are painted again)."""
        return bool((self._top_serial + number) % 2)

    ROLES = SessionTableModel.ROLES | {TOOLTIP, FONT}

    def extra(self, event: Row, column: int, role: int):
        if isinstance(event, SettlementRound):  # the round's sentence, then each position's
            return tip(explain_round_in_full(event.events, self.formats)) if role == TOOLTIP else None
        if role == TOOLTIP and column == self.COL_EXPLANATION:
            return tip(explain(event, self.formats))  # the whole sentence when it is clipped, wrapped
        if role == FONT and event.type in HIGHLIGHTED and event.type != EventType.PRICE_MOVED:
            return bold_font()
        return None

    def cell(self, event: Row, column: int) -> str:
        if column == self.COL_TIME:
            return event.time.strftime("%Y-%m-%d %H:%M:%S")
        if isinstance(event, SettlementRound):
            if column == self.COL_TYPE:
                return event_name(event.type)
            return (
                f"{len(event.events)} perps" if column == self.COL_ASSET else explain_round(event.events, self.formats)
            )
        if column == self.COL_TYPE:
            if event.type == EventType.RISK_ALERT:
                level = event.details.get("level", "")
                return f"{ALERT_SIGNS.get(level, '⚠')} Alert: {level}" if level else event_name(event.type)
            sign = HIGHLIGHTED.get(event.type)
            return f"{sign} {event_name(event.type)}" if sign else event_name(event.type)
        if column == self.COL_ASSET:
            return self.formats.market_name(event.symbol) if event.symbol else ""
        return explain(event, self.formats)

    def sort_key(self, event: Row, column: int):
        return event.time.timestamp() if column == self.COL_TIME else self.cell(event, column)
