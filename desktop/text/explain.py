"""Every ledger event in one sentence, as the History view and the charts show it."""

from __future__ import annotations

from collections.abc import Sequence
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
    "Settlement": "Settlement",
    "FundingPayment": "Funding",
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
    perp = formats.parameters.perps.get(symbol) if symbol else None
    if perp is not None:
        return _explain_perp(event, perp, formats)
    if kind in REASON_EXPLAINS and event.reason:
        return event.reason + ("" if event.reason.endswith(".") else ".")
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


LIQUIDATION_PREFIX = "liquidation: "


def _explain_perp(event: Event, perp: PerpMarket, formats: AssetFormats) -> str:
    """Perp orders, fills, settlements, funding and each step of a perp liquidation (§10), in the
    trader's words: the market as SOL-PERP, positions signed (+ long, − short)."""
    kind, details = event.type, event.details
    name = f"{perp.base}-PERP"

    def price(value) -> str:
        return f"{grouped(Decimal(str(value)), places_of(perp.tick_size))} USDC"

    def size(value) -> str:
        return f"{grouped(Decimal(str(value)), places_of(perp.step_size))} {perp.base}"

    def usdc(value) -> str:
        return _q(formats, "USDC", value)

    def position(details) -> str:
        left = Decimal(str(details.get("netQuantity", "0")))
        if not left:
            return "position closed"
        return f"position {'+' if left > 0 else '−'}{size(abs(left))} ({'long' if left > 0 else 'short'})"

    side = "buy" if details.get("side") == Side.BID else "sell"
    reduce_only = " (reduce-only)" if details.get("reduceOnly") in (True, "True", "true") else ""
    reason = event.reason or ""
    in_liquidation = reason.startswith(LIQUIDATION_PREFIX)
    if kind == EventType.SETTLEMENT:
        amount = Decimal(str(event.quantity))
        moved = f"received {usdc(amount)}" if amount >= 0 else f"paid {usdc(-amount)}"
        step = "Liquidation, step 2: " if in_liquidation else ""
        return f"{step}{name}: {moved} of PnL, settled at the mark {price(event.price)}; {position(details)}."
    if kind == EventType.FUNDING_PAYMENT:
        amount = Decimal(str(event.quantity))
        moved = f"received {usdc(amount)}" if amount >= 0 else f"paid {usdc(-amount)}"
        rate = Decimal(str(details.get("fundingRate", perp.funding_rate)))
        held = Decimal(str(details.get("positionQuantity", "0")))
        hours = perp.funding_interval_ms // 3_600_000
        every = "hour" if hours == 1 else f"{hours} hours"
        who = "longs pay, shorts receive" if rate >= 0 else "shorts pay, longs receive"
        on = f" on {'+' if held > 0 else '−'}{size(abs(held))}" if held else ""
        return (
            f"{name} funding: {moved}{on} at {price(event.price)} (rate {grouped(rate * 100, 5)} % per {every}: {who})."
        )
    if kind == EventType.ORDER_PLACED:
        where = "at market" if event.price is None else f"at {price(event.price)} limit"
        return f"Placed order {event.order_id}: {side} {size(event.quantity)} of {name} {where}{reduce_only}."
    if kind == EventType.FILL:
        verb = "bought" if side == "buy" else "sold"
        realized = Decimal(str(details.get("realizedPnl", "0")))
        since_entry = Decimal(str(details.get("pnlSinceEntry", "0")))
        pnl = ""
        if realized or since_entry:
            pnl = f", realized PnL {usdc(realized)} ({usdc(since_entry)} since entry)"
        return (
            f"Order {event.order_id} filled: {verb} {size(event.quantity)} of {name} at {price(event.price)}, "
            f"fee {usdc(details.get('fee', '0'))} ({event.reason or 'taker'}){pnl}; {position(details)}."
        )
    if kind == EventType.ORDER_CANCELLED:
        if in_liquidation:
            return (
                f"Liquidation, step 1: cancelled order {event.order_id} ({side} {size(event.quantity)} of {name}) — "
                f"{reason.removeprefix(LIQUIDATION_PREFIX)}."
            )
        return f"Cancelled order {event.order_id} ({side} {size(event.quantity)} of {name}){_why(event)}."
    if kind == EventType.LIQUIDATION:
        closed_long = details.get("side") == Side.ASK  # a long closes by selling
        notional = Decimal(str(event.quantity)) * Decimal(str(event.price))
        rate = Decimal(str(details.get("liquidationFee", "0.01")))
        why = str(details.get("why") or "account fell to its maintenance margin").replace(
            " at or below", " was at or below"
        )
        return (
            f"Liquidation, step 3 ({details.get('tag', 'Book')}): closed {size(event.quantity)} of the {name} "
            f"{'long' if closed_long else 'short'} at the mark {price(event.price)} (notional "
            f"{usdc(notional)}), fee {usdc(details.get('fee', '0'))} ({grouped(rate * 100, 2)} %), because the "
            f"{why}; {position(details)}."
        )
    if kind == EventType.ACCOUNT_IMPORTED and "netQuantity" in details:
        held = Decimal(str(details["netQuantity"]))
        return (
            f"{name}: {'long' if held > 0 else 'short'} {size(abs(held))} imported from the file, entry "
            f"{price(details['entryPrice'])}, settled to {price(details['settledPrice'])}."
        )
    return f"{kind} {name} {'' if event.quantity is None else event.quantity}".strip() + "."


def is_periodic_settlement(event: Event) -> bool:
    """A settlement of a price change or a funding time (bookkeeping, like interest), not a liquidation's step 2."""
    return event.type == EventType.SETTLEMENT and not (event.reason or "").startswith(LIQUIDATION_PREFIX)


def explain_round(events: Sequence[Event], formats: AssetFormats) -> str:
    """One settlement round (every position settled at one price change) in one sentence: the
    positions settled and the PnL they moved in all, the exact sum of the events' amounts."""
    total = sum((Decimal(str(event.quantity)) for event in events), Decimal(0))
    moved = f"received {_q(formats, 'USDC', total)}" if total >= 0 else f"paid {_q(formats, 'USDC', -total)}"
    return f"Settled {len(events)} positions at the marks: {moved} of PnL in all."


def explain_round_in_full(events: Sequence[Event], formats: AssetFormats) -> str:
    """The round's sentence, then each position's own (the round's detail)."""
    return "\n".join([explain_round(events, formats), *(f"• {explain(event, formats)}" for event in events)])
