"""While a Backpack mirror is open, every control that would act on it is disabled and says why.

Orders (the order form, Cancel order), borrows, repays, lends and redeems, deposits and withdrawals,
the account's settings (Max Account Leverage, Auto Lend) and the clock (play, step, fast-forward). What
only looks (what-if, the charts, History) stays. The session refuses actions on a mirror as well.
"""

from __future__ import annotations

from PySide6.QtCore import QObject
from PySide6.QtGui import QAction
from PySide6.QtWidgets import QAbstractButton, QAbstractSpinBox, QComboBox, QLineEdit, QWidget

from ...models.session import MIRROR_WHY
from ...text.tips import tip

WHY = tip(MIRROR_WHY)
INPUTS = (QAbstractButton, QLineEdit, QComboBox, QAbstractSpinBox)


class ReadOnlyGuard(QObject):
    def __init__(self, window) -> None:
        super().__init__(window)
        self.window = window
        self.session = window.session
        self.actions: list[QAction] = [
            window.deposit_action,
            window.withdraw_action,
            window.play_action,
            window.step_action,
            window.fast_forward_action,
        ]
        self.containers: list[QWidget] = [
            window.spot.form,
            window.lend.lend_tab,
            window.lend.borrow_tab,
            window.overview.leverage,
            window.overview.margin_menu_button,
            window.overview.deposit_button,
            window.clock_bar.play,
            window.clock_bar.step,
            window.clock_bar.speed,
        ]
        self.cancel_order = window.spot.cancel_button
        self._tips: dict[int, tuple[object, str, str]] = {}  # id → (thing, tooltip, status tip) before
        self.engaged = False
        self.session.changed.connect(lambda _change: self.apply())  # after the views' own handlers
        selection = window.spot.orders.selectionModel()  # Cancel order follows the selection: after it
        if selection is not None:
            selection.selectionChanged.connect(lambda *_: self.apply())
        self.apply()

    def _controls(self) -> list:
        found: list = list(self.actions)
        for container in self.containers:
            found.append(container)
            found += [child for child in container.findChildren(QWidget) if isinstance(child, INPUTS)]
        found.append(self.cancel_order)
        return found

    def apply(self) -> None:
        if self.session.read_only:
            self.engage()
        elif self.engaged:
            self.release()

    def engage(self) -> None:
        for thing in self._controls():
            if id(thing) not in self._tips:
                status = thing.statusTip() if isinstance(thing, QAction) else ""
                self._tips[id(thing)] = (thing, thing.toolTip(), status)
            thing.setEnabled(False)
            if thing.toolTip() != WHY:
                thing.setToolTip(WHY)
            if isinstance(thing, QAction):
                thing.setStatusTip(MIRROR_WHY)
        self.engaged = True

    def release(self) -> None:
        for thing, tooltip, status in self._tips.values():
            thing.setToolTip(tooltip)
            if isinstance(thing, QAction):
                thing.setStatusTip(status)
            thing.setEnabled(True)
        self._tips.clear()
        selected = self.window.spot.orders.selectionModel()
        self.cancel_order.setEnabled(bool(selected and selected.selectedRows()))
        self.engaged = False
