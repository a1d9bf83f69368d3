"""``margin-desk simulate --hours N``: advance an account's clock headless and print one summary line.

Every argument is checked before the store is opened (whole ASCII numbers within their range; a
tick of at least a minute), and the store is checked before anything is written: a damaged store,
a ledger that does not replay, or read-only media end with one line and nothing simulated.
"""

from __future__ import annotations

import argparse
import re
import time
from datetime import datetime
from pathlib import Path

from ..engine import AccountValuation
from ..services.accounts import AccountService, ServiceError
from ..services.feeds import FeedError
from ..services.integrity import check_on_open
from ..services.simulation import Simulation
from ..store.db import StoreError, open_store
from ..text.formatting import TERMINAL, percent, usd
from .common import CommandProblem, data_directory

MAX_HOURS = 1_000_000  # about 114 years of simulated time in one run
MAX_TICK_MINUTES = 525_600  # a year
MAX_SEED = 2**63 - 1  # what the store's integer column holds
WHOLE_NUMBER = re.compile(r"[0-9]{1,20}")


def whole_number(text: str | int, option: str, low: int, high: int) -> int:
    """``text`` as a whole number from ``low`` to ``high``, or one line naming the option."""
    text = str(text).strip()
    if not WHOLE_NUMBER.fullmatch(text) or not low <= int(text) <= high:
        shown = text if len(text) <= 24 and text.isprintable() else text[:24].encode("unicode_escape").decode() + "…"
        raise CommandProblem(f"{option} takes a whole number from {low:,} to {high:,}, not {shown!r}")
    return int(text)


def read_feed_file(path: str) -> str:
    try:
        return Path(path).read_text(encoding="utf-8")
    except UnicodeDecodeError:
        raise CommandProblem(f"{path}: cannot read: not UTF-8 text") from None
    except OSError as error:
        raise CommandProblem(f"{path}: cannot read: {error.strerror or error}") from None


def run(arguments: argparse.Namespace) -> int:
    hours = whole_number(arguments.hours, "--hours", 0, MAX_HOURS)
    tick_minutes = whole_number(arguments.tick_minutes, "--tick-minutes", 1, MAX_TICK_MINUTES)
    seed = None if arguments.seed is None else whole_number(arguments.seed, "--seed", 0, MAX_SEED)
    scenario = read_feed_file(arguments.scenario) if arguments.scenario else None
    prices = read_feed_file(arguments.csv) if arguments.csv else None
    try:
        store = open_store(data_directory(arguments))
    except StoreError as error:
        raise CommandProblem(str(error)) from None
    try:
        if store.read_only:
            raise CommandProblem(f"{store.read_only_reason} Nothing was simulated.")
        accounts = AccountService(store)
        check = check_on_open(accounts, pages=True)
        if not check.whole:
            raise CommandProblem(f"{check.summary()} Nothing was simulated.")
        try:
            accounts.ensure_demo_account()
            simulation = Simulation(accounts, arguments.account)
            if seed is not None:
                simulation.use_random_walk(seed)
            if scenario is not None:
                simulation.use_scenario(scenario)
            if prices is not None:
                simulation.use_csv(prices)
        except FeedError as error:
            raise CommandProblem(f"{arguments.scenario or arguments.csv}: {error}") from None
        except ServiceError as error:
            raise CommandProblem(str(error)) from None
        return _simulate(accounts, simulation, arguments.account, hours, tick_minutes)
    finally:
        store.close()


def summary_line(
    account: str, clock: datetime, valuation: AccountValuation, liquidations: int, ticks: int, seconds: float
) -> str:
    """The one line ``simulate`` prints, in TERMINAL style (ASCII signs, like ``overview``)."""
    return (
        f"{account} at {clock.isoformat().replace('+00:00', 'Z')}: "
        f"equity {usd(valuation.net_equity, TERMINAL)} USD, IM {usd(valuation.initial_margin, TERMINAL)}, "
        f"MM {usd(valuation.maintenance_margin, TERMINAL)}, "
        f"margin fraction {percent(valuation.margin_fraction, style=TERMINAL)}, "
        f"{liquidations} liquidation step{'s' if liquidations != 1 else ''}; {ticks} ticks in {seconds:.2f} s"
    )


def _simulate(accounts: AccountService, simulation: Simulation, name: str, hours: int, tick_minutes: int) -> int:
    liquidations = 0
    ticks = 0
    started = time.perf_counter()
    last = None
    try:
        for last in simulation.ticks(hours, tick_seconds=tick_minutes * 60):
            ticks += 1
            liquidations += last.liquidations
    except ServiceError as error:
        raise CommandProblem(f"{error} ({ticks:,} tick{'s' if ticks != 1 else ''} were saved before it.)") from None
    elapsed = time.perf_counter() - started
    loaded = accounts.load(name)
    if last is None:
        from ..engine import value_account

        valuation = value_account(loaded.state.account, loaded.parameters, loaded.state.marks)
    else:
        valuation = last.valuation
    print(summary_line(name, loaded.state.time, valuation, liquidations, ticks, elapsed))
    return 0
