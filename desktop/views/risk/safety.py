"""Before an order or a borrow that would leave the account in Danger: ask, showing the MMR after and
the estimated liquidation price (window-modal, so the window keeps running)."""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtWidgets import QMessageBox, QWidget

from ...models.risk_watch import RiskLevel, RiskWatch


def confirm_if_dangerous(
    parent: QWidget, watch: RiskWatch | None, shown, what: str, go: Callable[[], object]
) -> QMessageBox | None:
    """Run ``go`` now, or — when ``shown`` (an accepted preview) leaves the account in Danger or worse
    — ask first and run it only on "… anyway". Returns the question while it is open."""
    if watch is None or not shown.accepted:
        go()
        return None
    level, words = watch.level_after(shown)
    if level < RiskLevel.DANGER:
        go()
        return None
    box = QMessageBox(parent)
    box.setObjectName("dangerConfirmation")
    box.setIcon(QMessageBox.Icon.Warning)
    box.setWindowTitle(f"{level.word} after this {what}")
    box.setText(f"{level.mark} This {what} would leave the account in {level.word}.")
    box.setInformativeText(words + ".")
    proceed = box.addButton(f"{what.capitalize()} anyway", QMessageBox.ButtonRole.AcceptRole)
    proceed.setAccessibleName(f"{what.capitalize()} anyway")
    box.addButton(QMessageBox.StandardButton.Cancel)
    box.setDefaultButton(QMessageBox.StandardButton.Cancel)
    box.buttonClicked.connect(lambda button: go() if button is proceed else None)
    box.finished.connect(lambda _result: box.deleteLater())
    box.open()
    return box
