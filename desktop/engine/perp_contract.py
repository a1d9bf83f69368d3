"""The perps in the headless JSON contract (MARGIN_MODEL.md §10 "Contract", precisions 4, 16, 17).

ACCOUNT.json may carry ``positions`` (perp symbol → ``netQuantity``, ``entryPrice``,
``settledPrice``) and perp entries in ``openOrders`` (``id``, ``symbol``, ``side``, ``price``,
``quantity``, ``reduceOnly``). ``evaluate`` prints ``netExposureFutures`` and a ``positions`` array
sorted by symbol; ``apply`` carries positions and perp orders in its output account.
"""

from __future__ import annotations

from collections.abc import Mapping
from decimal import Decimal

from .boundary import fields as bounded
from .boundary.bounds import MAX_AMOUNT
from .errors import InputError
from .numbers import is_multiple_of, parse_decimal, plain
from .parameters import MarginParameters
from .positions import Position, RestingSize, resting_sizes
from .state import OpenOrder
from .valuation import AccountValuation
from .vocabulary import SETTLEMENT_ASSET, MarketType, Side

TYPE_CHECKING = False  # typing costs start-up time; Any is for the type checker
if TYPE_CHECKING:
    from typing import Any

ZERO = Decimal(0)


def parse_positions(raw: Any, parameters: MarginParameters) -> dict[str, Position]:
    if raw is None:
        return {}
    if not isinstance(raw, dict):
        raise InputError("positions", "expected an object of perp symbol → position")
    positions = {}
    for symbol, fields in raw.items():
        where = f"positions.{symbol}"
        market = parameters.perps.get(symbol)
        if market is None:
            raise InputError(where, f"unknown perp market {symbol!r}")
        if not isinstance(fields, dict):
            raise InputError(where, "expected an object")
        if fields.get("netQuantity") is None:
            raise InputError(f"{where}.netQuantity", "missing")
        quantity = parse_decimal(fields["netQuantity"], f"{where}.netQuantity")
        if not quantity:
            raise InputError(f"{where}.netQuantity", "must not be 0 (a closed position is left out)")
        if abs(quantity) > MAX_AMOUNT:
            raise InputError(f"{where}.netQuantity", f"must be at most {plain(MAX_AMOUNT)} either way")
        if not is_multiple_of(quantity, market.step_size):
            raise InputError(f"{where}.netQuantity", f"must be a multiple of the step {plain(market.step_size)}")
        if fields.get("entryPrice") is None:
            raise InputError(f"{where}.entryPrice", "missing")
        entry = bounded.price(fields["entryPrice"], f"{where}.entryPrice")
        settled = entry
        if fields.get("settledPrice") is not None:
            settled = bounded.price(fields["settledPrice"], f"{where}.settledPrice")
        positions[symbol] = Position(quantity, entry, settled)
    return positions


def _flag(entry: Mapping[str, Any], key: str, where: str) -> bool:
    value = entry.get(key, False)
    if not isinstance(value, bool):
        raise InputError(f"{where}.{key}", f"expected true or false, got {value!r}")
    return value


def parse_perp_order(entry: Mapping[str, Any], where: str, parameters: MarginParameters) -> OpenOrder:
    """A resting perp order; its price must be > 0 and is not checked against the tick (precision 4)."""
    for key in ("id", "symbol", "side", "price", "quantity"):
        if entry.get(key) is None:
            raise InputError(f"{where}.{key}", "missing")
    order_id = bounded.order_id(entry["id"], f"{where}.id")
    if entry["side"] not in tuple(Side):
        raise InputError(f"{where}.side", "must be Bid or Ask")
    price = bounded.price(entry["price"], f"{where}.price")
    quantity = bounded.positive_amount(entry["quantity"], f"{where}.quantity")
    reduce_only = _flag(entry, "reduceOnly", where)
    return OpenOrder(
        order_id,
        entry["symbol"],
        entry["side"],
        price,
        quantity,
        False,
        SETTLEMENT_ASSET,
        ZERO,
        ZERO,
        reduce_only,
        MarketType.PERP,
    )


def resting_perps_of(raw_orders: Any, parameters: MarginParameters) -> dict[str, RestingSize]:
    """``evaluate``'s reading of ``openOrders``: perp entries that are not reduce-only count in B and A;
    spot entries are ignored (their balances carry them) but must name a known market."""
    if raw_orders is None:
        return {}
    if not isinstance(raw_orders, list):
        raise InputError("openOrders", "expected a list")
    perp_orders = []
    for index, entry in enumerate(raw_orders):
        where = f"openOrders[{index}]"
        if not isinstance(entry, dict):
            raise InputError(where, "expected an object")
        symbol = entry.get("symbol")
        if symbol is None:
            raise InputError(f"{where}.symbol", "missing")
        if isinstance(symbol, str) and symbol in parameters.perps:
            perp_orders.append(parse_perp_order(entry, where, parameters))
        elif not isinstance(symbol, str) or symbol not in parameters.markets:
            raise InputError(f"{where}.symbol", f"unknown market {symbol!r}")
    return resting_sizes(perp_orders, parameters.perps)


def positions_json(
    valuation: AccountValuation, liquidation_prices: Mapping[str, Decimal | None]
) -> list[dict[str, Any]]:
    """``evaluate``'s ``positions``: one row per open position, sorted by symbol."""
    rows = []
    for row in valuation.positions:  # valued in symbol order
        if row.position is None:
            continue
        price = liquidation_prices.get(row.base)
        rows.append(
            {
                "symbol": row.symbol,
                "netQuantity": plain(row.position.net_quantity),
                "entryPrice": plain(row.position.entry_price),
                "markPrice": plain(row.mark),
                "netExposureQuantity": plain(row.terms.exposure_quantity),
                "netExposureNotional": plain(row.terms.exposure),
                "pnlUnrealized": plain(row.terms.pnl),
                "imf": plain(row.terms.imf),
                "mmf": plain(row.terms.mmf),
                "estLiquidationPrice": None if price is None else plain(price),
            }
        )
    return rows


def account_positions_json(positions: Mapping[str, Position]) -> dict[str, Any]:
    """Positions in the ACCOUNT.json shape (``parse_positions`` reads them back)."""
    return {
        symbol: {
            "netQuantity": plain(position.net_quantity),
            "entryPrice": plain(position.entry_price),
            "settledPrice": plain(position.settled_price),
        }
        for symbol, position in sorted(positions.items())
    }


def perp_order_json(order: OpenOrder) -> dict[str, Any]:
    return {
        "id": order.id,
        "symbol": order.symbol,
        "side": order.side,
        "price": plain(order.price),
        "quantity": plain(order.quantity),
        "reduceOnly": order.reduce_only,
    }
