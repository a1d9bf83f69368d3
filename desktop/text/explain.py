"""Every ledger event in one sentence, as the History view and the charts show it."""

from __future__ import annotations

from decimal import Decimal

from ..engine import Event, PerpMarket
from ..engine.vocabulary import NOTE_EVENTS, EventType, Side
from .formatting import AssetFormats, grouped, places_of

# Event types in the trader's words (the ledger and CSV keep the engine's names).
EVENT_NAMES = {
    "Deposit": "Deposit",
    "Withdrawal": "Withdrawal",
    "Borrow": "Borrow",
    "BorrowRepay": "Repay",
    "EntryFee": "Entry fee",
    "Interest": "Interest",
    "Lend": "Lend",
    "LendRedeem": "Redeem",
    "OrderPlaced": "Order placed",
    "Fill": "Fill",
    "OrderCancelled": "Order cancelled",
    "Liquidation": "Liquidation",
    "Bankruptcy": "Bankruptcy",
    "SettingsChanged": "Settings changed",
    "AccountImported": "Account imported",
    "PriceMoved": "Price moved",
    "PriceFeedChanged": "Price feed",
    "RiskAlert": "Risk alert",
    "AlertSettings": "Alert settings",
    "LiquidationAcknowledged": "Liquidation acknowledged",
}


def event_name(kind: str) -> str:
    return EVENT_NAMES.get(kind, kind)


def _q(formats: AssetFormats, symbol: str, value) -> str:
    return f"{formats.quantity(symbol, Decimal(str(value)))} {symbol}"


def _why(event: Event) -> str:
    return f" ({event.reason})" if event.reason else ""


# Events whose recorded reason is the whole explanation.
REASON_EXPLAINS = (
    EventType.LIQUIDATION,
    EventType.BANKRUPTCY,
    EventType.SETTINGS_CHANGED,
    EventType.PARAMETERS_CHANGED,
)


def explain(event: Event, formats: AssetFormats) -> str:
    kind, symbol, details = event.type, event.symbol, event.details
    if kind == EventType.LIQUIDATION and "repaidSymbol" in details:
        repaid = details["repaidSymbol"]
        return (
            f"Liquidation ({details.get('tag', 'Book')}): sold {_q(formats, symbol, event.quantity)} at "
            f"{formats.price(symbol, event.price)} USD to repay {_q(formats, repaid, details['repaidQuantity'])}, "
            f"fee {formats.price('USDC', Decimal(str(details.get('fee', '0'))))} USD — {details.get('why', '')}."
        )
    if kind == EventType.BANKRUPTCY and "why" in details:
        return (
            f"Bankruptcy: {_q(formats, symbol, event.quantity)} written off with no collateral left, borne by "
            f"the pool's lenders — {details['why']}."
        )
    if kind == EventType.PRICE_MOVED and event.price is not None:
        before = details.get("from")
        moved = f" from {formats.price(symbol, Decimal(str(before)))}" if before else ""
        return f"{symbol} mark set{moved} to {formats.price(symbol, event.price)} USD{_why(event)}."
    if kind in NOTE_EVENTS:  # the note's own sentence
        return (event.reason or event_name(kind)).rstrip(".") + "."
    if kind in REASON_EXPLAINS and event.reason:
        return event.reason + ("" if event.reason.endswith(".") else ".")
    perp = formats.parameters.perps.get(symbol)
    if perp is not None:
        return _explain_perp(event, perp, formats)
    if kind == EventType.DEPOSIT:
        return f"Deposited {_q(formats, symbol, event.quantity)}."
    if kind == EventType.WITHDRAWAL:
        return f"Withdrew {_q(formats, symbol, event.quantity)}{_why(event)}."
    if kind == EventType.BORROW:
        return f"Borrowed {_q(formats, symbol, event.quantity)}{_why(event)}."
    if kind == EventType.ENTRY_FEE:
        return (
            f"Paid {_q(formats, symbol, event.quantity)} entry fee: interest for the rest of the hour on a new borrow."
        )
    if kind == EventType.BORROW_REPAY:
        return f"Repaid {_q(formats, symbol, event.quantity)} of the borrow{_why(event)}."
    if kind == EventType.LEND:
        return f"Lent {_q(formats, symbol, event.quantity)}{_why(event)}."
    if kind == EventType.LEND_REDEEM:
        return f"Redeemed {_q(formats, symbol, event.quantity)} from the lend{_why(event)}."
    if kind == EventType.INTEREST:
        if event.reason == "lend":
            return f"Earned {_q(formats, symbol, event.quantity)} interest on the lend (hourly)."
        return f"Charged {_q(formats, symbol, event.quantity)} interest on the borrow (hourly)."
    market = formats.parameters.markets.get(symbol)
    if market is not None and kind in (EventType.ORDER_PLACED, EventType.FILL, EventType.ORDER_CANCELLED):
        side = "buy" if details.get("side") == Side.BID else "sell"
        amount = _q(formats, market.base, event.quantity)
        margin = " with Margin" if details.get("margin") in (True, "True", "true") else ""
        if kind == EventType.ORDER_PLACED:
            where = (
                "at market" if event.price is None else f"at {formats.price(symbol, event.price)} {market.quote} limit"
            )
            return f"Placed order {event.order_id}: {side} {amount} {where}{margin}."
        if kind == EventType.FILL:
            verb = "bought" if side == "buy" else "sold"
            fee = _q(formats, market.quote, details.get("fee", "0"))
            return (
                f"Order {event.order_id} filled: {verb} {amount} at {formats.price(symbol, event.price)} "
                f"{market.quote}, fee {fee} ({'maker' if event.reason == 'maker' else 'taker'})."
            )
        return f"Cancelled order {event.order_id} ({side} {amount}){_why(event)}."
    if kind == EventType.ACCOUNT_IMPORTED:
        return "Account imported from a file: balances, settings, open orders and perp positions as the file gave them."
    return f"{kind} {symbol} {'' if event.quantity is None else event.quantity}".strip() + "."


def _explain_perp(event: Event, perp: PerpMarket, formats: AssetFormats) -> str:
    """Perp orders, fills, settlements and funding (§10); a perp liquidation carries its own sentence."""
    kind, details, symbol = event.type, event.details, event.symbol

    def price(value) -> str:
        return grouped(Decimal(str(value)), places_of(perp.tick_size))

    def size(value) -> str:
        return f"{grouped(Decimal(str(value)), places_of(perp.step_size))} {perp.base}"

    def usdc(value) -> str:
        return _q(formats, "USDC", value)

    side = "buy" if details.get("side") == "Bid" else "sell"
    reduce_only = " (reduce-only)" if details.get("reduceOnly") in (True, "True", "true") else ""
    if kind == "Settlement":
        return f"{symbol}: {usdc(event.quantity)} of PnL settled at the mark {price(event.price)}."
    if kind == "FundingPayment":
        paid = "received" if Decimal(str(event.quantity)) > 0 else "paid"
        amount = usdc(abs(Decimal(str(event.quantity))))
        return f"{symbol} funding: {paid} {amount} (rate {details.get('fundingRate', '?')} at {price(event.price)})."
    if kind == "OrderPlaced":
        where = "at market" if event.price is None else f"at {price(event.price)} USDC limit"
        return f"Placed order {event.order_id}: {side} {size(event.quantity)} of {symbol} {where}{reduce_only}."
    if kind == "Fill":
        verb = "bought" if side == "buy" else "sold"
        left = Decimal(str(details.get("netQuantity", "0")))
        position = f"position {size(left)}" if left else "position closed"
        return (
            f"Order {event.order_id} filled: {verb} {size(event.quantity)} of {symbol} at {price(event.price)}, "
            f"fee {usdc(details.get('fee', '0'))} ({event.reason}), realized {usdc(details.get('realizedPnl', '0'))}; "
            f"{position}."
        )
    if kind == "OrderCancelled":
        return f"Cancelled order {event.order_id} ({side} {size(event.quantity)} of {symbol}){_why(event)}."
    if kind == EventType.ACCOUNT_IMPORTED and "netQuantity" in details:
        held = Decimal(str(details["netQuantity"]))
        return (
            f"{symbol}: {'long' if held > 0 else 'short'} {size(abs(held))} imported from the file, entry "
            f"{price(details['entryPrice'])}, settled to {price(details['settledPrice'])}."
        )
    return f"{kind} {symbol} {'' if event.quantity is None else event.quantity}".strip() + "."
