"""Each service operation is one transaction: it writes exactly its events; a refusal writes nothing."""

from decimal import Decimal as D

import pytest

from desktop.engine import actions, orders
from desktop.services.accounts import ServiceError
from desktop.services.integrity import verify_store
from desktop.store import models
from tests.services.util import act
from tests.store.util import event_types, stored_rows, table_counts


def test_first_run_creates_the_demo_account(accounts):
    assert accounts.ensure_demo_account()
    assert accounts.names() == ["Demo"]
    state = accounts.load("Demo").state
    assert state.account.balance("USDC").available == 10000 and state.account.balance("SOL").available == 20
    assert event_types("Demo") == ["Deposit", "Deposit"]
    assert not accounts.ensure_demo_account()  # only on the first run


def test_each_operation_writes_exactly_its_events(accounts):
    accounts.create("Main", deposits=(("USDC", D(1000)),))
    steps = [
        (lambda: act(accounts, "Main", actions.deposit, "SOL", D(5)), ["Deposit"]),
        (lambda: act(accounts, "Main", actions.borrow, "USDC", D(500)), ["Borrow", "EntryFee"]),
        (
            lambda: act(accounts, "Main", actions.withdraw, "ETH", D("0.1"), margin=True),
            ["Borrow", "EntryFee", "Withdrawal"],
        ),
        (
            lambda: act(accounts, "Main", orders.place_order, "SOL_USDC", "Bid", "Limit", D(1), D(100), True),
            ["OrderPlaced"],
        ),
        (lambda: act(accounts, "Main", orders.cancel_order, "1"), ["OrderCancelled"]),
        (lambda: act(accounts, "Main", orders.place_order, "SOL_USDC", "Ask", "Market", D(1)), ["OrderPlaced", "Fill"]),
        (lambda: act(accounts, "Main", actions.change_settings, leverage_limit=5), ["SettingsChanged"]),
        (lambda: act(accounts, "Main", actions.lend, "SOL", D(2)), ["Lend"]),
        (lambda: act(accounts, "Main", actions.redeem, "SOL", D(1)), ["LendRedeem"]),
    ]
    for step, expected in steps:
        before = len(event_types("Main"))
        outcome = step()
        assert outcome.accepted, outcome.refusal
        assert event_types("Main")[before:] == expected
        assert [e.type for e in outcome.events] == expected
    owed = accounts.load("Main").state.account.balance("USDC").borrowed
    act(accounts, "Main", actions.repay, "USDC", owed)
    assert event_types("Main")[-1] == "BorrowRepay"
    assert verify_store(accounts).whole


@pytest.mark.parametrize(
    "refused",
    [
        lambda a: act(a, "Main", actions.borrow, "USDC", D(10_000_000)),
        lambda a: act(a, "Main", actions.withdraw, "SOL", D(1)),
        lambda a: act(a, "Main", actions.repay, "USDC", D(1)),
        lambda a: act(a, "Main", orders.place_order, "SOL_USDC", "Bid", "Market", D(1000)),
        lambda a: act(a, "Main", orders.cancel_order, "9"),
        lambda a: act(a, "Main", actions.change_settings, leverage_limit=0),
    ],
)
def test_a_refused_operation_writes_nothing(accounts, refused):
    accounts.create("Main", deposits=(("USDC", D(1000)),))
    before = stored_rows()
    outcome = refused(accounts)
    assert not outcome.accepted
    assert stored_rows() == before


def test_create_rename_delete_accounts(accounts):
    accounts.create("Main")
    accounts.create("Hedge", deposits=(("USDC", D(50)),))
    with pytest.raises(ServiceError, match="already an account named 'Main'"):
        accounts.create("Main")
    with pytest.raises(ServiceError, match="needs a name"):
        accounts.create("   ")
    accounts.rename("Hedge", "Hedge 2")
    assert accounts.names() == ["Main", "Hedge 2"]
    assert accounts.load("Hedge 2").state.account.balance("USDC").available == 50
    accounts.delete("Hedge 2")
    assert accounts.names() == ["Main"]
    assert models.LedgerEvent.select().count() == 0  # the deleted account's ledger went with it
    with pytest.raises(ServiceError, match="no account named 'Hedge 2'"):
        accounts.load("Hedge 2")


def test_an_account_keeps_the_parameters_it_was_made_with(accounts):
    from tests.engine.util import example_snapshot_json

    custom = example_snapshot_json().replace('"SOL": "150"', '"SOL": "175"')
    accounts.create("Custom", snapshot_text=custom, source="my file")
    accounts.create("Default")
    assert accounts.load("Custom").state.marks["SOL"] == 175
    assert accounts.load("Default").state.marks["SOL"] == 150
    assert models.ParameterSnapshot.select().count() == 2
    accounts.create("Default again")
    assert models.ParameterSnapshot.select().count() == 2  # stored once per content hash


def test_a_failed_write_leaves_nothing_behind(accounts, monkeypatch):
    accounts.create("Main", deposits=(("USDC", D(1000)),))
    before = table_counts()
    from desktop.store import ledger

    def broken_record(*args, **kwargs):
        models.database.execute_sql('INSERT INTO "ledger_event" ("account_id") VALUES (NULL)')  # fails: NOT NULL

    monkeypatch.setattr(ledger, "record", broken_record)
    with pytest.raises(Exception):  # noqa: B017 - whatever the failed write raises, nothing may remain
        act(accounts, "Main", actions.deposit, "USDC", D(1))
    assert table_counts() == before
    monkeypatch.undo()
    assert accounts.load("Main").state.account.balance("USDC").available == 1000
