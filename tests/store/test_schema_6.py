"""Schema 6 (two one-column indexes every tick paid for, gone): a schema-5 store upgrades keeping every row
as it was, with a backup; the charts' reads and an account's deletion still seek in the (account, ...)
indexes that remain, and a tick writes its price ticks and snapshot as before."""

import shutil
from decimal import Decimal
from pathlib import Path

from desktop.paths import DATABASE_FILE
from desktop.services import series
from desktop.services.accounts import AccountService
from desktop.services.integrity import verify_store
from desktop.services.simulation import Simulation
from desktop.store import history
from desktop.store.db import open_store
from tests.store.test_migrations import dump
from tests.store.test_schema_4 import rows
from tests.store.test_schema_5 import index_names

FIXTURE = Path(__file__).with_name("fixtures") / "schema-5.sqlite3"
DROPPED = {"price_tick_account_id", "equity_snapshot_account_id"}
KEPT = {"price_tick_account_id_symbol_time", "equity_snapshot_account_id_time", "ledger_event_account_id"}


def upgraded_copy(tmp_path: Path) -> Path:
    data = tmp_path / "data"
    data.mkdir()
    shutil.copy(FIXTURE, data / DATABASE_FILE)
    return data


def plans(store, statements_of) -> list[str]:
    """The query plan of every statement ``statements_of()`` runs on the price ticks or the snapshots."""
    connection = store.db.connection()
    statements: list[str] = []
    connection.set_trace_callback(statements.append)
    try:
        statements_of()
    finally:
        connection.set_trace_callback(None)
    return [
        " / ".join(row[3] for row in connection.execute(f"EXPLAIN QUERY PLAN {statement}"))
        for statement in statements
        if statement.startswith(("SELECT", "DELETE"))
        and ('"price_tick"' in statement or '"equity_snapshot"' in statement)
    ]


def test_a_schema_5_store_keeps_every_row_and_loses_the_two_indexes(tmp_path):
    before = rows(FIXTURE)
    assert before["price_tick"] and before["equity_snapshot"] and before["position"]
    assert DROPPED | KEPT <= index_names(FIXTURE)
    data = upgraded_copy(tmp_path)
    original = dump(data / DATABASE_FILE)
    store = open_store(data)
    try:
        assert store.migrated_from == 5
        accounts = AccountService(store)
        assert verify_store(accounts).whole
        assert accounts.load("Perps").state.account.positions["SOL_USDC_PERP"].net_quantity == 2
    finally:
        store.close()
    assert rows(data / DATABASE_FILE) == before
    assert not DROPPED & index_names(data / DATABASE_FILE)
    assert KEPT <= index_names(data / DATABASE_FILE)
    assert dump(data / f"{DATABASE_FILE}.schema-5.bak") == original


def test_the_charts_read_their_rows_through_the_remaining_indexes(tmp_path):
    store = open_store(upgraded_copy(tmp_path))
    try:
        accounts = AccountService(store)
        perps = accounts.load("Perps").row.id
        prices = series.price_series(store.db, perps, "SOL")
        equity = series.equity_series(store.db, perps)
        assert list(prices.price) == [150.0] and list(equity.net_equity) == [1000.0, 999.699925]
        assert history.last_tick_prices(perps) == {"SOL": Decimal("150")}
        price_plan, equity_plan = plans(
            store, lambda: (series.price_series(store.db, perps, "SOL"), series.equity_series(store.db, perps))
        )
        assert "USING INDEX price_tick_account_id_symbol_time (account_id=? AND symbol=? AND time>?)" in price_plan
        assert "USING INDEX equity_snapshot_account_id_time (account_id=? AND time>?)" in equity_plan
        assert all(
            "price_tick_account_id_symbol_time" in plan
            for plan in plans(store, lambda: history.last_tick_prices(perps))
        )
    finally:
        store.close()


def test_an_upgraded_store_ticks_and_deletes_an_account_whole(tmp_path):
    store = open_store(upgraded_copy(tmp_path))
    try:
        accounts = AccountService(store)
        simulation = Simulation(accounts, "Perps")
        simulation.use_random_walk(3)
        report = simulation.tick(60)
        perps = accounts.load("Perps").row.id
        ticks = store.db.execute_sql(
            'SELECT "symbol", "price" FROM "price_tick" WHERE "account_id" = ? AND "time" = ?',
            (perps, int(report.time.timestamp())),
        ).fetchall()
        assert {symbol: Decimal(price) for symbol, price in ticks} == report.marks
        assert verify_store(accounts).whole
        accounts.delete("Perps")
        for table in ("price_tick", "equity_snapshot", "ledger_event"):
            (left,) = store.db.execute_sql(
                f'SELECT COUNT(*) FROM "{table}" WHERE "account_id" = ?', (perps,)
            ).fetchone()
            assert left == 0, table
    finally:
        store.close()
