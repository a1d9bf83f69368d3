"""``margin-desk fetch-account``: a real Backpack account, read-only, as ACCOUNT.json, reconciled.

The secret comes from ``--secret-file`` only (never the command line), which must not be readable by
group or others. ACCOUNT.json goes to ``--out`` (default ``ACCOUNT.json``), written whole or not at
all with mode 0600; stdout gets the reconciliation ``{"backpack", "engine", "difference", …}``; stderr
one summary line. A refused signature, a clock too far off, or any failure to read exits 1 with one
line; a bad argument or secret file exits 2.
"""

from __future__ import annotations

import argparse
import base64
import json
import os
import stat
import sys
from pathlib import Path

from .common import BadInput
from .fetch_params import fail, seconds, write_atomically

PRIVATE_MODE = 0o600


def read_secret_file(path: str) -> str:
    """The secret, once the file is known to be private to its owner."""
    try:
        status = os.stat(path)
    except OSError as error:
        if _looks_like_a_secret(path):  # never echo what may be the secret itself
            raise BadInput(
                "--secret-file: no such file; it names a file that holds the secret, not the secret"
            ) from None
        raise BadInput(f"--secret-file {path}: cannot read: {error.strerror or error}") from None
    if not stat.S_ISREG(status.st_mode):
        raise BadInput(f"--secret-file {path}: not a regular file")
    if os.name == "posix" and status.st_mode & 0o077:
        raise BadInput(
            f"--secret-file {path} is readable or writable by group or others (mode {stat.S_IMODE(status.st_mode):04o}); "
            f"refusing to use it: run chmod 600 {path}"
        )
    try:
        text = Path(path).read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as error:
        raise BadInput(
            f"--secret-file {path}: cannot read: {getattr(error, 'strerror', None) or 'not UTF-8 text'}"
        ) from None
    secret = text.strip()
    if not secret:
        raise BadInput(f"--secret-file {path}: empty")
    return secret


def _looks_like_a_secret(text: str) -> bool:
    try:
        return len(base64.b64decode(text.strip(), validate=True)) in (32, 64)
    except ValueError:
        return False


def run(arguments: argparse.Namespace) -> int:
    from ..services.backpack.errors import BackpackError, BadBaseUrl
    from ..services.backpack.mirror import MappingRejected, open_account_client, read_mirror
    from ..services.backpack.signing import BadCredentials
    from ..services.backpack.snapshot import SnapshotRejected

    timeout = seconds(arguments.timeout)
    secret = read_secret_file(arguments.secret_file)
    try:
        client = open_account_client(arguments.api_key, secret, arguments.base_url, timeout)
    except BadCredentials as problem:
        raise BadInput(f"--api-key/--secret-file: {problem}") from None
    except BadBaseUrl as problem:
        raise BadInput(str(problem)) from None
    del secret
    try:
        with client:
            reading = read_mirror(client)
    except (BackpackError, SnapshotRejected, MappingRejected) as problem:
        return fail(str(problem))
    except KeyboardInterrupt:
        return fail("interrupted; nothing written")
    out = Path(arguments.out)
    text = json.dumps(reading.document, indent=2, ensure_ascii=False) + "\n"
    try:
        write_atomically(out, text, mode=PRIVATE_MODE)
    except OSError as error:
        return fail(f"cannot write {out}: {error.strerror or error}; nothing written")
    sys.stdout.write(json.dumps(reading.reconciliation.as_json(), indent=2, ensure_ascii=False) + "\n")
    sys.stderr.write(f"{reading.summary_line()}; wrote {out}\n")
    return 0
