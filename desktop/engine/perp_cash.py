"""The perps' USDC (MARGIN_MODEL.md §10): settlement, funding, and the one netted USDC change.

Every perp movement of money is USDC. The movements of one fill, one settlement round, one funding
round or one liquidation close net into one change, rounded once to 12 places in the venue's favour
(precision 8). A credit lands in ``available``; a debit is paid from ``available``, then from
redeemed USDC ``lent`` (whatever the pool's bounds), then borrowed with the entry fee (Backpack's
``autoBorrowSettlements``; the pool's state or headroom never blocks it [assumed]).
"""

from __future__ import annotations

from datetime import datetime
from decimal import Decimal

from .draft import Draft
from .numbers import ZERO, round_owed, round_received
from .positions import Position
from .vocabulary import SETTLEMENT_ASSET, EventType

TYPE_CHECKING = False  # typing costs start-up time; Any is for the type checker
if TYPE_CHECKING:
    from typing import Any

USDC = SETTLEMENT_ASSET


def in_usdc(draft: Draft, usd: Decimal) -> Decimal:
    """A USD amount as USDC at USDC's mark (precision 5)."""
    mark = draft.marks[USDC]
    return usd if mark == 1 else usd / mark


def move_usdc(draft: Draft, amount: Decimal, reason: str) -> Decimal:
    """Pay (amount < 0) or receive (amount > 0) one netted USDC change; the rounded change.

    The balance change is left pending: the caller's next event carries it."""
    if amount > 0:
        change = round_received(amount)
        if change:
            draft.change(USDC, available=change)
        return change
    if amount < 0:
        owed = round_owed(-amount)
        draft.make_available(USDC, owed, True, reason, forced=True)
        draft.change(USDC, available=-owed)
        return -owed
    return ZERO


def position_details(position: Position | None) -> dict[str, Any]:
    """What a replay needs to rebuild the position after an event (netQuantity 0: removed)."""
    if position is None:
        return {"netQuantity": ZERO}
    return {
        "netQuantity": position.net_quantity,
        "entryPrice": position.entry_price,
        "settledPrice": position.settled_price,
    }


def settle_positions(draft: Draft, reason: str = "PnL settled at the mark") -> None:
    """Pay every position's unsettled PnL ``q·(mark − settledPrice)`` into or out of USDC (one round)."""
    parts = []
    perps = draft.parameters.perps
    for symbol in sorted(draft.positions):
        position = draft.positions[symbol]
        mark = draft.marks[perps[symbol].base]
        if position.settled_price != mark:
            parts.append((symbol, in_usdc(draft, position.net_quantity * (mark - position.settled_price)), mark))
    if not parts:
        return
    change = move_usdc(draft, sum((amount for _, amount, _ in parts), ZERO), reason)
    for index, (symbol, amount, mark) in enumerate(parts):
        held = draft.positions[symbol]
        position = Position(held.net_quantity, held.entry_price, mark)  # ``replace``'s result, built directly
        draft.positions[symbol] = position
        # The round's one rounded USDC change rides on its first event; each event lists its own part.
        details = position_details(position)
        if index == 0:
            details["usdcChange"] = change
        draft.emit(EventType.SETTLEMENT, symbol, amount, mark, None, reason, **details)


def pay_funding(draft: Draft, moment: datetime) -> bool:
    """At a funding time of any held perp: settle every position, then each position due pays
    ``q·P·fundingRate`` (longs pay a positive rate), netted into one USDC change. True if it was one."""
    perps = draft.parameters.perps
    due = [symbol for symbol in sorted(draft.positions) if perps[symbol].is_funding_time(moment)]
    if not due:
        return False
    settle_positions(draft)
    parts = []
    for symbol in due:
        market, position = perps[symbol], draft.positions[symbol]
        mark = draft.marks[market.base]
        amount = in_usdc(draft, -position.net_quantity * mark * market.funding_rate)
        if amount:
            parts.append((symbol, amount, mark, market.funding_rate, position.net_quantity))
    if parts:
        change = move_usdc(draft, sum((part[1] for part in parts), ZERO), "funding")
        for index, (symbol, amount, mark, rate, quantity) in enumerate(parts):
            details: dict[str, Any] = {"fundingRate": rate, "positionQuantity": quantity}
            if index == 0:
                details["usdcChange"] = change
            reason = "funding paid" if amount < 0 else "funding received"
            draft.emit(EventType.FUNDING_PAYMENT, symbol, amount, mark, None, reason, **details)
    return True
