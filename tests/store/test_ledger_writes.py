"""A tick's writes: the marks, balances and pool totals already stored are updated in place (same rows,
new figures), and what is stored reads back as the state the engine left."""

from __future__ import annotations

import json
from decimal import Decimal as D

from desktop.engine import actions
from desktop.services.accounts import AccountService
from desktop.services.simulation import Simulation
from desktop.store import models
from desktop.store.db import open_store


def rows(table: str, account_id: int) -> dict[str, tuple]:
    cursor = models.database.execute_sql(
        f'SELECT * FROM "{table}" WHERE "account_id" = ? ORDER BY "symbol"', (account_id,)
    )
    names = [column[0] for column in cursor.description]
    return {row[names.index("symbol")]: row for row in cursor.fetchall()}


def test_marks_balances_and_pools_are_updated_in_place(tmp_path):
    store = open_store(tmp_path)
    try:
        service = AccountService(store)
        service.ensure_demo_account()
        assert service.perform("Demo", lambda state, p: actions.borrow(state, p, "SOL", D(1))).accepted
        simulation = Simulation(service, "Demo")
        account_id = service.load("Demo").row.id
        before = {table: rows(table, account_id) for table in ("mark_price", "balance", "pool_state")}
        for _ in range(3):
            simulation.tick(3600)  # prices move, interest is charged: marks, balances and pools change
        state = service.load("Demo").state
        after = {table: rows(table, account_id) for table in ("mark_price", "balance", "pool_state")}
        for table in after:
            assert after[table].keys() == before[table].keys()
            assert [row[0] for row in after[table].values()] == [row[0] for row in before[table].values()]  # ids
        for table in after:
            assert any(after[table][s] != before[table][s] for s in after[table]), table
        assert {symbol: D(row[-1]) for symbol, row in after["mark_price"].items()} == dict(state.marks)
        service.forget("Demo")
        assert service.load("Demo").state == state  # what is stored reads back as the engine left it
    finally:
        store.close()


def test_event_details_are_stored_as_exact_text_as_before():
    """Decimals in an event's details become their exact text; other values stay JSON values."""
    from datetime import UTC, datetime

    from desktop.engine import Event
    from desktop.store.ledger import event_row

    details = {"netQuantity": D("-1.500000"), "price": D("1E+3"), "side": "Bid", "count": 3, "flag": True}
    event = Event("Settlement", "SOL_USDC_PERP", datetime(2026, 1, 1, tzinfo=UTC), details=details)
    expected = json.dumps({k: str(v) if isinstance(v, D) else v for k, v in details.items()})
    assert event_row(1, event)["details"] == expected
    assert json.loads(expected)["price"] == "1E+3"
