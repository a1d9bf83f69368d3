"""``margin-desk evaluate`` and ``apply`` with perps (MARGIN_MODEL.md §10 "Contract")."""

import json
import subprocess
import sys

import pytest

ACCOUNT = {
    "settings": {"leverageLimit": "10"},
    "balances": {"USDC": {"available": "20000"}, "SOL": {"available": "10"}},
    "positions": {
        "SOL_USDC_PERP": {"netQuantity": "-5", "entryPrice": "155", "settledPrice": "152"},
        "DOGE_USDC_PERP": {"netQuantity": "10000", "entryPrice": "0.38"},
        "BTC_USDC_PERP": {"netQuantity": "0.01", "entryPrice": "90000"},
    },
}


def run(tmp_path, command, *documents):
    paths = []
    for index, document in enumerate(documents):
        path = tmp_path / f"{command}-{index}.json"
        path.write_text(document if isinstance(document, str) else json.dumps(document))
        paths.append(str(path))
    return subprocess.run(
        [sys.executable, "-m", "desktop", command, *paths], capture_output=True, text=True, timeout=60
    )


def test_evaluate_prints_positions_sorted_by_symbol_and_the_futures_exposure(tmp_path):
    result = run(tmp_path, "evaluate", ACCOUNT)
    assert result.returncode == 0 and result.stderr == ""
    answer = json.loads(result.stdout)
    assert [row["symbol"] for row in answer["positions"]] == ["BTC_USDC_PERP", "DOGE_USDC_PERP", "SOL_USDC_PERP"]
    # u = 0.01·(95,000 − 90,000) + 10,000·(0.40 − 0.38) − 5·(150 − 152) = 50 + 200 + 10 = 260
    assert answer["collateral"]["pnlUnrealized"] == "260"
    # E = 0.01·95,000 + 10,000·0.40 + 5·150 = 950 + 4,000 + 750
    assert answer["collateral"]["netExposureFutures"] == "5700"
    assert answer["collateral"]["unsettledEquity"] == "0"
    assert set(answer["limits"]) >= {"USDC", "SOL", "BTC", "DOGE"}
    for row in answer["positions"]:
        assert set(row) == {
            "symbol",
            "netQuantity",
            "entryPrice",
            "markPrice",
            "netExposureQuantity",
            "netExposureNotional",
            "pnlUnrealized",
            "imf",
            "mmf",
            "estLiquidationPrice",
        }
        base = row["symbol"].split("_")[0]
        assert row["estLiquidationPrice"] == answer["limits"][base]["liquidationPrice"]


@pytest.mark.parametrize(
    ("positions", "named"),
    [
        ({"XRP_USDC_PERP": {"netQuantity": "1", "entryPrice": "1"}}, "positions.XRP_USDC_PERP"),
        ({"SOL_USDC_PERP": {"netQuantity": "0", "entryPrice": "150"}}, "positions.SOL_USDC_PERP.netQuantity"),
        ({"SOL_USDC_PERP": {"netQuantity": "1.001", "entryPrice": "150"}}, "positions.SOL_USDC_PERP.netQuantity"),
        ({"SOL_USDC_PERP": {"netQuantity": "1", "entryPrice": "-150"}}, "positions.SOL_USDC_PERP.entryPrice"),
    ],
)
def test_bad_positions_exit_2_with_one_line_naming_the_field(tmp_path, positions, named):
    for command, documents in (("evaluate", ()), ("apply", ([],))):
        result = run(tmp_path, command, {**ACCOUNT, "positions": positions}, *documents)
        assert result.returncode == 2 and result.stdout == ""
        assert named in result.stderr and result.stderr.count("\n") == 1


def test_apply_carries_positions_perp_orders_and_the_new_events_and_feeds_back_in(tmp_path):
    actions = [
        {"type": "order", "symbol": "ETH_USDC_PERP", "side": "Bid", "orderType": "Market", "quantity": "0.5"},
        {
            "type": "order",
            "symbol": "SOL_USDC_PERP",
            "side": "Bid",
            "orderType": "Limit",
            "price": "140",
            "quantity": "5",
            "reduceOnly": True,
        },
        {"type": "advance", "to": "2026-11-20T01:00:00Z"},
    ]
    first = run(tmp_path, "apply", ACCOUNT, actions)
    assert first.returncode == 0, first.stderr
    output = json.loads(first.stdout)
    assert [row["ok"] for row in output["results"]] == [True, True, True]
    fill = output["results"][0]["events"][-1]
    assert fill["type"] == "Fill" and fill["symbol"] == "ETH_USDC_PERP" and fill["realizedPnl"] == "0"
    kinds = {e["type"] for e in output["results"][2]["events"]}
    assert {"Settlement", "FundingPayment"} <= kinds  # 01:00 is a funding time: settle, then fund
    account = output["account"]
    assert set(account["positions"]) == {"BTC_USDC_PERP", "DOGE_USDC_PERP", "ETH_USDC_PERP", "SOL_USDC_PERP"}
    assert account["openOrders"] == [
        {"id": "2", "symbol": "SOL_USDC_PERP", "side": "Bid", "price": "140", "quantity": "5", "reduceOnly": True}
    ]
    # Fed back in: SOL reaches 140, the short of 5 closes at 140 (maker), the order ends; ids go on at 3.
    second = run(
        tmp_path,
        "apply",
        account,
        [
            {"type": "price", "symbol": "SOL", "markPrice": "139"},
            {"type": "order", "symbol": "DOGE_USDC_PERP", "side": "Ask", "orderType": "Market", "quantity": "10000"},
        ],
    )
    again = json.loads(second.stdout)
    fill = [e for e in again["results"][0]["events"] if e["type"] == "Fill"][0]
    assert (fill["orderId"], fill["price"], fill["quantity"], fill["netQuantity"]) == ("2", "140", "5", "0")
    assert again["results"][1]["events"][0]["orderId"] == "3"
    assert set(again["account"]["positions"]) == {"BTC_USDC_PERP", "ETH_USDC_PERP"}
    assert again["account"]["openOrders"] == []
