"""The risk watch's nearest liquidation price passes over the assets it shows to lie further without
their searches: the same asset and distance as reading every price, whichever asset it looks at first."""

from __future__ import annotations

from types import SimpleNamespace

from hypothesis import given, settings
from hypothesis import strategies as st

from desktop.engine import AccountState
from desktop.engine.account_figures import AccountFigures
from desktop.models.risk_watch import nearest_liquidation
from tests.engine.strategies import SYMBOLS, accounts, marks, perp_accounts
from tests.engine.util import example_parameters

PARAMETERS = example_parameters()


def every_price_read(state: AccountState):
    """As the risk watch read it before: every liquidation price, the first of the nearest."""
    found = None
    for symbol, price in AccountFigures(state, PARAMETERS).liquidation_prices.items():
        mark = state.marks.get(symbol)
        if price is None or not mark:
            continue
        distance = abs(mark - price) / mark
        if found is None or distance < found[1]:
            found = (symbol, distance)
    return found


@settings(max_examples=150, deadline=None)
@given(st.one_of(accounts(), perp_accounts()), marks(), st.sampled_from([None, *SYMBOLS]), st.booleans())
def test_the_nearest_is_every_price_reads(account, prices, first, some_known):
    state = AccountState(account, {**PARAMETERS.marks, **prices}, dict(PARAMETERS.pools), PARAMETERS.snapshot_time)
    figures = AccountFigures(state, PARAMETERS)
    if some_known:  # the positions panel may have read some prices already
        for symbol in list(figures.lazy_liquidation_prices)[::2]:
            figures.liquidation_price(symbol)
    session = SimpleNamespace(state=state, figures=figures)
    found = nearest_liquidation(session, first)
    expected = every_price_read(state)
    assert found == expected
    assert found is None or str(found[1]) == str(expected[1])
