"""The window's own file in the data directory (``window.ini``, written by QSettings) follows the store's
rules (issue 19, items 4 and 16): a link planted on it is refused, never written through (QSettings'
atomic save would overwrite the link's target), a FIFO is refused instead of blocking the start, and a
new one is private (0600) from its first write."""

import os
import stat

import pytest

from desktop.app import SETTINGS_FILE, launch
from desktop.store.db import StoreError
from tests.hostile import tried
from tests.store.test_symlinks import TARGETS, assert_untouched, plant


@pytest.mark.parametrize("target", TARGETS)
def test_a_link_on_the_window_settings_is_refused_and_its_target_untouched(qapp, tmp_path, target):
    tried("store files")
    data, victims = tmp_path / "data", tmp_path / "victims"
    victims.mkdir()
    victim, content = plant(data, SETTINGS_FILE, victims, target)
    with pytest.raises(StoreError, match="symbolic link") as refused:
        launch(data)
    assert str(data / SETTINGS_FILE) in str(refused.value)
    assert_untouched(victim, content)


def test_a_fifo_as_the_window_settings_is_refused_instead_of_blocking(qapp, tmp_path):
    if not hasattr(os, "mkfifo"):
        pytest.skip("no FIFOs on this platform")
    tried("store files")
    data = tmp_path / "data"
    data.mkdir()
    os.mkfifo(data / SETTINGS_FILE)
    with pytest.raises(StoreError, match="not a regular file"):
        launch(data)


def test_new_window_settings_are_private(window, tmp_path):
    window.settings.setValue("theme", "dark")
    window.settings.sync()
    path = tmp_path / "data" / SETTINGS_FILE
    assert path.read_text().startswith("[General]")
    assert stat.S_IMODE(os.lstat(path).st_mode) == 0o600
