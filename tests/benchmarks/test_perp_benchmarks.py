"""Perp budgets of issue 13 (run: pytest tests/benchmarks/test_perp_benchmarks.py --benchmark-only)."""

import random
from datetime import timedelta
from decimal import Decimal as D

import pytest

from desktop.engine import account_limits, advance_clock, move_prices, value_account
from desktop.engine.apply_contract import parse_state
from desktop.engine.records import replace  # engine records are not stdlib dataclasses
from tests.benchmarks.accounts import ten_positions, twenty_asset_account, twenty_asset_parameters_with_ten_perps
from tests.benchmarks.test_year_benchmark import SEVEN_ASSETS
from tests.engine.util import example_parameters

pytestmark = pytest.mark.benchmark


@pytest.fixture(scope="module")
def big():
    parameters = twenty_asset_parameters_with_ten_perps()
    account = replace(twenty_asset_account(parameters), positions=ten_positions(parameters))
    assert len(account.balances) == 20 and len(account.positions) == 10
    return parameters, account


def test_valuation_of_20_assets_and_10_positions(benchmark, big):
    """Budget: ≤ 0.4 ms."""
    parameters, account = big
    valuation = benchmark(value_account, account, parameters, parameters.marks)
    assert len(valuation.positions) == 10 and valuation.net_exposure_futures > 0 and not valuation.liquidatable


def test_every_limit_of_20_assets_and_10_positions(benchmark, big):
    """Budget: ≤ 25 ms, each position's liquidation price included."""
    parameters, account = big
    limits = benchmark(account_limits, account, parameters, parameters.marks, parameters.pools)
    assert len(limits) == 21  # the 20 assets and DOGE
    bases = {parameters.perps[symbol].base for symbol in account.positions}
    assert sum(1 for symbol in bases if limits[symbol].liquidation_price is not None) >= 5


def a_year_hour_by_hour(state, parameters, moves):
    for hour, (symbol, factor) in enumerate(moves, start=1):
        state = move_prices(state, parameters, {symbol: state.marks[symbol] * factor}).state
        state = advance_clock(state, parameters, parameters.snapshot_time + timedelta(hours=hour)).state
    return state


def test_a_year_hour_by_hour_with_3_positions_settled_and_funded_each_hour(benchmark):
    """Budget: ≤ 4 s, engine only: a price move (and settlement) and an hour (interest, funding) each hour."""
    parameters = example_parameters()
    account = {
        **SEVEN_ASSETS,
        "positions": {
            "SOL_USDC_PERP": {"netQuantity": "40", "entryPrice": "150"},
            "BTC_USDC_PERP": {"netQuantity": "-0.05", "entryPrice": "95000"},
            "DOGE_USDC_PERP": {"netQuantity": "20000", "entryPrice": "0.4"},
        },
    }
    state = parse_state(account, parameters)
    rng = random.Random(13)
    symbols = ["SOL", "BTC", "ETH", "DOGE", "JTO"]
    moves = [(rng.choice(symbols), D(rng.randint(9_970, 10_030)) / 10_000) for _ in range(8760)]
    final = benchmark.pedantic(a_year_hour_by_hour, args=(state, parameters, moves), rounds=3, iterations=1)
    assert final.time == parameters.snapshot_time + timedelta(hours=8760)
    assert len(final.account.positions) == 3  # held all year: settled and funded every hour
