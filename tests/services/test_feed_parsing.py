"""Scenario scripts and CSV feeds from outside (issue 19, items 11, 14, 19): any text is parsed into
prices the engine accepts, or refused with a FeedError naming its line — never another exception."""

from __future__ import annotations

import re
from datetime import UTC, datetime
from decimal import Decimal as D

import pytest
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st

from desktop.engine.boundary.bounds import EARLIEST_TIME, LATEST_TIME, MAX_PRICE, MIN_PRICE
from desktop.services.feeds import CsvReplayFeed, FeedError, ScenarioFeed, parse_scenario
from tests.hostile import assert_one_printable_line, tried

MARKS = {"USDC": D(1), "SOL": D(150), "BTC": D(95000), "BONK": D("0.00003")}
KNOWN = set(MARKS)
T0 = datetime(2026, 11, 20, tzinfo=UTC)
MANY = settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])

times = st.one_of(
    st.datetimes(min_value=datetime(1, 1, 1), max_value=datetime(9999, 12, 31)).map(lambda t: t.isoformat() + "Z"),
    st.integers(-5, 10**14).map(str),
    st.sampled_from(["²", "١٧٠٠٠٠٠٠٠٠", "yesterday", "", "2026-13-01T00:00:00Z", "0001-01-01T00:00:00+01:00"]),
)
prices = st.one_of(
    st.decimals(allow_nan=True, allow_infinity=True).map(str),
    st.sampled_from(["1_000", "١٥٠", "１５０", "1e999999", "-1", "0", "1e-13", "1e12", "1e13", " 150", "abc", ""]),
)
symbols = st.sampled_from(["SOL", "BTC", "BONK", "DOGE", "sol", "", "SOL\x1b[2J"])


@MANY
@given(st.lists(st.tuples(times, symbols, prices), max_size=6))
@example([("2026-11-20T00:00:00Z", "SOL", "1e999999")])
@example([("99999999999999", "SOL", "1")])
def test_a_csv_is_parsed_into_usable_prices_or_refused_naming_its_line(rows):
    tried("feeds")
    text = "time,symbol,price\n" + "".join(f'{moment},"{symbol}",{price}\n' for moment, symbol, price in rows)
    try:
        feed = CsvReplayFeed.from_text(text, KNOWN)
    except FeedError as error:
        assert re.match(r"line \d+: ", str(error)), str(error)
        assert_one_printable_line(str(error))
        return
    for moment, symbol, price in feed.rows:
        assert EARLIEST_TIME <= moment < LATEST_TIME and symbol in KNOWN and MIN_PRICE <= price <= MAX_PRICE
    assert [row[0] for row in feed.rows] == sorted(row[0] for row in feed.rows)


@MANY
@given(st.text(max_size=120))
def test_any_text_as_a_csv_is_parsed_or_refused_naming_its_line(text):
    tried("feeds")
    try:
        CsvReplayFeed.from_text(text, KNOWN)
    except FeedError as error:
        assert re.match(r"line \d+: ", str(error))
        assert_one_printable_line(str(error))


def test_an_overlong_csv_field_is_refused_with_its_line():
    text = "time,symbol,price\n" + "2026-11-20T00:00:00Z,SOL," + "9" * 200_000 + "\n"
    with pytest.raises(FeedError, match="line 2"):
        CsvReplayFeed.from_text(text, KNOWN)


steps = st.one_of(
    st.builds(
        lambda symbol, sign, percent, duration: (
            f"{symbol} {sign}{percent}%" + (f" over {duration}" if duration else "")
        ),
        st.sampled_from(["SOL", "BTC", "ALL", "then", "DOGE", ""]),
        st.sampled_from(["+", "-", "−"]),
        st.one_of(st.decimals(0, 200000, places=2).map(str), st.sampled_from(["١٠", "1_0", "²", "99.99"])),
        st.one_of(st.none(), st.sampled_from(["1h", "30m", "2d", "0.5h", "99999999999d", "soon", "١h", "1e9d"])),
    ),
    st.sampled_from(["wait 2h", "wait 1_0h", "wait ٣h", "# comment", "", "SOL falls", "\x00", "then wait 1d"]),
)


@MANY
@given(st.lists(steps, max_size=8))
@example(["SOL -99% over 1h"] + ["then -99%"] * 7)
@example(["SOL +100000% over 1h", "then +100000%"])
def test_a_scenario_reaches_only_usable_prices_or_is_refused_naming_its_line(lines):
    tried("feeds")
    text = "\n".join(lines)
    try:
        feed = ScenarioFeed.from_text(text, T0, MARKS)
    except FeedError as error:
        assert re.match(r"line \d+: ", str(error)), str(error)
        assert_one_printable_line(str(error))
        return
    elapsed = 0
    for step in feed.steps:
        elapsed += step.seconds
        for price in feed.marks_at(0, T0, T0 + _seconds(elapsed), MARKS).values():
            assert MIN_PRICE <= price <= MAX_PRICE


def _seconds(count: int):
    from datetime import timedelta

    return timedelta(seconds=min(count, 10**9))


@MANY
@given(st.text(max_size=80))
def test_any_text_as_a_scenario_is_parsed_or_refused_naming_its_line(text):
    tried("feeds")
    try:
        parse_scenario(text, KNOWN)
    except FeedError as error:
        assert re.match(r"line \d+: ", str(error))
        assert_one_printable_line(str(error))


def test_lines_are_numbered_as_an_editor_numbers_them():
    """A form feed or a Unicode line separator inside a line is not a new line."""
    with pytest.raises(FeedError, match="line 2: "):
        parse_scenario("SOL -5%\x0c\nDOGE -5%", KNOWN)
