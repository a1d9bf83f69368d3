"""Bad perp input (MARGIN_MODEL.md §10, precision 17): snapshots and ACCOUNT.json name the key; bad
orders are refused results, checked in §10's order."""

from __future__ import annotations

import pytest

from desktop.engine import InputError, ParameterError, load_parameters
from desktop.engine.apply_contract import apply
from desktop.engine.contract import evaluate
from tests.engine.util import example_parameters, example_snapshot, parameters_with


def perp_row(snapshot, symbol="SOL_USDC_PERP"):
    return next(row for row in snapshot["markets"] if row["symbol"] == symbol)


@pytest.mark.parametrize(
    ("change", "field"),
    [
        (lambda s: s["markPrices"].pop("DOGE"), "markPrices.DOGE"),
        (lambda s: s["markPrices"].update(DOGE="0"), "markPrices.DOGE"),
        (lambda s: perp_row(s).pop("imfFunction"), "markets[SOL_USDC_PERP].imfFunction"),
        (lambda s: perp_row(s)["mmfFunction"].pop("base"), "markets[SOL_USDC_PERP].mmfFunction.base"),
        (lambda s: perp_row(s)["mmfFunction"].update(type="linear"), "markets[SOL_USDC_PERP].mmfFunction.type"),
        (lambda s: perp_row(s)["imfFunction"].update(factor="-1"), "markets[SOL_USDC_PERP].imfFunction.factor"),
        (lambda s: perp_row(s).pop("filters"), "markets[SOL_USDC_PERP].filters"),
        (
            lambda s: perp_row(s)["filters"]["quantity"].update(stepSize="0"),
            "markets[SOL_USDC_PERP].filters.quantity.stepSize",
        ),
        (lambda s: perp_row(s).pop("baseSymbol"), "markets[SOL_USDC_PERP].baseSymbol"),
        (lambda s: perp_row(s).update(baseSymbol="PEPE"), "markPrices.PEPE"),
        (lambda s: perp_row(s).update(quoteSymbol="USDT"), "markets[SOL_USDC_PERP].quoteSymbol"),
        (lambda s: perp_row(s).update(fundingInterval=1800000), "markets[SOL_USDC_PERP].fundingInterval"),
        (lambda s: perp_row(s).update(fundingInterval="soon"), "markets[SOL_USDC_PERP].fundingInterval"),
        (lambda s: perp_row(s).update(fundingRate="1.5"), "markets[SOL_USDC_PERP].fundingRate"),
        (lambda s: perp_row(s).update(orderBookState="Paused"), "markets[SOL_USDC_PERP].orderBookState"),
        (lambda s: s.update(futuresTakerFee="-0.1"), "futuresTakerFee"),
        (lambda s: s.update(futuresMakerFee="2"), "futuresMakerFee"),
    ],
)
def test_a_bad_perp_row_is_an_error_naming_the_key(change, field):
    snapshot = example_snapshot()
    change(snapshot)
    with pytest.raises(ParameterError) as refused:
        load_parameters(snapshot)
    assert refused.value.field == field


def test_perp_rows_take_the_defaults_of_section_10():
    def bare(snapshot):
        row = perp_row(snapshot)
        for key in ("fundingInterval", "fundingRate", "orderBookState", "quoteSymbol"):
            row.pop(key)
        snapshot.pop("futuresMakerFee")
        snapshot.pop("futuresTakerFee")

    parameters = parameters_with(bare)
    market = parameters.perps["SOL_USDC_PERP"]
    assert (market.funding_interval_ms, market.funding_rate, market.order_book_state, market.quote) == (
        3_600_000,
        0,
        "Open",
        "USDC",
    )
    assert str(parameters.assumptions.futures_maker_fee) == "0.0002"
    assert str(parameters.assumptions.futures_taker_fee) == "0.0005"
    assert parameters.perp_only_bases == ("DOGE",) and "DOGE" not in parameters.assets


@pytest.mark.parametrize(
    ("account", "field"),
    [
        ({"positions": {"SOL_USDC": {"netQuantity": "1", "entryPrice": "1"}}}, "positions.SOL_USDC"),
        ({"positions": {"PEPE_USDC_PERP": {"netQuantity": "1", "entryPrice": "1"}}}, "positions.PEPE_USDC_PERP"),
        (
            {"positions": {"SOL_USDC_PERP": {"netQuantity": "0", "entryPrice": "150"}}},
            "positions.SOL_USDC_PERP.netQuantity",
        ),
        (
            {"positions": {"SOL_USDC_PERP": {"netQuantity": "0.001", "entryPrice": "150"}}},
            "positions.SOL_USDC_PERP.netQuantity",
        ),
        (
            {"positions": {"SOL_USDC_PERP": {"netQuantity": "one", "entryPrice": "150"}}},
            "positions.SOL_USDC_PERP.netQuantity",
        ),
        ({"positions": {"SOL_USDC_PERP": {"entryPrice": "150"}}}, "positions.SOL_USDC_PERP.netQuantity"),
        ({"positions": {"SOL_USDC_PERP": {"netQuantity": "1"}}}, "positions.SOL_USDC_PERP.entryPrice"),
        (
            {"positions": {"SOL_USDC_PERP": {"netQuantity": "1", "entryPrice": "0"}}},
            "positions.SOL_USDC_PERP.entryPrice",
        ),
        (
            {"positions": {"SOL_USDC_PERP": {"netQuantity": "1", "entryPrice": "1", "settledPrice": "-2"}}},
            "positions.SOL_USDC_PERP.settledPrice",
        ),
        ({"positions": ["SOL_USDC_PERP"]}, "positions"),
        ({"balances": {"DOGE": {"available": "1"}}}, "balances.DOGE"),
        (
            {"openOrders": [{"id": "1", "symbol": "PEPE_PERP", "side": "Bid", "price": "1", "quantity": "1"}]},
            "openOrders[0].symbol",
        ),
        (
            {"openOrders": [{"id": "1", "symbol": "SOL_USDC_PERP", "side": "Buy", "price": "1", "quantity": "1"}]},
            "openOrders[0].side",
        ),
        (
            {"openOrders": [{"id": "1", "symbol": "SOL_USDC_PERP", "side": "Bid", "price": "0", "quantity": "1"}]},
            "openOrders[0].price",
        ),
        (
            {
                "openOrders": [
                    {
                        "id": "1",
                        "symbol": "SOL_USDC_PERP",
                        "side": "Bid",
                        "price": "1",
                        "quantity": "1",
                        "reduceOnly": "no",
                    }
                ]
            },
            "openOrders[0].reduceOnly",
        ),
    ],
)
def test_bad_positions_and_perp_orders_name_the_field(account, field):
    for read in (evaluate, lambda raw, parameters: apply(raw, [], parameters)):
        with pytest.raises(InputError) as refused:
            read(account, example_parameters())
        assert refused.value.field == field


FUNDED = {"balances": {"USDC": {"available": "10000"}}}


def order(**fields):
    return {"type": "order", "symbol": "SOL_USDC_PERP", "side": "Bid", "orderType": "Market", "quantity": "1", **fields}


@pytest.mark.parametrize(
    ("action", "code"),
    [
        (order(symbol="PEPE_USDC_PERP"), "INVALID_SYMBOL"),
        (order(side="Buy"), "INVALID_SYMBOL"),
        (order(quantity="0"), "INVALID_QUANTITY"),
        (order(quantity="-1"), "INVALID_QUANTITY"),
        (order(quantity="0.005"), "INVALID_QUANTITY"),  # off the 0.01 step
        (order(quantity="lots"), "INVALID_QUANTITY"),
        (order(orderType="Limit", price="0"), "INVALID_PRICE"),
        (order(orderType="Limit", price="-150"), "INVALID_PRICE"),
        (order(orderType="Limit", price="150.001"), "INVALID_PRICE"),  # off the tick
        (order(reduceOnly=True), "REDUCE_ONLY_NOT_REDUCED"),  # no position
        (order(quantity="1000"), "INSUFFICIENT_MARGIN"),  # 150,000 of exposure on 10,000
        ({"type": "price", "symbol": "SOL_USDC_PERP", "markPrice": "100"}, "INVALID_SYMBOL"),  # precision 6
        ({"type": "price", "symbol": "DOGE", "markPrice": "0"}, "INVALID_PRICE"),  # a perp-only base's mark ≤ 0
        ({"type": "price", "symbol": "DOGE", "markPrice": "-0.4"}, "INVALID_PRICE"),
        (order(quantity="1e21"), "INVALID_QUANTITY"),  # beyond what the engine keeps exact (as a spot order)
        (order(orderType="Limit", price="1e13"), "INVALID_PRICE"),  # beyond the price range (as a spot order)
    ],
)
def test_bad_perp_orders_are_refused_results(action, code):
    result = apply(FUNDED, [action], example_parameters())
    assert result["results"][0]["ok"] is False and result["results"][0]["error"] == code
    assert result["account"]["balances"]["USDC"]["available"] == "10000" and "positions" not in result["account"]


def closed_sol_perp(snapshot):
    perp_row(snapshot)["orderBookState"] = "Closed"


def test_the_refusals_come_in_the_order_of_section_10():
    parameters = parameters_with(closed_sol_perp)
    long_one = {**FUNDED, "positions": {"SOL_USDC_PERP": {"netQuantity": "1", "entryPrice": "150"}}}
    cases = [
        # A Closed market refuses what is not reduce-only, before the reduce-only and margin checks …
        (order(quantity="1000"), "TRADING_PAUSED"),
        # … a reduce-only order passes it and meets its own check before the margin check …
        (order(side="Bid", quantity="1000", reduceOnly=True), "REDUCE_ONLY_NOT_REDUCED"),
        # … and a true reduce-only order on a Closed market goes through.
        (order(side="Ask", quantity="1", reduceOnly=True), None),
    ]
    for action, code in cases:
        (row,) = apply(long_one, [action], parameters)["results"]
        assert row.get("error") == code, action
    # The USDC pool's state never pauses a perp order (precision 12): its fee is borrowed anyway.
    usdc_closed = parameters_with(
        lambda s: next(r for r in s["borrowLendMarkets"] if r["symbol"] == "USDC").update(state="Closed")
    )
    (row,) = apply({"balances": {"SOL": {"available": "10"}}}, [order()], usdc_closed)["results"]
    assert row["ok"] and "Borrow" in [e["type"] for e in row["events"]]


def test_an_account_being_liquidated_may_only_reduce():
    """Liquidatable at the given marks (loaded, not yet checked): opening more is ACCOUNT_LIQUIDATING,
    a reduce that raises available equity is not."""
    account = {
        "balances": {"USDC": {"available": "10"}},
        "positions": {"SOL_USDC_PERP": {"netQuantity": "10", "entryPrice": "150", "settledPrice": "160"}},
    }
    assert evaluate(account, example_parameters())["collateral"]["liquidatable"]
    results = apply(account, [order(), order(side="Ask", quantity="5")], example_parameters())["results"]
    assert results[0]["error"] == "ACCOUNT_LIQUIDATING" and results[1]["ok"]
