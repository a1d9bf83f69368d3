"""Replaying each ledger from empty gives back the stored balances and pools exactly."""

import sqlite3
import subprocess
import sys
from decimal import Decimal as D

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from desktop.engine import actions, orders
from desktop.paths import DATABASE_FILE
from desktop.services.accounts import AccountService
from desktop.services.integrity import verify_store
from desktop.services.simulation import Simulation
from desktop.store.db import open_store
from tests.services.util import act

OPERATIONS = st.one_of(
    st.tuples(st.just("deposit"), st.sampled_from(["USDC", "SOL", "BTC"]), st.integers(1, 3000)),
    st.tuples(st.just("withdraw"), st.sampled_from(["USDC", "SOL"]), st.integers(1, 2000), st.booleans()),
    st.tuples(st.just("borrow"), st.sampled_from(["USDC", "SOL", "ETH"]), st.integers(1, 5000)),
    st.tuples(st.just("lend"), st.sampled_from(["USDC", "SOL"]), st.integers(1, 2000)),
    st.tuples(
        st.just("order"),
        st.sampled_from(["SOL_USDC", "BTC_USDC"]),
        st.sampled_from(["Bid", "Ask"]),
        st.integers(1, 3000),
        st.one_of(st.none(), st.integers(90, 110)),
        st.booleans(),
    ),
    st.tuples(st.just("settings"), st.integers(1, 20), st.booleans()),
    st.tuples(st.just("tick"), st.integers(1, 7200)),
)


def quantity(accounts, symbol, usd):
    loaded = accounts.load("Main")
    step = loaded.parameters.assets[symbol].lending.step_size
    return max(step, (D(usd) / loaded.state.marks[symbol] / step).to_integral_value() * step)


def run(accounts, simulation, operation):
    kind = operation[0]
    if kind == "deposit":
        act(accounts, "Main", actions.deposit, operation[1], quantity(accounts, operation[1], operation[2]))
    elif kind == "withdraw":
        act(
            accounts,
            "Main",
            actions.withdraw,
            operation[1],
            quantity(accounts, operation[1], operation[2]),
            operation[3],
        )
    elif kind == "borrow":
        act(accounts, "Main", actions.borrow, operation[1], quantity(accounts, operation[1], operation[2]))
    elif kind == "lend":
        act(accounts, "Main", actions.lend, operation[1], quantity(accounts, operation[1], operation[2]))
    elif kind == "order":
        _, market, side, usd, limit, margin = operation
        loaded = accounts.load("Main")
        rules = loaded.parameters.markets[market]
        mark = loaded.state.marks[rules.base]
        q = max(rules.min_quantity, (D(usd) / mark / rules.step_size).to_integral_value() * rules.step_size)
        price = None if limit is None else (mark * limit / 100).quantize(rules.tick_size)
        act(
            accounts, "Main", orders.place_order, market, side, "Market" if price is None else "Limit", q, price, margin
        )
    elif kind == "settings":
        act(accounts, "Main", actions.change_settings, leverage_limit=operation[1], auto_lend=operation[2])
    else:
        simulation.tick(operation[1])


@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(st.lists(OPERATIONS, min_size=1, max_size=30))
def test_ledger_replay_equals_stored_state_after_random_operations(tmp_path_factory, operations):
    store = open_store(tmp_path_factory.mktemp("data"))
    try:
        accounts = AccountService(store)
        accounts.create("Main", deposits=(("USDC", D(5000)),))
        simulation = Simulation(accounts, "Main")
        for operation in operations:
            run(accounts, simulation, operation)
        report = verify_store(accounts)
        assert report.whole, report.mismatches
        accounts.forget()
        assert accounts.load("Main").state == simulation.accounts.load("Main").state
    finally:
        store.close()


def test_verify_finds_a_tampered_balance(tmp_path):
    data = tmp_path / "data"
    store = open_store(data)
    accounts = AccountService(store)
    accounts.create("Main", deposits=(("USDC", D(1000)),))
    store.close()
    whole = subprocess.run(
        [sys.executable, "-m", "desktop", "verify", "--data-dir", str(data)], capture_output=True, text=True, timeout=60
    )
    assert whole.returncode == 0 and whole.stdout.startswith("ok: 1 account, 1 ledger events")
    connection = sqlite3.connect(data / DATABASE_FILE)
    connection.execute("UPDATE balance SET available = '1000.5' WHERE symbol = 'USDC'")
    connection.commit()
    connection.close()
    broken = subprocess.run(
        [sys.executable, "-m", "desktop", "verify", "--data-dir", str(data)], capture_output=True, text=True, timeout=60
    )
    assert broken.returncode == 1
    assert "Main: balance USDC: stored" in broken.stdout and "1000.5" in broken.stdout
