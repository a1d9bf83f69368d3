"""``margin-desk simulate`` and ``margin-desk verify``: the services without a window."""

from __future__ import annotations

import argparse
import time
from pathlib import Path

from .paths import user_data_dir
from .services.accounts import AccountService, ServiceError
from .services.feeds import FeedError
from .services.integrity import verify_store
from .services.simulation import Simulation
from .store.db import StoreError, integrity_problem, open_store

EXIT_MISMATCH = 1


class CommandProblem(Exception):
    """A problem to print on one line and exit 2 with."""


def data_directory(arguments: argparse.Namespace) -> Path:
    return Path(arguments.data_dir) if getattr(arguments, "data_dir", None) else user_data_dir()


def money(value) -> str:
    return f"{value:,.2f}"


def command_simulate(arguments: argparse.Namespace) -> int:
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
            from .engine import value_account

            valuation = value_account(loaded.state.account, loaded.parameters, loaded.state.marks)
        else:
            valuation = last.valuation
        fraction = "—" if valuation.margin_fraction is None else f"{valuation.margin_fraction * 100:.2f} %"
        print(f"{arguments.account} at {loaded.state.time.isoformat().replace('+00:00', 'Z')}: "
              f"equity {money(valuation.net_equity)} USD, IM {money(valuation.initial_margin)}, "
              f"MM {money(valuation.maintenance_margin)}, margin fraction {fraction}, "
              f"{liquidations} liquidation step{'s' if liquidations != 1 else ''}; {ticks} ticks in {elapsed:.2f} s")
        return 0
    finally:
        store.close()


def command_verify(arguments: argparse.Namespace) -> int:
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
        print(f"ok: {report.accounts} account{'s' if report.accounts != 1 else ''}, {report.events} ledger events "
              f"replay to the stored balances and pools ({directory})")
        return 0
    print(f"MISMATCH in {directory}:")
    for problem in report.mismatches:
        print(f"  {problem}")
    return EXIT_MISMATCH


def add_commands(commands) -> None:
    simulate = commands.add_parser("simulate", help="advance an account's clock N hours headless")
    simulate.add_argument("--data-dir", metavar="DIR", help="data directory (default: the user data directory)")
    simulate.add_argument("--account", default="Demo", metavar="NAME", help="account name (default: Demo)")
    simulate.add_argument("--hours", type=int, required=True, metavar="N")
    simulate.add_argument("--seed", type=int, metavar="S", help="random-walk seed (switches to the random walk)")
    simulate.add_argument("--scenario", metavar="FILE", help="scripted price moves, e.g. 'SOL -30%% over 1h'")
    simulate.add_argument("--csv", metavar="FILE", help="replay prices from a time,symbol,price CSV")
    simulate.add_argument("--tick-minutes", type=int, default=60, metavar="M", help="simulated minutes per tick")
    simulate.set_defaults(handler=command_simulate)
    verify = commands.add_parser("verify", help="replay every ledger and compare with the stored balances")
    verify.add_argument("--data-dir", metavar="DIR", help="data directory (default: the user data directory)")
    verify.set_defaults(handler=command_verify)
