"""The keys both order forms answer: Enter places the order (or presses the focused Max or side
button), Esc clears the form."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QPushButton


def answer_order_keys(form, event) -> bool:
    """Handle ``event`` for ``form`` (with ``submit``, ``place`` and ``clear``); False: not an order key."""
    key = event.key()
    if key in (Qt.Key.Key_Return, Qt.Key.Key_Enter):
        focused = form.focusWidget()
        if isinstance(focused, QPushButton) and focused is not form.submit:
            focused.click()  # Enter on Max or a side presses it
        else:
            form.place()
    elif key == Qt.Key.Key_Escape:
        form.clear()
    else:
        return False
    event.accept()
    return True
