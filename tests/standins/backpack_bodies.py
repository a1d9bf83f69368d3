"""The answers the Backpack stand-in serves: the documented shapes of reference/backpack-api.md §2.

Verbatim where the reference holds a real body (marked REAL with its source key); the rest follows
the documented schema with plausible numbers. On purpose: unknown extra fields, numbers as JSON
numbers where the reference saw them (``fundingInterval``, ``nextFundingTimestamp``) and a few
elsewhere, a collateral-only asset (JTO: no borrow-lend market), a perp-only base (DOGE), an asset
without collateral functions (WIF), and market types the client must skip.
"""

from __future__ import annotations

import copy
from typing import Any

STATUS_OK = {"message": None, "status": "Ok"}  # REAL [CX]

# REAL [CX parseMarket comment]: SOL_USDC_PERP, fundingInterval as a string.
SOL_PERP = {
    "baseSymbol": "SOL",
    "createdAt": "2025-01-21T06:34:54.691858",
    "filters": {
        "price": {
            "borrowEntryFeeMaxMultiplier": None,
            "borrowEntryFeeMinMultiplier": None,
            "maxImpactMultiplier": "1.03",
            "maxMultiplier": "1.25",
            "maxPrice": "1000",
            "meanMarkPriceBand": {"maxMultiplier": "1.1", "minMultiplier": "0.9"},
            "meanPremiumBand": {"tolerancePct": "0.05"},
            "minImpactMultiplier": "0.97",
            "minMultiplier": "0.75",
            "minPrice": "0.01",
            "tickSize": "0.01",
        },
        "quantity": {"maxQuantity": None, "minQuantity": "0.01", "stepSize": "0.01"},
    },
    "fundingInterval": "28800000",
    "fundingRateLowerBound": "-100",
    "fundingRateUpperBound": "100",
    "imfFunction": {"base": "0.02", "factor": "0.0001275", "type": "sqrt"},
    "marketType": "PERP",
    "mmfFunction": {"base": "0.0125", "factor": "0.0000765", "type": "sqrt"},
    "openInterestLimit": "4000000",
    "orderBookState": "Open",
    "quoteSymbol": "USDC",
    "symbol": "SOL_USDC_PERP",
}


def spot(base: str, tick: str, step: str, **extra: Any) -> dict[str, Any]:
    """A SPOT market as the [CX] comment shows one: fundingInterval a JSON number, imfFunction null."""
    return {
        "baseSymbol": base,
        "createdAt": "2024-01-15T12:00:00.000000",
        "filters": {
            "price": {"minPrice": tick, "tickSize": tick, "maxPrice": None},
            "quantity": {"minQuantity": step, "stepSize": step, "maxQuantity": None},
        },
        "fundingInterval": 28800000,
        "imfFunction": None,
        "mmfFunction": None,
        "marketType": "SPOT",
        "openInterestLimit": "0",
        "orderBookState": "Open",
        "quoteSymbol": "USDC",
        "symbol": f"{base}_USDC",
        "visible": True,
        **extra,
    }


def perp(base: str, imf: tuple[str, str], mmf: tuple[str, str], tick: str, step: str, **extra: Any) -> dict[str, Any]:
    """A PERP market shaped like the [RS] fixture: fundingInterval a JSON number, visible, positionLimitWeight."""
    return {
        "baseSymbol": base,
        "quoteSymbol": "USDC",
        "symbol": f"{base}_USDC_PERP",
        "marketType": "PERP",
        "createdAt": "2025-03-01T00:00:00",
        "filters": {
            "price": {"minPrice": tick, "tickSize": tick},
            "quantity": {"minQuantity": step, "stepSize": step},
        },
        "fundingInterval": 3600000,
        "imfFunction": {"type": "sqrt", "base": imf[0], "factor": imf[1]},
        "mmfFunction": {"type": "sqrt", "base": mmf[0], "factor": mmf[1]},
        "openInterestLimit": "1000000",
        "orderBookState": "Open",
        "positionLimitWeight": "1",
        "visible": True,
        "rwaMarketType": None,  # RS v0.21.0 adds it; unknown to us
        **extra,
    }


MARKETS = [
    spot("SOL", "0.01", "0.01"),
    spot("BTC", "0.1", "0.00001"),
    spot("ETH", "0.01", "0.0001"),
    spot("JTO", "0.001", "0.1"),  # JTO is collateral but has no borrow-lend market
    spot("WIF", "0.0001", "1"),  # WIF has no collateral functions
    SOL_PERP,
    # [RS test_market_perp_fields_parse] numbers for BTC-like perps; DOGE is a perp-only base.
    perp("BTC", ("0.02", "0.00006"), ("0.0135", "0.000036"), "0.1", "0.0001"),
    perp("DOGE", ("0.05", "0.0002"), ("0.03", "0.00012"), "0.00001", "1"),
    # Types the client skips: their rows need not even have filters.
    {"symbol": "SOL_USDC_IPERP", "baseSymbol": "SOL", "quoteSymbol": "USDC", "marketType": "IPERP"},
    {"symbol": "BTC_USDC_DATED_20261231", "baseSymbol": "BTC", "quoteSymbol": "USDC", "marketType": "DATED"},
    {"symbol": "ELECTION_YES", "marketType": "PREDICTION"},
    {"symbol": "SOL_USDC_RFQ", "marketType": "RFQ", "filters": None},
    {"symbol": "MON_USDC", "marketType": "MONAD"},
]


def identity(symbol: str, weight: str, imf: tuple[str, str], mmf: tuple[str, str]) -> dict[str, Any]:
    return {
        "symbol": symbol,
        "imfFunction": {"type": "sqrt", "base": imf[0], "factor": imf[1]},
        "mmfFunction": {"type": "sqrt", "base": mmf[0], "factor": mmf[1]},
        "haircutFunction": {"weight": weight, "kind": {"type": "identity"}},
    }


def inverse_sqrt(symbol, weight, base, penalty, imf, mmf) -> dict[str, Any]:
    row = identity(symbol, weight, imf, mmf)
    # The tagged union is flattened: ``type`` beside ``base`` and ``positiveCurvePenalty`` [OAS].
    row["haircutFunction"]["kind"] = {"type": "inverseSqrt", "base": base, "positiveCurvePenalty": penalty}
    return row


# No source holds a real /api/v1/collateral body with numbers (reference §2.5): schema-shaped.
COLLATERAL = [
    identity("USDC", "1", ("0.10", "0.00002"), ("0.05", "0.000012")),
    inverse_sqrt("SOL", "0.95", "1.1", "0.00025", ("0.20", "0.00006"), ("0.10", "0.000036")),
    inverse_sqrt("BTC", "0.95", "1.1", "0.0002", ("0.20", "0.00005"), ("0.10", "0.00003")),
    inverse_sqrt("ETH", "0.95", "1.1", "0.0002", ("0.20", "0.00005"), ("0.10", "0.00003")),
    inverse_sqrt("JTO", "0.7", "1.0", "0.001", ("0.33", "0.0002"), ("0.20", "0.00012")),
]
COLLATERAL[1]["displayName"] = "Solana"  # unknown field
COLLATERAL[2]["haircutFunction"]["weight"] = 0.95  # a JSON number where a string is documented

# REAL [RS test fixture] (numbers look synthetic).
USDC_POOL = {
    "state": "Open",
    "symbol": "USDC",
    "timestamp": "2026-07-30T00:53:00.000Z",
    "assetMarkPrice": "1.0001",
    "borrowInterestRate": "0.0523",
    "lendInterestRate": "0.0470",
    "borrowedQuantity": "1500000.50",
    "lentQuantity": "5000000.00",
    "utilization": "0.30",
    "fee": "0.001",
    "maxUtilization": "1",
    "openBorrowLendLimit": "10000000",
    "optimalUtilization": "0.9",
    "stepSize": "0.0000000001",
    "throttleUtilizationThreshold": "0.92",
    "throttleUtilizationBound": "0.95",
    "throttleUpdateFraction": "0.1",
}


def pool(symbol: str, mark: str, rate: str, lent: str, borrowed: str, step: str, **extra: Any) -> dict[str, Any]:
    row = dict(USDC_POOL, symbol=symbol, assetMarkPrice=mark, borrowInterestRate=rate)
    row |= {"lentQuantity": lent, "borrowedQuantity": borrowed, "stepSize": step, "optimalUtilization": "0.8"}
    row["utilization"] = str(round(float(borrowed) / float(lent), 6))
    return row | extra


BORROW_LEND_MARKETS = [
    USDC_POOL,
    pool("SOL", "150.12", "0.0612", "600000", "240000", "0.01", newField={"x": 1}),
    pool("BTC", "95012.5", "0.45", "900", "765", "0.00001"),  # above the kink (U = 0.85 > 0.8)
    pool("ETH", "3501.25", "0.03", "12000", "5000", "0.0001"),
    pool("WIF", "1.85", "0.2", "3000000", "900000", "1"),  # no collateral functions: left out
]

# REAL [CX comment]: BTC_USDC_PERP; the others follow it (DOGE's numbers as JSON numbers).
PERP_MARKS = [
    {
        "fundingRate": "0.0001",
        "indexPrice": "118333.18643195",
        "markPrice": "118343.51853741",
        "nextFundingTimestamp": 1753113600000,
        "symbol": "BTC_USDC_PERP",
    },
    {
        "fundingRate": "-0.0000039641039274236048482914",
        "indexPrice": "173.44031179",
        "markPrice": "173.35998175",
        "nextFundingTimestamp": 1747296000000,
        "symbol": "SOL_USDC_PERP",
    },
    {
        "fundingRate": 0.0000125,
        "indexPrice": 0.40012,
        "markPrice": 0.40021,
        "nextFundingTimestamp": 1747296000000,
        "symbol": "DOGE_USDC_PERP",
        "premium": "0.0002",
    },
]

# /api/v1/markPrices?marketType=SPOT is allowed by the schema but untested by any source: MarkPrice rows
# without the perp-only fields.
SPOT_MARKS = [
    {"symbol": "SOL_USDC", "markPrice": "150.10"},
    {"symbol": "BTC_USDC", "markPrice": "95010.1"},
    {"symbol": "ETH_USDC", "markPrice": "3500.9"},
    {"symbol": "JTO_USDC", "markPrice": "3.0123"},
    {"symbol": "WIF_USDC", "markPrice": "1.849"},
]

ROUTES = {
    "/api/v1/status": STATUS_OK,
    "/api/v1/markets": MARKETS,
    "/api/v1/collateral": COLLATERAL,
    "/api/v1/borrowLend/markets": BORROW_LEND_MARKETS,
    "/api/v1/markPrices": PERP_MARKS,
    "/api/v1/markPrices?marketType=SPOT": SPOT_MARKS,
    "/api/v1/ping": "pong",
}


def documented_routes() -> dict[str, Any]:
    """A fresh copy of every route's body, free for a test to change."""
    return copy.deepcopy(ROUTES)
