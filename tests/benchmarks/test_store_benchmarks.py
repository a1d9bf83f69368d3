"""Store budgets of PRODUCT.md §5: one tick end to end ≤ 5 ms; a simulated year with every tick stored ≤ 10 s."""

from decimal import Decimal as D

import pytest

from desktop.engine import actions, orders
from desktop.services.accounts import AccountService
from desktop.services.simulation import Simulation
from desktop.store.db import open_store
from tests.services.util import act

pytestmark = pytest.mark.benchmark

SEVEN_ASSET_DEPOSITS = (
    ("USDC", D(20000)),
    ("USDT", D(10000)),
    ("SOL", D(100)),
    ("ETH", D(3)),
    ("BTC", D("0.1")),
    ("JTO", D(1000)),
    ("BONK", D(100_000_000)),
)


def seven_asset_account(accounts: AccountService, name: str = "Seven") -> Simulation:
    """Seven assets held, three borrowed, one lent, one resting margin order: every part of a tick works."""
    accounts.create(name, deposits=SEVEN_ASSET_DEPOSITS)
    assert act(accounts, name, actions.borrow, "USDC", D(5000)).accepted
    assert act(accounts, name, actions.withdraw, "ETH", D(4), margin=True).accepted
    assert act(accounts, name, orders.place_order, "JTO_USDC", "Ask", "Market", D(3000), None, True).accepted
    assert act(accounts, name, actions.lend, "USDT", D(5000)).accepted
    assert act(accounts, name, orders.place_order, "SOL_USDC", "Bid", "Limit", D(10), D(50), True).accepted
    return Simulation(accounts, name)


@pytest.fixture
def simulation(tmp_path):
    store = open_store(tmp_path / "data")
    yield seven_asset_account(AccountService(store))
    store.close()


def test_one_tick_end_to_end(benchmark, simulation):
    """Prices, fills, interest on the hour, liquidation check, equity snapshot, all written: ≤ 5 ms."""
    report = benchmark(simulation.tick, 3600)
    assert report.valuation.total_exposure > 0


def test_a_simulated_year_with_every_tick_stored(benchmark, tmp_path):
    """8,760 hourly ticks of a 7-asset account into SQLite: ≤ 10 s. Reports the file size."""
    runs = iter(range(100))

    def a_year():
        store = open_store(tmp_path / f"year-{next(runs)}")
        try:
            simulation = seven_asset_account(AccountService(store))
            simulation.run_hours(8760)
            store.db.execute_sql("PRAGMA wal_checkpoint(TRUNCATE)")
            return store.path.stat().st_size
        finally:
            store.close()

    size = benchmark.pedantic(a_year, rounds=3, iterations=1)
    benchmark.extra_info["database_bytes_after_a_year"] = size
    print(f"\ndatabase after a simulated year: {size / 1e6:.1f} MB")
    assert size > 0


def perp_account(accounts: AccountService) -> Simulation:
    """The seven-asset account plus a position on every bundled perp (four) and 50 resting orders (40 perp
    limits away from the mark, 10 spot), as issue 14's tick budget counts them."""
    from desktop.services import perps

    simulation = seven_asset_account(accounts, "Perps")
    for symbol, size in (
        ("SOL_USDC_PERP", "20"),
        ("BTC_USDC_PERP", "-0.05"),
        ("ETH_USDC_PERP", "1"),
        ("DOGE_USDC_PERP", "-5000"),
    ):
        side = "Bid" if not size.startswith("-") else "Ask"
        assert perps.place_perp_order(accounts, "Perps", symbol, side, "Market", abs(D(size))).accepted
    for index in range(40):
        price = D(100) - index  # SOL perp bids far under the mark: they rest
        assert perps.place_perp_order(accounts, "Perps", "SOL_USDC_PERP", "Bid", "Limit", D("0.1"), price).accepted
    for index in range(9):
        assert act(accounts, "Perps", orders.place_order, "SOL_USDC", "Bid", "Limit", D("0.1"), D(40 + index)).accepted
    assert len(accounts.load("Perps").state.orders) == 50
    return simulation


def test_one_tick_with_four_positions_and_50_orders(benchmark, tmp_path):
    """A tick that settles four positions (and pays their funding on the hour), stores the positions: ≤ 5 ms."""
    store = open_store(tmp_path / "data")
    try:
        simulation = perp_account(AccountService(store))
        report = benchmark(simulation.tick, 3600)
        assert len(report.valuation.positions) == 4
    finally:
        store.close()
