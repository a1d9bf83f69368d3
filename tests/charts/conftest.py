"""Chart fixtures: a desk over a real temporary store, offscreen, without the main window (the charts
are standalone widgets that the main window places)."""

from __future__ import annotations

import ctypes
import os
import sys

import pytest

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")


def _pin_interpreter_singletons() -> None:
    """PySide6-Essentials 6.12.0 (the cp310-abi3 wheel) on CPython 3.11 drops a reference to ``None`` on
    every call of a method that returns nothing, and to ``True`` in places, as if they were immortal
    (they are only from 3.12 on). A chart repaint makes hundreds of such calls, so a test process dies
    with "deallocating None" after a few thousand of them. Give the three singletons references enough
    for any process. The application needs the same at start-up (reported; not this package's file)."""
    if sys.version_info >= (3, 12):
        return
    for singleton in (None, True, False):
        ctypes.c_ssize_t.from_address(id(singleton)).value += 1 << 40


_pin_interpreter_singletons()


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
