"""The random walk's faster draw (one generator reseeded per asset) gives exactly the marks of the
original (a ``random.Random`` per asset, seeded with the text ``seed/tick/symbol``): a saved account's
simulation continues the same price path after the change."""

import math
import random
from datetime import UTC, datetime, timedelta
from decimal import Decimal as D

from hypothesis import given, settings
from hypothesis import strategies as st

from desktop.engine.boundary.bounds import MAX_PRICE, MIN_PRICE
from desktop.services.feeds import DEFAULT_VOLATILITY, PRICE_DIGITS, STABLE, VOLATILITY, RandomWalkFeed

T0 = datetime(2026, 11, 20, tzinfo=UTC)


def original_marks(feed: RandomWalkFeed, tick, start, end, marks):
    """``RandomWalkFeed.marks_at`` as it was written first (schema 5 era), kept as the reference."""
    dt = (end - start).total_seconds() / (365 * 24 * 3600)
    if dt <= 0:
        return {}
    moved = {}
    for symbol, price in marks.items():
        if symbol in STABLE:
            continue
        rng = random.Random(f"{feed.seed}/{tick}/{symbol}")
        sigma = VOLATILITY.get(symbol, DEFAULT_VOLATILITY)
        step = sigma * math.sqrt(dt) * rng.gauss(0.0, 1.0) - 0.5 * sigma * sigma * dt
        if rng.random() < feed.jumps_per_year * dt:
            step += rng.gauss(feed.jump_mean, feed.jump_spread)
        walked = PRICE_DIGITS.multiply(price, D(repr(math.exp(min(step, 700.0)))))
        moved[symbol] = min(max(walked, MIN_PRICE), MAX_PRICE)
    return moved


def as_text(marks):
    return {symbol: str(price) for symbol, price in marks.items()}


def test_seed_7s_first_hours_are_the_pinned_marks():
    """Written down from the original implementation: the path every seed-7 account has followed."""
    marks = {"USDC": D(1), "SOL": D(150), "BTC": D(95000), "BONK": D("0.00002")}
    feed = RandomWalkFeed(seed=7)
    path = []
    for tick in range(6):
        start = T0 + timedelta(hours=tick)
        marks.update(feed.marks_at(tick, start, start + timedelta(hours=1), marks))
        path.append({symbol: str(price) for symbol, price in marks.items()})
    assert path[0] == {"USDC": "1", "SOL": "151.6080598", "BTC": "94820.81408", "BONK": "0.00001957117994"}
    assert path[2] == {"USDC": "1", "SOL": "152.6621426", "BTC": "94472.96352", "BONK": "0.00001933633068"}
    assert path[5] == {"USDC": "1", "SOL": "153.9047788", "BTC": "95194.51366", "BONK": "0.00001958216630"}


def test_a_long_walk_with_jumps_matches_the_original_tick_for_tick():
    feed = RandomWalkFeed(seed=11, jumps_per_year=5000.0)  # jumps often: the kept second draw is used
    ours = {"USDC": D(1), "SOL": D(150), "BTC": D(95000), "JTO": D("2.5"), "SOL_USDC_PERP": D(150)}
    theirs = dict(ours)
    for tick in range(300):
        start = T0 + timedelta(minutes=tick)
        end = start + timedelta(minutes=1 + tick % 90)
        ours.update(feed.marks_at(tick, start, end, ours))
        theirs.update(original_marks(feed, tick, start, end, theirs))
        assert as_text(ours) == as_text(theirs)  # the same digits, as stored


prices = st.decimals(min_value=MIN_PRICE, max_value=MAX_PRICE, allow_nan=False, allow_infinity=False, places=8)


@settings(max_examples=200, deadline=None)
@given(
    seed=st.integers(min_value=-(10**12), max_value=10**12),
    tick=st.integers(min_value=0, max_value=10**9),
    seconds=st.integers(min_value=-10, max_value=200 * 365 * 24 * 3600),
    jumps=st.floats(min_value=0.0, max_value=1e6),
    marks=st.dictionaries(st.sampled_from(["SOL", "BTC", "ETH", "JTO", "BONK", "XYZ", "USDC", "USDT"]), prices),
)
def test_any_tick_gives_the_original_marks(seed, tick, seconds, jumps, marks):
    feed = RandomWalkFeed(seed=seed, jumps_per_year=jumps)
    end = T0 + timedelta(seconds=seconds)
    assert as_text(feed.marks_at(tick, T0, end, marks)) == as_text(original_marks(feed, tick, T0, end, marks))
