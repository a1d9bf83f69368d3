"""Benchmarks that talk to Backpack use the loopback stand-in."""

from tests.standins.backpack import backpack  # noqa: F401 (the fixture)


def pytest_terminal_summary(terminalreporter):
    from tests.benchmarks.host_speed import summary_lines

    for line in summary_lines():
        terminalreporter.write_line(line)
