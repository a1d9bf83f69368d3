"""``margin-desk apply`` as a command: JSON out, refusals as results, malformed files exit 2."""

import json
import subprocess
import sys

import pytest

ACCOUNT = {"settings": {"leverageLimit": "10"}, "balances": {"USDC": {"available": "1000"}}}


def run_apply(tmp_path, account, actions):
    account_file, actions_file = tmp_path / "account.json", tmp_path / "actions.json"
    account_file.write_text(account if isinstance(account, str) else json.dumps(account))
    actions_file.write_text(actions if isinstance(actions, str) else json.dumps(actions))
    return subprocess.run(
        [sys.executable, "-m", "desktop", "apply", str(account_file), str(actions_file)],
        capture_output=True,
        text=True,
        timeout=60,
    )


def test_apply_prints_account_pools_and_results_that_feed_back_in(tmp_path):
    actions = [
        {
            "type": "order",
            "symbol": "SOL_USDC",
            "side": "Bid",
            "orderType": "Limit",
            "price": "140",
            "quantity": "10",
            "margin": True,
        },
        {"type": "borrow", "symbol": "USDC", "quantity": "1000000"},
        {"type": "advance", "to": "2026-11-20T02:00:00Z"},
    ]
    first = run_apply(tmp_path, ACCOUNT, actions)
    assert first.returncode == 0 and first.stderr == ""
    output = json.loads(first.stdout)
    assert set(output) == {"account", "pools", "results"}
    assert [row["ok"] for row in output["results"]] == [True, False, True]
    assert output["results"][1]["error"] == "INSUFFICIENT_MARGIN"
    assert output["account"]["time"] == "2026-11-20T02:00:00Z"
    assert output["account"]["openOrders"][0]["id"] == "1"
    assert {row["symbol"] for row in output["pools"]} >= {"USDC", "SOL"}
    for row in output["results"]:
        for event in row.get("events", []):
            assert "type" in event and "symbol" in event
    # Fed back in: the resting order fills when SOL reaches 140, and ids continue at 2.
    second = run_apply(
        tmp_path,
        output["account"],
        [
            {"type": "price", "symbol": "SOL", "markPrice": "139"},
            {"type": "order", "symbol": "SOL_USDC", "side": "Ask", "orderType": "Market", "quantity": "1"},
        ],
    )
    again = json.loads(second.stdout)
    assert [e["type"] for e in again["results"][0]["events"]][-1] == "Fill"
    assert again["results"][1]["events"][0]["orderId"] == "2"
    assert again["account"]["openOrders"] == []


@pytest.mark.parametrize(
    ("actions", "named"),
    [
        ([{"type": "teleport", "symbol": "USDC"}], "actions[0].type"),
        ([{"type": "deposit", "symbol": "USDC"}], "actions[0].quantity"),
        ([{"symbol": "USDC", "quantity": "1"}], "actions[0].type"),
        ([{"type": "order", "symbol": "SOL_USDC", "side": "Bid", "quantity": "1"}], "actions[0].orderType"),
        ([{"type": "advance", "to": "tomorrow"}], "actions[0].to"),
        ([{"type": "withdraw", "symbol": "SOL", "quantity": "1", "margin": "yes"}], "actions[0].margin"),
        ('[{"type": ', "unreadable JSON"),
        ({"type": "deposit"}, "actions"),
    ],
)
def test_malformed_actions_exit_2_naming_the_field(tmp_path, actions, named):
    result = run_apply(tmp_path, ACCOUNT, actions)
    assert result.returncode == 2 and result.stdout == ""
    assert named in result.stderr and result.stderr.count("\n") == 1


def test_a_bad_quantity_or_symbol_is_a_refused_result_not_an_exit(tmp_path):
    result = run_apply(
        tmp_path,
        ACCOUNT,
        [
            {"type": "deposit", "symbol": "USDC", "quantity": "abc"},
            {"type": "deposit", "symbol": "DOGE", "quantity": "1"},
        ],
    )
    assert result.returncode == 0
    assert [row["error"] for row in json.loads(result.stdout)["results"]] == ["INVALID_QUANTITY", "INVALID_SYMBOL"]
