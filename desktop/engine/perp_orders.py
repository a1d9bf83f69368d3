"""Perp orders on ``BASE_USDC_PERP`` (MARGIN_MODEL.md §10): place, rest, fill, and the form's Max.

Fills follow §5 (a market order, or a limit priced through the half-spread, at once at
``mark·(1 ± halfSpread)`` with the taker fee; a resting limit at its own price with the maker fee
once the mark reaches it). A fill of signed size d at price p on position q: the position first
settles at the mark; the part of d that reduces |q| realizes ``c·sign(q)·(p − settledPrice)``; the
part that adds (or what is left after a flip) opens at p, averaging ``entryPrice`` and
``settledPrice`` by size; the fee ``|d|·p·fee`` is a USDC debit. Perp orders lock nothing and never
meet INSUFFICIENT_FUNDS: cross margin borrows USDC for fees and losses.
"""

from __future__ import annotations

from decimal import ROUND_CEILING, Decimal, localcontext

from .actions import refuse, run_checked
from .draft import Draft
from .numbers import ENGINE_CONTEXT, ZERO, engine_precision
from .order_checks import order_shape_refusal
from .parameters import MarginParameters
from .perp_cash import in_usdc, move_usdc, position_details
from .perp_parameters import PerpMarket
from .positions import Position, signed
from .search import largest_passing_step
from .state import AccountState, OpenOrder, Outcome
from .valuation import AccountValuation, value_account
from .vocabulary import SETTLEMENT_ASSET, EventType, MarketType, OrderType, RefusalCode, Side

# The form's Max doubles its guess at most this often looking for a refused quantity.
_MAX_DOUBLINGS = 200


def touch_price(parameters: MarginParameters, mark: Decimal, side: str) -> Decimal:
    spread = parameters.assumptions.half_spread
    return mark * (1 + spread) if side == Side.BID else mark * (1 - spread)


def perp_order_refusal(
    state: AccountState,
    parameters: MarginParameters,
    symbol: str,
    side: str,
    order_type: str,
    quantity: Decimal,
    price: Decimal | None,
) -> Outcome | None:
    """Check 1 for a perp order."""
    market = parameters.perps.get(symbol) if isinstance(symbol, str) else None
    if market is None:
        return refuse(state, RefusalCode.INVALID_SYMBOL, f"unknown market {symbol!r}")
    return order_shape_refusal(state, market, side, order_type, quantity, price)


def reduces(position: Position | None, side: str, quantity: Decimal) -> bool:
    """A reduce-only order must take from the position: opposite side, no more than |q| (§10)."""
    if position is None or (side == Side.BID) == position.is_long:
        return False
    return quantity <= abs(position.net_quantity)


def fill_perp(
    draft: Draft, market: PerpMarket, side: str, quantity: Decimal, price: Decimal, fee_rate: Decimal, **tags
) -> None:
    """Fill ``quantity`` at ``price`` on the position: settle, realize, open, pay the fee — one USDC change."""
    mark = draft.marks[market.base]
    position = draft.positions.get(market.symbol)
    held = position.net_quantity if position is not None else ZERO
    settled_pnl = held * (mark - position.settled_price) if position is not None else ZERO
    size = signed(side, quantity)
    realized = since_entry = ZERO
    if position is None:
        after: Position | None = Position(size, price, price)
    elif (size > 0) == (held > 0):  # adds to the position: size-weighted averages with p
        old, added = abs(held), quantity
        total = old + added
        after = Position(
            held + size, (old * position.entry_price + added * price) / total, (old * mark + added * price) / total
        )
    else:
        closed = min(quantity, abs(held))
        direction = 1 if held > 0 else -1
        realized = closed * direction * (price - mark)  # settledPrice is the mark after the first settlement
        since_entry = closed * direction * (price - position.entry_price)
        rest = held + size
        if not rest:
            after = None
        elif (rest > 0) == (held > 0):  # a reduce keeps the entry price
            after = Position(rest, position.entry_price, mark)
        else:  # a flip opens what is left at p
            after = Position(rest, price, price)
    fee = in_usdc(draft, quantity * price * fee_rate)
    change = move_usdc(draft, in_usdc(draft, settled_pnl + realized) - fee, "perp fill")
    if after is None:
        draft.positions.pop(market.symbol, None)
    else:
        draft.positions[market.symbol] = after
    draft.emit(
        EventType.FILL,
        market.symbol,
        quantity,
        price,
        tags.pop("order_id"),
        tags.pop("liquidity"),
        side=side,
        fee=fee,
        realizedPnl=in_usdc(draft, realized),
        pnlSinceEntry=in_usdc(draft, since_entry),
        settledPnl=in_usdc(draft, settled_pnl),
        usdcChange=change,
        **tags,
        **position_details(after),
    )


@engine_precision
def place_perp_order(
    state: AccountState,
    parameters: MarginParameters,
    symbol: str,
    side: str,
    order_type: str,
    quantity: Decimal,
    price: Decimal | None = None,
    reduce_only: bool = False,
    before: AccountValuation | None = None,
) -> Outcome:
    """``before``: the valuation of ``state`` when the caller has it (the form's preview at every tick)."""
    refused = perp_order_refusal(state, parameters, symbol, side, order_type, quantity, price)
    if refused:
        return refused
    market = parameters.perps[symbol]
    limit_price = price if order_type == OrderType.LIMIT else None
    assumptions = parameters.assumptions

    def carry_out(draft: Draft) -> None:
        draft.last_order_id += 1
        order_id = str(draft.last_order_id)
        if not market.is_open and not reduce_only:
            draft.problem(RefusalCode.TRADING_PAUSED)
        if reduce_only and not reduces(draft.positions.get(symbol), side, quantity):
            draft.problem(RefusalCode.REDUCE_ONLY_NOT_REDUCED)
        mark = draft.marks[market.base]
        touch = touch_price(parameters, mark, side)
        placed = {"side": side, "reduceOnly": reduce_only, "marketType": MarketType.PERP}
        if limit_price is None or (limit_price >= touch if side == Side.BID else limit_price <= touch):
            draft.emit(
                EventType.ORDER_PLACED, symbol, quantity, limit_price, order_id, order_type, **placed, resting=False
            )
            fill_perp(
                draft,
                market,
                side,
                quantity,
                touch,
                assumptions.futures_taker_fee,
                order_id=order_id,
                liquidity="taker",
                reduceOnly=reduce_only,
            )
            return
        draft.orders.append(
            OpenOrder(
                order_id,
                symbol,
                side,
                limit_price,
                quantity,
                False,
                SETTLEMENT_ASSET,
                ZERO,
                ZERO,
                reduce_only,
                MarketType.PERP,
            )
        )
        draft.emit(EventType.ORDER_PLACED, symbol, quantity, limit_price, order_id, order_type, **placed, resting=True)

    return run_checked(state, parameters, carry_out, before)


def perp_order_crosses(draft: Draft, order: OpenOrder) -> bool:
    mark = draft.marks[draft.parameters.perps[order.symbol].base]
    return mark <= order.price if order.side == Side.BID else mark >= order.price


def fill_resting_perp(draft: Draft, order: OpenOrder) -> None:
    """A resting perp order the mark reached: fills in full at its price (maker fee), no margin re-check.

    A reduce-only one is cut to the position and ends, or is cancelled when no position is left on
    the other side (precision 10)."""
    market = draft.parameters.perps[order.symbol]
    draft.orders.remove(order)
    quantity = order.quantity
    if order.reduce_only:
        position = draft.positions.get(order.symbol)
        if position is None or (order.side == Side.BID) == position.is_long:
            draft.emit(
                EventType.ORDER_CANCELLED,
                order.symbol,
                order.quantity,
                order.price,
                order.id,
                "reduce-only: no position left to reduce",
                side=order.side,
            )
            return
        quantity = min(quantity, abs(position.net_quantity))
    fill_perp(
        draft,
        market,
        order.side,
        quantity,
        order.price,
        draft.parameters.assumptions.futures_maker_fee,
        order_id=order.id,
        liquidity="maker",
        reduceOnly=order.reduce_only,
    )
    draft.apply_automatic_rules()


def max_perp_order_quantity(
    state: AccountState,
    parameters: MarginParameters,
    symbol: str,
    side: str,
    price: Decimal | None = None,
    reduce_only: bool = False,
) -> Decimal:
    """The largest quantity (market step) ``place_perp_order`` accepts: fee, market price, the fee
    borrow's margin and the reduce-only bound included (precision 14)."""
    with localcontext(ENGINE_CONTEXT):
        market = parameters.perps[symbol]
        order_type = OrderType.MARKET if price is None else OrderType.LIMIT
        step = market.step_size

        def accepted(n: int) -> Decimal:
            outcome = place_perp_order(state, parameters, symbol, side, order_type, n * step, price, reduce_only)
            return Decimal(1) if outcome.accepted else Decimal(-1)

        low = int((market.min_quantity / step).to_integral_value(rounding=ROUND_CEILING))
        if accepted(low) < 0:
            return ZERO
        if reduce_only:
            held = state.account.positions[symbol].net_quantity
            return largest_passing_step(accepted, low, int(abs(held) / step)) * step
        high = max(low + 1, _first_guess(state, parameters, market, side, price))
        for _ in range(_MAX_DOUBLINGS):
            if accepted(high) < 0:
                break
            low, high = high, high * 2
        return largest_passing_step(accepted, low, high) * step


def _first_guess(
    state: AccountState, parameters: MarginParameters, market: PerpMarket, side: str, price: Decimal | None
) -> int:
    """Steps the available equity could carry at the least IMF, plus the position it may close first."""
    valuation = value_account(state.account, parameters, state.marks)
    mark = state.marks[market.base]
    pay = price if price is not None else touch_price(parameters, mark, side)
    least = max(market.imf.base, state.account.settings.leverage_floor) + parameters.assumptions.futures_taker_fee
    equity = max(valuation.net_equity_available, ZERO)
    position = state.account.positions.get(market.symbol)
    held = abs(position.net_quantity) if position is not None else ZERO
    return int((equity / (pay * least) + 2 * held) / market.step_size) + 1
