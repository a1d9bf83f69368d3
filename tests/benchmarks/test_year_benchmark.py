"""A simulated year, hour by hour, engine only (PRODUCT.md §5: ≤ 3 s)."""

import random
from datetime import timedelta
from decimal import Decimal as D

import pytest

from desktop.engine import AccountState, advance_clock, move_prices
from desktop.engine.apply_contract import parse_state
from tests.engine.util import example_parameters

pytestmark = pytest.mark.benchmark

SEVEN_ASSETS = {
    "balances": {
        "USDC": {"available": "20000"},
        "USDT": {"available": "5000", "lent": "5000"},
        "SOL": {"available": "100"},
        "BTC": {"borrowed": "0.05"},
        "ETH": {"available": "3", "borrowed": "0"},
        "JTO": {"borrowed": "2000"},
        "BONK": {"borrowed": "50000000"},
    },
}


def a_year_hour_by_hour(state: AccountState, parameters, moves) -> AccountState:
    for hour, (symbol, factor) in enumerate(moves, start=1):
        state = move_prices(state, parameters, {symbol: state.marks[symbol] * factor}).state
        state = advance_clock(state, parameters, parameters.snapshot_time + timedelta(hours=hour)).state
    return state


def test_a_year_of_hourly_steps_with_interest_and_a_price_move_each(benchmark):
    parameters = example_parameters()
    state = parse_state(SEVEN_ASSETS, parameters)
    rng = random.Random(7)
    symbols = ["SOL", "BTC", "ETH", "JTO", "BONK", "USDT"]
    moves = [(rng.choice(symbols), D(rng.randint(9_970, 10_030)) / 10_000) for _ in range(8760)]
    final = benchmark.pedantic(a_year_hour_by_hour, args=(state, parameters, moves), rounds=3, iterations=1)
    assert final.time == parameters.snapshot_time + timedelta(hours=8760)
    assert final.account.balance("BTC").borrowed > D("0.05")  # a year of interest was charged
