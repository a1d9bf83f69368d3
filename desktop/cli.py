"""The ``margin-desk`` command line: headless subcommands over the engine, or the app.

Bad input exits 2 with one line on stderr naming the problem and nothing on stdout (§8).
"""

from __future__ import annotations

import argparse
import decimal
import json
import sys
from pathlib import Path
from typing import Any, Sequence

from . import __version__
from .engine import InputError, MarginParameters, load_parameters
from .engine.apply_contract import apply
from .engine.contract import evaluate
from .engine.numbers import load_json
from .headless import CommandProblem, add_commands
from .paths import BUNDLED_SNAPSHOT, resource_path

EXIT_BAD_INPUT = 2


class BadInput(Exception):
    """A problem with a file the user gave, already phrased for stderr."""


def read_json_file(path: str | Path) -> Any:
    try:
        text = Path(path).read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as error:
        raise BadInput(f"{path}: cannot read: {getattr(error, 'strerror', None) or error}") from None
    try:
        return load_json(text)
    except ValueError as error:
        raise BadInput(f"{path}: unreadable JSON: {error}") from None


def load_snapshot(path: str | Path | None) -> MarginParameters:
    """The snapshot at ``path``, or the bundled example parameters."""
    source = path or resource_path(BUNDLED_SNAPSHOT)
    raw = read_json_file(source)
    try:
        return load_parameters(raw)
    except InputError as error:
        raise BadInput(f"{source}: {error.field}: {error.problem}") from None


def print_json(value: Any) -> None:
    sys.stdout.write(json.dumps(value, indent=2, ensure_ascii=False) + "\n")


def command_evaluate(arguments: argparse.Namespace) -> int:
    parameters = load_snapshot(arguments.params)
    raw_account = read_json_file(arguments.account)
    try:
        result = evaluate(raw_account, parameters)
    except InputError as error:
        raise BadInput(f"{arguments.account}: {error.field}: {error.problem}") from None
    print_json(result)
    return 0


def command_apply(arguments: argparse.Namespace) -> int:
    parameters = load_snapshot(arguments.params)
    raw_account = read_json_file(arguments.account)
    raw_actions = read_json_file(arguments.actions)
    try:
        result = apply(raw_account, raw_actions, parameters)
    except InputError as error:
        source = arguments.actions if error.field.startswith("actions") else arguments.account
        raise BadInput(f"{source}: {error.field}: {error.problem}") from None
    print_json(result)
    return 0


def command_app(arguments: argparse.Namespace) -> int:
    from .app import run as run_app  # Qt only when the window is wanted

    return run_app(arguments.data_dir, smoke_test=arguments.smoke_test)


def command_overview(arguments: argparse.Namespace) -> int:
    from .overview import print_demo_overview

    return print_demo_overview(load_snapshot(arguments.params))


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="margin-desk", description="Cross-margin workstation (bp-cross-v1).")
    parser.add_argument("--version", action="version", version=f"margin-desk {__version__}")
    parser.add_argument("--data-dir", metavar="DIR", help="data directory (default: the user data directory)")
    parser.add_argument("--smoke-test", action="store_true",
                        help="start on a temporary data directory, build the window, log 'startup complete', quit")
    parser.set_defaults(handler=command_app)
    commands = parser.add_subparsers(title="commands", metavar="COMMAND")
    evaluate_parser = commands.add_parser("evaluate", help="value an ACCOUNT.json and print figures and limits as JSON")
    evaluate_parser.add_argument("account", metavar="ACCOUNT.json")
    evaluate_parser.add_argument(
        "--params", metavar="SNAPSHOT.json", help="parameter snapshot (default: bundled example)"
    )
    evaluate_parser.set_defaults(handler=command_evaluate)
    apply_parser = commands.add_parser("apply", help="run ACTIONS.json on ACCOUNT.json and print the account after")
    apply_parser.add_argument("account", metavar="ACCOUNT.json")
    apply_parser.add_argument("actions", metavar="ACTIONS.json")
    apply_parser.add_argument(
        "--params", metavar="SNAPSHOT.json", help="parameter snapshot (default: bundled example)"
    )
    apply_parser.set_defaults(handler=command_apply)
    add_commands(commands)
    overview = commands.add_parser("overview", help="print the Account Overview of the demo account as text")
    overview.add_argument("--params", metavar="SNAPSHOT.json", help="parameter snapshot (default: bundled example)")
    overview.set_defaults(handler=command_overview)
    return parser


def run(argv: Sequence[str] | None = None) -> int:
    arguments = build_parser().parse_args(argv)
    try:
        return arguments.handler(arguments)
    except (BadInput, CommandProblem) as problem:
        sys.stderr.write(f"margin-desk: {problem}\n")
        return EXIT_BAD_INPUT
    except decimal.DecimalException as error:  # a last guard: numbers the checks did not foresee
        sys.stderr.write(f"margin-desk: a number in the input is out of range ({type(error).__name__})\n")
        return EXIT_BAD_INPUT
