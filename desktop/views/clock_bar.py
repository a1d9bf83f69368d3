"""The status bar's clock: simulated time, play/pause (Space), speed, step an hour, the price feed."""

from __future__ import annotations

from PySide6.QtWidgets import QComboBox, QHBoxLayout, QLabel, QPushButton, QWidget

from ..models.desk import SPEEDS, Desk
from ..text.formatting import source_label


def feed_description(desk: Desk) -> str:
    row = desk.loaded.row
    if row.feed_kind == "scenario":
        return "Prices: scenario"
    if row.feed_kind == "csv":
        return "Prices: CSV replay"
    return f"Prices: random walk (seed {row.feed_seed})"


class ClockBar(QWidget):
    def __init__(self, desk: Desk, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.desk = desk
        layout = QHBoxLayout(self)
        layout.setContentsMargins(4, 0, 4, 0)
        self.time = QLabel()
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

        self.play.clicked.connect(desk.toggle_clock)
        self.step.clicked.connect(desk.step_hour)
        self.speed.currentIndexChanged.connect(lambda i: desk.set_speed(self.speed.itemData(i)))
        desk.clockChanged.connect(self.refresh)
        desk.stateChanged.connect(self.refresh)
        self.refresh()

    def refresh(self, *_args) -> None:
        self.time.setText(self.desk.state.time.strftime("%Y-%m-%d %H:%M:%S UTC"))
        playing = self.desk.playing
        self.play.setText("❚❚ Pause" if playing else "▶ Play")
        self.play.setAccessibleName("Pause" if playing else "Play")
        index = self.speed.findData(self.desk.speed)
        if index >= 0 and index != self.speed.currentIndex():
            self.speed.blockSignals(True)
            self.speed.setCurrentIndex(index)
            self.speed.blockSignals(False)
        self.feed.setText(feed_description(self.desk))
        source = self.desk.parameters.source or "parameters"
        self.parameters.setText(source_label(source))
        self.parameters.setToolTip(f"Parameters in use: {source_label(source)} (Help → About)")
