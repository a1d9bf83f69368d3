"""Every view and the main dialogs in both themes, at a 1024×700 laptop and at 1600×1000, rendered to
PNG so they can be looked at. With MARGIN_DESK_SCREENSHOTS=1 they go to resources/screenshots/themes/
(the README shows some); otherwise to a temporary directory, so the rendering itself is tested."""

from __future__ import annotations

from PySide6.QtWidgets import QApplication

from tests.screenshots import AT_BOTH_SIZES, IN_BOTH_THEMES, pick_theme_and_size, save, themes_folder
from tests.views.test_screenshots import a_trading_day
from tests.views.util import SOLANA_ADDRESS

VIEWS = ("spot", "lend", "portfolio", "history", "risk")


@IN_BOTH_THEMES
@AT_BOTH_SIZES
def test_every_view_in_both_themes_and_sizes(themed_window, qtbot, tmp_path, theme, size):
    window = themed_window
    folder = themes_folder(tmp_path)
    name = pick_theme_and_size(window, theme, size)
    desk = window.session
    window.spot.ensure_price_chart()
    for _ in range(12):
        desk.tick(1800)
    a_trading_day(desk)
    form = window.spot.form
    form.margin.setChecked(True)
    form.quantity.setText("2")
    form.update_preview()
    window.show_view(1)
    window.lend.show_tab(window.lend.borrow_tab)
    window.lend.borrow_tab.amount.setText("500")
    window.show_view(4)
    window.risk.chart.show_span(None)
    window.spot.price_chart.throttle.flush()
    window.risk.chart.throttle.flush()
    for number, view in enumerate(VIEWS):
        window.show_view(number)
        QApplication.processEvents()
        assert (window.width(), window.height()) == size
        save(window, folder, f"{view}-{name}")
    window.show_view(0)

    dialog = window.open_withdrawal()
    dialog.asset.setCurrentText("USDC")
    dialog.margin.setChecked(True)
    dialog.amount.setText("12000")
    dialog.address.setText(SOLANA_ADDRESS)
    dialog.update_preview()
    save(dialog, folder, f"withdrawal-{name}")
    dialog.address.setText("abc")
    dialog.go_on()
    save(dialog, folder, f"withdrawal-refused-{name}")
    dialog.close()
    window.help.show_guide()
    save(window.help.dialog, folder, f"guide-{name}")
    window.help.dialog.close()
