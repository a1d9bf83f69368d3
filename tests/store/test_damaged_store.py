"""A store that fails its integrity check is opened read-only and never written: the reason is there for a
banner (``Store.read_only_reason``), every write is refused in one sentence, ``simulate`` refuses, and
``verify`` reports the damage (exit 1) instead of crashing, whatever the kind of damage."""

from __future__ import annotations

import sqlite3
from decimal import Decimal as D
from pathlib import Path

import pytest

from desktop.engine import actions, orders
from desktop.paths import DATABASE_FILE
from desktop.services.accounts import AccountService, ServiceError
from desktop.services.integrity import check_on_open
from desktop.services.simulation import Simulation
from desktop.store.db import open_store
from tests.services.util import act
from tests.store.util import margin_desk, one_line_error


def build(data: Path) -> None:
    store = open_store(data)
    try:
        accounts = AccountService(store)
        accounts.ensure_demo_account()
        act(accounts, "Demo", actions.borrow, "USDC", D(500))
        act(accounts, "Demo", orders.place_order, "SOL_USDC", "Bid", "Limit", D(1), D(100))
        Simulation(accounts, "Demo").run_hours(400)
    finally:
        store.close()


def tamper(path: Path, *statements: str) -> None:
    connection = sqlite3.connect(path)
    for statement in statements:
        connection.execute(statement)
    connection.commit()
    connection.close()


def corrupt_a_page(path: Path) -> None:
    """Scribble over a data page near the end of the file (ticks and snapshots), leaving the schema
    readable: only SQLite's page check or a read of that page finds it."""
    content = bytearray(path.read_bytes())
    page = 4096
    start = (len(content) // page - 3) * page
    content[start : start + 200] = b"\xa5" * 200
    path.write_bytes(bytes(content))


DAMAGE = {
    "a balance changed": ["UPDATE balance SET available = '12345' WHERE symbol = 'USDC'"],
    "a pool changed": ["UPDATE pool_state SET borrowed_quantity = '1' WHERE symbol = 'USDC'"],
    "a ledger event deleted": ["DELETE FROM ledger_event WHERE type = 'Borrow'"],
    "an open order changed": ["UPDATE open_order SET quantity = '7'"],
    "the clock moved": ["UPDATE account SET clock = clock + 3600"],
    "a mark changed": ["UPDATE mark_price SET price = '1' WHERE symbol = 'SOL'"],
    "settings changed": ["UPDATE account SET leverage_limit = 3"],
    "a balance that is not a number": ["UPDATE balance SET locked = 'abc' WHERE symbol = 'USDC'"],
    # Decimal() alone reads these; a row the store wrote never holds them (issue 19, item 19)
    "a balance written loosely": ["UPDATE balance SET available = '1_000' WHERE symbol = 'USDC'"],
    "a ledger change in other digits": [
        "UPDATE ledger_event SET balance_changes = replace(balance_changes, '\"5', '\"٥') WHERE type = 'Borrow'"
    ],
    "a mark that is not a number": ["UPDATE mark_price SET price = 'NaN' WHERE symbol = 'SOL'"],
    "event details that are not JSON": ["UPDATE ledger_event SET balance_changes = '{oops' WHERE type = 'Borrow'"],
    "a snapshot that no longer parses": ["UPDATE parameter_snapshot SET content = '{\"markPrices\": 5}'"],
    "a missing snapshot": ["PRAGMA foreign_keys = OFF", "DELETE FROM parameter_snapshot"],
    "a damaged page": [],
}


def damage(data: Path, kind: str) -> None:
    build(data)
    path = data / DATABASE_FILE
    if kind == "a damaged page":
        corrupt_a_page(path)
    else:
        tamper(path, *DAMAGE[kind])


def dump(path: Path) -> list[str]:
    connection = sqlite3.connect(f"file:{path}?mode=ro", uri=True)
    try:
        return list(connection.iterdump())
    except sqlite3.DatabaseError:
        return [path.read_bytes().hex()]  # a damaged file: compare its bytes
    finally:
        connection.close()


@pytest.mark.parametrize("kind", list(DAMAGE))
def test_a_damaged_store_opens_read_only_and_nothing_writes_it(tmp_path, kind):
    data = tmp_path / "data"
    damage(data, kind)
    store = open_store(data)
    try:
        accounts = AccountService(store)
        check = check_on_open(accounts, pages=True)
        assert not check.whole and store.read_only
        reason = store.read_only_reason
        assert reason and "\n" not in reason and ("damaged" in reason or "does not match" in reason), reason
        before = dump(store.path)
        refusals = [
            lambda: accounts.create("Another"),
            lambda: accounts.rename("Demo", "Renamed"),
            lambda: accounts.delete("Demo"),
            lambda: act(accounts, "Demo", actions.deposit, "USDC", D(1)),
            lambda: Simulation(accounts, "Demo").tick(3600),
            lambda: Simulation(accounts, "Demo").use_random_walk(5),
        ]
        for refused in refusals:
            try:
                refused()
            except ServiceError as error:
                assert "read-only" in str(error) or "cannot" in str(error).lower(), error
            except Exception as error:  # a row too damaged to load is refused before any write is tried
                assert kind in (
                    "a balance that is not a number",
                    "a balance written loosely",
                    "a ledger change in other digits",
                    "a mark that is not a number",
                    "a snapshot that no longer parses",
                    "a missing snapshot",
                    "a damaged page",
                    "event details that are not JSON",
                ), error
            else:
                raise AssertionError("a write to a damaged store was carried out")
    finally:
        store.close()
    assert dump(data / DATABASE_FILE) == before


@pytest.mark.parametrize("kind", list(DAMAGE))
def test_simulate_refuses_and_verify_reports_every_kind_of_damage(tmp_path, kind):
    data = tmp_path / "data"
    damage(data, kind)
    before = dump(data / DATABASE_FILE)
    line = one_line_error(margin_desk("simulate", "--data-dir", str(data), "--hours", "5"))
    assert "Nothing was simulated" in line
    verified = margin_desk("verify", "--data-dir", str(data))
    assert verified.returncode == 1 and "Traceback" not in verified.stderr, verified.stderr
    assert verified.stdout.startswith(("DAMAGED:", "MISMATCH in")), verified.stdout
    assert dump(data / DATABASE_FILE) == before
