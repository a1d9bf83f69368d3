"""A store open read-only says so across the window, never silently: why (it failed its integrity
check, or cannot be written) and what to do (``margin-desk verify``; restore a backup)."""

from __future__ import annotations

from html import escape

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QLabel, QWidget

from ..models.session import Session, store_read_only_sentence
from ..text.tips import tip


def banner_text(reason: str, directory) -> str:
    """The sentence, with what to do on a line of its own (a long path is not split between lines)."""
    sentence = escape(store_read_only_sentence(reason, directory))
    why, _, then = sentence.rpartition("; run margin-desk verify")
    return f"<b>READ-ONLY STORE</b> · {why};<br>run margin-desk verify{then}"


class StoreBanner(QLabel):
    def __init__(self, session: Session, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.session = session
        self.setObjectName("storeBanner")
        self.setAccessibleName("Read-only store")
        self.setWordWrap(True)
        self.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)  # the command can be copied
        self._hidden = False  # hidden for a writable store: a tick then has nothing to do
        session.changed.connect(lambda _change: self.show_state())  # a write may find the file damaged
        self.show_state()

    def show_state(self) -> None:
        reason = self.session.store_read_only
        if reason is None and self._hidden:
            return
        self._hidden = reason is None
        self.setVisible(reason is not None)
        if reason is not None:
            text = banner_text(reason, self.session.directory)
            if self.text() != text:
                self.setText(text)
                self.setToolTip(tip(reason))  # the whole reason: the first difference found, say
