"""The trader's perp actions (MARGIN_MODEL.md §10) on a stored account, each one store transaction
through ``AccountService.perform``: the engine decides, the ledger records the events (order, fill
with its realized PnL, settlement, any fee borrow), the store keeps the positions and orders. A
refusal is returned as the engine's ``Outcome`` (``outcome.refusal.code`` / ``.message``) and writes
nothing.

What the window calls (through ``Session``, which re-emits the change to the views):

- ``place_perp_order(accounts, name, symbol, side, order_type, quantity, price=None, reduce_only=False)``
- ``close_position(accounts, name, symbol)``: a market reduce-only order for the whole size
- ``cancel_perp_order(accounts, name, order_id)``
- ``position_totals(accounts, name)``: per open position, when it opened and its funding, fees and
  realized PnL since then (``engine.position_totals.PositionTotals``)
"""

from __future__ import annotations

from decimal import Decimal

from ..engine import Outcome, cancel_order, place_order
from ..engine.actions import refuse
from ..engine.position_totals import PositionTotals
from ..engine.positions import closing_side
from ..engine.vocabulary import OrderType, RefusalCode
from ..store import ledger
from .accounts import AccountService


def place_perp_order(
    accounts: AccountService,
    name: str,
    symbol: str,
    side: str,
    order_type: str,
    quantity: Decimal,
    price: Decimal | None = None,
    reduce_only: bool = False,
) -> Outcome:
    """A perp order on ``symbol`` (e.g. ``SOL_USDC_PERP``): ``side`` Bid (buy/long) or Ask (sell/short),
    ``order_type`` Market or Limit (``price`` for a Limit), ``reduce_only`` as on Backpack."""

    def action(state, parameters) -> Outcome:
        if symbol not in parameters.perps:
            return refuse(state, RefusalCode.INVALID_SYMBOL, f"{symbol!r} is not a perp market")
        return place_order(state, parameters, symbol, side, order_type, quantity, price, False, reduce_only)

    return accounts.perform(name, action)


def close_position(accounts: AccountService, name: str, symbol: str) -> Outcome:
    """Close the whole ``symbol`` position with a market reduce-only order (refused when there is none)."""

    def action(state, parameters) -> Outcome:
        position = state.account.positions.get(symbol)
        if position is None:
            return refuse(state, RefusalCode.REDUCE_ONLY_NOT_REDUCED, f"there is no {symbol} position to close")
        side, size = closing_side(position), abs(position.net_quantity)
        return place_order(state, parameters, symbol, side, OrderType.MARKET, size, None, False, True)

    return accounts.perform(name, action)


def cancel_perp_order(accounts: AccountService, name: str, order_id: str) -> Outcome:
    """Cancel the resting perp order ``order_id`` (UNKNOWN_ORDER if no resting perp order has that id)."""

    def action(state, parameters) -> Outcome:
        order = state.order(order_id)
        if order is None or not order.is_perp:
            return refuse(state, RefusalCode.UNKNOWN_ORDER, f"no open perp order {order_id!r}")
        return cancel_order(state, parameters, order_id)

    return accounts.perform(name, action)


def position_totals(accounts: AccountService, name: str) -> dict[str, PositionTotals]:
    """Per open perp position of ``name``: when it opened and the funding (signed: + received), fees
    and realized PnL (USDC) since then, as stored beside it and proved by the ledger replay."""
    return ledger.position_totals(accounts.load(name).row.id)
