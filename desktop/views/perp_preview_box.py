"""Under the Futures order form, updated as the trader types: the position now and after the order,
the order's value and fee, available equity, the margin fraction and IMR after, the estimated
liquidation price after, and the market's funding rate (MARGIN_MODEL.md §10)."""

from __future__ import annotations

from decimal import Decimal

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QFrame, QGridLayout, QLabel

from ..engine import PerpMarket
from ..engine.valuation import AccountValuation
from ..engine.vocabulary import SETTLEMENT_ASSET
from ..models.perp_preview import PerpPreview
from ..text.formatting import DASH, AssetFormats, percent, usd
from ..text.perp_words import funding_text, position_text
from ..text.tips import tip
from . import help_texts
from .partials.figures import RIGHT, on_its_own_ground, set_figure, show_value

# The figures that decide an order first: on a 700 px screen the last rows may need a scroll.
DETAILS = (
    ("position", "Position", "The position in this market now: + long, − short"),
    ("position_after", "Position after", "The position once this order has filled"),
    (
        "liquidation",
        "Est. liquidation price after",
        "Where the account would be liquidated after this order (its base's price), the other prices unchanged",
    ),
    ("margin_fraction", "Margin fraction after", help_texts.MARGIN_FRACTION),
    ("imr", "IMR after", help_texts.IMR),
    ("fee", "Fee", "The trading fee at the fill: taker for a market order, maker for a resting limit"),
    ("value", "Order value", "Quantity × price, in USDC"),
    ("equity", "Available equity", help_texts.AVAILABLE),
    ("funding", "Funding rate", "Paid on the position's notional at each interval: longs pay a positive rate"),
)
AFTER = ("position_after", "value", "fee", "margin_fraction", "imr", "liquidation")  # dashes without an order


class PerpPreviewBox(QFrame):
    def __init__(self, parent=None) -> None:
        super().__init__(parent)
        self.setObjectName("marginDetails")
        grid = QGridLayout(self)
        grid.setContentsMargins(0, 4, 0, 0)
        self.details: dict[str, QLabel] = {}
        for row, (key, caption, explanation) in enumerate(DETAILS):
            label = QLabel(caption)
            label.setToolTip(tip(explanation))
            value = QLabel(DASH)
            value.setObjectName(f"perp_{key}")
            value.setAccessibleName(caption)
            value.setAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
            on_its_own_ground(value)
            grid.addWidget(label, row, 0)
            grid.addWidget(value, row, 1, RIGHT)
            self.details[key] = value

    def show_market(self, market: PerpMarket) -> None:
        set_figure(self.details["funding"], funding_text(market))

    def show_now(self, market: PerpMarket, held: Decimal, valuation: AccountValuation) -> None:
        """The position and the available equity, each written again only when it moved."""
        show_value(self.details["position"], (market, held), lambda now: position_text(*now))
        show_value(self.details["equity"], valuation.net_equity_available, lambda equity: f"{usd(equity)} USD")

    def show_after(self, market: PerpMarket, shown: PerpPreview | None, formats: AssetFormats) -> None:
        """The order's figures, or dashes when there is no order to show (or it is refused)."""
        figures = {}
        if shown is not None and shown.accepted:
            after, liquidation = shown.after, shown.liquidation_after
            # "maker" alone: a longer word widened the form as the trader typed, squeezing the chart;
            # the row's tooltip says a resting limit pays it at the fill.
            kind = "taker" if shown.fills_now else "maker"
            figures = {
                "position_after": position_text(market, shown.position_after),
                "value": f"{formats.quantity(SETTLEMENT_ASSET, shown.notional)} USDC",
                "fee": f"{formats.quantity(SETTLEMENT_ASSET, shown.fee)} USDC ({kind})",
                "margin_fraction": percent(after.margin_fraction) if after is not None else DASH,
                "imr": percent(after.imr) if after is not None else DASH,
                "liquidation": "none" if liquidation is None else f"{formats.price(market.symbol, liquidation)} USD",
            }
        for key in AFTER:
            set_figure(self.details[key], figures.get(key, DASH))
