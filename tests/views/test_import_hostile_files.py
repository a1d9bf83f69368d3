"""The window's Import account… reads its file through the boundary, as the command line does: a FIFO,
a device, a directory or a broken file is refused in one message naming the file, never a hang, a
MemoryError or a traceback, and nothing is imported (issue 19, items 14 and 18)."""

import json
import os

import pytest
from PySide6.QtWidgets import QFileDialog, QInputDialog, QMessageBox

from tests.hostile import tried


def _fifo(tmp_path):
    if not hasattr(os, "mkfifo"):
        pytest.skip("no FIFOs on this platform")
    path = tmp_path / "account.json"
    os.mkfifo(path)  # no writer: a blocking read would wait for ever
    return str(path)


def _written(content: bytes):
    def make(tmp_path):
        path = tmp_path / "account.json"
        path.write_bytes(content)
        return str(path)

    return make


def _device(name: str):
    def make(_tmp_path):
        if not os.path.exists(name):
            pytest.skip(f"no {name} here")
        return name

    return make


HOSTILE_FILES = [
    pytest.param(_fifo, "not a regular file", id="FIFO"),
    pytest.param(_device("/dev/zero"), "not a regular file", id="/dev/zero"),
    pytest.param(_device("/dev/urandom"), "not a regular file", id="/dev/urandom"),
    pytest.param(lambda tmp_path: str(tmp_path), "a directory", id="directory"),
    pytest.param(lambda tmp_path: str(tmp_path / "missing.json"), "cannot read", id="missing"),
    pytest.param(_written(b'{"time": "2026-01-01T00:00:00Z", \xff}'), "not UTF-8", id="not UTF-8"),
    pytest.param(_written(b"[" * 5000 + b"]" * 5000), "nested", id="nested 5,000 deep"),
    pytest.param(_written(b'{"time": "a", "time": "b"}'), "appears twice", id="duplicate key"),
    pytest.param(_written(b'{"balances": NaN}'), "unreadable JSON", id="NaN"),
    pytest.param(_written(b'{"\x1b[31mred\nline": 1'), "unreadable JSON", id="escape codes, truncated"),
]


@pytest.mark.parametrize(("make", "said"), HOSTILE_FILES)
def test_a_hostile_file_is_refused_in_one_message_and_nothing_is_imported(window, tmp_path, monkeypatch, make, said):
    tried("window files")
    path = make(tmp_path)
    monkeypatch.setattr(QFileDialog, "getOpenFileName", lambda *a, **k: (path, ""))
    asked = []
    monkeypatch.setattr(QInputDialog, "getText", lambda *a, **k: asked.append(a) or ("Hostile", True))
    warnings = []
    monkeypatch.setattr(QMessageBox, "warning", lambda *a: warnings.append(a[2]))
    window.import_action.trigger()
    assert len(warnings) == 1, warnings
    message = warnings[0]
    assert said in message and path in message and "Nothing was imported" in message
    assert message.isprintable() and "\x1b" not in message  # one line, no escape codes
    assert not asked  # refused before the name is asked for
    assert window.accounts.names() == ["Demo"]


def test_duplicate_order_ids_are_a_message_not_an_integrity_error(window, tmp_path, monkeypatch):
    """Item 21: two open orders with one id raised IntegrityError out of this handler."""
    tried("window files")
    order = {"id": "7", "symbol": "SOL_USDC", "side": "Bid", "price": "100", "quantity": "1", "margin": False}
    document = {
        "time": "2026-11-20T00:00:00Z",
        "balances": {"USDC": {"available": "10000", "locked": "200.16"}},
        "openOrders": [order, order],
    }
    path = tmp_path / "twice.json"
    path.write_text(json.dumps(document))
    monkeypatch.setattr(QFileDialog, "getOpenFileName", lambda *a, **k: (str(path), ""))
    monkeypatch.setattr(QInputDialog, "getText", lambda *a, **k: ("Twice", True))
    warnings = []
    monkeypatch.setattr(QMessageBox, "warning", lambda *a: warnings.append(a[2]))
    window.import_action.trigger()
    assert len(warnings) == 1 and "openOrders[1]" in warnings[0] and "Nothing was imported" in warnings[0], warnings
    assert window.accounts.names() == ["Demo"]
