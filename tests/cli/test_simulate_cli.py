"""``margin-desk simulate`` checks its numbers before touching the store: a tick of at least one minute,
whole ASCII numbers within range, each refusal one line naming the option (exit 2), nothing created.
``--tick-minutes 0`` used to run forever, growing the file by 1.3 MB/s."""

from __future__ import annotations

import pytest

from desktop.cli import run
from tests.store.util import margin_desk, one_line_error

NOT_WHOLE_NUMBERS = ["abc", "1.5", "1e3", "", " ", "٣", "１", "1_000", "0x10", "+5", "5 5", "6O", "\x1b[31m1"]
TICK_MINUTES = ["0", "-1", "-60", "00", "525601", "99999999999999999999999", *NOT_WHOLE_NUMBERS]
HOURS = ["-1", "-100", "1000001", "10" * 15, *NOT_WHOLE_NUMBERS]
SEEDS = ["-1", str(2**63), "7.0", *NOT_WHOLE_NUMBERS]


def refused_in_process(capsys, tmp_path, *options: str) -> str:
    data = tmp_path / "data"
    code = run(["simulate", "--data-dir", str(data), *options])
    captured = capsys.readouterr()
    assert code == 2 and captured.out == "", (code, captured)
    lines = captured.err.splitlines()
    assert len(lines) == 1 and lines[0].startswith("margin-desk: ") and lines[0].isprintable(), captured.err
    assert not data.exists(), "a refused command created the data directory"
    return lines[0]


@pytest.mark.parametrize("minutes", TICK_MINUTES)
def test_a_tick_of_less_than_a_minute_or_not_a_number_is_refused(capsys, tmp_path, minutes):
    line = refused_in_process(capsys, tmp_path, "--hours", "2", "--tick-minutes", minutes)
    assert "--tick-minutes takes a whole number from 1 to 525,600" in line, line


@pytest.mark.parametrize("hours", HOURS)
def test_hours_out_of_range_or_not_a_number_are_refused(capsys, tmp_path, hours):
    line = refused_in_process(capsys, tmp_path, "--hours", hours)
    assert "--hours takes a whole number from 0 to 1,000,000" in line, line


@pytest.mark.parametrize("seed", SEEDS)
def test_a_seed_out_of_range_or_not_a_number_is_refused(capsys, tmp_path, seed):
    line = refused_in_process(capsys, tmp_path, "--hours", "1", "--seed", seed)
    assert "--seed takes a whole number" in line, line


@pytest.mark.parametrize(("minutes", "ticks"), [("1", 120), ("7", 18), ("60", 2), ("90", 2), ("525600", 1)])
def test_valid_ticks_run_and_end(capsys, tmp_path, minutes, ticks):
    code = run(["simulate", "--data-dir", str(tmp_path / "data"), "--hours", "2", "--tick-minutes", minutes])
    out = capsys.readouterr().out
    assert code == 0 and f"; {ticks} ticks in " in out, out
    assert "2026-11-20T02:00:00Z" in out


@pytest.mark.parametrize("arguments", [["--tick-minutes", "0"], ["--tick-minutes", "-5"], ["--hours", "x"]])
def test_the_process_prints_one_line_and_exits_2(tmp_path, arguments):
    options = ["--hours", "1", *arguments] if arguments[0] != "--hours" else arguments
    line = one_line_error(margin_desk("simulate", "--data-dir", str(tmp_path / "data"), *options))
    assert arguments[0] in line


@pytest.mark.parametrize("content", [b"\xff\xfe SOL -10%", b"time,symbol,price\n\x80\x81,SOL,1\n"])
@pytest.mark.parametrize("option", ["--scenario", "--csv"])
def test_a_feed_file_that_is_not_utf8_is_one_line(capsys, tmp_path, content, option):
    feed = tmp_path / "feed.txt"
    feed.write_bytes(content)
    line = refused_in_process(capsys, tmp_path, "--hours", "1", option, str(feed))
    assert "not UTF-8" in line
