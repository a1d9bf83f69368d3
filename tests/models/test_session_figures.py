"""The session's derived figures: one set per state, each worked out when first read and kept until the
state moves; identical to the engine's uncached figures; the old ``limits`` still reads as a dict of
``AssetLimits``."""

from __future__ import annotations

from decimal import Decimal as D

import pytest

from desktop.engine import account_limits, value_account
from desktop.engine.limits import liquidation_prices
from desktop.engine.vocabulary import EventType, OrderType, Side
from desktop.models.session import Session


@pytest.fixture
def session(qapp, accounts):
    accounts.ensure_demo_account()
    session = Session(accounts)
    assert session.withdraw("USDC", D(12000), True).accepted  # a USDC borrow against the SOL: prices to show
    assert session.place_perp_order("SOL_USDC_PERP", Side.BID, OrderType.MARKET, D(5)).accepted
    return session


def engine_figures(session):
    state, parameters = session.state, session.parameters
    return (
        value_account(state.account, parameters, state.marks),
        liquidation_prices(state.account, parameters, state.marks),
        account_limits(state.account, parameters, state.marks, state.pools),
    )


def test_the_figures_are_the_engines_and_are_kept_while_the_state_stands(session):
    valuation, prices, limits = engine_figures(session)
    figures = session.figures
    assert session.valuation == valuation and session.liquidation_prices == prices and session.limits == limits
    assert session.liquidation_price("SOL") == prices["SOL"] == limits["SOL"].liquidation_price
    assert (
        session.asset_limits("USDC") == limits["USDC"]
        and session.max_borrow("SOL") == limits["SOL"].max_borrow_quantity
    )
    assert session.figures is figures and session.liquidation_prices is figures.liquidation_prices  # read once
    session.note(EventType.ALERT_SETTINGS, reason="a note moves no books")
    assert session.figures is figures


def test_an_action_a_tick_and_a_price_move_each_give_new_figures(session):
    """Worked example: a deposit of SOL moves SOL's liquidation price (further from the mark), a tick and
    a price move move every figure; each time the session's figures are the engine's of the new state."""
    figures = session.figures
    sol_before = session.liquidation_price("SOL")
    assert session.deposit("SOL", D(10)).accepted
    assert session.figures is not figures
    valuation, prices, limits = engine_figures(session)
    assert session.liquidation_prices == prices and session.limits == limits and session.valuation == valuation
    assert session.liquidation_price("SOL") < sol_before  # more SOL held: it must fall further

    report = session.tick(3600)
    assert session.valuation is report.valuation  # the tick's own valuation, kept with its state
    valuation, prices, limits = engine_figures(session)
    assert session.valuation == valuation and session.liquidation_prices == prices and session.limits == limits

    session.move_price("SOL", session.moved_price("SOL", D(-5)), "a drop")
    valuation, prices, limits = engine_figures(session)
    assert session.valuation == valuation and session.liquidation_prices == prices and session.limits == limits


def test_a_report_for_a_state_gone_by_is_not_kept(session):
    """A tick report queued from another thread may arrive after the state moved on: its valuation is not
    taken for the newer state's."""
    report = session._simulation.tick(60)  # told at once (same thread)
    assert session.valuation is report.valuation
    assert session.deposit("USDC", D(1)).accepted  # the state moves on
    session._after_tick(report)  # the old report arrives late
    assert session.valuation is not report.valuation
    assert session.valuation == engine_figures(session)[0]


def test_every_limit_still_reads_as_a_dict(session):
    limits = session.limits
    assert set(limits) == set(session.parameters.underlyings) and len(limits) == len(session.parameters.underlyings)
    assert dict(limits) == engine_figures(session)[2]
