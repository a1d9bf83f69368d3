"""The one place that knows which controls write: while the open account may not be written, they are
disabled and say why.

Two cases share it. A Backpack mirror (the desk never acts on a real account): orders, borrows,
repays, lends and redeems, deposits and withdrawals, the account's settings (Max Account Leverage,
Auto Lend), the clock (play, step, fast-forward), the prices (Move price, scenarios, replays, the
random walk: a mirror keeps Backpack's marks) and the row buttons (Close, Repay, Redeem, Cancel).
A read-only store (it failed its integrity check, or cannot be written): all of that for every
account, and whatever else writes to the store (new, renamed, deleted or imported accounts, Connect
Backpack, live parameters, alert settings, acknowledgements, a mirror's
refresh). What only looks (what-if, the charts, History, exports) stays. The session refuses too.
"""

from __future__ import annotations

from PySide6.QtCore import QObject
from PySide6.QtGui import QAction
from PySide6.QtWidgets import QAbstractButton, QAbstractSpinBox, QComboBox, QLineEdit, QWidget

from ..text.tips import tip

INPUTS = (QAbstractButton, QLineEdit, QComboBox, QAbstractSpinBox)
ACTIONS = (
    "deposit_action",
    "withdraw_action",
    "play_action",
    "step_action",
    "fast_forward_action",
    "live_action",
    # Prices: a mirror keeps the marks Backpack valued it at (a what-if is the Risk view's job).
    "move_price_action",
    "scenario_action",
    "replay_action",
    "random_walk_action",
)
# What acts on the account, by where it lives in the window; a path a build lacks is skipped.
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
# What writes elsewhere in the store: only a read-only store disables these (a mirror's store is writable).
STORE_ACTIONS = (
    "new_account_action",
    "rename_account_action",
    "delete_account_action",
    "import_action",
    "connect_backpack_action",
    "live_parameters_action",
    "alerts_action",
)
STORE_CONTAINERS = (
    "overview.import_button",
    "risk_gauge.acknowledge",
    "backpack.panel.refresh_button",
    "backpack.panel.plan_button",
    "backpack.panel.history_button",
    "backpack.panel.forget_button",
    "backpack.panel.auto_refresh",
)
ROW_BUTTONS = "spot.panel.buttons"  # painted in table rows: their columns are hidden instead


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
        self.store_wide = False  # engaged for the whole store, not only a mirror
        buttons = _found(window, (ROW_BUTTONS,))
        self.row_buttons = list(buttons[0].values()) if buttons else []
        self._tips: dict[int, tuple[object, str, str]] = {}  # id → (thing, tooltip, status tip) before
        self.engaged = False
        self.session.changed.connect(self._on_change)  # after the views' own handlers
        self.apply()

    def _on_change(self, change) -> None:
        # A writable account becomes a mirror only when it is opened or read again (both say every part
        # changed, the feed too); the store can go read-only at any write, so that is looked at each time.
        if self.engaged or change.opened or change.feed or self.session.store_read_only is not None:
            self.apply()

    def _switched(self) -> list:
        """What is disabled itself; the inputs inside a container follow it (and keep their own state)."""
        actions, containers = self._lists()
        return actions + containers

    def _lists(self) -> tuple[list, list]:
        actions, containers = ACTIONS, CONTAINERS
        if self.store_wide:
            actions, containers = actions + STORE_ACTIONS, containers + STORE_CONTAINERS
        return _found(self.window, actions), _found(self.window, containers)

    def _controls(self) -> list:
        found = self._switched()
        for container in _found(self.window, CONTAINERS):
            found += [child for child in container.findChildren(QWidget) if isinstance(child, INPUTS)]
        return found

    def apply(self) -> None:
        store_wide = self.session.store_read_only is not None
        if self.engaged and store_wide != self.store_wide:
            self.release()  # the store went read-only while open (a write found it damaged)
        self.store_wide = store_wide
        if self.session.read_only:
            self.engage()
        elif self.engaged:
            self.release()

    def engage(self) -> None:
        why = self.session.read_only_why
        switched = self._switched()
        for thing in self._controls():
            if id(thing) not in self._tips:
                status = thing.statusTip() if isinstance(thing, QAction) else ""
                self._tips[id(thing)] = (thing, thing.toolTip(), status)
            if any(thing is one for one in switched):
                thing.setEnabled(False)
            if thing.toolTip() != tip(why):
                thing.setToolTip(tip(why))
            if isinstance(thing, QAction):
                thing.setStatusTip(why)
        self._show_row_buttons(False)
        self.engaged = True

    def release(self) -> None:
        for thing, tooltip, status in self._tips.values():
            thing.setToolTip(tooltip)
            if isinstance(thing, QAction):
                thing.setStatusTip(status)
        for thing in self._switched():
            thing.setEnabled(True)
        self._tips.clear()
        self._show_row_buttons(True)
        self.engaged = False

    def _show_row_buttons(self, shown: bool) -> None:
        for delegate in self.row_buttons:
            if delegate.table.isColumnHidden(delegate.column) == shown:
                delegate.table.setColumnHidden(delegate.column, not shown)
