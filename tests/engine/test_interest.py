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


def test_a_borrow_larger_than_its_pool_never_turns_negative():
    """A document may borrow more than its pool holds (1.204e8 BTC against a pool of 900 lent, 300 borrowed).

    Hour 1: U = 300/900 = 1/3, r = 0.06 · (1/3) / 0.8 = 0.025, charge 1.204e8 · 0.025 / 8760
    = 343.6073059360730… → 343.607305936074 (rounded up). Leverage limit 1 makes the account liquidatable:
    105211712.622886860505 BTC is repaid from USDT. The pool held only 300 + 343.607… of borrows, so it
    empties to 0 — before, it went to −105211069.0…, U turned negative, r = −10034.4 a year, and hour 2
    charged −15201789.4 BTC, leaving a borrow of −13158.43. Hour 2 now: U = 0, r = baseRate = 0, no charge,
    and the borrow stays 120400343.607305936074 − 105211712.622886860505 = 15188630.984419075569."""
    account = {
        "settings": {"leverageLimit": "1", "autoLend": False},
        "balances": {"BTC": {"available": "0", "borrowed": "1.204E+8"}, "USDT": {"available": "1E+14"}},
        "markPrices": {},
        "time": "2026-11-20T00:00:00Z",
    }
    answer = apply(account, [{"type": "advance", "to": "2026-11-20T02:00:00Z"}], example_parameters())
    events = answer["results"][0]["events"]
    charges = [event["quantity"] for event in events if event["type"] == "Interest"]
    assert charges == ["343.607305936074"]
    repaid = [event["repaidQuantity"] for event in events if event["type"] == "Liquidation"]
    assert repaid == ["105211712.622886860505"]
    assert answer["account"]["balances"]["BTC"]["borrowed"] == "15188630.984419075569"
    pool = next(pool for pool in answer["pools"] if pool["symbol"] == "BTC")
    assert (pool["lentQuantity"], pool["borrowedQuantity"], pool["utilization"]) == ("900", "0", "0")
