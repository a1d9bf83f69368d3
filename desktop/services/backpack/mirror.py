"""A read-only mirror of a real Backpack account: connect, read, value with the engine, reconcile, plan.

The window (and ``margin-desk fetch-account``) call this module only:

- ``open_account_client(api_key, secret, base_url=None, timeout=…)``: checks the key pair locally
  (``BadCredentials``) and returns an ``AccountClient`` (a context manager; close it when done).
- ``check_connection(client)``: one signed read of ``/api/v1/account``; raises ``BackpackRefused``
  (signature or key refused, ``ClockOff``) or another ``BackpackError``.
- ``read_mirror(client, progress=…)``: Backpack's public parameters and the account, read in one go,
  as a ``MirrorReading``: the ACCOUNT.json (``document``), the snapshot, ``evaluate``'s answer and the
  ``reconciliation``.
- ``plan_copy(accounts, name, reading)``: a new simulated account from the reading (perps included), on its
  live snapshot.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any

from ...engine import InputError, load_parameters
from ...engine.contract import evaluate
from .account_mapping import MappedAccount, map_account
from .http import DEFAULT_TIMEOUT, Transport
from .private import AccountClient, AccountData, AccountSettings, read_account
from .public import PublicClient
from .reading import read_public_data
from .reconcile import Reconciliation, reconcile
from .signing import SigningKey
from .snapshot import SnapshotSummary, build_snapshot

Progress = Callable[[str, int, int], None]
PUBLIC_STEPS = 6  # reading.read_public_data's requests
ACCOUNT_STEPS = 6  # private.read_account's


class MappingRejected(ValueError):
    """The engine refuses the mapped account: a bug in the mapping (or the engine), named by field."""


@dataclass(frozen=True)
class ConnectionCheck:
    api_key: str
    settings: AccountSettings
    clock_offset_ms: int  # Backpack's clock minus ours, if a "Request has expired" made us measure it


@dataclass(frozen=True)
class MirrorReading:
    fetched_at: datetime
    base_url: str
    data: AccountData
    snapshot: dict[str, Any]
    snapshot_summary: SnapshotSummary
    mapped: MappedAccount
    evaluated: dict[str, Any]
    reconciliation: Reconciliation

    @property
    def document(self) -> dict[str, Any]:
        """The ACCOUNT.json of MARGIN_MODEL.md §8/§10."""
        return self.mapped.document

    def summary_line(self) -> str:
        document = self.document
        flags = self.reconciliation.flags
        unexplained = len(self.reconciliation.unexplained)
        line = (
            f"Backpack account at {document['time']}: {len(document['balances'])} assets, "
            f"{len(document.get('positions', {}))} positions, {len(document.get('openOrders', []))} open orders"
        )
        if self.mapped.left_out:
            line += f", {len(self.mapped.left_out)} left out"
        line += f"; {len(flags)} differences above 0.1 %" + (f" ({unexplained} unexplained)" if unexplained else "")
        if self.data.clock_offset_ms:
            line += f"; {clock_note(self.data.clock_offset_ms)}"
        return line


def clock_note(offset_ms: int) -> str:
    from .errors import clock_line

    return f"{clock_line(offset_ms)}: timestamps corrected for this session"


def open_account_client(
    api_key: str, secret: str, base_url: str | None = None, timeout: float = DEFAULT_TIMEOUT
) -> AccountClient:
    """A signed client; raises BadCredentials (the pair does not belong together) or BadBaseUrl."""
    key = SigningKey(api_key, secret)
    return AccountClient(Transport(base_url, timeout=timeout), key)


def check_connection(client: AccountClient) -> ConnectionCheck:
    settings = client.account()
    return ConnectionCheck(client.signer.key.api_key, settings, client.signer.offset_ms if client.synced else 0)


def read_mirror(
    client: AccountClient,
    *,
    now: Callable[[], datetime] = lambda: datetime.now(UTC),
    progress: Progress | None = None,
) -> MirrorReading:
    """Public parameters, then the account (so its marks are the later ones), mapped, valued, reconciled."""
    total = PUBLIC_STEPS + ACCOUNT_STEPS + 1

    def public_progress(what: str, done: int, _total: int) -> None:
        if progress:
            progress(what, done, total)

    def account_progress(what: str, done: int, _total: int) -> None:
        if progress:
            progress(what, PUBLIC_STEPS + done, total)

    public = read_public_data(PublicClient(client.transport), public_progress)
    data = read_account(client, account_progress)
    fetched_at = now()
    snapshot, summary = build_snapshot(public, fetched_at, client.transport.base_url)
    if progress:
        progress("valuing the account", total - 1, total)
    parameters = load_parameters(snapshot)
    perps = getattr(parameters, "perps", None)
    mapped = map_account(data, snapshot, fetched_at, list(perps) if perps is not None else None)
    try:
        evaluated = evaluate(json.loads(json.dumps(mapped.document)), parameters)
    except InputError as error:
        raise MappingRejected(f"the engine refuses the mapped account: {error.field}: {error.problem}") from None
    reconciliation = reconcile(data, mapped, snapshot, evaluated)
    return MirrorReading(
        fetched_at, client.transport.base_url, data, snapshot, summary, mapped, evaluated, reconciliation
    )


def plan_copy(accounts: Any, name: str, reading: MirrorReading) -> None:
    """A new simulated account ``name`` holding the mirror as read (balances, settings, open orders, perp
    positions and perp orders), on the reading's live parameters.

    Every action, what-if and the clock then work as usual; the real account is never touched. Raises
    ``ServiceError`` (a bad or taken name, a document the engine refuses) and then writes nothing.
    """
    from ...engine.numbers import load_json
    from ...engine.vocabulary import AccountOrigin
    from ..account_files import import_account

    document = {key: value for key, value in reading.document.items() if key != "backpack"}
    import_account(
        accounts,
        name,
        load_json(json.dumps(document)),
        snapshot_text=json.dumps(reading.snapshot, indent=2, ensure_ascii=False),
        source=f"Backpack public API at {reading.document['time']} (plan from a Backpack account)",
        origin=AccountOrigin.SIMULATED,
        source_name="a Backpack account (plan from it)",
    )


def problem_sentence(error: BaseException) -> str:
    """What went wrong, in one sentence for the window. Built from our own messages (which never carry
    the secret); anything unexpected is named by its kind only."""
    from .errors import BackpackError, BackpackRefused, BackpackUnavailable, BadBaseUrl
    from .signing import BadCredentials
    from .snapshot import SnapshotRejected

    if isinstance(error, BackpackRefused):  # the signature, the key or the clock (ClockOff)
        text = str(error)
    elif isinstance(error, BackpackUnavailable):
        text = f"Backpack cannot be reached ({error.problem}): check the internet connection and try again"
    elif isinstance(error, BackpackError):
        text = f"Backpack's answer could not be used ({error})"
    elif isinstance(error, BadCredentials):
        text = f"The key cannot be used: {error}"
    elif isinstance(error, BadBaseUrl | MappingRejected | SnapshotRejected):
        text = str(error)
    else:
        text = f"Reading the account failed unexpectedly ({type(error).__name__})"
    text = text.strip()
    text = text[:1].upper() + text[1:]
    return text if text.endswith((".", "?", "!")) else text + "."
