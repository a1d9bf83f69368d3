"""The stand-in's answers as a snapshot (MARGIN_MODEL.md §1, §10) that the engine loads."""

import json
from datetime import UTC, datetime
from decimal import Decimal as D

import pytest

from desktop.engine import load_parameters, pool_rates
from desktop.engine.contract import evaluate
from desktop.engine.numbers import load_json
from desktop.services.backpack.errors import BackpackHttpError
from desktop.services.backpack.http import Transport
from desktop.services.backpack.public import PublicClient
from desktop.services.backpack.snapshot import SOURCE, SnapshotRejected, fetch_snapshot

FETCHED = datetime(2026, 11, 20, 12, 3, 5, 123456, tzinfo=UTC)


@pytest.fixture
def fetch(backpack):
    def fetch_now():
        with PublicClient(Transport(backpack.url, sleep=lambda seconds: None)) as client:
            return fetch_snapshot(client, now=lambda: FETCHED)

    return fetch_now


def rows_by_symbol(rows):
    return {row["symbol"]: row for row in rows}


def test_the_snapshot_names_its_source_and_fetch_time_and_loads(fetch, backpack):
    snapshot, summary = fetch()
    assert snapshot["source"] == SOURCE == "Backpack public API"
    assert snapshot["snapshotTime"] == "2026-11-20T12:03:05Z" and summary.fetched_at == FETCHED.replace(microsecond=0)
    assert snapshot["sourceUrl"] == backpack.url
    parameters = load_parameters(load_json(json.dumps(snapshot)))
    assert list(parameters.assets) == ["USDC", "SOL", "BTC", "ETH", "JTO"]
    assert set(parameters.markets) == {"SOL_USDC", "BTC_USDC", "ETH_USDC", "JTO_USDC"}


def test_marks_come_from_the_borrow_lend_market_then_the_spot_mark_then_the_perp(fetch):
    snapshot, summary = fetch()
    assert snapshot["markPrices"] == {
        "USDC": "1.0001",  # assetMarkPrice, not 1
        "SOL": "150.12",  # assetMarkPrice, not the spot (150.10) or perp (173.36) mark
        "BTC": "95012.5",
        "ETH": "3501.25",
        "JTO": "3.0123",  # no borrow-lend market: JTO_USDC's spot mark
        "DOGE": "0.40021",  # perp-only base: DOGE_USDC_PERP's markPrice (a JSON number)
    }
    assert summary.perp_only_bases == ("DOGE",)


def test_a_collateral_asset_without_a_borrow_lend_market_gets_a_closed_empty_pool(fetch):
    snapshot, _ = fetch()
    jto = rows_by_symbol(snapshot["borrowLendMarkets"])["JTO"]
    assert (jto["state"], jto["lentQuantity"], jto["borrowedQuantity"]) == ("Closed", "0", "0")
    assert jto["stepSize"] == "0.1"  # JTO_USDC's quantity step
    assert any(note.startswith("[assumed] JTO: no borrow-lend market") for note in snapshot["notes"])


def test_perps_follow_the_section_10_row_format(fetch):
    snapshot, summary = fetch()
    perps = rows_by_symbol(row for row in snapshot["markets"] if row["marketType"] == "PERP")
    assert perps["SOL_USDC_PERP"] == {
        "symbol": "SOL_USDC_PERP",
        "baseSymbol": "SOL",
        "quoteSymbol": "USDC",
        "marketType": "PERP",
        "filters": {"price": {"tickSize": "0.01"}, "quantity": {"stepSize": "0.01", "minQuantity": "0.01"}},
        "orderBookState": "Open",
        "imfFunction": {"type": "sqrt", "base": "0.02", "factor": "0.0001275"},
        "mmfFunction": {"type": "sqrt", "base": "0.0125", "factor": "0.0000765"},
        "fundingInterval": 28800000,  # from markets (sent as a string there)
        "fundingRate": "-0.0000039641039274236048482914",  # from markPrices
    }
    assert perps["BTC_USDC_PERP"]["fundingInterval"] == 3600000 and perps["BTC_USDC_PERP"]["fundingRate"] == "0.0001"
    assert perps["DOGE_USDC_PERP"]["fundingRate"] == "0.0000125"
    assert summary.perps == ("SOL_USDC_PERP", "BTC_USDC_PERP", "DOGE_USDC_PERP")


def test_the_fitted_rate_model_gives_each_pools_live_rate_in_the_engine(fetch, backpack):
    snapshot, _ = fetch()
    parameters = load_parameters(snapshot)
    live = {row["symbol"]: D(row["borrowInterestRate"]) for row in backpack.routes["/api/v1/borrowLend/markets"]}
    for symbol in ("USDC", "SOL", "BTC", "ETH"):
        model = rows_by_symbol(snapshot["borrowLendMarkets"])[symbol]["rateModel"]
        assert (model["baseRate"], model["maxRate"], model["assumed"]) == ("0", "1.5", True)
        rate = pool_rates(parameters.assets[symbol].lending, parameters.pools[symbol]).borrow_apr
        assert abs(rate - live[symbol]) <= D("1e-24"), symbol  # 28-digit arithmetic here
    assert snapshot["notes"][0].startswith("[assumed] rateModel:")


def test_assets_without_collateral_functions_are_left_out_and_named(fetch):
    snapshot, summary = fetch()
    assert "WIF" not in snapshot["markPrices"] and "WIF_USDC" not in rows_by_symbol(snapshot["markets"])
    assert summary.without_collateral_functions == ("WIF",)
    assert summary.line() == (
        "Backpack public API at 2026-11-20T12:03:05Z: 5 assets, 4 spot markets, 3 perps (perp-only bases: DOGE); "
        "left out 1 without collateral functions: WIF"
    )


def test_the_snapshot_values_an_account_exactly_as_the_same_parameters_from_a_file(fetch, tmp_path):
    snapshot, _ = fetch()
    path = tmp_path / "live.json"
    path.write_text(json.dumps(snapshot, indent=2))
    account = {
        "balances": {
            "USDC": {"available": "1000"},
            "SOL": {"available": "5", "borrowed": "0"},
            "JTO": {"available": "100"},
        }
    }
    account["balances"]["BTC"] = {"borrowed": "0.01"}
    from_memory = evaluate(account, load_parameters(snapshot))
    from_file = evaluate(account, load_parameters(load_json(path.read_text())))
    assert from_memory == from_file
    assert D(from_file["collateral"]["netEquity"]) > 0


def test_no_spot_marks_are_asked_for_when_every_asset_has_a_pool(fetch, backpack):
    backpack.routes["/api/v1/collateral"] = [
        row for row in backpack.routes["/api/v1/collateral"] if row["symbol"] != "JTO"
    ]
    fetch()
    assert backpack.seen("/api/v1/markPrices?marketType=SPOT") == []


def test_spot_marks_refused_leave_out_only_the_assets_that_needed_them(fetch, backpack):
    backpack.fail("/api/v1/markPrices?marketType=SPOT", 400, {"code": "INVALID_MARKET", "message": "Bad type"})
    snapshot, summary = fetch()
    assert "JTO" not in snapshot["markPrices"] and "SOL" in snapshot["markPrices"]
    assert summary.left_out["JTO"] == (
        "no borrow-lend market and no JTO_USDC spot mark "
        "(GET /api/v1/markPrices?marketType=SPOT: HTTP 400 INVALID_MARKET: Bad type)"
    )
    assert "JTO_USDC" not in rows_by_symbol(snapshot["markets"])


def test_spot_marks_failing_on_the_server_fail_the_whole_fetch(fetch, backpack):
    backpack.fail("/api/v1/markPrices?marketType=SPOT", 502, times=3)
    with pytest.raises(BackpackHttpError, match="HTTP 502"):
        fetch()


def test_rows_the_model_cannot_use_are_left_out_with_the_reason(fetch, backpack):
    collateral = rows_by_symbol(backpack.routes["/api/v1/collateral"])
    collateral["ETH"]["haircutFunction"]["kind"] = {"type": "stepwise"}
    collateral["BTC"]["haircutFunction"]["weight"] = "1.2"
    markets = rows_by_symbol(backpack.routes["/api/v1/markets"])
    markets["DOGE_USDC_PERP"]["fundingInterval"] = 1800000
    markets["SOL_USDC"]["visible"] = False
    markets["BTC_USDC_PERP"]["quoteSymbol"] = "USDT"
    markets["SOL_USDC_PERP"]["imfFunction"] = None
    snapshot, summary = fetch()
    assert summary.left_out == {
        "ETH": "haircut kind of unknown type 'stepwise'",
        "BTC": "collateral[BTC].haircutFunction.weight: must be between 0 and 1, got 1.2",
    }
    assert summary.skipped_markets == {
        "SOL_USDC": "not visible on Backpack",
        "SOL_USDC_PERP": "no imfFunction",
        "BTC_USDC_PERP": "quoted in USDT, not USDC",
        "DOGE_USDC_PERP": "fundingInterval 1800000 ms is not a whole number of hours",
    }
    assert "DOGE" not in snapshot["markPrices"] and summary.perp_only_bases == ()
    assert {row["symbol"] for row in snapshot["markets"]} == {"JTO_USDC"}
    assert "skipped SOL_USDC (not visible on Backpack)" in summary.line()
    load_parameters(snapshot)


def test_unknown_states_close_what_the_model_cannot_trade(fetch, backpack):
    backpack.routes["/api/v1/borrowLend/markets"][1]["state"] = "Paused"
    rows_by_symbol(backpack.routes["/api/v1/markets"])["SOL_USDC_PERP"]["orderBookState"] = "CancelOnly"
    rows_by_symbol(backpack.routes["/api/v1/markets"])["BTC_USDC_PERP"]["orderBookState"] = "PostOnly"
    snapshot, _ = fetch()
    assert rows_by_symbol(snapshot["borrowLendMarkets"])["SOL"]["state"] == "Closed"
    markets = rows_by_symbol(snapshot["markets"])
    assert (
        markets["SOL_USDC_PERP"]["orderBookState"] == "Closed" and markets["BTC_USDC_PERP"]["orderBookState"] == "Open"
    )
    assert any("'Paused'" in note for note in snapshot["notes"])


def test_a_perp_without_a_funding_rate_gets_0_and_a_note(fetch, backpack):
    del backpack.routes["/api/v1/markPrices"][0]["fundingRate"]
    snapshot, _ = fetch()
    assert rows_by_symbol(snapshot["markets"])["BTC_USDC_PERP"]["fundingRate"] == "0"
    assert "No fundingRate from Backpack for BTC_USDC_PERP: 0 used." in snapshot["notes"]


def test_maintenance_is_noted_but_the_parameters_still_load(fetch, backpack):
    backpack.routes["/api/v1/status"] = {"status": "Maintenance", "message": "Upgrading"}
    snapshot, summary = fetch()
    assert summary.line().endswith("; Backpack status Maintenance: Upgrading")
    assert "Backpack reported status Maintenance: Upgrading when this was fetched." in snapshot["notes"]


def test_no_usable_asset_at_all_is_refused(fetch, backpack):
    backpack.routes["/api/v1/collateral"] = []
    with pytest.raises(SnapshotRejected, match="no usable collateral asset"):
        fetch()


def test_progress_is_reported_before_each_request_and_can_cancel(backpack):
    steps = []

    class Cancelled(Exception):
        pass

    def progress(what, done, total):
        steps.append((what, done, total))
        if what == "borrow-lend markets":
            raise Cancelled

    with PublicClient(Transport(backpack.url)) as client, pytest.raises(Cancelled):
        fetch_snapshot(client, progress=progress)
    assert steps == [
        ("exchange status", 0, 6), ("markets", 1, 6), ("collateral functions", 2, 6), ("borrow-lend markets", 3, 6)
    ]  # fmt: skip
    assert [request.path for request in backpack.requests] == [
        "/api/v1/status",
        "/api/v1/markets",
        "/api/v1/collateral",
    ]


def test_an_engine_with_perps_reads_the_perp_rows(fetch):
    snapshot, _ = fetch()
    parameters = load_parameters(load_json(json.dumps(snapshot)))
    perps = getattr(parameters, "perps", None)
    if perps is None:
        pytest.skip("this engine skips PERP rows (bp-cross-v1); runs once perps (MARGIN_MODEL.md §10) land")
    assert set(perps) == {"SOL_USDC_PERP", "BTC_USDC_PERP", "DOGE_USDC_PERP"}
    assert perps["SOL_USDC_PERP"].funding_interval_ms == 28800000
    assert perps["DOGE_USDC_PERP"].funding_rate == D("0.0000125")
    assert parameters.marks.get("DOGE", D("0.40021")) == D("0.40021")
