"""Replaying a ledger: rebuild an account's books from its events alone (no engine decisions).

Every event carries the balance and pool changes it made (``Event.balance_changes`` and
``pool_changes``), the orders it opened or closed and the settings it set, so summing them from an
empty account over the snapshot's pools must give back the stored state exactly.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from decimal import Decimal

from .account import AccountSettings, AssetBalance
from .parameters import Pool
from .records import dataclass, field, replace
from .state import Event, OpenOrder
from .vocabulary import EventType


@dataclass
class ReplayedBooks:
    balances: dict[str, AssetBalance] = field(default_factory=dict)
    pools: dict[str, Pool] = field(default_factory=dict)
    orders: dict[str, OpenOrder] = field(default_factory=dict)
    settings: AccountSettings = field(default_factory=AccountSettings)
    last_order_id: int = 0

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
    for symbol, deltas in event.balance_changes.items():
        balance = books.balances.get(symbol) or AssetBalance()
        books.balances[symbol] = replace(
            balance, **{name: getattr(balance, name) + Decimal(delta) for name, delta in deltas.items()}
        )
    for symbol, (lent, borrowed) in event.pool_changes.items():
        pool = books.pools[symbol]
        books.pools[symbol] = Pool(pool.lent_quantity + Decimal(lent), pool.borrowed_quantity + Decimal(borrowed))
    details = event.details
    if event.type == EventType.ORDER_PLACED:
        order_id, price, quantity = event.order_id, event.price, event.quantity
        if order_id is None:
            raise ValueError(f"{event.type} at {event.time} without an order id")
        books.last_order_id = max(books.last_order_id, int(order_id))
        if details.get("resting"):
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
