"""A read-only store that holds no account: the window says so (nothing can be created in it), with the
read-only banner, rather than failing."""

from __future__ import annotations

from html import escape

from PySide6.QtCore import Qt
from PySide6.QtGui import QKeySequence
from PySide6.QtWidgets import QLabel, QMainWindow, QVBoxLayout, QWidget

from .. import APP_NAME
from .store_banner import banner_text


class EmptyStoreWindow(QMainWindow):
    def __init__(self, reason: str, directory, unreadable: bool = False, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle(f"No accounts — {APP_NAME}")
        self.setObjectName("mainWindow")
        self.resize(720, 360)
        self.banner = QLabel(banner_text(reason, directory))
        self.banner.setToolTip(reason)
        self.banner.setObjectName("storeBanner")
        self.banner.setAccessibleName("Read-only store")
        self.banner.setWordWrap(True)
        self.banner.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        what = "no account in it can be read" if unreadable else "it holds no accounts"
        self.empty = QLabel(
            f"<p><b>There is no account to show: {what}.</b></p><p>{escape(str(directory))} is open read-only, "
            "so no account (not even the Demo) can be created in it. Open another data directory with "
            "<code>margin-desk --data-dir DIR</code>, or restore a backup of this one.</p>"
        )
        self.empty.setObjectName("emptyStore")
        self.empty.setAccessibleName("No accounts")
        self.empty.setWordWrap(True)
        self.empty.setAlignment(Qt.AlignmentFlag.AlignCenter)
        central = QWidget()
        layout = QVBoxLayout(central)
        layout.addWidget(self.banner)
        layout.addWidget(self.empty, 1)
        self.setCentralWidget(central)
        menu = self.menuBar().addMenu("&File")
        self.quit_action = menu.addAction("Quit", self.close)
        self.quit_action.setShortcut(QKeySequence.StandardKey.Quit)
