"""Every refusal of §1 (snapshots) and §8 (ACCOUNT.json): a clear message naming the field."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

from desktop.engine import InputError, ParameterError, load_parameters
from desktop.engine.contract import evaluate
from tests.engine.util import example_parameters, example_snapshot, pool_row

GOOD_ACCOUNT = {"settings": {"leverageLimit": "10"}, "balances": {"USDC": {"available": "1000"}}}


def refusal_of_snapshot(change) -> ParameterError:
    snapshot = example_snapshot()
    change(snapshot)
    with pytest.raises(ParameterError) as refused:
        load_parameters(snapshot)
    return refused.value


def collateral(snapshot, symbol):
    return next(row for row in snapshot["collateral"] if row["symbol"] == symbol)


@pytest.mark.parametrize(
    ("change", "field"),
    [
        (lambda s: s["markPrices"].pop("SOL"), "markPrices.SOL"),
        (lambda s: s["markPrices"].update(SOL="0"), "markPrices.SOL"),
        (lambda s: s["markPrices"].update(SOL="-3"), "markPrices.SOL"),
        (lambda s: s["markPrices"].update(SOL="abc"), "markPrices.SOL"),
        (lambda s: s["markPrices"].update(SOL="NaN"), "markPrices.SOL"),
        (lambda s: s["markPrices"].update(SOL="Infinity"), "markPrices.SOL"),
        (lambda s: collateral(s, "SOL").pop("imfFunction"), "collateral[SOL].imfFunction"),
        (lambda s: collateral(s, "SOL")["mmfFunction"].pop("factor"), "collateral[SOL].mmfFunction.factor"),
        (lambda s: collateral(s, "SOL")["imfFunction"].update(factor="-0.1"), "collateral[SOL].imfFunction.factor"),
        (
            lambda s: collateral(s, "BTC")["haircutFunction"].update(weight="1.2"),
            "collateral[BTC].haircutFunction.weight",
        ),
        (
            lambda s: collateral(s, "BTC")["haircutFunction"].update(weight="-0.1"),
            "collateral[BTC].haircutFunction.weight",
        ),
        (lambda s: collateral(s, "BTC")["haircutFunction"].pop("kind"), "collateral[BTC].haircutFunction.kind"),
        (
            lambda s: collateral(s, "BTC")["haircutFunction"]["kind"].update(type="cubic"),
            "collateral[BTC].haircutFunction.kind.type",
        ),
        (lambda s: pool_row(s, "ETH").pop("stepSize"), "borrowLendMarkets[ETH].stepSize"),
        (lambda s: pool_row(s, "ETH").update(lentQuantity="-1"), "borrowLendMarkets[ETH].lentQuantity"),
        (lambda s: pool_row(s, "ETH").update(borrowedQuantity="lots"), "borrowLendMarkets[ETH].borrowedQuantity"),
        (lambda s: pool_row(s, "ETH").pop("rateModel"), "borrowLendMarkets[ETH].rateModel"),
        (lambda s: pool_row(s, "ETH").update(state="Paused"), "borrowLendMarkets[ETH].state"),
        (
            lambda s: pool_row(s, "ETH").pop("throttleUtilizationBound"),
            "borrowLendMarkets[ETH].throttleUtilizationBound",
        ),
        (lambda s: s["borrowLendMarkets"].remove(pool_row(s, "JTO")), "borrowLendMarkets[JTO]"),
        (lambda s: s["markets"][0].update(baseSymbol="DOGE"), "markets[SOL_USDC].baseSymbol"),
        (lambda s: s.pop("snapshotTime"), "snapshot.snapshotTime"),
    ],
)
def test_snapshot_refusals_name_the_key(change, field):
    assert refusal_of_snapshot(change).field == field


def test_snapshot_numbers_may_be_json_numbers_and_unknown_keys_are_ignored():
    snapshot = json.loads(json.dumps(example_snapshot(), default=str))
    snapshot["markPrices"]["SOL"] = 151.5
    snapshot["somethingNew"] = {"ignored": True}
    collateral(snapshot, "SOL")["extra"] = 1
    pool_row(snapshot, "SOL").pop("state")  # defaults to Open
    parameters = load_parameters(json.loads(json.dumps(snapshot)))
    assert str(parameters.marks["SOL"]) == "151.5"
    assert parameters.assets["SOL"].lending.state == "Open"


@pytest.mark.parametrize(
    ("account", "field"),
    [
        ({"balances": {"DOGE": {"available": "1"}}}, "balances.DOGE"),
        ({"balances": {"SOL": {"available": "-1"}}}, "balances.SOL.available"),
        ({"balances": {"SOL": {"borrowed": "one"}}}, "balances.SOL.borrowed"),
        ({"balances": {"SOL": {"pendingBorrow": True}}}, "balances.SOL.pendingBorrow"),
        ({"balances": {"SOL": {"lent": "1", "borrowed": "1"}}}, "balances.SOL.lent"),
        ({"settings": {"leverageLimit": "0"}}, "settings.leverageLimit"),
        ({"settings": {"leverageLimit": "51"}}, "settings.leverageLimit"),
        ({"settings": {"leverageLimit": "2.5"}}, "settings.leverageLimit"),
        ({"settings": {"leverageLimit": "ten"}}, "settings.leverageLimit"),
        ({"settings": {"autoLend": "yes"}}, "settings.autoLend"),
        ({"markPrices": {"SOL": "0"}}, "markPrices.SOL"),
        ({"markPrices": {"SOL": "-100"}}, "markPrices.SOL"),
        ({"markPrices": {"PEPE": "1"}}, "markPrices.PEPE"),  # DOGE is a perp-only base (§10)
        ({"balances": ["USDC"]}, "balances"),
    ],
)
def test_account_refusals_name_the_field(account, field):
    with pytest.raises(InputError) as refused:
        evaluate(account, example_parameters())
    assert refused.value.field == field


def run_cli(*arguments, cwd=None):
    return subprocess.run(
        [sys.executable, "-m", "desktop", *arguments], capture_output=True, text=True, cwd=cwd, timeout=60
    )


def write(path: Path, content) -> Path:
    path.write_text(content if isinstance(content, str) else json.dumps(content))
    return path


def test_evaluate_prints_json_and_exits_0(tmp_path):
    result = run_cli("evaluate", str(write(tmp_path / "account.json", GOOD_ACCOUNT)))
    assert result.returncode == 0, result.stderr
    assert result.stderr == ""
    answer = json.loads(result.stdout)
    assert answer["collateral"]["netEquity"] == "1000"
    assert answer["limits"]["USDC"]["maxBorrowQuantity"] == "10000"


@pytest.mark.parametrize(
    ("content", "named"),
    [
        ({"balances": {"SOL": {"lent": "1", "borrowed": "2"}}}, "balances.SOL.lent"),
        ({"settings": {"leverageLimit": 60}}, "settings.leverageLimit"),
        ({"markPrices": {"SOL": "0"}}, "markPrices.SOL"),
        ('{"balances": ', "unreadable JSON"),
    ],
)
def test_evaluate_refuses_bad_accounts_with_one_line_and_exit_2(tmp_path, content, named):
    result = run_cli("evaluate", str(write(tmp_path / "account.json", content)))
    assert result.returncode == 2
    assert result.stdout == ""
    assert result.stderr.count("\n") == 1 and named in result.stderr


def test_evaluate_refuses_a_bad_snapshot_naming_the_key(tmp_path):
    snapshot = example_snapshot()
    collateral(snapshot, "SOL")["haircutFunction"]["weight"] = "1.5"
    params = write(tmp_path / "snapshot.json", json.dumps(snapshot, default=str))
    result = run_cli("evaluate", str(write(tmp_path / "a.json", GOOD_ACCOUNT)), "--params", str(params))
    assert result.returncode == 2 and result.stdout == ""
    assert "collateral[SOL].haircutFunction.weight" in result.stderr and result.stderr.count("\n") == 1


def test_evaluate_refuses_a_missing_file(tmp_path):
    result = run_cli("evaluate", str(tmp_path / "nowhere.json"))
    assert result.returncode == 2 and result.stdout == "" and "cannot read" in result.stderr


def test_evaluate_uses_the_params_snapshot_when_given(tmp_path):
    snapshot = example_snapshot()
    snapshot["markPrices"]["SOL"] = "200"
    params = write(tmp_path / "snapshot.json", json.dumps(snapshot, default=str))
    account = write(tmp_path / "a.json", {"balances": {"SOL": {"available": "1"}}})
    answer = json.loads(run_cli("evaluate", str(account), "--params", str(params)).stdout)
    assert answer["collateral"]["collateral"][0]["assetMarkPrice"] == "200"
    assert answer["collateral"]["assetsValue"] == "190"
