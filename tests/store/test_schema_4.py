"""Schema 4 (perps): a schema-3 store upgrades keeping every row, its accounts marked "simulated" and
its open orders spot orders; the upgraded store then holds perp positions and perp orders."""

import shutil
import sqlite3
from decimal import Decimal as D
from pathlib import Path

from desktop.engine.vocabulary import AccountOrigin, MarketType
from desktop.paths import DATABASE_FILE
from desktop.services import perps
from desktop.services.accounts import AccountService
from desktop.services.integrity import verify_store
from desktop.services.simulation import Simulation
from desktop.store.db import open_store

FIXTURE = Path(__file__).with_name("fixtures") / "schema-3.sqlite3"


def rows(path: Path) -> dict[str, set[tuple]]:
    """Every row of every table (schema_version aside), as tuples of its columns in table order."""
    connection = sqlite3.connect(path)
    try:
        tables = [
            name
            for (name,) in connection.execute(
                "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' ORDER BY name"
            )
            if name != "schema_version"
        ]
        return {table: set(connection.execute(f'SELECT * FROM "{table}"').fetchall()) for table in tables}
    finally:
        connection.close()


def upgraded(tmp_path: Path) -> Path:
    data = tmp_path / "data"
    data.mkdir()
    shutil.copy(FIXTURE, data / DATABASE_FILE)
    return data


def test_a_schema_3_store_keeps_every_row_and_gains_the_perp_columns(tmp_path):
    before = rows(FIXTURE)
    assert all(before[table] for table in before if table != "feed_source") and before["feed_price"]
    data = upgraded(tmp_path)
    store = open_store(data)
    try:
        assert store.migrated_from == 3
        accounts = AccountService(store)
        assert verify_store(accounts).whole
        order = accounts.load("Orders").state.orders[0]
        assert (order.id, order.reduce_only, order.market_type) == ("1", False, MarketType.SPOT)
        assert not accounts.load("Orders").state.account.positions
    finally:
        store.close()
    after = rows(data / DATABASE_FILE)
    assert set(after) == set(before) | {"position"}
    assert after["position"] == set()
    # New columns sit at the end of their rows: the old part of each row is kept as it was.
    widened = {"account": (AccountOrigin.SIMULATED,), "open_order": (0, MarketType.SPOT)}
    for table, old in before.items():
        extra = widened.get(table, ())
        assert {row[: len(row) - len(extra)] for row in after[table]} == old, table
        assert all(row[len(row) - len(extra) :] == extra for row in after[table]), table


def test_an_upgraded_store_trades_perps_and_verifies(tmp_path):
    data = upgraded(tmp_path)
    store = open_store(data)
    try:
        accounts = AccountService(store)
        opened = perps.place_perp_order(accounts, "Orders", "SOL_USDC_PERP", "Bid", "Market", D("2"))
        assert opened.accepted, opened.refusal
        Simulation(accounts, "Orders").run_hours(2)
        assert verify_store(accounts).whole
        accounts.forget()
        assert accounts.load("Orders").state.account.positions["SOL_USDC_PERP"].net_quantity == 2
    finally:
        store.close()
