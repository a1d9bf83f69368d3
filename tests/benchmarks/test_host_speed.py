"""The host-speed reading the GUI tick benchmarks print: each round scaled by its probes' slowdown."""

from tests.benchmarks import host_speed
from tests.benchmarks.host_speed import HostSpeed


def test_a_round_run_while_the_host_was_twice_as_slow_counts_half(monkeypatch):
    monkeypatch.setattr(host_speed, "READINGS", [])
    speed = HostSpeed(probes=[0.5, 0.5, 1.0, 1.0, 0.5, 0.5, 0.5], rounds=[0.004, 0.002, 0.008, 0.004, 0.004, 0.004])

    reading = speed.read("view", warmup_rounds=1)

    # after the warm-up: 2 ms at ×1.5, 8 ms at ×2, 4 ms at ×1.5, then 4 ms and 4 ms at ×1
    assert reading["median_ms_at_full_speed"] == 4.0
    assert reading["host_slowdown_median"] == 1.5
    name, low, median, full, slowdown = host_speed.READINGS[0]
    assert (name, low, median, full, slowdown) == ("view", 2.0, 4.0, 4.0, 1.5)
    assert "view" in host_speed.summary_lines()[1]


def test_a_smoke_run_of_one_round_reads_nothing(monkeypatch):
    monkeypatch.setattr(host_speed, "READINGS", [])
    assert HostSpeed(probes=[0.5, 0.5], rounds=[0.004]).read("view", warmup_rounds=0) == {}
    assert host_speed.summary_lines() == []


def test_the_probe_measures_itself(qapp):  # it draws text: an application's fonts
    speed = HostSpeed()
    speed.probe()
    assert len(speed.probes) == 1 and speed.probes[0] > 0
