"""Hypothesis strategies: accounts and marks over the bundled example parameters."""

from __future__ import annotations

from decimal import Decimal as D

from hypothesis import strategies as st

from desktop.engine import Account, AccountSettings, AssetBalance, Position
from tests.engine.util import example_parameters

SYMBOLS = list(example_parameters().assets)


def quantity(symbol: str, largest_usd: int = 200_000):
    """A quantity of ``symbol`` worth up to ``largest_usd`` at the snapshot mark, on a fine grid."""
    mark = example_parameters().marks[symbol]
    step = example_parameters().assets[symbol].lending.step_size
    top = int(D(largest_usd) / mark / step)
    return st.one_of(st.just(D(0)), st.integers(1, max(top, 1)).map(lambda n: n * step))


@st.composite
def balances(draw, symbol: str) -> AssetBalance:
    held = {name: draw(quantity(symbol)) for name in ("available", "locked")}
    if draw(st.booleans()):
        held["lent"] = draw(quantity(symbol))
    else:
        held["borrowed"] = draw(quantity(symbol, 100_000))
    held["pending_borrow"] = draw(st.sampled_from([D(0), D(0), draw(quantity(symbol, 20_000))]))
    return AssetBalance(**held)


@st.composite
def accounts(draw) -> Account:
    chosen = draw(st.lists(st.sampled_from(SYMBOLS), min_size=1, max_size=len(SYMBOLS), unique=True))
    return Account(
        balances={symbol: draw(balances(symbol)) for symbol in chosen},
        settings=AccountSettings(leverage_limit=draw(st.integers(1, 50))),
    )


@st.composite
def marks(draw) -> dict[str, D]:
    """The snapshot's marks, each moved by a factor of 0.25 to 4 (USDC stays at 1)."""
    prices = dict(example_parameters().marks)
    for symbol in SYMBOLS:
        if symbol != "USDC":
            factor = D(draw(st.integers(25, 400))) / 100
            prices[symbol] = prices[symbol] * factor
    return prices


PERPS = sorted(example_parameters().perps)


def perp_quantity(symbol: str, largest_usd: int = 60_000):
    """A signed, non-zero position size of ``symbol`` worth up to ``largest_usd`` at the snapshot mark."""
    market = example_parameters().perps[symbol]
    mark = example_parameters().marks[market.base]
    top = max(int(D(largest_usd) / mark / market.step_size), 1)
    return st.integers(1, top).flatmap(lambda n: st.sampled_from([n, -n])).map(lambda n: n * market.step_size)


@st.composite
def positions(draw, symbols=None) -> dict[str, Position]:
    chosen = draw(st.lists(st.sampled_from(symbols or PERPS), min_size=1, max_size=4, unique=True))
    held = {}
    for symbol in chosen:
        mark = example_parameters().marks[example_parameters().perps[symbol].base]
        entry = mark * D(draw(st.integers(70, 130))) / 100
        settled = mark * D(draw(st.integers(80, 120))) / 100
        held[symbol] = Position(draw(perp_quantity(symbol)), entry, settled)
    return held


@st.composite
def perp_accounts(draw) -> Account:
    """An account with collateral (always some USDC or SOL) and one to four perp positions."""
    spot = draw(accounts())
    balances = dict(spot.balances)
    if "USDC" not in balances and "SOL" not in balances:
        balances["USDC"] = AssetBalance(available=D(draw(st.integers(100, 50_000))))
    return Account(balances=balances, settings=spot.settings, positions=draw(positions()))
