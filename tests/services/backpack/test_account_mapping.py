"""Backpack's answers → ACCOUNT.json (MARGIN_MODEL.md §8, §10), from the reference's real bodies."""

import json
from decimal import Decimal as D

import pytest

from desktop.engine import load_parameters
from desktop.engine.contract import evaluate
from desktop.engine.numbers import load_json
from desktop.services.backpack.account_mapping import map_account
from tests.services.backpack.account_util import FETCHED_AT, account_data, book_data, engine_perps, snapshot_from
from tests.standins.backpack_account_bodies import (
    ACCOUNT_CD,
    CAPITAL_CX,
    COLLATERAL_ALL_LENT,
    ORDER_LIMIT_CX,
    POSITION_ETH_CX,
    trader_book,
)

PERPS = ["SOL_USDC_PERP", "BTC_USDC_PERP", "DOGE_USDC_PERP", "ETH_USDC_PERP"]
EMPTY_SUMMARY = {"netEquity": "0", "collateral": []}
ACCOUNT = {"leverageLimit": "10", "autoLend": False, "autoRepayBorrows": False}


@pytest.fixture(scope="module")
def snapshot():
    return snapshot_from()


def bodies(**changes):
    found = {
        "/api/v1/capital": {},
        "/api/v1/capital/collateral": EMPTY_SUMMARY,
        "/api/v1/borrowLend/positions": [],
        "/api/v1/account": ACCOUNT,
        "/api/v1/position": [],
        "/api/v1/orders": [],
    }
    for key, value in changes.items():
        found[f"/api/v1/{key.replace('__', '/')}"] = value
    return found


def engine_figures(document, snapshot):
    """``evaluate`` on the document as a file would hand it over (the engine must accept it)."""
    return evaluate(load_json(json.dumps(document)), load_parameters(load_json(json.dumps(snapshot))))


ALL_LENT_POSITIONS = [
    {"symbol": "USDC", "netQuantity": "10.6524044577", "id": "1", "markPrice": "1", "netExposureQuantity": "0"},
    {"symbol": "SOL", "netQuantity": "0.0699302874", "id": "2", "markPrice": "144.9", "netExposureQuantity": "0"},
]


@pytest.mark.parametrize("capital", [{}, {"USDC": {"available": "0", "locked": "0", "staked": "0"}}])
@pytest.mark.parametrize("lends", [ALL_LENT_POSITIONS, []])
def test_the_all_lent_account_whose_capital_reads_zero(snapshot, capital, lends):
    data = account_data(
        bodies(
            capital=capital, capital__collateral=COLLATERAL_ALL_LENT, borrowLend__positions=lends, account=ACCOUNT_CD
        )
    )
    mapped = map_account(data, snapshot, FETCHED_AT)
    document = mapped.document
    assert document["balances"] == {
        "USDC": {"available": "0", "locked": "0", "lent": "10.6524044577", "borrowed": "0", "pendingBorrow": "0"},
        "SOL": {"available": "0", "locked": "0", "lent": "0.0699302874", "borrowed": "0", "pendingBorrow": "0"},
    }
    assert document["settings"] == {"leverageLimit": "10", "autoLend": True, "autoRepayBorrows": True}
    assert "Backpack sent no leverageLimit; 10 (the model's default) used." in mapped.notes
    fallback = "SOL: no borrow-lend position; lent 0.0699302874 from the collateral view."
    assert (fallback in mapped.notes) == (not lends)
    # The trimmed body has no assetMarkPrice: the price Backpack valued each asset at is used instead.
    assert D(document["markPrices"]["USDC"]) == 1
    assert D(document["markPrices"]["SOL"]) == D("144.9578481")  # 9.630096779592616743 / (0.95 × 0.0699302874)
    figures = engine_figures(document, snapshot)["collateral"]
    assert abs(D(figures["netEquity"]) - D("20.282501237292616743")) < D("1e-18")  # valued as Backpack does


def test_capital_gives_available_and_locked_and_borrow_lend_the_signed_net_quantity(snapshot):
    data = account_data(
        bodies(
            capital=CAPITAL_CX | {"SOL": {"available": "3", "locked": "0", "staked": "0"}},
            borrowLend__positions=[
                {"symbol": "SOL", "netQuantity": "1.5", "id": "a"},
                {"symbol": "BTC", "netQuantity": "-0.002", "id": "b"},
                {"symbol": "BTC", "netQuantity": "0.0005", "id": "c"},  # netted per asset
            ],
        )
    )
    balances = map_account(data, snapshot, FETCHED_AT).document["balances"]
    assert balances["USDC"] | {} == {
        "available": "120",
        "locked": "0",
        "lent": "0",
        "borrowed": "0",
        "pendingBorrow": "0",
    }
    assert (balances["SOL"]["available"], balances["SOL"]["lent"]) == ("3", "1.5")
    assert (balances["BTC"]["lent"], balances["BTC"]["borrowed"]) == ("0", "0.0015")


def test_settled_price_makes_the_unsettled_pnl_backpacks(snapshot):
    data = account_data(bodies(position=[POSITION_ETH_CX]))
    mapped = map_account(data, snapshot, FETCHED_AT, PERPS)
    position = mapped.document["positions"]["ETH_USDC_PERP"]
    settled = D(position["settledPrice"])
    assert position["netQuantity"] == "0.0036" and position["entryPrice"] == "3826.8888888888888888888888889"
    assert settled == D("3826.888688595555555555555555555556")  # 3787.46813304 + 0.141914 / 0.0036, 34 digits
    assert abs(D("0.0036") * (D("3787.46813304") - settled) - D("-0.141914")) < D("1e-30")  # = pnlUnrealized


def test_positions_the_engine_cannot_carry_are_left_out_and_named(snapshot):
    data = account_data(bodies(position=[POSITION_ETH_CX]))
    without_perps = map_account(data, snapshot, FETCHED_AT, None)
    assert "positions" not in without_perps.document
    assert without_perps.left_out["position ETH_USDC_PERP"] == (
        "netQuantity 0.0036; this build's engine has no perps (MARGIN_MODEL.md §10)"
    )
    coarse = snapshot_from()
    next(m for m in coarse["markets"] if m["symbol"] == "ETH_USDC_PERP")["filters"]["quantity"]["stepSize"] = "0.001"
    off_step = map_account(data, coarse, FETCHED_AT, PERPS)
    assert off_step.left_out["position ETH_USDC_PERP"] == "netQuantity 0.0036 is not a multiple of the step 0.001"


def test_open_orders_hold_the_locked_balance_and_the_rest_is_pending_borrow(snapshot):
    data = account_data(
        bodies(
            capital={"USDC": {"available": "100", "locked": "2", "staked": "0"}},
            orders=[ORDER_LIMIT_CX, ORDER_LIMIT_CX | {"id": "4228978331", "createdAt": 1753626206999}],
        )
    )
    mapped = map_account(data, snapshot, FETCHED_AT)
    first, second = mapped.document["openOrders"]
    assert first == {
        "id": "4228978330", "symbol": "ETH_USDC", "side": "Bid", "price": "3000", "quantity": "0.001",
        "locked": "2", "pendingBorrow": "1", "margin": True,
    }  # fmt: skip
    assert (second["locked"], second["pendingBorrow"], second["margin"]) == ("0", "3", True)
    assert mapped.document["balances"]["USDC"]["pendingBorrow"] == "4"
    assert "USDC: resting orders need 4 more than is locked; taken as Margin orders that would borrow it" in (
        " ".join(mapped.notes)
    )


def test_locked_with_no_order_to_hold_it_counts_as_available(snapshot):
    trigger = ORDER_LIMIT_CX | {"orderType": "Market", "price": None, "status": "TriggerPending", "triggerPrice": "1"}
    data = account_data(bodies(capital={"ETH": {"available": "1", "locked": "0.5", "staked": "0"}}, orders=[trigger]))
    mapped = map_account(data, snapshot, FETCHED_AT)
    assert mapped.document["balances"]["ETH"]["available"] == "1.5" and "openOrders" not in mapped.document
    assert mapped.left_out["order 4228978330 (ETH_USDC Bid)"] == "status TriggerPending: not resting on the book"


def test_partly_filled_orders_rest_with_what_is_left(snapshot):
    partly = ORDER_LIMIT_CX | {"quantity": "0.003", "executedQuantity": "0.001", "status": "PartiallyFilled"}
    data = account_data(bodies(capital={"USDC": {"available": "0", "locked": "6", "staked": "0"}}, orders=[partly]))
    (order,) = map_account(data, snapshot, FETCHED_AT).document["openOrders"]
    assert (order["quantity"], order["locked"], order["margin"]) == ("0.002", "6", False)


@pytest.mark.parametrize(("sent", "kept"), [("10", "10"), ("12.5", "12"), ("75", "50"), ("0.5", "1")])
def test_leverage_limit_becomes_a_whole_number_from_1_to_50(snapshot, sent, kept):
    data = account_data(bodies(account=ACCOUNT | {"leverageLimit": sent}))
    mapped = map_account(data, snapshot, FETCHED_AT)
    assert mapped.document["settings"]["leverageLimit"] == kept
    assert any("leverageLimit" in note for note in mapped.notes) == (sent != kept)


def test_assets_outside_the_parameters_are_left_out_and_named(snapshot):
    data = account_data(bodies(capital={"WIF": {"available": "3", "locked": "0", "staked": "0"}} | CAPITAL_CX))
    mapped = map_account(data, snapshot, FETCHED_AT)
    assert set(mapped.document["balances"]) == {"USDC"}
    assert mapped.left_out == {"WIF": "available 3; not an asset of the parameters"}
    assert engine_figures(mapped.document, snapshot)["collateral"]["netEquity"] == "120.012"


def test_a_whole_trader_account_loads_in_the_engine(snapshot):
    mapped = map_account(book_data(trader_book()), snapshot, FETCHED_AT, PERPS)
    document = mapped.document
    assert document["positions"] == {
        "SOL_USDC_PERP": {"netQuantity": "2", "entryPrice": "140", "settledPrice": "145"},
        "DOGE_USDC_PERP": {"netQuantity": "-1000", "entryPrice": "0.41", "settledPrice": "0.405"},
    }
    assert document["markPrices"]["DOGE"] == "0.40021"  # a perp-only base takes its position's mark
    perp_orders = [o for o in document["openOrders"] if o["symbol"].endswith("_PERP")]
    assert [(o["id"], o["reduceOnly"]) for o in perp_orders] == [("4228978103", False), ("4228978104", True)]
    assert document["time"] == "2026-11-20T12:00:00Z" and document["backpack"]["notes"] == mapped.notes
    if engine_perps(snapshot) is None:
        pytest.skip("this engine has no perps (bp-cross-v1); the engine half runs once MARGIN_MODEL.md §10 lands")
    figures = engine_figures(document, snapshot)
    assert [row["symbol"] for row in figures["positions"]] == ["DOGE_USDC_PERP", "SOL_USDC_PERP"]
