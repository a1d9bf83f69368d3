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
ACTIONS = ("deposit_action", "withdraw_action", "play_action", "step_action", "fast_forward_action", "live_action")
# What acts on the account, by where it lives in the window; a path a build lacks is skipped (the
# session refuses whatever is not listed, e.g. the Close and Repay buttons painted in table rows).
CONTAINERS = (
    "spot.form",
    "spot.perp_form",
    "lend.lend_tab",
    "lend.borrow_tab",
    "overview.leverage",
    "overview.margin_menu_button",
    "overview.deposit_button",
    "clock_bar.play",
    "clock_bar.step",
    "clock_bar.speed",
)


def _found(window, paths) -> list:
    found = []
    for path in paths:
        thing = window
        for name in path.split("."):
            thing = getattr(thing, name, None)
        if thing is not None:
            found.append(thing)
    return found


class ReadOnlyGuard(QObject):
    def __init__(self, window) -> None:
        super().__init__(window)
        self.window = window
        self.session = window.session
        self.actions: list[QAction] = _found(window, ACTIONS)
        self.containers: list[QWidget] = _found(window, CONTAINERS)
        self.cancel_order = _found(window, ("spot.cancel_button",))  # follows the order selection
        self._tips: dict[int, tuple[object, str, str]] = {}  # id → (thing, tooltip, status tip) before
        self.engaged = False
        self.session.changed.connect(lambda _change: self.apply())  # after the views' own handlers
        orders = getattr(window.spot, "orders", None)
        selection = orders.selectionModel() if orders is not None else None
        if selection is not None:  # Cancel order follows the selection: re-applied after it
            selection.selectionChanged.connect(lambda *_: self.apply())
        self.apply()

    def _switched(self) -> list:
        """What is disabled itself; the inputs inside a container follow it (and keep their own state)."""
        return self.actions + self.containers + self.cancel_order

    def _controls(self) -> list:
        found = self._switched()
        for container in self.containers:
            found += [child for child in container.findChildren(QWidget) if isinstance(child, INPUTS)]
        return found

    def apply(self) -> None:
        if self.session.read_only:
            self.engage()
        elif self.engaged:
            self.release()

    def engage(self) -> None:
        switched = self._switched()
        for thing in self._controls():
            if id(thing) not in self._tips:
                status = thing.statusTip() if isinstance(thing, QAction) else ""
                self._tips[id(thing)] = (thing, thing.toolTip(), status)
            if any(thing is one for one in switched):
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
        for thing in self.actions + self.containers:
            thing.setEnabled(True)
        self._tips.clear()
        orders = getattr(self.window.spot, "orders", None)
        selected = orders.selectionModel() if orders is not None else None
        for button in self.cancel_order:
            button.setEnabled(bool(selected and selected.selectedRows()))
        self.engaged = False
