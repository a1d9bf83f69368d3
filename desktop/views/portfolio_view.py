"""The Portfolio: balances, lends and borrows, collateral weight and value per asset, with totals
that equal the Account Overview's figures."""

from __future__ import annotations

from PySide6.QtWidgets import QFormLayout, QLabel, QVBoxLayout, QWidget

from ..models.change import Change
from ..models.lend_models import PortfolioModel
from ..models.session import Session
from ..text.formatting import usd
from .partials.figures import set_figure
from .partials.tables import table_view
from .partials.updates import WhenShown


class PortfolioView(QWidget):
    def __init__(self, session: Session, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.session = session
        self.model = PortfolioModel(session, self)
        self.table = table_view(self.model, "Portfolio", self)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        caption = QLabel("Portfolio")
        caption.setObjectName("panelTitle")
        layout.addWidget(caption)
        layout.addWidget(self.table, 1)
        totals = QFormLayout()
        self.totals: dict[str, QLabel] = {}
        for key, text in (
            ("collateral", "Total collateral value"),
            ("liabilities", "Total borrowed (at mark)"),
            ("net_equity", "Net equity"),
        ):
            label = QLabel()
            label.setAccessibleName(text)
            # Opaque (the window's colour, as behind it): a new total repaints the label alone, not
            # the view, its stack, the splitter and the window under it (five paints a tick).
            label.setAutoFillBackground(True)
            totals.addRow(text, label)
            self.totals[key] = label
        layout.addLayout(totals)
        self.when_shown = WhenShown(self)
        session.changed.connect(self._on_change)
        self.refresh()

    def _on_change(self, change: Change) -> None:
        if change.valuation:
            self.when_shown.run("totals", self.refresh)

    def showEvent(self, event) -> None:
        super().showEvent(event)
        self.when_shown.catch_up()

    def refresh(self) -> None:
        v = self.session.valuation
        set_figure(self.totals["collateral"], f"{usd(v.assets_value)} USD")
        set_figure(self.totals["liabilities"], f"{usd(v.liabilities_value)} USD")
        set_figure(self.totals["net_equity"], f"{usd(v.net_equity)} USD")
