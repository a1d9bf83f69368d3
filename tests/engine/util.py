"""Intent-named helpers for engine tests: the bundled parameters, accounts by their balances."""

from __future__ import annotations

import json
from collections import defaultdict
from decimal import Decimal as D
from functools import lru_cache

from desktop.engine import Account, AccountSettings, AssetBalance, MarginParameters, load_parameters
from desktop.engine.numbers import load_json
from desktop.paths import BUNDLED_SNAPSHOT, resource_path


@lru_cache(maxsize=1)
def example_snapshot_json() -> str:
    return resource_path(BUNDLED_SNAPSHOT).read_text(encoding="utf-8")


def example_snapshot() -> dict:
    """A fresh, mutable copy of the bundled snapshot (numbers as Decimal)."""
    return load_json(example_snapshot_json())


@lru_cache(maxsize=1)
def example_parameters() -> MarginParameters:
    return load_parameters(example_snapshot())


def parameters_with(change) -> MarginParameters:
    """The example parameters after ``change(snapshot_dict)`` edits them."""
    snapshot = example_snapshot()
    change(snapshot)
    return load_parameters(snapshot)


def pool_row(snapshot: dict, symbol: str) -> dict:
    return next(row for row in snapshot["borrowLendMarkets"] if row["symbol"] == symbol)


def account_with(leverage_limit: int = 10, **balances: dict) -> Account:
    """``account_with(USDC={"available": "1000"}, SOL={"borrowed": "2"})``."""
    return Account(
        balances={
            symbol: AssetBalance(**{key: D(str(value)) for key, value in fields.items()})
            for symbol, fields in balances.items()
        },
        settings=AccountSettings(leverage_limit=leverage_limit),
    )


def marks_with(**overrides) -> dict[str, D]:
    marks = dict(example_parameters().marks)
    marks.update({symbol: D(str(price)) for symbol, price in overrides.items()})
    return marks


def dumps(document) -> str:
    return json.dumps(document, default=str)


def recorded_changes(events):
    """Per asset, the change of held − borrowed that the events say happened."""
    change = defaultdict(D)
    for event in events:
        q = event.quantity
        if event.type in ("Deposit", "Bankruptcy") or (event.type == "Interest" and event.reason == "lend"):
            change[event.symbol] += q
        elif event.type in ("Withdrawal", "EntryFee") or (event.type == "Interest" and event.reason == "borrow"):
            change[event.symbol] -= q
        elif event.type in ("Fill", "Settlement", "FundingPayment", "Liquidation") and "usdcChange" in event.details:
            change["USDC"] += event.details["usdcChange"]  # a perp event: its one netted USDC change (§10)
        elif event.type in ("Settlement", "FundingPayment"):
            continue  # the other positions' parts of a round: the round's first event carries the change
        elif event.type == "Fill":
            market = example_parameters().markets[event.symbol]
            sign = 1 if event.details["side"] == "Bid" else -1
            change[market.base] += sign * q
            change[market.quote] -= sign * event.details["quoteQuantity"]
        elif event.type == "Liquidation":
            change[event.symbol] -= q
            change[event.details["repaidSymbol"]] += event.details["repaidQuantity"]
    return change
