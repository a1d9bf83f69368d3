"""What the order forms say after Place: a fill, or an order resting on the book with its terms."""

from __future__ import annotations

from decimal import Decimal

from ..engine.vocabulary import SETTLEMENT_ASSET


def spot_order_result(
    formats, market: str, quote: str, order_id: str, filled: bool, price: Decimal | None, borrows: dict[str, Decimal]
) -> str:
    """A fill says so; a resting order says it rests, at what price, and what it borrows when it fills."""
    if filled:
        return f"Order {order_id} filled."
    text = f"Order {order_id} rests on the book at {formats.price(market, price)} {quote} (in Open orders)"
    if borrows:
        owed = ", ".join(f"{formats.quantity(s, q)} {s}" for s, q in borrows.items())
        return f"{text}; when it fills it borrows {owed} (entry fee included)."
    return f"{text}; nothing is borrowed when it fills."


def perp_order_result(
    formats, market: str, order_id: str, fill, price: Decimal | None, size: str, position: str
) -> str:
    """A resting perp order says where it rests; a fill gives its ``size``, price, realized PnL and the
    ``position`` after it."""
    if fill is None:
        return (
            f"Order {order_id} rests on the book at {formats.price(market, price)} USDC "
            f"(in Open orders); it fills when the mark reaches it."
        )
    realized = Decimal(str(fill.details.get("realizedPnl", "0")))
    pnl = f", realized {formats.quantity(SETTLEMENT_ASSET, realized)} USDC" if realized else ""
    return f"Order {order_id} filled: {size} at {formats.price(market, fill.price)} USDC{pnl}. Position: {position}."
