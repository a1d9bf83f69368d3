"""``margin-desk simulate --hours N``: advance an account's clock headless and print one summary line."""

from __future__ import annotations

import argparse
import time
from datetime import datetime
from pathlib import Path

from ..engine import AccountValuation
from ..services.accounts import AccountService, ServiceError
from ..services.feeds import FeedError
from ..services.integrity import verify_store
from ..services.simulation import Simulation
from ..store.db import StoreError, open_store
from ..text.formatting import TERMINAL, percent, usd
from .common import CommandProblem, data_directory


def summary_line(
    account: str, time: datetime, valuation: AccountValuation, liquidations: int, ticks: int, seconds: float
) -> str:
    """The one line ``simulate`` prints, in TERMINAL style (ASCII signs, like ``overview``)."""
    return (
        f"{account} at {time.isoformat().replace('+00:00', 'Z')}: "
        f"equity {usd(valuation.net_equity, TERMINAL)} USD, IM {usd(valuation.initial_margin, TERMINAL)}, "
        f"MM {usd(valuation.maintenance_margin, TERMINAL)}, "
        f"margin fraction {percent(valuation.margin_fraction, style=TERMINAL)}, "
        f"{liquidations} liquidation step{'s' if liquidations != 1 else ''}; {ticks} ticks in {seconds:.2f} s"
    )


def run(arguments: argparse.Namespace) -> int:
    if arguments.hours < 0:
        raise CommandProblem("--hours must not be negative")
    try:
        store = open_store(data_directory(arguments))
    except StoreError as error:
        raise CommandProblem(str(error)) from None
    try:
        accounts = AccountService(store)
        accounts.ensure_demo_account()
        report = verify_store(accounts)
        if not report.whole:
            raise CommandProblem("the ledger does not match the stored balances; run margin-desk verify")
        try:
            simulation = Simulation(accounts, arguments.account)
            if arguments.seed is not None:
                simulation.use_random_walk(arguments.seed)
            if arguments.scenario:
                simulation.use_scenario(Path(arguments.scenario).read_text(encoding="utf-8"))
            if arguments.csv:
                simulation.use_csv(Path(arguments.csv).read_text(encoding="utf-8"))
        except (ServiceError, FeedError) as error:
            source = arguments.scenario or arguments.csv or ""
            raise CommandProblem(f"{source + ': ' if isinstance(error, FeedError) else ''}{error}") from None
        except OSError as error:
            raise CommandProblem(f"cannot read {error.filename}: {error.strerror}") from None
        liquidations = 0
        ticks = 0
        started = time.perf_counter()
        last = None
        for last in simulation.run_hours(arguments.hours, tick_seconds=arguments.tick_minutes * 60):
            ticks += 1
            liquidations += last.liquidations
        elapsed = time.perf_counter() - started
        loaded = accounts.load(arguments.account)
        if last is None:
            from ..engine import value_account

            valuation = value_account(loaded.state.account, loaded.parameters, loaded.state.marks)
        else:
            valuation = last.valuation
        print(summary_line(arguments.account, loaded.state.time, valuation, liquidations, ticks, elapsed))
        return 0
    finally:
        store.close()
