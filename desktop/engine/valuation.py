"""Valuation at mark prices (MARGIN_MODEL.md §3): collateral, exposure, margin, net equity.

``asset_terms`` is the one place an asset's contribution is computed; the account figures are sums
of it, and the limits (``limits.py``) re-evaluate it for the one asset an action changes while the
rest of the account stays a constant.
"""

from __future__ import annotations

from collections.abc import Mapping
from decimal import Decimal, localcontext

from .account import Account, AssetBalance
from .numbers import ENGINE_CONTEXT, ZERO, size_scaled
from .parameters import AssetRules, MarginParameters
from .positions import Position, PositionTerms, position_terms
from .records import dataclass


@dataclass(frozen=True, slots=True)
class AssetTerms:
    """One asset's part of the account's figures."""

    notional: Decimal  # V = holding · mark
    weight: Decimal  # collateral weight after the haircut curve
    collateral_value: Decimal  # C = V · weight
    liability: Decimal  # L = borrowed · mark
    exposure: Decimal  # E = (borrowed + pendingBorrow) · mark
    imf: Decimal  # position IMF (0 without exposure)
    mmf: Decimal
    initial_margin: Decimal  # E · imf
    maintenance_margin: Decimal  # E · mmf


def asset_terms(rules: AssetRules, balance: AssetBalance, mark: Decimal, leverage_floor: Decimal) -> AssetTerms:
    notional = (balance.available + balance.locked + balance.lent) * mark
    weight = rules.haircut.weight_at(notional)
    exposure = (balance.borrowed + balance.pending_borrow) * mark
    imf, mmf = position_margin_fractions(rules, exposure, leverage_floor)
    return AssetTerms(
        notional, weight, notional * weight, balance.borrowed * mark, exposure, imf, mmf, exposure * imf, exposure * mmf
    )


def position_margin_fractions(rules: AssetRules, exposure: Decimal, leverage_floor: Decimal) -> tuple[Decimal, Decimal]:
    """(imf, mmf) of a borrow exposure E, with the sqrt size term; (0, 0) without exposure."""
    if not exposure:
        return ZERO, ZERO
    return size_scaled(rules.imf, exposure, leverage_floor), size_scaled(rules.mmf, exposure)


@dataclass(frozen=True, slots=True)
class AssetValuation:
    symbol: str
    mark: Decimal
    balance: AssetBalance
    terms: AssetTerms


@dataclass(frozen=True, slots=True)
class PositionValuation:
    """One perp market with a position or resting risk-increasing orders (§10)."""

    symbol: str
    base: str
    mark: Decimal
    position: Position | None  # None: only resting orders
    terms: PositionTerms


@dataclass(frozen=True, slots=True)
class AccountValuation:
    """What Backpack's Account Overview shows, in the names of ``/api/v1/capital/collateral``."""

    assets_value: Decimal
    liabilities_value: Decimal
    pnl_unrealized: Decimal
    net_equity: Decimal
    total_exposure: Decimal
    initial_margin: Decimal
    maintenance_margin: Decimal
    net_equity_available: Decimal
    imf: Decimal
    mmf: Decimal
    margin_fraction: Decimal | None
    imr: Decimal | None
    mmr: Decimal | None
    leverage: Decimal | None
    liquidatable: bool
    assets: tuple[AssetValuation, ...]
    net_exposure_futures: Decimal = ZERO  # Σ E_m over perp markets (part of total_exposure)
    positions: tuple[PositionValuation, ...] = ()

    @property
    def borrow_liability(self) -> Decimal:
        return self.liabilities_value

    @property
    def net_equity_locked(self) -> Decimal:
        return self.initial_margin


def _by_symbol(row: AssetValuation) -> str:
    return row.symbol


def value_account(account: Account, parameters: MarginParameters, marks: Mapping[str, Decimal]) -> AccountValuation:
    """Value ``account`` at ``marks`` (every asset with a balance must have a mark)."""
    with localcontext(ENGINE_CONTEXT):
        floor = account.settings.leverage_floor
        rows = []
        rules_by_symbol = parameters.assets
        for symbol, balance in account.balances.items():
            if balance.is_empty:
                continue
            mark = marks[symbol]
            rows.append(
                AssetValuation(symbol, mark, balance, asset_terms(rules_by_symbol[symbol], balance, mark, floor))
            )
        perp_rows = []
        if account.positions or account.resting_perps:
            for symbol in sorted(set(account.positions) | set(account.resting_perps)):
                market = parameters.perps[symbol]
                mark = marks[market.base]
                position = account.positions.get(symbol)
                perp = position_terms(market, position, account.resting_perps.get(symbol), mark, floor)
                perp_rows.append(PositionValuation(symbol, market.base, mark, position, perp))
        return _summed(rows, perp_rows, floor)


def revalue(
    valuation: AccountValuation, account: Account, parameters: MarginParameters, marks: Mapping[str, Decimal]
) -> AccountValuation:
    """``value_account(account, parameters, marks)`` for the ``account`` that ``valuation`` valued: each
    asset and perp whose mark in ``marks`` is the very object it was valued at keeps its terms, the
    others are valued afresh, and the sums run as ``value_account`` runs them (the same figures to the
    last digit). The stress grid moves one asset per column: the rest is not valued again."""
    with localcontext(ENGINE_CONTEXT):
        floor = account.settings.leverage_floor
        rules_by_symbol = parameters.assets
        rows = []
        for row in valuation.assets:
            mark = marks[row.symbol]
            if mark is not row.mark:
                terms = asset_terms(rules_by_symbol[row.symbol], row.balance, mark, floor)
                row = AssetValuation(row.symbol, mark, row.balance, terms)
            rows.append(row)
        perp_rows = []
        for perp_row in valuation.positions:
            mark = marks[perp_row.base]
            if mark is not perp_row.mark:
                market = parameters.perps[perp_row.symbol]
                resting = account.resting_perps.get(perp_row.symbol)
                perp = position_terms(market, perp_row.position, resting, mark, floor)
                perp_row = PositionValuation(perp_row.symbol, perp_row.base, mark, perp_row.position, perp)
            perp_rows.append(perp_row)
        return _summed(rows, perp_rows, floor)


def _summed(rows: list[AssetValuation], perp_rows: list[PositionValuation], floor: Decimal) -> AccountValuation:
    assets_value = liabilities = exposure = initial = maintenance = ZERO
    # Summed in symbol order: terms such as E·imf do not terminate in 34 digits, so a sum in the
    # balances' order could differ in its last digit between two orders of the same account.
    for row in sorted(rows, key=_by_symbol):
        terms = row.terms
        assets_value += terms.collateral_value
        liabilities += terms.liability
        exposure += terms.exposure
        initial += terms.initial_margin
        maintenance += terms.maintenance_margin
    if not perp_rows:
        return summarize(assets_value, liabilities, exposure, initial, maintenance, floor, tuple(rows))
    pnl = futures = ZERO
    for perp_row in perp_rows:  # in perp symbol order
        perp = perp_row.terms
        pnl += perp.pnl
        futures += perp.exposure
        initial += perp.initial_margin
        maintenance += perp.maintenance_margin
    return summarize(
        assets_value,
        liabilities,
        exposure + futures,
        initial,
        maintenance,
        floor,
        tuple(rows),
        pnl,
        futures,
        tuple(perp_rows),
    )


def summarize(
    assets_value: Decimal,
    liabilities: Decimal,
    exposure: Decimal,
    initial: Decimal,
    maintenance: Decimal,
    leverage_floor: Decimal,
    rows: tuple[AssetValuation, ...] = (),
    pnl_unrealized: Decimal = ZERO,
    net_exposure_futures: Decimal = ZERO,
    positions: tuple[PositionValuation, ...] = (),
) -> AccountValuation:
    """The account figures of §3 (and §10) from the sums; ``exposure`` includes the perps'."""
    net_equity = assets_value + pnl_unrealized - liabilities
    if exposure:
        imf, mmf, margin_fraction = initial / exposure, maintenance / exposure, net_equity / exposure
    else:
        imf, mmf, margin_fraction = leverage_floor, ZERO, None
    imr: Decimal | None
    mmr: Decimal | None
    leverage: Decimal | None
    if net_equity > 0:
        imr, mmr, leverage = initial / net_equity, maintenance / net_equity, exposure / net_equity
    else:
        imr = mmr = leverage = None
    return AccountValuation(
        assets_value=assets_value,
        liabilities_value=liabilities,
        pnl_unrealized=pnl_unrealized,
        net_equity=net_equity,
        total_exposure=exposure,
        initial_margin=initial,
        maintenance_margin=maintenance,
        net_equity_available=net_equity - initial,
        imf=imf,
        mmf=mmf,
        margin_fraction=margin_fraction,
        imr=imr,
        mmr=mmr,
        leverage=leverage,
        liquidatable=bool(exposure > 0 and net_equity <= maintenance),
        assets=rows,
        net_exposure_futures=net_exposure_futures,
        positions=positions,
    )
