"""Large accounts for the benchmarks: the example snapshot widened to 20 assets."""

from __future__ import annotations

import copy
from decimal import Decimal as D

from desktop.engine import Account, AccountSettings, AssetBalance, Position, load_parameters
from tests.engine.util import example_snapshot


def twenty_asset_parameters():
    """The 7 example assets plus 13 clones of the non-stable ones under new names and prices."""
    return load_parameters(twenty_asset_snapshot())


def twenty_asset_snapshot() -> dict:
    snapshot = example_snapshot()
    templates = [row for row in snapshot["collateral"] if row["symbol"] not in ("USDC", "USDT")]
    for index in range(13):
        template = templates[index % len(templates)]
        symbol = f"X{index:02d}"
        row = copy.deepcopy(template)
        row["symbol"] = symbol
        snapshot["collateral"].append(row)
        pool = copy.deepcopy(next(p for p in snapshot["borrowLendMarkets"] if p["symbol"] == template["symbol"]))
        pool["symbol"] = symbol
        snapshot["borrowLendMarkets"].append(pool)
        snapshot["markPrices"][symbol] = D(snapshot["markPrices"][template["symbol"]]) * (D(100 + 7 * index) / 100)
    return snapshot


def twenty_asset_account(parameters) -> Account:
    """Every asset used: half held (some lent), half borrowed, one resting margin order."""
    balances = {}
    for index, (symbol, rules) in enumerate(parameters.assets.items()):
        mark = parameters.marks[symbol]
        step = rules.lending.step_size
        worth = lambda usd, mark=mark, step=step: (D(usd) / mark / step).to_integral_value() * step  # noqa: E731
        if symbol == "USDC":
            balances[symbol] = AssetBalance(available=D(250_000), pending_borrow=D(5_000))
        elif index % 2:
            balances[symbol] = AssetBalance(available=worth(20_000 + 1000 * index), lent=worth(5_000))
        else:
            balances[symbol] = AssetBalance(available=worth(1_000), borrowed=worth(8_000 + 500 * index))
    return Account(balances=balances, settings=AccountSettings(leverage_limit=10))


def twenty_asset_parameters_with_ten_perps():
    """The 20-asset snapshot plus perps on six of the clones: ten perp markets, DOGE's included."""
    snapshot = twenty_asset_snapshot()
    template = next(row for row in snapshot["markets"] if row.get("symbol") == "SOL_USDC_PERP")
    for index in range(6):
        row = copy.deepcopy(template)
        row["symbol"], row["baseSymbol"] = f"X{index:02d}_USDC_PERP", f"X{index:02d}"
        snapshot["markets"].append(row)
    return load_parameters(snapshot)


def ten_positions(parameters) -> dict[str, Position]:
    """A position on every perp, long and short in turn, worth 30,000 to 75,000 USD, a little off its settlement."""
    held = {}
    for index, symbol in enumerate(sorted(parameters.perps)):
        market = parameters.perps[symbol]
        mark = parameters.marks[market.base]
        size = (D(30_000 + 5_000 * index) / mark / market.step_size).to_integral_value() * market.step_size
        held[symbol] = Position(size if index % 2 else -size, mark * D("0.98"), mark * D("0.99"))
    return held
