"""The liquidation price as ``limits.py`` worked it out before its slack function read the unmoving figures
once (kept here, plain, as the reference the faster path must equal to the last digit)."""

from __future__ import annotations

from decimal import Decimal, localcontext

from desktop.engine.limits import AssetInAccount
from desktop.engine.numbers import ENGINE_CONTEXT, ZERO, size_scaled
from desktop.engine.search import first_failing_point
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
    if not (balance.holding or balance.borrowed or view.has_position):
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
    return first_failing_point(slack, view.mark, bound, parameters.assumptions.liquidation_price_relative_precision)


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
