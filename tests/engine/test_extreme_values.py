"""Valid documents at the edges of every bound (issue 19, items 5 and 20): balances from 1e-12 to 1e20,
prices from 1e-12 to 1e12, on every asset — the engine values, limits, trades and liquidates them
without an exception, and every answer reads back in."""

from __future__ import annotations

import os
from decimal import Decimal as D

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from desktop.engine.apply_contract import apply
from desktop.engine.contract import evaluate
from tests.engine.test_hostile_documents import check_answer_reads_back
from tests.engine.util import example_parameters
from tests.hostile import tried

PARAMETERS = example_parameters()
SYMBOLS = list(PARAMETERS.assets)
MARKETS = list(PARAMETERS.markets)
PERPS = list(PARAMETERS.perps)
EXAMPLES = int(os.environ.get("MARGIN_DESK_HOSTILE_EXAMPLES", "200"))
EDGE = settings(max_examples=EXAMPLES, deadline=None, suppress_health_check=[HealthCheck.too_slow])


def magnitude(low: int, high: int):
    """Numbers from 1e``low`` to 1e``high``, any mantissa, as JSON strings."""
    return st.builds(
        lambda mantissa, exponent: str(D(mantissa).scaleb(exponent - 3)),
        st.integers(1, 9999),
        st.integers(low, high - 1),
    )


amounts = st.one_of(st.just("0"), magnitude(-9, 20))
prices = magnitude(-9, 12)


@st.composite
def extreme_accounts(draw):
    balances = {}
    for symbol in draw(st.lists(st.sampled_from(SYMBOLS), max_size=4, unique=True)):
        held = {"available": draw(amounts)}
        held["lent" if draw(st.booleans()) else "borrowed"] = draw(amounts)
        balances[symbol] = held
    marks = {symbol: draw(prices) for symbol in draw(st.lists(st.sampled_from(SYMBOLS), max_size=3, unique=True))}
    return {
        "settings": {"leverageLimit": str(draw(st.integers(1, 50))), "autoLend": draw(st.booleans())},
        "balances": balances,
        "markPrices": marks,
    }


@st.composite
def extreme_actions(draw):
    kind = draw(st.sampled_from(["deposit", "withdraw", "borrow", "repay", "lend", "redeem", "order", "perp", "price"]))
    if kind == "perp":
        order = {
            "type": "order",
            "symbol": draw(st.sampled_from(PERPS)),
            "side": draw(st.sampled_from(["Bid", "Ask"])),
            "orderType": draw(st.sampled_from(["Market", "Limit"])),
            "quantity": draw(amounts),
            "reduceOnly": draw(st.booleans()),
        }
        if order["orderType"] == "Limit":
            order["price"] = draw(prices)
        return order
    if kind == "price":
        return {"type": "price", "symbol": draw(st.sampled_from(SYMBOLS)), "markPrice": draw(prices)}
    if kind == "order":
        order = {
            "type": "order",
            "symbol": draw(st.sampled_from(MARKETS)),
            "side": draw(st.sampled_from(["Bid", "Ask"])),
            "orderType": draw(st.sampled_from(["Market", "Limit"])),
            "quantity": draw(amounts),
            "margin": draw(st.booleans()),
        }
        if order["orderType"] == "Limit":
            order["price"] = draw(prices)
        return order
    action = {"type": kind, "symbol": draw(st.sampled_from(SYMBOLS)), "quantity": draw(amounts)}
    if kind == "withdraw":
        action["margin"] = draw(st.booleans())
    return action


@EDGE
@given(extreme_accounts())
def test_extreme_accounts_are_valued_with_limits(account):
    tried("extreme values")
    answer = evaluate(account, PARAMETERS)
    assert answer["collateral"]["netEquity"]


@EDGE
@given(extreme_accounts(), st.lists(extreme_actions(), max_size=6), st.integers(0, 30))
def test_extreme_actions_are_results_and_answers_read_back(account, actions, hours):
    tried("extreme values")
    account["time"] = "2026-11-20T00:00:00Z"
    actions.append({"type": "advance", "to": f"2026-11-{20 + hours // 24:02d}T{hours % 24:02d}:00:00Z"})
    answer = apply(account, actions, PARAMETERS)
    check_answer_reads_back(answer)
