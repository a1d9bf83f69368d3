"""``margin-desk overview``: the demo account's Account Overview as text, for a terminal or a script."""

from __future__ import annotations

import argparse
from decimal import Decimal

from ..engine import Account, AssetBalance, MarginParameters, account_limits, value_account
from ..engine.numbers import plain
from .common import load_snapshot

# The demo account of the first run (issue 5): 10,000 USDC and 20 SOL deposited.
DEMO_DEPOSITS = {"USDC": Decimal("10000"), "SOL": Decimal("20")}


def demo_account() -> Account:
    return Account(balances={symbol: AssetBalance(available=amount) for symbol, amount in DEMO_DEPOSITS.items()})


def money(value: Decimal | None) -> str:
    return "—" if value is None else f"{value:,.2f}"


def percent(value: Decimal | None) -> str:
    return "—" if value is None else f"{value * 100:,.2f} %"


def overview_lines(account: Account, parameters: MarginParameters) -> list[str]:
    marks = parameters.marks
    valuation = value_account(account, parameters, marks)
    limits = account_limits(account, parameters, marks, parameters.pools)
    lines = [
        f"Account Overview — demo account ({parameters.source})",
        f"  Net equity            {money(valuation.net_equity):>16} USD",
        f"  Available (equity)    {money(valuation.net_equity_available):>16} USD",
        f"  Initial Margin        {money(valuation.initial_margin):>16} USD",
        f"  Maintenance Margin    {money(valuation.maintenance_margin):>16} USD",
        f"  Margin fraction       {percent(valuation.margin_fraction):>16}",
        f"  IMR / MMR             {percent(valuation.imr):>9} / {percent(valuation.mmr)}",
        f"  Leverage              {'—' if valuation.leverage is None else f'{valuation.leverage:.2f}x':>16}",
        f"  Max Account Leverage  {account.settings.leverage_limit:>15}x",
        "",
        f"  {'asset':<6} {'balance':>14} {'mark':>12} {'weight':>8} {'collateral':>14} {'available to borrow':>20}",
    ]
    for row in valuation.assets:
        lines.append(
            f"  {row.symbol:<6} {plain(row.balance.holding):>14} {plain(row.mark):>12} "
            f"{row.terms.weight:>8.4f} {money(row.terms.collateral_value):>14} "
            f"{plain(limits[row.symbol].max_borrow_quantity):>20}"
        )
    return lines


def print_demo_overview(parameters: MarginParameters) -> int:
    print("\n".join(overview_lines(demo_account(), parameters)))
    return 0


def run(arguments: argparse.Namespace) -> int:
    return print_demo_overview(load_snapshot(arguments.params))
