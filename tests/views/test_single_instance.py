"""A second Margin Desk on the same data directory brings the running window to the front and exits."""

import os
import subprocess
import sys
from pathlib import Path

from desktop.single_instance import InstanceServer, ask_running_instance, server_name

ROOT = Path(__file__).resolve().parents[2]


def test_the_name_depends_on_the_directory(tmp_path):
    assert server_name(tmp_path / "a") != server_name(tmp_path / "b")
    assert server_name(tmp_path / "a") == server_name(tmp_path / "x" / ".." / "a")


def test_nobody_answers_when_no_window_runs(qtbot, tmp_path):
    assert not ask_running_instance(server_name(tmp_path / "nobody"), wait_ms=500)


def test_a_second_instance_raises_the_first_and_exits(window, qtbot, tmp_path):
    server = window.instance_server
    assert server.listening
    window.showMinimized()
    environment = dict(os.environ, QT_QPA_PLATFORM="offscreen", PYTHONPATH=str(ROOT))
    with qtbot.waitSignal(server.raiseRequested, timeout=60000):
        second = subprocess.Popen(
            [sys.executable, "-m", "desktop", "--data-dir", str(tmp_path / "data")],
            cwd=ROOT,
            env=environment,
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
        )
    out, err = second.communicate(timeout=60)
    assert second.returncode == 0, err
    assert "already open" in err
    assert not window.isMinimized() and window.isVisible()


def test_a_stale_socket_from_a_crash_is_taken_over(qtbot, tmp_path):
    name = server_name(tmp_path / "crashed")
    first = InstanceServer(name)
    assert first.listening
    second = InstanceServer(name)  # as after a crash: the name is taken, nobody holds the lock
    assert second.listening
    second.close()
    first.close()
