"""Backpack's public endpoints (reference/backpack-api.md §2) as typed rows; no key needed.

Only the fields the app uses are required; the rest of each answer is ignored, so new fields and
new enum values (reference §8.7) never break a read. Function types and haircut kinds are kept as
the text Backpack sent, and the snapshot decides what to do with one it does not know.
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal

from .fields import Row, rows
from .http import Params, Transport, endpoint_label

MARKETS = "/api/v1/markets"
COLLATERAL = "/api/v1/collateral"
BORROW_LEND_MARKETS = "/api/v1/borrowLend/markets"
MARK_PRICES = "/api/v1/markPrices"
STATUS = "/api/v1/status"

SPOT, PERP = "SPOT", "PERP"
READ_MARKET_TYPES = (SPOT, PERP)  # IPERP, DATED, PREDICTION, RFQ and anything newer are skipped


@dataclass(frozen=True, slots=True)
class MarginFunction:
    """``imfFunction``/``mmfFunction``: ``{type: "sqrt", base, factor}``; other types keep only their name."""

    type: str
    base: Decimal | None = None
    factor: Decimal | None = None


@dataclass(frozen=True, slots=True)
class HaircutFunction:
    """``haircutFunction``: a weight and a kind (``identity``, or ``inverseSqrt`` with its two numbers)."""

    weight: Decimal
    kind: str
    base: Decimal | None = None
    positive_curve_penalty: Decimal | None = None


@dataclass(frozen=True, slots=True)
class CollateralSummary:
    symbol: str
    imf_function: MarginFunction
    mmf_function: MarginFunction
    haircut_function: HaircutFunction


@dataclass(frozen=True, slots=True)
class Market:
    symbol: str
    base_symbol: str
    quote_symbol: str
    market_type: str
    tick_size: Decimal
    step_size: Decimal
    min_quantity: Decimal
    order_book_state: str
    visible: bool = True
    imf_function: MarginFunction | None = None  # perps only
    mmf_function: MarginFunction | None = None
    funding_interval: int | None = None  # milliseconds, perps only


@dataclass(frozen=True, slots=True)
class BorrowLendMarket:
    symbol: str
    state: str
    asset_mark_price: Decimal
    borrow_interest_rate: Decimal
    borrowed_quantity: Decimal
    lent_quantity: Decimal
    fee: Decimal
    max_utilization: Decimal
    optimal_utilization: Decimal
    throttle_utilization_threshold: Decimal
    throttle_utilization_bound: Decimal
    step_size: Decimal
    lend_interest_rate: Decimal | None = None
    utilization: Decimal | None = None
    timestamp: str | None = None


@dataclass(frozen=True, slots=True)
class MarkPrice:
    symbol: str
    mark_price: Decimal
    funding_rate: Decimal | None = None  # perps only: the rate of the current interval
    index_price: Decimal | None = None
    next_funding_timestamp: int | None = None  # milliseconds


@dataclass(frozen=True, slots=True)
class ExchangeStatus:
    status: str  # "Ok" or "Maintenance"
    message: str | None = None

    @property
    def ok(self) -> bool:
        return self.status == "Ok"


def margin_function(row: Row) -> MarginFunction:
    kind = row.text("type")
    if kind != "sqrt":
        return MarginFunction(type=kind)
    return MarginFunction(type=kind, base=row.decimal("base"), factor=row.decimal("factor"))


def haircut_function(row: Row) -> HaircutFunction:
    kind_row = row.row("kind")
    kind = kind_row.text("type")
    if kind == "inverseSqrt":
        return HaircutFunction(
            weight=row.decimal("weight"),
            kind=kind,
            base=kind_row.decimal("base"),
            positive_curve_penalty=kind_row.decimal("positiveCurvePenalty"),
        )
    return HaircutFunction(weight=row.decimal("weight"), kind=kind)


def collateral_summary(row: Row) -> CollateralSummary:
    return CollateralSummary(
        symbol=row.symbol("symbol"),
        imf_function=margin_function(row.row("imfFunction")),
        mmf_function=margin_function(row.row("mmfFunction")),
        haircut_function=haircut_function(row.row("haircutFunction")),
    )


def market(row: Row) -> Market:
    market_type = row.text("marketType")
    filters = row.row("filters")
    price, quantity = filters.row("price"), filters.row("quantity")
    perp = market_type == PERP
    return Market(
        symbol=row.symbol("symbol"),
        base_symbol=row.symbol("baseSymbol"),
        quote_symbol=row.symbol("quoteSymbol"),
        market_type=market_type,
        tick_size=price.decimal("tickSize"),
        step_size=quantity.decimal("stepSize"),
        min_quantity=quantity.decimal("minQuantity"),
        order_book_state=row.text("orderBookState"),
        visible=row.optional_bool("visible") is not False,
        # Optional in the schema: a perp without them is skipped by the snapshot, not a failed read.
        imf_function=margin_function(row.row("imfFunction")) if perp and row.has("imfFunction") else None,
        mmf_function=margin_function(row.row("mmfFunction")) if perp and row.has("mmfFunction") else None,
        funding_interval=row.optional_integer("fundingInterval") if perp else None,
    )


def borrow_lend_market(row: Row) -> BorrowLendMarket:
    return BorrowLendMarket(
        symbol=row.symbol("symbol"),
        state=row.text("state"),
        asset_mark_price=row.price("assetMarkPrice"),
        borrow_interest_rate=row.decimal("borrowInterestRate"),
        borrowed_quantity=row.quantity("borrowedQuantity"),
        lent_quantity=row.quantity("lentQuantity"),
        fee=row.decimal("fee"),
        max_utilization=row.decimal("maxUtilization"),
        optimal_utilization=row.decimal("optimalUtilization"),
        throttle_utilization_threshold=row.decimal("throttleUtilizationThreshold"),
        throttle_utilization_bound=row.decimal("throttleUtilizationBound"),
        step_size=row.decimal("stepSize"),
        lend_interest_rate=row.optional_decimal("lendInterestRate"),
        utilization=row.optional_decimal("utilization"),
        timestamp=row.optional_text("timestamp"),
    )


def mark_price(row: Row) -> MarkPrice:
    return MarkPrice(
        symbol=row.symbol("symbol"),
        mark_price=row.price("markPrice"),
        funding_rate=row.optional_decimal("fundingRate"),
        index_price=row.optional_price("indexPrice"),
        next_funding_timestamp=row.optional_integer("nextFundingTimestamp"),
    )


class PublicClient:
    """The unsigned endpoints over one Transport (which it closes when used as a context manager)."""

    def __init__(self, transport: Transport) -> None:
        self.transport = transport

    def __enter__(self) -> PublicClient:
        return self

    def __exit__(self, *exc_info: object) -> None:
        self.transport.close()

    def _rows(self, path: str, params: Params | None = None) -> list[Row]:
        return rows(self.transport.get_json(path, params), endpoint_label("GET", path, params))

    def markets(self) -> list[Market]:
        """SPOT and PERP markets (the endpoint's default); rows of other types are skipped unread."""
        found = []
        for row in self._rows(MARKETS):
            if row.value.get("marketType") in READ_MARKET_TYPES:
                found.append(market(row))
        return found

    def collateral(self) -> list[CollateralSummary]:
        return [collateral_summary(row) for row in self._rows(COLLATERAL)]

    def borrow_lend_markets(self) -> list[BorrowLendMarket]:
        return [borrow_lend_market(row) for row in self._rows(BORROW_LEND_MARKETS)]

    def mark_prices(self, market_type: str | None = None) -> list[MarkPrice]:
        """Perp marks and funding by default; ``market_type="SPOT"`` for spot marks."""
        params = {"marketType": market_type} if market_type else None
        return [mark_price(row) for row in self._rows(MARK_PRICES, params)]

    def status(self) -> ExchangeStatus:
        row = Row(self.transport.get_json(STATUS), f"GET {STATUS}", "")
        return ExchangeStatus(status=row.text("status"), message=row.note("message"))
