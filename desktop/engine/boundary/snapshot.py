"""A parameter snapshot from outside (MARGIN_MODEL.md §1): its shape before it is read, and the range
of every parameter after.

``check_shape`` runs first, on the parsed JSON: each section is the list or object it must be and
every symbol is a short ASCII string, so the reader in ``parameters`` never meets ``collateral: 5``
or a list where a symbol belongs. ``check_ranges`` runs last, on the loaded ``MarginParameters``:
each number within its meaning (a fee or spread well below 1, rates no steeper than 1,000 % a year,
steps on the 12-place grid, prices and pool totals within the amount bounds), so no later figure
divides by zero, fills at a price ≤ 0 or sells a negative quantity.
"""

from __future__ import annotations

from decimal import Decimal

from ..errors import ParameterError
from ..numbers import plain
from .bounds import MAX_AMOUNT, MAX_PRICE, MAX_RATE, MAX_STEP, MIN_PRICE, MIN_STEP, STEP_PLACES
from .fields import is_symbol
from .text import describe

TYPE_CHECKING = False  # typing costs start-up time; these names are for the type checker
if TYPE_CHECKING:
    from typing import Any

ZERO, ONE = Decimal(0), Decimal(1)
MAX_FUNDING_RATE = Decimal("0.1")  # per interval: a tenth of the notional changing hands at each funding
MAX_FUNDING_INTERVAL_MS = 366 * 24 * 3_600_000

# [assumed] choices a snapshot may override (``assumptions``): JSON key → (attribute, low, high).
ASSUMPTION_RANGES = {
    "takerFee": ("taker_fee", ZERO, Decimal("0.1")),
    "makerFee": ("maker_fee", ZERO, Decimal("0.1")),
    "halfSpread": ("half_spread", ZERO, Decimal("0.1")),
    "liquidationFee": ("liquidation_fee", ZERO, Decimal("0.5")),
    "backstopMmfFraction": ("backstop_mmf_fraction", ZERO, ONE),
    "backstopMmfOffset": ("backstop_mmf_offset", ZERO, ONE),
}


# -- shape -----------------------------------------------------------------------------------------
def _object(value: Any, where: str) -> dict:
    if not isinstance(value, dict):
        raise ParameterError(where, f"expected an object, got {describe(value)}")
    return value


def _rows(snapshot: dict, section: str) -> list:
    rows = snapshot.get(section)
    if rows is None:
        return []  # a missing required section is named by the reader
    if not isinstance(rows, list):
        raise ParameterError(section, f"expected a list, got {describe(rows)}")
    return rows


def _symbol_of(row: Any, where: str, key: str = "symbol") -> None:
    value = _object(row, where).get(key)
    if value is not None and not is_symbol(value):
        raise ParameterError(
            f"{where}.{key}", f"expected a symbol (ASCII letters, digits, '_-.'), got {describe(value)}"
        )


def check_shape(raw: Any) -> None:
    """Sections of the right JSON type and symbols that are short ASCII strings, appearing once."""
    snapshot = _object(raw, "snapshot")
    for section in ("markPrices", "assumptions"):
        if snapshot.get(section) is not None:
            _object(snapshot[section], section)
    for section in ("collateral", "borrowLendMarkets"):
        seen = set()
        for index, row in enumerate(_rows(snapshot, section)):
            where = f"{section}[{index}]"
            _symbol_of(row, where)
            if row.get("symbol") is not None and row["symbol"] in seen:
                raise ParameterError(f"{where}.symbol", f"{describe(row['symbol'])} appears twice in {section}")
            seen.add(row.get("symbol"))
    for index, row in enumerate(_rows(snapshot, "markets")):
        where = f"markets[{index}]"
        kind = _object(row, where).get("marketType", "SPOT")
        if not isinstance(kind, str):
            raise ParameterError(f"{where}.marketType", f"expected a string, got {describe(kind)}")
        for key in ("symbol", "baseSymbol", "quoteSymbol"):
            _symbol_of(row, where, key)
        filters = row.get("filters")
        if filters is not None:
            for key in ("price", "quantity"):
                if _object(filters, f"{where}.filters").get(key) is not None:
                    _object(filters[key], f"{where}.filters.{key}")


# -- ranges ----------------------------------------------------------------------------------------
def _within(value: Decimal, where: str, low: Decimal, high: Decimal, low_open: bool = False) -> None:
    if value < low or value > high or (low_open and value == low):
        opening = "above" if low_open else "from"
        raise ParameterError(where, f"must lie {opening} {plain(low)} to {plain(high)}, got {plain(value)}")


def _step(value: Decimal, where: str) -> None:
    _within(value, where, MIN_STEP, MAX_STEP)
    exponent = value.normalize().as_tuple().exponent
    if isinstance(exponent, int) and exponent < -STEP_PLACES:
        raise ParameterError(where, f"must have at most {STEP_PLACES} decimal places, got {plain(value)}")


def _imf_and_mmf(rules, where: str) -> None:
    """An asset's or a perp's margin functions: fractions, the maintenance one never above the initial."""
    for key, function in (("imfFunction", rules.imf), ("mmfFunction", rules.mmf)):
        _within(function.base, f"{where}.{key}.base", ZERO, ONE)
        _within(function.factor, f"{where}.{key}.factor", ZERO, ONE)
    for part in ("base", "factor"):
        if getattr(rules.mmf, part) > getattr(rules.imf, part):
            raise ParameterError(f"{where}.mmfFunction.{part}", f"must not exceed imfFunction.{part}")


def _margin_functions(rules, where: str) -> None:
    _imf_and_mmf(rules, where)
    haircut = rules.haircut
    if not haircut.is_identity:
        _within(haircut.curve_base, f"{where}.haircutFunction.kind.base", ZERO, Decimal(10), low_open=True)
        _within(haircut.positive_curve_penalty, f"{where}.haircutFunction.kind.positiveCurvePenalty", ZERO, ONE)


def _lending(lending, pool, where: str) -> None:
    _step(lending.step_size, f"{where}.stepSize")
    model = lending.rate_model
    rates = (("baseRate", model.base_rate), ("rateAtOptimal", model.rate_at_optimal), ("maxRate", model.max_rate))
    for key, rate in rates:
        _within(rate, f"{where}.rateModel.{key}", ZERO, MAX_RATE)
    if not model.base_rate <= model.rate_at_optimal <= model.max_rate:
        raise ParameterError(f"{where}.rateModel", "rates must not fall: baseRate ≤ rateAtOptimal ≤ maxRate")
    _within(pool.lent_quantity, f"{where}.lentQuantity", ZERO, MAX_AMOUNT)
    _within(pool.borrowed_quantity, f"{where}.borrowedQuantity", ZERO, MAX_AMOUNT)
    if pool.borrowed_quantity > pool.lent_quantity:
        raise ParameterError(f"{where}.borrowedQuantity", "a pool cannot lend out more than is lent to it")


def check_ranges(parameters) -> None:
    """Every number of a loaded snapshot within its meaning, or a ParameterError naming its key."""
    for key, (attribute, low, high) in ASSUMPTION_RANGES.items():
        _within(getattr(parameters.assumptions, attribute), f"assumptions.{key}", low, high)
    for symbol, rules in parameters.assets.items():
        _within(parameters.marks[symbol], f"markPrices.{symbol}", MIN_PRICE, MAX_PRICE)
        _margin_functions(rules, f"collateral[{symbol}]")
        _lending(rules.lending, parameters.pools[symbol], f"borrowLendMarkets[{symbol}]")
    for symbol, market in parameters.markets.items():
        _filters(market, f"markets[{symbol}].filters")
    _perps(parameters)


def _filters(market, where: str) -> None:
    _step(market.tick_size, f"{where}.price.tickSize")
    _step(market.step_size, f"{where}.quantity.stepSize")
    _within(market.min_quantity, f"{where}.quantity.minQuantity", MIN_STEP, MAX_AMOUNT)


def _perps(parameters) -> None:
    """Perpetual futures (§10): fees, filters, margin functions, funding and perp-only marks."""
    assumptions = parameters.assumptions
    for key, attribute in (("futuresMakerFee", "futures_maker_fee"), ("futuresTakerFee", "futures_taker_fee")):
        if hasattr(assumptions, attribute):
            _within(getattr(assumptions, attribute), key, ZERO, Decimal("0.1"))
    for symbol, perp in getattr(parameters, "perps", {}).items():
        where = f"markets[{symbol}]"
        _filters(perp, f"{where}.filters")
        _imf_and_mmf(perp, where)
        _within(abs(perp.funding_rate), f"{where}.fundingRate", ZERO, MAX_FUNDING_RATE)
        if perp.funding_interval_ms > MAX_FUNDING_INTERVAL_MS:
            raise ParameterError(f"{where}.fundingInterval", "must be at most a year (in milliseconds)")
        _within(parameters.marks[perp.base], f"markPrices.{perp.base}", MIN_PRICE, MAX_PRICE)
