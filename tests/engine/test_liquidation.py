"""Liquidation (§7): the least sale that restores initial margin, bankruptcy, orders cancelled first."""

from decimal import Decimal as D
from decimal import localcontext

import pytest

from desktop.engine import value_account
from desktop.engine.apply_contract import apply, parse_state
from desktop.engine.numbers import ENGINE_CONTEXT
from tests.engine.util import account_with, example_parameters, marks_with, parameters_with, pool_row

LONG = {"balances": {"USDC": {"borrowed": "1000"}, "SOL": {"available": "13.33"}}}


@pytest.fixture(autouse=True)
def engine_precision():
    with localcontext(ENGINE_CONTEXT):
        yield


def price(symbol, mark):
    return {"type": "price", "symbol": symbol, "markPrice": str(mark)}


def available_after_selling(x):
    """NEA after selling x SOL at 82 for USDC with the 1 % fee: SOL (13.33 − x)·82·0.95, USDC owed 1,000 − 0.99·82·x."""
    owed = 1000 - x * 82 * D("0.99")
    return (D("13.33") - x) * 82 * D("0.95") - owed - owed * D("0.1")


def test_margin_long_falling_through_maintenance_sells_the_least_quantity():
    result = apply(LONG, [price("SOL", 82), price("SOL", 82)], example_parameters())
    first, again = result["results"]
    # The least x on SOL's 0.01 grid with NEA ≥ 0: −61.593 + 11.3982·x ≥ 0 → x ≥ 5.4038 → 5.41
    assert available_after_selling(D("5.40")) < 0 <= available_after_selling(D("5.41"))
    assert [e["type"] for e in first["events"]] == ["Liquidation", "BorrowRepay"]
    sale, repay = first["events"]
    assert D(sale["quantity"]) == D("5.41") and D(sale["price"]) == 82
    assert D(sale["repaidQuantity"]) == D("5.41") * 82 * D("0.99") == D("439.1838")
    assert D(sale["fee"]) == D("5.41") * 82 * D("0.01") == D("4.4362")
    assert sale["tag"] == "Book" and "margin fraction 3.84 %" in sale["reason"]
    assert repay["symbol"] == "USDC" and D(repay["quantity"]) == D("439.1838")
    balances = result["account"]["balances"]
    assert D(balances["SOL"]["available"]) == D("7.92")
    assert D(balances["USDC"]["borrowed"]) == 1000 - D("439.1838")
    state = parse_state(result["account"], example_parameters())
    after = value_account(state.account, example_parameters(), state.marks)
    assert after.net_equity_available >= 0 and not after.liquidatable
    assert again["events"] == []  # the same price does not liquidate it again


def test_a_fall_so_deep_the_account_goes_bankrupt():
    """At 60: all 13.33 SOL sells for 13.33·60·0.99 = 791.802 USDC; 208.198 USDC is written off."""
    result = apply(LONG, [price("SOL", 60)], example_parameters())
    events = result["results"][0]["events"]
    assert [e["type"] for e in events] == ["Liquidation", "BorrowRepay", "Bankruptcy"]
    assert events[0]["tag"] == "Backstop"  # MF −24 % < max(5 %/2, 5 % − 6 %)
    assert D(events[0]["quantity"]) == D("13.33") and D(events[0]["repaidQuantity"]) == D("791.802")
    assert D(events[2]["quantity"]) == D("208.198")
    assert result["account"]["balances"] == {}
    pool = next(p for p in result["pools"] if p["symbol"] == "USDC")
    # The pool held the account's 1,000 borrow: 791.802 came back, 208.198 was written off from both sides.
    assert D(pool["borrowedQuantity"]) == D(52_000_000) - D("791.802") - D("208.198")
    assert D(pool["lentQuantity"]) == D(80_000_000) - D("208.198")


def test_open_margin_orders_are_cancelled_first_and_the_pending_borrow_released():
    actions = [
        {
            "type": "order",
            "symbol": "BTC_USDC",
            "side": "Bid",
            "orderType": "Limit",
            "price": "50000",
            "quantity": "0.001",
            "margin": True,
        },
        price("SOL", 82),
    ]
    result = apply(LONG, actions, example_parameters())
    placed, crash = result["results"]
    assert placed["ok"]
    events = crash["events"]
    assert events[0]["type"] == "OrderCancelled" and events[0]["orderId"] == "1"
    assert "liquidation" in events[0]["reason"]
    assert events[1]["type"] == "Liquidation"
    assert result["account"]["openOrders"] == []
    assert D(result["account"]["balances"]["USDC"]["pendingBorrow"]) == 0


def test_lent_collateral_is_redeemed_whatever_the_pool_bounds():
    def locked_pool(snapshot):  # SOL pool at its bound: nothing could be redeemed by the trader
        pool_row(snapshot, "SOL").update(lentQuantity="1000", borrowedQuantity="950")

    parameters = parameters_with(locked_pool)
    account = {"balances": {"USDC": {"borrowed": "1000"}, "SOL": {"lent": "13.33"}}}
    refused = apply(account, [{"type": "redeem", "symbol": "SOL", "quantity": "1"}], parameters)
    assert refused["results"][0]["error"] == "INSUFFICIENT_SUPPLY"
    result = apply(account, [price("SOL", 82)], parameters)
    types = [e["type"] for e in result["results"][0]["events"]]
    assert types[:2] == ["LendRedeem", "Liquidation"]
    assert D(result["account"]["balances"]["SOL"]["lent"]) == D("13.33") - D("5.41")


def test_borrows_are_repaid_from_available_before_anything_is_sold():
    """A short with USDC available: step 2 repays what it can of the coin before selling."""
    account = {"balances": {"USDC": {"available": "1999"}, "SOL": {"borrowed": "6.66", "available": "1"}}}
    # liquidatable once 1,999 + 0.95·p ≤ 6.66·p·1.1, i.e. p ≥ 313.5
    result = apply(account, [price("SOL", 320)], example_parameters())
    events = result["results"][0]["events"]
    assert events[0]["type"] == "BorrowRepay" and events[0]["symbol"] == "SOL" and D(events[0]["quantity"]) == 1
    assert events[1]["type"] == "Liquidation" and events[1]["symbol"] == "USDC"


def test_liquidation_runs_after_an_hourly_charge():
    """Just above maintenance, the interest of the next hour tips the account over."""
    valuation = value_account(
        account_with(USDC={"borrowed": 1000}, SOL={"available": "13.33"}),
        example_parameters(),
        marks_with(SOL="82.9158"),
    )
    # NE − MM = 13.33·82.9158·0.95 − 1,000 − 50 = 0.0042; one hour on 1,000 USDC costs ≈ 0.0093
    assert not valuation.liquidatable and valuation.net_equity - valuation.maintenance_margin < D("0.005")
    result = apply(
        {**LONG, "markPrices": {"SOL": "82.9158"}},
        [{"type": "advance", "to": "2026-11-20T01:00:00Z"}],
        example_parameters(),
    )
    types = [e["type"] for e in result["results"][0]["events"]]
    assert "Interest" in types and "Liquidation" in types


def test_preview_of_a_spot_margin_buy_shows_the_borrow_and_the_liquidation_price_after():
    from desktop.engine import AccountState, place_order
    from desktop.engine.preview import preview

    parameters = example_parameters()
    state = parse_state({"balances": {"USDC": {"available": "1000"}}}, parameters)
    outcome = place_order(state, parameters, "SOL_USDC", "Bid", "Market", D("13.33"), None, True)
    shown = preview(state, outcome, parameters)
    assert shown.accepted and shown.before.initial_margin == 0
    assert shown.new_borrows["USDC"] == outcome.state.account.balance("USDC").borrowed
    assert shown.after.imr > 0
    # SOL liquidates where 13.33·p·0.95 = owed·1.05 (owed ≈ 1,002.51)
    owed = outcome.state.account.balance("USDC").borrowed
    expected = owed * D("1.05") / (D("13.33") * D("0.95"))
    assert abs(shown.liquidation_prices_after["SOL"] - expected) < expected * D("1e-11")
    refused = preview(
        state, place_order(state, parameters, "SOL_USDC", "Bid", "Market", D("1000"), None, True), parameters
    )
    assert refused.refusal.code == "INSUFFICIENT_MARGIN" and refused.after is None
    assert isinstance(state, AccountState)
