"""The signed answers of the Backpack stand-in (reference/backpack-api.md §3): real bodies and a book.

REAL bodies are verbatim from the reference (source key in the comment). ``AccountBook`` is a whole
account the stand-in serves consistently: its ``/capital/collateral`` summary is computed here, by a
small valuation written from MARGIN_MODEL.md §3 and §10 independently of the engine (perps at the
perp's own mark, as Backpack values them; the inverseSqrt haircut as the model assumes it).
"""

from __future__ import annotations

import copy
from dataclasses import dataclass, field
from decimal import Context, Decimal, localcontext
from typing import Any

from tests.standins.backpack_bodies import documented_routes

D = Decimal
CONTEXT = Context(prec=34)

# REAL [PYG, WSG]: Backpack's published example keypair.
EXAMPLE_API_KEY = "zDIJj9qneWIY0IYZ5aXoHcNMCm+XDhVcTssiT0HyY0A="
EXAMPLE_SECRET = "4odxgSUxFrC/zsKWZF4OQwYAgnNu9hnWH3NxWfLAPz4="

CAPITAL_CX = {"USDC": {"available": "120", "locked": "0", "staked": "0"}}  # REAL [CX]

# REAL [CD]: a ~$20 account, everything lent (Auto Lend on); other fields trimmed by its author.
COLLATERAL_ALL_LENT = {
    "collateral": [
        {"symbol": "USDC", "totalQuantity": "10.6524044577", "lendQuantity": "10.6524044577",
         "availableQuantity": "0", "openOrderQuantity": "0", "collateralValue": "10.6524044577",
         "collateralWeight": "1"},
        {"symbol": "SOL", "totalQuantity": "0.0699302874", "lendQuantity": "0.0699302874",
         "availableQuantity": "0", "openOrderQuantity": "0", "collateralValue": "9.630096779592616743",
         "collateralWeight": "0.95"},
    ],
    "netEquity": "20.282501237292616743",
    "assetsValue": "20.282501237292616743",
}  # fmt: skip
# [CD] real partial /api/v1/account: borrowLimit, spot fees, auto* all true; leverageLimit not shown there.
ACCOUNT_CD = {
    "autoBorrowSettlements": True,
    "autoLend": True,
    "autoRealizePnl": True,
    "autoRepayBorrows": True,
    "borrowLimit": "2500000",
    "spotMakerFee": "8",
    "spotTakerFee": "10",
}

# REAL [CX code comment, 2025-07]: an ETH_USDC_PERP position.
POSITION_ETH_CX = {
    "breakEvenPrice": "3831.3630555555555555555555556",
    "cumulativeFundingPayment": "-0.009218",
    "cumulativeInterest": "0",
    "entryPrice": "3826.8888888888888888888888889",
    "estLiquidationPrice": "0",
    "imf": "0.02",
    "imfFunction": {"base": "0.02", "factor": "0.0000935", "type": "sqrt"},
    "markPrice": "3787.46813304",
    "mmf": "0.0125",
    "mmfFunction": {"base": "0.0125", "factor": "0.0000561", "type": "sqrt"},
    "netCost": "13.7768",
    "netExposureNotional": "13.634885278944",
    "netExposureQuantity": "0.0036",
    "netQuantity": "0.0036",
    "pnlRealized": "0",
    "pnlUnrealized": "-0.141914",
    "positionId": "4238420454",
    "subaccountId": None,
    "symbol": "ETH_USDC_PERP",
    "userId": 1813870,
}

# REAL [CX] open Limit order; the reference elides its tail ("…"), completed here with the symbol.
ORDER_LIMIT_CX = {
    "clientId": 123456789, "createdAt": 1753626206762, "executedQuantity": "0", "executedQuoteQuantity": "0",
    "id": "4228978330", "orderType": "Limit", "postOnly": True, "price": "3000", "quantity": "0.001",
    "reduceOnly": None, "relatedOrderId": None, "selfTradePrevention": "RejectTaker", "side": "Bid",
    "status": "New", "timeInForce": "GTC", "triggerBy": None, "symbol": "ETH_USDC",
}  # fmt: skip

ETH_PERP = {
    "baseSymbol": "ETH", "quoteSymbol": "USDC", "symbol": "ETH_USDC_PERP", "marketType": "PERP",
    "filters": {"price": {"minPrice": "0.01", "tickSize": "0.01"},
                "quantity": {"minQuantity": "0.0001", "stepSize": "0.0001"}},
    "fundingInterval": 3600000, "imfFunction": {"type": "sqrt", "base": "0.02", "factor": "0.0000935"},
    "mmfFunction": {"type": "sqrt", "base": "0.0125", "factor": "0.0000561"}, "orderBookState": "Open",
    "visible": True,
}  # fmt: skip


def public_routes(perp_marks: dict[str, str] | None = None) -> dict[str, Any]:
    """The documented public bodies plus ETH_USDC_PERP (a real position's market), perp marks overridable."""
    routes = documented_routes()
    routes["/api/v1/markets"].append(copy.deepcopy(ETH_PERP))
    routes["/api/v1/markPrices"].append(
        {"symbol": "ETH_USDC_PERP", "markPrice": "3787.46813304", "fundingRate": "0.0000125", "indexPrice": "3787.1"}
    )
    for row in routes["/api/v1/markPrices"]:
        if perp_marks and row["symbol"] in perp_marks:
            row["markPrice"] = perp_marks[row["symbol"]]
    return routes


@dataclass
class AccountBook:
    """One subaccount as the stand-in holds it; ``bodies(public)`` answers every signed read from it."""

    settings: dict[str, Any] = field(default_factory=lambda: {"leverageLimit": "10", "autoLend": False})
    balances: dict[str, tuple[str, str]] = field(default_factory=dict)  # asset → (available, locked)
    borrow_lend: dict[str, str] = field(default_factory=dict)  # asset → signed netQuantity
    positions: dict[str, tuple[str, str, str]] = field(default_factory=dict)  # perp → (q, entry, settled)
    orders: list[dict[str, Any]] = field(default_factory=list)

    def marks(self, public: dict[str, Any]) -> tuple[dict[str, Decimal], dict[str, Decimal]]:
        assets = {row["symbol"]: D(row["assetMarkPrice"]) for row in public["/api/v1/borrowLend/markets"]}
        for row in public["/api/v1/markPrices?marketType=SPOT"]:
            assets.setdefault(row["symbol"].removesuffix("_USDC"), D(str(row["markPrice"])))
        perps = {row["symbol"]: D(str(row["markPrice"])) for row in public["/api/v1/markPrices"]}
        return assets, perps

    def bodies(self, public: dict[str, Any]) -> dict[str, Any]:
        asset_marks, perp_marks = self.marks(public)
        rules = {row["symbol"]: row for row in public["/api/v1/collateral"]}
        markets = {row["symbol"]: row for row in public["/api/v1/markets"] if row.get("marketType") == "PERP"}
        capital = {s: {"available": a, "locked": lk, "staked": "0"} for s, (a, lk) in self.balances.items()}
        positions = []
        for symbol, (quantity, entry, settled) in self.positions.items():
            q, mark = D(quantity), perp_marks[symbol]
            positions.append(
                {"symbol": symbol, "netQuantity": quantity, "entryPrice": entry, "markPrice": str(mark),
                 "pnlUnrealized": str(CONTEXT.multiply(q, mark - D(settled))), "breakEvenPrice": entry,
                 "estLiquidationPrice": "0", "imfFunction": markets[symbol]["imfFunction"],
                 "mmfFunction": markets[symbol]["mmfFunction"], "pnlRealized": "0", "positionId": f"p-{symbol}",
                 "cumulativeFundingPayment": "0", "subaccountId": None, "userId": 1}
            )  # fmt: skip
        lends = [
            {"symbol": s, "netQuantity": q, "markPrice": str(asset_marks[s]), "id": f"bl-{s}",
             "cumulativeInterest": "0", "imf": "0", "mmf": "0", "netExposureQuantity": q if D(q) < 0 else "0",
             "netExposureNotional": str(abs(D(q)) * asset_marks[s]) if D(q) < 0 else "0",
             "imfFunction": rules[s]["imfFunction"], "mmfFunction": rules[s]["mmfFunction"],
             "estLiquidationPrice": "0"}
            for s, q in self.borrow_lend.items()
        ]  # fmt: skip
        account = {"autoBorrowSettlements": True, "autoRealizePnl": True, "autoRepayBorrows": False} | self.settings
        account |= {"liquidating": False, "futuresMakerFee": "2", "futuresTakerFee": "5", "borrowLimit": "2500000"}
        return {
            "/api/v1/account": account,
            "/api/v1/capital": capital,
            "/api/v1/capital/collateral": self.summary(asset_marks, perp_marks, rules, markets),
            "/api/v1/borrowLend/positions": lends,
            "/api/v1/position": positions,
            "/api/v1/orders": self.orders,
        }

    def summary(self, asset_marks, perp_marks, rules, markets) -> dict[str, Any]:
        """``/api/v1/capital/collateral`` by MARGIN_MODEL.md §3 and §10, perps at their own marks."""
        with localcontext(CONTEXT):
            return self._summary(asset_marks, perp_marks, rules, markets)

    def _summary(self, asset_marks, perp_marks, rules, markets) -> dict[str, Any]:
        leverage = D(self.settings["leverageLimit"])
        rows, assets_value, liability, exposure, initial, maintenance, pnl = [], D(0), D(0), D(0), D(0), D(0), D(0)
        for symbol in dict.fromkeys([*self.balances, *self.borrow_lend]):
            available, locked = (D(x) for x in self.balances.get(symbol, ("0", "0")))
            net = D(self.borrow_lend.get(symbol, "0"))
            lent, borrowed = max(net, D(0)), max(-net, D(0))
            held, mark, rule = available + locked + lent, asset_marks[symbol], rules[symbol]
            value = CONTEXT.multiply(held, mark)
            haircut = rule["haircutFunction"]
            weight = D(str(haircut["weight"]))
            if haircut["kind"]["type"] == "inverseSqrt":
                curve = D(haircut["kind"]["base"]) / (
                    1 + D(haircut["kind"]["positiveCurvePenalty"]) * value.sqrt(CONTEXT)
                )
                weight = min(weight, CONTEXT.plus(curve))
            collateral = CONTEXT.multiply(value, weight)
            assets_value += collateral
            liability += CONTEXT.multiply(borrowed, mark)
            e = CONTEXT.multiply(borrowed, mark)
            exposure, initial, maintenance = _margin(e, rule, leverage, exposure, initial, maintenance)
            rows.append(
                {"symbol": symbol, "assetMarkPrice": str(mark), "totalQuantity": str(held),
                 "balanceNotional": str(value), "collateralWeight": str(weight), "collateralValue": str(collateral),
                 "openOrderQuantity": str(locked), "lendQuantity": str(lent), "availableQuantity": str(available)}
            )  # fmt: skip
        for symbol, (quantity, _entry, settled) in self.positions.items():
            q, mark = D(quantity), perp_marks[symbol]
            pnl += CONTEXT.multiply(q, mark - D(settled))
            bids = sum((D(o["quantity"]) for o in self._risk_orders(symbol, "Bid")), D(0))
            asks = sum((D(o["quantity"]) for o in self._risk_orders(symbol, "Ask")), D(0))
            size = max(abs(q + bids), abs(q - asks))
            e = CONTEXT.multiply(size, mark)
            exposure, initial, maintenance = _margin(e, markets[symbol], leverage, exposure, initial, maintenance)
        equity = assets_value + pnl - liability
        figures = {
            "assetsValue": assets_value, "borrowLiability": liability, "liabilitiesValue": liability,
            "pnlUnrealized": pnl, "netEquity": equity, "netEquityLocked": initial,
            "netEquityAvailable": equity - initial, "netExposureFutures": D(0), "unsettledEquity": D(0),
            "imf": CONTEXT.divide(initial, exposure) if exposure else 1 / leverage,
            "mmf": CONTEXT.divide(maintenance, exposure) if exposure else D(0),
        }  # fmt: skip
        body: dict[str, Any] = {name: str(value) for name, value in figures.items()}
        body["marginFraction"] = str(CONTEXT.divide(equity, exposure)) if exposure else None
        body["collateral"] = rows
        return body

    def _risk_orders(self, symbol: str, side: str) -> list[dict[str, Any]]:
        return [o for o in self.orders if o["symbol"] == symbol and o["side"] == side and not o.get("reduceOnly")]


def _margin(e: Decimal, rule: dict[str, Any], leverage: Decimal, *sums: Decimal) -> tuple[Decimal, Decimal, Decimal]:
    """The sums (exposure, IM, MM) with one more exposure ``e`` under ``rule``'s imf/mmf functions."""
    exposure, initial, maintenance = sums
    if e > 0:
        imf_f, mmf_f = rule["imfFunction"], rule["mmfFunction"]
        imf = max(D(imf_f["base"]), 1 / leverage, D(imf_f["factor"]) * e.sqrt(CONTEXT))
        mmf = max(D(mmf_f["base"]), D(mmf_f["factor"]) * e.sqrt(CONTEXT))
        exposure, initial, maintenance = exposure + e, initial + e * imf, maintenance + e * mmf
    return exposure, initial, maintenance


def order(identifier: str, symbol: str, side: str, price: str | None, quantity: str, **extra: Any) -> dict[str, Any]:
    """An open order shaped like the [CX] Limit sample."""
    body = {
        "id": identifier, "clientId": None, "createdAt": 1753626206762 + int(identifier[-3:]), "symbol": symbol,
        "side": side, "orderType": "Limit", "price": price, "quantity": quantity, "executedQuantity": "0",
        "executedQuoteQuantity": "0", "postOnly": False, "reduceOnly": None, "selfTradePrevention": "RejectTaker",
        "status": "New", "timeInForce": "GTC", "triggerPrice": None,
    }  # fmt: skip
    return body | extra


def spot_book() -> AccountBook:
    """A spot-margin account: lends, a borrow, a resting bid, a collateral-only asset on its haircut curve."""
    return AccountBook(
        settings={"leverageLimit": "10", "autoLend": False, "autoRepayBorrows": True},
        balances={"USDC": ("5000", "1500"), "SOL": ("12", "0"), "ETH": ("0.5", "0"), "JTO": ("100000", "0")},
        borrow_lend={"SOL": "8", "BTC": "-0.01"},
        orders=[
            order("4228978101", "SOL_USDC", "Bid", "150", "10"),
            order("4228978102", "SOL_USDC", "Ask", None, "1", orderType="Market", status="TriggerPending",
                  triggerPrice="120"),
        ],
    )  # fmt: skip


def trader_book() -> AccountBook:
    """``spot_book`` plus perps: a long SOL perp with a resting bid, a short on a perp-only base (DOGE)."""
    book = spot_book()
    book.positions = {"SOL_USDC_PERP": ("2", "140", "145"), "DOGE_USDC_PERP": ("-1000", "0.41", "0.405")}
    book.orders += [
        order("4228978103", "SOL_USDC_PERP", "Bid", "140", "1"),
        order("4228978104", "DOGE_USDC_PERP", "Bid", "0.38", "500", reduceOnly=True),
    ]
    return book
