"""The Spot view: the market list and the price chart side by side, the order form at the right
(scrolling when short), and under both the positions panel (positions, borrows, lends, open orders,
fills, order history), always in sight so every liquidation price is. When the middle is narrow (a
1024 px screen) the market list becomes the panel's last tab, so the chart keeps a readable width
and the positions stay the tab in front.

Over the market list, a Spot / Futures filter (Backpack's two dashboards): Futures lists the perp
markets and puts the Futures order form in the Spot form's place (MARGIN_MODEL.md §10)."""

from __future__ import annotations

from PySide6.QtCore import Qt, QTimer
from PySide6.QtWidgets import (
    QButtonGroup,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QSplitter,
    QStackedWidget,
    QVBoxLayout,
    QWidget,
)

from ..models.chart_data import ChartData
from ..models.perp_markets import PerpMarketsModel
from ..models.session import Session
from ..models.tables import MarketsModel, RowObjectRole
from .order_form import OrderForm
from .partials.remember import remember_splitter
from .partials.scrolling import ScrollingPanel
from .partials.tables import table_view
from .perp_order_form import PerpOrderForm
from .positions_panel import PositionsPanel

QWIDGETSIZE_MAX = (1 << 24) - 1
NARROW_CENTER = 640  # px left of the order form: below this the market list moves under the chart


class SpotView(QWidget):
    def __init__(self, session: Session, chart_data: ChartData, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.session = session
        self.chart_data = chart_data
        self.markets_model = MarketsModel(session, self)
        self.markets = table_view(self.markets_model, "Markets", self)
        self.perp_markets_model = PerpMarketsModel(session, self)
        self.perp_markets = table_view(self.perp_markets_model, "Futures markets", self)
        self.form = OrderForm(session, self)
        self.perp_form = PerpOrderForm(session, self)
        self.panel = PositionsPanel(session, self)
        self.activity = self.panel.tabs  # the tabs under the chart (the market list joins them when narrow)
        self.orders, self.fills = self.panel.orders, self.panel.fills
        self.orders_model, self.fills_model = self.panel.orders_model, self.panel.fills_model
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

        self.forms = QStackedWidget()
        self.forms.addWidget(self.form)
        self.forms.addWidget(self.perp_form)
        self.form_panel = ScrollingPanel(self.forms)
        self.splitter = QSplitter(Qt.Orientation.Horizontal)
        self.splitter.setObjectName("spotSplitter")
        self.splitter.addWidget(self.top)
        self.splitter.addWidget(self.form_panel)
        self.splitter.setStretchFactor(0, 1)  # spare width goes to the chart
        self.splitter.setStretchFactor(1, 0)
        self.splitter.setSizes([700, 280])
        self.splitter.setChildrenCollapsible(False)
        self.trading = QSplitter(Qt.Orientation.Vertical)  # the chart and the form over the positions panel
        self.trading.setObjectName("spotPanelSplitter")
        self.trading.addWidget(self.splitter)
        self.trading.addWidget(self.panel)
        self.trading.setStretchFactor(0, 3)
        self.trading.setStretchFactor(1, 2)
        self.trading.setSizes([380, 220])
        self.trading.setChildrenCollapsible(False)
        self.markets.setMinimumWidth(200)
        self.perp_markets.setMinimumWidth(200)
        layout = QHBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.trading)
        for splitter in (self.splitter, self.trading):
            remember_splitter(splitter)

        self.markets.selectionModel().currentRowChanged.connect(self._market_chosen)
        self.form.orderPlaced.connect(self._order_placed)
        self.perp_markets.selectionModel().currentRowChanged.connect(self._perp_market_chosen)
        self.perp_form.orderPlaced.connect(self._order_placed)
        self.futures_filter.toggled.connect(self.show_futures)
        for model in (self.markets_model, self.perp_markets_model):  # a wider price or new markets
            model.widened.connect(self._request_fit)
            model.modelReset.connect(self._request_fit)
        self.markets.selectRow(0)
        if self.perp_markets_model.rowCount():
            self.perp_markets.selectRow(0)
        else:
            self.futures_filter.setEnabled(False)
            self.futures_filter.setToolTip("The parameters in use have no perp markets")

    def _order_placed(self, order_id: str) -> None:
        """A resting order shows in Open orders; a perp fill shows in Positions."""
        if self.session.state.order(order_id) is not None:
            self.panel.show_tab(self.panel.orders)
        elif self.futures:
            self.panel.show_tab(self.panel.positions)

    def resizeEvent(self, event) -> None:
        super().resizeEvent(event)
        self._place_market_list()

    def _place_market_list(self) -> None:
        """Beside the chart when the middle is wide enough for both; else the panel's last tab, so the
        chart keeps a readable width on a 1024 px screen and the positions stay in front."""
        if self.price_chart is None:
            return
        beside = self.top.indexOf(self.market_list) >= 0
        wide = self.width() - self.form_panel.width() >= NARROW_CENTER
        if wide and not beside:
            self.activity.removeTab(self.activity.indexOf(self.market_list))
            self.top.insertWidget(0, self.market_list)
            self.top.setStretchFactor(0, 0)
            self.top.setStretchFactor(1, 1)
            self.market_list.layout().itemAt(0).widget().show()
            self.market_list.show()
            self.fit_market_list()
        elif not wide and beside:
            self.activity.addTab(self.market_list, "Markets")
            self.market_list.layout().itemAt(0).widget().hide()  # the tab names it
            self.fit_market_list()

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
        self.top.setSizes([300, 600])
        remember_splitter(self.top)
        self._place_market_list()
        self.fit_market_list()  # after a remembered width, which an older version may have left too narrow
        for form in (self.form, self.perp_form):
            form.previewChanged.connect(lambda *lines, f=form: self._lines_of(f, *lines))
        self.price_chart.set_market(self.current_form.market)
        self.price_chart.show_order_lines(*self.current_form.order_lines)

    def market_list_width(self) -> int:
        """The width that shows every column of both market tables whole: each column's header or its
        widest row, whichever is wider, plus the frame and (when the rows overflow) the scroll bar."""
        widest = 0
        for table in (self.markets, self.perp_markets):
            header = table.horizontalHeader()
            columns = sum(max(header.sectionSizeHint(i), table.sizeHintForColumn(i)) + 2 for i in range(header.count()))
            rows = table.verticalHeader().length() + header.height()
            scroll = table.verticalScrollBar().sizeHint().width() if rows > table.height() else 0
            widest = max(widest, columns + scroll + 2 * table.frameWidth())
        return widest

    def _request_fit(self, *_args) -> None:
        QTimer.singleShot(0, self, self.fit_market_list)  # once the tables fitted their columns

    def fit_market_list(self) -> None:
        """Beside the chart, the market list never narrower than its columns (they were cut at 1600 px:
        a fixed 300 px, or a width remembered from before); the chart takes the rest. As the panel's
        tab, no wider than them either: a market's mark 230 px from its name is hard to read across."""
        if self.price_chart is None:
            return
        wanted = self.market_list_width()
        beside = self.top.indexOf(self.market_list) >= 0
        for table in (self.markets, self.perp_markets):
            table.setMinimumWidth(wanted)
            table.setMaximumWidth(QWIDGETSIZE_MAX if beside else wanted + 60)  # a little room to breathe
        if not beside:
            return
        sizes = self.top.sizes()
        if sizes[0] < wanted:
            self.top.setSizes([wanted, max(1, sum(sizes) - wanted)])

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
