"""The command line against hostile files and streams (issue 19, items 14, 17, 18): special files,
oversized, non-UTF-8 or malformed input, and a closed, full or broken stdout all end with exit 2 and
one printable line on stderr — never a traceback, a hang or a MemoryError."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from desktop.cli import run
from desktop.engine.apply_contract import apply
from desktop.engine.numbers import load_json
from tests.engine.hostile_documents import GOOD_ACCOUNT, GOOD_ACTIONS, mutated
from tests.engine.util import example_parameters
from tests.hostile import assert_one_printable_line, tried

HOSTILE = settings(
    max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture]
)


def write(path: Path, content) -> Path:
    if isinstance(content, bytes):
        path.write_bytes(content)
    else:
        path.write_text(content if isinstance(content, str) else json.dumps(content), encoding="utf-8")
    return path


def run_here(capsys, *arguments) -> tuple[int, str, str]:
    code = run([str(argument) for argument in arguments])
    captured = capsys.readouterr()
    return code, captured.out, captured.err


def assert_refused(code: int, out: str, err: str, *named: str) -> None:
    assert code == 2 and out == "", (code, out[:200], err)
    assert err.endswith("\n") and err.count("\n") == 1, err
    assert_one_printable_line(err[:-1])
    for name in named:
        assert name in err, err


@pytest.fixture
def account(tmp_path) -> Path:
    return write(tmp_path / "account.json", GOOD_ACCOUNT)


SPECIAL_FILES = ["/dev/zero", "/dev/null", "/dev/urandom", "/tmp", "/nonexistent/account.json"]


@pytest.mark.parametrize("special", SPECIAL_FILES)
@pytest.mark.parametrize("slot", ["account", "actions", "params"])
def test_special_files_are_refused_without_reading_them(capsys, tmp_path, account, special, slot):
    tried("cli files")
    actions = write(tmp_path / "actions.json", [])
    arguments = {"account": account, "actions": actions, "params": None}
    arguments[slot] = special
    extra = ["--params", arguments["params"]] if arguments["params"] else []
    code, out, err = run_here(capsys, "apply", arguments["account"], arguments["actions"], *extra)
    assert_refused(code, out, err, special)


def test_a_fifo_is_refused_instead_of_hanging(capsys, tmp_path):
    tried("cli files")
    fifo = tmp_path / "account.json"
    os.mkfifo(fifo)
    assert_refused(*run_here(capsys, "evaluate", fifo), "not a regular file")


def test_a_file_above_32_mib_is_refused_before_it_is_read(capsys, tmp_path):
    tried("cli files")
    big = tmp_path / "account.json"
    with big.open("wb") as handle:
        handle.truncate(33 * 1024 * 1024)  # sparse: no disk used
    assert_refused(*run_here(capsys, "evaluate", big), "larger than 32 MiB")


@pytest.mark.parametrize(
    ("content", "named"),
    [
        (b'{"balances": {"USDC": {"available": "1\xff"}}}', "line 1: not UTF-8"),
        (b"\n\n\xc3\x28", "line 3: not UTF-8"),
        (b"\xef\xbb\xbf" + b'{"balances": {}}', None),  # a byte-order mark is fine
        ("[" * 1000 + "]" * 1000, "nested too deeply"),
        ("[" * 65 + "]" * 65, "nested 65 levels deep (at most 64)"),
        ('{"balances": {}, "balances": {}}', 'the key "balances" appears twice'),
        ('{"balances": {"USDC": {"available": "1", "available": "2"}}}', '"available" appears twice'),
        ('{"balances": {"\\u001b[2J\\nSOL": {"available": "1"}}}', "\\x1b[2J\\nSOL"),
        ('{"balances": {"USDC": {"available": NaN}}}', "NaN"),
        ('{"balances": {"USDC": {"available": "1_000"}}}', "balances.USDC.available"),
        ('{"balances": {"USDC": {"available": "١٠٠٠"}}}', "balances.USDC.available"),
        ('{"balances": {"USDC": {"available": 1e999999}}}', "balances.USDC.available"),
        ('{"balances": {"USDC": {"available": "1e21"}}}', "balances.USDC.available"),
        ('{"balances": 5}', "balances"),
        ('{"settings": [1]}', "settings"),
        ('{"markPrices": {"SOL": ["1"]}}', "markPrices.SOL"),
        ('{"balances": {"' + "X" * 100_000 + '": {}}}', "balances.XXX"),
        ("", "unreadable JSON"),
    ],
)
def test_malformed_accounts_exit_2_with_one_line(capsys, tmp_path, content, named):
    tried("cli files")
    path = write(tmp_path / "account.json", content)
    code, out, err = run_here(capsys, "evaluate", path)
    if named is None:
        assert code == 0 and err == ""
        return
    assert_refused(code, out, err, named)


@HOSTILE
@given(st.binary(max_size=200) | st.text(max_size=200).map(str.encode))
def test_random_bytes_as_any_file_are_answered_or_refused_in_one_line(tmp_path_factory, data):
    tried("cli files")
    folder = tmp_path_factory.mktemp("random")
    path = write(folder / "file.json", data)
    for arguments in (["evaluate", path], ["evaluate", write(folder / "a.json", GOOD_ACCOUNT), "--params", path]):
        code = run([str(argument) for argument in arguments])
        assert code in (0, 2)


@HOSTILE
@given(mutated(GOOD_ACCOUNT), mutated(GOOD_ACTIONS, changes=2))
def test_hostile_documents_through_apply_exit_0_or_2_never_raise(tmp_path_factory, account, actions):
    tried("cli files")
    folder = tmp_path_factory.mktemp("apply")
    account_file = write(folder / "a.json", json.dumps(account, default=str))
    actions_file = write(folder / "x.json", json.dumps(actions, default=str))
    assert run(["apply", str(account_file), str(actions_file)]) in (0, 2)


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(st.lists(st.sampled_from(GOOD_ACTIONS), max_size=8))
def test_the_streamed_answer_is_byte_for_byte_the_json_dump(capsys, tmp_path_factory, actions):
    tried("cli streams")
    folder = tmp_path_factory.mktemp("stream")
    account_file = write(folder / "a.json", GOOD_ACCOUNT)
    actions_file = write(folder / "x.json", actions)
    capsys.readouterr()
    assert run(["apply", str(account_file), str(actions_file)]) == 0
    out = capsys.readouterr().out
    expected = apply(load_json(account_file.read_text()), load_json(actions_file.read_text()), example_parameters())
    assert out == json.dumps(expected, indent=2, ensure_ascii=False) + "\n"


@pytest.mark.parametrize(
    "arguments",
    [
        ["simulate", "--hours", "abc"],
        ["simulate", "--hours", "1", "--tick-minutes", "ten"],
        ["evaluate"],
        ["apply", "a.json"],
        ["frobnicate"],
        ["--data-dir"],
        ["evaluate", "a.json", "--params"],
    ],
)
def test_bad_arguments_are_one_line(capsys, tmp_path, arguments):
    """argparse's own errors (exit 2 through SystemExit) and a command's checks (exit 2 returned)."""
    tried("cli arguments")
    try:
        code = run(arguments + (["--data-dir", str(tmp_path / "data")] if arguments[0] == "simulate" else []))
    except SystemExit as exited:
        code = exited.code
    captured = capsys.readouterr()
    assert code == 2 and captured.out == ""
    assert captured.err.count("\n") == 1, captured.err
    assert_one_printable_line(captured.err[:-1])


# -- feed files for simulate -----------------------------------------------------------------------------
@pytest.mark.parametrize(
    ("option", "content", "named"),
    [
        ("--csv", b"time,symbol,price\n2026-11-20T01:00:00Z,SOL,1\xff\n", "line 2: not UTF-8"),
        ("--csv", "time,symbol,price\n2026-11-20T01:00:00Z,SOL,1e999999\n", "line 2"),
        ("--csv", "time,symbol,price\n2026-11-20T01:00:00Z,SOL,١٥٠\n", "line 2: the price"),
        ("--csv", "time,symbol,price\n9999999999999,SOL,150\n", "line 2: cannot read the time"),
        ("--csv", 'time,symbol,price\n"2026-11-20T01:00:00Z,SOL,1\n', "line 2"),
        ("--scenario", b"SOL -30% over 1h\n\x80", "line 2: not UTF-8"),
        ("--scenario", "SOL +100001% over 1h", "line 1"),
        ("--scenario", "SOL -99% over 1h\n" + "then -99%\n" * 7, "line 8"),
        ("--scenario", "wait 99999999999d", "line 1"),
        ("--scenario", "SOL -\u0663\u0660% over 1h", "line 1"),
    ],
)
def test_malformed_feed_files_are_refused_with_their_line(capsys, tmp_path, option, content, named):
    tried("feeds")
    feed = write(tmp_path / "feed.txt", content)
    code, out, err = run_here(capsys, "simulate", "--data-dir", tmp_path / "data", "--hours", "1", option, feed)
    assert_refused(code, out, err, named)


@pytest.mark.parametrize("special", ["/dev/zero", "FIFO", "/tmp"])
def test_special_feed_files_are_refused(capsys, tmp_path, special):
    tried("feeds")
    if special == "FIFO":
        special = tmp_path / "feed.csv"
        os.mkfifo(special)
    code, out, err = run_here(capsys, "simulate", "--data-dir", tmp_path / "data", "--hours", "1", "--csv", special)
    assert_refused(code, out, err, "cannot read")


# -- standard output ----------------------------------------------------------------------------------
def run_process(arguments, **options):
    return subprocess.run(
        [sys.executable, "-m", "desktop", *map(str, arguments)], capture_output=False, timeout=120, **options
    )


def _big_run(tmp_path) -> list[str]:
    account = write(tmp_path / "a.json", {"balances": {"USDC": {"available": "10000"}}})
    actions = write(
        tmp_path / "x.json",
        [{"type": "borrow", "symbol": "SOL", "quantity": "1"}, {"type": "advance", "to": "2027-01-20T00:00:00Z"}],
    )
    return ["apply", account, actions]


@pytest.mark.skipif(not Path("/dev/full").exists(), reason="no /dev/full on this system")
def test_a_full_stdout_is_one_line(tmp_path):
    tried("cli streams")
    with open("/dev/full", "w") as full:
        result = run_process(_big_run(tmp_path), stdout=full, stderr=subprocess.PIPE, text=True)
    assert result.returncode == 2 and result.stderr == "margin-desk: cannot write the output: No space left on device\n"


def test_a_closed_stdout_is_one_line(tmp_path):
    tried("cli streams")
    result = run_process(_big_run(tmp_path), stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True)
    assert result.returncode == 0
    closed = subprocess.run(
        f'"{sys.executable}" -m desktop {" ".join(map(str, _big_run(tmp_path)))} >&-',
        shell=True,
        capture_output=False,
        stderr=subprocess.PIPE,
        text=True,
        timeout=120,
    )
    assert (
        closed.returncode == 2 and closed.stderr == "margin-desk: cannot write the output: standard output is closed\n"
    )


def test_a_broken_pipe_is_one_line(tmp_path):
    tried("cli streams")
    process = subprocess.Popen(
        [sys.executable, "-m", "desktop", *map(str, _big_run(tmp_path))],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )
    process.stdout.read(100)
    process.stdout.close()  # the reader goes away, as `| head` does
    err = process.stderr.read()
    assert process.wait(timeout=120) == 2
    assert err == "margin-desk: cannot write the output: the reading end of the pipe was closed\n"
