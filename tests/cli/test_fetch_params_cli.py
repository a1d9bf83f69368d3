"""``margin-desk fetch-params`` as a process against the loopback stand-in, then ``evaluate``/``apply`` on its file."""

import json
import os
import subprocess
import sys

import pytest

from tests.hostile import tried

ACCOUNT = {
    "settings": {"leverageLimit": "10"},
    "balances": {"USDC": {"available": "1000"}, "SOL": {"available": "10"}, "JTO": {"available": "100"}},
}


def margin_desk(*arguments, env=None):
    environment = {key: value for key, value in os.environ.items() if key != "MARGIN_DESK_BACKPACK_URL"}
    return subprocess.run(
        [sys.executable, "-m", "desktop", *arguments],
        capture_output=True,
        text=True,
        timeout=120,
        env=environment | (env or {}),
    )


def assert_one_line_failure(result, *fragments):
    assert result.returncode == 1, result.stderr
    assert result.stdout == ""
    assert result.stderr.count("\n") == 1 and "Traceback" not in result.stderr
    for fragment in fragments:
        assert fragment in result.stderr


def test_fetch_params_writes_a_snapshot_that_evaluate_and_apply_accept(backpack, tmp_path):
    out = tmp_path / "live.json"
    result = margin_desk("fetch-params", "--base-url", backpack.url, "--out", str(out))
    assert result.returncode == 0, result.stderr
    assert result.stdout == ""
    assert result.stderr.count("\n") == 1
    assert result.stderr.startswith("Backpack public API at ")
    assert (
        ": 5 assets, 4 spot markets, 3 perps (perp-only bases: DOGE); left out 1 without collateral functions: WIF"
        in (result.stderr)
    )
    snapshot = json.loads(out.read_text())
    assert snapshot["source"] == "Backpack public API"
    assert [path.name for path in tmp_path.iterdir()] == ["live.json"]  # no temporary file left

    account = tmp_path / "account.json"
    account.write_text(json.dumps(ACCOUNT))
    evaluated = margin_desk("evaluate", str(account), "--params", str(out))
    assert evaluated.returncode == 0, evaluated.stderr
    figures = json.loads(evaluated.stdout)
    rows = {row["symbol"]: row for row in figures["collateral"]["collateral"]}
    assert (rows["USDC"]["assetMarkPrice"], rows["SOL"]["assetMarkPrice"], rows["JTO"]["assetMarkPrice"]) == (
        "1.0001", "150.12", "3.0123"
    )  # fmt: skip

    actions = tmp_path / "actions.json"
    actions.write_text(json.dumps([{"type": "borrow", "symbol": "USDC", "quantity": "100"}]))
    applied = margin_desk("apply", str(account), str(actions), "--params", str(out))
    assert applied.returncode == 0, applied.stderr
    assert json.loads(applied.stdout)["results"][0]["ok"] is True


def test_without_out_the_snapshot_goes_to_stdout_and_the_environment_names_the_server(backpack):
    result = margin_desk("fetch-params", env={"MARGIN_DESK_BACKPACK_URL": backpack.url})
    assert result.returncode == 0, result.stderr
    assert json.loads(result.stdout)["markPrices"]["DOGE"] == "0.40021"
    assert result.stderr.count("\n") == 1
    assert backpack.requests[0].headers["user-agent"].startswith("margin-desk/")


def test_429_then_success_still_writes(backpack, tmp_path):
    backpack.fail("/api/v1/borrowLend/markets", 429, {"code": "TOO_MANY_REQUESTS", "message": "Slow down"})
    result = margin_desk("fetch-params", "--base-url", backpack.url, "--out", str(tmp_path / "live.json"))
    assert result.returncode == 0, result.stderr
    assert len(backpack.seen("/api/v1/borrowLend/markets")) == 2


@pytest.fixture
def existing(tmp_path):
    """A snapshot file from an earlier fetch, which a failed fetch must leave as it was."""
    path = tmp_path / "live.json"
    path.write_text('{"earlier": true}\n')
    return path


def assert_untouched(existing):
    assert existing.read_text() == '{"earlier": true}\n'
    assert [path.name for path in existing.parent.iterdir()] == ["live.json"]


def test_a_500_exits_1_naming_the_endpoint_status_and_backpacks_message(backpack, existing):
    backpack.fail("/api/v1/collateral", 500, times=3)
    result = margin_desk("fetch-params", "--base-url", backpack.url, "--out", str(existing))
    assert_one_line_failure(result)
    assert result.stderr == (
        "margin-desk: GET /api/v1/collateral: HTTP 500 SERVER_ERROR: Stand-in fault (after 3 tries)\n"
    )
    assert_untouched(existing)


def test_a_slow_endpoint_times_out(backpack, existing):
    backpack.delay("/api/v1/markets", 60)  # released when the test ends
    result = margin_desk("fetch-params", "--base-url", backpack.url, "--timeout", "0.5", "--out", str(existing))
    assert_one_line_failure(result, "GET /api/v1/markets: no answer within 0.5 s (after 3 tries)")
    assert_untouched(existing)


def test_truncated_json_exits_1(backpack, existing):
    backpack.truncate("/api/v1/borrowLend/markets")
    result = margin_desk("fetch-params", "--base-url", backpack.url, "--out", str(existing))
    assert_one_line_failure(result, "margin-desk: GET /api/v1/borrowLend/markets: malformed JSON (")
    assert_untouched(existing)


def test_a_missing_field_exits_1_naming_it(backpack, existing):
    del backpack.routes["/api/v1/collateral"][1]["haircutFunction"]
    result = margin_desk("fetch-params", "--base-url", backpack.url, "--out", str(existing))
    assert_one_line_failure(result)
    assert result.stderr == "margin-desk: GET /api/v1/collateral: SOL.haircutFunction: missing\n"
    assert_untouched(existing)


def test_no_server_exits_1_saying_it_cannot_be_reached(backpack, existing):
    backpack.stop()
    result = margin_desk("fetch-params", "--base-url", backpack.url, "--out", str(existing))
    assert_one_line_failure(result, f"margin-desk: GET /api/v1/status: cannot reach {backpack.url} (")
    assert_untouched(existing)


def test_an_unwritable_out_exits_1_and_writes_nothing(backpack, tmp_path):
    result = margin_desk("fetch-params", "--base-url", backpack.url, "--out", str(tmp_path / "missing" / "live.json"))
    assert_one_line_failure(result, "cannot write", "nothing written")
    assert list(tmp_path.iterdir()) == []


@pytest.mark.parametrize(
    ("arguments", "named"),
    [
        (["--base-url", "http://api.backpack.exchange"], "plain http is allowed only for this machine"),
        (["--base-url", "ftp://127.0.0.1"], "expected https://HOST"),
        (["--timeout", "0"], "--timeout: must be a number of seconds greater than 0"),
        (["--timeout", "nan"], "--timeout: must be a number of seconds greater than 0"),
        (["--timeout", "inf"], "--timeout: must be a number of seconds greater than 0"),
        (["--timeout", "1_0"], '--timeout: must be a number of seconds greater than 0 and at most 86400, got "1_0"'),
        (["--timeout", "١٠"], '--timeout: must be a number of seconds greater than 0 and at most 86400, got "١٠"'),
        (["--timeout", "1e999999"], "--timeout: must be a number of seconds greater than 0"),
        (["--timeout", "-1"], "--timeout: must be a number of seconds greater than 0"),
    ],
)
def test_bad_arguments_exit_2_before_any_request(backpack, arguments, named):
    tried("cli arguments")
    result = margin_desk("fetch-params", "--base-url", backpack.url, *arguments)
    assert result.returncode == 2 and result.stdout == ""
    assert result.stderr.count("\n") == 1 and named in result.stderr
    assert backpack.requests == []
