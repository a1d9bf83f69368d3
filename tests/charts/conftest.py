"""Chart fixtures: the open account's session over a real temporary store, offscreen, without the main
window (the charts are standalone widgets that the main window places). The session fixture keeps the
name ``desk`` the chart tests have always used."""

from __future__ import annotations

import os

import pytest

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")


@pytest.fixture
def store(tmp_path):
    from desktop.store.db import open_store

    opened = open_store(tmp_path / "data")
    yield opened
    opened.close()


@pytest.fixture
def accounts(store):
    from desktop.services.accounts import AccountService

    service = AccountService(store)
    service.ensure_demo_account()
    return service


@pytest.fixture
def desk(qapp, accounts):
    """The session of the Demo account."""
    from desktop.models.session import Session
    from desktop.views.theme import apply_theme

    apply_theme(qapp, "light")
    return Session(accounts)


@pytest.fixture
def chart_data(store, desk):
    from desktop.models.chart_data import ChartData

    return ChartData(store.db, desk)


@pytest.fixture
def account_list(accounts, desk):
    from desktop.models.account_list import AccountList

    return AccountList(accounts, desk)


@pytest.fixture
def chart(qtbot, desk, chart_data):
    """The price chart of the Demo account, 700 × 400 px, on screen (a test file may give ``chart``
    another meaning, such as the margin chart)."""
    from desktop.charts.price_chart import PriceChart
    from tests.waits import on_screen

    shown = PriceChart(desk, chart_data)
    qtbot.addWidget(shown)
    shown.resize(700, 400)
    shown.show()
    on_screen(qtbot, shown)
    return shown
