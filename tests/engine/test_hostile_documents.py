"""Hostile ACCOUNT.json, ACTIONS.json and snapshots (issue 19, items 1, 5, 6, 7, 14, 19, 20): whatever a
file holds, the engine answers, refuses an action with a refusal code, or raises one InputError
naming the field — never another exception, a negative balance or an answer that cannot be read back."""

from __future__ import annotations

import copy
import os
from decimal import Decimal as D

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from desktop.engine import InputError, ParameterError, load_parameters
from desktop.engine.apply_contract import apply, parse_state, state_json
from desktop.engine.boundary.bounds import MAX_AMOUNT
from desktop.engine.boundary.snapshot import ASSUMPTION_RANGES
from desktop.engine.contract import evaluate
from desktop.engine.numbers import load_json
from desktop.engine.vocabulary import RefusalCode
from tests.engine.hostile_documents import (
    GOOD_ACCOUNT,
    GOOD_ACTIONS,
    PERP_ACCOUNT,
    PERP_ACTIONS,
    good_snapshot,
    mutated,
)
from tests.engine.util import dumps, example_parameters
from tests.hostile import assert_one_printable_line, tried

PARAMETERS = example_parameters()
FUZZ = settings(
    max_examples=int(os.environ.get("MARGIN_DESK_HOSTILE_EXAMPLES", "400")),
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow],
)
BALANCE_FIELDS = ("available", "locked", "lent", "borrowed", "pendingBorrow")


def check_answer_reads_back(answer: dict, parameters=PARAMETERS) -> None:
    """apply's account: within bounds, never negative, and read back to the very same state."""
    account = answer["account"]
    for symbol, balance in account["balances"].items():
        for key in BALANCE_FIELDS:
            assert D(0) <= D(balance[key]) <= MAX_AMOUNT, (symbol, key, balance[key])
    again = load_json(dumps(account))  # through the strict loader, as a file would be
    assert state_json(parse_state(again, parameters)) == account


def refused_cleanly(error: InputError) -> None:
    assert error.field
    assert_one_printable_line(str(error))


# -- ACCOUNT.json ----------------------------------------------------------------------------------
def test_the_good_documents_are_good():
    for account, actions in ((GOOD_ACCOUNT, GOOD_ACTIONS), (PERP_ACCOUNT, PERP_ACTIONS)):
        answer = apply(copy.deepcopy(account), copy.deepcopy(actions), PARAMETERS)
        assert all(result["ok"] for result in answer["results"][:2])
        check_answer_reads_back(answer)
        evaluate(copy.deepcopy(account), PARAMETERS)


@FUZZ
@given(mutated(GOOD_ACCOUNT))
def test_a_hostile_account_is_valued_or_refused_naming_the_field(account):
    tried("account")
    try:
        evaluate(account, PARAMETERS)
    except InputError as error:
        refused_cleanly(error)


@FUZZ
@given(mutated(GOOD_ACCOUNT))
def test_a_hostile_account_is_imported_whole_or_not_at_all(account):
    tried("account")
    try:
        state = parse_state(account, PARAMETERS)
    except InputError as error:
        refused_cleanly(error)
        return
    for balance in state.account.balances.values():
        for value in (balance.available, balance.locked, balance.lent, balance.borrowed, balance.pending_borrow):
            assert D(0) <= value <= MAX_AMOUNT
    for order in state.orders:
        assert order.price > 0 and order.quantity > 0 and order.locked >= 0 and order.pending_borrow >= 0
    assert state_json(parse_state(load_json(dumps(state_json(state))), PARAMETERS)) == state_json(state)


# -- ACTIONS.json ----------------------------------------------------------------------------------
@FUZZ
@given(mutated(GOOD_ACTIONS, changes=4))
def test_hostile_actions_are_results_or_one_named_error(actions):
    tried("actions")
    try:
        answer = apply(copy.deepcopy(GOOD_ACCOUNT), actions, PARAMETERS)
    except InputError as error:
        refused_cleanly(error)
        assert error.field.startswith("actions")
        return
    for result in answer["results"]:
        assert result["ok"] or result["error"] in set(RefusalCode)
    check_answer_reads_back(answer)


@FUZZ
@given(mutated(PERP_ACCOUNT), mutated(PERP_ACTIONS, changes=2))
def test_hostile_perp_accounts_and_actions_are_results_or_one_named_error(account, actions):
    """Positions and perp orders through the same boundary: bounded sizes, prices > 0, valid ids."""
    tried("perps")
    try:
        evaluate(copy.deepcopy(account), PARAMETERS)
        answer = apply(account, actions, PARAMETERS)
    except InputError as error:
        refused_cleanly(error)
        return
    for result in answer["results"]:
        assert result["ok"] or result["error"] in set(RefusalCode)
    check_answer_reads_back(answer)
    for position in answer["account"].get("positions", {}).values():
        assert abs(D(position["netQuantity"])) <= MAX_AMOUNT


QUANTITIES = [f"1e{exponent}" for exponent in range(-24, 25)] + ["100000000000000000000", "99999999999999999999.99"]


@pytest.mark.parametrize("kind", ["deposit", "withdraw", "borrow", "repay", "lend", "redeem", "order"])
@pytest.mark.parametrize("symbol", ["USDC", "BTC", "BONK"])
def test_every_magnitude_of_quantity_is_a_result_never_a_crash(kind, symbol):
    """Item 5: borrowing 1e15 BTC or withdrawing 1e17 USDC were InvalidOperation; item 20: deposits
    past the bound made an answer that could not be read back."""
    for quantity in QUANTITIES:
        tried("quantities")
        action = {"type": kind, "symbol": symbol, "quantity": quantity, "margin": True}
        if kind == "order":
            action.update(symbol=f"{symbol}_USDC" if symbol != "USDC" else "SOL_USDC", side="Bid", orderType="Market")
        answer = apply(copy.deepcopy(GOOD_ACCOUNT), [action, action], PARAMETERS)
        check_answer_reads_back(answer)


@pytest.mark.parametrize(
    ("quantity", "error"),
    [("1e15", "INSUFFICIENT_SUPPLY"), ("1e17", "INSUFFICIENT_SUPPLY")],
)
def test_the_reported_rounding_crashes_are_refusals(quantity, error):
    borrow = {"type": "borrow", "symbol": "BTC", "quantity": quantity}
    withdraw = {"type": "withdraw", "symbol": "USDC", "quantity": quantity, "margin": True}
    answer = apply(copy.deepcopy(GOOD_ACCOUNT), [borrow, withdraw], PARAMETERS)
    assert [result.get("error") for result in answer["results"]] == [error, error]


def test_deposits_stop_at_the_bound_so_the_answer_reads_back():
    deposit = {"type": "deposit", "symbol": "USDC", "quantity": "60000000000000000000"}
    answer = apply(copy.deepcopy(GOOD_ACCOUNT), [deposit, deposit], PARAMETERS)
    assert [result.get("error") for result in answer["results"]] == [None, "INVALID_QUANTITY"]
    assert "100000000000000000000" in answer["results"][1]["message"]
    check_answer_reads_back(answer)


# -- reported examples, as a table -------------------------------------------------------------------
def _order(**changes):
    order = {"id": "1", "symbol": "SOL_USDC", "side": "Bid", "price": "140", "quantity": "2", "margin": False}
    order.update(changes)
    return {**copy.deepcopy(GOOD_ACCOUNT), "openOrders": [order]}


@pytest.mark.parametrize(
    ("account", "field"),
    [
        (_order(id="²"), "openOrders[0].id"),
        (_order(id="9" * 5000), "openOrders[0].id"),
        (_order(id="1\n2"), "openOrders[0].id"),
        (_order(id=["1"]), "openOrders[0].id"),
        (_order(price="0"), "openOrders[0].price"),
        (_order(price="-140"), "openOrders[0].price"),
        (_order(quantity="-2"), "openOrders[0].quantity"),
        (_order(quantity="0"), "openOrders[0].quantity"),
        (_order(symbol=["SOL_USDC"]), "openOrders[0].symbol"),
        (_order(side={"Bid": 1}), "openOrders[0].side"),
        (_order(locked="-1", pendingBorrow="0"), "openOrders[0].locked"),
        (_order(locked="0.01", pendingBorrow="0"), "openOrders[0]"),
        (_order(locked="279.99", pendingBorrow="0"), "openOrders[0]"),
        ({**GOOD_ACCOUNT, "openOrders": [GOOD_ACCOUNT["openOrders"][0]] * 2}, "openOrders[1].id"),
        ({**GOOD_ACCOUNT, "time": "9999-12-31T23:00:00Z"}, "time"),
        ({**GOOD_ACCOUNT, "time": "0001-01-01T00:00:00+01:00"}, "time"),
        ({**GOOD_ACCOUNT, "balances": {"USDC": {"available": "1e21"}}}, "balances.USDC.available"),
        ({**GOOD_ACCOUNT, "balances": {"USDC": {"available": "1_000"}}}, "balances.USDC.available"),
        ({**GOOD_ACCOUNT, "balances": {"USDC": {"available": "١٠٠٠"}}}, "balances.USDC.available"),
        ({**GOOD_ACCOUNT, "markPrices": {"SOL": "1e13"}}, "markPrices.SOL"),
        ({**GOOD_ACCOUNT, "balances": 5}, "balances"),
        ({**GOOD_ACCOUNT, "openOrders": {"id": "1"}}, "openOrders"),
    ],
)
def test_reported_hostile_accounts_are_refused_naming_the_field(account, field):
    tried("account")
    with pytest.raises(InputError) as refused:
        parse_state(account, PARAMETERS)
    assert refused.value.field == field
    refused_cleanly(refused.value)


def test_an_import_with_a_non_numeric_id_continues_numbering_and_replays():
    """Item 1: "A1" is a fine id; new orders continue after the largest numeric one."""
    account = _order(id="A1")
    account["balances"]["USDC"]["locked"] = "280.224"
    place = dict(GOOD_ACTIONS[6])
    answer = apply(account, [place, {"type": "cancel", "orderId": "A1"}], PARAMETERS)
    assert [result["ok"] for result in answer["results"]] == [True, True]
    assert [order["id"] for order in answer["account"]["openOrders"]] == ["1"]
    check_answer_reads_back(answer)


@pytest.mark.parametrize(
    "action",
    [
        {"type": ["deposit"], "symbol": "USDC", "quantity": "1"},
        {"type": {"deposit": 1}, "symbol": "USDC", "quantity": "1"},
        {"type": 7},
        {"type": "advance", "to": "0001-01-01T00:00:00+01:00"},
        {"type": "advance", "to": ["2027"]},
        {"type": "deposit", "symbol": "USDC"},
    ],
)
def test_malformed_actions_exit_2_naming_the_action(action):
    tried("actions")
    with pytest.raises(InputError) as refused:
        apply(copy.deepcopy(GOOD_ACCOUNT), [action], PARAMETERS)
    assert refused.value.field.startswith("actions[0]")
    refused_cleanly(refused.value)


@pytest.mark.parametrize(
    ("action", "code"),
    [
        ({"type": "deposit", "symbol": ["USDC"], "quantity": "1"}, "INVALID_SYMBOL"),
        ({"type": "withdraw", "symbol": {"a": 1}, "quantity": "1"}, "INVALID_SYMBOL"),
        ({"type": "price", "symbol": ["SOL"], "markPrice": "1"}, "INVALID_SYMBOL"),
        ({"type": "price", "symbol": "SOL", "markPrice": "1e13"}, "INVALID_PRICE"),
        ({"type": "price", "symbol": "SOL", "markPrice": "1_000"}, "INVALID_PRICE"),
        ({"type": "cancel", "orderId": "²"}, "UNKNOWN_ORDER"),
        ({"type": "cancel", "orderId": "9" * 5000}, "UNKNOWN_ORDER"),
        ({"type": "cancel", "orderId": [1]}, "UNKNOWN_ORDER"),
        ({"type": "advance", "to": "2200-01-01T00:00:00Z"}, "INVALID_TIME"),
        ({"type": "advance", "to": "2027-11-21T00:00:01Z"}, "INVALID_TIME"),
        ({"type": "deposit", "symbol": "USDC", "quantity": "１"}, "INVALID_QUANTITY"),
        ({"type": "order", "symbol": "SOL_USDC", "side": ["Bid"], "orderType": "Market", "quantity": "1"}, None),
    ],
)
def test_bad_values_in_actions_are_refusal_codes(action, code):
    tried("actions")
    answer = apply(copy.deepcopy(GOOD_ACCOUNT), [action], PARAMETERS)
    result = answer["results"][0]
    assert not result["ok"] and (code is None or result["error"] == code)
    assert_one_printable_line(result["message"])


# -- snapshots -----------------------------------------------------------------------------------------
@FUZZ
@given(mutated(good_snapshot(), changes=3))
def test_a_hostile_snapshot_loads_or_is_refused_naming_the_key(snapshot):
    tried("snapshot")
    try:
        parameters = load_parameters(snapshot)
    except ParameterError as error:
        refused_cleanly(error)
        return
    answer = apply({}, copy.deepcopy(GOOD_ACTIONS), parameters)  # unknown symbols are refusals, not errors
    check_answer_reads_back(answer, parameters)


def _assumption(key, value):
    snapshot = good_snapshot()
    snapshot["assumptions"] = {key: value}
    return snapshot


ASSUMPTION_LIMITS = {
    "takerFee": "0.1",
    "makerFee": "0.1",
    "halfSpread": "0.1",
    "liquidationFee": "0.5",
    "backstopMmfFraction": "1",
    "backstopMmfOffset": "1",
}


@pytest.mark.parametrize("key", sorted(ASSUMPTION_LIMITS))
@pytest.mark.parametrize("offset", ["-0.0001", "0", "+0", "+0.0001", "+1", "+4", "+1e10"])
def test_every_assumption_has_its_real_range(key, offset):
    """Item 7: halfSpread 1 filled at price 0, liquidationFee 1 divided by zero. ``offset`` is from 0
    (a leading "-") or from the upper limit (a leading "+")."""
    tried("snapshot")
    limit = D(ASSUMPTION_LIMITS[key])
    number = limit + D(offset[1:]) if offset.startswith("+") else D(offset)
    snapshot = _assumption(key, str(number))
    if D(0) <= number <= limit:
        assert getattr(load_parameters(snapshot).assumptions, ASSUMPTION_RANGES[key][0]) == number
        return
    with pytest.raises(ParameterError) as refused:
        load_parameters(snapshot)
    assert refused.value.field == f"assumptions.{key}"


@pytest.mark.parametrize(
    ("change", "field"),
    [
        (lambda s: s.update(collateral=5), "collateral"),
        (lambda s: s.update(borrowLendMarkets={"SOL": 1}), "borrowLendMarkets"),
        (lambda s: s.update(markets="SOL_USDC"), "markets"),
        (lambda s: s["collateral"].__setitem__(0, ["USDC"]), "collateral[0]"),
        (lambda s: s["collateral"][0].update(symbol=["USDC"]), "collateral[0].symbol"),
        (lambda s: s["collateral"][0].update(symbol="US\nDC"), "collateral[0].symbol"),
        (lambda s: s["collateral"].append(dict(s["collateral"][0])), "collateral[7].symbol"),
        (lambda s: s["markets"][0].update(baseSymbol={"a": 1}), "markets[0].baseSymbol"),
        (lambda s: s["markets"][0].update(marketType=["SPOT"]), "markets[0].marketType"),
        (lambda s: s["markets"][0]["filters"].update(price=5), "markets[0].filters.price"),
        (lambda s: s.update(assumptions=[1]), "assumptions"),
        (lambda s: s.update(snapshotTime="9999-12-31T23:59:59Z"), "snapshotTime"),
        (
            lambda s: s["borrowLendMarkets"][2]["rateModel"].update(maxRate="50"),
            "borrowLendMarkets[SOL].rateModel.maxRate",
        ),
        (lambda s: s["borrowLendMarkets"][2]["rateModel"].update(baseRate="1"), "borrowLendMarkets[SOL].rateModel"),
        (
            lambda s: s["borrowLendMarkets"][2].update(borrowedQuantity="700000"),
            "borrowLendMarkets[SOL].borrowedQuantity",
        ),
        (lambda s: s["borrowLendMarkets"][2].update(stepSize="1e-13"), "borrowLendMarkets[SOL].stepSize"),
        (lambda s: s["collateral"][2]["mmfFunction"].update(base="0.5"), "collateral[SOL].mmfFunction.base"),
        (lambda s: s["collateral"][2]["imfFunction"].update(base="1.5"), "collateral[SOL].imfFunction.base"),
        (lambda s: s["markPrices"].update(SOL="1e13"), "markPrices.SOL"),
        (
            lambda s: s["markets"][0]["filters"]["price"].update(tickSize="0"),
            "markets[SOL_USDC].filters.price.tickSize",
        ),
    ],
)
def test_malformed_snapshot_sections_are_refused_naming_them(change, field):
    tried("snapshot")
    snapshot = good_snapshot()
    assert snapshot["borrowLendMarkets"][2]["symbol"] == "SOL" and snapshot["collateral"][2]["symbol"] == "SOL"
    change(snapshot)
    with pytest.raises(ParameterError) as refused:
        load_parameters(snapshot)
    assert refused.value.field == field
    refused_cleanly(refused.value)


@FUZZ
@given(st.sampled_from(sorted(ASSUMPTION_LIMITS)), st.decimals(min_value=0, max_value=2, places=4))
def test_any_accepted_assumption_keeps_fills_positive_and_liquidation_finite(key, value):
    tried("snapshot")
    try:
        parameters = load_parameters(_assumption(key, str(value)))
    except ParameterError:
        assert value > D(ASSUMPTION_LIMITS[key])
        return
    account = {"balances": {"USDC": {"available": "1000"}, "SOL": {"available": "10"}}}
    actions = [
        {"type": "order", "symbol": "SOL_USDC", "side": "Ask", "orderType": "Market", "quantity": "1"},
        {"type": "withdraw", "symbol": "USDC", "quantity": "4000", "margin": True},
        {"type": "price", "symbol": "SOL", "markPrice": "20"},
    ]
    answer = apply(account, actions, parameters)
    for result in answer["results"]:
        for event in result.get("events", []):
            for name in ("price", "quantity"):
                if name in event:
                    assert D(event[name]) > 0, event
    check_answer_reads_back(answer)
