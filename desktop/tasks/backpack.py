"""Reading a Backpack account off the GUI thread: connect and read the mirror, or import its history.

Progress comes back as ``stepped(what, done, total)``; Cancel is checked before every request (a
request under way ends within its timeout). A failure comes back as one sentence (``problem_sentence``),
never with a traceback and never with the secret. The secret is handed to the worker only to build the
signing key, inside ``open_account_client``; the task keeps no copy.
"""

from __future__ import annotations

import threading
from collections.abc import Callable
from typing import Any

from PySide6.QtCore import QObject, Signal

from ..services.backpack.http import DEFAULT_TIMEOUT

THREAD_NAME = "margin-desk-background"  # the test fixture joins these before the store closes


class Cancelled(Exception):
    """The trader pressed Cancel."""


class AccountTask(QObject):
    stepped = Signal(str, int, int)  # what, done, total
    finished = Signal(object)  # the result; not emitted when cancelled
    failed = Signal(str)  # one sentence
    cancelledDone = Signal()

    def __init__(self, work: Callable[[AccountTask], Any], parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._work = work
        self._cancel = threading.Event()
        self.thread: threading.Thread | None = None

    def start(self) -> None:
        self.thread = threading.Thread(target=self._run, name=THREAD_NAME, daemon=True)
        self.thread.start()

    def cancel(self) -> None:
        self._cancel.set()

    @property
    def cancelled(self) -> bool:
        return self._cancel.is_set()

    def progress(self, what: str, done: int, total: int) -> None:
        if self.cancelled:
            raise Cancelled
        self.stepped.emit(what, done, total)

    def _run(self) -> None:
        from ..services.backpack.mirror import problem_sentence

        try:
            result = self._work(self)
        except Cancelled:
            self.cancelledDone.emit()
            return
        except Exception as error:  # one sentence for the window; never the secret, never a traceback
            if self.cancelled:
                self.cancelledDone.emit()
            else:
                self.failed.emit(problem_sentence(error))
            return
        if self.cancelled:
            self.cancelledDone.emit()
        else:
            self.finished.emit(result)


def read_mirror_task(
    api_key: str, secret: str, base_url: str | None, timeout: float = DEFAULT_TIMEOUT, parent: QObject | None = None
) -> AccountTask:
    """Check the key with one signed read, then read and reconcile the whole account: a MirrorReading."""
    from ..services.backpack.mirror import check_connection, open_account_client, read_mirror

    client = open_account_client(api_key, secret, base_url, timeout)  # BadCredentials / BadBaseUrl at once

    def work(task: AccountTask):
        with client:
            task.progress("checking the key", 0, 1)
            check_connection(client)
            return read_mirror(client, progress=task.progress)

    return AccountTask(work, parent)


def history_task(
    api_key: str, secret: str, base_url: str | None, days: int, timeout: float = DEFAULT_TIMEOUT, parent=None
) -> AccountTask:
    """The last ``days`` days of fills, interest, funding and settlements, paged: a HistoryImport."""
    from ..services.backpack.history import read_history
    from ..services.backpack.mirror import open_account_client

    client = open_account_client(api_key, secret, base_url, timeout)

    def work(task: AccountTask):
        with client:
            return read_history(client, days=days, progress=task.progress)

    return AccountTask(work, parent)
