"""What every command shares: reading the user's files, writing the answer, one-line problems, the
data directory.

Files go through the engine's boundary (``engine.boundary``): regular files only, bounded in size,
strict UTF-8 and strict JSON. Output goes through ``write_output``, which turns a closed, full or
broken standard output into an ``OutputProblem`` (one line on stderr, never a traceback).
"""

from __future__ import annotations

import os
import sys

from ..engine import InputError, MarginParameters, load_parameters
from ..engine.boundary.bounds import MAX_DOCUMENT_BYTES
from ..engine.boundary.files import read_bytes
from ..engine.boundary.files import read_text as read_bounded_text
from ..engine.json_codec import write_json
from ..engine.numbers import load_json
from ..paths import BUNDLED_SNAPSHOT, resource_file

TYPE_CHECKING = False  # argparse, pathlib and typing cost start-up time: evaluate and apply run without them
if TYPE_CHECKING:
    import argparse
    from collections.abc import Iterable
    from pathlib import Path
    from typing import Any

EXIT_BAD_INPUT = 2
EXIT_MISMATCH = 1


class BadInput(Exception):
    """A problem with a file or argument the user gave, already phrased for stderr (exit 2)."""


# The headless store commands raised this name before the split; one class serves both.
CommandProblem = BadInput


class OutputProblem(Exception):
    """Standard output is closed, full or a broken pipe (exit 2, one line on stderr)."""


def problem_of(error: InputError, source: str | Path | None = None) -> BadInput:
    """An InputError as one stderr line: ``source: field: problem`` (the field may already be the source)."""
    if source is None or error.field == str(source):
        return BadInput(f"{error.field}: {error.problem}")
    return BadInput(f"{source}: {error.field}: {error.problem}")


def read_json_file(path: str | Path) -> Any:
    """A JSON document from a regular file (at most 32 MiB), read strictly; BadInput otherwise."""
    try:
        return load_json(read_bytes(path, MAX_DOCUMENT_BYTES), str(path))
    except InputError as error:
        raise problem_of(error) from None


def read_text_file(path: str | Path, limit: int) -> str:
    """A UTF-8 text file (a scenario, a CSV feed) of at most ``limit`` bytes; BadInput otherwise."""
    try:
        return read_bounded_text(path, limit)
    except InputError as error:
        raise problem_of(error) from None


def load_snapshot(path: str | Path | None) -> MarginParameters:
    """The snapshot at ``path``, or the bundled example parameters."""
    source = path or resource_file(BUNDLED_SNAPSHOT)
    raw = read_json_file(source)
    try:
        return load_parameters(raw)
    except InputError as error:
        raise problem_of(error, source) from None


def write_output(parts: str | Iterable[str]) -> None:
    """Write ``parts`` to standard output and flush; a failure is an OutputProblem."""
    stream = sys.stdout
    if stream is None:
        raise OutputProblem("cannot write the output: standard output is closed")
    try:
        for part in [parts] if isinstance(parts, str) else parts:
            stream.write(part)
        stream.flush()
    except BrokenPipeError:
        raise OutputProblem("cannot write the output: the reading end of the pipe was closed") from None
    except (OSError, ValueError) as error:  # ENOSPC, EBADF, a closed or non-UTF-8 stream
        raise OutputProblem(f"cannot write the output: {getattr(error, 'strerror', None) or error}") from None


def flush_output() -> None:
    """Flush what ``print`` left in the buffer, so a failure shows now as an OutputProblem."""
    write_output(())


def silence_output() -> None:
    """After a failed write: point standard output at the null device, so the interpreter's own
    flush at exit cannot fail again and print a second message."""
    try:
        null = os.open(os.devnull, os.O_WRONLY)
        os.dup2(null, sys.stdout.fileno() if sys.stdout is not None else 1)
        os.close(null)
    except (OSError, ValueError, AttributeError):
        pass


def print_json(value: Any) -> None:
    write_output(write_json(value) + "\n")  # json.dumps(value, indent=2, ensure_ascii=False)


def data_directory(arguments: argparse.Namespace) -> Path:
    from pathlib import Path

    from ..paths import user_data_dir  # platformdirs only for the commands that use a store

    return Path(arguments.data_dir) if getattr(arguments, "data_dir", None) else user_data_dir()
