"""Offline helpers for the account tests: a snapshot and an AccountData straight from answer bodies."""

from __future__ import annotations

import json
from datetime import UTC, datetime
from decimal import Decimal
from typing import Any

from desktop.engine import load_parameters
from desktop.engine.numbers import load_json
from desktop.services.backpack import private
from desktop.services.backpack.fields import Row, rows
from desktop.services.backpack.public import (
    READ_MARKET_TYPES,
    ExchangeStatus,
    borrow_lend_market,
    collateral_summary,
    mark_price,
    market,
)
from desktop.services.backpack.reading import PublicData
from desktop.services.backpack.snapshot import build_snapshot
from tests.standins.backpack_account_bodies import AccountBook, public_routes

FETCHED_AT = datetime(2026, 11, 20, 12, 0, tzinfo=UTC)


def decoded(body: Any) -> Any:
    """A body as the transport hands it over: JSON numbers as Decimal."""
    return json.loads(json.dumps(body), parse_float=Decimal)


def snapshot_from(routes: dict[str, Any] | None = None) -> dict[str, Any]:
    routes = routes if routes is not None else public_routes()
    data = PublicData(
        status=ExchangeStatus("Ok"),
        markets=[market(r) for r in rows(decoded(routes["/api/v1/markets"]), "m") if r.value.get("marketType") in READ_MARKET_TYPES],
        collateral=[collateral_summary(r) for r in rows(decoded(routes["/api/v1/collateral"]), "c")],
        borrow_lend_markets=[borrow_lend_market(r) for r in rows(decoded(routes["/api/v1/borrowLend/markets"]), "b")],
        perp_marks=[mark_price(r) for r in rows(decoded(routes["/api/v1/markPrices"]), "p")],
        spot_marks=[mark_price(r) for r in rows(decoded(routes["/api/v1/markPrices?marketType=SPOT"]), "s")],
    )  # fmt: skip
    snapshot, _summary = build_snapshot(data, FETCHED_AT)
    return snapshot


def engine_perps(snapshot: dict[str, Any]) -> list[str] | None:
    perps = getattr(load_parameters(load_json(json.dumps(snapshot))), "perps", None)
    return None if perps is None else list(perps)


def account_data(bodies: dict[str, Any]) -> private.AccountData:
    """AccountData from the six signed bodies (paths as keys), parsed as the client parses them."""
    b = {path: decoded(body) for path, body in bodies.items()}
    return private.AccountData(
        balances=private.balance_rows(b["/api/v1/capital"], "capital"),
        summary=private.margin_summary(b["/api/v1/capital/collateral"], "collateral"),
        borrow_lend=[private.borrow_lend_position(r) for r in rows(b["/api/v1/borrowLend/positions"], "bl")],
        settings=private.account_settings(b["/api/v1/account"], "account"),
        positions=[private.future_position(r) for r in rows(b.get("/api/v1/position", []), "pos")],
        orders=[private.open_order(Row(r, "orders", "")) for r in b.get("/api/v1/orders", [])],
    )


def book_data(book: AccountBook, routes: dict[str, Any] | None = None) -> private.AccountData:
    return account_data(book.bodies(routes if routes is not None else public_routes()))
