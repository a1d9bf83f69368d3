"""What-if (PRODUCT.md §2): the account valued at marks the trader imagines, and a stress grid.

Nothing here changes the account: each figure is ``value_account`` of the same balances at other
marks, so it is exactly what ``margin-desk evaluate`` answers for that account with those
``markPrices``. A move is a percentage of the current mark, applied to one asset or to every
non-stable asset at once (USDC and USDT stay put). Perp positions move with their underlying (a
perp's mark is its base's, §10), and the bases of open positions count as exposed.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from decimal import Decimal

from .errors import InputError
from .limits import liquidation_prices
from .numbers import engine_precision, parse_decimal
from .parameters import MarginParameters
from .records import dataclass
from .state import AccountState
from .valuation import AccountValuation, revalue, value_account

STABLE_ASSETS = frozenset({"USDC", "USDT"})
ALL_NON_STABLE = "All non-stable"  # the target that moves every non-stable asset together
MIN_MOVE_PERCENT = Decimal(-90)
MAX_MOVE_PERCENT = Decimal(300)
DEFAULT_SHOCKS = tuple(range(-50, 51, 10))  # percent, the rows of the stress grid
HUNDRED = Decimal(100)


def _position_bases(state: AccountState, parameters: MarginParameters) -> set[str]:
    return {parameters.perps[symbol].base for symbol in state.account.positions}


def exposed_assets(state: AccountState, parameters: MarginParameters) -> tuple[str, ...]:
    """Every asset the account holds or borrows and every base of an open position, in the snapshot's order."""
    balances = state.account.balances
    bases = _position_bases(state, parameters) if state.account.positions else set()
    return tuple(
        symbol
        for symbol in parameters.underlyings
        if symbol in bases or (symbol in balances and (balances[symbol].holding or balances[symbol].borrowed))
    )


def moved_symbols(state: AccountState, parameters: MarginParameters, target: str) -> tuple[str, ...]:
    """The underlyings a move of ``target`` (an asset or perp-only base, or ``ALL_NON_STABLE``) changes."""
    if target == ALL_NON_STABLE:
        held_perp_only = _position_bases(state, parameters) - set(parameters.assets)
        return tuple(
            symbol
            for symbol in parameters.underlyings
            if symbol not in STABLE_ASSETS and (symbol in parameters.assets or symbol in held_perp_only)
        )
    if target not in parameters.assets and target not in parameters.perp_only_bases:
        raise InputError("target", f"unknown asset {target!r}")
    return (target,)


def check_percent(
    percent: Decimal | int | str,
    low: Decimal = MIN_MOVE_PERCENT,
    high: Decimal = MAX_MOVE_PERCENT,
    where: str = "percent",
) -> Decimal:
    value = parse_decimal(percent, where)
    if not low <= value <= high:
        raise InputError(where, f"must lie between {low} % and {high} %, got {value} %")
    return value


def moved_marks(
    state: AccountState, parameters: MarginParameters, target: str, percent: Decimal | int | str
) -> dict[str, Decimal]:
    """The overridden marks of a move of ``percent`` % (−90 … +300) of ``target``."""
    factor = 1 + check_percent(percent) / HUNDRED
    return {symbol: state.marks[symbol] * factor for symbol in moved_symbols(state, parameters, target)}


def _marks_with(
    state: AccountState, parameters: MarginParameters, overrides: Mapping[str, Decimal]
) -> dict[str, Decimal]:
    marks = dict(state.marks)
    for symbol, price in overrides.items():
        if symbol not in parameters.assets and symbol not in parameters.perp_only_bases:
            raise InputError(f"markPrices.{symbol}", f"unknown asset {symbol!r}")
        if not isinstance(price, Decimal) or not price.is_finite() or price <= 0:
            raise InputError(f"markPrices.{symbol}", f"must be a number greater than 0, got {price!r}")
        marks[symbol] = price
    return marks


@engine_precision
def value_with_prices(
    state: AccountState, parameters: MarginParameters, overrides: Mapping[str, Decimal]
) -> AccountValuation:
    """The account's figures at its marks with ``overrides`` laid over them (nothing is stored)."""
    return value_account(state.account, parameters, _marks_with(state, parameters, overrides))


@dataclass(frozen=True, slots=True)
class LiquidationPoint:
    """Where one asset alone (the others fixed) makes the account liquidatable, seen from ``mark``."""

    symbol: str
    mark: Decimal
    price: Decimal | None  # None: not liquidatable even at mark/1000 or mark·1000
    move: Decimal | None  # price/mark − 1 (−0.25 is a 25 % fall); 0 when liquidatable already


@dataclass(frozen=True)
class WhatIf:
    target: str
    percent: Decimal
    overrides: Mapping[str, Decimal]  # only the marks that moved
    marks: Mapping[str, Decimal]  # every mark, moved ones included
    valuation: AccountValuation
    liquidation: tuple[LiquidationPoint, ...]


@engine_precision
def liquidation_points(
    state: AccountState,
    parameters: MarginParameters,
    overrides: Mapping[str, Decimal] | None = None,
    valuation: AccountValuation | None = None,
) -> tuple[LiquidationPoint, ...]:
    """The liquidation price (MARGIN_MODEL.md §4, §10) of each asset held or borrowed and each base of
    an open position, and the move to it."""
    marks = _marks_with(state, parameters, overrides or {})
    prices = liquidation_prices(state.account, parameters, marks, valuation)
    points = []
    for symbol in exposed_assets(state, parameters):
        price, mark = prices.get(symbol), marks[symbol]
        points.append(LiquidationPoint(symbol, mark, price, None if price is None else price / mark - 1))
    return tuple(points)


@engine_precision
def what_if(state: AccountState, parameters: MarginParameters, target: str, percent: Decimal | int | str) -> WhatIf:
    """The account after ``target`` moves by ``percent`` %: its figures and liquidation points."""
    overrides = moved_marks(state, parameters, target, percent)
    marks = _marks_with(state, parameters, overrides)
    valuation = value_account(state.account, parameters, marks)
    return WhatIf(
        target,
        check_percent(percent),
        overrides,
        marks,
        valuation,
        liquidation_points(state, parameters, overrides, valuation),
    )


@dataclass(frozen=True, slots=True)
class StressCell:
    shock: Decimal  # percent
    column: str  # an asset, or ALL_NON_STABLE
    valuation: AccountValuation

    @property
    def margin_fraction(self) -> Decimal | None:
        return self.valuation.margin_fraction

    @property
    def liquidatable(self) -> bool:
        return self.valuation.liquidatable

    @property
    def distance_to_maintenance(self) -> Decimal | None:
        """Margin fraction minus the maintenance margin fraction (≤ 0: liquidatable); None without borrows."""
        fraction = self.valuation.margin_fraction
        return None if fraction is None else fraction - self.valuation.mmf

    @property
    def equity_above_maintenance(self) -> Decimal:
        """``netEquity − maintenanceMargin`` in USD."""
        return self.valuation.net_equity - self.valuation.maintenance_margin

    @property
    def zone(self) -> str:
        """``liquidatable``, ``below-initial`` (NE < IM), ``healthy``, or ``no-borrow``."""
        valuation = self.valuation
        if not valuation.total_exposure:
            return "no-borrow"
        if valuation.liquidatable:
            return "liquidatable"
        return "below-initial" if valuation.net_equity < valuation.initial_margin else "healthy"


@dataclass(frozen=True)
class StressGrid:
    shocks: tuple[Decimal, ...]  # rows, percent
    columns: tuple[str, ...]  # each asset held or borrowed, then ALL_NON_STABLE
    cells: tuple[tuple[StressCell, ...], ...]  # cells[row][column]

    def cell(self, shock: Decimal | int, column: str) -> StressCell:
        return self.cells[self.shocks.index(Decimal(shock))][self.columns.index(column)]


@engine_precision
def stress_grid(
    state: AccountState, parameters: MarginParameters, shocks: Iterable[Decimal | int | str] = DEFAULT_SHOCKS
) -> StressGrid:
    """The account valued after each shock (rows) of each asset held or borrowed and of all
    non-stable assets together (columns)."""
    rows = tuple(check_percent(shock, Decimal(-99), Decimal(1000), "shocks") for shock in shocks)
    columns = exposed_assets(state, parameters) + (ALL_NON_STABLE,)
    moved = {column: moved_symbols(state, parameters, column) for column in columns}
    now = value_account(state.account, parameters, state.marks)  # each cell values only what its shock moves
    cells = []
    for shock in rows:
        factor = 1 + shock / HUNDRED
        row = []
        for column in columns:
            marks = dict(state.marks)
            for symbol in moved[column]:
                marks[symbol] = marks[symbol] * factor if shock else marks[symbol]
            row.append(StressCell(shock, column, revalue(now, state.account, parameters, marks)))
        cells.append(tuple(row))
    return StressGrid(rows, columns, tuple(cells))


__all__ = [
    "ALL_NON_STABLE",
    "DEFAULT_SHOCKS",
    "MAX_MOVE_PERCENT",
    "MIN_MOVE_PERCENT",
    "STABLE_ASSETS",
    "LiquidationPoint",
    "StressCell",
    "StressGrid",
    "WhatIf",
    "exposed_assets",
    "liquidation_points",
    "moved_marks",
    "moved_symbols",
    "stress_grid",
    "value_with_prices",
    "what_if",
]
