"""The ``margin-desk`` command line: headless subcommands over the engine and the store, or the app.

Each subcommand lives in its own module, imported only when that command runs: ``evaluate`` and
``apply`` then load the engine alone, not the store, peewee or Qt, and read their few arguments
without argparse (``quick.py``): start-up time, PRODUCT.md §5.
Bad input exits 2 with one line on stderr naming the problem and nothing on stdout (§8).
"""

from __future__ import annotations

import decimal
import importlib
import sys

from .. import __version__
from .quick import quick_arguments

TYPE_CHECKING = False
if TYPE_CHECKING:
    import argparse
    from collections.abc import Callable, Sequence

    from .quick import Arguments

DATA_DIR_HELP = "data directory (default: the user data directory)"
PARAMS_HELP = "parameter snapshot (default: bundled example)"


def _handler(module: str) -> Callable[[Arguments], int]:
    """A handler that imports ``desktop.cli.<module>`` when the command runs and calls its ``run``."""

    def handle(arguments: Arguments) -> int:
        return importlib.import_module(f"{__name__}.{module}").run(arguments)

    return handle


def say(message: str) -> None:
    """One line on stderr, control characters escaped; a closed stderr is silently skipped."""
    from ..engine.boundary.text import printable

    try:
        sys.stderr.write(f"{printable(message, 600)}\n")
        sys.stderr.flush()
    except (AttributeError, OSError, ValueError):
        pass


def build_parser() -> argparse.ArgumentParser:
    import argparse

    class OneLineParser(argparse.ArgumentParser):
        """argparse, but a bad argument is one line on stderr and exit 2 (the usage is one --help away)."""

        def error(self, message: str):  # type: ignore[override]
            say(f"{self.prog}: {message} (see margin-desk --help)")
            sys.exit(2)

    parser = OneLineParser(prog="margin-desk", description="Cross-margin workstation (bp-cross-v2).")
    parser.add_argument("--version", action="version", version=f"margin-desk {__version__}")
    parser.add_argument("--data-dir", metavar="DIR", help=DATA_DIR_HELP)
    parser.add_argument(
        "--smoke-test",
        action="store_true",
        help="start on a temporary data directory, build the window, log 'startup complete', quit",
    )
    parser.add_argument("--account", dest="open_account", metavar="NAME", help="open the window on this account")
    parser.set_defaults(handler=_handler("window"))
    commands = parser.add_subparsers(title="commands", metavar="COMMAND")

    evaluate = commands.add_parser("evaluate", help="value an ACCOUNT.json and print figures and limits as JSON")
    evaluate.add_argument("account", metavar="ACCOUNT.json")
    evaluate.add_argument("--params", metavar="SNAPSHOT.json", help=PARAMS_HELP)
    evaluate.set_defaults(handler=_handler("evaluate"))

    apply = commands.add_parser("apply", help="run ACTIONS.json on ACCOUNT.json and print the account after")
    apply.add_argument("account", metavar="ACCOUNT.json")
    apply.add_argument("actions", metavar="ACTIONS.json")
    apply.add_argument("--params", metavar="SNAPSHOT.json", help=PARAMS_HELP)
    apply.set_defaults(handler=_handler("apply"))

    simulate = commands.add_parser("simulate", help="advance an account's clock N hours headless")
    simulate.add_argument("--data-dir", metavar="DIR", help=DATA_DIR_HELP)
    simulate.add_argument("--account", default="Demo", metavar="NAME", help="account name (default: Demo)")
    # Numbers stay text here: simulate checks them itself, for a one-line error (argparse's int() takes
    # "1_000" and Arabic digits, and its errors come with a usage line).
    simulate.add_argument("--hours", required=True, metavar="N")
    simulate.add_argument("--seed", metavar="S", help="random-walk seed (switches to the random walk)")
    simulate.add_argument("--scenario", metavar="FILE", help="scripted price moves, e.g. 'SOL -30%% over 1h'")
    simulate.add_argument("--csv", metavar="FILE", help="replay prices from a time,symbol,price CSV")
    simulate.add_argument("--tick-minutes", default="60", metavar="M", help="simulated minutes per tick (at least 1)")
    simulate.set_defaults(handler=_handler("simulate"))

    verify = commands.add_parser("verify", help="replay every ledger and compare with the stored balances")
    verify.add_argument("--data-dir", metavar="DIR", help=DATA_DIR_HELP)
    verify.set_defaults(handler=_handler("verify"))

    importing = commands.add_parser(
        "import", help="create an account from an ACCOUNT.json (balances, settings, open orders, perp positions)"
    )
    importing.add_argument("account", metavar="ACCOUNT.json")
    importing.add_argument("--name", required=True, metavar="NAME", help="the new account's name")
    importing.add_argument("--params", metavar="SNAPSHOT.json", help=PARAMS_HELP)
    importing.add_argument("--data-dir", metavar="DIR", help=DATA_DIR_HELP)
    importing.set_defaults(handler=_handler("import_account"))

    export = commands.add_parser("export", help="write an account as ACCOUNT.json (what evaluate and apply read)")
    export.add_argument("name", metavar="NAME")
    export.add_argument("--out", metavar="FILE", help="write to FILE, whole or not at all (default: stdout)")
    export.add_argument("--data-dir", metavar="DIR", help=DATA_DIR_HELP)
    export.set_defaults(handler=_handler("export_account"))

    overview = commands.add_parser("overview", help="print the Account Overview of the demo account as text")
    overview.add_argument("--params", metavar="SNAPSHOT.json", help=PARAMS_HELP)
    overview.set_defaults(handler=_handler("overview"))

    fetch = commands.add_parser(
        "fetch-params", help="read Backpack's public API and write its parameters and prices as a snapshot"
    )
    fetch.add_argument(
        "--base-url",
        metavar="URL",
        help="Backpack API (default: $MARGIN_DESK_BACKPACK_URL or https://api.backpack.exchange)",
    )
    fetch.add_argument("--timeout", default="10", metavar="S", help="seconds per request try (default: 10)")
    fetch.add_argument("--out", metavar="FILE", help="write the snapshot to FILE (default: stdout)")
    fetch.set_defaults(handler=_handler("fetch_params"))

    account = commands.add_parser(
        "fetch-account",
        help="read a Backpack account read-only, write it as ACCOUNT.json and print Backpack's figures beside ours",
        allow_abbrev=False,  # "--secret VALUE" must not pass for --secret-file and end up quoted in a message
    )
    account.add_argument("--api-key", required=True, metavar="KEY", help="the API key (its public key, base64)")
    account.add_argument(
        "--secret-file",
        required=True,
        metavar="FILE",
        help="a file holding the API secret (base64), readable by you only (chmod 600)",
    )
    account.add_argument(
        "--base-url",
        metavar="URL",
        help="Backpack API (default: $MARGIN_DESK_BACKPACK_URL or https://api.backpack.exchange)",
    )
    account.add_argument("--timeout", default="10", metavar="S", help="seconds per request try (default: 10)")
    account.add_argument(
        "--out", default="ACCOUNT.json", metavar="FILE", help="where to write the account (default: ACCOUNT.json)"
    )
    account.set_defaults(handler=_handler("fetch_account"))
    return parser


def run(argv: Sequence[str] | None = None) -> int:
    """Run one command; every problem it meets ends as exit 2 and one line on stderr."""
    from .common import BadInput, OutputProblem, flush_output, silence_output

    words = sys.argv[1:] if argv is None else list(argv)
    arguments = quick_arguments(words, _handler) or build_parser().parse_args(words)
    try:
        code = arguments.handler(arguments)
        flush_output()  # what print() buffered: a full disk or a closed pipe shows here, not at exit
        return code
    except BadInput as problem:
        say(f"margin-desk: {problem}")
    except (OutputProblem, BrokenPipeError) as problem:
        silence_output()
        say(f"margin-desk: {problem if isinstance(problem, OutputProblem) else 'the output pipe was closed'}")
    except decimal.DecimalException as error:  # a last guard: numbers the checks did not foresee
        say(f"margin-desk: a number in the input is out of range ({type(error).__name__})")
    except RecursionError:
        say("margin-desk: the input is nested too deeply")
    except MemoryError:
        say("margin-desk: not enough memory for this input")
    return 2
