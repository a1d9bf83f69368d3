"""``verify`` replays a ledger exactly, whatever the caller's decimal context (issue 19): the hostile
state machine's account (BTC borrowed 9999999999999999999 at 95000) imported into a real store and
advanced an hour is liquidated and written off; the stored sums need 32 digits, more than Python's
default 28, and once made the store look DAMAGED."""

from __future__ import annotations

import copy
from datetime import timedelta
from decimal import Context, localcontext

from desktop.services.account_files import import_account
from desktop.services.accounts import AccountService
from desktop.services.integrity import verify_store
from desktop.services.simulation import Simulation
from desktop.store.db import open_store
from tests.engine.test_replay_extremes import HOSTILE_BORROW


def test_the_hostile_borrow_advanced_an_hour_verifies_whole(tmp_path):
    store = open_store(tmp_path / "data")
    try:
        accounts = AccountService(store)
        import_account(accounts, "huge borrow", copy.deepcopy(HOSTILE_BORROW))
        Simulation(accounts, "huge borrow").tick(int(timedelta(hours=1, minutes=7).total_seconds()))
        with localcontext(Context()):  # Python's default: 28 digits
            report = verify_store(accounts)
        assert report.whole, report.mismatches
        assert report.events > 5  # the import, the interest, the sales and the write-off
    finally:
        store.close()
