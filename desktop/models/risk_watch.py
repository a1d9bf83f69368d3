"""Risk levels and alerts: how close the open account is to liquidation, in named levels (Safe,
Warning, Danger, Liquidation), with hysteresis so a level does not flap around its threshold.

Crossing a level records an alert (the History view lists them) and tells the window; a liquidation
pauses the clock (and, as an option, a danger alert does) with the reason in words."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from decimal import Decimal
from enum import IntEnum

from PySide6.QtCore import QObject, Signal

from ..engine.vocabulary import EventType
from ..text.formatting import percent
from .change import Change
from .clock import Clock
from .session import Session


class RiskLevel(IntEnum):
    SAFE = 0
    WARNING = 1
    DANGER = 2
    LIQUIDATION = 3

    @property
    def word(self) -> str:
        return self.name.capitalize()

    @property
    def mark(self) -> str:
        """A sign beside the word, so the level never rests on colour alone."""
        return {0: "●", 1: "▲", 2: "⚠", 3: "✖"}[self.value]


@dataclass(frozen=True)
class AlertThresholds:
    """Per account; MMR as a fraction (0.60 = 60 %). ``hysteresis`` is how far below a threshold
    the MMR (or how much further from liquidation an asset) must come back before the level drops."""

    warn_mmr: Decimal = Decimal("0.60")
    danger_mmr: Decimal = Decimal("0.80")
    near_liquidation: Decimal = Decimal("0.10")  # an asset within 10 % of its liquidation price
    hysteresis: Decimal = Decimal("0.05")
    pause_on_danger: bool = False
    safety_buffer: Decimal = Decimal(0)  # Max stops this far below IMR 100 % (0.2: at IMR 80 %)

    def as_details(self) -> dict[str, str]:
        """As an AlertSettings note's details (strings, as the ledger keeps numbers)."""
        return {
            "warnMmr": str(self.warn_mmr),
            "dangerMmr": str(self.danger_mmr),
            "nearLiquidation": str(self.near_liquidation),
            "hysteresis": str(self.hysteresis),
            "pauseOnDanger": "true" if self.pause_on_danger else "false",
            "safetyBuffer": str(self.safety_buffer),
        }

    @classmethod
    def from_details(cls, details) -> AlertThresholds:
        """Back from a note; a missing or unreadable figure keeps its default."""
        default = cls()

        def number(key: str, fallback: Decimal) -> Decimal:
            try:
                value = Decimal(str(details[key]))
            except (KeyError, ArithmeticError, ValueError):
                return fallback
            return value if value.is_finite() and 0 <= value <= 1 else fallback

        return cls(
            number("warnMmr", default.warn_mmr),
            number("dangerMmr", default.danger_mmr),
            number("nearLiquidation", default.near_liquidation),
            number("hysteresis", default.hysteresis),
            str(details.get("pauseOnDanger", "")).lower() == "true",
            number("safetyBuffer", default.safety_buffer),
        )

    def problem(self) -> str:
        """What makes these thresholds unusable, in words ('' when they are fine)."""
        if not 0 < self.warn_mmr < self.danger_mmr < 1:
            return "The warning MMR must be above 0 % and below the danger MMR, which must be below 100 %."
        if not 0 <= self.hysteresis < self.warn_mmr:
            return "The hysteresis must be below the warning MMR."
        if not 0 <= self.near_liquidation < 1 or not 0 <= self.safety_buffer < 1:
            return "The distance to liquidation and the safety buffer must be below 100 %."
        return ""


@dataclass(frozen=True)
class RiskReading:
    level: RiskLevel
    mmr: Decimal | None
    imr: Decimal | None
    nearest: tuple[str, Decimal] | None  # asset and its distance to its liquidation price (fraction of mark)


@dataclass(frozen=True)
class Alert:
    time: datetime
    level: RiskLevel
    previous: RiskLevel
    text: str


def settings_sentence(t: AlertThresholds) -> str:
    words = (
        f"Alerts: warning at MMR {percent(t.warn_mmr)}, danger at MMR {percent(t.danger_mmr)} or within "
        f"{percent(t.near_liquidation)} of a liquidation price, hysteresis {percent(t.hysteresis)}"
    )
    if t.pause_on_danger:
        words += "; the clock pauses on danger"
    if t.safety_buffer:
        words += f"; Max keeps a {percent(t.safety_buffer)} safety buffer"
    return words


def alert_of(event) -> Alert:
    """An Alert back from its RiskAlert note."""
    levels = {level.word: level for level in RiskLevel}
    details = event.details
    return Alert(
        event.time,
        levels.get(details.get("level"), RiskLevel.SAFE),
        levels.get(details.get("previous"), RiskLevel.SAFE),
        event.reason or "",
    )


def raw_level(mmr: Decimal | None, distance: Decimal | None, t: AlertThresholds, slack: Decimal) -> RiskLevel:
    """The level the figures reach, each threshold lowered by ``slack`` (0 on the way up)."""
    level = RiskLevel.SAFE
    if mmr is not None:
        if mmr >= t.danger_mmr - slack:
            level = RiskLevel.DANGER
        elif mmr >= t.warn_mmr - slack:
            level = RiskLevel.WARNING
    if distance is not None and distance <= t.near_liquidation + slack:
        level = max(level, RiskLevel.DANGER)
    return level


def level_with_hysteresis(
    mmr: Decimal | None, distance: Decimal | None, liquidatable: bool, previous: RiskLevel, t: AlertThresholds
) -> RiskLevel:
    """Rises as soon as a threshold is reached; falls only once the figures are ``hysteresis`` clear of it."""
    if liquidatable:
        return RiskLevel.LIQUIDATION
    rising = raw_level(mmr, distance, t, Decimal(0))
    if rising >= previous:
        return rising
    held = raw_level(mmr, distance, t, t.hysteresis)
    return max(rising, min(previous, held))


def nearest_liquidation(session: Session, first: str | None = None) -> tuple[str, Decimal] | None:
    """The asset whose mark is closest (relatively) to its estimated liquidation price; the first of
    them in ``Session.liquidation_prices``' order when two are as close.

    ``first`` (last reading's nearest, most likely nearest again) is worked out first; then an asset
    shown to lie further than the nearest so far by one look at its margin is passed over without its
    price's search (``AccountFigures.liquidation_price_unless_further``): the same answer, to the last digit."""
    marks = session.state.marks
    figures = session.figures
    prices = figures.lazy_liquidation_prices
    order = list(prices)
    if first in order:
        order.remove(first)
        order.insert(0, first)
    rank = {symbol: number for number, symbol in enumerate(prices)}
    found: tuple[str, Decimal] | None = None
    for symbol in order:
        mark = marks.get(symbol)
        if not mark:
            continue
        if found is None:
            price = figures.liquidation_price(symbol)
        else:
            further, price = figures.liquidation_price_unless_further(symbol, found[1])
            if further:
                continue
        if price is None:
            continue
        distance = abs(mark - price) / mark
        if found is None or (distance, rank[symbol]) < (found[1], rank[found[0]]):
            found = (symbol, distance)
    return found


class RiskWatch(QObject):
    """Follows the session; ``changed`` after every new reading, ``alerted`` when a level is crossed."""

    changed = Signal(object)  # a RiskReading
    alerted = Signal(object)  # an Alert
    paused = Signal(str)  # why the clock was paused

    def __init__(self, session: Session, clock: Clock, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.session = session
        self.clock = clock
        self.thresholds: dict[str, AlertThresholds] = {}  # per account, as its latest AlertSettings note says
        self.alerts: list[Alert] = []
        self.pause_reason = ""
        self._open()
        session.changed.connect(self._on_change)

    @property
    def settings(self) -> AlertThresholds:
        name = self.session.name
        if name not in self.thresholds:
            note = self.session.latest(EventType.ALERT_SETTINGS)
            self.thresholds[name] = AlertThresholds() if note is None else AlertThresholds.from_details(note.details)
        return self.thresholds[name]

    def set_thresholds(self, thresholds: AlertThresholds) -> None:
        """Keep ``thresholds`` for the open account (an AlertSettings note: the latest wins) and read again."""
        problem = thresholds.problem()
        if problem:
            raise ValueError(problem)
        self.session.note(
            EventType.ALERT_SETTINGS, reason=settings_sentence(thresholds), details=thresholds.as_details()
        )
        self.thresholds[self.session.name] = thresholds
        before = self.reading.level
        self.reading = self.read(before)
        if self.reading.level != before and self.reading.level != RiskLevel.LIQUIDATION:
            self._alert(self.reading.level, before, self.describe(self.reading))
        self.changed.emit(self.reading)

    def _open(self) -> None:
        """The open account's recent alerts from its ledger; the level goes on from the last one."""
        self.alerts = [alert_of(event) for event in reversed(self.session.history(EventType.RISK_ALERT, limit=50))]
        self.pause_reason = ""
        previous = self.alerts[-1].level if self.alerts else RiskLevel.SAFE
        self.reading = self.read(min(previous, RiskLevel.DANGER))

    def read(self, previous: RiskLevel) -> RiskReading:
        v = self.session.valuation
        last = getattr(self, "reading", None)
        nearest = nearest_liquidation(self.session, last.nearest[0] if last and last.nearest else None)
        distance = nearest[1] if nearest else None
        level = level_with_hysteresis(v.mmr, distance, v.liquidatable, previous, self.settings)
        return RiskReading(level, v.mmr, v.imr, nearest)

    def _on_change(self, change: Change) -> None:
        if change.opened:
            self._open()
            self.changed.emit(self.reading)
            return
        if not (change.valuation or change.liquidation_steps):
            return
        before = self.reading.level
        self.reading = self.read(before)
        if change.liquidation_steps:
            steps = change.liquidation_steps
            self._alert(RiskLevel.LIQUIDATION, before, f"Liquidated: {steps} step{'s' if steps != 1 else ''}")
        elif self.reading.level != before:
            self._alert(self.reading.level, before, self.describe(self.reading))
        self.changed.emit(self.reading)

    def describe(self, reading: RiskReading) -> str:
        words = f"{reading.level.word}: MMR {percent(reading.mmr)}"
        if reading.nearest is not None:
            symbol, distance = reading.nearest
            words += f", {symbol} {percent(distance)} from its liquidation price"
        return words

    def _alert(self, level: RiskLevel, previous: RiskLevel, text: str) -> None:
        rising = level > previous or level == RiskLevel.LIQUIDATION
        when = self.session.state.time
        if level == RiskLevel.LIQUIDATION and self.session.last_liquidation is not None:
            when = self.session.last_liquidation[0]  # a background run tells of it only at its end
        alert = Alert(when, level, previous, text if rising else f"Back to {text}")
        self.alerts.append(alert)
        nearest = self.reading.nearest
        self.session.note(  # in History too, beside what caused it
            EventType.RISK_ALERT,
            nearest[0] if nearest else "",
            alert.text,
            {"level": level.word, "previous": previous.word},
        )
        self.pause_reason = ""
        pausing = level == RiskLevel.LIQUIDATION or (level == RiskLevel.DANGER and self.settings.pause_on_danger)
        if rising and pausing and self.clock.playing:  # a stopped clock (a step, a run) needs no pausing
            self.clock.pause()
            self.pause_reason = f"Clock paused at {alert.time:%Y-%m-%d %H:%M} UTC: {alert.text}."
            self.paused.emit(self.pause_reason)
        self.alerted.emit(alert)

    # -- before an action: the level it would leave, and Max within the safety buffer ---------------
    def level_after(self, shown) -> tuple[RiskLevel, str]:
        """The level an accepted preview would leave the account in, and why in words (MMR after, the
        nearest estimated liquidation price after and how far it is from the mark)."""
        after = shown.after
        marks = shown.marks_after or self.session.state.marks
        nearest = None
        for symbol, price in shown.liquidation_prices_after.items():
            mark = marks.get(symbol)
            if price is None or not mark:
                continue
            distance = abs(mark - price) / mark
            if nearest is None or distance < nearest[1]:
                nearest = (symbol, distance, price)
        if after.liquidatable:
            level = RiskLevel.LIQUIDATION
        else:
            level = raw_level(after.mmr, nearest[1] if nearest else None, self.settings, Decimal(0))
        words = f"MMR after {percent(after.mmr)}, IMR after {percent(after.imr)}"
        if nearest is not None:
            symbol, distance, price = nearest
            words += (
                f"; estimated liquidation price of {symbol} {self.session.formats.price(symbol, price)} USD, "
                f"{percent(distance)} from its mark"
            )
        return level, words

    def buffered(self, most: Decimal, preview_of, step: Decimal) -> Decimal:
        """``most`` (a Max), or less so that IMR after stays within the safety buffer (IMR ≤ 1 − buffer),
        in whole ``step``s; ``preview_of(quantity)`` previews the action."""
        buffer = self.settings.safety_buffer
        if not buffer or most <= 0 or step <= 0:
            return most
        ceiling = 1 - buffer

        def fits(quantity: Decimal) -> bool:
            shown = preview_of(quantity)
            return shown.accepted and (shown.after.imr is None or shown.after.imr <= ceiling)

        if fits(most):
            return most
        low, high = 0, int(most / step)
        while high - low > 1:
            middle = (low + high) // 2
            if fits(middle * step):
                low = middle
            else:
                high = middle
        return low * step
