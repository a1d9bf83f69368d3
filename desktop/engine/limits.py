"""Limits (MARGIN_MODEL.md §4, §10): max borrow, max withdrawal, max margin withdrawal, liquidation price.

An action on asset ``a`` moves only ``a``'s terms, so each limit values the account once, keeps the
rest of it as constants, and searches over ``a`` alone (``search.py``). Every quantity limit is the
largest multiple of the asset's step that keeps ``netEquityAvailable ≥ 0`` and that the pool allows.
Perp positions sit in the frozen rest, except in the liquidation price, which moves the asset and
every perp on it; a perp-only underlying has only that (its quantity limits are 0).
"""

from __future__ import annotations

from collections.abc import Mapping
from decimal import ROUND_FLOOR, Decimal, localcontext

from .account import Account, AssetBalance
from .margin_curves import mmf_function, weight_function
from .numbers import ENGINE_CONTEXT, ZERO
from .parameters import AssetRules, MarginParameters, Pool
from .records import dataclass
from .search import first_failing_point, largest_passing_step
from .valuation import AccountValuation, AssetTerms, AssetValuation, asset_terms, value_account
from .vocabulary import PoolState

NO_TERMS = AssetTerms(ZERO, ZERO, ZERO, ZERO, ZERO, ZERO, ZERO, ZERO, ZERO)


class ValuedRows:
    """A valuation's rows by symbol, read once for every asset seen through it: each asset's terms, and
    each underlying's perps as ``(market, position, terms)`` in the valuation's order."""

    __slots__ = ("assets", "perps")

    def __init__(self, valuation: AccountValuation, parameters: MarginParameters) -> None:
        self.assets: dict[str, AssetValuation] = {row.symbol: row for row in valuation.assets}
        perps: dict[str, tuple] = {}
        for row in valuation.positions:
            perps[row.base] = (*perps.get(row.base, ()), (parameters.perps[row.symbol], row.position, row.terms))
        self.perps = perps


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
        valued: ValuedRows | None = None,
    ) -> None:
        rules = parameters.assets.get(symbol)
        self.is_asset = rules is not None  # False for a perp-only underlying: no rules, no balance
        self.rules: AssetRules = rules  # type: ignore[assignment]  # read only when is_asset
        self.balance = balance = account.balance(symbol)
        self.mark = mark = marks[symbol]
        self._settings = account.settings
        self._leverage_floor: Decimal | None = None
        if valued is None:
            valued = ValuedRows(valuation, parameters)
        if rules is not None:
            self.step = rules.lending.step_size
            row = valued.assets.get(symbol)
            if row is not None and row.balance is balance and row.mark is mark:
                terms = row.terms  # the valuation's own: asset_terms of the same balance at the same mark
            else:
                terms = asset_terms(rules, balance, mark, self.leverage_floor)
        else:
            terms = NO_TERMS
        own = terms.collateral_value - terms.liability
        self.rest_available = valuation.net_equity_available - (own - terms.initial_margin)
        self.rest_above_maintenance = (valuation.net_equity - valuation.maintenance_margin) - (
            own - terms.maintenance_margin
        )
        self.rest_exposure = valuation.total_exposure - terms.exposure
        self.terms = terms
        # The perps on this underlying move with it: out of the frozen rest, back in at each price.
        self.perps = valued.perps.get(symbol, ())
        self.perp_quantity = ZERO
        self.has_position = False
        self.moving_exposure = False  # some perp on it has an exposure, which moves with the price
        for _market, position, perp in self.perps:
            self.rest_above_maintenance -= perp.pnl - perp.maintenance_margin
            self.rest_exposure -= perp.exposure
            if position is not None:
                self.perp_quantity += position.net_quantity
                self.has_position = True
            if perp.exposure_quantity:
                self.moving_exposure = True
        self._moving: tuple | None = None  # what above_maintenance_at reads, once it is first asked

    @property
    def leverage_floor(self) -> Decimal:
        """``1/leverageLimit``, worked out when first read (the liquidation price does not)."""
        if self._leverage_floor is None:
            with localcontext(ENGINE_CONTEXT):
                self._leverage_floor = self._settings.leverage_floor
        return self._leverage_floor

    @property
    def downward(self) -> bool:
        """The liquidation price is searched below the mark when the net delta
        ``(C − L)/P + Σ q_m`` is positive (§10; without perps, §4's ``C > L``)."""
        if not self.perps:
            return self.terms.collateral_value > self.terms.liability
        return self.terms.collateral_value - self.terms.liability + self.mark * self.perp_quantity > 0

    def available_after(self, balance: AssetBalance) -> Decimal:
        """``netEquityAvailable`` of the account with this asset's balance replaced."""
        terms = asset_terms(self.rules, balance, self.mark, self.leverage_floor)
        return self.rest_available + terms.collateral_value - terms.liability - terms.initial_margin

    def above_maintenance_at(self, price: Decimal) -> Decimal:
        """``netEquity − maintenanceMargin`` with this asset at ``price``; ≤ 0 means liquidatable.
        Only the MMF is worked out (the margin fractions' second half): the IMF is not needed here, and
        the liquidation price's search calls this a dozen times an asset. What does not move with the
        price is read once (``_moving``): the same operations on the same numbers as before, so the same
        result to the last digit (tests/engine/liquidation_reference.py keeps the plain version)."""
        moving = self._moving
        if moving is None:
            moving = self._moving = self._moving_terms()
        holding, borrowed, debt, weight_at, asset_mmf, perps = moving
        value = self.rest_above_maintenance
        if weight_at is not None:
            notional = holding * price
            collateral = notional * weight_at(notional)
            exposure = debt * price
            mmf = asset_mmf(exposure) if exposure else ZERO
            value += collateral - borrowed * price - exposure * mmf
        for quantity, net, settled, mmf_of in perps:
            exposure = quantity * price
            if net is not None:
                value += net * (price - settled)
            value -= exposure * (mmf_of(exposure) if exposure else ZERO)
        return value

    def _moving_terms(self) -> tuple:
        perps = tuple(
            (
                perp.exposure_quantity,
                None if position is None else position.net_quantity,
                None if position is None else position.settled_price,
                mmf_function(market.mmf),
            )
            for market, position, perp in self.perps
        )
        if not self.is_asset:
            return (None, None, None, None, None, perps)
        balance = self.balance
        return (
            balance.available + balance.locked + balance.lent,
            balance.borrowed,
            balance.borrowed + balance.pending_borrow,
            weight_function(self.rules.haircut),
            mmf_function(self.rules.mmf),
            perps,
        )

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
    answer, bound = liquidation_bracket(view, parameters, liquidatable_now)
    return answer if bound is None else _searched(view, parameters, bound)


def _searched(view: AssetInAccount, parameters: MarginParameters, bound: Decimal) -> Decimal | None:
    at_bound = view.above_maintenance_at(bound)
    if at_bound > 0:
        return None
    return first_failing_point(
        view.above_maintenance_at,
        view.mark,
        bound,
        parameters.assumptions.liquidation_price_relative_precision,
        at_bound,
    )


def liquidation_bracket(
    view: AssetInAccount, parameters: MarginParameters, liquidatable_now: bool
) -> tuple[Decimal | None, Decimal | None]:
    """``(answer, None)`` when the liquidation price needs no search, else ``(None, bound)``: the far end
    of the search, the mark being the near one."""
    balance = view.balance
    if not (balance.holding or balance.borrowed or view.has_position):
        return None, None
    if liquidatable_now:
        return view.mark, None
    if not (view.rest_exposure or balance.borrowed or balance.pending_borrow or view.moving_exposure):
        return None, None  # no exposure at any price: never liquidatable
    factor = parameters.assumptions.liquidation_price_search_factor
    return None, (view.mark / factor if view.downward else view.mark * factor)


# How much further than a known distance a price must be shown to lie before it is passed over, and
# the least distance worth the test. The searched price lies within 1e-12 of the crossing (relative to
# the price, at most 1 + d marks): d·1e-6 ≥ 1e-9·(1 + d) from d = 0.001 on, a thousand times that.
_FURTHER_MARGIN = Decimal("1.000001")
_LEAST_TESTED_DISTANCE = Decimal("0.001")


def liquidation_price_unless_further(
    view: AssetInAccount, parameters: MarginParameters, liquidatable_now: bool, distance: Decimal
) -> tuple[bool, Decimal | None]:
    """``(True, None)`` when this asset's liquidation price is None or surely further than ``distance``
    (a fraction of the mark) from the mark, told by one evaluation of the slack instead of a search;
    else ``(False, liquidation_price(...))``. Between the mark (where the account passes: the caller
    makes sure) and the search's bound the slack is concave, so it crosses 0 once: a price past
    ``distance`` that still passes puts the crossing, and the failing point the search returns,
    beyond it."""
    answer, bound = liquidation_bracket(view, parameters, liquidatable_now)
    if bound is None:
        return False, answer
    if distance >= _LEAST_TESTED_DISTANCE:
        mark = view.mark
        if bound < mark:
            probe = mark * (1 - distance * _FURTHER_MARGIN)
            testable = probe > bound
        else:
            probe = mark * (1 + distance * _FURTHER_MARGIN)
            testable = probe < bound
        if testable and view.above_maintenance_at(probe) > 0:
            return True, None
    return False, _searched(view, parameters, bound)


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
        if not view.is_asset:  # a perp-only underlying: no balance can move, only its price
            return AssetLimits(ZERO, ZERO, ZERO, liquidation_price(view, parameters, valuation.liquidatable))
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
    """The liquidation price of every asset the account holds or borrows and of every base of an open
    position (§4, §10 precision 2)."""
    with localcontext(ENGINE_CONTEXT):
        valuation = valuation or value_account(account, parameters, marks)
        symbols = [symbol for symbol, balance in account.balances.items() if balance.holding or balance.borrowed]
        for market in sorted(account.positions):
            base = parameters.perps[market].base
            if base not in symbols:
                symbols.append(base)
        valued = ValuedRows(valuation, parameters)
        return {
            symbol: liquidation_price(
                AssetInAccount(account, parameters, marks, valuation, symbol, valued),
                parameters,
                valuation.liquidatable,
            )
            for symbol in symbols
        }


def account_limits(
    account: Account, parameters: MarginParameters, marks: Mapping[str, Decimal], pools: Mapping[str, Pool]
) -> dict[str, AssetLimits]:
    """Every limit of §4 for every asset of the snapshot and every perp-only underlying (§10), valuing
    the account once."""
    with localcontext(ENGINE_CONTEXT):
        valuation = value_account(account, parameters, marks)
        return {
            symbol: asset_limits(account, parameters, marks, pools, symbol, valuation)
            for symbol in parameters.underlyings
        }
