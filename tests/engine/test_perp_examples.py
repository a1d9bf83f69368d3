"""Perps by hand (MARGIN_MODEL.md §10), each with its arithmetic: open, settle, fund; a fee borrowed
against SOL; reduce-only and a partial close; a flip; an increase that averages; valuation with
resting orders.

Bundled example perps: futures taker fee 0.05 %, maker 0.02 %, half-spread 0.05 %, funding rate
0.0000125 per hour; SOL_USDC_PERP imf 0.02 / 0.00006, mmf 0.0135 / 0.000036; the clock starts at
00:00 exactly. USDC pool: 80,000,000 lent, 52,000,000 borrowed, r(U) = 0.125·U below the kink.
"""

from decimal import ROUND_CEILING, localcontext
from decimal import Decimal as D

import pytest

from desktop.engine.apply_contract import apply
from desktop.engine.contract import evaluate
from desktop.engine.numbers import ENGINE_CONTEXT
from tests.engine.util import example_parameters

TWELVE = D("1e-12")


@pytest.fixture(autouse=True)
def engine_precision():
    with localcontext(ENGINE_CONTEXT):
        yield


def up(amount: D) -> D:
    return amount.quantize(TWELVE, rounding=ROUND_CEILING)


def run(account, *actions):
    return apply(account, list(actions), example_parameters())


def usdc(result) -> dict:
    fields = result["account"]["balances"].get("USDC", {})
    return {key: D(value) for key, value in fields.items()}


def position(result, symbol) -> dict | None:
    row = result["account"].get("positions", {}).get(symbol)
    return None if row is None else {key: D(value) for key, value in row.items()}


def types(row) -> list[str]:
    return [event["type"] for event in row["events"]]


def market(symbol, side, quantity, **extra):
    return {"type": "order", "symbol": symbol, "side": side, "orderType": "Market", "quantity": quantity, **extra}


def test_open_then_settle_on_a_price_move_then_three_funding_hours():
    result = run(
        {"balances": {"USDC": {"available": "10000"}}},
        market("SOL_USDC_PERP", "Bid", "10"),
        {"type": "price", "symbol": "SOL", "markPrice": "160"},
        {"type": "advance", "to": "2026-11-20T03:00:00Z"},
    )
    opened, moved, funded = result["results"]
    # Open: a market Bid fills at 150·1.0005 = 150.075; fee 10·150.075·0.0005 = 0.750375 USDC.
    assert types(opened) == ["OrderPlaced", "Fill"]
    fill = opened["events"][1]
    assert D(fill["price"]) == D("150.075") and D(fill["fee"]) == D("0.750375")
    assert D(fill["usdcChange"]) == D("-0.750375") and D(fill["realizedPnl"]) == 0
    assert (D(fill["netQuantity"]), D(fill["entryPrice"]), D(fill["settledPrice"])) == (10, D("150.075"), D("150.075"))
    # SOL to 160: the position settles 10·(160 − 150.075) = 99.25 into USDC; settledPrice becomes 160.
    assert types(moved) == ["Settlement"]
    settlement = moved["events"][0]
    assert D(settlement["quantity"]) == D("99.25") and D(settlement["usdcChange"]) == D("99.25")
    # 01:00, 02:00, 03:00: the long pays 10·160·0.0000125 = 0.02 USDC each hour (no borrow: no interest).
    assert types(funded) == ["FundingPayment"] * 3
    assert [D(e["quantity"]) for e in funded["events"]] == [D("-0.02")] * 3
    assert [e["time"] for e in funded["events"]] == [f"2026-11-20T0{h}:00:00Z" for h in (1, 2, 3)]
    assert usdc(result)["available"] == 10000 - D("0.750375") + D("99.25") - 3 * D("0.02")  # 10,098.439625
    assert position(result, "SOL_USDC_PERP") == {
        "netQuantity": 10,
        "entryPrice": D("150.075"),
        "settledPrice": 160,
    }
    # What evaluate shows now: nothing unsettled, E = 10·160 = 1,600, imf = 1/leverageLimit = 0.1.
    answer = evaluate(result["account"], example_parameters())
    assert answer["collateral"]["pnlUnrealized"] == "0" and answer["collateral"]["netExposureFutures"] == "1600"
    (row,) = answer["positions"]
    assert row["imf"] == "0.1" and row["mmf"] == "0.0135" and row["netExposureNotional"] == "1600"
    assert D(answer["collateral"]["initialMargin"]) == 160


def test_a_fee_is_paid_by_borrowing_usdc_when_the_collateral_is_sol_only():
    result = run({"balances": {"SOL": {"available": "100"}}}, market("SOL_USDC_PERP", "Ask", "1"))
    (row,) = result["results"]
    assert types(row) == ["OrderPlaced", "Borrow", "EntryFee", "Fill"]
    # A market Ask fills at 150·0.9995 = 149.925; fee 149.925·0.0005 = 0.0749625 USDC, all borrowed.
    fee = D("149.925") * D("0.0005")
    assert fee == D("0.0749625") and D(row["events"][1]["quantity"]) == fee
    # Entry fee for a full hour at the utilization after the borrow: q·0.125·U/8760.
    entry_fee = up(fee * D("0.125") * (52_000_000 + fee) / 80_000_000 / 8760)
    assert D(row["events"][2]["quantity"]) == entry_fee
    assert usdc(result) == {
        "available": 0,
        "locked": 0,
        "lent": 0,
        "borrowed": fee + entry_fee,
        "pendingBorrow": 0,
    }
    pool = next(p for p in result["pools"] if p["symbol"] == "USDC")
    assert D(pool["borrowedQuantity"]) == 52_000_000 + fee + entry_fee
    assert position(result, "SOL_USDC_PERP") == {
        "netQuantity": -1,
        "entryPrice": D("149.925"),
        "settledPrice": D("149.925"),
    }


def test_a_debit_redeems_lent_usdc_before_borrowing_whatever_the_pool_allows():
    """USDC 0.03 available and 0.02 lent; a fee of 0.0749625: 0.03, then the 0.02 lend, then 0.0249625 borrowed."""
    result = run(
        {"balances": {"USDC": {"available": "0.03", "lent": "0.02"}, "SOL": {"available": "10"}}},
        market("SOL_USDC_PERP", "Ask", "1"),
    )
    (row,) = result["results"]
    assert types(row) == ["OrderPlaced", "LendRedeem", "Borrow", "EntryFee", "Fill"]
    assert D(row["events"][1]["quantity"]) == D("0.02") and D(row["events"][2]["quantity"]) == D("0.0249625")
    assert usdc(result)["available"] == 0 and usdc(result)["lent"] == 0


LONG_TEN = {
    "balances": {"USDC": {"available": "5000"}},
    "positions": {"SOL_USDC_PERP": {"netQuantity": "10", "entryPrice": "150"}},
}


@pytest.mark.parametrize(
    "order",
    [
        market("SOL_USDC_PERP", "Bid", "1", reduceOnly=True),  # the position's own side
        market("SOL_USDC_PERP", "Ask", "10.01", reduceOnly=True),  # more than |q|
        market("BTC_USDC_PERP", "Ask", "0.001", reduceOnly=True),  # no position
        {**market("SOL_USDC_PERP", "Bid", "1", reduceOnly=True), "orderType": "Limit", "price": "100"},
    ],
)
def test_reduce_only_orders_that_do_not_reduce_are_refused_and_change_nothing(order):
    result = run(LONG_TEN, order)
    assert result["results"] == [
        {"ok": False, "error": "REDUCE_ONLY_NOT_REDUCED", "message": result["results"][0]["message"]}
    ]
    assert position(result, "SOL_USDC_PERP") == {"netQuantity": 10, "entryPrice": 150, "settledPrice": 150}
    assert usdc(result)["available"] == 5000 and result["account"]["openOrders"] == []


def test_a_reduce_only_partial_close_realizes_pnl_and_keeps_the_entry_price():
    result = run(LONG_TEN, market("SOL_USDC_PERP", "Ask", "4", reduceOnly=True))
    fill = result["results"][0]["events"][1]
    # 4 sold at 149.925: realizes 4·(149.925 − 150) = −0.3; fee 4·149.925·0.0005 = 0.29985.
    assert D(fill["realizedPnl"]) == D("-0.3") and D(fill["pnlSinceEntry"]) == D("-0.3")
    assert D(fill["fee"]) == D("0.29985") and D(fill["usdcChange"]) == D("-0.59985")
    assert usdc(result)["available"] == D("4999.40015")
    assert position(result, "SOL_USDC_PERP") == {"netQuantity": 6, "entryPrice": 150, "settledPrice": 150}


def test_a_resting_reduce_only_order_is_cut_to_the_position_or_cancelled():
    """Two resting reduce-only Asks of 6 at 160 (each ≤ |q| = 10 when placed): at 160 the first fills 6
    at its price (maker fee), the second is cut to the 4 left, and a third finds nothing and is cancelled."""
    limit = {**market("SOL_USDC_PERP", "Ask", "6", reduceOnly=True), "orderType": "Limit", "price": "160"}
    result = run(
        LONG_TEN, limit, limit, {**limit, "quantity": "1"}, {"type": "price", "symbol": "SOL", "markPrice": "160"}
    )
    moved = result["results"][3]["events"]
    assert types({"events": moved}) == ["Settlement", "Fill", "Fill", "OrderCancelled"]
    assert [D(e["quantity"]) for e in moved[1:]] == [6, 4, 1]
    # Settlement 10·(160 − 150) = 100; the fills realize 0 (settled at 160); maker fees 10·160·0.0002 = 0.32.
    assert usdc(result)["available"] == 5000 + 100 - D("0.32")
    assert position(result, "SOL_USDC_PERP") is None and result["account"]["openOrders"] == []


def test_a_flip_from_long_to_short_opens_the_rest_at_the_fill_price():
    account = {
        "balances": {"USDC": {"available": "5000"}},
        "positions": {"SOL_USDC_PERP": {"netQuantity": "2", "entryPrice": "140", "settledPrice": "148"}},
    }
    result = run(account, market("SOL_USDC_PERP", "Ask", "5"))
    fill = result["results"][0]["events"][1]
    # First the position settles at the mark: 2·(150 − 148) = 4. Then 2 close at 149.925:
    # realized 2·(149.925 − 150) = −0.15 (since entry 2·(149.925 − 140) = 19.85); 3 open short at 149.925.
    assert D(fill["settledPnl"]) == 4 and D(fill["realizedPnl"]) == D("-0.15")
    assert D(fill["pnlSinceEntry"]) == D("19.85")
    fee = 5 * D("149.925") * D("0.0005")  # 0.3748125
    assert D(fill["usdcChange"]) == 4 - D("0.15") - fee == D("3.4751875")
    assert usdc(result)["available"] == D("5003.4751875")
    assert position(result, "SOL_USDC_PERP") == {
        "netQuantity": -3,
        "entryPrice": D("149.925"),
        "settledPrice": D("149.925"),
    }
    # Unsettled at the mark: −3·(150 − 149.925) = −0.225.
    assert evaluate(result["account"], example_parameters())["collateral"]["pnlUnrealized"] == "-0.225"


def test_an_increase_averages_entry_and_settled_prices_by_size():
    account = {
        "balances": {"USDC": {"available": "5000"}},
        "positions": {"SOL_USDC_PERP": {"netQuantity": "2", "entryPrice": "140", "settledPrice": "148"}},
    }
    result = run(account, market("SOL_USDC_PERP", "Bid", "3"))
    # Settles 2·(150 − 148) = 4 (settledPrice 150), then 3 at 150.075:
    # entry (2·140 + 3·150.075)/5 = 146.045; settled (2·150 + 3·150.075)/5 = 150.045.
    assert position(result, "SOL_USDC_PERP") == {
        "netQuantity": 5,
        "entryPrice": D("146.045"),
        "settledPrice": D("150.045"),
    }
    assert usdc(result)["available"] == 5000 + 4 - 3 * D("150.075") * D("0.0005")  # fee 0.2251125


def test_evaluate_values_a_position_with_resting_orders_at_its_worst_case_size():
    """Long 4 BTC perp (entry 90,000) at leverage 50; resting Bids 1.5, Asks 6, and a reduce-only Ask 9.

    S = max(|4 + 1.5|, |4 − 6|) = 5.5 (the reduce-only Ask never counts); E = 5.5·95,000 = 522,500;
    imf = max(0.02, 1/50, 0.00005·√522,500) and mmf = max(0.012, 0.00003·√522,500), the size terms binding."""
    account = {
        "settings": {"leverageLimit": "50"},
        "balances": {"USDC": {"available": "100000"}},
        "positions": {"BTC_USDC_PERP": {"netQuantity": "4", "entryPrice": "90000", "settledPrice": "94000"}},
        "openOrders": [
            {"id": "7", "symbol": "BTC_USDC_PERP", "side": "Bid", "price": "80000", "quantity": "1.5"},
            {"id": "8", "symbol": "BTC_USDC_PERP", "side": "Ask", "price": "99000", "quantity": "6"},
            {
                "id": "9",
                "symbol": "BTC_USDC_PERP",
                "side": "Ask",
                "price": "98000",
                "quantity": "9",
                "reduceOnly": True,
            },
        ],
    }
    answer = evaluate(account, example_parameters())
    root = D(522_500).sqrt()
    imf, mmf = D("0.00005") * root, D("0.00003") * root  # 0.0361420… and 0.0216852…
    assert imf > D("0.02") and mmf > D("0.012")
    (row,) = answer["positions"]
    assert row == {
        "symbol": "BTC_USDC_PERP",
        "netQuantity": "4",
        "entryPrice": "90000",
        "markPrice": "95000",
        "netExposureQuantity": "5.5",
        "netExposureNotional": "522500",
        "pnlUnrealized": "4000",  # 4·(95,000 − 94,000)
        "imf": str(imf),
        "mmf": str(mmf),
        "estLiquidationPrice": row["estLiquidationPrice"],
    }
    collateral = answer["collateral"]
    assert D(collateral["netEquity"]) == 100_000 + 4000 and collateral["pnlUnrealized"] == "4000"
    assert D(collateral["initialMargin"]) == D(522_500) * imf
    assert D(collateral["netExposureFutures"]) == D(collateral["totalExposure"]) == 522_500
    # The long's liquidation price: NE 104,000 + 4·(p − 95,000) meets 5.5·p·0.00003·√(5.5·p), below the mark.
    price = D(row["estLiquidationPrice"])
    assert price == D(answer["limits"]["BTC"]["liquidationPrice"]) and price < 95_000
    assert 4 * price - 276_000 <= D("5.5") * price * D("0.00003") * (D("5.5") * price).sqrt()
