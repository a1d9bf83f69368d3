"""A small dialog asking for one amount (Repay, Redeem from the positions panel): the field starts at
the most the action can take; the action's button carries it out; a refusal stays in the dialog."""

from __future__ import annotations

from decimal import Decimal

from PySide6.QtCore import Signal
from PySide6.QtWidgets import QDialog, QHBoxLayout, QLabel, QPushButton, QVBoxLayout, QWidget

from .partials.inputs import DecimalInput, field_with_note
from .partials.restyle import show_refusal


class AmountDialog(QDialog):
    confirmed = Signal(object)  # the Decimal amount

    def __init__(
        self, title: str, text: str, verb: str, step: Decimal, unit: str, parent: QWidget | None = None
    ) -> None:
        super().__init__(parent)
        self.setWindowTitle(title)
        layout = QVBoxLayout(self)
        about = QLabel(text)
        about.setWordWrap(True)
        layout.addWidget(about)
        self.amount = DecimalInput(f"Amount to {verb.lower()}")
        self.amount.set_step(step, unit)
        layout.addWidget(field_with_note(self.amount))
        self.message = QLabel()
        self.message.setObjectName("refusal")
        self.message.setWordWrap(True)
        self.message.setAccessibleName(f"{verb} message")
        self.message.hide()
        layout.addWidget(self.message)
        buttons = QHBoxLayout()
        buttons.addStretch(1)
        self.go_button = QPushButton(verb)
        self.go_button.setAccessibleName(verb)
        self.go_button.setDefault(True)
        cancel = QPushButton("Cancel")
        cancel.setAccessibleName("Cancel")
        buttons.addWidget(self.go_button)
        buttons.addWidget(cancel)
        layout.addLayout(buttons)
        self.go_button.clicked.connect(self.go)
        cancel.clicked.connect(self.reject)
        self.amount.returnPressed.connect(self.go)
        self.setMinimumWidth(360)

    def go(self) -> None:
        value = self.amount.value()
        if value is None:
            self.amount.setFocus()
            return
        self.confirmed.emit(value)

    def refused(self, refusal) -> None:
        show_refusal(self.message, refusal)
