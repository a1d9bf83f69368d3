"""Building and running the application. ``launch`` is the testing seam: it builds everything and
returns the shown main window without entering the event loop."""

from __future__ import annotations

import logging
import signal
import sys
import tempfile
from pathlib import Path

from PySide6.QtCore import QSettings, QTimer
from PySide6.QtGui import QIcon
from PySide6.QtWidgets import QApplication, QMessageBox

from . import APP_ID, APP_NAME, __version__
from .gui_garbage import collect_between_events
from .models.account_list import AccountList
from .models.chart_data import ChartData
from .models.clock import Clock
from .models.session import Session
from .paths import resource_path, user_data_dir, user_log_dir
from .qt_guard import guard_against_binding_refcount_defect
from .services.accounts import AccountService
from .services.integrity import account_problem, check_on_open
from .services.writes import ServiceError
from .single_instance import InstanceServer, ask_running_instance, bring_to_front, server_name
from .store.db import StoreError, open_store
from .store.files import private_file
from .views.crash_report import install_exception_hook, start_logging
from .views.empty_store_window import EmptyStoreWindow
from .views.main_window import MainWindow
from .views.theme import apply_theme

log = logging.getLogger("margin-desk")
STARTUP_MARKER = "startup complete"
SETTINGS_FILE = "window.ini"  # the window's place, size, theme and account, beside the store


def application() -> QApplication:
    app = QApplication.instance() or QApplication(sys.argv[:1])
    guard_against_binding_refcount_defect()
    collect_between_events(app)
    app.setApplicationName(APP_NAME)
    app.setApplicationVersion(__version__)
    app.setOrganizationName(APP_NAME)
    app.setDesktopFileName(APP_ID)
    if app.windowIcon().isNull():
        icon = QIcon()
        for size in (16, 32, 48, 64, 128, 256):
            try:
                icon.addFile(str(resource_path(f"icons/hicolor/{size}x{size}/apps/{APP_ID}.png")))
            except FileNotFoundError:
                continue  # a checkout without rendered icons still runs
        app.setWindowIcon(icon)
    return app


def window_settings(directory: Path, store) -> QSettings:
    """The window's own file in the data directory: no link followed, no FIFO read, mode 0600. It is
    not the store, so a read-only store still keeps the window's place and theme there when the
    directory can be written; when it cannot, they are remembered for this run only."""
    path = directory / SETTINGS_FILE
    try:
        path = private_file(path)
    except StoreError:
        if not store.read_only or path.is_symlink() or path.exists():
            raise
    return QSettings(str(path), QSettings.Format.IniFormat)


def launch(data_dir: Path | str | None = None, account: str | None = None) -> MainWindow | EmptyStoreWindow:
    """Open the store in ``data_dir`` (the user data directory by default), first-run Demo included,
    check its ledger, and show the main window on ``account`` (by default the one open last time). A
    store that fails its check, or cannot be written, opens read-only: every control that writes is
    disabled and a banner says why (an empty one shows ``EmptyStoreWindow``).
    Raises StoreError with a clear message, or ServiceError when there is no account ``account``."""
    app = application()
    directory = Path(data_dir) if data_dir else user_data_dir()
    store = open_store(directory)
    try:
        accounts = AccountService(store)
        check_on_open(accounts)  # a store that fails opens read-only, never written
        if not store.read_only:
            accounts.ensure_demo_account()
            store.checkpoint_in_background()  # no tick pays for copying the log into the file
        if account is not None and account not in accounts.names():
            known = ", ".join(accounts.names()) or "none"
            raise ServiceError(f"--account: there is no account named {account!r} in {directory} (accounts: {known})")
        settings = window_settings(directory, store)
        apply_theme(app, str(settings.value("theme", "system")))
        wanted = account or str(settings.value("account", "")) or None
        if store.read_only:  # a damaged store: open an account that can be read, if any can
            readable = [name for name in accounts.names() if account_problem(accounts, name) is None]
            wanted = wanted if wanted in readable else next(iter(readable), None)
        if store.read_only and wanted is None:  # nothing to show, and nothing can be created
            window = EmptyStoreWindow(store.read_only_reason or "", directory, bool(accounts.names()))
        else:
            session = Session(accounts, wanted)
            window = MainWindow(
                session, Clock(session), AccountList(accounts, session), ChartData(store.db, session), settings
            )
    except BaseException:
        store.close()
        raise
    window.store = store
    window.destroyed.connect(lambda *_: store.close())
    window.instance_server = InstanceServer(server_name(directory), window)
    window.instance_server.raiseRequested.connect(lambda: bring_to_front(window))
    app.aboutToQuit.connect(store.close)
    window.show()
    return window


def close_on_terminate(window: MainWindow) -> None:
    """SIGTERM (a logout, ``kill``) closes the window like the close button, so its place, size and
    clock speed are saved; Python sees the signal only when it runs, hence the idle timer."""
    if not hasattr(signal, "SIGTERM"):
        return
    signal.signal(signal.SIGTERM, lambda *_: QTimer.singleShot(0, window.close))
    wake = QTimer(window)
    wake.timeout.connect(lambda: None)
    wake.start(500)


def run(data_dir: str | None = None, smoke_test: bool = False, account: str | None = None) -> int:
    """``margin-desk [--account NAME]`` without a subcommand: the window (on ``account``) and the event loop."""
    logging.basicConfig(level=logging.INFO, format="%(name)s: %(message)s")
    app = application()
    temporary = tempfile.TemporaryDirectory(prefix="margin-desk-smoke-") if smoke_test else None
    directory = Path(temporary.name if temporary else data_dir or user_data_dir())
    if not smoke_test and ask_running_instance(server_name(directory)):
        log.info("Margin Desk is already open on %s: its window was brought to the front.", directory)
        return 0
    if not smoke_test:
        install_exception_hook(start_logging(user_log_dir()))
    try:
        window = launch(directory, account)
    except ServiceError as error:  # a mistyped --account: one line, as for every bad argument
        sys.stderr.write(f"margin-desk: {' '.join(str(error).split())}\n")
        return 2
    except StoreError as error:
        if smoke_test:
            log.error("%s", error)
        else:
            QMessageBox.critical(None, APP_NAME, str(error))
        return 1
    spot = getattr(window, "spot", None)  # an empty read-only store has no views
    if spot is not None and smoke_test:
        spot.ensure_price_chart()  # the smoke test proves the charts load in what ships
    elif spot is not None:
        QTimer.singleShot(0, spot.ensure_price_chart)  # after the window is on screen
    log.info(STARTUP_MARKER)
    close_on_terminate(window)
    if smoke_test:
        QTimer.singleShot(0, window.close)
        QTimer.singleShot(0, app.quit)
    code = app.exec()
    if temporary:
        window.store.close()
        temporary.cleanup()
    return code
