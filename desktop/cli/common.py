"""What every command shares: reading the user's files, one-line problems, the data directory."""

from __future__ import annotations

import sys

from ..engine import InputError, MarginParameters, load_parameters
from ..engine.json_codec import write_json
from ..engine.numbers import load_json
from ..paths import BUNDLED_SNAPSHOT, resource_file

TYPE_CHECKING = False  # argparse, pathlib and typing cost start-up time: evaluate and apply run without them
if TYPE_CHECKING:
    import argparse
    from pathlib import Path
    from typing import Any

EXIT_BAD_INPUT = 2
EXIT_MISMATCH = 1


class BadInput(Exception):
    """A problem with a file or argument the user gave, already phrased for stderr (exit 2)."""


# The headless store commands raised this name before the split; one class serves both.
CommandProblem = BadInput


def read_json_file(path: str | Path) -> Any:
    try:
        with open(path, encoding="utf-8") as file:
            text = file.read()
    except (OSError, UnicodeDecodeError) as error:
        raise BadInput(f"{path}: cannot read: {getattr(error, 'strerror', None) or error}") from None
    try:
        return load_json(text)
    except ValueError as error:
        raise BadInput(f"{path}: unreadable JSON: {error}") from None


def load_snapshot(path: str | Path | None) -> MarginParameters:
    """The snapshot at ``path``, or the bundled example parameters."""
    source = path or resource_file(BUNDLED_SNAPSHOT)
    raw = read_json_file(source)
    try:
        return load_parameters(raw)
    except InputError as error:
        raise BadInput(f"{source}: {error.field}: {error.problem}") from None


def print_json(value: Any) -> None:
    sys.stdout.write(write_json(value) + "\n")  # json.dumps(value, indent=2, ensure_ascii=False)


def data_directory(arguments: argparse.Namespace) -> Path:
    from pathlib import Path

    from ..paths import user_data_dir  # platformdirs only for the commands that use a store

    return Path(arguments.data_dir) if getattr(arguments, "data_dir", None) else user_data_dir()
