"""A state machine that tries to break the engine: random actions, spot and perp orders, closes,
price moves (crashes included) and clock advances (interest and funding), with the invariants of the
liquidation and perps issues checked after every step: the ledger replays to the state, no account
is left liquidatable unless bankrupt, and no position is left on a removed (or zero) market."""

from __future__ import annotations

import json
import os
from collections import defaultdict
from datetime import timedelta
from decimal import Decimal as D
from functools import cache

import pytest
from hypothesis import event as note_event
from hypothesis import settings
from hypothesis import strategies as st
from hypothesis.stateful import RuleBasedStateMachine, initialize, invariant, rule

from desktop.engine import (
    AccountState,
    advance_clock,
    borrow,
    cancel_order,
    change_settings,
    deposit,
    lend,
    load_parameters,
    max_order_quantity,
    move_prices,
    place_order,
    redeem,
    repay,
    value_account,
    withdraw,
)
from desktop.engine.apply_contract import state_json
from desktop.engine.positions import resting_sizes
from desktop.engine.replay import apply_event, replay_events
from tests.engine.util import example_parameters, example_snapshot, recorded_changes

PARAMETERS = example_parameters()
ASSETS = list(PARAMETERS.assets)
MARKETS = list(PARAMETERS.markets)
PERPS = sorted(PARAMETERS.perps)
UNDERLYINGS = [s for s in PARAMETERS.underlyings if s != "USDC"]  # DOGE included: it moves its perp
# Steps per run and runs: thousands of steps in CI; MARGIN_DESK_STATE_MACHINE_EXAMPLES raises it locally.
EXAMPLES = int(os.environ.get("MARGIN_DESK_STATE_MACHINE_EXAMPLES", "250"))


def quantity_of(symbol: str, usd: int) -> D:
    step = PARAMETERS.assets[symbol].lending.step_size
    return max(step, (D(usd) / PARAMETERS.marks[symbol] / step).to_integral_value() * step)


@cache
def with_closed_books(closed: frozenset[str]):
    """The example parameters with the order books of ``closed`` perps Closed (a market being delisted)."""
    if not closed:
        return PARAMETERS
    snapshot = example_snapshot()
    for row in snapshot["markets"]:
        if row["symbol"] in closed:
            row["orderBookState"] = "Closed"
    return load_parameters(snapshot)


def pool_changes(events):
    """Per asset, (lent, borrowed) moves of the pool caused by this account's events."""
    lent, borrowed = defaultdict(D), defaultdict(D)
    for event in events:
        q, s = event.quantity, event.symbol
        if event.type in ("Borrow", "EntryFee") or (event.type == "Interest" and event.reason == "borrow"):
            borrowed[s] += q
        elif event.type == "BorrowRepay":
            borrowed[s] -= q
        elif event.type == "Lend" or (event.type == "Interest" and event.reason == "lend"):
            lent[s] += q
        elif event.type == "LendRedeem":
            lent[s] -= q
        elif event.type == "Bankruptcy":
            lent[s] -= q
            borrowed[s] -= q
    return lent, borrowed


class MarginAccountMachine(RuleBasedStateMachine):
    @initialize(usdc=st.integers(0, 50_000), sol=st.integers(0, 200))
    def open_account(self, usdc, sol):
        self.state = AccountState.opening(PARAMETERS)
        self.closed: frozenset[str] = frozenset()
        self.parameters = PARAMETERS
        self.pool_lent = {s: p.lent_quantity for s, p in PARAMETERS.pools.items()}
        self.pool_borrowed = {s: p.borrowed_quantity for s, p in PARAMETERS.pools.items()}
        self.books = replay_events([], PARAMETERS.pools)
        self.steps = 0
        self.liquidations = 0
        self.bankruptcies = 0
        for symbol, amount in (("USDC", usdc), ("SOL", sol)):
            if amount:
                self.run(deposit, symbol, D(amount))

    # -- applying an action and checking it ----------------------------------------------------
    def run(self, action, *args, market_move=False, placing=None, **kwargs):
        before = self.state
        before_json = json.dumps(state_json(before), sort_keys=True)
        outcome = action(before, self.parameters, *args, **kwargs)
        self.steps += 1
        if not outcome.accepted:
            assert outcome.events == ()
            assert json.dumps(state_json(outcome.state), sort_keys=True) == before_json, "a refusal changed the state"
            return outcome
        after = outcome.state
        if placing in self.closed:  # a Closed book takes reduce-only orders only: the position never grows
            old, new = before.account.positions.get(placing), after.account.positions.get(placing)
            assert old is not None and (new is None or abs(new.net_quantity) <= abs(old.net_quantity)), placing
            placed = {order.id for order in before.orders}
            assert all(o.reduce_only for o in after.orders if o.symbol == placing and o.id not in placed), placing
            note_event("an order accepted on a Closed book")
        held_before = {s: b.holding - b.borrowed for s, b in before.account.balances.items()}
        held_after = {s: b.holding - b.borrowed for s, b in after.account.balances.items()}
        recorded = recorded_changes(outcome.events)
        for symbol in set(held_before) | set(held_after) | set(recorded):
            actual = held_after.get(symbol, D(0)) - held_before.get(symbol, D(0))
            assert actual == recorded.get(symbol, D(0)), f"events do not explain the change of {symbol}"
        lent, borrowed = pool_changes(outcome.events)
        for symbol in lent:
            self.pool_lent[symbol] += lent[symbol]
        for symbol in borrowed:
            self.pool_borrowed[symbol] += borrowed[symbol]
        bankrupt = any(e.type == "Bankruptcy" for e in outcome.events)
        liquidated = any(e.type == "Liquidation" for e in outcome.events)
        for kind in {e.type for e in outcome.events} & {"Liquidation", "Bankruptcy", "FundingPayment", "Settlement"}:
            note_event(kind)
        self.liquidations += liquidated
        self.bankruptcies += bankrupt
        if market_move:
            valuation = value_account(after.account, PARAMETERS, after.marks)
            assert not valuation.liquidatable or bankrupt, "still liquidatable after the check ran"
            if liquidated:
                assert valuation.net_equity_available >= 0 or bankrupt
        for event in outcome.events:
            apply_event(self.books, event)
        self.state = after
        return outcome

    # -- the trader --------------------------------------------------------------------------------
    @rule(symbol=st.sampled_from(ASSETS), usd=st.integers(1, 20_000))
    def deposit_some(self, symbol, usd):
        self.run(deposit, symbol, quantity_of(symbol, usd))

    @rule(symbol=st.sampled_from(ASSETS), usd=st.integers(1, 20_000), margin=st.booleans())
    def withdraw_some(self, symbol, usd, margin):
        self.run(withdraw, symbol, quantity_of(symbol, usd), margin)

    @rule(symbol=st.sampled_from(ASSETS), usd=st.integers(1, 40_000))
    def borrow_some(self, symbol, usd):
        self.run(borrow, symbol, quantity_of(symbol, usd))

    @rule(symbol=st.sampled_from(ASSETS), share=st.integers(1, 100))
    def repay_some(self, symbol, share):
        owed = self.state.account.balance(symbol).borrowed
        if owed:
            step = PARAMETERS.assets[symbol].lending.step_size
            quantity = owed if share == 100 else max(step, (owed * share / 100 / step).to_integral_value() * step)
            self.run(repay, symbol, min(quantity, owed))

    @rule(symbol=st.sampled_from(ASSETS), usd=st.integers(1, 20_000))
    def lend_some(self, symbol, usd):
        self.run(lend, symbol, quantity_of(symbol, usd))

    @rule(symbol=st.sampled_from(ASSETS), share=st.integers(1, 100))
    def redeem_some(self, symbol, share):
        lent = self.state.account.balance(symbol).lent
        if lent:
            step = PARAMETERS.assets[symbol].lending.step_size
            quantity = lent if share == 100 else max(step, (lent * share / 100 / step).to_integral_value() * step)
            self.run(redeem, symbol, min(quantity, lent))

    @rule(
        symbol=st.sampled_from(MARKETS),
        side=st.sampled_from(["Bid", "Ask"]),
        usd=st.integers(10, 30_000),
        limit=st.one_of(st.none(), st.integers(85, 115)),
        margin=st.booleans(),
    )
    def trade(self, symbol, side, usd, limit, margin):
        market = PARAMETERS.markets[symbol]
        mark = self.state.marks[market.base] / self.state.marks[market.quote]
        step = market.step_size
        quantity = max(market.min_quantity, (D(usd) / mark / step).to_integral_value() * step)
        price = None if limit is None else max(market.tick_size, (mark * limit / 100).quantize(market.tick_size))
        self.run(place_order, symbol, side, "Market" if price is None else "Limit", quantity, price, margin)

    @rule(symbol=st.sampled_from(MARKETS), side=st.sampled_from(["Bid", "Ask"]), share=st.integers(50, 100))
    def lever_up(self, symbol, side, share):
        """A margin order near the form's Max: the way accounts get close to liquidation."""
        most = max_order_quantity(self.state, self.parameters, symbol, side, None, True)
        market = PARAMETERS.markets[symbol]
        if share == 100 and most:
            beyond = place_order(
                self.state, self.parameters, symbol, side, "Market", most + market.step_size, None, True
            )
            assert not beyond.accepted, "one step above Max was accepted"
        quantity = (most * share / 100 / market.step_size).to_integral_value() * market.step_size
        if quantity >= market.min_quantity:
            outcome = self.run(place_order, symbol, side, "Market", quantity, None, True)
            assert share < 100 or outcome.accepted, "the Max quantity was refused"

    @rule(pick=st.integers(0, 10))
    def cancel_one(self, pick):
        orders = self.state.orders
        self.run(cancel_order, orders[pick % len(orders)].id if orders else "404")

    @rule(leverage=st.integers(1, 50), auto_lend=st.booleans(), auto_repay=st.booleans())
    def settings(self, leverage, auto_lend, auto_repay):
        self.run(change_settings, leverage_limit=leverage, auto_lend=auto_lend, auto_repay_borrows=auto_repay)

    # -- the market and the clock ------------------------------------------------------------------
    # -- perps -------------------------------------------------------------------------------------
    @rule(
        symbol=st.sampled_from(PERPS),
        side=st.sampled_from(["Bid", "Ask"]),
        usd=st.integers(10, 60_000),
        limit=st.one_of(st.none(), st.integers(90, 110)),
        reduce_only=st.booleans(),
    )
    def trade_perp(self, symbol, side, usd, limit, reduce_only):
        market = PARAMETERS.perps[symbol]
        mark = self.state.marks[market.base]
        step = market.step_size
        quantity = max(market.min_quantity, (D(usd) / mark / step).to_integral_value() * step)
        price = None if limit is None else max(market.tick_size, (mark * limit / 100).quantize(market.tick_size))
        kind = "Market" if price is None else "Limit"
        self.run(place_order, symbol, side, kind, quantity, price, False, reduce_only, placing=symbol)

    @rule(pick=st.integers(0, 10), share=st.integers(1, 100), limit=st.one_of(st.none(), st.integers(95, 105)))
    def close_perp(self, pick, share, limit):
        """A reduce-only close of part or all of a position, at market or resting near the mark."""
        held = sorted(self.state.account.positions.items())
        if not held:
            return
        symbol, position = held[pick % len(held)]
        market = PARAMETERS.perps[symbol]
        size = abs(position.net_quantity)
        quantity = max(market.step_size, (size * share / 100 / market.step_size).to_integral_value() * market.step_size)
        side = "Ask" if position.net_quantity > 0 else "Bid"
        mark = self.state.marks[market.base]
        price = None if limit is None else (mark * limit / 100).quantize(market.tick_size)
        kind = "Market" if price is None else "Limit"
        outcome = self.run(place_order, symbol, side, kind, min(quantity, size), price, False, True, placing=symbol)
        assert outcome.refusal is None or outcome.refusal.code != "REDUCE_ONLY_NOT_REDUCED", "a true close was refused"

    @rule(symbol=st.sampled_from(PERPS), side=st.sampled_from(["Bid", "Ask"]), share=st.integers(50, 100))
    def lever_up_perp(self, symbol, side, share):
        """A perp market order near the form's Max (fee, spread and the fee borrow included)."""
        most = max_order_quantity(self.state, self.parameters, symbol, side)
        market = PARAMETERS.perps[symbol]
        if symbol in self.closed:
            assert most == 0, "Max offers an order a Closed book refuses"
        if share == 100 and most:
            beyond = place_order(self.state, self.parameters, symbol, side, "Market", most + market.step_size)
            assert not beyond.accepted, "one step above the perp Max was accepted"
        quantity = (most * share / 100 / market.step_size).to_integral_value() * market.step_size
        if quantity >= market.min_quantity:
            outcome = self.run(place_order, symbol, side, "Market", quantity, placing=symbol)
            assert share < 100 or outcome.accepted, "the perp Max quantity was refused"

    @rule(symbol=st.sampled_from(PERPS))
    def close_or_reopen_book(self, symbol):
        """The venue closes a perp's order book (delisting) or opens it again: only reduce-only orders
        pass while it is Closed; resting fills, settlement, funding and liquidation go on (precision 11)."""
        self.closed = self.closed ^ {symbol}
        self.parameters = with_closed_books(self.closed)

    @rule(hours=st.integers(1, 6))
    def funding_hours(self, hours):
        """To whole hours: interest, then settlement and funding at each."""
        start = self.state.time.replace(minute=0, second=0, microsecond=0)
        self.run(advance_clock, start + timedelta(hours=hours), market_move=True)

    @rule(symbol=st.sampled_from(UNDERLYINGS), percent=st.integers(-20, 20))
    def move(self, symbol, percent):  # an asset or a perp-only underlying: every perp on it moves
        self.run(move_prices, {symbol: self.state.marks[symbol] * (100 + percent) / 100}, market_move=True)

    @rule(
        percent=st.sampled_from([-90, -70, -50, -35, 50, 150, 300]),
        symbols=st.lists(st.sampled_from([s for s in UNDERLYINGS if s != "USDT"]), min_size=1, unique=True),
    )
    def crash_or_spike(self, percent, symbols):
        self.run(move_prices, {s: self.state.marks[s] * (100 + percent) / 100 for s in symbols}, market_move=True)

    @rule(minutes=st.integers(1, 72 * 60))
    def advance(self, minutes):
        self.run(advance_clock, self.state.time + timedelta(minutes=minutes), market_move=True)

    # -- invariants after every step -------------------------------------------------------------
    @invariant()
    def balances_never_negative_nor_lent_and_borrowed(self):
        for symbol, balance in self.state.account.balances.items():
            assert (
                min(balance.available, balance.locked, balance.lent, balance.borrowed, balance.pending_borrow) >= 0
            ), symbol
            assert not (balance.lent and balance.borrowed), symbol

    @invariant()
    def pools_equal_the_snapshot_plus_the_accounts_own_changes(self):
        for symbol, pool in self.state.pools.items():
            assert pool.lent_quantity == self.pool_lent[symbol], symbol
            assert pool.borrowed_quantity == self.pool_borrowed[symbol], symbol

    @invariant()
    def the_ledger_replays_to_the_state(self):
        """Summing the events' recorded changes from empty gives back the books exactly."""
        state, books = self.state, self.books
        assert books.non_empty_balances() == dict(state.account.balances)
        assert books.pools == dict(state.pools)
        assert list(books.orders.values()) == list(state.orders)
        assert books.settings == state.account.settings and books.last_order_id == state.last_order_id
        assert books.positions == dict(state.account.positions)

    @invariant()
    def no_position_on_a_removed_or_empty_market(self):
        for symbol, position in self.state.account.positions.items():
            market = PARAMETERS.perps[symbol]  # a known perp
            assert position.net_quantity and position.net_quantity % market.step_size == 0, symbol
            assert position.entry_price > 0 and position.settled_price > 0, symbol

    @invariant()
    def resting_perp_risk_is_the_resting_perp_orders(self):
        assert dict(self.state.account.resting_perps) == resting_sizes(self.state.orders, PARAMETERS.perps)

    @invariant()
    def resting_orders_hold_what_they_reserved(self):
        locked, pending = defaultdict(D), defaultdict(D)
        for order in self.state.orders:
            locked[order.paying_asset] += order.locked
            pending[order.paying_asset] += order.pending_borrow
        for symbol, balance in self.state.account.balances.items():
            assert balance.locked == locked[symbol] and balance.pending_borrow == pending[symbol], symbol


MarginAccountMachine.TestCase.settings = settings(max_examples=EXAMPLES, stateful_step_count=50, deadline=None)
test_margin_account_machine = MarginAccountMachine.TestCase
pytestmark = pytest.mark.slow  # CI runs it; a quick local run can skip it with -m "not slow"
