"""Manual Borrow as the seed lists it, the Lend tab, Portfolio, History with CSV export, import and
export of an account, and a cancelled fast-forward."""

import csv
import json
from decimal import Decimal as D

from PySide6.QtWidgets import QFileDialog, QInputDialog, QLabel, QLineEdit, QProgressDialog, QPushButton

from desktop.services.accounts import AccountService
from desktop.services.integrity import verify_store
from desktop.text.formatting import usd
from tests.views.util import click, ledger_types, named, said, type_into
from tests.waits import WAIT_MS


def test_manual_borrow_exactly_as_the_seed_lists_it(window, qtbot):
    desk, overview = window.session, window.overview
    window.show_view(1)  # 1) the Lend dashboard, Borrow tab
    borrow_tab = window.lend.borrow_tab
    window.lend.show_tab(borrow_tab)
    assert not overview.auto_lend.isChecked()  # Auto Lend disabled, in the Margin Overview menu
    assert overview.auto_lend in overview.margin_menu.actions()
    assert borrow_tab.body.isEnabled() and not borrow_tab.disabled_note.isVisible()
    # 2) Initial and Maintenance Margin in the Account Overview, with what each means
    assert "minimum amount of collateral" in overview.values["initial_margin"].toolTip()
    assert "avoid liquidation" in overview.values["maintenance_margin"].toolTip()
    # 3) the Max Account Leverage
    overview.leverage.setValue(5)
    assert desk.state.account.settings.leverage_limit == 5
    # 4) an amount of USDC within Available to borrow
    available = D(named(borrow_tab, "Available to borrow", QLabel).text().split()[0].replace(",", ""))
    assert available == desk.limits["USDC"].max_borrow_quantity > 0
    usdc_before = desk.state.account.balance("USDC").available
    type_into(qtbot, named(borrow_tab, "Amount to borrow", QLineEdit), "2000")
    # 5) Borrow: the funds are in the Portfolio and the trade forms at once
    click(qtbot, named(borrow_tab, "Borrow", QPushButton))
    assert ledger_types()[-2:] == ["Borrow", "EntryFee"]
    assert desk.state.account.balance("USDC").available == usdc_before + 2000
    window.show_view(2)
    row = window.portfolio.model.rows.index("USDC")
    assert window.portfolio.model.index(row, 1).data() == "12,000.0000"
    window.spot.form.update_preview()
    assert window.spot.form.details["available"].text() == "12,000.0000 USDC"
    assert overview.values["initial_margin"].text() != "0.00 USD"


def test_the_borrow_tab_is_disabled_while_auto_lend_is_on(window, qtbot):
    window.show_view(1)
    borrow_tab = window.lend.borrow_tab
    window.lend.show_tab(borrow_tab)
    window.overview.auto_lend.trigger()
    assert not borrow_tab.body.isEnabled()
    note = named(borrow_tab, "Borrow tab disabled", QLabel).text()
    assert "Auto Lend is on" in note and "Margin Overview menu" in note
    window.overview.auto_lend.trigger()  # off again: the lends stay, so USDC must be redeemed to borrow it
    assert borrow_tab.body.isEnabled()
    assert "redeem" in named(borrow_tab, "Available to borrow", QLabel).text()


def test_borrow_refusal_and_repay(window, qtbot):
    window.show_view(1)
    borrow_tab = window.lend.borrow_tab
    window.lend.show_tab(borrow_tab)
    before = ledger_types()
    type_into(qtbot, named(borrow_tab, "Amount to borrow", QLineEdit), "1000000")
    click(qtbot, named(borrow_tab, "Borrow", QPushButton))
    assert "INSUFFICIENT_MARGIN" in said(named(borrow_tab, "Borrow message", QLabel))
    assert ledger_types() == before
    type_into(qtbot, named(borrow_tab, "Amount to borrow", QLineEdit), "100")
    click(qtbot, named(borrow_tab, "Borrow", QPushButton))
    click(qtbot, named(borrow_tab, "Max repay", QPushButton))
    click(qtbot, named(borrow_tab, "Repay", QPushButton))
    assert ledger_types()[-1] == "BorrowRepay"
    assert window.session.state.account.balance("USDC").borrowed == 0  # Max = the whole borrow, fee included


def test_lend_and_redeem(window, qtbot):
    window.show_view(1)
    lend_tab = window.lend.lend_tab
    type_into(qtbot, named(lend_tab, "Amount to lend or redeem", QLineEdit), "4000")
    click(qtbot, named(lend_tab, "Lend", QPushButton))
    assert window.session.state.account.balance("USDC").lent == 4000
    pools = window.lend.pools_model
    usdc = pools.rows.index("USDC")
    assert pools.index(usdc, pools.COL_YOURS).data() == "lent 4,000.0000"
    type_into(qtbot, named(lend_tab, "Amount to lend or redeem", QLineEdit), "1000")
    click(qtbot, named(lend_tab, "Redeem", QPushButton))
    assert window.session.state.account.balance("USDC").lent == 3000
    assert ledger_types()[-2:] == ["Lend", "LendRedeem"]


def test_portfolio_totals_equal_the_overview(window, qtbot):
    desk = window.session
    desk.withdraw("ETH", D("0.5"), True)
    desk.place_order("SOL_USDC", "Bid", "Limit", D(10), D(120), True)
    window.show_view(2)
    view = window.portfolio
    v = desk.valuation
    assert view.totals["net_equity"].text() == window.overview.values["net_equity"].text() == f"{usd(v.net_equity)} USD"
    assert sum(desk.state.account.balance(s).holding for s in ("ETH",)) == 0
    assert set(view.model.rows) == {"USDC", "SOL", "ETH"}


def test_history_explains_and_exports_what_happened(window, qtbot, tmp_path, monkeypatch):
    desk = window.session
    desk.place_order("SOL_USDC", "Bid", "Market", D(1), None, False)
    desk.withdraw("ETH", D("0.1"), True)
    window.show_view(3)
    history = window.history
    sentences = [history.model.index(r, 3).data() for r in range(history.model.rowCount())]
    assert any(s.startswith("Order 1 filled: bought 1.00 SOL") for s in sentences)
    assert any(s.startswith("Withdrew 0.1000 ETH (margin withdrawal)") for s in sentences)
    history.use_preset("Liquidations and alerts")
    assert history.model.rowCount() == 0
    history.type_actions["Deposit"].trigger()  # ticked beside the (empty) liquidations and alerts
    assert {history.model.index(r, 1).data() for r in range(history.model.rowCount())} == {"Deposit"}
    history.preset_actions["All events"].trigger()
    target = tmp_path / "history.csv"
    monkeypatch.setattr(QFileDialog, "getSaveFileName", lambda *a, **k: (str(target), ""))
    status = named(history, "Export status", QLabel)
    click(qtbot, named(history, "Export CSV", QPushButton))  # the task is made in the click: wait on its end state
    qtbot.waitUntil(lambda: status.text() != "", timeout=WAIT_MS)  # written when the export ends
    with open(target, newline="", encoding="utf-8") as handle:
        rows = list(csv.reader(handle))
    assert rows[0][:3] == ["time", "type", "symbol"]
    assert [row[1] for row in rows[1:]] == ledger_types()  # oldest first, every event
    assert named(history, "Export status", QLabel).text().startswith(f"Exported {len(rows) - 1} rows")


def test_an_exported_account_imports_with_the_same_figures(window, qtbot, tmp_path, monkeypatch):
    desk = window.session
    desk.withdraw("ETH", D("0.5"), True)
    desk.place_order("SOL_USDC", "Bid", "Limit", D(5), D(120), True)
    figures = desk.valuation
    target = tmp_path / "demo.json"
    monkeypatch.setattr(QFileDialog, "getSaveFileName", lambda *a, **k: (str(target), ""))
    window.export_action.trigger()
    document = json.loads(target.read_text())
    assert document["openOrders"][0]["price"] == "120"
    monkeypatch.setattr(QFileDialog, "getOpenFileName", lambda *a, **k: (str(target), ""))
    monkeypatch.setattr(QInputDialog, "getText", lambda *a, **k: ("Copy", True))
    window.import_action.trigger()
    assert desk.name == "Copy"
    again = desk.valuation
    assert (again.net_equity, again.initial_margin, again.maintenance_margin) == (
        figures.net_equity,
        figures.initial_margin,
        figures.maintenance_margin,
    )
    assert verify_store(AccountService(window.store)).whole


def test_a_broken_file_is_refused_naming_the_field(window, qtbot, tmp_path, monkeypatch):
    broken = tmp_path / "broken.json"
    broken.write_text('{"balances": {"SOL": {"lent": "1", "borrowed": "1"}}}')
    monkeypatch.setattr(QFileDialog, "getOpenFileName", lambda *a, **k: (str(broken), ""))
    monkeypatch.setattr(QInputDialog, "getText", lambda *a, **k: ("Broken", True))
    warnings = []
    from PySide6.QtWidgets import QMessageBox

    monkeypatch.setattr(QMessageBox, "warning", lambda *a: warnings.append(a[2]))
    window.import_action.trigger()
    assert warnings and "balances.SOL.lent" in warnings[0] and "Nothing was imported" in warnings[0]
    assert window.accounts.names() == ["Demo"]


def test_cancelling_a_long_fast_forward_leaves_the_store_whole(window, qtbot):
    desk = window.session
    start = desk.state.time
    task = window.files.fast_forward(hours=200_000)  # started at once: wait on the progress it shows
    progress = window.findChild(QProgressDialog)
    qtbot.waitUntil(lambda: progress.value() > 0, timeout=WAIT_MS)
    with qtbot.waitSignal(task.finished, timeout=WAIT_MS) as finished:
        task.cancel()
    _liquidations, cancelled = finished.args
    assert cancelled
    assert task.wait(WAIT_MS / 1000)
    elapsed = (desk.state.time - start).total_seconds()
    assert elapsed > 0 and elapsed % 3600 == 0 and elapsed < 200_000 * 3600
    assert verify_store(AccountService(window.store)).whole
    assert window.clock_bar.time.text().startswith(desk.state.time.strftime("%Y-%m-%d"))
