"""Benchmarks that talk to Backpack use the loopback stand-in."""

from tests.standins.backpack import backpack  # noqa: F401 (the fixture)
