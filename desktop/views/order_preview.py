"""The Spot order form's "after" figures, as Manual Borrow and Margin Withdrawal show theirs: the
borrow (when a resting order fills), its entry fee, margin fraction and IMR after, the estimated
liquidation price after, and a note when the order rests or could never fill."""

from __future__ import annotations

from decimal import Decimal

from ..models.session import Session
from ..text.formatting import DASH, percent


def after_figures(session: Session, rules, price: Decimal | None, shown) -> tuple[dict, Decimal | None, tuple]:
    """(figures by row, the liquidation line for the chart in the quote, (note, its kind))."""
    formats, market = session.formats, rules.symbol
    borrows = ", ".join(f"{formats.quantity(s, q)} {s}" for s, q in shown.new_borrows.items()) or "none"
    fees = ", ".join(f"{formats.quantity(s, q)} {s}" for s, q in shown.entry_fees.items()) or "none"
    liquidation = shown.liquidation_prices_after.get(rules.base)
    resting = shown.resting_at is not None
    figures = {
        "borrow": f"{borrows} on fill"
        if resting and shown.new_borrows
        else borrows,  # "when it fills" was cut at 1440 px
        "entry_fee": fees,
        "margin_fraction": percent(shown.after.margin_fraction),
        "imr": percent(shown.after.imr),
        "liquidation": DASH if liquidation is None else f"{formats.price(rules.base, liquidation)} USD",
    }
    note = ("", "")
    if shown.liquidated_before_fill:
        note = (
            f"⚠ The account would be liquidated before {rules.base} reaches "
            f"{formats.price(market, price)} {rules.quote}: this order could not fill.",
            "warning",
        )
    elif resting:
        note = (
            f"This order rests on the book until {rules.base}/{rules.quote} reaches "
            f"{formats.price(market, price)}; the figures after are at that price.",
            "note",
        )
    # The chart is in the market's quote: USD per quote unit.
    line = None if liquidation is None else liquidation / session.state.marks[rules.quote]
    return figures, line, note
