"""Splitter sizes remembered between runs: each named splitter restores its saved state when it is
built (some are built only when their view is first shown) and saves it whenever the trader drags
it. The main window hands its settings over before the views are built."""

from __future__ import annotations

from PySide6.QtCore import QSettings
from PySide6.QtWidgets import QSplitter

_settings: QSettings | None = None


def use_settings(settings: QSettings | None) -> None:
    global _settings
    _settings = settings


def remember_splitter(splitter: QSplitter) -> None:
    """Restore ``splitter`` (it must have an object name) and save it after every drag."""
    name = splitter.objectName()
    if not name or _settings is None:
        return
    settings, key = _settings, f"splitters/{name}"
    saved = settings.value(key)
    if saved is not None:
        splitter.restoreState(saved)
    splitter.splitterMoved.connect(lambda *_: settings.setValue(key, splitter.saveState()))
