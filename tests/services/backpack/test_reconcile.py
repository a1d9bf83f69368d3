"""Backpack's figures beside the engine's: differences, the 0.1 % flag, and the reasons named for it."""

import copy
import json
from decimal import Context, localcontext
from decimal import Decimal as D

import pytest

from desktop.engine import load_parameters
from desktop.engine.contract import evaluate
from desktop.engine.numbers import load_json
from desktop.services.backpack.account_mapping import map_account
from desktop.services.backpack.reconcile import reconcile
from tests.services.backpack.account_util import FETCHED_AT, account_data, snapshot_from
from tests.standins.backpack_account_bodies import public_routes, spot_book, trader_book

COLLATERAL = "/api/v1/capital/collateral"


@pytest.fixture(scope="module")
def snapshot():
    return snapshot_from()


def reconciled(snapshot, book, change_summary=None, change_engine=None, perps=None):
    bodies = book.bodies(public_routes())
    if change_summary:
        with localcontext(Context(prec=60)):  # the changes themselves round nothing
            change_summary(bodies[COLLATERAL])
    data = account_data(bodies)
    mapped = map_account(data, snapshot, FETCHED_AT, perps)
    document = {key: value for key, value in mapped.document.items() if key != "positions"}
    document["markPrices"] = {k: v for k, v in document["markPrices"].items() if k != "DOGE"}  # engine w/o perps
    evaluated = evaluate(load_json(json.dumps(document)), load_parameters(load_json(json.dumps(snapshot))))
    if change_engine:
        change_engine(evaluated)
    return reconcile(data, mapped, snapshot, evaluated).as_json()


def small_spot():
    book = spot_book()
    del book.balances["JTO"]  # ~10,000 of net equity: 0.1 % is about 10
    return book


def row(summary, symbol):
    return next(r for r in summary["collateral"] if r["symbol"] == symbol)


def test_an_account_valued_alike_shows_no_difference(snapshot):
    result = reconciled(snapshot, spot_book())
    assert set(result) == {"backpack", "engine", "difference", "flagged", "notes"}
    assert result["flagged"] == []
    assert {result["difference"][name] for name in ("netEquity", "imf", "mmf", "marginFraction", "pnlUnrealized")} == {
        "0"
    }
    assert result["backpack"]["collateral"]["JTO"]["collateralWeight"].startswith("0.64564271")
    assert result["difference"]["collateral"]["JTO"] == {"collateralWeight": "0", "collateralValue": "0"}
    assert result["notes"] == [
        "order 4228978102 (SOL_USDC Ask) left out: status TriggerPending: not resting on the book."
    ]


def test_a_different_haircut_on_an_inverse_sqrt_asset_is_put_down_to_the_unpublished_curve(snapshot):
    def lower_jto(summary):
        jto = row(summary, "JTO")
        cut = D(jto["collateralValue"]) - D(jto["balanceNotional"]) * D("0.6")
        jto["collateralWeight"], jto["collateralValue"] = "0.6", str(D(jto["balanceNotional"]) * D("0.6"))
        summary["netEquity"] = str(D(summary["netEquity"]) - cut)

    result = reconciled(snapshot, spot_book(), lower_jto)
    flagged = {flag["figure"]: flag for flag in result["flagged"]}
    assert set(flagged) >= {"netEquity", "collateral.JTO.collateralWeight", "collateral.JTO.collateralValue"}
    weight = flagged["collateral.JTO.collateralWeight"]
    assert weight["explained"] and weight["reasons"][0].startswith("Backpack's haircut curve for JTO is not public")
    assert D(result["difference"]["collateral"]["JTO"]["collateralWeight"]) > 0  # engine − Backpack
    assert any("haircut curve for JTO" in reason for reason in flagged["netEquity"]["reasons"])
    assert D(flagged["netEquity"]["shareOfNetEquity"]) > D("0.001")


def test_an_index_price_and_a_changed_identity_weight_are_named(snapshot):
    def reprice(summary):
        eth = row(summary, "ETH")
        eth["balanceNotional"] = str(D("0.5") * D("3400"))
        eth["collateralValue"] = str(D("0.5") * D("3400") * D("0.95"))
        usdc = row(summary, "USDC")
        usdc["collateralWeight"], usdc["collateralValue"] = "0.9", str(D(usdc["balanceNotional"]) * D("0.9"))

    result = reconciled(snapshot, small_spot(), reprice)
    reasons = {flag["figure"]: flag["reasons"] for flag in result["flagged"]}
    assert reasons["collateral.ETH.collateralValue"] == [
        "ETH: Backpack valued it at 3400 (balanceNotional / totalQuantity; its index price, reference §9.8), "
        "the engine at the mark 3501.25"
    ]
    assert reasons["collateral.USDC.collateralWeight"] == [
        "USDC: Backpack applied the weight 0.9, the parameters say 1 (they may have changed between the two reads)"
    ]


def test_unsettled_equity_is_named_and_a_difference_with_no_cause_says_so(snapshot):
    def claim(summary):
        summary["unsettledEquity"] = "500"
        summary["netEquity"] = str(D(summary["netEquity"]) + 500)
        summary["netEquityLocked"] = str(D(summary["netEquityLocked"]) + 50)

    result = reconciled(snapshot, small_spot(), claim)
    flagged = {flag["figure"]: flag for flag in result["flagged"]}
    assert flagged["netEquity"]["reasons"] == [
        "Backpack's unsettledEquity 500 (a claim on its liquidity fund) is 0 in the engine (MARGIN_MODEL.md §10, "
        "precision 5)"
    ]
    assert flagged["netEquityLocked"]["explained"] is False
    assert flagged["netEquityLocked"]["reasons"] == ["not explained by anything read from Backpack or the parameters"]


def test_differences_under_a_tenth_of_a_percent_are_shown_not_flagged(snapshot):
    def nudge(summary):
        summary["netEquity"] = str(D(summary["netEquity"]) + 1)  # 1 in ~204,614

    result = reconciled(snapshot, spot_book(), nudge)
    assert result["difference"]["netEquity"] == "-1" and result["flagged"] == []


def smaller_trader():
    book = trader_book()
    del book.balances["JTO"]  # without 300k of JTO a perp basis of ~46 is above 0.1 %
    return book


def test_a_perp_valued_at_its_base_mark_names_the_basis(snapshot):
    perps = ["SOL_USDC_PERP", "DOGE_USDC_PERP"]

    def perps_valued(evaluated):  # what an engine with §10 answers for these positions
        figures = evaluated["collateral"]
        pnl = D(2) * (D("150.12") - D(145)) + D(-1000) * (D("0.40021") - D("0.405"))
        figures["pnlUnrealized"] = str(pnl)
        figures["netEquity"] = str(D(figures["netEquity"]) + pnl)
        evaluated["positions"] = [{"symbol": "SOL_USDC_PERP", "imf": "0.1"}, {"symbol": "DOGE_USDC_PERP", "imf": "0.1"}]

    result = reconciled(snapshot, smaller_trader(), change_engine=perps_valued, perps=perps)
    flagged = {flag["figure"]: flag for flag in result["flagged"]}
    assert result["difference"]["pnlUnrealized"] == "-46.4799635"
    assert flagged["pnlUnrealized"]["reasons"] == [
        "SOL_USDC_PERP is valued at SOL's mark 150.12 (one price per underlying, MARGIN_MODEL.md §10), Backpack at "
        "the perp's mark 173.35998175: 2 × -23.23998175 = -46.4799635"
    ]


def test_an_engine_without_perps_says_why_pnl_differs(snapshot):
    result = reconciled(snapshot, smaller_trader())
    flagged = {flag["figure"]: flag for flag in result["flagged"]}
    assert flagged["pnlUnrealized"]["reasons"][-1] == (
        "this build's engine values no perp positions (MARGIN_MODEL.md §10 not yet in it)"
    )
    assert any("SOL_USDC_PERP (pnlUnrealized 56.7199635)" in r for r in flagged["pnlUnrealized"]["reasons"])


def test_the_reconciliation_leaves_its_inputs_alone(snapshot):
    before = copy.deepcopy(snapshot)
    reconciled(snapshot, spot_book())
    assert snapshot == before


def test_an_account_without_exposure_names_the_convention(snapshot):
    book = spot_book()
    book.borrow_lend = {"SOL": "8"}  # no borrow, no perps: nothing exposed

    def zero_imf(summary):
        summary["imf"] = "0"

    result = reconciled(snapshot, book, zero_imf)
    (flag,) = result["flagged"]
    assert flag["figure"] == "imf" and flag["reasons"][0].startswith("no exposure: the engine reports imf = 1/leverage")
