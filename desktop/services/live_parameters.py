"""Backpack's live parameters in the app: fetch a snapshot, keep it in the store, move an account onto it.

- ``fetch_live_snapshot``: one read of Backpack's public API as snapshot text and its summary.
- ``keep_snapshot``: every fetched snapshot is stored (``parameter_snapshot``, by content hash).
- ``move_account``: the account keeps its balances, orders and positions and takes the new snapshot's
  marks and pools, as one transaction with a ``ParametersChanged`` event that History explains and
  ``verify`` replays. The account's own lends and borrows stay in its pools (a pool's totals are the
  snapshot's plus what this account put in or took out). A move is refused, naming them, when the
  account holds anything the new snapshot cannot value: a balance of an asset it lacks, an open
  order or a perp position on a market it lacks.
"""

from __future__ import annotations

import json
import time
from collections.abc import Callable
from dataclasses import dataclass
from decimal import Decimal
from typing import TYPE_CHECKING

from ..engine import AccountState, Event, MarginParameters, Pool, load_parameters, value_account
from ..engine.numbers import load_json
from ..engine.records import replace
from ..engine.vocabulary import EventType
from ..store import ledger, parameter_switch
from .accounts import AccountService, LoadedAccount
from .writes import ServiceError, writing

if TYPE_CHECKING:
    from .backpack.summary import SnapshotSummary  # (imports httpx: only when the trader fetches)

LIVE_SOURCE = "Backpack public API"  # the snapshot's ``source`` (backpack.snapshot.SOURCE, without httpx)
MARKS_EVERY_SECONDS = 5.0  # Live mode's defaults (backpack.live's); Backpack allows 2,000 requests a minute
POOLS_EVERY_SECONDS = 60.0


@dataclass(frozen=True)
class FetchedSnapshot:
    text: str
    summary: SnapshotSummary
    seconds: float  # wall time of the whole fetch
    base_url: str

    @property
    def notes(self) -> tuple[str, ...]:
        return self.summary.notes


class FetchCancelled(Exception):
    """The trader pressed Cancel: raised from the progress callback between two requests."""


def fetch_live_snapshot(
    base_url: str | None = None,
    timeout: float | None = None,
    progress: Callable[[str, int, int], None] | None = None,
) -> FetchedSnapshot:
    """Read Backpack (``base_url``, else $MARGIN_DESK_BACKPACK_URL, else Backpack's own) into snapshot text.

    Raises BackpackError / SnapshotRejected / BadBaseUrl (one line each), or whatever ``progress`` raises."""
    from .backpack.http import DEFAULT_TIMEOUT, Transport  # httpx only when the trader asks
    from .backpack.public import PublicClient
    from .backpack.snapshot import fetch_snapshot

    started = time.perf_counter()
    transport = Transport(base_url, timeout=timeout or DEFAULT_TIMEOUT)
    with PublicClient(transport) as client:
        snapshot, summary = fetch_snapshot(client, progress=progress)
    text = json.dumps(snapshot, indent=2, ensure_ascii=False) + "\n"
    return FetchedSnapshot(text, summary, time.perf_counter() - started, transport.base_url)


def keep_snapshot(accounts: AccountService, text: str) -> None:
    """Store a fetched snapshot (once per content) so it outlives the fetch; checked before it is kept."""
    parameters = load_parameters(load_json(text))
    with writing(accounts.store):
        ledger.snapshot_row(text, parameters.source)


def snapshot_notes(text: str) -> tuple[str, ...]:
    """The ``notes`` a fetched snapshot carries (its [assumed] choices); none for other snapshots."""
    try:
        notes = json.loads(text).get("notes", [])
    except (ValueError, AttributeError):
        return ()
    return tuple(note for note in notes if isinstance(note, str)) if isinstance(notes, list) else ()


def stored_live_snapshots(accounts: AccountService) -> list[str]:
    """Every fetched snapshot kept in the store, newest first (what starting offline can use)."""
    with accounts.store.reading():
        return [text for _id, text in parameter_switch.snapshot_texts(LIVE_SOURCE)]


def what_blocks_move(state: AccountState, new: MarginParameters) -> list[str]:
    """What the account holds that ``new`` cannot value, in words (empty: the move can go ahead)."""
    blocking = []
    for symbol, balance in state.account.balances.items():
        held = any((balance.available, balance.locked, balance.lent, balance.borrowed, balance.pending_borrow))
        if held and symbol not in new.assets:
            blocking.append(f"a {symbol} balance")
    for order in state.orders:
        if order.symbol not in new.markets and order.symbol not in new.perps:
            blocking.append(f"open order {order.id} on {order.symbol}")
    for market in state.account.positions:
        if market not in new.perps:
            blocking.append(f"a {market} position")
    return blocking


def move_account(accounts: AccountService, name: str, text: str) -> Event:
    """Move ``name`` onto the snapshot ``text`` (one transaction); ServiceError, changing nothing, if refused."""
    loaded = accounts.load(name)
    new = load_parameters(load_json(text))
    before = loaded.state
    blocking = what_blocks_move(before, new)
    if blocking:
        raise ServiceError(
            f"“{name}” cannot move onto {describe(new)}: it holds {', '.join(blocking)}, which that snapshot "
            "cannot value. Close, repay or withdraw those first, or open a new account on it. Nothing changed."
        )
    after = replace(before, marks=dict(new.marks), pools=_pools_with_own(new, before))
    old_source = loaded.parameters.source
    event = Event(
        EventType.PARAMETERS_CHANGED,
        "",
        before.time,
        reason=(
            f"Moved onto {describe(new)} (from {describe(loaded.parameters)}): marks and pools as fetched, "
            "balances, orders and positions kept"
        ),
        details={
            "from": _sha(loaded),
            "source": new.source,
            "previousSource": old_source,
            "snapshotTime": new.snapshot_time.strftime("%Y-%m-%dT%H:%M:%SZ"),
            "pools": {s: [str(p.lent_quantity), str(p.borrowed_quantity)] for s, p in after.pools.items()},
            "dropped": sorted(set(before.marks) - set(new.marks)),
        },
    )
    try:
        with writing(accounts.store):
            snapshot = ledger.snapshot_row(text, new.source)
            event = replace(event, details={**event.details, "to": snapshot.sha256})
            equity = value_account(after.account, new, after.marks)
            ledger.record(loaded.row, before, after, (event,), ticks=after.marks, equity=equity)
            parameter_switch.point_at_snapshot(loaded.row.id, snapshot, event.details["dropped"])
    finally:
        accounts.forget(name)  # the row points at another snapshot now (or the write failed)
    return event


def describe(parameters: MarginParameters) -> str:
    """``the Backpack public API snapshot of 2026-11-30 12:03 UTC``."""
    source = parameters.source.split(" (")[0]
    return f"the {source} snapshot of {parameters.snapshot_time:%Y-%m-%d %H:%M} UTC"


def _pools_with_own(new: MarginParameters, state: AccountState) -> dict[str, Pool]:
    pools = {}
    for symbol, pool in new.pools.items():
        own = state.account.balances.get(symbol)
        lent = own.lent if own else Decimal(0)
        borrowed = own.borrowed if own else Decimal(0)
        pools[symbol] = Pool(pool.lent_quantity + lent, pool.borrowed_quantity + borrowed)
    return pools


def _sha(loaded: LoadedAccount) -> str:
    return loaded.row.snapshot.sha256
