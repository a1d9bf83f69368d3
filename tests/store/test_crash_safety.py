"""SIGKILL in the middle of a simulation never loses or corrupts anything; the clock resumes at the
last committed tick."""

import os
import random
import signal
import sqlite3
import subprocess
import sys
import time

import pytest

from desktop.paths import DATABASE_FILE

pytestmark = pytest.mark.skipif(not hasattr(signal, "SIGKILL"), reason="needs SIGKILL")


def margin_desk(*arguments, timeout=120):
    return subprocess.run(
        [sys.executable, "-m", "desktop", *arguments], capture_output=True, text=True, timeout=timeout
    )


def clock_and_last_tick(data):
    connection = sqlite3.connect(data / DATABASE_FILE)
    try:
        clock = connection.execute("SELECT clock FROM account WHERE name = 'Demo'").fetchone()[0]
        last_tick = connection.execute("SELECT MAX(time) FROM price_tick").fetchone()[0]
        last_snapshot = connection.execute("SELECT MAX(time) FROM equity_snapshot").fetchone()[0]
        return clock, last_tick, last_snapshot
    finally:
        connection.close()


def wait_for_a_tick_after(data, clock, process, patience=120.0):
    """Until the running simulation has committed a tick past ``clock`` (no race with its start-up)."""
    deadline = time.monotonic() + patience
    while time.monotonic() < deadline:
        assert process.poll() is None, "the simulation ended before it could be killed"
        if clock_and_last_tick(data)[0] > clock:
            return
        time.sleep(0.05)
    raise AssertionError(f"no tick committed within {patience} s")


def test_sigkill_mid_simulation_leaves_a_whole_ledger(tmp_path):
    data = tmp_path / "data"
    assert margin_desk("simulate", "--data-dir", str(data), "--hours", "1").returncode == 0
    rng = random.Random()
    clock_before = clock_and_last_tick(data)[0]
    for _attempt in range(4):
        process = subprocess.Popen(
            [sys.executable, "-m", "desktop", "simulate", "--data-dir", str(data), "--hours", "100000"],
            stdout=subprocess.DEVNULL,
            stderr=subprocess.PIPE,
        )
        wait_for_a_tick_after(data, clock_before, process)
        time.sleep(rng.uniform(0.0, 0.8))  # then somewhere in the middle of a later tick
        assert process.poll() is None, "the simulation ended before it could be killed"
        os.kill(process.pid, signal.SIGKILL)
        process.wait()
        verified = margin_desk("verify", "--data-dir", str(data))
        assert verified.returncode == 0, verified.stdout + verified.stderr
        clock, last_tick, last_snapshot = clock_and_last_tick(data)
        assert clock == last_tick == last_snapshot, "the clock is not at the last committed tick"
        assert clock > clock_before and (clock - clock_before) % 3600 == 0
        clock_before = clock
    resumed = margin_desk("simulate", "--data-dir", str(data), "--hours", "1")
    assert resumed.returncode == 0, resumed.stderr
    assert clock_and_last_tick(data)[0] == clock_before + 3600
