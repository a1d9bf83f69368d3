"""A price feed's data, beside the account row rather than in it (every tick rewrites that row):
a scenario's text, and a replayed CSV's validated rows, read one tick's window at a time."""

from __future__ import annotations

from collections.abc import Iterable
from decimal import Decimal

from . import models
from .fields import stored_decimal

INSERT_PRICE = 'INSERT INTO "feed_price" ("account_id", "time", "symbol", "price") VALUES (?, ?, ?, ?)'
# The latest row of one symbol in a window (later lines win a tie): one index seek.
LATEST_PRICE = (
    'SELECT "price" FROM "feed_price" WHERE "account_id" = ? AND "symbol" = ? AND "time" > ? AND "time" <= ? '
    'ORDER BY "time" DESC, "id" DESC LIMIT 1'
)
BEFORE_ALL_TIME = -(2**62)


def clear_feed(account_id: int) -> None:
    """Forget the account's feed data (inside the caller's transaction)."""
    models.FeedSource.delete().where(models.FeedSource.account == account_id).execute()
    models.FeedPrice.delete().where(models.FeedPrice.account == account_id).execute()


def save_source(account_id: int, text: str) -> None:
    models.FeedSource.insert(account=account_id, text=text).execute()


def save_prices(account_id: int, rows: Iterable[tuple[int, str, str]]) -> int:
    """Store (epoch time, symbol, price text) rows in file order; ``rows`` may be a generator that
    validates as it goes and raises: the caller's transaction then keeps none of them."""
    count = 0

    def values():
        nonlocal count
        for time, symbol, price in rows:
            count += 1
            yield (account_id, time, symbol, price)

    models.database.cursor().executemany(INSERT_PRICE, values())
    return count


def feed_source(account_id: int) -> str | None:
    row = models.FeedSource.get_or_none(models.FeedSource.account == account_id)
    return None if row is None else row.text


def has_prices(account_id: int) -> bool:
    return models.FeedPrice.select().where(models.FeedPrice.account == account_id).exists()


def latest_prices(account_id: int, symbols: Iterable[str], after: int | None, until: int) -> dict[str, Decimal]:
    """Per symbol, the price of its latest row with ``after < time ≤ until`` (any time up to ``until``
    when ``after`` is None). Costs an index seek per symbol, however long the file."""
    start = BEFORE_ALL_TIME if after is None else after
    cursor = models.database.cursor()
    prices = {}
    for symbol in symbols:
        row = cursor.execute(LATEST_PRICE, (account_id, symbol, start, until)).fetchone()
        if row is not None:
            prices[symbol] = stored_decimal(row[0])
    return prices
