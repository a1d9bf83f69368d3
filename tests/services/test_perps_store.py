"""Perps in the store (MARGIN_MODEL.md §10): positions and perp orders survive a reload, ticks settle
and pay funding through the engine into the ledger, and ``verify`` replays positions and their totals."""

from decimal import Decimal as D

import pytest

from desktop.engine.vocabulary import EventType, MarketType, RefusalCode
from desktop.services import perps
from desktop.services.accounts import AccountService
from desktop.services.integrity import verify_store
from desktop.services.simulation import Simulation
from desktop.store import ledger
from tests.store.util import event_types, stored_rows

PERP = "SOL_USDC_PERP"


@pytest.fixture
def trader(accounts):
    accounts.create("Main", deposits=(("USDC", D(10_000)),))
    return accounts


def reloaded(accounts: AccountService, name: str = "Main"):
    """The account as a fresh service reads it back from the store."""
    return AccountService(accounts.store).load(name).state


def test_a_position_and_perp_orders_read_back_as_the_engine_left_them(trader):
    opened = perps.place_perp_order(trader, "Main", PERP, "Bid", "Market", D(3))
    assert opened.accepted, opened.refusal
    resting = perps.place_perp_order(trader, "Main", PERP, "Bid", "Limit", D(2), D(120))
    reducing = perps.place_perp_order(trader, "Main", PERP, "Ask", "Limit", D(1), D(180), reduce_only=True)
    assert resting.accepted and reducing.accepted
    state = reloaded(trader)
    assert state == trader.load("Main").state  # balances, positions, resting sizes, orders, marks, clock
    position = state.account.positions[PERP]
    assert position.net_quantity == 3 and position.entry_price == position.settled_price
    assert [(o.symbol, o.reduce_only, o.market_type) for o in state.orders] == [
        (PERP, False, MarketType.PERP),
        (PERP, True, MarketType.PERP),
    ]
    assert state.account.resting_perps[PERP].bids == 2 and state.account.resting_perps[PERP].asks == 0
    totals = perps.position_totals(trader, "Main")[PERP]
    assert totals.long and totals.funding == 0 and totals.realized_pnl == 0
    assert totals.fees == opened.events[-1].details["fee"] and totals.opened == state.time
    assert verify_store(trader).whole


def test_ticks_settle_and_pay_funding_into_the_ledger_and_verify_replays_them(trader):
    assert perps.place_perp_order(trader, "Main", PERP, "Bid", "Market", D(10)).accepted
    before = trader.load("Main").state.account.balance("USDC").available
    reports = Simulation(trader, "Main").run_hours(3)
    events = [e for report in reports for e in report.events]
    funding = [e for e in events if e.type == EventType.FUNDING_PAYMENT]
    assert len(funding) == 3 and all(e.symbol == PERP and e.quantity < 0 for e in funding)  # a long pays
    assert any(e.type == EventType.SETTLEMENT for e in events)
    stored = event_types("Main")
    assert stored.count(EventType.FUNDING_PAYMENT) == 3 and EventType.SETTLEMENT in stored
    totals = perps.position_totals(trader, "Main")[PERP]
    assert totals.funding == sum(e.quantity for e in funding)
    state = reloaded(trader)
    assert state.account.positions[PERP].settled_price == state.marks["SOL"]  # settled at the last mark
    assert state.account.balance("USDC").available != before
    assert verify_store(trader).whole


def test_close_takes_the_whole_position_at_market_and_removes_its_row(trader):
    assert perps.place_perp_order(trader, "Main", PERP, "Ask", "Market", D(4)).accepted  # a short
    Simulation(trader, "Main").run_hours(1)
    closed = perps.close_position(trader, "Main", PERP)
    assert closed.accepted, closed.refusal
    fill = [e for e in closed.events if e.type == EventType.FILL][0]
    assert fill.details["side"] == "Bid" and fill.quantity == 4 and fill.details["reduceOnly"] is True
    assert PERP not in reloaded(trader).account.positions
    assert perps.position_totals(trader, "Main") == {}
    assert verify_store(trader).whole


def test_a_flip_starts_the_totals_again(trader):
    assert perps.place_perp_order(trader, "Main", PERP, "Bid", "Market", D(2)).accepted
    Simulation(trader, "Main").run_hours(2)
    assert perps.position_totals(trader, "Main")[PERP].funding < 0
    flipped = perps.place_perp_order(trader, "Main", PERP, "Ask", "Market", D(5))
    assert flipped.accepted
    totals = perps.position_totals(trader, "Main")[PERP]
    assert not totals.long and totals.funding == 0 and totals.opened == flipped.state.time
    assert verify_store(trader).whole


def test_cancel_removes_a_resting_perp_order(trader):
    placed = perps.place_perp_order(trader, "Main", PERP, "Bid", "Limit", D(1), D(100))
    order_id = placed.state.orders[0].id
    cancelled = perps.cancel_perp_order(trader, "Main", order_id)
    assert cancelled.accepted and [e.type for e in cancelled.events] == [EventType.ORDER_CANCELLED]
    assert not reloaded(trader).orders
    assert verify_store(trader).whole


@pytest.mark.parametrize(
    ("refused", "code"),
    [
        (lambda a: perps.close_position(a, "Main", PERP), RefusalCode.REDUCE_ONLY_NOT_REDUCED),
        (lambda a: perps.place_perp_order(a, "Main", "SOL_USDC", "Bid", "Market", D(1)), RefusalCode.INVALID_SYMBOL),
        (lambda a: perps.place_perp_order(a, "Main", PERP, "Bid", "Market", D("0.001")), RefusalCode.INVALID_QUANTITY),
        (
            lambda a: perps.place_perp_order(a, "Main", PERP, "Ask", "Market", D(1), reduce_only=True),
            RefusalCode.REDUCE_ONLY_NOT_REDUCED,
        ),
        (
            lambda a: perps.place_perp_order(a, "Main", PERP, "Bid", "Market", D(100_000)),
            RefusalCode.INSUFFICIENT_MARGIN,
        ),
        (lambda a: perps.cancel_perp_order(a, "Main", "99"), RefusalCode.UNKNOWN_ORDER),
    ],
)
def test_a_refused_perp_action_writes_nothing(trader, refused, code):
    before = stored_rows()
    outcome = refused(trader)
    assert not outcome.accepted and outcome.refusal.code == code
    assert stored_rows() == before


def test_a_spot_order_id_is_not_a_perp_order_to_cancel(trader):
    from desktop.engine import orders
    from tests.services.util import act

    assert act(trader, "Main", orders.place_order, "SOL_USDC", "Bid", "Limit", D(1), D(100)).accepted
    before = stored_rows()
    outcome = perps.cancel_perp_order(trader, "Main", "1")
    assert outcome.refusal.code == RefusalCode.UNKNOWN_ORDER and stored_rows() == before


def test_a_position_row_that_disagrees_with_the_ledger_is_found(trader):
    assert perps.place_perp_order(trader, "Main", PERP, "Bid", "Market", D(2)).accepted
    row = trader.load("Main").row
    from desktop.store import models  # the tampering a test may do; the services never write SQL

    models.Position.update(net_quantity=D(3)).where(models.Position.account == row.id).execute()
    report = verify_store(trader)
    assert [m for m in report.mismatches if "position" in m and "3" in m]
    assert ledger.position_totals(row.id)[PERP].long


def test_a_perp_liquidation_in_a_tick_is_recorded_step_by_step_and_replays(accounts):
    from desktop.engine import max_order_quantity

    accounts.create("Thin", deposits=(("USDC", D(1000)),))
    loaded = accounts.load("Thin")
    size = max_order_quantity(loaded.state, loaded.parameters, PERP, "Bid")
    assert perps.place_perp_order(accounts, "Thin", PERP, "Bid", "Market", size).accepted
    simulation = Simulation(accounts, "Thin")
    simulation.use_scenario("SOL -40% over 1h")
    report = simulation.tick(3600)
    closes = [e for e in report.events if e.type == EventType.LIQUIDATION and e.symbol == PERP]
    assert closes and report.liquidations >= len(closes)
    assert all("netQuantity" in e.details and e.details["tag"] for e in closes)
    stored = event_types("Thin")
    assert stored.count(EventType.LIQUIDATION) == sum(e.type == EventType.LIQUIDATION for e in report.events)
    left = reloaded(accounts, "Thin").account.positions.get(PERP)
    assert left is None or left.net_quantity < size
    assert verify_store(accounts).whole
