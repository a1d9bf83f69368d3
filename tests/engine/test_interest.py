"""Interest (§6): the kinked curve, hourly charges on whole hours, the lend rate."""

from datetime import UTC, datetime
from decimal import ROUND_CEILING, ROUND_FLOOR, localcontext
from decimal import Decimal as D

import pytest

from desktop.engine import Pool
from desktop.engine.apply_contract import apply
from desktop.engine.interest import borrow_rate, lend_rate, pool_rates, seconds_to_next_hour, whole_hours_between
from desktop.engine.numbers import ENGINE_CONTEXT
from tests.engine.util import example_parameters

TWELVE = D("1e-12")
USDC = example_parameters().assets["USDC"].lending  # U* 0.8, 10 % at U*, 150 % at U = 1


@pytest.fixture(autouse=True)
def engine_precision():
    with localcontext(ENGINE_CONTEXT):
        yield


def test_kinked_rate_curve():
    """Linear from 0 to 10 % at U* = 0.8, then to 150 % at U = 1."""
    assert borrow_rate(USDC, Pool(D(100), D(0))) == 0
    assert borrow_rate(USDC, Pool(D(100), D(40))) == D("0.05")
    assert borrow_rate(USDC, Pool(D(100), D(80))) == D("0.10")
    assert borrow_rate(USDC, Pool(D(100), D(90))) == D("0.10") + D("1.40") * D("0.1") / D("0.2") == D("0.8")
    assert borrow_rate(USDC, Pool(D(0), D(0))) == 0  # nothing lent: U = 0
    # lenders: r·U·(1 − fee) = 0.05 · 0.4 · 0.9
    assert lend_rate(USDC, Pool(D(100), D(40))) == D("0.018")
    rates = pool_rates(USDC, Pool(D(100), D(93)))
    assert rates.throttled and rates.utilization == D("0.93")


def test_whole_hours_between_counts_the_hours_crossed():
    t = lambda text: datetime.fromisoformat(text).replace(tzinfo=UTC)  # noqa: E731
    assert len(whole_hours_between(t("2026-11-20T01:00:00"), t("2026-11-20T03:00:00"))) == 2
    assert len(whole_hours_between(t("2026-11-20T00:59:00"), t("2026-11-20T01:00:00"))) == 1
    assert whole_hours_between(t("2026-11-20T01:00:00"), t("2026-11-20T01:59:59")) == []
    assert seconds_to_next_hour(t("2026-11-20T12:50:00")) == 600
    assert seconds_to_next_hour(t("2026-11-20T12:00:00")) == 3600


def test_a_borrow_held_24_hours_pays_each_hour_at_the_utilization_before_the_charge():
    """1,000,000 USDC borrowed at 00:00 from the 80M/52M pool, then 24 whole hours."""
    result = apply(
        {"balances": {"USDC": {"available": "500000"}}},
        [
            {"type": "borrow", "symbol": "USDC", "quantity": "1000000"},
            {"type": "advance", "to": "2026-11-21T00:00:00Z"},
        ],
        example_parameters(),
    )
    # Entry fee (a full hour), at U after the borrow = 53,000,000/80,000,000 = 0.6625 → r = 0.125·U
    borrowed = D(1_000_000)
    pool_borrowed = D(53_000_000)
    fee = (borrowed * D("0.125") * pool_borrowed / D(80_000_000) / 8760).quantize(TWELVE, ROUND_CEILING)
    borrowed += fee
    pool_borrowed += fee
    charges = []
    for _ in range(24):  # each hour: borrowed · r(U before) / 8,760, rounded up; the pool grows with it
        charge = (borrowed * D("0.125") * pool_borrowed / D(80_000_000) / 8760).quantize(TWELVE, ROUND_CEILING)
        charges.append(charge)
        borrowed += charge
        pool_borrowed += charge
    events = result["results"][1]["events"]
    assert [D(e["quantity"]) for e in events if e["type"] == "Interest"] == charges
    assert D(result["account"]["balances"]["USDC"]["borrowed"]) == borrowed
    # About 1,000,000 · 8.28 % · 24/8,760 = 226.9 USDC
    assert D("226") < sum(charges) < D("228")
    pool = next(p for p in result["pools"] if p["symbol"] == "USDC")
    assert D(pool["borrowedQuantity"]) == pool_borrowed


def test_a_lend_earns_the_lend_rate():
    """10,000 USDC lent at 00:00: at 01:00 it earns 10,000 · r·U·0.9 / 8,760, rounded down."""
    result = apply(
        {"balances": {"USDC": {"available": "10000"}}},
        [{"type": "lend", "symbol": "USDC", "quantity": "10000"}, {"type": "advance", "to": "2026-11-20T01:30:00Z"}],
        example_parameters(),
    )
    utilization = D(52_000_000) / D(80_010_000)  # the lend joined the pool
    rate = D("0.125") * utilization * utilization * D("0.9")
    earned = (D(10_000) * rate / 8760).quantize(TWELVE, ROUND_FLOOR)
    (event,) = result["results"][1]["events"]
    assert event["type"] == "Interest" and event["reason"] == "lend" and D(event["quantity"]) == earned
    assert D(result["account"]["balances"]["USDC"]["lent"]) == 10_000 + earned
    assert result["account"]["time"] == "2026-11-20T01:30:00Z"
