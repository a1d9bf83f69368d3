"""A replayed CSV is checked before anything of it is kept, and stored beside the account rather than in
its row: a bad price or time is refused with its line number and the account keeps its old feed; a
stored feed gives the same prices as the file read in memory; a tick's cost does not grow with the
file's length."""

from __future__ import annotations

import sqlite3
from datetime import UTC, datetime, timedelta
from decimal import Decimal as D

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from desktop.services.accounts import AccountService
from desktop.services.feeds import CsvReplayFeed, FeedError
from desktop.services.simulation import Simulation
from desktop.store.db import open_store
from tests.store.util import stored_rows

T0 = datetime(2026, 11, 20, tzinfo=UTC)  # the bundled snapshot's time
BAD_PRICES = [
    "1e999999",
    "1E+999999999999",
    "1e25",
    "1e-25",
    "0",
    "0.0",
    "-0",
    "-1",
    "-150.5",
    "nan",
    "NaN",
    "sNaN",
    "inf",
    "Infinity",
    "-inf",
    "1_000",
    "١٢٣",
    "１２",
    "0x10",
    "1e",
    ".",
    "",
    "+-1",
    "1.2.3",
    "5%",
    "$150",
    "1" * 80,
    "9" * 30,
]
BAD_TIMES = [
    "2026-13-01T00:00:00Z",
    "2026-11-31T00:00:00Z",
    "yesterday",
    "99999999999999",
    "-5",
    "²",
    "１７９５１３２８００",
    "3000-01-01T00:00:00Z",
    "1969-12-31T23:59:59Z",
    "0001-01-01T00:00:00Z",
    "2026-11-20T00:00:00Z" + "0" * 100,
]


def csv_text(rows: int, bad_line: int | None = None, price: str = "150", time: str | None = None) -> str:
    """A header and ``rows`` hourly SOL rows; line ``bad_line`` (counting the header as 1) gets
    ``price`` and/or ``time`` instead."""
    lines = ["time,symbol,price"]
    for number in range(2, rows + 2):
        moment = (T0 + timedelta(hours=number)).strftime("%Y-%m-%dT%H:%M:%SZ")
        value = f"{140 + number % 20}"
        if number == bad_line:
            moment, value = time or moment, price
        lines.append(f"{moment},SOL,{value}")
    return "\n".join(lines) + "\n"


@pytest.fixture
def simulation(accounts):
    accounts.create("Main", deposits=(("USDC", D(1000)),))
    return Simulation(accounts, "Main")


@pytest.mark.parametrize("price", BAD_PRICES)
def test_a_bad_price_is_refused_with_its_line_and_nothing_is_kept(simulation, price):
    simulation.use_random_walk(5)
    before = stored_rows()
    text = csv_text(40, bad_line=23, price=price)
    with pytest.raises(FeedError, match=r"^line 23: .*price"):
        simulation.use_csv(text)
    with pytest.raises(FeedError, match=r"^line 23: "):
        CsvReplayFeed.from_text(text, {"SOL", "USDC"})
    assert stored_rows() == before
    assert simulation.feed.kind == "random-walk" and simulation.tick(3600).time == T0 + timedelta(hours=1)


@pytest.mark.parametrize("time", BAD_TIMES)
def test_a_bad_time_is_refused_with_its_line_and_nothing_is_kept(simulation, time):
    before = stored_rows()
    with pytest.raises(FeedError, match=r"^line 9: .*time"):
        simulation.use_csv(csv_text(12, bad_line=9, time=time))
    assert stored_rows() == before


@pytest.mark.parametrize(
    ("text", "line"),
    [
        ("time,symbol,price\n2026-11-20T01:00:00Z,SOL,1\x00\n", 2),
        ("time,symbol,price\n2026-11-20T01:00:00Z,SOL,1\n2026-11-20T02:00:00Z,SOL," + "9" * 200_000 + "\n", 3),
        ("time,symbol,price\n2026-11-20T01:00:00Z,DOGE\x1b[31m,1\n", 2),
        ("time,symbol,price\n", 1),
        ("time,symbol,price\n2026-11-20T01:00:00Z,SOL,1,2\n", 2),
    ],
    ids=["NUL byte", "a 200,000-digit price", "escape codes in a symbol", "no rows", "four columns"],
)
def test_malformed_files_are_refused_in_one_line(simulation, text, line):
    with pytest.raises(FeedError) as refused:
        simulation.use_csv(text)
    message = str(refused.value)
    assert message.startswith(f"line {line}: ") and message.isprintable() and len(message) < 200, message


@settings(max_examples=30, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(
    rows=st.lists(
        st.tuples(st.integers(0, 40 * 3600), st.sampled_from(["SOL", "BTC", "ETH"]), st.integers(1, 10**6)),
        min_size=1,
        max_size=60,
    ),
    ticks=st.lists(st.integers(1, 4 * 3600), min_size=1, max_size=25),
)
def test_a_stored_csv_gives_the_prices_of_the_file_read_in_memory(tmp_path_factory, rows, ticks):
    """Same file, same ticks: the rows read from the store a window at a time are the rows the
    in-memory replay picks (latest per symbol, later lines winning ties, the first tick from the start)."""
    rows = sorted(rows, key=lambda row: row[0])
    text = "time,symbol,price\n" + "".join(
        f"{int((T0 + timedelta(seconds=s)).timestamp()) - 7200},{symbol},{price / 100}\n" for s, symbol, price in rows
    )
    store = open_store(tmp_path_factory.mktemp("data"))
    try:
        accounts = AccountService(store)
        accounts.create("Main")
        simulation = Simulation(accounts, "Main")
        marks = dict(accounts.load("Main").state.marks)
        in_memory = CsvReplayFeed.from_text(text, set(marks))
        simulation.use_csv(text)
        start = T0
        for number, seconds in enumerate(ticks):
            end = start + timedelta(seconds=seconds)
            assert simulation.feed.marks_at(number, start, end, marks) == in_memory.marks_at(number, start, end, marks)
            start = end
    finally:
        store.close()


def vm_steps(store, action) -> int:
    """SQLite virtual-machine steps (in thousands) ``action`` costs: a count, not a timing."""
    steps = 0

    def count() -> int:
        nonlocal steps
        steps += 1
        return 0

    connection = store.db.connection()
    connection.set_progress_handler(count, 1000)
    try:
        action()
    finally:
        connection.set_progress_handler(None, 1000)
    return steps


def account_row_bytes(store) -> int:
    path = store.path
    connection = sqlite3.connect(path)
    try:
        columns = [row[1] for row in connection.execute('PRAGMA table_info("account")')]
        sizes = ", ".join(f'COALESCE(length(CAST("{c}" AS BLOB)), 0)' for c in columns)
        return sum(connection.execute(f'SELECT {sizes} FROM "account" WHERE "name" = ?', ("Main",)).fetchone())
    finally:
        connection.close()


@pytest.mark.parametrize(
    "long_rows",
    [pytest.param(200_000, id="200,000 rows"), pytest.param(1_000_000, id="1,000,000 rows", marks=pytest.mark.slow)],
)
def test_a_long_csv_stays_out_of_the_account_row_and_does_not_slow_a_tick(tmp_path, long_rows):
    costs = {}
    for rows in (100, long_rows):
        store = open_store(tmp_path / f"data-{rows}")
        try:
            accounts = AccountService(store)
            accounts.create("Main", deposits=(("USDC", D(1000)),))
            simulation = Simulation(accounts, "Main")
            text = csv_text(rows)
            simulation.use_csv(text)
            assert account_row_bytes(store) < 400 < len(text)
            simulation.tick(3600)  # the first tick reads from the start
            costs[rows] = sum(vm_steps(store, lambda s=simulation: s.tick(3600)) for _ in range(20))
            assert simulation.tick(3600).marks["SOL"] == D(140 + 22 % 20)  # the row of hour 22, 22 ticks in
        finally:
            store.close()
    print(f"\nSQLite steps (thousands) for 20 ticks: {costs}")
    assert costs[long_rows] <= costs[100] * 1.5 + 20, costs
