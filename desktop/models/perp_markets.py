"""The perp markets of the market picker's Futures filter: mark (its base's, §10), change since the
clock started and the account's position in each; the funding rate in the row's tooltip."""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal
from typing import TYPE_CHECKING

from ..text.formatting import percent, signed_percent
from ..text.perp_words import position_text
from .accents import accent
from .change import Change
from .tables import FOREGROUND, TOOLTIP, RowTableModel, SessionTableModel

if TYPE_CHECKING:
    from ..engine import MarginParameters
    from .session import Session


@dataclass(frozen=True, slots=True)
class PerpMarketRow:
    symbol: str  # SOL_USDC_PERP
    base: str
    mark: Decimal
    change: Decimal | None  # since the account was opened
    funding_rate: Decimal  # per interval
    position: Decimal  # signed; 0: none


def perp_market_rows(parameters: MarginParameters, marks, start_marks, positions) -> list[PerpMarketRow]:
    rows = []
    for market in parameters.perps.values():
        mark = marks[market.base]
        start = start_marks.get(market.base)
        change = mark / start - 1 if start else None
        held = positions.get(market.symbol)
        rows.append(
            PerpMarketRow(
                market.symbol, market.base, mark, change, market.funding_rate, held.net_quantity if held else Decimal(0)
            )
        )
    return rows


class PerpMarketsModel(SessionTableModel):
    """The spot list's three columns, which fit at 1024 px (a fourth was cut there); the funding rate
    and the account's position are in each row's tooltip, the order form and the Positions tab."""

    COL_MARKET, COL_MARK, COL_CHANGE = range(3)
    HEADERS = ("Market", "Mark", "Change since\nclock start")
    HEADER_TIPS = {COL_CHANGE: "How far the mark has moved since the clock started in this window: ▲ up, ▼ down"}
    NUMERIC = frozenset({COL_MARK, COL_CHANGE})
    ROLES = RowTableModel.ROLES | {FOREGROUND, TOOLTIP}

    def __init__(self, session: Session | None = None, parent=None) -> None:
        super().__init__(session, parent)
        if session is not None:
            self.reload()

    def shows(self, change: Change) -> bool:
        return bool(change.opened or change.marks or change.positions)

    def reload(self) -> None:
        session = self.session
        state = session.state
        rows = perp_market_rows(session.parameters, state.marks, session.start_marks, state.account.positions)
        self.set_rows(rows, self.NUMERIC)

    def key(self, row: PerpMarketRow) -> str:
        return row.symbol  # the tooltip is read from the row, which each update replaces

    def cell(self, row: PerpMarketRow, column: int) -> str:
        if column == self.COL_MARKET:
            return f"{row.base}-PERP"
        if column == self.COL_MARK:
            return self.formats.price(row.symbol, row.mark)
        return signed_percent(row.change)

    def sort_key(self, row: PerpMarketRow, column: int):
        if column == self.COL_MARKET:
            return row.symbol
        return float((row.mark if column == self.COL_MARK else row.change) or 0)

    def tooltip(self, row: PerpMarketRow) -> str:
        market = self.formats.parameters.perps[row.symbol]
        held = position_text(market, row.position)
        return f"{row.base}-PERP: funding {percent(row.funding_rate, 5)} per interval (longs pay a positive rate); position {held}"

    def extra(self, row: PerpMarketRow, column: int, role: int):
        if role == TOOLTIP:
            return self.tooltip(row)
        if role == FOREGROUND and column == self.COL_CHANGE and row.change:
            if signed_percent(row.change) == "0.00 %":
                return None
            return accent("gain" if row.change > 0 else "loss")
        return None
