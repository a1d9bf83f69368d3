"""The Withdrawal dialog's Withdrawable (and Max) is searched once per state from the state's own §4
limits: always the engine's ``max_accepted_withdrawal`` of the state now, never a stale one."""

from __future__ import annotations

from decimal import Decimal as D

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from desktop.engine import actions, value_account
from desktop.engine.form_max import max_accepted_withdrawal
from desktop.engine.preview import preview
from desktop.engine.vocabulary import OrderType, Side
from desktop.models.session import Session


@pytest.fixture
def session(qapp, accounts):
    accounts.ensure_demo_account()
    session = Session(accounts)
    assert session.withdraw("USDC", D(12000), True).accepted  # a USDC borrow against the SOL
    assert session.place_perp_order("SOL_USDC_PERP", Side.BID, OrderType.MARKET, D(5)).accepted
    return session


def assert_fresh(session: Session, symbols) -> None:
    state, parameters = session.state, session.parameters
    for symbol in symbols:
        for margin in (False, True):
            assert session.max_withdrawal(symbol, margin) == max_accepted_withdrawal(state, parameters, symbol, margin)


def test_every_asset_equals_the_engines_search(session):
    assert_fresh(session, session.parameters.assets)


def test_kept_while_the_state_stands_and_searched_again_when_it_moves(session, monkeypatch):
    from desktop.models import action_previews

    searched = []
    search = action_previews.max_accepted_withdrawal
    monkeypatch.setattr(action_previews, "max_accepted_withdrawal", lambda *a: searched.append(a[2:4]) or search(*a))
    first = session.max_withdrawal("USDC", True)
    assert session.max_withdrawal("USDC", True) == first and searched == [("USDC", True)]  # kept
    session.max_withdrawal("USDC", False)
    assert len(searched) == 2  # another question, another search
    session.tick(600)
    session.max_withdrawal("USDC", True)
    assert len(searched) == 3  # the marks moved: searched again


@settings(max_examples=8, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(
    steps=st.lists(
        st.one_of(
            st.tuples(st.just("tick"), st.sampled_from([60, 600, 3600])),
            st.tuples(st.just("deposit"), st.sampled_from(["10", "250.5", "3000"])),
            st.tuples(st.just("withdraw"), st.sampled_from(["1", "40", "900"])),
        ),
        min_size=1,
        max_size=4,
    )
)
def test_never_stale_after_ticks_and_actions(session, steps):
    for kind, amount in steps:
        if kind == "tick":
            session.tick(amount)
        elif kind == "deposit":
            session.deposit("USDC", D(amount))
        else:
            session.withdraw("USDC", D(amount), True)
        assert_fresh(session, ("USDC", "SOL"))


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(
    symbol=st.sampled_from(["USDC", "SOL", "ETH", "BTC"]),
    quantity=st.decimals(min_value=D("0.0001"), max_value=D(60000), places=4),
    margin=st.booleans(),
)
def test_a_withdrawal_judged_against_the_states_own_valuation_is_the_same(session, symbol, quantity, margin):
    state, parameters = session.state, session.parameters
    if symbol not in parameters.assets:
        return
    valued = value_account(state.account, parameters, state.marks)
    assert actions.withdraw(state, parameters, symbol, quantity, margin, valued) == actions.withdraw(
        state, parameters, symbol, quantity, margin
    )
    shown = session.preview_withdrawal(symbol, quantity, margin)
    assert shown == preview(state, actions.withdraw(state, parameters, symbol, quantity, margin), parameters)
