"""``apply``'s answer written as it is computed: results go to a spool as each action ends (an
advance's events hour by hour), then the whole document goes to stdout, byte for byte what
``json.dumps(answer, indent=2, ensure_ascii=False)`` would print, in memory that does not grow with
the run.

``account`` and ``pools`` come first in the document but are known only at the end, hence the spool:
in memory up to ``SPOOL_IN_MEMORY``, then a temporary file (``tempfile`` is imported only then: it
costs start-up time).
"""

from __future__ import annotations

import codecs
import io
from decimal import localcontext

from ..engine.apply_contract import pools_json, state_json
from ..engine.apply_stream import run_actions
from ..engine.json_codec import write_json
from ..engine.numbers import ENGINE_CONTEXT

TYPE_CHECKING = False  # typing costs start-up time; these names are for the type checker
if TYPE_CHECKING:
    from collections.abc import Iterator
    from typing import IO, Any

    from ..engine.parameters import MarginParameters

SPOOL_IN_MEMORY = 8 * 1024 * 1024
CHUNK = 1024 * 1024


def _dumps(value: Any, indent: str) -> str:
    """``value`` as it appears nested at ``indent`` in an ``indent=2`` dump (first line not indented)."""
    return write_json(value).replace("\n", "\n" + indent)


class Spool:
    """Bytes in memory, moved to a temporary file once they pass ``SPOOL_IN_MEMORY``."""

    def __init__(self) -> None:
        self.file: IO[bytes] = io.BytesIO()
        self.on_disk = False

    def write(self, data: bytes) -> None:
        if not self.on_disk and self.file.tell() + len(data) > SPOOL_IN_MEMORY:
            import tempfile

            spilled = tempfile.TemporaryFile()
            spilled.write(self.file.getvalue())  # type: ignore[attr-defined]
            self.file, self.on_disk = spilled, True
        self.file.write(data)

    def tell(self) -> int:
        return self.file.tell()

    def cut(self, position: int) -> None:
        self.file.seek(position)
        self.file.truncate()

    def chunks(self) -> Iterator[bytes]:
        self.file.seek(0)
        while chunk := self.file.read(CHUNK):
            yield chunk

    def close(self) -> None:
        self.file.close()


class SpooledResults:
    """A ResultSink (``engine.apply_stream``) writing the ``results`` list's items as JSON text."""

    def __init__(self, spool: Spool) -> None:
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
        self.spool.cut(self._start)
        self._write(self._separator() + _dumps({"ok": False, "error": code, "message": message}, "    "))
        self.count += 1


def streamed_answer(raw_account: Any, raw_actions: Any, parameters: MarginParameters) -> Iterator[str]:
    """The text of ``apply``'s answer, in pieces; InputError before the first piece if a file is bad."""
    spool = Spool()
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


def _pieces(head: str, spool: Spool, count: int) -> Iterator[str]:
    try:
        yield head
        decoder = codecs.getincrementaldecoder("utf-8")()
        for chunk in spool.chunks():
            yield decoder.decode(chunk)
        yield decoder.decode(b"", final=True)
        yield ("\n  ]" if count else "]") + "\n}\n"
    finally:
        spool.close()
