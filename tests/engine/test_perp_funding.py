"""Funding and settlement rounds (MARGIN_MODEL.md §10, precisions 7 and 8): when funding is paid, who
pays whom, and one rounded USDC change per round."""

from decimal import Decimal as D
from decimal import localcontext

import pytest

from desktop.engine.apply_contract import apply
from desktop.engine.numbers import ENGINE_CONTEXT
from tests.engine.util import example_parameters, parameters_with


@pytest.fixture(autouse=True)
def engine_precision():
    with localcontext(ENGINE_CONTEXT):
        yield


def sol_perp(snapshot):
    return next(row for row in snapshot["markets"] if row["symbol"] == "SOL_USDC_PERP")


def test_funding_comes_at_multiples_of_the_interval_since_the_epoch_and_a_short_receives_it():
    """An 8-hour interval: from 00:00 to 17:30 only 08:00 and 16:00 are funding times (the snapshot's
    00:00 is a multiple of 8 hours since the epoch: 2026-11-20 is day 20,777, and 20,777·24 ≡ 0 mod 8)."""

    def eight_hours(snapshot):
        sol_perp(snapshot)["fundingInterval"] = 8 * 3_600_000
        sol_perp(snapshot)["fundingRate"] = "0.0001"

    parameters = parameters_with(eight_hours)
    account = {
        "balances": {"USDC": {"available": "1000"}},
        "positions": {"SOL_USDC_PERP": {"netQuantity": "-4", "entryPrice": "150"}},
    }
    result = apply(account, [{"type": "advance", "to": "2026-11-20T17:30:00Z"}], parameters)
    funding = [e for e in result["results"][0]["events"] if e["type"] == "FundingPayment"]
    assert [e["time"] for e in funding] == ["2026-11-20T08:00:00Z", "2026-11-20T16:00:00Z"]
    # A positive rate: longs pay, shorts receive 4·150·0.0001 = 0.06 each time.
    assert [D(e["quantity"]) for e in funding] == [D("0.06"), D("0.06")]
    assert D(result["account"]["balances"]["USDC"]["available"]) == 1000 + 2 * D("0.06")


def test_a_negative_rate_makes_the_longs_receive():
    parameters = parameters_with(lambda s: sol_perp(s).update(fundingRate="-0.00002"))
    account = {
        "balances": {"USDC": {"available": "1000"}},
        "positions": {"SOL_USDC_PERP": {"netQuantity": "10", "entryPrice": "150"}},
    }
    result = apply(account, [{"type": "advance", "to": "2026-11-20T01:00:00Z"}], parameters)
    (funding,) = [e for e in result["results"][0]["events"] if e["type"] == "FundingPayment"]
    assert D(funding["quantity"]) == 10 * 150 * D("0.00002") == D("0.03")


def test_a_settlement_round_nets_every_position_into_one_rounded_usdc_change():
    """DOGE long 1 settled at 0.4000000000004 owes 4e-13; BTC long 0.0001 settled 7e-9 below the mark is
    owed 7e-13. Netted, +3e-13 rounds down to nothing; rounded one by one the account would have paid 1e-12."""
    account = {
        "balances": {"USDC": {"available": "100"}},
        "positions": {
            "DOGE_USDC_PERP": {"netQuantity": "1", "entryPrice": "0.4", "settledPrice": "0.4000000000004"},
            "BTC_USDC_PERP": {"netQuantity": "0.0001", "entryPrice": "95000", "settledPrice": "94999.999999993"},
        },
    }
    result = apply(account, [{"type": "price", "symbol": "SOL", "markPrice": "151"}], example_parameters())
    events = result["results"][0]["events"]
    assert [(e["type"], e["symbol"]) for e in events] == [
        ("Settlement", "BTC_USDC_PERP"),
        ("Settlement", "DOGE_USDC_PERP"),
    ]
    assert [D(e["quantity"]) for e in events] == [D("7e-13"), D("-4e-13")]
    assert events[0]["usdcChange"] == "0" and "usdcChange" not in events[1]
    assert result["account"]["balances"]["USDC"]["available"] == "100"
    assert {s: p["settledPrice"] for s, p in result["account"]["positions"].items()} == {
        "BTC_USDC_PERP": "95000",
        "DOGE_USDC_PERP": "0.4",
    }


def test_a_debit_rounds_up_once_and_a_credit_lands_in_available_without_repaying():
    """USDC borrowed 50 and 10 available: a credit of 1/3 USDC (1 DOGE from 0.4 to 0.7333…) lands in
    available, rounded down to 12 places; the borrow stays (no repay-first for settlements)."""
    account = {
        "balances": {"USDC": {"available": "10", "borrowed": "50"}, "SOL": {"available": "10"}},
        "positions": {"DOGE_USDC_PERP": {"netQuantity": "1", "entryPrice": "0.4"}},
    }
    third = D(11) / D(15)  # 0.7333…: the move is 1/3
    result = apply(account, [{"type": "price", "symbol": "DOGE", "markPrice": str(third)}], example_parameters())
    (event,) = result["results"][0]["events"]
    assert D(event["usdcChange"]) == D("0.333333333333") and D(event["quantity"]) == third - D("0.4")
    usdc = result["account"]["balances"]["USDC"]
    assert D(usdc["available"]) == D("10.333333333333") and usdc["borrowed"] == "50"
