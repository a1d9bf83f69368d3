"""Where the prices and the parameters come from, always in sight: a banner over the views (LIVE or
SIMULATED, the parameters' source and snapshot time, [assumed] when the rate curve was fitted) and
one sentence in the status bar (offline; the last Live update and its latency; or why Live stopped)."""

from __future__ import annotations

from html import escape

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QLabel, QWidget

from ..models.change import Change
from ..models.live_mode import LiveMode
from ..models.session import Session
from ..text.formatting import parameters_label
from .clock_bar import feed_description
from .partials.restyle import set_style_property


def assumed_rate_note(notes: tuple[str, ...]) -> str | None:
    return next((note for note in notes if note.startswith("[assumed] rateModel")), None)


class LiveBanner(QLabel):
    def __init__(self, live: LiveMode, session: Session, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.live = live
        self.session = session
        self.setObjectName("liveBanner")
        self.setAccessibleName("Prices and parameters")
        self.setWordWrap(True)
        self._notes: tuple[str, ...] = ()
        live.changed.connect(self.show_state)
        session.changed.connect(self._on_change)
        self._read_notes()
        self.show_state()

    def _on_change(self, change: Change) -> None:
        if change.opened or change.feed:
            self._read_notes()
            self.show_state()

    def _read_notes(self) -> None:
        self._notes = self.session.parameter_notes

    def show_state(self) -> None:
        parameters = self.session.parameters
        label = parameters_label(parameters.source, parameters.snapshot_time)
        where = f"{escape(label)} (snapshot {parameters.snapshot_time:%Y-%m-%d %H:%M} UTC)"
        assumed = assumed_rate_note(self._notes)
        if assumed:
            where += ", rate curve [assumed]"
        if self.live.on and self.live.problem:
            mode, text = "stopped", f"<b>LIVE, STOPPED</b> · {escape(self.live.problem)} · no prices invented"
        elif self.live.on:
            mode = "live"
            every = self.live.poller.marks_every if self.live.poller else 5
            text = f"<b>● LIVE</b> · prices: Backpack mark prices every {every:g} s · parameters: {where}"
        else:
            mode = "simulated"
            feed = feed_description(*self.session.feed).removeprefix("Prices: ")
            text = f"<b>SIMULATED</b> · prices: {escape(feed)} · parameters: {where}"
        set_style_property(self, "mode", mode)
        if self.text() != text:
            self.setText(text)
        notes = "<br>".join(escape(note) for note in self._notes)
        tooltip = f"<p>{notes}</p>" if notes else "Parameters: " + parameters.source
        if self.toolTip() != tooltip:
            self.setToolTip(tooltip)


class LiveStatus(QLabel):
    """The status bar's Live sentence (hidden offline, where the banner says SIMULATED); a long error is
    elided to fit a 1024-pixel window, whole in the tooltip and ``sentence``."""

    WIDTH = 380

    def __init__(self, live: LiveMode, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.live = live
        self.sentence = ""
        self.setObjectName("liveStatus")
        self.setAccessibleName("Live prices status")
        self.setMaximumWidth(self.WIDTH)
        live.changed.connect(self.show_state)
        self.show_state()

    def show_state(self) -> None:
        self.setVisible(self.live.on)
        text = self.live.status()
        if self.sentence != text:
            self.sentence = text
            self.setText(self.fontMetrics().elidedText(text, Qt.TextElideMode.ElideMiddle, self.WIDTH))
            self.setToolTip(f"<p>{escape(text)}</p>")  # rich text wraps a long error
