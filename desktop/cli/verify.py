"""``margin-desk verify``: replay every ledger from empty and compare it with the stored state.

It only reads: the store is opened with SQLite's ``mode=ro`` under shared locks, nothing is created
(not even in a mistyped directory), and it works on read-only media. A store that needs an upgrade
or a crash recovery is checked on a temporary copy that gets them.
"""

from __future__ import annotations

import argparse

from ..services.accounts import AccountService
from ..services.integrity import check_store
from ..store.db import StoreError, open_read_only
from .common import EXIT_MISMATCH, CommandProblem, data_directory


def run(arguments: argparse.Namespace) -> int:
    directory = data_directory(arguments)
    try:
        store = open_read_only(directory)
    except StoreError as error:
        raise CommandProblem(str(error)) from None
    try:
        check = check_store(AccountService(store), pages=True)
        copied = store.copy is not None
    finally:
        store.close()
    report = check.report
    if check.damage is not None or report is None:
        print(f"DAMAGED: {directory}: {check.damage}")
        return EXIT_MISMATCH
    if report.whole:
        note = "; checked on an upgraded copy, the store itself is unchanged" if copied else ""
        print(
            f"ok: {report.accounts} account{'s' if report.accounts != 1 else ''}, {report.events} ledger events "
            f"replay to the stored balances, pools, orders and positions ({directory}{note})"
        )
        return 0
    print(f"MISMATCH in {directory}:")
    for problem in report.mismatches:
        print(f"  {problem}")
    return EXIT_MISMATCH
