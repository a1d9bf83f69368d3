"""The events that bring an imported account into a ledger, so it replays like any other.

One ``AccountImported`` event carries the balances; a ``SettingsChanged`` the settings; one
``OrderPlaced`` (resting) each open order, spot or perp; and one ``AccountImported`` on each perp
symbol the position as the file gave it (``netQuantity``, ``entryPrice``, ``settledPrice``, as the
fills and settlements of §10 leave it), all at the file's time.
"""

from __future__ import annotations

from .perp_cash import position_details
from .state import AccountState, Event
from .vocabulary import EventType, MarketType, OrderType

BALANCE_FIELDS = ("available", "locked", "lent", "borrowed", "pending_borrow")


def import_events(state: AccountState, source: str = "an ACCOUNT.json file") -> list[Event]:
    """What a ledger records for an account that starts as ``state`` (imported from ``source``)."""
    time = state.time
    events = [
        Event(
            EventType.ACCOUNT_IMPORTED,
            "",
            time,
            reason=f"imported from {source}",
            balance_changes={
                symbol: {name: getattr(balance, name) for name in BALANCE_FIELDS}
                for symbol, balance in state.account.balances.items()
            },
        )
    ]
    settings = state.account.settings
    events.append(
        Event(
            EventType.SETTINGS_CHANGED,
            "",
            time,
            reason="settings from the imported file",
            details={
                "leverageLimit": str(settings.leverage_limit),
                "autoLend": settings.auto_lend,
                "autoRepayBorrows": settings.auto_repay_borrows,
            },
        )
    )
    for symbol, position in sorted(state.account.positions.items()):
        events.append(
            Event(
                EventType.ACCOUNT_IMPORTED,
                symbol,
                time,
                position.net_quantity,
                position.entry_price,
                reason="position from the imported file",
                details=position_details(position),
            )
        )
    for order in state.orders:
        if order.is_perp:
            details = {"side": order.side, "reduceOnly": order.reduce_only, "marketType": MarketType.PERP}
        else:
            details = {
                "side": order.side,
                "margin": order.margin,
                "payingAsset": order.paying_asset,
                "locked": str(order.locked),
                "pendingBorrow": str(order.pending_borrow),
            }
        events.append(
            Event(
                EventType.ORDER_PLACED,
                order.symbol,
                time,
                order.quantity,
                order.price,
                order.id,
                OrderType.LIMIT,
                details={**details, "resting": True},
            )
        )
    return events
