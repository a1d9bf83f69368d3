"""Risk alerts… : the open account's alert thresholds (warning and danger MMR, distance to a liquidation
price, hysteresis), whether a danger alert pauses the clock, and the safety buffer Max keeps. Kept in
the account's ledger (the latest setting wins), so they outlive a restart."""

from __future__ import annotations

from decimal import Decimal

from PySide6.QtWidgets import (
    QCheckBox,
    QDialog,
    QDialogButtonBox,
    QDoubleSpinBox,
    QFormLayout,
    QLabel,
    QVBoxLayout,
    QWidget,
)

from ...models.risk_watch import AlertThresholds, RiskWatch
from ..partials.restyle import set_message


def percent_box(name: str, value: Decimal, low: float = 0.0, high: float = 99.0) -> QDoubleSpinBox:
    box = QDoubleSpinBox()
    box.setAccessibleName(name)
    box.setRange(low, high)
    box.setDecimals(1)
    box.setSuffix(" %")
    box.setValue(float(value * 100))
    return box


def fraction(box: QDoubleSpinBox) -> Decimal:
    return Decimal(str(round(box.value(), 1))) / 100


class AlertDialog(QDialog):
    def __init__(self, watch: RiskWatch, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.watch = watch
        self.setObjectName("alertSettings")
        self.setWindowTitle(f"Risk alerts — {watch.session.name}")
        t = watch.settings
        layout = QVBoxLayout(self)
        intro = QLabel(
            "Alerts for this account. Crossing a level notifies you and writes an entry in History; a level "
            "drops only once the figures are clear of it by the hysteresis."
        )
        intro.setWordWrap(True)
        layout.addWidget(intro)
        form = QFormLayout()
        self.warn = percent_box("Warning at MMR", t.warn_mmr, 1)
        self.danger = percent_box("Danger at MMR", t.danger_mmr, 1)
        self.near = percent_box("Danger within this distance of a liquidation price", t.near_liquidation)
        self.hysteresis = percent_box("Hysteresis", t.hysteresis, 0, 50)
        self.pause = QCheckBox("Pause the clock on a danger alert")
        self.pause.setAccessibleName("Pause the clock on danger")
        self.pause.setChecked(t.pause_on_danger)
        self.buffer = percent_box("Max safety buffer", t.safety_buffer, 0, 90)
        self.buffer.setToolTip("Max stops this far below IMR 100 % (20 %: at IMR 80 %); 0 % goes to the limit")
        form.addRow("Warning at MMR", self.warn)
        form.addRow("Danger at MMR", self.danger)
        form.addRow("Danger within … of a liquidation price", self.near)
        form.addRow("Hysteresis", self.hysteresis)
        form.addRow("", self.pause)
        form.addRow("Max safety buffer", self.buffer)
        layout.addLayout(form)
        self.message = QLabel()
        self.message.setObjectName("refusal")
        self.message.setWordWrap(True)
        self.message.setAccessibleName("Alert settings problem")
        self.message.hide()
        layout.addWidget(self.message)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Save | QDialogButtonBox.StandardButton.Cancel)
        buttons.button(QDialogButtonBox.StandardButton.Save).setAccessibleName("Save alerts")
        buttons.accepted.connect(self.save)
        buttons.rejected.connect(self.reject)
        layout.addWidget(buttons)

    def thresholds(self) -> AlertThresholds:
        return AlertThresholds(
            fraction(self.warn),
            fraction(self.danger),
            fraction(self.near),
            fraction(self.hysteresis),
            self.pause.isChecked(),
            fraction(self.buffer),
        )

    def save(self) -> None:
        chosen = self.thresholds()
        problem = chosen.problem()
        if problem:
            set_message(self.message, problem)
            return
        if chosen != self.watch.settings:
            self.watch.set_thresholds(chosen)
        self.accept()
