"""A liquidation price passed over as surely further than a distance is None or further, by the plain
computation (tests/engine/liquidation_reference.py); one not passed over is the plain one."""

from __future__ import annotations

from decimal import Decimal as D

from hypothesis import given, settings
from hypothesis import strategies as st

from desktop.engine import AccountState
from desktop.engine.account_figures import AccountFigures
from tests.engine.liquidation_reference import reference_liquidation_prices
from tests.engine.strategies import accounts, marks, perp_accounts
from tests.engine.util import example_parameters

PARAMETERS = example_parameters()


@settings(max_examples=150, deadline=None)
@given(
    st.one_of(accounts(), perp_accounts()),
    marks(),
    st.lists(st.integers(0, 1200).map(lambda n: D(n) / 1000), min_size=1, max_size=5),
)
def test_a_price_passed_over_is_none_or_further(account, prices, distances):
    prices = {**PARAMETERS.marks, **prices}
    expected = reference_liquidation_prices(account, PARAMETERS, prices)
    state = AccountState(account, prices, dict(PARAMETERS.pools), PARAMETERS.snapshot_time)
    for symbol, price in expected.items():
        near = []
        if price is not None:  # right at the price's own distance, and just inside the margin
            own = abs(prices[symbol] - price) / prices[symbol]
            near = [own, own / D("1.0000005"), own / D("1.000002"), own / D("1.0005"), own * D("1.0000005")]
        for distance in distances + near:
            figures = AccountFigures(state, PARAMETERS)  # fresh: the price not yet known
            further, found = figures.liquidation_price_unless_further(symbol, distance)
            if further:
                mark = prices[symbol]
                assert found is None and (price is None or abs(mark - price) / mark > distance)
            else:
                assert str(found) == str(price)  # worked out: the plain computation's, to the last digit


def test_a_known_price_is_read_not_told_again():
    prices = dict(PARAMETERS.marks)
    from desktop.engine import Account, AccountSettings, AssetBalance

    account = Account({"USDC": AssetBalance(available=D(3000)), "SOL": AssetBalance(borrowed=D(10))}, AccountSettings())
    figures = AccountFigures(
        AccountState(account, prices, dict(PARAMETERS.pools), PARAMETERS.snapshot_time), PARAMETERS
    )
    assert figures.liquidation_price_unless_further("SOL", D("0.01")) == (True, None)  # far above its mark
    price = figures.liquidation_price("SOL")
    assert figures.liquidation_price_unless_further("SOL", D("0.01")) == (False, price)  # known now: read it
