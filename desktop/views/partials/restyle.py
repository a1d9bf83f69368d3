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


def set_message(label, text: str, kind: str = "refusal", code: str = "") -> None:
    """Show ``text`` in a message label (hidden when empty), restyled only if its kind changed; a
    refusal's ``code`` goes to the tooltip, not into the sentence."""
    if text:
        set_style_property(label, "kind", kind)
    if label.text() != text:
        label.setText(text)
    tooltip = f"Refusal code: {code}" if code and text else ""
    if label.toolTip() != tooltip:
        label.setToolTip(tooltip)
    parent = label.parentWidget()
    shown = label.isVisibleTo(parent) if parent is not None else label.isVisible()
    if shown != bool(text):
        label.setVisible(bool(text))


def show_refusal(label, refusal, text: str | None = None) -> None:
    """A refused action's words in ``label`` (``text`` when the caller said it better), code in the tooltip."""
    from ...text.refusals import refusal_text

    set_message(label, text or refusal_text(refusal), "refusal", refusal.code)
