"""``margin-desk import ACCOUNT.json --name NAME``: a new account from an ACCOUNT.json.

It takes what ``evaluate`` and ``apply`` read (MARGIN_MODEL.md §8, §10): balances, settings, marks,
``time``, open orders (spot and perp, reduce-only kept) and perp positions, on the bundled parameters
or ``--params``. The file is read and checked through the engine's boundary before the store is
opened: a bad file exits 2 with one line naming the field, and nothing is created. The account is
marked "imported" and written in one transaction; ``margin-desk verify`` replays it like any other.
"""

from __future__ import annotations

import argparse

from ..engine import InputError, load_parameters
from ..engine.apply_contract import parse_state
from ..engine.boundary.bounds import MAX_DOCUMENT_BYTES
from ..engine.numbers import load_json
from ..paths import BUNDLED_SNAPSHOT, resource_file
from ..services.account_files import import_account
from ..services.accounts import AccountService, ServiceError
from ..services.integrity import check_on_open
from ..store.db import StoreError, open_store
from .common import CommandProblem, data_directory, problem_of, read_json_file, read_text_file


def run(arguments: argparse.Namespace) -> int:
    document = read_json_file(arguments.account)
    params = arguments.params or resource_file(BUNDLED_SNAPSHOT)
    snapshot_text = read_text_file(params, MAX_DOCUMENT_BYTES)
    try:
        parameters = load_parameters(load_json(snapshot_text, str(params)))
    except InputError as error:
        raise problem_of(error, params) from None
    try:
        state = parse_state(document, parameters)  # every field named before anything is written
    except InputError as error:
        raise problem_of(error, arguments.account) from None
    try:
        store = open_store(data_directory(arguments))
    except StoreError as error:
        raise CommandProblem(str(error)) from None
    try:
        if store.read_only:
            raise CommandProblem(f"{store.read_only_reason} Nothing was imported.")
        accounts = AccountService(store)
        check = check_on_open(accounts)
        if not check.whole:
            raise CommandProblem(f"{check.summary()} Nothing was imported.")
        try:
            import_account(
                accounts,
                arguments.name,
                document,
                snapshot_text if arguments.params else None,
                f"{arguments.params} (margin-desk import)" if arguments.params else "bundled example parameters",
                source_name=f"the file {arguments.account}",
            )
        except ServiceError as error:
            raise CommandProblem(str(error)) from None
    finally:
        store.close()
    account = state.account
    print(
        f"imported {arguments.name.strip()!r} from {arguments.account}: {len(account.balances)} balance(s), "
        f"{len(account.positions)} perp position(s), {len(state.orders)} open order(s) ({store.directory})"
    )
    return 0
