"""Integrity: replaying each account's ledger from empty must give back its stored books exactly.

Checked at start-up and by ``margin-desk verify``. Balances, pools, open orders, settings and the
last order id come from the events; the marks from the last price tick of each asset; the clock from
the last tick.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, replace
from decimal import Decimal

import peewee

from ..engine import AssetBalance, Pool
from ..engine.numbers import ZERO
from ..engine.replay import ReplayedBooks, apply_event
from ..store import ledger, models
from ..store.fields import from_epoch
from .accounts import AccountService

# Events that open or close orders, change settings or move perp positions: rebuilt whole when replaying.
STRUCTURAL = frozenset({"OrderPlaced", "Fill", "OrderCancelled", "SettingsChanged", "Settlement", "Liquidation"})


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
    cursor = models.database.execute_sql(
        'SELECT "id", "account_id", "time", "type", "symbol", "quantity", "price", "order_id", "reason", "details", '
        '"balance_changes", "pool_changes" FROM "ledger_event" WHERE "account_id" = ? ORDER BY "id"',
        (account_id,),
    )
    names = [column[0] for column in cursor.description]
    count = 0
    for values in cursor:
        count += 1
        kind = values[3]
        if kind in STRUCTURAL:
            event = ledger.event_from_row(dict(zip(names, values)))
            apply_event(books, replace(event, balance_changes={}, pool_changes={}))
        for symbol, deltas in json.loads(values[10]).items():
            fields = balances.setdefault(symbol, {})
            for name, delta in deltas.items():
                fields[name] = fields.get(name, ZERO) + Decimal(delta)
        for symbol, (lent, borrowed) in json.loads(values[11]).items():
            pools[symbol][0] += Decimal(lent)
            pools[symbol][1] += Decimal(borrowed)
    books.balances = {symbol: AssetBalance(**fields) for symbol, fields in balances.items()}
    books.pools = {symbol: Pool(lent, borrowed) for symbol, (lent, borrowed) in pools.items()}
    return count, books


def verify_account(accounts: AccountService, row: models.Account) -> tuple[int, list[str]]:
    parameters = accounts.parameters_of(row.snapshot)
    state = ledger.load_state(row)
    count, books = replay_stored(row.id, parameters)
    problems = _differences("balance", dict(state.account.balances), books.non_empty_balances())
    problems += _differences("pool", dict(state.pools), books.pools)
    problems += _differences("open order", {o.id: o for o in state.orders}, books.orders)
    if state.account.settings != books.settings:
        problems.append(f"settings: stored {state.account.settings}, ledger gives {books.settings}")
    if state.last_order_id != books.last_order_id:
        problems.append(f"last order id: stored {state.last_order_id}, ledger gives {books.last_order_id}")

    last_ticks = {
        tick.symbol: tick.price
        for tick in models.PriceTick.select().where(
            models.PriceTick.id.in_(
                models.PriceTick.select(peewee.fn.MAX(models.PriceTick.id))
                .where(models.PriceTick.account == row.id)
                .group_by(models.PriceTick.symbol)
            )
        )
    }
    expected_marks = {**parameters.marks, **last_ticks}
    problems += _differences("mark", dict(state.marks), expected_marks)
    last_tick_time = (
        models.PriceTick.select(peewee.fn.MAX(models.PriceTick.time)).where(models.PriceTick.account == row.id).scalar()
    )
    expected_clock = from_epoch(last_tick_time) if last_tick_time is not None else parameters.snapshot_time
    if state.time != expected_clock:
        problems.append(f"clock: stored {state.time.isoformat()}, last tick {expected_clock.isoformat()}")
    return count, [f"{row.name}: {problem}" for problem in problems]


def verify_store(accounts: AccountService) -> IntegrityReport:
    """Replay every account (inside one read transaction, so a writer cannot interleave)."""
    with accounts.store.db.atomic():
        rows = list(models.Account.select().order_by(models.Account.id))
        total_events, mismatches = 0, []
        for row in rows:
            count, problems = verify_account(accounts, row)
            total_events += count
            mismatches += problems
    return IntegrityReport(len(rows), total_events, tuple(mismatches))
