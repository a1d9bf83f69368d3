"""Session-wide test setup: offscreen Qt, and the binding guard the app applies at start-up."""

import os

import pytest

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")


def pytest_configure(config):
    from desktop.qt_guard import guard_against_binding_refcount_defect

    guard_against_binding_refcount_defect()  # a no-op with the PySide6 pyproject.toml allows


@pytest.fixture
def window(qtbot, tmp_path):
    """The real main window (``desktop.app.launch``) on a temporary data directory, offscreen."""
    from desktop.app import launch

    shown = launch(tmp_path / "data")
    qtbot.addWidget(shown)
    yield shown
    shown.clock.pause()
    shown.close()
    shown.store.close()


@pytest.fixture
def store(tmp_path):
    """A real SQLite store in a temporary data directory."""
    from desktop.store.db import open_store

    opened = open_store(tmp_path / "data")
    yield opened
    opened.close()


@pytest.fixture
def accounts(store):
    from desktop.services.accounts import AccountService

    return AccountService(store)
