"""Position rows on the tick path: a tick that only settles the positions writes their new prices
without reading their totals back, and leaves exactly what the whole rewrite (and the ledger replay)
gives; funding, a fill or a close take the whole rewrite."""

from decimal import Decimal as D

import pytest

from desktop.services import perps
from desktop.services.accounts import AccountService
from desktop.services.integrity import verify_store
from desktop.services.simulation import Simulation
from desktop.services.tick_work import work_out
from desktop.store import ledger, position_rows

LONG, SHORT = "SOL_USDC_PERP", "BTC_USDC_PERP"


@pytest.fixture
def trader(accounts):
    accounts.create("Main", deposits=(("USDC", D(20_000)),))
    assert perps.place_perp_order(accounts, "Main", LONG, "Bid", "Market", D(3)).accepted
    assert perps.place_perp_order(accounts, "Main", SHORT, "Ask", "Market", D("0.01")).accepted
    return accounts


@pytest.fixture
def reads(monkeypatch):
    """How many times the totals are read back from the store."""
    count = []
    real = position_rows._stored_totals
    monkeypatch.setattr(position_rows, "_stored_totals", lambda *a: count.append(1) or real(*a))
    return count


def stored(accounts: AccountService):
    fresh = AccountService(accounts.store)
    row = fresh.load("Main").row
    return fresh.load("Main").state.account.positions, ledger.position_totals(row.id)


def test_ticks_within_the_hour_settle_without_reading_the_totals(trader, reads):
    simulation = Simulation(trader, "Main")
    start = trader.load("Main").state.time
    for _ in range(5):  # seconds, no whole hour crossed: price moves and settlements only
        simulation.tick(1)
    assert trader.load("Main").state.time.hour == start.hour and not reads
    positions, totals = stored(trader)
    state = trader.load("Main").state
    assert positions == state.account.positions and set(totals) == {LONG, SHORT}
    assert any(p.settled_price != p.entry_price for p in positions.values())  # the prices did move
    assert verify_store(trader).whole  # the ledger replay gives the same rows


def test_funding_and_a_close_rewrite_the_rows_and_agree_with_the_replay(trader, reads):
    simulation = Simulation(trader, "Main")
    simulation.run_hours(3)  # funding on the hour: the totals move
    assert reads
    _positions, totals = stored(trader)
    assert totals[LONG].funding != 0 and verify_store(trader).whole
    assert perps.close_position(trader, "Main", SHORT).accepted
    positions, totals = stored(trader)
    assert set(positions) == set(totals) == {LONG} and verify_store(trader).whole


def test_a_missing_row_is_written_whole(trader):
    """A settled position whose row is missing (which cannot happen) falls back to the whole rewrite."""
    trader.store.db.execute_sql('DELETE FROM "position" WHERE "symbol" = ?', (SHORT,))
    Simulation(trader, "Main").tick(1)
    positions, totals = stored(trader)
    assert set(positions) == set(totals) == {LONG, SHORT}


def test_a_worked_out_tick_brings_the_settled_prices_made_ready(trader, monkeypatch):
    """The playing clock's worker makes the settled positions' rows ready with the rest of the ledger's
    rows: the write on the GUI thread only runs them, and the store ends as ``Simulation.tick`` leaves it."""
    simulation = Simulation(trader, "Main")
    worked = work_out(simulation.job(1))
    state = trader.load("Main").state
    assert worked.rows.positions
    assert {row[-1] for row in worked.rows.settled_positions} == {LONG, SHORT}
    assert worked.rows.settled_positions == position_rows.settled_rows(
        worked.rows.account_id, state, worked.after, worked.events
    )
    made = []
    for module in (ledger, position_rows):  # nothing worked out again on the GUI thread
        monkeypatch.setattr(module, "settled_rows", lambda *a: made.append(1))
    assert simulation.commit(worked) is not None and not made
    positions, totals = stored(trader)
    assert positions == worked.after.account.positions and set(totals) == {LONG, SHORT}
    assert verify_store(trader).whole


def test_a_tick_that_moves_the_totals_brings_no_settled_rows(trader):
    """Funding on the hour moves what the positions have paid: the write rewrites them from the stored totals."""
    simulation = Simulation(trader, "Main")
    worked = work_out(simulation.job(3600))
    assert worked.rows.positions and worked.rows.settled_positions is None
    assert simulation.commit(worked) is not None
    _positions, totals = stored(trader)
    assert totals[LONG].funding != 0 and verify_store(trader).whole
