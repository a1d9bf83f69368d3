"""The limits of what the app accepts from outside, stated once.

Each bound is chosen so that everything computed later stays exact: balances are rounded to 12
decimal places in a 34-digit context (``numbers.ENGINE_CONTEXT``), so an amount must stay well below
10^22 to be roundable at all; ids must fit the store's 64-bit counters; the clock must be able to
advance hour by hour without leaving ``datetime``'s range.
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
# Any balance, quantity or pool total. 10^20 leaves two orders of magnitude below the 10^22 where a
# 12-place rounding stops fitting 34 digits, for the fees and interest computed on top of it.
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
