"""Deposit and Withdrawal dialogs: a form, a confirmation step, then done (or the refusal in words).

The Withdrawal dialog is Backpack's Margin Withdrawal: pick the crypto, tick Margin at the bottom,
see the margin details (the borrow it takes, margin fraction and IMR after, estimated liquidation
price after), press Continue, confirm.
"""

from __future__ import annotations

from decimal import Decimal
from typing import TYPE_CHECKING

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDialog,
    QFormLayout,
    QFrame,
    QGridLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QStackedWidget,
    QVBoxLayout,
    QWidget,
)

from ..models.session import Session
from ..text.formatting import DASH, percent
from . import help_texts
from .partials.inputs import read_decimal

if TYPE_CHECKING:  # types only: the dialogs reach the engine through the session
    from ..engine import Outcome
    from ..engine.preview import ActionPreview


class TransferDialog(QDialog):
    """The shared three steps; subclasses add their fields, preview and action."""

    VERB = ""

    def __init__(self, session: Session, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.session = session
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
        self.amount = QLineEdit()
        self.amount.setAccessibleName("Amount")
        self.amount.setAlignment(Qt.AlignmentFlag.AlignRight)
        self.amount.setPlaceholderText("0")
        self.amount_row = QHBoxLayout()
        self.amount_row.addWidget(self.amount, 1)
        self.fields.addRow("Asset", self.asset)
        self.fields.addRow("Amount", self.amount_row)

        self.message = QLabel()
        self.message.setObjectName("refusal")
        self.message.setWordWrap(True)
        self.message.setAccessibleName(f"{self.VERB} message")
        self.message.hide()
        self.continue_button = QPushButton("Continue")
        self.continue_button.setAccessibleName("Continue")
        self.continue_button.setDefault(True)
        cancel = QPushButton("Cancel")
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
        back.clicked.connect(lambda: self.pages.setCurrentWidget(self.form_page))
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
        close = QPushButton("Done")
        close.setAccessibleName("Done")
        close.clicked.connect(self.accept)
        row = QHBoxLayout()
        row.addStretch(1)
        row.addWidget(close)
        done_layout.addLayout(row)

        for page in (self.form_page, self.confirm_page, self.done_page):
            self.pages.addWidget(page)
        self.asset.currentTextChanged.connect(self.update_preview)
        self.amount.textEdited.connect(self.update_preview)
        self.continue_button.clicked.connect(self.go_on)
        self.confirm_button.clicked.connect(self.carry_out)

    def finish_form(self) -> None:
        """Called by subclasses once their fields are in place."""
        self.form_layout.addWidget(self.message)
        self.form_layout.addStretch(1)
        self.form_layout.addLayout(self.form_buttons)
        self.update_preview()

    def quantity(self) -> Decimal | None:
        return read_decimal(self.amount.text())

    def refuse(self, text: str) -> None:
        self.message.setText(text)
        self.message.setVisible(bool(text))

    def problem(self) -> str:
        """What stops the form from going on, in words ('' when nothing does)."""
        quantity = self.quantity()
        if quantity is None or quantity <= 0:
            return "Enter an amount above 0."
        shown = self.preview()
        if not shown.accepted:
            return f"{shown.refusal.message} ({shown.refusal.code})"
        return ""

    def go_on(self) -> None:
        problem = self.problem()
        self.refuse(problem)
        if not problem:
            self.summary.setText(self.describe(self.preview()))
            self.pages.setCurrentWidget(self.confirm_page)
            self.confirm_button.setFocus()

    def carry_out(self) -> None:
        outcome = self.act()
        if outcome.accepted:
            self.result.setText(self.done_text(outcome))
            self.pages.setCurrentWidget(self.done_page)
        else:  # the account moved since the form was filled
            self.refuse(f"{outcome.refusal.message} ({outcome.refusal.code})")
            self.pages.setCurrentWidget(self.form_page)

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


class WithdrawalDialog(TransferDialog):
    VERB = "Withdraw"

    def __init__(self, session: Session, parent: QWidget | None = None) -> None:
        super().__init__(session, parent)
        self.setWindowTitle("Withdrawal")
        self.max_button = QPushButton("Max")
        self.max_button.setAccessibleName("Max")
        self.amount_row.addWidget(self.max_button)
        self.limit = QLabel(DASH)
        self.limit.setAccessibleName("Withdrawable")
        self.fields.addRow("Withdrawable", self.limit)
        self.address = QLineEdit()
        self.address.setAccessibleName("Destination address")
        self.address.setPlaceholderText("wallet address (required)")
        self.fields.addRow("Destination address", self.address)

        self.margin = QCheckBox("Margin")
        self.margin.setAccessibleName("Margin")
        self.margin.setToolTip(help_texts.MARGIN_BOX + " Withdraw more than you hold by borrowing the rest.")
        self.form_layout.addWidget(self.margin)
        details = QFrame()
        details.setObjectName("marginDetails")
        grid = QGridLayout(details)
        grid.setContentsMargins(0, 0, 0, 0)
        self.details: dict[str, QLabel] = {}
        for row, (key, caption) in enumerate(
            [
                ("borrow", "Borrow"),
                ("margin_fraction", "Margin fraction after"),
                ("imr", "IMR after"),
                ("liquidation", "Est. liquidation price (this asset)"),
            ]
        ):
            value = QLabel(DASH)
            value.setAccessibleName(caption)
            value.setObjectName(f"withdrawal_{key}")
            value.setAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
            grid.addWidget(QLabel(caption), row, 0)
            grid.addWidget(value, row, 1)
            self.details[key] = value
        self.form_layout.addWidget(details)
        self.margin.toggled.connect(self.update_preview)
        self.address.textEdited.connect(lambda *_: self.refuse(""))
        self.max_button.clicked.connect(self.fill_max)
        self.finish_form()

    def most(self) -> Decimal:
        return self.session.max_withdrawal(self.asset.currentText(), self.margin.isChecked())

    def fill_max(self) -> None:
        most = self.most()
        self.amount.setText(format(most.normalize(), "f") if most else "0")
        self.update_preview()

    def preview(self) -> ActionPreview:
        return self.session.preview_withdrawal(self.asset.currentText(), self.quantity(), self.margin.isChecked())

    def problem(self) -> str:
        problem = super().problem()
        if not problem and not self.address.text().strip():
            return "Enter the destination address."
        return problem

    def update_preview(self, *_args) -> None:
        super().update_preview()
        symbol, formats = self.asset.currentText(), self.session.formats
        self.limit.setText(
            f"{formats.quantity(symbol, self.most())} {symbol}" + (" with Margin" if self.margin.isChecked() else "")
        )
        for label in self.details.values():
            label.setText(DASH)
        quantity = self.quantity()
        if quantity is None or quantity <= 0:
            return
        shown = self.preview()
        if not shown.accepted:
            self.refuse(f"{shown.refusal.message} ({shown.refusal.code})")
            return
        borrowed = shown.new_borrows.get(symbol)
        self.details["borrow"].setText(f"{formats.quantity(symbol, borrowed)} {symbol}" if borrowed else "none")
        self.details["margin_fraction"].setText(percent(shown.after.margin_fraction))
        self.details["imr"].setText(percent(shown.after.imr))
        price = shown.liquidation_prices_after.get(symbol)
        self.details["liquidation"].setText("none" if price is None else f"{formats.price(symbol, price)} USD")

    def act(self) -> Outcome:
        return self.session.withdraw(self.asset.currentText(), self.quantity(), self.margin.isChecked())

    def describe(self, shown: ActionPreview) -> str:
        symbol, formats = self.asset.currentText(), self.session.formats
        text = f"Withdraw {formats.quantity(symbol, self.quantity())} {symbol} to {self.address.text().strip()}."
        borrowed = shown.new_borrows.get(symbol)
        if borrowed:
            text += (
                f" This borrows {formats.quantity(symbol, borrowed)} {symbol} (entry fee included). "
                f"Margin fraction after: {percent(shown.after.margin_fraction)}; IMR after: "
                f"{percent(shown.after.imr)}."
            )
        return text

    def done_text(self, outcome: Outcome) -> str:
        symbol = self.asset.currentText()
        return (
            f"Withdrawal of {self.session.formats.quantity(symbol, self.quantity())} {symbol} to "
            f"{self.address.text().strip()} is done."
        )
