"""Session-wide test setup: offscreen Qt, and the binding guard the app applies at start-up."""

import os

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")


def pytest_configure(config):
    from desktop.qt_guard import guard_against_binding_refcount_defect

    guard_against_binding_refcount_defect()  # a no-op with the PySide6 pyproject.toml allows
