"""Table models of the Lend dashboard and the Portfolio. Their rows are the asset symbols; the figures
of each row are computed once per change into a plain record (``PoolFigures``, ``Holding``), so
painting and fitting the columns only format numbers."""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal
from operator import attrgetter
from typing import TYPE_CHECKING

from ..engine import AccountState, MarginParameters, pool_rates
from ..engine.valuation import asset_terms
from ..engine.vocabulary import PoolState
from ..text.formatting import DASH, compact, percent, usd
from .change import Change
from .tables import TOOLTIP, SessionTableModel

if TYPE_CHECKING:
    from .session import Session

NONE = Decimal(0)


@dataclass(frozen=True, slots=True)
class PoolFigures:
    """One lending pool as the Lend dashboard shows it, with the account's part."""

    symbol: str
    state: str  # a PoolState
    lent: Decimal
    borrowed: Decimal
    utilization: Decimal
    throttled: bool
    lend_apr: Decimal
    borrow_apr: Decimal
    your_lent: Decimal
    your_borrowed: Decimal
    interest: Decimal | None  # accrued so far: charged on a borrow, earned on a lend


def pool_figures(state: AccountState, parameters: MarginParameters, interest: dict[str, Decimal]) -> list[PoolFigures]:
    rows = []
    for symbol, rules in parameters.assets.items():
        pool = state.pools[symbol]
        rates = pool_rates(rules.lending, pool)
        balance = state.account.balance(symbol)
        rows.append(
            PoolFigures(
                symbol,
                rules.lending.state,
                pool.lent_quantity,
                pool.borrowed_quantity,
                rates.utilization,
                rates.throttled,
                rates.lend_apr,
                rates.borrow_apr,
                balance.lent,
                balance.borrowed,
                interest.get(symbol),
            )
        )
    return rows


class FiguresBySymbol(SessionTableModel):
    """Rows are asset symbols; ``figures`` holds each row's record."""

    def __init__(self, session: Session | None = None, parent=None) -> None:
        super().__init__(session, parent)
        self.figures: dict[str, object] = {}
        self.interest: dict[str, Decimal] = {}
        self._incoming: dict[str, object] = {}

    def show_figures(self, records: list, columns=None) -> None:
        """Feed the table: one record (with a ``symbol``) per row."""
        self._incoming = {record.symbol: record for record in records}
        self.set_rows([record.symbol for record in records], columns)

    # column → the record's fields its text reads (subclasses): a cell whose fields did not move keeps
    # its text, so a tick formats only the figures that moved (the marks, mostly)
    READS: dict[int, tuple[str, ...]] = {}

    def adopt(self, rows: list) -> None:
        self.rows, self.figures = rows, self._incoming

    def adopt_kept(self, rows: list, columns) -> set[tuple[int, int]]:
        old = self.figures
        self.adopt(rows)
        kept: set[tuple[int, int]] = set()
        if getattr(self, "_formats_read", None) is not self.formats:  # another account's decimals
            self._formats_read = self.formats
            return kept
        reads = [(column, frozenset(self.READS[column])) for column in columns if column in self.READS]
        fields = tuple(frozenset().union(*(read for _, read in reads)))
        # each field compared once, not once for each column that reads it, all read in one call
        values = attrgetter(*fields) if len(fields) > 1 else lambda record: tuple(getattr(record, f) for f in fields)
        for number, symbol in enumerate(rows):
            was, now = old.get(symbol), self.figures[symbol]
            if was is None:
                continue
            if was is now:
                moved: set = set()
            else:
                moved = {field for field, before, after in zip(fields, values(was), values(now)) if before != after}
            kept.update((number, column) for column, read in reads if moved.isdisjoint(read))
        return kept

    def cell(self, symbol: str, column: int) -> str:
        return self.text(self.figures[symbol], column)

    def sort_key(self, symbol: str, column: int):
        return self.raw(self.figures[symbol], column)

    def text(self, record, column: int) -> str:
        raise NotImplementedError

    def raw(self, record, column: int):
        raise NotImplementedError


class PoolsModel(FiguresBySymbol):
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
    READS = {
        COL_ASSET: ("state",),
        COL_LENT: ("lent",),
        COL_BORROWED: ("borrowed",),
        COL_UTILIZATION: ("utilization", "throttled"),
        COL_LEND_APR: ("lend_apr",),
        COL_BORROW_APR: ("borrow_apr",),
        COL_YOURS: ("your_lent", "your_borrowed"),
        COL_INTEREST: ("interest",),
    }

    def __init__(self, session: Session | None = None, parent=None) -> None:
        super().__init__(session, parent)
        if session is not None:
            self.reload()

    def shows(self, change: Change) -> bool:
        return bool(change.opened or change.pools or change.balances or change.interest)

    def follow(self, change: Change) -> None:
        if change.opened:
            self.formats = self.session.formats
        if change.opened or change.interest:
            self.interest = self.session.accrued_interest()
        self.show_figures(pool_figures(self.session.state, self.session.parameters, self.interest), self.NUMERIC)

    def reload(self) -> None:
        self.interest = self.session.accrued_interest()
        self.show_figures(pool_figures(self.session.state, self.session.parameters, self.interest), self.NUMERIC)

    def text(self, pool: PoolFigures, column: int) -> str:
        formats, symbol = self.formats, pool.symbol
        if column == self.COL_ASSET:
            return symbol if pool.state == PoolState.OPEN else f"{symbol} ({pool.state})"
        if column == self.COL_LENT:  # pool sizes read short (80 M); the whole figure is the tooltip
            return compact(pool.lent, formats.quantity(symbol, pool.lent))
        if column == self.COL_BORROWED:
            return compact(pool.borrowed, formats.quantity(symbol, pool.borrowed))
        if column == self.COL_UTILIZATION:
            return percent(pool.utilization) + ("  ⚠ throttled" if pool.throttled else "")
        if column == self.COL_LEND_APR:
            return percent(pool.lend_apr)
        if column == self.COL_BORROW_APR:
            return percent(pool.borrow_apr)
        if column == self.COL_YOURS:
            if pool.your_lent:
                return f"lent {formats.quantity(symbol, pool.your_lent)}"
            if pool.your_borrowed:
                return f"borrowed {formats.quantity(symbol, pool.your_borrowed)}"
            return DASH
        return DASH if not pool.interest else formats.quantity(symbol, pool.interest)

    ROLES = FiguresBySymbol.ROLES | {TOOLTIP}

    def extra(self, symbol: str, column: int, role: int):
        if role == TOOLTIP and column in (self.COL_LENT, self.COL_BORROWED):
            pool = self.figures[symbol]
            quantity = pool.lent if column == self.COL_LENT else pool.borrowed
            return f"{self.formats.quantity(symbol, quantity)} {symbol}"
        return None

    def raw(self, pool: PoolFigures, column: int):
        return {
            self.COL_ASSET: pool.symbol,
            self.COL_LENT: float(pool.lent),
            self.COL_BORROWED: float(pool.borrowed),
            self.COL_UTILIZATION: float(pool.utilization),
            self.COL_LEND_APR: float(pool.lend_apr),
            self.COL_BORROW_APR: float(pool.borrow_apr),
            self.COL_YOURS: float(pool.your_lent - pool.your_borrowed),
            self.COL_INTEREST: float(pool.interest or 0),
        }[column]


@dataclass(frozen=True, slots=True)
class Holding:
    """One asset of the Portfolio: balances, mark, collateral weight and value, accrued interest."""

    symbol: str
    available: Decimal
    locked: Decimal
    lent: Decimal
    borrowed: Decimal
    mark: Decimal  # USD
    weight: Decimal
    collateral_value: Decimal  # USD
    interest: Decimal | None


def holdings(state: AccountState, parameters: MarginParameters, interest: dict[str, Decimal]) -> list[Holding]:
    """The assets the account holds, lends or owes, in the parameters' order."""
    rows = []
    floor = state.account.settings.leverage_floor
    for symbol, rules in parameters.assets.items():
        balance = state.account.balance(symbol)
        if balance.is_empty:
            continue
        terms = asset_terms(rules, balance, state.marks[symbol], floor)
        rows.append(
            Holding(
                symbol,
                balance.available,
                balance.locked,
                balance.lent,
                balance.borrowed,
                state.marks[symbol],
                terms.weight,
                terms.collateral_value,
                interest.get(symbol),
            )
        )
    return rows


class PortfolioModel(FiguresBySymbol):
    """Per asset held, lent or owed: balances, mark, collateral weight and value, accrued interest."""

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
    MARK_COLUMNS = frozenset({COL_MARK, COL_WEIGHT, COL_VALUE})  # what a move of the marks alone changes
    READS = {
        COL_AVAILABLE: ("available",),
        COL_LOCKED: ("locked",),
        COL_LENT: ("lent",),
        COL_BORROWED: ("borrowed",),
        COL_MARK: ("mark",),
        COL_WEIGHT: ("weight",),
        COL_VALUE: ("collateral_value",),
        COL_INTEREST: ("interest",),
    }

    def __init__(self, session: Session | None = None, parent=None) -> None:
        super().__init__(session, parent)
        if session is not None:
            self.reload()

    def shows(self, change: Change) -> bool:
        return bool(change.opened or change.balances or change.marks or change.interest or change.settings)

    def follow(self, change: Change) -> None:
        if change.opened:
            self.formats = self.session.formats
        if change.opened or change.interest:
            self.interest = self.session.accrued_interest()
        marks_only = not (change.opened or change.balances or change.interest or change.settings)
        self.show_figures(
            holdings(self.session.state, self.session.parameters, self.interest),
            self.MARK_COLUMNS if marks_only else self.NUMERIC,
        )

    def reload(self) -> None:
        self.interest = self.session.accrued_interest()
        self.show_figures(holdings(self.session.state, self.session.parameters, self.interest), self.NUMERIC)

    def text(self, holding: Holding, column: int) -> str:
        formats, symbol = self.formats, holding.symbol
        if column == self.COL_ASSET:
            return symbol
        if column == self.COL_MARK:
            return formats.price(symbol, holding.mark)
        if column == self.COL_WEIGHT:
            return f"{holding.weight:.4f}"
        if column == self.COL_VALUE:
            return usd(holding.collateral_value)
        if column == self.COL_INTEREST:
            return DASH if not holding.interest else formats.quantity(symbol, holding.interest)
        return formats.quantity(symbol, self.raw_decimal(holding, column))

    def raw_decimal(self, holding: Holding, column: int) -> Decimal:
        return {
            self.COL_AVAILABLE: holding.available,
            self.COL_LOCKED: holding.locked,
            self.COL_LENT: holding.lent,
            self.COL_BORROWED: holding.borrowed,
            self.COL_MARK: holding.mark,
            self.COL_WEIGHT: holding.weight,
            self.COL_VALUE: holding.collateral_value,
            self.COL_INTEREST: holding.interest or NONE,
        }[column]

    def raw(self, holding: Holding, column: int):
        return holding.symbol if column == self.COL_ASSET else float(self.raw_decimal(holding, column))
