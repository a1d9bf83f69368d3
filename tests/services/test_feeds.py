"""Price feeds: reproducible walks, scripted scenarios, CSV replay, and clear refusals with line numbers."""

from datetime import UTC, datetime, timedelta
from decimal import Decimal as D

import pytest

from desktop.services.feeds import CsvReplayFeed, FeedError, RandomWalkFeed, ScenarioFeed, parse_scenario

T0 = datetime(2026, 11, 20, tzinfo=UTC)
MARKS = {"USDC": D(1), "SOL": D(150), "BTC": D(95000)}
KNOWN = set(MARKS)


def walk(feed, ticks, seconds=3600):
    marks, path = dict(MARKS), []
    for tick in range(ticks):
        start = T0 + timedelta(seconds=seconds * tick)
        marks.update(feed.marks_at(tick, start, start + timedelta(seconds=seconds), marks))
        path.append(dict(marks))
    return path


def test_the_same_seed_gives_the_same_prices_and_another_seed_others():
    assert walk(RandomWalkFeed(seed=7), 200) == walk(RandomWalkFeed(seed=7), 200)
    assert walk(RandomWalkFeed(seed=7), 50) != walk(RandomWalkFeed(seed=8), 50)
    path = walk(RandomWalkFeed(seed=7), 200)
    assert all(step["USDC"] == 1 for step in path)  # stable coins stay put
    assert all(step["SOL"] > 0 for step in path)


def test_a_resumed_walk_continues_the_same_path():
    """Each tick depends only on (seed, tick number, marks): stopping and starting changes nothing."""
    whole = walk(RandomWalkFeed(seed=3), 40)
    feed = RandomWalkFeed(seed=3)
    marks = dict(whole[19])
    for tick in range(20, 40):
        start = T0 + timedelta(hours=tick)
        marks.update(feed.marks_at(tick, start, start + timedelta(hours=1), marks))
    assert marks == whole[39]


def test_scenario_moves_the_scripted_marks():
    text = """
    # a crash and a partial recovery
    SOL −30 % over 1h
    then +10%
    wait 2h
    ALL -50% over 2h
    """
    feed = ScenarioFeed.from_text(text, T0, MARKS)
    at = lambda hours: feed.marks_at(0, T0, T0 + timedelta(hours=hours), MARKS)  # noqa: E731
    assert at(0.5)["SOL"] == D(150) * D("0.85")  # halfway down the 30 % fall
    assert at(1)["SOL"] == D(105)
    assert at(1.01)["SOL"] == D(105) * D("1.1")  # the instant +10 %
    assert at(3)["SOL"] == D("115.5")
    assert at(4)["BTC"] == D(95000) * D("0.75") and at(5)["SOL"] == D("57.75")
    assert at(100) == at(5)  # the script has ended: prices hold
    assert "USDC" not in at(5)


@pytest.mark.parametrize(
    ("text", "line", "problem"),
    [
        ("SOL -30% over 1h\nSOL falls a lot", 2, "cannot read"),
        ("PEPE -5%", 1, "unknown asset"),
        ("SOL -30% over soon", 1, "duration"),
        ("+10%", 1, "which asset"),
        ("SOL -120%", 1, "cannot fall"),
        ("# nothing", 1, "empty"),
    ],
)
def test_a_malformed_scenario_is_refused_with_its_line(text, line, problem):
    with pytest.raises(FeedError, match=f"line {line}: .*{problem}"):
        parse_scenario(text, KNOWN)


def test_csv_replay_produces_the_rows():
    text = (
        "time,symbol,price\n"
        "2026-11-20T00:30:00Z,SOL,140\n"
        "2026-11-20T01:00:00Z,SOL,130\n"
        "2026-11-20T01:00:00Z,BTC,90000\n"
        "2026-11-20T03:00:00Z,SOL,120\n"
    )
    feed = CsvReplayFeed.from_text(text, KNOWN)
    assert feed.marks_at(0, T0, T0 + timedelta(hours=1), MARKS) == {"SOL": D(130), "BTC": D(90000)}
    assert feed.marks_at(1, T0 + timedelta(hours=1), T0 + timedelta(hours=2), MARKS) == {}
    assert feed.marks_at(2, T0 + timedelta(hours=2), T0 + timedelta(hours=3), MARKS) == {"SOL": D(120)}


@pytest.mark.parametrize(
    ("text", "line", "problem"),
    [
        ("time,symbol,price\n2026-11-20T00:30:00Z,SOL\n", 2, "3 columns"),
        ("time,symbol,price\nyesterday,SOL,1\n", 2, "cannot read the time"),
        ("time,symbol,price\n2026-11-20T00:30:00Z,PEPE,1\n", 2, "unknown asset"),
        ("time,symbol,price\n2026-11-20T00:30:00Z,SOL,abc\n", 2, "not a number"),
        ("time,symbol,price\n2026-11-20T00:30:00Z,SOL,-1\n", 2, "above 0"),
        ("time,symbol,price\n2026-11-20T02:00:00Z,SOL,1\n2026-11-20T01:00:00Z,SOL,1\n", 3, "backwards"),
    ],
)
def test_a_malformed_csv_is_refused_with_its_line(text, line, problem):
    with pytest.raises(FeedError, match=f"line {line}: .*{problem}"):
        CsvReplayFeed.from_text(text, KNOWN)
