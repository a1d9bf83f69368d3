"""``apply``'s answer written as it is computed: results go to a spool file as each action ends (an
advance's events hour by hour), then the whole document goes to stdout, byte for byte what
``json.dumps(answer, indent=2)`` would print, in memory that does not grow with the run.

``account`` and ``pools`` come first in the document but are known only at the end, hence the spool
(in memory up to ``SPOOL_IN_MEMORY``, then a temporary file).
"""

from __future__ import annotations

import codecs
import json
import tempfile
from collections.abc import Iterator
from decimal import localcontext
from typing import IO, Any

from ..engine.apply_contract import pools_json, state_json
from ..engine.apply_stream import run_actions
from ..engine.numbers import ENGINE_CONTEXT
from ..engine.parameters import MarginParameters

SPOOL_IN_MEMORY = 8 * 1024 * 1024
CHUNK = 1024 * 1024


def _dumps(value: Any, indent: str) -> str:
    """``value`` as it appears nested at ``indent`` in an ``indent=2`` dump (first line not indented)."""
    return json.dumps(value, indent=2, ensure_ascii=False).replace("\n", "\n" + indent)


class SpooledResults:
    """A ResultSink (``engine.apply_stream``) writing the ``results`` list's items as JSON text."""

    def __init__(self, spool: IO[bytes]) -> None:
        self.spool = spool
        self.count = 0
        self._start = 0
        self._events = 0

    def _write(self, text: str) -> None:
        self.spool.write(text.encode("utf-8"))

    def _separator(self) -> str:
        return "\n    " if self.count == 0 else ",\n    "

    def begin(self) -> None:
        self._start = self.spool.tell()
        self._events = 0
        self._write(self._separator() + '{\n      "ok": true,\n      "events": [')

    def events(self, documents: list[dict[str, Any]]) -> None:
        parts = []
        for document in documents:
            parts.append(("\n        " if self._events == 0 else ",\n        ") + _dumps(document, "        "))
            self._events += 1
        self._write("".join(parts))

    def accepted(self) -> None:
        self._write(("\n      ]" if self._events else "]") + "\n    }")
        self.count += 1

    def refused(self, code: str, message: str) -> None:
        self.spool.seek(self._start)
        self.spool.truncate()
        self._write(self._separator() + _dumps({"ok": False, "error": code, "message": message}, "    "))
        self.count += 1


def streamed_answer(raw_account: Any, raw_actions: Any, parameters: MarginParameters) -> Iterator[str]:
    """The text of ``apply``'s answer, in pieces; InputError before the first piece if a file is bad."""
    spool = tempfile.SpooledTemporaryFile(max_size=SPOOL_IN_MEMORY)
    try:
        results = SpooledResults(spool)
        state = run_actions(raw_account, raw_actions, parameters, results)
        with localcontext(ENGINE_CONTEXT):  # pool rates to the engine's 34 digits, as in engine.apply
            head = (
                '{\n  "account": '
                + _dumps(state_json(state), "  ")
                + ',\n  "pools": '
                + _dumps(pools_json(state, parameters), "  ")
                + ',\n  "results": ['
            )
    except BaseException:
        spool.close()
        raise
    return _pieces(head, spool, results.count)


def _pieces(head: str, spool: IO[bytes], count: int) -> Iterator[str]:
    with spool:
        yield head
        spool.seek(0)
        decoder = codecs.getincrementaldecoder("utf-8")()
        while chunk := spool.read(CHUNK):
            yield decoder.decode(chunk)
        yield decoder.decode(b"", final=True)
        yield ("\n  ]" if count else "]") + "\n}\n"
