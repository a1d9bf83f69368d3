"""An account's origin column (schema 4) and the parameter snapshots a replaced mirror leaves behind."""

from __future__ import annotations

from . import models


def set_origin(name: str, origin: str) -> None:
    """Schema 4's ``account.origin``; before it the column does not exist and nothing is written."""
    if "origin" in models.Account._meta.fields:
        models.Account.update(origin=origin).where(models.Account.name == name).execute()


def drop_unused_snapshot(snapshot_id: int) -> None:
    """Delete a parameter snapshot no account uses any more (inside the caller's transaction)."""
    if not models.Account.select().where(models.Account.snapshot == snapshot_id).exists():
        models.ParameterSnapshot.delete().where(models.ParameterSnapshot.id == snapshot_id).execute()
