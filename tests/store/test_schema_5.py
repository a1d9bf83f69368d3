"""Schema 5 (the ledger indexed by event type): a schema-4 store upgrades keeping every row as it was,
with a backup; the window's "latest of a type" lookups, its typed tables and the chart's liquidation
marks then seek in the (account, type) index instead of walking the account's ledger back."""

import shutil
import sqlite3
from pathlib import Path

from desktop.engine.vocabulary import LIQUIDATION_EVENTS, EventType
from desktop.paths import DATABASE_FILE
from desktop.services import series
from desktop.services.accounts import AccountService
from desktop.services.integrity import verify_store
from desktop.store.db import open_store
from tests.store.test_migrations import dump
from tests.store.test_schema_4 import rows

FIXTURE = Path(__file__).with_name("fixtures") / "schema-4.sqlite3"
TYPE_INDEX = "ledger_event_account_id_type"


def upgraded_copy(tmp_path: Path) -> Path:
    data = tmp_path / "data"
    data.mkdir()
    shutil.copy(FIXTURE, data / DATABASE_FILE)
    return data


def index_names(path: Path) -> set[str]:
    connection = sqlite3.connect(path)
    try:
        return {name for (name,) in connection.execute("SELECT name FROM sqlite_master WHERE type = 'index'")}
    finally:
        connection.close()


def plans_of(store, read) -> list[str]:
    """The query plan of every ledger read ``read()`` makes, as SQLite would run it."""
    connection = store.db.connection()
    statements: list[str] = []
    connection.set_trace_callback(statements.append)
    try:
        read()
    finally:
        connection.set_trace_callback(None)
    return [
        " / ".join(row[3] for row in connection.execute(f"EXPLAIN QUERY PLAN {statement}"))
        for statement in statements
        if statement.startswith("SELECT") and '"ledger_event"' in statement
    ]


def test_a_schema_4_store_keeps_every_row_and_gains_the_type_index(tmp_path):
    before = rows(FIXTURE)
    assert all(before[table] for table in before if table != "feed_source") and before["position"]
    assert TYPE_INDEX not in index_names(FIXTURE)
    data = upgraded_copy(tmp_path)
    original = dump(data / DATABASE_FILE)
    store = open_store(data)
    try:
        assert store.migrated_from == 4
        accounts = AccountService(store)
        assert verify_store(accounts).whole
        perps = accounts.load("Perps").state
        assert perps.account.positions["SOL_USDC_PERP"].net_quantity == 2
        assert [(order.id, order.reduce_only) for order in perps.orders] == [("2", True)]
    finally:
        store.close()
    assert rows(data / DATABASE_FILE) == before
    assert TYPE_INDEX in index_names(data / DATABASE_FILE)
    assert dump(data / f"{DATABASE_FILE}.schema-4.bak") == original


def test_the_latest_notes_read_back_through_the_type_index(tmp_path):
    store = open_store(upgraded_copy(tmp_path))
    try:
        accounts = AccountService(store)
        for kind in (EventType.ALERT_SETTINGS, EventType.LIQUIDATION_ACKNOWLEDGED, EventType.PRICE_FEED_CHANGED):
            (latest,) = accounts.events("Perps", (kind,), 1)
            assert latest.type == kind
            (plan,) = plans_of(store, lambda kind=kind: accounts.events("Perps", (kind,), 1))
            assert f"USING INDEX {TYPE_INDEX} (account_id=? AND type=?)" in plan, plan
        assert accounts.events("Perps", (EventType.ALERT_SETTINGS,), 1)[0].details["warnMmr"] == "0.5"
        assert accounts.events("Perps", tuple(LIQUIDATION_EVENTS), 1) == []
        several = plans_of(store, lambda: accounts.events("Perps", tuple(LIQUIDATION_EVENTS), 1))
        assert len(several) == 2 and all(TYPE_INDEX in plan for plan in several), several
        fills = plans_of(store, lambda: accounts.history("Perps", EventType.FILL, "SOL", limit=500))
        assert all(TYPE_INDEX in plan for plan in fills), fills
        account = accounts.load("Perps").row.id
        (marks,) = plans_of(store, lambda: series.margin_events(store.db, account))
        assert TYPE_INDEX in marks, marks
    finally:
        store.close()


def test_several_types_read_newest_first_as_one_list_with_offset_and_limit(tmp_path):
    """Read a type at a time and merged, they are the rows a filter of the whole ledger gives."""
    store = open_store(upgraded_copy(tmp_path))
    try:
        accounts = AccountService(store)
        everything = accounts.events("Perps")
        types = (EventType.RISK_ALERT, EventType.ORDER_PLACED, EventType.FILL, EventType.DEPOSIT)
        wanted = [event for event in everything if event.type in types]
        assert len(wanted) == 5
        assert accounts.events("Perps", types, 3) == wanted[:3]
        assert accounts.history("Perps", types, offset=1, limit=3) == wanted[1:4]
        assert accounts.history("Perps", types, symbol="SOL", offset=1, limit=9) == wanted[1:4]
        assert accounts.history("Perps", types) == wanted
        assert accounts.history("Perps", (), limit=3) == []
    finally:
        store.close()
