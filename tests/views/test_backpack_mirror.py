"""File → Connect Backpack account… through the real window, against the loopback signed stand-in.

The stand-in verifies every signature with Backpack's published example key (tests/standins/
backpack_signed.py). No keyring backend exists here, so the secret lives in memory for the session.
"""

from __future__ import annotations

import base64
import logging
from decimal import Decimal

import keyring
import pytest
from keyring.backends import fail
from PySide6.QtCore import Qt

from desktop.models.session import ServiceError
from desktop.services.integrity import verify_store
from desktop.text.formatting import usd
from desktop.views.backpack.history_dialog import HistoryDialog
from tests.standins.backpack_account_bodies import EXAMPLE_API_KEY, EXAMPLE_SECRET, spot_book, trader_book
from tests.standins.backpack_signed import SignedBackpack
from tests.waits import WAIT_MS

OTHER_KEY = "A6EHv/POEL4dcN0Y50vAmWfk1jCbpQ1fHdyGZBJVMbg="  # a valid public key of another pair


@pytest.fixture(autouse=True)
def no_keyring():
    """As on this machine: no keyring backend (a test's own backend class would otherwise be found)."""
    previous = keyring.get_keyring()
    keyring.set_keyring(fail.Keyring())
    yield
    keyring.set_keyring(previous)


@pytest.fixture
def spot_backpack():
    with SignedBackpack(spot_book()) as standin:
        yield standin


def open_connect(window, standin, name="Backpack (mirror)"):
    dialog = window.backpack.connect()
    dialog.api_key.setText(EXAMPLE_API_KEY)
    dialog.secret.setText(EXAMPLE_SECRET)
    dialog.server.setText(standin.url)
    dialog.name.setText(name)
    return dialog


def connect(qtbot, window, standin):
    dialog = open_connect(window, standin)
    with qtbot.waitSignal(dialog.connected, timeout=WAIT_MS):
        qtbot.mouseClick(dialog.connect_button, Qt.MouseButton.LeftButton)
    return dialog


def test_connect_shows_the_mirror_read_only_with_its_badge(qtbot, window, spot_backpack):
    dialog = open_connect(window, spot_backpack)
    assert not dialog.remember.isEnabled() and "No keyring" in dialog.keyring_note.text()
    assert dialog.secret.echoMode() == dialog.secret.EchoMode.Password
    with qtbot.waitSignal(dialog.connected, timeout=WAIT_MS):
        qtbot.mouseClick(dialog.connect_button, Qt.MouseButton.LeftButton)
    session, panel = window.session, window.backpack.panel
    assert session.name == "Backpack (mirror)" and session.read_only
    assert "Backpack (mirror)" in window.accounts.names() and window.account_box.currentText() == "Backpack (mirror)"
    assert panel.isVisibleTo(window) and panel.badge.text() == "Mirror — read-only"
    assert "Connected: Backpack account" in window.statusBar().currentMessage()
    # the real balances, as Backpack reported them (lends and the borrow from borrowLend/positions)
    balances = session.state.account.balances
    assert balances["USDC"].available == Decimal("5000") and balances["USDC"].locked == Decimal("1500")
    assert balances["SOL"].lent == Decimal("8") and balances["BTC"].borrowed == Decimal("0.01")
    assert [request.path for request in spot_backpack.requests][:1] == ["/api/v1/account"]  # the key checked first


def test_every_action_is_disabled_on_the_mirror_and_says_why(qtbot, window, spot_backpack):
    connect(qtbot, window, spot_backpack)
    controls = [
        window.deposit_action, window.withdraw_action, window.play_action, window.step_action,
        window.fast_forward_action, window.spot.form, window.spot.form.submit, window.spot.form.max_button,
        window.spot.perp_form, window.spot.perp_form.submit, window.lend.borrow_tab, window.lend.borrow_tab.borrow_button,
        window.lend.borrow_tab.repay_button, window.lend.lend_tab.lend_button, window.overview.leverage,
        window.overview.margin_menu_button, window.clock_bar.play, window.clock_bar.step,
        window.move_price_action, window.scenario_action, window.replay_action, window.random_walk_action,
    ]  # fmt: skip
    for control in controls:
        assert not control.isEnabled(), control
        assert "read-only mirror" in control.toolTip(), control
    # the session refuses too, and the clock stands still
    before = window.session.state
    outcome = window.session.deposit("USDC", Decimal("1"))
    assert not outcome.accepted and "read-only mirror" in outcome.refusal.message
    window.session.tick(3600)
    window.session.tick_live(60, {"SOL": Decimal("1")})  # Live prices do not move a mirror either
    with pytest.raises(ServiceError, match="read-only mirror"):
        window.session.move_price("SOL", Decimal("1"), "set from the window")
    assert window.session.state.time == before.time and window.session.state.marks == before.marks
    assert not window.live_action.isEnabled() and "read-only mirror" in window.live_action.toolTip()
    rows = window.spot.panel.buttons.values()  # Close, Repay, Redeem, Cancel: their columns are hidden
    assert all(delegate.table.isColumnHidden(delegate.column) for delegate in rows)
    # another account: everything comes back
    window.switch_account("Demo")
    assert not window.backpack.panel.isVisibleTo(window)
    for control in controls:
        assert control.isEnabled(), control
        assert "read-only mirror" not in control.toolTip(), control
    assert not any(delegate.table.isColumnHidden(delegate.column) for delegate in rows)


def test_the_overview_sets_backpack_beside_margin_desk(qtbot, window, spot_backpack):
    connect(qtbot, window, spot_backpack)
    reading = window.backpack.link.reading("Backpack (mirror)")
    view = window.backpack.panel.reconciliation
    summary = spot_backpack.bodies["/api/v1/capital/collateral"]
    theirs, ours, gap = view.cells["netEquity"]
    assert theirs.text() == usd(Decimal(summary["netEquity"]))
    assert ours.text() == usd(Decimal(reading.evaluated["collateral"]["netEquity"]))
    assert ours.text() == usd(window.session.valuation.net_equity)  # the desk's own figure, same account
    for figure in ("netEquityAvailable", "netEquityLocked", "imf", "mmf", "marginFraction", "pnlUnrealized"):
        assert figure in view.cells
    for symbol in ("USDC", "SOL", "ETH", "JTO", "BTC"):
        assert f"collateral.{symbol}.collateralWeight" in view.cells
        assert f"collateral.{symbol}.collateralValue" in view.cells
    assert not reading.reconciliation.flags, reading.reconciliation.as_json()["flagged"]
    assert view.summary.text().startswith("✓ Every figure agrees")


def test_a_difference_is_flagged_in_words(qtbot, window, spot_backpack):
    body = spot_backpack.bodies["/api/v1/capital/collateral"]
    more = (Decimal(body["netEquity"]) / 100).quantize(Decimal(1))  # 1 % more than the desk finds
    body["netEquity"] = str(Decimal(body["netEquity"]) + more)
    connect(qtbot, window, spot_backpack)
    view = window.backpack.panel.reconciliation
    assert view.summary.text().startswith("⚠ ")
    assert "netEquity" in view.flags
    assert view.flags["netEquity"].text().startswith("Differs by more than 0.1 %.")
    assert view.cells["netEquity"][2].text() == f"−{usd(more)}"
    name = [label for label in view.findChildren(type(view.summary)) if label.text().startswith("⚠ Net equity")]
    assert name and name[0].text() == "⚠ Net equity — differs"


def test_refresh_reads_the_account_again(qtbot, window, spot_backpack):
    connect(qtbot, window, spot_backpack)
    panel = window.backpack.panel
    book = spot_book()
    book.balances["USDC"] = ("7000", "1500")
    spot_backpack.serve(book)
    with qtbot.waitSignal(window.backpack.link.readingChanged, timeout=WAIT_MS):
        qtbot.mouseClick(panel.refresh_button, Qt.MouseButton.LeftButton)
    assert window.session.state.account.balances["USDC"].available == Decimal("7000")
    assert window.session.read_only and window.accounts.names().count("Backpack (mirror)") == 1
    assert panel.message.text().startswith("Refreshed: Backpack account")
    assert window.deposit_action.isEnabled() is False
    report = verify_store(window.accounts.service)  # the replaced mirror replays like any account
    assert report.whole, report.mismatches
    assert panel.timer.isActive() and panel.timer.interval() == 60_000  # auto-refresh while it is open
    window.switch_account("Demo")
    assert not panel.timer.isActive()


def test_plan_from_this_account_makes_a_simulated_copy(qtbot, window, spot_backpack):
    connect(qtbot, window, spot_backpack)
    mirror = window.session.state.account
    assert window.backpack.panel.plan("My plan")
    session = window.session
    assert session.name == "My plan" and not session.read_only
    assert session.state.account.balances == mirror.balances
    assert window.deposit_action.isEnabled() and window.spot.form.isEnabled()
    assert session.borrow("USDC", Decimal("100")).accepted  # actions work as usual on the plan
    start = session.state.time
    assert session.tick(3600).time > start  # and the clock
    window.switch_account("Backpack (mirror)")
    assert window.session.state.account.balances["USDC"].borrowed == 0  # the mirror is untouched


def test_a_trader_with_perps_is_mirrored_and_planned_with_the_positions(qtbot, window):
    with SignedBackpack(trader_book()) as standin:
        connect(qtbot, window, standin)
    panel, session = window.backpack.panel, window.session
    positions = session.state.account.positions
    assert positions["SOL_USDC_PERP"].net_quantity == 2 and positions["DOGE_USDC_PERP"].net_quantity == -1000
    view = panel.reconciliation
    assert "pnlUnrealized" in view.cells
    reading = window.backpack.link.reading("Backpack (mirror)")
    flagged = {flag.figure for flag in reading.reconciliation.flags}
    for key, note in view.flags.items():  # every flag is said in words, with its reasons
        assert key in flagged and note.text().startswith("Differs by more than 0.1 %.")
    # the trigger order Backpack holds is left out of the desk's copy, and the panel says so
    assert "API key zDIJ…Y0A=" in panel.source.text() and window.backpack.link.api_key_of("Backpack (mirror)")
    assert "left out of the desk's copy" in panel.source.text() and "4228978102" in panel.source.toolTip()
    assert not window.spot.form.isEnabled()
    assert not session.close_position("SOL_USDC_PERP").accepted  # no perp action either
    assert panel.plan("Plan")
    plan = window.session
    assert plan.name == "Plan" and not plan.read_only
    assert plan.state.account.positions == positions
    assert plan.close_position("SOL_USDC_PERP").accepted  # on the plan, as usual
    assert "SOL_USDC_PERP" not in plan.state.account.positions


@pytest.mark.parametrize(
    ("arrange", "sentence"),
    [
        (lambda s: setattr(s, "api_key", OTHER_KEY),
         "Backpack refused the signature (INVALID_CLIENT_REQUEST: Invalid signature) on GET /api/v1/account."),
        (lambda s: setattr(s, "expire_everything", True), "The clock is "),
    ],
    ids=["bad-signature", "clock-skew"],
)  # fmt: skip
def test_a_refused_connection_reads_as_one_sentence(qtbot, window, spot_backpack, arrange, sentence):
    arrange(spot_backpack)
    dialog = open_connect(window, spot_backpack)
    with qtbot.waitSignal(dialog.message_shown, timeout=WAIT_MS):
        qtbot.mouseClick(dialog.connect_button, Qt.MouseButton.LeftButton)
    text = dialog.message.text()
    assert text.startswith(sentence) and text.count("\n") == 0 and "Traceback" not in text
    assert EXAMPLE_SECRET not in text
    assert window.session.name == "Demo" and "Backpack (mirror)" not in window.accounts.names()
    dialog.reject()


def test_a_clock_seven_seconds_off_is_corrected_and_said(qtbot, window, spot_backpack):
    spot_backpack.clock_offset_ms = 7_000
    connect(qtbot, window, spot_backpack)
    assert "The clock is 7 s off Backpack's: timestamps corrected for this session." in (
        window.backpack.panel.source.text()
    )


def test_offline_and_a_foreign_secret_read_as_one_sentence(qtbot, window, spot_backpack):
    url = spot_backpack.url
    spot_backpack.stop()
    dialog = open_connect(window, spot_backpack)
    dialog.server.setText(url)
    with qtbot.waitSignal(dialog.message_shown, timeout=WAIT_MS):
        qtbot.mouseClick(dialog.connect_button, Qt.MouseButton.LeftButton)
    assert dialog.message.text().startswith("Backpack cannot be reached (")
    dialog.api_key.setText(OTHER_KEY)  # the example secret is not this key's
    qtbot.mouseClick(dialog.connect_button, Qt.MouseButton.LeftButton)
    assert dialog.message.text().startswith("The key cannot be used: the secret does not belong to the API key")
    assert EXAMPLE_SECRET not in dialog.message.text()
    dialog.reject()


def test_cancel_stops_the_connection_and_stores_nothing(qtbot, window, spot_backpack):
    spot_backpack.delay("/api/v1/account", 60)
    dialog = open_connect(window, spot_backpack)
    qtbot.mouseClick(dialog.connect_button, Qt.MouseButton.LeftButton)
    assert dialog.progress.isVisibleTo(dialog) and not dialog.connect_button.isEnabled()
    with qtbot.waitSignal(dialog.task.cancelledDone, timeout=WAIT_MS):
        qtbot.mouseClick(dialog.cancel_button, Qt.MouseButton.LeftButton)
        spot_backpack.release()
    assert dialog.message.text() == "Cancelled: nothing was read or stored."
    assert "Backpack (mirror)" not in window.accounts.names()
    dialog.reject()


def test_a_secret_file_readable_by_others_is_refused(qtbot, window, spot_backpack, tmp_path):
    path = tmp_path / "secret.txt"
    path.write_text(EXAMPLE_SECRET + "\n")
    path.chmod(0o644)
    dialog = open_connect(window, spot_backpack)
    dialog.secret.clear()
    assert not dialog.use_secret_file(str(path))
    assert (
        "can be read by other users (mode 0644)" in dialog.message.text()
        and EXAMPLE_SECRET not in dialog.message.text()
    )
    path.chmod(0o600)
    assert dialog.use_secret_file(str(path)) and dialog.secret.text() == EXAMPLE_SECRET
    dialog.reject()


def test_the_secret_never_reaches_the_store_settings_or_logs(qtbot, window, spot_backpack, caplog, capsys, tmp_path):
    caplog.set_level(logging.DEBUG)
    dialog = connect(qtbot, window, spot_backpack)
    assert dialog.secret.text() == ""  # not left in the closed dialog either
    panel = window.backpack.panel
    with qtbot.waitSignal(window.backpack.link.readingChanged, timeout=WAIT_MS):
        qtbot.mouseClick(panel.refresh_button, Qt.MouseButton.LeftButton)  # from memory, no keyring here
    assert panel.plan("Plan")
    for key in window.settings.allKeys():
        assert EXAMPLE_SECRET not in str(window.settings.value(key)), key
    window.switch_account("Backpack (mirror)")
    window.close()  # the window writes its settings as it closes
    seed = base64.b64decode(EXAMPLE_SECRET)
    captured = capsys.readouterr()
    for text in (caplog.text, captured.out, captured.err, window.statusBar().currentMessage(), panel.message.text()):
        assert EXAMPLE_SECRET not in text
    files = [path for path in (tmp_path / "data").rglob("*") if path.is_file()]
    assert any(path.name == "window.ini" for path in files) and len(files) > 1
    for path in files:
        content = path.read_bytes()
        assert EXAMPLE_SECRET.encode() not in content and seed not in content, path
    # Forget key: the next Refresh asks for the secret again
    assert "forgotten" in panel.forget_key()
    assert window.backpack.link.secret_for(EXAMPLE_API_KEY) is None
    with qtbot.waitSignal(panel.secretNeeded, timeout=WAIT_MS):
        qtbot.mouseClick(panel.refresh_button, Qt.MouseButton.LeftButton)
    for asking in window.findChildren(type(dialog)):
        assert asking.api_key.text() == EXAMPLE_API_KEY and asking.secret.text() == ""
        asking.reject()


def test_with_a_keyring_the_secret_is_kept_there_and_forgotten_on_request(qtbot, window, spot_backpack):
    from tests.services.backpack.test_secrets import MemoryKeyring

    kept = MemoryKeyring()
    keyring.set_keyring(kept)
    dialog = open_connect(window, spot_backpack)
    assert dialog.remember.isEnabled() and dialog.remember.isChecked() and not dialog.keyring_note.isVisibleTo(dialog)
    with qtbot.waitSignal(dialog.connected, timeout=WAIT_MS):
        qtbot.mouseClick(dialog.connect_button, Qt.MouseButton.LeftButton)
    assert dialog.where_kept.startswith("The secret is kept in the keyring")
    assert list(kept.kept.values()) == [EXAMPLE_SECRET]
    assert window.backpack.panel.forget_key().startswith("The secret was removed from the keyring")
    assert kept.kept == {}


def test_import_history_lists_fills_liquidations_interest_funding_and_settlements(qtbot, window, spot_backpack):
    from datetime import UTC, datetime, timedelta

    from tests.standins.backpack_signed import paged

    def naive(moment):
        return moment.replace(tzinfo=None).isoformat(timespec="milliseconds")

    now = datetime.now(UTC)
    fills = [
        {"fee": "0.01", "feeSymbol": "USDC", "isMaker": True, "orderId": str(9000 + n), "price": "150",
         "quantity": "0.1", "side": "Bid", "symbol": "SOL_USDC", "timestamp": naive(now - timedelta(hours=n + 1))}
        for n in range(3)
    ]  # fmt: skip
    fills[1]["systemOrderType"] = "LiquidatePositionOnBook"
    settlements = [
        {"quantity": "1.5", "source": "RealizePnl", "userId": 1, "timestamp": naive(now - timedelta(days=2))},
        {"quantity": "-2", "source": "FundingPayment", "userId": 1, "timestamp": naive(now - timedelta(days=31))},
    ]
    funding = [{"userId": 1, "symbol": "SOL_USDC_PERP", "quantity": "-0.02", "fundingRate": "0.0000125",
                "intervalEndTimestamp": naive(now - timedelta(hours=5))}]  # fmt: skip
    spot_backpack.bodies |= {
        "/wapi/v1/history/fills": paged(fills, "timestamp"),
        "/wapi/v1/history/settlement": paged(settlements, "timestamp"),
        "/wapi/v1/history/funding": paged(funding, "intervalEndTimestamp"),
    }
    connect(qtbot, window, spot_backpack)
    panel = window.backpack.panel
    qtbot.mouseClick(panel.history_button, Qt.MouseButton.LeftButton)  # opens the dialog (window-modal)
    dialog = window.findChild(HistoryDialog, "backpackHistory")
    assert dialog is not None and dialog.days.value() == 30
    with qtbot.waitSignal(dialog.imported, timeout=WAIT_MS):
        qtbot.mouseClick(dialog.import_button, Qt.MouseButton.LeftButton)
    assert dialog.table.rowCount() == 5  # the settlement 31 days old is not among them
    kinds = [dialog.table.item(row, 1).text() for row in range(5)]
    assert sorted(kinds) == ["Fill", "Fill", "Fill", "Funding", "Settlement"]
    notes = [dialog.table.item(row, 4).text() for row in range(5)]
    assert notes.count("liquidation fill") == 1
    assert "5 rows" in dialog.message.text() and "1 liquidation fills" in dialog.message.text()
    dialog.reject()


def test_a_mirror_opened_without_a_reading_says_so_and_still_disables_actions(qtbot, window, spot_backpack):
    connect(qtbot, window, spot_backpack)
    window.backpack.link.readings.clear()  # as after a restart: the store has the mirror, memory has no reading
    window.switch_account("Demo")
    window.switch_account("Backpack (mirror)")
    panel = window.backpack.panel
    assert panel.isVisibleTo(window) and "as stored. Refresh to read it again." in panel.source.text()
    assert panel.reconciliation.summary.text().startswith("Refresh to read Backpack's own figures")
    assert not panel.plan_button.isEnabled() and "Refresh first" in panel.plan_button.toolTip()
    assert not window.deposit_action.isEnabled() and not window.spot.form.isEnabled()
