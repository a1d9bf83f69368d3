"""Changing a dynamic style property costs a re-polish (and a repaint of the window's region):
do it only when the value really changes, never on every tick."""

from __future__ import annotations

from PySide6.QtWidgets import QWidget


def set_style_property(widget: QWidget, name: str, value) -> None:
    if widget.property(name) == value:
        return
    widget.setProperty(name, value)
    widget.style().unpolish(widget)
    widget.style().polish(widget)


def set_message(label, text: str, kind: str = "refusal") -> None:
    """Show ``text`` in a message label (hidden when empty), restyled only if its kind changed."""
    if text:
        set_style_property(label, "kind", kind)
    if label.text() != text:
        label.setText(text)
    if label.isVisibleTo(label.parentWidget()) != bool(text):
        label.setVisible(bool(text))
