"""What the price chart draws besides the mark: the standing lines of the shown market (the entry of
its perp position, the estimated liquidation price of its base asset) and the marks of the trades
on that asset (fills, and liquidation steps, which the chart marks apart)."""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal
from typing import TYPE_CHECKING

from ..engine.vocabulary import EventType, Side

if TYPE_CHECKING:
    from .session import Session

MARKS_READ = 500  # the latest fills and liquidations of each kind: older ones are far off the chart's right end


@dataclass(frozen=True, slots=True)
class StandingLines:
    entry: Decimal | None  # the entry price of the shown perp's position
    liquidation: Decimal | None  # the base asset's estimated liquidation price (position, holding or borrow)
    side: str | None = None  # "long" or "short" when there is a position
    mark: Decimal | None = None  # the base's mark now


@dataclass(frozen=True, slots=True)
class TradeMark:
    time: float  # epoch seconds
    price: float
    kind: str  # "buy", "sell" or "liquidation"
    text: str


def base_of(session: Session, market: str) -> str:
    parameters = session.parameters
    found = parameters.markets.get(market) or parameters.perps.get(market)
    return found.base if found is not None else market


def standing_lines(session: Session, market: str) -> StandingLines:
    """The lines that stay on the chart whatever the trader types: the position's entry when
    ``market`` is a perp with a position, and the base asset's estimated liquidation price when the
    account's risk moves with it (it holds, borrows or has a position on it)."""
    base = base_of(session, market)
    account = session.state.account
    position = account.positions.get(market)
    exposed = account.balance(base).holding or account.balance(base).borrowed or position is not None
    if not exposed:
        exposed = any(session.parameters.perps[symbol].base == base for symbol in account.positions)
    liquidation = None
    if exposed:
        liquidation = session.liquidation_prices.get(base)  # held, borrowed or a position's base: all there
    mark = session.state.marks.get(base)
    if position is None:
        return StandingLines(None, liquidation, None, mark)
    return StandingLines(position.entry_price, liquidation, "long" if position.is_long else "short", mark)


def trade_marks(session: Session, asset: str) -> list[TradeMark]:
    """Fills on the spot markets and perps of ``asset``, and the liquidation steps that sold it or
    closed one of its perps, oldest first."""
    parameters = session.parameters
    # the ledger counts a market for its assets and a perp for its base: one read per kind has them all
    # (a read per perp as well drew every perp fill twice); oldest first, and at one second the fills
    # came before the liquidation steps (the sort below is stable)
    events = session.history(EventType.FILL, asset, limit=MARKS_READ)[::-1]
    events += session.history(EventType.LIQUIDATION, asset, limit=MARKS_READ)[::-1]
    marks = []
    for event in events:
        market = parameters.markets.get(event.symbol)
        if event.type == EventType.FILL and market is not None and market.base != asset:
            continue  # a market quoted in the asset (none of the bundled ones)
        if event.price is None:
            continue
        name = event.symbol.replace("_USDC_PERP", "-PERP").replace("_", "/")
        if event.type == EventType.LIQUIDATION:
            kind, text = "liquidation", f"Liquidation: {event.reason or name}"
        else:
            buy = event.details.get("side") == Side.BID
            kind = "buy" if buy else "sell"
            price = session.formats.price(event.symbol, event.price)  # as the tables show it
            text = f"{'Bought' if buy else 'Sold'} {event.quantity} {name} at {price}"
        marks.append(TradeMark(event.time.timestamp(), float(event.price), kind, text))
    marks.sort(key=lambda mark: mark.time)  # stable: the order above within a second
    return marks
