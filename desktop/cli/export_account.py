"""``margin-desk export NAME [--out FILE]``: an account as ACCOUNT.json.

The file is what ``evaluate`` and ``apply`` read (MARGIN_MODEL.md §8, §10): balances, settings,
marks, ``time``, ``openOrders`` (spot with what they hold back, perp with ``reduceOnly``) and perp
``positions``; ``margin-desk import`` reads it back into the same account. It only reads the store
(as ``verify`` does: shared locks, nothing created). ``--out`` is written whole or not at all.
"""

from __future__ import annotations

import argparse
from pathlib import Path

from ..engine.json_codec import write_json
from ..services.account_files import export_account
from ..services.accounts import AccountService, ServiceError
from ..store.db import StoreError, open_read_only
from .common import CommandProblem, data_directory, write_output
from .fetch_params import write_atomically


def run(arguments: argparse.Namespace) -> int:
    try:
        store = open_read_only(data_directory(arguments), "margin-desk export only reads.")
    except StoreError as error:
        raise CommandProblem(str(error)) from None
    try:
        with store.reading():
            document = export_account(AccountService(store), arguments.name)
    except ServiceError as error:
        raise CommandProblem(str(error)) from None
    finally:
        store.close()
    text = write_json(document) + "\n"
    if not arguments.out:
        write_output(text)
        return 0
    try:
        write_atomically(Path(arguments.out), text)
    except OSError as error:
        raise CommandProblem(f"cannot write {arguments.out}: {error.strerror or error}; nothing written") from None
    return 0
