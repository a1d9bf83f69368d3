"""The main window: Account Overview beside the views (Spot; Ctrl+1…), an account switcher, the
Deposit and Withdrawal dialogs from the menu and the toolbar, the clock in the status bar, and the
Help menu. It fits a 1024×700 screen (panels scroll rather than widen it), and comes back where it
was, at the same size, splitters and clock speed."""

from __future__ import annotations

from PySide6.QtCore import QPoint, QRect, QSettings, QSize, Qt
from PySide6.QtGui import QGuiApplication
from PySide6.QtWidgets import (
    QApplication,
    QComboBox,
    QLabel,
    QMainWindow,
    QSplitter,
    QStackedWidget,
    QTabBar,
    QVBoxLayout,
    QWidget,
)

from .. import APP_NAME
from ..models.account_list import AccountList
from ..models.change import Change
from ..models.chart_data import ChartData
from ..models.clock import Clock
from ..models.live_mode import LiveMode
from ..models.risk_watch import RiskWatch
from ..models.session import Session
from .backpack.account_actions import BackpackActions
from .clock_bar import ClockBar
from .history_view import HistoryView
from .lend_view import LendView
from .live_banner import LiveBanner, LiveStatus
from .live_parameters_dialog import LiveParametersDialog
from .main_menus import build_actions, build_menus_and_toolbar
from .overview_panel import OverviewPanel
from .partials.remember import remember_splitter, use_settings
from .partials.scrolling import ScrollingPanel
from .partials.tables import ModelTableView
from .portfolio_view import PortfolioView
from .read_only_guard import ReadOnlyGuard
from .risk.alert_dialog import AlertDialog
from .risk.notifier import Notifier
from .risk.risk_gauge import AlertLog, RiskGauge
from .risk.risk_view import RiskView
from .spot_view import SpotView
from .store_banner import StoreBanner
from .theme import apply_theme
from .transfer_dialogs import DepositDialog
from .withdrawal_dialog import WithdrawalDialog


def _seconds(value, shortest: float) -> float | None:
    """A polling interval from window.ini (None: the default), never below ``shortest`` (Backpack's limits)."""
    try:
        return max(shortest, float(value)) if value is not None else None
    except (TypeError, ValueError):
        return None


class MainWindow(QMainWindow):
    live_fetch_timeout: float | None = None  # seconds per request of Load live parameters (None: 10 s)

    def __init__(
        self,
        session: Session,
        clock: Clock,
        accounts: AccountList,
        chart_data: ChartData,
        settings: QSettings,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.session = session
        self.clock = clock
        self.accounts = accounts
        self.chart_data = chart_data
        self.settings = settings
        self.setWindowTitle(APP_NAME)
        self.setObjectName("mainWindow")
        use_settings(settings)
        self._fit_default_size()

        self.overview = OverviewPanel(session)
        self.spot = SpotView(session, chart_data)
        self.lend = LendView(session)
        self.portfolio = PortfolioView(session)
        self.history = HistoryView(session)
        self.risk = RiskView(session, chart_data)
        self.risk_watch = RiskWatch(session, clock, self)
        self.risk_gauge = RiskGauge(self.risk_watch)
        self.overview.layout().insertWidget(2, self.risk_gauge)  # under the title and the banner
        self.backpack = BackpackActions(self, session, accounts)
        self.overview.layout().insertWidget(1, self.backpack.panel)  # a mirror's badge under the title
        overview_rows = self.overview.layout()
        overview_rows.insertWidget(overview_rows.count() - 1, self.backpack.panel.reconciliation)  # above the stretch
        self.alert_log = AlertLog(self.risk_watch)
        self.history.layout().addWidget(QLabel("Risk alerts"))
        self.history.layout().addWidget(self.alert_log)
        self.risk_watch.paused.connect(lambda reason: self.statusBar().showMessage(reason))
        self.spot.form.risk = self.risk_watch  # Max's safety buffer; ask before an order into Danger
        self.lend.borrow_tab.risk = self.risk_watch
        self.notifier = Notifier(self.risk_watch, self)
        self.views: list[tuple[str, QWidget]] = [
            ("Spot", self.spot),
            ("Lend", self.lend),
            ("Portfolio", self.portfolio),
            ("History", self.history),
            ("Risk", self.risk),
        ]
        self.stack = QStackedWidget()
        self.view_tabs = QTabBar()
        self.view_tabs.setAccessibleName("Views")
        self.view_tabs.setExpanding(False)
        for title, widget in self.views:
            self.stack.addWidget(widget)
            self.view_tabs.addTab(title)
        right = QWidget()
        right_layout = QVBoxLayout(right)
        right_layout.setContentsMargins(0, 0, 0, 0)
        right_layout.addWidget(self.view_tabs)
        right_layout.addWidget(self.stack, 1)
        splitter = QSplitter(Qt.Orientation.Horizontal)
        splitter.setObjectName("mainSplitter")
        splitter.addWidget(ScrollingPanel(self.overview))
        splitter.addWidget(right)
        splitter.setStretchFactor(0, 0)
        splitter.setStretchFactor(1, 1)
        splitter.setSizes([240, 1040])
        splitter.setChildrenCollapsible(False)
        remember_splitter(splitter)
        self.splitter = splitter
        self.live = LiveMode(
            session,
            clock,
            marks_every=_seconds(settings.value("live/marksEverySeconds"), 1.0),
            pools_every=_seconds(settings.value("live/poolsEverySeconds"), 10.0),
            parent=self,
        )
        self.live_banner = LiveBanner(self.live, session)
        self.store_banner = StoreBanner(session)  # a read-only store says so, above everything
        central = QWidget()
        central_layout = QVBoxLayout(central)
        central_layout.setContentsMargins(4, 4, 4, 0)
        central_layout.setSpacing(4)
        central_layout.addWidget(self.store_banner)
        central_layout.addWidget(self.live_banner)
        central_layout.addWidget(splitter, 1)
        self.setCentralWidget(central)

        self.account_box = QComboBox()
        self.account_box.setAccessibleName("Account")
        self.account_box.setMinimumContentsLength(12)
        build_actions(self)
        build_menus_and_toolbar(self)
        self.clock_bar = ClockBar(clock, session)
        self.live_status = LiveStatus(self.live)
        self.statusBar().addPermanentWidget(self.live_status)
        self.statusBar().addPermanentWidget(self.clock_bar)  # the left part shows messages
        self.live.changed.connect(self._show_live)

        self.view_tabs.currentChanged.connect(self.stack.setCurrentIndex)
        self.overview.depositRequested.connect(self.open_deposit)
        self.overview.importRequested.connect(self.files.import_account)
        self.account_box.activated.connect(lambda i: self.switch_account(self.account_box.itemText(i)))
        accounts.changed.connect(self._fill_accounts)
        session.changed.connect(self._on_change)
        self._fill_accounts()
        self._restore()
        self.read_only_guard = ReadOnlyGuard(self)  # once every view exists: disables what writes
        self.spot.form.quantity.setFocus()

    # -- behaviour ---------------------------------------------------------------------------------
    def show_view(self, number: int) -> None:
        self.view_tabs.setCurrentIndex(number)

    def keyPressEvent(self, event) -> None:
        if event.key() == Qt.Key.Key_Space and not event.modifiers():
            self.play_action.trigger()  # reaches the window only when the focused widget ignored it
            event.accept()
            return
        super().keyPressEvent(event)

    def showEvent(self, event) -> None:
        super().showEvent(event)
        for table in self.findChildren(ModelTableView):  # tables never shown yet wait until they are
            if not table.isVisible():
                table.set_model_active(False)

    def set_theme(self, mode: str) -> None:
        self.settings.setValue("theme", mode)
        apply_theme(QApplication.instance(), mode)

    def open_live_parameters(self) -> LiveParametersDialog:
        """File → Load live parameters…: the fetch starts at once, in the background."""
        dialog = LiveParametersDialog(self.session, self.accounts, timeout=self.live_fetch_timeout, parent=self)
        dialog.accepted.connect(lambda: self.statusBar().showMessage(dialog.outcome, 15000))
        dialog.finished.connect(lambda _result: dialog.deleteLater())
        dialog.open()
        dialog.fetch()
        self.live_parameters_dialog = dialog
        return dialog

    def _show_live(self) -> None:
        if self.live_action.isChecked() != self.live.on:
            self.live_action.setChecked(self.live.on)
        self.clock_bar.feed.setVisible(not self.live.on)  # the Live sentence says where prices come from

    def _fill_accounts(self) -> None:
        self.account_box.blockSignals(True)
        self.account_box.clear()
        self.account_box.addItems(self.accounts.names())
        self.account_box.blockSignals(False)
        self._show_account(self.session.name)

    def _on_change(self, change: Change) -> None:
        if change.opened:
            self._show_account(change.account)

    def _show_account(self, name: str) -> None:
        self.account_box.blockSignals(True)
        self.account_box.setCurrentText(name)
        self.account_box.blockSignals(False)
        self.setWindowTitle(f"{name} — {APP_NAME}")

    def switch_account(self, name: str) -> None:
        if name and name != self.session.name:
            problem = self.session.problem_opening(name)
            if problem is not None:  # a damaged store's unreadable account: say so, stay where we are
                self.statusBar().showMessage(problem, 15000)
                self._show_account(self.session.name)
                return
            self.session.switch(name)

    def open_deposit(self) -> DepositDialog:
        dialog = DepositDialog(self.session, self)
        dialog.open()
        return dialog

    def open_alerts(self) -> AlertDialog:
        dialog = AlertDialog(self.risk_watch, self)
        dialog.finished.connect(lambda _result: dialog.deleteLater())
        dialog.open()
        return dialog

    def open_withdrawal(self) -> WithdrawalDialog:
        dialog = WithdrawalDialog(self.session, self, self.risk_watch)
        dialog.open()
        return dialog

    # -- remembered between runs -------------------------------------------------------------------
    def _fit_default_size(self) -> None:
        """1280×780; on a smaller screen the window starts maximised (its frame never off-screen)."""
        screen = QGuiApplication.primaryScreen()
        room = screen.availableGeometry() if screen is not None else QRect(0, 0, 1280, 780)
        self.resize(min(1280, room.width()), min(780, room.height()))
        if room.width() < 1280 + 40 or room.height() < 780 + 60:
            self.setWindowState(self.windowState() | Qt.WindowState.WindowMaximized)

    def _restore(self) -> None:
        # Position (of the frame) and size (of the inside) separately: move() and pos() are the same
        # frame corner, so nothing creeps; restoreGeometry moved the window down a title bar's height
        # at each start under some window managers.
        size, position = self.settings.value("size"), self.settings.value("position")
        if isinstance(size, QSize) and size.isValid():
            self.resize(size)
        if isinstance(position, QPoint):
            self.move(position)
        maximized = self.settings.value("maximized")
        if maximized is not None:
            state = self.windowState() & ~Qt.WindowState.WindowMaximized
            if str(maximized).lower() == "true":
                state |= Qt.WindowState.WindowMaximized
            self.setWindowState(state)
        speed = self.settings.value("speed")
        if speed is not None and str(speed).isdigit():
            self.clock.set_speed(int(speed))
        self.show_view(int(self.settings.value("view", 0)))

    def closeEvent(self, event) -> None:
        self.clock.pause()
        self.live.shutdown()
        maximized = self.isMaximized()
        self.settings.setValue("maximized", maximized)
        if not maximized:
            self.settings.setValue("size", self.size())
            self.settings.setValue("position", self.pos())
        self.settings.remove("geometry")  # the old restoreGeometry blob
        self.settings.setValue("speed", self.clock.speed)
        self.settings.setValue("view", self.view_tabs.currentIndex())
        self.settings.setValue("account", self.session.name)
        self.settings.sync()
        super().closeEvent(event)
