"""Perpetual futures in the snapshot (MARGIN_MODEL.md §10): ``PERP`` rows of ``markets``, perp-only
underlyings and the futures fees.

A perp row carries, as Backpack's ``/api/v1/markets`` does, its ``imfFunction`` and ``mmfFunction``
(``sqrt``), its price and quantity filters, ``fundingInterval`` (ms, a whole number of hours,
default one hour), ``fundingRate`` (signed, per interval, default 0) and ``orderBookState``. Its base
need not be a collateral asset: a perp-only underlying such as DOGE needs only a mark price.
"""

from __future__ import annotations

from collections.abc import Mapping
from datetime import datetime
from decimal import Decimal

from .errors import InputError, ParameterError
from .numbers import parse_decimal, parse_non_negative, parse_positive
from .parameters import MarginFunction, ModelAssumptions, _margin_function, _number, _require
from .records import dataclass, replace
from .vocabulary import SETTLEMENT_ASSET, MarketType, OrderBookState

TYPE_CHECKING = False  # typing costs start-up time; Any is for the type checker
if TYPE_CHECKING:
    from typing import Any

MILLISECONDS_PER_HOUR = 3_600_000
DEFAULT_FUNDING_INTERVAL = MILLISECONDS_PER_HOUR


@dataclass(frozen=True, slots=True)
class PerpMarket:
    """One perpetual future, ``BASE_USDC_PERP``: its mark is its base's mark (§10 [assumed])."""

    symbol: str
    base: str
    quote: str
    tick_size: Decimal
    step_size: Decimal
    min_quantity: Decimal
    imf: MarginFunction
    mmf: MarginFunction
    funding_interval_ms: int
    funding_rate: Decimal
    order_book_state: str

    @property
    def is_open(self) -> bool:
        return self.order_book_state == OrderBookState.OPEN

    def is_funding_time(self, moment: datetime) -> bool:
        """A whole multiple of ``fundingInterval`` since the Unix epoch (moment at a whole second)."""
        milliseconds = int(moment.timestamp()) * 1000
        return moment.microsecond == 0 and milliseconds % self.funding_interval_ms == 0


def _where(entry: Any, index: int) -> str:
    symbol = entry.get("symbol") if isinstance(entry, dict) else None
    if not isinstance(symbol, str):
        raise ParameterError(f"markets[{index}].symbol", "missing")
    return f"markets[{symbol}]"


def load_perp_market(
    entry: dict, index: int, marks_raw: Mapping[str, Any], assets: Mapping[str, Any]
) -> tuple[PerpMarket, Decimal | None]:
    """A validated perp row, and its base's mark when the base is perp-only (else None)."""
    where = _where(entry, index)
    symbol = entry["symbol"]
    base = _require(entry, "baseSymbol", where)
    if not isinstance(base, str):
        raise ParameterError(f"{where}.baseSymbol", "expected a symbol")
    quote = entry.get("quoteSymbol", SETTLEMENT_ASSET)
    if quote != SETTLEMENT_ASSET:
        raise ParameterError(f"{where}.quoteSymbol", f"a perp settles in {SETTLEMENT_ASSET}, got {quote!r}")
    if SETTLEMENT_ASSET not in assets:
        raise ParameterError(f"{where}.quoteSymbol", f"{SETTLEMENT_ASSET} must be a collateral asset to settle perps")
    base_mark = None
    if base not in assets:
        if base not in marks_raw or marks_raw[base] is None:
            raise ParameterError(f"markPrices.{base}", f"missing (the mark of {symbol}'s base)")
        base_mark = _number(marks_raw, base, "markPrices", parse_positive)
    filters = _require(entry, "filters", where)
    price = _require(filters, "price", f"{where}.filters")
    quantity = _require(filters, "quantity", f"{where}.filters")
    step = _number(quantity, "stepSize", f"{where}.filters.quantity", parse_positive)
    minimum = step
    if isinstance(quantity, dict) and quantity.get("minQuantity") is not None:
        minimum = _number(quantity, "minQuantity", f"{where}.filters.quantity", parse_positive)
    interval = DEFAULT_FUNDING_INTERVAL
    if entry.get("fundingInterval") is not None:
        number = _number(entry, "fundingInterval", where, parse_positive)
        if number != number.to_integral_value() or number % MILLISECONDS_PER_HOUR:
            raise ParameterError(
                f"{where}.fundingInterval", f"must be a whole number of hours in milliseconds, got {number}"
            )
        interval = int(number)
    rate = Decimal(0)
    if entry.get("fundingRate") is not None:
        rate = _number(entry, "fundingRate", where, parse_decimal)
        if abs(rate) >= 1:
            raise ParameterError(f"{where}.fundingRate", f"must lie strictly between -1 and 1, got {rate}")
    state = entry.get("orderBookState", OrderBookState.OPEN)
    if state not in tuple(OrderBookState):
        raise ParameterError(f"{where}.orderBookState", f"must be one of {', '.join(OrderBookState)}, got {state!r}")
    market = PerpMarket(
        symbol=symbol,
        base=base,
        quote=quote,
        tick_size=_number(price, "tickSize", f"{where}.filters.price", parse_positive),
        step_size=step,
        min_quantity=minimum,
        imf=_margin_function(entry, "imfFunction", where),
        mmf=_margin_function(entry, "mmfFunction", where),
        funding_interval_ms=interval,
        funding_rate=rate,
        order_book_state=OrderBookState(state),
    )
    return market, base_mark


def is_perp_row(entry: Any) -> bool:
    return isinstance(entry, dict) and entry.get("marketType") == MarketType.PERP


def futures_fee(raw: Mapping[str, Any], key: str, default: Decimal) -> Decimal:
    """``futuresMakerFee`` / ``futuresTakerFee`` at the snapshot's top level: a fraction below 1."""
    if raw.get(key) is None:
        return default
    try:
        fee = parse_non_negative(raw[key], key)
    except InputError as error:
        raise ParameterError(error.field, error.problem) from None
    if fee >= 1:
        raise ParameterError(key, f"must be a fraction below 1, got {fee}")
    return fee


def with_futures_fees(assumptions: ModelAssumptions, raw: Mapping[str, Any]) -> ModelAssumptions:
    return replace(
        assumptions,
        futures_maker_fee=futures_fee(raw, "futuresMakerFee", assumptions.futures_maker_fee),
        futures_taker_fee=futures_fee(raw, "futuresTakerFee", assumptions.futures_taker_fee),
    )


def load_markets(
    rows: Any, marks_raw: Mapping[str, Any], assets: Mapping[str, Any], marks: dict[str, Decimal], load_spot
) -> tuple[dict[str, Any], dict[str, PerpMarket]]:
    """The spot and perp rows of ``markets``; a perp-only base's mark joins ``marks``."""
    if not isinstance(rows, list):
        raise ParameterError("markets", "expected a list")
    markets: dict[str, Any] = {}
    perps: dict[str, PerpMarket] = {}
    for index, entry in enumerate(rows):
        if is_perp_row(entry):
            market, base_mark = load_perp_market(entry, index, marks_raw, assets)
            perps[market.symbol] = market
            if base_mark is not None:
                marks[market.base] = base_mark
        elif not isinstance(entry, dict) or entry.get("marketType", MarketType.SPOT) == MarketType.SPOT:
            spot = load_spot(entry, index, assets)
            markets[spot.symbol] = spot
        # other market types (IPERP, …) are out of scope
    return markets, perps
