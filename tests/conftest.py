"""Session-wide test setup: offscreen Qt, and the binding guard the app applies at start-up."""

import os
import threading

import pytest

from tests.waits import WAIT_MS

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")


def _register_hypothesis_profiles() -> None:
    """The suite's runs are the same examples every time, so a submission never fails by the luck of the
    draw and never passes by it either; `HYPOTHESIS_PROFILE=explore` draws new examples (and keeps
    failures in .hypothesis) for a long local search. No deadline: CI is a loaded 2-core machine."""
    from hypothesis import settings

    settings.register_profile("repeatable", derandomize=True, deadline=None, print_blob=True)
    settings.register_profile("explore", deadline=None, print_blob=True)
    settings.load_profile(os.environ.get("HYPOTHESIS_PROFILE", "repeatable"))


_register_hypothesis_profiles()


def pytest_terminal_summary(terminalreporter):
    """The count of hostile inputs the tests tried (issue 19), when any ran."""
    from tests.hostile import TRIED

    if TRIED:
        kinds = ", ".join(f"{kind} {count}" for kind, count in sorted(TRIED.items()))
        terminalreporter.write_line(f"hostile cases tried: {sum(TRIED.values())} ({kinds})")


def pytest_configure(config):
    from desktop.qt_guard import guard_against_binding_refcount_defect

    guard_against_binding_refcount_defect()  # a no-op with the PySide6 pyproject.toml allows


def delete_closed_widgets() -> None:
    """Run the deferred deletes now. Outside an event loop nothing else does, and every window left
    behind (about 330 widgets) is re-polished and laid out again by each one that follows."""
    from PySide6.QtCore import QEvent
    from PySide6.QtWidgets import QApplication

    QApplication.sendPostedEvents(None, QEvent.Type.DeferredDelete)
    QApplication.processEvents()


def harmless(widget) -> bool:
    """Top-level widgets left behind that are not ours to delete.

    pyqtgraph's "Plot Options" context menu of a PlotItem (and its six submenus) outlives the plot
    on PySide6 >= 6.5 (pyqtgraph issue 2672): seven empty menus per chart, never shown, no data."""
    from PySide6.QtWidgets import QMenu

    menu = widget.parent() or widget
    return isinstance(menu, QMenu) and menu.parent() is None and menu.title() == "Plot Options"


@pytest.fixture(autouse=True)
def no_leaked_widgets(request):
    """Fails a Qt test that leaves a top-level widget behind once the deferred deletes have run.
    Autouse, so it is set up before the test's other fixtures and checks after all of them are gone."""
    if "qapp" not in request.fixturenames:  # qtbot and the window fixture bring qapp with them
        yield
        return
    qapp = request.getfixturevalue("qapp")
    delete_closed_widgets()  # what earlier tests closed, so the comparison is with a clean slate
    before = set(qapp.topLevelWidgets())
    yield
    delete_closed_widgets()
    leaked = [w for w in qapp.topLevelWidgets() if w not in before and not harmless(w)]
    names = [f"{type(w).__name__} {w.objectName() or w.windowTitle()!r}" for w in leaked]
    assert not leaked, f"top-level widgets left after the test (close and delete them): {names}"


@pytest.fixture
def window(qtbot, tmp_path):
    """The real main window (``desktop.app.launch``) on a temporary data directory, offscreen; deleted
    after the test, and ``no_leaked_widgets`` checks that nothing it opened outlives it."""
    from desktop.app import launch

    shown = launch(tmp_path / "data")
    yield shown
    shown.clock.pause()
    background = [t for t in threading.enumerate() if t.name == "margin-desk-background"]
    for thread in background:  # before the store closes under it
        thread.join(WAIT_MS / 1000)
    store = shown.store
    shown.close()
    shown.deleteLater()
    delete_closed_widgets()
    store.close()
    assert not any(t.is_alive() for t in background), "a background task outlived its test"


@pytest.fixture
def store(tmp_path):
    """A real SQLite store in a temporary data directory."""
    from desktop.store.db import open_store

    opened = open_store(tmp_path / "data")
    yield opened
    opened.close()


@pytest.fixture
def accounts(store):
    from desktop.services.accounts import AccountService

    return AccountService(store)
