"""The mirror as the window uses it: connect, read, value, reconcile, plan — and the secret stays secret."""

import base64
import logging
from decimal import Decimal as D

import pytest

from desktop.services.backpack.errors import BackpackRefused
from desktop.services.backpack.mirror import check_connection, open_account_client, plan_copy, read_mirror
from desktop.services.backpack.signing import BadCredentials
from tests.standins.backpack_account_bodies import EXAMPLE_API_KEY, EXAMPLE_SECRET, public_routes, spot_book
from tests.standins.backpack_account_bodies import trader_book as trader
from tests.standins.backpack_signed import SignedBackpack

FIGURES = ("netEquity", "netEquityAvailable", "netEquityLocked", "imf", "mmf", "marginFraction", "pnlUnrealized")


@pytest.fixture
def spot_backpack():
    with SignedBackpack(spot_book()) as standin:
        yield standin


def read(standin, **kwargs):
    with open_account_client(EXAMPLE_API_KEY, EXAMPLE_SECRET, standin.url) as client:
        return read_mirror(client, **kwargs)


def test_connect_checks_the_key_with_one_signed_read(spot_backpack):
    with open_account_client(EXAMPLE_API_KEY, EXAMPLE_SECRET, spot_backpack.url) as client:
        check = check_connection(client)
    assert check.api_key == EXAMPLE_API_KEY and check.settings.leverage_limit == 10 and check.clock_offset_ms == 0
    assert [r.path for r in spot_backpack.requests] == ["/api/v1/account"]
    spot_backpack.api_key = "A6EHv/POEL4dcN0Y50vAmWfk1jCbpQ1fHdyGZBJVMbg="  # Backpack holds another key now
    with open_account_client(EXAMPLE_API_KEY, EXAMPLE_SECRET, spot_backpack.url) as client:
        with pytest.raises(BackpackRefused, match="Backpack refused the signature"):
            check_connection(client)


def test_a_secret_of_another_key_is_refused_before_anything_is_sent(spot_backpack):
    with pytest.raises(BadCredentials, match="does not belong to the API key"):
        open_account_client(EXAMPLE_API_KEY, base64.b64encode(bytes(32)).decode(), spot_backpack.url)
    assert spot_backpack.requests == []


def test_the_mirror_of_a_spot_account_matches_backpack_to_the_digit(spot_backpack):
    steps = []
    reading = read(spot_backpack, progress=lambda *step: steps.append(step))
    assert [step[1] for step in steps] == list(range(13)) and {step[2] for step in steps} == {13}
    assert steps[-1][0] == "valuing the account"
    result = reading.reconciliation.as_json()
    assert result["flagged"] == []
    assert all(D(result["difference"][name]) == 0 for name in FIGURES)
    assert reading.summary_line() == (
        f"Backpack account at {reading.document['time']}: 5 assets, 0 positions, 1 open orders, 1 left out; "
        "0 differences above 0.1 %"
    )
    assert (
        reading.snapshot["source"] == "Backpack public API" and reading.evaluated["collateral"]["liquidatable"] is False
    )


def test_the_mirror_of_a_trader_with_perps_matches_backpack_where_the_marks_agree():
    # Perp marks equal to the spot marks, so one price per underlying (§10) loses nothing.
    public = public_routes({"SOL_USDC_PERP": "150.12", "BTC_USDC_PERP": "95012.5"})
    with SignedBackpack(trader(), public=public) as standin:
        reading = read(standin)
    if not reading.mapped.document.get("positions"):
        pytest.skip("this engine has no perps (bp-cross-v1); runs once MARGIN_MODEL.md §10 lands")
    result = reading.reconciliation.as_json()
    assert result["flagged"] == []
    assert all(abs(D(result["difference"][name])) < D("1e-20") for name in FIGURES)
    assert D(result["backpack"]["pnlUnrealized"]) == D("15.03")  # 2 × (150.12 − 145) + −1000 × (0.40021 − 0.405)


def test_a_clock_seven_seconds_behind_is_corrected_and_reported(spot_backpack):
    spot_backpack.clock_offset_ms = 7_000
    reading = read(spot_backpack)
    assert 6_000 < reading.data.clock_offset_ms < 8_000
    assert reading.summary_line().endswith("; the clock is 7 s off Backpack's: timestamps corrected for this session")


def test_plan_from_this_account_copies_it_into_a_simulated_account(spot_backpack, accounts, store):
    reading = read(spot_backpack)
    plan_copy(accounts, "Plan from Backpack", reading)
    state = accounts.load("Plan from Backpack").state
    assert state.account.balance("SOL").lent == 8 and state.account.balance("BTC").borrowed == D("0.01")
    assert state.account.balance("USDC").locked == 1500 and [o.id for o in state.orders] == ["4228978101"]
    assert state.account.settings.auto_repay_borrows is True and state.marks["JTO"] == D("3.0123")
    loaded = accounts.load("Plan from Backpack")
    assert loaded.parameters.source == "Backpack public API"


def test_the_secret_never_reaches_logs_output_or_the_data_directory(spot_backpack, accounts, store, caplog, capsys):
    caplog.set_level(logging.DEBUG)
    spot_backpack.clock_offset_ms = 7_000  # the clock path too
    spot_backpack.fail("/api/v1/capital", 500, times=1)  # and a retry
    reading = read(spot_backpack)
    plan_copy(accounts, "Plan", reading)
    with pytest.raises(BadCredentials) as refused:
        open_account_client(EXAMPLE_API_KEY, EXAMPLE_SECRET[:-4] + "AAA=", spot_backpack.url)
    store.close()
    seed = base64.b64decode(EXAMPLE_SECRET)
    captured = capsys.readouterr()
    texts = [caplog.text, captured.out, captured.err, str(refused.value), repr(reading), repr(reading.data)]
    texts += [str(request) for request in spot_backpack.requests]
    for text in texts:
        assert EXAMPLE_SECRET not in text and EXAMPLE_SECRET[:16] not in text
    files = [path for path in store.directory.rglob("*") if path.is_file()]
    assert files, "the plan copy wrote its store"
    for path in files:
        content = path.read_bytes()
        assert EXAMPLE_SECRET.encode() not in content and seed not in content and seed.hex().encode() not in content


def test_a_plan_copies_perp_positions_and_perp_orders(accounts):
    with SignedBackpack(trader()) as standin:
        reading = read(standin)
    plan_copy(accounts, "Plan", reading)
    loaded = accounts.load("Plan")
    state = loaded.state
    assert loaded.row.origin == "simulated"
    assert sorted(order.id for order in state.orders) == ["4228978101", "4228978103", "4228978104"]
    positions = state.account.positions
    assert positions["SOL_USDC_PERP"].net_quantity == 2 and positions["DOGE_USDC_PERP"].net_quantity == -1000
    documented = reading.document["positions"]["SOL_USDC_PERP"]
    assert positions["SOL_USDC_PERP"].settled_price == D(documented["settledPrice"])
    assert next(o for o in state.orders if o.id == "4228978104").reduce_only
