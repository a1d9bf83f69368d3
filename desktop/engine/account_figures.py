"""The figures derived from one account state (MARGIN_MODEL.md §3, §4, §10): its valuation, and each
asset's liquidation price, max borrow and max withdrawals, each worked out the first time it is asked
for and then kept.

A view showing one market pays for that market alone, and two views showing the same figure pay for it
once: the positions panel reads every liquidation price but no max borrow, the Lend form one asset's
max borrow. The figures are those of ``limits.py`` to the last digit: each asset is seen through the
same ``AssetInAccount`` with the same valuation, only fewer of them are worked out.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from decimal import Decimal, localcontext

from .limits import (
    AssetInAccount,
    AssetLimits,
    ValuedRows,
    liquidation_price,
    liquidation_price_unless_further,
    max_borrow_quantity,
    max_margin_withdrawal_quantity,
    max_withdrawal_quantity,
)
from .numbers import ENGINE_CONTEXT, ZERO
from .parameters import MarginParameters
from .state import AccountState
from .valuation import AccountValuation, value_account

_CLEAR_OF_ROUNDING = Decimal("1e-20")  # far above the 34-digit arithmetic's error, far below any real margin


class AccountFigures:
    """What the desk shows of one ``state``, computed lazily and at most once each."""

    def __init__(
        self, state: AccountState, parameters: MarginParameters, valuation: AccountValuation | None = None
    ) -> None:
        self.state = state
        self.parameters = parameters
        self._valuation = valuation  # the tick's own, when it brings one: not computed twice
        self._views: dict[str, AssetInAccount] = {}
        self._valued: ValuedRows | None = None  # the valuation's rows by symbol, for every view
        self._clear: bool | None = None  # see _clear_of_maintenance
        self._liquidation: dict[str, Decimal | None] = {}
        self._liquidation_prices: dict[str, Decimal | None] | None = None
        self._exposed_symbols: list[str] | None = None
        self._borrow: dict[str, Decimal] = {}
        self._withdrawal: dict[str, Decimal] = {}
        self._margin_withdrawal: dict[str, Decimal] = {}
        self._limits: dict[str, AssetLimits] = {}

    @property
    def valuation(self) -> AccountValuation:
        if self._valuation is None:
            state = self.state
            self._valuation = value_account(state.account, self.parameters, state.marks)
        return self._valuation

    def _view(self, symbol: str) -> AssetInAccount:  # under ENGINE_CONTEXT
        view = self._views.get(symbol)
        if view is None:
            state = self.state
            if self._valued is None:
                self._valued = ValuedRows(self.valuation, self.parameters)
            view = AssetInAccount(state.account, self.parameters, state.marks, self.valuation, symbol, self._valued)
            self._views[symbol] = view
        return view

    # -- liquidation prices (what the risk gauge, the positions panel and the chart read each tick) ---
    def liquidation_price(self, symbol: str) -> Decimal | None:
        """``symbol``'s estimated liquidation price (an asset or a perp's underlying), or None."""
        if symbol in self._liquidation:
            return self._liquidation[symbol]
        with localcontext(ENGINE_CONTEXT):
            return self._liquidation_price(symbol)

    def _liquidation_price(self, symbol: str) -> Decimal | None:  # under ENGINE_CONTEXT
        if symbol not in self._liquidation:
            view = self._view(symbol)
            self._liquidation[symbol] = liquidation_price(view, self.parameters, self.valuation.liquidatable)
        return self._liquidation[symbol]

    def liquidation_price_unless_further(self, symbol: str, distance: Decimal) -> tuple[bool, Decimal | None]:
        """``(True, None)`` when ``symbol``'s liquidation price is None or surely further than ``distance``
        (a fraction of its mark) from its mark, told without its search; else ``(False, its price)``
        (``limits.liquidation_price_unless_further``). The risk watch wants the nearest price alone:
        the others need not be worked out to the last digit."""
        if symbol in self._liquidation:
            return False, self._liquidation[symbol]
        if not self._clear_of_maintenance():
            return False, self.liquidation_price(symbol)
        with localcontext(ENGINE_CONTEXT):
            further, price = liquidation_price_unless_further(self._view(symbol), self.parameters, False, distance)
        if not further:
            self._liquidation[symbol] = price
        return further, price

    def _clear_of_maintenance(self) -> bool:
        """Whether the account surely passes at the marks (the searches start there), beyond any doubt
        the 34-digit arithmetic could leave."""
        if self._clear is None:
            valuation = self.valuation
            with localcontext(ENGINE_CONTEXT):
                room = valuation.net_equity - valuation.maintenance_margin
                scale = abs(valuation.net_equity) + valuation.maintenance_margin + valuation.total_exposure
                self._clear = not valuation.liquidatable and room > scale * _CLEAR_OF_ROUNDING
        return self._clear

    def _exposed(self) -> list[str]:
        """What has a liquidation price to show: each held or borrowed asset, then each position's base."""
        if self._exposed_symbols is None:
            account = self.state.account
            symbols = [symbol for symbol, balance in account.balances.items() if balance.holding or balance.borrowed]
            for market in sorted(account.positions):
                base = self.parameters.perps[market].base
                if base not in symbols:
                    symbols.append(base)
            self._exposed_symbols = symbols
        return self._exposed_symbols

    @property
    def liquidation_prices(self) -> dict[str, Decimal | None]:
        """Every held or borrowed asset's and every position base's liquidation price, in the order of
        ``limits.liquidation_prices``."""
        if self._liquidation_prices is None:
            with localcontext(ENGINE_CONTEXT):
                self._liquidation_prices = {symbol: self._liquidation_price(symbol) for symbol in self._exposed()}
        return self._liquidation_prices

    @property
    def lazy_liquidation_prices(self) -> LiquidationPrices:
        """``liquidation_prices`` as a mapping that works each price out when it is read: a form that
        shows its market's base pays for that one."""
        return LiquidationPrices(self)

    # -- the quantity limits (the forms' Max, the Lend page) --------------------------------------------
    def max_borrow(self, symbol: str) -> Decimal:
        if symbol not in self._borrow:
            with localcontext(ENGINE_CONTEXT):
                view = self._view(symbol)
                self._borrow[symbol] = max_borrow_quantity(view, self.state.pools[symbol]) if view.is_asset else ZERO
        return self._borrow[symbol]

    def max_withdrawal(self, symbol: str) -> Decimal:
        if symbol not in self._withdrawal:
            with localcontext(ENGINE_CONTEXT):
                view = self._view(symbol)
                found = max_withdrawal_quantity(view, self.state.pools[symbol]) if view.is_asset else ZERO
            self._withdrawal[symbol] = found
        return self._withdrawal[symbol]

    def max_margin_withdrawal(self, symbol: str) -> Decimal:
        if symbol not in self._margin_withdrawal:
            without_margin = self.max_withdrawal(symbol)
            with localcontext(ENGINE_CONTEXT):
                view = self._view(symbol)
                if view.is_asset:
                    found = max_margin_withdrawal_quantity(view, self.state.pools[symbol], without_margin)
                else:
                    found = ZERO
            self._margin_withdrawal[symbol] = found
        return self._margin_withdrawal[symbol]

    def asset_limits(self, symbol: str) -> AssetLimits:
        """Every limit of one asset, as ``limits.asset_limits`` gives it."""
        if symbol not in self._limits:
            self._limits[symbol] = AssetLimits(
                self.max_borrow(symbol),
                self.max_withdrawal(symbol),
                self.max_margin_withdrawal(symbol),
                self.liquidation_price(symbol),
            )
        return self._limits[symbol]

    @property
    def limits(self) -> LimitsByAsset:
        """Every asset's limits, as ``limits.account_limits`` gives them, each worked out when read."""
        return LimitsByAsset(self)


class LiquidationPrices(Mapping):
    """``{symbol: liquidation price}`` over the symbols ``liquidation_prices`` gives, each read lazily."""

    def __init__(self, figures: AccountFigures) -> None:
        self._figures = figures

    def __getitem__(self, symbol: str) -> Decimal | None:
        if symbol not in self._figures._exposed():
            raise KeyError(symbol)
        return self._figures.liquidation_price(symbol)

    def __iter__(self) -> Iterator[str]:
        return iter(self._figures._exposed())

    def __len__(self) -> int:
        return len(self._figures._exposed())

    def __repr__(self) -> str:
        return repr(dict(self))


class LimitsByAsset(Mapping):
    """``{symbol: limits}`` for every underlying, read lazily: a caller that reads one asset's liquidation
    price pays neither for the other assets nor for that asset's max borrow and withdrawal searches."""

    def __init__(self, figures: AccountFigures) -> None:
        self._figures = figures

    def __getitem__(self, symbol: str) -> LazyAssetLimits:
        if symbol not in self._figures.parameters.underlyings:
            raise KeyError(symbol)
        return LazyAssetLimits(self._figures, symbol)

    def __iter__(self) -> Iterator[str]:
        return iter(self._figures.parameters.underlyings)

    def __len__(self) -> int:
        return len(self._figures.parameters.underlyings)


class LazyAssetLimits:
    """One asset's ``AssetLimits``, each figure worked out when first read (and equal to the record)."""

    __slots__ = ("_figures", "symbol")

    def __init__(self, figures: AccountFigures, symbol: str) -> None:
        self._figures = figures
        self.symbol = symbol

    @property
    def max_borrow_quantity(self) -> Decimal:
        return self._figures.max_borrow(self.symbol)

    @property
    def max_withdrawal_quantity(self) -> Decimal:
        return self._figures.max_withdrawal(self.symbol)

    @property
    def max_margin_withdrawal_quantity(self) -> Decimal:
        return self._figures.max_margin_withdrawal(self.symbol)

    @property
    def liquidation_price(self) -> Decimal | None:
        return self._figures.liquidation_price(self.symbol)

    def resolved(self) -> AssetLimits:
        return self._figures.asset_limits(self.symbol)

    def __eq__(self, other: object) -> bool:
        if isinstance(other, LazyAssetLimits):
            other = other.resolved()
        if isinstance(other, AssetLimits):
            return self.resolved() == other
        return NotImplemented

    __hash__ = None  # type: ignore[assignment]  # as a mutable-looking view; compare, do not hash

    def __repr__(self) -> str:
        return repr(self.resolved())
