"""The main window's actions, menus and toolbar (File, Funds, View, Clock, Help): what each command is
called, its shortcut, and where it sits. The window keeps each action as an attribute (``deposit_action``…)."""

from __future__ import annotations

from PySide6.QtGui import QAction, QActionGroup, QKeySequence
from PySide6.QtWidgets import QLabel, QMainWindow, QToolBar

from .account_commands import AccountCommands
from .account_file_actions import AccountFileActions
from .clock_actions import ClockActions
from .help_dialogs import HelpMenu


def add_action(window: QMainWindow, text: str, slot, shortcut=None, name: str | None = None) -> QAction:
    action = QAction(text, window)
    action.triggered.connect(slot)
    if shortcut:
        action.setShortcut(QKeySequence(shortcut))
    action.setObjectName(name or text)
    window.addAction(action)
    return action


def build_actions(w) -> None:
    w.deposit_action = add_action(w, "Deposit…", w.open_deposit, name="Deposit")
    w.withdraw_action = add_action(w, "Withdraw…", w.open_withdrawal, "Ctrl+W", name="Withdraw")
    w.account_commands = AccountCommands(w, w.session, w.accounts)
    w.new_account_action = add_action(w, "New account…", w.account_commands.new_account, "Ctrl+N")
    w.rename_account_action = add_action(w, "Rename account…", w.account_commands.rename_account)
    w.delete_account_action = add_action(w, "Delete account…", w.account_commands.delete_account)
    w.quit_action = add_action(w, "Quit", w.close, QKeySequence.StandardKey.Quit)
    # Not Space: a window shortcut on Space would take it from every button and check box (the
    # Margin box could not be ticked from the keyboard). Space still plays when nothing uses it.
    w.play_action = add_action(w, "Play / Pause", w.clock.toggle, "Ctrl+P")
    w.step_action = add_action(w, "Step an hour", w.clock.step_hour, "Ctrl+.")
    w.files = AccountFileActions(w, w.session, w.clock, w.accounts)
    w.import_action = add_action(w, "Import account…", w.files.import_account, "Ctrl+O")
    w.export_action = add_action(w, "Export account…", w.files.export_account, "Ctrl+E")
    w.fast_forward_action = add_action(w, "Fast-forward…", w.files.fast_forward, "Ctrl+F")
    w.connect_backpack_action = add_action(
        w, "Connect Backpack account…", lambda: w.backpack.connect(), name="Connect Backpack account"
    )
    w.live_parameters_action = add_action(
        w, "Load live parameters…", w.open_live_parameters, "Ctrl+L", name="Load live parameters"
    )
    w.live_action = add_action(w, "Live prices (Backpack)", w.live.set_on, "Ctrl+Shift+L", name="Live")
    w.live_action.setCheckable(True)
    w.live_action.setToolTip("Prices follow Backpack's mark prices instead of the simulation")
    w.prices = ClockActions(w, w.session, w.clock)
    w.move_price_action = add_action(w, "Move price…", w.prices.move_price, "Ctrl+M", name="Move price")
    w.scenario_action = add_action(w, "Run scenario…", w.prices.edit_scenario, "Ctrl+R", name="Run scenario")
    w.replay_action = add_action(w, "Replay CSV…", w.prices.replay_csv, name="Replay CSV")
    w.random_walk_action = add_action(w, "Random-walk prices", w.prices.random_walk, name="Random walk")
    w.alerts_action = add_action(w, "Risk alerts…", w.open_alerts, name="Risk alerts")
    w.view_actions = []
    for number, (title, _widget) in enumerate(w.views):
        w.view_actions.append(add_action(w, title, lambda _=False, n=number: w.show_view(n), f"Ctrl+{number + 1}"))


def build_menus_and_toolbar(w) -> None:
    menus = w.menuBar()
    file_menu = menus.addMenu("&File")
    for action in (w.new_account_action, w.rename_account_action, w.delete_account_action):
        file_menu.addAction(action)
    file_menu.addSeparator()
    file_menu.addAction(w.import_action)
    file_menu.addAction(w.export_action)
    file_menu.addSeparator()
    file_menu.addAction(w.connect_backpack_action)
    file_menu.addAction(w.live_parameters_action)
    file_menu.addSeparator()
    file_menu.addAction(w.quit_action)
    funds = menus.addMenu("F&unds")
    funds.addAction(w.deposit_action)
    funds.addAction(w.withdraw_action)
    view = menus.addMenu("&View")
    for action in w.view_actions:
        view.addAction(action)
    view.addSeparator()
    theme_menu = view.addMenu("&Theme")
    group = QActionGroup(w)
    for mode in ("System", "Light", "Dark"):
        action = QAction(f"&{mode}", w, checkable=True)  # Alt+V, T, then S, L or D
        action.setChecked(mode.lower() == w.settings.value("theme", "system"))
        action.triggered.connect(lambda _=False, m=mode.lower(): w.set_theme(m))
        group.addAction(action)
        theme_menu.addAction(action)
    clock = menus.addMenu("&Clock")
    clock.addAction(w.play_action)
    clock.addAction(w.step_action)
    clock.addAction(w.fast_forward_action)
    clock.addSeparator()
    clock.addAction(w.live_action)
    clock.addSeparator()
    clock.addAction(w.move_price_action)
    clock.addAction(w.scenario_action)
    clock.addAction(w.replay_action)
    clock.addAction(w.random_walk_action)
    clock.addSeparator()
    clock.addAction(w.alerts_action)
    w.help = HelpMenu(w)

    bar = QToolBar("Main")
    bar.setObjectName("mainToolbar")
    bar.setMovable(False)
    bar.addWidget(QLabel(" Account "))
    bar.addWidget(w.account_box)
    bar.addAction(w.new_account_action)
    bar.addSeparator()
    bar.addAction(w.deposit_action)
    bar.addAction(w.withdraw_action)
    bar.addSeparator()
    bar.addAction(w.live_action)
    w.addToolBar(bar)
    w.toolbar = bar
