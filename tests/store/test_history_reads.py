"""History's reads of the ledger (``numbered_events``, ``newest_number``) answer what a plain filter
over every stored event answers, for each filter History builds: types shown or left out, markets,
dates, and the events after or before a ledger number, a page at a time."""

from __future__ import annotations

import random
from decimal import Decimal as D

from desktop.engine import actions
from desktop.services.accounts import AccountService
from desktop.services.simulation import Simulation
from desktop.store import models
from desktop.store.db import open_store
from desktop.store.history import LEDGER_COLUMNS, ledger_rows, newest_number, numbered_events
from desktop.store.ledger import event_from_row


def every_event(account_id: int) -> list[tuple[int, object]]:
    """(number, event) of each stored event, newest first, read without any filter."""
    return [(row[0], event_from_row(dict(zip(LEDGER_COLUMNS, row)))) for row in reversed(list(ledger_rows(account_id)))]


def plainly(
    events, types=None, symbols=(), since=None, until=None, offset=0, limit=None, excluded=(), after=0, before=None
):
    kinds = (types,) if isinstance(types, str) else types
    kept = [
        (number, event)
        for number, event in events
        if (kinds is None or event.type in kinds)
        and (not symbols or event.symbol in symbols)
        and (since is None or event.time.timestamp() >= since)
        and (until is None or event.time.timestamp() <= until)
        and event.type not in excluded
        and number > after
        and (before is None or number < before)
    ]
    return kept[offset:] if limit is None else kept[offset : offset + limit]


def test_each_filter_reads_what_a_plain_filter_over_the_ledger_reads(tmp_path):
    store = open_store(tmp_path)
    try:
        service = AccountService(store)
        service.ensure_demo_account()
        assert service.perform("Demo", lambda state, p: actions.borrow(state, p, "SOL", D(1))).accepted
        simulation = Simulation(service, "Demo")
        for _ in range(12):
            simulation.tick(3600)  # prices, interest: events of several types and symbols
        account_id = service.load("Demo").row.id
        events = every_event(account_id)
        assert len(events) > 12 and newest_number(account_id) == events[0][0]
        kinds = sorted({event.type for _number, event in events})
        symbols = sorted({event.symbol for _number, event in events})
        times = sorted({int(event.time.timestamp()) for _number, event in events})
        numbers = [number for number, _event in events]
        chance = random.Random(14)
        for _ in range(300):
            query = {
                "types": chance.choice([None, chance.choice(kinds), tuple(chance.sample(kinds, 2)), ()]),
                "symbols": tuple(chance.sample(symbols, chance.choice([0, 0, 1, 2]))),
                "since": chance.choice([None, chance.choice(times)]),
                "until": chance.choice([None, chance.choice(times)]),
                "offset": chance.choice([0, 0, 2]),
                "limit": chance.choice([None, 1, 3, 500]),
                "excluded": tuple(chance.sample(kinds, chance.choice([0, 1]))),
                "after": chance.choice([0, chance.choice(numbers)]),
                "before": chance.choice([None, chance.choice(numbers)]),
            }
            read = numbered_events(
                account_id,
                query["types"],
                query["symbols"],
                query["since"],
                query["until"],
                query["offset"],
                query["limit"],
                query["excluded"],
                query["after"],
                query["before"],
            )
            assert read == plainly(events, **query), query
        assert numbered_events(account_id, ()) == []
    finally:
        store.close()
    assert models.database.is_closed()
