"""The engine's words, once: event types, sides, order types, pool and market states, refusal codes,
and the leverage bounds.

Each is a ``StrEnum``, so a member *is* its string: JSON, the ledger's ``type`` column and the
``apply`` contract keep the same text, and ``EventType.FILL == "Fill"`` holds. Every layer imports
these names instead of writing the strings.
"""

from __future__ import annotations

from enum import StrEnum


class EventType(StrEnum):
    """What a ledger event records (MARGIN_MODEL.md §8)."""

    DEPOSIT = "Deposit"
    WITHDRAWAL = "Withdrawal"
    BORROW = "Borrow"
    BORROW_REPAY = "BorrowRepay"
    LEND = "Lend"
    LEND_REDEEM = "LendRedeem"
    ENTRY_FEE = "EntryFee"
    INTEREST = "Interest"
    ORDER_PLACED = "OrderPlaced"
    ORDER_CANCELLED = "OrderCancelled"
    FILL = "Fill"
    SETTLEMENT = "Settlement"  # a perp position's unrealized PnL paid into or out of USDC (§10)
    FUNDING_PAYMENT = "FundingPayment"  # a perp position's funding at an interval boundary (§10)
    LIQUIDATION = "Liquidation"
    BANKRUPTCY = "Bankruptcy"
    SETTINGS_CHANGED = "SettingsChanged"
    ACCOUNT_IMPORTED = "AccountImported"
    PARAMETERS_CHANGED = "ParametersChanged"  # the account moved onto another parameter snapshot (issue 15)
    # Notes: what the trader did to the prices and the alerts, kept in the ledger for History. They
    # change no books, so replaying and verifying a ledger skips them (NOTE_EVENTS).
    PRICE_MOVED = "PriceMoved"  # a mark set or moved from the window, or a scenario step reached
    PRICE_FEED_CHANGED = "PriceFeedChanged"  # a scenario or a CSV replay became the price feed
    RISK_ALERT = "RiskAlert"  # the account's risk level crossed a threshold
    ALERT_SETTINGS = "AlertSettings"  # the account's alert thresholds (the latest one wins)
    LIQUIDATION_ACKNOWLEDGED = "LiquidationAcknowledged"  # the trader dismissed the liquidation notice


NOTE_EVENTS = frozenset(
    {
        EventType.PRICE_MOVED,
        EventType.PRICE_FEED_CHANGED,
        EventType.RISK_ALERT,
        EventType.ALERT_SETTINGS,
        EventType.LIQUIDATION_ACKNOWLEDGED,
    }
)

# The steps of a liquidation (§7): a tick or action that recorded any of these liquidated the account.
LIQUIDATION_EVENTS = frozenset({EventType.LIQUIDATION, EventType.BANKRUPTCY})


def liquidation_steps(events) -> int:
    """How many liquidation steps ``events`` hold: the one count the desk and the simulation share."""
    return sum(1 for event in events if event.type in LIQUIDATION_EVENTS)


class Side(StrEnum):
    BID = "Bid"  # buy
    ASK = "Ask"  # sell


class OrderType(StrEnum):
    MARKET = "Market"
    LIMIT = "Limit"


class MarketType(StrEnum):
    """A ``markets`` row's ``marketType`` (§1, §10)."""

    SPOT = "SPOT"
    PERP = "PERP"


class OrderBookState(StrEnum):
    """A perp market's ``orderBookState`` (§10): Closed refuses new orders that are not reduce-only."""

    OPEN = "Open"
    CLOSED = "Closed"


class LiquidationTag(StrEnum):
    """Where a liquidation fill goes (§7): the book, or the backstop below the auto-close fraction."""

    BOOK = "Book"
    BACKSTOP = "Backstop"


class AccountOrigin(StrEnum):
    """Where an account came from (the store's ``account.origin``): a Backpack mirror is read-only."""

    SIMULATED = "simulated"  # made in the desk
    IMPORTED = "imported"  # from an ACCOUNT.json file
    BACKPACK = "backpack"  # fetched from a Backpack account


class PoolState(StrEnum):
    """A borrow-lend pool's state (§1): Open, or RepayOnly (no new borrows), or Closed."""

    OPEN = "Open"
    REPAY_ONLY = "RepayOnly"
    CLOSED = "Closed"


class RefusalCode(StrEnum):
    """Why an action was refused, in the order the checks of §5 run (the first failing one wins).

    INVALID_PRICE, UNKNOWN_ORDER and INVALID_TIME are ours: the specification is silent on a bad
    price, order id or clock target; they sit with check 1. REDUCE_ONLY_NOT_REDUCED is §10's: after
    TRADING_PAUSED and before INSUFFICIENT_MARGIN (perp orders meet none of the codes between).
    """

    INVALID_QUANTITY = "INVALID_QUANTITY"
    INVALID_PRICE = "INVALID_PRICE"
    INVALID_SYMBOL = "INVALID_SYMBOL"
    UNKNOWN_ORDER = "UNKNOWN_ORDER"
    INVALID_TIME = "INVALID_TIME"
    ACCOUNT_LIQUIDATING = "ACCOUNT_LIQUIDATING"
    TRADING_PAUSED = "TRADING_PAUSED"
    REDUCE_ONLY_NOT_REDUCED = "REDUCE_ONLY_NOT_REDUCED"
    AUTO_LEND_ENABLED = "AUTO_LEND_ENABLED"
    BORROW_REQUIRES_LEND_REDEEM = "BORROW_REQUIRES_LEND_REDEEM"
    LEND_REQUIRES_BORROW_REPAY = "LEND_REQUIRES_BORROW_REPAY"
    INSUFFICIENT_FUNDS = "INSUFFICIENT_FUNDS"
    INSUFFICIENT_SUPPLY = "INSUFFICIENT_SUPPLY"
    INSUFFICIENT_MARGIN = "INSUFFICIENT_MARGIN"

    @property
    def rank(self) -> int:
        """The check's place in §5's order: the lowest rank among a draft's codes is reported."""
        return _REFUSAL_ORDER[self]


_REFUSAL_ORDER = {code: index for index, code in enumerate(RefusalCode)}

# Perps settle, pay fees and funding in this asset (§10: the quote of every perp is USDC).
SETTLEMENT_ASSET = "USDC"

# Max Account Leverage (§2): a whole number from 1 to 50.
MIN_LEVERAGE_LIMIT = 1
MAX_LEVERAGE_LIMIT = 50
