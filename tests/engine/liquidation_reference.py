"""The liquidation price as ``limits.py`` worked it out before its slack function read the unmoving figures
once (kept here, plain, as the reference the faster path must equal to the last digit)."""

from __future__ import annotations

from collections.abc import Callable
from decimal import Decimal, localcontext

from desktop.engine.limits import AssetInAccount
from desktop.engine.numbers import ENGINE_CONTEXT, ZERO, size_scaled
from desktop.engine.valuation import asset_terms, value_account


def reference_above_maintenance_at(view: AssetInAccount, price: Decimal) -> Decimal:
    value = view.rest_above_maintenance
    if view.is_asset:
        balance = view.balance
        notional = (balance.available + balance.locked + balance.lent) * price
        collateral = notional * view.rules.haircut.weight_at(notional)
        exposure = (balance.borrowed + balance.pending_borrow) * price
        mmf = size_scaled(view.rules.mmf, exposure) if exposure else ZERO
        value += collateral - balance.borrowed * price - exposure * mmf
    for market, position, perp in view.perps:
        exposure = perp.exposure_quantity * price
        if position is not None:
            value += position.net_quantity * (price - position.settled_price)
        value -= exposure * (size_scaled(market.mmf, exposure) if exposure else ZERO)
    return value


def reference_view(account, parameters, marks, valuation, symbol: str) -> AssetInAccount:
    """The view as it was built: the asset's terms worked out afresh, its perps read off the valuation."""
    view = AssetInAccount(account, parameters, marks, valuation, symbol)
    if view.is_asset:
        fresh = asset_terms(view.rules, view.balance, view.mark, view.leverage_floor)
        assert fresh == view.terms and str(fresh) == str(view.terms)
    perps = tuple(
        (parameters.perps[row.symbol], row.position, row.terms) for row in valuation.positions if row.base == symbol
    )
    assert perps == view.perps
    return view


def reference_liquidation_price(view: AssetInAccount, parameters, liquidatable_now: bool) -> Decimal | None:
    balance = view.balance
    if not (balance.holding or balance.borrowed or any(position is not None for _, position, _ in view.perps)):
        return None
    if liquidatable_now:
        return view.mark
    moving_exposure = any(perp.exposure_quantity for _, _, perp in view.perps)
    if not (view.rest_exposure or balance.borrowed or balance.pending_borrow or moving_exposure):
        return None

    def slack(price: Decimal) -> Decimal:
        return reference_above_maintenance_at(view, price)

    factor = parameters.assumptions.liquidation_price_search_factor
    downward = view.downward
    bound = view.mark / factor if downward else view.mark * factor
    if slack(bound) > 0:
        return None
    return reference_first_failing_point(
        slack, view.mark, bound, parameters.assumptions.liquidation_price_relative_precision
    )


def reference_liquidation_prices(account, parameters, marks) -> dict[str, Decimal | None]:
    with localcontext(ENGINE_CONTEXT):
        valuation = value_account(account, parameters, marks)
        symbols = [symbol for symbol, balance in account.balances.items() if balance.holding or balance.borrowed]
        for market in sorted(account.positions):
            base = parameters.perps[market].base
            if base not in symbols:
                symbols.append(base)
        return {
            symbol: reference_liquidation_price(
                reference_view(account, parameters, marks, valuation, symbol), parameters, valuation.liquidatable
            )
            for symbol in symbols
        }


# search.py as it was (its loop now reuses a difference and divides by Decimal 2: the same numbers)
def reference_first_failing_point(
    slack: Callable[[Decimal], Decimal], passing: Decimal, failing: Decimal, relative_precision: Decimal
) -> Decimal:
    """A point ``x`` with ``slack(x) ≤ 0`` within ``relative_precision`` of where slack crosses 0.

    ``slack(passing) > 0`` and ``slack(failing) ≤ 0``; the points between them pass up to one
    crossing (true for the concave slack functions of the liquidation price).
    """
    slack_pass, slack_fail = slack(passing), slack(failing)
    last_side = 0
    for iteration in range(400):
        width = abs(failing - passing)
        tolerance = relative_precision * min(abs(failing), abs(passing)) / 2
        if width <= tolerance:
            # A hair further into the failing side: at the crossing itself the slack is ~0 and its sign
            # can differ between two exact-to-34-digits computations of it (seen: −3.5e-23 against 3e-29).
            return failing + (failing - passing) / width * tolerance / 1000 if width else failing
        if iteration < 3 * 24 and slack_pass != slack_fail:
            probe = passing + (failing - passing) * (slack_pass / (slack_pass - slack_fail))
        else:
            probe = (passing + failing) / 2
        # Keep the probe at least half a tolerance inside the bracket, so the bracket must shrink.
        nudge = tolerance / 2 if failing > passing else -tolerance / 2
        if abs(probe - passing) < abs(nudge):
            probe = passing + nudge
        elif abs(failing - probe) < abs(nudge):
            probe = failing - nudge
        value = slack(probe)
        if value > 0:
            passing, slack_pass = probe, value
            if last_side == 1:
                slack_fail /= 2
            last_side = 1
        else:
            failing, slack_fail = probe, value if value < 0 else ZERO
            if last_side == -1:
                slack_pass /= 2
            last_side = -1
    return failing
