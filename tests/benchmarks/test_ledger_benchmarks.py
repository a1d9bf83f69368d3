"""The ledger reads the window makes per tick or when a view opens, on a year-long ledger of 26,000
events (``long_ledger``): the latest note of a type, the typed tables, the trade marks, History's pages
and the chart's liquidation marks; and one tick written beside that ledger (what an index costs)."""

import pytest

from desktop.engine.vocabulary import LIQUIDATION_EVENTS, EventType
from desktop.services import series
from desktop.services.accounts import AccountService
from desktop.store.db import open_store
from tests.benchmarks.long_ledger import LEDGER_EVENTS, with_a_long_ledger
from tests.benchmarks.test_store_benchmarks import seven_asset_account

pytestmark = pytest.mark.benchmark

NAME = "Seven"
BUT_INTEREST = (EventType.INTEREST,)
LIQUIDATIONS_AND_ALERTS = (EventType.LIQUIDATION, EventType.BANKRUPTCY, EventType.RISK_ALERT)


def _trade_marks(accounts: AccountService) -> list:
    """What the SOL price chart's trade marks read (models/trade_marks.py)."""
    return [
        *accounts.history(NAME, EventType.FILL, "SOL", limit=500),
        *accounts.history(NAME, EventType.FILL, "SOL_USDC_PERP", limit=500),
        *accounts.history(NAME, EventType.LIQUIDATION, "SOL_USDC_PERP", limit=500),
        *accounts.history(NAME, EventType.LIQUIDATION, "SOL", limit=500),
    ]


LOOKUPS = {
    "latest-alert-settings": lambda a: a.events(NAME, (EventType.ALERT_SETTINGS,), 1),
    "latest-liquidation-acknowledged": lambda a: a.events(NAME, (EventType.LIQUIDATION_ACKNOWLEDGED,), 1),
    "latest-price-feed-changed": lambda a: a.events(NAME, (EventType.PRICE_FEED_CHANGED,), 1),
    "latest-liquidation-or-bankruptcy": lambda a: a.events(NAME, tuple(LIQUIDATION_EVENTS), 1),
    "risk-alerts-on-open": lambda a: a.history(NAME, EventType.RISK_ALERT, limit=50),
    "fills-table": lambda a: (
        a.history(NAME, EventType.FILL, limit=200),
        a.history(NAME, EventType.LIQUIDATION, limit=200),
    ),
    "order-history": lambda a: (
        a.history(NAME, EventType.FILL, limit=200),
        a.history(NAME, EventType.ORDER_CANCELLED, limit=200),
        a.history(NAME, EventType.ORDER_PLACED, limit=400),
    ),
    "trade-marks-sol": _trade_marks,
    "history-first-page": lambda a: a.history(NAME, excluded=BUT_INTEREST, limit=500),
    "history-second-page": lambda a: a.history(NAME, excluded=BUT_INTEREST, offset=500, limit=500),
    "history-tick-head": lambda a: a.history(NAME, excluded=BUT_INTEREST, limit=32),
    "history-liquidations-and-alerts": lambda a: a.history(NAME, LIQUIDATIONS_AND_ALERTS, limit=500),
    "history-asset-sol": lambda a: a.history(NAME, symbol="SOL", excluded=BUT_INTEREST, limit=500),
    "chart-liquidation-marks": lambda a: series.margin_events(a.store.db, a.load(NAME).row.id),
}


@pytest.fixture(scope="module")
def long_ledger(tmp_path_factory):
    store = open_store(tmp_path_factory.mktemp("ledger") / "data")
    accounts = AccountService(store)
    seven_asset_account(accounts, NAME)
    assert with_a_long_ledger(accounts, NAME) >= LEDGER_EVENTS
    yield accounts
    store.close()


@pytest.mark.parametrize("lookup", list(LOOKUPS))
def test_ledger_lookup(benchmark, long_ledger, lookup):
    read = LOOKUPS[lookup]
    benchmark(read, long_ledger)


def test_one_tick_beside_a_long_ledger(benchmark, long_ledger):
    """A tick's writes (its events go into every ledger index) with 26,000 events already stored."""
    from desktop.services.simulation import Simulation

    simulation = Simulation(long_ledger, NAME)
    report = benchmark(simulation.tick, 3600)
    assert report.valuation.total_exposure > 0
