"""Table models of the positions panel's Borrows and Lends tabs: what the account owes (with the
asset's estimated liquidation price) and what it lends, each with its button (Repay, Redeem)."""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal
from typing import TYPE_CHECKING

from ..engine import AccountState, MarginParameters, pool_rates
from ..text.formatting import DASH, percent
from .change import Change
from .lend_models import FiguresBySymbol
from .position_models import BUTTON_ROLES, liquidation_text
from .tables import ACCESSIBLE, TOOLTIP

if TYPE_CHECKING:
    from .session import Session


@dataclass(frozen=True, slots=True)
class BorrowFigures:
    symbol: str
    quantity: Decimal
    interest: Decimal | None  # accrued so far (entry fees included)
    rate: Decimal  # the pool's borrow APR now
    mark: Decimal
    liquidation: Decimal | None


@dataclass(frozen=True, slots=True)
class LendFigures:
    symbol: str
    quantity: Decimal
    interest: Decimal | None  # earned so far
    rate: Decimal  # the pool's lend APR now


def borrow_figures(
    state: AccountState,
    parameters: MarginParameters,
    liquidation_prices: dict[str, Decimal | None],
    interest: dict[str, Decimal],
) -> list[BorrowFigures]:
    """One record per borrowed asset; ``liquidation_prices`` by asset (``Session.liquidation_prices``)."""
    rows = []
    for symbol, rules in parameters.assets.items():
        borrowed = state.account.balance(symbol).borrowed
        if not borrowed:
            continue
        rates = pool_rates(rules.lending, state.pools[symbol])
        price = liquidation_prices.get(symbol)
        rows.append(BorrowFigures(symbol, borrowed, interest.get(symbol), rates.borrow_apr, state.marks[symbol], price))
    return rows


def lend_figures(state: AccountState, parameters: MarginParameters, interest: dict[str, Decimal]) -> list[LendFigures]:
    rows = []
    for symbol, rules in parameters.assets.items():
        lent = state.account.balance(symbol).lent
        if lent:
            rows.append(
                LendFigures(symbol, lent, interest.get(symbol), pool_rates(rules.lending, state.pools[symbol]).lend_apr)
            )
    return rows


class PoolHoldingModel(FiguresBySymbol):
    """What the account holds in the pools, one asset a row: asset, quantity, interest, the pool's rate
    now and a button (Repay, Redeem) in ``COL_BUTTON``; subclasses add columns between rate and button."""

    COL_ASSET, COL_QUANTITY, COL_INTEREST, COL_RATE = range(4)
    COL_BUTTON = 4
    VERB = ""  # the button's tooltip: "{VERB} the {symbol} {NOUN}"
    NOUN = ""
    ROLES = FiguresBySymbol.ROLES | BUTTON_ROLES
    READS = {
        COL_ASSET: (),
        COL_QUANTITY: ("quantity",),
        COL_INTEREST: ("interest",),
        COL_RATE: ("rate",),
        COL_BUTTON: (),
    }

    def __init__(self, session: Session | None = None, parent=None) -> None:
        super().__init__(session, parent)
        if session is not None:
            self.follow(Change.everything(session.name, ()))

    def reload(self) -> None:
        self.follow(Change.everything(self.session.name, ()))

    def text(self, row, column: int) -> str:
        formats = self.formats
        if column == self.COL_ASSET:
            return row.symbol
        if column == self.COL_QUANTITY:
            return formats.quantity(row.symbol, row.quantity)
        if column == self.COL_INTEREST:
            return DASH if not row.interest else formats.quantity(row.symbol, row.interest)
        if column == self.COL_RATE:
            return percent(row.rate)
        return self.BUTTONS[column]

    def raw(self, row, column: int):
        if column == self.COL_ASSET or column == self.COL_BUTTON:
            return row.symbol
        if column == self.COL_QUANTITY:
            return float(row.quantity)
        if column == self.COL_INTEREST:
            return float(row.interest or 0)
        return float(row.rate)

    def extra(self, symbol: str, column: int, role: int):
        if column == self.COL_BUTTON and role in (TOOLTIP, ACCESSIBLE):
            return f"{self.VERB} the {symbol} {self.NOUN}"
        return None


class BorrowsModel(PoolHoldingModel):
    """What the account owes: quantity, interest accrued, the current rate, the asset's estimated
    liquidation price, and a Repay button."""

    COL_LIQUIDATION, COL_REPAY = 4, 5
    COL_BUTTON = COL_REPAY
    HEADERS = ("Asset", "Borrowed", "Interest\naccrued", "Borrow\nAPR", "Est. liquidation\nprice (from mark)", "")
    HEADER_TIPS = {
        COL_LIQUIDATION: "The price of this asset alone at which the account becomes liquidatable, "
        "and how far it is from the mark"
    }
    NUMERIC = frozenset(range(1, 5))
    BUTTONS = {COL_REPAY: "Repay"}
    VERB, NOUN = "Repay", "borrow"
    READS = {**PoolHoldingModel.READS, COL_LIQUIDATION: ("liquidation", "mark"), COL_REPAY: ()}

    def shows(self, change: Change) -> bool:
        return bool(change.valuation or change.pools or change.interest)

    def follow(self, change: Change) -> None:
        session = self.session
        if change.opened:
            self.formats = session.formats
        if change.opened or change.interest or change.balances:
            self.interest = session.accrued_interest()
        state = session.state
        owes = any(balance.borrowed for balance in state.account.balances.values())
        prices = session.liquidation_prices if owes else {}  # not every limit: a fifth of their cost
        self.show_figures(borrow_figures(state, session.parameters, prices, self.interest))

    def text(self, row: BorrowFigures, column: int) -> str:
        if column == self.COL_LIQUIDATION:
            return liquidation_text(row.liquidation, row.mark, self.formats.price(row.symbol, row.liquidation))
        return super().text(row, column)

    def raw(self, row: BorrowFigures, column: int):
        if column == self.COL_LIQUIDATION:
            return float(row.liquidation / row.mark - 1) if row.liquidation else float("inf")
        return super().raw(row, column)


class LendsModel(PoolHoldingModel):
    """What the account lends: quantity, interest earned, the current lend rate, and Redeem."""

    COL_REDEEM = COL_BUTTON = 4
    HEADERS = ("Asset", "Lent", "Interest\nearned", "Lend\nAPR", "")
    NUMERIC = frozenset(range(1, 4))
    BUTTONS = {COL_REDEEM: "Redeem"}
    VERB, NOUN = "Redeem", "lend"

    def shows(self, change: Change) -> bool:
        return bool(change.opened or change.balances or change.pools or change.interest)

    def follow(self, change: Change) -> None:
        session = self.session
        if change.opened:
            self.formats = session.formats
        if change.opened or change.interest or change.balances:
            self.interest = session.accrued_interest()
        self.show_figures(lend_figures(session.state, session.parameters, self.interest))
