"""Account Overview: net equity, available equity, Initial and Maintenance Margin, ratios, unrealized
PnL and futures exposure (§10), Max Account Leverage and the Margin Overview menu (Auto Lend), with a
warning near liquidation, and — for an empty account — how to start. Each figure's definition is its
tooltip (once; Help explains them all)."""

from __future__ import annotations

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QAction
from PySide6.QtWidgets import (
    QFrame,
    QGridLayout,
    QHBoxLayout,
    QLabel,
    QMenu,
    QPushButton,
    QToolButton,
    QVBoxLayout,
    QWidget,
)

from ..models.change import Change
from ..models.session import Session
from ..text.formatting import leverage, percent, usd
from ..text.tips import tip
from . import help_texts
from .partials.figures import RIGHT, UNSHOWN, SelectableFigure, same_value, set_figure
from .partials.inputs import LeverageBox
from .partials.restyle import set_message, set_style_property, show_refusal

WARNING_MMR = 0.8  # warn from MMR ≥ 80 %


EMPTY = (
    "This account is empty. Deposit funds to start trading and borrowing, or load an ACCOUNT.json "
    "(File → Import account)."
)


def usd_text(value) -> str:
    return f"{usd(value)} USD"


class OverviewPanel(QFrame):
    depositRequested = Signal()
    importRequested = Signal()

    def __init__(self, session: Session, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.session = session
        self.setObjectName("overviewPanel")
        self.setAccessibleName("Account Overview")
        self.setFrameShape(QFrame.Shape.StyledPanel)
        layout = QVBoxLayout(self)
        title = QLabel("Account Overview")
        title.setObjectName("panelTitle")
        layout.addWidget(title)

        self.banner = QLabel()
        self.banner.setObjectName("liquidationBanner")
        self.banner.setWordWrap(True)
        self.banner.setAccessibleName("Liquidation warning")
        self.banner.hide()
        layout.addWidget(self.banner)

        grid = QGridLayout()
        grid.setHorizontalSpacing(12)
        self.values: dict[str, QLabel] = {}
        rows = [
            ("net_equity", "Net equity", help_texts.NET_EQUITY),
            ("available", "Available equity", help_texts.AVAILABLE),
            ("initial_margin", "Initial Margin", help_texts.INITIAL_MARGIN),
            ("maintenance_margin", "Maintenance Margin", help_texts.MAINTENANCE_MARGIN),
            ("margin_fraction", "Margin fraction", help_texts.MARGIN_FRACTION),
            ("imr", "IMR", help_texts.IMR),
            ("mmr", "MMR", help_texts.MMR),
            ("leverage", "Leverage", help_texts.LEVERAGE),
            ("pnl_unrealized", "Unrealized PnL", help_texts.UNREALIZED_PNL),
            ("futures_exposure", "Futures exposure", help_texts.FUTURES_EXPOSURE),
        ]
        for row, (key, caption, explanation) in enumerate(rows):
            label = QLabel(caption)
            label.setToolTip(tip(explanation))
            label.setWhatsThis(explanation)
            value = SelectableFigure()
            value.setObjectName(f"overview_{key}")
            value.setAutoFillBackground(True)  # opaque: a tick's new figure repaints the label, not the panel
            value.setAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
            value.setToolTip(tip(explanation))
            value.setAccessibleName(caption)
            value.setAccessibleDescription(explanation)
            grid.addWidget(label, row, 0)
            grid.addWidget(value, row, 1, RIGHT)
            self.values[key] = value
        layout.addLayout(grid)

        self.empty_note = QLabel(EMPTY)
        self.empty_note.setObjectName("emptyState")
        self.empty_note.setAccessibleName("How to start")
        self.empty_note.setWordWrap(True)
        self.deposit_button = QPushButton("Deposit…")
        self.deposit_button.setAccessibleName("Deposit to start")
        self.import_button = QPushButton("Import…")
        self.import_button.setAccessibleName("Import an ACCOUNT.json")
        self.deposit_button.clicked.connect(self.depositRequested)
        self.import_button.clicked.connect(self.importRequested)
        self.empty_buttons = QWidget()
        empty_row = QHBoxLayout(self.empty_buttons)
        empty_row.setContentsMargins(0, 0, 0, 0)
        empty_row.addWidget(self.deposit_button)
        empty_row.addWidget(self.import_button)
        empty_row.addStretch(1)
        layout.addWidget(self.empty_note)
        layout.addWidget(self.empty_buttons)

        controls = QHBoxLayout()
        caption = QLabel("Max Account Leverage")
        caption.setToolTip(tip(help_texts.MAX_ACCOUNT_LEVERAGE))
        caption.setWordWrap(True)
        self.leverage = LeverageBox()
        self.leverage.setToolTip(tip(help_texts.MAX_ACCOUNT_LEVERAGE))
        caption.setBuddy(self.leverage)
        self.auto_lend_badge = QLabel()  # Auto Lend's state in sight, as Backpack shows it by the leverage
        self.auto_lend_badge.setObjectName("autoLendBadge")
        self.auto_lend_badge.setAccessibleName("Auto Lend state")
        self.auto_lend_badge.setToolTip(tip(help_texts.AUTO_LEND + " Switch it in the Margin Overview menu."))
        controls.addWidget(caption, 1)
        controls.addWidget(self.leverage)
        controls.addWidget(self.auto_lend_badge)
        layout.addLayout(controls)
        menu_row = QHBoxLayout()

        self.margin_menu_button = QToolButton()
        self.margin_menu_button.setText("Margin Overview")
        self.margin_menu_button.setAccessibleName("Margin Overview")
        self.margin_menu_button.setPopupMode(QToolButton.ToolButtonPopupMode.InstantPopup)
        self.margin_menu = QMenu("Margin Overview", self)
        self.auto_lend = QAction("Auto Lend", self, checkable=True)
        self.auto_lend.setToolTip(tip(help_texts.AUTO_LEND))
        self.auto_repay = QAction("Auto repay borrows", self, checkable=True)
        self.auto_repay.setToolTip(tip(help_texts.AUTO_REPAY))
        self.margin_menu.addAction(self.auto_lend)
        self.margin_menu.addAction(self.auto_repay)
        self.margin_menu.setToolTipsVisible(True)
        self.margin_menu_button.setMenu(self.margin_menu)
        menu_row.addWidget(self.margin_menu_button)
        menu_row.addStretch(1)
        layout.addLayout(menu_row)

        self.refusal = QLabel()
        self.refusal.setObjectName("refusal")
        self.refusal.setWordWrap(True)
        self.refusal.setAccessibleName("Settings refusal")
        self.refusal.hide()
        layout.addWidget(self.refusal)
        layout.addStretch(1)

        self.leverage.valueChanged.connect(self._leverage_chosen)
        self.leverage.clamped.connect(lambda text: set_message(self.refusal, text))
        self.auto_lend.toggled.connect(lambda on: self._settings_chosen(auto_lend=on))
        self.auto_repay.toggled.connect(lambda on: self._settings_chosen(auto_repay_borrows=on))
        self._shown: dict[str, object] = {}  # each figure's value on screen
        self._risk: tuple[str, str] | None = None  # the warning banner's text and level ("": hidden)
        self._balances = None  # the balances the empty-account note was decided on
        session.changed.connect(self._on_change)
        self.refresh()

    def _on_change(self, change: Change) -> None:
        # Always on screen: no need to wait for a showing.
        if change.opened or change.settings:
            self.refresh()
        elif change.valuation or change.liquidation_steps:
            self.show_figures()
        elif change.history:  # a liquidation acknowledged: the banner may go
            self._show_risk(self.session.valuation)

    def _leverage_chosen(self, value: int) -> None:
        if value != self.session.state.account.settings.leverage_limit:
            self._settings_chosen(leverage_limit=value)

    def _settings_chosen(self, **change) -> None:
        settings = self.session.state.account.settings
        if all(getattr(settings, key) == value for key, value in change.items()):
            return
        outcome = self.session.change_settings(**change)
        if outcome.accepted:
            if not change.get("leverage_limit") or not self.refusal.text().startswith("Max Account Leverage goes"):
                set_message(self.refusal, "")
        else:
            show_refusal(self.refusal, outcome.refusal)
            self.refresh()

    def refresh(self) -> None:
        self.show_settings()
        self.show_figures()

    def show_figures(self) -> None:
        v = self.session.valuation
        shown = self._shown
        # A figure's text is written again only when its value moved (equal values write equal texts).
        for key, value, write in (
            ("net_equity", v.net_equity, usd_text),
            ("available", v.net_equity_available, usd_text),
            ("initial_margin", v.initial_margin, usd_text),
            ("maintenance_margin", v.maintenance_margin, usd_text),
            ("margin_fraction", v.margin_fraction, percent),
            ("imr", v.imr, percent),
            ("mmr", v.mmr, percent),
            ("leverage", v.leverage, leverage),
            ("pnl_unrealized", v.pnl_unrealized, usd_text),
            ("futures_exposure", v.net_exposure_futures, usd_text),
        ):
            if not same_value(shown.get(key, UNSHOWN), value):
                shown[key] = value
                set_figure(self.values[key], write(value))
        self._show_risk(v)
        balances = self.session.state.account.balances
        if balances is not self._balances:  # a tick that moves no balance keeps the same mapping
            self._balances = balances
            empty = all(balance.is_empty for balance in balances.values())
            if self.empty_note.isVisibleTo(self) != empty:
                self.empty_note.setVisible(empty)
                self.empty_buttons.setVisible(empty)

    def show_settings(self) -> None:
        settings = self.session.state.account.settings
        for widget, value in ((self.leverage, settings.leverage_limit),):
            widget.blockSignals(True)
            widget.setValue(value)
            widget.blockSignals(False)
        self.auto_lend_badge.setText("⟳ Auto Lend" if settings.auto_lend else "Auto Lend off")
        set_style_property(self.auto_lend_badge, "on", "true" if settings.auto_lend else "false")
        for action, value in ((self.auto_lend, settings.auto_lend), (self.auto_repay, settings.auto_repay_borrows)):
            action.blockSignals(True)
            action.setChecked(value)
            action.blockSignals(False)

    def _show_risk(self, v) -> None:
        if v.liquidatable:
            text = (
                "⚠ Being liquidated: net equity is at or below the maintenance margin. Open orders "
                "are cancelled and collateral is sold until the initial margin is met again."
            )
            level = "danger"
        elif v.mmr is not None and v.mmr >= WARNING_MMR:
            text = (
                f"⚠ Near liquidation: MMR {percent(v.mmr)}. At 100 % the account is liquidated. "
                f"Repay, deposit or reduce positions."
            )
            level = "warning"
        else:
            text = level = ""
        if (text, level) == self._risk:  # most ticks: nothing to say, as before
            return
        self._risk = (text, level)
        if not text:
            self.banner.hide()
            return
        self.banner.setText(text)
        set_style_property(self.banner, "level", level)
        self.banner.show()
