"""What-if, stress and previews with perp positions: positions move with their underlying, nothing
settles (MARGIN_MODEL.md §10 precision 3), and every figure is what ``evaluate`` answers."""

from __future__ import annotations

from decimal import Decimal as D

from desktop.engine import value_account
from desktop.engine.apply_contract import parse_state
from desktop.engine.contract import account_json, evaluate
from desktop.engine.numbers import plain
from desktop.engine.orders import place_order
from desktop.engine.preview import preview
from desktop.engine.what_if import (
    ALL_NON_STABLE,
    exposed_assets,
    liquidation_points,
    moved_symbols,
    stress_grid,
    what_if,
)
from tests.engine.util import example_parameters

PARAMETERS = example_parameters()
HEDGED = {
    "balances": {"USDC": {"available": "2000"}, "SOL": {"available": "20"}},
    "positions": {
        "SOL_USDC_PERP": {"netQuantity": "-15", "entryPrice": "150"},
        "DOGE_USDC_PERP": {"netQuantity": "20000", "entryPrice": "0.41", "settledPrice": "0.39"},
    },
}


def evaluate_at(state, marks):
    return evaluate({**account_json(state.account, marks)}, PARAMETERS)


def test_the_bases_of_positions_are_exposed_and_move_with_all_non_stable():
    state = parse_state(HEDGED, PARAMETERS)
    assert exposed_assets(state, PARAMETERS) == ("USDC", "SOL", "DOGE")
    assert "DOGE" in moved_symbols(state, PARAMETERS, ALL_NON_STABLE)
    flat = parse_state({"balances": {"USDC": {"available": "1"}}}, PARAMETERS)
    assert "DOGE" not in moved_symbols(flat, PARAMETERS, ALL_NON_STABLE)  # v1: the assets only


def test_a_what_if_move_of_the_base_moves_its_perps_unsettled_pnl():
    state = parse_state(HEDGED, PARAMETERS)
    result = what_if(state, PARAMETERS, "DOGE", -25)  # 0.40 → 0.30
    # u = 20,000·(0.30 − 0.39) − 15·(150 − 150) = −1,800 (left unsettled: a hypothetical never settles)
    assert result.valuation.pnl_unrealized == D(-1800)
    answer = evaluate_at(state, result.marks)
    assert answer["collateral"]["pnlUnrealized"] == "-1800"
    assert answer["collateral"]["netEquity"] == plain(result.valuation.net_equity)
    points = {point.symbol: point for point in result.liquidation}
    assert set(points) == {"USDC", "SOL", "DOGE"}
    assert points["DOGE"].price == (
        None
        if answer["limits"]["DOGE"]["liquidationPrice"] is None
        else D(answer["limits"]["DOGE"]["liquidationPrice"])
    )
    assert state.account.positions["DOGE_USDC_PERP"].settled_price == D("0.39")  # nothing changed


def test_the_stress_grid_has_a_column_per_base_and_values_positions_at_the_shocked_marks():
    state = parse_state(HEDGED, PARAMETERS)
    grid = stress_grid(state, PARAMETERS, shocks=(-30, 0, 30))
    assert grid.columns == ("USDC", "SOL", "DOGE", ALL_NON_STABLE)
    for shock in (-30, 30):
        factor = 1 + D(shock) / 100
        for column, moved in (("SOL", ("SOL",)), ("DOGE", ("DOGE",)), (ALL_NON_STABLE, ("SOL", "DOGE", "BTC"))):
            marks = {**state.marks, **{s: state.marks[s] * factor for s in moved}}
            assert grid.cell(shock, column).valuation == value_account(state.account, PARAMETERS, marks)


def test_liquidation_points_agree_with_evaluate():
    state = parse_state(HEDGED, PARAMETERS)
    answer = evaluate(HEDGED, PARAMETERS)
    for point in liquidation_points(state, PARAMETERS):
        shown = answer["limits"][point.symbol]["liquidationPrice"]
        assert point.price == (None if shown is None else D(shown))


def test_a_perp_market_order_previews_its_fill_its_fee_borrow_and_the_liquidation_price_after():
    state = parse_state({"balances": {"SOL": {"available": "100"}}}, PARAMETERS)
    outcome = place_order(state, PARAMETERS, "SOL_USDC_PERP", "Ask", "Market", D(50))
    shown = preview(state, outcome, PARAMETERS)
    assert shown.accepted and set(shown.new_borrows) == {"USDC"}
    fee = 50 * D("149.925") * D("0.0005")
    assert fee < shown.new_borrows["USDC"] < fee * D("1.0001")  # the fee and its entry fee
    assert shown.after == value_account(outcome.state.account, PARAMETERS, outcome.state.marks)
    assert shown.after.imr is not None and shown.after.margin_fraction is not None
    assert set(shown.liquidation_prices_after) == {"SOL", "USDC"}
    # 100 SOL held (C/P = 95) and short 50: net delta +45, so the search goes down, where the short's
    # gains (NE ≈ 45·p + 7,496) stay above a maintenance margin that shrinks with p: never liquidated.
    assert shown.liquidation_prices_after["SOL"] is None


def test_a_resting_perp_order_previews_as_it_rests_at_its_worst_case_size():
    state = parse_state({"balances": {"USDC": {"available": "10000"}}}, PARAMETERS)
    outcome = place_order(state, PARAMETERS, "ETH_USDC_PERP", "Bid", "Limit", D(2), D(3000))
    shown = preview(state, outcome, PARAMETERS)
    assert shown.after.net_exposure_futures == 2 * 3500  # S = 2 at the mark, not filled
    assert shown.after.pnl_unrealized == 0 and shown.new_borrows == {}
