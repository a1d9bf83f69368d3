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
from .services.integrity import check_on_open
from .services.writes import ServiceError
from .single_instance import InstanceServer, ask_running_instance, bring_to_front, server_name
from .store.db import StoreError, open_store
from .store.files import private_file
from .views.crash_report import install_exception_hook, start_logging
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


def launch(data_dir: Path | str | None = None, account: str | None = None) -> MainWindow:
    """Open the store in ``data_dir`` (the user data directory by default), first-run Demo included,
    check its ledger, and show the main window on ``account`` (by default the one open last time).
    Raises StoreError with a clear message, or ServiceError when there is no account ``account``."""
    app = application()
    directory = Path(data_dir) if data_dir else user_data_dir()
    store = open_store(directory)
    try:
        accounts = AccountService(store)
        check_on_open(accounts)  # a store that fails opens read-only, never written
        if store.read_only:  # the window has no read-only mode yet: say why and stop
            raise StoreError(
                f"{store.read_only_reason}\nRun margin-desk verify --data-dir {directory} for the details."
            )
        accounts.ensure_demo_account()
        if account is not None and account not in accounts.names():
            known = ", ".join(accounts.names())
            raise ServiceError(f"--account: there is no account named {account!r} in {directory} (accounts: {known})")
        # The window's own file in the data directory: no link followed, no FIFO read, mode 0600.
        settings = QSettings(str(private_file(directory / SETTINGS_FILE)), QSettings.Format.IniFormat)
        apply_theme(app, str(settings.value("theme", "system")))
        session = Session(accounts, account or str(settings.value("account", "")) or None)
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
    if smoke_test:
        window.spot.ensure_price_chart()  # the smoke test proves the charts load in what ships
    else:
        QTimer.singleShot(0, window.spot.ensure_price_chart)  # after the window is on screen
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
