"""The parameter snapshots a replaced Backpack mirror leaves behind."""

from __future__ import annotations

from . import models


def drop_unused_snapshot(snapshot_id: int) -> None:
    """Delete a parameter snapshot no account uses any more (inside the caller's transaction)."""
    if not models.Account.select().where(models.Account.snapshot == snapshot_id).exists():
        models.ParameterSnapshot.delete().where(models.ParameterSnapshot.id == snapshot_id).execute()
