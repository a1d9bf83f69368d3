"""Backpack's figures beside Margin Desk's, with the difference (engine − Backpack), in the Account Overview.

The panel is narrow, so each figure takes two lines: its name, then the three numbers under the
column heads. A difference above 0.1 % of net equity (of the figure itself, for fractions and
weights) is marked in words — "⚠ differs" and the reasons, or "not explained" — never by colour alone.
"""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QFrame, QGridLayout, QLabel, QVBoxLayout, QWidget

from ...text.formatting import grouped, percent, usd

CAPTIONS = {
    "netEquity": "Net equity",
    "netEquityAvailable": "Available equity",
    "netEquityLocked": "Locked (initial margin)",
    "imf": "IMF",
    "mmf": "MMF",
    "marginFraction": "Margin fraction",
    "pnlUnrealized": "Unrealized PnL",
    "assetsValue": "Collateral value",
    "borrowLiability": "Borrowed value",
}
FRACTIONS = ("imf", "mmf", "marginFraction")
NOT_EXPLAINED = "Not explained by anything read from Backpack or the parameters."


def _number(value: Any) -> Decimal | None:
    return None if value is None else Decimal(str(value))


def shown(figure: str, value: Any) -> str:
    number = _number(value)
    if figure in FRACTIONS:
        return percent(number, 3)
    if figure == "collateralWeight":
        return "—" if number is None else grouped(number, 4)
    return usd(number)


def difference_text(figure: str, value: Any) -> str:
    number = _number(value)
    if number is None:
        return "—"
    text = shown(figure, number)
    return text if number <= 0 else f"+{text}"


class ReconciliationView(QFrame):
    """One reading's reconciliation; ``show_reading(None)`` says there is none yet."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("reconciliation")
        self.setAccessibleName("Backpack beside Margin Desk")
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 4, 0, 0)
        title = QLabel("Backpack beside Margin Desk")
        title.setObjectName("panelTitle")
        layout.addWidget(title)
        self.summary = QLabel()
        self.summary.setWordWrap(True)
        self.summary.setAccessibleName("Reconciliation summary")
        layout.addWidget(self.summary)
        self.body = QWidget()
        self.grid = QGridLayout(self.body)
        self.grid.setContentsMargins(0, 0, 0, 0)
        self.grid.setHorizontalSpacing(8)
        self.grid.setVerticalSpacing(1)
        layout.addWidget(self.body)
        self.cells: dict[str, tuple[QLabel, QLabel, QLabel]] = {}
        self.flags: dict[str, QLabel] = {}
        self.show_reading(None)

    def _clear(self) -> None:
        while self.grid.count():
            item = self.grid.takeAt(0)
            if item.widget() is not None:
                item.widget().deleteLater()
        self.cells.clear()
        self.flags.clear()

    def show_reading(self, reading) -> None:
        self._clear()
        if reading is None:
            self.summary.setText("Refresh to read Backpack's own figures and set them beside Margin Desk's.")
            self.body.hide()
            return
        self.body.show()
        result = reading.reconciliation
        flagged = {flag.figure: flag for flag in result.flags}
        unexplained = len(result.unexplained)
        if flagged:
            self.summary.setText(
                f"⚠ {len(flagged)} difference{'s' if len(flagged) != 1 else ''} above 0.1 % "
                f"({unexplained} not explained); each is marked below with its reasons."
            )
        else:
            self.summary.setText("✓ Every figure agrees with Backpack's within 0.1 % of net equity.")
        for column, head in enumerate(("Backpack", "Margin Desk", "Difference")):
            label = QLabel(head)
            label.setObjectName("columnHead")
            label.setAlignment(Qt.AlignmentFlag.AlignRight)
            self.grid.addWidget(label, 0, column)
        row = 1
        for figure, caption in CAPTIONS.items():
            row = self._add(row, figure, caption, result.backpack.get(figure), result.engine.get(figure),
                            result.difference.get(figure), flagged.get(figure))  # fmt: skip
        for symbol, theirs in result.backpack.get("collateral", {}).items():
            ours = result.engine.get("collateral", {}).get(symbol, {})
            gaps = result.difference.get("collateral", {}).get(symbol, {})
            for name, words in (("collateralWeight", "weight"), ("collateralValue", "collateral value")):
                key = f"collateral.{symbol}.{name}"
                row = self._add(row, key, f"{symbol} {words}", theirs.get(name), ours.get(name), gaps.get(name),
                                flagged.get(key), kind=name)  # fmt: skip

    def _add(self, row: int, key: str, caption: str, theirs, ours, gap, flag, kind: str | None = None) -> int:
        kind = kind or key
        name = QLabel(f"⚠ {caption} — differs" if flag else caption)
        name.setObjectName("figureName")
        self.grid.addWidget(name, row, 0, 1, 3)
        labels = []
        for column, (text, what) in enumerate(
            (
                (shown(kind, theirs), "Backpack"),
                (shown(kind, ours), "Margin Desk"),
                (difference_text(kind, gap), "Difference"),
            )
        ):
            label = QLabel(text)
            label.setAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
            label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
            label.setAccessibleName(f"{caption}: {what}")
            label.setObjectName(f"recon:{key}:{what}")
            self.grid.addWidget(label, row + 1, column)
            labels.append(label)
        self.cells[key] = (labels[0], labels[1], labels[2])
        row += 2
        if flag is not None:
            reasons = flag.reasons
            text = "Differs by more than 0.1 %. " + (
                " ".join(_sentence(r) for r in reasons) if reasons else NOT_EXPLAINED
            )
            note = QLabel(text)
            note.setObjectName("reconciliationFlag")
            note.setWordWrap(True)
            note.setAccessibleName(f"{caption}: why it differs")
            self.grid.addWidget(note, row, 0, 1, 3)
            self.flags[key] = note
            row += 1
        return row


def _sentence(text: str) -> str:
    text = text.strip()
    text = text[:1].upper() + text[1:]
    return text if text.endswith(".") else text + "."
