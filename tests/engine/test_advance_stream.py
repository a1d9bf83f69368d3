"""Advances in bounded memory and time (issue 19, items 10 and 20): an ``advance`` runs hour by hour and
hands each hour's events over (constant memory), covers at most 366 days, and keeps the clock within
1970–2199 — while giving exactly the events and state ``advance_clock`` gives."""

from __future__ import annotations

import tracemalloc
from datetime import UTC, datetime, timedelta

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from desktop.engine import advance_clock
from desktop.engine.apply_contract import event_json, parse_state, state_json
from desktop.engine.apply_stream import ResultList, stream_advance
from desktop.engine.boundary.bounds import LATEST_TIME, MAX_ADVANCE
from tests.engine.util import example_parameters
from tests.hostile import tried

PARAMETERS = example_parameters()
BUSY = {
    "balances": {
        "USDC": {"available": "100000"},
        "SOL": {"borrowed": "10", "available": "10"},
        "BTC": {"lent": "1"},
        "ETH": {"borrowed": "1", "available": "1"},
        "JTO": {"lent": "100"},
        "BONK": {"borrowed": "1000000", "available": "1000000"},
    },
    "settings": {"autoRepayBorrows": False},
}


class CountSink:
    """A sink that keeps nothing: what streaming costs, without what a caller keeps."""

    def __init__(self) -> None:
        self.count = 0

    def begin(self) -> None:
        pass

    def events(self, documents) -> None:
        self.count += len(documents)

    def accepted(self) -> None:
        pass

    def refused(self, code, message) -> None:
        pass


def test_a_month_of_hourly_interest_streams_in_constant_memory():
    state = parse_state(BUSY, PARAMETERS)
    sink = CountSink()
    tracemalloc.start()
    try:
        outcome = stream_advance(state, PARAMETERS, state.time + timedelta(days=30), sink)
        _, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    assert outcome.accepted and sink.count >= 30 * 24 * 4
    assert peak < 1_000_000, f"streaming {sink.count} events peaked at {peak:,} bytes"


@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.integers(0, 96 * 3600), st.integers(0, 3599), st.booleans())
def test_the_stream_gives_exactly_the_events_and_state_of_advance_clock(seconds, start_offset, auto_lend):
    tried("advance")
    account = {**BUSY, "settings": {"autoLend": auto_lend}, "time": "2026-11-20T00:00:00Z"}
    state = parse_state(account, PARAMETERS)
    state = advance_clock(state, PARAMETERS, state.time + timedelta(seconds=start_offset)).state
    to = state.time + timedelta(seconds=seconds)
    collected = ResultList()
    collected.begin()
    streamed = stream_advance(state, PARAMETERS, to, collected)
    collected.accepted()
    whole = advance_clock(state, PARAMETERS, to)
    assert collected.results[0]["events"] == [event_json(event) for event in whole.events]
    assert state_json(streamed.state) == state_json(whole.state)


@settings(max_examples=200, deadline=None)
@given(
    st.datetimes(min_value=datetime(1970, 1, 1), max_value=datetime(2199, 12, 31)),
    st.integers(-(10**9), 10**10),
)
def test_an_advance_is_refused_exactly_when_it_goes_back_too_far_or_out_of_the_span(start, seconds):
    tried("advance")
    start = start.replace(tzinfo=UTC)
    state = parse_state({"time": start.isoformat()}, PARAMETERS)
    try:
        to = start + timedelta(seconds=seconds)
    except OverflowError:
        return
    if not datetime(1, 1, 2, tzinfo=UTC) < to < datetime(9999, 12, 31, tzinfo=UTC):
        return
    outcome = advance_clock(state, PARAMETERS, to)
    allowed = timedelta(0) <= to - start <= MAX_ADVANCE and to < LATEST_TIME
    assert outcome.accepted == allowed, (start, to)
    if not allowed:
        assert outcome.refusal.code == "INVALID_TIME"


def test_the_clock_can_always_reach_the_end_of_the_span():
    """Item 20: a clock near year 9999 could never advance; the last supported hour still can."""
    state = parse_state({"time": "2199-12-31T22:30:00Z"}, PARAMETERS)
    last = advance_clock(state, PARAMETERS, datetime(2199, 12, 31, 23, 59, 59, tzinfo=UTC))
    assert last.accepted
    assert not advance_clock(last.state, PARAMETERS, LATEST_TIME).accepted
