"""Live mode's cost (issue 15): a fetch of live parameters from the loopback stand-in, one marks poll, and
one Live tick into SQLite beside a simulated tick of the same account (the budget: ≤ 5 ms a tick)."""

from decimal import Decimal as D

import pytest

from desktop.services.accounts import AccountService
from desktop.services.backpack.http import Transport
from desktop.services.backpack.live import LiveFeed
from desktop.services.backpack.public import PublicClient
from desktop.services.live_parameters import LIVE_SOURCE, fetch_live_snapshot, move_account
from desktop.services.simulation import Simulation
from desktop.store.db import open_store
from tests.benchmarks.test_store_benchmarks import seven_asset_account

pytestmark = pytest.mark.benchmark

FOUR_ASSET_DEPOSITS = (("USDC", D(20000)), ("SOL", D(100)), ("ETH", D(3)), ("BTC", D("0.1")))


def test_a_fetch_of_live_parameters(benchmark, backpack):
    """Six requests to the loopback stand-in and the snapshot built and checked."""
    fetched = benchmark(fetch_live_snapshot, backpack.url)
    assert fetched.summary.assets


def test_one_marks_poll(benchmark, backpack):
    """Perp and spot marks: what Live mode asks every 5 s."""
    with PublicClient(Transport(backpack.url, tries=1)) as client:
        feed = LiveFeed(client, ("USDC", "SOL", "BTC", "ETH", "JTO", "DOGE"))
        reading = benchmark(feed.poll_marks)
    assert reading.marks["SOL"] == D("150.10")


@pytest.fixture
def live_account(tmp_path, backpack):
    store = open_store(tmp_path / "data")
    accounts = AccountService(store)
    simulation = seven_asset_account(accounts, "Seven")
    text = fetch_live_snapshot(backpack.url).text
    accounts.create("Live", snapshot_text=text, source=LIVE_SOURCE, deposits=FOUR_ASSET_DEPOSITS)
    yield accounts, simulation
    store.close()


def test_one_live_tick(benchmark, live_account):
    """Backpack's marks (moving a little each time) as a 5-second tick of a four-asset account, written whole."""
    accounts, _ = live_account
    simulation = Simulation(accounts, "Live")
    marks = dict(accounts.load("Live").state.marks)
    steps = iter(range(10**9))

    def tick():
        step = next(steps)
        moved = {s: p * (1 + D(step % 7 - 3) / 10_000) for s, p in marks.items() if s != "USDC"}
        return simulation.tick(5, moved)

    report = benchmark(tick)
    assert report.account == "Live"


def test_a_move_onto_live_parameters(benchmark, live_account, backpack):
    """The ParametersChanged transaction for an account holding four of the live snapshot's assets."""
    accounts, _ = live_account
    accounts.create("Move", deposits=FOUR_ASSET_DEPOSITS)
    text = fetch_live_snapshot(backpack.url).text
    event = benchmark.pedantic(lambda: move_account(accounts, "Move", text), rounds=1, iterations=1)
    assert event.details["source"] == LIVE_SOURCE
