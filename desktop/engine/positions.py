"""Perp positions and their part of the account's figures (MARGIN_MODEL.md §10).

For each perp market m with position q at mark P: unsettled PnL ``u = q·(P − settledPrice)``;
worst-case size ``S = max(|q + B|, |q − A|)`` with B and A the resting Bid and Ask quantities that
are not reduce-only; exposure ``E = S·P``; size-scaled ``imf``/``mmf`` as a borrow's, with the
leverage floor in the IMF only.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from decimal import Decimal

from .numbers import ZERO, size_scaled
from .records import dataclass
from .vocabulary import Side


@dataclass(frozen=True, slots=True)
class Position:
    """``netQuantity`` signed (long > 0, short < 0, never 0); prices unrounded."""

    net_quantity: Decimal
    entry_price: Decimal
    settled_price: Decimal  # the price up to which PnL has been paid into USDC

    @property
    def is_long(self) -> bool:
        return self.net_quantity > 0


@dataclass(frozen=True, slots=True)
class RestingSize:
    """The quantities of one perp market's resting orders that are not reduce-only: ``B`` and ``A``."""

    bids: Decimal = ZERO
    asks: Decimal = ZERO


@dataclass(frozen=True, slots=True)
class PositionTerms:
    """One perp market's part of the account's figures."""

    pnl: Decimal  # u = q·(P − settledPrice)
    exposure_quantity: Decimal  # S
    exposure: Decimal  # E = S·P
    imf: Decimal
    mmf: Decimal
    initial_margin: Decimal  # E·imf
    maintenance_margin: Decimal  # E·mmf


def worst_case_size(quantity: Decimal, resting: RestingSize | None) -> Decimal:
    if resting is None:
        return abs(quantity)
    return max(abs(quantity + resting.bids), abs(quantity - resting.asks))


def margin_fractions(market, exposure: Decimal, leverage_floor: Decimal) -> tuple[Decimal, Decimal]:
    """(imf, mmf) of a perp exposure E: ``max(base, 1/leverageLimit, factor·√E)``, ``max(base, factor·√E)``."""
    if not exposure:
        return ZERO, ZERO
    return size_scaled(market.imf, exposure, leverage_floor), size_scaled(market.mmf, exposure)


def position_terms(
    market, position: Position | None, resting: RestingSize | None, mark: Decimal, leverage_floor: Decimal
) -> PositionTerms:
    quantity = position.net_quantity if position is not None else ZERO
    pnl = quantity * (mark - position.settled_price) if position is not None else ZERO
    size = worst_case_size(quantity, resting)
    exposure = size * mark
    imf, mmf = margin_fractions(market, exposure, leverage_floor)
    return PositionTerms(pnl, size, exposure, imf, mmf, exposure * imf, exposure * mmf)


def resting_sizes(orders: Iterable, perps: Mapping) -> dict[str, RestingSize]:
    """B and A per perp market from open orders (reduce-only ones never count, §10 precision 4)."""
    indexed = getattr(orders, "perp_totals", None)
    if indexed is not None:  # an order book keeps them as orders come and go: no walk over every order
        return {symbol: RestingSize(bids, asks) for symbol, (bids, asks) in indexed().items() if symbol in perps}
    sizes: dict[str, list[Decimal]] = {}
    for order in orders:
        if not order.is_perp or order.reduce_only or order.symbol not in perps:
            continue
        both = sizes.setdefault(order.symbol, [ZERO, ZERO])
        both[0 if order.side == Side.BID else 1] += order.quantity
    return {symbol: RestingSize(bids, asks) for symbol, (bids, asks) in sizes.items()}


def signed(side: str, quantity: Decimal) -> Decimal:
    """A fill's signed size d: a Bid adds to the position, an Ask takes from it."""
    return quantity if side == Side.BID else -quantity


def closing_side(position: Position) -> str:
    return Side.ASK if position.is_long else Side.BID
