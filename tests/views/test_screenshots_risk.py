"""The risk and price-steering windows in both themes at 1024×700 and 1600×1000, rendered to PNG so
they can be looked at: Move price…, the scenario editor with a bad line marked, Risk alerts…, the
question before an order into Danger, and the window after a liquidation (its notice, History with
the alerts). With MARGIN_DESK_SCREENSHOTS=1 they go to resources/screenshots/themes/."""

from __future__ import annotations

from decimal import Decimal as D

from PySide6.QtWidgets import QApplication

from tests.screenshots import AT_BOTH_SIZES, IN_BOTH_THEMES, pick_theme_and_size, save, themes_folder


@IN_BOTH_THEMES
@AT_BOTH_SIZES
def test_risk_windows_in_both_themes_and_sizes(themed_window, qtbot, tmp_path, theme, size):
    window = themed_window
    folder = themes_folder(tmp_path)
    name = pick_theme_and_size(window, theme, size)
    desk = window.session

    dialog = window.prices.move_price()
    dialog.asset.setCurrentText("SOL")
    dialog.move_by.setChecked(True)
    dialog.percent.setValue(-12.5)
    save(dialog, folder, f"move-price-{name}")
    dialog.reject()

    editor = window.prices.edit_scenario()
    editor.editor.setPlainText("# SOL falls, then the market\nSOL -10% over 2h\nthen -5 percent\nALL -20% over 4h\n")
    save(editor, folder, f"scenario-editor-{name}")
    editor.reject()

    alerts = window.open_alerts()
    save(alerts, folder, f"risk-alerts-{name}")
    alerts.reject()

    form = window.spot.form
    form.market_kind.setChecked(True)
    form.margin.setChecked(True)
    form.fill_max()
    form.place()
    QApplication.processEvents()
    save(form.question, folder, f"danger-question-{name}")
    form.question.reject()

    most = desk.max_order_quantity("SOL_USDC", "Bid", None, True)
    desk.place_order("SOL_USDC", "Bid", "Market", (most * D("0.8")).quantize(D("0.01")), None, True)
    desk.use_scenario("SOL -20% over 5h")
    for _ in range(5):
        desk.tick(3600)
    window.show_view(3)
    QApplication.processEvents()
    save(window, folder, f"history-alerts-{name}")
    window.show_view(0)
    save(window, folder, f"liquidated-{name}")
