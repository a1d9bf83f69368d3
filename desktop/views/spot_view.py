"""The Spot view: the market list, open orders and fills, and the order form."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QHBoxLayout,
    QLabel,
    QPushButton,
    QSplitter,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from ..models.chart_data import ChartData
from ..models.session import Session
from ..models.tables import FillsModel, MarketsModel, OpenOrdersModel, RowObjectRole
from .order_form import OrderForm
from .partials.tables import table_view


class SpotView(QWidget):
    def __init__(self, session: Session, chart_data: ChartData, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.session = session
        self.chart_data = chart_data
        self.markets_model = MarketsModel(session, self)
        self.orders_model = OpenOrdersModel(session, self)
        self.fills_model = FillsModel(session, self)

        self.markets = table_view(self.markets_model, "Markets", self)
        self.orders = table_view(self.orders_model, "Open orders", self)
        self.fills = table_view(self.fills_model, "Fills", self)
        self.form = OrderForm(session, self)

        self.cancel_button = QPushButton("Cancel order")
        self.cancel_button.setAccessibleName("Cancel order")
        self.cancel_button.setEnabled(False)
        self.cancel_message = QLabel()
        self.cancel_message.setObjectName("refusal")
        self.cancel_message.hide()
        orders_page = QWidget()
        orders_layout = QVBoxLayout(orders_page)
        orders_layout.setContentsMargins(0, 0, 0, 0)
        orders_layout.addWidget(self.orders)
        buttons = QHBoxLayout()
        buttons.addWidget(self.cancel_button)
        buttons.addWidget(self.cancel_message, 1)
        orders_layout.addLayout(buttons)

        self.activity = QTabWidget()
        self.activity.setAccessibleName("Orders and fills")
        self.activity.addTab(orders_page, "Open orders")
        self.activity.addTab(self.fills, "Fills")
        self.center = QSplitter(Qt.Orientation.Vertical)
        self.center.addWidget(self.activity)
        self.center.setChildrenCollapsible(False)
        self.price_chart = None

        left = QWidget()
        left_layout = QVBoxLayout(left)
        left_layout.setContentsMargins(0, 0, 0, 0)
        caption = QLabel("Markets")
        caption.setObjectName("panelTitle")
        left_layout.addWidget(caption)
        left_layout.addWidget(self.markets)

        splitter = QSplitter(Qt.Orientation.Horizontal)
        splitter.addWidget(left)
        splitter.addWidget(self.center)
        splitter.addWidget(self.form)
        splitter.setStretchFactor(0, 0)
        splitter.setStretchFactor(1, 1)
        splitter.setStretchFactor(2, 0)
        splitter.setSizes([330, 520, 330])
        self.markets.setMinimumWidth(300)
        self.form.setMinimumWidth(320)
        splitter.setChildrenCollapsible(False)
        layout = QHBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(splitter)

        self.markets.selectionModel().currentRowChanged.connect(self._market_chosen)
        self.orders.selectionModel().selectionChanged.connect(self._order_selection)
        self.orders_model.modelReset.connect(lambda: self.cancel_button.setEnabled(False))
        self.cancel_button.clicked.connect(self.cancel_selected)
        self.form.orderPlaced.connect(lambda _id: self.activity.setCurrentIndex(0))
        self.markets.selectRow(0)

    def ensure_price_chart(self) -> None:
        """Build the price chart (importing pyqtgraph) once the window is on screen."""
        if self.price_chart is not None:
            return
        from ..charts.price_chart import PriceChart

        self.price_chart = PriceChart(self.session, self.chart_data)
        self.price_chart.set_market(self.form.market)
        self.center.insertWidget(0, self.price_chart)
        self.center.setStretchFactor(0, 3)
        self.center.setStretchFactor(1, 2)
        self.form.previewChanged.connect(self.price_chart.show_order_lines)
        self.price_chart.show_order_lines(*self.form.order_lines)

    def select_market(self, symbol: str) -> None:
        for row in range(self.markets.model().rowCount()):
            index = self.markets.model().index(row, 0)
            if index.data(RowObjectRole).symbol == symbol:
                self.markets.selectRow(row)
                return

    def _market_chosen(self, current, _previous) -> None:
        if current.isValid():
            symbol = current.data(RowObjectRole).symbol
            self.form.set_market(symbol)
            if self.price_chart is not None:
                self.price_chart.set_market(symbol)

    def _order_selection(self, *_args) -> None:
        self.cancel_button.setEnabled(bool(self.orders.selectionModel().selectedRows()))

    def cancel_selected(self) -> None:
        rows = self.orders.selectionModel().selectedRows()
        if not rows:
            return
        order = rows[0].data(RowObjectRole)
        outcome = self.session.cancel_order(order.id)
        self.cancel_message.setText("" if outcome.accepted else f"{outcome.refusal.message} ({outcome.refusal.code})")
        self.cancel_message.setVisible(not outcome.accepted)
