"""Replaying a ledger: rebuild an account's books from its events alone (no engine decisions).

Every event carries the balance and pool changes it made (``Event.balance_changes`` and
``pool_changes``), the orders it opened or closed, the settings it set and (§10) the perp position
it left (``netQuantity``, ``entryPrice``, ``settledPrice``; 0 removes it), so summing them from an
empty account over the snapshot's pools must give back the stored state exactly. Each position's
funding, fees and realized PnL since it opened are summed as the store sums them (``position_totals``).
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from decimal import Decimal

from .account import AccountSettings, AssetBalance
from .boundary.fields import order_number
from .numbers import ENGINE_CONTEXT
from .parameters import Pool
from .position_totals import POSITION_EVENTS, PositionTotals, track
from .positions import Position
from .records import dataclass, field, replace
from .state import Event, OpenOrder
from .vocabulary import NOTE_EVENTS, SETTLEMENT_ASSET, EventType, MarketType


@dataclass
class ReplayedBooks:
    balances: dict[str, AssetBalance] = field(default_factory=dict)
    pools: dict[str, Pool] = field(default_factory=dict)
    orders: dict[str, OpenOrder] = field(default_factory=dict)
    settings: AccountSettings = field(default_factory=AccountSettings)
    last_order_id: int = 0
    positions: dict[str, Position] = field(default_factory=dict)
    position_totals: dict[str, PositionTotals] = field(default_factory=dict)

    def non_empty_balances(self) -> dict[str, AssetBalance]:
        return {symbol: balance for symbol, balance in self.balances.items() if not balance.is_empty}


def replay_events(
    events: Iterable[Event], starting_pools: Mapping[str, Pool], settings: AccountSettings | None = None
) -> ReplayedBooks:
    books = ReplayedBooks(pools=dict(starting_pools), settings=settings or AccountSettings())
    for event in events:
        apply_event(books, event)
    return books


def apply_event(books: ReplayedBooks, event: Event) -> None:
    if event.type in NOTE_EVENTS:  # price moves, alerts and their settings: no books moved
        return
    if event.type == EventType.PARAMETERS_CHANGED and "pools" in event.details:
        # Another snapshot: its pools (with the account's own part) from here on; balances unchanged.
        books.pools = {
            s: Pool(Decimal(lent), Decimal(borrowed)) for s, (lent, borrowed) in event.details["pools"].items()
        }
        return
    # Summed in the engine's 34 digits, as the engine summed them: Python's default 28 would round a
    # balance near the 1e20 bound with its 12 places (33 digits) and the replay would not match.
    add = ENGINE_CONTEXT.add
    for symbol, deltas in event.balance_changes.items():
        balance = books.balances.get(symbol) or AssetBalance()
        books.balances[symbol] = replace(
            balance, **{name: add(getattr(balance, name), Decimal(delta)) for name, delta in deltas.items()}
        )
    for symbol, (lent, borrowed) in event.pool_changes.items():
        pool = books.pools[symbol]
        books.pools[symbol] = Pool(
            add(pool.lent_quantity, Decimal(lent)), add(pool.borrowed_quantity, Decimal(borrowed))
        )
    details = event.details
    if event.type in POSITION_EVENTS and "netQuantity" in details:
        _replay_position(books, event.symbol, details)
    track(books.position_totals, event)
    if event.type == EventType.ORDER_PLACED:
        order_id, price, quantity = event.order_id, event.price, event.quantity
        if order_id is None:
            raise ValueError(f"{event.type} at {event.time} without an order id")
        books.last_order_id = max(books.last_order_id, order_number(order_id) or 0)  # never int() an id
        if details.get("marketType") == MarketType.PERP:
            _replay_perp_order(books, event)
        elif details.get("resting"):
            if price is None or quantity is None:
                raise ValueError(f"resting order {order_id} without a price or a quantity")
            books.orders[order_id] = OpenOrder(
                order_id,
                event.symbol,
                details["side"],
                Decimal(price),
                Decimal(quantity),
                bool(details["margin"]),
                details["payingAsset"],
                Decimal(details["locked"]),
                Decimal(details["pendingBorrow"]),
            )
    elif event.type in (EventType.FILL, EventType.ORDER_CANCELLED) and event.order_id is not None:
        books.orders.pop(event.order_id, None)
    elif event.type == EventType.SETTINGS_CHANGED:
        books.settings = AccountSettings(
            leverage_limit=int(details["leverageLimit"]),
            auto_lend=bool(details["autoLend"]),
            auto_repay_borrows=bool(details["autoRepayBorrows"]),
        )


def _replay_perp_order(books: ReplayedBooks, event: Event) -> None:
    """A resting perp order holds nothing back (§10); an order that filled at once is not kept."""
    details = event.details
    if not details.get("resting") or event.order_id is None or event.price is None or event.quantity is None:
        return
    books.orders[event.order_id] = OpenOrder(
        event.order_id,
        event.symbol,
        details["side"],
        Decimal(event.price),
        Decimal(event.quantity),
        False,
        SETTLEMENT_ASSET,
        Decimal(0),
        Decimal(0),
        bool(details["reduceOnly"]),
        MarketType.PERP,
    )


def _replay_position(books: ReplayedBooks, symbol: str, details) -> None:
    quantity = Decimal(details["netQuantity"])
    if not quantity:
        books.positions.pop(symbol, None)
        return
    books.positions[symbol] = Position(quantity, Decimal(details["entryPrice"]), Decimal(details["settledPrice"]))
