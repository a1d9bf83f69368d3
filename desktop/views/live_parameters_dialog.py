"""File → Load live parameters…: fetch Backpack's public parameters in the background (progress and
Cancel), show what came and what was left out and why (the [assumed] rate curve too), keep the
snapshot in the store, then move the open account onto it or open a new account on it."""

from __future__ import annotations

from html import escape

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QProgressBar,
    QPushButton,
    QRadioButton,
    QTextBrowser,
    QVBoxLayout,
    QWidget,
)

from ..models.account_list import AccountList
from ..models.session import ServiceError, Session
from ..tasks.live import FetchTask, fetch_live_parameters
from .partials.restyle import set_message


def summary_html(fetched) -> str:
    """What a fetch brought, for the dialog: counts, names, what was left out and why, and the notes."""
    summary = fetched.summary

    def names(items) -> str:
        return escape(", ".join(items)) if items else "none"

    rows = [
        f"<p><b>{len(summary.assets)} assets</b>: {names(summary.assets)}<br>"
        f"<b>{len(summary.spot_markets)} spot markets</b>: {names(summary.spot_markets)}<br>"
        f"<b>{len(summary.perps)} perps</b>: {names(summary.perps)}"
        + (f" (perp-only bases: {names(summary.perp_only_bases)})" if summary.perp_only_bases else "")
        + f"<br>Fetched from {escape(fetched.base_url)} at {summary.fetched_at:%Y-%m-%d %H:%M:%S} UTC "
        f"in {fetched.seconds:.2f} s.</p>"
    ]
    left_out = [f"{escape(name)}: no collateral functions" for name in summary.without_collateral_functions]
    left_out += [f"{escape(name)}: {escape(why)}" for name, why in summary.left_out.items()]
    if left_out:
        rows.append("<p><b>Assets left out</b></p><ul>" + "".join(f"<li>{item}</li>" for item in left_out) + "</ul>")
    if summary.skipped_markets:
        items = "".join(f"<li>{escape(n)}: {escape(w)}</li>" for n, w in summary.skipped_markets.items())
        rows.append(f"<p><b>Markets skipped</b></p><ul>{items}</ul>")
    if summary.notes:
        items = "".join(f"<li>{escape(note)}</li>" for note in summary.notes)
        rows.append(f"<p><b>Notes</b></p><ul>{items}</ul>")
    return "".join(rows)


class LiveParametersDialog(QDialog):
    def __init__(
        self,
        session: Session,
        accounts: AccountList,
        base_url: str | None = None,
        timeout: float | None = None,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.session = session
        self.accounts = accounts
        self.base_url = base_url
        self.timeout = timeout
        self.task: FetchTask | None = None
        self.fetched = None
        self.outcome = ""  # what Apply did, in one sentence (the window shows it in the status bar)
        self.setObjectName("liveParametersDialog")
        self.setWindowTitle("Load live parameters")
        self.resize(620, 520)

        self.step = QLabel("Asking Backpack…")
        self.step.setAccessibleName("Fetch step")
        self.progress = QProgressBar()
        self.progress.setAccessibleName("Fetch progress")
        self.problem = QLabel()
        self.problem.setObjectName("refusal")
        self.problem.setWordWrap(True)
        self.problem.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.problem.hide()
        self.summary = QTextBrowser()
        self.summary.setAccessibleName("What was fetched")
        self.summary.hide()

        self.move_choice = QRadioButton()
        self.move_choice.setChecked(True)
        self.new_choice = QRadioButton("Open a new account on them, named")
        self.new_name = QLineEdit()
        self.new_name.setAccessibleName("New account name")
        self.new_name.setText("Backpack live")
        self.new_name.textEdited.connect(lambda _text: self.new_choice.setChecked(True))
        new_row = QHBoxLayout()
        new_row.addWidget(self.new_choice)
        new_row.addWidget(self.new_name, 1)
        self.choices = QWidget()
        choices = QVBoxLayout(self.choices)
        choices.setContentsMargins(0, 0, 0, 0)
        choices.addWidget(self.move_choice)
        choices.addLayout(new_row)
        self.choices.hide()

        self.buttons = QDialogButtonBox()
        self.apply_button = self.buttons.addButton("Use these parameters", QDialogButtonBox.ButtonRole.AcceptRole)
        self.apply_button.hide()
        self.retry_button = QPushButton("Try again")
        self.buttons.addButton(self.retry_button, QDialogButtonBox.ButtonRole.ActionRole)
        self.retry_button.hide()
        self.cancel_button = self.buttons.addButton(QDialogButtonBox.StandardButton.Cancel)
        self.apply_button.clicked.connect(self.apply)
        self.retry_button.clicked.connect(self.fetch)
        self.cancel_button.clicked.connect(self.cancel)

        layout = QVBoxLayout(self)
        for widget in (self.step, self.progress, self.problem):
            layout.addWidget(widget)
        layout.addWidget(self.summary, 1)
        layout.addWidget(self.choices)
        layout.addStretch(0)
        layout.addWidget(self.buttons)
        self.finished.connect(lambda _result: self._stop_task())

    # -- fetching (never on the GUI thread) --------------------------------------------------------
    def fetch(self) -> FetchTask:
        self.fetched = None
        for widget in (self.problem, self.summary, self.choices, self.apply_button, self.retry_button):
            widget.hide()
        self.step.setText("Asking Backpack…")
        self.step.show()
        self.progress.setRange(0, 0)
        self.progress.show()
        self.cancel_button.setText("Cancel")
        task = fetch_live_parameters(self.base_url, self.timeout)
        task.stepped.connect(lambda what: self.step.setText(f"Reading {what}…"))
        task.progressed.connect(self._progressed)
        task.finished.connect(self._fetched)
        task.failed.connect(self._failed)
        self.task = task
        task.start()
        return task

    def _progressed(self, done: int, total: int) -> None:
        self.progress.setRange(0, total)
        self.progress.setValue(done)

    def _fetched(self, fetched, cancelled: bool) -> None:
        if cancelled or fetched is None:
            self.reject()
            return
        self.progress.hide()
        try:
            self.accounts.keep_snapshot(fetched.text)
        except (ServiceError, ValueError) as error:
            self._failed(f"The fetched parameters cannot be kept: {error}")
            return
        self.fetched = fetched
        self.step.setText(fetched.summary.line().split(";")[0] + ". Kept in the store.")
        self.summary.setHtml(summary_html(fetched))
        self.summary.show()
        self.move_choice.setText(f"Move “{self.session.name}” onto them (balances, orders and positions kept)")
        self.choices.show()
        self.apply_button.show()
        self.apply_button.setDefault(True)
        self.cancel_button.setText("Close")

    def _failed(self, message: str) -> None:
        self.progress.hide()
        self.step.setText("Nothing was loaded; the parameters in use are unchanged.")
        set_message(self.problem, message)
        self.retry_button.show()
        self.cancel_button.setText("Close")

    def cancel(self) -> None:
        if self.task is not None and self.fetched is None and self.progress.isVisible():
            self.task.cancel()
            self.step.setText("Cancelling…")
            self.cancel_button.setEnabled(False)
            return
        self.reject()

    def _stop_task(self) -> None:
        """Closed: a fetch under way is cancelled and tells this dialog nothing more."""
        if self.task is not None:
            self.task.cancel()
            for signal in (self.task.stepped, self.task.progressed, self.task.finished, self.task.failed):
                signal.disconnect()

    # -- using them (one transaction) --------------------------------------------------------------
    def apply(self) -> None:
        if self.fetched is None:
            return
        try:
            if self.new_choice.isChecked():
                name = self.new_name.text().strip()
                self.accounts.create_on_snapshot(name, self.fetched.text)
                self.outcome = f"Opened “{name}” on Backpack's live parameters."
            else:
                self.outcome = self.accounts.move_open_account(self.fetched.text) + "."
        except ServiceError as error:
            set_message(self.problem, str(error))
            return
        self.accept()
