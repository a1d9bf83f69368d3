"""A state machine that imports hostile accounts and runs hostile actions (issue 19: "the state machine
extended with hostile imports"). Between ordinary steps it re-imports its own account as a file with
nodes replaced by hostile values, and sends actions with hostile fields through the JSON contract.

After every step: an import is whole or refused naming a field; a refusal changes nothing; balances
stay within [0, 1e20]; the account written out reads back identically; the orders hold what the
balances say; and the ledger since the last import replays to the state (item 1: a non-numeric
order id once bricked the replay)."""

from __future__ import annotations

import copy
import json
import os
from datetime import timedelta
from decimal import Decimal as D

from hypothesis import HealthCheck, settings
from hypothesis import strategies as st
from hypothesis.stateful import RuleBasedStateMachine, initialize, invariant, rule

from desktop.engine import Event, InputError, advance_clock, move_prices
from desktop.engine.apply_contract import parse_state, run_action, state_json
from desktop.engine.boundary.bounds import MAX_AMOUNT
from desktop.engine.numbers import load_json
from desktop.engine.replay import apply_event, replay_events
from tests.engine.hostile_documents import GOOD_ACCOUNT, GOOD_ACTIONS, hostile_values, mutated
from tests.engine.util import dumps, example_parameters
from tests.hostile import assert_one_printable_line, tried

PARAMETERS = example_parameters()
ASSETS = list(PARAMETERS.assets)
EXAMPLES = int(os.environ.get("MARGIN_DESK_STATE_MACHINE_EXAMPLES", "40"))
FIELDS = ("available", "locked", "lent", "borrowed", "pending_borrow")


def import_events(state) -> list[Event]:
    """The events an import records (as ``services.account_files`` does): balances, settings, orders."""
    events = [
        Event(
            "AccountImported",
            "",
            state.time,
            balance_changes={s: {f: getattr(b, f) for f in FIELDS} for s, b in state.account.balances.items()},
        ),
        Event(
            "SettingsChanged",
            "",
            state.time,
            details={
                "leverageLimit": str(state.account.settings.leverage_limit),
                "autoLend": state.account.settings.auto_lend,
                "autoRepayBorrows": state.account.settings.auto_repay_borrows,
            },
        ),
    ]
    for order in state.orders:
        details = {"side": order.side, "margin": order.margin, "resting": True, "payingAsset": order.paying_asset}
        details.update(locked=str(order.locked), pendingBorrow=str(order.pending_borrow))
        events.append(
            Event("OrderPlaced", order.symbol, state.time, order.quantity, order.price, order.id, details=details)
        )
    return events


class HostileImportMachine(RuleBasedStateMachine):
    @initialize()
    def import_the_good_account(self):
        self.adopt(parse_state(copy.deepcopy(GOOD_ACCOUNT), PARAMETERS))

    def adopt(self, state):
        self.state = state
        self.books = replay_events(import_events(state), PARAMETERS.pools)

    def step(self, outcome):
        if not outcome.accepted:
            assert outcome.events == () and outcome.state is self.state
            assert_one_printable_line(outcome.refusal.message)
            return
        for event in outcome.events:
            apply_event(self.books, event)
        self.state = outcome.state

    @rule(data=st.data())
    def import_a_hostile_copy_of_itself(self, data):
        tried("state machine imports")
        document = data.draw(mutated(state_json(self.state), changes=2))
        try:
            imported = parse_state(document, PARAMETERS)
        except InputError as error:
            assert_one_printable_line(str(error))
            return
        self.adopt(imported)

    @rule(data=st.data(), template=st.sampled_from(GOOD_ACTIONS))
    def a_hostile_action(self, data, template):
        tried("state machine actions")
        entry = data.draw(mutated(copy.deepcopy(template), changes=2)) if data.draw(st.booleans()) else template
        try:
            outcome = run_action(self.state, PARAMETERS, entry, 0)
        except InputError as error:
            assert error.field.startswith("actions[0]")
            assert_one_printable_line(str(error))
            return
        self.step(outcome)

    @rule(symbol=st.sampled_from(ASSETS), price=hostile_values)
    def a_hostile_mark(self, symbol, price):
        tried("state machine actions")
        self.step(move_prices(self.state, PARAMETERS, {symbol: price}))

    @rule(hours=st.one_of(st.integers(0, 72), st.sampled_from([24 * 367, 10**6])))
    def an_advance(self, hours):
        """Hours of interest, or a span beyond the 366-day bound (refused)."""
        tried("state machine actions")
        self.step(advance_clock(self.state, PARAMETERS, self.state.time + timedelta(hours=hours, minutes=7)))

    @invariant()
    def within_bounds_and_never_negative(self):
        for symbol, balance in self.state.account.balances.items():
            for name in FIELDS:
                assert D(0) <= getattr(balance, name) <= MAX_AMOUNT, (symbol, name)
            assert not (balance.lent and balance.borrowed), symbol

    @invariant()
    def the_account_reads_back_identically(self):
        written = state_json(self.state)
        assert state_json(parse_state(load_json(dumps(written)), PARAMETERS)) == written
        json.dumps(written, ensure_ascii=False).encode("utf-8")  # writable as a UTF-8 file

    @invariant()
    def the_ledger_since_the_import_replays_to_the_state(self):
        state, books = self.state, self.books
        held = {symbol: balance for symbol, balance in state.account.balances.items() if not balance.is_empty}
        assert books.non_empty_balances() == held  # an imported all-zero balance records nothing
        assert books.pools == dict(state.pools)
        assert list(books.orders.values()) == list(state.orders)
        assert books.last_order_id == state.last_order_id


HostileImportMachine.TestCase.settings = settings(
    max_examples=EXAMPLES, stateful_step_count=25, deadline=None, suppress_health_check=[HealthCheck.too_slow]
)
test_hostile_import_machine = HostileImportMachine.TestCase
