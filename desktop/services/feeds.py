"""Price feeds: where the marks of each tick come from.

- ``RandomWalkFeed`` (the default): a seeded random walk with jumps; the same seed and the same
  ticks give the same prices, and each tick depends only on (seed, tick number, marks), so a
  restarted simulation continues the same path.
- ``ScenarioFeed``: a script such as ``SOL -30% over 1h`` then ``SOL +10%``.
- ``CsvReplayFeed``: rows of ``time,symbol,price``.
Malformed scripts and CSV files are refused with the line number.
"""

from __future__ import annotations

import csv
import io
import math
import random
import re
from bisect import bisect_right
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import UTC, datetime
from decimal import Context, Decimal, InvalidOperation
from typing import Protocol

from ..engine.parameters import parse_time

STABLE = frozenset({"USDC", "USDT"})
SECONDS_PER_YEAR = 365 * 24 * 3600
PRICE_DIGITS = Context(prec=10)  # marks keep ten significant digits


class FeedError(ValueError):
    """A scenario or CSV file that cannot be used; the message names the line."""


class PriceFeed(Protocol):
    kind: str

    def marks_at(self, tick: int, start: datetime, end: datetime, marks: Mapping[str, Decimal]) -> dict[str, Decimal]:
        """The marks that changed by ``end`` (tick number ``tick``, from ``start``)."""


# Annual volatility of the example assets; others get DEFAULT_VOLATILITY.
VOLATILITY = {"SOL": 0.85, "BTC": 0.5, "ETH": 0.65, "JTO": 1.2, "BONK": 1.5}
DEFAULT_VOLATILITY = 0.8


@dataclass(frozen=True)
class RandomWalkFeed:
    """Geometric random walk with rare jumps (about six a year, −8 % on average)."""

    seed: int = 1
    jumps_per_year: float = 6.0
    jump_mean: float = -0.08
    jump_spread: float = 0.12
    kind: str = "random-walk"

    def marks_at(self, tick, start, end, marks):
        dt = (end - start).total_seconds() / SECONDS_PER_YEAR
        if dt <= 0:
            return {}
        moved = {}
        for symbol, price in marks.items():
            if symbol in STABLE:
                continue
            rng = random.Random(f"{self.seed}/{tick}/{symbol}")
            sigma = VOLATILITY.get(symbol, DEFAULT_VOLATILITY)
            step = sigma * math.sqrt(dt) * rng.gauss(0.0, 1.0) - 0.5 * sigma * sigma * dt
            if rng.random() < self.jumps_per_year * dt:
                step += rng.gauss(self.jump_mean, self.jump_spread)
            moved[symbol] = PRICE_DIGITS.multiply(price, Decimal(repr(math.exp(step))))
        return moved


_DURATION = re.compile(r"^\s*(\d+(?:\.\d+)?)\s*(s|sec|m|min|h|hr|hour|hours|d|day|days)\s*$", re.I)
_SECONDS = {
    "s": 1,
    "sec": 1,
    "m": 60,
    "min": 60,
    "h": 3600,
    "hr": 3600,
    "hour": 3600,
    "hours": 3600,
    "d": 86400,
    "day": 86400,
    "days": 86400,
}
_MOVE = re.compile(
    r"^(?:then\s+)?(?:(?P<symbol>[A-Za-z][A-Za-z0-9]*)\s+)?(?P<sign>[+\-−])\s*(?P<percent>\d+(?:\.\d+)?)\s*%"
    r"(?:\s+over\s+(?P<duration>.+))?$",
    re.I,
)
_WAIT = re.compile(r"^(?:then\s+)?wait\s+(?P<duration>.+)$", re.I)


def parse_duration(text: str, line: int) -> int:
    match = _DURATION.match(text)
    if not match:
        raise FeedError(f"line {line}: cannot read the duration {text.strip()!r} (try 30m, 1h or 2d)")
    return int(float(match.group(1)) * _SECONDS[match.group(2).lower()])


@dataclass(frozen=True)
class ScenarioStep:
    symbols: tuple[str, ...]  # empty for a wait
    factor: Decimal
    seconds: int


def parse_scenario(text: str, known: set[str]) -> list[ScenarioStep]:
    """One step a line: ``SOL -30% over 1h``, ``then +10%`` (same asset), ``ALL -20% over 2h``, ``wait 3h``."""
    steps: list[ScenarioStep] = []
    last: tuple[str, ...] = ()
    for number, raw in enumerate(text.splitlines(), start=1):
        line = raw.split("#", 1)[0].strip().rstrip(",")
        if not line:
            continue
        wait = _WAIT.match(line)
        if wait:
            steps.append(ScenarioStep((), Decimal(1), parse_duration(wait.group("duration"), number)))
            continue
        move = _MOVE.match(line.replace(" %", "%"))
        if not move:
            raise FeedError(
                f"line {number}: cannot read {raw.strip()!r} (expected e.g. 'SOL -30% over 1h' or 'wait 2h')"
            )
        name = (move.group("symbol") or "").upper()
        if name == "ALL":
            symbols = tuple(sorted(known - STABLE))
        elif name:
            if name not in known:
                raise FeedError(f"line {number}: unknown asset {name!r}")
            symbols = (name,)
        elif last:
            symbols = last
        else:
            raise FeedError(f"line {number}: which asset? (e.g. 'SOL {move.group('sign')}{move.group('percent')}%')")
        percent = Decimal(move.group("percent")) * (-1 if move.group("sign") in "-−" else 1)
        if percent <= -100:
            raise FeedError(f"line {number}: a price cannot fall by {-percent}%")
        duration = move.group("duration")
        steps.append(ScenarioStep(symbols, 1 + percent / 100, parse_duration(duration, number) if duration else 0))
        last = symbols
    if not steps:
        raise FeedError("line 1: the scenario is empty")
    return steps


@dataclass(frozen=True)
class ScenarioFeed:
    """Scripted moves from an origin time and the marks at that time; linear within a step."""

    steps: tuple[ScenarioStep, ...]
    origin: datetime
    base: Mapping[str, Decimal]
    kind: str = "scenario"

    @classmethod
    def from_text(cls, text: str, origin: datetime, base: Mapping[str, Decimal]) -> ScenarioFeed:
        return cls(tuple(parse_scenario(text, set(base))), origin, dict(base))

    def factors_at(self, elapsed: float) -> dict[str, Decimal]:
        factors: dict[str, Decimal] = {}
        start = 0
        for step in self.steps:
            if elapsed <= start:
                break
            done = (
                Decimal(1)
                if step.seconds == 0 or elapsed >= start + step.seconds
                else (Decimal(repr((elapsed - start) / step.seconds)))
            )
            for symbol in step.symbols:
                factors[symbol] = factors.get(symbol, Decimal(1)) * (1 + (step.factor - 1) * done)
            start += step.seconds
        return factors

    def marks_at(self, tick, start, end, marks):
        elapsed = (end - self.origin).total_seconds()
        return {
            symbol: PRICE_DIGITS.multiply(self.base[symbol], factor)
            for symbol, factor in self.factors_at(elapsed).items()
        }


@dataclass(frozen=True)
class CsvReplayFeed:
    """Replays ``time,symbol,price`` rows: at each tick the latest row of each symbol up to then."""

    rows: tuple[tuple[datetime, str, Decimal], ...]
    kind: str = "csv"

    @property
    def times(self) -> list[datetime]:
        cached = self.__dict__.get("_times")
        if cached is None:
            cached = [row[0] for row in self.rows]
            object.__setattr__(self, "_times", cached)
        return cached

    @classmethod
    def from_text(cls, text: str, known: set[str]) -> CsvReplayFeed:
        reader = csv.reader(io.StringIO(text))
        rows = []
        header_seen = False
        for number, record in enumerate(reader, start=1):
            if not record or all(not cell.strip() for cell in record):
                continue
            cells = [cell.strip() for cell in record]
            if not header_seen:
                header_seen = True
                if [c.lower() for c in cells] == ["time", "symbol", "price"]:
                    continue
            if len(cells) != 3:
                raise FeedError(f"line {number}: expected 3 columns time,symbol,price, got {len(cells)}")
            moment_text, symbol, price_text = cells
            try:
                if moment_text.isdigit():
                    moment = datetime.fromtimestamp(int(moment_text), tz=UTC)
                else:
                    moment = parse_time(moment_text, "time")
            except ValueError:
                raise FeedError(
                    f"line {number}: cannot read the time {moment_text!r} (ISO 8601 or epoch seconds)"
                ) from None
            if symbol not in known:
                raise FeedError(f"line {number}: unknown asset {symbol!r}")
            try:
                price = Decimal(price_text)
            except InvalidOperation:
                raise FeedError(f"line {number}: the price {price_text!r} is not a number") from None
            if not price.is_finite() or price <= 0:
                raise FeedError(f"line {number}: the price must be above 0, got {price_text!r}")
            if rows and moment < rows[-1][0]:
                raise FeedError(f"line {number}: times must not go backwards")
            rows.append((moment, symbol, price))
        if not rows:
            raise FeedError("line 1: no price rows")
        return cls(tuple(rows))

    def marks_at(self, tick, start, end, marks):
        """Rows after ``start`` up to ``end`` (from the beginning on the first tick); the latest wins."""
        times = self.times
        first = 0 if tick == 0 else bisect_right(times, start)
        latest: dict[str, Decimal] = {}
        for _, symbol, price in self.rows[first : bisect_right(times, end)]:
            latest[symbol] = price
        return latest
