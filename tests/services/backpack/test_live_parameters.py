"""Live parameters in the store: fetched from the stand-in, kept, and an account moved onto them."""

from decimal import Decimal as D

import pytest

from desktop.engine import actions
from desktop.engine.vocabulary import EventType
from desktop.services.accounts import AccountService
from desktop.services.backpack.errors import BackpackHttpError
from desktop.services.integrity import verify_store
from desktop.services.live_parameters import (
    LIVE_SOURCE,
    fetch_live_snapshot,
    keep_snapshot,
    move_account,
    snapshot_notes,
    stored_live_snapshots,
)
from desktop.services.simulation import Simulation
from desktop.services.writes import ServiceError
from tests.services.util import act


@pytest.fixture
def fetched(backpack):
    return fetch_live_snapshot(backpack.url, timeout=5)


def test_a_fetch_gives_snapshot_text_a_summary_and_the_assumed_rate_model(fetched):
    assert fetched.summary.assets == ("USDC", "SOL", "BTC", "ETH", "JTO")
    assert "DOGE_USDC_PERP" in fetched.summary.perps
    assert any(note.startswith("[assumed] rateModel") for note in snapshot_notes(fetched.text))
    assert fetched.seconds > 0


def test_a_failed_fetch_names_the_endpoint(backpack):
    backpack.fail("/api/v1/collateral", 500, times=3)
    with pytest.raises(BackpackHttpError, match=r"GET /api/v1/collateral: HTTP 500 SERVER_ERROR"):
        fetch_live_snapshot(backpack.url, timeout=5)


def test_every_fetched_snapshot_is_kept_once(accounts: AccountService, fetched):
    keep_snapshot(accounts, fetched.text)
    keep_snapshot(accounts, fetched.text)
    assert stored_live_snapshots(accounts) == [fetched.text]


def test_moving_an_account_keeps_balances_takes_marks_and_pools_and_verifies(accounts: AccountService, fetched):
    accounts.create("Main")
    act(accounts, "Main", actions.deposit, "USDC", D(1000))
    act(accounts, "Main", actions.deposit, "SOL", D(10))
    act(accounts, "Main", actions.lend, "USDC", D(400))
    act(accounts, "Main", actions.borrow, "SOL", D(1))
    Simulation(accounts, "Main").tick(3600)  # ticks of BONK, USDT and DOGE that the new snapshot lacks
    before = accounts.load("Main").state
    event = move_account(accounts, "Main", fetched.text)
    after = accounts.load("Main")
    assert after.parameters.source == LIVE_SOURCE
    assert after.state.account.balances == before.account.balances
    assert after.state.marks == after.parameters.marks  # as fetched (SOL: its borrow-lend assetMarkPrice)
    assert "BONK" not in after.state.marks
    live_pool = after.parameters.pools["USDC"]
    own = before.account.balances["USDC"]
    assert after.state.pools["USDC"].lent_quantity == live_pool.lent_quantity + own.lent
    assert after.state.pools["SOL"].borrowed_quantity == (
        after.parameters.pools["SOL"].borrowed_quantity + before.account.balances["SOL"].borrowed
    )
    assert after.state.time == before.time
    assert event.type == EventType.PARAMETERS_CHANGED and "Backpack public API" in event.reason
    assert accounts.events("Main", (EventType.PARAMETERS_CHANGED,))[0].reason == event.reason
    assert verify_store(accounts).whole
    Simulation(accounts, "Main").tick(7200)  # interest on the new pools, then replayed again
    assert verify_store(accounts).whole, verify_store(accounts).mismatches


def test_a_move_is_refused_naming_what_the_snapshot_lacks(accounts: AccountService, fetched):
    accounts.create("Main")
    act(accounts, "Main", actions.deposit, "BONK", D(1_000_000))
    state = accounts.load("Main").state
    with pytest.raises(
        ServiceError, match=r"it holds a BONK balance, which that snapshot cannot value.*Nothing changed"
    ):
        move_account(accounts, "Main", fetched.text)
    assert accounts.load("Main").state == state
    assert accounts.load("Main").parameters.source != LIVE_SOURCE
    assert verify_store(accounts).whole


def test_a_new_account_on_the_fetched_snapshot(accounts: AccountService, fetched):
    accounts.create("Live", snapshot_text=fetched.text, source=LIVE_SOURCE)
    loaded = accounts.load("Live")
    assert loaded.parameters.source == LIVE_SOURCE and loaded.state.marks["DOGE"] == D("0.40021")
    assert verify_store(accounts).whole


def test_the_engine_replay_takes_the_pools_a_move_recorded():
    from datetime import UTC, datetime

    from desktop.engine import Event, Pool
    from desktop.engine.replay import ReplayedBooks, apply_event

    books = ReplayedBooks(pools={"BONK": Pool(D(5), D(1))})
    moved = Event(
        EventType.PARAMETERS_CHANGED, "", datetime(2026, 11, 30, tzinfo=UTC), details={"pools": {"SOL": ["10", "2"]}}
    )
    apply_event(books, moved)
    assert books.pools == {"SOL": Pool(D(10), D(2))}
