"""How numbers look, in one place: money, percentages, leverage, and quantities and prices at each
asset's precision. Thousands separators, and signs that do not rely on colour.

Two styles share the same rules. ``SCREEN`` (the default) writes a real minus sign and ``×``;
``TERMINAL`` writes ASCII ``-`` and ``x`` so what the command line prints stays easy to parse.
"""

from __future__ import annotations

from decimal import ROUND_DOWN, ROUND_HALF_EVEN, Decimal
from typing import TYPE_CHECKING, NamedTuple

if TYPE_CHECKING:
    from ..engine import MarginParameters

DASH = "—"  # a figure that does not exist (no borrows: no margin fraction)
MINUS = "−"


class Style(NamedTuple):
    minus: str
    times: str


SCREEN = Style(minus=MINUS, times="×")
TERMINAL = Style(minus="-", times="x")


def places_of(step: Decimal) -> int:
    """Decimal places a step size shows (0.01 → 2, 1000 → 0)."""
    exponent = step.normalize().as_tuple().exponent
    return max(0, -exponent) if isinstance(exponent, int) else 0


def grouped(value: Decimal | float, places: int, rounding: str = ROUND_HALF_EVEN, style: Style = SCREEN) -> str:
    """``value`` to ``places`` decimals with thousands separators. A float (a chart's coordinate) is
    taken at its exact binary value, so it reads as Python's own ``f"{value:,.2f}"`` would."""
    number = value if isinstance(value, Decimal) else Decimal(value)
    quantum = Decimal(1).scaleb(-places)
    text = f"{number.quantize(quantum, rounding=rounding):,.{places}f}"
    return text.replace("-", style.minus)


def usd(value: Decimal | float | None, style: Style = SCREEN) -> str:
    """Money: two decimals (``12,345.67``); the unit is the caller's."""
    return DASH if value is None else grouped(value, 2, style=style)


def percent(value: Decimal | None, places: int = 2, style: Style = SCREEN) -> str:
    """A fraction as a percentage: 0.0384 → ``3.84 %``."""
    return DASH if value is None else f"{grouped(value * 100, places, style=style)} %"


def signed_percent(value: Decimal | None) -> str:
    """A change shown with an arrow and a sign, so it reads without colour."""
    if value is None:
        return DASH
    arrow = "▲" if value > 0 else "▼" if value < 0 else "■"
    sign = "+" if value > 0 else ""
    return f"{arrow} {sign}{grouped(value * 100, 2)} %"


def leverage(value: Decimal | None, style: Style = SCREEN) -> str:
    return DASH if value is None else f"{grouped(value, 2, style=style)}{style.times}"


class AssetFormats:
    """Quantities to each asset's step, prices to each market's tick."""

    def __init__(self, parameters: MarginParameters) -> None:
        self.parameters = parameters

    def quantity(self, symbol: str, value: Decimal | None) -> str:
        if value is None:
            return DASH
        rules = self.parameters.assets.get(symbol)
        places = places_of(rules.lending.step_size) if rules else 4
        if value and abs(value) < Decimal(1).scaleb(-places):
            places = min(12, places + 6)  # dust and interest: show it rather than a misleading 0
        return grouped(value, places, ROUND_DOWN)

    def price(self, symbol: str, value: Decimal | None) -> str:
        """``symbol`` is a market (SOL_USDC) or an asset (priced in USD)."""
        if value is None:
            return DASH
        market = self.parameters.markets.get(symbol)
        if market is None:
            market = next((m for m in self.parameters.markets.values() if m.base == symbol), None)
        places = places_of(market.tick_size) if market else 2
        return grouped(value, places)
