"""The what-if panel (PRODUCT.md §2): move one asset's price, or all non-stable assets together, by
−90 % … +300 % and see net equity, available, IM, MM, margin fraction and whether the account would
be liquidatable, and where each asset's liquidation price then sits — computed by the engine on a
copy of the account; nothing is stored."""

from __future__ import annotations

from decimal import Decimal, localcontext
from functools import partial

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QDoubleSpinBox,
    QGridLayout,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QPushButton,
    QSlider,
    QVBoxLayout,
    QWidget,
)

from ...engine.numbers import ENGINE_CONTEXT
from ...engine.valuation import AccountValuation
from ...engine.what_if import (
    ALL_NON_STABLE,
    MAX_MOVE_PERCENT,
    MIN_MOVE_PERCENT,
    LiquidationPoint,
    WhatIf,
    exposed_assets,
    moved_marks,
    what_if,
)
from ...models.change import Change
from ...models.session import Session
from ...models.what_if_model import LiquidationTableModel
from ...text.formatting import DASH, percent, usd
from ..partials.figures import RIGHT, SelectableFigure, SteadyBox, on_its_own_ground, show_value
from ..partials.table_grid import GridTableView
from ..partials.updates import Throttle, WhenShown

FIGURES = (
    ("net_equity", "Net equity", "usd"),
    ("net_equity_available", "Available equity", "usd"),
    ("initial_margin", "Initial margin", "usd"),
    ("maintenance_margin", "Maintenance margin", "usd"),
    ("margin_fraction", "Margin fraction", "fraction"),
    ("pnl_unrealized", "Unrealized PnL (perps)", "usd"),
    ("net_exposure_futures", "Futures exposure", "usd"),
    ("liquidatable", "Liquidation would start", "flag"),
)


def perps_moved(state, parameters, moved) -> str:
    """The positions a move carries with it (a perp's mark is its base's, §10), in words."""
    held = [f"{parameters.perps[symbol].base}-PERP" for symbol in sorted(state.account.positions)]
    held = [name for name in held if name.removesuffix("-PERP") in moved]
    if not held:
        return ""
    return f"; the {', '.join(held)} position{'s move' if len(held) > 1 else ' moves'} with it"


def figure_words(value, kind: str) -> str:
    if kind == "usd":
        return f"{usd(value)} USD"
    if kind == "fraction":
        return percent(value)
    return "Yes" if value else "No"


def change_words(values: tuple, kind: str) -> str:
    old, new = values
    if kind == "flag" or old is None or new is None:
        return "" if kind == "flag" or old == new else DASH
    change = new - old
    if kind == "fraction":
        text = f"{'+' if change > 0 else ''}{percent(change)}".replace(" %", " points")
    else:
        text = f"{'+' if change > 0 else ''}{usd(change)}"
    return text if change else "0"


def figure_text(valuation: AccountValuation, key: str, kind: str) -> str:
    return figure_words(getattr(valuation, key), kind)


def change_text(before: AccountValuation, after: AccountValuation, key: str, kind: str) -> str:
    return change_words((getattr(before, key), getattr(after, key)), kind)


# Each figure's writers of its value and of its change (``show_value`` writes a label only when its value moved).
WRITERS = {key: (partial(figure_words, kind=kind), partial(change_words, kind=kind)) for key, _caption, kind in FIGURES}


class WhatIfPanel(QWidget):
    recomputed = Signal(object)  # the WhatIf just shown

    def __init__(self, session: Session, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.session = session
        self.result: WhatIf | None = None
        layout = QVBoxLayout(self)
        layout.setContentsMargins(6, 6, 6, 6)
        title = QLabel("What if prices moved?")
        title.setObjectName("panelTitle")
        layout.addWidget(title)

        controls = QHBoxLayout()
        self.target = QComboBox()
        self.target.setAccessibleName("Asset to move")
        self.target.setToolTip("One asset, or every non-stable asset together (USDC and USDT stay put)")
        self.target.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon)
        self.target.setMinimumContentsLength(8)
        self.slider = QSlider(Qt.Orientation.Horizontal)
        self.slider.setAccessibleName("Price move slider")
        self.slider.setRange(int(MIN_MOVE_PERCENT), int(MAX_MOVE_PERCENT))
        self.slider.setPageStep(10)
        self.slider.setTickInterval(50)
        self.slider.setTickPosition(QSlider.TickPosition.TicksBelow)
        self.move_box = QDoubleSpinBox()
        self.move_box.setAccessibleName("Price move in percent")
        self.move_box.setRange(float(MIN_MOVE_PERCENT), float(MAX_MOVE_PERCENT))
        self.move_box.setDecimals(1)
        self.move_box.setSingleStep(1.0)
        self.move_box.setSuffix(" %")
        self.move_box.setAlignment(Qt.AlignmentFlag.AlignRight)
        self.reset_button = QPushButton("Reset")
        self.reset_button.setAccessibleName("Reset the move to 0 %")
        controls.addWidget(self.target)
        controls.addWidget(self.slider, 1)
        controls.addWidget(self.move_box)
        controls.addWidget(self.reset_button)
        layout.addLayout(controls)

        self.marks_line = QLabel()
        self.marks_line.setAccessibleName("Marks used")
        self.marks_line.setWordWrap(True)
        layout.addWidget(SteadyBox(self.marks_line))

        grid = QGridLayout()
        grid.setHorizontalSpacing(16)
        for column, caption in enumerate(("", "Now", "What if", "Change")):
            header = QLabel(f"<b>{caption}</b>")
            header.setAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
            grid.addWidget(header, 0, column)
        self.now_labels: dict[str, QLabel] = {}
        self.what_if_labels: dict[str, QLabel] = {}
        self.change_labels: dict[str, QLabel] = {}
        for row, (key, caption, _kind) in enumerate(FIGURES, start=1):
            grid.addWidget(QLabel(caption), row, 0)
            for column, (store, prefix) in enumerate(
                ((self.now_labels, "Now"), (self.what_if_labels, "What if"), (self.change_labels, "Change")), start=1
            ):
                label = SelectableFigure(DASH)
                label.setAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
                on_its_own_ground(label)
                label.setAccessibleName(f"{prefix}: {caption}")
                grid.addWidget(label, row, column, RIGHT)
                store[key] = label
        for column in (1, 2, 3):
            grid.setColumnStretch(column, 1)
        layout.addLayout(grid)

        caption = QLabel(
            "Liquidation price of each asset alone (its perps moving with it), the others at the marks above"
        )
        caption.setWordWrap(True)
        layout.addWidget(caption)
        self.grid_caption = caption
        self.table_model = LiquidationTableModel(session.formats, self)
        self.table = GridTableView()
        self.table.setModel(self.table_model)
        self.table.setAccessibleName("Liquidation prices")
        self.table.verticalHeader().hide()
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Stretch)
        self.table.setMinimumHeight(90)
        layout.addWidget(self.table, 1)
        self.note = QLabel("Nothing is stored: the figures come from a copy of the account.")
        self.note.setObjectName("marginHelp")
        self.note.setWordWrap(True)
        layout.addWidget(self.note)

        self.slider.valueChanged.connect(self._slider_moved)
        self.move_box.valueChanged.connect(self._box_changed)
        self.target.currentIndexChanged.connect(lambda _i: self.recompute())
        self.reset_button.clicked.connect(lambda: self.set_move(Decimal(0)))
        self.when_shown = WhenShown(self)
        self.throttle = Throttle(self._recompute_if_moved, parent=self)
        self._inputs: tuple = ()  # what the figures shown were worked out from
        session.changed.connect(self._on_change)
        self._fill_targets()

    # -- the trader's choice ---------------------------------------------------------------------
    @property
    def move(self) -> Decimal:
        return Decimal(f"{self.move_box.value():.1f}")

    @property
    def target_name(self) -> str:
        return self.target.currentData() or ALL_NON_STABLE

    def set_target(self, target: str) -> None:
        index = self.target.findData(target)
        if index < 0:
            raise ValueError(f"{target!r} is not held or borrowed")
        self.target.setCurrentIndex(index)

    def set_move(self, percent_move: Decimal) -> None:
        """Move the slider and the box to ``percent_move`` (−90 … +300) and recompute."""
        self.move_box.setValue(float(percent_move))

    def _slider_moved(self, value: int) -> None:
        if round(self.move_box.value()) != value:
            self.move_box.blockSignals(True)
            self.move_box.setValue(float(value))
            self.move_box.blockSignals(False)
        self.recompute()

    def _box_changed(self, value: float) -> None:
        self.slider.blockSignals(True)
        self.slider.setValue(round(value))
        self.slider.blockSignals(False)
        self.recompute()

    def _fill_targets(self) -> None:
        chosen = self.target.currentData()
        assets = exposed_assets(self.session.state, self.session.parameters)
        self.target.blockSignals(True)
        self.target.clear()
        self.target.addItem(ALL_NON_STABLE, ALL_NON_STABLE)
        for symbol in assets:
            self.target.addItem(symbol, symbol)
        index = self.target.findData(chosen) if chosen else 0
        self.target.setCurrentIndex(max(index, 0))
        self.target.blockSignals(False)
        self.table_model.formats = self.session.formats
        self.recompute()

    def _on_change(self, change: Change) -> None:
        moved = change.balances or change.positions  # the assets held, borrowed or traded as perps may differ
        if change.opened or (moved and not change.clock):
            self.when_shown.run("targets", self._fill_targets)
        elif moved:  # a tick's settlements, interest or funding: the targets if needed, the figures throttled
            self.when_shown.run("targets", self._catch_up, on_show=lambda: self._catch_up(now=True))
        elif change.valuation and change.clock:  # prices moved by the clock: at most four times a second
            self.when_shown.run("recompute", self.throttle.request, on_show=self.recompute)
        elif change.valuation:
            self.when_shown.run("recompute", self.recompute)

    def _catch_up(self, now: bool = False) -> None:
        """After a tick: the targets again only if a holding came or went (a liquidation), else the
        figures — at most four times a second while the clock runs (with positions every tick settles
        them and moves USDC: the what-if and each asset's liquidation price were 2.6 ms a tick), at
        once when the panel is shown again."""
        assets = exposed_assets(self.session.state, self.session.parameters)
        if assets != tuple(self.target.itemData(i) for i in range(1, self.target.count())):
            self._fill_targets()
        elif now:
            self.recompute()
        else:
            self.throttle.request()

    def showEvent(self, event) -> None:
        super().showEvent(event)
        self.when_shown.catch_up()

    # -- figures -----------------------------------------------------------------------------------
    def _recompute_if_moved(self) -> None:
        """The throttled update: nothing to do if the account, the target and the move are as shown."""
        if self._inputs != (self.session.state, self.session.parameters, self.target_name, self.move):
            self.recompute()

    def recompute(self) -> WhatIf:
        """Value the copy at the moved marks and show it."""
        state, parameters = self.session.state, self.session.parameters
        self._inputs = (state, parameters, self.target_name, self.move)
        result = self._today() if not self.move else what_if(state, parameters, self.target_name, self.move)
        self.result = result
        now, moved = self.session.valuation, result.valuation
        for key, _caption, _kind in FIGURES:
            before, after = getattr(now, key), getattr(moved, key)
            write, write_change = WRITERS[key]
            show_value(self.now_labels[key], before, write)  # formatted only when the figure moved
            show_value(self.what_if_labels[key], after, write)
            show_value(self.change_labels[key], (before, after), write_change)
        marks_text = self._marks_text(result)
        if self.marks_line.text() != marks_text:
            self.marks_line.setText(marks_text)
        self.table_model.set_points(result.liquidation)
        self.recomputed.emit(result)
        return result

    def _today(self) -> WhatIf:
        """The what-if of no move: the account's own figures and liquidation prices, which the session
        works out once a state for the gauge and the positions (valuing the copy again cost a tick 2 ms)."""
        session = self.session
        state, marks, prices = session.state, session.state.marks, session.liquidation_prices
        points = []
        with localcontext(ENGINE_CONTEXT):  # the move to each price as ``liquidation_points`` works it out
            for symbol in exposed_assets(state, session.parameters):
                price, mark = prices.get(symbol), marks[symbol]
                points.append(LiquidationPoint(symbol, mark, price, None if price is None else price / mark - 1))
        overrides = moved_marks(state, session.parameters, self.target_name, 0)
        return WhatIf(self.target_name, self.move, overrides, marks, session.valuation, tuple(points))

    def _marks_text(self, result: WhatIf) -> str:
        if not result.percent:
            return "At today's marks. Move the slider or type a change."
        formats, marks = self.session.formats, self.session.state.marks
        held = set(exposed_assets(self.session.state, self.session.parameters))
        moved = [s for s in result.overrides if s in held] or list(result.overrides)[:3]
        parts = [f"{s} {formats.price(s, marks[s])} → {formats.price(s, result.marks[s])}" for s in moved]
        sign = "+" if result.percent > 0 else "−"
        text = f"{sign}{abs(result.percent)} %: " + ", ".join(parts) + " USD"
        return text + perps_moved(self.session.state, self.session.parameters, moved)
