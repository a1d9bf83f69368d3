"""Steering the prices from the window (Clock menu): Move price… sets an asset's mark or moves it by a
percentage now; Run scenario… edits a script in the ``simulate --scenario`` language, checks it line
by line as it is typed, and runs it."""

from __future__ import annotations

from decimal import ROUND_HALF_EVEN, Decimal

from PySide6.QtCore import QRect, Qt, Signal
from PySide6.QtGui import QColor, QFontDatabase, QPainter, QPalette, QTextCursor, QTextFormat
from PySide6.QtWidgets import (
    QButtonGroup,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QDoubleSpinBox,
    QFormLayout,
    QLabel,
    QPlainTextEdit,
    QRadioButton,
    QTextEdit,
    QVBoxLayout,
    QWidget,
)

from ..models.session import FeedError, ServiceError, Session
from ..text.formatting import signed_percent
from .partials.inputs import DecimalInput, field_with_note, plain
from .partials.restyle import set_message

EXAMPLES = {
    "SOL crash: −30 % in an hour": "SOL -30% over 1h\n",
    "Dip and recovery": "# SOL falls, waits, and half recovers\nSOL -20% over 2h\nwait 3h\nthen +10% over 2h\n",
    "Whole market −20 %": "ALL -20% over 4h\n",
    "Slow bleed": "SOL -5% over 6h\nthen -5% over 6h\nthen -5% over 6h\n",
}
LANGUAGE = (
    "One step a line: <b>SOL -30% over 1h</b> (an asset, a move, optionally a duration: 30m, 2h, 1d); "
    "<b>then +10%</b> moves the same asset again; <b>ALL -20% over 2h</b> moves every non-stable asset; "
    "<b>wait 3h</b> lets time pass. Moves are from the marks when the run starts; # starts a comment."
)


class MovePriceDialog(QDialog):
    """Set an asset's mark, or move it by a percentage (its perps move with it), now."""

    moved = Signal(str)  # what was done, in words

    def __init__(self, session: Session, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.session = session
        self.setObjectName("movePrice")
        self.setWindowTitle("Move price")
        layout = QVBoxLayout(self)
        form = QFormLayout()
        self.asset = QComboBox()
        self.asset.setAccessibleName("Asset")
        symbols = session.priced_symbols()
        stable = {s for s in symbols if s in ("USDC", "USDT")}
        self.asset.addItems([s for s in symbols if s not in stable] + sorted(stable))
        self.mark = QLabel()
        self.mark.setAccessibleName("Mark now")
        self.set_to = QRadioButton("Set the mark to (USD)")
        self.set_to.setAccessibleName("Set the mark")
        self.move_by = QRadioButton("Move it by")
        self.move_by.setAccessibleName("Move by a percentage")
        self.set_to.setChecked(True)
        kinds = QButtonGroup(self)
        kinds.addButton(self.set_to)
        kinds.addButton(self.move_by)
        self.price = DecimalInput("New mark")
        self.price.set_precision(None, "a price in USD")
        self.percent = QDoubleSpinBox()
        self.percent.setAccessibleName("Percentage")
        self.percent.setRange(-99.99, 1000.0)
        self.percent.setDecimals(2)
        self.percent.setSuffix(" %")
        self.percent.setValue(-10.0)
        self.result = QLabel()
        self.result.setAccessibleName("New mark")
        form.addRow("Asset", self.asset)
        form.addRow("Mark now", self.mark)
        form.addRow(self.set_to, field_with_note(self.price))
        form.addRow(self.move_by, self.percent)
        form.addRow("New mark", self.result)
        layout.addLayout(form)
        note = QLabel(
            "Every perp on the asset moves with it. Orders that cross fill and liquidation runs, as on a tick."
        )
        note.setWordWrap(True)
        layout.addWidget(note)
        self.message = QLabel()
        self.message.setObjectName("refusal")
        self.message.setWordWrap(True)
        self.message.setAccessibleName("Move price message")
        self.message.hide()
        layout.addWidget(self.message)
        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Cancel)
        self.move_button = self.buttons.addButton("Move", QDialogButtonBox.ButtonRole.AcceptRole)
        self.move_button.setAccessibleName("Move")
        layout.addWidget(self.buttons)

        self.asset.currentTextChanged.connect(self._asset_chosen)
        self.set_to.toggled.connect(self._kind_changed)
        self.price.textEdited.connect(self._show_target)
        self.percent.valueChanged.connect(self._show_target)
        self.buttons.accepted.connect(self.move)
        self.buttons.rejected.connect(self.reject)
        self._asset_chosen(self.asset.currentText())
        self._kind_changed()

    @property
    def symbol(self) -> str:
        return self.asset.currentText()

    def _asset_chosen(self, symbol: str) -> None:
        mark = self.session.state.marks[symbol]
        self.mark.setText(f"{self.session.formats.price(symbol, mark)} USD")
        # The mark as "Mark now" reads it (not its ten decimals after a random walk); unedited, it is the mark.
        tick = Decimal(1).scaleb(-self.session.formats.price_places(symbol))
        self.price.set_value(
            mark, exact=True, shown=plain(mark.quantize(tick, ROUND_HALF_EVEN), None, self.price.point)
        )
        self._show_target()

    def _kind_changed(self, *_args) -> None:
        self.price.setEnabled(self.set_to.isChecked())
        self.percent.setEnabled(self.move_by.isChecked())
        self._show_target()

    def target(self) -> Decimal | None:
        if self.set_to.isChecked():
            return self.price.value() if not self.price.problem() else None
        return self.session.moved_price(self.symbol, Decimal(str(round(self.percent.value(), 2))))

    def _show_target(self, *_args) -> None:
        set_message(self.message, "")
        target, mark = self.target(), self.session.state.marks[self.symbol]
        if target is None or target <= 0:
            self.result.setText("—")
            self.move_button.setEnabled(False)
            return
        change = target / mark - 1
        self.result.setText(f"{self.session.formats.price(self.symbol, target)} USD ({signed_percent(change)})")
        self.move_button.setEnabled(True)

    def reason(self) -> str:
        if self.move_by.isChecked():
            return f"moved {self.percent.value():+.2f} % from the window"
        return "set from the window"

    def move(self) -> None:
        target = self.target()
        if target is None or target <= 0:
            set_message(self.message, "Enter a price above 0.")
            return
        try:
            self.session.move_price(self.symbol, target, self.reason())
        except ServiceError as error:
            set_message(self.message, str(error))
            return
        self.moved.emit(f"{self.symbol} mark {self.session.formats.price(self.symbol, target)} USD: {self.reason()}.")
        self.accept()


class LineGutter(QWidget):
    def __init__(self, editor: NumberedEditor) -> None:
        super().__init__(editor)
        self.editor = editor

    def paintEvent(self, event) -> None:
        self.editor.paint_gutter(event)


class NumberedEditor(QPlainTextEdit):
    """A plain-text editor with line numbers in a gutter, so "line 3" is found at a glance."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.gutter = LineGutter(self)
        self.blockCountChanged.connect(self._fit_gutter)
        self.updateRequest.connect(self._scroll_gutter)
        self._fit_gutter()

    def gutter_width(self) -> int:
        digits = len(str(max(1, self.blockCount())))
        return 10 + self.fontMetrics().horizontalAdvance("9") * max(2, digits)

    def _fit_gutter(self, *_args) -> None:
        self.setViewportMargins(self.gutter_width(), 0, 0, 0)

    def _scroll_gutter(self, rect: QRect, dy: int) -> None:
        if dy:
            self.gutter.scroll(0, dy)
        else:
            self.gutter.update(0, rect.y(), self.gutter.width(), rect.height())

    def resizeEvent(self, event) -> None:
        super().resizeEvent(event)
        inside = self.contentsRect()
        self.gutter.setGeometry(QRect(inside.left(), inside.top(), self.gutter_width(), inside.height()))

    def paint_gutter(self, event) -> None:
        painter = QPainter(self.gutter)
        painter.fillRect(event.rect(), self.palette().color(QPalette.ColorRole.AlternateBase))
        painter.setPen(self.palette().color(QPalette.ColorRole.PlaceholderText))
        block = self.firstVisibleBlock()
        top = round(self.blockBoundingGeometry(block).translated(self.contentOffset()).top())
        height = self.fontMetrics().height()
        while block.isValid() and top <= event.rect().bottom():
            if block.isVisible():
                painter.drawText(
                    0, top, self.gutter.width() - 5, height, Qt.AlignmentFlag.AlignRight, str(block.blockNumber() + 1)
                )
            top += round(self.blockBoundingRect(block).height())
            block = block.next()
        painter.end()


class ScenarioEditor(QDialog):
    """A scenario script, checked as it is typed (the first bad line named and marked), and Run."""

    runRequested = Signal(str)

    def __init__(self, session: Session, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.session = session
        self.setObjectName("scenarioEditor")
        self.setWindowTitle("Run scenario")
        self.resize(560, 420)
        layout = QVBoxLayout(self)
        help_text = QLabel(LANGUAGE)
        help_text.setWordWrap(True)
        layout.addWidget(help_text)
        self.examples = QComboBox()
        self.examples.setAccessibleName("Examples")
        self.examples.addItem("Examples…")
        self.examples.addItems(list(EXAMPLES))
        layout.addWidget(self.examples)
        self.editor = NumberedEditor()
        self.editor.setAccessibleName("Scenario")
        self.editor.setFont(QFontDatabase.systemFont(QFontDatabase.SystemFont.FixedFont))
        self.editor.setPlaceholderText("SOL -30% over 1h")
        layout.addWidget(self.editor, 1)
        self.check = QLabel()
        self.check.setObjectName("scenarioCheck")
        self.check.setAccessibleName("Scenario check")
        self.check.setWordWrap(True)
        layout.addWidget(self.check)
        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Cancel)
        self.run_button = self.buttons.addButton("Run", QDialogButtonBox.ButtonRole.AcceptRole)
        self.run_button.setAccessibleName("Run scenario")
        layout.addWidget(self.buttons)
        self.examples.activated.connect(self._example_chosen)
        self.editor.textChanged.connect(self.validate)
        self.buttons.accepted.connect(self.run)
        self.buttons.rejected.connect(self.reject)
        self.validate()
        self.editor.setFocus()  # typing goes into the script, not the examples

    def _example_chosen(self, index: int) -> None:
        if index > 0:
            self.editor.setPlainText(EXAMPLES[self.examples.itemText(index)])
        self.examples.setCurrentIndex(0)

    def validate(self) -> bool:
        """Check the script; ✓ with what it does, or ✗ naming and marking the first bad line."""
        text = self.editor.toPlainText()
        self.editor.setExtraSelections([])
        if not text.strip():
            self.check.setText("Type a scenario or pick an example.")
            self.run_button.setEnabled(False)
            return False
        try:
            steps = self.session.scenario_steps(text)
        except FeedError as error:
            self.check.setText(f"✗ {error}")
            self._mark_line(str(error))
            self.run_button.setEnabled(False)
            return False
        hours = sum(step.seconds for step in steps) / 3600
        self.check.setText(
            f"✓ {len(steps)} step{'s' if len(steps) != 1 else ''} over {hours:g} h of simulated time, "
            f"from {self.session.state.time:%Y-%m-%d %H:%M} UTC."
        )
        self.run_button.setEnabled(True)
        return True

    def _mark_line(self, message: str) -> None:
        words = message.split(":", 1)[0].split()
        if len(words) != 2 or words[0] != "line" or not words[1].isdigit():
            return
        block = self.editor.document().findBlockByLineNumber(int(words[1]) - 1)
        if not block.isValid():
            return
        selection = QTextEdit.ExtraSelection()
        selection.format.setBackground(QColor("#e0735f"))
        selection.format.setForeground(QColor("#1c2128"))
        selection.format.setProperty(QTextFormat.Property.FullWidthSelection, True)
        selection.cursor = QTextCursor(block)
        self.editor.setExtraSelections([selection])

    def run(self) -> None:
        if self.validate():
            self.runRequested.emit(self.editor.toPlainText())
            self.accept()
