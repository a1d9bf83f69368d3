"""Backpack's three ways to borrow, and resting orders, as scenarios with exact figures (§5, §6).

Bundled USDC pool: 80,000,000 lent, 52,000,000 borrowed, U* = 0.8, rate at U* 0.10, base 0:
below the kink r(U) = 0.10·U/0.8 = 0.125·U. The snapshot's clock starts at 00:00 exactly.
"""

from decimal import ROUND_CEILING, localcontext
from decimal import Decimal as D

import pytest

from desktop.engine.apply_contract import apply
from desktop.engine.numbers import ENGINE_CONTEXT
from tests.engine.util import example_parameters

HOURS = D(8760)
TWELVE = D("1e-12")


@pytest.fixture(autouse=True)
def engine_precision():
    with localcontext(ENGINE_CONTEXT):
        yield


def usdc_rate(borrowed_total: D) -> D:
    return D("0.125") * borrowed_total / D(80_000_000)


def up(amount: D) -> D:
    return amount.quantize(TWELVE, rounding=ROUND_CEILING)


def run(account, *actions):
    return apply(account, list(actions), example_parameters())


def balances(result, symbol):
    fields = result["account"]["balances"].get(symbol, {})
    return {key: D(value) for key, value in fields.items()}


def event_types(result_row):
    return [event["type"] for event in result_row["events"]]


def test_spot_margin_buy_borrows_the_usdc_shortfall_with_the_entry_fee():
    """Hold 1,000 USDC, buy 13.33 SOL at market with Margin: the rest of the cost is borrowed."""
    result = run(
        {"balances": {"USDC": {"available": "1000"}}},
        {
            "type": "order",
            "symbol": "SOL_USDC",
            "side": "Bid",
            "orderType": "Market",
            "quantity": "13.33",
            "margin": True,
        },
    )
    (row,) = result["results"]
    assert row["ok"] and event_types(row) == ["OrderPlaced", "Borrow", "EntryFee", "Fill"]
    fill_price = D(150) * D("1.0005")  # 150.075: the half-spread
    cost = D("13.33") * fill_price * D("1.001")  # taker fee 0.10 %: 2,002.50024975
    assert cost == D("2002.50024975")
    borrowed = cost - 1000  # 1,002.50024975
    fee = up(borrowed * usdc_rate(52_000_000 + borrowed) / HOURS)  # a full hour: the clock is at 00:00
    usdc, sol = balances(result, "USDC"), balances(result, "SOL")
    assert usdc["available"] == 0 and usdc["borrowed"] == borrowed + fee
    assert sol["available"] == D("13.33")
    fill = row["events"][3]
    assert D(fill["price"]) == fill_price and D(fill["quoteQuantity"]) == cost
    assert D(fill["fee"]) == cost - D("13.33") * fill_price
    assert D(row["events"][2]["quantity"]) == fee
    pool = next(p for p in result["pools"] if p["symbol"] == "USDC")
    assert D(pool["borrowedQuantity"]) == 52_000_000 + borrowed + fee


def test_manual_borrow_with_auto_lend_off_and_its_refusal_with_auto_lend_on():
    account = {"balances": {"USDC": {"available": "1000"}}}
    borrow = {"type": "borrow", "symbol": "USDC", "quantity": "500"}
    result = run(account, borrow)
    fee = up(D(500) * usdc_rate(D(52_000_500)) / HOURS)
    assert balances(result, "USDC") == {
        "available": D(1500),
        "locked": 0,
        "lent": 0,
        "borrowed": 500 + fee,
        "pendingBorrow": 0,
    }
    refused = run(account, {"type": "settings", "autoLend": True}, borrow)
    assert refused["results"][1] == {
        "ok": False,
        "error": "AUTO_LEND_ENABLED",
        "message": refused["results"][1]["message"],
    }
    assert "Margin Overview" in refused["results"][1]["message"]
    # With Auto Lend on the deposit was lent, and the refused borrow changed nothing.
    assert balances(refused, "USDC")["lent"] == 1000 and balances(refused, "USDC")["borrowed"] == 0


def test_entry_fee_for_a_borrow_at_ten_to_the_hour():
    """A borrow at 00:50 pays interest for the 10 minutes left: 600 of 3,600 seconds."""
    result = run(
        {"time": "2026-11-20T00:50:00Z", "balances": {"USDC": {"available": "1000"}}},
        {"type": "borrow", "symbol": "USDC", "quantity": "1000"},
    )
    fee = up(D(1000) * usdc_rate(D(52_001_000)) / HOURS * 600 / 3600)
    assert D(result["results"][0]["events"][1]["quantity"]) == fee
    assert D("0.0015") < fee < D("0.0016")  # 1,000 · 8.1 % / 8,760 / 6


def test_margin_withdrawal_of_an_asset_not_held_and_its_refusal_without_margin():
    account = {"balances": {"USDC": {"available": "1000"}}}
    result = run(account, {"type": "withdraw", "symbol": "SOL", "quantity": "2", "margin": True})
    (row,) = result["results"]
    assert event_types(row) == ["Borrow", "EntryFee", "Withdrawal"]
    # SOL pool 600,000 / 240,000, U* 0.8 at 8 %: r = 0.08·U/0.8 = 0.1·U, U after = 240,002/600,000
    fee = up(D(2) * D("0.1") * D(240_002) / D(600_000) / HOURS)
    assert balances(result, "SOL") == {"available": 0, "locked": 0, "lent": 0, "borrowed": 2 + fee, "pendingBorrow": 0}
    refused = run(account, {"type": "withdraw", "symbol": "SOL", "quantity": "2"})
    assert refused["results"][0]["error"] == "INSUFFICIENT_FUNDS"
    assert "SOL" not in refused["account"]["balances"]


def test_resting_margin_limit_order_fills_when_the_mark_falls_to_it():
    """1,000 USDC; Bid 10 SOL at 140 with Margin: 1,401.12 reserved, 1,000 locked, 401.12 pending."""
    result = run(
        {"balances": {"USDC": {"available": "1000"}}},
        {
            "type": "order",
            "symbol": "SOL_USDC",
            "side": "Bid",
            "orderType": "Limit",
            "price": "140",
            "quantity": "10",
            "margin": True,
        },
        {"type": "price", "symbol": "SOL", "markPrice": "141"},
        {"type": "advance", "to": "2026-11-20T00:30:00Z"},
        {"type": "price", "symbol": "SOL", "markPrice": "140"},
    )
    placed, above, _, reached = result["results"]
    assert event_types(placed) == ["OrderPlaced"] and above["events"] == []
    reserve = D(10) * 140 * D("1.0008")  # maker fee 0.08 %
    assert reserve == D("1401.12")
    assert event_types(reached) == ["Borrow", "EntryFee", "Fill"]
    pending = reserve - 1000
    fee = up(pending * usdc_rate(52_000_000 + pending) / HOURS * 1800 / 3600)  # at 00:30
    usdc, sol = balances(result, "USDC"), balances(result, "SOL")
    assert usdc == {"available": 0, "locked": 0, "lent": 0, "borrowed": pending + fee, "pendingBorrow": 0}
    assert sol["available"] == 10
    fill = reached["events"][2]
    assert fill["reason"] == "maker" and D(fill["price"]) == 140 and fill["orderId"] == "1"
    assert result["account"]["openOrders"] == []


def test_resting_order_reserves_and_cancel_releases():
    result = run(
        {"balances": {"USDC": {"available": "1000"}}},
        {
            "type": "order",
            "symbol": "SOL_USDC",
            "side": "Bid",
            "orderType": "Limit",
            "price": "140",
            "quantity": "10",
            "margin": True,
        },
    )
    usdc = balances(result, "USDC")
    assert usdc["locked"] == 1000 and usdc["pendingBorrow"] == D("401.12") and usdc["available"] == 0
    (order,) = result["account"]["openOrders"]
    assert order["id"] == "1" and order["margin"] is True
    again = apply(result["account"], [{"type": "cancel", "orderId": "1"}], example_parameters())
    assert balances(again, "USDC")["available"] == 1000 and balances(again, "USDC")["pendingBorrow"] == 0
    assert again["account"]["openOrders"] == []


def test_order_ids_continue_after_the_largest_present():
    first = run(
        {"balances": {"USDC": {"available": "5000"}}},
        *[{"type": "order", "symbol": "SOL_USDC", "side": "Bid", "orderType": "Limit", "price": "100", "quantity": "1"}]
        * 3,
    )
    assert [o["id"] for o in first["account"]["openOrders"]] == ["1", "2", "3"]
    second = apply(
        first["account"],
        [{"type": "order", "symbol": "SOL_USDC", "side": "Bid", "orderType": "Market", "quantity": "1"}],
        example_parameters(),
    )
    assert second["results"][0]["events"][0]["orderId"] == "4"


def test_spot_short_borrows_the_coin_and_a_margin_buy_back_repays_it():
    result = run(
        {"balances": {"USDC": {"available": "1000"}}},
        {"type": "order", "symbol": "SOL_USDC", "side": "Ask", "orderType": "Market", "quantity": "5", "margin": True},
        {"type": "order", "symbol": "SOL_USDC", "side": "Bid", "orderType": "Market", "quantity": "5", "margin": True},
    )
    sell, buy = result["results"]
    assert event_types(sell) == ["OrderPlaced", "Borrow", "EntryFee", "Fill"]
    proceeds = (D(5) * D(150) * D("0.9995") * D("0.999")).quantize(TWELVE)
    assert D(sell["events"][3]["quoteQuantity"]) == proceeds
    assert "BorrowRepay" in event_types(buy)  # autoBorrowRepay: the SOL received repays the SOL borrow
    sol = balances(result, "SOL")
    assert sol["borrowed"] > 0 and sol["borrowed"] < D("0.001")  # only the entry fee is left owed


def test_auto_lend_lends_deposits_and_redeems_to_pay():
    result = run(
        {"balances": {}},
        {"type": "settings", "autoLend": True},
        {"type": "deposit", "symbol": "USDC", "quantity": "1000"},
        {"type": "order", "symbol": "SOL_USDC", "side": "Bid", "orderType": "Market", "quantity": "1"},
    )
    assert event_types(result["results"][1]) == ["Deposit", "Lend"]
    assert event_types(result["results"][2])[:2] == ["OrderPlaced", "LendRedeem"]
    assert balances(result, "SOL")["lent"] == 1 and balances(result, "USDC")["available"] == 0


def test_leverage_limit_change_follows_the_margin_rule():
    """NE = 6,000 − 5,000 = 1,000. IM of the 5,000 borrow: 500 at 10x, 1,000 at 5x (NEA 0: allowed), 2,500 at 2x."""
    account = {"balances": {"USDC": {"available": "6000", "borrowed": "5000"}}}
    result = run(account, {"type": "settings", "leverageLimit": "2"}, {"type": "settings", "leverageLimit": "5"})
    assert result["results"][0]["error"] == "INSUFFICIENT_MARGIN"
    assert result["results"][1]["ok"] and result["account"]["settings"]["leverageLimit"] == "5"
