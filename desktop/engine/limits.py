"""Limits (MARGIN_MODEL.md §4): max borrow, max withdrawal, max margin withdrawal, liquidation price.

An action on asset ``a`` moves only ``a``'s terms, so each limit values the account once, keeps the
rest of it as constants, and searches over ``a`` alone (``search.py``). Every quantity limit is the
largest multiple of the asset's step that keeps ``netEquityAvailable ≥ 0`` and that the pool allows.
"""

from __future__ import annotations

from collections.abc import Mapping
from decimal import ROUND_FLOOR, Decimal, localcontext

from .account import Account, AssetBalance
from .numbers import ENGINE_CONTEXT, ZERO
from .parameters import AssetRules, MarginParameters, Pool
from .records import dataclass
from .search import first_failing_point, largest_passing_step
from .valuation import AccountValuation, asset_terms, position_margin_fractions, value_account
from .vocabulary import PoolState


@dataclass(frozen=True, slots=True)
class AssetLimits:
    max_borrow_quantity: Decimal
    max_withdrawal_quantity: Decimal
    max_margin_withdrawal_quantity: Decimal
    liquidation_price: Decimal | None


def pool_borrow_headroom(rules: AssetRules, pool: Pool, redeemed: Decimal = ZERO) -> Decimal:
    """What the pool can still lend: ``lentQuantity·Umax − borrowedQuantity``, after a redemption."""
    if rules.lending.state != PoolState.OPEN:
        return ZERO
    headroom = (pool.lent_quantity - redeemed) * rules.lending.usable_utilization - pool.borrowed_quantity
    return headroom if headroom > 0 else ZERO


def redeemable_lend(rules: AssetRules, pool: Pool, lent: Decimal) -> Decimal:
    """How much of ``lent`` the pool lets go now: ``min(lent, lentQuantity − borrowedQuantity/Umax)``."""
    if not lent or rules.lending.state == PoolState.CLOSED:
        return ZERO
    usable = rules.lending.usable_utilization
    if usable:
        bound = pool.lent_quantity - pool.borrowed_quantity / usable
    else:
        bound = pool.lent_quantity if not pool.borrowed_quantity else ZERO
    bound = min(lent, bound)
    return bound if bound > 0 else ZERO


class AssetInAccount:
    """The account seen from one asset: everything else frozen, this asset free to change."""

    def __init__(
        self,
        account: Account,
        parameters: MarginParameters,
        marks: Mapping[str, Decimal],
        valuation: AccountValuation,
        symbol: str,
    ) -> None:
        self.rules = parameters.assets[symbol]
        self.balance = account.balance(symbol)
        self.mark = marks[symbol]
        self.leverage_floor = account.settings.leverage_floor
        self.step = self.rules.lending.step_size
        terms = asset_terms(self.rules, self.balance, self.mark, self.leverage_floor)
        own = terms.collateral_value - terms.liability
        self.rest_available = valuation.net_equity_available - (own - terms.initial_margin)
        self.rest_above_maintenance = (valuation.net_equity - valuation.maintenance_margin) - (
            own - terms.maintenance_margin
        )
        self.rest_exposure = valuation.total_exposure - terms.exposure
        self.terms = terms

    def available_after(self, balance: AssetBalance) -> Decimal:
        """``netEquityAvailable`` of the account with this asset's balance replaced."""
        terms = asset_terms(self.rules, balance, self.mark, self.leverage_floor)
        return self.rest_available + terms.collateral_value - terms.liability - terms.initial_margin

    def above_maintenance_at(self, price: Decimal) -> Decimal:
        """``netEquity − maintenanceMargin`` with this asset at ``price``; ≤ 0 means liquidatable."""
        balance = self.balance
        notional = (balance.available + balance.locked + balance.lent) * price
        collateral = notional * self.rules.haircut.weight_at(notional)
        exposure = (balance.borrowed + balance.pending_borrow) * price
        mmf = position_margin_fractions(self.rules, exposure, self.leverage_floor)[1]
        return self.rest_above_maintenance + collateral - balance.borrowed * price - exposure * mmf

    def steps(self, quantity: Decimal) -> int:
        return int((quantity / self.step).to_integral_value(rounding=ROUND_FLOOR)) if quantity > 0 else 0


def max_borrow_quantity(view: AssetInAccount, pool: Pool) -> Decimal:
    """Borrow q and keep it as ``available``; 0 while the account lends this asset."""
    balance = view.balance
    if balance.lent or view.available_after(balance) < 0:
        return ZERO
    step = view.step

    def slack(n: int) -> Decimal:
        q = n * step
        return view.available_after(balance.changed(available=balance.available + q, borrowed=balance.borrowed + q))

    return largest_passing_step(slack, 0, view.steps(pool_borrow_headroom(view.rules, pool))) * step


def max_withdrawal_quantity(view: AssetInAccount, pool: Pool) -> Decimal:
    """Withdraw from ``available``, then from redeemable ``lent``; no borrow."""
    balance = view.balance
    if view.available_after(balance) < 0:
        return ZERO
    cap = view.steps(balance.available + redeemable_lend(view.rules, pool, balance.lent))
    step = view.step

    def slack(n: int) -> Decimal:
        return view.available_after(_withdrawn(balance, n * step))

    # Only collateral value moves, and its inverse has a closed form: start the search there.
    haircut = view.rules.haircut
    least_collateral = view.terms.collateral_value - view.available_after(balance)
    if haircut.weight.is_zero() or least_collateral <= 0:
        guess = cap
    else:
        least_holding = haircut.notional_for_collateral_value(least_collateral) / view.mark
        guess = min(cap, view.steps(balance.holding - least_holding))
    return _settle_near(slack, guess, 0, cap) * step


def max_margin_withdrawal_quantity(view: AssetInAccount, pool: Pool, without_margin: Decimal) -> Decimal:
    """As ``max_withdrawal_quantity``, then borrow the rest, once the whole lend is redeemed."""
    balance = view.balance
    spendable = balance.available + balance.lent
    if (
        without_margin < view.step * view.steps(spendable)
        or redeemable_lend(view.rules, pool, balance.lent) < balance.lent
    ):
        return without_margin
    headroom = pool_borrow_headroom(view.rules, pool, redeemed=balance.lent)
    step = view.step

    def slack(n: int) -> Decimal:
        q = n * step
        if q <= spendable:
            return view.available_after(_withdrawn(balance, q))
        borrow = q - spendable
        return view.available_after(balance.changed(available=ZERO, lent=ZERO, borrowed=balance.borrowed + borrow))

    low = view.steps(spendable)
    if slack(low) < 0:
        return without_margin
    return max(without_margin, largest_passing_step(slack, low, view.steps(spendable + headroom)) * step)


def liquidation_price(view: AssetInAccount, parameters: MarginParameters, liquidatable_now: bool) -> Decimal | None:
    """The price of this asset alone at which the account becomes liquidatable (§4), or None."""
    balance = view.balance
    if not (balance.holding or balance.borrowed):
        return None
    if liquidatable_now:
        return view.mark
    if not (view.rest_exposure or balance.borrowed or balance.pending_borrow):
        return None  # no exposure at any price: never liquidatable
    factor = parameters.assumptions.liquidation_price_search_factor
    downward = view.terms.collateral_value > view.terms.liability
    bound = view.mark / factor if downward else view.mark * factor
    if view.above_maintenance_at(bound) > 0:
        return None
    return first_failing_point(
        view.above_maintenance_at, view.mark, bound, parameters.assumptions.liquidation_price_relative_precision
    )


def _withdrawn(balance: AssetBalance, quantity: Decimal) -> AssetBalance:
    from_available = min(quantity, balance.available)
    return balance.changed(
        available=balance.available - from_available, lent=balance.lent - (quantity - from_available)
    )


def _settle_near(slack, guess: int, low: int, high: int) -> int:
    """Largest passing n in [low, high], starting from a close guess (a few evaluations)."""
    guess = min(max(guess, low), high)
    if slack(guess) < 0:
        return largest_passing_step(slack, low, guess - 1)
    if guess == high or slack(guess + 1) < 0:
        return guess
    return largest_passing_step(slack, guess + 1, high)


def asset_limits(
    account: Account,
    parameters: MarginParameters,
    marks: Mapping[str, Decimal],
    pools: Mapping[str, Pool],
    symbol: str,
    valuation: AccountValuation | None = None,
) -> AssetLimits:
    with localcontext(ENGINE_CONTEXT):
        valuation = valuation or value_account(account, parameters, marks)
        view = AssetInAccount(account, parameters, marks, valuation, symbol)
        pool = pools[symbol]
        withdrawal = max_withdrawal_quantity(view, pool)
        return AssetLimits(
            max_borrow_quantity=max_borrow_quantity(view, pool),
            max_withdrawal_quantity=withdrawal,
            max_margin_withdrawal_quantity=max_margin_withdrawal_quantity(view, pool, withdrawal),
            liquidation_price=liquidation_price(view, parameters, valuation.liquidatable),
        )


def liquidation_prices(
    account: Account,
    parameters: MarginParameters,
    marks: Mapping[str, Decimal],
    valuation: AccountValuation | None = None,
) -> dict[str, Decimal | None]:
    """The liquidation price of every asset the account holds or borrows (§4)."""
    with localcontext(ENGINE_CONTEXT):
        valuation = valuation or value_account(account, parameters, marks)
        return {
            symbol: liquidation_price(
                AssetInAccount(account, parameters, marks, valuation, symbol), parameters, valuation.liquidatable
            )
            for symbol, balance in account.balances.items()
            if balance.holding or balance.borrowed
        }


def account_limits(
    account: Account, parameters: MarginParameters, marks: Mapping[str, Decimal], pools: Mapping[str, Pool]
) -> dict[str, AssetLimits]:
    """Every limit of §4 for every asset of the snapshot, valuing the account once."""
    with localcontext(ENGINE_CONTEXT):
        valuation = value_account(account, parameters, marks)
        return {
            symbol: asset_limits(account, parameters, marks, pools, symbol, valuation) for symbol in parameters.assets
        }
