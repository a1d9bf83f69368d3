"""Integrity: replaying each account's ledger from empty must give back its stored books exactly.

Checked at start-up and by ``margin-desk verify``. Balances, pools, open orders, settings, the
last order id and the perp positions (with the funding, fees and realized PnL each has had since it
opened) come from the events; the marks from the last price tick of each asset; the clock from the
last tick. A ``ParametersChanged`` event (the account moved onto another snapshot) sets the pools
to the ones it recorded, and only the assets of the snapshot in use have marks.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from decimal import Decimal

from ..engine import AssetBalance, Pool
from ..engine.numbers import ENGINE_CONTEXT, ZERO
from ..engine.records import replace  # engine records are not standard dataclasses
from ..engine.replay import ReplayedBooks, apply_event
from ..engine.vocabulary import NOTE_EVENTS, EventType
from ..store import accounts_table, history, ledger
from ..store.accounts_table import AccountRow
from ..store.errors import DATABASE_ERRORS, MISSING_ROW_ERRORS, one_line
from ..store.fields import from_epoch, stored_decimal
from .accounts import AccountService
from .simulation import Simulation

# Events that open or close orders, change settings or move perp positions and their totals (an
# imported position, funding): rebuilt whole when replaying.
STRUCTURAL = frozenset(
    {
        EventType.ORDER_PLACED,
        EventType.FILL,
        EventType.ORDER_CANCELLED,
        EventType.SETTINGS_CHANGED,
        EventType.SETTLEMENT,
        EventType.FUNDING_PAYMENT,
        EventType.LIQUIDATION,
        EventType.ACCOUNT_IMPORTED,
    }
)


@dataclass(frozen=True)
class IntegrityReport:
    accounts: int
    events: int
    mismatches: tuple[str, ...]

    @property
    def whole(self) -> bool:
        return not self.mismatches


def _differences(label: str, stored: dict, replayed: dict) -> list[str]:
    problems = []
    for key in sorted(set(stored) | set(replayed)):
        if stored.get(key) != replayed.get(key):
            problems.append(f"{label} {key}: stored {stored.get(key)}, ledger gives {replayed.get(key)}")
    return problems


def replay_stored(account_id: int, parameters) -> tuple[int, ReplayedBooks]:
    """Replay straight from the rows: only the events that open or close orders or change settings
    are rebuilt whole; for the rest (most of a long ledger is hourly interest) the recorded changes
    are summed as they are. Three times faster than building every Event on a year of ticks."""
    books = ReplayedBooks(pools=dict(parameters.pools))
    balances: dict[str, dict[str, Decimal]] = {}
    pools = {s: [p.lent_quantity, p.borrowed_quantity] for s, p in parameters.pools.items()}
    names = history.LEDGER_COLUMNS
    add = ENGINE_CONTEXT.add
    count = 0
    for values in history.ledger_rows(account_id):
        count += 1
        kind = values[3]
        if kind in NOTE_EVENTS:  # price moves, alerts, their settings: no books to replay
            continue
        if kind == EventType.PARAMETERS_CHANGED:  # the new snapshot's pools (plus the account's own part)
            recorded = json.loads(values[9])["pools"]
            pools = {
                symbol: [stored_decimal(lent), stored_decimal(borrowed)]
                for symbol, (lent, borrowed) in recorded.items()
            }
            continue
        if kind in STRUCTURAL:
            event = ledger.event_from_row(dict(zip(names, values)))
            apply_event(books, replace(event, balance_changes={}, pool_changes={}))
        for symbol, deltas in json.loads(values[10]).items():  # in the engine's 34 digits, as it summed them
            fields = balances.setdefault(symbol, {})
            for name, delta in deltas.items():
                fields[name] = add(fields.get(name, ZERO), stored_decimal(delta))
        for symbol, (lent, borrowed) in json.loads(values[11]).items():
            pools.setdefault(symbol, [ZERO, ZERO])  # an asset of an earlier snapshot, before a move
            pools[symbol][0] = add(pools[symbol][0], stored_decimal(lent))
            pools[symbol][1] = add(pools[symbol][1], stored_decimal(borrowed))
    books.balances = {symbol: AssetBalance(**fields) for symbol, fields in balances.items()}
    books.pools = {symbol: Pool(lent, borrowed) for symbol, (lent, borrowed) in pools.items()}
    return count, books


def verify_account(accounts: AccountService, row: AccountRow) -> tuple[int, list[str]]:
    parameters = accounts.parameters_of(row.snapshot)
    state = ledger.load_state(row)
    count, books = replay_stored(row.id, parameters)
    problems = _differences("balance", dict(state.account.balances), books.non_empty_balances())
    problems += _differences("pool", dict(state.pools), books.pools)
    problems += _differences("open order", {o.id: o for o in state.orders}, books.orders)
    problems += _differences("position", dict(state.account.positions), books.positions)
    problems += _differences("position totals", ledger.position_totals(row.id), books.position_totals)
    if state.account.settings != books.settings:
        problems.append(f"settings: stored {state.account.settings}, ledger gives {books.settings}")
    if state.last_order_id != books.last_order_id:
        problems.append(f"last order id: stored {state.last_order_id}, ledger gives {books.last_order_id}")

    ticked = history.last_tick_prices(row.id)  # an earlier snapshot's assets have ticks but no mark now
    expected_marks = {**parameters.marks, **{s: p for s, p in ticked.items() if s in parameters.marks}}
    problems += _differences("mark", dict(state.marks), expected_marks)
    last_tick_time = history.last_tick_time(row.id)
    expected_clock = from_epoch(last_tick_time) if last_tick_time is not None else parameters.snapshot_time
    if state.time != expected_clock:
        problems.append(f"clock: stored {state.time.isoformat()}, last tick {expected_clock.isoformat()}")
    return count, [f"{row.name}: {problem}" for problem in problems]


def verify_store(accounts: AccountService) -> IntegrityReport:
    """Replay every account (inside one read transaction, so a writer cannot interleave)."""
    with accounts.store.reading():
        rows = accounts_table.all_accounts()
        total_events, mismatches = 0, []
        for row in rows:
            count, problems = verify_account(accounts, row)
            total_events += count
            mismatches += problems
    return IntegrityReport(len(rows), total_events, tuple(mismatches))


# What a tampered or damaged row raises when read: SQLite's errors, and the parsers' (a balance "abc",
# a details column that is not JSON, a snapshot that no longer parses).
UNREADABLE = (*DATABASE_ERRORS, *MISSING_ROW_ERRORS, ValueError, ArithmeticError, LookupError, TypeError)


@dataclass(frozen=True)
class StoreCheck:
    """SQLite's page check (when asked) and the ledger replay of every account."""

    damage: str | None  # the pages or a row cannot be read, in words
    report: IntegrityReport | None  # None when the damage kept the replay from running

    @property
    def whole(self) -> bool:
        return self.damage is None and self.report is not None and self.report.whole

    def summary(self) -> str:
        """One sentence for a banner or a command's error line."""
        if self.damage is not None:
            return f"the store is damaged ({self.damage}); run margin-desk verify."
        if self.report is not None and not self.report.whole:
            count = len(self.report.mismatches)
            return (
                f"the ledger does not match the stored balances ({count} difference{'s' if count != 1 else ''}, "
                f"first: {one_line(self.report.mismatches[0])}); run margin-desk verify for the whole list."
            )
        return "the store is whole."


def check_store(accounts: AccountService, pages: bool = False) -> StoreCheck:
    """Check without writing: SQLite's whole-file page check if ``pages``, then the ledger replay."""
    problem = accounts.store.pages_problem() if pages else None
    damage = None if problem is None else f"SQLite integrity check: {one_line(problem)}"
    report = None
    if damage is None:
        try:
            report = verify_store(accounts)
        except UNREADABLE as error:
            damage = (
                f"a stored row cannot be read: {type(error).__name__}: {one_line((str(error).splitlines() or [''])[0])}"
            )
    return StoreCheck(damage, report)


def check_on_open(accounts: AccountService, pages: bool = False) -> StoreCheck:
    """Check a store just opened; one that fails is read-only from then on (never written), with the
    reason in ``Store.read_only_reason``."""
    check = check_store(accounts, pages)
    if not check.whole and not accounts.store.read_only:
        accounts.store.refuse_writes(check.summary()[0].upper() + check.summary()[1:])
    return check


def account_problem(accounts: AccountService, name: str) -> str | None:
    """Why the account ``name`` of a damaged store cannot be opened (its rows cannot be read), or None."""
    try:
        Simulation(accounts, name)  # its state, parameters and price feed: what opening it reads
        accounts.history(name)  # and its ledger, which History and the charts read
    except UNREADABLE as error:
        accounts.forget(name)
        return f"{name} cannot be read ({type(error).__name__}: {one_line((str(error).splitlines() or [''])[0])})"
    return None
