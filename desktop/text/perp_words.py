"""Perp sizes, positions and refusals in the trader's words (MARGIN_MODEL.md §10): the market as
SOL-PERP, a position signed (+ long, − short), a refusal with what the trader can do about it."""

from __future__ import annotations

from decimal import Decimal

from ..engine import PerpMarket
from ..engine.state import Refusal
from ..engine.vocabulary import RefusalCode
from .formatting import grouped, places_of
from .refusals import refusal_text


def perp_name(market: PerpMarket) -> str:
    return f"{market.base}-PERP"


def size_text(market: PerpMarket, quantity: Decimal) -> str:
    """A quantity of the base to the market's step: ``60.00 SOL``."""
    return f"{grouped(quantity, places_of(market.step_size))} {market.base}"


def position_text(market: PerpMarket, quantity: Decimal, none: str = "none") -> str:
    """``+60.00 SOL (long)``, ``−3.00 SOL (short)``, or ``none``."""
    if not quantity:
        return none
    sign = "+" if quantity > 0 else "−"
    return f"{sign}{size_text(market, abs(quantity))} ({'long' if quantity > 0 else 'short'})"


def funding_text(market: PerpMarket) -> str:
    hours = market.funding_interval_ms // 3_600_000
    every = "hour" if hours == 1 else f"{hours} hours"
    return f"{grouped(market.funding_rate * 100, 5)} % per {every}"


def perp_refusal_text(refusal: Refusal, market: PerpMarket, held: Decimal) -> str:
    """The engine's refusal of a perp order in plain words; the perp ones say what to do."""
    name = perp_name(market)
    if refusal.code == RefusalCode.REDUCE_ONLY_NOT_REDUCED:
        return (
            f"Reduce only: the order must be on the other side of the {name} position and no larger than it "
            f"(position: {position_text(market, held)})."
        )
    if refusal.code == RefusalCode.TRADING_PAUSED:
        return f"{name} is closed for new positions: only reduce-only orders are taken."
    if refusal.code == RefusalCode.INSUFFICIENT_MARGIN:
        return (
            "Not enough available equity: this position would need more initial margin than the account has "
            "free. Lower the quantity or press Max."
        )
    return refusal_text(refusal)
