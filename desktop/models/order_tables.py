"""Table models of the positions panel's order tabs: open orders (spot and perp), fills (liquidation
fills included and marked) and the order history (filled and cancelled orders, with the reason).
Orders and fills change rarely and cheaply, so they follow the account even while hidden."""

from __future__ import annotations

from decimal import Decimal
from typing import TYPE_CHECKING

from ..engine import Event, OpenOrder
from ..engine.vocabulary import EventType, Side
from ..text.formatting import DASH, grouped, places_of
from .accents import accent
from .change import Change
from .position_models import BUTTON_ROLES, perp_name
from .tables import ACCESSIBLE, FOREGROUND, TOOLTIP, SessionTableModel

if TYPE_CHECKING:
    from ..text.formatting import AssetFormats
    from .session import Session


def side_text(side: str | None) -> str:
    """An order's or a fill's side: Buy or Sell, on a perp too (a sell may only reduce a long)."""
    return "Buy" if side == Side.BID else "Sell"


class Markets:
    """Names and decimals of spot and perp markets, and of an asset sold in a liquidation."""

    def __init__(self, formats: AssetFormats) -> None:
        self.formats = formats
        self.parameters = formats.parameters

    def is_perp(self, symbol: str) -> bool:
        return symbol in self.parameters.perps

    def market(self, symbol: str):
        return self.parameters.markets.get(symbol) or self.parameters.perps.get(symbol)

    def name(self, symbol: str) -> str:
        if self.is_perp(symbol):
            return perp_name(symbol, self.parameters)
        market = self.parameters.markets.get(symbol)
        return f"{market.base}/{market.quote}" if market else symbol

    def price(self, symbol: str, value: Decimal | None) -> str:
        if value is None:
            return "Market"
        market = self.market(symbol)
        if market is None:  # an asset: its first market's tick
            market = next((m for m in self.parameters.markets.values() if m.base == symbol), None)
        return grouped(value, places_of(market.tick_size) if market else 2)

    def quantity(self, symbol: str, value: Decimal) -> str:
        """A spot market's or an asset's quantity to the asset's step; a perp's to its own step."""
        if self.is_perp(symbol):
            return grouped(value, places_of(self.parameters.perps[symbol].step_size))
        market = self.parameters.markets.get(symbol)
        return self.formats.quantity(market.base if market else symbol, value)


def decimal_of(details, key: str) -> Decimal:
    return Decimal(str(details.get(key, "0")))


class MarketTableModel(SessionTableModel):
    """A session table whose rows name markets: ``markets`` follows the open account's parameters."""

    @property
    def markets(self) -> Markets:
        if getattr(self, "_markets", None) is None or self._markets.formats is not self.formats:
            self._markets = Markets(self.formats)
        return self._markets


class OpenOrdersModel(MarketTableModel):
    COL_ID, COL_MARKET, COL_SIDE, COL_PRICE, COL_QUANTITY, COL_MARGIN, COL_LOCKED, COL_PENDING, COL_CANCEL = range(9)
    HEADERS = ("Order", "Market", "Side", "Price", "Quantity", "Margin /\nreduce only", "Locked", "To borrow", "")
    NUMERIC = frozenset({COL_PRICE, COL_QUANTITY, COL_LOCKED, COL_PENDING})
    FOLLOW_WHILE_HIDDEN = True
    BUTTONS = {COL_CANCEL: "Cancel"}
    ROLES = SessionTableModel.ROLES | BUTTON_ROLES

    def __init__(self, session: Session | None = None, parent=None) -> None:
        super().__init__(session, parent)
        if session is not None:
            self.reload()

    def shows(self, change: Change) -> bool:
        return bool(change.opened or change.orders)

    def reload(self) -> None:
        self.set_rows(list(self.session.state.orders))

    def key(self, order: OpenOrder) -> str:
        return order.id

    def cell(self, order: OpenOrder, column: int) -> str:
        markets = self.markets
        if column == self.COL_ID:
            return order.id
        if column == self.COL_MARKET:
            return markets.name(order.symbol)
        if column == self.COL_SIDE:
            return side_text(order.side)
        if column == self.COL_PRICE:
            return markets.price(order.symbol, order.price)
        if column == self.COL_QUANTITY:
            return markets.quantity(order.symbol, order.quantity)
        if column == self.COL_MARGIN:
            if order.is_perp:
                return "Reduce only" if order.reduce_only else "Cross"
            return "Margin" if order.margin else "No"
        if column in (self.COL_LOCKED, self.COL_PENDING):
            if order.is_perp:
                return DASH  # a perp order holds nothing back: its risk counts as exposure
            value = order.locked if column == self.COL_LOCKED else order.pending_borrow
            return f"{self.formats.quantity(order.paying_asset, value)} {order.paying_asset}"
        return self.BUTTONS[column]

    def sort_key(self, order: OpenOrder, column: int):
        numeric = {
            self.COL_ID: int(order.id),
            self.COL_PRICE: float(order.price),
            self.COL_QUANTITY: float(order.quantity),
            self.COL_LOCKED: float(order.locked),
            self.COL_PENDING: float(order.pending_borrow),
        }
        return numeric.get(column, self.cell(order, column))

    def extra(self, order: OpenOrder, column: int, role: int):
        if column == self.COL_CANCEL and role in (TOOLTIP, ACCESSIBLE):
            return f"Cancel order {order.id}"
        if role == FOREGROUND and column == self.COL_SIDE:
            return accent("buy" if order.side == Side.BID else "sell")
        return None


def fill_fee(fill: Event) -> Decimal:
    return decimal_of(fill.details, "fee")


def newest_first(*lists: list[Event]) -> list[Event]:
    """The events of ``lists`` (each newest first) merged by time; at the same second the first list's first."""
    merged = [event for events in lists for event in events]
    merged.sort(key=lambda event: event.time, reverse=True)  # stable: each list keeps its own order
    return merged


class FillsModel(MarketTableModel):
    """The latest fills of the open account, newest first, liquidation fills among them, marked."""

    LIMIT = 200
    COL_TIME, COL_MARKET, COL_SIDE, COL_PRICE, COL_QUANTITY, COL_FEE, COL_PNL, COL_KIND = range(8)
    HEADERS = ("Time", "Market", "Side", "Price", "Quantity", "Fee", "Realized\nPnL (USDC)", "Liquidity")
    NUMERIC = frozenset({COL_PRICE, COL_QUANTITY, COL_FEE, COL_PNL})
    FOLLOW_WHILE_HIDDEN = True
    ROLES = SessionTableModel.ROLES | {FOREGROUND, TOOLTIP}

    def __init__(self, session: Session | None = None, parent=None) -> None:
        super().__init__(session, parent)
        if session is not None:
            self.reload()

    def shows(self, change: Change) -> bool:
        return bool(change.opened or change.fills or change.liquidation_steps)

    def reload(self) -> None:
        session = self.session
        fills = session.history(EventType.FILL, limit=self.LIMIT)
        liquidations = session.history(EventType.LIQUIDATION, limit=self.LIMIT)
        self.set_rows(newest_first(liquidations, fills)[: self.LIMIT])  # at one second a liquidation came after

    def key(self, fill: Event) -> tuple:
        return fill.type, fill.order_id, fill.symbol, fill.time, fill.quantity

    @staticmethod
    def is_liquidation(fill: Event) -> bool:
        return fill.type == EventType.LIQUIDATION

    def cell(self, fill: Event, column: int) -> str:
        markets = self.markets
        perp = markets.is_perp(fill.symbol)
        if column == self.COL_TIME:
            return fill.time.strftime("%Y-%m-%d %H:%M")
        if column == self.COL_MARKET:
            if self.is_liquidation(fill) and not perp:  # collateral sold for a borrowed asset
                return f"{fill.symbol} → {fill.details.get('repaidSymbol', '?')}"
            return markets.name(fill.symbol)
        if column == self.COL_SIDE:
            return side_text(fill.details.get("side") or Side.ASK)
        if column == self.COL_PRICE:
            return markets.price(fill.symbol, fill.price)
        if column == self.COL_QUANTITY:
            return markets.quantity(fill.symbol, fill.quantity)
        if column == self.COL_FEE:
            if self.is_liquidation(fill) and not perp:
                return f"{grouped(fill_fee(fill), 2)} USD"
            quote = markets.market(fill.symbol).quote
            return f"{self.formats.quantity(quote, fill_fee(fill))} {quote}"
        if column == self.COL_PNL:
            return grouped(decimal_of(fill.details, "realizedPnl"), 2) if perp else DASH
        if self.is_liquidation(fill):
            return f"⚠ Liquidation ({fill.details.get('tag', 'Book')})"
        return "Maker" if fill.reason == "maker" else "Taker"

    def sort_key(self, fill: Event, column: int):
        if column == self.COL_TIME:
            return fill.time.timestamp()
        if column == self.COL_PRICE:
            return float(fill.price or 0)
        if column == self.COL_QUANTITY:
            return float(fill.quantity or 0)
        if column == self.COL_FEE:
            return float(fill_fee(fill))
        if column == self.COL_PNL:
            return float(decimal_of(fill.details, "realizedPnl"))
        return self.cell(fill, column)

    def extra(self, fill: Event, column: int, role: int):
        if not self.is_liquidation(fill):
            return None
        if role == FOREGROUND:
            return accent("problem")
        if role == TOOLTIP:
            return fill.reason
        return None


class OrderHistoryModel(MarketTableModel):
    """Orders that ended, newest first: filled (at what price, maker or taker) or cancelled, and why."""

    LIMIT = 200
    COL_TIME, COL_ID, COL_MARKET, COL_SIDE, COL_TYPE, COL_PRICE, COL_QUANTITY, COL_STATUS, COL_REASON = range(9)
    HEADERS = ("Time", "Order", "Market", "Side", "Type", "Price", "Quantity", "Status", "Reason")
    NUMERIC = frozenset({COL_PRICE, COL_QUANTITY})
    FOLLOW_WHILE_HIDDEN = True
    ROLES = SessionTableModel.ROLES | {TOOLTIP}

    def __init__(self, session: Session | None = None, parent=None) -> None:
        super().__init__(session, parent)
        self.placed: dict[str, Event] = {}
        if session is not None:
            self.reload()

    def shows(self, change: Change) -> bool:
        return bool(change.opened or change.orders)

    def reload(self) -> None:
        session = self.session
        ended = newest_first(
            session.history(EventType.FILL, limit=self.LIMIT),
            session.history(EventType.ORDER_CANCELLED, limit=self.LIMIT),
        )
        ended = [event for event in ended if event.order_id is not None][: self.LIMIT]
        placed = session.history(EventType.ORDER_PLACED, limit=self.LIMIT * 2)
        self.placed = {event.order_id: event for event in placed}
        self.set_rows(ended)

    def key(self, event: Event) -> tuple:
        return event.type, event.order_id

    def cell(self, event: Event, column: int) -> str:
        markets = self.markets
        placed = self.placed.get(event.order_id)
        filled = event.type == EventType.FILL
        if column == self.COL_TIME:
            return event.time.strftime("%Y-%m-%d %H:%M")
        if column == self.COL_ID:
            return event.order_id
        if column == self.COL_MARKET:
            return markets.name(event.symbol)
        if column == self.COL_SIDE:
            return side_text(event.details.get("side"))
        if column == self.COL_TYPE:
            kind = placed.reason if placed is not None and placed.reason else "Limit"
            reduce_only = event.details.get("reduceOnly") or (placed is not None and placed.details.get("reduceOnly"))
            return f"{kind}, reduce only" if reduce_only else kind
        if column == self.COL_PRICE:
            return markets.price(event.symbol, event.price)
        if column == self.COL_QUANTITY:
            return markets.quantity(event.symbol, event.quantity)
        if column == self.COL_STATUS:
            return "Filled" if filled else "Cancelled"
        if filled:
            return "filled as maker (resting)" if event.reason == "maker" else "filled as taker"
        return event.reason or "cancelled"

    def sort_key(self, event: Event, column: int):
        if column == self.COL_TIME:
            return event.time.timestamp()
        if column == self.COL_ID:
            return int(event.order_id) if str(event.order_id).isdigit() else 0
        if column == self.COL_PRICE:
            return float(event.price or 0)
        if column == self.COL_QUANTITY:
            return float(event.quantity or 0)
        return self.cell(event, column)

    def extra(self, event: Event, column: int, role: int):
        if role == TOOLTIP and column == self.COL_REASON:
            return self.cell(event, column)
        return None
