"""How numbers look, in one place, one format per kind: USD to 2 decimals, rates and percentages to
2 decimals, quantities to the asset's step and prices to the market's tick (never more decimals to
show dust: an amount below one step reads "< 0.0001"). Thousands separators, and signs that do not
rely on colour.

Two styles share the same rules. ``SCREEN`` (the default) writes a real minus sign and ``×``;
``TERMINAL`` writes ASCII ``-`` and ``x`` so what the command line prints stays easy to parse.
"""

from __future__ import annotations

import re
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
    found = _QUANTA.get(places)
    if found is None:  # every table cell is formatted here: the quantum and the format are made once
        found = _QUANTA[places] = (Decimal(1).scaleb(-places), f",.{places}f")
    text = format(number.quantize(found[0], rounding=rounding), found[1])
    return text.replace("-", style.minus) if "-" in text else text


_QUANTA: dict[int, tuple[Decimal, str]] = {}  # places → (quantum, format)


def price_at(value: Decimal, places: int) -> str:
    """A price to ``places`` decimals (its market's tick): the one rule for a price on screen, so a chart's
    label and a table's cell read alike. Give the ``Decimal`` the engine keeps: a float of 150.075 is
    150.07499… in binary and would read 150.07 where the exact price reads 150.08."""
    return grouped(value, places)


def usd(value: Decimal | float | None, style: Style = SCREEN) -> str:
    """Money: two decimals (``12,345.67``); the unit is the caller's."""
    return DASH if value is None else grouped(value, 2, style=style)


def percent(value: Decimal | None, places: int = 2, style: Style = SCREEN) -> str:
    """A fraction as a percentage: 0.0384 → ``3.84 %``."""
    return DASH if value is None else f"{grouped(value * 100, places, style=style)} %"


def signed_percent(value: Decimal | None) -> str:
    """A change shown with an arrow and a sign, so it reads without colour ("▲ +1.25 %", "▼ −0.40 %",
    "0.00 %" when there is no change to point at)."""
    if value is None:
        return DASH
    shown = grouped(value * 100, 2)
    if shown in ("0.00", "−0.00"):
        return "0.00 %"
    arrow = "▲" if value > 0 else "▼"
    sign = "+" if value > 0 else ""
    return f"{arrow} {sign}{shown} %"


def yes_no(value: bool) -> str:
    return "Yes" if value else "No"


def compact(value: Decimal, full: str) -> str:
    """Millions and billions short ("2.1 M", "400 B"); below a million, ``full`` as it is."""
    for size, suffix in ((Decimal("1e12"), "T"), (Decimal("1e9"), "B"), (Decimal("1e6"), "M")):
        if abs(value) >= size:
            return f"{grouped(value / size, 1).removesuffix('.0')} {suffix}"
    return full


def source_label(source: str) -> str:
    """Where the parameters come from, for the trader: without a developer file's reference
    ("example parameters, not live (MARGIN_MODEL.md §9)" → "Example parameters, not live")."""
    text = re.sub(r"\s*\([^)]*\.(md|json|txt)\b[^)]*\)", "", source or "parameters").strip()
    return text[:1].upper() + text[1:] if text else "Parameters"


def parameters_label(source: str, snapshot_time) -> str:
    """The status bar's name for the parameters in use: ``Backpack live parameters, 12:03 UTC`` for a
    fetched snapshot, ``Example parameters (not live)`` for the bundled ones, else the source itself."""
    if source.startswith("Backpack"):
        return f"Backpack live parameters, {snapshot_time:%H:%M} UTC"
    if "example" in source.lower():
        return "Example parameters (not live)"
    return source_label(source)


def leverage(value: Decimal | None, style: Style = SCREEN) -> str:
    return DASH if value is None else f"{grouped(value, 2, style=style)}{style.times}"


MOST_QUANTITY_PLACES = 6  # a millionth of a BTC is 10 cents; finer dust shows as "< 0.000001"


class AssetFormats:
    """Quantities to each asset's step, prices to each market's tick."""

    def __init__(self, parameters: MarginParameters) -> None:
        self.parameters = parameters

    def quantity(self, symbol: str, value: Decimal | None) -> str:
        if value is None:
            return DASH
        places = self.places(symbol)
        step = Decimal(1).scaleb(-places)
        if value and abs(value) < step:  # dust and interest: say it is there rather than show 0
            return f"< {grouped(step, places)}" if value > 0 else f"> {grouped(-step, places)}"
        return grouped(value, places, ROUND_DOWN)

    def places(self, symbol: str) -> int:
        """Decimals of ``symbol``'s quantities: its lending step, at most ``MOST_QUANTITY_PLACES`` (a live
        snapshot may carry a step of 1e-10, and ten decimals of USDC would not fit the order form)."""
        rules = self.parameters.assets.get(symbol)
        return min(places_of(rules.lending.step_size), MOST_QUANTITY_PLACES) if rules else 4

    def market_places(self, symbol: str) -> tuple[int, int]:
        """(price decimals, quantity decimals) of a market: its tick and its step."""
        market = self.parameters.markets[symbol]
        return places_of(market.tick_size), places_of(market.step_size)

    def market_name(self, symbol: str) -> str:
        """SOL_USDC → SOL/USDC, SOL_USDC_PERP → SOL-PERP: one name for a market everywhere."""
        market = self.parameters.markets.get(symbol)
        if market is None and symbol in self.parameters.perps:
            return f"{self.parameters.perps[symbol].base}-PERP"
        return f"{market.base}/{market.quote}" if market else symbol.replace("_", "/")

    def price(self, symbol: str, value: Decimal | None) -> str:
        """``symbol`` is a market (SOL_USDC, SOL_USDC_PERP) or an asset (priced in USD)."""
        if value is None:
            return DASH
        return price_at(value, self.price_places(symbol))

    def price_places(self, symbol: str) -> int:
        """Decimals of a price of ``symbol``: its market's tick, an asset's spot market's, else its perp's
        (DOGE trades only as a perp)."""
        parameters = self.parameters
        market = parameters.markets.get(symbol) or parameters.perps.get(symbol)
        if market is None:
            market = next((m for m in parameters.markets.values() if m.base == symbol), None) or next(
                (m for m in parameters.perps.values() if m.base == symbol), None
            )
        return places_of(market.tick_size) if market else 2
