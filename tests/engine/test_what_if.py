"""What-if and the stress grid: every figure is what ``margin-desk evaluate`` answers for the same
account with the moved ``markPrices``; nothing about the account changes."""

from __future__ import annotations

import json
import subprocess
import sys
from decimal import Decimal as D
from decimal import localcontext

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from desktop.engine import AccountState, InputError, value_account
from desktop.engine.contract import account_json, evaluate
from desktop.engine.numbers import ENGINE_CONTEXT, plain
from desktop.engine.what_if import (
    ALL_NON_STABLE,
    DEFAULT_SHOCKS,
    STABLE_ASSETS,
    exposed_assets,
    liquidation_points,
    moved_marks,
    stress_grid,
    value_with_prices,
    what_if,
)
from tests.engine.strategies import accounts
from tests.engine.util import account_with, example_parameters

FIGURES = {
    "assetsValue": "assets_value",
    "liabilitiesValue": "liabilities_value",
    "netEquity": "net_equity",
    "netEquityAvailable": "net_equity_available",
    "initialMargin": "initial_margin",
    "maintenanceMargin": "maintenance_margin",
    "totalExposure": "total_exposure",
    "imf": "imf",
    "mmf": "mmf",
}
OPTIONAL = {"marginFraction": "margin_fraction", "imr": "imr", "mmr": "mmr", "leverage": "leverage"}


def seven_asset_state() -> AccountState:
    """Every example asset used: held, lent, borrowed (a margin long in SOL, shorts in ETH and JTO)."""
    account = account_with(
        USDC={"available": "20000", "borrowed": "0"},
        USDT={"available": "5000", "lent": "5000"},
        SOL={"available": "100"},
        BTC={"available": "0.1"},
        ETH={"borrowed": "4"},
        JTO={"borrowed": "3000"},
        BONK={"available": "100000000"},
    )
    return AccountState.opening(example_parameters(), account)


def leveraged_sol_state() -> AccountState:
    """A margin long: 420 SOL held against 50,000 USDC borrowed (liquidatable about 12 % lower)."""
    account = account_with(USDC={"borrowed": "50000"}, SOL={"available": "420"})
    return AccountState.opening(example_parameters(), account)


def evaluated(state: AccountState, marks) -> dict:
    return evaluate(account_json(state.account, marks), example_parameters())


def assert_same_figures(valuation, answer: dict) -> None:
    collateral = answer["collateral"]
    for key, attribute in FIGURES.items():
        assert plain(getattr(valuation, attribute)) == collateral[key], key
    for key, attribute in OPTIONAL.items():
        value = getattr(valuation, attribute)
        assert (None if value is None else plain(value)) == collateral[key], key
    assert valuation.liquidatable is collateral["liquidatable"]


def assert_same_liquidation(points, answer: dict) -> None:
    for point in points:
        expected = answer["limits"][point.symbol]["liquidationPrice"]
        assert (None if point.price is None else plain(point.price)) == expected, point.symbol


@pytest.mark.parametrize("target", ["SOL", "ETH", "JTO", "USDC", ALL_NON_STABLE])
@pytest.mark.parametrize("percent", ["-90", "-37.5", "0", "12", "300"])
def test_what_if_equals_evaluate_with_the_moved_marks(target, percent):
    """Net equity, available, IM, MM, margin fraction, liquidatable and liquidation prices all match."""
    state = seven_asset_state()
    result = what_if(state, example_parameters(), target, D(percent))
    answer = evaluated(state, result.marks)
    assert_same_figures(result.valuation, answer)
    assert_same_liquidation(result.liquidation, answer)
    for point in result.liquidation:
        assert point.mark == result.marks[point.symbol]
        if point.price is not None:
            with localcontext(ENGINE_CONTEXT):
                assert point.move == point.price / point.mark - 1


def test_the_move_applies_to_the_target_only():
    state = seven_asset_state()
    parameters = example_parameters()
    one = moved_marks(state, parameters, "SOL", D(-20))
    assert one == {"SOL": state.marks["SOL"] * D("0.8")}
    everything = moved_marks(state, parameters, ALL_NON_STABLE, D(50))
    assert set(everything) == set(parameters.assets) - STABLE_ASSETS
    assert all(everything[s] == state.marks[s] * D("1.5") for s in everything)
    result = what_if(state, parameters, ALL_NON_STABLE, D(50))
    assert result.marks["USDC"] == result.marks["USDT"] == 1
    assert state.marks["SOL"] == parameters.marks["SOL"]  # the account's own marks never move


def test_value_with_prices_equals_the_evaluate_command(tmp_path):
    """The same answer as the ``margin-desk evaluate`` process, given the overridden markPrices."""
    state = leveraged_sol_state()
    overrides = {"SOL": D("133.25"), "BTC": D("80000")}
    valuation = value_with_prices(state, example_parameters(), overrides)
    account = tmp_path / "account.json"
    account.write_text(json.dumps(account_json(state.account, {**state.marks, **overrides})))
    result = subprocess.run(
        [sys.executable, "-m", "desktop", "evaluate", str(account)], capture_output=True, text=True, timeout=60
    )
    assert result.returncode == 0, result.stderr
    answer = json.loads(result.stdout)
    assert_same_figures(valuation, answer)
    assert_same_liquidation(liquidation_points(state, example_parameters(), overrides, valuation), answer)


def test_a_leveraged_long_becomes_liquidatable_on_the_way_to_its_liquidation_price():
    state = leveraged_sol_state()
    parameters = example_parameters()
    (usdc, sol) = liquidation_points(state, parameters)
    assert usdc.symbol == "USDC" and sol.symbol == "SOL"
    assert D("-0.15") < sol.move < D("-0.10")
    percent_to_liquidation = sol.move * 100
    assert not what_if(state, parameters, "SOL", percent_to_liquidation + D("0.01")).valuation.liquidatable
    assert what_if(state, parameters, "SOL", percent_to_liquidation - D("0.01")).valuation.liquidatable


@pytest.mark.parametrize("percent", ["-90.01", "300.5", "-100", "abc"])
def test_moves_outside_minus_90_to_plus_300_percent_are_refused(percent):
    with pytest.raises(InputError) as refused:
        what_if(seven_asset_state(), example_parameters(), "SOL", percent)
    assert refused.value.field == "percent"


def test_unknown_targets_and_bad_prices_are_refused():
    state, parameters = seven_asset_state(), example_parameters()
    with pytest.raises(InputError, match="target"):
        what_if(state, parameters, "PEPE", 10)  # DOGE is a perp-only base of the snapshot (§10)
    with pytest.raises(InputError, match="markPrices.SOL"):
        value_with_prices(state, parameters, {"SOL": D(0)})
    with pytest.raises(InputError, match="markPrices.PEPE"):
        value_with_prices(state, parameters, {"PEPE": D(1)})


def test_the_stress_grid_cells_equal_engine_valuations():
    """Rows −50 % … +50 % by 10; a column per asset held or borrowed and one for all non-stable."""
    state, parameters = seven_asset_state(), example_parameters()
    grid = stress_grid(state, parameters)
    assert grid.shocks == tuple(D(s) for s in DEFAULT_SHOCKS) == tuple(D(s) for s in range(-50, 51, 10))
    assert grid.columns == exposed_assets(state, parameters) + (ALL_NON_STABLE,)
    assert grid.columns == ("USDC", "USDT", "SOL", "BTC", "ETH", "JTO", "BONK", ALL_NON_STABLE)
    for shock in grid.shocks:
        for column in grid.columns:
            cell = grid.cell(shock, column)
            marks = {**state.marks, **moved_marks(state, parameters, column, shock)}
            expected = value_account(state.account, parameters, marks)
            assert cell.valuation == expected
            assert cell.margin_fraction == expected.margin_fraction
            assert cell.liquidatable is expected.liquidatable
            assert cell.distance_to_maintenance == expected.margin_fraction - expected.mmf
            assert cell.equity_above_maintenance == expected.net_equity - expected.maintenance_margin
    now = value_account(state.account, parameters, state.marks)
    assert all(cell.valuation == now for cell in grid.cells[grid.shocks.index(D(0))])


def test_stress_grid_cells_match_evaluate_and_name_their_zone():
    state, parameters = leveraged_sol_state(), example_parameters()
    grid = stress_grid(state, parameters)
    assert grid.columns == ("USDC", "SOL", ALL_NON_STABLE)
    for shock in (-50, -20, -10, 0, 30):
        cell = grid.cell(shock, "SOL")
        marks = {**state.marks, "SOL": state.marks["SOL"] * (1 + D(shock) / 100)}
        assert_same_figures(cell.valuation, evaluated(state, marks))
    assert grid.cell(-20, "SOL").zone == "liquidatable" and grid.cell(-20, "SOL").distance_to_maintenance <= 0
    assert grid.cell(0, "SOL").zone == "healthy" and grid.cell(0, "SOL").distance_to_maintenance > 0
    assert grid.cell(-10, "SOL").zone == "below-initial"
    assert not grid.cell(-10, "SOL").liquidatable
    empty = stress_grid(AccountState.opening(parameters, account_with(USDC={"available": "100"})), parameters)
    assert empty.columns == ("USDC", ALL_NON_STABLE)
    assert {cell.zone for row in empty.cells for cell in row} == {"no-borrow"}
    cells = [cell for row in empty.cells for cell in row]
    assert all(cell.margin_fraction is None and cell.distance_to_maintenance is None for cell in cells)


def test_custom_shocks_and_refused_shocks():
    state, parameters = leveraged_sol_state(), example_parameters()
    assert stress_grid(state, parameters, shocks=(-5, 0, 5)).shocks == (D(-5), D(0), D(5))
    with pytest.raises(InputError, match="shocks"):
        stress_grid(state, parameters, shocks=(-100,))


@settings(max_examples=60, deadline=None)
@given(
    account=accounts(),
    target=st.sampled_from(["SOL", "BTC", "JTO", "USDT", ALL_NON_STABLE]),
    percent=st.integers(-900, 3000).map(lambda tenths: D(tenths) / 10),
)
def test_any_account_and_move_equals_evaluate(account, target, percent):
    state = AccountState.opening(example_parameters(), account)
    result = what_if(state, example_parameters(), target, percent)
    answer = evaluated(state, result.marks)
    assert_same_figures(result.valuation, answer)
    assert_same_liquidation(result.liquidation, answer)
    assert [p.symbol for p in result.liquidation] == list(exposed_assets(state, example_parameters()))
