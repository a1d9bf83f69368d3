"""What one action or tick changed in the open account, as a value the views read (gitfourchette's
``TaskEffects``, made a frozen dataclass): each view updates only for the parts it shows.

A change is built from the events the engine recorded (their ``balance_changes`` and
``pool_changes`` name the assets whose books moved) and from what moves without an event: the
clock and the marks. Plain Python, no Qt: the session carries it on its one ``changed`` signal.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from ..engine import AccountState, Event
from ..engine.vocabulary import EventType, liquidation_steps

NOTHING: frozenset[str] = frozenset()
ORDER_EVENTS = frozenset({EventType.ORDER_PLACED, EventType.ORDER_CANCELLED, EventType.FILL})
INTEREST_EVENTS = frozenset({EventType.INTEREST, EventType.ENTRY_FEE})
# Events that move a perp position or what it has paid (a fill moves one only on a perp market).
POSITION_EVENTS = frozenset({EventType.SETTLEMENT, EventType.FUNDING_PAYMENT, EventType.LIQUIDATION})


@dataclass(frozen=True, slots=True)
class Change:
    account: str  # the open account's name
    opened: bool = False  # another account is open: every figure, list and chart starts again
    clock: bool = False  # simulated time moved (a tick: new price ticks and an equity snapshot are stored)
    marks: frozenset[str] = NOTHING  # assets whose mark moved
    balances: frozenset[str] = NOTHING  # assets whose balance moved
    pools: frozenset[str] = NOTHING  # pools whose totals moved
    orders: bool = False  # open orders placed, cancelled or filled
    fills: bool = False
    history: bool = False  # the ledger has new events
    interest: bool = False  # interest or entry fees charged or earned
    settings: bool = False  # Max Account Leverage, Auto Lend, auto repay
    positions: bool = False  # perpetual positions opened, moved, settled or closed
    funding: bool = False  # funding paid or received on a position
    feed: bool = False  # the price feed was replaced
    liquidation_steps: int = 0

    @classmethod
    def of(cls, account: str, events: Iterable[Event], before: AccountState, after: AccountState) -> Change:
        """What ``events`` (one action or tick) did, taking ``before`` to ``after``."""
        events = tuple(events)
        kinds = {event.type for event in events}
        balances: set[str] = set()
        pools: set[str] = set()
        for event in events:
            balances.update(event.balance_changes)
            pools.update(event.pool_changes)
        marks = NOTHING
        if before.marks is not after.marks:
            marks = frozenset(symbol for symbol, mark in after.marks.items() if before.marks.get(symbol) != mark)
        return cls(
            account,
            clock=before.time != after.time,
            marks=marks,
            balances=frozenset(balances),
            pools=frozenset(pools),
            orders=bool(kinds & ORDER_EVENTS) or before.orders != after.orders,
            fills=EventType.FILL in kinds,
            history=bool(events),
            interest=bool(kinds & INTEREST_EVENTS),
            settings=EventType.SETTINGS_CHANGED in kinds or before.account.settings != after.account.settings,
            positions=bool(kinds & POSITION_EVENTS) or before.account.positions != after.account.positions,
            funding=EventType.FUNDING_PAYMENT in kinds,
            liquidation_steps=liquidation_steps(events),
        )

    @classmethod
    def everything(cls, account: str, assets: Iterable[str], opened: bool = True) -> Change:
        """Every part changed: another account is open (``opened``), or work elsewhere moved this one."""
        every = frozenset(assets)
        return cls(
            account,
            opened=opened,
            clock=True,
            marks=every,
            balances=every,
            pools=every,
            orders=True,
            fills=True,
            history=True,
            interest=True,
            settings=True,
            positions=True,
            funding=True,
            feed=True,
        )

    def __or__(self, other: Change) -> Change:
        """Both changes at once (the later one's account): what a view hidden through both must catch up on.
        Field by field, written out: a hidden view merges one every tick (``fields()`` and ``getattr``
        cost four times as much)."""
        return Change(
            other.account,
            self.opened or other.opened,
            self.clock or other.clock,
            self.marks | other.marks,
            self.balances | other.balances,
            self.pools | other.pools,
            self.orders or other.orders,
            self.fills or other.fills,
            self.history or other.history,
            self.interest or other.interest,
            self.settings or other.settings,
            self.positions or other.positions,
            self.funding or other.funding,
            self.feed or other.feed,
            self.liquidation_steps + other.liquidation_steps,
        )

    @property
    def valuation(self) -> bool:
        """Whether net equity, margins and limits may have moved (marks, balances or the leverage setting)."""
        return bool(self.opened or self.marks or self.balances or self.settings or self.positions)

    @property
    def state(self) -> bool:
        """Whether anything an order or action preview reads moved (the clock too: entry fees run to the hour)."""
        return self.valuation or self.clock or self.orders or bool(self.pools)
