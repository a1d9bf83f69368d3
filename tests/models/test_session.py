"""The open account's session, the clock and the account list over a real store, without a window:
one ``changed`` signal per accepted action or tick saying what moved, nothing for a refusal, a table
hidden through changes catching up once shown."""

from __future__ import annotations

from decimal import Decimal as D

import pytest

from desktop.engine.vocabulary import OrderType, Side
from desktop.models.account_list import AccountList
from desktop.models.chart_data import ChartData
from desktop.models.clock import Clock
from desktop.models.lend_models import PortfolioModel
from desktop.models.session import Session
from tests.charts.history import history_with_a_liquidation


@pytest.fixture
def session(qapp, accounts):
    accounts.ensure_demo_account()
    return Session(accounts)


def test_an_accepted_action_says_what_it_moved(qtbot, session):
    with qtbot.waitSignal(session.changed, timeout=1000) as told:
        assert session.place_order("SOL_USDC", Side.BID, OrderType.MARKET, D(1), None, False).accepted
    change = told.args[0]
    assert change.account == "Demo" and change.fills and change.orders and change.history
    assert {"SOL", "USDC"} <= change.balances and not change.clock


def test_a_refused_action_tells_nothing(qtbot, session):
    with qtbot.assertNotEmitted(session.changed):
        assert not session.withdraw("BTC", D(1)).accepted


def test_a_tick_moves_the_clock_and_the_marks(qtbot, session):
    before = session.state.time
    with qtbot.waitSignal(session.changed, timeout=1000) as told:
        report = session.tick(3600)
    change = told.args[0]
    assert change.clock and change.marks and (session.state.time - before).total_seconds() == 3600
    assert session.valuation is report.valuation  # the tick's stored valuation, not computed again


def test_the_formats_are_one_object_per_parameters(qtbot, session, accounts):
    formats = session.formats
    session.tick(60)
    assert session.formats is formats and formats.parameters is session.parameters
    AccountList(accounts, session).create("Hedge")
    assert session.name == "Hedge" and session.formats.parameters is session.parameters
    assert session.formats.price("SOL", D("123.456789")) == formats.price("SOL", D("123.456789"))


def test_a_liquidation_is_counted_once(qtbot, session):
    steps = []
    session.changed.connect(lambda change: steps.append(change.liquidation_steps))
    history_with_a_liquidation(session)
    assert sum(steps) >= 1
    when, counted = session.last_liquidation
    assert counted == next(step for step in reversed(steps) if step)


def test_switching_opens_another_account_and_pauses_the_clock(qtbot, session, accounts):
    clock = Clock(session)
    account_list = AccountList(accounts, session)
    clock.play()
    with qtbot.waitSignal(session.changed, timeout=1000) as told:
        account_list.create("Hedge")
    assert told.args[0].opened and told.args[0].account == "Hedge" and session.name == "Hedge"
    assert not clock.playing
    assert account_list.names() == ["Demo", "Hedge"]


def test_renaming_keeps_the_figures_and_deleting_opens_the_first_left(qtbot, session, accounts):
    account_list = AccountList(accounts, session)
    equity = session.valuation.net_equity
    with qtbot.waitSignal(account_list.changed, timeout=1000):
        account_list.rename("Main")
    assert session.name == "Main" and session.valuation.net_equity == equity
    account_list.create("Other")
    account_list.delete()
    assert session.name == "Main" and account_list.names() == ["Main"]


def test_a_hidden_table_catches_up_once_shown(qtbot, session):
    model = PortfolioModel(session)
    assert "BTC" not in model.rows
    model.set_active(False)
    session.deposit("BTC", D("0.1"))
    session.tick(60)
    assert "BTC" not in model.rows  # nothing read while hidden
    model.set_active(True)
    assert "BTC" in model.rows


def test_the_charts_read_the_open_account(qtbot, session, accounts, store):
    data = ChartData(store.db, session)
    seeded = len(data.equity())  # the seed's deposits: a snapshot after each action
    session.tick(3600)
    assert len(data.equity()) == seeded + 1
    AccountList(accounts, session).create("Empty")
    assert len(data.equity()) == 0 and data.account == session.account_id
