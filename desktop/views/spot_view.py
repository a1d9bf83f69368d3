"""The Spot view: the market list and the price chart side by side, open orders and fills under both,
and the order form at the right, scrolling when short. When the middle is narrow (a 1024 px screen)
the market list becomes the first tab under the chart, so the chart keeps a readable width.

Over the market list, a Spot / Futures filter (Backpack's two dashboards): Futures lists the perp
markets and puts the Futures order form in the Spot form's place (MARGIN_MODEL.md §10)."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QButtonGroup,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QSplitter,
    QStackedWidget,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from ..models.chart_data import ChartData
from ..models.perp_markets import PerpMarketsModel
from ..models.session import Session
from ..models.tables import FillsModel, MarketsModel, OpenOrdersModel, RowObjectRole
from .order_form import OrderForm
from .partials.remember import remember_splitter
from .partials.restyle import set_message, show_refusal
from .partials.scrolling import ScrollingPanel
from .partials.tables import table_view
from .perp_order_form import PerpOrderForm

NARROW_CENTER = 640  # px left of the order form: below this the market list moves under the chart


class SpotView(QWidget):
    def __init__(self, session: Session, chart_data: ChartData, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.session = session
        self.chart_data = chart_data
        self.markets_model = MarketsModel(session, self)
        self.orders_model = OpenOrdersModel(session, self)
        self.fills_model = FillsModel(session, self)

        self.markets = table_view(self.markets_model, "Markets", self)
        self.perp_markets_model = PerpMarketsModel(session, self)
        self.perp_markets = table_view(self.perp_markets_model, "Futures markets", self)
        self.orders = table_view(self.orders_model, "Open orders", self)
        self.fills = table_view(self.fills_model, "Fills", self)
        self.form = OrderForm(session, self)
        self.perp_form = PerpOrderForm(session, self)

        self.cancel_button = QPushButton("Cancel order")
        self.cancel_button.setAccessibleName("Cancel order")
        self.cancel_button.setEnabled(False)
        self.cancel_message = QLabel()
        self.cancel_message.setObjectName("refusal")
        self.cancel_message.setWordWrap(True)
        self.cancel_message.hide()
        orders_page = QWidget()
        orders_layout = QVBoxLayout(orders_page)
        orders_layout.setContentsMargins(0, 0, 0, 0)
        orders_layout.addWidget(self.orders)
        buttons = QHBoxLayout()
        buttons.addWidget(self.cancel_button)
        buttons.addWidget(self.cancel_message, 1)
        buttons.addStretch(0)
        orders_layout.addLayout(buttons)

        self.activity = QTabWidget()
        self.activity.setAccessibleName("Orders and fills")
        self.orders_page = orders_page
        self.activity.addTab(orders_page, "Open orders")
        self.activity.addTab(self.fills, "Fills")
        self.price_chart = None

        self.market_list = left = QWidget()
        left_layout = QVBoxLayout(left)
        left_layout.setContentsMargins(0, 0, 0, 0)
        caption = QLabel("Markets")
        caption.setObjectName("panelTitle")
        left_layout.addWidget(caption)
        self.spot_filter = QPushButton("Spot", checkable=True, checked=True)
        self.futures_filter = QPushButton("Futures", checkable=True)
        self.spot_filter.setAccessibleName("Spot markets")
        self.futures_filter.setAccessibleName("Futures markets")
        self.futures_filter.setToolTip("Perpetual futures: long or short in the same cross margin")
        self.market_types = QButtonGroup(self)
        filters = QHBoxLayout()
        filters.setContentsMargins(0, 0, 0, 0)
        for button in (self.spot_filter, self.futures_filter):
            button.setAutoDefault(False)
            self.market_types.addButton(button)
            filters.addWidget(button)
        filters.addStretch(1)
        left_layout.addLayout(filters)
        self.market_tables = QStackedWidget()
        self.market_tables.addWidget(self.markets)
        self.market_tables.addWidget(self.perp_markets)
        left_layout.addWidget(self.market_tables)

        self.top = QSplitter(Qt.Orientation.Horizontal)  # markets | price chart (built once shown)
        self.top.setObjectName("spotTopSplitter")
        self.top.addWidget(left)
        self.top.setChildrenCollapsible(False)
        self.center = QSplitter(Qt.Orientation.Vertical)  # the top row over open orders and fills
        self.center.setObjectName("spotCenterSplitter")
        self.center.addWidget(self.top)
        self.center.addWidget(self.activity)
        self.center.setStretchFactor(0, 3)
        self.center.setStretchFactor(1, 2)
        self.center.setChildrenCollapsible(False)

        self.forms = QStackedWidget()
        self.forms.addWidget(self.form)
        self.forms.addWidget(self.perp_form)
        self.form_panel = ScrollingPanel(self.forms)
        self.splitter = QSplitter(Qt.Orientation.Horizontal)
        self.splitter.setObjectName("spotSplitter")
        self.splitter.addWidget(self.center)
        self.splitter.addWidget(self.form_panel)
        self.splitter.setStretchFactor(0, 1)  # spare width goes to the chart and the tables
        self.splitter.setStretchFactor(1, 0)
        self.splitter.setSizes([700, 280])
        self.splitter.setChildrenCollapsible(False)
        self.markets.setMinimumWidth(200)
        self.perp_markets.setMinimumWidth(200)
        layout = QHBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.splitter)
        for splitter in (self.splitter, self.center):
            remember_splitter(splitter)

        self.markets.selectionModel().currentRowChanged.connect(self._market_chosen)
        self.orders.selectionModel().selectionChanged.connect(self._order_selection)
        self.orders_model.modelReset.connect(lambda: self.cancel_button.setEnabled(False))
        self.cancel_button.clicked.connect(self.cancel_selected)
        self.form.orderPlaced.connect(lambda _id: self.activity.setCurrentWidget(self.orders_page))
        self.perp_markets.selectionModel().currentRowChanged.connect(self._perp_market_chosen)
        self.perp_form.orderPlaced.connect(self._perp_order_placed)
        self.futures_filter.toggled.connect(self.show_futures)
        self.markets.selectRow(0)
        if self.perp_markets_model.rowCount():
            self.perp_markets.selectRow(0)
        else:
            self.futures_filter.setEnabled(False)
            self.futures_filter.setToolTip("The parameters in use have no perp markets")

    def resizeEvent(self, event) -> None:
        super().resizeEvent(event)
        self._place_market_list()

    def _place_market_list(self) -> None:
        """Beside the chart when the middle is wide enough for both; else the first tab under it, so
        the chart keeps a readable width on a 1024 px screen."""
        if self.price_chart is None:
            return
        beside = self.top.indexOf(self.market_list) >= 0
        wide = self.width() - self.form_panel.width() >= NARROW_CENTER
        if wide and not beside:
            self.activity.removeTab(self.activity.indexOf(self.market_list))
            self.top.insertWidget(0, self.market_list)
            self.top.setStretchFactor(0, 0)
            self.top.setStretchFactor(1, 1)
            self.top.setSizes([300, max(300, self.top.width() - 300)])
            self.market_list.layout().itemAt(0).widget().show()
        elif not wide and beside:
            self.activity.insertTab(0, self.market_list, "Markets")
            self.market_list.layout().itemAt(0).widget().hide()  # the tab names it
            self.activity.setCurrentIndex(0)
        self.market_list.show()

    def ensure_price_chart(self) -> None:
        """Build the price chart (importing pyqtgraph) once the window is on screen."""
        if self.price_chart is not None:
            return
        from ..charts.price_chart import PriceChart

        self.price_chart = PriceChart(self.session, self.chart_data)
        self.price_chart.set_market(self.form.market)
        self.top.addWidget(self.price_chart)
        self.top.setStretchFactor(0, 0)
        self.top.setStretchFactor(1, 1)
        self.top.setSizes([300, 600])  # the markets as wide as their columns, the chart the rest
        remember_splitter(self.top)
        self._place_market_list()
        for form in (self.form, self.perp_form):
            form.previewChanged.connect(lambda *lines, f=form: self._lines_of(f, *lines))
        self.price_chart.set_market(self.current_form.market)
        self.price_chart.show_order_lines(*self.current_form.order_lines)

    # -- Spot or Futures -------------------------------------------------------------------------
    @property
    def futures(self) -> bool:
        return self.futures_filter.isChecked()

    @property
    def current_form(self):
        return self.perp_form if self.futures else self.form

    def show_futures(self, futures: bool = True) -> None:
        """The Futures filter: perp markets in the list and the Futures form (False: back to Spot)."""
        if self.futures_filter.isChecked() != futures:
            (self.futures_filter if futures else self.spot_filter).setChecked(True)
            return  # toggled comes back here
        self.market_tables.setCurrentWidget(self.perp_markets if futures else self.markets)
        self.forms.setCurrentWidget(self.current_form)
        if self.price_chart is not None:
            self.price_chart.set_market(self.current_form.market)
            self.price_chart.show_order_lines(*self.current_form.order_lines)

    def _lines_of(self, form, *lines) -> None:
        if form is self.current_form and self.price_chart is not None:
            self.price_chart.show_order_lines(*lines)

    def _perp_market_chosen(self, current, _previous) -> None:
        if current.isValid():
            symbol = current.data(RowObjectRole).symbol
            self.perp_form.set_market(symbol)
            if self.price_chart is not None and self.futures:
                self.price_chart.set_market(symbol)
                self.price_chart.show_order_lines(*self.perp_form.order_lines)

    def _perp_order_placed(self, _order_id: str) -> None:
        if self.session.state.order(_order_id) is not None:  # it rests: show it; a fill shows in the positions
            self.activity.setCurrentWidget(self.orders_page)

    def select_market(self, symbol: str) -> None:
        """Pick ``symbol`` in the market list: a spot market, or a perp (which shows Futures)."""
        futures = symbol in self.session.parameters.perps
        self.show_futures(futures)
        table = self.perp_markets if futures else self.markets
        for row in range(table.model().rowCount()):
            index = table.model().index(row, 0)
            if index.data(RowObjectRole).symbol == symbol:
                table.selectRow(row)
                return

    def _market_chosen(self, current, _previous) -> None:
        if current.isValid():
            symbol = current.data(RowObjectRole).symbol
            self.form.set_market(symbol)
            if self.price_chart is not None and not self.futures:
                self.price_chart.set_market(symbol)

    def _order_selection(self, *_args) -> None:
        self.cancel_button.setEnabled(bool(self.orders.selectionModel().selectedRows()))

    def cancel_selected(self) -> None:
        rows = self.orders.selectionModel().selectedRows()
        if not rows:
            return
        order = rows[0].data(RowObjectRole)
        outcome = self.session.cancel_order(order.id)
        if outcome.accepted:
            set_message(self.cancel_message, "")
        else:
            show_refusal(self.cancel_message, outcome.refusal)
