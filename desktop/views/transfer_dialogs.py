"""Deposit and Withdrawal dialogs: a form, a confirmation step, then done (or the refusal in words).

The Withdrawal dialog is Backpack's Margin Withdrawal: pick the crypto, tick Margin at the bottom,
see the margin details (the borrow it takes, margin fraction and IMR after, estimated liquidation
price after), press Continue, confirm. The address must look like an address of the asset's chain.

Enter goes on (Continue, then the action), Esc closes. Messages have room kept for them, so the
dialog does not jump when one appears.
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
    QSizePolicy,
    QStackedWidget,
    QVBoxLayout,
    QWidget,
)

from ..models.desk import Desk
from ..text.addresses import FORMATS, address_problem, chain_of
from ..text.formatting import DASH, percent
from ..text.refusals import refusal_text
from ..text.tips import tip
from . import help_texts
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


if TYPE_CHECKING:  # types only: the dialogs reach the engine through the desk
    from ..engine import Outcome
    from ..engine.preview import ActionPreview


class TransferDialog(QDialog):
    """The shared three steps; subclasses add their fields, preview and action."""

    VERB = ""

    def __init__(self, desk: Desk, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.desk = desk
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
        self.asset.addItems(list(desk.parameters.assets))
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
        self._asset_chosen(self.asset.currentText())

    def _asset_chosen(self, symbol: str) -> None:
        rules = self.desk.parameters.assets.get(symbol)
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

    def __init__(self, desk: Desk, parent: QWidget | None = None) -> None:
        super().__init__(desk, parent)
        self.finish_form()

    def preview(self) -> ActionPreview:
        return self.desk.preview_deposit(self.asset.currentText(), self.quantity())

    def act(self) -> Outcome:
        return self.desk.deposit(self.asset.currentText(), self.quantity())

    def describe(self, shown: ActionPreview) -> str:
        symbol = self.asset.currentText()
        return (
            f"Deposit {self.desk.formats.quantity(symbol, self.quantity())} {symbol} into "
            f"“{self.desk.name}”? Net equity becomes {self.desk.formats.price('USDC', shown.after.net_equity)} USD."
        )

    def done_text(self, outcome: Outcome) -> str:
        symbol = self.asset.currentText()
        return f"Deposited {self.desk.formats.quantity(symbol, self.quantity())} {symbol}."


class WithdrawalDialog(TransferDialog):
    VERB = "Withdraw"

    def __init__(self, desk: Desk, parent: QWidget | None = None) -> None:
        super().__init__(desk, parent)
        self.setWindowTitle("Withdrawal")
        self.max_button = QPushButton("Max")
        self.max_button.setAccessibleName("Max")
        self.max_button.setAutoDefault(False)
        self.beside_amount.append(self.max_button)
        self.limit = QLabel(DASH)
        self.limit.setAccessibleName("Withdrawable")
        self.fields.addRow("Withdrawable", self.limit)
        self.network = QLabel()
        self.network.setAccessibleName("Network")
        self.fields.addRow("Network", self.network)
        self.address = QLineEdit()
        self.address.setAccessibleName("Destination address")
        self.address_note = QLabel()
        self.address_note.setObjectName("inputNote")
        self.address_note.setAccessibleName("Destination address problem")
        self.address_note.setWordWrap(True)
        kept_room(self.address_note, lines=2)
        address_box = QWidget()
        address_column = QVBoxLayout(address_box)
        address_column.setContentsMargins(0, 0, 0, 0)
        address_column.setSpacing(2)
        address_column.addWidget(self.address)
        address_column.addWidget(self.address_note)
        address_box.setFocusProxy(self.address)
        self.fields.addRow("Destination address", address_box)

        self.margin = QCheckBox("Margin")
        self.margin.setAccessibleName("Margin")
        self.margin.setToolTip(tip(help_texts.MARGIN_BOX + " Withdraw more than you hold by borrowing the rest."))
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
        self.address.textEdited.connect(lambda *_: self._address_edited())
        self.address.editingFinished.connect(self.check_address)
        self.max_button.clicked.connect(self.fill_max)
        self.finish_form()

    def _asset_chosen(self, symbol: str) -> None:
        chain = chain_of(symbol)
        self.network.setText(chain.value)
        self.network.setToolTip(f"{symbol} is withdrawn on {chain}: {FORMATS[chain]}")
        self.address.setPlaceholderText(f"{chain} address")
        if self.address.text().strip():
            self.check_address()
        super()._asset_chosen(symbol)

    def _address_edited(self) -> None:
        self.refuse("")
        set_message(self.address_note, "")  # judged again when the edit ends, not at every key

    def check_address(self) -> str:
        typed = self.address.text().strip()
        problem = address_problem(self.asset.currentText(), typed) if typed else ""
        set_message(self.address_note, problem)
        return problem

    def most(self) -> Decimal:
        return self.desk.max_withdrawal(self.asset.currentText(), self.margin.isChecked())

    def fill_max(self) -> None:
        self.amount.set_value(self.most())
        self.update_preview()

    def preview(self) -> ActionPreview:
        return self.desk.preview_withdrawal(self.asset.currentText(), self.quantity(), self.margin.isChecked())

    def problem(self) -> tuple[str, str]:
        problem = super().problem()
        if not problem[0]:
            wrong = address_problem(self.asset.currentText(), self.address.text())
            if wrong:
                set_message(self.address_note, "" if not self.address.text().strip() else wrong)
                self.address.setFocus()
                return wrong, ""
        return problem

    def update_preview(self, *_args) -> None:
        super().update_preview()
        symbol, formats = self.asset.currentText(), self.desk.formats
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
            show_refusal(self.message, shown.refusal)
            return
        borrowed = shown.new_borrows.get(symbol)
        self.details["borrow"].setText(f"{formats.quantity(symbol, borrowed)} {symbol}" if borrowed else "none")
        self.details["margin_fraction"].setText(percent(shown.after.margin_fraction))
        self.details["imr"].setText(percent(shown.after.imr))
        price = shown.liquidation_prices_after.get(symbol)
        self.details["liquidation"].setText("none" if price is None else f"{formats.price(symbol, price)} USD")

    def act(self) -> Outcome:
        return self.desk.withdraw(self.asset.currentText(), self.quantity(), self.margin.isChecked())

    def describe(self, shown: ActionPreview) -> str:
        symbol, formats = self.asset.currentText(), self.desk.formats
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
            f"Withdrawal of {self.desk.formats.quantity(symbol, self.quantity())} {symbol} to "
            f"{self.address.text().strip()} is done."
        )
