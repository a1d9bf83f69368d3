"""``margin-desk fetch-params``: Backpack's public parameters and prices as a snapshot file.

The snapshot goes to ``--out`` (written whole or not at all) or to stdout; one summary line goes to
stderr. A failure to read Backpack exits 1 with one line naming the endpoint and what went wrong;
a bad argument exits 2 like every command.
"""

from __future__ import annotations

import argparse
import json
import os
import sys
import tempfile
from pathlib import Path

from .common import BadInput

EXIT_FETCH_FAILED = 1


def run(arguments: argparse.Namespace) -> int:
    from ..services.backpack.errors import BackpackError, BadBaseUrl
    from ..services.backpack.http import Transport
    from ..services.backpack.public import PublicClient
    from ..services.backpack.snapshot import SnapshotRejected, fetch_snapshot

    timeout = seconds(arguments.timeout)
    try:
        transport = Transport(arguments.base_url, timeout=timeout)
    except BadBaseUrl as problem:
        raise BadInput(str(problem)) from None
    try:
        with PublicClient(transport) as client:
            snapshot, summary = fetch_snapshot(client)
    except (BackpackError, SnapshotRejected) as problem:
        return fail(str(problem))
    except KeyboardInterrupt:
        return fail("interrupted; nothing written")
    text = json.dumps(snapshot, indent=2, ensure_ascii=False) + "\n"
    if arguments.out:
        try:
            write_atomically(Path(arguments.out), text)
        except OSError as error:
            return fail(f"cannot write {arguments.out}: {error.strerror or error}; nothing written")
    else:
        sys.stdout.write(text)
    sys.stderr.write(summary.line() + "\n")
    return 0


def fail(problem: str) -> int:
    from ..engine.boundary.text import printable

    sys.stderr.write(f"margin-desk: {printable(' '.join(problem.split()), 600)}\n")  # one line, no escape codes
    return EXIT_FETCH_FAILED


def seconds(text: str) -> float:
    """``--timeout``: a plainly written number of seconds, ASCII digits only (``float()`` alone takes
    "1_0", other scripts' digits, "inf" and "nan"), greater than 0 and at most a day."""
    from ..engine.boundary.number_text import decimal_from_text

    number = decimal_from_text(text)
    if number is None or not 0 < number <= 86_400:
        raise BadInput(f"--timeout: must be a number of seconds greater than 0 and at most 86400, got {describe(text)}")
    return float(number)


def describe(value: object) -> str:
    from ..engine.boundary.text import describe as described

    return described(value)


def write_atomically(path: Path, text: str, mode: int | None = None) -> None:
    """A temporary file beside ``path``, then a rename: readers see the old file or the new one, whole.

    ``mode`` (e.g. 0o600 for an account) is set before the rename; by default the file keeps the mode it
    had, or a new file's usual one."""
    directory = path.parent if str(path.parent) else Path(".")
    handle, temporary = tempfile.mkstemp(dir=directory, prefix=f".{path.name}.", suffix=".part")
    try:
        with os.fdopen(handle, "w", encoding="utf-8") as file:
            file.write(text)
            file.flush()
            os.fsync(file.fileno())
        os.chmod(temporary, mode if mode is not None else _mode_for(path))
        os.replace(temporary, path)
    except BaseException:
        Path(temporary).unlink(missing_ok=True)
        raise


def _mode_for(path: Path) -> int:
    """The mode the file has, or a new file's usual mode (mkstemp makes 0600)."""
    try:
        return path.stat().st_mode & 0o777
    except OSError:
        mask = os.umask(0)
        os.umask(mask)
        return 0o666 & ~mask
