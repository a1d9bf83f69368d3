"""Live prices against the loopback Backpack stand-in: ticks with Backpack's marks, the banner and the
status sentence, faults (429, 500, malformed body, timeout) and the server going away and coming back."""

from __future__ import annotations

from decimal import Decimal as D

import pytest

from desktop.services.integrity import verify_store
from tests.waits import WAIT_MS

POLL_SECONDS = 0.1  # instead of 5 s: the test waits on end states, never on the clock


@pytest.fixture
def live_window(window, backpack, monkeypatch):
    monkeypatch.setenv("MARGIN_DESK_BACKPACK_URL", backpack.url)
    window.live.marks_every = POLL_SECONDS
    window.live.timeout = 1.0
    return window


def clock_menu_action(window, text: str):
    menus = {a.text().replace("&", ""): a.menu() for a in window.menuBar().actions() if a.menu()}
    found = [a for a in menus["Clock"].actions() if a.text() == text]
    assert found, f"no {text!r} in the Clock menu"
    return found[0]


def test_offline_by_default(window):
    assert not window.live.on and not window.live_action.isChecked()
    assert window.live_banner.text().startswith("<b>SIMULATED</b> · prices: random walk (seed 1)")
    assert "Example parameters (not live)" in window.live_banner.text()
    assert window.live_status.isHidden()


def test_live_mode_ticks_with_backpack_marks(live_window, qtbot, backpack):
    window = live_window
    window.live_action.trigger()
    assert window.live.on and window.live_action.isChecked() and not window.clock.playing
    qtbot.waitUntil(lambda: window.live.ticks >= 2, timeout=WAIT_MS)
    assert window.session.state.marks["SOL"] == D("150.10")  # SOL_USDC's spot mark on the stand-in
    assert window.session.state.marks["DOGE"] == D("0.40021")  # a perp-only base: its perp's mark
    assert window.session.state.marks["USDC"] == D("1.0001")  # priced by the pool poll's assetMarkPrice
    assert window.live_banner.text().startswith("<b>● LIVE</b> · prices: Backpack mark prices every 0.1 s")
    assert window.live_banner.property("mode") == "live"
    assert window.live_status.isVisible()
    assert window.live_status.sentence.startswith("Live: Backpack marks at ")
    assert window.live_status.sentence.endswith(" ms")
    assert not window.clock_bar.feed.isVisible()
    assert len(backpack.seen("/api/v1/borrowLend/markets")) == 1  # pools once a minute, marks every poll
    assert verify_store(window.accounts._service).whole
    clock_menu_action(window, "Live prices (Backpack)").trigger()
    assert not window.live.on and window.live_status.isHidden()
    assert window.live_banner.text().startswith("<b>SIMULATED</b>")


def test_playing_the_simulated_clock_turns_live_off(live_window, qtbot):
    window = live_window
    window.live_action.trigger()
    qtbot.waitUntil(lambda: window.live.ticks >= 1, timeout=WAIT_MS)
    window.clock_bar.play.click()
    assert window.clock.playing and not window.live.on and not window.live_action.isChecked()
    window.clock.pause()


def test_the_server_going_away_stops_live_prices_then_they_resume(live_window, qtbot, backpack):
    window = live_window
    window.live_action.trigger()
    qtbot.waitUntil(lambda: window.live.ticks >= 1, timeout=WAIT_MS)
    backpack.stop()
    qtbot.waitUntil(lambda: window.live.failures >= 2, timeout=WAIT_MS)
    ticks, state = window.live.ticks, window.session.state
    last = window.live.last_at.strftime("%H:%M:%S")
    assert window.live.problem.startswith("Live prices stopped: GET /api/v1/markPrices: ")
    assert window.live.problem.endswith(f", last at {last}")
    assert window.live_banner.property("mode") == "stopped"
    assert "Live prices stopped" in window.live_banner.text() and "no prices invented" in window.live_banner.text()
    assert window.live_status.sentence.endswith("; trying again in 0.1 s")
    qtbot.waitUntil(lambda: window.live.failures >= 3, timeout=WAIT_MS)
    assert window.live.ticks == ticks and window.session.state == state  # nothing invented while stopped
    backpack.start()  # the same port
    qtbot.waitUntil(lambda: window.live.ticks > ticks, timeout=WAIT_MS)
    assert window.live.problem is None and window.live_banner.property("mode") == "live"
    assert window.live_status.sentence.startswith("Live: Backpack marks at ")


@pytest.mark.parametrize(
    ("fault", "words", "retry"),
    [
        (lambda s: s.fail("/api/v1/markPrices", 429), "HTTP 429 INVALID_CLIENT_REQUEST: Stand-in fault", 0.2),
        (lambda s: s.fail("/api/v1/markPrices", 500), "HTTP 500 SERVER_ERROR: Stand-in fault", 0.1),
        (lambda s: s.truncate("/api/v1/markPrices"), "malformed JSON", 0.1),
        (lambda s: s.delay("/api/v1/markPrices", 30), "no answer within 1 s", 0.1),
    ],
    ids=["429 backs off", "500", "malformed body", "timeout"],
)
def test_a_failed_poll_is_one_sentence_and_live_resumes(live_window, qtbot, backpack, fault, words, retry):
    window = live_window
    fault(backpack)
    window.live_action.trigger()
    qtbot.waitUntil(lambda: window.live.failures >= 1, timeout=WAIT_MS)
    assert window.live.ticks == 0 and window.live.last_at is None
    assert window.live.problem.startswith(f"Live prices stopped: GET /api/v1/markPrices: {words}")
    assert window.live.problem.endswith(", last at never")
    assert window.live_status.sentence.endswith(f"; trying again in {retry:g} s")
    assert "\n" not in window.live_status.sentence
    backpack.release()
    qtbot.waitUntil(lambda: window.live.ticks >= 1, timeout=WAIT_MS)
    assert window.live.problem is None


def test_turning_live_off_never_waits_for_a_request_under_way(live_window, qtbot, backpack):
    window = live_window
    backpack.delay("/api/v1/markPrices", 30)
    window.live_action.trigger()
    qtbot.waitUntil(lambda: len(backpack.seen("/api/v1/markPrices")) == 1, timeout=WAIT_MS)
    poller = window.live.poller
    window.live_action.trigger()  # off while the request waits on the stand-in
    assert not window.live.on and poller.running  # the thread ends by itself, saying nothing more
    state = window.session.state
    backpack.release()
    window.live.shutdown()
    assert not poller.running and window.session.state == state and window.live.ticks == 0
