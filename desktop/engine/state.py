"""The moving state of a simulated account: balances, marks, pools, clock, resting orders; and events.

``AccountState`` is immutable: every action returns a new one (or a refusal and the old one).
"""

from __future__ import annotations

from collections.abc import Mapping
from datetime import datetime
from decimal import Decimal

from .account import Account
from .order_book import EMPTY_BOOK, OrderBook
from .parameters import MarginParameters, Pool
from .records import dataclass, field, replace
from .vocabulary import MarketType, OrderType, RefusalCode, Side

TYPE_CHECKING = False  # typing costs start-up time; Any is for the type checker
if TYPE_CHECKING:
    from typing import Any

# Short names the engine has always used; the words themselves live in vocabulary.py.
BID, ASK = Side.BID, Side.ASK
SIDES = tuple(Side)
MARKET, LIMIT = OrderType.MARKET, OrderType.LIMIT


@dataclass(frozen=True, slots=True)
class OpenOrder:
    """A resting limit order and what it holds back: ``locked`` now, ``pending_borrow`` at the fill.

    A perp order (§10) holds nothing back (``locked`` and ``pending_borrow`` 0, ``margin`` False,
    paying asset USDC): its risk is counted as exposure unless it is ``reduce_only``."""

    id: str
    symbol: str  # market, e.g. SOL_USDC or SOL_USDC_PERP
    side: str
    price: Decimal
    quantity: Decimal
    margin: bool
    paying_asset: str
    locked: Decimal
    pending_borrow: Decimal
    reduce_only: bool = False
    market_type: str = MarketType.SPOT

    @property
    def is_perp(self) -> bool:
        return self.market_type == MarketType.PERP


@dataclass(frozen=True, slots=True)
class Event:
    """One thing that happened, in the shape of §8 (``type``, ``symbol`` and what applies)."""

    type: str
    symbol: str
    time: datetime
    quantity: Decimal | None = None
    price: Decimal | None = None
    order_id: str | None = None
    reason: str | None = None
    details: Mapping[str, Any] = field(default_factory=dict)
    # What the event did to the books, so a ledger can be replayed without the engine:
    # {asset: {"available": Δ, "locked": Δ, "lent": Δ, "borrowed": Δ, "pending_borrow": Δ}} and
    # {asset: (Δ pool lentQuantity, Δ pool borrowedQuantity)}.
    balance_changes: Mapping[str, Mapping[str, Decimal]] = field(default_factory=dict)
    pool_changes: Mapping[str, tuple[Decimal, Decimal]] = field(default_factory=dict)


@dataclass(frozen=True)
class AccountState:
    account: Account
    marks: Mapping[str, Decimal]
    pools: Mapping[str, Pool]
    time: datetime
    orders: OrderBook = EMPTY_BOOK  # a tuple or list of OpenOrder is indexed into a book on creation
    last_order_id: int = 0

    def __post_init__(self) -> None:
        if not isinstance(self.orders, OrderBook):
            object.__setattr__(self, "orders", OrderBook.of(self.orders))

    @classmethod
    def opening(cls, parameters: MarginParameters, account: Account | None = None) -> AccountState:
        """A state at the snapshot's time, marks and pools."""
        return cls(
            account=account or Account(),
            marks=dict(parameters.marks),
            pools=dict(parameters.pools),
            time=parameters.snapshot_time,
        )

    def with_marks(self, **marks: Decimal) -> AccountState:
        return replace(self, marks={**self.marks, **marks})

    def order(self, order_id: str) -> OpenOrder | None:
        return self.orders.get(order_id)


@dataclass(frozen=True, slots=True)
class Refusal:
    """An action the venue refused: nothing changed. ``code`` is one of ``REFUSAL_CODES``."""

    code: str
    message: str


@dataclass(frozen=True, slots=True)
class Outcome:
    """The result of one action: the new state and its events, or a refusal and the old state."""

    state: AccountState
    events: tuple[Event, ...] = ()
    refusal: Refusal | None = None

    @property
    def accepted(self) -> bool:
        return self.refusal is None


# The checks of §5 in the order they run (RefusalCode's own order).
REFUSAL_CODES = tuple(RefusalCode)
