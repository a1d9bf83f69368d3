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
from tests.waits import WAIT_MS

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


def first_tick_committed(data, clock_before, process, timeout_s=WAIT_MS / 1000):
    """Polls the store (WAL: readers do not block the writer) until the child has moved the clock."""
    deadline = time.monotonic() + timeout_s
    while clock_and_last_tick(data)[0] == clock_before:
        assert process.poll() is None, process.stderr.read().decode()
        assert time.monotonic() < deadline, f"no tick committed within {timeout_s:.0f} s"
        time.sleep(0.02)


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
        first_tick_committed(data, clock_before, process)  # its start-up alone can take seconds under load
        time.sleep(rng.uniform(0, 1.2))  # then a random moment of the run (not a wait for anything)
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
