"""Table models of the Lend dashboard and the Portfolio."""

from __future__ import annotations

from decimal import Decimal

from PySide6.QtCore import Qt

from ..engine import pool_rates
from ..engine.valuation import asset_terms
from ..text.formatting import compact, percent, usd
from .desk import Desk
from .tables import DeskTableModel


def accrued_interest(desk: Desk) -> dict[str, Decimal]:
    """Per asset: interest charged on borrows (entry fees included) or earned on lends, so far."""
    return desk.accounts.accrued_interest(desk.name)


class PoolsModel(DeskTableModel):
    """The lending pools: totals, utilization (with a throttled badge), rates, the account's part."""

    COL_ASSET, COL_LENT, COL_BORROWED, COL_UTILIZATION, COL_LEND_APR, COL_BORROW_APR, COL_YOURS, COL_INTEREST = range(8)
    HEADERS = (
        "Asset",
        "Total\nlent",
        "Total\nborrowed",
        "Utilization",
        "Lend\nAPR",
        "Borrow\nAPR",
        "Your lend\nor borrow",
        "Accrued\ninterest",
    )
    NUMERIC = frozenset(range(1, 8))

    def __init__(self, desk: Desk, parent=None) -> None:
        super().__init__(desk, parent)
        self.interest: dict[str, Decimal] = {}
        desk.stateChanged.connect(self._on_state)
        self.reload()

    def reload(self, *_args) -> None:
        self.interest = accrued_interest(self.desk)
        self.replace_rows(list(self.desk.parameters.assets))

    def _on_state(self, reason: str) -> None:
        if not self.wants_update():
            return
        if reason == "tick" and self.rows:
            if self.desk.touched("Interest", "EntryFee"):
                self.interest = accrued_interest(self.desk)
            self.dataChanged.emit(
                self.index(0, 1), self.index(len(self.rows) - 1, len(self.HEADERS) - 1), [Qt.ItemDataRole.DisplayRole]
            )
        else:
            self.reload()

    def values(self, symbol: str):
        rules = self.desk.parameters.assets[symbol].lending
        pool = self.desk.state.pools[symbol]
        return rules, pool, pool_rates(rules, pool), self.desk.state.account.balance(symbol)

    def cell(self, symbol: str, column: int) -> str:
        formats = self.desk.formats
        rules, pool, rates, balance = self.values(symbol)
        if column == self.COL_ASSET:
            return symbol if rules.state == "Open" else f"{symbol} ({rules.state})"
        if column == self.COL_LENT:  # pool sizes read short (80 M); the whole figure is the tooltip
            return compact(pool.lent_quantity, formats.quantity(symbol, pool.lent_quantity))
        if column == self.COL_BORROWED:
            return compact(pool.borrowed_quantity, formats.quantity(symbol, pool.borrowed_quantity))
        if column == self.COL_UTILIZATION:
            return percent(rates.utilization) + ("  ⚠ throttled" if rates.throttled else "")
        if column == self.COL_LEND_APR:
            return percent(rates.lend_apr)
        if column == self.COL_BORROW_APR:
            return percent(rates.borrow_apr)
        if column == self.COL_YOURS:
            if balance.lent:
                return f"lent {formats.quantity(symbol, balance.lent)}"
            if balance.borrowed:
                return f"borrowed {formats.quantity(symbol, balance.borrowed)}"
            return "—"
        interest = self.interest.get(symbol)
        return "—" if not interest else formats.quantity(symbol, interest)

    def data(self, index, role: int = Qt.ItemDataRole.DisplayRole):
        if (
            role == Qt.ItemDataRole.ToolTipRole
            and index.isValid()
            and index.column() in (self.COL_LENT, self.COL_BORROWED)
        ):
            symbol = self.rows[index.row()]
            pool = self.desk.state.pools[symbol]
            quantity = pool.lent_quantity if index.column() == self.COL_LENT else pool.borrowed_quantity
            return f"{self.desk.formats.quantity(symbol, quantity)} {symbol}"
        return super().data(index, role)

    def sort_key(self, symbol: str, column: int):
        rules, pool, rates, balance = self.values(symbol)
        return {
            self.COL_ASSET: symbol,
            self.COL_LENT: float(pool.lent_quantity),
            self.COL_BORROWED: float(pool.borrowed_quantity),
            self.COL_UTILIZATION: float(rates.utilization),
            self.COL_LEND_APR: float(rates.lend_apr),
            self.COL_BORROW_APR: float(rates.borrow_apr),
            self.COL_YOURS: float(balance.lent - balance.borrowed),
            self.COL_INTEREST: float(self.interest.get(symbol, 0)),
        }[column]


class PortfolioModel(DeskTableModel):
    """Per asset: balances, mark, collateral weight and value, accrued interest."""

    (COL_ASSET, COL_AVAILABLE, COL_LOCKED, COL_LENT, COL_BORROWED, COL_MARK, COL_WEIGHT, COL_VALUE, COL_INTEREST) = (
        range(9)
    )
    HEADERS = (
        "Asset",
        "Available",
        "Locked",
        "Lent",
        "Borrowed",
        "Mark\n(USD)",
        "Collateral\nweight",
        "Collateral\nvalue (USD)",
        "Accrued\ninterest",
    )
    NUMERIC = frozenset(range(1, 9))

    def __init__(self, desk: Desk, parent=None) -> None:
        super().__init__(desk, parent)
        self.interest: dict[str, Decimal] = {}
        desk.stateChanged.connect(self.reload)
        self.reload()

    def reload(self, reason: str = "") -> None:
        if not self.wants_update():
            return
        if reason != "tick" or self.desk.touched("Interest", "EntryFee"):
            self.interest = accrued_interest(self.desk)
        held = [
            symbol for symbol in self.desk.parameters.assets if not self.desk.state.account.balance(symbol).is_empty
        ]
        if held != self.rows:
            self.replace_rows(held)
        elif held:
            self.dataChanged.emit(
                self.index(0, 1), self.index(len(held) - 1, len(self.HEADERS) - 1), [Qt.ItemDataRole.DisplayRole]
            )

    def terms(self, symbol: str):
        state = self.desk.state
        balance = state.account.balance(symbol)
        return balance, asset_terms(
            self.desk.parameters.assets[symbol], balance, state.marks[symbol], state.account.settings.leverage_floor
        )

    def cell(self, symbol: str, column: int) -> str:
        formats = self.desk.formats
        balance, terms = self.terms(symbol)
        quantities = {
            self.COL_AVAILABLE: balance.available,
            self.COL_LOCKED: balance.locked,
            self.COL_LENT: balance.lent,
            self.COL_BORROWED: balance.borrowed,
        }
        if column == self.COL_ASSET:
            return symbol
        if column in quantities:
            return formats.quantity(symbol, quantities[column])
        if column == self.COL_MARK:
            return formats.price(symbol, self.desk.state.marks[symbol])
        if column == self.COL_WEIGHT:
            return f"{terms.weight:.4f}"
        if column == self.COL_VALUE:
            return usd(terms.collateral_value)
        interest = self.interest.get(symbol)
        return "—" if not interest else formats.quantity(symbol, interest)

    def sort_key(self, symbol: str, column: int):
        if column == self.COL_ASSET:
            return symbol
        balance, terms = self.terms(symbol)
        return float(
            {
                self.COL_AVAILABLE: balance.available,
                self.COL_LOCKED: balance.locked,
                self.COL_LENT: balance.lent,
                self.COL_BORROWED: balance.borrowed,
                self.COL_MARK: self.desk.state.marks[symbol],
                self.COL_WEIGHT: terms.weight,
                self.COL_VALUE: terms.collateral_value,
                self.COL_INTEREST: self.interest.get(symbol, Decimal(0)),
            }[column]
        )
