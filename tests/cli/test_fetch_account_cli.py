"""``margin-desk fetch-account`` as a process against the verifying stand-in, then ``evaluate`` on its file."""

import json
import os
import stat
import subprocess
import sys
from decimal import Decimal as D

import pytest

from tests.standins.backpack_account_bodies import (
    EXAMPLE_API_KEY,
    EXAMPLE_SECRET,
    public_routes,
    spot_book,
    trader_book,
)
from tests.standins.backpack_signed import SignedBackpack

FIGURES = ("netEquity", "netEquityAvailable", "netEquityLocked", "imf", "mmf", "marginFraction", "pnlUnrealized")
OTHER_KEY = "A6EHv/POEL4dcN0Y50vAmWfk1jCbpQ1fHdyGZBJVMbg="


def margin_desk(*arguments):
    environment = {key: value for key, value in os.environ.items() if key != "MARGIN_DESK_BACKPACK_URL"}
    return subprocess.run(
        [sys.executable, "-m", "desktop", *arguments], capture_output=True, text=True, timeout=120, env=environment
    )


@pytest.fixture
def secret_file(tmp_path):
    path = tmp_path / "backpack.secret"
    path.write_text(EXAMPLE_SECRET + "\n")
    path.chmod(0o600)
    return path


@pytest.fixture
def spot_backpack():
    with SignedBackpack(spot_book()) as standin:
        yield standin


def fetch_account(standin, secret_file, out, *extra):
    arguments = ["fetch-account", "--api-key", EXAMPLE_API_KEY, "--secret-file", str(secret_file)]
    return margin_desk(*arguments, "--base-url", standin.url, "--out", str(out), *extra)


def assert_one_line_failure(result, code=1):
    assert result.returncode == code, result.stderr
    assert result.stdout == "" and result.stderr.count("\n") == 1 and "Traceback" not in result.stderr
    assert EXAMPLE_SECRET not in result.stderr


def evaluated_against_a_fresh_snapshot(standin, account, tmp_path):
    snapshot = tmp_path / "live.json"
    fetched = margin_desk("fetch-params", "--base-url", standin.url, "--out", str(snapshot))
    assert fetched.returncode == 0, fetched.stderr
    result = margin_desk("evaluate", str(account), "--params", str(snapshot))
    assert result.returncode == 0, result.stderr
    return json.loads(result.stdout)


def test_fetch_account_writes_a_private_account_and_prints_the_reconciliation(spot_backpack, secret_file, tmp_path):
    out = tmp_path / "ACCOUNT.json"
    result = fetch_account(spot_backpack, secret_file, out)
    assert result.returncode == 0, result.stderr
    assert stat.S_IMODE(out.stat().st_mode) == 0o600
    assert sorted(path.name for path in tmp_path.iterdir()) == ["ACCOUNT.json", "backpack.secret"]  # no temporary
    reconciliation = json.loads(result.stdout)
    assert set(reconciliation) == {"backpack", "engine", "difference", "flagged", "notes"}
    assert set(FIGURES) <= set(reconciliation["backpack"]) and reconciliation["flagged"] == []
    assert reconciliation["engine"]["collateral"]["SOL"] == {"collateralWeight": "0.95", "collateralValue": "2852.28"}
    assert result.stderr.count("\n") == 1 and result.stderr.startswith("Backpack account at ")
    assert result.stderr.endswith(f"; 0 differences above 0.1 %; wrote {out}\n")
    account = json.loads(out.read_text())
    assert account["balances"]["SOL"]["lent"] == "8" and account["settings"]["autoRepayBorrows"] is True

    # evaluate on its output gives the stand-in's own summary
    figures = evaluated_against_a_fresh_snapshot(spot_backpack, out, tmp_path)["collateral"]
    own = spot_backpack.bodies["/api/v1/capital/collateral"]
    for name in FIGURES:
        assert D(figures[name]) == D(own[name]), name
    for row in own["collateral"]:
        ours = next(r for r in figures["collateral"] if r["symbol"] == row["symbol"])
        assert (D(ours["collateralWeight"]), D(ours["collateralValue"])) == (
            D(row["collateralWeight"]), D(row["collateralValue"])
        )  # fmt: skip
    for text in (result.stdout, result.stderr, out.read_text()):
        assert EXAMPLE_SECRET not in text


def test_perps_end_to_end_where_the_marks_agree(secret_file, tmp_path):
    public = public_routes({"SOL_USDC_PERP": "150.12", "BTC_USDC_PERP": "95012.5"})
    with SignedBackpack(trader_book(), public=public) as standin:
        out = tmp_path / "ACCOUNT.json"
        result = fetch_account(standin, secret_file, out)
        assert result.returncode == 0, result.stderr
        if "positions" not in json.loads(out.read_text()):
            pytest.skip("this engine has no perps (bp-cross-v1); runs once MARGIN_MODEL.md §10 lands")
        evaluated = evaluated_against_a_fresh_snapshot(standin, out, tmp_path)
        own = standin.bodies["/api/v1/capital/collateral"]
    for name in FIGURES:
        assert abs(D(evaluated["collateral"][name]) - D(own[name])) < D("1e-20"), name
    assert [row["symbol"] for row in evaluated["positions"]] == ["DOGE_USDC_PERP", "SOL_USDC_PERP"]


def test_a_secret_file_others_can_read_is_refused(spot_backpack, secret_file, tmp_path):
    secret_file.chmod(0o644)
    result = fetch_account(spot_backpack, secret_file, tmp_path / "ACCOUNT.json")
    assert_one_line_failure(result, code=2)
    assert f"--secret-file {secret_file} is readable or writable by group or others (mode 0644)" in result.stderr
    assert f"chmod 600 {secret_file}" in result.stderr
    assert spot_backpack.requests == [] and not (tmp_path / "ACCOUNT.json").exists()


def test_the_secret_itself_in_place_of_the_file_is_not_echoed(spot_backpack, tmp_path):
    result = fetch_account(spot_backpack, EXAMPLE_SECRET, tmp_path / "ACCOUNT.json")
    assert_one_line_failure(result, code=2)
    assert "--secret-file: no such file; it names a file that holds the secret, not the secret" in result.stderr
    abbreviated = margin_desk("fetch-account", "--api-key", EXAMPLE_API_KEY, "--secret", "x")
    assert abbreviated.returncode == 2 and "--secret-file" in abbreviated.stderr  # no abbreviation of the option


def test_a_refused_signature_is_one_line_and_writes_nothing(spot_backpack, secret_file, tmp_path):
    spot_backpack.api_key = OTHER_KEY  # Backpack holds another key for this subaccount
    result = fetch_account(spot_backpack, secret_file, tmp_path / "ACCOUNT.json")
    assert_one_line_failure(result)
    assert result.stderr == (
        "margin-desk: Backpack refused the signature (INVALID_CLIENT_REQUEST: Invalid signature) on GET /api/v1/account\n"
    )
    assert not (tmp_path / "ACCOUNT.json").exists()


def test_a_clock_backpack_will_not_accept_is_named(spot_backpack, secret_file, tmp_path):
    spot_backpack.clock_offset_ms = 7_000
    spot_backpack.expire_everything = True
    result = fetch_account(spot_backpack, secret_file, tmp_path / "ACCOUNT.json")
    assert_one_line_failure(result)
    assert result.stderr.startswith("margin-desk: the clock is 7 s off Backpack's and Backpack still refused")


def test_a_clock_seven_seconds_off_is_corrected_and_said(spot_backpack, secret_file, tmp_path):
    spot_backpack.clock_offset_ms = 7_000
    result = fetch_account(spot_backpack, secret_file, tmp_path / "ACCOUNT.json")
    assert result.returncode == 0, result.stderr
    assert "; the clock is 7 s off Backpack's: timestamps corrected for this session; wrote " in result.stderr


def test_a_pair_that_does_not_belong_together_is_a_bad_argument(spot_backpack, secret_file, tmp_path):
    result = margin_desk(
        "fetch-account", "--api-key", OTHER_KEY, "--secret-file", str(secret_file), "--base-url", spot_backpack.url
    )
    assert_one_line_failure(result, code=2)
    assert f"--api-key/--secret-file: the secret does not belong to the API key {OTHER_KEY}" in result.stderr
    assert spot_backpack.requests == []
