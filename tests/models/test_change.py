"""What a Change says an action or a tick moved: built from the engine's events and the states around
them, merged for a view that was hidden through several. Plain Python: no Qt, no store."""

from __future__ import annotations

from dataclasses import fields, replace
from datetime import timedelta
from decimal import Decimal as D

from desktop.engine import AccountState, actions, advance_clock, move_prices, orders
from desktop.engine.vocabulary import OrderType, Side
from desktop.models.change import Change
from tests.engine.util import example_parameters

PARAMETERS = example_parameters()


def funded() -> AccountState:
    state = AccountState.opening(PARAMETERS)
    for symbol, quantity in (("USDC", D(10_000)), ("SOL", D(20))):
        state = actions.deposit(state, PARAMETERS, symbol, quantity).state
    return state


def change_of(before: AccountState, outcome) -> Change:
    assert outcome.accepted, outcome.refusal
    return Change.of("Demo", outcome.events, before, outcome.state)


def test_a_deposit_moves_one_balance_and_the_ledger():
    before = funded()
    change = change_of(before, actions.deposit(before, PARAMETERS, "BTC", D("0.1")))
    assert change.balances == {"BTC"} and change.history
    assert not (change.orders or change.fills or change.clock or change.marks or change.pools or change.opened)
    assert change.valuation and change.liquidation_steps == 0


def test_a_market_buy_fills_and_moves_both_assets_of_the_market():
    before = funded()
    change = change_of(before, orders.place_order(before, PARAMETERS, "SOL_USDC", Side.BID, OrderType.MARKET, D(1)))
    assert change.fills and change.orders and change.history
    assert {"SOL", "USDC"} <= change.balances


def test_a_margin_borrow_moves_the_pool_and_charges_an_entry_fee():
    before = funded()
    change = change_of(before, actions.borrow(before, PARAMETERS, "USDC", D(1000)))
    assert change.pools == {"USDC"} and change.balances == {"USDC"} and change.interest


def test_a_resting_order_changes_the_orders_but_fills_nothing():
    before = funded()
    price = D(50)
    change = change_of(
        before, orders.place_order(before, PARAMETERS, "SOL_USDC", Side.BID, OrderType.LIMIT, D(1), price)
    )
    assert change.orders and not change.fills


def test_moving_prices_without_events_still_says_which_marks_moved():
    before = funded()
    outcome = move_prices(before, PARAMETERS, {"SOL": before.marks["SOL"] * D("0.9")})
    change = change_of(before, outcome)
    assert change.marks == {"SOL"} and not change.history and not change.balances
    assert change.valuation and not change.clock


def test_the_clock_moving_is_a_change_of_its_own():
    before = funded()
    change = change_of(before, advance_clock(before, PARAMETERS, before.time + timedelta(minutes=1)))
    assert change.clock and not change.marks


def test_settings_changed():
    before = funded()
    change = change_of(before, actions.change_settings(before, PARAMETERS, leverage_limit=5))
    assert change.settings and change.valuation


def test_everything_names_every_asset_and_opened_says_another_account():
    change = Change.everything("Other", PARAMETERS.assets)
    assert change.opened and change.balances == set(PARAMETERS.assets) and change.fills and change.clock
    assert not Change.everything("Same", PARAMETERS.assets, opened=False).opened


def test_changes_merge_for_a_view_that_missed_them():
    first = Change("Demo", clock=True, marks=frozenset({"SOL"}), liquidation_steps=1)
    second = Change("Demo", balances=frozenset({"USDC"}), fills=True, marks=frozenset({"BTC"}), liquidation_steps=2)
    merged = first | second
    assert merged == Change(
        "Demo",
        clock=True,
        marks=frozenset({"SOL", "BTC"}),
        balances=frozenset({"USDC"}),
        fills=True,
        liquidation_steps=3,
    )
    assert (Change("Demo") | Change("Other", opened=True)).account == "Other"


def test_every_part_of_a_change_survives_a_merge_from_either_side():
    """The merge names each field: one added to Change and forgotten there would be lost here."""
    everything = Change.everything("Demo", ("SOL", "USDC"))
    everything = replace(everything, liquidation_steps=2)
    for side in ((everything, Change("Demo")), (Change("Demo"), everything)):
        assert side[0] | side[1] == everything
    for field in fields(Change):
        if field.name in ("account", "liquidation_steps"):
            continue
        one = getattr(everything, field.name)
        alone = replace(Change("Demo"), **{field.name: one})
        assert getattr(Change("Demo") | alone, field.name) == one
        assert getattr(alone | Change("Demo"), field.name) == one


def test_nothing_moved_means_nothing_to_do():
    nothing = Change("Demo")
    assert not nothing.valuation and not nothing.state
    assert replace(nothing, pools=frozenset({"SOL"})).state and not replace(nothing, pools=frozenset({"SOL"})).valuation
