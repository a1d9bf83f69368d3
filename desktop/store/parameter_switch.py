"""Moving an account onto another stored parameter snapshot (inside the caller's transaction).

The books themselves (balances, pools, marks) are written by ``ledger.record`` with the move's event;
this only points the account row at the new snapshot and drops the pool and mark rows of assets the
new snapshot does not have (the service has refused the move if the account holds any of them).
"""

from __future__ import annotations

from collections.abc import Iterable

from . import models


def point_at_snapshot(account_id: int, snapshot: models.ParameterSnapshot, dropped: Iterable[str]) -> None:
    models.Account.update(snapshot=snapshot.id).where(models.Account.id == account_id).execute()
    dropped = list(dropped)
    if dropped:
        for table in (models.PoolState, models.MarkPrice):
            table.delete().where((table.account == account_id) & (table.symbol.in_(dropped))).execute()


def snapshot_texts(source: str) -> list[tuple[int, str]]:
    """(id, content) of every stored snapshot from ``source``, newest first."""
    query = (
        models.ParameterSnapshot.select(models.ParameterSnapshot.id, models.ParameterSnapshot.content)
        .where(models.ParameterSnapshot.source == source)
        .order_by(models.ParameterSnapshot.id.desc())
    )
    return [(row.id, row.content) for row in query]
