"""The installed Qt binding keeps reference counts right (PySide6 6.12.0 on CPython 3.11 does not)."""

import sys

from desktop.qt_guard import binding_drops_references


def test_the_installed_binding_does_not_drop_references_to_none():
    assert not binding_drops_references()


def test_a_long_run_of_void_calls_leaves_none_alone(qtbot):
    from PySide6.QtWidgets import QLabel

    label = QLabel()
    qtbot.addWidget(label)
    before = sys.getrefcount(None)
    for n in range(5000):
        label.setText(str(n % 3))
    assert sys.getrefcount(None) > before - 100
