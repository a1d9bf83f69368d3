"""Intent-named helpers for driving the window the way a trader would."""

from __future__ import annotations

from PySide6.QtCore import QPoint, Qt
from PySide6.QtWidgets import QAbstractButton, QCheckBox, QLineEdit, QRadioButton, QWidget

from desktop.engine.vocabulary import NOTE_EVENTS
from desktop.models.tables import RowTableModel
from desktop.store import models


def type_into(qtbot, field: QLineEdit, text: str) -> None:
    field.clear()
    qtbot.keyClicks(field, text)


def click(qtbot, button: QAbstractButton) -> None:
    assert button.isEnabled(), f"{button.accessibleName() or button.text()} is disabled"
    if isinstance(button, (QCheckBox, QRadioButton)):  # only the box and its text take the click
        qtbot.mouseClick(button, Qt.MouseButton.LeftButton, pos=QPoint(8, button.height() // 2))
    else:
        qtbot.mouseClick(button, Qt.MouseButton.LeftButton)


def named(parent: QWidget, accessible_name: str, kind=QWidget):
    """The visible control a screen reader would call ``accessible_name``."""
    found = [w for w in parent.findChildren(kind) if w.accessibleName() == accessible_name and w.isVisible()]
    assert found, f"no visible control named {accessible_name!r}"
    return found[0]


def ledger_types(account: str = "Demo", notes: bool = False) -> list[str]:
    """The account's event types in order; notes (alerts, price moves…) only when asked for."""
    row = models.Account.get(models.Account.name == account)
    return [
        e.type
        for e in models.LedgerEvent.select().where(models.LedgerEvent.account == row).order_by(models.LedgerEvent.id)
        if notes or e.type not in NOTE_EVENTS
    ]


ETH_ADDRESS = "0x52908400098527886E0F7030069857D2E4169EE7"
SOLANA_ADDRESS = "9WzDXwBbmkg8ZTbNMqUxvQRAyrZzDsGYdLVL9zYtAWWM"


def said(label) -> str:
    """What a message label tells the trader: its words, then the refusal code of its tooltip."""
    return f"{label.text()} [{label.toolTip()}]"


def click_row_button(qtbot, table, row: int, column: int) -> None:
    """Press the button a table paints in ``row``'s ``column`` (Close, Repay, Redeem, Cancel)."""
    index = table.model().index(row, column)
    table.scrollTo(index)
    centre = table.visualRect(index).center()
    assert table.viewport().rect().contains(centre), f"{table.accessibleName()}: the button is out of sight"
    qtbot.mouseClick(table.viewport(), Qt.MouseButton.LeftButton, pos=centre)


class TupleRows(RowTableModel):
    """A row model of plain tuples, keyed by their first item, each cell the item's text (tests' own
    tables of figures; a subclass names its headers and colours)."""

    def key(self, row):
        return row[0]

    def cell(self, row, column: int) -> str:
        return str(row[column])

    def sort_key(self, row, column: int):
        return row[column]
