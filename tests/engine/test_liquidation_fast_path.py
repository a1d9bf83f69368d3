"""The liquidation price's slack function reads the figures that do not move with the price once (and
the asset's terms off the valuation): the prices are the plain computation's to the last digit, the
same Decimal (value and digits), however the figures are asked for."""

from __future__ import annotations

from decimal import Decimal as D
from decimal import localcontext

from hypothesis import given, settings
from hypothesis import strategies as st

from desktop.engine import AccountState, value_account
from desktop.engine.account_figures import AccountFigures
from desktop.engine.limits import AssetInAccount, liquidation_prices
from desktop.engine.numbers import ENGINE_CONTEXT
from tests.engine.liquidation_reference import reference_above_maintenance_at, reference_liquidation_prices
from tests.engine.strategies import accounts, marks, perp_accounts
from tests.engine.util import example_parameters

PARAMETERS = example_parameters()


def same(found: dict, expected: dict) -> bool:
    return list(found) == list(expected) and all(str(found[key]) == str(expected[key]) for key in expected)


@settings(max_examples=150, deadline=None)
@given(st.one_of(accounts(), perp_accounts()), marks())
def test_the_liquidation_prices_are_the_plain_computations_to_the_last_digit(account, prices):
    prices = {**PARAMETERS.marks, **prices}
    expected = reference_liquidation_prices(account, PARAMETERS, prices)
    assert same(liquidation_prices(account, PARAMETERS, prices), expected)
    state = AccountState(account, prices, dict(PARAMETERS.pools), PARAMETERS.snapshot_time)
    assert same(AccountFigures(state, PARAMETERS).liquidation_prices, expected)


@settings(max_examples=100, deadline=None)
@given(perp_accounts(), marks(), st.lists(st.integers(1, 4000), min_size=1, max_size=6))
def test_the_slack_at_any_price_is_the_plain_one(account, prices, per_mille):
    prices = {**PARAMETERS.marks, **prices}
    with localcontext(ENGINE_CONTEXT):
        valuation = value_account(account, PARAMETERS, prices)
        for symbol in PARAMETERS.underlyings:
            view = AssetInAccount(account, PARAMETERS, prices, valuation, symbol)
            for share in per_mille:  # from a thousandth of the mark to four times it
                price = prices[symbol] * D(share) / 1000
                found = view.above_maintenance_at(price)
                expected = reference_above_maintenance_at(view, price)
                assert str(found) == str(expected)


@settings(max_examples=200, deadline=None)
@given(
    st.integers(1, 10**9),
    st.integers(1, 10**6),
    st.integers(0, 10**6),
    st.integers(1, 10**6),
    st.booleans(),
    st.booleans(),
)
def test_the_search_finds_the_plain_searchs_point(room, slope, curve, mark_units, downward, known_failing):
    """``first_failing_point`` (a difference reused, halves by Decimal 2, the failing end's slack given):
    the same point as the plain search on concave slacks."""
    from desktop.engine.search import first_failing_point
    from tests.engine.liquidation_reference import reference_first_failing_point

    with localcontext(ENGINE_CONTEXT):
        mark = D(mark_units) / 1000
        sign = 1 if downward else -1

        def slack(price: D) -> D:
            move = (mark - price) * sign
            return D(room) / 100 - move * D(slope) / 1000 - move * move * D(curve) / 10**7

        bound = mark / 1000 if downward else mark * 1000
        if slack(bound) > 0:
            return
        given_failing = slack(bound) if known_failing else None
        found = first_failing_point(slack, mark, bound, D("1e-12"), given_failing)
        assert str(found) == str(reference_first_failing_point(slack, mark, bound, D("1e-12")))
