"""``evaluate`` and ``apply`` load the engine alone: what they import decides their start-up time.

Checked by what is imported, never by timing: a module on this list costs milliseconds at every
start (argparse and its parser, dataclasses through inspect, typing, pathlib, the store, Qt).
"""

import json
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]

# Loaded by neither command (beyond what a bare Python start loads anyway).
NEVER = (
    "argparse",
    "dataclasses",
    "inspect",
    "typing",
    "pathlib",
    "shutil",
    "platformdirs",
    "peewee",
    "sqlite3",
    "PySide6",
    "desktop.services",
    "desktop.store",
    "desktop.models",
    "desktop.views",
    "desktop.charts",
    "desktop.text",
    "desktop.engine.what_if",
    "desktop.engine.preview",
    "desktop.engine.replay",
)
# evaluate values an account: no actions, clock, orders or ledger events.
# (engine.state is allowed: evaluate reads perp open orders, which count in the worst-case size of §10)
NOT_FOR_EVALUATE = ("desktop.engine.actions", "desktop.engine.clock", "desktop.engine.orders")

PROBE = """
import io, json, runpy, sys
from contextlib import redirect_stdout
before = set(sys.modules)
sys.argv = ["margin-desk", *json.loads(sys.argv[1])]
with redirect_stdout(io.StringIO()) as out:
    try:
        runpy.run_module("desktop", run_name="__main__")
    except SystemExit as exit:
        code = exit.code
print(json.dumps({"code": code, "out": out.getvalue(), "loaded": sorted(set(sys.modules) - before)}))
"""


def loaded_by(*argv: str) -> tuple[int, str, set[str]]:
    """The modules ``margin-desk ARGV`` loads beyond a bare start (the probe's own imports subtracted)."""
    bare = subprocess.run(
        [sys.executable, "-c", "import sys, json; print(json.dumps(sorted(sys.modules)))"],
        capture_output=True,
        text=True,
        cwd=ROOT,
        timeout=60,
        check=True,
    )
    result = subprocess.run(
        [sys.executable, "-c", PROBE, json.dumps(argv)], capture_output=True, text=True, cwd=ROOT, timeout=60
    )
    assert result.returncode == 0, result.stderr
    report = json.loads(result.stdout)
    return report["code"], report["out"], set(report["loaded"]) - set(json.loads(bare.stdout))


def under(names: set[str], prefix: str) -> list[str]:
    return sorted(name for name in names if name == prefix or name.startswith(prefix + "."))


@pytest.fixture
def files(tmp_path):
    account = tmp_path / "account.json"
    account.write_text(json.dumps({"balances": {"USDC": {"available": "1000"}, "SOL": {"available": "10"}}}))
    actions = tmp_path / "actions.json"
    actions.write_text(json.dumps([{"type": "borrow", "symbol": "USDC", "quantity": "500"}]))
    return str(account), str(actions)


def test_evaluate_loads_the_engine_alone(files):
    code, out, loaded = loaded_by("evaluate", files[0])
    assert code == 0 and json.loads(out)["collateral"]["netEquity"]
    assert under(loaded, "desktop.engine")
    for name in NEVER + NOT_FOR_EVALUATE:
        assert not under(loaded, name), f"evaluate imports {under(loaded, name)}"


def test_apply_loads_the_engine_alone(files):
    code, out, loaded = loaded_by("apply", *files, "--params", str(ROOT / "resources/parameters/example-snapshot.json"))
    assert code == 0 and json.loads(out)["results"][0]["ok"]
    for name in NEVER:
        assert not under(loaded, name), f"apply imports {under(loaded, name)}"


def test_anything_unusual_goes_to_argparse(files):
    """--help and mistakes are argparse's to word; the quick reading only takes plain command lines."""
    code, _, loaded = loaded_by("evaluate", files[0], "--par", "x.json")  # an abbreviation argparse accepts
    assert "argparse" in loaded and code == 2  # x.json does not exist: exit 2, as before


@pytest.mark.parametrize(
    "argv",
    [
        ["evaluate", "a.json"],
        ["evaluate", "a.json", "--params", "s.json"],
        ["evaluate", "--params", "s.json", "a.json"],
        ["evaluate", "--params=s.json", "a.json"],
        ["evaluate", "--params=", "a.json"],
        ["evaluate", "a.json", "--params", "s.json", "--params", "t.json"],
        ["apply", "a.json", "b.json"],
        ["apply", "a.json", "--params", "s.json", "b.json"],
    ],
)
def test_the_quick_reading_sets_what_argparse_sets(argv):
    from desktop.cli import _handler, build_parser
    from desktop.cli.quick import quick_arguments

    quick = vars(quick_arguments(argv, _handler))
    parsed = vars(build_parser().parse_args(argv))
    assert quick.pop("handler").__qualname__ == parsed.pop("handler").__qualname__
    assert quick == parsed


@pytest.mark.parametrize(
    "argv",
    [
        [],
        ["overview"],
        ["evaluate"],
        ["evaluate", "a.json", "b.json"],
        ["evaluate", "--help"],
        ["evaluate", "a.json", "--params"],
        ["evaluate", "a.json", "--params", "-x"],
        ["evaluate", "a.json", "--par", "s.json"],
        ["evaluate", "-", "--params", "s.json"],
        ["evaluate", "--", "a.json"],
        ["--data-dir", "d", "evaluate", "a.json"],
        ["apply", "a.json"],
    ],
)
def test_anything_else_is_left_to_argparse(argv):
    from desktop.cli import _handler
    from desktop.cli.quick import quick_arguments

    assert quick_arguments(argv, _handler) is None
