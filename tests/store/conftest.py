"""Store fixtures: a real SQLite file in a temporary data directory, bound for the test."""

import pytest

from desktop.services.accounts import AccountService
from desktop.store.db import open_store


@pytest.fixture
def store(tmp_path):
    opened = open_store(tmp_path / "data")
    yield opened
    opened.close()


@pytest.fixture
def accounts(store):
    return AccountService(store)
