"""``margin-desk verify``: replay every ledger from empty and compare it with the stored state."""

from __future__ import annotations

import argparse

from ..services.accounts import AccountService
from ..services.integrity import verify_store
from ..store.db import StoreError, integrity_problem, open_store
from .common import EXIT_MISMATCH, CommandProblem, data_directory


def run(arguments: argparse.Namespace) -> int:
    directory = data_directory(arguments)
    try:
        store = open_store(directory)
    except StoreError as error:
        raise CommandProblem(str(error)) from None
    try:
        damage = integrity_problem(store.db)
        report = verify_store(AccountService(store))
    finally:
        store.close()
    if damage is not None:
        print(f"DAMAGED: {directory}: SQLite integrity check: {damage}")
        return EXIT_MISMATCH
    if report.whole:
        print(
            f"ok: {report.accounts} account{'s' if report.accounts != 1 else ''}, {report.events} ledger events "
            f"replay to the stored balances and pools ({directory})"
        )
        return 0
    print(f"MISMATCH in {directory}:")
    for problem in report.mismatches:
        print(f"  {problem}")
    return EXIT_MISMATCH
