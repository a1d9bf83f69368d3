"""The Futures preview's figures repaint alone, each on its own ground and drawn by Fusion itself (a
tick while an order is typed changes several): the form looks exactly as before, in either theme."""

from __future__ import annotations

import pytest
from PySide6.QtCore import QEvent, QObject
from PySide6.QtWidgets import QApplication, QLineEdit

from desktop.views import perp_preview_box
from desktop.views.perp_order_form import PerpOrderForm
from desktop.views.theme import apply_theme
from tests.views.util import named, type_into
from tests.waits import on_screen


@pytest.fixture
def theme():
    app = QApplication.instance()
    before = app.property("deskTheme") or "light"
    yield lambda name: apply_theme(app, name)
    apply_theme(app, before)


def a_form(qtbot, session) -> PerpOrderForm:
    form = PerpOrderForm(session)
    qtbot.addWidget(form)
    form.resize(380, 440)
    form.show()
    on_screen(qtbot, form)
    type_into(qtbot, named(form, "Quantity", QLineEdit), "5")
    QApplication.processEvents()
    return form


class Paints(QObject):
    def __init__(self) -> None:
        super().__init__()
        self.painted: list[QObject] = []

    def eventFilter(self, watched, event) -> bool:
        if event.type() == QEvent.Type.Paint:
            self.painted.append(watched)
        return False


@pytest.mark.parametrize("name", ["light", "dark"])
def test_the_form_looks_as_before_and_a_new_figure_repaints_its_label_alone(qtbot, window, theme, monkeypatch, name):
    theme(name)
    session = window.session
    with monkeypatch.context() as patch:  # the figures as they were: on the form's ground, in the desk style
        patch.setattr(perp_preview_box, "on_its_own_ground", lambda label: None)
        before = a_form(qtbot, session)
        drawn_before = before.grab().toImage()
        before.close()
    form = a_form(qtbot, session)
    assert form.grab().toImage() == drawn_before

    session.tick(60)  # new figures: some labels grow to their room once (a layout), then stay
    QApplication.processEvents()
    paints = Paints()
    QApplication.instance().installEventFilter(paints)
    try:
        session.tick(60)  # the marks move: margin fraction, IMR, fee and value after read otherwise
        QApplication.processEvents()
    finally:
        QApplication.instance().removeEventFilter(paints)
    assert form.details["margin_fraction"] in paints.painted
    assert form.preview_box not in paints.painted and form not in paints.painted
