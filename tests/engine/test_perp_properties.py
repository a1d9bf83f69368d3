"""Properties of the perps (hypothesis): v1 accounts are untouched by them; settlement conserves net
equity; a refused perp order changes nothing; Max and the liquidation price are what they claim."""

from __future__ import annotations

import json
from datetime import timedelta
from decimal import Decimal as D
from decimal import localcontext

from hypothesis import given, settings
from hypothesis import strategies as st

from desktop.engine import AccountState, account_limits, load_parameters, max_order_quantity, move_prices, value_account
from desktop.engine.apply_contract import parse_state, run_action, state_json
from desktop.engine.draft import Draft
from desktop.engine.limits import AssetLimits
from desktop.engine.numbers import ENGINE_CONTEXT
from desktop.engine.orders import place_order
from desktop.engine.perp_cash import settle_positions
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


def settled_alone(state, prices):
    """The draft right after the settlement round of a price move, before fills, rules and the check."""
    draft = Draft(state, PARAMETERS)
    draft.marks.update(prices)
    settle_positions(draft)
    return draft


@settings(max_examples=150, deadline=None)
@given(perp_accounts(), all_marks())
def test_settlement_conserves_net_equity_when_usdc_weighs_1(account, prices):
    """Valued at the new marks, the account before settling (u in pnlUnrealized) and after (u in USDC)
    have the same net equity, less the entry fees of any USDC borrowed for it, within one rounding.

    Only the settlement round is measured: the liquidation check that follows in ``move_prices`` may
    legitimately move net equity (its step 2 repays a borrow from same-asset ``available``, which
    frees the collateral haircut: +q·P·(1 − w)). So the price move must equal the settlement alone
    unless the settled account was liquidatable, and then only liquidation steps may follow."""
    state = AccountState.opening(PARAMETERS, account)
    moved = {symbol: price for symbol, price in prices.items() if symbol != "USDC"}
    before = value_account(account, PARAMETERS, {**state.marks, **moved}).net_equity
    draft = settled_alone(state, moved)
    assert all(position.settled_price == moved[PARAMETERS.perps[s].base] for s, position in draft.positions.items())
    settled = draft.valuation()
    with localcontext(ENGINE_CONTEXT):  # the figures carry 34 digits
        fees = sum((event.quantity for event in draft.events if event.type == "EntryFee"), D(0))
        assert D(0) <= (before - fees) - settled.net_equity <= D("1e-12")  # a debit rounds up once (precision 8)

    outcome = move_prices(state, PARAMETERS, moved)
    assert outcome.events[: len(draft.events)] == tuple(draft.events)
    rest = outcome.events[len(draft.events) :]
    after = value_account(outcome.state.account, PARAMETERS, outcome.state.marks)
    if not settled.liquidatable:
        assert rest == () and after.net_equity == settled.net_equity  # no orders, no automatic rules here
        return
    # The check ran: only its steps follow (cancel, repay, closes, sales, bankruptcy, their borrows).
    assert rest, "a liquidatable account was left alone"
    liquidation_steps = {
        "OrderCancelled",
        "BorrowRepay",
        "Liquidation",
        "Bankruptcy",
        "Borrow",
        "EntryFee",
        "LendRedeem",
    }
    assert {event.type for event in rest} <= liquidation_steps
    # Left liquidatable only when bankrupt, or when all that is left is ``locked`` without an order (a
    # hand-built account: cancelling releases only what orders hold, and §7 sells available and lent).
    stuck = any(balance.locked for balance in outcome.state.account.balances.values())
    assert not after.liquidatable or stuck or any(event.type == "Bankruptcy" for event in rest)


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
