"""The limits of what the app accepts from outside, stated once.

Each bound is chosen so that everything computed later stays exact: balances are rounded to 12
decimal places in a 34-digit context (``numbers.ENGINE_CONTEXT``), so an amount must stay well below
10^22 to be roundable at all; ids must fit the store's 64-bit counters; the clock must be able to
advance hour by hour without leaving ``datetime``'s range.

Why amounts are bounded and USD values are not (issue 19). What must be exact is what the ledger
sums: every balance and pool change. Those are quantities of one asset on the 12-place grid (an
amount from outside must have at most 12 decimal places; a computed change is ``round_owed`` or
``round_received`` of its figure), and a balance stays at most ``MAX_AMOUNT``: 20 + 12 = 32 digits,
which ENGINE_CONTEXT adds exactly. A USD value (amount × mark, up to 10^20 × 10^12 = 10^32) is never
summed into a balance and never rounded to the grid: valuation compares values, and a product of two
34-digit numbers is rounded by any precision, so 34 digits give a relative error of 10^-33 —
deterministic, the same on every replay, and far below anything a trader sees. Where a value turns
into a change (a fill's cost, a liquidation's proceeds, a perp settlement, an hour's interest), the
change is rounded to the grid; if it lands at 10^22 or above it cannot be (``round_owed`` hands it
back unrounded) and ``engine.guard`` refuses the action, price move or advance where it is
recorded, even if a later step in the same advance would have written it off. So no MAX_VALUE is
needed, and a higher precision would buy nothing but slower valuations: marks moving later cannot
make a sum inexact, only make a change too large, which is refused. The ledger is replayed in
ENGINE_CONTEXT too, not the caller's: Python's default 28 digits cannot hold a 32-digit balance.
"""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from decimal import Decimal

# -- documents -----------------------------------------------------------------------------------
MAX_DOCUMENT_BYTES = 32 * 1024 * 1024  # ACCOUNT.json, ACTIONS.json, a snapshot, an API response
MAX_FEED_BYTES = 64 * 1024 * 1024  # a scenario script or a CSV price feed
MAX_NESTING = 64  # the deepest real document (a snapshot) nests 5 levels
MAX_NUMBER_TEXT = 64  # characters of one number written as text

# -- amounts and prices ------------------------------------------------------------------------------
# Any balance, quantity or pool total, on the 12-place grid. 10^20 leaves two orders of magnitude below
# the 10^22 where a 12-place rounding stops fitting 34 digits, for the fees and interest computed on top.
MAX_AMOUNT = Decimal("1e20")
# A mark or limit price, in USD or in units of a market's quote asset.
MIN_PRICE = Decimal("1e-12")
MAX_PRICE = Decimal("1e12")
PRICE_RANGE = "1e-12 to 1e12"  # the two above, as messages say them
# A step, tick or minimum size: on the 12-place grid, and not beyond any real market's.
MIN_STEP = Decimal("1e-12")
MAX_STEP = Decimal("1e9")
STEP_PLACES = 12
# Annual interest rates (fractions): 10 is 1,000 % a year, far beyond any real pool.
MAX_RATE = Decimal("10")

# -- ids and symbols -------------------------------------------------------------------------------
ID_CHARACTERS = "ASCII letters, digits, '-', '_', '.' and ':'"
MAX_ID_LENGTH = 64
# An all-digit id of up to 18 digits is a number the account's order counter continues after (it must
# fit 64 bits); a longer one is just a name.
MAX_NUMERIC_ID_DIGITS = 18
SYMBOL_CHARACTERS = "ASCII letters, digits, '_', '-' and '.'"
MAX_SYMBOL_LENGTH = 32

# -- time ----------------------------------------------------------------------------------------
EARLIEST_TIME = datetime(1970, 1, 1, tzinfo=UTC)
LATEST_TIME = datetime(2200, 1, 1, tzinfo=UTC)  # exclusive: the clock stays below it
MAX_TIME_TEXT = 64
# One ``advance`` covers at most a leap year of hourly charges; longer runs take several actions.
MAX_ADVANCE = timedelta(days=366)


def span_text() -> str:
    return f"{EARLIEST_TIME.year}-01-01 to {LATEST_TIME.year - 1}-12-31 (UTC)"
