"""Spot orders on ``BASE_QUOTE`` (MARGIN_MODEL.md §5): place, rest, fill, cancel; and the form's Max.

A market order, or a limit order priced through the half-spread, fills at once at
``mark·(1 ± halfSpread)`` with the taker fee. Any other limit order rests: it reserves what it will
pay in ``locked`` (and, with Margin ticked, the shortfall in ``pendingBorrow``) and fills in full at
its own price with the maker fee once the mark reaches it, oldest order first.
"""

from __future__ import annotations

from decimal import Decimal, localcontext

from .actions import refuse, run_checked
from .draft import Draft
from .numbers import ENGINE_CONTEXT, ZERO, engine_precision, is_multiple_of, round_owed, round_received
from .order_checks import order_shape_refusal
from .parameters import MarginParameters, SpotMarket
from .perp_orders import fill_resting_perp, max_perp_order_quantity, perp_order_crosses, place_perp_order
from .search import largest_passing_step
from .state import ASK, BID, LIMIT, MARKET, AccountState, OpenOrder, Outcome
from .vocabulary import EventType, RefusalCode


def market_price(marks, market: SpotMarket) -> Decimal:
    """The market's mark: base mark in units of the quote asset."""
    return marks[market.base] / marks[market.quote]


def taker_price(parameters: MarginParameters, marks, market: SpotMarket, side: str) -> Decimal:
    spread = parameters.assumptions.half_spread
    mark = market_price(marks, market)
    return mark * (1 + spread) if side == BID else mark * (1 - spread)


def crosses_now(parameters: MarginParameters, marks, market: SpotMarket, side: str, price: Decimal | None) -> bool:
    if price is None:
        return True
    touch = taker_price(parameters, marks, market, side)
    return price >= touch if side == BID else price <= touch


def order_refusal(
    state: AccountState,
    parameters: MarginParameters,
    symbol: str,
    side: str,
    order_type: str,
    quantity: Decimal,
    price: Decimal | None,
) -> Outcome | None:
    """Check 1 for an order."""
    market = parameters.markets.get(symbol) if isinstance(symbol, str) else None
    if market is None:
        return refuse(state, RefusalCode.INVALID_SYMBOL, f"unknown market {symbol!r}")
    return order_shape_refusal(state, market, side, order_type, quantity, price)


def fill_now(draft: Draft, market: SpotMarket, side: str, quantity: Decimal, margin: bool, order_id: str) -> None:
    """A taker fill at the touch: pay one side, receive the other."""
    assumptions = draft.parameters.assumptions
    price = taker_price(draft.parameters, draft.marks, market, side)
    notional = quantity * price
    if side == BID:
        cost = round_owed(notional * (1 + assumptions.taker_fee))
        draft.pay(market.quote, cost, margin, "spot margin buy" if margin else "buy")
        draft.receive(market.base, quantity, margin, "spot margin buy")
        quote_moved, fee = cost, cost - notional
    else:
        draft.pay(market.base, quantity, margin, "spot margin sell" if margin else "sell")
        proceeds = round_received(notional * (1 - assumptions.taker_fee))
        draft.receive(market.quote, proceeds, margin, "spot margin sell")
        quote_moved, fee = proceeds, notional - proceeds
    draft.emit(
        EventType.FILL,
        market.symbol,
        quantity,
        price,
        order_id,
        "taker",
        side=side,
        fee=fee,
        quoteQuantity=quote_moved,
        margin=margin,
    )


@engine_precision
def place_order(
    state: AccountState,
    parameters: MarginParameters,
    symbol: str,
    side: str,
    order_type: str,
    quantity: Decimal,
    price: Decimal | None = None,
    margin: bool = False,
    reduce_only: bool = False,
) -> Outcome:
    """A spot order, or (§10) a perp order when ``symbol`` is a perp market (``margin`` is then moot)."""
    if isinstance(symbol, str) and symbol in parameters.perps:
        return place_perp_order(state, parameters, symbol, side, order_type, quantity, price, reduce_only)
    refused = order_refusal(state, parameters, symbol, side, order_type, quantity, price)
    if refused:
        return refused
    market = parameters.markets[symbol]
    limit_price = price if order_type == LIMIT else None

    def carry_out(draft: Draft) -> None:
        draft.last_order_id += 1
        order_id = str(draft.last_order_id)
        if limit_price is None or crosses_now(parameters, draft.marks, market, side, limit_price):
            draft.emit(
                EventType.ORDER_PLACED,
                symbol,
                quantity,
                limit_price,
                order_id,
                order_type,
                side=side,
                margin=margin,
                resting=False,
            )
            fill_now(draft, market, side, quantity, margin, order_id)
            return
        if side == BID:
            paying, amount = market.quote, round_owed(quantity * limit_price * (1 + parameters.assumptions.maker_fee))
        else:
            paying, amount = market.base, quantity
        locked, pending = draft.reserve(paying, amount, margin, "reserve for a resting order")
        draft.orders.append(OpenOrder(order_id, symbol, side, limit_price, quantity, margin, paying, locked, pending))
        # Emitted after the reservation, so the event carries it (locked, pendingBorrow) for the ledger.
        draft.emit(
            EventType.ORDER_PLACED,
            symbol,
            quantity,
            limit_price,
            order_id,
            order_type,
            side=side,
            margin=margin,
            resting=True,
            payingAsset=paying,
            locked=locked,
            pendingBorrow=pending,
        )

    return run_checked(state, parameters, carry_out)


@engine_precision
def cancel_order(state: AccountState, parameters: MarginParameters, order_id: str) -> Outcome:
    order = state.order(str(order_id))
    if order is None:
        return refuse(state, "UNKNOWN_ORDER", f"no open order {order_id!r}")

    def carry_out(draft: Draft) -> None:
        cancel(draft, order, "cancelled by the trader")

    return run_checked(state, parameters, carry_out)


def cancel(draft: Draft, order: OpenOrder, reason: str) -> None:
    draft.orders.remove(order)
    if not order.is_perp:  # a perp order holds nothing back
        draft.release(order)
    draft.emit(EventType.ORDER_CANCELLED, order.symbol, order.quantity, order.price, order.id, reason, side=order.side)


def fill_resting(draft: Draft, order: OpenOrder) -> None:
    """Fill a resting order at its own price (maker fee); a pool that cannot lend cancels it instead."""
    market = draft.parameters.markets[order.symbol]
    saved = draft.checkpoint()
    draft.problems = set()
    draft.orders.remove(order)
    # Its reservation is spent: locked goes, and the pending part is paid like any fill.
    draft.change(order.paying_asset, locked=-order.locked, pending_borrow=-order.pending_borrow)
    if order.pending_borrow:
        draft.pay(order.paying_asset, order.pending_borrow, True, "resting margin order filled")
    notional = order.quantity * order.price
    if order.side == BID:
        cost = order.locked + order.pending_borrow
        draft.receive(market.base, order.quantity, order.margin, "spot margin buy")
        quote_moved, fee = cost, cost - notional
    else:
        proceeds = round_received(notional * (1 - draft.parameters.assumptions.maker_fee))
        draft.receive(market.quote, proceeds, order.margin, "spot margin sell")
        quote_moved, fee = proceeds, notional - proceeds
    if draft.problems:
        reason = "INSUFFICIENT_SUPPLY" if "INSUFFICIENT_SUPPLY" in draft.problems else min(draft.problems)
        draft.restore(saved)
        cancel(draft, order, reason)
        draft.apply_automatic_rules()
        return
    draft.problems = saved[4]
    draft.emit(
        EventType.FILL,
        order.symbol,
        order.quantity,
        order.price,
        order.id,
        "maker",
        side=order.side,
        fee=fee,
        quoteQuantity=quote_moved,
        margin=order.margin,
    )
    draft.apply_automatic_rules()


def fill_crossing_orders(draft: Draft) -> None:
    """Fill every resting order the mark has reached, spot and perp, oldest first (found by price in the book)."""
    markets, perps = draft.parameters.markets, draft.parameters.perps

    def mark_of(symbol: str) -> Decimal:
        """The mark an order's price is compared with: the market's, or a perp's base mark."""
        if symbol in perps:
            return draft.marks[perps[symbol].base]
        return market_price(draft.marks, markets[symbol])

    for order in draft.orders.book.crossing(mark_of):
        if draft.orders.get(order.id) is not order:
            continue  # an earlier fill took it off the book
        if order.is_perp:
            if perp_order_crosses(draft, order):
                fill_resting_perp(draft, order)
            continue
        market = markets[order.symbol]
        mark = market_price(draft.marks, market)
        if (order.side == BID and mark <= order.price) or (order.side == ASK and mark >= order.price):
            fill_resting(draft, order)


def max_order_quantity(
    state: AccountState,
    parameters: MarginParameters,
    symbol: str,
    side: str,
    price: Decimal | None = None,
    margin: bool = False,
    reduce_only: bool = False,
) -> Decimal:
    """The Spot form's Max: the largest quantity (market step) that ``place_order`` accepts, fees included."""
    if symbol in parameters.perps:
        return max_perp_order_quantity(state, parameters, symbol, side, price, reduce_only)
    with localcontext(ENGINE_CONTEXT):
        market = parameters.markets[symbol]
        order_type = MARKET if price is None else LIMIT
        step = market.step_size

        def accepted(n: int) -> Decimal:
            outcome = place_order(state, parameters, symbol, side, order_type, n * step, price, margin)
            return Decimal(1) if outcome.accepted else Decimal(-1)

        low = (
            int(market.min_quantity / step)
            if is_multiple_of(market.min_quantity, step)
            else int(market.min_quantity / step) + 1
        )
        if accepted(low) < 0:
            return ZERO
        high = max(low, _quantity_ceiling(state, parameters, market, side, price, margin))
        return largest_passing_step(accepted, low, high) * step


def _quantity_ceiling(
    state: AccountState,
    parameters: MarginParameters,
    market: SpotMarket,
    side: str,
    price: Decimal | None,
    margin: bool,
) -> int:
    """A step count no order can exceed: what the account could pay with every pool's help."""
    pay_price = price if price is not None else taker_price(parameters, state.marks, market, side)
    paying = market.quote if side == BID else market.base
    balance = state.account.balance(paying)
    spendable = balance.available + balance.lent
    if margin:
        spendable += state.pools[paying].lent_quantity  # beyond any pool's headroom
    quantity = spendable / pay_price if side == BID else spendable
    return int(quantity / market.step_size) + 1
