"""Deposit and Withdrawal dialogs: a form, a confirmation step, then done (or the refusal in words).

The Withdrawal dialog (withdrawal_dialog.py) builds on the same steps.

Enter goes on (Continue, then the action), Esc closes. Messages have room kept for them, so the
dialog does not jump when one appears.
"""

from __future__ import annotations

from decimal import Decimal
from typing import TYPE_CHECKING

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QSizePolicy,
    QStackedWidget,
    QVBoxLayout,
    QWidget,
)

from ..models.change import Change
from ..models.session import Session
from ..text.refusals import refusal_text
from .partials.inputs import DecimalInput, field_with_note
from .partials.restyle import set_message, show_refusal

MESSAGE_LINES = 3  # room kept for a message, so the dialog keeps its layout when one appears


def kept_room(label: QLabel, lines: int = MESSAGE_LINES) -> QLabel:
    """``label`` keeps ``lines`` lines of room whether it shows a message or not."""
    policy = label.sizePolicy()
    policy.setRetainSizeWhenHidden(True)
    policy.setVerticalPolicy(QSizePolicy.Policy.Fixed)
    label.setSizePolicy(policy)
    label.setFixedHeight(label.fontMetrics().lineSpacing() * lines + 12)
    label.setAlignment(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignTop)
    return label


if TYPE_CHECKING:  # types only: the dialogs reach the engine through the session
    from ..engine import Outcome
    from ..engine.preview import ActionPreview


class TransferDialog(QDialog):
    """The shared three steps; subclasses add their fields, preview and action."""

    VERB = ""

    def __init__(self, session: Session, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.session = session
        self._following = False  # listening to the session: only while on screen
        self._followed = session.state  # the state the figures on screen were worked out from
        self.setWindowTitle(self.VERB)
        self.setMinimumWidth(440)
        self.pages = QStackedWidget()
        outer = QVBoxLayout(self)
        outer.addWidget(self.pages)

        self.form_page = QWidget()
        self.form_layout = QVBoxLayout(self.form_page)
        self.fields = QFormLayout()
        self.form_layout.addLayout(self.fields)
        self.asset = QComboBox()
        self.asset.setAccessibleName("Asset")
        self.asset.addItems(list(session.parameters.assets))
        self.amount = DecimalInput("Amount", keep_room=True)
        self.beside_amount: list[QWidget] = []
        self.fields.addRow("Asset", self.asset)

        self.message = QLabel()
        self.message.setObjectName("refusal")
        self.message.setWordWrap(True)
        self.message.setAccessibleName(f"{self.VERB} message")
        kept_room(self.message)
        self.message.hide()
        self.continue_button = QPushButton("Continue")
        self.continue_button.setAccessibleName("Continue")
        self.continue_button.setDefault(True)
        self.cancel_button = cancel = QPushButton("Cancel")
        cancel.setAccessibleName("Cancel")
        cancel.clicked.connect(self.reject)
        self.form_buttons = QHBoxLayout()
        self.form_buttons.addStretch(1)
        self.form_buttons.addWidget(cancel)
        self.form_buttons.addWidget(self.continue_button)

        self.confirm_page = QWidget()
        confirm_layout = QVBoxLayout(self.confirm_page)
        self.summary = QLabel()
        self.summary.setWordWrap(True)
        self.summary.setAccessibleName("Summary")
        confirm_layout.addWidget(self.summary)
        confirm_layout.addStretch(1)
        back = QPushButton("Back")
        back.setAccessibleName("Back")
        back.clicked.connect(self._back)
        self.confirm_button = QPushButton(self.VERB)
        self.confirm_button.setAccessibleName(self.VERB)
        row = QHBoxLayout()
        row.addStretch(1)
        row.addWidget(back)
        row.addWidget(self.confirm_button)
        confirm_layout.addLayout(row)

        self.done_page = QWidget()
        done_layout = QVBoxLayout(self.done_page)
        self.result = QLabel()
        self.result.setWordWrap(True)
        self.result.setAccessibleName("Result")
        done_layout.addWidget(self.result)
        done_layout.addStretch(1)
        self.done_button = QPushButton("Done")
        self.done_button.setAccessibleName("Done")
        self.done_button.clicked.connect(self.accept)
        row = QHBoxLayout()
        row.addStretch(1)
        row.addWidget(self.done_button)
        done_layout.addLayout(row)

        for page in (self.form_page, self.confirm_page, self.done_page):
            self.pages.addWidget(page)
        self.asset.currentTextChanged.connect(self._asset_chosen)
        self.amount.textEdited.connect(self.update_preview)
        self.continue_button.clicked.connect(self.go_on)
        self.confirm_button.clicked.connect(self.carry_out)

    def finish_form(self) -> None:
        """Called by subclasses once their fields are in place."""
        self.fields.insertRow(1, "Amount", field_with_note(self.amount, *self.beside_amount))
        self.form_layout.addWidget(self.message)
        self.form_layout.addStretch(1)
        self.form_layout.addLayout(self.form_buttons)
        chain = [
            self.asset,
            self.amount,
            *self.beside_amount,
            *self.tab_extras(),
            self.cancel_button,
            self.continue_button,
        ]
        for earlier, later in zip(chain, chain[1:]):
            QWidget.setTabOrder(earlier, later)
        self._asset_chosen(self.asset.currentText())

    # -- following the ticks while open -------------------------------------------------------------
    def showEvent(self, event) -> None:
        super().showEvent(event)
        if not self._following:
            self._following = True
            self.session.changed.connect(self._on_change)
            self.follow()  # what moved while it was closed

    def hideEvent(self, event) -> None:
        super().hideEvent(event)
        if self._following:  # a closed dialog costs no tick anything
            self._following = False
            self.session.changed.disconnect(self._on_change)

    def _on_change(self, change: Change) -> None:
        if change.state:
            self.follow()

    def follow(self) -> None:
        """The figures that read the marks, worked out again for the state now (the trader watches them
        move); what was typed and the messages of Continue stay. Once per state, and only what the page
        on screen shows."""
        state = self.session.state
        if state is self._followed:
            return
        self._followed = state
        page = self.pages.currentWidget()
        if page is self.form_page:
            self.follow_form()
        elif page is self.confirm_page:
            shown = self.preview()
            if shown.accepted:  # a refusal now is said by the confirm button itself, as before
                summary = self.describe(shown)
                if summary != self.summary.text():
                    self.summary.setText(summary)

    def follow_form(self) -> None:
        """The form's figures after a tick (subclasses that show some)."""

    def tab_extras(self) -> list[QWidget]:
        """Fields of a subclass, in the order the trader fills them (after the amount)."""
        return []

    def _asset_chosen(self, symbol: str) -> None:
        rules = self.session.parameters.assets.get(symbol)
        if rules is not None:
            self.amount.set_step(rules.lending.step_size, symbol)
        self.update_preview()

    def quantity(self) -> Decimal | None:
        return self.amount.value()

    def refuse(self, text: str, code: str = "") -> None:
        set_message(self.message, text, "refusal", code)

    def problem(self) -> tuple[str, str]:
        """What stops the form from going on, in words, and its refusal code ('' when none)."""
        if self.amount.problem():
            return f"Amount: {self.amount.problem()}.", ""
        quantity = self.quantity()
        if quantity is None or quantity <= 0:
            return "Enter an amount above 0.", ""
        shown = self.preview()
        if not shown.accepted:
            return refusal_text(shown.refusal), shown.refusal.code
        return "", ""

    def go_on(self) -> None:
        problem, code = self.problem()
        self.refuse(problem, code)
        if not problem:
            self._followed = self.session.state
            self.summary.setText(self.describe(self.preview()))
            self.pages.setCurrentWidget(self.confirm_page)
            self.confirm_button.setDefault(True)
            self.confirm_button.setFocus()

    def carry_out(self) -> None:
        outcome = self.act()
        if outcome.accepted:
            self.result.setText(self.done_text(outcome))
            self.pages.setCurrentWidget(self.done_page)
            self.done_button.setDefault(True)
            self.done_button.setFocus()
        else:  # the account moved since the form was filled
            show_refusal(self.message, outcome.refusal)
            self.pages.setCurrentWidget(self.form_page)
            self.continue_button.setDefault(True)

    def _back(self) -> None:
        self.pages.setCurrentWidget(self.form_page)
        self.continue_button.setDefault(True)
        self.amount.setFocus()

    # -- for subclasses -------------------------------------------------------------------------
    def update_preview(self, *_args) -> None:
        self.refuse("")

    def preview(self) -> ActionPreview:
        raise NotImplementedError

    def act(self) -> Outcome:
        raise NotImplementedError

    def describe(self, shown: ActionPreview) -> str:
        raise NotImplementedError

    def done_text(self, outcome: Outcome) -> str:
        raise NotImplementedError


class DepositDialog(TransferDialog):
    VERB = "Deposit"

    def __init__(self, session: Session, parent: QWidget | None = None) -> None:
        super().__init__(session, parent)
        self.finish_form()

    def preview(self) -> ActionPreview:
        return self.session.preview_deposit(self.asset.currentText(), self.quantity())

    def act(self) -> Outcome:
        return self.session.deposit(self.asset.currentText(), self.quantity())

    def describe(self, shown: ActionPreview) -> str:
        symbol = self.asset.currentText()
        return (
            f"Deposit {self.session.formats.quantity(symbol, self.quantity())} {symbol} into "
            f"“{self.session.name}”? Net equity becomes {self.session.formats.price('USDC', shown.after.net_equity)} USD."
        )

    def done_text(self, outcome: Outcome) -> str:
        symbol = self.asset.currentText()
        return f"Deposited {self.session.formats.quantity(symbol, self.quantity())} {symbol}."
