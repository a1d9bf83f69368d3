"""Account state (MARGIN_MODEL.md §2): per-asset balances and the account's settings."""

from __future__ import annotations

from collections.abc import Mapping
from decimal import Decimal

from .numbers import ZERO
from .positions import Position, RestingSize
from .records import dataclass, field, replace
from .vocabulary import MAX_LEVERAGE_LIMIT, MIN_LEVERAGE_LIMIT  # noqa: F401 - re-exported


@dataclass(frozen=True, slots=True)
class AssetBalance:
    """One asset of one account. ``holding`` (available + locked + lent) is what counts as collateral."""

    available: Decimal = ZERO
    locked: Decimal = ZERO
    lent: Decimal = ZERO
    borrowed: Decimal = ZERO
    pending_borrow: Decimal = ZERO

    @property
    def holding(self) -> Decimal:
        return self.available + self.locked + self.lent

    @property
    def is_empty(self) -> bool:
        return not (self.available or self.locked or self.lent or self.borrowed or self.pending_borrow)

    def changed(
        self,
        *,
        available: Decimal | None = None,
        locked: Decimal | None = None,
        lent: Decimal | None = None,
        borrowed: Decimal | None = None,
        pending_borrow: Decimal | None = None,
    ) -> AssetBalance:
        """A copy with the given fields changed. The limits' searches make thousands of these: built
        directly, not through the generic ``replace`` (a fifth of the all-limits time)."""
        return AssetBalance(
            self.available if available is None else available,
            self.locked if locked is None else locked,
            self.lent if lent is None else lent,
            self.borrowed if borrowed is None else borrowed,
            self.pending_borrow if pending_borrow is None else pending_borrow,
        )


EMPTY_BALANCE = AssetBalance()


@dataclass(frozen=True, slots=True)
class AccountSettings:
    """Max Account Leverage (``leverageLimit``), Auto Lend and auto repay."""

    leverage_limit: int = 10
    auto_lend: bool = False
    auto_repay_borrows: bool = False

    @property
    def leverage_floor(self) -> Decimal:
        """``1/leverageLimit``: the least IMF any borrow carries."""
        return Decimal(1) / Decimal(self.leverage_limit)


@dataclass(frozen=True, slots=True)
class Account:
    """A cross-margin account (Backpack's subaccount): balances by asset symbol, settings, and (§10)
    perp positions by market and the size of the resting perp orders that add risk."""

    balances: Mapping[str, AssetBalance] = field(default_factory=dict)
    settings: AccountSettings = field(default_factory=AccountSettings)
    positions: Mapping[str, Position] = field(default_factory=dict)
    resting_perps: Mapping[str, RestingSize] = field(default_factory=dict)

    @property
    def has_perps(self) -> bool:
        return bool(self.positions or self.resting_perps)

    def balance(self, symbol: str) -> AssetBalance:
        return self.balances.get(symbol, EMPTY_BALANCE)

    def with_balance(self, symbol: str, balance: AssetBalance) -> Account:
        balances = dict(self.balances)
        balances[symbol] = balance
        return replace(self, balances=balances)
