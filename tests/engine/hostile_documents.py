"""Hypothesis strategies for hostile documents: good ACCOUNT.json, ACTIONS.json and snapshots with one
node (or several) replaced by something an attacker or a broken tool would write."""

from __future__ import annotations

import copy
from decimal import Decimal as D
from typing import Any

from hypothesis import strategies as st

from tests.engine.util import example_snapshot

GOOD_ACCOUNT: dict[str, Any] = {
    "settings": {"leverageLimit": "10", "autoLend": False, "autoRepayBorrows": False},
    "balances": {
        "USDC": {"available": "10000", "locked": "280.224"},
        "SOL": {"available": "20", "lent": "1"},
        "BTC": {"borrowed": "0.01"},
    },
    "markPrices": {"SOL": "150"},
    "time": "2026-11-20T00:00:00Z",
    "openOrders": [
        {"id": "1", "symbol": "SOL_USDC", "side": "Bid", "price": "140", "quantity": "2", "margin": False},
    ],
}

GOOD_ACTIONS: list[dict[str, Any]] = [
    {"type": "deposit", "symbol": "USDC", "quantity": "1000"},
    {"type": "withdraw", "symbol": "SOL", "quantity": "2", "margin": True},
    {"type": "borrow", "symbol": "USDC", "quantity": "500"},
    {"type": "repay", "symbol": "USDC", "quantity": "500"},
    {"type": "lend", "symbol": "USDC", "quantity": "100"},
    {"type": "redeem", "symbol": "USDC", "quantity": "100"},
    {
        "type": "order",
        "symbol": "SOL_USDC",
        "side": "Bid",
        "orderType": "Limit",
        "price": "140",
        "quantity": "2",
        "margin": True,
    },
    {"type": "order", "symbol": "SOL_USDC", "side": "Ask", "orderType": "Market", "quantity": "1"},
    {"type": "cancel", "orderId": "1"},
    {"type": "settings", "leverageLimit": "5", "autoLend": True, "autoRepayBorrows": False},
    {"type": "price", "symbol": "SOL", "markPrice": "120"},
    {"type": "advance", "to": "2026-11-20T05:00:00Z"},
]

# The same account with perps (MARGIN_MODEL.md §10): a short position and a resting reduce-only order.
PERP_ACCOUNT: dict[str, Any] = {
    **GOOD_ACCOUNT,
    "positions": {"SOL_USDC_PERP": {"netQuantity": "-5", "entryPrice": "155", "settledPrice": "152"}},
    "openOrders": [
        *GOOD_ACCOUNT["openOrders"],
        {"id": "2", "symbol": "SOL_USDC_PERP", "side": "Bid", "price": "140", "quantity": "5", "reduceOnly": True},
    ],
}
PERP_ACTIONS: list[dict[str, Any]] = [
    {"type": "order", "symbol": "ETH_USDC_PERP", "side": "Bid", "orderType": "Market", "quantity": "0.5"},
    {
        "type": "order",
        "symbol": "SOL_USDC_PERP",
        "side": "Ask",
        "orderType": "Limit",
        "price": "160",
        "quantity": "2",
        "reduceOnly": False,
    },
    {"type": "cancel", "orderId": "2"},
    {"type": "price", "symbol": "SOL", "markPrice": "139"},
    {"type": "advance", "to": "2026-11-20T03:00:00Z"},
]

HOSTILE_STRINGS = [
    "A1",
    "²",
    "①",
    "9" * 5000,
    "9" * 19,
    "1_000",
    "١٢",
    "１",
    "1e999999",
    "-1e999999",
    "1e-999999",
    "-1",
    "0",
    "-0",
    "1e-30",
    "1e30",
    "1e20",
    "100000000000000000001",
    "0.0000000000001",
    "NaN",
    "Infinity",
    "\x1b[31mred",
    "a\nb",
    "\u202e",
    "",
    " ",
    "Bid",
    "Ask",
    "SOL",
    "DOGE",
    "SOL_USDC",
    "SOL_USDC_PERP",
    "DOGE_USDC_PERP",
    "Limit",
    "Market",
    "advance",
    "2026-11-20T00:00:00Z",
    "2026-11-19T00:00:00Z",
    "9999-12-31T23:59:59-01:00",
    "0001-01-01T00:00:00+01:00",
    "2199-12-31T23:00:00Z",
    "2200-01-01T00:00:00Z",
    "1969-12-31T23:59:59Z",
    "2027-12-31T00:00:00Z",
]
HOSTILE_NUMBERS = [D(-1), D(0), D("-0"), D("1e25"), D("1e-25"), D("1e20"), D("1e19"), D("123.456"), D(10**30)]


def deep(depth: int) -> Any:
    value: Any = 1
    for _ in range(depth):
        value = [value]
    return value


hostile_scalars = st.one_of(
    st.sampled_from(HOSTILE_STRINGS),
    st.sampled_from(HOSTILE_NUMBERS),
    st.none(),
    st.booleans(),
    st.integers(-(10**6), 10**6).map(D),
    st.decimals(allow_nan=False, allow_infinity=False, places=None),
    st.text(max_size=10),
)
hostile_values = st.one_of(
    hostile_scalars,
    st.lists(hostile_scalars, max_size=3),
    st.dictionaries(st.sampled_from(["symbol", "type", "id", "available", "x", "\n"]), hostile_scalars, max_size=3),
    st.integers(1, 40).map(deep),
)


def paths(document: Any, prefix: tuple = ()) -> list[tuple]:
    """Every node's path (keys and indices), the root's children first."""
    found = []
    if isinstance(document, dict):
        for key, value in document.items():
            found.append(prefix + (key,))
            found.extend(paths(value, prefix + (key,)))
    elif isinstance(document, list):
        for index, value in enumerate(document):
            found.append(prefix + (index,))
            found.extend(paths(value, prefix + (index,)))
    return found


def _parent(document: Any, path: tuple) -> Any:
    node = document
    for step in path[:-1]:
        node = node[step]
    return node


@st.composite
def mutated(draw, good: Any, changes: int = 3) -> Any:
    """``good`` with 1 to ``changes`` nodes replaced by hostile values, deleted, or given hostile keys."""
    document = copy.deepcopy(good)
    for _ in range(draw(st.integers(1, changes))):
        candidates = paths(document)
        if not candidates:
            break
        path = draw(st.sampled_from(candidates))
        parent = _parent(document, path)
        action = draw(st.sampled_from(["replace", "replace", "replace", "delete", "add key"]))
        if action == "replace":
            parent[path[-1]] = draw(hostile_values)
        elif action == "delete":
            del parent[path[-1]]
        elif isinstance(parent, dict):
            parent[draw(st.sampled_from(HOSTILE_STRINGS))] = draw(hostile_values)
        else:
            parent.append(draw(hostile_values))
    return document


def good_snapshot() -> dict:
    return example_snapshot()
