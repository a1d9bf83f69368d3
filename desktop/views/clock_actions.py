"""Clock menu work that needs dialogs: Move price…, Run scenario… (with progress and Cancel), Replay
CSV…, and back to the random walk. Each leaves its trace in History."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QFileDialog, QMainWindow, QMessageBox, QProgressDialog

from .. import APP_NAME
from ..engine.boundary.bounds import MAX_FEED_BYTES
from ..engine.vocabulary import EventType
from ..models.clock import Clock
from ..models.session import FeedError, ServiceError, Session
from ..tasks.background import BackgroundTask, run_scenario
from .price_dialogs import MovePriceDialog, ScenarioEditor


class ClockActions:
    def __init__(self, window: QMainWindow, session: Session, clock: Clock) -> None:
        self.window = window
        self.session = session
        self.clock = clock
        self.task: BackgroundTask | None = None
        self.last_summary = ""

    def _say(self, text: str) -> None:
        self.last_summary = text
        self.window.statusBar().showMessage(text, 15000)

    def move_price(self) -> MovePriceDialog:
        dialog = MovePriceDialog(self.session, self.window)
        dialog.moved.connect(self._say)
        dialog.finished.connect(lambda _result: dialog.deleteLater())
        dialog.open()
        return dialog

    def edit_scenario(self) -> ScenarioEditor:
        dialog = ScenarioEditor(self.session, self.window)
        dialog.runRequested.connect(self.run_scenario)
        dialog.finished.connect(lambda _result: dialog.deleteLater())
        dialog.open()
        return dialog

    def run_scenario(self, text: str) -> BackgroundTask | None:
        try:
            steps = len(self.session.scenario_steps(text))
            task = run_scenario(self.session, self.clock, text)
        except (FeedError, ServiceError) as error:
            QMessageBox.warning(self.window, APP_NAME, f"The scenario cannot run: {error}")
            return None
        self.session.note(EventType.PRICE_FEED_CHANGED, reason=f"Prices: a scenario of {steps} steps from here")
        progress = QProgressDialog(f"Running the scenario: {steps} steps…", "Cancel", 0, steps, self.window)
        progress.setObjectName("scenarioProgress")
        progress.setWindowTitle("Run scenario")
        progress.setWindowModality(Qt.WindowModality.WindowModal)
        progress.setMinimumDuration(0)
        task.progressed.connect(lambda done, _total: progress.setValue(done))
        progress.canceled.connect(task.cancel)

        def finished(result, cancelled) -> None:
            progress.reset()
            progress.deleteLater()
            done, liquidations = result
            ran = (
                f"stopped after {done} of {steps} steps" if cancelled else f"{done} step{'s' if done != 1 else ''} run"
            )
            liquidated = "no liquidation" if not liquidations else f"{liquidations} liquidation steps"
            self._say(f"Scenario: {ran}, {liquidated} (each step is in History).")

        def failed(error: str) -> None:
            progress.reset()
            progress.deleteLater()
            QMessageBox.warning(self.window, APP_NAME, error)

        task.finished.connect(finished)
        task.failed.connect(failed)
        self.task = task
        task.start()
        return task

    def replay_csv(self, path: str | None = None) -> bool:
        """Replay a ``time,symbol,price`` file as the clock runs; a bad line is named and nothing changes."""
        if not isinstance(path, str) or not path:  # a menu action passes checked=False
            path, _ = QFileDialog.getOpenFileName(self.window, "Replay CSV", "", "CSV files (*.csv);;All files (*)")
            if not path:
                return False
        try:
            if Path(path).stat().st_size > MAX_FEED_BYTES:
                raise FeedError(f"the file is larger than {MAX_FEED_BYTES // (1024 * 1024)} MiB")
            text = Path(path).read_text(encoding="utf-8")
            self.clock.pause()
            self.session.use_csv(text)
        except (OSError, UnicodeDecodeError, FeedError, ServiceError) as error:
            QMessageBox.warning(self.window, APP_NAME, f"{Path(path).name} cannot be replayed: {error}")
            return False
        self.session.note(EventType.PRICE_FEED_CHANGED, reason=f"Prices: replay of {Path(path).name}")
        self._say(f"Prices now replay {Path(path).name}: press Play, Step or Fast-forward.")
        return True

    def random_walk(self) -> None:
        seed = self.session.feed[1]
        self.session.use_random_walk(seed)
        self.session.note(EventType.PRICE_FEED_CHANGED, reason=f"Prices: random walk (seed {seed})")
        self._say(f"Prices follow the random walk again (seed {seed}).")
