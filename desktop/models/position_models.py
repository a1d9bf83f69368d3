"""Table models of the positions panel's Positions, Borrows and Lends tabs: each row's figures are
computed once per change into a plain record (``PositionFigures``, ``BorrowFigures``,
``LendFigures``) from the session's valuation and limits (the liquidation prices the risk watch
reads anyway), so a tick formats numbers and repaints only the cells whose text moved."""

from __future__ import annotations

from dataclasses import dataclass
from decimal import ROUND_DOWN, ROUND_HALF_EVEN, Decimal
from operator import attrgetter
from typing import TYPE_CHECKING

from ..engine import AccountValuation, MarginParameters
from ..text.formatting import DASH, grouped, percent, places_of, usd
from .change import Change
from .lend_models import FiguresBySymbol
from .tables import ACCESSIBLE, FOREGROUND, TOOLTIP, shown_accent

if TYPE_CHECKING:
    from .session import Session

ZERO = Decimal(0)
CENT = Decimal("0.01")  # as usd() rounds: half to even
BUTTON_ROLES = frozenset({FOREGROUND, TOOLTIP, ACCESSIBLE})


def perp_name(symbol: str, parameters: MarginParameters) -> str:
    """SOL_USDC_PERP → SOL-PERP, as Backpack names its futures."""
    market = parameters.perps.get(symbol)
    return f"{market.base}-PERP" if market else symbol


def distance_text(price: Decimal | None, mark: Decimal) -> str:
    """How far a liquidation price is from the mark, signed: "−12.3 %"."""
    if price is None or not mark:
        return ""
    move = (price / mark - 1) * 100
    places = 1 if abs(move) < 10 else 0  # tenths matter only near the mark
    return f"{'+' if move >= 0 else '−'}{abs(move):.{places}f} %"


def liquidation_text(price: Decimal | None, mark: Decimal, shown: str) -> str:
    """The estimated liquidation price (``shown``: formatted) with its distance from the mark
    ("118.40 (−15.4 %)"); a dash when no price of this asset alone liquidates the account."""
    if price is None:
        return DASH
    return f"{shown} ({distance_text(price, mark)})"


def signed_money(value: Decimal) -> str:
    """A gain or loss in USD with its sign, so it reads without colour."""
    if not value:  # most unsettled PnL: settled at each price change
        return "0.00"
    text = usd(value)
    if text in ("0.00", "−0.00"):
        return "0.00"
    return text if text.startswith("−") else f"+{text}"


def reads_nonzero(value: Decimal) -> bool:
    """Whether ``signed_money(value)`` reads other than 0.00, without formatting it (a PnL cell's colour
    is asked at each repaint)."""
    return bool(value.quantize(CENT, rounding=ROUND_HALF_EVEN))


# -- positions -------------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class PositionFigures:
    symbol: str  # SOL_USDC_PERP
    base: str
    net_quantity: Decimal  # signed: long > 0
    notional: Decimal  # |q|·mark, USD
    entry: Decimal
    mark: Decimal
    pnl_since_entry: Decimal  # q·(mark − entry)
    pnl_unsettled: Decimal  # q·(mark − settledPrice): not yet paid into USDC
    liquidation: Decimal | None  # the base's estimated liquidation price
    imf: Decimal
    mmf: Decimal
    funding: Decimal  # USDC received (> 0) or paid (< 0) since the position opened

    @property
    def side(self) -> str:
        return "Long" if self.net_quantity > 0 else "Short"


def position_figures(
    valuation: AccountValuation, liquidation_prices: dict[str, Decimal | None], funding: dict[str, Decimal]
) -> list[PositionFigures]:
    """One record per open position, by symbol (the valuation's order); ``liquidation_prices`` by base
    (``Session.liquidation_prices``)."""
    rows = []
    for row in valuation.positions:
        position = row.position
        if position is None:  # only resting orders on this market
            continue
        q, mark, terms = position.net_quantity, row.mark, row.terms
        rows.append(
            PositionFigures(
                row.symbol,
                row.base,
                q,
                abs(q) * mark,
                position.entry_price,
                mark,
                q * (mark - position.entry_price),
                terms.pnl,
                liquidation_prices.get(row.base),
                terms.imf,
                terms.mmf,
                funding.get(row.symbol, ZERO),
            )
        )
    return rows


class PositionsModel(FiguresBySymbol):
    """Open perp positions: side and size, notional, entry, mark, PnL since entry and unsettled, the
    estimated liquidation price and its distance from the mark, IMF/MMF, funding, and Close. Ten
    columns, the short ones first: the panel reads at 1024 px."""

    (
        COL_MARKET,
        COL_SIZE,
        COL_NOTIONAL,
        COL_ENTRY,
        COL_MARK,
        COL_PNL,
        COL_LIQUIDATION,
        COL_FRACTIONS,
        COL_FUNDING,
        COL_CLOSE,
    ) = range(10)
    HEADERS = (
        "Market",
        "Size",
        "Value\n(USD)",
        "Entry\nprice",
        "Mark\nprice",
        "PnL, USD\n(unsettled)",
        "Est. liquidation\n(from mark)",
        "IMF /\nMMF (%)",
        "Funding",
        "",
    )
    HEADER_TIPS = {
        COL_NOTIONAL: "Notional: the size times the mark, in USD",
        COL_PNL: "Unrealized PnL since the entry price, size × (mark − entry); in brackets the part not yet "
        "paid into USDC (every price change settles it at the mark)",
        COL_LIQUIDATION: "The price of the base asset alone at which the account becomes liquidatable, "
        "and how far it is from the mark",
        COL_FRACTIONS: "Initial and maintenance margin fractions of this position's exposure",
        COL_FUNDING: "Funding since the position opened, in USDC: − paid, + received",
    }
    NUMERIC = frozenset(range(COL_SIZE, COL_FUNDING + 1))
    BUTTONS = {COL_CLOSE: "Close"}
    ROLES = FiguresBySymbol.ROLES | BUTTON_ROLES
    READS = {
        COL_MARKET: ("base", "net_quantity"),
        COL_SIZE: ("net_quantity",),
        COL_NOTIONAL: ("notional",),
        COL_ENTRY: ("entry",),
        COL_MARK: ("mark",),
        COL_PNL: ("pnl_since_entry", "pnl_unsettled"),
        COL_LIQUIDATION: ("liquidation", "mark"),
        COL_FRACTIONS: ("imf", "mmf"),
        COL_FUNDING: ("funding",),
        COL_CLOSE: (),
    }

    def __init__(self, session: Session | None = None, parent=None) -> None:
        super().__init__(session, parent)
        self.funding: dict[str, Decimal] = {}
        self._places: tuple[object, dict[str, tuple[int, int]]] = (None, {})
        if session is not None:
            self.follow(Change.everything(session.name, ()))

    def shows(self, change: Change) -> bool:
        return bool(change.valuation or change.positions or change.funding)

    def follow(self, change: Change) -> None:
        session = self.session
        if change.opened:
            self.formats = session.formats
        positions = session.state.account.positions
        # funding since each position opened, kept by the store beside it: read when it can have moved
        if (
            change.opened
            or change.funding
            or change.fills
            or change.liquidation_steps
            or set(positions) != set(self.funding)
        ):
            self.funding = {symbol: totals.funding for symbol, totals in session.position_totals().items()}
        prices = session.liquidation_prices if positions else {}  # not every limit: a fifth of their cost
        self.show_figures(position_figures(session.valuation, prices, self.funding))

    def reload(self) -> None:
        self.follow(Change.everything(self.session.name, ()))

    def adopt_moved(self, rows: list, columns) -> list[tuple[int, int]] | None:
        """The same positions anew: the cells reading a figure that moved (``READS``), row by row —
        a tick moves the mark and what follows from it, some 40 of the 100 cells."""
        if getattr(self, "_formats_read", None) is not self.formats:
            return None  # another account's decimals: every cell compared (``adopt_kept``)
        old = self.figures
        self.adopt(rows)
        columns_of = self._columns_of(tuple(columns))
        fields = tuple(field for field in columns_of if field)
        # attrgetter of one field gives the value itself, not a 1-tuple (as ``adopt_kept`` guards)
        values = attrgetter(*fields) if len(fields) > 1 else lambda record: tuple(getattr(record, f) for f in fields)
        always = columns_of.get("", ())  # columns reading no field of the record
        moved: list[tuple[int, int]] = []
        for number, symbol in enumerate(rows):
            was, now = old.get(symbol), self.figures[symbol]
            if was is now:
                continue
            if was is None:
                moved.extend((number, column) for column in columns)
                continue
            touched = set(always)
            for field, before, after in zip(fields, values(was), values(now)):
                if before != after:
                    touched.update(columns_of[field])
            moved.extend((number, column) for column in sorted(touched))
        return moved

    def _columns_of(self, columns: tuple[int, ...]) -> dict[str, tuple[int, ...]]:
        """Field → the columns among ``columns`` that read it ("": the columns ``READS`` does not name)."""
        kept = getattr(self, "_columns_kept", None)
        if kept is None or kept[0] != columns:
            found: dict[str, list[int]] = {}
            for column in columns:
                for field in self.READS.get(column, ("",)) if column in self.READS else ("",):
                    found.setdefault(field, []).append(column)
            kept = self._columns_kept = (columns, {field: tuple(cols) for field, cols in found.items()})
        return kept[1]

    def places(self, symbol: str) -> tuple[int, int]:
        """(price decimals, size decimals) of a perp, kept while the account's formats stay."""
        formats, known = self._places
        if formats is not self.formats:
            known = {}
            self._places = (self.formats, known)
        found = known.get(symbol)
        if found is None:
            market = self.formats.parameters.perps[symbol]
            found = known[symbol] = (places_of(market.tick_size), places_of(market.step_size))
        return found

    def text(self, row: PositionFigures, column: int) -> str:
        # the columns a tick moves first: some 40 cells a tick come here
        if column == self.COL_MARK:
            return grouped(row.mark, self.places(row.symbol)[0])
        if column == self.COL_NOTIONAL:
            return grouped(row.notional, 0)  # whole dollars: the size and the mark give the rest
        if column == self.COL_PNL:
            return f"{signed_money(row.pnl_since_entry)} ({signed_money(row.pnl_unsettled)})"
        price_places, size_places = self.places(row.symbol)
        if column == self.COL_MARKET:
            return f"{row.base} {row.side}"  # every row is a perp: the base and the side say it all
        if column == self.COL_SIZE:
            return grouped(abs(row.net_quantity), size_places, ROUND_DOWN)  # in the base: the market names it
        if column == self.COL_ENTRY:
            return grouped(row.entry, price_places)
        if column == self.COL_LIQUIDATION:
            price = None if row.liquidation is None else grouped(row.liquidation, price_places)
            return liquidation_text(row.liquidation, row.mark, price)
        if column == self.COL_FRACTIONS:
            return f"{grouped(row.imf * 100, 1)}/{grouped(row.mmf * 100, 1)}"  # % in the header; two decimals in the tooltip
        if column == self.COL_FUNDING:
            return signed_money(row.funding)
        return self.BUTTONS[column]

    def raw(self, row: PositionFigures, column: int):
        return {
            self.COL_MARKET: row.symbol,
            self.COL_SIZE: float(abs(row.net_quantity)),
            self.COL_NOTIONAL: float(row.notional),
            self.COL_ENTRY: float(row.entry),
            self.COL_MARK: float(row.mark),
            self.COL_PNL: float(row.pnl_since_entry),
            self.COL_LIQUIDATION: float(row.liquidation / row.mark - 1) if row.liquidation else float("inf"),
            self.COL_FRACTIONS: float(row.imf),
            self.COL_FUNDING: float(row.funding),
            self.COL_CLOSE: row.symbol,
        }[column]

    def extra(self, symbol: str, column: int, role: int):
        row = self.figures[symbol]
        if role == FOREGROUND:
            if column == self.COL_MARKET:
                return shown_accent("buy" if row.net_quantity > 0 else "sell")
            if column == self.COL_PNL and reads_nonzero(row.pnl_since_entry):  # coloured unless it reads 0.00
                return shown_accent("gain" if row.pnl_since_entry > 0 else "loss")
            return None
        if column == self.COL_CLOSE and role in (TOOLTIP, ACCESSIBLE):
            name = perp_name(symbol, self.formats.parameters)
            return f"Close the {name} {row.side.lower()} at market (reduce only)"
        if role == TOOLTIP and column == self.COL_MARKET:
            return f"{perp_name(symbol, self.formats.parameters)}, {row.side.lower()}"
        if role == TOOLTIP and column == self.COL_SIZE:
            return f"{grouped(abs(row.net_quantity), self.places(symbol)[1], ROUND_DOWN)} {row.base} {row.side.lower()}"
        if role == TOOLTIP and column == self.COL_FRACTIONS:
            return f"IMF {percent(row.imf)}, MMF {percent(row.mmf)}"
        if role == TOOLTIP and column == self.COL_LIQUIDATION:
            return "No price of this asset alone liquidates the account" if row.liquidation is None else None
        return None
