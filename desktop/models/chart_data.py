"""What the charts read: the open account's stored series (equity snapshots, price ticks, liquidation
events), so the chart widgets never reach into the services or the store."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from ..services import series
from ..services.series import START, MarkedEvent, ReadMark

if TYPE_CHECKING:
    from ..engine import Event
    from .session import Session

__all__ = ["ChartData", "MarkedEvent", "ReadMark", "START"]


class ChartData:
    def __init__(self, db: Any, session: Session) -> None:
        self._db = db
        self._session = session

    @property
    def account(self) -> int:
        """The open account's id: a chart reloads from the start when it changes."""
        return self._session.account_id

    def equity(self, after: ReadMark = START) -> series.EquitySeries:
        return series.equity_series(self._db, self.account, after)

    def prices(self, symbol: str, after: ReadMark = START) -> series.PriceSeries:
        return series.price_series(self._db, self.account, symbol, after)

    def margin_events(self, after_id: int = 0) -> list[MarkedEvent]:
        return list(series.margin_events(self._db, self.account, after_id))

    def event(self, event_id: int) -> Event:
        return series.ledger_event(event_id)
