"""Manual Borrow's "after" preview, as Spot Margin and Margin Withdrawal show theirs: the amount
borrowed (entry fee included), the entry fee, the borrow rate, margin fraction and IMR after, and the
estimated liquidation price of the asset after."""

from __future__ import annotations

from decimal import Decimal

from PySide6.QtWidgets import QFormLayout, QLabel

from ..engine import pool_rates
from ..models.session import Session
from ..text.formatting import DASH, percent
from .partials.figures import RIGHT, set_figure

ROWS = (
    ("borrow", "Borrow (entry fee included)"),
    ("entry_fee", "Entry fee"),
    ("rate", "Borrow rate (APR)"),
    ("margin_fraction", "Margin fraction after"),
    ("imr", "IMR after"),
    ("liquidation", "Est. liquidation price after (this asset)"),
)


class BorrowPreview:
    """Adds its rows to ``form``; ``show(symbol, quantity)`` fills them (dashes without an amount)."""

    def __init__(self, session: Session, form: QFormLayout) -> None:
        self.session = session
        self.details: dict[str, QLabel] = {}
        for key, caption in ROWS:
            value = QLabel(DASH)
            value.setObjectName(f"borrow_{key}")
            value.setAccessibleName(caption)
            value.setAlignment(RIGHT)
            form.addRow(caption, value)
            # a figure keeps a fixed size (set_figure): the cell puts it at the right, under the others
            form.itemAt(form.rowCount() - 1, QFormLayout.ItemRole.FieldRole).setAlignment(RIGHT)
            self.details[key] = value

    def clear(self) -> None:
        for label in self.details.values():
            set_figure(label, DASH)

    def show(self, symbol: str, quantity: Decimal | None) -> str:
        """Fill the rows for borrowing ``quantity`` of ``symbol``; returns the refusal in words, if any."""
        session, formats = self.session, self.session.formats
        rules = session.parameters.assets[symbol].lending
        set_figure(self.details["rate"], percent(pool_rates(rules, session.state.pools[symbol]).borrow_apr))
        if quantity is None or quantity <= 0:
            for key in ("borrow", "entry_fee", "margin_fraction", "imr", "liquidation"):
                set_figure(self.details[key], DASH)
            return ""
        shown = session.preview_borrow(symbol, quantity)
        if not shown.accepted:
            self.clear()
            return f"{shown.refusal.message} ({shown.refusal.code})"
        borrowed = shown.new_borrows.get(symbol, quantity)
        set_figure(self.details["borrow"], f"{formats.quantity(symbol, borrowed)} {symbol}")
        set_figure(self.details["entry_fee"], f"{formats.quantity(symbol, borrowed - quantity)} {symbol}")
        set_figure(self.details["margin_fraction"], percent(shown.after.margin_fraction))
        set_figure(self.details["imr"], percent(shown.after.imr))
        price = shown.liquidation_prices_after.get(symbol)
        set_figure(self.details["liquidation"], "none" if price is None else f"{formats.price(symbol, price)} USD")
        return ""
