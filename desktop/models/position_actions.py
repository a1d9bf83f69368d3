"""The positions panel's row actions, each one transaction through the session: Close (a market
reduce-only order for the whole position), Repay, Redeem, Cancel."""

from __future__ import annotations

from decimal import Decimal
from typing import TYPE_CHECKING

from ..engine.vocabulary import Side

if TYPE_CHECKING:
    from ..engine import Outcome
    from .session import Session


def closing_order(session: Session, symbol: str) -> tuple[str, Decimal] | None:
    """The side and size of the market reduce-only order that closes ``symbol``'s position (None: flat)."""
    position = session.state.account.positions.get(symbol)
    if position is None:
        return None
    return (Side.ASK if position.is_long else Side.BID), abs(position.net_quantity)


def close_position(session: Session, symbol: str) -> Outcome:
    """Close the whole position at market, reduce only: it cannot open the other side."""
    return session.close_position(symbol)


def repayable(session: Session, symbol: str) -> Decimal:
    """What a repay of ``symbol`` can take now: the borrow, up to what is available."""
    balance = session.state.account.balance(symbol)
    return min(balance.borrowed, balance.available)


def lent(session: Session, symbol: str) -> Decimal:
    return session.state.account.balance(symbol).lent
