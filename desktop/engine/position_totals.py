"""What each open perp position has paid and realized since it opened: the positions panel's
"funding paid", fees and realized PnL, read from the events alone.

The store keeps these beside each position and the ledger replay recomputes them the same way, so
``margin-desk verify`` proves them too. A position starts afresh when it opens (from nothing, from an
imported file, or when a fill flips its side) and is forgotten when it reaches 0.
"""

from __future__ import annotations

from datetime import datetime
from decimal import Decimal

from .records import dataclass, replace
from .state import Event
from .vocabulary import EventType

ZERO = Decimal(0)

# Events that leave a perp position behind them (their details carry netQuantity, entryPrice and
# settledPrice; netQuantity 0 removes it). An imported position is an AccountImported event on the perp.
POSITION_EVENTS = frozenset({EventType.FILL, EventType.SETTLEMENT, EventType.LIQUIDATION, EventType.ACCOUNT_IMPORTED})
# Events that pay a fee or realize PnL on the position they leave behind.
_CLOSING_EVENTS = frozenset({EventType.FILL, EventType.LIQUIDATION})


@dataclass(frozen=True, slots=True)
class PositionTotals:
    """Since the position opened: ``funding`` (USDC, signed: positive received, negative paid),
    ``fees`` (USDC paid: trading fees of its fills and liquidation fees), ``realized_pnl`` (USDC the
    fills and liquidation closes that reduced it realized: the sum of their ``realizedPnl``)."""

    opened: datetime
    long: bool
    funding: Decimal = ZERO
    fees: Decimal = ZERO
    realized_pnl: Decimal = ZERO


def _number(value) -> Decimal:
    return value if isinstance(value, Decimal) else Decimal(str(value))


def track(totals: dict[str, PositionTotals], event: Event) -> None:
    """Update ``totals`` (perp symbol → PositionTotals) for one event, in ledger order."""
    kind, details, symbol = event.type, event.details, event.symbol
    if kind == EventType.FUNDING_PAYMENT:
        current = totals.get(symbol)
        if current is not None and event.quantity is not None:
            totals[symbol] = replace(current, funding=current.funding + _number(event.quantity))
        return
    if kind not in POSITION_EVENTS or "netQuantity" not in details:
        return
    quantity = _number(details["netQuantity"])
    if not quantity:
        totals.pop(symbol, None)
        return
    fee = _number(details.get("fee", ZERO)) if kind in _CLOSING_EVENTS else ZERO
    current = totals.get(symbol)
    if current is None or current.long != (quantity > 0):  # opened now, or flipped: a new position
        totals[symbol] = PositionTotals(event.time, quantity > 0, fees=fee)
        return
    if kind in _CLOSING_EVENTS:
        realized = _number(details.get("realizedPnl", ZERO))
        totals[symbol] = replace(current, fees=current.fees + fee, realized_pnl=current.realized_pnl + realized)
