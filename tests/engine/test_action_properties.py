"""Properties of actions over random sequences: events account for every balance change; a refusal
changes nothing (the state is byte-for-byte the one before)."""

from __future__ import annotations

import json
from decimal import Decimal as D

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from desktop.engine.apply_contract import parse_state, run_action, state_json
from tests.engine.util import example_parameters, recorded_changes

PARAMETERS = example_parameters()
ASSETS = ["USDC", "SOL", "BTC", "JTO"]
MARKETS = ["SOL_USDC", "BTC_USDC", "JTO_USDC"]


def amount(symbol):
    step = PARAMETERS.assets[symbol].lending.step_size
    worth = int(D(3000) / PARAMETERS.marks[symbol] / step)
    return st.integers(1, max(worth, 2)).map(lambda n: str(n * step))


asset_action = st.sampled_from(ASSETS).flatmap(
    lambda symbol: st.fixed_dictionaries(
        {
            "type": st.sampled_from(["deposit", "withdraw", "borrow", "repay", "lend", "redeem"]),
            "symbol": st.just(symbol),
            "quantity": amount(symbol),
            "margin": st.booleans(),
        }
    )
)


@st.composite
def order_action(draw):
    symbol = draw(st.sampled_from(MARKETS))
    market = PARAMETERS.markets[symbol]
    mark = PARAMETERS.marks[market.base]
    steps = int(D(3000) / mark / market.step_size)
    action = {
        "type": "order",
        "symbol": symbol,
        "side": draw(st.sampled_from(["Bid", "Ask"])),
        "orderType": draw(st.sampled_from(["Market", "Limit"])),
        "quantity": str(draw(st.integers(1, max(steps, 2))) * market.step_size),
        "margin": draw(st.booleans()),
    }
    if action["orderType"] == "Limit":
        price = mark * D(draw(st.integers(80, 120))) / 100
        action["price"] = str(price.quantize(market.tick_size))
    return action


price_action = st.sampled_from(["SOL", "BTC", "JTO"]).flatmap(
    lambda symbol: st.integers(70, 130).map(
        lambda percent: {"type": "price", "symbol": symbol, "markPrice": str(PARAMETERS.marks[symbol] * percent / 100)}
    )
)
advance_action = st.integers(1, 30).map(lambda hours: {"type": "advance", "hours": hours})
settings_action = st.fixed_dictionaries(
    {
        "type": st.just("settings"),
        "leverageLimit": st.integers(1, 50).map(str),
        "autoLend": st.booleans(),
        "autoRepayBorrows": st.booleans(),
    }
)
cancel_action = st.integers(1, 8).map(lambda n: {"type": "cancel", "orderId": str(n)})
any_action = st.one_of(asset_action, order_action(), price_action, advance_action, settings_action, cancel_action)


def net_holdings(state):
    """Per asset: held − borrowed (available + locked + lent − borrowed)."""
    return {symbol: balance.holding - balance.borrowed for symbol, balance in state.account.balances.items()}


@pytest.mark.slow
@settings(max_examples=300, deadline=None)
@given(st.lists(any_action, min_size=5, max_size=40))
def test_events_account_for_every_change_and_refusals_change_nothing(script):
    state = parse_state({"balances": {"USDC": {"available": "5000"}, "SOL": {"available": "10"}}}, PARAMETERS)
    for index, action in enumerate(script):
        if action["type"] == "advance":
            action = {
                "type": "advance",
                "to": (
                    state.time.replace(minute=0) + action["hours"] * (__import__("datetime").timedelta(minutes=37))
                ).isoformat(),
            }
        before_json = json.dumps(state_json(state), sort_keys=True)
        before = net_holdings(state)
        outcome = run_action(state, PARAMETERS, action, index)
        if not outcome.accepted:
            assert outcome.events == ()
            assert json.dumps(state_json(outcome.state), sort_keys=True) == before_json
            assert outcome.state.pools == state.pools
            continue
        after = net_holdings(outcome.state)
        recorded = recorded_changes(outcome.events)
        for symbol in set(before) | set(after) | set(recorded):
            actual = after.get(symbol, D(0)) - before.get(symbol, D(0))
            assert actual == recorded.get(symbol, D(0)), (action, symbol)
        for balance in outcome.state.account.balances.values():
            assert min(balance.available, balance.locked, balance.lent, balance.borrowed, balance.pending_borrow) >= 0
            assert not (balance.lent and balance.borrowed)
        state = outcome.state
