"""Engine budgets of PRODUCT.md §5 (run: packaging/bootstrap.sh test tests/benchmarks --benchmark-only)."""

import pytest

from desktop.engine import account_limits, value_account
from tests.benchmarks.accounts import twenty_asset_account, twenty_asset_parameters

pytestmark = pytest.mark.benchmark


@pytest.fixture(scope="module")
def big():
    parameters = twenty_asset_parameters()
    account = twenty_asset_account(parameters)
    assert len(account.balances) == 20
    return parameters, account


def test_full_valuation_of_a_20_asset_account(benchmark, big):
    """Budget: ≤ 0.3 ms."""
    parameters, account = big
    valuation = benchmark(value_account, account, parameters, parameters.marks)
    assert valuation.total_exposure > 0 and not valuation.liquidatable


def test_every_limit_of_a_20_asset_account(benchmark, big):
    """Budget: ≤ 20 ms for max borrow, withdrawal, margin withdrawal and liquidation price of all 20."""
    parameters, account = big
    limits = benchmark(account_limits, account, parameters, parameters.marks, parameters.pools)
    assert len(limits) == 21  # and the perp-only DOGE's row (MARGIN_MODEL.md §10 precision 16)
    assert sum(1 for row in limits.values() if row.liquidation_price is not None) >= 5
