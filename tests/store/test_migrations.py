"""Schema versions: a fresh file, and every earlier committed version, end at the models' schema."""

import shutil
import sqlite3
from pathlib import Path

import peewee

from desktop.paths import DATABASE_FILE
from desktop.services.accounts import AccountService
from desktop.services.integrity import verify_store
from desktop.services.simulation import Simulation
from desktop.store import models
from desktop.store.db import open_store
from desktop.store.migrations import SCHEMA_VERSION

FIXTURES = Path(__file__).with_name("fixtures")
EARLIER_VERSIONS = range(1, SCHEMA_VERSION)
EXPECTED_ACCOUNTS = {
    1: ["Old"],
    2: ["Old", "Replay"],
    3: ["Old", "Replay", "Orders"],
    4: ["Old", "Replay", "Orders", "Perps"],
    5: ["Old", "Replay", "Orders", "Perps"],
}
# (kind, seed, ticks): schema 2's defaults for a schema-1 file; the fixture's scenario from schema 2 on.
EXPECTED_FEEDS = {
    1: ("random-walk", 1, 0),
    2: ("scenario", 7, 3),
    3: ("scenario", 7, 3),
    4: ("scenario", 7, 3),
    5: ("scenario", 7, 3),
}


def columns(path: Path) -> dict[str, list[tuple]]:
    """Per table: (name, type, not null, primary key) of every column, and the index names."""
    connection = sqlite3.connect(path)
    try:
        tables = [
            row[0]
            for row in connection.execute(
                "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' ORDER BY name"
            )
        ]
        shape = {t: [(c[1], c[2], c[3], c[5]) for c in connection.execute(f'PRAGMA table_info("{t}")')] for t in tables}
        shape["indexes"] = sorted(
            row[0]
            for row in connection.execute(
                "SELECT name FROM sqlite_master WHERE type = 'index' AND name NOT LIKE 'sqlite_%'"
            )
        )
        return shape
    finally:
        connection.close()


def dump(path: Path) -> list[str]:
    connection = sqlite3.connect(path)
    try:
        return list(connection.iterdump())
    finally:
        connection.close()


def models_schema(tmp_path: Path) -> dict:
    path = tmp_path / "models.sqlite3"
    path.unlink(missing_ok=True)
    db = peewee.SqliteDatabase(str(path))
    with db.bind_ctx(models.ALL_MODELS):
        db.create_tables(models.ALL_MODELS)
    db.close()
    return columns(path)


def test_a_fresh_store_has_the_models_schema(tmp_path):
    store = open_store(tmp_path / "data")
    store.close()
    assert columns(store.path) == models_schema(tmp_path)
    assert store.migrated_from == 0


def test_every_earlier_schema_upgrades_to_the_models_schema_with_a_backup(tmp_path):
    assert list(EARLIER_VERSIONS), "keep one committed fixture per earlier schema version"
    for version in EARLIER_VERSIONS:
        data = tmp_path / f"v{version}"
        data.mkdir()
        shutil.copy(FIXTURES / f"schema-{version}.sqlite3", data / DATABASE_FILE)
        original = dump(data / DATABASE_FILE)
        store = open_store(data)
        try:
            assert store.migrated_from == version
            assert models.SchemaVersion.get().version == SCHEMA_VERSION
            accounts = AccountService(store)
            assert accounts.names() == EXPECTED_ACCOUNTS[version]
            state = accounts.load("Old").state
            assert state.account.balance("USDC").available == 1100 and state.account.balance("USDC").borrowed == 100
            assert verify_store(accounts).whole
            row = models.Account.get(models.Account.name == "Old")
            assert (row.feed_kind, row.feed_seed, row.feed_ticks) == EXPECTED_FEEDS[version]
            simulation = Simulation(accounts, "Old")
            assert simulation.feed.kind == row.feed_kind  # the feed reads back from where schema 3 moved it
        finally:
            store.close()
        backup = data / f"{DATABASE_FILE}.schema-{version}.bak"
        assert dump(backup) == original  # the same schema-1 content, copied before anything changed
        assert columns(data / DATABASE_FILE) == models_schema(tmp_path)


def test_opening_again_does_not_migrate_twice(tmp_path):
    open_store(tmp_path / "data").close()
    again = open_store(tmp_path / "data")
    again.close()
    assert again.migrated_from is None
    assert not list((tmp_path / "data").glob("*.bak"))


def test_schema_3_moves_the_feed_text_out_of_the_account_row(tmp_path):
    """A scenario and an older CSV kept in the account row (schema 2) move beside it and still drive
    the clock; the account row no longer has the column every tick used to rewrite."""
    data = tmp_path / "v2"
    data.mkdir()
    shutil.copy(FIXTURES / "schema-2.sqlite3", data / DATABASE_FILE)
    store = open_store(data)
    try:
        assert "feed_source" not in models.Account._meta.columns
        accounts = AccountService(store)
        scenario = Simulation(accounts, "Old")
        assert scenario.feed.kind == "scenario" and scenario.feed.steps[0].symbols == ("SOL",)
        replay = Simulation(accounts, "Replay")
        assert replay.feed.kind == "csv"
        assert replay.tick(3600).marks["SOL"] == 140 and replay.tick(3600).marks["SOL"] == 130
        assert verify_store(accounts).whole
    finally:
        store.close()
    connection = sqlite3.connect(data / DATABASE_FILE)
    try:
        account_columns = [row[1] for row in connection.execute('PRAGMA table_info("account")')]
        assert "feed_source" not in account_columns
        assert connection.execute("SELECT count(*) FROM feed_source").fetchone()[0] == 2
    finally:
        connection.close()
