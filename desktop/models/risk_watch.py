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
        return {0: "●", 1: "▲", 2: "⚠", 3: "⛔"}[self.value]


@dataclass(frozen=True)
class AlertThresholds:
    """Per account; MMR as a fraction (0.60 = 60 %). ``hysteresis`` is how far below a threshold
    the MMR (or how much further from liquidation an asset) must come back before the level drops."""

    warn_mmr: Decimal = Decimal("0.60")
    danger_mmr: Decimal = Decimal("0.80")
    near_liquidation: Decimal = Decimal("0.10")  # an asset within 10 % of its liquidation price
    hysteresis: Decimal = Decimal("0.05")
    pause_on_danger: bool = False


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


def nearest_liquidation(session: Session) -> tuple[str, Decimal] | None:
    """The asset whose mark is closest (relatively) to its estimated liquidation price."""
    marks = session.state.marks
    found: tuple[str, Decimal] | None = None
    for symbol, price in session.liquidation_prices.items():
        mark = marks.get(symbol)
        if price is None or not mark:
            continue
        distance = abs(mark - price) / mark
        if found is None or distance < found[1]:
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
        self.thresholds: dict[str, AlertThresholds] = {}
        self.alerts: list[Alert] = []
        self.pause_reason = ""
        self.reading = self.read(RiskLevel.SAFE)
        session.changed.connect(self._on_change)

    @property
    def settings(self) -> AlertThresholds:
        return self.thresholds.get(self.session.name, AlertThresholds())

    def set_thresholds(self, thresholds: AlertThresholds) -> None:
        self.thresholds[self.session.name] = thresholds

    def read(self, previous: RiskLevel) -> RiskReading:
        v = self.session.valuation
        nearest = nearest_liquidation(self.session)
        distance = nearest[1] if nearest else None
        level = level_with_hysteresis(v.mmr, distance, v.liquidatable, previous, self.settings)
        return RiskReading(level, v.mmr, v.imr, nearest)

    def _on_change(self, change: Change) -> None:
        if change.opened:
            self.alerts.clear()
            self.pause_reason = ""
            self.reading = self.read(RiskLevel.SAFE)
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
        alert = Alert(self.session.state.time, level, previous, text if rising else f"Back to {text}")
        self.alerts.append(alert)
        if rising and (level == RiskLevel.LIQUIDATION or (level == RiskLevel.DANGER and self.settings.pause_on_danger)):
            if self.clock.playing:
                self.clock.pause()
            self.pause_reason = f"Clock paused at {alert.time:%Y-%m-%d %H:%M} UTC: {alert.text}."
            self.paused.emit(self.pause_reason)
        self.alerted.emit(alert)
