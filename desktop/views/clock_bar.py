"""The status bar's clock: simulated time, play/pause (Ctrl+P, or Space), speed, step an hour, the price feed."""

from __future__ import annotations

from PySide6.QtWidgets import QComboBox, QHBoxLayout, QLabel, QPushButton, QWidget

from ..models.change import Change
from ..models.clock import SPEEDS, Clock
from ..models.session import FeedKind, Session
from ..text.formatting import parameters_label
from .partials.figures import set_figure


def feed_description(kind: FeedKind, seed: int) -> str:
    if kind == FeedKind.SCENARIO:
        return "Prices: scenario"
    if kind == FeedKind.CSV:
        return "Prices: CSV replay"
    return f"Prices: random walk (seed {seed})"


class ClockBar(QWidget):
    def __init__(self, clock: Clock, session: Session, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.clock = clock
        self.session = session
        layout = QHBoxLayout(self)
        layout.setContentsMargins(4, 0, 4, 0)
        self.time = QLabel()
        self.time.setAutoFillBackground(True)  # opaque: each tick's time repaints the label, not the status bar
        self.time.setAccessibleName("Simulated time")
        self.play = QPushButton()
        self.play.setAccessibleName("Play")
        self.play.setToolTip("Start or pause the simulated clock (Ctrl+P)")
        self.speed = QComboBox()
        self.speed.setAccessibleName("Speed")
        self.speed.setToolTip("Simulated seconds per second")
        for speed in SPEEDS:
            self.speed.addItem(f"{speed}×", speed)
        self.step = QPushButton("Step 1 h")
        self.step.setAccessibleName("Step an hour")
        self.feed = QLabel()
        self.feed.setAccessibleName("Price feed")
        self.parameters = QLabel()
        for widget in (self.time, self.play, self.speed, self.step):
            layout.addWidget(widget)
        layout.addSpacing(12)
        layout.addWidget(self.feed)
        layout.addSpacing(12)
        layout.addWidget(self.parameters)
        layout.addStretch(1)

        self.play.clicked.connect(clock.toggle)
        self.step.clicked.connect(clock.step_hour)
        self.speed.currentIndexChanged.connect(lambda i: clock.set_speed(self.speed.itemData(i)))
        clock.changed.connect(self.show_clock)
        session.changed.connect(self._on_change)
        self._shown_time = None  # the simulated time on screen
        self._day: tuple = (None, "")  # its date, and the date written
        self.show_clock()
        self.show_time()
        self.show_account()

    def _on_change(self, change: Change) -> None:
        if change.clock:
            self.show_time()
        if change.opened or change.feed:
            self.show_account()

    def show_clock(self) -> None:
        playing = self.clock.playing
        self.play.setText("❚❚ Pause" if playing else "▶ Play")
        self.play.setAccessibleName("Pause" if playing else "Play")
        index = self.speed.findData(self.clock.speed)
        if index >= 0 and index != self.speed.currentIndex():
            self.speed.blockSignals(True)
            self.speed.setCurrentIndex(index)
            self.speed.blockSignals(False)

    def show_time(self) -> None:
        now = self.session.state.time
        if now == self._shown_time:
            return
        self._shown_time = now
        day = now.date()
        if day != self._day[0]:  # the date is written once a day; each tick writes the time of day alone
            self._day = (day, f"{now:%Y-%m-%d}")
        set_figure(self.time, f"{self._day[1]} {now.hour:02d}:{now.minute:02d}:{now.second:02d} UTC")

    def show_account(self) -> None:
        self.feed.setText(feed_description(*self.session.feed))
        parameters = self.session.parameters
        label = parameters_label(parameters.source, parameters.snapshot_time)
        self.parameters.setText(label)
        self.parameters.setToolTip(f"Snapshot of {parameters.snapshot_time:%Y-%m-%d %H:%M} UTC (Help → About)")
