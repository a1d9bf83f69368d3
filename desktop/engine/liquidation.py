"""Liquidation (MARGIN_MODEL.md §7, with §10's positions): what happens once net equity is at or
below maintenance margin.

The account is brought back to its initial margin, not just above maintenance, so it does not flip
in and out of liquidation [assumed]: cancel every open order, repay borrows from same-asset
``available``, then sell the largest collateral for the largest liability at mark with the
liquidation fee, in the least quantity that restores ``netEquityAvailable ≥ 0``, and again; if
liabilities outlive the collateral the account is bankrupt and the pool's lenders bear the rest.
With perps (§10), positions are settled before the repay, and closed (``perp_liquidation``) before
any collateral is sold.
"""

from __future__ import annotations

from decimal import ROUND_CEILING, Decimal

from .account import Account
from .draft import Draft
from .numbers import plain, round_received
from .orders import cancel
from .perp_cash import settle_positions
from .perp_liquidation import close_riskiest_position
from .search import least_passing_step
from .valuation import AccountValuation, value_account
from .vocabulary import EventType, LiquidationTag


def liquidate_if_needed(draft: Draft) -> None:
    """Run §7 to the end on the draft when the account is liquidatable at its marks."""
    trigger = draft.valuation()
    if not trigger.liquidatable:
        return
    tag = liquidation_tag(trigger, draft)
    why = (
        f"margin fraction {percent(trigger.margin_fraction)} at or below the maintenance margin fraction "
        f"{percent(trigger.mmf)}"
    )
    for order in list(draft.orders):
        cancel(draft, order, "liquidation: open orders are cancelled first")
    if draft.positions:
        settle_positions(draft, "liquidation: positions settled at the mark")
    for symbol in list(draft.balances):
        balance = draft.balance(symbol)
        if balance.borrowed and balance.available:
            draft.repay(symbol, min(balance.borrowed, balance.available), "liquidation: repaid from available")
    while draft.valuation().net_equity_available < 0:
        if draft.positions:
            close_riskiest_position(draft, tag, why)
            continue
        if not sell_collateral_for_liability(draft, tag, why):
            break
    declare_bankruptcy_if_needed(draft, why)
    draft.apply_automatic_rules()


def liquidation_tag(trigger: AccountValuation, draft: Draft) -> str:
    """Backstop when the margin fraction at the trigger is below ``max(mmf·k, mmf − d)`` [assumed]."""
    assumptions = draft.parameters.assumptions
    fraction = trigger.margin_fraction
    floor = max(trigger.mmf * assumptions.backstop_mmf_fraction, trigger.mmf - assumptions.backstop_mmf_offset)
    return LiquidationTag.BACKSTOP if fraction is not None and fraction < floor else LiquidationTag.BOOK


def percent(value: Decimal | None) -> str:
    return "n/a" if value is None else f"{(value * 100).quantize(Decimal('0.01'))} %"


def _largest(values: dict) -> str | None:
    return max(values, key=values.__getitem__) if values else None


def sell_collateral_for_liability(draft: Draft, tag: str, why: str) -> bool:
    """One step of §7.3; False when no collateral or no liability is left."""
    marks, assets = draft.marks, draft.parameters.assets
    held = {}
    owed = {}
    for symbol, balance in draft.balances.items():
        if balance.available + balance.lent > 0:
            notional = (balance.available + balance.lent) * marks[symbol]
            held[symbol] = (notional * assets[symbol].haircut.weight_at(notional), notional)  # (C, V): C first
        if balance.borrowed:
            owed[symbol] = balance.borrowed * marks[symbol]
    sold, repaid = _largest(held), _largest(owed)
    if sold is None or repaid is None:
        return False
    price, liability_price = marks[sold], marks[repaid]
    fee_rate = draft.parameters.assumptions.liquidation_fee
    step = assets[sold].lending.step_size
    holding = draft.balance(sold).available + draft.balance(sold).lent
    debt = draft.balance(repaid).borrowed

    def received(quantity: Decimal) -> Decimal:
        return round_received(quantity * price * (1 - fee_rate) / liability_price)

    def available_after(steps: int) -> Decimal:
        return _available_after_sale(draft, sold, repaid, min(steps * step, holding), received)

    all_steps = int((holding / step).to_integral_value(rounding=ROUND_CEILING))
    clears_debt = debt * liability_price / (price * (1 - fee_rate))
    debt_steps = int((clears_debt / step).to_integral_value(rounding=ROUND_CEILING))
    steps = least_passing_step(available_after, 1, min(all_steps, debt_steps))
    quantity = min(steps * step, holding)
    _sell(draft, sold, repaid, quantity, received(quantity), tag, why, fee_rate)
    return True


def _available_after_sale(draft: Draft, sold: str, repaid: str, quantity: Decimal, received) -> Decimal:
    balances = dict(draft.balances)
    seller = balances[sold]
    from_available = min(quantity, seller.available)
    balances[sold] = seller.changed(
        available=seller.available - from_available, lent=seller.lent - (quantity - from_available)
    )
    debtor = balances[repaid]
    value = received(quantity)
    repay = min(value, debtor.borrowed)
    balances[repaid] = debtor.changed(borrowed=debtor.borrowed - repay, available=debtor.available + value - repay)
    account = Account(balances, draft.settings, draft.positions)  # no position is left here (§10)
    return value_account(account, draft.parameters, draft.marks).net_equity_available


def _sell(
    draft: Draft, sold: str, repaid: str, quantity: Decimal, value: Decimal, tag: str, why: str, fee_rate: Decimal
) -> None:
    balance = draft.balance(sold)
    if quantity > balance.available:
        draft.redeem(sold, quantity - balance.available, "liquidation: lent collateral redeemed", forced=True)
    price = draft.marks[sold]
    fee = quantity * price * fee_rate
    draft.change(sold, available=-quantity)
    debt = draft.balance(repaid).borrowed
    repay = min(value, debt)
    draft.change(repaid, available=value)  # what exceeds the borrow stays in available
    sentence = (
        f"Sold {plain(quantity)} {sold} at {plain(price)} to repay {plain(repay)} {repaid} "
        f"({tag}); {why}; fee {plain(fee)} USD"
    )
    draft.emit(
        EventType.LIQUIDATION,
        sold,
        quantity,
        price,
        reason=sentence,
        tag=tag,
        repaidSymbol=repaid,
        repaidQuantity=value,
        fee=fee,
        liquidationFee=fee_rate,
        why=why,
    )
    if repay:
        draft.repay(repaid, repay, "liquidation")


def declare_bankruptcy_if_needed(draft: Draft, why: str) -> None:
    """Liabilities left with no collateral and no position: written off, lowering the pool's lent and
    borrowed alike."""
    if draft.positions or any(
        balance.available + balance.lent + balance.locked > 0 for balance in draft.balances.values()
    ):
        return
    for symbol, balance in list(draft.balances.items()):
        if balance.borrowed:
            written_off = balance.borrowed
            draft.change(symbol, borrowed=-written_off)
            draft.move_pool(symbol, lent=-written_off, borrowed=-written_off)
            draft.emit(
                EventType.BANKRUPTCY,
                symbol,
                written_off,
                reason=f"No collateral left: {plain(written_off)} {symbol} written off, borne by the "
                f"pool's lenders; {why}",
                why=why,
            )
