"""The session's perp actions over a real store: a long opened, watched through ticks and closed, each
accepted action one ``changed`` that says positions moved, a refusal nothing; what a fresh session
reads back is what the engine left."""

from __future__ import annotations

from decimal import Decimal as D

import pytest

from desktop.engine.vocabulary import EventType, OrderType, RefusalCode, Side
from desktop.models.session import Session
from desktop.services.accounts import AccountService
from desktop.services.integrity import verify_store

PERP = "SOL_USDC_PERP"


@pytest.fixture
def session(qapp, accounts):
    accounts.ensure_demo_account()
    return Session(accounts)


def test_open_watch_and_close_a_long(qtbot, session, accounts):
    with qtbot.waitSignal(session.changed, timeout=1000) as told:
        opened = session.place_perp_order(PERP, Side.BID, OrderType.MARKET, D(5))
    assert opened.accepted, opened.refusal
    change = told.args[0]
    assert change.positions and change.orders and change.fills and "USDC" in change.balances
    assert session.state.account.positions[PERP].net_quantity == 5
    assert session.valuation.positions[0].symbol == PERP  # the figures see it at once

    with qtbot.waitSignal(session.changed, timeout=1000) as told:
        report = session.tick(3600)
    assert told.args[0].positions
    assert [e.type for e in report.events if e.symbol == PERP].count(EventType.FUNDING_PAYMENT) == 1
    assert session.position_totals()[PERP].funding < 0  # a long pays a positive rate

    fresh = Session(AccountService(accounts.store))
    assert fresh.state.account.positions == session.state.account.positions

    with qtbot.waitSignal(session.changed, timeout=1000) as told:
        closed = session.close_position(PERP)
    assert closed.accepted and told.args[0].positions
    assert not session.state.account.positions and session.position_totals() == {}
    assert verify_store(accounts).whole


def test_a_resting_reduce_only_order_and_its_cancel(qtbot, session):
    assert session.place_perp_order(PERP, Side.ASK, OrderType.MARKET, D(2)).accepted  # a short
    with qtbot.waitSignal(session.changed, timeout=1000):
        placed = session.place_perp_order(PERP, Side.BID, OrderType.LIMIT, D(1), D(100), reduce_only=True)
    order = placed.state.orders[0]
    assert order.is_perp and order.reduce_only
    with qtbot.waitSignal(session.changed, timeout=1000) as told:
        assert session.cancel_perp_order(order.id).accepted
    assert told.args[0].orders and not session.state.orders


def test_a_refused_perp_action_tells_nothing(qtbot, session):
    with qtbot.assertNotEmitted(session.changed):
        refused = session.close_position(PERP)
    assert refused.refusal.code == RefusalCode.REDUCE_ONLY_NOT_REDUCED
    with qtbot.assertNotEmitted(session.changed):
        assert not session.place_perp_order(PERP, Side.BID, OrderType.MARKET, D(10_000_000)).accepted
