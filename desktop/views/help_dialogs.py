"""The Help menu: How margin works here (F1), Keyboard shortcuts, Backpack's help article, About.

Each dialog is a page that scrolls, so it fits a 1024×700 screen whatever its length."""

from __future__ import annotations

from html import escape
from importlib import metadata

from PySide6.QtCore import QUrl
from PySide6.QtGui import QAction, QDesktopServices, QKeySequence
from PySide6.QtWidgets import QDialog, QDialogButtonBox, QMainWindow, QTextBrowser, QVBoxLayout, QWidget

from .. import APP_NAME, __version__
from ..engine import MODEL_VERSION, MarginParameters
from ..text.formatting import source_label
from .margin_guide import BACKPACK_ARTICLE, guide_html

# (distribution, what it is, licence) for what the installers bundle.
BUNDLED = (
    ("PySide6-Essentials", "Qt for Python", "LGPL-3.0-only"),
    ("Qt", "the Qt 6 libraries (inside PySide6)", "LGPL-3.0-only"),
    ("pyqtgraph", "charts", "MIT"),
    ("numpy", "chart data (with pyqtgraph)", "BSD-3-Clause"),
    ("peewee", "the SQLite store", "MIT"),
    ("platformdirs", "where data and logs go", "MIT"),
    ("httpx", "Backpack's public API", "BSD-3-Clause"),
    ("Python", "the interpreter", "PSF-2.0"),
)

# Keys that belong to widgets, not to menu actions.
WIDGET_KEYS = (
    ("Enter", "Place the order, or go on in a dialog (Continue, Deposit, Withdraw)"),
    ("Esc", "Clear the order form; close a dialog"),
    ("Tab / Shift+Tab", "Next / previous field"),
    ("Arrow keys", "Move through a table (the Markets list changes the market)"),
    ("Space", "Play or pause the clock when no field or button has the focus; else press the button"),
)


def version_of(distribution: str) -> str:
    if distribution == "Python":
        import platform

        return platform.python_version()
    if distribution == "Qt":
        from PySide6.QtCore import qVersion

        return qVersion()
    try:
        return metadata.version(distribution)
    except metadata.PackageNotFoundError:
        return "not installed"


class PageDialog(QDialog):
    """A titled rich-text page with a Close button; links open in the browser."""

    def __init__(self, title: str, html: str, parent: QWidget | None = None, name: str = "") -> None:
        super().__init__(parent)
        self.setWindowTitle(title)
        self.setObjectName(name or title)
        self.page = QTextBrowser()
        self.page.setAccessibleName(title)
        self.page.setOpenExternalLinks(True)
        self.page.setHtml(html)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(self.page, 1)
        layout.addWidget(buttons)
        self.resize(640, 560)


def about_html(parameters: MarginParameters, notes: tuple[str, ...] = ()) -> str:
    versions = {name: version_of(name) for name, _what, _licence in BUNDLED}
    rows = "".join(
        f"<tr><td>{name}</td><td>{versions[name]}</td><td>{what}</td><td>{licence}</td></tr>"
        for name, what, licence in BUNDLED
        if versions[name] != "not installed"
    )
    a = parameters.assumptions
    return (
        f"<h2>{APP_NAME} {__version__}</h2>"
        "<p>A desktop cross-margin workstation on a simulated Backpack-style account.</p>"
        f"<p><b>Margin model:</b> {MODEL_VERSION}<br>"
        f"<b>Parameters in use:</b> {source_label(parameters.source)}, snapshot of "
        f"{parameters.snapshot_time:%Y-%m-%d %H:%M} UTC: {len(parameters.assets)} assets, "
        f"{len(parameters.markets)} markets<br>"
        f"<b>Assumed fees:</b> taker {a.taker_fee * 100:.2f} %, maker {a.maker_fee * 100:.2f} %, "
        f"liquidation {a.liquidation_fee * 100:.0f} %</p>"
        + "".join(f"<p>{escape(note)}</p>" for note in notes if note.startswith("[assumed]"))
        + "<p>Margin Desk is MIT licensed. It bundles:</p>"
        "<table cellpadding='3'><tr><th align='left'>Library</th><th align='left'>Version</th>"
        f"<th align='left'>Used for</th><th align='left'>Licence</th></tr>{rows}</table>"
        "<p>Qt and PySide6 are used under the LGPL v3: you may replace them with your own build.</p>"
    )


def shortcuts_html(window: QMainWindow) -> str:
    rows = []
    for action in sorted(window.findChildren(QAction), key=lambda a: a.objectName()):
        keys = [k.toString(QKeySequence.SequenceFormat.NativeText) for k in action.shortcuts()]
        if keys:
            what = action.text().replace("&", "").rstrip("…")
            rows.append((", ".join(keys), what))
    rows.sort(key=lambda row: (len(row[0]), row[0]))
    rows += list(WIDGET_KEYS)
    body = "".join(f"<tr><td><b>{keys}</b></td><td>{what}</td></tr>" for keys, what in rows)
    return f"<h2>Keyboard shortcuts</h2><table cellpadding='4'>{body}</table>"


class HelpMenu:
    """Builds the Help menu of ``window`` (a MainWindow with a ``session``)."""

    def __init__(self, window) -> None:
        self.window = window
        self.dialog: PageDialog | None = None
        menu = window.menuBar().addMenu("&Help")
        self.guide_action = self._add(menu, "How margin works here", self.show_guide, "F1")
        self.shortcuts_action = self._add(menu, "Keyboard shortcuts", self.show_shortcuts, "Ctrl+/")
        self.article_action = self._add(menu, "Backpack's help article on borrowing", self.open_article)
        menu.addSeparator()
        self.about_action = self._add(menu, f"About {APP_NAME}", self.show_about)
        self.menu = menu

    def _add(self, menu, text: str, slot, shortcut: str | None = None) -> QAction:
        action = QAction(text, self.window)
        action.setObjectName(text)
        if shortcut:
            action.setShortcut(QKeySequence(shortcut))
        action.triggered.connect(slot)
        menu.addAction(action)
        self.window.addAction(action)
        return action

    def _show(self, title: str, html: str) -> PageDialog:
        if self.dialog is not None:
            self.dialog.close()
        self.dialog = PageDialog(title, html, self.window)
        self.dialog.open()
        return self.dialog

    def show_guide(self) -> PageDialog:
        return self._show("How margin works here", guide_html(self.window.session.parameters))

    def show_shortcuts(self) -> PageDialog:
        return self._show("Keyboard shortcuts", shortcuts_html(self.window))

    def show_about(self) -> PageDialog:
        return self._show(
            f"About {APP_NAME}", about_html(self.window.session.parameters, self.window.session.parameter_notes)
        )

    def open_article(self) -> bool:
        return QDesktopServices.openUrl(QUrl(BACKPACK_ARTICLE))
