"""``margin-desk overview``: the demo account's Account Overview as text, for a terminal or a script."""

from __future__ import annotations

import argparse
from decimal import Decimal

from ..engine import Account, AssetBalance, MarginParameters, account_limits, value_account
from ..engine.numbers import plain
from ..text.formatting import TERMINAL, leverage, percent, usd
from .common import load_snapshot

# The demo account of the first run (issue 5): 10,000 USDC and 20 SOL deposited.
DEMO_DEPOSITS = {"USDC": Decimal("10000"), "SOL": Decimal("20")}


def demo_account() -> Account:
    return Account(balances={symbol: AssetBalance(available=amount) for symbol, amount in DEMO_DEPOSITS.items()})


def overview_lines(account: Account, parameters: MarginParameters) -> list[str]:
    """The overview in TERMINAL style: ASCII signs, so a script can read the figures."""
    marks = parameters.marks
    valuation = value_account(account, parameters, marks)
    limits = account_limits(account, parameters, marks, parameters.pools)
    lines = [
        f"Account Overview — demo account ({parameters.source})",
        f"  Net equity            {usd(valuation.net_equity, TERMINAL):>16} USD",
        f"  Available (equity)    {usd(valuation.net_equity_available, TERMINAL):>16} USD",
        f"  Initial Margin        {usd(valuation.initial_margin, TERMINAL):>16} USD",
        f"  Maintenance Margin    {usd(valuation.maintenance_margin, TERMINAL):>16} USD",
        f"  Margin fraction       {percent(valuation.margin_fraction, style=TERMINAL):>16}",
        f"  IMR / MMR             {percent(valuation.imr, style=TERMINAL):>9} / {percent(valuation.mmr, style=TERMINAL)}",
        f"  Leverage              {leverage(valuation.leverage, TERMINAL):>16}",
        f"  Max Account Leverage  {account.settings.leverage_limit:>15}x",
        "",
        f"  {'asset':<6} {'balance':>14} {'mark':>12} {'weight':>8} {'collateral':>14} {'available to borrow':>20}",
    ]
    for row in valuation.assets:
        lines.append(
            f"  {row.symbol:<6} {plain(row.balance.holding):>14} {plain(row.mark):>12} "
            f"{row.terms.weight:>8.4f} {usd(row.terms.collateral_value, TERMINAL):>14} "
            f"{plain(limits[row.symbol].max_borrow_quantity):>20}"
        )
    return lines


def print_demo_overview(parameters: MarginParameters) -> int:
    print("\n".join(overview_lines(demo_account(), parameters)))
    return 0


def run(arguments: argparse.Namespace) -> int:
    return print_demo_overview(load_snapshot(arguments.params))
