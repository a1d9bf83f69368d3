"""Liquidation and liquidation prices with perp positions (MARGIN_MODEL.md §10), by hand."""

from decimal import Decimal as D
from decimal import localcontext

import pytest

from desktop.engine import Account, AccountSettings, AccountState, AssetBalance, Position, account_limits, value_account
from desktop.engine.apply_contract import apply, parse_state
from desktop.engine.clock import move_prices
from desktop.engine.contract import evaluate
from desktop.engine.numbers import ENGINE_CONTEXT
from desktop.engine.replay import replay_events
from tests.engine.util import example_parameters


@pytest.fixture(autouse=True)
def engine_precision():
    with localcontext(ENGINE_CONTEXT):
        yield


LONG_SIXTY = {
    "balances": {"USDC": {"available": "1000"}},
    "positions": {"SOL_USDC_PERP": {"netQuantity": "60", "entryPrice": "150"}},
}


def test_a_liquidation_closes_the_least_quantity_that_restores_the_initial_margin():
    """1,000 USDC and a 60 SOL long at 150, leverage 10 (imf 0.1, mmf 0.0135 at these sizes).

    At 135 the position settles 60·(135 − 150) = −900: NE = 100 ≤ MM = 60·135·0.0135 = 109.35, so the
    account is liquidatable; IM = 810, NEA = −710. Closing c at the mark with the 1 % fee gives
    NEA(c) = 100 − 1.35·c − 13.5·(60 − c) = −710 + 12.15·c ≥ 0 first at c = 58.44 (58.43: −0.0755)."""
    assert D(-710) + D("12.15") * D("58.43") < 0 <= D(-710) + D("12.15") * D("58.44")
    result = apply(LONG_SIXTY, [{"type": "price", "symbol": "SOL", "markPrice": "135"}], example_parameters())
    events = result["results"][0]["events"]
    assert [e["type"] for e in events] == ["Settlement", "Liquidation"]
    settlement, close = events
    assert D(settlement["usdcChange"]) == -900
    assert close["symbol"] == "SOL_USDC_PERP" and D(close["quantity"]) == D("58.44") and D(close["price"]) == 135
    assert close["side"] == "Ask" and close["tag"] == "Book"  # margin fraction 100/8,100 ≥ 0.0135/2
    assert D(close["fee"]) == D("58.44") * 135 * D("0.01") == D("78.894")
    assert D(close["realizedPnl"]) == 0 and D(close["netQuantity"]) == D("1.56")
    account = result["account"]
    assert D(account["balances"]["USDC"]["available"]) == 100 - D("78.894")
    assert account["positions"]["SOL_USDC_PERP"] == {"netQuantity": "1.56", "entryPrice": "150", "settledPrice": "135"}
    after = evaluate(account, example_parameters())["collateral"]
    assert D(after["netEquityAvailable"]) == D("21.106") - D("1.56") * 135 * D("0.1") == D("0.046")
    assert after["liquidatable"] is False


def test_the_position_with_the_largest_maintenance_requirement_closes_first():
    """690 USDC, a SOL long (at 135: E·mmf = 40·135·0.0135 = 72.9) and an ETH long (0.5·3,500·0.0125 =
    21.875). SOL settles −600: NE = 90 ≤ MM = 94.775; IM = 540 + 175, NEA = −625.
    SOL goes first, and all of it: −625 + 12.15·40 = −139 < 0 (NE 90 − 54 = 36). Then ETH, in part:
    NEA(e) = 36 − 35·e − 350·(0.5 − e) = −139 + 315·e ≥ 0 first at e = 0.442 (step 0.001)."""
    account = {
        "balances": {"USDC": {"available": "690"}},
        "positions": {
            "SOL_USDC_PERP": {"netQuantity": "40", "entryPrice": "150"},
            "ETH_USDC_PERP": {"netQuantity": "0.5", "entryPrice": "3500"},
        },
    }
    result = apply(account, [{"type": "price", "symbol": "SOL", "markPrice": "135"}], example_parameters())
    closes = [e for e in result["results"][0]["events"] if e["type"] == "Liquidation"]
    assert [(e["symbol"], e["quantity"]) for e in closes] == [("SOL_USDC_PERP", "40"), ("ETH_USDC_PERP", "0.442")]
    assert result["account"]["balances"]["USDC"]["available"] == "20.53"  # 90 − 54 − 15.47
    assert not evaluate(result["account"], example_parameters())["collateral"]["liquidatable"]


def test_positions_close_before_collateral_is_sold_and_bankruptcy_comes_last():
    """A long of 100 SOL perp on 2,000 USDC and 0.05 BTC of collateral; SOL halves: −7,500 settles, 5,500
    of it borrowed; the whole position closes (fee 75, borrowed too), then the BTC is sold for the borrow
    (0.05·95,000·0.99 = 4,702.5); the rest of the borrow, about 873 USDC, is written off."""
    account = {
        "balances": {"USDC": {"available": "2000"}, "BTC": {"available": "0.05"}},
        "positions": {"SOL_USDC_PERP": {"netQuantity": "100", "entryPrice": "150"}},
    }
    result = apply(account, [{"type": "price", "symbol": "SOL", "markPrice": "75"}], example_parameters())
    kinds = [(e["type"], e["symbol"]) for e in result["results"][0]["events"]]
    close = kinds.index(("Liquidation", "SOL_USDC_PERP"))
    sale = kinds.index(("Liquidation", "BTC"))
    assert close < sale and ("Bankruptcy", "USDC") in kinds[sale:]
    assert "positions" not in result["account"]  # nothing left open
    assert all(D(v) == 0 for b in result["account"]["balances"].values() for v in b.values())


def test_a_hedged_account_is_liquidated_far_away_or_never():
    """100 SOL held (C/P = 0.95·100 = 95 while the weight stays 0.95) against a perp short.

    Short 90: net delta 95 − 90 = +5, search downward; NE = 95·p − 90·(p − 150) = 13,500 + 5·p never
    meets a maintenance margin that shrinks with p: no liquidation price.
    Short 100: net delta −5, search upward; NE = 15,000 − 5·p while the weight holds, and the perp's
    maintenance margin grows like p^1.5: liquidated only far above the mark."""
    parameters = example_parameters()

    def hedged(short):
        return {
            "balances": {"SOL": {"available": "100"}},
            "positions": {"SOL_USDC_PERP": {"netQuantity": f"-{short}", "entryPrice": "150"}},
        }

    never = evaluate(hedged(90), parameters)
    assert never["limits"]["SOL"]["liquidationPrice"] is None
    assert never["positions"][0]["estLiquidationPrice"] is None
    far = evaluate(hedged(100), parameters)
    price = D(far["positions"][0]["estLiquidationPrice"])
    assert price > 10 * 150
    state = parse_state(hedged(100), parameters)
    at = {**state.marks, "SOL": price}
    below = {**state.marks, "SOL": price * (1 - D("2e-12"))}
    assert value_account(state.account, parameters, at).liquidatable
    assert not value_account(state.account, parameters, below).liquidatable


def test_a_perp_only_base_gets_a_limits_row_and_a_liquidation_price_from_its_position():
    parameters = example_parameters()
    flat = evaluate({"balances": {"USDC": {"available": "100"}}}, parameters)
    assert flat["limits"]["DOGE"] == {
        "maxBorrowQuantity": "0",
        "maxWithdrawalQuantity": "0",
        "maxMarginWithdrawalQuantity": "0",
        "liquidationPrice": None,
    }
    assert flat["positions"] == [] and flat["collateral"]["netExposureFutures"] == "0"
    # Short 1,000 DOGE at 0.40 on 100 USDC: NE = 100 − 1,000·(p − 0.4) meets MM = 1,000·p·0.03 at
    # p = 500/1,030 = 0.4854… (the size term 0.00012·√(1,000·p) stays below 0.03).
    short = {
        "balances": {"USDC": {"available": "100"}},
        "positions": {"DOGE_USDC_PERP": {"netQuantity": "-1000", "entryPrice": "0.4"}},
    }
    answer = evaluate(short, parameters)
    price = D(answer["limits"]["DOGE"]["liquidationPrice"])
    assert abs(price / (D(500) / D(1030)) - 1) < D("1e-12")
    assert answer["positions"][0]["estLiquidationPrice"] == answer["limits"]["DOGE"]["liquidationPrice"]
    # A move of DOGE moves the perp; limits of the state see it too.
    state = parse_state(short, parameters)
    moved = move_prices(state, parameters, {"DOGE": D("0.44")})
    assert [e.type for e in moved.events] == ["Settlement"] and moved.events[0].quantity == D(-40)
    limits = account_limits(moved.state.account, parameters, moved.state.marks, moved.state.pools)
    assert limits["DOGE"].liquidation_price == pytest.approx(price, rel=D("1e-12"))


def test_the_events_of_a_liquidation_replay_to_the_books():
    result_state = parse_state(LONG_SIXTY, example_parameters())
    outcome = move_prices(result_state, example_parameters(), {"SOL": D(135)})
    opening = apply(LONG_SIXTY, [], example_parameters())["account"]
    books = replay_events(outcome.events, example_parameters().pools)
    # Replayed from the opening position: the position after the events is the one the state holds.
    assert opening["positions"]["SOL_USDC_PERP"]["netQuantity"] == "60"
    assert books.positions == dict(outcome.state.account.positions)


def test_a_settled_loss_that_makes_the_account_liquidatable_is_cured_by_repaying_from_available():
    """The case hypothesis once reported as "settlement does not conserve net equity" (issue 13).

    SOL 90.41 available, 93.10 locked (no order), 80.04 borrowed; long 8.792 ETH perp settled at 3,150.
    Marks: SOL 244.50, ETH 875 (the others moved too, but nothing else is held).
    Settlement: 8.792·(875 − 3,150) = −20,001.8 USDC, all borrowed (no USDC held), with its entry fee
    for a full hour at U = 52,020,001.8/80,000,000: fee = 20,001.8·0.125·U/8,760 = 0.185590338186 (up).
    SOL: H = 183.51, V = 44,868.195, weight 0.95 (the curve gives 1.0447), C = 42,624.78525; L = 19,569.78.
    NE = 42,624.78525 − 19,569.78 − 20,001.985590338186 = 3,053.019659661814 — the unsettled NE
    3,053.20525 less the entry fee: settlement conserved net equity.
    MM = 19,569.78·0.1 + 20,001.985590338186·0.05 + 7,693·0.0125 = 3,053.239779516909… ≥ NE:
    liquidatable. Step 2 repays the SOL borrow from available (80.04): C = 103.47·244.5·0.95 =
    24,033.49425, NE = 4,031.508659661814 — up by 80.04·244.5·(1 − 0.95) = 978.489, the haircut the
    repay frees. IM = 20,001.985590338186·0.1 + 7,693·0.1 (the leverage floor): NEA = 1,262.010… ≥ 0,
    so nothing is closed or sold, and no Liquidation event is written: the repay says why."""
    parameters = example_parameters()
    # Built as hypothesis built it: ``locked`` without an order (apply would refuse that; it plays no part).
    account = Account(
        balances={"SOL": AssetBalance(available=D("90.41"), locked=D("93.10"), borrowed=D("80.04"))},
        settings=AccountSettings(leverage_limit=10),
        positions={"ETH_USDC_PERP": Position(D("8.792"), D("2450"), D("3150"))},
    )
    marks = {"USDT": ".25", "SOL": "244.50", "BTC": "23750", "ETH": "875", "JTO": ".75", "BONK": "0.0000075"}
    state = AccountState.opening(parameters, account)
    new_marks = {**{symbol: D(price) for symbol, price in marks.items()}, "DOGE": D(".10")}
    unsettled = value_account(state.account, parameters, {**state.marks, **new_marks})
    assert unsettled.net_equity == D("3053.20525")
    outcome = move_prices(state, parameters, new_marks)
    assert [(e.type, e.symbol, e.quantity) for e in outcome.events] == [
        ("Borrow", "USDC", D("20001.8")),
        ("EntryFee", "USDC", D("0.185590338186")),
        ("Settlement", "ETH_USDC_PERP", D("-20001.8")),
        ("BorrowRepay", "SOL", D("80.04")),
    ]
    utilization = (52_000_000 + D("20001.8")) / 80_000_000
    assert D("0.185590338186") == (D("20001.8") * D("0.125") * utilization / 8760).quantize(
        D("1e-12"), rounding="ROUND_CEILING"
    )
    assert outcome.events[3].reason == "liquidation: repaid from available"
    settled_ne = D("42624.78525") - D("19569.78") - D("20001.985590338186")
    assert settled_ne == unsettled.net_equity - D("0.185590338186") == D("3053.019659661814")
    maintenance = D("19569.78") * D("0.1") + D("20001.985590338186") * D("0.05") + 7693 * D("0.0125")
    assert settled_ne <= maintenance  # so the liquidation check ran
    after = value_account(outcome.state.account, parameters, outcome.state.marks)
    assert after.net_equity == D("24033.49425") - D("20001.985590338186") == D("4031.508659661814")
    assert after.net_equity - settled_ne == D("80.04") * D("244.5") * D("0.05") == D("978.489")
    assert after.net_equity_available == after.net_equity - D("20001.985590338186") * D("0.1") - 7693 * D("0.1")
    assert after.net_equity_available > 0 and not after.liquidatable
    sol, usdc = outcome.state.account.balances["SOL"], outcome.state.account.balances["USDC"]
    assert (sol.available, sol.locked, sol.borrowed) == (D("10.37"), D("93.10"), 0)
    assert (usdc.available, usdc.borrowed) == (0, D("20001.985590338186"))
