"""A store the window may not write opens read-only (issue 19, item 8 and "Read-only media"): a store that
fails its integrity check, or a database or directory that cannot be written. Every account is readable,
every control that writes is disabled and says why, a banner across the window names the problem and
``margin-desk verify``, the session refuses with READ_ONLY, and the file is byte for byte as it was
after the window closes (before, the window refused to open at all; earlier still, it wrote on)."""

from __future__ import annotations

import os
from decimal import Decimal

import pytest
from PySide6.QtCore import Qt

from desktop.app import launch
from desktop.models.session import READ_ONLY
from desktop.paths import DATABASE_FILE
from desktop.services.accounts import AccountService
from desktop.store.db import open_store
from desktop.views.empty_store_window import EmptyStoreWindow
from desktop.views.main_window import MainWindow
from desktop.views.read_only_guard import ACTIONS, STORE_ACTIONS
from tests.conftest import delete_closed_widgets
from tests.hostile import tried
from tests.store.mounts import remount, tmpfs
from tests.store.test_damaged_store import build, damage, dump, tamper

READABLE = ["a balance changed", "a ledger event deleted", "an open order changed", "a damaged page"]
UNREADABLE = ["a balance that is not a number", "a snapshot that no longer parses", "event details that are not JSON"]


def opened(qtbot, data):
    return launch(data)  # closed by ``closed`` (qtbot.addWidget would close it again once deleted)


def closed(window) -> None:
    store = window.store
    if isinstance(window, MainWindow):
        window.clock.pause()
    window.close()
    window.deleteLater()
    delete_closed_widgets()
    store.close()


def writing_buttons(window) -> list:
    return [
        window.spot.form.submit,
        window.spot.form.max_button,
        window.spot.perp_form.submit,
        window.lend.borrow_tab.borrow_button,
        window.lend.borrow_tab.repay_button,
        window.lend.lend_tab.lend_button,
        window.lend.lend_tab.redeem_button,
        window.overview.deposit_button,
        window.overview.import_button,
        window.clock_bar.play,
        window.clock_bar.step,
    ]


def assert_read_only_window(qtbot, window, data) -> None:
    """What every read-only store shows: the banner, disabled controls that say why, hidden row buttons,
    a session that refuses, a clock that stands still; and clicking everything writes nothing."""
    assert isinstance(window, MainWindow) and window.session.read_only and not window.session.mirror
    banner = window.store_banner
    assert banner.isVisibleTo(window), "no banner"
    assert "read-only" in banner.text() and f"margin-desk verify --data-dir {data}" in banner.text()
    actions = [getattr(window, name) for name in ACTIONS + STORE_ACTIONS]
    for action in actions:
        assert not action.isEnabled(), action.text()
        assert "read-only" in action.toolTip() and "mirror" not in action.toolTip(), action.text()
    for button in writing_buttons(window):
        assert not button.isEnabled(), button.text()
        assert "read-only" in button.toolTip(), button.text()
    for delegate in window.spot.panel.buttons.values():  # Close, Repay, Redeem, Cancel in the rows
        assert delegate.table.isColumnHidden(delegate.column)
    assert window.export_action.isEnabled() and window.account_box.isEnabled()  # what only reads stays
    # clicking and triggering what is disabled does nothing; the session refuses what gets through
    for action in actions:
        action.trigger()
    for button in writing_buttons(window):
        qtbot.mouseClick(button, Qt.MouseButton.LeftButton)
    session, before = window.session, window.session.state
    for outcome in (
        session.deposit("USDC", Decimal(1)),
        session.place_order("SOL_USDC", "Bid", "Market", Decimal(1), None, False),
        session.cancel_order("1"),
        session.close_position("SOL_USDC_PERP"),
        session.change_settings(leverage_limit=3),
    ):
        assert not outcome.accepted and outcome.refusal.code == READ_ONLY
        assert "store is open read-only" in outcome.refusal.message and "mirror" not in outcome.refusal.message
        assert "margin-desk verify" in outcome.refusal.message
    window.clock.step_hour()
    session.tick_live(60, {"SOL": Decimal(1)})
    assert session.state.time == before.time and session.state.marks == before.marks
    window.risk_watch.set_thresholds(window.risk_watch.settings)  # a note: kept for this run only


@pytest.mark.parametrize("kind", READABLE)
def test_a_damaged_store_opens_read_only_with_a_banner_and_is_never_written(qtbot, tmp_path, kind):
    tried("store damage")
    data = tmp_path / "data"
    damage(data, kind)
    before = dump(data / DATABASE_FILE)
    window = opened(qtbot, data)
    text = window.store_banner.text()
    assert "does not match" in text or "damaged" in text, text
    assert_read_only_window(qtbot, window, data)
    for view in range(len(window.views)):  # every view reads the damaged account without a traceback
        window.show_view(view)
    closed(window)
    assert dump(data / DATABASE_FILE) == before


@pytest.mark.parametrize("kind", UNREADABLE)
def test_a_store_whose_only_account_cannot_be_read_shows_an_empty_state(qtbot, tmp_path, kind):
    tried("store damage")
    data = tmp_path / "data"
    damage(data, kind)
    before = dump(data / DATABASE_FILE)
    window = opened(qtbot, data)
    assert isinstance(window, EmptyStoreWindow)
    assert window.banner.isVisibleTo(window) and "margin-desk verify --data-dir" in window.banner.text()
    assert "no account in it can be read" in window.empty.text()
    closed(window)
    assert dump(data / DATABASE_FILE) == before


def test_an_unreadable_account_is_skipped_and_cannot_be_switched_to(qtbot, tmp_path):
    tried("store damage")
    data = tmp_path / "data"
    build(data)
    store = open_store(data)
    try:
        AccountService(store).create("Second", deposits=(("USDC", Decimal(100)),))
    finally:
        store.close()
    second = "(SELECT id FROM account WHERE name = 'Second')"
    tamper(data / DATABASE_FILE, f"UPDATE balance SET locked = 'abc' WHERE account_id = {second}")
    before = dump(data / DATABASE_FILE)
    window = opened(qtbot, data)
    assert window.session.name == "Demo" and window.session.read_only
    window.switch_account("Second")
    assert window.session.name == "Demo" and window.account_box.currentText() == "Demo"
    assert "Second cannot be read" in window.statusBar().currentMessage()
    closed(window)
    assert dump(data / DATABASE_FILE) == before


def listing(directory) -> dict[str, tuple[int, int]]:
    return {
        str(p.relative_to(directory)): (p.stat().st_size, p.stat().st_mtime_ns) for p in sorted(directory.rglob("*"))
    }


def test_a_store_on_read_only_media_opens_read_only(qtbot, tmp_path):
    with tmpfs(tmp_path / "media", "16m") as media:
        data = media / "data"
        build(data)
        remount(media, read_only=True)
        before = listing(data)
        window = opened(qtbot, data)
        assert "cannot be written" in window.store_banner.text(), window.store_banner.text()
        assert_read_only_window(qtbot, window, data)
        window.set_theme("dark")  # window.ini cannot be written here: remembered for this run only
        closed(window)
        assert listing(data) == before


def test_an_empty_store_on_read_only_media_shows_an_empty_state(qtbot, tmp_path):
    with tmpfs(tmp_path / "media", "4m") as media:
        data = media / "data"
        open_store(data).close()  # a store with no account (the Demo is made at the window's first start)
        remount(media, read_only=True)
        before = listing(data)
        window = opened(qtbot, data)
        assert isinstance(window, EmptyStoreWindow) and "it holds no accounts" in window.empty.text()
        assert "cannot be written" in window.banner.text()
        closed(window)
        assert listing(data) == before


@pytest.mark.parametrize("what", ["the database file", "the data directory"])
def test_a_store_the_user_may_not_write_opens_read_only(qtbot, tmp_path, what):
    if not hasattr(os, "geteuid") or os.geteuid() == 0:
        pytest.skip("root may write any file: the permission case needs an ordinary user")
    data = tmp_path / "data"
    build(data)
    target = data / DATABASE_FILE if what == "the database file" else data
    target.chmod(0o400 if what == "the database file" else 0o500)
    try:
        before = dump(data / DATABASE_FILE)
        window = opened(qtbot, data)
        assert "cannot be written" in window.store_banner.text()
        assert_read_only_window(qtbot, window, data)
        closed(window)
        assert dump(data / DATABASE_FILE) == before
    finally:
        target.chmod(0o600 if what == "the database file" else 0o700)
