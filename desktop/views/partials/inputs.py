"""Reading numbers the trader types, and the two inputs every numeric field uses.

``read_amount`` is the one rule: digits, one decimal point and the locale's thousands separator
(every three digits); no exponent, sign or inner space; at most the asset's decimals; at most
``MAX_AMOUNT``. ``DecimalInput`` applies it as the trader types and says what is wrong under the
field ("Too large", "At most 2 decimals for SOL"); a field with a problem reads as no value, so no
button can act on it. ``LeverageBox`` lets 60 be typed and clamps it to 50× with a message, instead
of silently keeping the 6.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from decimal import ROUND_DOWN, Decimal, InvalidOperation

from PySide6.QtCore import QLocale, Qt, Signal
from PySide6.QtGui import QValidator
from PySide6.QtWidgets import (
    QAbstractSpinBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QSizePolicy,
    QSpinBox,
    QVBoxLayout,
    QWidget,
)

from ...engine.vocabulary import MAX_LEVERAGE_LIMIT, MIN_LEVERAGE_LIMIT
from ...text.formatting import places_of
from .restyle import set_style_property

MAX_AMOUNT = Decimal("1e15")  # above any real balance (BONK's whole supply is below 1e14)
MAX_TYPED = 40  # characters: a pasted novel is cut, not parsed
TOO_LARGE = "Too large: at most 1,000,000,000,000,000"


@dataclass(frozen=True, slots=True)
class Reading:
    """What a field holds: ``value`` when it reads cleanly, else None and (unless empty) a ``problem``."""

    value: Decimal | None
    problem: str = ""


def decimals_message(places: int, unit: str) -> str:
    what = f" for {unit}" if unit else ""
    if places == 0:
        return f"Whole numbers only{what}"
    return f"At most {places} decimal{'s' if places != 1 else ''}{what}"


def read_amount(
    text: str,
    places: int | None = None,
    unit: str = "",
    maximum: Decimal = MAX_AMOUNT,
    point: str = ".",
    group: str = ",",
) -> Reading:
    """Read a non-negative amount. ``"1,234.5"`` → 1234.5; ``""`` → no value, no problem."""
    typed = text.strip()
    if not typed:
        return Reading(None)
    if typed[0] in "-−":
        return Reading(None, "Enter a positive amount: no minus sign")
    if re.search(r"\s", typed):
        return Reading(None, "No spaces inside a number")
    if "e" in typed.lower() and re.fullmatch(r"[0-9.,]*[eE][-+]?[0-9]*", typed):
        return Reading(None, "Write the number out in full: no exponent like 1e3")
    if any(not (c.isascii() and c.isdigit()) and c not in (point, group) for c in typed):
        return Reading(None, f"Only digits and one decimal point ({point})")
    whole, _, fraction = typed.partition(point)
    if point in fraction:
        return Reading(None, "Only one decimal point")
    if group in fraction or (group in whole and not re.fullmatch(rf"\d{{1,3}}(?:{re.escape(group)}\d{{3}})+", whole)):
        return Reading(None, f"Thousands separators ({group}) go every three digits, before the decimal point")
    digits = whole.replace(group, "")
    if not digits and not fraction:
        return Reading(None, "Enter a number")
    try:
        value = Decimal(f"{digits or '0'}.{fraction or '0'}")
    except InvalidOperation:  # unreachable after the checks above; kept so no text can raise
        return Reading(None, f"Only digits and one decimal point ({point})")
    if value > maximum:
        return Reading(None, TOO_LARGE if maximum == MAX_AMOUNT else f"Too large: at most {maximum:,f}")
    if places is not None and len(fraction.rstrip("0")) > places:
        return Reading(None, decimals_message(places, unit))
    return Reading(value)


def read_decimal(text: str) -> Decimal | None:
    """``"1,234.5"`` → 1234.5; empty or unreadable → None (the same rule as the inputs)."""
    return read_amount(text).value


def plain(value: Decimal, places: int | None = None, point: str = ".") -> str:
    """``value`` as the trader would type it (no grouping), cut down to ``places`` decimals."""
    if places is not None:
        value = value.quantize(Decimal(1).scaleb(-places), rounding=ROUND_DOWN)
    text = format(value.normalize(), "f") if value else "0"
    return text.replace(".", point)


class DecimalInput(QLineEdit):
    """A numeric field with its message line (``note``) under it; see the module docstring.

    ``value()`` is None while the field is empty or has a problem. Put ``note`` in the layout (or use
    ``field_with_note``); with ``keep_room`` the note keeps its line when empty, so nothing jumps.
    """

    problemChanged = Signal(str)

    def __init__(
        self,
        name: str,
        parent: QWidget | None = None,
        places: int | None = None,
        unit: str = "",
        maximum: Decimal = MAX_AMOUNT,
        keep_room: bool = False,
    ) -> None:
        super().__init__(parent)
        self.setAccessibleName(name)
        self.setAlignment(Qt.AlignmentFlag.AlignRight)
        self.setPlaceholderText("0")
        self.setMaxLength(MAX_TYPED)
        self.places, self.unit, self.maximum = places, unit, maximum
        locale = QLocale()
        self.point, self.group = locale.decimalPoint(), locale.groupSeparator()
        if self.group == self.point or self.group.isspace() or not self.group:
            self.group = "," if self.point != "," else "."  # a space cannot separate: "1 5" is refused
        self.note = QLabel()
        self.note.setObjectName("inputNote")
        self.note.setAccessibleName(f"{name} problem")
        self.note.setWordWrap(True)
        self.note.setAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignTop)
        policy = self.note.sizePolicy()
        policy.setRetainSizeWhenHidden(keep_room)
        self.note.setSizePolicy(policy)
        self.note.hide()
        self._problem = ""
        self._exact: tuple[str, Decimal] | None = None  # a whole balance set by Max, off the step
        self._read: tuple[tuple, Reading] | None = None  # the last text read, with what it read as
        self.textChanged.connect(self._check)

    def reading(self) -> Reading:
        text = self.text()
        if self._exact is not None and text == self._exact[0]:
            return Reading(self._exact[1])
        asked = (text, self.places, self.unit, self.maximum, self.point, self.group)
        if self._read is None or self._read[0] != asked:  # a form that follows the ticks reads it each tick
            self._read = (asked, read_amount(*asked))
        return self._read[1]

    def value(self) -> Decimal | None:
        return self.reading().value

    def problem(self) -> str:
        return self._problem

    def set_precision(self, places: int | None, unit: str = "") -> None:
        """At most ``places`` decimals (None: any), named after ``unit`` in the message."""
        self.places, self.unit = places, unit
        self._check()

    def set_step(self, step: Decimal, unit: str = "") -> None:
        self.set_precision(places_of(step), unit)

    def set_value(self, value: Decimal | None, exact: bool = False, shown: str | None = None) -> None:
        """Show ``value`` as typed text (None clears), cut to the field's decimals; ``exact`` keeps
        every decimal (a whole balance, which the venue takes off the step) while the text is unedited,
        showing them all unless ``shown`` says how it reads (a mark to its tick)."""
        if value is None:
            self._exact = None
            self.setText("")
            return
        text = shown if shown is not None else plain(value, None if exact else self.places, self.point)
        self._exact = (text, value) if exact else None
        self.setText(text)

    def _check(self, *_args) -> None:
        problem = self.reading().problem
        if problem == self._problem:
            return
        self._problem = problem
        self.note.setText(problem)
        self.note.setVisible(bool(problem))
        set_style_property(self, "invalid", bool(problem))
        self.setToolTip(problem)
        self.problemChanged.emit(problem)


def field_with_note(field: DecimalInput, *beside: QWidget) -> QWidget:
    """The field with buttons (Max) beside it and its message under it, as one form row."""
    box = QWidget()
    column = QVBoxLayout(box)
    column.setContentsMargins(0, 0, 0, 0)
    column.setSpacing(2)
    row = QHBoxLayout()
    row.setContentsMargins(0, 0, 0, 0)
    row.addWidget(field, 1)
    for widget in beside:
        row.addWidget(widget)
    column.addLayout(row)
    column.addWidget(field.note)
    box.setSizePolicy(QSizePolicy.Policy.Preferred, QSizePolicy.Policy.Maximum)
    box.setFocusProxy(field)
    return box


class LeverageBox(QSpinBox):
    """Max Account Leverage, 1×–50× (vocabulary bounds). Typing 60 is allowed and becomes 50× when
    the edit ends, with ``clamped`` saying so; the spin box alone would refuse the 0 and keep 6."""

    clamped = Signal(str)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setRange(MIN_LEVERAGE_LIMIT, MAX_LEVERAGE_LIMIT)
        self.setSuffix("×")
        self.setAccessibleName("Max Account Leverage")
        self.setKeyboardTracking(False)
        self.setCorrectionMode(QAbstractSpinBox.CorrectionMode.CorrectToNearestValue)

    def _typed(self, text: str) -> str:
        return text.removesuffix(self.suffix()).strip()

    def validate(self, text: str, position: int):
        typed = self._typed(text)
        if not typed:
            return QValidator.State.Intermediate
        if not (typed.isascii() and typed.isdigit()) or len(typed) > 6:
            return QValidator.State.Invalid
        inside = self.minimum() <= int(typed) <= self.maximum()
        return QValidator.State.Acceptable if inside else QValidator.State.Intermediate

    def fixup(self, text: str) -> str:
        typed = self._typed(text)
        if not typed.isdigit():
            return f"{self.value()}{self.suffix()}"
        wanted = int(typed)
        kept = max(self.minimum(), min(self.maximum(), wanted))
        if kept != wanted:
            self.clamped.emit(
                f"Max Account Leverage goes from {self.minimum()}× to {self.maximum()}×: {wanted}× became {kept}×."
            )
        return f"{kept}{self.suffix()}"
