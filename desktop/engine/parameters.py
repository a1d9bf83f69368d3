"""The parameter snapshot (MARGIN_MODEL.md §1): collateral rules, lending pools, spot markets, marks.

Loaded from Backpack's public API shapes (``/api/v1/collateral``, ``/api/v1/borrowLend/markets``,
``/api/v1/markets``) plus a plain map of mark prices. Every [assumed] choice of the model is a field
of ``ModelAssumptions`` so it can be changed in one place (or per snapshot, key ``assumptions``).
"""

from __future__ import annotations

from collections.abc import Mapping
from datetime import datetime
from decimal import Decimal
from functools import cached_property

from .boundary.snapshot import check_ranges, check_shape
from .boundary.text import printable
from .boundary.times import iso_time
from .errors import ParameterError
from .numbers import ENGINE_CONTEXT, ONE, ZERO, parse_decimal, parse_non_negative, parse_positive, surely_below
from .records import dataclass, field
from .vocabulary import PoolState

TYPE_CHECKING = False  # typing costs start-up time; Any is for the type checker
if TYPE_CHECKING:
    from typing import Any
if TYPE_CHECKING:
    from .perp_parameters import PerpMarket

POOL_STATES = tuple(PoolState)
# Below this gap between curve base and weight the curve meets the weight too closely to skip its root.
_ROOM_WORTH_A_SHORTCUT = Decimal("0.000001")


@dataclass(frozen=True, slots=True)
class MarginFunction:
    """``max(base, factor·√notional)``: the size-scaled IMF or MMF of a borrow in one asset."""

    base: Decimal
    factor: Decimal


@dataclass(frozen=True, slots=True)
class Haircut:
    """Collateral weight: ``identity`` (the plain weight) or ``inverseSqrt`` (shrinks with size)."""

    weight: Decimal
    kind: str
    curve_base: Decimal = ZERO
    positive_curve_penalty: Decimal = ZERO

    @property
    def is_identity(self) -> bool:
        return self.kind == "identity"

    def weight_at(self, notional: Decimal) -> Decimal:
        """The weight applied to the whole balance of this notional (USD)."""
        if self.is_identity or not self.weight:
            return self.weight
        # The curve base/(1 + k·√V) is above the weight while k·√V < base/weight − 1: no root needed.
        room = self.curve_base / self.weight - ONE
        if room > _ROOM_WORTH_A_SHORTCUT and surely_below(self.positive_curve_penalty, notional, room):
            return self.weight
        curve = self.curve_base / (ONE + self.positive_curve_penalty * notional.sqrt())
        return curve if curve < self.weight else self.weight

    def collateral_value(self, notional: Decimal) -> Decimal:
        return notional * self.weight_at(notional)

    def notional_for_collateral_value(self, value: Decimal) -> Decimal:
        """Inverse of ``collateral_value`` (which is strictly increasing when weight > 0).

        On the curve, ``value = base·s²/(1 + k·s)`` with ``s = √notional``: a quadratic in s.
        """
        if value <= 0:
            return ZERO
        if self.is_identity:
            return value / self.weight
        k, base = self.positive_curve_penalty, self.curve_base
        s = (value * k + (value * value * k * k + 4 * base * value).sqrt()) / (2 * base)
        on_curve = s * s
        plain_weight = value / self.weight
        # C is the min of two increasing functions, so its inverse is the max of their inverses.
        return plain_weight if plain_weight > on_curve else on_curve


@dataclass(frozen=True, slots=True)
class RateModel:
    """The kinked borrow-rate curve (§6) [assumed]: annual rates as fractions."""

    base_rate: Decimal
    rate_at_optimal: Decimal
    max_rate: Decimal


@dataclass(frozen=True, slots=True)
class LendingRules:
    """A borrow/lend pool's fixed rules (``/api/v1/borrowLend/markets``); the totals move elsewhere."""

    state: str
    step_size: Decimal
    fee: Decimal
    max_utilization: Decimal
    optimal_utilization: Decimal
    throttle_threshold: Decimal | None
    throttle_bound: Decimal
    rate_model: RateModel

    @property
    def usable_utilization(self) -> Decimal:
        """``Umax = min(maxUtilization, throttleUtilizationBound)`` (§4)."""
        return min(self.max_utilization, self.throttle_bound)


@dataclass(frozen=True, slots=True)
class Pool:
    """A lending pool's totals: everything lent to it and borrowed from it, this account included."""

    lent_quantity: Decimal
    borrowed_quantity: Decimal


@dataclass(frozen=True, slots=True)
class AssetRules:
    symbol: str
    imf: MarginFunction
    mmf: MarginFunction
    haircut: Haircut
    lending: LendingRules


@dataclass(frozen=True, slots=True)
class SpotMarket:
    symbol: str
    base: str
    quote: str
    tick_size: Decimal
    step_size: Decimal
    min_quantity: Decimal


@dataclass(frozen=True, slots=True)
class ModelAssumptions:
    """Choices MARGIN_MODEL.md marks [assumed]; a snapshot may override any of them."""

    taker_fee: Decimal = Decimal("0.001")
    maker_fee: Decimal = Decimal("0.0008")
    half_spread: Decimal = Decimal("0.0005")
    liquidation_fee: Decimal = Decimal("0.01")
    backstop_mmf_fraction: Decimal = Decimal("0.5")  # backstop below max(mmf·0.5, mmf − 0.06)
    backstop_mmf_offset: Decimal = Decimal("0.06")
    liquidation_price_search_factor: Decimal = Decimal("1000")
    liquidation_price_relative_precision: Decimal = Decimal("1e-12")
    # §10: the snapshot's top-level futuresMakerFee / futuresTakerFee [assumed defaults]
    futures_maker_fee: Decimal = Decimal("0.0002")
    futures_taker_fee: Decimal = Decimal("0.0005")

    _KEYS = {
        "takerFee": "taker_fee",
        "makerFee": "maker_fee",
        "halfSpread": "half_spread",
        "liquidationFee": "liquidation_fee",
        "backstopMmfFraction": "backstop_mmf_fraction",
        "backstopMmfOffset": "backstop_mmf_offset",
    }


@dataclass(frozen=True)
class MarginParameters:
    """One loaded snapshot. ``marks`` and ``pools`` are its starting values; simulations move copies."""

    snapshot_time: datetime
    source: str
    assets: Mapping[str, AssetRules]
    marks: Mapping[str, Decimal]
    pools: Mapping[str, Pool]
    markets: Mapping[str, SpotMarket]
    assumptions: ModelAssumptions = field(default_factory=ModelAssumptions)
    perps: Mapping[str, PerpMarket] = field(default_factory=dict)  # §10, by symbol (BASE_USDC_PERP)

    def rules(self, symbol: str) -> AssetRules:
        return self.assets[symbol]

    @cached_property
    def perps_by_base(self) -> Mapping[str, tuple[str, ...]]:
        """Every perp on each underlying, by symbol: moving a mark moves all of them."""
        by_base: dict[str, list[str]] = {}
        for symbol in sorted(self.perps):
            by_base.setdefault(self.perps[symbol].base, []).append(symbol)
        return {base: tuple(symbols) for base, symbols in by_base.items()}

    @cached_property
    def perp_only_bases(self) -> tuple[str, ...]:
        """Underlyings that are no collateral asset: only a mark and a ``limits`` row (§10 precision 1)."""
        return tuple(sorted({m.base for m in self.perps.values() if m.base not in self.assets}))

    @cached_property
    def underlyings(self) -> tuple[str, ...]:
        """Everything with a mark: the assets, then the perp-only bases."""
        return tuple(self.assets) + self.perp_only_bases


def parse_time(value: Any, field_name: str) -> datetime:
    """ISO 8601 text → an aware UTC datetime within the supported span (``boundary.times``)."""
    return iso_time(value, field_name)


def _require(obj: Any, key: str, where: str) -> Any:
    if not isinstance(obj, dict):
        raise ParameterError(where, "expected an object")
    if key not in obj or obj[key] is None:
        raise ParameterError(f"{where}.{key}", "missing")
    return obj[key]


def _number(obj: Any, key: str, where: str, parse=parse_decimal) -> Decimal:
    try:
        return parse(_require(obj, key, where), f"{where}.{key}")
    except ParameterError:
        raise
    except ValueError as error:  # InputError from the number parsers
        raise ParameterError(getattr(error, "field", f"{where}.{key}"), getattr(error, "problem", str(error))) from None


def _fraction(obj: Any, key: str, where: str) -> Decimal:
    value = _number(obj, key, where, parse_non_negative)
    if value > 1:
        raise ParameterError(f"{where}.{key}", f"must be between 0 and 1, got {value}")
    return value


def _margin_function(entry: Any, key: str, where: str) -> MarginFunction:
    function = _require(entry, key, where)
    place = f"{where}.{key}"
    kind = function.get("type", "sqrt") if isinstance(function, dict) else None
    if kind != "sqrt":
        raise ParameterError(f"{place}.type", f"unknown margin function type {kind!r} (expected 'sqrt')")
    return MarginFunction(
        base=_number(function, "base", place, parse_non_negative),
        factor=_number(function, "factor", place, parse_non_negative),
    )


def _haircut(entry: Any, where: str) -> Haircut:
    function = _require(entry, "haircutFunction", where)
    place = f"{where}.haircutFunction"
    weight = _fraction(function, "weight", place)
    kind = _require(function, "kind", place)
    kind_type = _require(kind, "type", f"{place}.kind")
    if kind_type == "identity":
        return Haircut(weight=weight, kind="identity")
    if kind_type == "inverseSqrt":
        base = _number(kind, "base", f"{place}.kind", parse_positive)
        penalty = _number(kind, "positiveCurvePenalty", f"{place}.kind", parse_non_negative)
        return Haircut(weight=weight, kind="inverseSqrt", curve_base=base, positive_curve_penalty=penalty)
    raise ParameterError(f"{place}.kind.type", f"unknown haircut kind {kind_type!r}")


def _lending(row: Any, where: str) -> tuple[LendingRules, Pool]:
    state = row.get("state", PoolState.OPEN) if isinstance(row, dict) else PoolState.OPEN
    if state not in POOL_STATES:
        raise ParameterError(f"{where}.state", f"must be one of {', '.join(POOL_STATES)}, got {state!r}")
    model = _require(row, "rateModel", where)
    rate_where = f"{where}.rateModel"
    rate_model = RateModel(
        base_rate=_number(model, "baseRate", rate_where, parse_non_negative),
        rate_at_optimal=_number(model, "rateAtOptimal", rate_where, parse_non_negative),
        max_rate=_number(model, "maxRate", rate_where, parse_non_negative),
    )
    optimal = _fraction(row, "optimalUtilization", where)
    if optimal.is_zero() or optimal == 1:
        raise ParameterError(f"{where}.optimalUtilization", "must lie strictly between 0 and 1")
    threshold = None
    if row.get("throttleUtilizationThreshold") is not None:
        threshold = _fraction(row, "throttleUtilizationThreshold", where)
    rules = LendingRules(
        state=state,
        step_size=_number(row, "stepSize", where, parse_positive),
        fee=_fraction(row, "fee", where),
        max_utilization=_fraction(row, "maxUtilization", where),
        optimal_utilization=optimal,
        throttle_threshold=threshold,
        throttle_bound=_fraction(row, "throttleUtilizationBound", where),
        rate_model=rate_model,
    )
    pool = Pool(
        lent_quantity=_number(row, "lentQuantity", where, parse_non_negative),
        borrowed_quantity=_number(row, "borrowedQuantity", where, parse_non_negative),
    )
    return rules, pool


def _market(entry: Any, index: int, assets: Mapping[str, AssetRules]) -> SpotMarket:
    symbol = _require(entry, "symbol", f"markets[{index}]")
    where = f"markets[{symbol}]"
    base, quote = _require(entry, "baseSymbol", where), _require(entry, "quoteSymbol", where)
    for key, asset in (("baseSymbol", base), ("quoteSymbol", quote)):
        if asset not in assets:
            raise ParameterError(f"{where}.{key}", f"unknown asset {asset!r}")
    filters = _require(entry, "filters", where)
    price = _require(filters, "price", f"{where}.filters")
    quantity = _require(filters, "quantity", f"{where}.filters")
    step = _number(quantity, "stepSize", f"{where}.filters.quantity", parse_positive)
    minimum = quantity.get("minQuantity")
    return SpotMarket(
        symbol=symbol,
        base=base,
        quote=quote,
        tick_size=_number(price, "tickSize", f"{where}.filters.price", parse_positive),
        step_size=step,
        min_quantity=step
        if minimum is None
        else _number(quantity, "minQuantity", f"{where}.filters.quantity", parse_positive),
    )


def _assumptions(raw: Any) -> ModelAssumptions:
    if raw is None:
        return ModelAssumptions()
    if not isinstance(raw, dict):
        raise ParameterError("assumptions", "expected an object")
    overrides = {
        attribute: _number(raw, key, "assumptions", parse_non_negative)
        for key, attribute in ModelAssumptions._KEYS.items()
        if key in raw
    }
    return ModelAssumptions(**overrides)


def load_parameters(raw: Any) -> MarginParameters:
    """Validate a snapshot (already parsed JSON) into MarginParameters, or raise ParameterError."""
    check_shape(raw)  # sections and symbols of the right JSON type (boundary.snapshot)
    time = parse_time(_require(raw, "snapshotTime", "snapshot"), "snapshotTime")
    marks_raw = _require(raw, "markPrices", "snapshot")
    if not isinstance(marks_raw, dict):
        raise ParameterError("markPrices", "expected an object of symbol → price")
    lending_rows = {}
    for index, row in enumerate(_require(raw, "borrowLendMarkets", "snapshot")):
        symbol = _require(row, "symbol", f"borrowLendMarkets[{index}]")
        lending_rows[symbol] = row

    assets: dict[str, AssetRules] = {}
    marks: dict[str, Decimal] = {}
    pools: dict[str, Pool] = {}
    for index, entry in enumerate(_require(raw, "collateral", "snapshot")):
        symbol = _require(entry, "symbol", f"collateral[{index}]")
        where = f"collateral[{symbol}]"
        if symbol not in marks_raw:
            raise ParameterError(f"markPrices.{symbol}", "missing")
        marks[symbol] = _number(marks_raw, symbol, "markPrices", parse_positive)
        if symbol not in lending_rows:
            raise ParameterError(f"borrowLendMarkets[{symbol}]", "missing")
        rules, pool = _lending(lending_rows[symbol], f"borrowLendMarkets[{symbol}]")
        assets[symbol] = AssetRules(
            symbol=symbol,
            imf=_margin_function(entry, "imfFunction", where),
            mmf=_margin_function(entry, "mmfFunction", where),
            haircut=_haircut(entry, where),
            lending=rules,
        )
        pools[symbol] = pool
    if not assets:
        raise ParameterError("collateral", "no assets")

    from .perp_parameters import load_markets, with_futures_fees  # §10; it imports this module

    markets, perps = load_markets(raw.get("markets") or [], marks_raw, assets, marks, _market)
    assumptions = with_futures_fees(_assumptions(raw.get("assumptions")), raw)
    source = raw.get("source", "")
    parameters = MarginParameters(
        snapshot_time=time,
        source=printable(source if isinstance(source, str) else str(source), 200),
        assets=assets,
        marks=marks,
        pools=pools,
        markets=markets,
        assumptions=assumptions,
        perps=perps,
    )
    check_ranges(parameters)  # every parameter within its meaning (boundary.snapshot)
    return parameters


__all__ = [
    "AssetRules",
    "Haircut",
    "LendingRules",
    "MarginFunction",
    "MarginParameters",
    "ModelAssumptions",
    "Pool",
    "RateModel",
    "SpotMarket",
    "load_parameters",
    "parse_time",
    "ENGINE_CONTEXT",
]
