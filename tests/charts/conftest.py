"""Chart fixtures: a desk over a real temporary store, offscreen, without the main window (the charts
are standalone widgets that the main window places)."""

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
    from desktop.models.desk import Desk
    from desktop.views.theme import apply_theme

    apply_theme(qapp, "light")
    shown = Desk(accounts)
    yield shown
    shown.pause()
