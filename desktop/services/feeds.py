"""Price feeds: where the marks of each tick come from.

- ``RandomWalkFeed`` (the default): a seeded random walk with jumps; the same seed and the same
  ticks give the same prices, and each tick depends only on (seed, tick number, marks), so a
  restarted simulation continues the same path.
- ``ScenarioFeed``: a script such as ``SOL -30% over 1h`` then ``SOL +10%``.
- ``CsvReplayFeed``: rows of ``time,symbol,price`` (``read_csv_rows`` checks them one by one, so
  a long file can be stored as it is read; ``feed_storage`` keeps them beside the account).
Malformed scripts and CSV files are refused with the line number: every price a positive ASCII
number within the engine's price bounds, every time within the supported span (1970–2199), every
scripted move ending on a usable price (``engine.boundary``).
"""

from __future__ import annotations

import _random
import csv
import io
import math
import re
from bisect import bisect_right
from collections.abc import Iterator, Mapping
from dataclasses import dataclass
from datetime import datetime
from decimal import Context, Decimal
from enum import StrEnum
from hashlib import sha512
from typing import Protocol

from ..engine.boundary.bounds import EARLIEST_TIME, LATEST_TIME, MAX_PRICE, MIN_PRICE, PRICE_RANGE
from ..engine.boundary.number_text import decimal_from_text
from ..engine.boundary.text import printable
from ..engine.boundary.times import epoch_time, iso_time
from ..engine.errors import InputError

STABLE = frozenset({"USDC", "USDT"})
SECONDS_PER_YEAR = 365 * 24 * 3600
PRICE_DIGITS = Context(prec=10)  # marks keep ten significant digits
TWOPI = 2.0 * math.pi  # as ``random`` has it


class FeedKind(StrEnum):
    """Which feed an account's clock reads (the account row's ``feed_kind``)."""

    RANDOM_WALK = "random-walk"
    SCENARIO = "scenario"
    CSV = "csv"


class FeedError(ValueError):
    """A scenario or CSV file that cannot be used; the message names the line (printable, one line)."""

    def __init__(self, message: str) -> None:
        super().__init__(printable(message))


# A scripted duration or move must keep the clock and the marks within what the engine accepts.
LONGEST_SECONDS = int((LATEST_TIME - EARLIEST_TIME).total_seconds())
LARGEST_PERCENT = Decimal(100_000)  # one step multiplies a price by at most 1,001
LONGEST_CELL = 64  # characters of a CSV cell quoted back in a message


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
    kind: str = FeedKind.RANDOM_WALK

    def marks_at(self, tick, start, end, marks):
        dt = (end - start).total_seconds() / SECONDS_PER_YEAR
        if dt <= 0:
            return {}
        moved = {}
        # One generator for the tick, reseeded per asset exactly as ``random.Random(text)`` seeds itself
        # (version 2: the text's bytes and their SHA-512 as one integer): a new ``random.Random`` per
        # asset also drew a seed from the OS first, the bulk of the tick's feed time.
        generator = _random.Random(0)
        draw = generator.random
        root_dt = math.sqrt(dt)
        jump_chance = self.jumps_per_year * dt
        prefix = f"{self.seed}/{tick}/"
        for symbol, price in marks.items():
            if symbol in STABLE:
                continue
            text = (prefix + symbol).encode()
            generator.seed(int.from_bytes(text + sha512(text).digest()))
            sigma = VOLATILITY.get(symbol, DEFAULT_VOLATILITY)
            # ``Random.gauss``'s Box-Muller pair, its second value kept for a jump as ``gauss`` keeps it
            x2pi = draw() * TWOPI
            g2rad = math.sqrt(-2.0 * math.log(1.0 - draw()))
            step = sigma * root_dt * (0.0 + math.cos(x2pi) * g2rad * 1.0) - 0.5 * sigma * sigma * dt
            if draw() < jump_chance:
                step += self.jump_mean + math.sin(x2pi) * g2rad * self.jump_spread
            walked = PRICE_DIGITS.multiply(price, Decimal(repr(math.exp(min(step, 700.0)))))
            moved[symbol] = min(max(walked, MIN_PRICE), MAX_PRICE)  # centuries of walking stay usable marks
        return moved


_DURATION = re.compile(r"^\s*(\d{1,12}(?:\.\d{1,9})?)\s*(s|sec|m|min|h|hr|hour|hours|d|day|days)\s*$", re.I | re.ASCII)
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
    re.I | re.ASCII,
)
_WAIT = re.compile(r"^(?:then\s+)?wait\s+(?P<duration>.+)$", re.I | re.ASCII)


def parse_duration(text: str, line: int) -> int:
    match = _DURATION.match(text)
    if not match:
        raise FeedError(f"line {line}: cannot read the duration {text.strip()!r} (try 30m, 1h or 2d)")
    seconds = int(Decimal(match.group(1)) * _SECONDS[match.group(2).lower()])
    if seconds > LONGEST_SECONDS:
        raise FeedError(f"line {line}: the duration {text.strip()!r} is longer than the supported clock span")
    return seconds


@dataclass(frozen=True)
class ScenarioStep:
    symbols: tuple[str, ...]  # empty for a wait
    factor: Decimal
    seconds: int
    line: int = 0


def parse_scenario(text: str, known: set[str]) -> list[ScenarioStep]:
    """One step a line: ``SOL -30% over 1h``, ``then +10%`` (same asset), ``ALL -20% over 2h``, ``wait 3h``."""
    steps: list[ScenarioStep] = []
    last: tuple[str, ...] = ()
    for number, raw in enumerate(text.split("\n"), start=1):  # numbered as an editor numbers them
        line = raw.split("#", 1)[0].strip().rstrip(",")
        if not line:
            continue
        wait = _WAIT.match(line)
        if wait:
            steps.append(ScenarioStep((), Decimal(1), parse_duration(wait.group("duration"), number), number))
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
        if percent > LARGEST_PERCENT:
            raise FeedError(f"line {number}: a price cannot rise by more than {LARGEST_PERCENT}% in one step")
        if percent <= -100:
            raise FeedError(f"line {number}: a price cannot fall by {-percent}%")
        duration = move.group("duration")
        seconds = parse_duration(duration, number) if duration else 0
        steps.append(ScenarioStep(symbols, 1 + percent / 100, seconds, number))
        last = symbols
    if not steps:
        raise FeedError("line 1: the scenario is empty")
    return steps


def _check_reachable_prices(steps: tuple[ScenarioStep, ...], base: Mapping[str, Decimal]) -> None:
    """Every mark the script reaches (at a step's end: moves are linear within it) is a usable price."""
    factors: dict[str, Decimal] = {}
    for step in steps:
        for symbol in step.symbols:
            factors[symbol] = factors.get(symbol, Decimal(1)) * step.factor
            reached = PRICE_DIGITS.multiply(base[symbol], factors[symbol])
            if not MIN_PRICE <= reached <= MAX_PRICE:
                raise FeedError(
                    f"line {step.line}: takes {symbol} to {reached}, outside the supported prices {PRICE_RANGE}"
                )


@dataclass(frozen=True)
class ScenarioFeed:
    """Scripted moves from an origin time and the marks at that time; linear within a step."""

    steps: tuple[ScenarioStep, ...]
    origin: datetime
    base: Mapping[str, Decimal]
    kind: str = FeedKind.SCENARIO

    @classmethod
    def from_text(cls, text: str, origin: datetime, base: Mapping[str, Decimal]) -> ScenarioFeed:
        steps = tuple(parse_scenario(text, set(base)))
        _check_reachable_prices(steps, base)
        return cls(steps, origin, dict(base))

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


def _csv_time(text: str, number: int) -> datetime:
    """A CSV time: ISO 8601 or epoch seconds in ASCII digits, within the supported span (1970–2199)."""
    try:
        if text.isascii() and text.isdigit():
            return epoch_time(text, "time")
        return iso_time(text, "time")
    except InputError as error:
        raise FeedError(
            f"line {number}: cannot read the time {text[:LONGEST_CELL]!r} (ISO 8601 or epoch seconds): {error.problem}"
        ) from None


def _csv_price(text: str, line: int) -> Decimal:
    """A CSV price: written in ASCII digits, above 0, within the engine's price bounds."""
    number = decimal_from_text(text)
    if number is None:
        raise FeedError(f"line {line}: the price {text[:LONGEST_CELL]!r} is not a number")
    if number <= 0:
        raise FeedError(f"line {line}: the price must be above 0, got {text!r}")
    if not MIN_PRICE <= number <= MAX_PRICE:
        raise FeedError(f"line {line}: the price {text!r} is outside the supported prices {PRICE_RANGE}")
    return number


def _numbered_records(reader) -> Iterator[tuple[int, list[str]]]:
    """The CSV records with the line each starts on; a malformed record (an overlong field, an
    unclosed quote) is a FeedError naming its line."""
    line = 1
    while True:
        try:
            record = next(reader)
        except StopIteration:
            return
        except csv.Error as error:
            raise FeedError(f"line {reader.line_num}: cannot read the CSV: {error}") from None
        yield line, record
        line = reader.line_num + 1


def read_csv_rows(text: str, known: set[str]) -> Iterator[tuple[datetime, str, Decimal]]:
    """The (time, symbol, price) rows of a ``time,symbol,price`` file, each checked as it is read: the
    first bad line raises FeedError naming it, so a caller storing rows as they come keeps none."""
    reader = csv.reader(io.StringIO(text))
    header_seen = False
    last: datetime | None = None
    for number, record in _numbered_records(reader):
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
        moment = _csv_time(moment_text, number)
        if symbol not in known:
            raise FeedError(f"line {number}: unknown asset {symbol[:LONGEST_CELL]!r}")
        price = _csv_price(price_text, number)
        if last is not None and moment < last:
            raise FeedError(f"line {number}: times must not go backwards")
        last = moment
        yield moment, symbol, price
    if last is None:
        raise FeedError("line 1: no price rows")


@dataclass(frozen=True)
class CsvReplayFeed:
    """Replays ``time,symbol,price`` rows held in memory: at each tick the latest row of each symbol
    up to then. (A stored CSV is read from the store a tick at a time instead: ``feed_storage``.)"""

    rows: tuple[tuple[datetime, str, Decimal], ...]
    kind: str = FeedKind.CSV

    @property
    def times(self) -> list[datetime]:
        cached = self.__dict__.get("_times")
        if cached is None:
            cached = [row[0] for row in self.rows]
            object.__setattr__(self, "_times", cached)
        return cached

    @classmethod
    def from_text(cls, text: str, known: set[str]) -> CsvReplayFeed:
        return cls(tuple(read_csv_rows(text, known)))

    def marks_at(self, tick, start, end, marks):
        """Rows after ``start`` up to ``end`` (from the beginning on the first tick); the latest wins."""
        times = self.times
        first = 0 if tick == 0 else bisect_right(times, start)
        latest: dict[str, Decimal] = {}
        for _, symbol, price in self.rows[first : bisect_right(times, end)]:
            latest[symbol] = price
        return latest
