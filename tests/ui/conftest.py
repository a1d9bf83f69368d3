"""UI fixtures: the real main window on a temporary data directory, offscreen."""

import os

import pytest

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")


@pytest.fixture
def window(qtbot, tmp_path):
    from desktop.app import launch

    shown = launch(tmp_path / "data")
    qtbot.addWidget(shown)
    yield shown
    shown.desk.pause()
    shown.close()
    shown.store.close()
