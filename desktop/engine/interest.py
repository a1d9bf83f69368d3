"""Interest (MARGIN_MODEL.md §6): the kinked rate curve, lend rate, hourly charges, the entry fee.

Rates are annual fractions charged as simple interest per hour (``rate/8760``), at the pool's
utilization before the charge; the entry fee uses the utilization after the borrow.
"""

from __future__ import annotations

from datetime import datetime, timedelta
from decimal import Decimal

from .numbers import ZERO
from .parameters import LendingRules, Pool
from .records import dataclass

HOURS_PER_YEAR = Decimal(8760)
SECONDS_PER_HOUR = Decimal(3600)
ONE_HOUR = timedelta(hours=1)


def utilization(pool: Pool) -> Decimal:
    """``borrowedQuantity / lentQuantity``; 0 when nothing is lent."""
    return pool.borrowed_quantity / pool.lent_quantity if pool.lent_quantity else ZERO


def borrow_rate(rules: LendingRules, pool: Pool) -> Decimal:
    """Annual borrow rate on the kinked curve [assumed]: linear to the optimum, steeper above it."""
    model, used, optimal = rules.rate_model, utilization(pool), rules.optimal_utilization
    if used <= optimal:
        return model.base_rate + (model.rate_at_optimal - model.base_rate) * used / optimal
    return model.rate_at_optimal + (model.max_rate - model.rate_at_optimal) * (used - optimal) / (1 - optimal)


def lend_rate(rules: LendingRules, pool: Pool) -> Decimal:
    """What lenders earn: ``borrowRate · utilization · (1 − fee)``."""
    return borrow_rate(rules, pool) * utilization(pool) * (1 - rules.fee)


@dataclass(frozen=True, slots=True)
class PoolRates:
    """A pool as the Lend dashboard shows it."""

    utilization: Decimal
    borrow_apr: Decimal
    lend_apr: Decimal
    throttled: bool


def pool_rates(rules: LendingRules, pool: Pool) -> PoolRates:
    used = utilization(pool)
    threshold = rules.throttle_threshold
    return PoolRates(
        utilization=used,
        borrow_apr=borrow_rate(rules, pool),
        lend_apr=lend_rate(rules, pool),
        throttled=threshold is not None and used >= threshold,
    )


def hourly_borrow_interest(rules: LendingRules, pool: Pool, borrowed: Decimal) -> Decimal:
    return borrowed * borrow_rate(rules, pool) / HOURS_PER_YEAR


def hourly_lend_interest(rules: LendingRules, pool: Pool, lent: Decimal) -> Decimal:
    return lent * lend_rate(rules, pool) / HOURS_PER_YEAR


def seconds_to_next_hour(moment: datetime) -> Decimal:
    """Seconds until the next whole hour; a full 3,600 at an exact hour."""
    into_hour = Decimal(moment.minute * 60 + moment.second) + Decimal(moment.microsecond) / Decimal(1_000_000)
    return SECONDS_PER_HOUR - into_hour


def entry_fee(rules: LendingRules, pool_after: Pool, quantity: Decimal, moment: datetime) -> Decimal:
    """Interest on a new borrow for the rest of the hour, at the utilization after the borrow."""
    return quantity * borrow_rate(rules, pool_after) / HOURS_PER_YEAR * seconds_to_next_hour(moment) / SECONDS_PER_HOUR


def whole_hours_between(start: datetime, end: datetime) -> list[datetime]:
    """Every whole hour h with start < h ≤ end."""
    hour = start.replace(minute=0, second=0, microsecond=0) + ONE_HOUR
    hours = []
    while hour <= end:
        hours.append(hour)
        hour += ONE_HOUR
    return hours
