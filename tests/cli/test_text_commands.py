"""What ``overview`` and ``simulate`` print, pinned: the figures go through desktop/text/formatting.py
in its TERMINAL style (ASCII minus and ``x``), and the text is what these commands printed before."""

from decimal import Decimal

from desktop.cli.common import load_snapshot
from desktop.cli.overview import demo_account, overview_lines
from desktop.cli.simulate import summary_line
from desktop.engine import Account, AssetBalance
from desktop.engine.parameters import parse_time
from desktop.engine.valuation import summarize

DEMO = """\
Account Overview — demo account (example parameters, not live (MARGIN_MODEL.md §9))
  Net equity                   12,850.00 USD
  Available (equity)           12,850.00 USD
  Initial Margin                    0.00 USD
  Maintenance Margin                0.00 USD
  Margin fraction                      —
  IMR / MMR                0.00 % / 0.00 %
  Leverage                         0.00x
  Max Account Leverage               10x

  asset         balance         mark   weight     collateral  available to borrow
  USDC            10000            1   1.0000      10,000.00               128500
  SOL                20          150   0.9500       2,850.00               342.66"""

BORROWING = """\
Account Overview — demo account (example parameters, not live (MARGIN_MODEL.md §9))
  Net equity                   12,400.00 USD
  Available (equity)           10,600.00 USD
  Initial Margin                1,800.00 USD
  Maintenance Margin              900.00 USD
  Margin fraction               137.78 %
  IMR / MMR               14.52 % / 7.26 %
  Leverage                         0.73x
  Max Account Leverage               10x

  asset         balance         mark   weight     collateral  available to borrow
  USDC            10000            1   1.0000      10,000.00               106000
  SOL                80          150   0.9500      11,400.00               282.66"""


def test_the_overview_reads_as_before():
    parameters = load_snapshot(None)
    assert "\n".join(overview_lines(demo_account(), parameters)) == DEMO
    borrowing = Account(
        balances={
            "USDC": AssetBalance(available=Decimal("10000")),
            "SOL": AssetBalance(available=Decimal("80"), borrowed=Decimal("60")),
        }
    )
    assert "\n".join(overview_lines(borrowing, parameters)) == BORROWING


def test_the_simulate_line_reads_as_before():
    time = parse_time("2026-11-22T00:00:00Z", "time")
    no_borrows = summarize(Decimal("12822.784"), Decimal(0), Decimal(0), Decimal(0), Decimal(0), Decimal("0.1"))
    assert summary_line("Demo", time, no_borrows, 0, 48, 0.0512) == (
        "Demo at 2026-11-22T00:00:00Z: equity 12,822.78 USD, IM 0.00, MM 0.00, margin fraction —, "
        "0 liquidation steps; 48 ticks in 0.05 s"
    )
    bankrupt = summarize(Decimal("50"), Decimal("100"), Decimal("100"), Decimal("10"), Decimal("5"), Decimal("0.1"))
    assert summary_line("Demo", time, bankrupt, 1, 1, 0.001) == (
        "Demo at 2026-11-22T00:00:00Z: equity -50.00 USD, IM 10.00, MM 5.00, margin fraction -50.00 %, "
        "1 liquidation step; 1 ticks in 0.00 s"
    )


def test_a_margin_fraction_of_a_thousand_percent_or_more_is_grouped_like_every_other_figure():
    """The one change: simulate wrote ``12750.00 %`` (no thousands separator) where the overview and
    the window write ``12,750.00 %``. Since the line is built by the one formatter, it groups too.
    Likewise the overview's leverage from 1,000x up (until now ``1000.00x``)."""
    time = parse_time("2026-11-22T00:00:00Z", "time")
    small_borrow = summarize(Decimal("12850"), Decimal("100"), Decimal("100"), Decimal("10"), Decimal("5"), Decimal(1))
    assert "margin fraction 12,750.00 %" in summary_line("Demo", time, small_borrow, 0, 1, 0.0)
