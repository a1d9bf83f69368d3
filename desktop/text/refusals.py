"""A refused action in the trader's words: one or two sentences, the refusal code kept apart (for a
tooltip or details), and — for a borrow the pool and the margin both forbid — both reasons.

The engine reports the first failing check of MARGIN_MODEL.md §5 only, and the pool's check comes
before the margin's; a borrow far over the margin limit would then read as a pool problem. For
borrows the text measures both limits itself and names each one that the amount exceeds.
"""

from __future__ import annotations

from decimal import ROUND_FLOOR, Decimal, localcontext

from ..engine import AccountState, MarginParameters, Pool, Refusal, value_account
from ..engine.limits import AssetInAccount, max_borrow_quantity, pool_borrow_headroom
from ..engine.numbers import ENGINE_CONTEXT
from ..engine.vocabulary import RefusalCode
from .formatting import AssetFormats, compact

# The engine's generic explanations, reworded where the trader needs the way out as well.
WORDS = {
    RefusalCode.INVALID_QUANTITY: "The amount is not a positive multiple of the asset's step, or more than there is.",
    RefusalCode.INVALID_PRICE: "The price is not a positive multiple of the market's tick size.",
    RefusalCode.INVALID_SYMBOL: "This asset or market is not in the parameters in use.",
    RefusalCode.UNKNOWN_ORDER: "This order is no longer open.",
    RefusalCode.ACCOUNT_LIQUIDATING: (
        "The account is being liquidated, and this would lower its available equity further."
    ),
    RefusalCode.TRADING_PAUSED: "The lending pool or the market does not allow this now.",
    RefusalCode.AUTO_LEND_ENABLED: "Auto Lend is on: switch it off in the Margin Overview menu first.",
    RefusalCode.BORROW_REQUIRES_LEND_REDEEM: "You lend this asset: redeem the lend before borrowing it.",
    RefusalCode.LEND_REQUIRES_BORROW_REPAY: "You borrow this asset: repay the borrow before lending it.",
    RefusalCode.INSUFFICIENT_FUNDS: "Not enough of the asset in the account. Tick Margin to borrow the rest.",
    RefusalCode.INSUFFICIENT_SUPPLY: "The lending pool cannot lend or release that much now.",
    RefusalCode.INSUFFICIENT_MARGIN: (
        "Not enough available equity: this would take more initial margin than the account has free."
    ),
}
GENERIC = {
    "the quantity is not a positive multiple of the step, or is more than there is",
    "the price is not a positive multiple of the tick size",
    "unknown asset or market",
    "no open order has this id",
    "the account is being liquidated and this would lower its available equity",
    "the lending pool or market does not allow this now",
    "switch Auto Lend off in the Margin Overview menu first",
    "redeem your lend of this asset before borrowing it",
    "repay your borrow of this asset before lending it",
    "not enough of the asset; tick Margin to borrow the rest",
    "the lending pool cannot lend or release that much now",
    "not enough available equity (initial margin) for this",
}


def sentence(text: str) -> str:
    """Sentence case with a full stop: "the quantity must be…" → "The quantity must be….\""""
    text = text.strip()
    if not text:
        return text
    text = text[0].upper() + text[1:]
    return text if text[-1] in ".!?" else text + "."


def refusal_text(refusal: Refusal) -> str:
    """The refusal in words, without its code."""
    if refusal.message in GENERIC and refusal.code in WORDS.keys():
        return WORDS[RefusalCode(refusal.code)]
    return sentence(refusal.message)


def code_tip(refusal: Refusal | None) -> str:
    return f"Refusal code: {refusal.code}" if refusal is not None else ""


def borrow_limits(state: AccountState, parameters: MarginParameters, symbol: str) -> tuple[Decimal, Decimal]:
    """(what the pool can lend now, what the account's margin allows), each floored to the step."""
    rules, pool = parameters.assets[symbol], state.pools[symbol]
    with localcontext(ENGINE_CONTEXT):
        step = rules.lending.step_size
        pool_most = (pool_borrow_headroom(rules, pool) / step).to_integral_value(rounding=ROUND_FLOOR) * step
        valuation = value_account(state.account, parameters, state.marks)
        view = AssetInAccount(state.account, parameters, state.marks, valuation, symbol)
        endless = Pool(pool.lent_quantity + pool.borrowed_quantity + Decimal("1e18"), pool.borrowed_quantity)
        margin_most = max_borrow_quantity(view, endless)
    return pool_most, margin_most


def borrow_refusal_text(
    refusal: Refusal, state: AccountState, parameters: MarginParameters, symbol: str, quantity: Decimal
) -> str:
    """A refused borrow of ``quantity``: when the pool or the margin is the reason, every limit the
    amount exceeds ("The pool can lend at most 2.1 M USDC now; your margin allows at most 5,320 USDC.")."""
    if refusal.code not in (RefusalCode.INSUFFICIENT_SUPPLY, RefusalCode.INSUFFICIENT_MARGIN):
        return refusal_text(refusal)
    if state.account.balance(symbol).lent:
        return refusal_text(refusal)
    formats = AssetFormats(parameters)
    pool_most, margin_most = borrow_limits(state, parameters, symbol)
    reasons = []
    if quantity > pool_most:
        reasons.append(
            f"the pool can lend at most {compact(pool_most, formats.quantity(symbol, pool_most))} {symbol} now"
        )
    if quantity > margin_most:
        reasons.append(f"your margin allows at most {formats.quantity(symbol, margin_most)} {symbol}")
    if not reasons:
        return refusal_text(refusal)
    return sentence("; ".join(reasons))
