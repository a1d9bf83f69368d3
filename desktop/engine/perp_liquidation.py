"""Liquidation with perp positions (MARGIN_MODEL.md §10, §7 step 3 before any collateral is sold).

While ``netEquityAvailable < 0`` and a position is open: close part of the position with the largest
maintenance requirement ``E·mmf`` (ties by symbol), at the mark, by the least quantity (market
step) that restores ``netEquityAvailable ≥ 0`` — measured after the close with its 1 % fee paid as
a USDC debit (redeem, borrow, entry fee) — or all of it; then pick again (precision 13).
"""

from __future__ import annotations

from decimal import ROUND_CEILING, Decimal

from .draft import Draft
from .numbers import plain
from .perp_cash import in_usdc, move_usdc, position_details
from .positions import Position, closing_side
from .search import least_passing_step
from .vocabulary import EventType


def riskiest_position(draft: Draft) -> str:
    """The open position with the largest ``E·mmf``; the first by symbol among equals."""
    rows = [row for row in draft.valuation().positions if row.position is not None]
    return max(rows, key=lambda row: row.terms.maintenance_margin).symbol  # rows come sorted by symbol


def close_riskiest_position(draft: Draft, tag: str, why: str) -> None:
    """One close of §10's liquidation step 3."""
    symbol = riskiest_position(draft)
    market = draft.parameters.perps[symbol]
    size = abs(draft.positions[symbol].net_quantity)
    step = market.step_size
    all_steps = int((size / step).to_integral_value(rounding=ROUND_CEILING))

    def available_after(steps: int) -> Decimal:
        saved = draft.checkpoint()
        close_at_mark(draft, symbol, min(steps * step, size), tag, why)
        value = draft.valuation().net_equity_available
        draft.restore(saved)
        return value

    steps = least_passing_step(available_after, 1, all_steps)
    close_at_mark(draft, symbol, min(steps * step, size), tag, why)


def close_at_mark(draft: Draft, symbol: str, quantity: Decimal, tag: str, why: str) -> None:
    """Close ``quantity`` of the position at the mark with the liquidation fee only (no trading fee,
    no slippage); the position was settled at the mark, so it realizes nothing."""
    market = draft.parameters.perps[symbol]
    position = draft.positions[symbol]
    mark = draft.marks[market.base]
    direction = 1 if position.is_long else -1
    realized = quantity * direction * (mark - position.settled_price)
    fee_rate = draft.parameters.assumptions.liquidation_fee
    fee = in_usdc(draft, quantity * mark * fee_rate)
    change = move_usdc(draft, in_usdc(draft, realized) - fee, "liquidation fee")
    rest = position.net_quantity - direction * quantity
    after = Position(rest, position.entry_price, mark) if rest else None
    if after is None:
        del draft.positions[symbol]
    else:
        draft.positions[symbol] = after
    side = closing_side(position)
    sentence = (
        f"Closed {plain(quantity)} of the {symbol} {'long' if direction > 0 else 'short'} at {plain(mark)} "
        f"({tag}); {why}; fee {plain(fee)} USDC"
    )
    draft.emit(
        EventType.LIQUIDATION,
        symbol,
        quantity,
        mark,
        reason=sentence,
        tag=tag,
        side=side,
        fee=fee,
        liquidationFee=fee_rate,
        realizedPnl=in_usdc(draft, realized),
        usdcChange=change,
        why=why,
        **position_details(after),
    )
