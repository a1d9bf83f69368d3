"""The account rows: names, lookups, renames, deletion and the price feed's settings."""

from __future__ import annotations

from . import models

AccountRow = models.Account  # what services hold of an account between queries


def account_names() -> list[str]:
    """Every account's name, oldest first."""
    return [row.name for row in models.Account.select(models.Account.name).order_by(models.Account.id)]


def all_accounts() -> list[AccountRow]:
    return list(models.Account.select().order_by(models.Account.id))


def find_account(name: str) -> AccountRow | None:
    return models.Account.get_or_none(models.Account.name == name)


def account_id_of(name: str) -> int:
    """The store's id of the account called ``name`` (DoesNotExist if there is none)."""
    return models.Account.get(models.Account.name == name).id


def any_account() -> bool:
    return models.Account.select().exists()


def name_taken(name: str) -> bool:
    return models.Account.select().where(models.Account.name == name).exists()


def rename_account(account_id: int, new_name: str) -> None:
    models.Account.update(name=new_name).where(models.Account.id == account_id).execute()


def delete_account(row: AccountRow) -> None:
    """The account and everything it owns: its ledger, books, ticks and feed."""
    row.delete_instance(recursive=True)


def set_feed(account_id: int, kind: str, seed: int) -> None:
    """Which feed the account's clock reads, from its first tick (inside the caller's transaction)."""
    models.Account.update(feed_kind=kind, feed_seed=seed, feed_ticks=0).where(models.Account.id == account_id).execute()
