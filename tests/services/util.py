"""Intent-named helpers for service tests: the trader's actions go through ``AccountService.perform``
as the desk's do, one engine function and one transaction each."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from desktop.engine import Outcome
from desktop.services.accounts import AccountService


def act(
    accounts: AccountService, name: str, action: Callable[..., Outcome], *arguments: Any, **options: Any
) -> Outcome:
    """Carry out ``action`` (e.g. ``actions.deposit``, ``orders.place_order``) on account ``name`` with
    these arguments after the state and parameters: ``act(accounts, "Main", actions.deposit, "SOL", D(5))``."""
    return accounts.perform(name, lambda state, parameters: action(state, parameters, *arguments, **options))
