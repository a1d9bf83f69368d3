"""The Withdrawal dialog, Backpack's Margin Withdrawal: pick the crypto, tick Margin at the bottom, see
the margin details (the borrow it takes, margin fraction and IMR after, estimated liquidation price
after), press Continue, confirm. The destination must look like an address of the asset's chain
(Network shows which), checked when the address is left and again on Continue."""

from __future__ import annotations

from decimal import Decimal
from typing import TYPE_CHECKING

from PySide6.QtWidgets import QCheckBox, QFrame, QGridLayout, QLabel, QLineEdit, QPushButton, QVBoxLayout, QWidget

from ..models.risk_watch import RiskLevel
from ..models.session import Session
from ..text.addresses import FORMATS, address_problem, chain_of
from ..text.formatting import DASH, percent
from ..text.tips import tip
from . import help_texts
from .partials.figures import RIGHT, set_figure
from .partials.restyle import set_message, show_refusal
from .transfer_dialogs import TransferDialog, kept_room

if TYPE_CHECKING:  # types only: the dialog reaches the engine through the session
    from ..engine import Outcome
    from ..engine.preview import ActionPreview


class WithdrawalDialog(TransferDialog):
    VERB = "Withdraw"

    def __init__(self, session: Session, parent: QWidget | None = None, risk=None) -> None:
        self.risk = risk  # the window's RiskWatch: Max's safety buffer, a Danger warning before confirming
        self._preview_refused = False  # the message says the preview's refusal (a tick may lift it)
        super().__init__(session, parent)
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
                ("borrow", "Borrow (entry fee included)"),
                ("entry_fee", "Entry fee"),
                ("rate", "Borrow rate (APR)"),
                ("margin_fraction", "Margin fraction after"),
                ("imr", "IMR after"),
                ("liquidation", "Est. liquidation price (this asset)"),
            ]
        ):
            value = QLabel(DASH)
            value.setAccessibleName(caption)
            value.setObjectName(f"withdrawal_{key}")
            value.setAlignment(RIGHT)
            grid.addWidget(QLabel(caption), row, 0)
            grid.addWidget(value, row, 1, RIGHT)  # a figure keeps a fixed size (set_figure): at the right
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

    def tab_extras(self) -> list[QWidget]:
        return [self.address, self.margin]

    def _address_edited(self) -> None:
        self.refuse("")
        set_message(self.address_note, "")  # judged again when the edit ends, not at every key

    def check_address(self) -> str:
        typed = self.address.text().strip()
        problem = address_problem(self.asset.currentText(), typed) if typed else ""
        set_message(self.address_note, problem)
        return problem

    def most(self) -> Decimal:
        return self.session.max_withdrawal(self.asset.currentText(), self.margin.isChecked())

    def fill_max(self) -> None:
        most, symbol, margin = self.most(), self.asset.currentText(), self.margin.isChecked()
        if self.risk is not None and margin and symbol in self.session.parameters.assets:
            step = self.session.parameters.assets[symbol].lending.step_size
            most = self.risk.buffered(most, lambda q: self.session.preview_withdrawal(symbol, q, True), step)
        self.amount.set_value(most)
        self.update_preview()

    def preview(self) -> ActionPreview:
        return self.session.preview_withdrawal(self.asset.currentText(), self.quantity(), self.margin.isChecked())

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
        self._preview_refused = False
        self._followed = self.session.state
        self.show_figures()

    def follow_form(self) -> None:
        self.show_figures()

    def show_figures(self) -> None:
        """Withdrawable and the margin details for what is typed, at the state now; the preview's
        refusal in the message. Each label is written only when its text changed (no layout)."""
        symbol, formats, session = self.asset.currentText(), self.session.formats, self.session
        margin, texts = self.margin.isChecked(), dict.fromkeys(self.details, DASH)
        if symbol not in session.parameters.assets:  # another account's assets: nothing to work out
            set_figure(self.limit, DASH)
            for key, text in texts.items():
                set_figure(self.details[key], text)
            return
        set_figure(self.limit, f"{formats.quantity(symbol, self.most())} {symbol}" + (" with Margin" if margin else ""))
        if margin:
            texts["rate"] = percent(session.borrow_apr(symbol))
        quantity = self.quantity()
        shown = self.preview() if quantity is not None and quantity > 0 else None
        if shown is not None and not shown.accepted:
            show_refusal(self.message, shown.refusal)
            self._preview_refused = True
        elif self._preview_refused:  # the account moved back within reach: the refusal goes
            self._preview_refused = False
            self.refuse("")
        if shown is not None and shown.accepted:
            borrowed = shown.new_borrows.get(symbol)
            texts["borrow"] = f"{formats.quantity(symbol, borrowed)} {symbol}" if borrowed else "none"
            fee = shown.entry_fees.get(symbol)
            texts["entry_fee"] = f"{formats.quantity(symbol, fee)} {symbol}" if fee else "none"
            texts["margin_fraction"] = percent(shown.after.margin_fraction)
            texts["imr"] = percent(shown.after.imr)
            price = shown.liquidation_prices_after.get(symbol)
            texts["liquidation"] = "none" if price is None else f"{formats.price(symbol, price)} USD"
        for key, text in texts.items():
            set_figure(self.details[key], text)

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
        if self.risk is not None and shown.accepted:
            level, words = self.risk.level_after(shown)
            if level >= RiskLevel.DANGER:
                text += f"\n\n{level.mark} This leaves the account in {level.word}: {words}."
        return text

    def done_text(self, outcome: Outcome) -> str:
        symbol = self.asset.currentText()
        return (
            f"Withdrawal of {self.session.formats.quantity(symbol, self.quantity())} {symbol} to "
            f"{self.address.text().strip()} is done."
        )
