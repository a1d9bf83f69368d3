"""Check 1 of an order's refusals (MARGIN_MODEL.md §5, §10), shared by spot and perp orders: side and
type, then quantity (a number above 0, within the engine's range, on the market's step, at least its
minimum), then a limit price (a positive multiple of the tick, within the price range)."""

from __future__ import annotations

from decimal import Decimal

from .actions import refuse
from .boundary.bounds import MAX_AMOUNT, MAX_PRICE, MIN_PRICE, PRICE_RANGE
from .numbers import is_multiple_of, plain
from .state import AccountState, Outcome
from .vocabulary import OrderType, RefusalCode, Side

TYPE_CHECKING = False  # typing costs start-up time; Any is for the type checker
if TYPE_CHECKING:
    from typing import Any

SIDES = tuple(Side)
ORDER_TYPES = tuple(OrderType)


def order_shape_refusal(
    state: AccountState, market: Any, side: str, order_type: str, quantity: Decimal, price: Decimal | None
) -> Outcome | None:
    """The refusal of an order on a known ``market`` (spot or perp) whose shape is wrong, or None."""
    if side not in SIDES or order_type not in ORDER_TYPES:
        return refuse(state, RefusalCode.INVALID_SYMBOL, "side must be Bid or Ask, order type Market or Limit")
    if not isinstance(quantity, Decimal) or not quantity.is_finite() or quantity <= 0:
        return refuse(state, RefusalCode.INVALID_QUANTITY, "the quantity must be a number above 0")
    if quantity > MAX_AMOUNT:
        return refuse(state, RefusalCode.INVALID_QUANTITY, f"the quantity must be at most {plain(MAX_AMOUNT)}")
    if not is_multiple_of(quantity, market.step_size) or quantity < market.min_quantity:
        return refuse(
            state,
            RefusalCode.INVALID_QUANTITY,
            f"the quantity must be a multiple of {market.step_size}, at least {market.min_quantity}",
        )
    if order_type == OrderType.LIMIT:
        if price is None or not price.is_finite() or price <= 0 or not is_multiple_of(price, market.tick_size):
            return refuse(
                state, RefusalCode.INVALID_PRICE, f"the limit price must be a positive multiple of {market.tick_size}"
            )
        if not MIN_PRICE <= price <= MAX_PRICE:
            return refuse(state, RefusalCode.INVALID_PRICE, f"the limit price must lie within {PRICE_RANGE}")
    return None
