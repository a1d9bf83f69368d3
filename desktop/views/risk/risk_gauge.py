"""The risk level in the Account Overview (colour plus words and a sign), the distance to the nearest
liquidation price, the last alert as an in-window notice, and a liquidation notice that stays until
the trader acknowledges it. ``AlertLog`` lists the alerts in the History view."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QFrame, QLabel, QListWidget, QPushButton, QVBoxLayout, QWidget

from ...models.risk_watch import Alert, RiskLevel, RiskReading, RiskWatch
from ...text.formatting import percent
from ..partials.figures import UNSHOWN, SteadyBox, same_value

# Background and text per level: dark text on every ground, so each reads in either theme.
LEVEL_COLOURS = {
    RiskLevel.SAFE: ("#cfe8d4", "#14301c"),
    RiskLevel.WARNING: ("#e8b949", "#1c2128"),
    RiskLevel.DANGER: ("#e0735f", "#1c2128"),
    RiskLevel.LIQUIDATION: ("#b8321f", "#ffffff"),
}


NBSP = "\u00a0"


def unbroken(text: str) -> str:
    """``text`` that a word-wrapping label never splits ("MMR 85.12 %": its "%" was wrapped alone onto
    the next line in a 1024 px window's Account Overview)."""
    return text.replace(" ", NBSP)


def level_style(level: RiskLevel) -> str:
    ground, text = LEVEL_COLOURS[level]
    return f"background: {ground}; color: {text}; padding: 3px 6px; border-radius: 3px; font-weight: bold;"


class RiskGauge(QFrame):
    def __init__(self, watch: RiskWatch, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.watch = watch
        self.setObjectName("riskGauge")
        self.setAccessibleName("Risk level")
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 4, 0, 4)
        self.level = QLabel()
        self.level.setObjectName("riskLevel")
        self.level.setAccessibleName("Risk level")
        self.level.setWordWrap(True)  # a longer level never widens the Overview
        self.level.setToolTip(
            "<p>Safe below the warning MMR; Warning from it; Danger from the danger MMR or within the set "
            "distance of a liquidation price; Liquidation at MMR 100 %. A level drops only once the "
            "figures are clear of its threshold by the hysteresis, so it does not flap.</p>"  # rich text wraps
        )
        layout.addWidget(SteadyBox(self.level))  # a new MMR repaints the level alone, not the Overview
        self.distance = QLabel()
        self.distance.setObjectName("liquidationDistance")
        self.distance.setAccessibleName("Nearest liquidation price")
        self.distance.setWordWrap(True)  # "… 19,562.52 % away" must not widen the Account Overview
        self.distance.setAutoFillBackground(True)  # its own ground (the window's): a new distance repaints it alone
        layout.addWidget(SteadyBox(self.distance))  # each tick's distance repaints this line alone

        self.notice = QLabel()
        self.notice.setObjectName("alertNotice")
        self.notice.setAccessibleName("Risk alert")
        self.notice.setWordWrap(True)
        self.notice.hide()
        layout.addWidget(self.notice)

        self.liquidation = QFrame()
        self.liquidation.setObjectName("liquidationNotice")
        # the words over the button: beside it, in the Overview's 240 px, they ran to five lines
        row = QVBoxLayout(self.liquidation)
        row.setContentsMargins(0, 0, 0, 0)
        self.liquidation_text = QLabel()
        self.liquidation_text.setWordWrap(True)
        self.liquidation_text.setAccessibleName("Liquidation notice")
        self.liquidation_text.setStyleSheet(level_style(RiskLevel.LIQUIDATION))
        self.acknowledge = QPushButton("Acknowledge")
        self.acknowledge.setAccessibleName("Acknowledge liquidation")
        row.addWidget(self.liquidation_text)
        row.addWidget(self.acknowledge, 0, Qt.AlignmentFlag.AlignRight)
        self.liquidation.hide()
        layout.addWidget(self.liquidation)

        self._level_shown: object = UNSHOWN  # the level, MMR and IMR on screen
        self._style_level: RiskLevel | None = None  # the level the label's colours are of
        self._nearest_shown: object = UNSHOWN  # the nearest liquidation price's asset and distance on screen
        self._liquidation_shown: str | None = ""  # the liquidation notice's text on screen (None: hidden)
        self.acknowledge.clicked.connect(watch.session.acknowledge_liquidation)
        watch.changed.connect(self.show_reading)
        watch.alerted.connect(self.show_alert)
        watch.session.changed.connect(self._on_change)
        self.show_reading(watch.reading)

    def show_reading(self, reading: RiskReading) -> None:
        level = reading.level
        # Each line is written again only when what it shows moved (most ticks move the MMR by less than
        # its last decimal, and the nearest liquidation price not at all).
        if not same_value(self._level_shown, (level, reading.mmr, reading.imr)):
            self._level_shown = (level, reading.mmr, reading.imr)
            # lines break only between the level, the MMR and the IMR, never inside a figure
            mmr, imr = unbroken(f"MMR {percent(reading.mmr)}"), unbroken(f"IMR {percent(reading.imr)}")
            text = f"{level.mark} {level.word} — {mmr} · {imr}"
            if self.level.text() != text:
                self.level.setText(text)
            if level != self._style_level:  # a style sheet re-polishes the label: only for another level
                self._style_level = level
                self.level.setStyleSheet(level_style(level))
        nearest = None if reading.nearest is None else (*reading.nearest, self._price_of(reading.nearest[0]))
        if not same_value(self._nearest_shown, nearest):
            self._nearest_shown = nearest
            if nearest is None:
                words = "Nearest liquidation price: none"
            else:  # the price itself, then how far: "SOL 121.12, 19.25 % away"
                symbol, distance, price = nearest
                shown = symbol if price is None else f"{symbol} {self.watch.session.formats.price(symbol, price)}"
                words = f"Nearest liquidation price: {unbroken(shown)}, {unbroken(percent(distance))} away"
            if self.distance.text() != words:  # wraps rather than widening the Overview (no fixed figure size)
                self.distance.setText(words)
        self.show_liquidation()

    def _price_of(self, symbol: str):
        """The estimated liquidation price of ``symbol`` now (the state's figures have it at hand from
        the reading); None for an asset the account's state does not know (a reading handed in)."""
        try:
            return self.watch.session.liquidation_price(symbol)
        except KeyError:
            return None

    def _on_change(self, change) -> None:
        if change.opened:  # another account: its own story
            self.notice.hide()
        if change.history:  # a liquidation, or its acknowledgement
            self.show_liquidation()

    def show_liquidation(self) -> None:
        """The latest liquidation stays in sight, across restarts, until the trader acknowledges it."""
        last = self.watch.session.last_liquidation
        if last is None:
            if self._liquidation_shown is not None:
                self._liquidation_shown = None
                self.liquidation.hide()
            return
        when, steps = last
        paused = " The clock is paused." if self.watch.pause_reason and self.watch.clock.playing is False else ""
        text = (
            f"✖ Liquidated: {steps} step{'s' if steps != 1 else ''} at {when:%Y-%m-%d %H:%M} UTC; each step is "
            f"explained in History.{paused}"
        )
        if text != self._liquidation_shown:
            self._liquidation_shown = text
            self.liquidation_text.setText(text)
            self.liquidation.show()

    def show_alert(self, alert: Alert) -> None:
        if alert.level == RiskLevel.LIQUIDATION:  # its own notice says it, and stays until acknowledged
            self.notice.hide()
            self.show_liquidation()
            return
        words = f"{alert.level.mark} {alert.time:%Y-%m-%d %H:%M} UTC — {alert.text}."
        if self.watch.pause_reason:
            words += " The clock is paused."
        self.notice.setText(words)
        self.notice.setStyleSheet(level_style(alert.level))
        self.notice.show()


class AlertLog(QListWidget):
    """The risk alerts of the open account, newest first (shown in the History view)."""

    def __init__(self, watch: RiskWatch, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.watch = watch
        self.setObjectName("alertLog")
        self.setAccessibleName("Risk alerts")
        self.setMaximumHeight(110)
        watch.alerted.connect(self.add_alert)
        watch.session.changed.connect(lambda change: self.fill() if change.opened else None)
        self.fill()

    def fill(self) -> None:
        """The open account's recent alerts, from its ledger."""
        self.clear()
        for alert in self.watch.alerts:
            self.add_alert(alert)

    def add_alert(self, alert: Alert) -> None:
        self.insertItem(0, f"{alert.time:%Y-%m-%d %H:%M:%S}  {alert.level.mark} {alert.level.word}  {alert.text}")
